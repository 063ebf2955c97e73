# SPDX-License-Identifier: Apache-2.0
"""Cuts: the filters every stale-stock figure can be narrowed by.

A :class:`Cut` keeps a position when every field that is set matches exactly (category,
warehouse, zone, location code, accountable owner of the item). Empty fields match all.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Cut:
    category: str | None = None
    warehouse: str | None = None
    zone: str | None = None
    location: str | None = None
    owner: str | None = None

    def matches_item(self, category: str, owner: str) -> bool:
        return (self.category is None or category == self.category) and (
            self.owner is None or owner == self.owner
        )

    def matches_location(self, warehouse: str, zone: str, code: str) -> bool:
        return (
            (self.warehouse is None or warehouse == self.warehouse)
            and (self.zone is None or zone == self.zone)
            and (self.location is None or code == self.location)
        )

    def describe(self) -> dict[str, str]:
        """The fields that are set, for report headers and JSON."""
        return {k: v for k, v in asdict(self).items() if v is not None}
