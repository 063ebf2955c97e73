# SPDX-License-Identifier: Apache-2.0
"""Issuing's workflow as the menu knows it before it is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

ISSUING = WorkflowEntry(
    "issuing",
    title="Pick an issue order",
    permission="pick",
    command="PICK",
    order=30,
    claims_kinds=("text",),  # an issue order's reference
    module="station.core.issuing.workflow",
)
ENTRIES = [ISSUING]
