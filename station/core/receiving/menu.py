# SPDX-License-Identifier: Apache-2.0
"""Receiving's workflows as the menu knows them before one is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

RECEIVE = WorkflowEntry(
    "receive",
    title="Receive goods",
    permission="receive",
    command="RECEIVE",
    order=10,
    claims_kinds=("text",),  # a receipt reference, or a blind receipt's delivery note
    module="station.core.receiving.workflow",
)
REVERSAL = WorkflowEntry(
    "reversal",
    title="Reverse a receipt line",
    permission="reverse",
    command="REVERSE",
    order=80,
    module="station.core.receiving.reversal_workflow",
)
ENTRIES = [RECEIVE, REVERSAL]
