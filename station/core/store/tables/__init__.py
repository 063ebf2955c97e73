# SPDX-License-Identifier: Apache-2.0
"""Tables of the station's areas, one module each, all on ``schema.metadata``.

A module here defines its tables with ``from ..schema import metadata`` and comes with its own
Alembic migration branch in ``migrations/versions`` (``down_revision = "0001"``,
``branch_labels = ("<area>",)``), so areas can add tables side by side.
"""
