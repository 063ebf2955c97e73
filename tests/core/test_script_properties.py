# SPDX-License-Identifier: Apache-2.0
"""Any text as a scan script is either run or refused with FILE:LINE: reason, never a crash."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from station.core.script_runner import ScriptError, parse_script

lines = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "@pin",
            "@qty",
            "@choose",
            "@text",
            "@rfid",
            "@clock",
            "@wait",
            "@device",
            "@restart",
            "@x",
        ]
    ).flatmap(lambda d: st.text(max_size=30).map(lambda rest: f"{d} {rest}")),
    st.sampled_from(["\\", "#", "<GS>", "$CMD-DONE", "]C1"]).flatmap(
        lambda p: st.text(max_size=20).map(lambda r: p + r)
    ),
)


@given(st.lists(lines, max_size=12))
def test_any_script_parses_or_is_refused_with_its_line(script: list[str]) -> None:
    text = "\n".join(script)
    try:
        steps = parse_script(text, "s.txt")
    except ScriptError as exc:
        assert str(exc).startswith("s.txt:")
        return
    for step in steps:
        assert step.line.kind in ("scan", "directive")
