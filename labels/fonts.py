# SPDX-License-Identifier: Apache-2.0
"""Finding the CJK TrueType font at run time, and fitting text into boxes.

Both renderers draw non-Latin text (anything above U+00FF, e.g. Chinese item names) with a
TrueType CJK font found on the machine; Latin text uses the built-in fonts (Helvetica in
PDF, printer font 0 in ZPL).

Contracts:

* :func:`find_cjk_font` never raises; it returns ``None`` when no candidate file exists.
* When text needs a CJK font and none is usable, renderers emit one
  :class:`labels.errors.LabelFontWarning` per render call and print the text with every
  character above U+00FF replaced by ``?`` (:func:`latin_fallback`). They never crash and
  never print tofu boxes.
* :func:`fit_text` is pure: it only calls the ``measure`` function it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from labels.model import TextElement

__all__ = [
    "DEFAULT_CJK_FONTS",
    "CjkFont",
    "FittedText",
    "find_cjk_font",
    "fit_text",
    "group_sizes",
    "with_group_size",
    "latin_fallback",
    "needs_cjk",
]


@dataclass(frozen=True)
class CjkFont:
    """A TrueType font file (``.ttf`` or ``.ttc``) with CJK glyphs; ``index`` picks a face."""

    path: Path
    index: int = 0

    def exists(self) -> bool:
        """True if the file is there (it may still fail to load; renderers then warn)."""
        return self.path.is_file()


DEFAULT_CJK_FONTS: Final[tuple[CjkFont, ...]] = (
    CjkFont(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    CjkFont(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    CjkFont(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    CjkFont(Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
)
"""Searched in order. TrueType outlines only: reportlab cannot embed CFF (``.otf``) fonts.
Debian/Ubuntu: ``apt install fonts-wqy-zenhei``."""


def find_cjk_font(candidates: Sequence[CjkFont] = DEFAULT_CJK_FONTS) -> CjkFont | None:
    """The first candidate whose file exists, or ``None``."""
    return next((f for f in candidates if f.exists()), None)


def needs_cjk(text: str) -> bool:
    """True if ``text`` has a character the Latin fonts cannot show (above U+00FF)."""
    return any(ord(c) > 0xFF for c in text)


def latin_fallback(text: str) -> str:
    """``text`` with every character above U+00FF replaced by ``?``."""
    return "".join(c if ord(c) <= 0xFF else "?" for c in text)


@dataclass(frozen=True)
class FittedText:
    """Result of :func:`fit_text`: the lines to draw and the font size (mm) to draw them at."""

    lines: tuple[str, ...]
    size: float


LINE_SPACING: Final = 1.15
"""Line pitch as a multiple of the font size."""


def _wrap(
    text: str, width: float, size: float, measure: Callable[[str, float], float]
) -> list[str]:
    """Greedy wrap at spaces; a word wider than the line (or CJK text) breaks anywhere."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if measure(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:
            if measure(current + ch, size) <= width or not current:
                current += ch
            else:
                lines.append(current)
                current = ch
    if current:
        lines.append(current)
    return lines


def fit_text(
    text: str,
    width: float,
    height: float,
    size: float,
    measure: Callable[[str, float], float],
    *,
    max_lines: int = 1,
    min_size: float = 1.5,
) -> FittedText:
    """Fit ``text`` into a ``width`` x ``height`` mm box.

    Tries the nominal ``size`` (mm), wrapping at spaces (anywhere for CJK) onto up to
    ``max_lines`` lines, then shrinks in 5 % steps down to ``min_size``. If it still does not
    fit, the last line is cut and ends with ``...``. ``measure(text, size)`` returns the width
    in mm. Runs of whitespace collapse to one space.
    """
    text = " ".join(text.split())
    size = min(size, height / LINE_SPACING)
    while True:
        allowed = max(1, min(max_lines, int(height / (size * LINE_SPACING) + 1e-9)))
        lines = _wrap(text, width, size, measure) if allowed > 1 else [text]
        if len(lines) <= allowed and all(measure(ln, size) <= width for ln in lines):
            return FittedText(tuple(lines), size)
        if size * 0.95 < min_size:
            break
        size *= 0.95
    kept = lines[: allowed - 1]
    pos = 0
    for line in kept:  # wrapped lines are the text in order, minus the spaces at breaks
        pos = text.index(line, pos) + len(line)
    rest = text[pos:].strip()
    while rest and measure(rest + "...", size) > width:
        rest = rest[:-1]
    kept.append(rest.rstrip() + "...")
    return FittedText(tuple(kept), size)


def group_sizes(
    texts: Iterable[TextElement], fit: Callable[[TextElement], FittedText]
) -> dict[str, float]:
    """For each non-empty ``group``, the smallest size :func:`fit_text` chose in it."""
    sizes: dict[str, float] = {}
    for el in texts:
        if el.group:
            size = fit(el).size
            sizes[el.group] = min(size, sizes.get(el.group, size))
    return sizes


def with_group_size(el: TextElement, sizes: dict[str, float]) -> TextElement:
    """``el`` with its nominal size lowered to its group's common size, if it has one."""
    if el.group and el.group in sizes and sizes[el.group] < el.size:
        return replace(el, size=sizes[el.group])
    return el
