# SPDX-License-Identifier: Apache-2.0
"""Device URLs to readers: the scheme table.

Every input device is named by one URL grammar, ``scheme://path?option=value&...``
(``docs/devices.md`` lists all schemes). :func:`reader_for_url` looks the scheme up and returns
a :class:`~drivers.base.Reader`, opened unless ``do_not_open=True`` (which only validates the URL
and its options; device setup uses that).

The table is extensible in two ways, after pyserial's ``protocol_handler_packages``:

- a driver module calls :func:`register_scheme` when it is imported;
- the registry knows which module serves which scheme (:data:`LAZY_MODULES`, extended with
  :func:`register_lazy`) and imports that module the first time the scheme is asked for, so
  heavy drivers (OpenCV for ``camera://``) cost nothing until used.

Thread-safety: registration and look-up take a lock; factories run on the caller's thread.
"""

from __future__ import annotations

import importlib
import importlib.util
import threading
from collections.abc import Callable, Iterable
from urllib.parse import parse_qsl, unquote

from msgspec import Struct, field

from drivers.base import DeviceError, Reader

ReaderFactory = Callable[[str], Reader]
"""Builds an *unopened* reader for a URL; raises :class:`DeviceError` for a bad URL."""

#: Scheme -> module that registers it on import. Schemes of drivers still being written are
#: listed so that asking for them gives a clear "not installed" message.
LAZY_MODULES: dict[str, str] = {
    "serial": "drivers.barcode_serial",
    "evdev": "drivers.barcode_evdev",
    "loop": "drivers.barcode_serial",
    "socket": "drivers.barcode_serial",
    "hwgrep": "drivers.barcode_serial",
    "spy": "drivers.barcode_serial",
    "rfc2217": "drivers.barcode_serial",
    "fake": "drivers.fake",
    "replay": "drivers.fake",
    "camera": "drivers.camera",
    "rfid+r2000": "drivers.rfid_r2000",
    "rfid+tsl": "drivers.rfid_tsl",
    "rfid+lines": "drivers.rfid_lines",
}

_factories: dict[str, ReaderFactory] = {}
_lock = threading.RLock()


def _normalise(scheme: str) -> str:
    return scheme.strip().lower().removesuffix("://")


def register_scheme(scheme: str, factory: ReaderFactory) -> None:
    """Serve ``scheme://`` URLs with ``factory`` (a later registration replaces an earlier one).

    ``factory(url)`` must return an unopened reader or raise :class:`DeviceError`.
    """
    with _lock:
        _factories[_normalise(scheme)] = factory


def register_lazy(scheme: str, module: str) -> None:
    """Import ``module`` (which must call :func:`register_scheme`) when ``scheme`` is first used."""
    with _lock:
        LAZY_MODULES[_normalise(scheme)] = module


def _module_available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def known_schemes() -> list[str]:
    """Sorted schemes that can be served now: registered ones and those whose module exists.

    Does not import driver modules.
    """
    with _lock:
        names = set(_factories)
        names.update(s for s, m in LAZY_MODULES.items() if _module_available(m))
    return sorted(names)


def _known_text() -> str:
    return ", ".join(f"{s}://" for s in known_schemes())


def split_scheme(url: str) -> str:
    """The lower-case scheme of ``url``; raises :class:`DeviceError` when there is none."""
    if not isinstance(url, str) or "://" not in url:
        raise DeviceError(
            f"{url!r} is not a device URL (expected scheme://path?options); "
            f"known schemes: {_known_text()}",
            url=str(url),
        )
    scheme = url.split("://", 1)[0].strip().lower()
    if not scheme:
        raise DeviceError(
            f"{url!r} has no scheme; known schemes: {_known_text()}",
            url=url,
        )
    return scheme


class DeviceUrl(Struct):
    """A parsed device URL: ``scheme://path?options``.

    ``path`` is everything between ``://`` and the first ``?``, percent-decoded
    (``serial:///dev/ttyACM0`` gives ``/dev/ttyACM0``, ``serial://COM4`` gives ``COM4``,
    ``replay://scans.txt`` gives ``scans.txt``, ``camera://clips/a%3Fb.avi`` gives
    ``clips/a?b.avi``); ``raw_path`` is the same text before decoding. ``options`` are the
    percent-decoded query values; the last one of a name wins.
    Drivers read options with the typed getters, then call :meth:`finish` so that a misspelt
    option is an error instead of being ignored.
    """

    url: str
    scheme: str
    path: str
    options: dict[str, str]
    raw_path: str = ""
    _used: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, url: str) -> DeviceUrl:
        """Split ``url``; raises :class:`DeviceError` when it is not ``scheme://...``."""
        scheme = split_scheme(url)
        rest = url.split("://", 1)[1]
        raw_path, _, query = rest.partition("?")
        options = dict(parse_qsl(query, keep_blank_values=True))
        return cls(
            url=url, scheme=scheme, path=unquote(raw_path), options=options, raw_path=raw_path
        )

    def _fail(self, message: str) -> DeviceError:
        return DeviceError(f"{self.url}: {message}", url=self.url)

    def text(self, name: str, default: str) -> str:
        """The option as text, ``default`` when absent."""
        self._used.add(name)
        return self.options.get(name, default)

    def choice(self, name: str, default: str, allowed: Iterable[str]) -> str:
        """The option, lower-cased, which must be one of ``allowed``."""
        allowed = list(allowed)
        value = self.text(name, default).strip().lower()
        if value not in allowed:
            raise self._fail(f"option {name}={value!r} must be one of {', '.join(allowed)}")
        return value

    def number(
        self, name: str, default: float, *, minimum: float = 0.0, maximum: float | None = None
    ) -> float:
        """The option as a number within ``[minimum, maximum]``."""
        raw = self.text(name, "")
        if raw == "":
            return default
        try:
            value = float(raw)
        except ValueError:
            raise self._fail(f"option {name}={raw!r} is not a number") from None
        if value < minimum or (maximum is not None and value > maximum):
            upper = "" if maximum is None else f" and at most {maximum:g}"
            raise self._fail(f"option {name}={raw!r} must be at least {minimum:g}{upper}")
        return value

    def integer(self, name: str, default: int, *, minimum: int = 0) -> int:
        """The option as a whole number, at least ``minimum``."""
        value = self.number(name, default, minimum=minimum)
        if value != int(value):
            raise self._fail(f"option {name}={self.options[name]!r} must be a whole number")
        return int(value)

    def flag(self, name: str, default: bool) -> bool:
        """The option as a yes/no value (``1/0``, ``true/false``, ``yes/no``, ``on/off``)."""
        raw = self.text(name, "").strip().lower()
        if raw == "":
            return default
        if raw in ("1", "true", "yes", "on"):
            return True
        if raw in ("0", "false", "no", "off"):
            return False
        raise self._fail(f"option {name}={raw!r} must be 1 or 0")

    def unused(self) -> dict[str, str]:
        """Options no getter has asked for (passed through to pyserial by the serial driver)."""
        return {k: v for k, v in self.options.items() if k not in self._used}

    def finish(self, known: Iterable[str] = ()) -> None:
        """Raise :class:`DeviceError` for options nobody asked for and not in ``known``."""
        extra = sorted(set(self.unused()) - set(known))
        if extra:
            listed = ", ".join(sorted(self._used | set(known))) or "none"
            raise self._fail(f"unknown option(s) {', '.join(extra)}; known options: {listed}")


def _factory_for(scheme: str, url: str) -> ReaderFactory:
    with _lock:
        factory = _factories.get(scheme)
        module = LAZY_MODULES.get(scheme)
    if factory is not None:
        return factory
    if module is not None:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise DeviceError(
                    f"the driver for {scheme}:// needs the package {exc.name!r}, "
                    f"which is not installed",
                    url=url,
                ) from exc
            raise DeviceError(
                f"the driver for {scheme}:// ({module}) is not installed yet; "
                f"known schemes: {_known_text()}",
                url=url,
            ) from exc
        with _lock:
            factory = _factories.get(scheme)
        if factory is not None:
            return factory
    raise DeviceError(
        f"unknown device scheme {scheme}:// in {url!r}; known schemes: {_known_text()}",
        url=url,
    )


def reader_for_url(url: str, *, do_not_open: bool = False) -> Reader:
    """Build the reader for ``url`` and open it unless ``do_not_open``.

    Runs on the caller's thread; opening may block briefly (a serial port, a file).
    Raises :class:`DeviceError` for a malformed URL, an unknown scheme (the message lists the
    known ones), a bad option, or a device that cannot be opened.
    """
    scheme = split_scheme(url)
    factory = _factory_for(scheme, url)
    reader = factory(url)
    if not do_not_open:
        reader.open()
    return reader
