# SPDX-License-Identifier: Apache-2.0
"""Opening an up-to-date store is quick: the migration heads come from the files, and
Alembic is loaded only when there is something to upgrade."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from station.core.store.database import Store, head_revisions, version_dirs
from station.core.store.revisions import file_heads

REOPEN = """
import json, sys
from station.core.store.database import Store
Store.open(sys.argv[1]).close()
print(json.dumps(sorted({m.partition(".")[0] for m in sys.modules})))
"""


def test_the_heads_read_from_the_files_are_alembics() -> None:
    assert file_heads(version_dirs()) == head_revisions()
    assert len(file_heads(version_dirs())) > 1  # one per branch, so branches are seen


def test_reopening_an_up_to_date_store_loads_no_alembic(tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    Store.open(path, station_id="ST-OPEN").close()
    done = subprocess.run(
        [sys.executable, "-c", REOPEN, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "alembic" not in json.loads(done.stdout)
    reopened = Store.open(path)
    try:
        assert reopened.station_id == "ST-OPEN"
    finally:
        reopened.close()
