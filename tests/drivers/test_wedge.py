# SPDX-License-Identifier: Apache-2.0
"""The pure keyboard-wedge burst detector: scans versus typing, GS substitutes."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from drivers.wedge import KeyInput, Typed, WedgeConfig, WedgeDetector, WedgeOutput, WedgeScan

CTRL = frozenset({"ctrl"})
ALT = frozenset({"alt"})


def keys(text: str, start: float = 0.0, gap: float = 8.0) -> list[KeyInput]:
    """One key press per character, ``gap`` ms apart; ``\\n`` is the Enter key."""
    return [KeyInput("Enter" if ch == "\n" else ch, start + i * gap) for i, ch in enumerate(text)]


def run(
    detector: WedgeDetector, inputs: Iterable[KeyInput], end_ms: float = 10_000
) -> list[WedgeOutput]:
    out: list[WedgeOutput] = []
    for key in inputs:
        out.extend(detector.feed(key))
    out.extend(detector.flush(end_ms))
    return out


def retime(inputs: list[KeyInput], gap: float = 8.0, start: float = 0.0) -> list[KeyInput]:
    return [KeyInput(k.key, start + i * gap, k.modifiers, k.keypad) for i, k in enumerate(inputs)]


def test_fast_burst_with_enter_is_a_scan() -> None:
    out = run(WedgeDetector(), keys("4006381333931\n"))
    assert out == [WedgeScan("4006381333931", 13 * 8.0, tuple(keys("4006381333931\n")))]


def test_slow_typing_is_typing() -> None:
    detector = WedgeDetector()
    out = run(detector, keys("abc\n", gap=150.0))
    assert all(isinstance(o, Typed) for o in out)
    assert "".join(o.chars for o in out if isinstance(o, Typed)) == "abc\n"
    replayed = [k for o in out if isinstance(o, Typed) for k in o.keys]
    assert replayed == keys("abc\n", gap=150.0)


def test_typed_characters_come_out_after_the_gap() -> None:
    detector = WedgeDetector()
    assert detector.feed(KeyInput("a", 0.0)) == []
    deadline = detector.deadline_ms()
    assert deadline is not None and 30 < deadline <= 40
    assert detector.flush(20.0) == []
    assert detector.flush(deadline) == [Typed("a", (KeyInput("a", 0.0),))]
    assert detector.deadline_ms() is None


def test_typing_then_scan_then_typing_keeps_order() -> None:
    inputs = keys("hi", gap=200.0) + keys("ABC123\n", start=1000.0) + keys("ok", 2000.0, 200.0)
    out = run(WedgeDetector(), inputs)
    assert [type(o).__name__ for o in out] == ["Typed", "Typed", "WedgeScan", "Typed", "Typed"]
    assert [o.text if isinstance(o, WedgeScan) else o.chars for o in out] == [
        "h",
        "i",
        "ABC123",
        "o",
        "k",
    ]


def test_short_burst_is_typing() -> None:
    out = run(WedgeDetector(WedgeConfig(min_len=4)), keys("AB\n"))
    assert out == [Typed("AB\n", tuple(keys("AB\n")))]


def test_late_terminator_is_typing() -> None:
    inputs = keys("ABCDEF") + [KeyInput("Enter", 5 * 8.0 + 500.0)]
    out = run(WedgeDetector(), inputs)
    assert not any(isinstance(o, WedgeScan) for o in out)
    assert "".join(o.chars for o in out if isinstance(o, Typed)) == "ABCDEF\n"


def test_bluetooth_speed_needs_a_larger_gap() -> None:
    inputs = keys("0109506000134352\n", gap=28.0)
    assert run(WedgeDetector(WedgeConfig(max_gap_ms=30)), inputs)[0] == WedgeScan(
        "0109506000134352", 16 * 28.0, tuple(inputs)
    )
    slower = keys("0109506000134352\n", gap=38.0)
    assert not any(isinstance(o, WedgeScan) for o in run(WedgeDetector(), slower))
    out = run(WedgeDetector(WedgeConfig(max_gap_ms=45)), slower)
    assert [o.text for o in out if isinstance(o, WedgeScan)] == ["0109506000134352"]


def test_tab_terminator_and_return_alias() -> None:
    detector = WedgeDetector(WedgeConfig(terminators=("Enter", "Tab")))
    out = run(detector, [*keys("SCAN1"), KeyInput("\t", 40.0)])
    assert [o.text for o in out if isinstance(o, WedgeScan)] == ["SCAN1"]
    out = run(detector, [*keys("SCAN2", 1000.0), KeyInput("Return", 1040.0)])
    assert [o.text for o in out if isinstance(o, WedgeScan)] == ["SCAN2"]


def test_no_terminator_configured_ends_scan_by_silence() -> None:
    detector = WedgeDetector(WedgeConfig(terminators=()))
    assert [o for k in keys("ABCDEF") for o in detector.feed(k)] == []
    (scan,) = detector.flush(100.0)
    assert isinstance(scan, WedgeScan) and scan.text == "ABCDEF"


def test_special_key_breaks_a_burst() -> None:
    inputs = [*keys("ABCD"), KeyInput("Escape", 32.0), *keys("EF\n", 40.0)]
    out = run(WedgeDetector(), inputs)
    assert not any(isinstance(o, WedgeScan) for o in out)
    assert out[0] == Typed("ABCD", (*keys("ABCD"), KeyInput("Escape", 32.0)))


# -- GS substitutes --------------------------------------------------------------------

GS_DATA = "0109506000134352\x1d10ABC"


def gs_inputs(substitute: list[KeyInput]) -> list[KeyInput]:
    head, tail = GS_DATA.split("\x1d")
    return retime([*keys(head), *substitute, *keys(tail + "\n")])


@pytest.mark.parametrize(
    ("name", "substitute", "config"),
    [
        ("raw ascii 29", [KeyInput("\x1d", 0)], WedgeConfig()),
        ("ctrl+]", [KeyInput("]", 0, CTRL)], WedgeConfig()),
        (
            "alt keypad 0029",
            [KeyInput(d, 0, ALT, keypad=True) for d in "0029"],
            WedgeConfig(),
        ),
        ("alt keypad 29", [KeyInput(d, 0, ALT, keypad=True) for d in "29"], WedgeConfig()),
        (
            "alt code with Alt release",
            [*(KeyInput(d, 0, ALT, keypad=True) for d in "029"), KeyInput("Alt", 0)],
            WedgeConfig(),
        ),
        ("function key F8", [KeyInput("F8", 0)], WedgeConfig(gs_substitutes=("F8",))),
        ("formatting char", [KeyInput("|", 0)], WedgeConfig(gs_substitutes=("\x1d", "|"))),
        ("private use char", [KeyInput("\uf70b", 0)], WedgeConfig(gs_substitutes=("\uf70b",))),
    ],
)
def test_gs_substitute_becomes_gs(
    name: str, substitute: list[KeyInput], config: WedgeConfig
) -> None:
    out = run(WedgeDetector(config), gs_inputs(substitute))
    assert [o for o in out if isinstance(o, Typed)] == [], name
    (scan,) = out
    assert isinstance(scan, WedgeScan) and scan.text == GS_DATA, name


def test_unconfigured_substitute_stays_as_typed() -> None:
    out = run(WedgeDetector(WedgeConfig(gs_substitutes=("\x1d",))), gs_inputs([KeyInput("|", 0)]))
    assert [o.text for o in out if isinstance(o, WedgeScan)] == ["0109506000134352|10ABC"]
    out = run(WedgeDetector(WedgeConfig(gs_substitutes=())), gs_inputs([KeyInput("F8", 0)]))
    # an unmapped F8 breaks the burst: the head goes to the widget, the tail is a short scan
    assert isinstance(out[0], Typed) and out[0].chars == "0109506000134352"
    assert out[0].keys[-1].key == "F8"
    assert [o.text for o in out if isinstance(o, WedgeScan)] == ["10ABC"]


def test_slow_alt_code_typed_by_a_person_gives_its_character() -> None:
    detector = WedgeDetector()
    inputs = [KeyInput(d, i * 200.0, ALT, keypad=True) for i, d in enumerate("0233")]
    inputs.append(KeyInput("Alt", 900.0))
    out = run(detector, inputs)
    assert out == [Typed("\u00e9", tuple(inputs[:4]))]


def test_ctrl_shortcut_is_passed_through() -> None:
    out = run(WedgeDetector(), [KeyInput("c", 0.0, CTRL)])
    assert out == [Typed("", (KeyInput("c", 0.0, CTRL),))]


def test_reset_settles_everything() -> None:
    detector = WedgeDetector()
    for key in keys("AB"):
        detector.feed(key)
    assert detector.reset() == [Typed("AB", tuple(keys("AB")))]
    assert detector.deadline_ms() is None
