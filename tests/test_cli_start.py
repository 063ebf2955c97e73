# SPDX-License-Identifier: Apache-2.0
"""A command pays only for what it uses: ``station --help`` and the small commands start
without loading the PDF, migration, database, camera, barcode or window libraries (their
CPU cost is printed by ``python -m bench startup``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "reportlab",
    "alembic",
    "sqlalchemy",
    "cv2",
    "zxingcpp",
    "PySide6",
    "starlette",
    "jinja2",
    "uvicorn",
)

PROBE = """
import json, sys
from station.cli import main
try:
    code = main(json.loads(sys.argv[1]))
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def loaded_by(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    roots = {name.partition(".")[0] for name in report["modules"]}
    return report["code"], roots


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("parse", "0106975123000012"),
        ("central", "web", "--help"),
        ("epc", "decode", "3074257BF7194E4000001A85"),
    ],
)
def test_help_and_small_commands_leave_the_heavy_libraries_unloaded(args: tuple[str, ...]) -> None:
    code, roots = loaded_by(*args)
    assert code == 0
    assert not roots & set(HEAVY), f"station {' '.join(args)} loaded {sorted(roots & set(HEAVY))}"


def test_a_subcommand_still_gets_its_own_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "station", "report", "aging", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--as-of" in done.stdout and "--format" in done.stdout
