# SPDX-License-Identifier: Apache-2.0
"""The central web view: stale-stock tasks for their owners, outcomes, dashboards (no Qt).

A small Starlette application over the central PostgreSQL database (docs/central_web.md),
started by ``station central web``. Modules: ``tasks`` (raising tasks from central stock,
run by ``station central derive``), ``accounts`` (web users and the web's database role),
``queries`` (what the pages read and write, always as the logged-in user under row-level
security), ``figures`` (dashboard figures and their CSV), ``charts`` (inline SVG),
``texts`` (English and Chinese), ``security`` (passwords, sessions, CSRF) and ``app``.
Nothing here imports Starlette at package import, so ``station --help`` stays cheap.
"""
