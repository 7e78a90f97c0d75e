"""Data queries in the window: the table of a subject's (or a worklist's) queries, the
marks on queried values, and the dialogs to raise, answer, correct, close and re-open.

Who sees which action follows `users.PERMISSIONS`: the monitor (`review_queries`)
raises, closes and re-opens; the site (`answer_queries`) answers or corrects. Every
action is one service call of `ltfu.services.queries` on the desk's worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ltfu.ui import look
from ltfu.ui.dialogs import ActionDialog
from ltfu.ui.labels import label, stored_text
from ltfu.ui.models import Column, RowsModel, local_time
from ltfu.ui.widgets import TableView, named, tip_button

if TYPE_CHECKING:
    from ltfu.services.queries import QueryRow
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job

FIELD_WORDS = {
    "actual_date": QCoreApplication.translate("Queries", "date done"),
    "value": QCoreApplication.translate("Queries", "value"),
    "result_date": QCoreApplication.translate("Queries", "date"),
    "event_date": QCoreApplication.translate("Queries", "date"),
    "death_cause": QCoreApplication.translate("Queries", "cause of death"),
    "detail": QCoreApplication.translate("Queries", "detail"),
    "grade": QCoreApplication.translate("Queries", "grade"),
    "onset_date": QCoreApplication.translate("Queries", "onset"),
    "term": QCoreApplication.translate("Queries", "term"),
    "dose_level": QCoreApplication.translate("Queries", "dose level"),
}


def field_text(field: str | None) -> str:
    return FIELD_WORDS.get(field or "", (field or "").replace("_", " "))


def question_text(query: QueryRow) -> str:
    """The question in the window's language (an edit check's from its code)."""
    return label("edit_check", query.check) if query.check else query.text


_CODED = {"result": "analyte", "clinical_event": "event"}  # the first word of `about` is a code


def about_text(query: QueryRow) -> str:
    what = label("query_target", query.target)
    about = query.about if query.target != "subject" else ""
    if query.target in _CODED and about:
        code, _, rest = about.partition(" ")
        about = f"{label(_CODED[query.target], code)} {rest}".strip()
    field = f" · {field_text(query.field)}" if query.field else ""
    return " ".join(p for p in (what, about) if p) + field


def marks(found: Iterable[QueryRow]) -> dict[tuple[str, int], str]:
    """(target, record id) -> the open queries' questions: what marks a value in the chart."""
    marked: dict[tuple[str, int], list[str]] = {}
    for query in found:
        if query.state == "open":
            marked.setdefault((query.target, query.record_id), []).append(
                QCoreApplication.translate("Queries", "Open query #{0}: {1}").format(query.id, question_text(query))
            )
    return {key: "\n".join(texts) for key, texts in marked.items()}


class QueriesModel(RowsModel["QueryRow"]):
    def make_columns(self) -> list[Column[QueryRow]]:
        return [
            Column("#", lambda r: str(r.id), sort=lambda r: r.id, right=True, whole=True),
            Column(QCoreApplication.translate("Queries", "Subject"), lambda r: r.study_id, whole=True),
            Column(QCoreApplication.translate("Queries", "About"), about_text),
            Column(
                QCoreApplication.translate("Queries", "Question"),
                question_text,
                tooltip=lambda r: question_text(r),
            ),
            Column(
                QCoreApplication.translate("Queries", "State"),
                lambda r: label("query_state", r.state),
                icon=lambda r: (
                    look.status_icon("overdue" if r.state == "open" else "due")
                    if r.state != "closed"
                    else look.status_icon("completed")
                ),
            ),
            Column(
                QCoreApplication.translate("Queries", "Raised"),
                _raised_text,
                sort=lambda r: r.raised_at,
            ),
            Column(
                QCoreApplication.translate("Queries", "Answer"),
                answer_text,
                tooltip=lambda r: answer_text(r) or None,
            ),
        ]

    def status_of(self, row: QueryRow) -> str | None:
        return "due" if row.state == "open" else None


def _raised_text(row: QueryRow) -> str:
    """Who raised a query (a user, or an edit check) and when."""
    by = row.raised_by or QCoreApplication.translate("Queries", "edit check")
    return f"{by}, {local_time(row.raised_at)}"


def answer_text(query: QueryRow) -> str:
    parts = []
    if query.answer:
        said = (
            QCoreApplication.translate("Queries", "corrected by {0}: {1}")
            if query.corrected
            else QCoreApplication.translate("Queries", "{0}: {1}")
        )
        parts.append(said.format(query.answered_by, query.answer))
    if query.note:
        parts.append(QCoreApplication.translate("Queries", "note: {0}").format(stored_text(query.note)))
    return " · ".join(parts)


class QueriesTable(QWidget):
    """A table of queries with the actions the signed-in role may take on the selected one."""

    acted = Signal(str)  # what was done, in words
    open_subject = Signal(str)

    def __init__(self, desk: Desk, settings_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from ltfu.ui.widgets import hbox

        self.desk = desk
        self.model = QueriesModel(self)
        self.table = TableView(settings_key, self.tr("Queries"), model=self.model)
        self.table.setSortingEnabled(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.enable())
        self.table.activated_row.connect(lambda row: self.open_subject.emit(self.model.row(row).study_id))
        self.answer_button = tip_button(
            self.tr("&Answer…"), self.tr("Answer the selected open query with a text (the value stands)")
        )
        self.correct_button = tip_button(
            self.tr("Co&rrect value…"), self.tr("Correct the value the selected query asks about, with a reason")
        )
        self.close_button = tip_button(
            self.tr("C&lose query"), self.tr("The answer settles it: close the selected query")
        )
        self.reopen_button = tip_button(
            self.tr("Re-&open…"), self.tr("Send the selected query back to the site, with a reason")
        )
        self.answer_button.clicked.connect(lambda: self.answer())
        self.correct_button.clicked.connect(lambda: self.correct())
        self.close_button.clicked.connect(lambda: self.close_query())
        self.reopen_button.clicked.connect(lambda: self.reopen())
        self.dialog: ActionDialog | None = None
        self.buttons = hbox(self.answer_button, self.correct_button, self.close_button, self.reopen_button)
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self.enable()

    def set_rows(self, rows: Iterable[QueryRow]) -> None:
        self.model.set_rows(rows)
        self.table.fit_columns_once()
        self.enable()

    def selected(self) -> QueryRow | None:
        row = self.table.current_source_row()
        return self.model.row(row) if row is not None else None

    def enable(self) -> None:
        query = self.selected()
        site, monitor = self.desk.may("answer_queries"), self.desk.may("review_queries")
        for button, allowed in (
            (self.answer_button, site),
            (self.correct_button, site),
            (self.close_button, monitor),
            (self.reopen_button, monitor),
        ):
            button.setVisible(allowed)
        state = query.state if query is not None else None
        self.answer_button.setEnabled(state == "open")
        self.correct_button.setEnabled(state == "open")
        self.close_button.setEnabled(state in ("open", "answered"))
        self.reopen_button.setEnabled(state in ("answered", "closed"))

    def _open(self, dialog: ActionDialog, done: str) -> ActionDialog:
        self.dialog = dialog
        dialog.done.connect(lambda _r: self.acted.emit(done))
        dialog.open()
        return dialog

    def answer(self) -> ActionDialog | None:
        query = self.selected()
        if query is None or query.state != "open":
            return None
        return self._open(AnswerDialog(self.desk, query, correct=False, parent=self), self.tr("Query answered."))

    def correct(self) -> ActionDialog | None:
        query = self.selected()
        if query is None or query.state != "open":
            return None
        dialog = AnswerDialog(self.desk, query, correct=True, parent=self)
        return self._open(dialog, self.tr("Value corrected; the query is answered."))

    def close_query(self) -> ActionDialog | None:
        query = self.selected()
        if query is None or query.state == "closed":
            return None
        return self._open(CloseDialog(self.desk, query, reopen=False, parent=self), self.tr("Query closed."))

    def reopen(self) -> ActionDialog | None:
        query = self.selected()
        if query is None or query.state == "open":
            return None
        return self._open(CloseDialog(self.desk, query, reopen=True, parent=self), self.tr("Query re-opened."))


def _text_edit(dialog: ActionDialog, accessible: str, caption: str) -> QPlainTextEdit:
    edit = named(QPlainTextEdit(), accessible)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(dialog.fontMetrics().height() * 4)
    dialog.form.addRow(caption, edit)
    edit.textChanged.connect(dialog.validate)
    return edit


class RaiseQueryDialog(ActionDialog):
    """The monitor asks the site about a value (or a whole record)."""

    def __init__(
        self,
        desk: Desk,
        study_id: str,
        target: str,
        ref: str | int | None,
        about: str,
        parent: QWidget | None = None,
    ) -> None:
        from ltfu.services.queries import FIELDS

        super().__init__(desk, self.tr("Raise a query: {0}").format(study_id), self.tr("&Raise query"), parent)
        self.study_id, self.target, self.ref = study_id, target, ref
        what = QLabel(f"{label('query_target', target)} {about}".strip())
        what.setWordWrap(True)
        self.form.addRow(self.tr("About:"), what)
        self.field = named(QComboBox(), self.tr("Field"))
        if target != "subject":
            self.field.addItem(self.tr("the whole record"), None)
        for name in FIELDS[target]:
            self.field.addItem(field_text(name), name)
        if target == "result":
            self.field.setCurrentIndex(self.field.findData("value"))
        self.form.addRow(self.tr("&Field:"), self.field)
        self.text = _text_edit(self, self.tr("Question"), self.tr("&Question:"))
        self.validate()

    def missing(self) -> list[str]:
        return [] if self.text.toPlainText().strip() else [self.tr("Write the question for the site.")]

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.queries import raise_query

        db, args = self.desk.db, (self.study_id, self.target, self.ref, self.text.toPlainText().strip())
        field = self.field.currentData()
        return lambda job: raise_query(db, *args, field)


class AnswerDialog(ActionDialog):
    """The site answers a query with a text, or corrects the value with a reason."""

    def __init__(self, desk: Desk, query: QueryRow, correct: bool, parent: QWidget | None = None) -> None:
        title = self.tr("Correct the value: query #{0}") if correct else self.tr("Answer query #{0}")
        ok = self.tr("&Correct value") if correct else self.tr("&Answer")
        super().__init__(desk, title.format(query.id), ok, parent)
        self.query, self.correcting = query, correct
        asked = QLabel(f"{about_text(query)}: {question_text(query)}")
        asked.setWordWrap(True)
        self.form.addRow(self.tr("Query:"), asked)
        self.value: QLineEdit | None = None
        if correct:
            from ltfu.services.queries import FIELDS

            self.value = named(QLineEdit(), self.tr("New value"))
            self.value.setPlaceholderText(self.tr("dates as YYYY-MM-DD"))
            self.form.addRow(
                self.tr("&New {0}:").format(field_text(query.field or FIELDS[query.target][0])), self.value
            )
            self.value.textChanged.connect(self.validate)
            self.text = _text_edit(self, self.tr("Reason"), self.tr("&Reason:"))
        else:
            self.text = _text_edit(self, self.tr("Answer"), self.tr("&Answer:"))
        self.validate()

    def missing(self) -> list[str]:
        if self.value is not None and not self.value.text().strip():
            return [self.tr("Give the corrected value.")]
        if not self.text.toPlainText().strip():
            return [
                self.tr("Give the reason: it is kept in the history.")
                if self.correcting
                else self.tr("Write the answer.")
            ]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.queries import answer_query, correct_value

        db, query_id, text, today = self.desk.db, self.query.id, self.text.toPlainText().strip(), self.desk.today
        if self.value is not None:
            value = self.value.text().strip()
            return lambda job: correct_value(db, query_id, value, text, today)
        return lambda job: answer_query(db, query_id, text)


class CloseDialog(ActionDialog):
    """The monitor closes a query (a note, optional) or re-opens it (a reason)."""

    def __init__(self, desk: Desk, query: QueryRow, reopen: bool, parent: QWidget | None = None) -> None:
        title = self.tr("Re-open query #{0}") if reopen else self.tr("Close query #{0}")
        super().__init__(desk, title.format(query.id), self.tr("&Re-open") if reopen else self.tr("&Close"), parent)
        self.query, self.reopen = query, reopen
        asked = QLabel(f"{about_text(query)}: {question_text(query)}\n{answer_text(query)}".strip())
        asked.setWordWrap(True)
        self.form.addRow(self.tr("Query:"), asked)
        self.text = _text_edit(self, self.tr("Note"), self.tr("&Reason:") if reopen else self.tr("&Note:"))
        self.validate()

    def missing(self) -> list[str]:
        if self.reopen and not self.text.toPlainText().strip():
            return [self.tr("Give the reason for re-opening: the site reads it.")]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.queries import close_query

        db, query_id, note, reopen = self.desk.db, self.query.id, self.text.toPlainText().strip(), self.reopen
        return lambda job: close_query(db, query_id, note or None, reopen=reopen)
