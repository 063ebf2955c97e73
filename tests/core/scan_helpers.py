# SPDX-License-Identifier: Apache-2.0
"""Small helpers for driving the engine in tests the way a clerk would."""

from __future__ import annotations

from station.core.engine.inputs import Outcome, Pin, Scan
from station.core.engine.session import Engine


def scan(engine: Engine, text: str) -> Outcome:
    return engine.handle(Scan(text, device_url="test://"))


def login(engine: Engine, badge: str, pin: str) -> Outcome:
    first = scan(engine, f"$USR-{badge}")
    assert first.outcome == "pending", first
    return engine.handle(Pin(pin))
