# SPDX-License-Identifier: Apache-2.0
"""Sending labels to a printer addressed by URL.

URL format:

* ``raw+socket://host[:port][?dpi=203]`` — ZPL over a raw TCP socket (port 9100 default).
* ``file:///abs/path/out.zpl`` or ``file:///abs/path/out.pdf`` — write a file; the format
  comes from the extension (``.zpl``/``.txt`` = ZPL, ``.pdf`` = PDF). ``file://out.zpl``
  (no third slash) is a path relative to the working directory.
* ``lp://queue[?format=pdf|zpl][&dpi=300]`` — CUPS via the ``lp`` command; PDF by default,
  ``format=zpl`` sends ZPL as a raw job (``-o raw``). ``lp://`` without a queue uses the
  CUPS default printer.
* ``serial+zpl:///dev/ttyUSB0?baud=9600`` (``serial+zpl://COM3``) — ZPL down a serial line,
  opened with pyserial's ``serial_for_url``, so its URLs work too:
  ``serial+zpl://socket://host:port`` (a serial-to-TCP bridge), ``serial+zpl://rfc2217://...``.

options: ``dpi`` (203, 300, 600; ZPL, default 203; a PDF given a ``dpi`` is drawn in that
printer's whole dots and checked against its tables there), ``format`` (``lp://`` only),
``timeout`` (seconds, default 10); ``serial+zpl://`` also takes ``baud`` (9600),
``bytesize`` (8), ``parity`` (N, E, O), ``stopbits`` (1, 2) and ``flow`` (``xonxoff``
default, ``rtscts``, ``none``), which must match the printer's port settings.

Contracts:

* :func:`parse_printer_url` validates without touching the network or the file system
  (like a driver's ``do_not_open``) and raises :class:`PrinterError` for a bad URL.
* :func:`print_labels` renders first, then sends; any transport failure (refused
  connection, time-out, unwritable path, ``lp`` missing or failing) raises
  :class:`PrinterError` (an ``OSError``) with a message fit for an operator. It blocks
  for up to ``timeout`` seconds: call it off the UI thread.
"""

from __future__ import annotations

import io
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

import serial

from labels.model import SUPPORTED_DPI, LabelSpec
from labels.printer_profiles import DEFAULT_PROFILE, PrinterProfile

__all__ = [
    "PrinterError",
    "PrinterTarget",
    "parse_printer_url",
    "print_labels",
    "render_for",
    "send_bytes",
]

Format = Literal["zpl", "pdf"]
DEFAULT_RAW_PORT = 9100


class PrinterError(OSError):
    """The label could not be delivered; the message says where and why."""


@dataclass(frozen=True)
class PrinterTarget:
    """A parsed printer URL."""

    scheme: Literal["raw+socket", "file", "lp", "serial+zpl"]
    format: Format
    dpi: int = 203
    host: str = ""
    port: int = DEFAULT_RAW_PORT
    path: Path | None = None
    queue: str = ""
    timeout: float = 10.0
    serial_port: str = ""
    serial_options: tuple[tuple[str, str], ...] = ()
    dpi_given: bool = False
    """``dpi=`` was in the URL: a PDF is then drawn in that printer's whole dots."""


def _option(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


_SERIAL_OPTIONS = {"baud", "bytesize", "parity", "stopbits", "flow"}


def _common(url: str, query: dict[str, list[str]], extra: set[str]) -> tuple[int, float]:
    unknown = set(query) - {"dpi", "format", "timeout"} - extra
    if unknown:
        raise PrinterError(f"{url}: unknown option(s) {', '.join(sorted(unknown))}")
    try:
        dpi = int(_option(query, "dpi") or 203)
        timeout = float(_option(query, "timeout") or 10.0)
    except ValueError as exc:
        raise PrinterError(f"{url}: bad dpi or timeout ({exc})") from None
    if dpi not in SUPPORTED_DPI:
        raise PrinterError(f"{url}: dpi must be one of {SUPPORTED_DPI}")
    if timeout <= 0:
        raise PrinterError(f"{url}: timeout must be positive")
    return dpi, timeout


def parse_printer_url(url: str) -> PrinterTarget:
    """Parse and validate a printer URL (see the module docstring); no I/O."""
    if url.lower().startswith("serial+zpl://"):
        return _parse_serial(url)
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    dpi, timeout = _common(url, query, set())
    given = "dpi" in query
    fmt = _option(query, "format")
    if fmt is not None and parts.scheme != "lp":
        raise PrinterError(f"{url}: format= is only for lp:// (file:// uses the extension)")
    if parts.scheme == "raw+socket":
        if not parts.hostname:
            raise PrinterError(f"{url}: raw+socket:// needs a host, e.g. raw+socket://printer:9100")
        try:
            port = parts.port or DEFAULT_RAW_PORT
        except ValueError:
            raise PrinterError(f"{url}: bad port") from None
        return PrinterTarget(
            "raw+socket", "zpl", dpi, parts.hostname, port, timeout=timeout, dpi_given=given
        )
    if parts.scheme == "file":
        netloc = "" if parts.netloc in ("", "localhost") else parts.netloc
        raw_path = unquote(netloc + parts.path)
        if not raw_path:
            raise PrinterError(f"{url}: file:// needs a path, e.g. file:///tmp/out.zpl")
        path = Path(raw_path)
        suffix = path.suffix.lower()
        if suffix not in (".zpl", ".txt", ".pdf"):
            raise PrinterError(f"{url}: file name must end in .zpl, .txt or .pdf")
        file_fmt: Format = "pdf" if suffix == ".pdf" else "zpl"
        return PrinterTarget("file", file_fmt, dpi, path=path, timeout=timeout, dpi_given=given)
    if parts.scheme == "lp":
        if fmt not in (None, "pdf", "zpl"):
            raise PrinterError(f"{url}: format must be pdf or zpl")
        lp_fmt: Format = "zpl" if fmt == "zpl" else "pdf"
        queue = unquote(parts.netloc + parts.path).strip("/")
        return PrinterTarget("lp", lp_fmt, dpi, queue=queue, timeout=timeout, dpi_given=given)
    raise PrinterError(
        f"{url}: unsupported printer URL; use raw+socket://host:9100, file:///path/out.zpl|.pdf, "
        "lp://queue or serial+zpl:///dev/ttyUSB0"
    )


def _parse_serial(url: str) -> PrinterTarget:
    rest = url[len("serial+zpl://") :]
    port_part, _, query_text = rest.partition("?")
    port = unquote(port_part)
    if not port:
        raise PrinterError(f"{url}: serial+zpl:// needs a port, e.g. serial+zpl:///dev/ttyUSB0")
    query = parse_qs(query_text, keep_blank_values=True)
    if "format" in query:
        raise PrinterError(f"{url}: format= is only for lp:// (serial printers take ZPL)")
    dpi, timeout = _common(url, query, _SERIAL_OPTIONS)
    options = {k: _option(query, k) or "" for k in sorted(_SERIAL_OPTIONS & set(query))}
    checks = {
        "baud": lambda v: v.isdigit() and int(v) > 0,
        "bytesize": lambda v: v in ("5", "6", "7", "8"),
        "parity": lambda v: v.upper() in ("N", "E", "O", "M", "S"),
        "stopbits": lambda v: v in ("1", "1.5", "2"),
        "flow": lambda v: v in ("xonxoff", "rtscts", "none"),
    }
    for name, value in options.items():
        if not checks[name](value):
            raise PrinterError(f"{url}: bad {name}={value!r}")
    return PrinterTarget(
        "serial+zpl",
        "zpl",
        dpi,
        timeout=timeout,
        serial_port=port,
        serial_options=tuple(options.items()),
    )


def render_for(
    target: PrinterTarget, specs: Iterable[LabelSpec], profile: PrinterProfile = DEFAULT_PROFILE
) -> bytes:
    """The bytes ``target`` expects for ``specs`` (ZPL as ASCII, or a PDF: in whole dots when
    the URL gave a ``dpi``), shifted by the
    profile's calibration offset (its size and margins are applied when building specs). The
    renderers load on first use: parsing URLs and sending bytes never need them."""
    from labels.pdf import render_pdf
    from labels.zpl import render_zpl

    if target.format == "zpl":
        return render_zpl(specs, target.dpi, offset=profile.offset).encode("ascii")
    out = io.BytesIO()
    dpi = target.dpi if target.dpi_given else None
    render_pdf(specs, out, offset=profile.offset, dpi=dpi)
    return out.getvalue()


_serial_lock = threading.Lock()  # one job at a time per process on a serial line


def _send_serial(target: PrinterTarget, data: bytes) -> None:
    opts = dict(target.serial_options)
    where = f"serial+zpl://{target.serial_port}"
    flow = opts.get("flow", "xonxoff")
    try:
        with (
            _serial_lock,
            serial.serial_for_url(
                target.serial_port,
                baudrate=int(opts.get("baud", "9600")),
                bytesize=int(opts.get("bytesize", "8")),
                parity=opts.get("parity", "N").upper(),
                stopbits=float(opts.get("stopbits", "1")),
                xonxoff=flow == "xonxoff",
                rtscts=flow == "rtscts",
                timeout=target.timeout,
                write_timeout=target.timeout,
            ) as port,
        ):
            port.write(data)
            port.flush()
    except serial.SerialTimeoutException:
        raise PrinterError(
            f"{where}: printer did not take the data within {target.timeout:g} s"
        ) from None
    except (serial.SerialException, OSError, ValueError) as exc:
        raise PrinterError(f"{where}: cannot send to printer ({exc})") from None


def _send_socket(target: PrinterTarget, data: bytes) -> None:
    where = f"raw+socket://{target.host}:{target.port}"
    try:
        with socket.create_connection((target.host, target.port), timeout=target.timeout) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
    except TimeoutError:
        raise PrinterError(f"{where}: printer did not answer within {target.timeout:g} s") from None
    except OSError as exc:
        raise PrinterError(f"{where}: cannot send to printer ({exc.strerror or exc})") from None


def _write_file(target: PrinterTarget, data: bytes) -> None:
    assert target.path is not None
    try:
        target.path.write_bytes(data)
    except OSError as exc:
        raise PrinterError(f"file://{target.path}: cannot write ({exc.strerror or exc})") from None


def _send_lp(target: PrinterTarget, data: bytes) -> None:
    lp = shutil.which("lp")
    if lp is None:
        raise PrinterError(
            "lp://: the CUPS 'lp' command is not installed (apt install cups-client)"
        )
    cmd = [lp, "-s"]
    if target.queue:
        cmd += ["-d", target.queue]
    if target.format == "zpl":
        cmd += ["-o", "raw"]
    try:
        done = subprocess.run(
            cmd, input=data, capture_output=True, timeout=target.timeout, check=False
        )
    except subprocess.TimeoutExpired:
        raise PrinterError(
            f"lp://{target.queue}: lp did not finish in {target.timeout:g} s"
        ) from None
    except OSError as exc:
        raise PrinterError(f"lp://{target.queue}: cannot run lp ({exc})") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or f"exit {done.returncode}"
        raise PrinterError(f"lp://{target.queue}: {detail}")


def send_bytes(target: PrinterTarget, data: bytes) -> None:
    """Deliver already rendered bytes to ``target``; PrinterError when it does not take them."""
    if target.scheme == "raw+socket":
        _send_socket(target, data)
    elif target.scheme == "file":
        _write_file(target, data)
    elif target.scheme == "serial+zpl":
        _send_serial(target, data)
    else:
        _send_lp(target, data)


def print_labels(
    specs: Iterable[LabelSpec], url: str, *, profile: PrinterProfile = DEFAULT_PROFILE
) -> None:
    """Render ``specs`` for the printer at ``url`` and send them (see module docstring).

    ``profile`` adds the printer's calibration offset; build the specs with
    :func:`labels.printer_profiles.build_for_printer` to also use its stock size and margins.
    """
    target = parse_printer_url(url)
    send_bytes(target, render_for(target, specs, profile))
