# SPDX-License-Identifier: Apache-2.0
"""The role matrix: the one place that says who may do what (docs/permissions.md mirrors it;
a test checks they agree)."""

from __future__ import annotations

from ..store.enrolments import ENROL_ROLES as enrol_roles

ACTIONS: dict[str, str] = {
    "lookup": "look up items, locations and badges",
    "receive": "receive goods",
    "move": "move stock",
    "pick": "pick issue orders",
    "check_issue": "check another person's issue",
    "count": "count stock",
    "approve_over_receipt": "approve an over-receipt",
    "approve_quantity": "approve a quantity above the site ceiling",
    "approve_variance": "approve count variances",
    "reverse": "reverse a posted movement",
    "clear_lockout": "clear a PIN lockout",
    "manage_users": "manage users and PINs",
    "import": "import master data",
    "settings": "change settings",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "clerk": frozenset({"lookup", "receive", "move", "pick", "check_issue"}),
    "counter": frozenset({"lookup", "count"}),
    "supervisor": frozenset(
        {
            "lookup",
            "receive",
            "move",
            "pick",
            "check_issue",
            "count",
            "approve_over_receipt",
            "approve_quantity",
            "approve_variance",
            "reverse",
            "clear_lockout",
        }
    ),
    "admin": frozenset({"lookup", "manage_users", "import", "settings"}),
}

#: Roles that always give a PIN at login and at every check or approval step.
PIN_ALWAYS_ROLES = frozenset({"supervisor", "admin"})

#: Roles whose PIN is chosen only with a one-time enrolment code (never first-come, never
#: from an admin's one-time PIN); they log in and approve only with such an enrolled PIN.
ENROL_ROLES = enrol_roles


def pin_enrolled(role: str, pin_origin: str | None) -> bool:
    """Whether a user of ``role`` with a PIN of ``pin_origin`` may use it: always for clerks
    and counters, only an enrolled one for the roles in :data:`ENROL_ROLES`."""
    return role not in ENROL_ROLES or pin_origin == "enrolled"


def allowed(role: str, action: str) -> bool:
    """True when ``role`` may do ``action``. Unknown roles and actions are never allowed."""
    return action in ROLE_PERMISSIONS.get(role, frozenset())
