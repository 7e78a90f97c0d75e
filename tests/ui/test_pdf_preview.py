"""The preview: a real schedule and wallet card from a subject's chart, shown with its
page count, printed to a PDF printer (all pages, a range), saved as the exact bytes."""

from __future__ import annotations

import io

import pypdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.services.database import open_database
from ltfu.ui import pdf_preview

from .conftest import WAIT_MS, open_chart, screenshot, wait_idle


def pages_of(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def drawn(preview) -> bool:
    """Whether the view shows ink (QtPdf draws pages in the background, a moment after load)."""
    image = preview.view.viewport().grab().toImage()
    step = 4
    dark = sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if image.pixelColor(x, y).lightness() < 128
    )
    return dark > 50


class PdfPrinters:
    """Stands in for the print dialog: each print goes to a new PDF file, with the range asked for."""

    def __init__(self, folder) -> None:
        self.folder = folder
        self.files: list = []
        self.page_range: tuple[int, int] | None = None
        self.cancel = False

    def __call__(self, parent, page_count: int, current_page: int) -> QPrinter | None:
        if self.cancel:
            return None
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.files.append(self.folder / f"printed-{len(self.files)}.pdf")
        printer.setOutputFileName(str(self.files[-1]))
        if self.page_range is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(*self.page_range)
        return printer


def test_the_chart_prints_the_schedule_and_wallet_card_from_the_preview(
    qtbot, demo_window, demo_path, tmp_path, file_dialogs, monkeypatch
):
    chart = open_chart(qtbot, demo_window, "CD1922-017")
    assert chart.print_button.isVisible() and chart.print_button.isEnabled()
    qtbot.mouseClick(chart.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chart.preview is not None and bool(chart.preview.shown_sha256), timeout=WAIT_MS)
    preview = chart.preview
    pages = pages_of(preview.data)
    assert pages >= 2 and preview.pages() == pages and preview.page_count.text() == f"of {pages}"
    assert "CD1922-017" in pypdf.PdfReader(io.BytesIO(preview.data)).pages[0].extract_text()
    assert preview.windowTitle() == "Schedule and wallet card of CD1922-017 - preview"
    assert chart.message.text() == "Schedule and wallet card shown in the preview."
    # Page by page, and back.
    assert preview.page.value() == 1 and not preview.previous_button.isEnabled()
    qtbot.mouseClick(preview.next_button, Qt.MouseButton.LeftButton)
    assert preview.page.value() == 2 and preview.current_page() == 1
    preview.page.setValue(1)
    assert preview.current_page() == 0
    preview.zoom.setCurrentIndex(preview.zoom.findData("page"))
    preview.zoom.setCurrentIndex(preview.zoom.findData("width"))
    qtbot.waitUntil(lambda: drawn(preview), timeout=WAIT_MS)  # the page is on screen, not a blank sheet
    screenshot(preview, "screenshot-preview.png")

    # Print: every page to the printer chosen; then only page 2; a cancelled dialog prints nothing.
    printers = PdfPrinters(tmp_path)
    monkeypatch.setattr(pdf_preview, "choose_printer", printers)
    with qtbot.waitSignal(preview.printed, timeout=WAIT_MS) as printed:
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [pages]
    assert len(pypdf.PdfReader(printers.files[0]).pages) == pages
    assert preview.status.text() == f"Sent {pages} page(s) to {printers.files[0]}."
    printers.page_range = (2, 2)
    with qtbot.waitSignal(preview.printed, timeout=WAIT_MS) as printed:
        preview.print_document()
    assert printed.args == [1]
    assert len(pypdf.PdfReader(printers.files[1]).pages) == 1
    printers.cancel = True
    assert preview.print_document() is None and len(printers.files) == 2

    # Save as: the exact bytes shown, and the copy is on record.
    file_dialogs.answers.append(tmp_path / "card")
    with qtbot.waitSignal(preview.saved, timeout=WAIT_MS):
        qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "card.pdf").read_bytes() == preview.data
    assert file_dialogs.asked[-1][1].name == "schedule-CD1922-017.pdf"
    wait_idle(qtbot, demo_window)
    with open_database(str(demo_path)) as db, db.session(read_only=True) as s:
        where = s.scalar(select(m.AuditEvent.new_value).where(m.AuditEvent.field == "document"))
    assert where == str((tmp_path / "card.pdf").resolve())

    # Esc closes it; printing again opens a new one.
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not preview.isVisible(), timeout=WAIT_MS)


def test_a_document_that_is_not_a_pdf_is_said_plainly(qtbot, demo_window):
    preview = pdf_preview.show_pdf(demo_window, demo_window.desk, b"not a pdf", "Broken", "broken.pdf")
    qtbot.waitUntil(lambda: "not a readable PDF" in preview.status.text(), timeout=WAIT_MS)
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    assert preview.shown_sha256 == ""
    preview.close()


@pytest.mark.parametrize("kind", ["letters", "schedule", "calendar"])
def test_each_report_of_the_reports_page_prints_from_its_preview(qtbot, demo_window, tmp_path, monkeypatch, kind):
    from PySide6.QtCore import QDate

    page = demo_window.reports_page
    with qtbot.waitSignal(page.log_loaded, timeout=WAIT_MS):
        demo_window.nav.setCurrentRow(2)
    page.set_kind(kind)
    if kind == "letters":
        page.letters_from.setDate(QDate(2026, 12, 1))
        page.letters_to.setDate(QDate(2026, 12, 31))
    elif kind == "schedule":
        page.study_id.setText("CD1922-017")
    with qtbot.waitSignal(page.generated, timeout=WAIT_MS) as made:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    output = made.args[0]
    qtbot.waitUntil(lambda: page.preview is not None and bool(page.preview.shown_sha256), timeout=WAIT_MS)
    preview = page.preview
    assert preview.data == output.pdf and preview.pages() == pages_of(output.pdf) >= 1
    printers = PdfPrinters(tmp_path)
    monkeypatch.setattr(pdf_preview, "choose_printer", printers)
    with qtbot.waitSignal(preview.printed, timeout=WAIT_MS) as printed:
        qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    assert printed.args == [preview.pages()]
    assert len(pypdf.PdfReader(printers.files[0]).pages) == preview.pages()
    preview.close()


def test_sample_labels_print_from_their_preview(qtbot, scene_window, tmp_path, monkeypatch):
    from .test_samples_tab import _chart_with_a_sample

    chart = _chart_with_a_sample(qtbot, scene_window)
    chart.print_labels()
    qtbot.waitUntil(lambda: chart.preview is not None and bool(chart.preview.shown_sha256), timeout=WAIT_MS)
    printers = PdfPrinters(tmp_path)
    monkeypatch.setattr(pdf_preview, "choose_printer", printers)
    with qtbot.waitSignal(chart.preview.printed, timeout=WAIT_MS) as printed:
        chart.preview.print_document()
    assert printed.args == [1] and len(pypdf.PdfReader(printers.files[0]).pages) == 1
    chart.preview.close()
