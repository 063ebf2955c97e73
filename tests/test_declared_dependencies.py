# SPDX-License-Identifier: Apache-2.0
"""Every module of the product imports, and every third-party package it imports is declared.

The product is what the wheel installs: ``station``, ``drivers``, ``labels``, ``sync`` and
``central_web``.
Each of their modules is imported in a fresh interpreter (so a module that fails to import
with only the declared packages installed fails here, as it does in the lowest-versions run
of ``.ci/run``), and each ``import`` statement in their source, at the top or inside a
function, is matched to the distribution that provides it: that distribution must be one of
``[project] dependencies`` in pyproject.toml, or of a product extra (``evdev``: an optional
driver's library, imported when such a device is opened). A package only the tests, the
benchmarks or the tools use (the ``test``, ``bench`` and ``dev`` extras: pytest, biip) is
never imported by product code.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).parents[1]
PRODUCT = ("station", "drivers", "labels", "sync", "central_web")
TOOL_EXTRAS = ("test", "bench", "dev")

IMPORT_ALL = """
import importlib, pkgutil, sys
failed = []
for name in sys.argv[1:]:
    package = importlib.import_module(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        if ".migrations.versions" in info.name or info.name.endswith(".__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception as exc:
            failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
print("\\n".join(failed))
"""


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions() -> set[str]:
    """The distributions product code may import: the dependencies and the product extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra, more in project["optional-dependencies"].items():
        if extra not in TOOL_EXTRAS:
            requirements += more
    return {
        _normalise(re.match(r"[A-Za-z0-9._-]+", req).group(0))  # type: ignore[union-attr]
        for req in requirements
    }


def imported_top_names(source: str) -> set[str]:
    """Top-level names of absolute imports, including ``importlib.import_module("x")``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and not node.args[0].value.startswith(".")
        ):
            names.add(node.args[0].value.split(".")[0])
    return names


def undeclared_imports(root: Path, declared: set[str]) -> list[str]:
    """One line per import in ``root``'s product packages of a package not in ``declared``."""
    providers = packages_distributions()
    found = []
    for package in PRODUCT:
        for path in sorted((root / package).rglob("*.py")):
            for name in sorted(imported_top_names(path.read_text(encoding="utf-8"))):
                if name in sys.stdlib_module_names or name in PRODUCT or name == "__future__":
                    continue
                # Not installed here (an optional extra's package): its import name stands in.
                dists = {_normalise(d) for d in providers.get(name, [name])}
                if not dists & declared:
                    where = path.relative_to(root)
                    found.append(f"{where} imports {name} ({', '.join(sorted(dists))})")
    return found


def test_every_product_module_imports() -> None:
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *PRODUCT],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_every_imported_third_party_package_is_declared() -> None:
    assert undeclared_imports(ROOT, declared_distributions()) == []


def test_an_import_of_a_package_only_an_extra_declares_is_named(tmp_path: Path) -> None:
    """biip (the bench extra) and pytest (the test extra) imported by product code, one of
    them late inside a function, are both named; numpy, declared, is not."""
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "late.py").write_text(
        "import numpy\nimport pytest\n\n\ndef later():\n    from biip import parse\n",
        encoding="utf-8",
    )
    found = undeclared_imports(tmp_path, declared_distributions())
    assert [line.split(" (")[0] for line in found] == [
        "labels/late.py imports biip",
        "labels/late.py imports pytest",
    ]
