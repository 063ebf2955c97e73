# SPDX-License-Identifier: Apache-2.0
"""Counting owns cycle counts: count sessions, variances, their review and adjustment, planning and accuracy.

Workflows ``counting`` (``workflow``), ``count_batch`` (``batch_workflow``) and
``variance_review`` (``review_workflow``); sessions, variances, review, planning, accuracy,
batch files, EPC reads and how tasks are shown (``task_views``) in their own modules; the
``variances`` report in ``report``; tables in ``tables``, migration branch ``counting`` in
``migrations/``. Found by :mod:`station.core.features`.
"""
