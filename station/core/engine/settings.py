# SPDX-License-Identifier: Apache-2.0
"""The engine's settings and their defaults.

Stored per station in the ``settings`` table (JSON values); a workflow module adds its own
defaults with :func:`register_settings` when it is imported. Names are documented in
docs/settings.md.
"""

from __future__ import annotations

from typing import Any

DEFAULT_SETTINGS: dict[str, Any] = {
    "idle_logout_minutes": 15,
    "error_lock": False,
    "max_pin_failures": 5,
    "pin_required_roles": ["clerk", "counter", "supervisor", "admin"],
    "currency": "CNY",
    "timezone": "",
}


def register_settings(defaults: dict[str, Any]) -> None:
    """Add defaults for a workflow's settings; a name may be registered once."""
    for key, value in defaults.items():
        if key in DEFAULT_SETTINGS and DEFAULT_SETTINGS[key] != value:
            raise ValueError(f"setting {key!r} registered twice with different defaults")
        DEFAULT_SETTINGS[key] = value
