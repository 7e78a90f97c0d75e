"""The sample label sheet read back: the text of each label, and each Code 128 barcode
decoded from the bars as drawn in the PDF (no barcode reader is installed on these
machines, so the bars of the page's content stream are measured and decoded here:
widths in modules, symbols, start code, code sets and the mod-103 check character)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pypdf
from reportlab.graphics.barcode.code128 import _patterns

from ltfu.reports.labels import Label, LabelSheet, render_labels

# Code 128 symbol: 3 bars and 3 spaces, widths 1-4 modules (reportlab's table writes
# bars as A-D and spaces as a-d); value -> widths, turned around for reading.
_WIDTHS = {tuple(" abcd".index(c.lower()) for c in pattern): value for value, pattern in _patterns.items()}
START = {103: "A", 104: "B", 105: "C"}
STOP = (2, 3, 3, 1, 1, 1)  # then a final 2-module bar: 2331112, the stop pattern of the standard


def barcodes(pdf: bytes) -> list[str]:
    """Every barcode of every page, in drawing order, decoded from the rectangles drawn."""
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        content = page.get_contents().get_data().decode("latin-1")
        for block in re.findall(r"\nq\n(.*?)\nQ", content, re.S):
            bars = [
                (float(x), float(w))
                for x, w in re.findall(r"n (-?[\d.]+) [-\d.]+ ([\d.]+) [\d.]+ re f\*", block)
            ]
            if bars:
                found.append(decode(sorted(bars)))
    return found


def decode(bars: list[tuple[float, float]]) -> str:
    module = min(w for _, w in bars)
    elements: list[int] = []
    for i, (x, w) in enumerate(bars):
        elements.append(round(w / module))
        if i + 1 < len(bars):
            elements.append(round((bars[i + 1][0] - x - w) / module))
    values = []
    while len(elements) >= 6:
        symbol, elements = tuple(elements[:6]), elements[6:]
        if symbol == STOP:
            assert elements == [2], "the stop pattern ends with a 2-module bar"
            break
        values.append(_WIDTHS[symbol])
    else:
        raise AssertionError("no stop pattern")
    *data, check = values
    assert sum(v * max(i, 1) for i, v in enumerate(data)) % 103 == check, "check character"
    code_set, text = START[data[0]], []
    for value in data[1:]:
        if code_set == "C" and value < 100:
            text.append(f"{value:02d}")
        elif value == 99:
            code_set = "C"
        elif value == 100:
            code_set = "B"
        elif value == 101:
            code_set = "A"
        elif code_set == "B":
            text.append(chr(value + 32))
        else:
            text.append(chr(value + 32) if value < 64 else chr(value - 64))
    return "".join(text)


def labels(n: int) -> list[Label]:
    return [
        Label(f"CD1922-{i:03d}-RA-2026031{i % 10}-{i % 3 + 1}", f"CD1922-{i:03d}", "RA", dt.date(2026, 3, 10 + i % 10))
        for i in range(1, n + 1)
    ]


def test_every_label_carries_its_id_as_code_128_and_as_text_with_the_study_id_type_and_date():
    wanted = labels(25)
    pdf = render_labels(wanted)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # 24 labels on an A4 sheet of 3 x 8
    assert barcodes(pdf) == [label.sample_code for label in wanted]
    first = reader.pages[0].extract_text()
    assert "CD1922-001-RA-20260311-2" in first and "CD1922-001 RA 2026-03-11" in " ".join(first.split())
    assert "CD1922-025" in reader.pages[1].extract_text()


def test_the_longest_id_still_fits_its_label_with_its_quiet_zones():
    sheet = LabelSheet()
    longest = "A" * 32 + "-CB-20260311-99"  # a study id of 32 characters, the column's size
    barcode = sheet.barcode(longest)
    assert barcode.width <= sheet.label_width - 2 * sheet.padding + 1e-9
    assert barcode.lquiet == barcode.rquiet == sheet.quiet_modules * barcode.barWidth
    pdf = render_labels([Label(longest, "A" * 32, "CB", dt.date(2026, 3, 11))])
    assert barcodes(pdf) == [longest]
    assert longest in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
