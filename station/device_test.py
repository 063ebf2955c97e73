# SPDX-License-Identifier: Apache-2.0
"""``station devices``: list what is attached, or print the next scans of one device."""

from __future__ import annotations

import sys
import time

from drivers.discovery import list_devices
from drivers.registry import reader_for_url
from drivers.scan_script import encode_scan_text


def list_devices_lines() -> list[str]:
    lines = []
    for info in list_devices():
        note = f"  ({info.error})" if getattr(info, "error", None) else ""
        lines.append(f"{info.kind:8} {info.url:40} {info.label}{note}")
    return lines or [
        "no devices found; a keyboard-wedge scanner needs no URL (it types into the window)"
    ]


def test_device(url: str, *, count: int, timeout: float) -> int:
    """Open ``url`` and print up to ``count`` scans within ``timeout`` seconds."""
    reader = reader_for_url(url)
    seen = 0
    deadline = time.monotonic() + timeout
    try:
        print(f"listening on {url} for {timeout:.0f} s ...", file=sys.stderr)
        while seen < count and time.monotonic() < deadline:
            event = reader.read_event(timeout=min(0.5, max(0.0, deadline - time.monotonic())))
            if event is None:
                continue
            seen += 1
            print(
                f"{event.symbology or '-':14} {event.aim or '-':4} {encode_scan_text(event.text)}",
                flush=True,
            )
    finally:
        reader.close()
    if not seen:
        print("no scan received", file=sys.stderr)
    return 0 if seen else 1
