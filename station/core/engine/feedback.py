# SPDX-License-Identifier: Apache-2.0
"""How an outcome should feel to the clerk: one of five kinds, each with its own colour, icon,
word and sound in the window (docs/scripts.md).

- ``success``: a committed, accepted step (the only kind that plays the accept sound);
- ``refused``: the step was refused, or nothing was saved;
- ``waiting``: the engine waits for a PIN, a choice or another person;
- ``attention``: the step was taken but something needs a look (stock put in quarantine, a
  line flagged, a supervisor needed);
- ``info``: nothing was scanned: the station has started, or resumed a session.

Workflows declare which of their message keys call for attention; the engine decides the rest.
"""

from __future__ import annotations

SUCCESS, REFUSED, WAITING, ATTENTION, INFO = "success", "refused", "waiting", "attention", "info"
KINDS = (SUCCESS, REFUSED, WAITING, ATTENTION, INFO)

#: message keys of steps that were taken but need a look
ATTENTION_KEYS: set[str] = {"lookup.user_locked"}


def register_attention(keys: object) -> None:
    """Declare message keys whose outcome calls for attention (quarantined, flagged, ...)."""
    ATTENTION_KEYS.update(str(k) for k in keys)  # type: ignore[attr-defined]


def feedback_of(outcome: str, key: str, committed: bool) -> str:
    """The feedback kind of an input's outcome."""
    if not committed or outcome == "rejected":
        return REFUSED
    if key in ATTENTION_KEYS:
        return ATTENTION
    if outcome == "pending":
        return WAITING
    return SUCCESS
