# SPDX-License-Identifier: Apache-2.0
"""Moving's workflow as the menu knows it before it is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

MOVE = WorkflowEntry(
    "move",
    title="Move stock",
    permission="move",
    command="MOVE",
    order=20,
    module="station.core.moving.workflow",
)
ENTRIES = [MOVE]
