# SPDX-License-Identifier: Apache-2.0
"""What scan-to-receive says and the settings it reads (docs/workflows/receiving.md)."""

from __future__ import annotations

from typing import Any

from ..engine.feedback import register_attention
from ..engine.messages import register_messages
from ..engine.settings import REGISTRY, Setting, declare

MESSAGES = {
    "receiving.choose": "Scan the receipt reference, or choose one of the {count} open receipts.",
    "receiving.none_open": "No receipts are expected. Choose 1 to receive blind.",
    "receiving.started": "{reference} from {supplier}: {lines} lines. Scan the items.",
    "receiving.resumed": "{reference} carried on: {done} of {lines} lines complete. Scan on.",
    "receiving.blind_supplier": "Blind receipt: scan or type the supplier.",
    "receiving.blind_reference": "Supplier {supplier}. Now scan or type the delivery reference.",
    "receiving.blind_started": (
        "Blind receipt {reference} from {supplier}: it will be marked for review. Scan the items."
    ),
    "receiving.blind_reference_expected": (
        "{reference} is an expected receipt: scan it at home to receive against it."
    ),
    "receiving.text_expected": "Scan or type the {what}.",
    "receiving.counted": "{sku} {name}: +{qty}, {received} of {expected} {unit} ({status}).",
    "receiving.counted_blind": "{sku} {name}: +{qty}, {received} {unit} received.",
    "receiving.expired_flagged": (
        "{sku} lot {lot} expired on {expiry}: counted (+{qty}) and FLAGGED for a supervisor."
    ),
    "receiving.short_life_flagged": (
        "{sku} lot {lot} has {days} days of shelf life left ({min} needed): counted (+{qty}) "
        "and FLAGGED."
    ),
    "receiving.expired_refused": (
        "{sku} lot {lot} expired on {expiry}: REFUSED. Put it aside, do not receive it."
    ),
    "receiving.short_life_refused": (
        "{sku} lot {lot} has only {days} days of shelf life left ({min} needed): "
        "REFUSED. Put it aside and ask a supervisor."
    ),
    "receiving.quarantined_unknown": (
        "GTIN {gtin} is not a known item: put it on the quarantine shelf (line Q{n}). "
        "The scan is kept."
    ),
    "receiving.quarantined_not_on_receipt": (
        "{sku} {name} is not on {reference}: put it on the quarantine shelf (line Q{n})."
    ),
    "receiving.over_needs_supervisor": (
        "{sku}: {would_be} would be over the {expected} ordered (limit {limit}). A supervisor "
        "must scan their badge to approve, or CANCEL."
    ),
    "receiving.over_confirm": (
        "{sku}: {would_be} of {expected} ordered. Enter your PIN to approve the over-receipt, "
        "or CANCEL."
    ),
    "receiving.over_approver_pin": (
        "{name}: enter your PIN to approve {would_be} of {expected} {sku}."
    ),
    "receiving.over_approved": "Over-receipt approved by {name}: {sku} {received} of {expected}.",
    "receiving.over_refused": "Not received: the extra {qty} {sku} go back to the supplier.",
    "receiving.over_waiting": (
        "Waiting for a supervisor's badge to approve the over-receipt, or CANCEL."
    ),
    "receiving.approver_not_allowed": (
        "{name} ({role}) may not approve an over-receipt: a supervisor must."
    ),
    "receiving.qty_set": "The next scan counts {qty}.",
    "receiving.qty_invalid": "A quantity must be more than 0.",
    "receiving.location_set": "Put-away location {code}. Scan DONE to post the receipt.",
    "receiving.location_needed": "Scan the put-away location first, then DONE.",
    "receiving.nothing_received": "Nothing scanned yet. Scan items, or CANCEL to leave.",
    "receiving.undone": "Undone: {sku} {qty}. Line {line} now {received}.",
    "receiving.undone_quarantine": "Undone: quarantine line for {text}.",
    "receiving.undone_qty": "Typed quantity cleared.",
    "receiving.left": "{reference} left half done: scan it again to carry on.",
    "receiving.discarded": "{reference} left; nothing was received.",
    "receiving.posted": (
        "{reference} posted into {location}: {complete} complete, {short} short, {over} over, "
        "{quarantined} quarantined."
    ),
    "receiving.posted_clean": "{reference} posted into {location}: everything as ordered.",
    "receiving.finished": "{reference} is posted. Scan DONE to go back, or the next receipt.",
    "receiving.not_an_item": "{text} is not an item. Scan the item's barcode.",
    "receiving.unknown_receipt": "{text} is not an open receipt: scan the reference on the delivery note, or choose one from the list.",
    "receiving.other_receipt": "{reference} is another receipt: finish or leave this one first.",
}

register_messages(MESSAGES)
# taken, but a clerk must look: quarantined, flagged, a supervisor needed
register_attention(
    (
        "receiving.expired_flagged",
        "receiving.short_life_flagged",
        "receiving.quarantined_unknown",
        "receiving.quarantined_not_on_receipt",
        "receiving.over_needs_supervisor",
        "receiving.over_approver_pin",
        "receiving.over_waiting",
    )
)


def _location_code(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) <= 64 and value == value.strip()
    return None if ok else "must be a location code such as RECV-01, or empty"


declare(
    Setting(
        "receiving_over_tolerance_pct",
        "number",
        0,
        "Over-receipt accepted without a supervisor, in % of the line.",
        "无需主管批准即可超收的比例(占该行的百分比)。",
        low=0,
        high=100,
        group="receiving",
    ),
    Setting(
        "receiving_expired_policy",
        "choice",
        "refuse",
        "An expired lot at receiving: refuse the scan, or flag the lot and count it.",
        "收货时遇到过期批次:refuse 拒绝扫描,flag 标记批次并计入。",
        choices=("refuse", "flag"),
        group="receiving",
    ),
    Setting(
        "receiving_short_shelf_life_policy",
        "choice",
        "flag",
        "A lot with less than the item's minimum shelf life left: flag it, or refuse it.",
        "剩余保质期不足物料最低要求的批次:flag 标记,refuse 拒绝。",
        choices=("flag", "refuse"),
        group="receiving",
    ),
    Setting(
        "receiving_staging_location",
        "text",
        "RECV-01",
        "Where a receipt is posted when no location was scanned (empty: a location is needed).",
        "未扫描库位时收货过账到的库位(留空:必须扫描库位)。",
        check=_location_code,
        group="receiving",
    ),
    Setting(
        "receiving_quarantine_location",
        "text",
        "QUAR-01",
        "Where known items from quarantine lines are posted (empty: not posted).",
        "隔离行中已知物料过账到的库位(留空:不过账)。",
        check=_location_code,
        group="receiving",
    ),
)

SETTINGS = {k: s.default for k, s in REGISTRY.items() if s.group == "receiving"}
"""This area's settings and their defaults (declared above)."""
