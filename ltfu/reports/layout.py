"""Fast plain-text line breaking and drawing, for pages printed by the thousand.

A letter batch prints the same few paragraphs a thousand times; reportlab's `Paragraph`
parses markup and measures every word again for each one. Letters need no markup (one
font and size per paragraph), so they are laid out here instead: lines are broken once
per distinct (text, font, size, width) and drawn with one text object per block. Text
is drawn as given, never interpreted as markup.

Breaking follows the usual rules for mixed Latin and Chinese text: Latin words break at
spaces (not at no-break spaces), Chinese text between any two characters, except that
closing punctuation (，。）」 ...) never starts a line and opening punctuation (（「 ...)
never ends one.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

from ltfu.reports.fonts import runs, text_width
from ltfu.vocabulary import CJK_CHARACTERS

_CJK = CJK_CHARACTERS
_OPENING = "（「『【〈《〔“‘([{"
_CLOSING = "、。，．：；！？）」』】〉》〕”’…·:;,.!?)]}%"
# Spaces a line may break at; a no-break space (U+00A0) is not one of them.
_SPACE = " \t\u2002-\u200b\u3000"
_TOKEN = re.compile(
    rf"[{re.escape(_OPENING)}]*"  # opening punctuation sticks to what follows
    rf"(?:[{_CJK}]|[^{_SPACE}{_CJK}]+)"  # one CJK character, or a run of anything else but spaces
    rf"[{re.escape(_CLOSING)}]*"  # closing punctuation sticks to what precedes
    rf"[{_SPACE}]*"  # spaces after a token belong to it
)


@functools.lru_cache(maxsize=8192)
def break_lines(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    """The lines of `text` (already one paragraph) set in `font` at `size` within `width`."""
    lines: list[str] = []
    for hard_line in text.split("\n"):
        lines.extend(_break(hard_line, font, size, width))
    return tuple(lines)


def _break(text: str, font: str, size: float, width: float) -> list[str]:
    if text_width(text, font, size) <= width:
        return [text.strip()]
    lines: list[str] = []
    current = ""
    for token in _TOKEN.findall(text):
        candidate = current + token
        if text_width(candidate.rstrip(), font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current.rstrip())
            current = token
        # A single token wider than the line (a long number, a URL): cut it by characters.
        while text_width(current.rstrip(), font, size) > width and len(current.rstrip()) > 1:
            cut = len(current)
            while cut > 1 and text_width(current[:cut], font, size) > width:
                cut -= 1
            lines.append(current[:cut])
            current = current[cut:]
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def fit_columns(proportions: Sequence[float], total: float, need: Sequence[float]) -> list[float]:
    """Column widths in proportion to `proportions`, adding up to `total`, but none narrower
    than its `need` (the widest text that must not break); the room comes from the
    columns that have some to spare."""
    scaled = [width * total / sum(proportions) for width in proportions]
    result = [max(width, least) for width, least in zip(scaled, need, strict=True)]
    excess = sum(result) - total
    if excess > 0:
        slack = [width - least if width > least else 0.0 for width, least in zip(result, need, strict=True)]
        room = sum(slack)
        if room > 0:
            take = min(1.0, excess / room)
            result = [width - spare * take for width, spare in zip(result, slack, strict=True)]
    return result


# What reportlab writes for a piece of text in a TrueType font, per document (each PDF
# numbers its own font subsets): (font, size, leading, subset before, text) -> (the
# operators, subset after). A letter batch shows the same pieces a thousand times, and
# turning one into operators (subsets, escapes, number formatting) is Python work each time.
_SHOWN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# (bottom-up, x, y) -> the operator that moves the text origin there (a batch's lines sit
# at a few hundred places).
_ORIGINS: dict[tuple[int, float, float], str] = {}
_MAX_CACHED = 100_000
# An RGB colour -> its fill operator.
_FILLS: dict[tuple | None, tuple[str, ...]] = {}


class TextWriter:
    """Writes many lines through one PDF text object (far fewer operators than one per line).

    Use as a context manager; the text is drawn when the block ends. The operators
    written are exactly reportlab's own; those of a piece already shown in the
    document are reused.
    """

    def __init__(self, canvas: Canvas):
        self._canvas = canvas
        self._text = canvas.beginText()
        self._font: tuple[str, float] | None = None
        self._leading: float | None = None
        self._mode = 0
        shown = _SHOWN.get(canvas._doc)
        if shown is None or len(shown) > _MAX_CACHED:
            shown = _SHOWN[canvas._doc] = {}
        self._shown: dict[tuple, tuple] = shown  # pieces and whole lines

    def __enter__(self) -> TextWriter:
        return self

    def __exit__(self, *exc) -> None:
        if exc[0] is None:
            self._canvas.drawText(self._text)

    def fill(self, color) -> None:
        text = self._text
        cached = type(color) is Color and text._enforceColorSpace is None
        key = (color.red, color.green, color.blue, color.alpha) if cached else None
        code = _FILLS.get(key)
        if code is None:
            before = len(text._code)
            text.setFillColor(color)
            if cached:
                _FILLS[key] = tuple(text._code[before:])
            return
        text._code.extend(code)

    def emphasis(self, on: bool) -> None:
        """Fill and stroke the glyphs: a bold look for a face that has no bold (the
        canvas's line width and stroke colour, set before the block, apply)."""
        mode = 2 if on else 0
        if mode != self._mode:
            self._text.setTextRenderMode(mode)
            self._mode = mode

    def _set(self, name: str, size: float) -> None:
        # For TrueType fonts reportlab writes the font operator lazily, before the next
        # text; calling setFont again would write it again.
        if self._font != (name, size):
            self._text.setFont(name, size, self._leading)
            self._font = (name, size)

    def _origin(self, x: float, y: float) -> None:
        """`setTextOrigin(x, y)` (the cursor position reportlab would track is not: nothing
        here reads it)."""
        text = self._text
        key = (self._canvas.bottomup, x, y)
        code = _ORIGINS.get(key)
        if code is None:
            text.setTextOrigin(x, y)
            if len(_ORIGINS) < _MAX_CACHED:
                _ORIGINS[key] = text._code[-1]
            return
        text._code.append(code)

    def _show(self, piece: str, newline: bool) -> None:
        """`textLine(piece)` (newline) or `textOut(piece)` in the current font (the
        cursor position not tracked either)."""
        text = self._text
        key = (text._fontname, text._fontsize, text._leading, text._curSubset, piece)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = (text._formatText(piece), text._curSubset)
        else:
            text._curSubset = shown[1]
        text._code.append(f"{shown[0]} T*" if newline else shown[0])

    def lines(self, x: float, y: float, lines: tuple[str, ...], font: str, size: float, leading: float) -> None:
        """Lines left-aligned, the first baseline at y, each `leading` below the last."""
        text = self._text
        self._origin(x, y)
        if leading != self._leading:
            text.setLeading(leading)
            self._leading = leading
        shown = self._shown
        for line in lines:
            # A whole line's operators and the state after them, once per document.
            key = (line, font, size, self._font, text._curSubset, leading)
            done = shown.get(key)
            if done is None:
                start = len(text._code)
                pieces = runs(line, font)
                last = len(pieces) - 1
                for number, (name, piece) in enumerate(pieces):
                    self._set(name, size)
                    self._show(piece, number == last)  # the last moves to the start of the next line
                shown[key] = done = (" ".join(text._code[start:]), self._font, text._curSubset)
                del text._code[start:]
            code, self._font, text._curSubset = done
            text._fontname, text._fontsize = self._font
            text._code.append(code)

    def line(self, x: float, y: float, line: str, font: str, size: float, align: str = "left") -> float:
        """One line at (x, y); `align` left, right or centre. Returns its width."""
        width = text_width(line, font, size)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        self._origin(x, y)
        for name, piece in runs(line, font):
            self._set(name, size)
            self._show(piece, False)
        return width
