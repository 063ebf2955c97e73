# SPDX-License-Identifier: Apache-2.0
"""Carrying out outcome effects: receiving's batch labels reach the printer through the queue;
documents go to their renderer or are recorded; a bad effect is reported, never lost."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from station.core.clock import ManualClock
from station.core.effects import DOCUMENT_RENDERERS, carry_out, register_document
from station.core.label_printing.queue import PrintQueue, get_job
from station.core.store import schema
from station.core.store.database import Store
from tests.labels.fake_printer import FakePrinter
from tests.labels.zpl_reader import element_string, read_zpl

LOT = {
    "gtin": "06975123000012",
    "lot": "L-2611",
    "expiry": "270500",
    "quantity": "10",
    "item": "Nitrile gloves",
    "sku": "PPE-0001",
    "received": "2026-11-24",
    "location": "A-01-1",
}


def _actions(store: Store) -> list[str]:
    with store.reading() as conn:
        return [r.action for r in conn.execute(select(schema.audit_log.c.action))]


def test_label_effects_are_queued_and_printed(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    effects = [
        {"kind": "labels", "template": "batch", "data": [LOT, {**LOT, "lot": "L-2612"}]},
        {"kind": "labels", "template": "location", "data": {"code": "A-01-1"}, "copies": 2},
    ]
    with FakePrinter() as printer:
        done = carry_out(
            effects, store=store, printer_url=printer.url, documents_dir=tmp_path, clock=clock
        )
        assert [d.split(":")[0] for d in done] == ["label-job", "label-job"]
        PrintQueue(store, clock).run_once()
        assert printer.wait_for(2)
    first = read_zpl(printer.jobs[0].decode())
    assert [element_string(label.barcodes()[0])[1] for label in first] == [
        "01069751230000121727050010L-2611",
        "01069751230000121727050010L-2612",
    ]
    assert printer.jobs[1].decode().count("^XA") == 2
    job = get_job(store, int(done[0].split(":")[1]))
    assert job is not None and job.status == "printed" and job.source == "effect"


def test_offline_printer_loses_nothing(store: Store, clock: ManualClock, tmp_path: Path) -> None:
    printer = FakePrinter()  # off
    (ref,) = carry_out(
        [{"kind": "labels", "template": "batch", "data": [LOT]}],
        store=store,
        printer_url=printer.url,
        documents_dir=tmp_path,
        clock=clock,
    )
    queue = PrintQueue(store, clock)
    assert [j.status for j in queue.run_once()] == ["queued"]
    with printer:
        clock.advance(timedelta(minutes=2))
        assert [j.status for j in queue.run_once()] == ["printed"]
        assert printer.wait_for(1)
    assert ref == "label-job:1" and queue.run_once() == []


def test_documents_go_to_their_renderer_or_are_recorded(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    def render(effect: dict[str, Any], folder: Path, _store: Store) -> Path:
        path = folder / f"{effect['name']}-{effect['reference']}.pdf"
        path.write_bytes(b"%PDF-1.4 test")
        return path

    register_document("receipt_note", render)
    try:
        done = carry_out(
            [
                {"kind": "document", "name": "receipt_note", "reference": "PO-2026-0001"},
                {"kind": "document", "name": "count_sheet", "reference": "CC-0001"},
            ],
            store=store,
            printer_url="",
            documents_dir=tmp_path / "docs",
            clock=clock,
        )
    finally:
        DOCUMENT_RENDERERS.pop("receipt_note")
    assert done == [
        f"document:{tmp_path / 'docs' / 'receipt_note-PO-2026-0001.pdf'}",
        "document-pending:count_sheet",
    ]
    assert _actions(store)[-2:] == ["document.written", "document.pending"]


def test_bad_effects_are_reported_and_audited(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    done = carry_out(
        [
            {
                "kind": "labels",
                "template": "batch",
                "data": [{"gtin": "123"}],
                "printer": f"file://{tmp_path}/x.zpl",
            },
            {"kind": "labels", "template": "batch", "data": [LOT]},
            {"kind": "confetti"},
        ],
        store=store,
        printer_url="",
        documents_dir=tmp_path,
        clock=clock,
    )
    assert done[0].startswith("failed:labels:") and "missing field" in done[0]
    assert done[1].startswith("failed:labels:") and "no label printer" in done[1]
    assert done[2] == "failed:confetti:unknown effect kind 'confetti'"
    with store.reading() as conn:
        details = [
            json.loads(r.detail)
            for r in conn.execute(
                select(schema.audit_log.c.detail).where(
                    schema.audit_log.c.action == "effect.failed"
                )
            )
        ]
    assert [d["effect"].get("kind") for d in details] == ["labels", "labels", "confetti"]


def test_the_station_printer_setting(store: Store) -> None:
    from station.core.label_printing.queue import station_printer_url

    assert station_printer_url(store) == ""
