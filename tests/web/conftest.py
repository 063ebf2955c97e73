# SPDX-License-Identifier: Apache-2.0
"""Web view fixtures (see web_fixtures.py)."""

from tests.sync.sync_fixtures import pg_admin, pg_template, pg_url, stations  # noqa: F401
from tests.web.web_fixtures import site  # noqa: F401
