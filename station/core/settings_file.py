# SPDX-License-Identifier: Apache-2.0
"""The site's settings file: ``settings.toml`` in the user's config dir, built from the registry.

Every key the file may hold is a setting declared in the registry
(``station.core.engine.settings``): device URLs, language and sounds (declared here, read by the
window), and the engine's business settings (tolerances, policies, idle logout ...) declared by
the modules that read them. Every value is checked on load and on save; an invalid one is
refused with the setting's help sentence and the reason (``SettingsError``), never
half-applied. A key that is not a setting is refused too; a key an older station wrote is
carried over (:data:`RETIRED`). Central database passwords are never stored here
(docs/sync.md says where they go).

The window, ``station script``, ``station run --headless`` and the other commands all take
their values from :func:`site_settings`. Pure (no Qt); the settings dialog is one view over it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from .engine.settings import Setting, all_settings, declare
from .paths import config_dir


class SettingsError(ValueError):
    """An invalid settings value; ``key`` names it, ``str`` says why (in English),
    :meth:`sentence` says it in the user's language."""

    def __init__(self, key: str, reason: str, sentence_zh: str = "", sentence_en: str = "") -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key
        self.reason = reason
        self.sentence_en = sentence_en or str(self)
        self.sentence_zh = sentence_zh or self.sentence_en

    def sentence(self, language: str) -> str:
        """The reason as a sentence for the user: the setting's help, then what is wrong."""
        return self.sentence_zh if language == "zh" else self.sentence_en


def _device_url(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a device URL such as serial:///dev/ttyACM0?baud=9600"
    from drivers.base import DeviceError
    from drivers.registry import reader_for_url

    try:
        reader_for_url(value, do_not_open=True)
    except DeviceError as exc:
        return str(exc)
    return None


def _urls(value: Any) -> str | None:
    for url in value:
        problem = _device_url(url)
        if problem:
            return f"{url!r}: {problem}"
    return None


def _patterns(value: Any) -> str | None:
    if not all(isinstance(v, str) and v.strip() for v in value):
        return "must be device URL patterns such as serial:///dev/serial/by-id/*Honeywell*"
    return None


def _central(value: Any) -> str | None:
    if not value.startswith(("postgresql://", "postgresql+psycopg://")):
        return "must be a PostgreSQL URL (postgresql+psycopg://user@host:5432/db), no password"
    if re.match(r"^[^:]+://[^/@]*:[^/@]*@", value):
        return "a password does not belong in the URL; see docs/sync.md for where it is kept"
    return None


declare(
    Setting(
        "language",
        "choice",
        "auto",
        "The window's language: auto follows the system, zh is Chinese, en is English.",
        "界面语言:auto 跟随系统,zh 为中文,en 为英文。",
        choices=("auto", "zh", "en"),
        restart=True,
    ),
    Setting(
        "sounds",
        "bool",
        True,
        "Play the accept, reject and attention sounds.",
        "播放接受、拒绝和提示音。",
    ),
    Setting("volume", "int", 80, "Sound volume, 0 to 100.", "音量,0 到 100。", low=0, high=100),
    Setting(
        "scanner_urls",
        "list",
        [],
        "Barcode scanners and cameras as URLs, separated by spaces (a wedge scanner needs none).",
        "条码扫描器和摄像头的 URL,用空格分隔(键盘式扫描器无需设置)。",
        sep=" ",
        check=_urls,
        group="devices",
        restart=True,
    ),
    Setting(
        "rfid_urls",
        "list",
        [],
        "RFID readers as URLs, separated by spaces.",
        "RFID 读写器的 URL,用空格分隔。",
        sep=" ",
        check=_urls,
        group="devices",
        restart=True,
    ),
    Setting(
        "device_patterns",
        "list",
        [],
        "Devices picked up when plugged in, by URL or name pattern, separated by spaces.",
        "插入时自动接入的设备,按 URL 或名称模式填写,用空格分隔。",
        sep=" ",
        check=_patterns,
        group="devices",
        restart=True,
    ),
    Setting(
        "central_url",
        "text",
        "",
        "The central PostgreSQL database (no password here; empty: no sync).",
        "中央 PostgreSQL 数据库(此处不写密码;留空:不同步)。",
        check=_central,
        group="devices",
        restart=True,
    ),
    Setting(
        "central_timeout_s",
        "int",
        30,
        "Seconds a call to the central database may take before the sync round ends.",
        "对中央数据库的一次调用最多等待多少秒,超时则结束本轮同步。",
        low=2,
        high=600,
        group="devices",
        restart=True,
    ),
)

RETIRED: dict[str, tuple[str | None, str]] = {
    "counting_tolerance_pct": ("count_tolerance_pct", "now count_tolerance_pct"),
    "counting_tolerance_value": ("count_tolerance_value", "now count_tolerance_value"),
    "station_id": (None, "the station id is set once with station init --station-id"),
    "camera_url": (None, "a camera is a scanner: put camera://0 in scanner_urls"),
}
"""Keys an older station wrote: (the key it became or None, why)."""


def registry() -> dict[str, Setting]:
    """The settings the file and the dialog hold (those kept in the store are left out)."""
    return {k: s for k, s in all_settings().items() if s.in_file}


def default_path() -> Path:
    """``$STATION_SETTINGS`` when set, else settings.toml in the user's config dir."""
    env = os.environ.get("STATION_SETTINGS")
    return Path(env).expanduser() if env else config_dir() / "settings.toml"


def _refuse(setting: Setting, value: Any) -> SettingsError | None:
    problem_en = setting.problem(value, "en")
    if problem_en is None:
        return None
    problem_zh = setting.problem(value, "zh") or problem_en
    return SettingsError(
        setting.key,
        f"{problem_en} (got {value!r})",
        f"{setting.help('zh')} {problem_zh}(当前值 {value!r})",
        f"{setting.help('en')} It {problem_en} (got {value!r}).",
    )


def check(values: dict[str, Any]) -> dict[str, Any]:
    """The given values, checked (no defaults added); raises :class:`SettingsError` on the
    first unknown key or bad value. Retired keys are renamed or dropped."""
    known = registry()
    result: dict[str, Any] = {}
    for key, value in values.items():
        if key in RETIRED:
            new_key, _why = RETIRED[key]
            if new_key is not None and new_key not in values:
                result[new_key] = value
            continue
        if key not in known:
            raise SettingsError(
                key,
                f"unknown setting; known: {', '.join(known)}",
                f"{key} 不是本工作站的设置项。",
                f"{key} is not a setting of this station.",
            )
        result[key] = value
    for key, value in result.items():
        refused = _refuse(known[key], value)
        if refused is not None:
            raise refused
    return result


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """All settings with defaults filled in; raises :class:`SettingsError` on the first bad one."""
    given = check(values)
    return {key: given.get(key, setting.default) for key, setting in registry().items()}


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(
            str(path),
            f"not a readable TOML file: {exc}",
            f"{path} 不是可读取的 TOML 文件。",
            f"{path} is not a readable TOML file: {exc}",
        ) from None


def retired_notes(path: Path | None = None) -> list[str]:
    """What became of the retired keys in the file (to print once at start)."""
    path = path or default_path()
    if not path.exists():
        return []
    return [f"{key}: {RETIRED[key][1]}" for key in _read(path) if key in RETIRED]


def site_settings(path: Path | None = None) -> dict[str, Any]:
    """The values the site's file sets (checked, no defaults): what the window, the engine,
    ``station script``, headless mode and the commands lay over the store's settings."""
    path = path or default_path()
    return check(_read(path)) if path.exists() else {}


def load(path: Path | None = None) -> dict[str, Any]:
    """The settings in ``path`` with defaults for the rest."""
    return validate(site_settings(path))


def site_settings_said(path: Path | None = None) -> dict[str, Any] | None:
    """For commands: the site's values with any retired key's note on stderr, or None after
    saying on stderr why the file cannot be used."""
    try:
        for note in retired_notes(path):
            print(f"station: settings.toml: {note}", file=sys.stderr)
        return site_settings(path)
    except SettingsError as exc:
        print(f"station: settings: {exc}", file=sys.stderr)
        return None


def site_settings_or_exit(path: Path | None = None) -> dict[str, Any]:
    """For commands: the site's values, or exit 2 with the reason on stderr."""
    site = site_settings_said(path)
    if site is None:
        raise SystemExit(2)
    return site


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string


def render(values: dict[str, Any]) -> str:
    """The file's text: every setting with its help; those at their default commented out,
    so the store's own values still apply to them."""
    merged = validate(values)
    lines = ["# Warehouse station settings (see docs/settings.md)"]
    for key, setting in registry().items():
        value = merged[key]
        lines.append(f"# {setting.help_en}")
        prefix = "# " if value == setting.default else ""
        lines.append(f"{prefix}{_quoted_key(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _quoted_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def save(values: dict[str, Any], path: Path | None = None) -> Path:
    """Validate, then write atomically; returns the path. Values equal to their default are
    written commented out."""
    path = path or default_path()
    text = render(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def _doc_value(value: Any) -> str:
    return f"`{_toml_value(value)}`"


def reference_markdown() -> str:
    """The reference part of docs/settings.md, built from the registry (a test checks that
    the page holds exactly this): every setting by group, with its default, limits and help
    in both languages."""
    from .engine.settings import GROUPS

    out: list[str] = []
    settings = all_settings()
    for group, (title_en, title_zh) in GROUPS.items():
        rows = [s for s in settings.values() if s.group == group]
        if not rows:
            continue
        out += [f"### {title_en} ({title_zh})", "", "| key | default | allowed | meaning |"]
        out.append("|---|---|---|---|")
        for setting in rows:
            where = "" if setting.in_file else f" Kept in the store: set with `{setting.set_by}`."
            out.append(
                f"| `{setting.key}` | {_doc_value(setting.default)} | {_allowed(setting)} | "
                f"{setting.help_en}{where} {setting.help_zh} |"
            )
        out.append("")
    return "\n".join(out)


def _allowed(setting: Setting) -> str:
    span = (
        f"{setting.low:g} to {setting.high:g}"
        if setting.low is not None and setting.high is not None
        else ""
    )
    if setting.kind in ("int", "number"):
        text = ("whole number " if setting.kind == "int" else "number ") + span
        return text + (", or empty" if setting.optional else "")
    if setting.kind == "choice":
        return " / ".join(f"`{c}`" for c in setting.choices)
    if setting.kind == "list":
        inner = " / ".join(f"`{c}`" for c in setting.choices) if setting.choices else setting.item
        return f"list of {inner}" + (f" {span}" if span else "")
    if setting.kind == "table":
        return f"table of names to whole numbers {span}"
    return setting.kind
