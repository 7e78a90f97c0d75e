"""The preview: every PDF the program makes is shown, printed and saved here.

A window of its own beside the main window (not modal): a coordinator keeps the
letters open while checking the worklist, prints them, and closes it with Esc. Pages
scroll continuously at "fit width"; the toolbar jumps to a page, zooms, prints
through the workstation's printer (the system's print dialog, page range honoured)
and saves the exact bytes shown (audited as a copy leaving the program). "Open in
another viewer" stays as a secondary action for those who have one.

`show_pdf` is the one entry point; `choose_printer` is the seam a test replaces to
print to a PDF file instead of a printer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ltfu.ui import files, messages
from ltfu.ui.desk import Change
from ltfu.ui.widgets import fit_to_screen, hbox, named, screen_room, tip_button

if TYPE_CHECKING:
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job, Task

#: Zoom choices after the two fits, as factors.
ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
#: Pages go to the printer as images of at most this resolution (QtPdf renders pixels):
#: sharp on paper, and an A4 page stays about 35 MB while it is drawn.
PRINT_DPI = 300


def show_pdf(
    parent: QWidget | None,
    desk: Desk,
    data: bytes,
    title: str,
    suggested_name: str,
    *,
    reuse: PdfPreview | None = None,
) -> PdfPreview:
    """Show `data` (a PDF) in the preview `reuse` when it is still open, else in a new
    preview window; returns the preview (shown, in front).

    Its `shown_sha256` is the SHA-256 of `data` once the pages are on screen (at once
    for a document read from memory; else `shown` follows).
    """
    preview = reuse if reuse is not None and shiboken6.isValid(reuse) else PdfPreview(desk, parent)
    preview.set_document(data, title, suggested_name)
    preview.show()
    preview.raise_()
    preview.activateWindow()
    return preview


def choose_printer(parent: QWidget | None, page_count: int, current_page: int) -> QPrinter | None:
    """The printer and page range the user chose in the system's print dialog; None: cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setFromTo(1, page_count)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, page_count)
    option = QAbstractPrintDialog.PrintDialogOption
    dialog.setOptions(option.PrintPageRange | option.PrintCurrentPage | option.PrintToFile | option.PrintShowPageSize)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PdfPreview(QDialog):
    """One document on screen. `shown(sha256)` once its pages are displayed;
    `printed(pages)` after printing; `saved(Path)` after a saved copy."""

    shown = Signal(str)
    printed = Signal(int)
    saved = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.data = b""
        self.title = ""
        self.suggested_name = "document.pdf"
        self.shown_sha256 = ""
        self.private = files.PrivateFolder()
        self.setWindowFlag(Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setSizeGripEnabled(True)

        self.document = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self.view = QPdfView(self)
        self.view.setAccessibleName(self.tr("Pages"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.previous_button = tip_button(self.tr("◀ &Previous"), self.tr("Previous page (Page Up)"))
        self.page = named(QSpinBox(), self.tr("Page"))
        self.page.setMinimum(1)
        self.page.setKeyboardTracking(False)
        page_label = QLabel(self.tr("Pa&ge:"))
        page_label.setBuddy(self.page)
        self.page_count = QLabel()
        self.page_count.setAccessibleName(self.tr("Page count"))
        self.next_button = tip_button(self.tr("&Next ▶"), self.tr("Next page (Page Down)"))
        self.zoom = named(QComboBox(), self.tr("Zoom"))
        self.zoom.addItem(self.tr("Fit width"), "width")
        self.zoom.addItem(self.tr("Whole page"), "page")
        for factor in ZOOMS:
            self.zoom.addItem(f"{factor:.0%}", factor)
        zoom_label = QLabel(self.tr("&Zoom:"))
        zoom_label.setBuddy(self.zoom)
        self.print_button = tip_button(self.tr("&Print…"), self.tr("Print on this workstation's printer (Ctrl+P)"))
        self.save_button = tip_button(
            self.tr("Save &as…"), self.tr("Save these exact pages as a PDF file (recorded in the audit trail)")
        )
        self.external_button = tip_button(
            self.tr("Open in another &viewer"),
            self.tr("Hand a private copy to the PDF viewer of this computer, if it has one"),
        )
        self.close_button = QPushButton(self.tr("&Close"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Preview status"))
        self.status.setWordWrap(True)

        tools = hbox(
            self.previous_button,
            page_label,
            self.page,
            self.page_count,
            self.next_button,
            zoom_label,
            self.zoom,
            None,
            self.print_button,
            self.save_button,
            self.external_button,
            self.close_button,
            stretch_at=7,
        )
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self._size_to_screen()

        self.document.statusChanged.connect(self._status_changed)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.page.valueChanged.connect(lambda number: self.go_to(number - 1))
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.zoom.currentIndexChanged.connect(self._zoom_changed)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save)
        self.external_button.clicked.connect(self.open_elsewhere)
        self.close_button.clicked.connect(self.close)
        for keys, step in (
            (QKeySequence.StandardKey.MoveToPreviousPage, -1),
            (QKeySequence.StandardKey.MoveToNextPage, 1),
        ):
            QShortcut(keys, self, lambda step=step: self.go_to(self.current_page() + step))
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_document)
        self.finished.connect(lambda _code: self.private.remove())

    def _size_to_screen(self) -> None:
        """Tall enough for a readable page, within the screen (768 pixels high at the desks)."""
        fit_to_screen(self, 900, screen_room(self).height())

    # -- the document -----------------------------------------------------------------

    def set_document(self, data: bytes, title: str, suggested_name: str) -> None:
        """Show `data` (replacing what was shown); `shown` follows once it is on screen."""
        self.data, self.title, self.suggested_name = data, title, suggested_name
        self.shown_sha256 = ""
        self.setWindowTitle(self.tr("{0} - preview").format(title))
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(data))
        self.buffer.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        # load() from a device may finish at once (status already Ready) or later.
        self._status_changed(self.document.status())

    def pages(self) -> int:
        return self.document.pageCount()

    def _status_changed(self, status: QPdfDocument.Status) -> None:
        ready = status == QPdfDocument.Status.Ready and self.pages() > 0
        for button in (self.print_button, self.save_button, self.external_button, self.page):
            button.setEnabled(ready)
        if status == QPdfDocument.Status.Error:
            self.status.setText(self.tr("The document cannot be shown: it is not a readable PDF."))
        if not ready:
            return
        count = self.pages()
        self.page.setMaximum(count)
        self.page_count.setText(self.tr("of {0}").format(count))
        self.status.setText(self.tr("{0}: {1} page(s).").format(self.title, count))
        self.go_to(0)
        self.shown_sha256 = sha256(self.data)
        self.shown.emit(self.shown_sha256)

    # -- moving about -----------------------------------------------------------------

    def current_page(self) -> int:
        """The page on screen (0-based)."""
        return self.view.pageNavigator().currentPage()

    def go_to(self, index: int) -> None:
        if not 0 <= index < self.pages():
            return
        if index != self.current_page():
            self.view.pageNavigator().jump(index, QPointF(), self.view.pageNavigator().currentZoom())
        self._page_changed(index)

    def _page_changed(self, index: int) -> None:
        self.page.blockSignals(True)
        self.page.setValue(index + 1)
        self.page.blockSignals(False)
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < self.pages())

    def _zoom_changed(self) -> None:
        choice = self.zoom.currentData()
        if choice == "width":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif choice == "page":
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(choice))

    # -- printing ---------------------------------------------------------------------

    def print_document(self) -> Task | None:
        """Ask for a printer (the system's dialog), then print in the background (with
        progress and Cancel on a long run); `printed(pages)` when done. None: not started."""
        if not self.pages():
            return None
        printer = choose_printer(self, self.pages(), self.current_page() + 1)
        if printer is None:
            return None
        data, pages = self.data, self.page_range(printer)
        self.print_button.setEnabled(False)
        task = self.desk.runner.read(
            lambda job: print_pages(data, printer, pages, job),
            on_done=lambda count: self._printed(count, printer),
            on_error=self._not_printed,
            label=self.tr("Printing {0} page(s)…").format(len(pages)),
            cancellable=True,
        )
        task.ended.connect(self._print_ended)
        return task

    def _print_ended(self) -> None:
        if shiboken6.isValid(self):
            self.print_button.setEnabled(True)

    def _printed(self, count: int, printer: QPrinter) -> None:
        if not shiboken6.isValid(self):
            return  # closed while printing
        if count:
            where = printer.printerName() or printer.outputFileName()
            self.status.setText(self.tr("Sent {0} page(s) to {1}.").format(count, where))
            self.printed.emit(count)
        else:
            messages.error(
                self, self.tr("Not printed"), self.tr("The printer could not be started; nothing was printed.")
            )

    def _not_printed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self if shiboken6.isValid(self) else None, exc)

    def page_range(self, printer: QPrinter) -> list[int]:
        """The pages (0-based) the print dialog chose: all, a range, or the one on screen."""
        chosen = printer.printRange()
        if chosen == QPrinter.PrintRange.CurrentPage:
            return [self.current_page()]
        if chosen == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            last = printer.toPage() or self.pages()
            return list(range(printer.fromPage() - 1, min(last, self.pages())))
        return list(range(self.pages()))

    # -- copies -----------------------------------------------------------------------

    def save(self) -> Any:
        """Ask where, then write the exact bytes shown (audited, in the background)."""
        if not self.data:
            return None
        name = files.save_file(
            self,
            self.tr("Save {0}").format(self.title),
            files.documents_folder() / self.suggested_name,
            self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        from ltfu.services.documents import save_document

        db, data, what = self.desk.db, self.data, self.suggested_name
        return self.desk.runner.write(
            lambda job: save_document(db, data, path, what), on_done=self._saved, on_error=self._not_saved
        )

    def _saved(self, path: Path) -> None:
        self.status.setText(self.tr("Saved to {0}.").format(path))
        self.desk.notify(Change.of())  # the copy's audit entry
        self.saved.emit(path)

    def _not_saved(self, exc: BaseException) -> None:
        from ltfu.errors import LtfuError

        if isinstance(exc, OSError):
            messages.error(self, self.tr("Not saved"), self.tr("Cannot write the file: {0}.").format(exc.strerror))
        elif isinstance(exc, LtfuError):
            from ltfu.ui.errors import error_text

            messages.error(self, self.tr("Not saved"), error_text(exc))
        else:
            from ltfu.ui.errors import report_error

            report_error(self, exc)

    def open_elsewhere(self) -> bool:
        """Hand a private copy to the system's PDF viewer; False (said) when there is none."""
        try:
            path = self.private.write(self.suggested_name, self.data)
        except OSError as exc:
            messages.error(self, self.tr("Cannot open"), self.tr("Cannot write the document: {0}").format(exc.strerror))
            return False
        if files.open_in_viewer(path):
            return True
        messages.warning(
            self,
            self.tr("No PDF viewer"),
            self.tr("No other program on this computer opens PDF files: print or save from this preview."),
        )
        return False


def print_pages(data: bytes, printer: QPrinter, pages: list[int], job: Job | None = None) -> int:
    """Draw `pages` (0-based) of the PDF `data` onto `printer`, each fitted to its page;
    the number of pages printed (0: the printer would not start).

    Runs on a worker thread (QPainter on a QPrinter may; QtPdf serialises its own
    rendering): the document is read again here, so closing the preview meanwhile is safe.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QBuffer.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if not printer.supportsMultipleCopies():
        pages = pages * max(1, printer.copyCount())
    painter = QPainter()
    if not pages or document.status() != QPdfDocument.Status.Ready or not painter.begin(printer):
        return 0
    try:
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        dpi = min(printer.resolution(), PRINT_DPI)
        for n, index in enumerate(pages):
            if job is not None:
                job.check()
                job.progress(n, len(pages))
            if n:
                printer.newPage()
            box = painter.viewport()
            points = document.pagePointSize(index)
            fit = min(box.width() / points.width(), box.height() / points.height())
            width, height = round(points.width() * fit), round(points.height() * fit)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            target = QRect(box.x() + (box.width() - width) // 2, box.y() + (box.height() - height) // 2, width, height)
            painter.drawImage(target, document.render(index, pixels))
    except BaseException:
        printer.abort()  # cancelled: nothing half-printed goes to the printer
        raise
    finally:
        painter.end()
        document.close()
    return len(pages)
