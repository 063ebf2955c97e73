# SPDX-License-Identifier: Apache-2.0
"""What the clerk is told about a label or document effect, in sentences of the UI language.

:func:`station.core.effects.carry_out` returns one result string per effect
(``label-job:<id>``, ``document:<path>``, ``document-pending:<name>``,
``failed:<kind>:<reason>``); :func:`report` turns an effect and its result into a
:class:`Report`: what it was, what happened, whether it can be retried, and how to go on.
Printer states from the print queue become reports through :func:`printer_report`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "EffectReports"

DOCUMENT_NAMES = {
    "receipt-discrepancies": QT_TRANSLATE_NOOP("EffectReports", "Receipt discrepancy report"),
    "dispatch-note": QT_TRANSLATE_NOOP("EffectReports", "Dispatch note"),
}


def _t(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class Report(Struct, frozen=True):
    """``state``: ``done`` (written / printed), ``waiting`` (queued), ``failed``; ``retry`` is
    true when carrying the same effect out again may work (after the clerk fixed the cause)."""

    what: str
    result: str
    state: str
    retry: bool = False


def effect_name(effect: dict[str, Any]) -> str:
    """The effect in words: "3 labels (receiving batch)" or the document's title."""
    if effect.get("kind") == "labels":
        data = effect.get("data")
        count = len(data) if isinstance(data, list) else 1
        return QCoreApplication.translate("EffectReports", "Labels ({count})").format(count=count)
    name = str(effect.get("name") or "")
    title = DOCUMENT_NAMES.get(name)
    if title is not None:
        return _t(str(title))
    return QCoreApplication.translate("EffectReports", "Document") + (
        f" {name.replace('_', ' ').replace('-', ' ')}" if name else ""
    )


def reason_text(reason: str) -> str:
    """A failure reason in words: the known causes are sentences, the rest is the detail."""
    lowered = reason.lower()
    if "no label printer" in lowered:
        return QCoreApplication.translate("EffectReports", "no label printer is set up")
    if any(w in lowered for w in ("permission denied", "read-only", "not permitted")):
        where = reason.rsplit(":", 1)[-1].strip().strip("'\"")
        folder = str(Path(where).parent) if where else ""
        return QCoreApplication.translate(
            "EffectReports", "the folder {folder} cannot be written"
        ).format(folder=folder)
    if "no space" in lowered:
        return QCoreApplication.translate("EffectReports", "the disk is full")
    return reason


def how_to_go_on(effect: dict[str, Any], reason: str) -> str:
    if "no label printer" in reason.lower():
        return QCoreApplication.translate(
            "EffectReports", "Set a label printer in the settings (Ctrl+,), then RETRY (F5)."
        )
    if effect.get("kind") == "document":
        return QCoreApplication.translate(
            "EffectReports", "Fix the folder (or ask a supervisor), then RETRY (F5)."
        )
    return QCoreApplication.translate("EffectReports", "Check the printer, then RETRY (F5).")


def report(effect: dict[str, Any], result: str) -> Report:
    what = effect_name(effect)
    if result.startswith("label-job:"):
        job = result.split(":", 1)[1]
        return Report(
            what,
            QCoreApplication.translate(
                "EffectReports", "sent to the print queue (job {job})"
            ).format(job=job),
            "waiting",
        )
    if result.startswith("document:"):
        path = result.split(":", 1)[1]
        return Report(
            what,
            QCoreApplication.translate("EffectReports", "written to {path}").format(path=path),
            "done",
        )
    if result.startswith("document-pending:"):
        return Report(
            what,
            QCoreApplication.translate(
                "EffectReports", "noted in the audit log: this station cannot write it"
            ),
            "done",
        )
    reason = result.split(":", 2)[2] if result.count(":") >= 2 else result
    failed = QCoreApplication.translate("EffectReports", "NOT done: {reason}.").format(
        reason=reason_text(reason)
    )
    return Report(what, f"{failed} {how_to_go_on(effect, reason)}", "failed", retry=True)


def notice_text(report: Report) -> str:
    """The one line the scan screen shows about a report."""
    return QCoreApplication.translate("EffectReports", "{what}: {result}").format(
        what=report.what, result=report.result
    )


def printer_report(url: str, online: bool | None, pending: int, error: str) -> Report:
    """A printer as the job list shows it."""
    what = QCoreApplication.translate("EffectReports", "Printer {url}").format(url=url)
    if online is False:
        text = QCoreApplication.translate(
            "EffectReports", "NOT printing, {count} label job(s) waiting: {reason}."
        ).format(count=pending, reason=reason_text(error))
        return Report(
            what,
            text
            + " "
            + QCoreApplication.translate("EffectReports", "Check the printer, then RETRY (F5)."),
            "failed",
            True,
        )
    if pending:
        return Report(
            what,
            QCoreApplication.translate("EffectReports", "{count} label job(s) waiting").format(
                count=pending
            ),
            "waiting",
        )
    return Report(
        what, QCoreApplication.translate("EffectReports", "printed, nothing waiting"), "done"
    )


def read_back_prompt(states: list[Any], before: int) -> tuple[str, str] | None:
    """The notice when the printed labels waiting to be scanned back changed from ``before``:
    (text, state), asking for the next one at once; None when their number is the same."""
    waiting = sum(int(getattr(s, "to_read_back", 0)) for s in states)
    if waiting == before:
        return None
    if not waiting:
        text = QCoreApplication.translate(
            "EffectReports", "No printed label is waiting to be scanned back now."
        )
        return text, "waiting"  # not a success: the last one may have been the wrong label
    expected = next((str(s.read_back_next) for s in states if getattr(s, "read_back_next", "")), "")
    text = QCoreApplication.translate(
        "EffectReports",
        "Scan the label just printed now, before the goods move: {expected} "
        "({count} printed label(s) to scan back).",
    ).format(expected=expected, count=waiting)
    return text, "waiting"
