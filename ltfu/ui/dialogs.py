"""The chart's action dialogs: record a visit, close as missed or undo, record an event,
a contact attempt, lost to follow-up.

Each dialog checks what it can as the user types (and says why OK is disabled, in
plain words), then runs one service call on the write worker. A refusal from the
service (`LtfuError`) is shown inside the dialog, which stays open so the entry can
be fixed; success closes it and emits `done(result)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal, SignalInstance
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ltfu.errors import LtfuError
from ltfu.ui import look
from ltfu.ui.labels import label, window_text
from ltfu.ui.widgets import keep_on_screen, named, wrapped_label

if TYPE_CHECKING:
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setCalendarPopup(True)
    return edit


def to_date(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


def next_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the month after `today`'s."""
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    return first, last


def next_quarter(today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of the calendar quarter after `today`'s."""
    month = 3 * ((today.month - 1) // 3 + 1) + 1
    year = today.year + (month > 12)
    first = dt.date(year, (month - 1) % 12 + 1, 1)
    after = dt.date(first.year + (first.month + 3 > 12), (first.month + 2) % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)


W = TypeVar("W", bound=QWidget)


class ActionDialog(QDialog):
    """A form that runs one write when confirmed; refusals are shown in it."""

    done = Signal(object)  # type: ignore[assignment]  # shadows QDialog.done(int), which no code here calls

    def __init__(self, desk: Desk, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.running = False
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.hint = wrapped_label(self.tr("What will happen"))
        self.problem = wrapped_label(self.tr("Problem"))
        self.problem.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pal = look.palette()
        self.problem.setStyleSheet(
            f"QLabel {{ background: {look.tint(look.ALERT_COLOUR, pal).name()}; "
            f"border: 1px solid {look.mark_colour(look.ALERT_COLOUR, pal).name()}; "
            "border-radius: 4px; padding: 0.4em; }"
        )
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def first_field(self) -> QWidget | None:
        """The first field in tab order, where the dialog opens (not on OK: a stray Enter
        would confirm an empty form)."""
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isEnabled()
                and widget.isVisibleTo(self)
                and not isinstance(widget, QPushButton)
            ):
                return widget
            widget = widget.nextInFocusChain()
        return None

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.fit_height()
        chosen = self.focusWidget()  # a dialog may have chosen (sign-in: the password)
        field = self.first_field()
        if field is not None and (chosen is None or isinstance(chosen, QPushButton)):
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    def add_field(self, widget: W, accessible: str, caption: str) -> W:
        """`widget` on its own row of the form under `caption`, named for screen readers."""
        widget.setAccessibleName(accessible)
        self.form.addRow(caption, widget)
        return widget

    def add_line(self, accessible: str, caption: str, placeholder: str = "") -> QLineEdit:
        """A one-line text field on the form (`placeholder`: the grey hint inside it)."""
        line = QLineEdit()
        if placeholder:
            line.setPlaceholderText(placeholder)
        return self.add_field(line, accessible, caption)

    def add_text(self, accessible: str, caption: str, lines: int = 4) -> QPlainTextEdit:
        """A text box of `lines` lines on the form; Tab leaves it (it never types a tab)."""
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setFixedHeight(self.fontMetrics().height() * lines)
        return self.add_field(text, accessible, caption)

    def add_choice(self, accessible: str, caption: str, kind: str, values: Sequence[str]) -> QComboBox:
        """A list of `values` on the form, each shown by its label of `kind` (ui/labels.py)."""
        box = QComboBox()
        for value in values:
            box.addItem(label(kind, value), value)
        return self.add_field(box, accessible, caption)

    def validate_on(self, *signals: SignalInstance) -> None:
        """Check the form again whenever one of `signals` fires (a field changed)."""
        for signal in signals:
            signal.connect(self.validate)

    def add_note(self, text: str) -> QLabel:
        """A wrapped paragraph on its own row of the form: what the dialog does."""
        note = QLabel(text)
        note.setWordWrap(True)
        self.form.addRow(note)
        return note

    # -- subclasses ------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Why the entry cannot be saved yet (plain sentences); empty when it can."""
        return []

    def missing(self) -> list[str]:
        """What is still to be filled in: OK stays disabled, said plainly rather than as an error."""
        return []

    def hint_text(self) -> str:
        return ""

    def work(self) -> Callable[[Job], object]:
        """The write to run on the worker thread: `fn(job) -> result`."""
        raise NotImplementedError

    def progress_label(self) -> str:
        """Text of the progress dialog when the work takes a while ("": none)."""
        return ""

    # -- flow ------------------------------------------------------------------------

    def validate(self) -> None:
        found = self.problems()
        gaps = [] if found else self.missing()
        self.show_problem(found[0] if found else "")
        self.hint.setText(gaps[0] if gaps else self.hint_text())
        self.hint.setVisible(bool(self.hint.text()))
        self.ok.setEnabled(not found and not gaps and not self.running)
        self.ok.setToolTip((found or gaps)[0] if found or gaps else "")

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        self.fit_height()

    def fit_height(self) -> None:
        """Grow to show every wrapped line (a shown window keeps its size when a message
        appears, and a wrapped label squeezed below its lines is cut), within the screen."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        width = self.width()
        need = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if need > self.height():
            self.resize(width, need)
        if self.isVisible():
            keep_on_screen(self)

    def submit(self) -> None:
        if self.running or self.problems() or self.missing():
            return
        fn = self.work()
        self.running = True
        self.ok.setEnabled(False)
        self.show_problem("")
        self.desk.runner.write(fn, on_done=self._succeeded, on_error=self._refused, label=self.progress_label())

    def _succeeded(self, result: Any) -> None:
        self.running = False
        self.accept()
        self.done.emit(result)

    def _refused(self, exc: BaseException) -> None:
        self.running = False
        self.refused(exc)
        self.validate()
        from ltfu.ui.errors import error_text, report_error

        if isinstance(exc, LtfuError):
            self.show_problem(error_text(exc))
        else:
            report_error(self, exc)

    def refused(self, exc: BaseException) -> None:
        """Hook: after a refusal, before it is shown (a password field is cleared here)."""


def add_switched_date(dialog: ActionDialog, caption: str, switch: QCheckBox, accessible: str, on: bool) -> QDateEdit:
    """A date `switch` turns on or off (a resolution date, a stop date), beside it on one row
    of the dialog's form; the date is editable while the box is `on` (ticked, or not)."""
    edit = date_edit(dialog.desk.today)
    edit.setAccessibleName(accessible)
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(switch)
    line.addWidget(edit, 1)
    dialog.form.addRow(caption, row)
    edit.setEnabled(switch.isChecked() == on)

    def switched(ticked: bool) -> None:
        edit.setEnabled(ticked == on)
        dialog.validate()

    switch.toggled.connect(switched)
    edit.dateChanged.connect(dialog.validate)
    return edit


class RecordVisitDialog(ActionDialog):
    """A visit done on a date, in a mode; the visit it completes follows from the date
    unless the user names it (or says it was unscheduled)."""

    AUTO = "__auto__"
    UNSCHEDULED = "__unscheduled__"

    def __init__(
        self,
        desk: Desk,
        view: Any,
        death_date: dt.date | None = None,
        code: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(desk, self.tr("Record a visit: {0}").format(view.study_id), self.tr("&Record visit"), parent)
        from ltfu.services.browse import VISIT_MODES

        self.view = view
        self.death_date = death_date
        self.today = desk.today
        self.date = self.add_field(date_edit(self.today), self.tr("Visit date"), self.tr("&Date:"))
        self.visit = named(QComboBox(), self.tr("Which visit"))
        self.visit.addItem(self.tr("The visit whose window holds the date"), self.AUTO)
        latest = view.infusion_date
        for v in view.visits:
            if v.infusion_date == latest and v.status in ("due", "overdue", "upcoming"):
                self.visit.addItem(
                    f"{v.code} — {label('visit_status', v.status)}, {window_text(v.window_start, v.window_end)}",
                    v.code,
                )
        self.visit.addItem(self.tr("An unscheduled visit (no planned visit)"), self.UNSCHEDULED)
        if code is not None and self.visit.findData(code) >= 0:
            self.visit.setCurrentIndex(self.visit.findData(code))
        self.form.addRow(self.tr("&Visit:"), self.visit)
        self.mode = self.add_choice(self.tr("How the visit took place"), self.tr("&Mode:"), "mode", VISIT_MODES)
        self.note = self.add_line(self.tr("Note"), self.tr("&Note:"), self.tr("optional"))
        from ltfu.ui.screening import ScreenBox

        # From Day 28 every contact asks the safety screen, in this same dialog.
        self.screen_box = ScreenBox()
        self.form.addRow(self.screen_box)
        self.sent_screen: Any = None  # the screen saved with the visit (NewScreen), for the chart
        self.validate_on(self.screen_box.changed, self.date.dateChanged)
        self.visit.currentIndexChanged.connect(self._visit_changed)
        self.mode.currentIndexChanged.connect(self.validate)
        self._visit_changed()

    def _visit_changed(self) -> None:
        code = self.chosen_code()
        visit = next((v for v in self.view.visits if v.code == code), None) if code else None
        if visit is None:
            visit = self.view.next_open()
        if visit is not None:
            index = self.mode.findData(visit.mode)
            if index >= 0:
                self.mode.setCurrentIndex(index)
        self.validate()

    def chosen_code(self) -> str | None:
        data = self.visit.currentData()
        return None if data in (self.AUTO, self.UNSCHEDULED) else data

    def screen_asked(self) -> bool:
        """Whether the visit this entry completes asks the safety screen (Day 28 on, a contact)."""
        if self.visit.currentData() == self.UNSCHEDULED:
            return False
        from ltfu.services.browse import preview_visit_date
        from ltfu.ui.screening import owes_screen

        code = self.chosen_code() or preview_visit_date(self.view, to_date(self.date), None).code
        return owes_screen(self.view, code, self.mode.currentData())

    def validate(self) -> None:
        if hasattr(self, "screen_box"):
            self.screen_box.setVisible(self.screen_asked())
        super().validate()

    def missing(self) -> list[str]:
        text = self.screen_box.missing_text() if self.screen_asked() else ""
        # Said after what the entry completes, which stays in view.
        return [" ".join(part for part in (self.hint_text(), text) if part)] if text else []

    def problems(self) -> list[str]:
        day = to_date(self.date)
        found = []
        if day > self.today:
            found.append(self.tr("The date {0} is in the future (today is {1}).").format(day, self.today))
        if self.view.infusion_date and day < self.view.infusion_date:
            found.append(self.tr("The date {0} is before the infusion on {1}.").format(day, self.view.infusion_date))
        if self.death_date is not None and day > self.death_date:
            found.append(self.tr("The date {0} is after the subject's death on {1}.").format(day, self.death_date))
        return found

    def hint_text(self) -> str:
        if self.problems():
            return ""
        from ltfu.services.browse import preview_visit_date

        day = to_date(self.date)
        if self.visit.currentData() == self.UNSCHEDULED:
            return self.tr("It will be recorded as an unscheduled visit on {0}.").format(day)
        preview = preview_visit_date(self.view, day, self.chosen_code())
        window = window_text(preview.window_start, preview.window_end)
        if preview.code is None:
            return self.tr("No open visit's window holds {0}: it will be recorded as an unscheduled visit.").format(day)
        if preview.in_window:
            return self.tr("This completes {0} (window {1}).").format(preview.code, window)
        return self.tr("{0} is outside the window of {1} ({2}): it will be recorded as done out of window.").format(
            day, preview.code, window
        )

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.visits import record_visit_done

        db, study_id, today = self.desk.db, self.view.study_id, self.today
        day, mode, code = to_date(self.date), self.mode.currentData(), self.chosen_code()
        unscheduled = self.visit.currentData() == self.UNSCHEDULED
        note = self.note.text().strip() or None
        screen = self.screen_box.answers() if self.screen_asked() else None
        self.sent_screen = screen
        return lambda job: record_visit_done(
            db, study_id, day, mode, today, code=code, unscheduled=unscheduled, reason=note, screen=screen
        )


class ReasonDialog(ActionDialog):
    """An action that needs a reason (close as missed, undo, lost to follow-up); maybe a date."""

    def __init__(
        self,
        desk: Desk,
        title: str,
        ok_text: str,
        explanation: str,
        action: Callable[[str, dt.date | None], Callable[[Job], object]],
        with_date: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(desk, title, ok_text, parent)
        self.action = action
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.date: QDateEdit | None = None
        if with_date:
            self.date = self.add_field(date_edit(desk.today), self.tr("Date"), self.tr("&Date:"))
            self.date.dateChanged.connect(self.validate)
        self.reason = self.add_text(self.tr("Reason"), self.tr("&Reason:"))
        self.reason.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        found = []
        if not self.reason.toPlainText().strip():
            found.append(self.tr("Give a reason: it is kept in the history."))
        if self.date is not None and to_date(self.date) > self.desk.today:
            found.append(
                self.tr("The date {0} is in the future (today is {1}).").format(to_date(self.date), self.desk.today)
            )
        return found

    def work(self) -> Callable[[Job], object]:
        day = to_date(self.date) if self.date is not None else None
        return self.action(self.reason.toPlainText().strip(), day)


class TransferDialog(ReasonDialog):
    """Move the subject to another site from a day (not in the future), with a reason."""

    def __init__(
        self, desk: Desk, study_id: str, current_site: str, sites: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            desk,
            QCoreApplication.translate("TransferDialog", "Move {0} to another site").format(study_id),
            QCoreApplication.translate("TransferDialog", "&Move"),
            QCoreApplication.translate(
                "TransferDialog",
                "From the day of the move, letters, calendars and the iCalendar carry the new site's address. "
                "Site {0} keeps the history and sees the subject as transferred out, read-only.",
            ).format(current_site),
            self._move,
            with_date=True,
            parent=parent,
        )
        self.study_id = study_id
        self.site = named(QComboBox(), self.tr("New site"))
        for code in sites:
            if code != current_site:
                self.site.addItem(code, code)
        self.form.insertRow(1, self.tr("&To site:"), self.site)
        self.validate()

    def missing(self) -> list[str]:
        site = getattr(self, "site", None)  # None while the base class builds the form
        if site is not None and not site.currentData():
            return [self.tr("There is no other site to move to.")]
        return []

    def _move(self, reason: str, day: dt.date | None) -> Callable[[Job], object]:
        from ltfu.services.transfers import transfer_subject

        db, study_id, site, today = self.desk.db, self.study_id, self.site.currentData(), self.desk.today
        return lambda job: transfer_subject(db, study_id, site, day or today, reason, today)


class EventDialog(ActionDialog):
    """A clinical event: the fields follow the kind (response, relapse, death ...)."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Record an event: {0}").format(study_id), self.tr("&Record event"), parent)
        from ltfu.services.browse import ANTIGEN_STATUSES, RECORDABLE_EVENT_KINDS, RESPONSES, WITHDRAWAL_SCOPES

        self.study_id = study_id
        self.kind = self.add_choice(self.tr("Event"), self.tr("&Event:"), "event", RECORDABLE_EVENT_KINDS)
        self.date = self.add_field(date_edit(desk.today), self.tr("Event date"), self.tr("&Date:"))

        self.details = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        # response
        page, form = _form_page()
        self.response = QComboBox()
        for value in RESPONSES:
            self.response.addItem(value, value)
        self.response.setAccessibleName(self.tr("Response"))
        self.mrd_negative = QCheckBox(self.tr("&MRD negative (< 0.01%)"))
        form.addRow(self.tr("Res&ponse:"), self.response)
        form.addRow("", self.mrd_negative)
        self._add_page("response", page)
        # relapse
        page, form = _form_page()
        self.cd19 = QComboBox()
        self.cd22 = QComboBox()
        for combo, name in ((self.cd19, "CD19"), (self.cd22, "CD22")):
            combo.addItem(self.tr("not known"), None)
            for value in ANTIGEN_STATUSES:
                combo.addItem(label("antigen", value), value)
            combo.setAccessibleName(self.tr("{0} status").format(name))
        self.lineage_switch = QCheckBox(self.tr("&Lineage switch"))
        form.addRow(self.tr("CD&19:"), self.cd19)
        form.addRow(self.tr("CD&22:"), self.cd22)
        form.addRow("", self.lineage_switch)
        self._add_page("relapse", page)
        # death
        page, form = _form_page()
        self.cause = named(QLineEdit(), self.tr("Cause of death"))
        form.addRow(self.tr("&Cause:"), self.cause)
        self._add_page("death", page)
        # withdrawal
        page, form = _form_page()
        self.scope = named(QComboBox(), self.tr("Withdrawal scope"))
        for value in WITHDRAWAL_SCOPES:
            self.scope.addItem(label("scope", value), value)
        form.addRow(self.tr("&Withdrawn from:"), self.scope)
        self._add_page("withdrawal", page)
        # HSCT and new anticancer therapy: the type, then what was given
        from ltfu.vocabulary import HSCT_TYPES, NEW_THERAPY_TYPES

        self.therapy_types: dict[str, QComboBox] = {}
        self.therapy_details: dict[str, QLineEdit] = {}
        for kind, types, table in (
            ("hsct", HSCT_TYPES, "hsct_type"),
            ("new_therapy", NEW_THERAPY_TYPES, "therapy_type"),
        ):
            page, form = _form_page()
            combo = named(QComboBox(), self.tr("Type"))
            for value in types:
                combo.addItem(label(table, value), value)
            given = named(QLineEdit(), self.tr("What was given"))
            given.setPlaceholderText(self.tr("optional: donor, regimen or product"))
            form.addRow(self.tr("T&ype:"), combo)
            form.addRow(self.tr("&Given:"), given)
            self.therapy_types[kind], self.therapy_details[kind] = combo, given
            self._add_page(kind, page)
        # anything else
        page, form = _form_page()
        self.detail = named(QLineEdit(), self.tr("Detail"))
        self.detail.setPlaceholderText(self.tr("optional"))
        form.addRow(self.tr("De&tail:"), self.detail)
        self._add_page("other", page)
        self.form.addRow(self.details)
        self.note = self.add_line(self.tr("Note"), self.tr("&Note:"), self.tr("optional"))

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.validate_on(self.date.dateChanged, self.cause.textChanged)
        self._kind_changed()

    def _add_page(self, key: str, page: QWidget) -> None:
        self.pages[key] = page
        self.details.addWidget(page)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.details.setCurrentWidget(self.pages.get(kind, self.pages["other"]))
        self.validate()

    def problems(self) -> list[str]:
        found = []
        day = to_date(self.date)
        if day > self.desk.today:
            found.append(self.tr("The date {0} is in the future (today is {1}).").format(day, self.desk.today))
        if self.kind.currentData() == "death" and not self.cause.text().strip():
            found.append(self.tr("Give the cause of death."))
        return found

    def hint_text(self) -> str:
        kind = self.kind.currentData()
        if kind == "death":
            return self.tr("Every later visit will be cancelled (death), and the subject leaves the letter run.")
        if kind == "withdrawal":
            return self.tr(
                "Treatment only: visits go on. Visits: later visits become survival phone contacts. "
                "Everything: every later visit is cancelled."
            )
        if kind in ("relapse", "progression", "hsct", "new_therapy"):
            return self.tr("Efficacy assessments (disease, PK, HAMA) stop; survival, safety, B cells and RCL go on.")
        return ""

    def detail_text(self) -> str:
        """The event's detail in the events.csv vocabulary (what `parse_event` reads)."""
        kind = self.kind.currentData()
        if kind == "response":
            return self.response.currentData() + (" MRD-" if self.mrd_negative.isChecked() else "")
        if kind == "relapse":
            marks = {"positive": "+", "negative": "-", "dim": "dim"}
            parts = [
                f"{name}{marks[combo.currentData()]}"
                for name, combo in (("CD19", self.cd19), ("CD22", self.cd22))
                if combo.currentData()
            ]
            if self.lineage_switch.isChecked():
                parts.append("lineage switch")
            return " ".join(parts)
        if kind == "death":
            return self.cause.text().strip()
        if kind == "withdrawal":
            return self.scope.currentData()
        if kind in self.therapy_types:
            return f"{self.therapy_types[kind].currentData()} {self.therapy_details[kind].text().strip()}".strip()
        return self.detail.text().strip()

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.events import parse_event, record_event

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        kind, day, detail = self.kind.currentData(), to_date(self.date), self.detail_text()
        note = self.note.text().strip() or None

        def run(job: Job) -> int:
            return record_event(db, study_id, parse_event(kind, day, detail), today, reason=note)

        return run


class PasswordDialog(ActionDialog):
    """An action dialog with a password field (`self.password`), emptied once used,
    whether the action was refused or done."""

    password: QLineEdit

    def refused(self, exc: BaseException) -> None:
        self.password.clear()
        self.password.setFocus()

    def _succeeded(self, result: Any) -> None:
        self.password.clear()
        super()._succeeded(result)


class DatedDialog(ActionDialog):
    """An action dialog about something on one day (`self.date`, from `add_date`), which
    may not be after today."""

    def add_date(self, accessible: str, caption: str) -> None:
        self.date = self.add_field(date_edit(self.desk.today), accessible, caption)
        self.date.dateChanged.connect(self.validate)

    def problems(self) -> list[str]:
        day = to_date(self.date)
        if day > self.desk.today:
            text = QCoreApplication.translate("DatedDialog", "The date {0} is in the future (today is {1}).")
            return [text.format(day, self.desk.today)]
        return []


class ContactDialog(DatedDialog):
    """One attempt to reach the subject; the result says whether lost to follow-up is now allowed."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(
            desk, self.tr("Record a contact attempt: {0}").format(study_id), self.tr("&Record attempt"), parent
        )
        from ltfu.services.browse import CHANNELS, CONTACT_OUTCOMES

        self.study_id = study_id
        self.add_date(self.tr("Date of the attempt"), self.tr("&Date:"))
        self.channel = self.add_choice(self.tr("Channel"), self.tr("&Channel:"), "channel", CHANNELS)
        self.outcome = self.add_choice(self.tr("Outcome"), self.tr("&Outcome:"), "outcome", CONTACT_OUTCOMES)
        self.outcome.setCurrentIndex(self.outcome.findData("no_answer"))
        self.note = self.add_line(self.tr("Note"), self.tr("&Note:"), self.tr("optional"))
        self.validate()

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.events import record_contact_attempt

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        day, channel, outcome = to_date(self.date), self.channel.currentData(), self.outcome.currentData()
        note = self.note.text().strip() or None
        return lambda job: record_contact_attempt(db, study_id, day, channel, outcome, today, note)


def _form_page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    return page, form
