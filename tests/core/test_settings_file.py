# SPDX-License-Identifier: Apache-2.0
"""The settings file: a round trip, defaults, and invalid values refused with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.engine.settings import Setting, all_settings
from station.core.settings_file import (
    SettingsError,
    load,
    registry,
    retired_notes,
    save,
    site_settings,
    validate,
)

ROOT = Path(__file__).parents[2]


def test_a_round_trip_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    values = {
        "language": "zh",
        "scanner_urls": ["serial:///dev/ttyACM0?baud=9600&suffix=cr", "camera://0"],
        "central_url": "postgresql+psycopg://station_a@127.0.0.1:5432/central",
        "sync_interval_s": 30,
        "receiving_over_tolerance_pct": 5.5,
        "error_lock": True,
        "volume": 35,
    }
    save(values, path)
    loaded = load(path)
    for key, value in values.items():
        assert loaded[key] == value
    assert loaded["sounds"] is True  # defaults fill the rest
    text = path.read_text(encoding="utf-8")
    assert "# The label printer, e.g. raw+socket://" in text
    assert '# printer_url = ""' in text  # at its default: commented out, the store's applies


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "missing.toml")["language"] == "auto"


@pytest.mark.parametrize(
    ("values", "key", "reason"),
    [
        ({"scanner_urls": ["bogus://x"]}, "scanner_urls", "bogus"),
        ({"scanner_urls": ["serial:///dev/ttyACM0?baud=fast"]}, "scanner_urls", "baud"),
        ({"printer_url": "nothing"}, "printer_url", "printer URL"),
        ({"central_url": "postgresql+psycopg://a:secret@host/db"}, "central_url", "password"),
        ({"volume": 101}, "volume", "0 to 100"),
        ({"count_tolerance_pct_a": -1}, "count_tolerance_pct_a", "from 0 to 100"),
        ({"count_frequency_days": {"A": "often"}}, "count_frequency_days", "whole numbers"),
        ({"stale_stock.abc_split": [80, 10, 5]}, "stale_stock.abc_split", "adding up to 100"),
        ({"languages": "zh"}, "languages", "unknown setting"),
    ],
)
def test_invalid_values_are_refused_with_the_reason(values: dict, key: str, reason: str) -> None:
    with pytest.raises(SettingsError) as info:
        validate(values)
    assert info.value.key == key
    assert reason in str(info.value)


def test_a_broken_file_is_refused_not_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("volume = [unclosed", encoding="utf-8")
    with pytest.raises(SettingsError, match="not a readable TOML file"):
        load(path)


@given(st.text(max_size=300))
def test_any_text_loads_or_is_refused_clearly(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "settings.toml"
        path.write_text(text, encoding="utf-8")
        try:
            load(path)
        except SettingsError as exc:
            assert exc.reason


def test_keys_an_older_station_wrote_are_carried_over(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'station_id = "ST-A"\ncamera_url = "camera://0"\ncounting_tolerance_pct = 1.5\n',
        encoding="utf-8",
    )
    loaded = load(path)
    assert loaded["count_tolerance_pct"] == 1.5  # renamed, not lost
    assert "station_id" not in loaded and "camera_url" not in loaded
    notes = retired_notes(path)
    assert any("station init --station-id" in n for n in notes)
    assert any("scanner_urls" in n for n in notes)


def test_a_refusal_is_a_sentence_in_both_languages() -> None:
    with pytest.raises(SettingsError) as info:
        validate({"count_tolerance_pct_b": 120})
    english, chinese = info.value.sentence("en"), info.value.sentence("zh")
    assert english.startswith("Count variance of class B items accepted without review")
    assert "count_tolerance_pct_b" not in english  # a sentence, never the identifier
    assert "B 类物料" in chinese and "0 到 100" in chinese


def _example(setting: Setting) -> Any:
    """A valid value other than the default, for every kind the registry has."""
    if setting.kind == "bool":
        return not setting.default
    if setting.kind in ("int", "number"):
        low = int(setting.low or 0)
        return low + 1 if setting.default != low + 1 else low
    if setting.kind == "choice":
        return next(c for c in setting.choices if c != setting.default)
    if setting.kind == "table":
        return {"X": int(setting.low or 0) + 1}
    if setting.kind == "list":
        if setting.key.endswith("_urls"):
            return ["fake://?scans=A"]
        if setting.sep == " ":
            return ["serial:///dev/serial/by-id/*Honeywell*"]
        if setting.key == "stale_stock.aging_buckets":
            return [10, 20]
        if setting.key == "stale_stock.abc_split":
            return [70, 20, 10]
        if setting.item == "choice":
            return list(setting.choices[:1])
        return ["first reason", "second reason"]
    return {
        "currency": "EUR",
        "timezone": "Europe/Berlin",
        "central_url": "postgresql+psycopg://station_a@127.0.0.1:5432/central",
        "printer_url": "file:///tmp/labels.zpl",
    }.get(setting.key, "A-01-1")


def example_values() -> dict[str, Any]:
    return {key: _example(setting) for key, setting in registry().items()}


def test_every_key_of_the_registry_round_trips_through_the_file(tmp_path: Path) -> None:
    values = example_values()
    path = save(values, tmp_path / "settings.toml")
    assert site_settings(path) == values
    for key, setting in registry().items():
        assert setting.help_en.endswith(".") and setting.help_zh.endswith("。"), key


def test_every_declared_key_is_read_somewhere() -> None:
    """An unused setting is an error: each key must be read outside its declaration."""
    sources = [
        p.read_text(encoding="utf-8")
        for folder in ("station", "sync")
        for p in (ROOT / folder).rglob("*.py")
    ]
    for key, setting in all_settings().items():
        quoted = f'"{key}"'
        uses = [
            text[:at].rstrip().endswith("Setting(")  # the declaration itself
            for text in sources
            for at in _positions(text, quoted)
        ]
        assert uses.count(False) >= 1, f"setting {key} is declared but nothing reads it"
        assert setting.help_zh and setting.help_en


def _positions(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def test_an_unknown_key_in_the_store_or_the_file_fails_the_tests(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("count_tolerance_pct_d = 3\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="unknown setting"):
        site_settings(path)


def test_the_settings_page_is_the_registry() -> None:
    from station.core.settings_file import reference_markdown

    page = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    start = page.index("-->\n", page.index("<!-- generated from the registry")) + 4
    end = page.index("<!-- end of the generated reference -->")
    assert page[start:end] == reference_markdown()
