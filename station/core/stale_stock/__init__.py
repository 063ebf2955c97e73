# SPDX-License-Identifier: Apache-2.0
"""Stale stock owns aging, near expiry, slow movers, ABC classes, alerts and the dashboard data.

No Qt here. Every analysis reads a :class:`~station.core.stale_stock.positions.Snapshot`:
the stock on hand per item, lot and location *as of* a date (rebuilt from the ledger when
the date is in the past), each position with its value at cost, its receipt date and its
item's last issue. Definitions and settings are in docs/stale-stock.md.

Modules: ``config`` (settings), ``cuts`` (filters), ``positions`` (the snapshot), ``aging``,
``expiry``, ``slow_movers``, ``abc``, ``alerts`` (follow-up tasks and money released) and
``dashboard`` (what the station's dashboard shows).
"""
