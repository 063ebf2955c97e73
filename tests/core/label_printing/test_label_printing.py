# SPDX-License-Identifier: Apache-2.0
"""Printing from the station: SSCCs taken only when printing and never twice, a print queue
that survives restarts and retries an offline printer without losing a label, reprints in
the audit log, and the `station label` command."""

from __future__ import annotations

import json
import re
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from drivers.epc import decode_epc
from drivers.gs1.check_digit import has_valid_check_digit
from station.cli import main
from station.core.clock import ManualClock
from station.core.label_printing.queue import (
    LabelSetupError,
    PrinterState,
    PrintQueue,
    backoff_seconds,
    get_job,
    list_jobs,
    printer_profile,
    queue_labels,
    reprint,
    set_company_prefix,
    set_printer_profile,
)
from station.core.store import schema
from station.core.store.database import Store
from tests.labels.fake_printer import FakePrinter
from tests.labels.zpl_reader import element_string, read_zpl

BATCH = {
    "gtin": "06975123000012",
    "lot": "L-2611",
    "expiry": "2027-05-31",
    "quantity": 10,
    "item": "Nitrile gloves 丁腈手套",
    "sku": "PPE-0001",
    "location": "A-01-1",
}


def _audit(store: Store, action: str) -> list[dict[str, object]]:
    with store.reading() as conn:
        rows = conn.execute(
            select(schema.audit_log.c.detail).where(schema.audit_log.c.action == action)
        ).all()
    return [json.loads(r.detail) for r in rows]


def test_ssccs_come_from_the_prefix_and_counter_and_are_never_reused(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = tmp_path / "s.db"
    store = Store.open(path)
    with pytest.raises(LabelSetupError, match="company prefix"):
        queue_labels(store, "sscc", [{}], "file:///tmp/x.zpl", now=clock.now())
    set_company_prefix(store, "0614141", 3)
    out = f"file://{tmp_path}/pallets.zpl"
    first = queue_labels(store, "sscc", [{"ship_to": "DC"}, {}], out, now=clock.now())
    assert first.ssccs == ["306141410000000013", "306141410000000020"]
    # a label that cannot print takes no number: the transaction is rolled back
    with pytest.raises(ValueError):
        queue_labels(store, "sscc", [{"content_gtin": "06975123000012"}], out, now=clock.now())
    store.close()
    store = Store.open(path)  # restart: the counter is on disk
    again = queue_labels(store, "sscc", [{}], out, now=clock.now())
    assert again.ssccs == ["306141410000000037"]
    every = [s for job in list_jobs(store) for s in job.ssccs]
    assert len(every) == len(set(every)) == 3 and all(has_valid_check_digit(s) for s in every)
    assert [d["ssccs"] for d in _audit(store, "label.queued")] == [first.ssccs, again.ssccs]
    store.close()


def test_rendering_a_preview_allocates_nothing(store: Store, tmp_path: Path) -> None:
    set_company_prefix(store, "0614141")
    code = main(
        ["label", "render", "--template", "sscc", "--format", "png", "--data",
         '{"sscc": "376130321109103420"}', "--out", str(tmp_path / "p.png")]
    )  # fmt: skip
    assert code == 0 and (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
    with store.reading() as conn:
        assert conn.execute(select(schema.load_all_tables().tables["label_counters"])).all() == []


def test_offline_printer_keeps_jobs_queued_and_retries_with_backoff(
    store: Store, clock: ManualClock
) -> None:
    printer = FakePrinter()  # off
    seen: list[list[PrinterState]] = []
    queue = PrintQueue(store, clock, on_change=seen.append)
    jobs = [
        queue_labels(store, "batch", [{**BATCH, "lot": f"L-{i}"}], printer.url, now=clock.now())
        for i in range(3)
    ]
    done = queue.run_once()
    assert [j.status for j in done] == ["queued"]  # the first fails; the rest keep their order
    first = get_job(store, jobs[0].id)
    assert first is not None and "cannot send" in first.last_error and first.attempts == 1
    (state,) = seen[-1]
    assert (state.online, state.pending) == (False, 3) and "cannot send" in state.last_error
    # not due yet: nothing is tried again before the back-off
    clock.advance(timedelta(seconds=1))
    assert queue.run_once() == []
    clock.advance(timedelta(seconds=backoff_seconds(1)))
    assert [j.attempts for j in queue.run_once()] == [2]
    with printer:
        clock.advance(timedelta(seconds=backoff_seconds(2)))
        done = queue.run_once()
        assert [j.status for j in done] == ["printed"] * 3
        assert printer.wait_for(3)
    lots = [
        element_string(read_zpl(job.decode())[0].barcodes()[0])[1].split("10")[-1]
        for job in printer.jobs
    ]
    assert lots == ["L-0", "L-1", "L-2"]  # nothing lost, in order
    (state,) = queue.states()
    assert (state.online, state.pending) == (True, 0)
    assert len(_audit(store, "label.printed")) == 3


def test_the_queue_survives_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "q.db"
    store = Store.open(path)
    printer = FakePrinter()
    job = queue_labels(store, "batch", [BATCH], printer.url, copies=2, now=clock.now())
    store.close()  # the station stops before printing
    store = Store.open(path)
    with printer:
        queue = PrintQueue(store, clock)
        (after,) = queue.run_once()
        assert after.id == job.id and after.status == "printed"
        assert printer.wait_for(1)
    assert printer.text().count("^XA") == 2  # copies
    store.close()


def test_background_worker_prints_what_is_queued(store: Store) -> None:
    changed = threading.Event()
    with FakePrinter() as printer:
        queue = PrintQueue(store, on_change=lambda states: changed.set(), idle_poll_s=0.2)
        queue.start()
        try:
            queue_labels(store, "location", [{"code": "A-01-1"}], printer.url)
            queue.wake()
            assert printer.wait_for(1)
            assert changed.wait(10)
        finally:
            queue.stop()
    assert "$LOC-A-01-1" in printer.text() or ">:$LOC" in printer.text()


def test_reprint_repeats_the_same_data_and_is_audited(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    set_company_prefix(store, "0614141")
    out = f"file://{tmp_path}/a.zpl"
    job = queue_labels(store, "sscc", [{}], out, now=clock.now())
    again = reprint(store, job.id, copies=3, now=clock.now())
    assert again.reprint_of == job.id and again.ssccs == job.ssccs and again.copies == 3
    (entry,) = _audit(store, "label.reprint")
    assert entry["reprint_of"] == job.id and entry["ssccs"] == job.ssccs
    with pytest.raises(LabelSetupError, match="no label job"):
        reprint(store, 999)


def test_printer_profile_applies_to_queued_jobs(store: Store, tmp_path: Path) -> None:
    url = f"file://{tmp_path}/p.zpl?dpi=300"
    assert printer_profile(store, url).offset == (0.0, 0.0)
    from labels import PrinterProfile

    set_printer_profile(store, url, PrinterProfile(offset_x=1.0))
    job = queue_labels(store, "location", [{"code": "B-2"}], url)
    queue = PrintQueue(store)
    queue.run_once()
    assert get_job(store, job.id).status == "printed"  # type: ignore[union-attr]
    origins = [f.origin for f in read_zpl((tmp_path / "p.zpl").read_text())[0].fields if f.origin]
    assert min(o[0] for o in origins) >= 12  # 1 mm = 12 dots at 300 dpi


# --- the CLI ---------------------------------------------------------------------------------


def test_cli_print_then_reprint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "c.db")
    assert main(["label", "prefix", "0614141", "--db", db]) == 0
    with FakePrinter() as printer:
        code = main(["label", "print", "--template", "sscc", "--data", '[{"ship_to": "DC"}]',
                     "--printer", printer.url, "--db", db])  # fmt: skip
        assert code == 0 and printer.wait_for(1)
        assert main(["label", "reprint", "1", "--db", db]) == 0
        assert printer.wait_for(2)
    out = capsys.readouterr().out
    assert "SSCC 006141410000000012" in out and "reprint of job 1" in out
    assert printer.jobs[0] == printer.jobs[1]
    # printer off: the job is kept and the exit code says it is not printed yet
    code = main(["label", "print", "--template", "batch", "--data", json.dumps(BATCH),
                 "--printer", printer.url, "--db", db])  # fmt: skip
    assert code == 1 and "queued, not printed yet" in capsys.readouterr().out
    assert main(["label", "queue", "--json", "--db", db]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["status"] for r in rows] == ["queued", "printed", "printed"]


def test_cli_render_formats_and_bad_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "labels.json"
    data.write_text(json.dumps([BATCH, {**BATCH, "lot": "L-2", "expiry": "270500"}]))
    for fmt in ("pdf", "zpl", "png"):
        out = tmp_path / f"b.{fmt}"
        assert main(["label", "render", "--template", "batch", "--format", fmt, "--data",
                     str(data), "--out", str(out), "--dpi", "300"]) == 0  # fmt: skip
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "b.zpl").read_text().count("^XA") == 2
    assert (tmp_path / "b-2.png").is_file()
    code = main(["label", "render", "--template", "batch", "--format", "pdf", "--data",
                 '{"gtin": "06975123000013"}', "--out", str(tmp_path / "x.pdf")])  # fmt: skip
    assert code == 2 and "missing field" in capsys.readouterr().err


def test_backoff_doubles_up_to_a_minute() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 6, 10)] == [2, 4, 8, 60, 60]
    assert isinstance(datetime.now(), datetime)


def test_rfid_batch_labels_take_sgtin_serials(store: Store, tmp_path: Path) -> None:
    set_company_prefix(store, "697512")
    url = f"file://{tmp_path}/rfid.zpl"
    rfid = {**BATCH, "epc_serial": "auto"}
    job = queue_labels(store, "batch", [rfid, rfid], url)
    assert [d["epc_serial"] for d in job.data] == ["1", "2"]
    assert {d["company_prefix_length"] for d in job.data} == {6}
    PrintQueue(store).run_once()
    zpl = (tmp_path / "rfid.zpl").read_text()
    epcs = re.findall(r"\^RFW,H,,,A\^FD([0-9A-F]{24})\^FS", zpl)
    decoded = [decode_epc(e) for e in epcs]
    assert [(d.scheme, d.fields["gtin"], d.fields["serial"]) for d in decoded] == [
        ("sgtin-96", "06975123000012", "1"),
        ("sgtin-96", "06975123000012", "2"),
    ]
