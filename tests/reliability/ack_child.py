# SPDX-License-Identifier: Apache-2.0
"""Child for the power-loss test: scans N times and writes ``ACK n`` to stdout after each
scan the engine reports committed. An optional third argument overrides ``synchronous``
(to show that a weaker setting is caught)."""

from __future__ import annotations

import sys

from station.core.clock import SystemClock
from station.core.engine.inputs import Scan
from station.core.engine.session import Engine
from station.core.store.database import Store


def main() -> None:
    extra = {"synchronous": int(sys.argv[3])} if len(sys.argv) > 3 else None
    store = Store.open(sys.argv[1], extra_pragmas=extra)
    engine = Engine(store, SystemClock())
    for i in range(int(sys.argv[2])):
        outcome = engine.handle(Scan(f"ACK-{i:05d}", device_url="strace://"))
        if outcome.committed:
            sys.stdout.write(f"ACK {i}\n")
            sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()
