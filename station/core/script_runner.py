# SPDX-License-Identifier: Apache-2.0
"""``station script``: run a scan script through the engine without a window.

The grammar is in docs/scripts.md (lines are split by ``drivers.scan_script``). The whole
file is checked before anything runs: a malformed line stops the run with exit code 2 and
``FILE:LINE: reason`` on stderr. Otherwise every meaningful line gives one JSON object.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from drivers.scan_script import ScriptLine, encode_scan_text, parse_script_line

from .clock import ManualClock, station_timezone
from .demo_seed import seed_demo
from .engine.inputs import (
    Choose,
    InputEvent,
    Outcome,
    Pin,
    Qty,
    RfidRead,
    RfidRound,
    Scan,
    TextInput,
)
from .engine.session import Engine
from .store.database import Store

EPC_RE = re.compile(r"^[0-9A-Fa-f]{8,124}$")


class ScriptError(Exception):
    """A malformed script; ``str`` is ``FILE:LINE: reason``."""


@dataclass(frozen=True)
class Step:
    line_no: int
    line: ScriptLine
    value: Any = None  # parsed argument: Decimal, int, datetime, tuple of reads ...


def _pin(line: ScriptLine, tz: tzinfo) -> str:
    if len(line.args) != 1 or not line.args[0].isdigit():
        raise ValueError("@pin takes one PIN of digits, e.g. @pin 1234")
    return line.args[0]


def _qty(line: ScriptLine, tz: tzinfo) -> str:
    """The quantity exactly as typed: the engine checks it (and refuses ``abc`` or ``1e9``
    with its message), as it does for the keypad."""
    if not line.rest:
        raise ValueError("@qty takes the quantity as typed on the keypad, e.g. @qty 12.5")
    return line.rest


def _choose(line: ScriptLine, tz: tzinfo) -> int:
    if len(line.args) != 1 or not line.args[0].isdigit() or int(line.args[0]) < 1:
        raise ValueError("@choose takes a number from 1, e.g. @choose 2")
    return int(line.args[0])


def _clock(line: ScriptLine, tz: tzinfo) -> datetime:
    try:
        when = datetime.fromisoformat(line.rest)
    except ValueError:
        raise ValueError(
            f"@clock takes an ISO 8601 time, e.g. 2026-11-24T09:30:00+08:00 (got {line.rest!r})"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=tz)


def _wait(line: ScriptLine, tz: tzinfo) -> int:
    if len(line.args) != 1 or not line.args[0].isdigit():
        raise ValueError("@wait takes milliseconds, e.g. @wait 250")
    return int(line.args[0])


def _device(line: ScriptLine, tz: tzinfo) -> str:
    if not line.rest:
        raise ValueError("@device takes a device URL")
    return line.rest


def _restart(line: ScriptLine, tz: tzinfo) -> None:
    if line.rest:
        raise ValueError("@restart takes no arguments")


DIRECTIVE_CHECKS: dict[str, Callable[[ScriptLine, tzinfo], Any]] = {
    "pin": _pin,
    "qty": _qty,
    "choose": _choose,
    "text": lambda line, tz: line.rest,
    "rfid": lambda line, tz: _parse_rfid(line.args),
    "clock": _clock,
    "wait": _wait,
    "device": _device,
    "restart": _restart,
}


def _check_directive(line: ScriptLine, tz: tzinfo) -> Any:
    check = DIRECTIVE_CHECKS.get(line.name)
    if check is None:
        raise ValueError(f"unknown directive @{line.name}")
    return check(line, tz)


def _parse_rfid(args: tuple[str, ...]) -> tuple[RfidRead, ...]:
    if not args:
        raise ValueError("@rfid takes one or more EPC[:RSSI[:ANTENNA]]")
    reads = []
    for token in args:
        parts = token.split(":")
        if len(parts) > 3 or not EPC_RE.match(parts[0]) or len(parts[0]) % 2:
            raise ValueError(
                f"bad RFID read {token!r}: EPC is hex (even length), then :RSSI and :ANTENNA"
            )
        try:
            rssi = float(parts[1]) if len(parts) > 1 and parts[1] else None
            antenna = int(parts[2]) if len(parts) > 2 and parts[2] else None
        except ValueError:
            raise ValueError(
                f"bad RFID read {token!r}: RSSI is a number, ANTENNA a whole number"
            ) from None
        reads.append(RfidRead(parts[0].upper(), rssi, antenna))
    return tuple(reads)


def parse_script(text: str, name: str = "<script>", tz: tzinfo | None = None) -> list[Step]:
    """Check and split a whole script; raises :class:`ScriptError` on the first bad line."""
    tz = tz or station_timezone()
    steps: list[Step] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = parse_script_line(raw)
        if line is None:
            continue
        if line.kind == "error":
            raise ScriptError(f"{name}:{number}: {line.message}")
        value = None
        if line.kind == "directive":
            try:
                value = _check_directive(line, tz)
            except ValueError as exc:
                raise ScriptError(f"{name}:{number}: {exc}") from None
        steps.append(Step(number, line, value))
    return steps


def shown_input(step: Step) -> str:
    """The line as echoed in output, PINs masked."""
    if step.line.kind == "scan":
        return encode_scan_text(step.line.text)
    if step.line.name == "pin":
        return "@pin " + "*" * len(str(step.value))
    return f"@{step.line.name} {step.line.rest}".rstrip()


@contextmanager
def _demo_store(reference: datetime) -> Iterator[Store]:
    with tempfile.TemporaryDirectory(prefix="station-script-") as tmp:
        store = Store.open(Path(tmp) / "script.db", station_id="ST-SCRIPT")
        try:
            seed_demo(store, reference.date(), reference.tzinfo or station_timezone())
            yield store
        finally:
            store.close()


@contextmanager
def _given_store(path: Path) -> Iterator[Store]:
    store = Store.open(path)
    try:
        yield store
    finally:
        store.close()


def run_script(
    steps: list[Step],
    emit: Callable[[dict[str, Any]], None],
    *,
    db: Path | None = None,
    tz: tzinfo | None = None,
    engine_factory: Callable[[Store, ManualClock], Engine] | None = None,
    settings: Mapping[str, Any] | None = None,
) -> None:
    """Run checked ``steps``; ``emit`` gets one JSON-able object per step. ``settings``: the
    site file's values, laid over the store's (as the window and headless mode do)."""
    tz = tz or station_timezone()
    first_clock = next(
        (s.value for s in steps if s.line.kind == "directive" and s.line.name == "clock"), None
    )
    start = first_clock or datetime.now(tz).replace(microsecond=0)
    clock = ManualClock(start, tz)
    site = dict(settings or {})
    make = engine_factory or (lambda store, clk: Engine(store, clk, settings=site))
    with _given_store(db) if db else _demo_store(start) as store:
        engine = make(store, clock)
        device = "script://"
        for step in steps:
            line = step.line
            outcome: Outcome | None = None
            note: tuple[str, str] | None = None
            if line.kind == "scan":
                outcome = engine.handle(
                    Scan(line.text, device_url=device, raw=line.text.encode("utf-8"))
                )
            elif line.name in ("clock", "wait", "device", "restart"):
                if line.name == "clock":
                    clock.set(step.value)
                    note = ("script.clock", f"Clock set to {clock.now().isoformat()}.")
                elif line.name == "wait":
                    clock.advance(timedelta(milliseconds=step.value))
                    note = ("script.wait", f"{step.value} ms passed.")
                elif line.name == "device":
                    device = step.value
                    note = ("script.device", f"Scans now come from {device}.")
                else:
                    engine = make(store, clock)
                    outcome = engine.snapshot()
                    note = ("script.restart", "The engine was reopened from the database.")
            else:
                outcome = engine.handle(_input_for(step, device))
            emit(_result(step, outcome, note, engine))


def _input_for(step: Step, device: str) -> InputEvent:
    name = step.line.name
    if name == "pin":
        return Pin(step.value)
    if name == "qty":
        return Qty(step.value)
    if name == "choose":
        return Choose(step.value)
    if name == "text":
        return TextInput(step.value)
    return RfidRound(step.value, device_url=device)


def _result(
    step: Step, outcome: Outcome | None, note: tuple[str, str] | None, engine: Engine
) -> dict[str, Any]:
    base = outcome or engine.snapshot()
    data: dict[str, Any] = {"line": step.line_no, "input": shown_input(step)}
    data.update(base.to_json())
    if note is not None:
        data["outcome"] = "accepted"
        data["message_key"], data["message"] = note
    return data
