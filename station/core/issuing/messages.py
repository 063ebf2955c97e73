# SPDX-License-Identifier: Apache-2.0
"""What two-person issuing says and the settings it reads (docs/workflows/issuing.md)."""

from __future__ import annotations

from ..engine.messages import register_choices, register_messages
from ..engine.settings import REGISTRY, Setting, declare

MESSAGES = {
    "issuing.choose_order": "Choose the issue order to pick, or scan its reference.",
    "issuing.no_orders": "There are no issue orders to pick.",
    "issuing.order_unknown": "{reference} is not an issue order.",
    "issuing.order_busy": "{reference} is being picked by {name}: choose another order, or ask {name} to leave it.",
    "issuing.order_closed": "{reference} is already issued.",
    "issuing.started": "{reference} for {destination}: {lines} lines. Scan the location.",
    "issuing.resumed": "{reference} resumed where it was left.",
    "issuing.resumed_handover": "{reference} resumed: locked, waiting for a checker's badge.",
    "issuing.location": "At {location}. Scan the item.",
    "issuing.scan_location_first": "Scan the location first ({sku}: {location}).",
    "issuing.wrong_item": "{sku} {name} is not on {reference}: wrong item. Put it back and scan an item of the order.",
    "issuing.line_complete": "Line {line} ({sku}) is already complete. To change it, press UNDO (F8).",
    "issuing.wrong_location": "Line {line} ({sku}) is picked from {wanted}, not {location}: go to {wanted}, scan that bin, then the item.",
    "issuing.scan_lot": "Line {line} {sku}: scan the lot. Take lot {lot} first.",
    "issuing.scan_lot_any": "Line {line} {sku}: scan the lot.",
    "issuing.scan_lot_first": "Line {line} {sku}: scan its lot before anything else.",
    "issuing.check_scan_lot_first": "Check line {line} {sku}: scan its lot before anything else.",
    "issuing.lot_unknown": "Lot {lot} of {sku} is not known.",
    "issuing.lot_not_here": "There is no {sku} of lot {lot} at {location}: go to the bin shown under Take, scan it, then the item.",
    "issuing.lot_expired": "Lot {lot} of {sku} expired on {expiry}: it may not be issued. Put it aside and take another lot.",
    "issuing.lot_not_fefo": "Lot {lot} refused: lot {suggested} expires first ({expiry}). Take lot {suggested} instead.",
    "issuing.lot_not_fifo": (
        "Lot {lot} refused: lot {suggested} was received first ({received}) and goes "
        "first. Take lot {suggested} instead."
    ),
    "issuing.lot_not_fefo_taken": (
        "Line {line} {sku}: lot {lot} taken, but lot {suggested} expires first ({expiry})."
    ),
    "issuing.lot_not_fifo_taken": (
        "Line {line} {sku}: lot {lot} taken, but lot {suggested} was received first ({received})."
    ),
    "issuing.lot_wrong_order": "Line {line} asks for lot {wanted}, not {lot}.",
    "issuing.lot_other": "Line {line} is picked from lot {current}; undo it to take lot {lot}.",
    "issuing.picked": "Line {line} {sku}: {qty} of {ordered} {unit} (lot {lot}).",
    "issuing.over_pick": "Line {line} {sku}: {qty} is more than the {ordered} ordered. Type the quantity again, at most {ordered}.",
    "issuing.not_enough_stock": "Only {available} {unit} of {sku} lot {lot} at {location}: type what you took, then DONE marks the line short.",
    "issuing.qty_no_line": "Scan an item before typing a quantity.",
    "issuing.qty_negative": "A quantity cannot be negative.",
    "issuing.undone": "Line {line} cleared.",
    "issuing.nothing_to_undo": "Nothing to undo on this order.",
    "issuing.short_reason": "Line {line} {sku}: {qty} of {ordered} picked. Choose why it is short.",
    "issuing.reason_expected": "Choose a reason for the short line (a number), or type one.",
    "issuing.nothing_picked": "Nothing is picked yet: pick a line, or cancel the order.",
    "issuing.lot_missing": "Line {line} {sku}: scan the lot before finishing.",
    "issuing.locked": "{reference} is locked for checking. Checker: scan your badge.",
    "issuing.waiting_checker": "{reference} is locked: waiting for a checker's badge.",
    "issuing.unlocked": "{reference} unlocked: back to picking.",
    "issuing.finish_first": "Finish picking first (DONE); then the checker scans their badge.",
    "issuing.same_person": (
        "{name} picked {reference} and may not check it: another person must scan their "
        "badge to check."
    ),
    "issuing.checker_not_allowed": "{name} ({role}) may not check issues: ask a clerk or a supervisor to check.",
    "issuing.checker_unknown": "Badge {badge} is not known: it cannot check. Ask a supervisor to add it.",
    "issuing.checker_unavailable": "{name} cannot check now: the badge is locked or disabled.",
    "issuing.checker_pin": "{name}: enter your PIN to check {reference}.",
    "issuing.checking": "{name} checks {reference}: scan every item again, then DONE.",
    "issuing.check_scanned": "Check line {line} {sku}: {qty} {unit} counted.",
    "issuing.check_scan_lot": "Check line {line} {sku}: scan the lot.",
    "issuing.check_lot": "Check line {line} {sku}: lot {lot}.",
    "issuing.check_lot_other": "Check line {line}: lot {current} already counted; undo to change.",
    "issuing.check_wrong_item": "{sku} {name} is not on {reference} (or already checked): set it aside and scan the next item.",
    "issuing.check_in_progress": "{name} is checking {reference}: scan items, then DONE.",
    "issuing.mismatch": "{count} line(s) differ ({lines}): back to the picker to pick again.",
    "issuing.posted": "{reference} issued: {lines} lines, picked by {picker}, checked by {checker}.",
    "issuing.posted_partial": (
        "{reference} partly issued: {lines} lines, picked by {picker}, checked by {checker}. "
        "The rest stays open."
    ),
    "issuing.stock_changed": (
        "Only {available} of {sku} lot {lot} left at {location}: line {line} cannot be issued."
    ),
    "issuing.cancelled": "{reference} cancelled: nothing was issued.",
    "issuing.back_to_picking": "Back to picking {reference}.",
}

register_messages(MESSAGES)

SHORT_REASONS = [
    "not found at the location",
    "not enough stock",
    "damaged",
    "expired",
    "other",
]
declare(
    Setting(
        "issuing_non_fefo_lot",
        "choice",
        "refuse",
        "A lot ranked after the suggested one: refuse it, or allow it with the reason shown.",
        "拣选了排在建议批次之后的批次:refuse 拒绝,allow 允许并显示原因。",
        choices=("refuse", "allow"),
        group="issuing",
    ),
    Setting(
        "issuing_short_reasons",
        "list",
        SHORT_REASONS,
        "The reasons offered for a short line, separated by semicolons.",
        "拣货不足时可选的原因,用分号分隔。",
        group="issuing",
    ),
    Setting(
        "issuing_dispatch_note",
        "bool",
        True,
        "Write the dispatch note when an issue is posted.",
        "发货过账时生成发货单。",
        group="issuing",
    ),
)

SETTINGS = {k: s.default for k, s in REGISTRY.items() if s.group == "issuing"}
"""This area's settings and their defaults (declared above)."""

register_choices(SHORT_REASONS)
