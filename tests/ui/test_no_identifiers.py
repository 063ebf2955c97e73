# SPDX-License-Identifier: Apache-2.0
"""Words, not identifiers: every message, with every identifier a parameter can carry, and
every choice reads as a sentence in English and in Chinese, never as ``TextInput``,
``count_correction`` or a message key."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from station.core.engine.messages import (
    CHOICES,
    MESSAGES,
    WORD_PARAMS,
    WORDS,
    register_menu,
    render,
)
from station.core.features import discover_workflows
from station.ui.i18n import TRANSLATIONS
from station.ui.screens.scan_screen import WORKFLOW_TITLES, menu_text, workflow_title
from station.ui.translation import tr_message

discover_workflows()  # each workflow registers its messages, choices and words on import

SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")  # count_correction, lost_or_stolen
KEY = re.compile(
    r"\b[a-z]+\.[a-z]+_[a-z_]+\b|\b(?:"
    + "|".join(  # receiving.qty_set
        sorted({k.split(".")[0] for k in MESSAGES})
    )
    + r")\.[a-z_]+\b"
)
CLASS = re.compile(r"\b(?:TextInput|RfidRound|InputEvent|Qty)\b")
ASCII_WORD = re.compile(r"\b[a-z]{4,}\b")  # an English word left inside a Chinese sentence


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(TRANSLATIONS / "station_zh_CN.qm")), "run packaging/i18n.py"
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def _fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def _shown(key: str) -> Iterator[tuple[str, str]]:
    """Each message as shown, once with each identifier its word parameters may carry."""
    fields = _fields(MESSAGES[key])
    words = any(f in WORD_PARAMS for f in fields) and key != "scan.invalid"  # a GS1 sentence
    values = list(WORDS) if words else ["x"]
    for value in values:
        params = {f: (value if f in WORD_PARAMS else "7") for f in fields}
        params.setdefault("role", "clerk")
        yield value, tr_message(key, params, render(key, params))


def _no_identifier(text: str, where: str) -> None:
    assert not SNAKE.search(text), f"{where}: identifier in {text!r}"
    assert not KEY.search(text), f"{where}: message key in {text!r}"
    assert not CLASS.search(text), f"{where}: class name in {text!r}"


def test_english_messages_carry_words_not_identifiers(qapp) -> None:  # type: ignore[no-untyped-def]
    for key in MESSAGES:
        for value, text in _shown(key):
            _no_identifier(text, f"{key} with {value}")
    for ident in list(CHOICES) + list(WORDS):
        _no_identifier(menu_text(ident), f"choice {ident}")
    assert "TextInput" not in render("input.unexpected", {"what": "TextInput"})


def test_chinese_messages_carry_words_not_identifiers(chinese) -> None:  # type: ignore[no-untyped-def]
    for key, template in MESSAGES.items():
        assert QCoreApplication.translate("engine", template) != template or not ASCII_WORD.search(
            template
        ), f"{key} has no Chinese text"
        for value, text in _shown(key):
            _no_identifier(text, f"{key} with {value}")
            if value in WORDS:
                shown_word = QCoreApplication.translate("words", WORDS[value])
                assert shown_word != WORDS[value], f"word {value!r} has no Chinese text"
    for ident in list(CHOICES) + list(WORDS):
        shown = menu_text(ident)
        _no_identifier(shown, f"choice {ident}")
        assert not ASCII_WORD.search(shown), f"choice {ident!r} shows {shown!r} untranslated"
    assert "（short）" not in tr_message(
        "receiving.counted",
        {
            "sku": "A",
            "name": "B",
            "qty": "1",
            "received": "1",
            "expected": "2",
            "unit": "EA",
            "status": "short",
        },
        "",
    )


def test_every_workflow_is_named_in_chinese_even_one_the_screen_does_not_know(chinese) -> None:  # type: ignore[no-untyped-def]
    workflows = discover_workflows()
    register_menu({wf.name: wf.title for wf in workflows})  # what the engine does on start
    assert any(wf.name not in WORKFLOW_TITLES for wf in workflows)  # e.g. label_verify
    for wf in workflows:
        shown = workflow_title(wf.name)
        assert not ASCII_WORD.search(shown), f"{wf.name} is named {shown!r}"
        _no_identifier(shown, f"workflow {wf.name}")


EFFECT_RESULTS = [
    ({"kind": "labels", "template": "batch", "data": [{}]}, "label-job:7"),
    (
        {"kind": "labels", "template": "batch", "data": [{}]},
        "failed:labels:no label printer is set",
    ),
    ({"kind": "document", "name": "receipt-discrepancies"}, "document:/srv/d/r.pdf"),
    ({"kind": "document", "name": "dispatch-note"}, "document-pending:dispatch-note"),
    (
        {"kind": "document", "name": "dispatch-note"},
        "failed:document:[Errno 13] Permission denied: '/srv/d/n.pdf'",
    ),
]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_what_the_window_tells_of_labels_and_documents_is_words(
    qapp, language: str, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    from station.ui.effect_reports import notice_text, printer_report, report

    if language == "zh":
        request.getfixturevalue("chinese")
    shown = [notice_text(report(effect, result)) for effect, result in EFFECT_RESULTS]
    shown += [
        notice_text(printer_report("raw+socket://p:9100", False, 2, "refused")),
        notice_text(printer_report("raw+socket://p:9100", True, 0, "")),
    ]
    for text in shown:
        _no_identifier(text.replace("raw+socket://p:9100", ""), text)
        assert "dispatch-note" not in text.split(":", 1)[0] and "receipt-" not in text
        if language == "zh":
            words = ASCII_WORD.findall(text.split("/srv")[0].replace("raw+socket", ""))
            assert not [w for w in words if w not in ("refused", "socket")], text


def _shown_identifiers() -> dict[str, tuple[str, ...]]:
    """Every identifier the window shows as a word: ledger movement kinds (the variance
    review's movement list), stale-stock alert kinds and actions (the dashboard) and the
    reason codes a supervisor chooses from."""
    from station.core.counting.review_workflow import REASON_CODES
    from station.core.stale_stock.alerts import ACTIONS, KINDS
    from station.core.store.schema import MOVEMENT_KINDS

    return {
        "movement kind": MOVEMENT_KINDS,
        "alert kind": KINDS,
        "alert action": ACTIONS,
        "reason code": (*REASON_CODES, "count_within_tolerance"),
    }


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_movement_kind_and_reason_code_has_a_word(
    qapp, language: str, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    from station.ui.translation import tr_word

    if language == "zh":
        request.getfixturevalue("chinese")
    for what, idents in _shown_identifiers().items():
        for ident in idents:
            assert ident in WORDS, f"{what} {ident!r} has no English word"
            shown = tr_word(ident)
            _no_identifier(shown, f"{what} {ident}")
            if language == "zh":
                assert not ASCII_WORD.search(shown), f"{what} {ident!r} shows {shown!r}"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_variance_review_lists_movements_in_words(
    qtbot, language: str, request: pytest.FixtureRequest
) -> None:  # type: ignore[no-untyped-def]
    from station.core.engine.inputs import Outcome
    from station.ui.panels.variance_review import VarianceReviewPanel

    if language == "zh":
        request.getfixturevalue("chinese")
    kinds = _shown_identifiers()["movement kind"]
    selected = {
        "variance_id": 1,
        "location": "A-01",
        "sku": "FAST-0170",
        "name": "Widget",
        "expected": "6",
        "book": "10",
        "moved": "-4",
        "counted": "5",
        "variance": "-1",
        "value": "-2.00",
        "moves": [
            {"kind": kind, "qty": "-4", "when": "2026-11-24 09:40", "reference": "R-1"}
            for kind in kinds
        ],
    }
    panel = VarianceReviewPanel()
    qtbot.addWidget(panel)
    state = {"stage": "list", "rows": [selected], "selected": selected}
    panel.show_outcome(Outcome("accepted", "review.list", "", "variance_review", [], state))
    moves = panel.summary.text().split("\n")[-1]
    listed = re.split(r"[:：] ", moves, maxsplit=1)[-1].split(";")
    assert len(listed) == len(kinds), moves
    for line in listed:
        assert "-4 2026-11-24 09:40 R-1" in line, moves
        head = line.split(" -4")[0].strip()
        if language == "zh":
            assert head and not ASCII_WORD.search(head), moves
        else:
            assert head in {WORDS[kind] for kind in kinds}, moves
