# SPDX-License-Identifier: Apache-2.0
"""Shared fixtures: fresh stores, a seeded demo store (copied from one template per run),
a manual clock and an engine on them."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The station's config and data dirs (audit key, demo database) point into a throwaway folder,
# so tests, and the subprocesses they start, never touch the user's own.
_HOME = tempfile.mkdtemp(prefix="station-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
# Scans first: an engine-kind store write on a thread other than the store thread fails
# (station/core/store/write_gate.py), here and in every station process a test starts.
os.environ["STATION_CHECK_WRITER_THREADS"] = "1"

from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests get a budget: "ci" keeps .ci/run well inside its time; "soak" is the long run
# documented in docs/reliability.md (HYPOTHESIS_PROFILE=soak).
settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "soak", max_examples=20_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

from station.core.clock import ManualClock  # noqa: E402
from station.core.demo_seed import seed_demo  # noqa: E402
from station.core.engine.session import Engine  # noqa: E402
from station.core.store.database import Store  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
REFERENCE = datetime(2026, 11, 24, 9, 30, tzinfo=TZ)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "station.db", station_id="ST-TEST")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    s = Store.open(folder / "seed.db", station_id="ST-DEMO")
    seed_demo(s, REFERENCE.date(), TZ)
    path = s.backup(folder / "demo.db")
    s.close()
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Iterator[Store]:
    target = tmp_path / "demo.db"
    shutil.copyfile(demo_template, target)
    s = Store.open(target)
    yield s
    s.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(REFERENCE, TZ)


@pytest.fixture
def engine(demo_store: Store, clock: ManualClock) -> Engine:
    return Engine(demo_store, clock)
