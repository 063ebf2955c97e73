# SPDX-License-Identifier: Apache-2.0
"""The station's settings file: ``settings.toml`` in the user's config dir.

Device URLs, printer, central database, language, sounds, and the engine's business settings
(tolerances, idle logout ...). Every value is checked on load and on save; an invalid one is
refused with the key and the reason (``SettingsError``), never half-applied. Central database
passwords are never stored here (docs/sync.md says where they go).

Pure (no Qt); the settings dialog is one view over it.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .paths import config_dir


class SettingsError(ValueError):
    """An invalid settings value; ``key`` names it, ``str`` says why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason


def _device_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "a device URL such as serial:///dev/ttyACM0?baud=9600"
    from drivers.base import DeviceError
    from drivers.registry import reader_for_url

    try:
        reader_for_url(value, do_not_open=True)
    except DeviceError as exc:
        return str(exc)
    return None


def _urls(value: Any) -> str | None:
    if not isinstance(value, list):
        return "a list of device URLs"
    for url in value:
        problem = _device_url(url)
        if problem:
            return f"{url!r}: {problem}"
    return None


def _patterns(value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "a list of device URL patterns such as serial:///dev/serial/by-id/*Honeywell*"
    return None


def _optional_url(value: Any) -> str | None:
    return None if value == "" else _device_url(value)


def _printer(value: Any) -> str | None:
    if value == "":
        return None
    if not isinstance(value, str) or "://" not in value:
        return "a printer URL such as raw+socket://192.0.2.10:9100 or file:///tmp/labels.zpl"
    try:
        from labels.printing import parse_printer_url
    except ImportError:
        return None
    try:
        parse_printer_url(value)
    except Exception as exc:  # the label library says what is wrong with the URL
        return str(exc)
    return None


def _central(value: Any) -> str | None:
    if value == "":
        return None
    if not isinstance(value, str) or not value.startswith(
        ("postgresql://", "postgresql+psycopg://")
    ):
        return "a PostgreSQL URL (postgresql+psycopg://user@host:5432/db), without a password"
    if re.match(r"^[^:]+://[^/@]*:[^/@]*@", value):
        return "a password does not belong in the URL; see docs/sync.md for where it is kept"
    return None


def _int_range(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"a whole number from {low} to {high}"
        return None

    return check


def _number_range(low: float, high: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not low <= value <= high
        ):
            return f"a number from {low:g} to {high:g}"
        return None

    return check


def _choice(*options: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in options else f"one of {', '.join(options)}"

    return check


def _bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else "true or false"


def _station_id(value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z0-9][A-Z0-9-]{1,31}", value):
        return "2 to 32 capital letters, digits and '-', e.g. ST-GOODSIN-1"
    return None


@dataclass(frozen=True)
class Setting:
    default: Any
    check: Callable[[Any], str | None]
    help: str


SETTINGS: dict[str, Setting] = {
    "station_id": Setting(
        "",
        lambda v: None if v == "" else _station_id(v),
        "this station's id (fixed once it has events)",
    ),
    "language": Setting(
        "auto", _choice("auto", "zh", "en"), "UI language; auto follows the system"
    ),
    "scanner_urls": Setting([], _urls, "barcode scanners and cameras (a wedge scanner needs none)"),
    "rfid_urls": Setting([], _urls, "RFID readers"),
    "device_patterns": Setting(
        [], _patterns, "devices picked up when plugged in, by URL or name pattern"
    ),
    "camera_url": Setting(
        "", _optional_url, "the webcam for snapshots and scanning, e.g. camera://0"
    ),
    "printer_url": Setting("", _printer, "the label printer"),
    "central_url": Setting("", _central, "the central PostgreSQL database (no password here)"),
    "sync_interval_s": Setting(60, _int_range(5, 86_400), "seconds between syncs"),
    "central_timeout_s": Setting(
        30, _int_range(2, 600), "seconds a call to central may take before the round ends"
    ),
    "receiving_over_tolerance_pct": Setting(
        0.0, _number_range(0, 100), "over-receipt allowed without a supervisor, in %"
    ),
    "counting_tolerance_pct": Setting(
        2.0, _number_range(0, 100), "count variance accepted without review, in %"
    ),
    "counting_tolerance_value": Setting(
        50.0, _number_range(0, 1_000_000), "count variance accepted without review, in money"
    ),
    "idle_logout_minutes": Setting(
        15, _int_range(0, 720), "log out after this many minutes without input (0: never)"
    ),
    "error_lock": Setting(False, _bool, "after a refused scan, refuse scans until ACK is scanned"),
    "sounds": Setting(True, _bool, "play accept, reject and attention sounds"),
    "volume": Setting(80, _int_range(0, 100), "sound volume, 0 to 100"),
}

ENGINE_KEYS = (
    "idle_logout_minutes",
    "error_lock",
    "receiving_over_tolerance_pct",
    "counting_tolerance_pct",
    "counting_tolerance_value",
)


def default_path() -> Path:
    return config_dir() / "settings.toml"


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """All settings with defaults filled in; raises :class:`SettingsError` on the first bad one."""
    for key in values:
        if key not in SETTINGS:
            raise SettingsError(key, f"unknown setting; known: {', '.join(SETTINGS)}")
    merged: dict[str, Any] = {}
    for key, setting in SETTINGS.items():
        value = values.get(key, setting.default)
        problem = setting.check(value)
        if problem:
            raise SettingsError(key, f"must be {problem} (got {value!r})")
        merged[key] = value
    return merged


def load(path: Path | None = None) -> dict[str, Any]:
    """The settings in ``path`` (defaults when it does not exist)."""
    path = path or default_path()
    if not path.exists():
        return validate({})
    try:
        values = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(str(path), f"not a readable TOML file: {exc}") from None
    return validate(values)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def save(values: dict[str, Any], path: Path | None = None) -> Path:
    """Validate, then write atomically; returns the path."""
    path = path or default_path()
    merged = validate(values)
    lines = ["# Warehouse station settings (see docs/settings.md)"]
    for key, value in merged.items():
        lines.append(f"# {SETTINGS[key].help}")
        lines.append(f"{key} = {_toml_value(value)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def engine_settings(values: dict[str, Any]) -> dict[str, Any]:
    """The part of the settings the engine reads."""
    return {key: values[key] for key in ENGINE_KEYS if key in values}
