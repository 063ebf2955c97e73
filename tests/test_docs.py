# SPDX-License-Identifier: Apache-2.0
"""The docs stay true: every CLI command, device URL scheme and role is documented, and the
demo listing matches the seed."""

from __future__ import annotations

import re
from pathlib import Path

from station.cli import all_command_names, build_parser
from station.core.demo_seed import demo_markdown
from station.core.engine.permissions import ACTIONS, ROLE_PERMISSIONS

DOCS = Path(__file__).parents[1] / "docs"


def _docs(stem: str) -> str:
    """docs/STEM.md plus every page under docs/STEM/ (areas document themselves there)."""
    pages = [DOCS / f"{stem}.md", *sorted((DOCS / stem).glob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages if p.exists())


def test_every_cli_command_is_documented() -> None:
    text = _docs("cli")
    for name in all_command_names():
        assert f"`station {name}" in text, f"docs/cli.md does not document `station {name}`"


def test_every_cli_command_has_help() -> None:
    help_text = build_parser().format_help()
    for name in all_command_names():
        assert name in help_text


def test_every_device_url_scheme_is_documented() -> None:
    from drivers.registry import known_schemes

    text = _docs("devices")
    for scheme in known_schemes():
        assert f"`{scheme}://" in text, f"docs/devices.md does not document {scheme}://"


def test_the_permissions_doc_matches_the_matrix() -> None:
    text = (DOCS / "permissions.md").read_text(encoding="utf-8")
    roles = ["clerk", "counter", "supervisor", "admin"]
    for action in ACTIONS:
        match = re.search(rf"^\| {action} \|[^|]*\|(.*)\|$", text, re.MULTILINE)
        assert match, f"{action} is missing from docs/permissions.md"
        cells = [c.strip() for c in match.group(1).split("|")]
        documented = {role for role, cell in zip(roles, cells, strict=True) if cell == "yes"}
        actual = {role for role in roles if action in ROLE_PERMISSIONS[role]}
        assert documented == actual, action


def test_the_demo_listing_matches_the_seed() -> None:
    assert (DOCS / "demo.md").read_text(encoding="utf-8") == demo_markdown()
