# SPDX-License-Identifier: Apache-2.0
"""Sync test fixtures (see sync_fixtures.py)."""

from tests.sync.sync_fixtures import (  # noqa: F401
    central,
    central_url,
    pg_admin,
    pg_template,
    pg_url,
    stations,
)
