# SPDX-License-Identifier: Apache-2.0
"""Child process for the kill test: logs in, then scans forever, printing ``ACK n`` after
each scan the engine reports committed. The parent SIGKILLs it at a moment of its choosing."""

from __future__ import annotations

import sys

from station.core.clock import SystemClock
from station.core.engine.inputs import Pin, Scan
from station.core.engine.session import Engine
from station.core.store.database import Store


def main(path: str) -> None:
    store = Store.open(path)
    engine = Engine(store, SystemClock())
    engine.handle(Scan("$USR-C001"))
    engine.handle(Pin("1111"))
    n = 0
    while True:
        text = "06975123000012" if n % 2 else f"KILL-{n:07d}"
        outcome = engine.handle(Scan(text, device_url="kill://", raw=f"KILL-{n:07d}".encode()))
        if outcome.committed:
            sys.stdout.write(f"ACK {n}\n")
            sys.stdout.flush()
        n += 1


if __name__ == "__main__":
    main(sys.argv[1])
