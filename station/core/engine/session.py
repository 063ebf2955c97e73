# SPDX-License-Identifier: Apache-2.0
"""The headless workflow engine: fed input events, it returns outcomes.

One :class:`Engine` serves one station. ``handle(event)`` runs on the caller's thread (the
station's single store thread, never the UI thread) and does, in one write transaction:
interpret the input, let the login machinery or the active workflow act on it, write the
scan log and the outbox event, and save the engine's own state. Only after COMMIT returns
is the outcome handed back with ``committed=True``; the UI acknowledges (beep, flash) only
then. When the store refuses the write (disk full, read-only, locked, damaged) the outcome
is a rejection with ``committed=False`` and the engine's state is exactly as before.

Because the state is saved with every input, a new Engine on the same store (after a crash
or ``@restart``) carries on where the last committed input left it.
"""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from msgspec import structs
from sqlalchemy import Connection

from ..clock import Clock
from ..scan_meaning import ScanMeaning, interpret
from ..store import catalog
from ..store.database import Store
from ..store.errors import StoreError
from ..store.events import (
    StationIdentity,
    append_audit,
    driver_connection,
    iso,
    record_scan_event,
)
from ..store.pins import MAX_PIN_LENGTH, MIN_PIN_LENGTH
from ..store.raw_rows import fetch_tuple, fetch_value
from . import quantities
from .approvals import QuantityApprovals
from .expects import KEYPAD_MAX, PIN, expects, with_choices
from .feedback import INFO, feedback_of
from .inputs import (
    ACCEPTED,
    REJECTED,
    Choose,
    InputEvent,
    Outcome,
    Pin,
    Qty,
    RfidRound,
    Scan,
)
from .login import LoginSteps
from .lookup import LookupWorkflow
from .messages import register_menu, register_messages, render
from .permissions import ACTIONS, allowed, pin_enrolled
from .settings import DEFAULT_SETTINGS
from .state import HOME, EngineState, Result, fresh_state, last_scan_time, load_settings
from .workflow import Ctx, PermissionDenied, SessionUser, Step, Workflow
from .workflow_entry import LazyWorkflow, failed_to_load

register_messages(quantities.MESSAGES)


class Engine(LoginSteps, QuantityApprovals):
    """The station's workflow engine. Not thread-safe: call it from one thread."""

    _who: StationIdentity

    @property
    def who(self) -> StationIdentity:
        """The identity events are written under, read from the store each time: sync may give
        the store a new incarnation while the window runs (a copied-back file healed)."""
        store = self.store
        who = self._who
        if who.incarnation_id != store.incarnation_id or who.station_id != store.station_id:
            who = self._who = StationIdentity(store.station_id, store.incarnation_id)
        return who

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        workflows: dict[str, Workflow[Any]] | None = None,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self._who = StationIdentity(store.station_id, store.incarnation_id)
        if workflows is None:
            workflows = self._feature_workflows()
        self.workflows: dict[str, Workflow[Any]] = {HOME: LookupWorkflow(), **workflows}
        register_menu({name: wf.title for name, wf in self.workflows.items() if name != HOME})
        self._menus: dict[str, list[Workflow[Any]]] = {}
        self._last_text = ""
        self._last_dt = datetime.min
        self._idle_minutes: object = None
        self._idle_after = timedelta(0)
        self._user_of: tuple[dict[str, Any] | None, SessionUser | None] = (None, None)
        self._approved_qty: Decimal | None = None  # set while an approved input is replayed
        with store.reading() as conn:
            self.settings = load_settings(conn, settings)
            row = fetch_value(conn, "SELECT state FROM engine_state WHERE id = 1")
            last_scan = last_scan_time(conn)
            self.state: EngineState = json.loads(row) if row else fresh_state()
            current = self.workflows.get(self.state.get("workflow") or HOME)
            if failed_to_load(current):
                current = None  # logged: nothing to restore
            restore = getattr(current, "restored", None)
            if restore is not None and isinstance(self.state.get("wf"), dict):
                self.state["wf"] = restore(conn, self.state["wf"])
        self._persisted: dict[str, Any] = self._persisted_form(self.state)
        # scans that changed nothing else are not re-saved; the newest scan tells the last input
        saved_at = self.state.get("last_input_at")
        if last_scan and (
            not saved_at or datetime.fromisoformat(last_scan) > datetime.fromisoformat(saved_at)
        ):
            self.state["last_input_at"] = last_scan

    def _feature_workflows(self) -> dict[str, Workflow[Any]]:
        """The features' workflows: each listed one as a stand-in that loads it at first use
        (:mod:`.workflow_entry`), any other loaded now."""
        from ..features import discover_entries, discover_workflows, unlisted_workflow_modules

        entries = discover_entries()
        found: dict[str, Workflow[Any]] = {
            entry.name: LazyWorkflow(entry, self._workflow_loaded) for entry in entries
        }
        unlisted = unlisted_workflow_modules(entries)
        if unlisted:
            found.update({wf.name: wf for wf in discover_workflows(unlisted)})
        return found

    def _workflow_loaded(self) -> None:
        """A workflow's module was loaded: the settings it declared join the engine's (their
        defaults; the store's and the site's values were read already, whatever their key)."""
        for key, default in DEFAULT_SETTINGS.items():
            self.settings.setdefault(key, default)

    # -- public ------------------------------------------------------------------------------
    def handle(self, event: InputEvent) -> Outcome:
        """Act on one input; see the module docstring for the durability contract."""
        now = self.clock.now()
        self.store.gate.bind_scan_thread()
        state = self._private_copy()  # self.state stays as committed until COMMIT returns
        meaning = (
            interpret(event.text, event.aim, event.symbology) if isinstance(event, Scan) else None
        )
        try:
            with self.store.transaction() as conn:
                result = self._dispatch(conn, now, state, event, meaning)
                if result.outcome == REJECTED and self.settings.get("error_lock"):
                    state["error_locked"] = True
                state["last_input_at"] = iso(now)
                self._record_input(conn, now, state, event, meaning, result)
                persisted = self._save_if_changed(conn, now, state)
        except StoreError as exc:
            return self._outcome(
                self.state, Result(REJECTED, exc.key), committed=False, message=str(exc)
            )
        self.state, self._persisted = state, persisted
        outcome = self._outcome(state, result)
        alarms = self.store.take_alarms()
        if alarms:  # e.g. the audit anchor refused: the person at the station sees it now
            outcome = structs.replace(outcome, alarms=alarms, feedback="attention")
        return outcome

    def tick(self) -> Outcome | None:
        """Log out an idle user; the UI calls this from a timer. None when nothing changed."""
        now = self.clock.now()
        if not self._idle_expired(self.state, now):
            return None
        self.store.gate.bind_scan_thread()
        state = self._private_copy()
        try:
            with self.store.transaction() as conn:
                result = self._idle_logout(conn, now, state)
                persisted = self._save_if_changed(conn, now, state)
        except StoreError:
            return None
        self.state, self._persisted = state, persisted
        return self._outcome(state, result)

    def current_user_may(self, action: str) -> bool:
        """Whether the logged-in user's role allows ``action`` (the same check the workflows
        use; the UI asks it before opening admin-only dialogs)."""
        user: dict[str, Any] | None = self.state.get("user")
        return user is not None and allowed(str(user["role"]), action)

    def snapshot(self) -> Outcome:
        """The current state as an outcome (for a screen that has just opened).

        On a station with no users yet (first run without the demo) it says what to import.
        """
        user = self.state.get("user")
        key = "login.scan_badge" if user is None else "lookup.ready"
        params: dict[str, Any] = {}
        if user is None:
            with self.store.reading() as conn:
                if fetch_tuple(conn, "SELECT id FROM users LIMIT 1", ()) is None:
                    key = "firstrun.empty"
        elif (self.state.get("workflow") or HOME) != HOME:
            key, params = "session.resumed", {"name": user["name"]}
        return self._outcome(self.state, Result(ACCEPTED, key, params), feedback=INFO)

    # -- dispatch ------------------------------------------------------------------------------
    def _dispatch(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        event: InputEvent,
        meaning: ScanMeaning | None,
    ) -> Result:
        command = (
            meaning.internal.value
            if meaning and meaning.kind == "command" and meaning.internal
            else None
        )
        if command == "ack":
            state["error_locked"] = False
            return Result(ACCEPTED, "command.acknowledged")
        if state.get("error_locked"):
            return Result(REJECTED, "error.locked")
        idle_note: Result | None = None
        if self._idle_expired(state, now):
            idle_note = self._idle_logout(conn, now, state)
        active = self.workflows.get(state.get("workflow") or HOME)
        raw_ok = state.get("user") is not None and getattr(active, "takes_raw_scans", False)
        if meaning is not None and meaning.kind == "invalid" and not raw_ok:
            return Result(
                REJECTED,
                "scan.invalid",
                {
                    "reason": meaning.error or meaning.error_code,
                    "code": meaning.error_code,
                    "ai": meaning.error_ai,
                },
            )
        if meaning is not None and meaning.kind == "text" and not meaning.text.strip():
            return Result(REJECTED, "scan.empty")
        if state.get("login"):
            return self._login_input(conn, now, state, event, meaning, command)
        if state.get("user") is None:
            if meaning is not None and meaning.kind == "badge" and meaning.internal:
                return self._start_login(conn, now, state, meaning.internal.value)
            if idle_note is not None:
                return Result(REJECTED, idle_note.key, idle_note.params)
            return Result(REJECTED, "login.required")
        return self._user_input(conn, now, state, event, meaning, command)

    def _user_input(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        event: InputEvent,
        meaning: ScanMeaning | None,
        command: str | None,
    ) -> Result:
        """An input while somebody is logged in."""
        user = self._session_user(state["user"])
        if state.get("confirm"):
            return self._confirm_input(conn, now, state, user, event, command)
        if isinstance(event, Pin):
            return Result(REJECTED, "login.nothing_pending")
        if state.get("approval"):
            return self._approval_input(conn, state, user, meaning, command)
        if isinstance(event, Qty):
            try:
                event = Qty(quantities.read_typed(event.qty, self.settings))
            except quantities.QuantityRefused as refused:
                return Result(REJECTED, refused.key, refused.params)
        own_badge = (
            meaning is not None
            and meaning.kind == "badge"
            and meaning.internal is not None
            and meaning.internal.value == user.badge
        )
        current = self.workflows.get(state.get("workflow") or HOME)
        badge_wanted = current is not None and current.wants_badge(state["wf"])
        if command == "logout" or (own_badge and not badge_wanted):
            return self._logout(conn, now, state, user, "login.logged_out")
        ctx = Ctx(conn, now, self.who, user, self.settings, self._approved_qty)
        workflow = self.workflows[state.get("workflow") or HOME]
        try:
            if command is not None and command not in ("done", "cancel", "undo"):
                starting = self._by_command(command)
                if starting is None:
                    code = meaning.text if meaning else ""
                    return Result(REJECTED, "command.unknown", {"code": code})
                return self._start(ctx, state, starting, None)
            if command is not None:
                step = workflow.command_input(ctx, state["wf"], command)
            else:
                if workflow.name == HOME:
                    started = self._start_from_home(ctx, state, event, meaning)
                    if started is not None:
                        return started
                step = workflow.handle(ctx, state["wf"], event, meaning)
            return self._apply_step(ctx, state, step)
        except PermissionDenied as denied:
            action = ACTIONS.get(denied.action, denied.action)
            return Result(REJECTED, "perm.denied", {"role": denied.role, "action": action})
        except quantities.QuantityRefused as refused:
            self._keep_workflow_state(state)
            return Result(REJECTED, refused.key, refused.params)
        except quantities.NeedsApproval as above:
            self._keep_workflow_state(state)
            return self._ask_approval(state, user, event, above)

    def _session_user(self, record: dict[str, Any]) -> SessionUser:
        """The logged-in user; made again only when the state's user record is replaced."""
        known, user = self._user_of
        if record is not known or user is None:
            user = SessionUser(**record)
            self._user_of = (record, user)
        return user

    # -- starting workflows --------------------------------------------------------------------
    def menu(self, role: str) -> list[Workflow[Any]]:
        """The workflows a role may start from home, in menu order (lookup excluded)."""
        cached = self._menus.get(role)
        if cached is None:
            cached = [
                wf
                for wf in sorted(self.workflows.values(), key=lambda w: (w.order, w.name))
                if wf.name != HOME and allowed(role, wf.permission)
            ]
            self._menus[role] = cached
        return cached

    def home_menu(self, conn: Connection, role: str) -> list[Workflow[Any]]:
        """The menu as home shows it now: the role's workflows that are offered now."""
        return [wf for wf in self.menu(role) if wf.offered(conn)]

    def _by_command(self, command: str) -> Workflow[Any] | None:
        for wf in self.workflows.values():
            if wf.command and wf.command.lower() == command:
                return wf
        return None

    def _start_from_home(
        self, ctx: Ctx, state: EngineState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Result | None:
        """A scan or a menu choice at home that starts another workflow, else None."""
        if isinstance(event, Choose) and not state["wf"].get("locked"):
            menu = self.home_menu(ctx.conn, ctx.user.role)
            if not 1 <= event.n <= len(menu):
                return Result(REJECTED, "choose.out_of_range", {"count": len(menu)})
            return self._start(ctx, state, menu[event.n - 1], None)
        if meaning is None or meaning.kind in ("badge", "invalid"):
            return None
        for wf in self.menu(ctx.user.role):
            if wf.claims(ctx, meaning):
                return self._start(ctx, state, wf, meaning)
        return None

    def _start(
        self, ctx: Ctx, state: EngineState, wf: Workflow[Any], meaning: ScanMeaning | None
    ) -> Result:
        ctx.require(wf.permission)
        if failed_to_load(wf):
            return Result(REJECTED, "workflow.unknown", {"workflow": wf.title})
        state["workflow"] = wf.name
        state["wf"] = {}
        return self._apply_step(ctx, state, wf.start(ctx, meaning))

    def _apply_step(self, ctx: Ctx, state: EngineState, step: Step) -> Result:
        state["wf"] = step.state
        if step.confirm is not None:
            state["confirm"] = {"workflow": state["workflow"], **step.confirm}
        if step.switch_to is not None:
            target = self.workflows.get(step.switch_to)
            if target is None or failed_to_load(target):
                return Result(REJECTED, "workflow.unknown", {"workflow": step.switch_to})
            ctx.require(target.permission)
            state["workflow"] = step.switch_to
            started = target.start(ctx)
            state["wf"] = started.state
            if step.switch_to == HOME:
                choices = [wf.title for wf in self.home_menu(ctx.conn, ctx.user.role)]
                return Result(step.outcome, step.key, step.params, choices, step.effects)
            return Result(
                started.outcome,
                started.key,
                started.params,
                started.choices,
                step.effects + started.effects,
            )
        return Result(step.outcome, step.key, step.params, step.choices, step.effects)

    # -- PIN confirmation of a step ------------------------------------------------------------
    def _confirm_input(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        user: SessionUser,
        event: InputEvent,
        command: str | None,
    ) -> Result:
        if command == "cancel":
            held, state["confirm"] = state["confirm"], None
            if held.get("replay") is not None:
                params = {k: held[k] for k in ("qty", "unit", "ceiling")}
                return Result(ACCEPTED, "qty.approval_cancelled", params)
            return Result(ACCEPTED, "command.cancelled")
        pending = state["confirm"]
        record = catalog.user_by_id(conn, int(pending.get("pin_of") or user.id))
        assert record is not None
        if not isinstance(event, Pin):
            return Result(REJECTED, "perm.pin_required", {"name": record.name})
        if record.locked or not record.active:
            state["confirm"] = None
            return Result(REJECTED, "login.user_locked", {"name": record.name})
        if not pin_enrolled(record.role, record.pin_origin):  # no approval on a borrowed PIN
            state["confirm"] = None
            return Result(
                REJECTED,
                "login.needs_enrolment",
                {"name": record.name, "role": record.role, "badge": record.badge},
            )
        if not self._check_pin(conn, now, record, event.pin):
            result = self._wrong_pin_result(conn, record)
            if result.key == "login.now_locked":
                if record.id == user.id:
                    self._logout(conn, now, state, user, "login.now_locked")
                else:
                    state["confirm"] = None
            return result
        confirm = state.pop("confirm")
        state["confirm"] = None
        append_audit(
            conn,
            now,
            record.id,
            "pin.confirmed",
            {"action": confirm.get("action"), "workflow": confirm.get("workflow"), "for": user.id},
        )
        if confirm.get("replay") is not None:
            return self._replay_approved(conn, now, state, user, confirm)
        ctx = Ctx(conn, now, self.who, user, self.settings)
        workflow = self.workflows[confirm["workflow"]]
        try:
            return self._apply_step(ctx, state, workflow.confirmed(ctx, state["wf"], confirm))
        except PermissionDenied as denied:
            return Result(
                REJECTED,
                "perm.denied",
                {"role": denied.role, "action": ACTIONS.get(denied.action, denied.action)},
            )

    # -- records -------------------------------------------------------------------------------
    def _record_input(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        event: InputEvent,
        meaning: ScanMeaning | None,
        result: Result,
    ) -> None:
        user_id = state["user"]["id"] if state.get("user") else None
        workflow = state.get("workflow") or HOME
        if isinstance(event, Scan):
            record_scan_event(
                conn,
                self.who,
                now,
                user_id,
                event.device_url,
                meaning.symbology if meaning else event.symbology,
                meaning.aim if meaning else event.aim,
                event.raw or event.text.encode("utf-8", "surrogateescape"),
                event.text,
                meaning.to_json() if meaning else {},
                workflow,
                result.outcome,
                result.key,
            )
        elif isinstance(event, RfidRound):
            epcs = [read.epc for read in event.reads]
            record_scan_event(
                conn,
                self.who,
                now,
                user_id,
                event.device_url,
                "rfid",
                None,
                " ".join(epcs).encode("ascii", "replace"),
                " ".join(epcs),
                {"kind": "rfid", "epcs": epcs},
                workflow,
                result.outcome,
                result.key,
                kind="rfid_round",
                extra={"kind": "rfid", "epcs": epcs},
            )

    def _private_copy(self) -> EngineState:
        """A copy of the committed state for one input. The engine replaces its nested values
        rather than changing them; a workflow's state is copied deeply unless the workflow is
        copy-on-write (``BaseWorkflow.copy_on_write``: it builds a new state, never changes
        the one it is given), so a refused or rolled-back input leaves ``self.state`` as it
        was committed."""
        state = self.state.copy()
        workflow = self.workflows.get(state.get("workflow") or HOME)
        if not getattr(workflow, "copy_on_write", False):
            state["wf"] = copy.deepcopy(self.state.get("wf"))
        return state

    def _persisted_form(self, state: EngineState) -> dict[str, Any]:
        """What is saved: the state without the input time and without what a workflow shows
        but need not keep (lookup's stock lines)."""
        saved = {key: value for key, value in state.items() if key != "last_input_at"}
        workflow = self.workflows.get(state.get("workflow") or HOME)
        if workflow is not None:
            saved["wf"] = workflow.persisted_state(state.get("wf") or {})
        return saved

    def _save_if_changed(
        self, conn: Connection, now: datetime, state: EngineState
    ) -> dict[str, Any]:
        """Save the state in the input's transaction when it changed; a lookup scan changes
        nothing worth saving, and skipping the write keeps the scan path to two inserts."""
        persisted = self._persisted_form(state)
        if persisted != self._persisted:
            self._save_state(conn, now, {**persisted, "last_input_at": state["last_input_at"]})
        return persisted

    @staticmethod
    def _save_state(conn: Connection, now: datetime, state: dict[str, Any]) -> str:
        db = driver_connection(conn)
        text = json.dumps(state, sort_keys=True)
        updated = db.execute(
            "UPDATE engine_state SET state = ?, updated_at = ? WHERE id = 1", (text, iso(now))
        )
        if updated.rowcount == 0:
            db.execute(
                "INSERT INTO engine_state (id, state, updated_at) VALUES (1, ?, ?)",
                (text, iso(now)),
            )
        return text

    def _outcome(
        self,
        state: EngineState,
        result: Result,
        *,
        committed: bool = True,
        message: str | None = None,
        feedback: str | None = None,
    ) -> Outcome:
        workflow_name = state.get("workflow") or HOME
        workflow = self.workflows.get(workflow_name)
        public = workflow.public_state(state.get("wf") or {}) if workflow else {}
        if state.get("login") or state.get("confirm"):
            wants = expects(PIN, min_digits=MIN_PIN_LENGTH, max_digits=MAX_PIN_LENGTH)
        elif workflow is not None and state.get("user"):
            wants = with_choices(workflow.expects(state.get("wf") or {}), result.choices)
            if wants.get("max") == KEYPAD_MAX:  # the keypad's limit is the site's hard maximum
                wants["max"] = quantities.text_of(quantities.hard_max(self.settings))
        else:
            wants = expects("scan")
        if state.get("login"):
            public = {"login": state["login"]["stage"]}
        elif state.get("confirm"):
            public = {**public, "awaiting_pin": True}
        elif state.get("approval"):
            held = state["approval"]
            public = {
                **public,
                "awaiting_approval": {k: held[k] for k in ("qty", "unit", "ceiling")},
            }
        users = [state["user"]] if state.get("user") else []
        if users and workflow is not None:
            users += workflow.participants(state.get("wf") or {})
        return Outcome(
            outcome=result.outcome,
            message_key=result.key,
            message=message or render(result.key, result.params),
            workflow=workflow_name if state.get("user") else "login",
            users=[{k: v for k, v in u.items() if k != "id"} for u in users],
            state=dict(public),
            params=result.params,
            committed=committed,
            choices=result.choices,
            effects=result.effects if committed else [],
            expects=wants,
            feedback=feedback or feedback_of(result.outcome, result.key, committed),
        )
