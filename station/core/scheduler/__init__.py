# SPDX-License-Identifier: Apache-2.0
"""The station scheduler: due jobs (stale-stock alerts, count plan, label retry, sync) run on
the store's writer thread (``runner``), the standard jobs (``jobs``), each one's last run and
result kept in the store (``tables``)."""
