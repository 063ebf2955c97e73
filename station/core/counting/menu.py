# SPDX-License-Identifier: Apache-2.0
"""Counting's workflows as the menu knows them before one is used (see
:mod:`station.core.engine.workflow_entry`)."""

from __future__ import annotations

from ..engine.workflow_entry import WorkflowEntry

COUNTING = WorkflowEntry(
    "counting",
    title="Count",
    permission="count",
    command="COUNT",
    order=40,
    claims_kinds=("text",),  # a count task's reference
    module="station.core.counting.workflow",
)
COUNT_BATCH = WorkflowEntry(
    "count_batch",
    title="Upload a scanner batch",
    permission="count",
    command="BATCH",
    order=41,
    module="station.core.counting.batch_workflow",
)
VARIANCE_REVIEW = WorkflowEntry(
    "variance_review",
    title="Review count variances",
    permission="approve_variance",
    command="REVIEW",
    order=45,
    module="station.core.counting.review_workflow",
)
ENTRIES = [COUNTING, COUNT_BATCH, VARIANCE_REVIEW]
