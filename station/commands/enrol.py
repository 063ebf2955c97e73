# SPDX-License-Identifier: Apache-2.0
"""``station enrol --badge B``: an enrolment code for a supervisor or admin of a station that
has no central (a synced station takes its codes from ``station central enrol``)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from . import Command

DEFAULT_HOURS = 24.0


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--badge", required=True, help="the supervisor's or admin's badge")
    parser.add_argument(
        "--hours", type=float, default=DEFAULT_HOURS, help="how long the code is valid (24)"
    )
    parser.add_argument("--db", metavar="PATH", help="station database")


def _run(args: argparse.Namespace) -> int:
    from ..core.clock import SystemClock
    from ..core.engine.permissions import ENROL_ROLES
    from ..core.import_apply import synced
    from ..core.paths import default_db_path
    from ..core.store import catalog, enrolments
    from ..core.store.database import Store
    from ..core.store.events import append_audit

    if not 1 / 60 <= args.hours <= 24 * 7:
        print("station: a code is valid for 1 minute to 168 hours", file=sys.stderr)
        return 2
    store = Store.open(default_db_path(args.db))
    try:
        now = SystemClock().now()
        with store.transaction() as conn:
            if synced(conn):
                print(
                    "station: this station syncs with central, which issues its codes: run "
                    f"station central enrol --badge {args.badge} --url URL",
                    file=sys.stderr,
                )
                return 2
            user = catalog.user_by_badge(conn, args.badge)
            if user is None or user.role not in ENROL_ROLES:
                what = "is not known here" if user is None else f"is a {user.role}'s"
                print(
                    f"station: badge {args.badge} {what}: codes are for supervisors and admins "
                    "(clerks and counters choose their PIN at their first scan)",
                    file=sys.stderr,
                )
                return 2
            expires = now + timedelta(hours=args.hours)
            code = enrolments.issue_local(conn, user.badge, expires)
            append_audit(conn, now, None, "user.enrolment_issued", {"badge": user.badge})
    finally:
        store.close()
    print(
        f"enrolment code for {user.name} ({user.role}, badge {user.badge}): "
        f"{enrolments.shown(code)}, valid until {expires:%Y-%m-%d %H:%M %Z}. "
        "They scan their badge, enter the code, then choose their PIN."
    )
    return 0


COMMANDS = {
    "enrol": Command(
        "an enrolment code for a supervisor's or admin's PIN (station without central)",
        _configure,
        _run,
    )
}
