# SPDX-License-Identifier: Apache-2.0
"""Tables of what is not a feature of the core (sync's own state), on ``schema.metadata``.

A module here defines its tables with ``from ..schema import metadata`` and comes with its own
Alembic migration branch in ``migrations/versions`` (``down_revision = "0001"``,
``branch_labels = ("<area>",)``). A feature's tables live in its own package instead
(``station/core/<feature>/tables.py`` and ``migrations/``, see :mod:`station.core.features`).
"""
