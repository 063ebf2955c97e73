# SPDX-License-Identifier: Apache-2.0
"""What system libraries the station can use, and what to install when one is missing.

The station starts without any of these and says what it lacks; it never shows a traceback
for a missing library.
"""

from __future__ import annotations

import ctypes.util
import sys
from pathlib import Path

CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)


def _has_zbar() -> bool:
    try:
        from pyzbar import pyzbar  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def missing_parts() -> list[str]:
    """One line per missing part: what is lost and how to get it."""
    notes = []
    if not _has_zbar():
        notes.append(
            "zbar library missing: camera decoding uses zxing-cpp alone "
            "(Debian/Ubuntu: apt-get install libzbar0; macOS: brew install zbar; Windows: bundled)"
        )
    if not any(Path(p).exists() for p in CJK_FONTS):
        notes.append(
            "no CJK TrueType font: Chinese text on labels and reports falls back to Latin "
            "(Debian/Ubuntu: apt-get install fonts-wqy-zenhei)"
        )
    if sys.platform.startswith("linux") and ctypes.util.find_library("xcb-cursor") is None:
        notes.append(
            "libxcb-cursor missing: Qt cannot open a window on X11 "
            "(Debian/Ubuntu: apt-get install libxcb-cursor0)"
        )
    return notes


def window_blocker() -> str | None:
    """Why a window cannot open here, or None."""
    import os

    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal", "vnc") or not sys.platform.startswith("linux"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return "no display found (DISPLAY is not set); to try the window without a screen set QT_QPA_PLATFORM=offscreen"
    if (
        platform in ("", "xcb")
        and not os.environ.get("WAYLAND_DISPLAY")
        and ctypes.util.find_library("xcb-cursor") is None
    ):
        return "libxcb-cursor0 is missing, so Qt cannot open a window on X11: apt-get install libxcb-cursor0"
    return None
