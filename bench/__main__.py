# SPDX-License-Identifier: Apache-2.0
"""``python -m bench [NAME...]``: print the station's figures as JSON.

Each benchmark measures the station beside its bare baseline in the same run and reports
ratios, so the figures compare across machines. Names: durable_scans, decoders, gs1.
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
}


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        print(
            f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHES)}",
            file=sys.stderr,
        )
        return 2
    results: dict[str, Any] = {}
    for name in names:
        module = importlib.import_module(BENCHES[name])
        results[name] = module.run()
        print(json.dumps({name: results[name]}), file=sys.stderr, flush=True)
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
