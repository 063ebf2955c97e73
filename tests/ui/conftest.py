# SPDX-License-Identifier: Apache-2.0
"""Qt test settings shared by the window tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def steady_cursor(qapp: Any) -> None:
    """The text cursor does not blink (it stays drawn): a screenshot is the same picture
    whenever it is taken, so rerunning the tests leaves docs/screenshots unchanged."""
    qapp.setCursorFlashTime(0)
