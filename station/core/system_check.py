# SPDX-License-Identifier: Apache-2.0
"""The start-up check: what system parts the station can use, and what to install when one is
missing.

The station starts without any of these and says what it lacks, what still works and the
command that adds it (Debian/Ubuntu's ``apt-get``; Homebrew on macOS); it never shows a
traceback for a missing library. The parts: zbar (the camera's second decoder), a TrueType
CJK font (Chinese on labels and reports), the xcb libraries Qt needs for a window on X11, and
the PostgreSQL client library (libpq) for sync when psycopg's own binary is not installed.

Messages are sentences in English or Chinese (:func:`message_language`). The check reads the
dynamic linker's cache (``/etc/ld.so.cache``, else ``ldconfig -p``) and runs on the caller's
thread in a few milliseconds; it never imports Qt, nor ctypes where that cache answers.
"""

from __future__ import annotations

import importlib.util
import os
import struct
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from msgspec import Struct

# labels.fonts.DEFAULT_CJK_FONTS, which labels and reports use, then Windows' and macOS' own
# (importing ``labels`` here would load reportlab and Pillow at every start).
CJK_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:/Windows/Fonts/simhei.ttf",
    "C:/Windows/Fonts/msyh.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc",
)

# What Qt's xcb platform plugin loads, by shared-object name, and the Debian package with it.
QT_XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}
ZBAR = ("libzbar.so.0", "libzbar0")
LIBPQ = ("libpq.so.5", "libpq5")
CJK_FONT_PACKAGE = "fonts-wqy-zenhei"

# (English, Chinese): what is missing and what the station does without it.
LOSSES = {
    "zbar": (
        "The zbar library is missing, so the camera reads barcodes with zxing-cpp alone.",
        "缺少 zbar 库，摄像头只用 zxing-cpp 识读条码。",
    ),
    "font": (
        "No Chinese (CJK) TrueType font is installed, so Chinese text on labels and reports is "
        "printed as question marks.",
        "未安装中文（CJK）TrueType 字体，标签和报表上的中文将打印为问号。",
    ),
    "xcb": (
        "Qt's X11 libraries are missing ({names}), so the window cannot open on an X11 "
        "screen; Wayland, the offscreen self-test and the headless station still work.",
        "缺少 Qt 的 X11 库（{names}），窗口无法在 X11 屏幕上打开；Wayland、离屏自检和无界面模式仍可使用。",
    ),
    "libpq": (
        "The PostgreSQL client library (libpq) is missing, so the station cannot sync with the "
        "central database; it keeps every scan and syncs once the library is there.",
        "缺少 PostgreSQL 客户端库（libpq），无法与中央数据库同步；所有扫描都会保留，装好后即可同步。",
    ),
}
ADD_IT = ("Add {it} with: {command}", "安装命令：{command}")
REST_WORKS = (
    "Everything else works without {it}.",
    "其余功能都不受影响。",
)


class MissingPart(Struct, frozen=True):
    """One missing part: its key in :data:`LOSSES`, the packages that add it and the names
    shown to the user."""

    key: str
    packages: tuple[str, ...]
    names: tuple[str, ...] = ()


def message_language(setting: str = "auto", environ: dict[str, str] | None = None) -> str:
    """``zh`` or ``en``: the setting, or for ``auto`` the locale of the environment."""
    if setting in ("zh", "en"):
        return setting
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        if env.get(name):
            return "zh" if env[name].lower().startswith("zh") else "en"
    return "en"


LINKER_CACHE = Path("/etc/ld.so.cache")
_CACHE_MAGIC = b"glibc-ld.so.cache1.1"
_CACHE_HEADER = 48  # magic and version, nlibs, len_strings, flags, extension offset, unused
_CACHE_ENTRY = struct.Struct("=iIIIQ")  # flags, key, value, osversion, hwcap


def linker_cache_names(data: bytes) -> frozenset[str] | None:
    """The library names in a dynamic linker cache file of glibc's format 1.1 (what
    ``ldconfig -p`` lists), or None when ``data`` is in another format. Each entry's key is
    the offset of its name from the start of that format's header (glibc's dl-cache.h)."""
    start = data.find(_CACHE_MAGIC)  # an old-format table may come first (glibc < 2.32)
    if start < 0 or len(data) < start + _CACHE_HEADER:
        return None
    try:
        (count,) = struct.unpack_from("=I", data, start + len(_CACHE_MAGIC))
        table = data[start + _CACHE_HEADER : start + _CACHE_HEADER + count * _CACHE_ENTRY.size]
        if len(table) != count * _CACHE_ENTRY.size:
            return None
        names = []
        for _flags, key, *_rest in _CACHE_ENTRY.iter_unpack(table):
            name_at = start + key
            names.append(data[name_at : data.index(b"\0", name_at)])
    except (struct.error, ValueError):
        return None
    return frozenset(name.decode("utf-8", "replace") for name in names)


def installed_libraries() -> frozenset[str] | None:
    """The shared-object names the dynamic linker knows: read from its cache file (no process
    at every start), else asked of ``ldconfig -p``; ``None`` where neither answers (not
    Linux, no ldconfig)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        cached = linker_cache_names(LINKER_CACHE.read_bytes())
    except OSError:
        cached = None
    if cached:
        return cached
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            done = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=10, check=False
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return frozenset(
                line.split()[0] for line in done.stdout.splitlines()[1:] if line.strip()
            )
    return None


def _has_library(soname: str, libraries: frozenset[str] | None) -> bool:
    if libraries is not None:
        return soname in libraries
    import ctypes.util  # loads libffi: only where the linker's cache cannot be read

    return ctypes.util.find_library(soname.removeprefix("lib").split(".so")[0]) is not None


def _has_zbar(libraries: frozenset[str] | None) -> bool:
    if libraries is not None:  # pyzbar there and its library too; importing it costs a process
        try:
            return ZBAR[0] in libraries and importlib.util.find_spec("pyzbar") is not None
        except ValueError:  # a half-imported pyzbar
            return False
    try:
        from pyzbar import pyzbar  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


def _has_cjk_font(fonts: Iterable[str]) -> bool:
    return any(Path(p).is_file() for p in fonts)


def find_missing(
    libraries: frozenset[str] | None = None,
    *,
    linux: bool | None = None,
    fonts: Iterable[str] = CJK_FONTS,
) -> list[MissingPart]:
    """The missing parts, given the linker's library names (read here when ``None``) and the
    font files to look for."""
    linux = sys.platform.startswith("linux") if linux is None else linux
    if libraries is None and linux:
        libraries = installed_libraries()
    missing = []
    if not _has_zbar(libraries):
        missing.append(MissingPart("zbar", (ZBAR[1],), ("zbar",)))
    if not _has_cjk_font(fonts):
        missing.append(MissingPart("font", (CJK_FONT_PACKAGE,)))
    if linux:
        missing += _missing_xcb(libraries)
        if importlib.util.find_spec("psycopg_binary") is None and not _has_library(
            LIBPQ[0], libraries
        ):
            missing.append(MissingPart("libpq", (LIBPQ[1],), ("libpq",)))
    return missing


def _missing_xcb(libraries: frozenset[str] | None) -> list[MissingPart]:
    xcb = [(so, deb) for so, deb in QT_XCB_LIBRARIES.items() if not _has_library(so, libraries)]
    if not xcb:
        return []
    names = tuple(so.split(".so")[0] for so, _ in xcb)
    return [MissingPart("xcb", tuple(deb for _, deb in xcb), names)]


def install_command(
    part: MissingPart, *, linux: bool | None = None, root: bool | None = None
) -> str:
    """The command that adds ``part``: apt-get on Linux (with sudo unless root), Homebrew's
    zbar on macOS, or nothing where the part comes with the station (Windows)."""
    linux = sys.platform.startswith("linux") if linux is None else linux
    if linux:
        root = (os.geteuid() == 0) if root is None else root
        return f"{'' if root else 'sudo '}apt-get install {' '.join(part.packages)}"
    if sys.platform == "darwin" and part.key == "zbar":
        return "brew install zbar"
    return ""


def describe(parts: Iterable[MissingPart], lang: str = "en", **where: bool) -> list[str]:
    """One sentence per part, in ``lang``: what is lost and the command that adds it; then one
    saying that the rest works."""
    index = 1 if lang == "zh" else 0
    lines = []
    for part in parts:
        loss = LOSSES[part.key][index].format(names=", ".join(part.names))
        command = install_command(part, **where)
        it = "it" if len(part.packages) == 1 else "them"
        add = ADD_IT[index].format(it=it, command=command)
        lines.append(f"{loss}{'' if lang == 'zh' else ' '}{add}" if command else loss)
    if lines:
        it = "it" if len(lines) == 1 else "them"
        lines.append(REST_WORKS[index].format(it=it))
    return lines


def missing_parts(lang: str = "en") -> list[str]:
    """The start-up check's sentences for this machine, in ``lang`` (none when all is there)."""
    return describe(find_missing(), lang)


def window_blocker(lang: str = "en") -> str | None:
    """Why a window cannot open here, or None."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal", "vnc") or not sys.platform.startswith("linux"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        if lang == "zh":
            return "未找到显示器（DISPLAY 未设置）；没有屏幕时可设置 QT_QPA_PLATFORM=offscreen 试用窗口。"
        return "no display found (DISPLAY is not set); to try the window without a screen set QT_QPA_PLATFORM=offscreen"
    if platform in ("", "xcb") and not os.environ.get("WAYLAND_DISPLAY"):
        xcb = _missing_xcb(installed_libraries())
        if xcb:
            return describe(xcb, lang)[0]
    return None
