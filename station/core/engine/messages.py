# SPDX-License-Identifier: Apache-2.0
"""Every message the engine says, by key.

The engine returns a key and parameters; the English text here is also the source string
that the Qt UI hands to its translator (``QCoreApplication.translate("engine", text)``), so
Chinese is completed in the translation files, never by editing the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES: dict[str, str] = {
    # first run
    "firstrun.empty": (
        "This station has no users or items yet. Import them: station import users FILE, then "
        "items, locations and stock (samples in docs/samples/), or try the demo: station run --demo."
    ),
    # login and session
    "login.scan_badge": "Scan your badge to log in.",
    "login.badge_unknown": "Badge {badge} is not known at this station: ask a supervisor to add it.",
    "login.user_inactive": "{name}'s badge is disabled. See a supervisor.",
    "login.user_locked": "{name} is locked out after too many wrong PINs. A supervisor must clear it.",
    "login.enter_pin": "{name}: enter your PIN.",
    "login.set_pin": "{name}: choose a new PIN ({min} to {max} digits).",
    "login.confirm_pin": "{name}: enter the new PIN again.",
    "login.pin_mismatch": "The two PINs differ. Choose a new PIN again.",
    "login.pin_set": "PIN set. Welcome, {name}.",
    "login.wrong_pin": "Wrong PIN. {left} tries left.",
    "login.now_locked": "Wrong PIN. {name} is now locked out; a supervisor must clear it.",
    "login.welcome": "Welcome, {name} ({role}).",
    "login.required": "Log in first: scan your badge.",
    "login.pin_expected": "Enter the PIN on the keypad, not a scan.",
    "login.logged_out": "{name} logged out.",
    "login.idle_logout": "{name} was logged out after {minutes} minutes without a scan.",
    "login.nothing_pending": "No PIN was asked for.",
    "login.needs_enrolment": "{name} has no PIN a {role} may use here: a {role} chooses a PIN "
    "only with a one-time enrolment code. Ask for one (at central: station central enrol "
    "--badge {badge}; on a station without central: station enrol --badge {badge}), let this "
    "station sync, then scan the badge again.",
    "login.code_expired": "{name}'s enrolment code has expired or was used. Ask for a new one "
    "(station central enrol --badge {badge}), let this station sync, then scan the badge again.",
    "login.enter_code": "{name}: enter your 12-digit enrolment code.",
    "login.wrong_code": "That is not {name}'s enrolment code. {left} tries left.",
    "login.code_accepted": "Enrolment code accepted. {name}: choose a new PIN ({min} to {max} "
    "digits).",
    "pin.digits_only": "A PIN is digits only.",
    "pin.length": "A PIN has {min} to {max} digits.",
    # commands and error lock
    "command.unknown": "Unknown command barcode {code}.",
    "command.nothing_to_undo": "There is nothing to undo: scan on.",
    "command.nothing_to_cancel": "There is nothing to cancel.",
    "command.cancelled": "Cancelled.",
    "command.done": "Done.",
    "command.acknowledged": "Error acknowledged. Scan on.",
    "error.locked": "The last scan was refused: press ACKNOWLEDGE (F12) or scan its barcode, then scan on.",
    # permissions
    "perm.denied": "{role} may not {action}: ask a supervisor.",
    "perm.pin_required": "{name}: enter your PIN to confirm.",
    # input understanding
    "scan.empty": "Empty scan.",
    "scan.invalid": "Bad barcode: {reason}",
    "scan.unknown": "{text} is not an item, location or badge this station knows. Scan it again, or ask a supervisor to add it.",
    "scan.unknown_gtin": "GTIN {gtin} is not a known item. Put it aside and ask a supervisor to add the item.",
    "scan.unknown_location": "Location {code} is not known. Scan the label on the bin again, or ask a supervisor.",
    "input.unexpected": "{what} is not expected now: the line below says what to do next.",
    "choose.out_of_range": "Choose a number from 1 to {count}.",
    # lookup
    "lookup.ready": "Lookup: scan an item, a location or a badge.",
    "lookup.item": "{sku} {name}: {qty} {unit} in stock.",
    "lookup.item_none": "{sku} {name}: none in stock.",
    "lookup.location": "Location {code} ({zone}): {lines} stock lines.",
    "lookup.location_empty": "Location {code} ({zone}) is empty.",
    "lookup.user": "Badge of {name} ({role}).",
    "lookup.user_locked": "Badge of {name} ({role}): locked out. A supervisor can choose 1 to clear it.",
    "lookup.lockout_cleared": "Lockout of {name} cleared.",
    "lookup.tags": "{count} RFID tags read, {known} of known items.",
    # workflows
    "workflow.started": "{workflow} started.",
    "workflow.unknown": "There is no workflow {workflow}.",
    "home.menu": "Scan an item, location or badge to look it up, or choose what to do.",
    "home.back": "Back to lookup.",
    "session.resumed": "Resumed where {name} left off: carry on, or CANCEL.",
    # store
    "store.disk_full": "The disk is full: the scan was NOT saved. Free space, then scan again.",
    "store.read_only": "The database is read-only: the scan was NOT saved.",
    "store.locked": "The database is locked by another program: the scan was NOT saved.",
    "store.corrupt": "The database file is damaged: the scan was NOT saved.",
    "store.unavailable": "The database refused the write: the scan was NOT saved.",
    "store.needs_migration": "The database needs an upgrade.",
    "store.too_new": "The database was written by a newer station.",
}


#: Fixed choice texts workflows offer (as opposed to references and lots, which are data);
#: the UI translates these in the context "choices".
CHOICES: set[str] = {"clear lockout"}


#: English words for identifiers that reach a message as a parameter (``what``, ``status``,
#: ``reason``) or as a choice (reason codes): a clerk reads the word, never the identifier.
#: The UI translates the word in the context "words".
WORDS: dict[str, str] = {
    # inputs and what a scan was taken for (``input.unexpected``)
    "Scan": "A scan",
    "Pin": "A PIN",
    "Qty": "A quantity",
    "Choose": "A choice",
    "TextInput": "Typed text",
    "RfidRound": "An RFID read",
    "gtin": "An item barcode",
    "gs1": "A GS1 barcode",
    "location": "A location barcode",
    "badge": "A badge",
    "text": "That code",
    "command": "That command barcode",
    "invalid": "That barcode",
    "rfid": "An RFID read",
    # line and decision states
    "blind": "blind",
    "open": "open",
    "short": "short",
    "complete": "complete",
    "over": "over",
    "quarantine": "quarantine",
    "pending": "pending",
    "approved": "approved",
    "rejected": "rejected",
    "recount": "sent to recount",
    # reason codes of count adjustments (setting count_reason_codes)
    "count_correction": "Count correction",
    "damaged": "Damaged",
    "lost_or_stolen": "Lost or stolen",
    "misplaced": "Misplaced",
    "unit_of_measure_error": "Unit of measure error",
    "receiving_error": "Receiving error",
    "issue_error": "Issue error",
    "count_within_tolerance": "Within tolerance",  # an automatic approval's reason
    # movement kinds of the ledger (store.schema.MOVEMENT_KINDS), as a review lists them
    "opening": "Opening balance",
    "receipt": "Receipt",
    "issue": "Issue",
    "adjustment": "Adjustment",
    "transfer": "Transfer",
    # stale-stock follow-up tasks: their kinds and suggested actions (stale_stock.alerts)
    "near_expiry": "Near expiry",
    "expired": "Expired",
    "stale": "Stale",
    "below_min": "Below minimum",
    "above_max": "Above maximum",
    "count": "Count it",
    "promote": "Promote",
    "bundle": "Bundle",
    "return_to_supplier": "Return to supplier",
    "donate": "Donate",
    "scrap": "Scrap",
}

#: parameters whose values are identifiers shown through :data:`WORDS`
WORD_PARAMS = ("what", "status", "reason")


def word(value: object) -> str:
    """The English word for an identifier; one not listed (a site's own reason code) reads as
    its words (``water_damage`` -> ``Water damage``), never with underscores."""
    text = str(value)
    if text in WORDS:
        return WORDS[text]
    if "_" in text and text.replace("_", "").isalnum():
        return text.replace("_", " ").capitalize()
    return text


#: the title of each workflow on the home menu, by workflow name, as the engine offers them:
#: the window translates these menu entries (and names the running workflow) without finding
#: the workflows itself
MENU_TITLES: dict[str, str] = {}


def register_menu(titles: Mapping[str, str]) -> None:
    """Declare the titles the engine offers on its menu, by workflow name (the engine does,
    on start)."""
    MENU_TITLES.update(titles)


def register_choices(texts: object) -> None:
    """Declare fixed choice texts a workflow offers, so they can be translated."""
    CHOICES.update(str(t) for t in texts)  # type: ignore[attr-defined]


def register_messages(messages: dict[str, str]) -> None:
    """Add a workflow's messages. A key may be registered once; a clash is a bug."""
    for key, text in messages.items():
        if key in MESSAGES and MESSAGES[key] != text:
            raise ValueError(f"message key {key!r} registered twice with different texts")
        MESSAGES[key] = text


def render(key: str, params: dict[str, Any] | None = None) -> str:
    """The English text of ``key`` with ``params`` filled in; unknown keys show themselves."""
    template = MESSAGES.get(key, key)
    shown = dict(params or {})
    for name in WORD_PARAMS:
        if isinstance(shown.get(name), str) and key != "scan.invalid":  # its reason: a sentence
            shown[name] = word(shown[name])
    try:
        return template.format(**shown)
    except (KeyError, IndexError, ValueError):
        return template
