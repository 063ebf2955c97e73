# SPDX-License-Identifier: Apache-2.0
"""A station process for the one-station-per-store tests: opens the store for writing (which
takes its lock), prints ``READY <pid>``, then feeds each stdin line to the engine (``@pin N``
a PIN, ``@qty N`` a quantity, anything else a scan) and prints the outcome as JSON."""

from __future__ import annotations

import json
import sys

from station.core.clock import SystemClock
from station.core.engine.inputs import InputEvent, Pin, Qty, Scan
from station.core.engine.session import Engine
from station.core.store.database import Store


def _event(line: str) -> InputEvent:
    if line.startswith("@pin "):
        return Pin(line[5:])
    if line.startswith("@qty "):
        return Qty(line[5:])
    return Scan(line, device_url="child://", raw=line.encode())


def main(path: str) -> None:
    store = Store.open(path)
    engine = Engine(store, SystemClock())
    print(f"READY {__import__('os').getpid()}", flush=True)
    for raw in sys.stdin:
        line = raw.rstrip("\n")
        if not line:
            continue
        outcome = engine.handle(_event(line))
        print(json.dumps(outcome.to_json(), ensure_ascii=False), flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])
