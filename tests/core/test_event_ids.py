# SPDX-License-Identifier: Apache-2.0
"""Event, scan and movement ids: time-ordered version-7 UUIDs, never repeated, not even across a
fork, in the order they were taken."""

from __future__ import annotations

import os
import time
import uuid

import pytest
from sqlalchemy import select

from station.core.engine.session import Engine
from station.core.store import schema
from station.core.store.database import Store
from station.core.store.events import new_uuid

from .scan_helpers import login, scan


def test_ids_are_version_7_uuids_and_never_repeat() -> None:
    before_ms = time.time_ns() // 1_000_000
    ids = [new_uuid() for _ in range(20000)]  # several refills of the random pool
    after_ms = time.time_ns() // 1_000_000
    assert len(set(ids)) == len(ids)
    for text in ids[:2000]:
        parsed = uuid.UUID(text)
        assert str(parsed) == text
        assert parsed.version == 7 and parsed.variant == uuid.RFC_4122
        assert before_ms <= parsed.int >> 80 <= after_ms  # RFC 9562: Unix time in ms first


def test_ids_taken_one_after_another_sort_in_that_order() -> None:
    """The index on them grows at its right edge: ids a millisecond apart sort in order."""
    earlier = new_uuid()
    time.sleep(0.002)
    assert earlier < new_uuid()
    ids = [new_uuid() for _ in range(5000)]
    in_order = sum(a < b for a, b in zip(ids, ids[1:], strict=False))
    assert in_order >= 0.9 * (len(ids) - 1)  # the same 244 ns tick may come twice


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_forked_process_does_not_reuse_the_parents_random_bytes() -> None:
    new_uuid()  # the parent has a pool with bytes left
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        os.write(write_end, new_uuid().encode())
        os._exit(0)
    os.close(write_end)
    child = os.read(read_end, 100).decode()
    os.close(read_end)
    os.waitpid(pid, 0)
    assert child != new_uuid()


def test_a_running_engine_writes_under_the_incarnation_sync_gives_the_store(
    engine: Engine, demo_store: Store
) -> None:
    """A copied-back store healed by sync while the window runs: the next scan's event takes
    the new incarnation, never a key the other copy already sent."""
    login(engine, "C001", "1111")
    old = demo_store.incarnation_id
    new = demo_store.new_incarnation()
    scan(engine, "$USR-C001")
    with demo_store.reading() as conn:
        last = conn.execute(
            select(schema.outbox.c.incarnation_id).order_by(schema.outbox.c.id.desc()).limit(1)
        ).scalar_one()
    assert new != old and last == new
