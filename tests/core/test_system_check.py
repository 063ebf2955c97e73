# SPDX-License-Identifier: Apache-2.0
"""The start-up check names each missing part, the command that adds it on Debian/Ubuntu and
what still works, in English and in Chinese; on a complete machine it says nothing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from station.core.system_check import (
    LIBPQ,
    LINKER_CACHE,
    QT_XCB_LIBRARIES,
    ZBAR,
    describe,
    find_missing,
    installed_libraries,
    linker_cache_names,
    message_language,
)

EVERYTHING = frozenset([*QT_XCB_LIBRARIES, ZBAR[0], LIBPQ[0]])


def _font(tmp_path: Path) -> list[str]:
    font = tmp_path / "wqy-zenhei.ttc"
    font.write_bytes(b"ttcf")
    return [str(font)]


def test_a_bare_machine_hears_each_part_with_its_command_and_that_the_rest_works() -> None:
    parts = find_missing(frozenset(), linux=True, fonts=["/nonexistent/font.ttc"])
    lines = describe(parts, "en", linux=True, root=False)
    zbar, font, xcb, *rest = lines
    assert "zbar" in zbar and zbar.endswith("Add it with: sudo apt-get install libzbar0")
    assert "Chinese" in font and font.endswith("sudo apt-get install fonts-wqy-zenhei")
    assert "libxcb-cursor" in xcb and "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in xcb
    assert "headless station still work" in xcb
    if importlib.util.find_spec("psycopg_binary") is None:  # psycopg then needs libpq
        assert "PostgreSQL" in rest[0] and rest[0].endswith("sudo apt-get install libpq5")
    assert rest[-1] == "Everything else works without them."


def test_only_what_is_missing_is_named_and_root_needs_no_sudo(tmp_path: Path) -> None:
    libraries = EVERYTHING - {"libxcb-cursor.so.0"}
    lines = describe(
        find_missing(libraries, linux=True, fonts=_font(tmp_path)), "en", linux=True, root=True
    )
    assert lines == [
        "Qt's X11 libraries are missing (libxcb-cursor), so the window cannot open on an X11 "
        "screen; Wayland, the offscreen self-test and the headless station still work. "
        "Add it with: apt-get install libxcb-cursor0",
        "Everything else works without it.",
    ]


def test_the_sentences_are_chinese_when_the_station_speaks_chinese(tmp_path: Path) -> None:
    lines = describe(
        find_missing(EVERYTHING - {ZBAR[0]}, linux=True, fonts=_font(tmp_path)),
        "zh",
        linux=True,
        root=False,
    )
    assert lines == [
        "缺少 zbar 库，摄像头只用 zxing-cpp 识读条码。安装命令：sudo apt-get install libzbar0",
        "其余功能都不受影响。",
    ]


def test_a_complete_machine_hears_nothing(tmp_path: Path) -> None:
    assert describe(find_missing(EVERYTHING, linux=True, fonts=_font(tmp_path)), "en") == []


def test_the_language_follows_the_setting_then_the_locale() -> None:
    assert message_language("zh", {}) == "zh"
    assert message_language("auto", {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert message_language("auto", {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}) == "en"
    assert message_language("auto", {}) == "en"


def test_the_linker_cache_is_read_on_this_machine() -> None:
    libraries = installed_libraries()
    if sys.platform.startswith("linux"):
        assert libraries is not None and "libc.so.6" in libraries


def test_the_linker_cache_file_names_what_ldconfig_lists() -> None:
    """The cache file read directly (no process at start) names the same libraries as
    ``ldconfig -p``, whose last line is a note about the cache, not a library."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the dynamic linker's cache is Linux's")
    ldconfig = next(p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if Path(p).is_file())
    listed = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=True)
    names = {line.split()[0] for line in listed.stdout.splitlines()[1:] if "=>" in line}
    assert linker_cache_names(LINKER_CACHE.read_bytes()) == names


def test_a_cache_file_in_another_format_is_not_read() -> None:
    assert linker_cache_names(b"ld.so-1.7.0\0" + bytes(64)) is None
    assert linker_cache_names(b"glibc-ld.so.cache1.1" + b"\xff" * 30) is None
