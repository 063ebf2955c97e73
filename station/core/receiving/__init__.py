# SPDX-License-Identifier: Apache-2.0
"""Receiving owns goods in: receipts and their lines, posting, reversal, discrepancy documents and batch labels.

Workflows ``receive`` (``workflow``, built on ``opening`` and ``scanning``, saying
``messages``) and ``reversal`` (``reversal_workflow``); reads and writes in ``store`` and
``posting``; tables in ``tables``, migration branch ``receiving`` in ``migrations/``. Found by
:mod:`station.core.features`. A webcam snapshot of a quarantine line is taken outside the
core (``station.snapshots``), which opens the camera.
"""
