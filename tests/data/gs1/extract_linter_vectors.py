# SPDX-License-Identifier: Apache-2.0
"""Extract the GS1 Barcode Syntax Engine's linter unit-test vectors into this folder.

Usage: ``python tests/data/gs1/extract_linter_vectors.py <gs1-syntax-engine checkout> [commit]``.
Reads every ``UNIT_TEST_PASS(gs1_lint_<name>, "<data>")`` and
``UNIT_TEST_FAIL(gs1_lint_<name>, "<data>", ...)`` whose data is a plain string literal in
``src/c-lib/syntax/lint_*.c`` and writes ``syntax_engine_linter_vectors.json``. The vectors
are Apache-2.0 (GS1 AISBL); the licence is ``LICENSE-gs1-syntax-engine`` beside them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

_CALL = re.compile(r'UNIT_TEST_(PASS|FAIL)\(gs1_lint_([a-z0-9]+), "([^"\\]*)"\s*[,)]')
_CUSTOM = re.compile(r"^#ifdef GS1_LINTER_CUSTOM_\w+$.*?^#endif", re.S | re.M)
"""Vectors for a site's own lookups (a GS1 company prefix service): not the reference."""
OUT = Path(__file__).resolve().parent / "syntax_engine_linter_vectors.json"


def extract(engine: Path) -> dict[str, object]:
    cases = []
    for path in sorted((engine / "src" / "c-lib" / "syntax").glob("lint_*.c")):
        source = _CUSTOM.sub("", path.read_text(encoding="utf-8"))
        for verdict, linter, data in _CALL.findall(source):
            cases.append({"linter": linter, "data": data, "valid": verdict == "PASS"})
    found = subprocess.run(["git", "-C", str(engine), "rev-parse", "HEAD"], capture_output=True)
    commit = found.stdout.decode().strip() if found.returncode == 0 else (sys.argv[2:] or [""])[0]
    return {
        "description": (
            "Linter unit-test vectors of the GS1 Barcode Syntax Engine "
            "(https://github.com/gs1/gs1-syntax-engine, src/c-lib/syntax/lint_*.c), "
            "Apache-2.0, see LICENSE-gs1-syntax-engine."
        ),
        "commit": commit,
        "cases": cases,
    }


if __name__ == "__main__":
    document = extract(Path(sys.argv[1]))
    OUT.write_text(json.dumps(document, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(document['cases'])} vectors to {OUT}")  # type: ignore[arg-type]
