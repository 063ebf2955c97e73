# SPDX-License-Identifier: Apache-2.0
"""Coverage-guided fuzzing (atheris) of the parsers that take bytes from outside.

    python tests/fuzz/fuzz_parsers.py -runs=200000          # a longer run, by hand
    python tests/fuzz/fuzz_parsers.py -max_total_time=3600   # the soak of docs/reliability.md

Targets, chosen by the first input byte: the serial framer and frame check, the GS1/AIM
parser, the scan-script line splitter, the station's own scan interpretation, the R2000 RFID
frame parser and EPC decoding. Each must return a result or a clear refusal for any input;
any other exception is a finding.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from drivers.barcode_serial import FramingConfig, LineFramer, Rejected, interpret_frame
    from drivers.epc import decode_epc
    from drivers.gs1 import parse_scan
    from drivers.rfid_frames import Frame, FrameParser
    from drivers.rfid_frames import interpret as interpret_rfid
    from drivers.scan_script import parse_script_line
    from station.core.scan_meaning import interpret


def _serial(data: bytes) -> None:
    framer = LineFramer(FramingConfig(suffix="cr", max_len=256))
    now = 0.0
    for chunk in (data[i : i + 7] for i in range(0, len(data), 7)):
        now += 0.001
        for item in framer.feed(chunk, now):
            if not isinstance(item, Rejected):
                result = interpret_frame(item, aim="auto")
                assert isinstance(result, Rejected | tuple)


def _gs1(data: bytes) -> None:
    text = data.decode("latin-1")
    result = parse_scan(text)
    assert (result.error is None) or result.error.message
    parse_scan(text, aim="]C1")


def _script(data: bytes) -> None:
    for line in data.decode("utf-8", "replace").splitlines():
        parse_script_line(line)


def _meaning(data: bytes) -> None:
    meaning = interpret(data.decode("utf-8", "replace"))
    assert meaning.kind in {"command", "badge", "location", "gtin", "gs1", "text", "invalid"}


def _r2000(data: bytes) -> None:
    parser = FrameParser()
    for item in parser.feed(data, 0.0):
        if isinstance(item, Frame):
            interpret_rfid(item, 0.0)


def _epc(data: bytes) -> None:
    decode_epc(data)
    decode_epc(data.hex())


TARGETS = (_serial, _gs1, _script, _meaning, _r2000, _epc)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    TARGETS[data[0] % len(TARGETS)](data[1:])


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
