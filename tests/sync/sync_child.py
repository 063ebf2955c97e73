# SPDX-License-Identifier: Apache-2.0
"""Child process for the SIGKILL test: syncs a store in small batches, printing ``BATCH n``
after each pushed batch; the parent kills it mid-sync."""

from __future__ import annotations

import sys

from station.core.store.database import Store
from sync.central_link import open_central
from sync.service import sync_once


def main(db: str, url: str) -> None:
    store = Store.open(db)
    engine = open_central(url)
    count = 0

    def progress(stage: str, done: int, total: int) -> None:
        nonlocal count
        if stage == "push":
            count += 1
            sys.stdout.write(f"BATCH {count} {done}/{total}\n")
            sys.stdout.flush()

    sync_once(store, engine, progress, push_batch=50)
    sys.stdout.write("DONE\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
