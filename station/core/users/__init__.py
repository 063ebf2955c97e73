# SPDX-License-Identifier: Apache-2.0
"""Users owns managing the station's users at the station: the ``users`` workflow (``workflow``).

The users' table is shared (``station.core.store.schema``). Found by
:mod:`station.core.features`.
"""
