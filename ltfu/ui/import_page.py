"""Import a CSV file: pick it, see its first rows, import all or nothing.

The kind (subjects, visits, results, events) is guessed from the header row and can
be changed. The import runs on the write worker; when the file is refused, every bad
row is listed with its line number and reason, and nothing was changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ltfu.errors import ImportRowsError, LtfuError, Message
from ltfu.services.csvio import decode_text, records
from ltfu.ui import look
from ltfu.ui.desk import Change, Desk
from ltfu.ui.labels import message_text
from ltfu.ui.models import CsvPreviewModel, Problem, ProblemsModel
from ltfu.ui.widgets import TableView, hbox, labelled_combo, tip_button, wrapped_label

PREVIEW_ROWS = 50


@dataclass(frozen=True)
class ImportKind:
    key: str
    columns: frozenset[str]  # the header columns that identify the kind


KINDS = (
    ImportKind("subjects", frozenset({"subject_id", "site", "dose_level", "infusion_date"})),
    ImportKind("visits", frozenset({"subject_id", "visit_code", "date", "status"})),
    ImportKind("results", frozenset({"subject_id", "date", "analyte", "value", "unit"})),
    ImportKind("events", frozenset({"subject_id", "date", "event", "detail"})),
    ImportKind("adverse-events", frozenset({"subject_id", "onset_date", "term", "grade"})),
    ImportKind("infusions", frozenset({"subject_id", "infusion_date"})),
    ImportKind("medications", frozenset({"subject_id", "kind", "start_date"})),
    ImportKind("consents", frozenset({"subject_id", "version", "consent_date", "consented_by"})),
)
"""The kinds `imports.import_file` takes, and the header columns that tell them apart."""


def guess_kind(header: list[str], file_name: str = "") -> str | None:
    """The kind the file is named after (``subjects.csv``, ``infusions-2026.csv``), else the
    kind whose identifying columns are all in the header (the most specific one): a
    subjects file missing its dose level is still a subjects file, refused for that."""
    stem = file_name.lower().rsplit(".", 1)[0]
    for kind in sorted(KINDS, key=lambda k: -len(k.key)):
        if stem.startswith(kind.key) or stem.startswith(kind.key.replace("-", "_")):
            return kind.key
    present = {h.strip() for h in header}
    fitting = [k for k in KINDS if k.columns <= present]
    return max(fitting, key=lambda k: len(k.columns)).key if fitting else None


@dataclass(frozen=True)
class Preview:
    path: Path
    header: list[str]
    lines: list[tuple[int, list[str]]]  # (line number in the file, values)
    more: bool


def read_preview(path: Path, limit: int = PREVIEW_ROWS) -> Preview:
    """The header and the first `limit` rows (line numbers as the import reports them)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(2_000_000)
    except OSError as exc:
        raise LtfuError(Message("file.unreadable", path=str(path), reason=exc.strerror)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The first 2 MB may end inside a character: read up to it.
        cut = len(raw) == 2_000_000 and exc.start > len(raw) - 4
        text = decode_text(raw[: exc.start] if cut else raw, path.name)
    # Read as the import reads it (quoting, line numbers where a row starts).
    rows = records(text, path.name)
    first = next(rows, None)
    if first is None:
        raise LtfuError(Message("file.empty", name=path.name))
    lines: list[tuple[int, list[str]]] = []
    more = False
    for line, values in rows:
        if len(lines) >= limit:
            more = True
            break
        if any(v.strip() for v in values):
            lines.append((line, values))
    return Preview(path, [h.strip() for h in first[1]], lines, more)


class ImportPage(QWidget):
    """`finished(ok)` after each import: True when imported, False when refused or failed."""

    finished = Signal(bool)
    previewed = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.path: Path | None = None
        heading = QLabel("<h2>" + self.tr("Import") + "</h2>")
        intro = QLabel(
            self.tr(
                "CSV files (UTF-8, header row, ISO dates). A file with any bad row changes nothing; every bad row "
                "is listed with its line number."
            )
        )
        intro.setWordWrap(True)
        self.choose_button = tip_button(self.tr("&Choose file…"), self.tr("Pick the CSV file to import"))
        self.file_label = QLabel(self.tr("No file chosen"))
        self.file_label.setAccessibleName(self.tr("Chosen file"))
        kind_label, self.kind = labelled_combo(self.tr("&Kind:"), self.tr("Kind of file"), self._kind_titles())
        self.kind.setToolTip(self.tr("Guessed from the header row; change it if the guess is wrong"))
        self.import_button = QPushButton(self.tr("&Import"))
        self.import_button.setEnabled(False)
        self.import_button.setToolTip(self.tr("Check every row and import the file, or nothing"))
        self.result = wrapped_label(self.tr("Import result"))
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()

        self.preview_model = CsvPreviewModel(self)
        self.preview = TableView("import_preview", self.tr("Preview of the file"))
        self.preview.verticalHeader().show()
        self.preview.setModel(self.preview_model)
        self.preview_note = QLabel()
        self.problems_model = ProblemsModel(self)
        self.problems = TableView("import_problems", self.tr("Rows refused"), model=self.problems_model)
        self.problems_box = QWidget()
        box = QVBoxLayout(self.problems_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>" + self.tr("Rows refused") + "</b>"))
        box.addWidget(self.problems, 1)
        self.problems_box.hide()
        preview_box = QWidget()
        pbox = QVBoxLayout(preview_box)
        pbox.setContentsMargins(0, 0, 0, 0)
        pbox.addWidget(QLabel("<b>" + self.tr("First rows of the file") + "</b>"))
        pbox.addWidget(self.preview, 1)
        pbox.addWidget(self.preview_note)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(preview_box)
        splitter.addWidget(self.problems_box)
        splitter.setCollapsible(1, False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(
            hbox(self.choose_button, self.file_label, kind_label, self.kind, self.import_button, stretch_at=2)
        )
        layout.addWidget(self.result)
        layout.addWidget(splitter, 1)
        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start_import)

    def _kind_titles(self) -> list[tuple[str, str]]:
        return [
            ("subjects", self.tr("Subjects (enrolment)")),
            ("visits", self.tr("Visit history")),
            ("results", self.tr("Laboratory results")),
            ("events", self.tr("Clinical events")),
            ("adverse-events", self.tr("Adverse events")),
            ("infusions", self.tr("Infusions (re-infusions)")),
            ("medications", self.tr("Immunoglobulin replacement")),
            ("consents", self.tr("Consents")),
        ]

    def ask_for_file(self) -> str:
        """The file dialog (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a CSV file"), str(Path.home()), self.tr("CSV files (*.csv);;All files (*)")
        )
        return name

    def choose_file(self) -> None:
        name = self.ask_for_file()
        if name:
            self.load_file(Path(name))

    def load_file(self, path: Path) -> None:
        """Show the first rows of `path` and guess its kind (read on a worker thread)."""
        self.path = Path(path)
        self.file_label.setText(self.path.name)
        self.file_label.setToolTip(str(self.path))
        self.import_button.setEnabled(False)
        self._show_result("", ok=True)
        self.problems_box.hide()
        chosen = self.path
        self.desk.runner.read(lambda job: read_preview(chosen), on_done=self._previewed, on_error=self._preview_failed)

    def _previewed(self, preview: Preview) -> None:
        self.preview_model.set_content(preview.header, preview.lines)
        self.preview.resizeColumnsToContents()
        shown = len(preview.lines)
        self.preview_note.setText(
            self.tr("The first {0} rows; the import checks them all.").format(shown)
            if preview.more
            else self.tr("{0} rows.").format(shown)
        )
        kind = guess_kind(preview.header, preview.path.name)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))
        else:
            self._show_result(
                self.tr(
                    "The header does not look like any known file; choose the kind, the import "
                    "will name the columns it misses."
                ),
                ok=False,
            )
        self.import_button.setEnabled(self.desk.db is not None)
        self.previewed.emit()

    def _preview_failed(self, exc: BaseException) -> None:
        self.preview_model.set_content([], [])
        from ltfu.ui.errors import error_text, report_error

        if isinstance(exc, LtfuError):
            self._show_result(error_text(exc), ok=False)
        else:
            report_error(self, exc)
        self.previewed.emit()

    def start_import(self) -> None:
        if self.path is None or self.desk.db is None:
            return
        kind = next(k for k in KINDS if k.key == self.kind.currentData())
        db, path, today = self.desk.db, self.path, self.desk.today

        def work(job: Any) -> Any:
            from ltfu.services.imports import import_file

            return import_file(db, kind.key, path, today)

        self.import_button.setEnabled(False)
        self.problems_box.hide()
        self._show_result(self.tr("Importing {0}…").format(path.name), ok=True)
        self.desk.runner.write(
            work,
            on_done=lambda summary: self._imported(summary, kind.key),
            on_error=self._refused,
            label=self.tr("Importing {0}…").format(path.name),
        )

    def _imported(self, summary: Any, kind: str) -> None:
        self.import_button.setEnabled(True)
        self._show_result(self.tr("Imported: {0}").format(message_text(summary.describe())), ok=True)
        # Any subject of the file; a row can change its subject's status and plan as well.
        self.desk.notify(Change.of(kind, "subjects", "visits"))
        self.finished.emit(True)

    def _refused(self, exc: BaseException) -> None:
        from ltfu.ui.errors import error_text, report_error

        self.import_button.setEnabled(True)
        if isinstance(exc, ImportRowsError):
            self.problems_model.set_rows(Problem(line, reason) for line, reason in exc.problems)
            self.problems.fit_columns_once()
            self.problems_box.show()
            # "Listed below": half the room, however much the preview had taken.
            room = sum(self.splitter.sizes())
            self.splitter.setSizes([room // 2, room - room // 2])
            self._show_result(
                self.tr(
                    "Nothing was imported: {0} has {1} bad row(s), listed below. Fix them and import again."
                ).format(exc.file_name, len(exc.problems)),
                ok=False,
            )
        elif isinstance(exc, LtfuError):
            self._show_result(self.tr("Nothing was imported: {0}").format(error_text(exc)), ok=False)
        else:
            self._show_result(self.tr("Nothing was imported."), ok=False)
            report_error(self, exc)
        self.finished.emit(False)

    def _show_result(self, text: str, ok: bool) -> None:
        self.result.setText(text)
        self.result.setVisible(bool(text))
        colour = look.STATUS_COLOURS["completed"] if ok else look.ALERT_COLOUR
        pal = look.palette()
        self.result.setStyleSheet(
            f"QLabel {{ background: {look.tint(colour, pal).name()}; "
            f"border: 1px solid {look.mark_colour(colour, pal).name()}; border-radius: 4px; padding: 0.4em; }}"
        )
