# SPDX-License-Identifier: Apache-2.0
"""Logging in and out at the station: badge, PIN, a first PIN and its confirmation, wrong
PINs counted and the user locked, idle logout. A supervisor's or admin's PIN is chosen only
after a one-time enrolment code (:mod:`station.core.store.enrolments`); every PIN chosen here
is queued for central. The engine's first link
(:class:`station.core.engine.session.Engine`); every change is to the engine's state and the
store within the input's transaction.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from ..scan_meaning import ScanMeaning
from ..store import catalog, enrolments
from ..store.events import (
    append_audit,
)
from ..store.pins import MAX_PIN_LENGTH, MIN_PIN_LENGTH, hash_pin, pin_problem, verify_pin
from .inputs import (
    ACCEPTED,
    PENDING,
    REJECTED,
    InputEvent,
    Pin,
)
from .permissions import ENROL_ROLES, PIN_ALWAYS_ROLES, pin_enrolled
from .state import HOME, EngineState, Result, logged_out
from .workflow import SessionUser, Workflow


class LoginSteps:
    """The login steps of :class:`~station.core.engine.session.Engine`, which sets these."""

    settings: dict[str, Any]
    _last_text: str
    _last_dt: datetime
    _idle_minutes: object
    _idle_after: timedelta

    def menu(self, role: str) -> list[Workflow[Any]]:
        """The workflows ``role`` may start, in menu order (the engine's)."""
        raise NotImplementedError

    def home_menu(self, conn: Connection, role: str) -> list[Workflow[Any]]:
        """The workflows home offers ``role`` now, in menu order (the engine's)."""
        raise NotImplementedError

    # -- login -------------------------------------------------------------------------------
    def _start_login(
        self, conn: Connection, now: datetime, state: EngineState, badge: str
    ) -> Result:
        user = catalog.user_by_badge(conn, badge)
        if user is None:
            return Result(REJECTED, "login.badge_unknown", {"badge": badge})
        if not user.active:
            return Result(REJECTED, "login.user_inactive", {"name": user.name})
        if user.locked:
            return Result(REJECTED, "login.user_locked", {"name": user.name})
        if user.role in ENROL_ROLES:
            codes = enrolments.for_badge(conn, badge)
            if enrolments.valid(codes, now):  # a code asked for: the owner enrols again
                state["login"] = {"user_id": user.id, "stage": "enrol_code"}
                return Result(PENDING, "login.enter_code", {"name": user.name})
            if user.pin_hash is None or not pin_enrolled(user.role, user.pin_origin):
                return self._needs_enrolment(user, expired=bool(codes))
        if user.pin_hash is None:
            state["login"] = {"user_id": user.id, "stage": "new_pin", "origin": "chosen"}
            return Result(
                PENDING,
                "login.set_pin",
                {"name": user.name, "min": MIN_PIN_LENGTH, "max": MAX_PIN_LENGTH},
            )
        needs_pin = user.role in PIN_ALWAYS_ROLES or user.role in self.settings.get(
            "pin_required_roles", []
        )
        if needs_pin or user.pin_is_one_time:
            state["login"] = {"user_id": user.id, "stage": "pin"}
            return Result(PENDING, "login.enter_pin", {"name": user.name})
        return self._complete_login(conn, now, state, user)

    def _login_input(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        event: InputEvent,
        meaning: ScanMeaning | None,
        command: str | None,
    ) -> Result:
        if command == "cancel":
            state["login"] = None
            return Result(ACCEPTED, "command.cancelled")
        if meaning is not None and meaning.kind == "badge" and meaning.internal:
            state["login"] = None
            return self._start_login(conn, now, state, meaning.internal.value)
        if not isinstance(event, Pin):
            return Result(REJECTED, "login.pin_expected")
        pending = state["login"]
        user = catalog.user_by_id(conn, int(pending["user_id"]))
        if user is None:
            state["login"] = None
            return Result(REJECTED, "login.required")
        stage = pending["stage"]
        choose = {"name": user.name, "min": MIN_PIN_LENGTH, "max": MAX_PIN_LENGTH}
        if stage == "enrol_code":
            return self._enrol_code(conn, now, state, user, event.pin)
        if stage == "pin":
            if not self._check_pin(conn, now, user, event.pin):
                state["login"] = None if catalog.user_by_id(conn, user.id).locked else pending  # type: ignore[union-attr]
                return self._wrong_pin_result(conn, user)
            if not pin_enrolled(user.role, user.pin_origin):  # a login begun before a change
                state["login"] = None
                return self._needs_enrolment(user)
            if user.pin_is_one_time:
                state["login"] = {"user_id": user.id, "stage": "new_pin", "origin": "reset"}
                return Result(PENDING, "login.set_pin", choose)
            return self._complete_login(conn, now, state, user)
        if stage == "new_pin":
            problem = pin_problem(event.pin)
            if problem:
                return Result(REJECTED, problem, {"min": MIN_PIN_LENGTH, "max": MAX_PIN_LENGTH})
            state["login"] = {**pending, "stage": "confirm_pin", "first": hash_pin(event.pin)}
            return Result(PENDING, "login.confirm_pin", {"name": user.name})
        # confirm_pin
        if not verify_pin(event.pin, pending.get("first")):
            state["login"] = {k: v for k, v in pending.items() if k != "first"} | {
                "stage": "new_pin"
            }
            return Result(REJECTED, "login.pin_mismatch")
        return self._pin_chosen(conn, now, state, user, pending)

    @staticmethod
    def _needs_enrolment(user: catalog.User, *, expired: bool = False) -> Result:
        key = "login.code_expired" if expired else "login.needs_enrolment"
        return Result(REJECTED, key, {"name": user.name, "role": user.role, "badge": user.badge})

    def _enrol_code(
        self, conn: Connection, now: datetime, state: EngineState, user: catalog.User, code: str
    ) -> Result:
        """The enrolment code of a supervisor or admin: right once, then a new PIN is chosen;
        wrong ones count as wrong PINs (the badge locks)."""
        enrolment = enrolments.matching(enrolments.for_badge(conn, user.badge), code, now)
        if enrolment is None:
            locked = self._count_failure(conn, now, user, "user.enrol_code_wrong")
            if locked:
                state["login"] = None
                return Result(REJECTED, "login.now_locked", {"name": user.name})
            left = int(self.settings.get("max_pin_failures", 5)) - (user.failed_pins + 1)
            return Result(REJECTED, "login.wrong_code", {"left": left, "name": user.name})
        if user.failed_pins:
            catalog.update_user_pin_state(conn, user.id, failed_pins=0)
        state["login"] = {
            "user_id": user.id,
            "stage": "new_pin",
            "origin": "enrolled",
            "enrolment": enrolment.id,
            "proof": enrolment.proof(code),
        }
        return Result(
            PENDING,
            "login.code_accepted",
            {"name": user.name, "min": MIN_PIN_LENGTH, "max": MAX_PIN_LENGTH},
        )

    def _pin_chosen(
        self,
        conn: Connection,
        now: datetime,
        state: EngineState,
        user: catalog.User,
        pending: dict[str, Any],
    ) -> Result:
        """The new PIN entered twice: stored, its enrolment code used up, queued for central."""
        origin = str(pending.get("origin") or "chosen")
        if not pin_enrolled(user.role, origin):  # the role changed, or a login begun before
            state["login"] = None
            return self._needs_enrolment(user)
        enrolment = None
        if origin == "enrolled":
            held = [
                e
                for e in enrolments.for_badge(conn, user.badge)
                if e.id == pending.get("enrolment")
            ]
            if not held:  # the code was withdrawn meanwhile (central: used elsewhere)
                state["login"] = None
                return Result(
                    REJECTED, "login.code_expired", {"name": user.name, "badge": user.badge}
                )
            enrolment = held[0]
            enrolments.used(conn, enrolment.id)
        catalog.update_user_pin_state(
            conn,
            user.id,
            pin_hash=pending["first"],
            pin_is_one_time=False,
            failed_pins=0,
            pin_origin=origin,
        )
        enrolments.queue_pin(
            conn,
            user.badge,
            pending["first"],
            origin,
            now,
            enrolment=enrolment,
            proof=pending.get("proof"),
        )
        append_audit(conn, now, user.id, "user.pin_set", {"badge": user.badge, "origin": origin})
        result = self._complete_login(conn, now, state, user)
        return Result(result.outcome, "login.pin_set", result.params)

    def _check_pin(self, conn: Connection, now: datetime, user: catalog.User, pin: str) -> bool:
        if verify_pin(pin, user.pin_hash):
            if user.failed_pins:
                catalog.update_user_pin_state(conn, user.id, failed_pins=0)
            return True
        self._count_failure(conn, now, user, "user.pin_wrong")
        return False

    def _count_failure(
        self, conn: Connection, now: datetime, user: catalog.User, action: str
    ) -> bool:
        """One more wrong PIN or code for ``user``, audited; True when the badge is now locked."""
        failures = user.failed_pins + 1
        locked = failures >= int(self.settings.get("max_pin_failures", 5))
        catalog.update_user_pin_state(conn, user.id, failed_pins=failures, locked=locked)
        append_audit(
            conn,
            now,
            user.id,
            action,
            {"badge": user.badge, "failures": failures, "locked": locked},
        )
        return locked

    def _wrong_pin_result(self, conn: Connection, user: catalog.User) -> Result:
        fresh = catalog.user_by_id(conn, user.id)
        assert fresh is not None
        if fresh.locked:
            return Result(REJECTED, "login.now_locked", {"name": user.name})
        left = int(self.settings.get("max_pin_failures", 5)) - fresh.failed_pins
        return Result(REJECTED, "login.wrong_pin", {"left": left})

    def _complete_login(
        self, conn: Connection, now: datetime, state: EngineState, user: catalog.User
    ) -> Result:
        session_user = SessionUser(user.id, user.badge, user.name, user.role)
        state.update(
            {
                "login": None,
                "confirm": None,
                "approval": None,
                "user": session_user.to_json(),
                "workflow": HOME,
                "wf": {"kind": None},
            }
        )
        append_audit(conn, now, user.id, "login", {"badge": user.badge, "role": user.role})
        choices = [wf.title for wf in self.home_menu(conn, user.role)]
        return Result(ACCEPTED, "login.welcome", {"name": user.name, "role": user.role}, choices)

    def _logout(
        self, conn: Connection, now: datetime, state: EngineState, user: SessionUser, key: str
    ) -> Result:
        append_audit(conn, now, user.id, "logout", {"badge": user.badge, "reason": key})
        state.update(logged_out())
        return Result(ACCEPTED, key, {"name": user.name})

    def _idle_expired(self, state: EngineState, now: datetime) -> bool:
        minutes = self.settings.get("idle_logout_minutes") or 0
        last = state.get("last_input_at")
        if not state.get("user") or not minutes or not last:
            return False
        if last != self._last_text:  # parse each new input time once, not on every scan
            self._last_text, self._last_dt = last, datetime.fromisoformat(last)
        if minutes != self._idle_minutes:
            self._idle_minutes, self._idle_after = minutes, timedelta(minutes=float(minutes))
        return now - self._last_dt > self._idle_after

    def _idle_logout(self, conn: Connection, now: datetime, state: EngineState) -> Result:
        user = SessionUser(**state["user"])
        result = self._logout(conn, now, state, user, "login.idle_logout")
        result.params["minutes"] = self.settings.get("idle_logout_minutes")
        return result
