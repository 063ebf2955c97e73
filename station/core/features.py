# SPDX-License-Identifier: Apache-2.0
"""The station's capabilities, one package each in ``station/core``, found by walking the folder.

Every sub-package of ``station.core`` that is not one of the shared ones (:data:`SHARED`) is a
feature package (today ``receiving/``, ``issuing/``, ``counting/``, ``moving/``, ``stale_stock/``,
``label_printing/``, ``users/`` and ``scheduler/``). What the station finds in one goes by the
module's name:

* ``workflow.py`` and ``*_workflow.py`` expose ``WORKFLOWS``, a list of workflow objects
  (see :class:`station.core.engine.workflow.BaseWorkflow`);
* ``menu.py`` exposes ``ENTRIES``, those workflows as the menu knows them before one is used
  (:class:`station.core.engine.workflow_entry.WorkflowEntry`: name, title, role, command,
  the scans it may claim, its module): the engine loads a workflow's module at its first use,
  so a start loads none it does not need (one that fails to load is logged and left out, as a
  broken module always was). A workflow module no entry names is loaded at start;
* ``tables.py`` defines the feature's tables on ``station.core.store.schema.metadata``;
* ``migrations/`` holds the feature's Alembic migration branch (``down_revision = "0001"``,
  ``branch_labels = ("<feature>",)``), run with the store's own;
* ``report.py`` exposes ``REPORTS``, a dict of kind -> :class:`station.core.reports.ReportKind`;
* ``documents.py`` exposes ``DOCUMENTS``, a dict of document name -> ``write(data, target)``
  for the ``document`` effects its workflows hand out (:mod:`station.core.documents`);
* ``jobs.py`` exposes ``JOBS``, a list of factories of the feature's timed jobs
  (:mod:`station.core.jobs`), which the scheduler runs.

So adding a capability is adding a folder (plus its UI panel in ``station/ui/panels``):
neither this module nor the engine names a feature. Finding the modules imports only each
feature's face (its ``__init__``), which holds nothing but its docstring.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import pkgutil
from pathlib import Path
from typing import Any

from .jobs import Job, JobHost

log = logging.getLogger(__name__)

SHARED = frozenset({"engine", "store", "imports", "reports"})
"""Packages of ``station.core`` every feature builds on; none of them is a feature."""


def _core() -> Any:
    return importlib.import_module(__name__.rsplit(".", 1)[0])


def packages() -> list[str]:
    """The full names of the feature packages, sorted."""
    core = _core()
    return sorted(
        f"{core.__name__}.{info.name}"
        for info in pkgutil.iter_modules(core.__path__)
        if info.ispkg and info.name not in SHARED
    )


def _folder(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations is not None
    return Path(next(iter(spec.submodule_search_locations)))


def modules(kind: str) -> list[str]:
    """The full names of the feature modules of one kind: ``workflow`` (``workflow`` and
    ``*_workflow``), ``menu``, ``tables``, ``report``, ``documents`` or ``jobs``; by package,
    then by name."""
    found: list[str] = []
    for package in packages():
        path = importlib.import_module(package).__path__  # a face says only what it owns
        names = sorted(info.name for info in pkgutil.iter_modules(path))
        for name in names:
            if name == kind or (kind == "workflow" and name.endswith("_workflow")):
                found.append(f"{package}.{name}")
    return found


def migration_folders() -> list[Path]:
    """Each feature's ``migrations`` folder, for Alembic's version locations."""
    folders = (_folder(package) / "migrations" for package in packages())
    return [folder for folder in folders if folder.is_dir()]


def discover_entries() -> list[Any]:
    """Every feature's workflow entries (``menu.ENTRIES``), by package; imports no workflow."""
    found: list[Any] = []
    for name in modules("menu"):
        found.extend(getattr(importlib.import_module(name), "ENTRIES", []))
    return found


def unlisted_workflow_modules(entries: list[Any]) -> list[str]:
    """The workflow modules no entry names (loaded at start, as before entries existed)."""
    listed = {entry.module for entry in entries}
    return [name for name in modules("workflow") if name not in listed]


def discover_workflows(names: list[str] | None = None) -> list[Any]:
    """Every workflow object of every feature (or of the modules ``names``), ordered by
    ``order``.

    A module that fails to import is logged as an error and left out, so one broken workflow
    never stops the station from scanning (tests import every module and fail loudly).
    """
    found: list[Any] = []
    for name in modules("workflow") if names is None else names:
        try:
            module = importlib.import_module(name)
        except Exception:
            log.exception("workflow module %s cannot be loaded; it is left out", name)
            continue
        found.extend(getattr(module, "WORKFLOWS", []))
    return sorted(found, key=lambda wf: (wf.order, wf.name))


def discover_jobs(host: JobHost) -> list[Job]:
    """Every feature's timed jobs as ``host`` runs them, by package (a factory may return
    None: that job does not run on this host)."""
    found: list[Job] = []
    for name in modules("jobs"):
        for factory in getattr(importlib.import_module(name), "JOBS", []):
            job = factory(host)
            if job is not None:
                found.append(job)
    return found
