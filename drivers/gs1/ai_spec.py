# SPDX-License-Identifier: Apache-2.0
"""The shape of one Application Identifier: :class:`AiSpec` made of :class:`Component` parts.

The values come from the GS1 Barcode Syntax Dictionary (``ai_dictionary.py``, generated).
"""

from __future__ import annotations

from msgspec import Struct

__all__ = ["AiSpec", "Component"]


class Component(Struct, frozen=True):
    """One part of an AI's data field.

    ``charset`` is ``"N"``, ``"X"``, ``"Y"`` or ``"Z"``; ``min_len == max_len`` for a fixed
    component; ``optional`` components may be absent once the data is exhausted;
    ``checks`` names the content rules applied to the component (see ``linters.py``).
    """

    charset: str
    min_len: int
    max_len: int
    optional: bool
    checks: tuple[str, ...]


class AiSpec(Struct, frozen=True):
    """The definition of one Application Identifier."""

    ai: str
    title: str
    components: tuple[Component, ...]
    predefined_length: bool
    dl_attribute: bool
    dl_primary_key: bool
    dl_qualifier_paths: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...]
    requires: tuple[tuple[tuple[str, ...], ...], ...] = ()
    """Mandatory associations (``req=``): each rule is a tuple of alternatives, each
    alternative a tuple of AIs or patterns that must all be present. Carried, not enforced
    (see docs/gs1.md)."""

    @property
    def min_len(self) -> int:
        """Shortest valid data length."""
        return sum(c.min_len for c in self.components if not c.optional)

    @property
    def max_len(self) -> int:
        """Longest valid data length."""
        return sum(c.max_len for c in self.components)

    @property
    def fixed_length(self) -> bool:
        """True when the data field has exactly one valid length."""
        return self.min_len == self.max_len

    @property
    def needs_separator(self) -> bool:
        """True when a following element string must be preceded by FNC1/GS."""
        return not self.predefined_length

    @property
    def has_decimal_point(self) -> bool:
        """True for measure/amount AIs whose last digit gives the implied decimals."""
        return len(self.ai) == 4 and ("3100" <= self.ai <= "3695" or "3900" <= self.ai <= "3955")
