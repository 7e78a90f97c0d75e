"""The bundled fonts, and how user text becomes something reportlab can print.

Two typefaces ship in ``ltfu/resources/fonts`` (see the README there): DejaVu Sans
for Latin-script text and WenQuanYi Micro Hei for Chinese. Each document has a
primary font (DejaVu for English, Micro Hei for Chinese); characters the primary font
lacks are set in the other one, so "张示例一" prints in an English letter and "Zoë"
in a Chinese one. Fonts are registered once per process.

Every piece of user text goes through `markup` (for a `Paragraph`) or `draw_text`
(for the canvas): `markup` escapes it first, so a name like ``<b>Tom & "Jerry"</b>``
prints literally.
"""

from __future__ import annotations

import functools
import io
import threading
import weakref
from importlib.resources import files
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ltfu.vocabulary import LANGUAGE

SANS = "LtfuSans"
SANS_BOLD = "LtfuSans-Bold"
CJK = "LtfuCJK"

_FILES = {
    SANS: ("DejaVuSans.ttf", 0),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", 0),
    CJK: ("wqy-microhei.ttc", 0),  # face 0: Micro Hei (face 1 is the monospaced one)
}
# Where a character is missing from a font, it is set in this one.
_FALLBACK = {SANS: CJK, SANS_BOLD: CJK, CJK: SANS}

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


class _MeasuredFont(TTFont):
    """A TrueType font that remembers string widths and subset encodings.

    Without reportlab's optional C accelerator, measuring a word in a TrueType font and
    encoding a string into the font's subsets are Python loops over its characters, run
    for every line of every letter. Letters repeat the same words and lines, so caches
    make a batch several times faster. Encodings are kept per document (each PDF numbers
    its own subsets); a string's encoding never changes once its characters have codes.
    """

    _MAX_CACHED = 200_000

    def __init__(self, name: str, data: bytes, subfont_index: int = 0):
        super().__init__(name, io.BytesIO(data), subfontIndex=subfont_index)
        self._widths: dict[tuple[str, float], float] = {}
        self._encoded: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - reportlab's name
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) >= self._MAX_CACHED:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        encoded = self._encoded.get(doc)
        if encoded is None:
            encoded = self._encoded[doc] = {}
        result = encoded.get(text)
        if result is None:
            result = encoded[text] = tuple(super().splitString(text, doc, encoding))
        return result


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (once per process; cheap after)."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        from reportlab import rl_config
        from reportlab.lib.fonts import addMapping

        # Page streams are compressed either way; ASCII85 on top only makes them 25%
        # larger and, in pure Python, costs a quarter of a letter batch's time.
        rl_config.useA85 = 0

        folder = files("ltfu").joinpath("resources", "fonts")
        coverage = {}
        for name, (file_name, index) in _FILES.items():
            font = _MeasuredFont(name, folder.joinpath(file_name).read_bytes(), index)
            pdfmetrics.registerFont(font)
            coverage[name] = frozenset(font.face.charToGlyph)
        # `<b>` inside a Paragraph must resolve; no italic faces ship, and Micro Hei has no
        # bold. reportlab keeps the last mapping of a font as its own style, so the plain
        # (0, 0) mapping comes last.
        for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
            addMapping(SANS, bold, italic, SANS_BOLD if bold else SANS)
            addMapping(CJK, bold, italic, CJK)
        _coverage.update(coverage)


def primary_fonts(language: str) -> tuple[str, str]:
    """(regular, bold) font names for a document in this language."""
    return (CJK, CJK) if LANGUAGE[language].script == "cjk" else (SANS, SANS_BOLD)


@functools.lru_cache(maxsize=8192)
def runs(text: str, font: str) -> tuple[tuple[str, str], ...]:
    """Split text into (font name, piece) runs: the font where it has the glyphs, else its fallback."""
    register_fonts()
    if text.isascii() and font != CJK:
        return ((font, text),)
    covered = _coverage[font]
    fallback = _FALLBACK[font]
    result: list[tuple[str, str]] = []
    start = 0
    current = None
    for i, char in enumerate(text):
        # Spaces and other characters both fonts share stay in the current run.
        code = ord(char)
        wanted = font if code in covered else fallback
        if current is None:
            current = wanted
        elif wanted != current and not (char.isspace() and code in _coverage[current]):
            result.append((current, text[start:i]))
            start, current = i, wanted
    if current is not None:
        result.append((current, text[start:]))
    return tuple(result)


def markup(text: str, font: str) -> str:
    """User text as escaped Paragraph markup for a style whose font is `font`.

    Pieces the font cannot print are wrapped in ``<font name=...>`` for its fallback.
    """
    pieces = runs(text, font)
    if len(pieces) == 1 and pieces[0][0] == font:
        return escape(text)
    return "".join(
        escape(piece) if name == font else f'<font name="{name}">{escape(piece)}</font>' for name, piece in pieces
    )


@functools.lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    # Cached: a letter batch measures the same labels, dates and lines on every page.
    return sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in runs(text, font))


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left") -> float:
    """Draw one line of user text at (x, y); `align` is left, right or centre. Returns its width."""
    pieces = runs(text, font)
    width = sum(pdfmetrics.stringWidth(piece, name, size) for name, piece in pieces)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for name, piece in pieces:
        canvas.setFont(name, size)
        canvas.drawString(x, y, piece)
        x += pdfmetrics.stringWidth(piece, name, size)
    return width


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis if it is wider than `width` (for one-line boxes)."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
