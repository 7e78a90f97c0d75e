"""Sample labels: a sheet of self-adhesive labels, each with a Code 128 barcode.

The sheet is the common A4 layout of 3 x 8 labels of 70 x 37 mm, edge to edge with
4.5 mm top and bottom margins (Avery 3474, Herma 4453 and their equivalents); the
geometry is plain attributes, so another sheet is a subclass. A label carries only
the sample id (as a Code 128 barcode, with its quiet zones, and as text), the study
id, the sample type's two letters and the draw date: no name, no birth date, no
disease or therapy word. Labels fill the sheet row by row.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from ltfu.reports.fonts import SANS, SANS_BOLD, draw_text, register_fonts, text_width


@dataclass(frozen=True)
class Label:
    sample_code: str
    study_id: str
    type_short: str
    draw_date: dt.date


class LabelSheet:
    """A4, 3 columns x 8 rows of 70 x 37 mm labels."""

    page_size = A4
    columns = 3
    rows = 8
    label_width = 70 * mm
    label_height = 37 * mm
    left = 0.0
    top = 4.5 * mm
    padding = 3 * mm
    top_padding = 6.5 * mm  # the barcode and two lines, centred on the label
    bar_height = 12 * mm
    max_bar_width = 0.33 * mm  # the X dimension: wide enough for any scanner, narrow enough for 64 characters
    quiet_modules = 10  # Code 128's quiet zone each side, in modules

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def barcode(self, value: str) -> Code128:
        """The barcode of one sample id, as wide as the label allows (quiet zones included)."""
        unit = Code128(value, barWidth=1, quiet=0)
        modules = unit.width + 2 * self.quiet_modules
        bar_width = min(self.max_bar_width, (self.label_width - 2 * self.padding) / modules)
        return Code128(
            value,
            barWidth=bar_width,
            barHeight=self.bar_height,
            quiet=1,
            lquiet=self.quiet_modules * bar_width,
            rquiet=self.quiet_modules * bar_width,
        )

    def render(self, labels: Sequence[Label]) -> bytes:
        register_fonts()
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=self.page_size, invariant=1)
        canvas.setTitle("Sample labels")
        canvas.setCreator("ltfu")
        page_height = self.page_size[1]
        slot = 0
        for label in labels:
            if slot == self.per_page:
                canvas.showPage()
                slot = 0
            row, column = divmod(slot, self.columns)
            x = self.left + column * self.label_width
            y = page_height - self.top - (row + 1) * self.label_height
            self.draw_label(canvas, x, y, label)
            slot += 1
        canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def draw_label(self, canvas: Canvas, x: float, y: float, label: Label) -> None:
        width = self.label_width - 2 * self.padding
        barcode = self.barcode(label.sample_code)
        bar_y = y + self.label_height - self.top_padding - self.bar_height
        barcode.drawOn(canvas, x + (self.label_width - barcode.width) / 2, bar_y)
        # The id in full, never cut: smaller type for a long one.
        size = min(9.0, width / max(text_width(label.sample_code, SANS_BOLD, 1.0), 1e-6))
        draw_text(canvas, x + self.label_width / 2, bar_y - 4 * mm, label.sample_code, SANS_BOLD, size, "centre")
        line = f"{label.study_id}   {label.type_short}   {label.draw_date.isoformat()}"
        size = min(8.5, width / max(text_width(line, SANS, 1.0), 1e-6))
        draw_text(canvas, x + self.label_width / 2, bar_y - 8.5 * mm, line, SANS, size, "centre")


def render_labels(labels: Sequence[Label]) -> bytes:
    return LabelSheet().render(labels)
