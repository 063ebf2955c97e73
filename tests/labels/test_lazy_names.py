# SPDX-License-Identifier: Apache-2.0
"""``labels`` loads its renderers only when one is used: a station that queues labels or
reads their errors does not pay for reportlab, numpy and zxing-cpp at start."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import labels

PROBE = """
import json, sys
from labels import LabelError, PrinterError, PrinterProfile, parse_printer_url
parse_printer_url("raw+socket://printer:9100")
print(json.dumps(sorted({m.partition(".")[0] for m in sys.modules})))
"""


def test_every_public_name_resolves_from_its_module() -> None:
    assert sorted(labels._MODULE_OF) == sorted(labels.__all__)
    for name in labels.__all__:
        value = getattr(labels, name)
        assert getattr(sys.modules[labels._MODULE_OF[name]], name) is value


def test_the_type_checker_sees_the_same_names_where_they_live() -> None:
    tree = ast.parse(Path(labels.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If))
    typed = {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == labels._MODULE_OF


def test_errors_and_printer_urls_leave_the_renderers_unloaded() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(done.stdout))
    assert not loaded & {"reportlab", "numpy", "zxingcpp", "PIL"}
