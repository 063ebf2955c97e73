# SPDX-License-Identifier: Apache-2.0
"""Label printing owns the print queue: label jobs, printer profiles, SSCC counters and reprints.

The queue in ``queue``; the SSCC and RFID serial counters in ``serials``; tables in
``tables``, migration branch ``labels`` in ``migrations/``. Found by
:mod:`station.core.features`.
"""
