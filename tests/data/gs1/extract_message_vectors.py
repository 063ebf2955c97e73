# SPDX-License-Identifier: Apache-2.0
"""Extract the GS1 Barcode Syntax Engine's message-level unit-test vectors into this folder.

Usage: ``python tests/data/gs1/extract_message_vectors.py <gs1-syntax-engine checkout> [commit]``

Reads every call of ``test_processAIdata``, ``test_parseAIdata``, ``test_validateAIs``
(``src/c-lib/ai.c``), ``test_parseDLuri`` (``dl.c``) and ``test_testProcessScanData``
(``scandata.c``), with the engine options in force at that point, converts each input to
what a scanner sends (``^`` first = FNC1 = ``]C1``, later ``^`` = GS; bracketed and Digital
Link forms as they are) and writes ``syntax_engine_message_vectors.json``. The vectors are
Apache-2.0 (GS1 AISBL); the licence is ``LICENSE-gs1-syntax-engine`` beside them.

Each case gets ``scope``: ``in``, or ``out`` with the rule that puts it out of the
station's scope (docs/gs1.md lists the rules):

* ``unknown-ai``: the engine was told to permit unknown AIs; the station always refuses them.
* ``mandatory-association``: the engine refuses a message for a missing ``req=`` partner
  (or a digital signature without a serialised key); the station does not enforce those
  (one label of several on an item).
* ``no-aim``: scan data without an AIM identifier; the station also reads such data.
* ``zero-suppressed-gtin``: a Digital Link with an 8/12/13-digit GTIN, refused by the
  engine's default option; the station accepts it zero-padded.
* ``symbology-only``: a plain-data AIM identifier with no data; the station refuses it.
* ``convenience-alpha``: a Digital Link path named ``/gtin/``, ``/ser/`` ...; the station
  reads numeric AI path components only.
* ``url-as-text``: a URL without a primary-key AI in a plain-data symbol; the engine
  refuses it as a broken Digital Link, the station reads it as ordinary text.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from drivers.aim import split_aim  # noqa: E402
from drivers.gs1 import parse_scan  # noqa: E402
from drivers.gs1.ai_table import lookup_ai  # noqa: E402
from drivers.gs1.message import matches_pattern  # noqa: E402

OUT = Path(__file__).resolve().parent / "syntax_engine_message_vectors.json"
GS = "\x1d"
_FAMILIES = {
    "ai.c": ("processAIdata", "parseAIdata", "validateAIs"),
    "dl.c": ("parseDLuri",),
    "scandata.c": ("testProcessScanData",),
}
_CALL = re.compile(r"^\s*test_(\w+)\(", re.M)
_OPTION = re.compile(
    r"gs1_encoder_set(PermitUnknownAIs|PermitZeroSuppressedGTINinDLuris)\(ctx, (true|false)\)"
)
_FUNCTION = re.compile(r"^void test_\w+\(void\)", re.M)


def _arguments(source: str, start: int) -> list[str]:
    """The comma-separated arguments of the call whose ``(`` is at ``start``."""
    args, depth, current, pos = [], 0, "", start + 1
    while pos < len(source):
        ch = source[pos]
        if ch == '"':
            end = pos + 1
            while source[end] != '"':
                end += 2 if source[end] == "\\" else 1
            current += source[pos : end + 1]
            pos = end + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                args.append(current.strip())
                return args
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(current.strip())
            current = ""
            pos += 1
            continue
        current += ch
        pos += 1
    raise ValueError("unterminated call")


def _literal(arg: str) -> str | None:
    """The value of one or more adjacent C string literals, or None for an expression."""
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', arg)
    if not parts or re.sub(r'"((?:[^"\\]|\\.)*)"', "", arg).strip():
        return None
    return "".join(ast.literal_eval('"' + p + '"') for p in parts)


def _to_scan(engine_form: str) -> str:
    if engine_form.startswith("^"):
        return "]C1" + engine_form[1:].replace("^", GS)
    return "]C0" + engine_form


def _calls(path: Path, families: tuple[str, ...]) -> list[dict[str, Any]]:
    source = path.read_text(encoding="utf-8")
    events: list[tuple[int, str, Any]] = []
    events += [(m.start(), "function", None) for m in _FUNCTION.finditer(source)]
    events += [(m.start(), m.group(1), m.group(2) == "true") for m in _OPTION.finditer(source)]
    events += [(m.start(), "call", m) for m in _CALL.finditer(source) if m.group(1) in families]
    options: dict[str, bool] = {}
    found = []
    for _, kind, value in sorted(events, key=lambda e: e[0]):
        if kind == "function":
            options = {}
        elif kind != "call":
            options[kind] = value
        else:
            args = _arguments(source, value.end() - 1)
            found.append({"family": value.group(1), "args": args, "options": dict(options)})
    return found


def _case(call: dict[str, Any], file: str) -> dict[str, Any] | None:
    family, args = call["family"], call["args"]
    valid = args[0] == "true"
    data_arg = {"processAIdata": 1, "parseAIdata": 1, "validateAIs": 2}.get(family, 1)
    data = _literal(args[data_arg])
    if data is None or args[0] not in ("true", "false"):
        return None
    mode = "gs1"
    text = data
    if family == "processAIdata":
        text = _to_scan(data)
    elif family == "testProcessScanData":
        mode = "scan"
    source = f"https://github.com/gs1/gs1-syntax-engine/blob/main/src/c-lib/{file}#test_{family}"
    case = {"source": source, "input": text, "valid": valid, "mode": mode}
    if family == "validateAIs":
        case["check"] = args[1]
    case["options"] = {k: v for k, v in call["options"].items() if v}
    return case


def _ais(text: str) -> list[str]:
    result = parse_scan(text)
    if result.gs1 is not None:
        return list(result.gs1)
    bracketed = re.findall(r"\((\d+)\)", text)
    query = re.findall(r"[?&](\d+)=", text)
    return bracketed + query


def _missing_association(ais: list[str]) -> bool:
    for ai in ais:
        spec = lookup_ai(ai)
        for rule in spec.requires if spec else ():
            met = any(
                all(any(matches_pattern(p, other) for other in ais) for p in alternative)
                for alternative in rule
            )
            if not met:
                return True
    return False


def _scope(case: dict[str, Any]) -> str:
    """``in``, or the rule that explains why the station's verdict differs (rules apply
    only to cases on which the station and the engine disagree)."""
    text, valid = case["input"], case["valid"]
    result = parse_scan(text)
    accepted = result.error is None and (case["mode"] == "scan" or result.kind == "gs1")
    if accepted == valid:
        return "in"
    if case["options"].get("PermitUnknownAIs") and any(lookup_ai(a) is None for a in _ais(text)):
        return "unknown-ai"
    if case["mode"] == "scan" and split_aim(text)[0] is None:
        return "no-aim"
    if case["mode"] == "scan" and split_aim(text) == (text, ""):
        return "symbology-only"
    if valid and re.search(r"https?://[^?]*/[a-z]+/[0-9]", text):
        return "convenience-alpha"
    if not valid and result.kind == "text" and "://" in text:
        return "url-as-text"
    mandatory = case.get("check") in ("validateAIrequisites", "validateDigSigRequiresSerialisedKey")
    if not valid and (mandatory or _missing_association(_ais(text))):
        return "mandatory-association"
    if not valid and re.search(r"(/01/|[?&]01=)(\d{8}|\d{12}|\d{13})([/&#]|$)", text):
        return "zero-suppressed-gtin"
    return "in"


def extract(engine: Path) -> list[dict[str, Any]]:
    cases = []
    for file, families in _FAMILIES.items():
        for call in _calls(engine / "src" / "c-lib" / file, families):
            case = _case(call, file)
            if case is not None:
                case["scope"] = _scope(case)
                cases.append(case)
    return cases


if __name__ == "__main__":
    engine = Path(sys.argv[1])
    found = subprocess.run(["git", "-C", str(engine), "rev-parse", "HEAD"], capture_output=True)
    commit = found.stdout.decode().strip() if found.returncode == 0 else (sys.argv[2:] or [""])[0]
    cases = extract(engine)
    document = {
        "description": (
            "Message-level unit-test vectors of the GS1 Barcode Syntax Engine "
            "(https://github.com/gs1/gs1-syntax-engine, src/c-lib/ai.c, dl.c, scandata.c), "
            "converted to scanner input by tests/data/gs1/extract_message_vectors.py. "
            "Apache-2.0, see LICENSE-gs1-syntax-engine. 'valid' is the engine's verdict; "
            "'scope' is 'in' or the rule that puts the case out of the station's scope."
        ),
        "commit": commit,
        "cases": cases,
    }
    OUT.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} vectors to {OUT}")
