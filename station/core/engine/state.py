# SPDX-License-Identifier: Apache-2.0
"""The engine's own state between inputs, what a step's result carries, and the settings as
stored: what the engine saves with every input and reads back after a restart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, TypedDict

from msgspec import Struct, field
from sqlalchemy import Connection

from ..store.raw_rows import fetch_tuples, fetch_value
from .settings import DEFAULT_SETTINGS

HOME = "lookup"


class Result(Struct):
    outcome: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    choices: list[str] = field(default_factory=list)
    effects: list[dict[str, Any]] = field(default_factory=list)


class EngineState(TypedDict, total=False):
    """What the engine keeps between inputs, saved as JSON with each one (``engine_state``).
    Every key may be missing from a state saved by an older station, hence ``total=False``.

    ``user``: the logged-in user (``SessionUser.to_json()``) or None; ``login``: a login
    waiting for a PIN (``user_id``, ``stage``); ``confirm``: a PIN asked for a step;
    ``approval``: a quantity waiting for a supervisor; ``workflow`` and ``wf``: the running
    workflow's name and its own state (typed by that workflow); ``error_locked``: a refusal
    waits for acknowledgement; ``last_input_at``: for the idle logout. The values of the
    objects (``user`` ... ``wf``) are the modules' own to check: here only the keys are."""

    user: Any
    login: Any
    confirm: Any
    approval: Any
    workflow: str
    wf: Any
    error_locked: bool
    last_input_at: str | None


def logged_out() -> EngineState:
    """What a logout leaves: nobody logged in, nothing waiting, home."""
    return {
        "user": None,
        "login": None,
        "confirm": None,
        "approval": None,
        "workflow": HOME,
        "wf": {"kind": None},
    }


def fresh_state() -> EngineState:
    return {**logged_out(), "error_locked": False, "last_input_at": None}


def load_settings(conn: Connection, site: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The settings a station uses: the registry's defaults, then the store's ``settings``
    table, then ``site`` (the values of the site's settings.toml)."""
    merged = dict(DEFAULT_SETTINGS)
    for key, value in fetch_tuples(conn, "SELECT key, value FROM settings", ()):
        try:
            merged[key] = json.loads(value)
        except ValueError:
            continue
    merged.update(site or {})
    return merged


def last_scan_time(conn: Connection) -> str | None:
    """The time of the newest scan or read round (the scan log's newest entry)."""
    newest = fetch_value(
        conn,
        "SELECT created_at FROM outbox WHERE kind IN ('scan', 'rfid_round') "
        "ORDER BY id DESC LIMIT 1",
    )
    if newest is None:  # nothing since migration 0003: the log from before it
        newest = fetch_value(conn, "SELECT ts FROM scan_log_legacy ORDER BY id DESC LIMIT 1")
    return None if newest is None else str(newest)
