# SPDX-License-Identifier: Apache-2.0
"""A workflow as the engine knows it before its module is loaded, and the stand-in that loads
it at first use.

A feature lists its workflows in its ``menu`` module (:mod:`station.core.features`): each
:class:`WorkflowEntry` gives what the menu and the home screen need (name, title, the action
its role needs, its ``$CMD-`` command, its menu place), which scan kinds its ``claims`` may
take at home, whether it is offered only at times, and the module that holds it. The engine
holds a :class:`LazyWorkflow` per entry, so starting the station loads no workflow it does
not use: a workflow's module (its store access, its tables, its settings) is imported the
first time it is asked anything its entry does not answer. The workflow class takes its
facts from its entry (:meth:`WorkflowEntry.facts`), so the two never disagree.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ..scan_meaning import ScanMeaning
    from .inputs import InputEvent
    from .workflow import Ctx, Step, Workflow

log = logging.getLogger(__name__)


class WorkflowEntry:
    """What the menu knows of one workflow (a plain class: entries are read at every start)."""

    __slots__ = (
        "name",
        "title",
        "permission",
        "command",
        "order",
        "module",
        "claims_kinds",
        "offered_at_times",
    )

    def __init__(
        self,
        name: str,
        *,
        title: str,
        permission: str,
        module: str,
        order: int = 100,
        command: str | None = None,
        claims_kinds: tuple[str, ...] = (),
        offered_at_times: bool = False,
    ) -> None:
        self.name = name
        self.title = title
        self.permission = permission
        self.module = module
        self.order = order
        self.command = command
        #: the scan meaning kinds (``text``, ``gtin``, ...) whose scans at home the workflow's
        #: ``claims`` may answer True for; none: it never starts from a scan
        self.claims_kinds = claims_kinds
        #: True when ``offered`` depends on the store (else the workflow is always offered)
        self.offered_at_times = offered_at_times

    def facts(self) -> tuple[str, str, str, str | None, int]:
        """(name, title, permission, command, order), for the workflow class's attributes."""
        return self.name, self.title, self.permission, self.command, self.order


class LazyWorkflow:
    """The engine's stand-in for a workflow not loaded yet: answers from its entry what the
    entry knows, and loads the workflow (once) for everything else. ``on_load`` is called
    after the module was imported (the engine adds the settings it declared). A module that
    fails to load is logged once and the workflow is then unavailable: it claims no scan, the
    home menu leaves it out, and the engine refuses to start it (one broken workflow never
    stops the station from scanning)."""

    def __init__(self, entry: WorkflowEntry, on_load: Callable[[], None] | None = None) -> None:
        self.entry = entry
        self.name, self.title, self.permission, self.command, self.order = entry.facts()
        self._on_load = on_load
        self._real: Workflow[Any] | None = None
        self._failed = False

    @property
    def is_loaded(self) -> bool:
        return self._real is not None

    def available(self) -> bool:
        """True once the workflow is loaded, loading it now if need be; False (logged once)
        when its module cannot be loaded."""
        if self._real is None and not self._failed:
            try:
                self.loaded()
            except Exception:
                self._failed = True
                log.exception("workflow %s (%s) cannot be loaded", self.name, self.entry.module)
        return self._real is not None

    def loaded(self) -> Workflow[Any]:
        """The workflow itself, its module imported on first use."""
        if self._real is None:
            module = importlib.import_module(self.entry.module)
            found = [wf for wf in getattr(module, "WORKFLOWS", []) if wf.name == self.name]
            if not found:
                raise LookupError(f"{self.entry.module} holds no workflow {self.name!r}")
            self._real = found[0]
            if self._on_load is not None:
                self._on_load()
        return self._real

    # -- what the entry answers ------------------------------------------------------------
    def claims(self, ctx: Ctx, meaning: ScanMeaning) -> bool:
        if meaning.kind not in self.entry.claims_kinds or not self.available():
            return False
        return self.loaded().claims(ctx, meaning)

    def offered(self, conn: Connection) -> bool:
        if not self.entry.offered_at_times:
            return not self._failed
        return self.available() and self.loaded().offered(conn)

    # -- what only the workflow knows ------------------------------------------------------
    @property
    def takes_raw_scans(self) -> bool:
        return bool(getattr(self.loaded(), "takes_raw_scans", False))

    @property
    def copy_on_write(self) -> bool:
        return bool(getattr(self.loaded(), "copy_on_write", False))

    def restored(self, conn: Connection, state: Any) -> Any:
        restore = getattr(self.loaded(), "restored", None)
        return state if restore is None else restore(conn, state)

    def start(self, ctx: Ctx, meaning: ScanMeaning | None = None) -> Step:
        return self.loaded().start(ctx, meaning)

    def handle(self, ctx: Ctx, state: Any, event: InputEvent, meaning: ScanMeaning | None) -> Step:
        return self.loaded().handle(ctx, state, event, meaning)

    def command_input(self, ctx: Ctx, state: Any, command: str) -> Step:
        return self.loaded().command_input(ctx, state, command)

    def confirmed(self, ctx: Ctx, state: Any, confirm: dict[str, Any]) -> Step:
        return self.loaded().confirmed(ctx, state, confirm)

    def public_state(self, state: Any) -> Mapping[str, Any]:
        return self.loaded().public_state(state)

    def persisted_state(self, state: Any) -> Mapping[str, Any]:
        return self.loaded().persisted_state(state)

    def participants(self, state: Any) -> list[dict[str, Any]]:
        return self.loaded().participants(state)

    def expects(self, state: Any) -> dict[str, Any]:
        return self.loaded().expects(state)

    def wants_badge(self, state: Any) -> bool:
        return self.loaded().wants_badge(state)


def failed_to_load(workflow: object) -> bool:
    """True for a stand-in whose workflow's module cannot be loaded (tried now if need be)."""
    return isinstance(workflow, LazyWorkflow) and not workflow.available()
