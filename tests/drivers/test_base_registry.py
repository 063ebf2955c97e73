# SPDX-License-Identifier: Apache-2.0
"""The driver interface, the scheme table and the URL grammar, and their documentation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers import registry
from drivers.barcode_serial import SerialScanner
from drivers.base import DeviceError, DeviceState, DeviceStatus, Reader, ScanEvent
from drivers.fake import FakeReader, ReplayReader
from drivers.registry import (
    DeviceUrl,
    known_schemes,
    reader_for_url,
    register_lazy,
    register_scheme,
)

ROOT = Path(__file__).resolve().parents[2]
OWN_SCHEMES = {"serial", "loop", "socket", "hwgrep", "spy", "rfc2217", "fake", "replay"}


class DummyReader:
    scheme = "dummy"
    kind = "barcode"

    def __init__(self, url: str) -> None:
        self.url = url
        self.opened = False

    def open(self) -> None:
        self.opened = True

    def close(self) -> None:
        self.opened = False

    def read_event(self, timeout: float) -> ScanEvent | None:
        return None

    def is_connected(self) -> bool:
        return self.opened

    def status(self) -> DeviceStatus:
        return DeviceStatus(DeviceState.CONNECTED if self.opened else DeviceState.CLOSED)


def test_scan_event_is_frozen_with_barcode_default() -> None:
    event = ScanEvent("fake://", "gs1-128", "]C1", b"]C101", "01", 1.0)
    assert event.kind == "barcode"
    with pytest.raises(AttributeError):  # frozen
        event.text = "x"  # type: ignore[misc]


def test_device_error_message_and_url() -> None:
    error = DeviceError("cannot open the scanner", url="serial:///dev/ttyACM0")
    assert str(error) == "cannot open the scanner"
    assert error.url == "serial:///dev/ttyACM0"


def test_builtin_readers_satisfy_the_protocol(tmp_path: Path) -> None:
    assert isinstance(SerialScanner("loop://"), Reader)
    assert isinstance(FakeReader("fake://"), Reader)
    assert isinstance(ReplayReader(f"replay://{tmp_path}/x.txt"), Reader)
    assert {SerialScanner.scheme, FakeReader.scheme, ReplayReader.scheme} == {
        "serial",
        "fake",
        "replay",
    }


def test_known_schemes_include_ours() -> None:
    assert OWN_SCHEMES <= set(known_schemes())
    assert known_schemes() == sorted(known_schemes())


@pytest.mark.parametrize("url", ["", "not a url", "/dev/ttyACM0", "://x", "bogus://x"])
def test_bad_url_lists_known_schemes(url: str) -> None:
    with pytest.raises(DeviceError) as info:
        reader_for_url(url, do_not_open=True)
    assert "serial://" in str(info.value) and "fake://" in str(info.value)


def test_scheme_is_case_insensitive() -> None:
    assert isinstance(reader_for_url("FAKE://?scans=A", do_not_open=True), FakeReader)


def test_register_scheme_and_do_not_open() -> None:
    register_scheme("dummy", DummyReader)
    try:
        closed = reader_for_url("dummy://x", do_not_open=True)
        assert isinstance(closed, DummyReader) and not closed.opened
        opened = reader_for_url("dummy://x")
        assert isinstance(opened, DummyReader) and opened.opened
        assert "dummy" in known_schemes()
    finally:
        registry._factories.pop("dummy", None)


def test_lazy_module_registers_on_first_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lazy_test_driver.py").write_text(
        "from drivers.fake import FakeReader\n"
        "from drivers.registry import register_scheme\n"
        "register_scheme('lazytest', lambda url: FakeReader('fake://?scans=LAZY'))\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(registry.LAZY_MODULES, "lazytest", "lazy_test_driver")
    monkeypatch.delitem(sys.modules, "lazy_test_driver", raising=False)
    try:
        assert "lazytest" in known_schemes()
        reader = reader_for_url("lazytest://")
        event = reader.read_event(1.0)
        assert event is not None and event.text == "LAZY"
    finally:
        registry._factories.pop("lazytest", None)
        sys.modules.pop("lazy_test_driver", None)


def test_planned_driver_not_installed_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    register_lazy("planned+thing", "drivers.no_such_driver_module")
    try:
        assert "planned+thing" not in known_schemes()
        with pytest.raises(DeviceError, match="not installed"):
            reader_for_url("planned+thing://COM4", do_not_open=True)
    finally:
        registry.LAZY_MODULES.pop("planned+thing", None)


def test_device_url_parsing_and_options() -> None:
    parsed = DeviceUrl.parse("serial:///dev/ttyACM0?baud=9600&prefix=%02&flag=yes")
    assert (parsed.scheme, parsed.path) == ("serial", "/dev/ttyACM0")
    assert parsed.integer("baud", 1) == 9600
    assert parsed.text("prefix", "") == "\x02"
    assert parsed.flag("flag", False) is True
    parsed.finish()
    assert DeviceUrl.parse("serial://COM4").path == "COM4"
    assert DeviceUrl.parse("hwgrep://0c2e:&n=1?suffix=cr").path == "0c2e:&n=1"
    assert DeviceUrl.parse("camera://clips/a%3Fb.avi?fps=0").path == "clips/a?b.avi"
    bad = DeviceUrl.parse("fake://?intervall=1")
    with pytest.raises(DeviceError, match=r"unknown option\(s\) intervall"):
        bad.finish()
    with pytest.raises(DeviceError, match="whole number"):
        DeviceUrl.parse("fake://?n=1.5").integer("n", 0)


def test_every_scheme_is_documented() -> None:
    text = (ROOT / "docs" / "devices.md").read_text(encoding="utf-8")
    for scheme in known_schemes():
        assert f"`{scheme}://" in text, scheme
    for planned in ("camera", "rfid+r2000", "rfid+tsl", "rfid+lines"):
        assert f"`{planned}://" in text, planned


def test_drivers_do_not_import_station_sync_or_qt() -> None:
    modules = [
        "drivers.base",
        "drivers.registry",
        "drivers.barcode_serial",
        "drivers.wedge",
        "drivers.fake",
        "drivers.discovery",
        "drivers.emulators.serial_scanner",
    ]
    code = (
        "import sys\n"
        "sys.modules['PySide6'] = None\n"
        f"for m in {modules!r}: __import__(m)\n"
        "top = {m.split('.')[0] for m, mod in sys.modules.items() if mod is not None}\n"
        "bad = top & {'station', 'sync', 'PySide6'}\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, timeout=60)
