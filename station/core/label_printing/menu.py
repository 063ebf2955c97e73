# SPDX-License-Identifier: Apache-2.0
"""Label read-back as the menu knows it before it is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

LABEL_VERIFY = WorkflowEntry(
    "label_verify",
    title="Scan a printed label back",
    permission="lookup",
    order=95,
    claims_kinds=("gs1", "gtin", "text", "location"),  # while printed labels wait for it
    offered_at_times=True,  # only while a printed label waits to be scanned back
    module="station.core.label_printing.verify_workflow",
)
ENTRIES = [LABEL_VERIFY]
