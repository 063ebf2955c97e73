# SPDX-License-Identifier: Apache-2.0
"""Users and PINs (admins): issue a one-time PIN, disable or enable a badge.

Flow: ``$CMD-USERS`` (or the menu) -> scan the badge to manage -> choose 1 (one-time PIN) or
2 (disable / enable) -> the admin's own PIN. A one-time PIN is shown once on screen, stored
only as a hash, unlocks the badge, and must be replaced by the user at their next login. It is
refused for supervisors and admins: their PINs come only with an enrolment code, so an admin
can never learn a PIN that approves anything.
State: ``{"stage": "badge"}`` then ``{"stage": "user", "badge", "name", "role", "locked",
"active"}``.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal, Required, TypedDict

from ..engine.expects import CHOICE, SCAN, expects
from ..engine.inputs import ACCEPTED, PENDING, REJECTED, Choose, InputEvent
from ..engine.messages import register_choices, register_messages
from ..engine.permissions import ENROL_ROLES
from ..engine.workflow import BaseWorkflow, Ctx, Step
from ..scan_meaning import ScanMeaning
from ..store import catalog, schema
from ..store.pins import hash_pin
from .menu import USERS

register_choices(["Issue a one-time PIN", "Disable badge", "Enable badge"])
register_messages(
    {
        "users.scan_badge": "Scan the badge of the user to manage.",
        "users.user": "{name} ({role}){locked}. 1: issue a one-time PIN, 2: {toggle} the badge.",
        "users.one_time_pin": "One-time PIN for {name}: {pin}. They choose their own at the next login.",
        "users.disabled": "{name}'s badge is disabled.",
        "users.enabled": "{name}'s badge is enabled.",
        "users.not_yourself": "You cannot disable your own badge.",
        "users.user_enrols": "{name} ({role}){locked}. Their PIN comes only with an enrolment "
        "code (station central enrol --badge {badge}), never from an admin. 2: {toggle} the "
        "badge.",
        "users.enrol_instead": "{name} is a {role}: an admin cannot give them a PIN. They "
        "choose one with a one-time enrolment code (station central enrol --badge {badge}; "
        "on a station without central: station enrol --badge {badge}).",
    }
)


class UsersState(TypedDict, total=False):
    """``stage`` ``badge`` (waiting for the badge to manage), or ``user`` with the rest."""

    stage: Required[Literal["badge", "user"]]
    user_id: int
    badge: str
    name: str
    role: str
    locked: bool
    active: bool


class UsersPublic(TypedDict, total=False):
    """What outcomes show: the state without the user's id."""

    stage: Literal["badge", "user"]
    badge: str
    name: str
    role: str
    locked: bool
    active: bool


class UsersWorkflow(BaseWorkflow[UsersState]):
    name, title, permission, command, order = USERS.facts()

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        ctx.require(self.permission)
        return Step(PENDING, "users.scan_badge", {}, {"stage": "badge"})

    def handle(
        self, ctx: Ctx, state: UsersState, event: InputEvent, meaning: ScanMeaning | None
    ) -> Step:
        ctx.require(self.permission)
        if meaning is not None and meaning.kind == "badge" and meaning.internal is not None:
            user = catalog.user_by_badge(ctx.conn, meaning.internal.value)
            if user is None:
                return Step(
                    REJECTED, "login.badge_unknown", {"badge": meaning.internal.value}, state
                )
            return self._show(user)
        if isinstance(event, Choose) and state.get("stage") == "user":
            if event.n not in (1, 2):
                return Step(REJECTED, "choose.out_of_range", {"count": 2}, state)
            if event.n == 2 and state["user_id"] == ctx.user.id:
                return Step(REJECTED, "users.not_yourself", {}, state)
            if event.n == 1 and state["role"] in ENROL_ROLES:
                params = {"name": state["name"], "role": state["role"], "badge": state["badge"]}
                return Step(REJECTED, "users.enrol_instead", params, state)
            action = "one_time_pin" if event.n == 1 else "toggle_active"
            return Step(
                PENDING,
                "perm.pin_required",
                {"name": ctx.user.name},
                state,
                confirm={"action": action, "user_id": state["user_id"]},
            )
        return Step(REJECTED, "users.scan_badge", {}, state)

    @staticmethod
    def _show(user: catalog.User) -> Step:
        state: UsersState = {
            "stage": "user",
            "user_id": user.id,
            "badge": user.badge,
            "name": user.name,
            "role": user.role,
            "locked": user.locked,
            "active": user.active,
        }
        params = {
            "name": user.name,
            "role": user.role,
            "locked": ", locked out" if user.locked else "",
            "toggle": "disable" if user.active else "enable",
        }
        toggle = "Disable badge" if user.active else "Enable badge"
        key = "users.user"
        if user.role in ENROL_ROLES:  # choice 1 stays in place, and is refused with the reason
            key, params = "users.user_enrols", {**params, "badge": user.badge}
        return Step(PENDING, key, params, state, choices=["Issue a one-time PIN", toggle])

    def confirmed(self, ctx: Ctx, state: UsersState, confirm: dict[str, Any]) -> Step:
        ctx.require(self.permission)
        user = catalog.user_by_id(ctx.conn, int(confirm["user_id"]))
        if user is None:
            return Step(REJECTED, "scan.unknown", {"text": confirm["user_id"]}, {"stage": "badge"})
        if confirm["action"] == "one_time_pin":
            if user.role in ENROL_ROLES:  # the role changed since the badge was scanned
                params = {"name": user.name, "role": user.role, "badge": user.badge}
                return Step(REJECTED, "users.enrol_instead", params, {"stage": "badge"})
            pin = f"{secrets.randbelow(10**6):06d}"
            catalog.update_user_pin_state(
                ctx.conn,
                user.id,
                pin_hash=hash_pin(pin),
                pin_is_one_time=True,
                failed_pins=0,
                locked=False,
                pin_origin="issued",
            )
            ctx.audit("user.one_time_pin_issued", {"user_id": user.id, "badge": user.badge})
            return Step(
                ACCEPTED, "users.one_time_pin", {"name": user.name, "pin": pin}, {"stage": "badge"}
            )
        active = not user.active
        ctx.conn.execute(
            schema.users.update().where(schema.users.c.id == user.id).values(active=active)
        )
        ctx.audit(
            "user.badge_enabled" if active else "user.badge_disabled",
            {"user_id": user.id, "badge": user.badge},
        )
        key = "users.enabled" if active else "users.disabled"
        return Step(ACCEPTED, key, {"name": user.name}, {"stage": "badge"})

    def command_input(self, ctx: Ctx, state: UsersState, command: str) -> Step:
        if command == "undo":
            return Step(REJECTED, "command.nothing_to_undo", {}, state)
        return Step(
            ACCEPTED,
            "command.done" if command == "done" else "command.cancelled",
            {},
            {},
            switch_to="lookup",
        )

    def expects(self, state: UsersState) -> dict[str, Any]:
        return expects(CHOICE, SCAN) if state.get("stage") == "user" else expects(SCAN)

    def public_state(self, state: UsersState) -> UsersPublic:
        stage = state.get("stage")
        if stage is None:
            return {}
        if stage == "badge":
            return {"stage": stage}
        return {
            "stage": stage,
            "badge": state["badge"],
            "name": state["name"],
            "role": state["role"],
            "locked": state["locked"],
            "active": state["active"],
        }


WORKFLOWS = [UsersWorkflow()]
