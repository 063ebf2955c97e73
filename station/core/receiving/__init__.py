# SPDX-License-Identifier: Apache-2.0
"""Receiving owns goods in: receipts and their lines, posting, reversal, discrepancy documents, batch labels and snapshots.

Workflows ``receive`` (``workflow``) and ``reversal`` (``reversal_workflow``); reads and writes
in ``store`` and ``posting``; tables in ``tables``, migration branch ``receiving`` in
``migrations/``. Found by :mod:`station.core.features`.
"""
