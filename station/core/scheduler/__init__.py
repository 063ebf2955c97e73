# SPDX-License-Identifier: Apache-2.0
"""The scheduler owns the station's timed jobs: stale-stock alerts, count plan, label retry, sync.

They run on the store's writer thread (``runner``); the standard jobs are in ``jobs``, each
one's last run and result is kept in the store (``tables``)."""
