# SPDX-License-Identifier: Apache-2.0
"""The users workflow as the menu knows it before it is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

USERS = WorkflowEntry(
    "users",
    title="Users and PINs",
    permission="manage_users",
    command="USERS",
    order=90,
    module="station.core.users.workflow",
)
ENTRIES = [USERS]
