# SPDX-License-Identifier: Apache-2.0
"""Print and verify: a pallet label that came out of the printer is read back (camera image
or a scan at the station) before the pallet is reported ready; a wrong label or one never
read back calls for attention and keeps the pallet from being ready."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from labels.png import render_png
from station.cli import main
from station.core.clock import ManualClock
from station.core.engine.inputs import Choose
from station.core.engine.session import Engine
from station.core.label_printing.queue import (
    PrintQueue,
    get_job,
    printer_profile,
    queue_labels,
    reprint,
    set_company_prefix,
    specs_for,
)
from station.core.label_printing.verification import (
    checks_of_job,
    pallet_status,
    pallet_statuses,
)
from station.core.store import schema
from station.core.store.database import Store
from station.label_readback import read_back
from tests.core.scan_helpers import login, scan
from tests.labels.fake_printer import FakePrinter
from tests.labels.zpl_reader import element_string, read_zpl

PALLET = {"ship_from": "Depot 1", "ship_to": "DC North", "content_gtin": "06975123000012",
          "count": 40, "lot": "L-2611"}  # fmt: skip
BATCH = {"gtin": "06975123000012", "lot": "L-2611", "expiry": "2027-05-31", "quantity": 10,
         "item": "Nitrile gloves", "sku": "PPE-0001", "location": "A-01-1"}  # fmt: skip


def _audit(store: Store, action: str) -> list[dict[str, object]]:
    with store.reading() as conn:
        rows = conn.execute(
            select(schema.audit_log.c.detail).where(schema.audit_log.c.action == action)
        ).all()
    return [json.loads(r.detail) for r in rows]


def _print_pallets(store: Store, clock: ManualClock, printer: FakePrinter, n: int = 1) -> int:
    set_company_prefix(store, "0614141", 3)
    job = queue_labels(store, "sscc", [dict(PALLET)] * n, printer.url, now=clock.now())
    assert [j.status for j in PrintQueue(store, clock).run_once()] == ["printed"]
    assert printer.wait_for(1)
    return job.id


def _camera_folder(store: Store, job_id: int, folder: Path, *, data: dict | None = None) -> str:
    """A folder holding the rendered label (the job's own, or one made from ``data``) as the
    camera sees it: a 203 dpi image, one dot a pixel."""
    job = get_job(store, job_id)
    assert job is not None
    specs = specs_for(job.template, [data or job.data[0]], printer_profile(store, job.printer_url))
    folder.mkdir()
    render_png(specs[0], folder / "label.png", dpi=203)
    return f"camera://{folder}?fps=0"


def test_pallet_label_sent_to_the_printer_reads_back_from_a_camera_image_and_is_ready(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    with FakePrinter() as printer:
        job_id = _print_pallets(store, clock, printer)
    job = get_job(store, job_id)
    assert job is not None
    (sscc,) = job.ssccs
    sent = [element_string(b)[1] for b in read_zpl(printer.jobs[0].decode())[0].barcodes()]
    assert "00" + sscc in sent  # the printer was sent the SSCC symbol
    assert pallet_status(store, sscc) == "pending"  # printed, not yet read back: not ready
    (state,) = PrintQueue(store, clock).states()
    assert (state.url, state.to_read_back) == (printer.url, 1)  # for the printer indicator

    url = _camera_folder(store, job_id, tmp_path / "cam")
    verdicts = read_back(store, url, job_id=job_id, timeout_s=20, px_per_mm=8)
    assert [v.status for v in verdicts] == ["verified"]
    assert pallet_status(store, sscc) == "ready"
    assert PrintQueue(store, clock).states() == []  # nothing queued, nothing to read back
    grade = verdicts[0].check.grade if verdicts[0].check else None
    assert grade is not None and grade["verdict"] == "pass"
    measured = {c["rule"].split(" ", 2)[-1]: c["measured"] for c in grade["checks"]}
    assert measured["X-dimension"] == "0.500 mm"  # 4 dots at 8 dots/mm, inside 0.495-1.016
    (audit,) = _audit(store, "label.verified")
    assert audit["sscc"] == sscc and audit["grade"] == "pass"


def test_a_camera_without_a_known_scale_verifies_but_does_not_invent_a_grade(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    with FakePrinter() as printer:
        job_id = _print_pallets(store, clock, printer)
    url = _camera_folder(store, job_id, tmp_path / "cam")
    (verdict,) = read_back(store, url, job_id=job_id, timeout_s=20)
    assert verdict.status == "verified" and verdict.check is not None
    grade = verdict.check.grade
    assert grade is not None and grade["verdict"] == "not graded"
    x_rule = next(c for c in grade["checks"] if c["rule"].endswith("X-dimension"))
    assert x_rule["result"] == "not measured" and "scale is not known" in x_rule["measured"]


def test_a_wrong_label_in_front_of_the_camera_keeps_the_pallet_from_being_ready(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    with FakePrinter() as printer:
        job_id = _print_pallets(store, clock, printer)
    (sscc,) = (get_job(store, job_id) or _never()).ssccs
    other = {**PALLET, "sscc": "306141419999999995"}  # an old label left on the bench
    url = _camera_folder(store, job_id, tmp_path / "cam", data=other)
    (verdict,) = read_back(store, url, job_id=job_id, timeout_s=20, px_per_mm=8)
    assert verdict.status == "wrong" and verdict.read == "(00)306141419999999995"
    assert pallet_status(store, sscc) == "wrong"
    (audit,) = _audit(store, "label.verify_wrong")
    assert audit["expected"] == f"(00){sscc}"
    # as the station says: reprint it (the same SSCC) and scan it again
    with FakePrinter() as printer:
        again = reprint(store, job_id, printer_url=printer.url, now=clock.now())
        assert [j.status for j in PrintQueue(store, clock).run_once()] == ["printed"]
    assert again.ssccs == [sscc] and pallet_status(store, sscc) == "pending"
    url = _camera_folder(store, again.id, tmp_path / "cam2")
    (verdict,) = read_back(store, url, job_id=again.id, timeout_s=20, px_per_mm=8)
    assert verdict.status == "verified" and pallet_status(store, sscc) == "ready"


def _never() -> object:
    raise AssertionError("job missing")


def test_scans_at_the_station_verify_or_call_for_attention(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = Engine(demo_store, clock, settings={"label_verify_scans": 2})
    with FakePrinter() as printer:
        job_id = _print_pallets(demo_store, clock, printer, n=3)
    ssccs = (get_job(demo_store, job_id) or _never()).ssccs
    assert login(engine, "C001", "1111").outcome == "accepted"

    # the first label reads back: verified, and the station asks for the next one
    out = scan(engine, f"]C100{ssccs[0]}")
    assert (out.feedback, out.message_key) == ("waiting", "label_verify.verified_next")
    assert ssccs[1] in out.message
    # the second: another pallet's label is read where this one was printed
    out = scan(engine, "]C100306141419999999995")
    assert (out.feedback, out.message_key) == ("attention", "label_verify.wrong")
    assert "306141419999999995" in out.message and ssccs[1] in out.message
    # the third is never read: two scans of something else use up its scans
    out = scan(engine, "06975123000012")
    assert (out.feedback, out.message_key) == ("waiting", "label_verify.not_it")
    out = scan(engine, "06975123000012")
    assert (out.feedback, out.message_key) == ("attention", "label_verify.unverified")
    assert [pallet_status(demo_store, s) for s in ssccs] == ["ready", "wrong", "unverified"]
    states = ["ready", "wrong", "unverified"]
    assert pallet_statuses(demo_store) == list(zip(ssccs, states, strict=True))
    # nothing waits any more: scans at home are lookups again
    assert scan(engine, "06975123000012").message_key.startswith("lookup.")
    assert [a["sscc"] for a in _audit(demo_store, "label.verify_missing")] == [ssccs[2]]


def test_the_menu_offers_scanning_a_label_back_only_while_one_waits(
    demo_store: Store, clock: ManualClock
) -> None:
    engine = Engine(demo_store, clock)
    title = "Scan a printed label back"
    welcome = login(engine, "C001", "1111")
    assert title not in welcome.choices  # nothing printed: nothing to scan back
    out = engine.handle(Choose(len(welcome.choices) + 1))
    assert (out.outcome, out.message_key) == ("rejected", "choose.out_of_range")
    with FakePrinter() as printer:
        job_id = _print_pallets(demo_store, clock, printer)
    (sscc,) = (get_job(demo_store, job_id) or _never()).ssccs
    out = engine.handle(Choose(len(welcome.choices) + 1))  # offered now, after the others
    assert out.message_key == "label_verify.scan" and sscc in out.message
    home = scan(engine, "$CMD-CANCEL")  # the label still waits: the menu still offers it
    assert home.choices == [*welcome.choices, title]  # the others keep their numbers
    engine.handle(Choose(len(home.choices)))
    out = scan(engine, f"]C100{sscc}")
    assert out.message_key == "label_verify.verified"
    assert out.choices == welcome.choices  # verified: nothing left to scan back


def test_the_setting_says_which_templates_are_read_back(
    store: Store, clock: ManualClock, tmp_path: Path
) -> None:
    with FakePrinter() as printer:
        queue = PrintQueue(store, clock, verify_templates=["batch"])
        pallet = queue_labels(store, "batch", [BATCH], printer.url, now=clock.now())
        set_company_prefix(store, "0614141", 3)
        sscc_job = queue_labels(store, "sscc", [PALLET], printer.url, now=clock.now())
        assert [j.status for j in queue.run_once()] == ["printed", "printed"]
    with store.reading() as conn:
        (batch_check,) = checks_of_job(conn, pallet.id)
        assert checks_of_job(conn, sscc_job.id) == []
    assert batch_check.expected == "(01)06975123000012(17)270531(10)L-2611"
    assert pallet_status(store, sscc_job.ssccs[0]) == "ready"  # no read-back asked for it


def test_station_label_verify_reads_back_from_a_camera(
    store: Store, clock: ManualClock, tmp_path: Path, capsys: object
) -> None:
    with FakePrinter() as printer:
        job_id = _print_pallets(store, clock, printer)
    url = _camera_folder(store, job_id, tmp_path / "cam")
    db = store.path
    code = main(["label", "verify", "--db", str(db), "--reader", url, "--job", str(job_id),
                 "--timeout", "20", "--px-per-mm", "8"])  # fmt: skip
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert code == 0, out
    assert f"job {job_id} label 1: verified" in out and "(grade: pass)" in out
    assert "X-dimension: 0.500 mm" in out
    assert main(["label", "queue", "--db", str(db)]) == 0
    assert "read back: 1 verified" in capsys.readouterr().out  # type: ignore[attr-defined]
    (sscc,) = (get_job(store, job_id) or _never()).ssccs
    assert main(["label", "pallets", "--db", str(db)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{sscc}  ready"]  # type: ignore[attr-defined]


def test_the_bench_scanner_reads_labels_back_without_a_grade(
    store: Store, clock: ManualClock
) -> None:
    """A scanner (here a scripted one at the protocol level: the data it sends) verifies but
    measures nothing: no grade is stored, none is invented."""
    with FakePrinter() as printer:
        job_id = _print_pallets(store, clock, printer, n=2)
    ssccs = (get_job(store, job_id) or _never()).ssccs
    url = f"fake://?scans=]C100{ssccs[0]},]C1{ssccs[1]}"  # the second lacks its AI: not it
    verdicts = read_back(store, url, job_id=job_id, timeout_s=2)
    assert [v.status for v in verdicts] == ["verified", "pending"]
    assert all(v.check is not None and v.check.grade is None for v in verdicts)
    assert [pallet_status(store, s) for s in ssccs] == ["ready", "pending"]
