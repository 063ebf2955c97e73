# SPDX-License-Identifier: Apache-2.0
"""Moving owns stock moves between locations: the ``move`` workflow (``workflow``).

It reads the stock per lot and location through receiving's store. Found by
:mod:`station.core.features`.
"""
