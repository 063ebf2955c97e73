# SPDX-License-Identifier: Apache-2.0
"""``python -m bench [NAME...]``: print the station's figures as JSON (``--help`` lists them).

Each benchmark measures the station beside its bare baseline in the same run and reports
ratios, so the figures compare across machines. Names are the keys of ``BENCHES``; with no
name, all run (the sync benchmark needs the PostgreSQL server at 127.0.0.1:5432).

A single benchmark may take options after its name, when its module reads them with an
``options(argv)`` function (e.g. ``python -m bench sync --only push --sizes 10000``).
"""

from __future__ import annotations

import importlib
import json
import sys
from typing import Any

BENCHES = {
    "durable_scans": "bench.durable_scans",
    "decoders": "bench.decoders",
    "gs1": "bench.gs1_agreement",
    "scanners": "bench.scanners",
    "receiving": "bench.receiving",
    "rfid": "bench.rfid",
    "labels": "bench.labels",
    "counting": "bench.counting",
    "stale_stock": "bench.stale_stock",
    "history": "bench.history_import",
    "sync": "bench.sync",
    "central_web": "bench.central_web",
    "soak": "bench.window_soak",
    "startup": "bench.startup",
    "startup_stages": "bench.startup_stages",
    "bootstrap": "bench.bootstrap_start",
    "imports": "bench.imports",
    "scan_latency": "bench.scan_latency",
    "window_latency": "bench.window_latency",
    "goals": "bench.goals",
}


def _summary_line(module: str) -> str:
    """The first sentence of a benchmark's docstring, read without importing it."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return "(not available)"
    with open(spec.origin, encoding="utf-8") as source:
        doc = ast.get_docstring(ast.parse(source.read())) or ""
    paragraph = " ".join(doc.strip().split("\n\n")[0].split())
    return paragraph.split(". ")[0].rstrip(".")


def print_help() -> None:
    print((__doc__ or "").strip())
    print("\nbenchmarks:")
    for name, module in BENCHES.items():
        print(f"  {name:14} {_summary_line(module)}")


def main(argv: list[str]) -> int:
    if any(arg in ("-h", "--help") for arg in argv):
        print_help()
        return 0
    split = next((i for i, arg in enumerate(argv) if arg.startswith("--")), len(argv))
    names, extra = argv[:split] or list(BENCHES), argv[split:]
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}",
            file=sys.stderr,
        )
        return 2
    if extra and len(names) != 1:
        print("options go after a single benchmark's name", file=sys.stderr)
        return 2
    results: dict[str, Any] = {}
    for name in names:
        try:
            module = importlib.import_module(BENCHES[name])
        except ModuleNotFoundError as exc:
            results[name] = {"skipped": f"not available: {exc}"}
            continue
        if extra and not hasattr(module, "options"):
            print(f"{name} takes no options", file=sys.stderr)
            return 2
        results[name] = module.run(**module.options(extra)) if extra else module.run()
        print(json.dumps({name: results[name]}), file=sys.stderr, flush=True)
    from bench.goals import summarize

    ratios = summarize(results)
    if ratios and "goals" not in results:
        results["ratios"] = ratios
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
