# SPDX-License-Identifier: Apache-2.0
"""The settings registry: every setting the station reads, declared by the module that reads it.

A module declares its keys with :func:`declare` when it is imported: the key, its kind (and
range or choices), its default, and a help sentence in English and Chinese. Everything else is
built from the registry: ``settings.toml`` (``station.core.settings_file``), the settings dialog,
docs/settings.md (a test compares them) and the engine's defaults. :func:`all_settings` imports
every module of ``station.core`` that declares settings, so a new capability adds its keys by
declaring them and edits no list by hand.

Values a station uses: the registry defaults, then the ``settings`` table of the store (values
set by commands, e.g. ``station label printer``), then the site's ``settings.toml``. Pure: no Qt,
no files (``settings_file`` reads and writes the file).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from msgspec import Struct

KINDS = ("bool", "int", "number", "text", "choice", "list", "table")

# the reasons a value is refused, as sentences in both languages ({low}, {high}, {options})
REASONS: dict[str, tuple[str, str]] = {
    "bool": ("must be yes or no (true or false)", "必须是“是”或“否”(true 或 false)"),
    "int": ("must be a whole number from {low} to {high}", "必须是 {low} 到 {high} 之间的整数"),
    "number": ("must be a number from {low} to {high}", "必须是 {low} 到 {high} 之间的数字"),
    "number_or_default": (
        "must be a number from {low} to {high}, or empty for the site default",
        "必须是 {low} 到 {high} 之间的数字,留空则使用站点默认值",
    ),
    "text": ("must be text", "必须是文字"),
    "choice": ("must be one of: {options}", "必须是以下之一:{options}"),
    "list": ("must be a list", "必须是列表"),
    "table": ("must be a table of names and whole numbers", "必须是名称与整数的对照表"),
    "unknown": ("is not a setting of this station", "不是本工作站的设置项"),
}


class Setting(Struct, frozen=True):
    """One setting: what it is, its default and limits, and what it means in both languages.

    ``kind``: ``bool``, ``int`` and ``number`` (``low``..``high``), ``text``, ``choice``
    (``choices``), ``list`` (of ``item`` values, written with ``sep`` in the dialog) or
    ``table`` (names to whole numbers ``low``..``high``). ``optional`` numbers may be empty
    (``""``: use the site default named by ``fallback``). ``check`` adds a test of its own
    (returns the reason in English, or None). ``group`` places it in the dialog;
    ``restart`` says a change takes effect at the next start; ``set_by`` names the command
    that keeps it in the store instead (audited values such as the GS1 company prefix)."""

    key: str
    kind: str
    default: Any
    help_en: str
    help_zh: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    item: str = "text"
    sep: str = ";"
    optional: bool = False
    fallback: str = ""
    check: Callable[[Any], str | None] | None = None
    group: str = "station"
    restart: bool = False
    set_by: str = ""
    owner: str = ""

    @property
    def in_file(self) -> bool:
        """Kept in settings.toml and the dialog (else kept in the store, set by ``set_by``)."""
        return not self.set_by

    def help(self, language: str) -> str:
        return self.help_zh if language == "zh" else self.help_en

    def problem(self, value: Any, language: str = "en") -> str | None:
        """Why ``value`` cannot be this setting (a sentence), or None when it can."""
        reason = _problem(self, value)
        if reason is None and self.check is not None and value != "":
            return self.check(value)
        if reason is None:
            return None
        en, zh = REASONS[reason]
        params = {
            "low": _number_text(self.low),
            "high": _number_text(self.high),
            "options": ", ".join(self.choices),
        }
        return (zh if language == "zh" else en).format(**params)

    # -- the text form the dialog edits --------------------------------------------------------
    def to_text(self, value: Any) -> str:
        if self.kind == "list":
            joiner = " " if self.sep == " " else f"{self.sep} "
            return joiner.join(str(v) for v in value)
        if self.kind == "table":
            return "; ".join(f"{k}={v}" for k, v in dict(value).items())
        if self.kind == "bool":
            return "true" if value else "false"
        return str(value)

    def from_text(self, text: str) -> Any:
        """The value a text stands for (left as text when it is not one; :meth:`problem`
        then says why)."""
        text = text.strip()
        if self.kind == "list":
            parts = text.split() if self.sep == " " else text.split(self.sep)
            return [_scalar(self.item, p.strip()) for p in parts if p.strip()]
        if self.kind == "table":
            table: dict[str, Any] = {}
            for part in text.split(";"):
                if not part.strip():
                    continue
                name, _, number = part.partition("=")
                table[name.strip()] = _scalar("int", number.strip())
            return table
        if self.kind in ("int", "number"):
            return "" if self.optional and text == "" else _scalar(self.kind, text)
        if self.kind == "bool":
            return {"true": True, "false": False}.get(text.lower(), text)
        return text


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _scalar(kind: str, text: str) -> Any:
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "number":
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text
        return int(number) if number.is_integer() and "." not in text else number
    return text


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | Decimal):
        return True
    if isinstance(value, str):  # engine settings written as decimal strings ("0", "2.5")
        try:
            return Decimal(value).is_finite()
        except InvalidOperation:
            return False
    return False


def _in_range(setting: Setting, value: Any) -> bool:
    number = Decimal(str(value))
    low = Decimal(str(setting.low)) if setting.low is not None else None
    high = Decimal(str(setting.high)) if setting.high is not None else None
    return (low is None or number >= low) and (high is None or number <= high)


def _scalar_problem(setting: Setting, kind: str, value: Any) -> str | None:
    if kind == "bool":
        return None if isinstance(value, bool) else "bool"
    if kind == "int":
        ok = isinstance(value, int) and not isinstance(value, bool) and _in_range(setting, value)
        return None if ok else "int"
    if kind == "number":
        return None if _is_number(value) and _in_range(setting, value) else "number"
    if kind == "choice":
        return None if value in setting.choices else "choice"
    return None if isinstance(value, str) else "text"


def _problem(setting: Setting, value: Any) -> str | None:
    if setting.optional and value == "":
        return None
    if setting.kind == "list":
        if not isinstance(value, list):
            return "list"
        for v in value:
            if _scalar_problem(setting, setting.item, v):
                return setting.item
        return None
    if setting.kind == "table":
        if not isinstance(value, Mapping):
            return "table"
        ok = all(
            isinstance(k, str) and _scalar_problem(setting, "int", v) is None
            for k, v in value.items()
        )
        return None if ok else "table"
    reason = _scalar_problem(setting, setting.kind, value)
    if reason == "number" and setting.optional:
        return "number_or_default"
    return reason


REGISTRY: dict[str, Setting] = {}
DEFAULT_SETTINGS: dict[str, Any] = {}
"""Every declared key with its default (what the engine starts from)."""

GROUPS: dict[str, tuple[str, str]] = {
    "station": ("Station", "工作站"),
    "devices": ("Devices", "设备"),
    "login": ("Login", "登录"),
    "quantities": ("Quantities", "数量"),
    "receiving": ("Receiving", "收货"),
    "issuing": ("Issuing", "发货"),
    "counting": ("Counting", "盘点"),
    "stale_stock": ("Stale stock", "呆滞库存"),
    "labels": ("Labels", "标签"),
    "jobs": ("Scheduled jobs", "定时任务"),
}


def declare(*settings: Setting) -> None:
    """Add settings to the registry (on import of the module that reads them). Declaring a
    key twice with a different meaning is an error."""
    for setting in settings:
        if setting.kind not in KINDS:
            raise ValueError(f"setting {setting.key!r}: unknown kind {setting.kind!r}")
        if setting.group not in GROUPS:
            raise ValueError(f"setting {setting.key!r}: unknown group {setting.group!r}")
        known = REGISTRY.get(setting.key)
        if known is not None and known != setting:
            raise ValueError(f"setting {setting.key!r} declared twice, differently")
        problem = setting.problem(setting.default)
        if problem:
            raise ValueError(f"setting {setting.key!r}: the default {problem}")
        REGISTRY[setting.key] = setting
        DEFAULT_SETTINGS[setting.key] = setting.default


def all_settings() -> dict[str, Setting]:
    """The whole registry: imports every module of ``station.core`` that declares settings
    (found by the text ``declare(``, so nothing else is imported), in key order of groups."""
    import station.core as core

    root = Path(core.__path__[0])
    written: list[str] = []  # the keys as the modules write them, module by module
    for info in pkgutil.walk_packages(core.__path__, "station.core."):
        if ".migrations" in info.name or info.ispkg:
            continue
        path = root.joinpath(*info.name.split(".")[2:]).with_suffix(".py")
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if "declare(" in text and "Setting(" in text:
            importlib.import_module(info.name)
            written += re.findall(r'Setting\(\s*"([^"]+)"', text)
    # the same order whichever module the station happened to import first
    groups, place = list(GROUPS), {key: n for n, key in enumerate(written)}
    return dict(
        sorted(
            REGISTRY.items(),
            key=lambda kv: (groups.index(kv[1].group), place.get(kv[0], len(place))),
        )
    )


def _timezone(value: Any) -> str | None:
    from zoneinfo import ZoneInfo

    try:
        ZoneInfo(str(value))
    except (ValueError, KeyError, OSError):
        return "must be a time zone such as Asia/Shanghai, or empty for this machine's"
    return None


def _currency(value: Any) -> str | None:
    ok = isinstance(value, str) and len(value) == 3 and value.isascii() and value.isupper()
    return None if ok else "must be a three-letter currency code such as CNY"


ROLES = ("clerk", "counter", "supervisor", "admin")

declare(
    Setting(
        "idle_logout_minutes",
        "int",
        15,
        "Log out after this many minutes without input (0: never).",
        "无操作多少分钟后自动退出登录(0:从不)。",
        low=0,
        high=720,
        group="login",
    ),
    Setting(
        "error_lock",
        "bool",
        False,
        "After a refused scan, refuse scans until ACK is scanned.",
        "扫描被拒后,在扫描确认码(ACK)之前拒绝所有扫描。",
        group="login",
    ),
    Setting(
        "max_pin_failures",
        "int",
        5,
        "Wrong PINs in a row before a badge is locked.",
        "连续输错多少次 PIN 后锁定工牌。",
        low=1,
        high=20,
        group="login",
    ),
    Setting(
        "pin_required_roles",
        "list",
        list(ROLES),
        "Roles that enter a PIN after their badge (clerk, counter, supervisor, admin).",
        "扫描工牌后需要输入 PIN 的角色(clerk、counter、supervisor、admin)。",
        item="choice",
        choices=ROLES,
        group="login",
    ),
    Setting(
        "currency",
        "text",
        "CNY",
        "The currency of unit costs and values (three letters).",
        "单位成本与金额的币种(三个字母)。",
        check=_currency,
    ),
    Setting(
        "timezone",
        "text",
        "",
        "The station's time zone, e.g. Asia/Shanghai (empty: this machine's).",
        "工作站的时区,例如 Asia/Shanghai(留空:使用本机时区)。",
        check=_timezone,
    ),
)
