# SPDX-License-Identifier: Apache-2.0
"""Label printing owns the print queue: label jobs, printer profiles, SSCC counters and reprints.

The queue in ``queue``; tables in ``tables``, migration branch ``labels`` in ``migrations/``.
Found by :mod:`station.core.features`.
"""
