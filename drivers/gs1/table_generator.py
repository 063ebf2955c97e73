# SPDX-License-Identifier: Apache-2.0
"""Regenerate ``drivers/gs1/ai_dictionary.py`` from the shipped GS1 Barcode Syntax Dictionary.

Usage (see docs/gs1.md)::

    python -m drivers.gs1.table_generator            # rewrite ai_dictionary.py
    python -m drivers.gs1.table_generator --check    # exit 1 when it is out of date
    python -m drivers.gs1.table_generator --engine ../gs1-syntax-engine
        # first refresh dictionary/code-lists.json from the engine's linter sources

Inputs live in ``drivers/gs1/dictionary/``: ``gs1-syntax-dictionary.txt`` (GS1 AISBL,
Apache-2.0, see its header for the release) and ``code-lists.json`` (the code lists that the
dictionary's linters ``iso3166``, ``iso4217``, ``iso3166alpha2``, ``mediatype``,
``packagetype`` and ``iso5218`` check against, read from the GS1 Barcode Syntax Engine's
linter sources). Contract: :func:`render` is deterministic, so the ``--check`` mode and the
test in ``tests/drivers/test_gs1_dictionary.py`` can compare byte for byte.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Final

from drivers.gs1.ai_spec import AiSpec, Component

__all__ = [
    "DICTIONARY",
    "GENERATED",
    "extract_code_lists",
    "parse_dictionary",
    "render",
]

_HERE: Final[Path] = Path(__file__).resolve().parent
DICTIONARY: Final[Path] = _HERE / "dictionary" / "gs1-syntax-dictionary.txt"
CODE_LISTS: Final[Path] = _HERE / "dictionary" / "code-lists.json"
GENERATED: Final[Path] = _HERE / "ai_dictionary.py"

_COMPONENT_RE: Final[re.Pattern[str]] = re.compile(
    r"^(\[?)([NXYZ])(\.\.)?(\d+)(\]?)((?:,[a-z0-9]+)*)$"
)
_RELEASE_RE: Final[re.Pattern[str]] = re.compile(r"^#\s*Release:\s*(\S+)", re.MULTILINE)
_FLAG_CHARS: Final[frozenset[str]] = frozenset("*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~")


def _component(token: str) -> Component:
    match = _COMPONENT_RE.match(token)
    if match is None:
        raise ValueError(f"bad component {token!r}")
    opening, charset, dots, length, closing, checks = match.groups()
    max_len = int(length)
    return Component(
        charset=charset,
        min_len=1 if dots else max_len,
        max_len=max_len,
        optional=bool(opening) and bool(closing),
        checks=tuple(c for c in checks.split(",") if c),
    )


def _alternatives(value: str, separator: str, joiner: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(p for p in alt.split(joiner) if p) for alt in value.split(separator))


def _entry(line: str) -> list[AiSpec]:
    body, _, title = line.partition("#")
    tokens = body.split()
    ais = tokens.pop(0)
    flags = tokens.pop(0) if tokens and set(tokens[0]) <= _FLAG_CHARS else ""
    components: list[Component] = []
    excludes: list[str] = []
    requires: list[tuple[tuple[str, ...], ...]] = []
    paths: tuple[tuple[str, ...], ...] = ()
    primary = False
    for token in tokens:
        if token.startswith("ex="):
            excludes.extend(token[3:].split(","))
        elif token.startswith("req="):
            requires.append(_alternatives(token[4:], ",", "+"))
        elif token == "dlpkey" or token.startswith("dlpkey="):
            primary = True
            paths = _alternatives(token[7:], "|", ",") if "=" in token else ()
        else:
            components.append(_component(token))
    first, _, last = ais.partition("-")
    return [
        AiSpec(
            ai=str(number).zfill(len(first)),
            title=title.strip(),
            components=tuple(components),
            predefined_length="*" in flags,
            dl_attribute="?" in flags,
            dl_primary_key=primary,
            dl_qualifier_paths=paths,
            excludes=tuple(excludes),
            requires=tuple(requires),
        )
        for number in range(int(first), int(last or first) + 1)
    ]


def parse_dictionary(text: str) -> tuple[str, list[AiSpec]]:
    """``(release, specs)`` for the dictionary text; ranges are expanded, order kept."""
    release = _RELEASE_RE.search(text)
    specs: list[AiSpec] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            specs.extend(_entry(line))
    return (release.group(1) if release else "unknown"), specs


def _bitfield(source: str, name: str, label: object) -> list[str]:
    """Values whose bit is set in the engine's ``name`` bitfield (the plain-hex form)."""
    match = re.search(
        rf"static const uint(8|64)_t {name}\[\] = \{{.*?#else(.*?)#endif", source, re.S
    )
    if match is None:
        raise ValueError(f"no bitfield {name}")
    width = int(match.group(1))
    words = [int(w, 16) for w in re.findall(r"0x[0-9a-fA-F]+", match.group(2))]
    found: list[str] = []
    for index, word in enumerate(words):
        for bit in range(width):
            if word >> (width - 1 - bit) & 1:
                found.append(label(index * width + bit))  # type: ignore[operator]
    return found


def extract_code_lists(engine: Path) -> dict[str, list[str]]:
    """Read the code lists from a GS1 Barcode Syntax Engine checkout's linter sources."""
    syntax = engine / "src" / "c-lib" / "syntax"

    def read(name: str) -> str:
        return (syntax / f"lint_{name}.c").read_text(encoding="utf-8")

    package = re.search(r"packagetypes\[\]\[\d+\] = \{(.*?)\};", read("packagetype"), re.S)
    if package is None:
        raise ValueError("no package type list")
    sexes = re.findall(r"data\[0\] != '(\d)'", read("iso5218"))
    return {
        "iso3166": _bitfield(read("iso3166"), "iso3166", lambda v: f"{v:03d}"),
        "iso3166alpha2": _bitfield(
            read("iso3166alpha2"), "iso3166alpha2", lambda v: chr(65 + v // 26) + chr(65 + v % 26)
        ),
        "iso4217": _bitfield(read("iso4217"), "iso4217", lambda v: f"{v:03d}"),
        "iso5218": sorted(sexes),
        "mediatype": _bitfield(read("mediatype"), "mediatypes", lambda v: f"{v:02d}"),
        "packagetype": sorted(set(re.findall(r'"([0-9A-Z]+)"', package.group(1)))),
    }


def _tuple(items: tuple[str, ...]) -> str:
    inner = ", ".join(f'"{item}"' for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _nested(items: tuple[tuple[str, ...], ...]) -> str:
    inner = ", ".join(_tuple(item) for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"


def _spec_source(spec: AiSpec) -> str:
    parts = ", ".join(
        f'_C("{c.charset}", {c.min_len}, {c.max_len}, {c.optional}, {_tuple(c.checks)})'
        for c in spec.components
    )
    components = f"({parts},)" if len(spec.components) == 1 else f"({parts})"
    requires = "(" + "".join(f"{_nested(rule)}, " for rule in spec.requires).rstrip() + ")"
    title = spec.title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'    "{spec.ai}": AiSpec("{spec.ai}", "{title}", {components}, '
        f"{spec.predefined_length}, {spec.dl_attribute}, {spec.dl_primary_key}, "
        f"{_nested(spec.dl_qualifier_paths)}, {_tuple(spec.excludes)}, {requires}),"
    )


def render(dictionary_text: str, code_lists: dict[str, list[str]]) -> str:
    """The source of ``ai_dictionary.py`` for the given dictionary and code lists."""
    release, specs = parse_dictionary(dictionary_text)
    rows = "\n".join(_spec_source(spec) for spec in specs)
    lists = "\n".join(
        f'    "{name}": frozenset({_tuple(tuple(values))}),'
        for name, values in sorted(code_lists.items())
    )
    return f'''# SPDX-License-Identifier: Apache-2.0
# Generated by `python -m drivers.gs1.table_generator`: do not edit by hand.
"""The GS1 AI table and code lists, generated from the GS1 Barcode Syntax Dictionary.

Source: ``drivers/gs1/dictionary/gs1-syntax-dictionary.txt`` (release {release}, GS1 AISBL,
Apache-2.0) and ``drivers/gs1/dictionary/code-lists.json``. Each row is
``AiSpec(ai, title, components, predefined_length, dl_attribute, dl_primary_key,
dl_qualifier_paths, excludes, requires)``; each component ``(charset, min, max, optional,
linters)``.
"""

from __future__ import annotations

from typing import Final

from drivers.gs1.ai_spec import AiSpec
from drivers.gs1.ai_spec import Component as _C

__all__ = ["AI_TABLE", "CODE_LISTS", "DICTIONARY_RELEASE"]

DICTIONARY_RELEASE: Final[str] = "{release}"

# fmt: off
AI_TABLE: Final[dict[str, AiSpec]] = {{
{rows}
}}

CODE_LISTS: Final[dict[str, frozenset[str]]] = {{
{lists}
}}
# fmt: on
'''


def _load_code_lists() -> dict[str, list[str]]:
    data: dict[str, list[str]] = json.loads(CODE_LISTS.read_text(encoding="utf-8"))["lists"]
    return data


def _write_code_lists(engine: Path) -> None:
    document = {
        "description": (
            "Code lists checked by the GS1 Barcode Syntax Dictionary's linters, read from "
            "the GS1 Barcode Syntax Engine's linter sources (src/c-lib/syntax/lint_*.c, "
            "https://github.com/gs1/gs1-syntax-engine, Apache-2.0, see LICENSE here) by "
            "python -m drivers.gs1.table_generator --engine <checkout>."
        ),
        "lists": extract_code_lists(engine),
    }
    CODE_LISTS.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m drivers.gs1.table_generator")
    parser.add_argument("--check", action="store_true", help="fail when out of date")
    parser.add_argument("--engine", type=Path, help="gs1-syntax-engine checkout to read")
    args = parser.parse_args(argv)
    if args.engine is not None:
        _write_code_lists(args.engine)
    source = render(DICTIONARY.read_text(encoding="utf-8"), _load_code_lists())
    if args.check:
        current = GENERATED.read_text(encoding="utf-8") if GENERATED.exists() else ""
        if current != source:
            print(f"{GENERATED} is out of date; run python -m drivers.gs1.table_generator")
            return 1
        return 0
    GENERATED.write_text(source, encoding="utf-8")
    print(f"wrote {GENERATED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
