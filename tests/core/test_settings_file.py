# SPDX-License-Identifier: Apache-2.0
"""The settings file: a round trip, defaults, and invalid values refused with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from station.core.settings_file import SettingsError, load, save, validate


def test_a_round_trip_keeps_every_value(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    values = {
        "station_id": "ST-GOODSIN-1",
        "language": "zh",
        "scanner_urls": ["serial:///dev/ttyACM0?baud=9600&suffix=cr", "fake://?scans=A"],
        "camera_url": "camera://0",
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
    assert "# the label printer" in path.read_text(encoding="utf-8")


def test_no_file_means_defaults(tmp_path: Path) -> None:
    assert load(tmp_path / "missing.toml")["language"] == "auto"


@pytest.mark.parametrize(
    ("values", "key", "reason"),
    [
        ({"scanner_urls": ["bogus://x"]}, "scanner_urls", "bogus"),
        ({"scanner_urls": ["serial:///dev/ttyACM0?baud=fast"]}, "scanner_urls", "baud"),
        ({"camera_url": "nothing"}, "camera_url", "device URL"),
        ({"central_url": "postgresql+psycopg://a:secret@host/db"}, "central_url", "password"),
        ({"volume": 101}, "volume", "0 to 100"),
        ({"station_id": "my station"}, "station_id", "capital letters"),
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
