# SPDX-License-Identifier: Apache-2.0
"""Notifications: a daily digest of open stale-stock tasks per owner by e-mail (SMTP with
STARTTLS), and per site by WeCom / DingTalk group-robot webhooks (``station central
notify``). ``settings`` reads the configuration, ``digest`` writes the messages, ``mail``
and ``webhook`` deliver them and ``run`` keeps one digest per target per day, retrying
failures (shown on the web view's admin page)."""
