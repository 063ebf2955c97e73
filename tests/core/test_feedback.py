# SPDX-License-Identifier: Apache-2.0
"""The feedback kind of each outcome never lies: quarantine and a needed supervisor are not a
plain success, start-up is no accepted scan."""

from __future__ import annotations

from station.core.clock import ManualClock
from station.core.engine.inputs import Pin
from station.core.engine.session import Engine
from station.core.store.database import Store

from .scan_helpers import login, scan

CASE_OF_BREAKERS = "16975123000347"  # ELEC-0034, 6 per case; PO-2026-0001 line 2 wants 12


def test_start_up_is_information_not_an_accepted_scan(engine: Engine) -> None:
    start = engine.snapshot()
    assert start.feedback == "info"
    assert start.to_json()["feedback"] == "info"


def test_a_plain_scan_succeeds_and_a_wrong_one_is_refused(engine: Engine) -> None:
    assert scan(engine, "$USR-C001").feedback == "waiting"  # a PIN is asked for
    assert engine.handle(Pin("1111")).feedback == "success"
    assert scan(engine, "NO-SUCH-THING").feedback == "refused"


def test_quarantine_and_a_needed_supervisor_call_for_attention(engine: Engine) -> None:
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0003")
    quarantined = scan(engine, "06975123000012")  # gloves: not on this receipt
    assert quarantined.outcome == "accepted"
    assert quarantined.message_key == "receiving.quarantined_not_on_receipt"
    assert quarantined.feedback == "attention"
    scan(engine, "$CMD-CANCEL")
    scan(engine, "PO-2026-0001")
    for _ in range(2):
        counted = scan(engine, CASE_OF_BREAKERS)
        assert counted.feedback == "success", counted.message
    over = scan(engine, CASE_OF_BREAKERS)
    assert over.message_key == "receiving.over_needs_supervisor"
    assert over.feedback == "attention"


def test_a_resumed_session_says_whose_it_is(
    engine: Engine, demo_store: Store, clock: ManualClock
) -> None:
    login(engine, "C001", "1111")
    scan(engine, "PO-2026-0001")
    again = Engine(demo_store, clock).snapshot()
    assert again.feedback == "info"
    assert again.message_key == "session.resumed"
    assert "Demo Clerk" in again.message
    assert again.workflow == "receive"
