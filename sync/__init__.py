# SPDX-License-Identifier: Apache-2.0
"""Sync between the station's SQLite store and the central database (PostgreSQL, or a second
SQLite file for tests and trials). No Qt; see docs/sync.md for the protocol."""
