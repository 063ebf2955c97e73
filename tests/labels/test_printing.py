# SPDX-License-Identifier: Apache-2.0
"""Printer URLs: parsing, file output, raw socket delivery and CUPS lp, without hardware."""

from __future__ import annotations

import os
import socket
import stat
import threading
from pathlib import Path

import pytest

from labels import PrinterError, batch_label, parse_printer_url, print_labels, printing, render_zpl
from labels.samples import SAMPLE_BATCH
from tests.labels.fake_printer import FakePrinter

SPEC = batch_label(SAMPLE_BATCH)


def test_parse_urls() -> None:
    t = parse_printer_url("raw+socket://printer")
    assert (t.scheme, t.host, t.port, t.format, t.dpi) == (
        "raw+socket",
        "printer",
        9100,
        "zpl",
        203,
    )
    t = parse_printer_url("raw+socket://10.0.0.5:6101?dpi=300&timeout=2.5")
    assert (t.port, t.dpi, t.timeout) == (6101, 300, 2.5)
    t = parse_printer_url("file:///tmp/out.pdf")
    assert (t.format, t.path) == ("pdf", Path("/tmp/out.pdf"))
    assert parse_printer_url("file://out.zpl").path == Path("out.zpl")
    t = parse_printer_url("lp://Zebra_ZD421?format=zpl&dpi=300")
    assert (t.queue, t.format, t.dpi) == ("Zebra_ZD421", "zpl", 300)
    assert parse_printer_url("lp://").queue == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://printer/", "unsupported"),
        ("raw+socket://", "needs a host"),
        ("raw+socket://p?dpi=250", "dpi"),
        ("raw+socket://p?color=1", "unknown option"),
        ("raw+socket://p:99999", "bad port"),
        ("file:///tmp/out.png", "must end in"),
        ("file://", "needs a path"),
        ("file:///tmp/x.zpl?format=pdf", "only for lp"),
        ("lp://q?format=ps", "pdf or zpl"),
    ],
)
def test_bad_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(PrinterError, match=message):
        parse_printer_url(url)


def test_file_urls_write_zpl_and_pdf(tmp_path: Path) -> None:
    print_labels([SPEC], f"file://{tmp_path}/out.zpl?dpi=300")
    assert (tmp_path / "out.zpl").read_text(encoding="ascii") == render_zpl([SPEC], 300)
    print_labels([SPEC], f"file://{tmp_path}/out.pdf")
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
    with pytest.raises(PrinterError, match="cannot write"):
        print_labels([SPEC], f"file://{tmp_path}/missing-dir/out.zpl")


def test_raw_socket_delivers_the_zpl() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    received = bytearray()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            while chunk := conn.recv(65536):
                received.extend(chunk)

    worker = threading.Thread(target=serve)
    worker.start()
    try:
        print_labels([SPEC], f"raw+socket://127.0.0.1:{port}")
    finally:
        worker.join(timeout=10)
        server.close()
    assert received.decode("ascii") == render_zpl([SPEC], 203)


def test_raw_socket_refused_connection_is_a_printer_error() -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(PrinterError, match=f"raw\\+socket://127.0.0.1:{port}"):
        print_labels([SPEC], f"raw+socket://127.0.0.1:{port}?timeout=2")


def test_lp_missing_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(printing.shutil, "which", lambda name: None)
    with pytest.raises(PrinterError, match="'lp' command is not installed"):
        print_labels([SPEC], "lp://labels")


def _fake_lp(tmp_path: Path, exit_code: int = 0) -> Path:
    script = tmp_path / "lp"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > "{tmp_path}/args"\n'
        f'cat > "{tmp_path}/job"\n'
        f'[ {exit_code} -eq 0 ] || echo "lp: The printer or class does not exist." >&2\n'
        f"exit {exit_code}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_lp_sends_raw_zpl_or_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    _fake_lp(tmp_path)
    print_labels([SPEC], "lp://zebra?format=zpl")
    assert (tmp_path / "args").read_text().split() == ["-s", "-d", "zebra", "-o", "raw"]
    assert (tmp_path / "job").read_bytes() == render_zpl([SPEC]).encode("ascii")
    print_labels([SPEC], "lp://")
    assert (tmp_path / "args").read_text().split() == ["-s"]
    assert (tmp_path / "job").read_bytes().startswith(b"%PDF-")


def test_lp_failure_message_is_passed_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    _fake_lp(tmp_path, exit_code=1)
    with pytest.raises(PrinterError, match="does not exist"):
        print_labels([SPEC], "lp://nope")


# --- serial printers -----------------------------------------------------------------------


def test_parse_serial_urls() -> None:
    t = parse_printer_url("serial+zpl:///dev/ttyUSB0?baud=19200&parity=E&flow=rtscts&dpi=300")
    assert (t.scheme, t.serial_port, t.format, t.dpi) == ("serial+zpl", "/dev/ttyUSB0", "zpl", 300)
    assert dict(t.serial_options) == {"baud": "19200", "parity": "E", "flow": "rtscts"}
    assert parse_printer_url("serial+zpl://COM3").serial_port == "COM3"
    assert parse_printer_url("serial+zpl://socket://10.0.0.9:4001").serial_port == (
        "socket://10.0.0.9:4001"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("serial+zpl://", "needs a port"),
        ("serial+zpl:///dev/ttyUSB0?baud=fast", "bad baud"),
        ("serial+zpl:///dev/ttyUSB0?flow=maybe", "bad flow"),
        ("serial+zpl:///dev/ttyUSB0?speed=9600", "unknown option"),
        ("serial+zpl:///dev/ttyUSB0?format=pdf", "only for lp"),
    ],
)
def test_bad_serial_urls_are_refused_clearly(url: str, message: str) -> None:
    with pytest.raises(PrinterError, match=message):
        parse_printer_url(url)


def test_serial_printer_gets_the_zpl_through_pyserial() -> None:
    with FakePrinter() as printer:  # a serial-to-TCP bridge, through pyserial's socket://
        print_labels([SPEC], f"serial+zpl://socket://127.0.0.1:{printer.port}?baud=9600")
        assert printer.wait_for(1)
    assert printer.text() == render_zpl([SPEC], 203)


def test_missing_serial_port_is_a_printer_error() -> None:
    with pytest.raises(PrinterError, match="serial\\+zpl:///dev/ttyNOPE0: cannot send"):
        print_labels([SPEC], "serial+zpl:///dev/ttyNOPE0?timeout=1")
