# SPDX-License-Identifier: Apache-2.0
"""Roles are enforced in the engine: for every workflow and every role, starting it is
allowed exactly when the matrix allows it, whatever the UI shows."""

from __future__ import annotations

import pytest

from station.core.clock import ManualClock
from station.core.demo_seed import DEMO_USERS
from station.core.engine.permissions import ACTIONS, ROLE_PERMISSIONS, allowed
from station.core.engine.session import Engine
from station.core.store.database import Store

from .scan_helpers import login, scan

ROLE_USERS = {u.role: u for u in DEMO_USERS if u.pin}


def test_the_matrix_names_only_known_actions() -> None:
    for role, actions in ROLE_PERMISSIONS.items():
        assert actions <= set(ACTIONS), role
    assert not allowed("admin", "approve_variance")  # an admin approves only as a supervisor
    assert not allowed("nobody", "lookup")


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_every_workflow_starts_only_for_roles_allowed_to(
    demo_store: Store, clock: ManualClock, role: str
) -> None:
    engine = Engine(demo_store, clock)
    user = ROLE_USERS[role]
    assert login(engine, user.badge, user.pin or "").outcome == "accepted"
    menu = {wf.name for wf in engine.menu(role)}
    for wf in engine.workflows.values():
        if not wf.command:
            continue
        out = scan(engine, f"$CMD-{wf.command}")
        if allowed(role, wf.permission):
            assert out.message_key != "perm.denied", (role, wf.name, out.message)
            assert wf.name in menu or wf.name == "lookup"
        else:
            assert (out.outcome, out.message_key) == ("rejected", "perm.denied"), (role, wf.name)
            assert wf.name not in menu
        scan(engine, "$CMD-CANCEL")
        if engine.state.get("workflow") != "lookup":
            scan(engine, "$CMD-CANCEL")


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_every_action_is_decided_by_the_matrix_for_every_role(
    demo_store: Store, clock: ManualClock, action: str
) -> None:
    engine = Engine(demo_store, clock)
    assert not engine.current_user_may(action)  # nobody logged in may do nothing
    for role, user in sorted(ROLE_USERS.items()):
        login(engine, user.badge, user.pin or "")
        assert engine.current_user_may(action) == (action in ROLE_PERMISSIONS[role]), (role, action)
        scan(engine, f"$USR-{user.badge}")  # log out
