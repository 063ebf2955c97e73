# SPDX-License-Identifier: Apache-2.0
"""GS1 Digital Link URIs: ``https://<domain>[/stem]/<key AI>/<value>[/<qualifier AI>/<value>]
[?<AI>=<value>&...]`` (GS1 Digital Link standard, URI syntax).

Contracts:

* :func:`parse_digital_link` returns ``None`` for a URL that is not a Digital Link (no
  primary-key AI path), the element strings ``[(ai, value), ...]`` for a valid one (path
  first, then query attributes in received order), and raises
  :class:`drivers.gs1.errors.Gs1Failure` for a Digital Link that breaks the rules.
* The scheme must be ``http``/``https`` in all-lower or all-upper case. The domain is only
  checked for its character set. A stem before the key is allowed; the rightmost primary
  key in the path starts the AI path. Qualifiers must follow the key's order
  (01: 22, 10, 21 or 235). Query parameters that are not all digits are ignored; numeric
  ones must be known AIs permitted as attributes and must not be path qualifiers. ``+`` is
  a space in the query but a literal in the path. The fragment is ignored.
* A GTIN (AI 01) of 8, 12 or 13 digits is zero-padded to 14 before it is checked.
* Repeated AIs are refused.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final, NoReturn
from urllib.parse import unquote, unquote_plus

from drivers.gs1.ai_table import AiSpec, lookup_ai
from drivers.gs1.element_string import validate_value
from drivers.gs1.errors import ai_label, fail

__all__ = ["is_digital_link_candidate", "parse_digital_link"]

_SCHEMES: Final[tuple[str, ...]] = ("https://", "http://", "HTTPS://", "HTTP://")
_AUTHORITY_RE: Final[re.Pattern[str]] = re.compile(r"[A-Za-z0-9.\-_~:\[\]]+")


def is_digital_link_candidate(text: str) -> bool:
    """True when ``text`` starts with an http(s) scheme in all-lower or all-upper case."""
    return text.startswith(_SCHEMES)


def _find_ai_path(segments: list[str]) -> list[tuple[AiSpec, str]] | None:
    pairs: list[tuple[AiSpec, str]] = []
    index = len(segments) - 2
    while index >= 0:
        ai = segments[index]
        spec = lookup_ai(ai) if ai.isascii() and ai.isdigit() else None
        if spec is None:
            return None
        pairs.insert(0, (spec, segments[index + 1]))
        if spec.dl_primary_key:
            return pairs
        index -= 2
    return None


def _is_in_order(qualifiers: list[str], path: tuple[str, ...]) -> bool:
    position = 0
    for ai in qualifiers:
        try:
            position = path.index(ai, position) + 1
        except ValueError:
            return False
    return True


def _path_only_ais(key: AiSpec, qualifiers: list[str]) -> set[str]:
    """Qualifiers of the key's chosen path (all paths when none is used): they belong in
    the path and are refused in the query."""
    paths = [p for p in key.dl_qualifier_paths if _is_in_order(qualifiers, p)]
    return {ai for path in (paths if qualifiers else key.dl_qualifier_paths) for ai in path}


def _gtin14(ai: str, value: str) -> str:
    if ai == "01" and len(value) in (8, 12, 13) and value.isascii() and value.isdigit():
        return value.zfill(14)
    return value


def _broken(message: str, ai: str | None = None) -> NoReturn:
    fail("bad_digital_link", ai, f"This GS1 Digital Link is not valid: {message}.")


def _path_pairs(segments: list[str]) -> list[tuple[str, str]] | None:
    found = _find_ai_path(segments)
    if found is None:
        return None
    key = found[0][0]
    qualifiers = [spec.ai for spec, _ in found[1:]]
    if qualifiers and not any(_is_in_order(qualifiers, p) for p in key.dl_qualifier_paths):
        _broken(f"{ai_label(key.ai)} cannot be followed by these qualifiers in this order", key.ai)
    return [(spec.ai, _gtin14(spec.ai, unquote(raw))) for spec, raw in found]


def _query_pairs(query: str, forbidden: set[str]) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for param in query.split("&"):
        name, has_value, raw = param.partition("=")
        if not has_value or not (name.isascii() and name.isdigit()):
            continue
        spec = lookup_ai(name)
        if spec is None:
            _broken(f'the query names "{name}", which is not a known AI')
        if not spec.dl_attribute or name in forbidden:
            _broken(f"{ai_label(name)} is not allowed as a query attribute here", name)
        value = unquote_plus(raw)
        if not value:
            _broken(f"{ai_label(name)} has an empty value", name)
        pairs.append((name, _gtin14(name, value)))
    return pairs


def parse_digital_link(text: str, today: date) -> list[tuple[str, str]] | None:
    """Element strings of a GS1 Digital Link URI (see the module contract)."""
    if not is_digital_link_candidate(text):
        return None
    rest = text.split("://", 1)[1].split("#", 1)[0]
    location, _, query = rest.partition("?")
    authority, slash, path = location.partition("/")
    if not slash:
        return None
    segments = path.split("/")
    trailing_slash = segments[-1] == ""
    if trailing_slash:
        segments = segments[:-1]
    path_pairs = _path_pairs(segments)
    if path_pairs is None:
        return None
    if not _AUTHORITY_RE.fullmatch(authority):
        _broken("the domain name contains characters that are not allowed")
    if trailing_slash:
        _broken("the path must not end with a slash")
    key = lookup_ai(path_pairs[0][0])
    qualifiers = [ai for ai, _ in path_pairs[1:]]
    forbidden = _path_only_ais(key, qualifiers) if key else set()
    pairs = path_pairs + _query_pairs(query, forbidden)
    seen: set[str] = set()
    for ai, value in pairs:
        if ai in seen:
            _broken(f"{ai_label(ai)} appears more than once", ai)
        seen.add(ai)
        spec = lookup_ai(ai)
        if spec is not None:
            if not value:
                fail("value_too_short", ai, f"{ai_label(ai, spec.title)} has no value.")
            validate_value(spec, value, today)
    return pairs
