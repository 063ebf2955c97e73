# SPDX-License-Identifier: Apache-2.0
"""``station central notify``: send today's digests, at most one per target per day.

Targets: every owner with an e-mail address (when ``[smtp]`` is set) and every configured
group robot. A target's row in ``central_digests`` for the day is claimed (``sending``) in one
short transaction, the message is sent outside any transaction, and the result is written in
another: ``sent``, or ``failed`` with the error, retried by the next run up to
``MAX_ATTEMPTS`` times (a claim left ``sending`` by a run that died is retried after
``STALE_CLAIM``). A target with no open task gets no message. Runs as central's owner (cron,
e.g. hourly: the first run of the day sends, later ones retry what failed).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import Engine, text

from .digest import Digest, owner_digest, owners_to_mail, site_digest
from .mail import send_mail
from .settings import NotifySettings, Smtp, Webhook
from .webhook import post_webhook

MAX_ATTEMPTS = 5
STALE_CLAIM = timedelta(minutes=10)

_CLAIM = """
INSERT INTO central_digests (target, day, status, attempts, last_error, updated_at)
VALUES (:target, :day, 'sending', 0, '', now())
ON CONFLICT (target, day) DO UPDATE SET status = 'sending', updated_at = now()
WHERE (central_digests.status = 'failed' AND central_digests.attempts < :max)
   OR (central_digests.status = 'sending' AND central_digests.updated_at < now() - :stale)
RETURNING attempts
"""
_DONE = """
UPDATE central_digests SET status = CAST(:status AS varchar), attempts = attempts + 1, last_error = :error,
  updated_at = now(), sent_at = CASE WHEN CAST(:status AS text) = 'sent' THEN now() END
WHERE target = :target AND day = :day
"""


def _deliver(engine: Engine, target: str, day: date, send: Callable[[], None]) -> str:
    with engine.begin() as conn:
        claimed = conn.execute(
            text(_CLAIM),
            {"target": target, "day": day.isoformat(), "max": MAX_ATTEMPTS, "stale": STALE_CLAIM},
        ).first()
    if claimed is None:
        return "already"
    try:
        send()
        status, error = "sent", ""
    except Exception as exc:  # noqa: BLE001 - any failure to deliver is kept and retried
        status, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
    with engine.begin() as conn:
        conn.execute(
            text(_DONE),
            {"status": status, "error": error, "target": target, "day": day.isoformat()},
        )
    return status if not error else f"{status} ({error})"


def _mailer(smtp: Smtp, to: str, digest: Digest) -> Callable[[], None]:
    return lambda: send_mail(smtp, to, digest.subject, digest.text)


def _poster(hook: Webhook, digest: Digest) -> Callable[[], None]:
    return lambda: post_webhook(hook.kind, hook.url, digest.subject, digest.markdown)


def notify(engine: Engine, settings: NotifySettings, today: date, link: str = "") -> list[str]:
    """Send what today still owes; returns one line per target saying what happened."""
    lines: list[str] = []
    jobs: list[tuple[str, Digest, Callable[[], None]]] = []
    with engine.connect() as conn:
        if settings.smtp is not None:
            for who in owners_to_mail(conn):
                digest = owner_digest(conn, who, today, link)
                jobs.append(
                    (f"mail:{who.login}", digest, _mailer(settings.smtp, who.email, digest))
                )
        for hook in settings.webhooks:
            digest = site_digest(conn, hook.warehouses, today, link=link)
            jobs.append((f"webhook:{hook.name}", digest, _poster(hook, digest)))
        conn.rollback()
    for target, digest, send in jobs:
        if digest.tasks == 0:
            lines.append(f"{target}: no open tasks, nothing sent")
            continue
        outcome = _deliver(engine, target, today, send)
        lines.append(f"{target}: {outcome}")
    return lines
