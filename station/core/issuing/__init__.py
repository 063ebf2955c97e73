# SPDX-License-Identifier: Apache-2.0
"""Issuing owns goods out: two-person issue orders, picking by FEFO, checking, posting and the dispatch note.

Workflow ``issuing`` (``workflow``, built on ``picking``, ``posting`` and ``checking``, saying
``messages``); reads and writes in ``store``; lot order in ``fefo``; the dispatch note in
``documents``; tables in ``tables``, migration branch ``issuing`` in ``migrations/``. Found by
:mod:`station.core.features`.
"""
