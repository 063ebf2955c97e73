# SPDX-License-Identifier: Apache-2.0
"""The Starlette application: log-in, my tasks, a task and its outcome, the dashboard, CSV.

Handlers are plain functions (Starlette runs them in its thread pool); each request that
touches the database opens one transaction as the logged-in user (:func:`queries.as_user`).
Pages are Jinja2 templates with autoescaping on, in the user's language (English or Chinese,
switchable), with a viewport meta and a single-column layout below 700 px for phones.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import Engine
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from sync.central_web_schema import OUTCOMES

from . import alerts, charts, queries
from .figures import as_csv, figures
from .security import SecurityHeaders, csrf_ok, csrf_token, password_matches
from .texts import t

HERE = Path(__file__).parent
SESSION_HOURS = 8


def money(value: Any) -> str:
    return f"{Decimal(str(value or 0)):,.2f}"


def quantity(value: Any) -> str:
    d = Decimal(str(value or 0))
    return format(d.normalize(), "f") if d == d.to_integral() else format(d.normalize(), "f")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.filters["money"] = money
    env.filters["qty"] = quantity
    return env


class WebApp:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.env = _environment()

    # -- helpers -----------------------------------------------------------------------------

    def lang(self, request: Request) -> str:
        lang = request.session.get("lang")
        return lang if lang in ("en", "zh") else "en"

    def render(
        self, request: Request, name: str, status_code: int = 200, **context: Any
    ) -> HTMLResponse:
        lang = self.lang(request)
        html = self.env.get_template(name).render(
            t=lambda key, **v: t(lang, key, **v),
            lang=lang,
            csrf=csrf_token(request.session),
            path=request.url.path,
            **context,
        )
        return HTMLResponse(html, status_code=status_code)

    def user(self, request: Request) -> queries.Profile | None:
        user_id = request.session.get("user_id")
        if not isinstance(user_id, int):
            return None
        with queries.as_user(self.engine, user_id) as conn:
            return queries.profile(conn, user_id)

    def refused(self, request: Request) -> HTMLResponse:
        return self.render(
            request, "message.html", 403, message=t(self.lang(request), "csrf.refused")
        )

    # -- log-in ------------------------------------------------------------------------------

    def login_page(self, request: Request) -> Response:
        return self.render(request, "login.html")

    async def login(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            return self.refused(request)
        login = str(form.get("login") or "").strip()
        password = str(form.get("password") or "")
        lang = self.lang(request)
        with queries.as_user(self.engine, None) as conn:
            row = queries.login_row(conn, login)
            if row is not None and row[2]:
                return self.render(request, "login.html", 401, error=t(lang, "login.locked"))
            ok = password_matches(row[1] if row else None, password)
            locked = queries.login_result(conn, row[0], ok) if row is not None else False
        if not ok or row is None:
            error = t(lang, "login.locked" if locked else "login.wrong")
            return self.render(request, "login.html", 401, error=error, login=login)
        request.session.clear()
        request.session["user_id"] = row[0]
        with queries.as_user(self.engine, row[0]) as conn:
            who = queries.profile(conn, row[0])
        request.session["lang"] = who.lang if who else "en"
        return RedirectResponse("/tasks", status_code=303)

    async def logout(self, request: Request) -> Response:
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            return self.refused(request)
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    def switch_lang(self, request: Request) -> Response:
        code = request.path_params["code"]
        if code in ("en", "zh"):
            request.session["lang"] = code
        back = request.query_params.get("next", "/tasks")
        return RedirectResponse(
            back if back.startswith("/") and "//" not in back else "/tasks", 303
        )

    # -- tasks -------------------------------------------------------------------------------

    def task_list(self, request: Request) -> Response:
        who = self.user(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        status = "done" if request.query_params.get("status") == "done" else "open"
        raw_page = request.query_params.get("page", "0")
        page = min(int(raw_page), 100_000) if raw_page.isdigit() else 0
        with queries.as_user(self.engine, who.id) as conn:
            rows = queries.tasks(conn, status, page)
            count, total = queries.task_totals(conn, status)
        return self.render(
            request,
            "tasks.html",
            who=who,
            tasks=rows,
            status=status,
            count=count,
            total=money(total),
            page=page,
            more=(page + 1) * queries.PAGE < count,
        )

    def task_page(self, request: Request, message: str = "", status_code: int = 200) -> Response:
        who = self.user(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        task_id = int(request.path_params["task_id"])
        with queries.as_user(self.engine, who.id) as conn:
            task = queries.task(conn, task_id)
            if task is None:
                return self.render(
                    request, "message.html", 404, who=who, message=t(who.lang, "task.not_found")
                )
            outcome = queries.outcome_of(conn, task_id)
            moves = queries.movements_out(conn, task) if outcome is None else []
            notes = queries.comments(conn, task_id)
        return self.render(
            request,
            "task.html",
            status_code,
            who=who,
            task=task,
            outcome=outcome,
            movements=moves,
            comments=notes,
            actions=OUTCOMES,
            message=message,
            flash=request.session.pop("flash", ""),
        )

    async def _task_form(self, request: Request) -> tuple[FormData, queries.Profile] | Response:
        """A task form's fields and who posted it, or the answer when the post carries no
        CSRF token or nobody is logged in."""
        form = await request.form()
        if not csrf_ok(request.session, form.get("csrf")):
            return self.refused(request)
        who = self.user(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        return form, who

    async def record(self, request: Request) -> Response:
        posted = await self._task_form(request)
        if isinstance(posted, Response):
            return posted
        form, who = posted
        lang = self.lang(request)
        task_id = int(request.path_params["task_id"])
        action = str(form.get("action") or "")
        movement = str(form.get("movement") or "") or None
        reason = str(form.get("reason") or "").strip()
        qty = _quantity(form, action)
        if qty is None:
            return self.task_page(request, t(lang, "outcome.bad_qty"), 400)
        if action != "keep" and movement is None:
            return self.task_page(request, t(lang, "outcome.pick_movement"), 400)
        try:
            with queries.as_user(self.engine, who.id) as conn:
                if queries.task(conn, task_id) is None:
                    raise queries.OutcomeRefused(t(lang, "task.not_found"))
                done = queries.record_outcome(
                    conn,
                    who.id,
                    task_id,
                    action,
                    qty,
                    None if action == "keep" else movement,
                    reason,
                )
        except queries.OutcomeRefused as exc:
            return self.task_page(request, t(lang, "outcome.refused", problem=str(exc)), 400)
        request.session["flash"] = t(
            lang,
            "outcome.recorded",
            action=t(lang, f"action.{done.action}"),
            qty=quantity(done.qty),
            released=money(done.released),
        )
        return RedirectResponse(f"/tasks/{task_id}", status_code=303)

    async def comment(self, request: Request) -> Response:
        posted = await self._task_form(request)
        if isinstance(posted, Response):
            return posted
        form, who = posted
        lang = self.lang(request)
        task_id = int(request.path_params["task_id"])
        body = str(form.get("body") or "").strip()
        if not body:
            return self.task_page(request, t(lang, "comment.empty"), 400)
        try:
            with queries.as_user(self.engine, who.id) as conn:
                if queries.task(conn, task_id) is None:
                    raise queries.OutcomeRefused(t(lang, "task.not_found"))
                queries.add_comment(conn, who.id, task_id, body[:2000], _now())
        except queries.OutcomeRefused as exc:
            return self.task_page(request, t(lang, "outcome.refused", problem=str(exc)), 400)
        return RedirectResponse(f"/tasks/{task_id}", status_code=303)

    # -- dashboard ---------------------------------------------------------------------------

    def dashboard(self, request: Request) -> Response:
        who = self.user(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        lang = self.lang(request)
        with queries.as_user(self.engine, who.id) as conn:
            figs = figures(conn, who)
        drawn = {}
        for name, fig in figs.items():
            title = t(lang, fig.title)
            if name == "by_month":
                drawn[name] = Markup(
                    charts.trend(fig.rows, title, [t(lang, "col.raised"), t(lang, "col.released")])
                )
            elif name in ("accuracy", "variance"):
                drawn[name] = Markup("")
            else:
                drawn[name] = Markup(charts.bars(fig.rows, 2, title))
        open_count = sum(int(r[1]) for r in figs["by_warehouse"].rows)
        open_value = sum((Decimal(str(r[2])) for r in figs["by_warehouse"].rows), Decimal(0))
        released = sum((Decimal(str(r[2])) for r in figs["released_owner"].rows), Decimal(0))
        return self.render(
            request,
            "dashboard.html",
            who=who,
            figures=figs,
            drawn=drawn,
            open_count=open_count,
            open_value=money(open_value),
            released=money(released),
        )

    def figure_csv(self, request: Request) -> Response:
        who = self.user(request)
        if who is None:
            return RedirectResponse("/login", status_code=303)
        lang = self.lang(request)
        with queries.as_user(self.engine, who.id) as conn:
            fig = figures(conn, who).get(request.path_params["name"])
        if fig is None:
            return PlainTextResponse(t(lang, "figure.unknown"), status_code=404)
        body = "\ufeff" + as_csv(fig, [t(lang, c) for c in fig.columns])  # BOM: Excel reads UTF-8
        return Response(
            body,
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{fig.name}.csv"'},
        )

    def notifications(self, request: Request) -> Response:
        who, refusal = self._admin(request)
        if refusal is not None or who is None:
            return refusal or RedirectResponse("/login", status_code=303)
        with queries.as_user(self.engine, who.id) as conn:
            rows = queries.digests(conn)
        return self.render(request, "admin.html", who=who, digests=rows)

    def _admin(self, request: Request) -> tuple[queries.Profile | None, Response | None]:
        who = self.user(request)
        if who is None:
            return None, RedirectResponse("/login", status_code=303)
        if who.role != "admin":
            return who, self.render(
                request, "message.html", 403, who=who, message=t(who.lang, "admin.only")
            )
        return who, None

    def alert_list(self, request: Request) -> Response:
        who, refusal = self._admin(request)
        if refusal is not None or who is None:
            return refusal or RedirectResponse("/login", status_code=303)
        with queries.as_user(self.engine, who.id) as conn:
            rows = alerts.alerts(conn, self.lang(request))
        return self.render(request, "alerts.html", who=who, alerts=rows)

    def alert_csv(self, request: Request) -> Response:
        who, refusal = self._admin(request)
        if refusal is not None or who is None:
            return refusal or RedirectResponse("/login", status_code=303)
        lang = self.lang(request)
        with queries.as_user(self.engine, who.id) as conn:
            rows = alerts.alerts(conn, lang)
        return Response(
            alerts.as_csv(lang, rows),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="alerts.csv"'},
        )

    def style(self, request: Request) -> Response:
        return Response((HERE / "static" / "style.css").read_text("utf-8"), media_type="text/css")

    def home(self, request: Request) -> Response:
        return RedirectResponse("/tasks", status_code=303)


def _quantity(form: FormData, action: str) -> Decimal | None:
    raw = str(form.get("qty") or "").strip()
    if action == "keep" and not raw:
        return Decimal(0)
    try:
        qty = Decimal(raw)
    except InvalidOperation:
        return None
    return qty if qty.is_finite() and (qty > 0 or (action == "keep" and qty >= 0)) else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def create_app(engine: Engine, secret_key: str, *, secure_cookies: bool = True) -> Starlette:
    """The web application over ``engine`` (opened as the web role)."""
    web = WebApp(engine)
    routes = [
        Route("/", web.home),
        Route("/login", web.login_page, methods=["GET"]),
        Route("/login", web.login, methods=["POST"]),
        Route("/logout", web.logout, methods=["POST"]),
        Route("/lang/{code}", web.switch_lang),
        Route("/tasks", web.task_list),
        Route("/tasks/{task_id:int}", web.task_page),
        Route("/tasks/{task_id:int}/outcome", web.record, methods=["POST"]),
        Route("/tasks/{task_id:int}/comments", web.comment, methods=["POST"]),
        Route("/dashboard", web.dashboard),
        Route("/figures/{name}.csv", web.figure_csv),
        Route("/admin/notifications", web.notifications),
        Route("/admin/alerts", web.alert_list),
        Route("/admin/alerts.csv", web.alert_csv),
        Route("/style.css", web.style),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(
            SessionMiddleware,
            secret_key=secret_key,
            session_cookie="station_web",
            max_age=SESSION_HOURS * 3600,
            same_site="strict",
            https_only=secure_cookies,
        ),
    ]
    return Starlette(routes=routes, middleware=middleware)
