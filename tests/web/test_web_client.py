# SPDX-License-Identifier: Apache-2.0
"""The web tests' client: Starlette's test client on httpx2, the HTTP client it takes now, so
the tests print no deprecation warning about the old one."""

from __future__ import annotations

import subprocess
import sys


def test_the_test_client_runs_on_httpx2_and_warns_of_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c",
         "import starlette.testclient as client; print(client.httpx.__name__)"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert done.stdout.strip() == "httpx2"
    assert "httpx" not in done.stderr and "Deprecat" not in done.stderr, done.stderr
