"""A safety case in its own window, and the dialogs that work its steps and reports
(DOMAIN.md 7). Pages and the chart open a case through `open_case` / `open_alert`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.dialogs import ActionDialog, date_edit, to_date
from ltfu.ui.labels import date_text, label
from ltfu.ui.models import ClocksModel, SamplesModel, StepsModel, case_kind_text
from ltfu.ui.widgets import RecordWindow, TableView, fit_to_screen, hbox, named, stacked, tip_button, wrapped_label
from ltfu.ui.worker import Reload

if TYPE_CHECKING:
    from ltfu.services.alerts import SafetyAlert
    from ltfu.services.safety import CaseDetail, ClockView, StepView
    from ltfu.ui.worker import Job

PERMISSION = "safety"


def _heading(text: str) -> QLabel:
    heading = QLabel(f"<b>{text}</b>")
    heading.setTextFormat(Qt.TextFormat.RichText)
    return heading


def _notify(desk: Desk, study_id: str) -> None:
    desk.notify(Change.of("safety", subjects=(study_id,)))


# -- the action dialogs -------------------------------------------------------------------


def date_problems(day: dt.date, today: dt.date, aware: dt.date) -> list[str]:
    """Why a step, report or closing cannot be dated `day`: in the future, or before the site knew."""
    if day > today:
        return [
            QCoreApplication.translate("Safety", "The date {0} is in the future (today is {1}).").format(day, today)
        ]
    if day < aware:
        return [QCoreApplication.translate("Safety", "The date {0} is before the site knew ({1}).").format(day, aware)]
    return []


class StepDialog(ActionDialog):
    """Mark a step done (date, optional note; a test's outcome), not applicable (reason) or
    open again (reason)."""

    def __init__(self, desk: Desk, case: CaseDetail, step: StepView, state: str, parent: QWidget | None = None) -> None:
        from ltfu.services.safety import TEST_STEPS

        what = label("step", step.code)
        if state == "done":
            title, ok = self.tr("Step done: {0}").format(what), self.tr("Mark &done")
        elif state == "open":
            title, ok = self.tr("Reopen step: {0}").format(what), self.tr("&Reopen")
        else:
            title, ok = self.tr("Step not applicable: {0}").format(what), self.tr("Mark &not applicable")
        super().__init__(desk, title, ok, parent)
        self.case, self.step, self.state = case, step, state
        intro = QLabel(self.tr("Case {0} ({1}), {2}: {3}.").format(case.id, case_kind_text(case), case.study_id, what))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.date = date_edit(desk.today)
        self.date.setAccessibleName(self.tr("Date done"))
        self.outcome: QComboBox | None = None
        if state == "done":
            self.form.addRow(self.tr("&Done on:"), self.date)
            self.date.dateChanged.connect(self.validate)
            if step.code in TEST_STEPS:
                self.outcome = named(QComboBox(), self.tr("Outcome of the test"))
                self.outcome.addItem(self.tr("choose…"), None)
                for code in label_codes_outcome():
                    self.outcome.addItem(label("outcome_found", code), code)
                self.form.addRow(self.tr("&Outcome:"), self.outcome)
                self.outcome.currentIndexChanged.connect(self.validate)
        if state == "done":
            self.note = self.add_text(self.tr("Note"), self.tr("&Note:"))
            self.note.setPlaceholderText(self.tr("optional"))
        else:
            self.note = self.add_text(self.tr("Reason"), self.tr("&Reason:"))
        self.note.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        if self.state != "done":
            return []
        return date_problems(to_date(self.date), self.desk.today, self.case.awareness_date)

    def missing(self) -> list[str]:
        if self.state == "open" and not self.note.toPlainText().strip():
            return [self.tr("Give the reason for reopening it: it is kept in the history.")]
        if self.state != "done" and not self.note.toPlainText().strip():
            return [self.tr("Give the reason it is not applicable: it is kept in the history.")]
        if self.outcome is not None and self.outcome.currentData() is None:
            return [self.tr("Choose what the test found.")]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.safety import StepChange, set_step

        db, today, case_id, code = self.desk.db, self.desk.today, self.case.id, self.step.code
        note = self.note.toPlainText().strip() or None
        if self.state == "done":
            outcome = self.outcome.currentData() if self.outcome is not None else None
            change = StepChange(state="done", on=to_date(self.date), note=note, outcome=outcome)
        else:
            change = StepChange(state=self.state, note=note)
        return lambda job: set_step(db, case_id, code, change, today)


class StepPlanDialog(ActionDialog):
    """Give a step another owner (a role or a user name) or another due date."""

    def __init__(self, desk: Desk, case: CaseDetail, step: StepView, parent: QWidget | None = None) -> None:
        from ltfu.ui.labels import label_codes

        what = label("step", step.code)
        super().__init__(desk, self.tr("Owner and due date: {0}").format(what), self.tr("&Change"), parent)
        self.case, self.step = case, step
        intro = QLabel(self.tr("Case {0} ({1}), {2}: {3}.").format(case.id, case_kind_text(case), case.study_id, what))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.owner = QComboBox()
        self.owner.setEditable(True)
        self.owner.setAccessibleName(self.tr("Owner"))
        self.owner.setToolTip(self.tr("A role, or the user name of the person who does it"))
        for role in label_codes("role"):
            self.owner.addItem(label("role", role), role)
        found = self.owner.findData(step.owner)
        if found >= 0:
            self.owner.setCurrentIndex(found)
        else:
            self.owner.setEditText(step.owner)
        self.form.addRow(self.tr("&Owner:"), self.owner)
        self.due = QCheckBox(self.tr("&Due on:"))
        self.due.setChecked(step.due_date is not None)
        self.date = date_edit(step.due_date or desk.today)
        self.date.setAccessibleName(self.tr("Due date"))
        self.date.setEnabled(self.due.isChecked())
        self.due.toggled.connect(self.date.setEnabled)
        self.form.addRow(self.due, self.date)
        self.owner.currentTextChanged.connect(self.validate)
        for signal in (self.due.toggled, self.date.dateChanged):
            signal.connect(self.validate)
        self.validate()

    def chosen_owner(self) -> str:
        """The role's code when a role's name is shown, else the text typed (a user name)."""
        text = self.owner.currentText().strip()
        index = self.owner.findText(text)
        return str(self.owner.itemData(index)) if index >= 0 else text

    def chosen_due(self) -> dt.date | None:
        return to_date(self.date) if self.due.isChecked() else None

    def problems(self) -> list[str]:
        due = self.chosen_due()
        if due is not None and due < self.case.awareness_date:
            return [self.tr("The due date {0} is before the site knew ({1}).").format(due, self.case.awareness_date)]
        return []

    def missing(self) -> list[str]:
        if not self.chosen_owner():
            return [self.tr("Give the owner: a role or a user name.")]
        if self.chosen_owner() == self.step.owner and self.chosen_due() == self.step.due_date:
            return [self.tr("Change the owner or the due date.")]
        if self.chosen_due() is None and self.step.due_date is not None:
            return [self.tr("A due date stays once given: choose another date.")]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.safety import StepChange, set_step

        db, today, case_id, code = self.desk.db, self.desk.today, self.case.id, self.step.code
        owner, due = self.chosen_owner(), self.chosen_due()
        change = StepChange(
            owner=owner if owner != self.step.owner else None,
            due_date=due if due != self.step.due_date else None,
        )
        return lambda job: set_step(db, case_id, code, change, today)


def label_codes_outcome() -> tuple[str, ...]:
    from ltfu.ui.labels import label_codes

    return label_codes("outcome_found")


class ReportSentDialog(ActionDialog):
    """Stop a reporting clock: the date the report was sent, to whom, and its reference."""

    def __init__(self, desk: Desk, clock: ClockView, parent: QWidget | None = None) -> None:
        recipient = label("report_recipient", clock.recipient)
        super().__init__(desk, self.tr("Report sent: {0}").format(recipient), self.tr("&Record as sent"), parent)
        self.clock = clock
        intro = QLabel(
            self.tr("Report to the {0} about {1}: the site knew on {2}, due on {3}.").format(
                recipient, clock.study_id, date_text(clock.awareness_date), date_text(clock.due_date)
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.date = self.add_field(date_edit(desk.today), self.tr("Date sent"), self.tr("&Sent on:"))
        self.sent_to = self.add_line(
            self.tr("Sent to"), self.tr("Sent &to:"), self.tr("who received it, e.g. the sponsor's safety desk")
        )
        self.reference = self.add_line(
            self.tr("Reference"), self.tr("Re&ference:"), self.tr("the report's number or the message's reference")
        )
        for edit in (self.sent_to, self.reference):
            edit.textChanged.connect(self.validate)
        self.date.dateChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        return date_problems(to_date(self.date), self.desk.today, self.clock.awareness_date)

    def missing(self) -> list[str]:
        if not self.sent_to.text().strip():
            return [self.tr("Give who the report was sent to.")]
        if not self.reference.text().strip():
            return [self.tr("Give the report's reference.")]
        return []

    def hint_text(self) -> str:
        if to_date(self.date) > self.clock.due_date:
            return self.tr("Sent after its due date {0}: it will show as sent late.").format(
                date_text(self.clock.due_date)
            )
        return self.tr("Sent by its due date: it will show as sent on time.")

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.safety import record_report_sent

        db, today, report_id = self.desk.db, self.desk.today, self.clock.id
        day, sent_to, reference = to_date(self.date), self.sent_to.text().strip(), self.reference.text().strip()
        return lambda job: record_report_sent(db, report_id, day, sent_to, reference, today)


class CloseCaseDialog(ActionDialog):
    """Close a case on a date; the service refuses while a step is open, naming them."""

    def __init__(self, desk: Desk, case: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Close case {0}").format(case.id), self.tr("&Close case"), parent)
        self.case = case
        intro = QLabel(
            self.tr("Case {0} ({1}) of {2} is closed once no step is open.").format(
                case.id, case_kind_text(case), case.study_id
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.date = self.add_field(date_edit(desk.today), self.tr("Date closed"), self.tr("&Closed on:"))
        self.date.dateChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        return date_problems(to_date(self.date), self.desk.today, self.case.awareness_date)

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.safety import close_case

        db, today, case_id, day = self.desk.db, self.desk.today, self.case.id, to_date(self.date)
        return lambda job: close_case(db, case_id, day, today)


# -- one case -------------------------------------------------------------------------------


class CaseView(RecordWindow):
    """One safety case in a window of its own. `loaded` after every (re)load."""

    loaded = Signal()

    def __init__(self, desk: Desk, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.case_id = case_id
        self.case: CaseDetail | None = None
        self.reload = Reload(desk.runner, self._show, self._failed)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(self.tr("Safety case {0} — ltfu").format(case_id))
        self.setAccessibleName(self.tr("Safety case {0}").format(case_id))

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.facts = QLabel(self.tr("Loading…"))
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.facts.linkActivated.connect(self.desk.open_subject)

        self.steps_model = StepsModel(self)
        self.steps_table = TableView("case_steps", self.tr("Steps"), model=self.steps_model)
        self.steps_table.setToolTip(self.tr("Double-click or press Enter to mark the step done"))
        self.steps_table.activated_row.connect(lambda row: self.mark_step("done"))
        self.steps_table.selectionModel().selectionChanged.connect(self._enable)
        self.done_button = tip_button(
            self.tr("Mark &done…"), self.tr("The selected step was done: the date, and a note")
        )
        self.done_button.clicked.connect(lambda: self.mark_step("done"))
        self.na_button = tip_button(
            self.tr("Not &applicable…"), self.tr("The selected step does not apply to this case: the reason")
        )
        self.na_button.clicked.connect(lambda: self.mark_step("not_applicable"))
        self.reopen_button = tip_button(
            self.tr("R&eopen…"), self.tr("The selected step, done or not applicable, is open again: the reason")
        )
        self.reopen_button.clicked.connect(lambda: self.mark_step("open"))
        self.plan_button = tip_button(
            self.tr("Owner, d&ue date…"), self.tr("Give the selected open step another owner or due date")
        )
        self.plan_button.clicked.connect(lambda: self.plan_step())

        self.clocks_model = ClocksModel(self)
        self.clocks_table = TableView("case_clocks", self.tr("Reporting clocks"), model=self.clocks_model)
        self.clocks_table.setToolTip(self.tr("Double-click or press Enter to record the report as sent"))
        self.clocks_table.activated_row.connect(lambda row: self.report_sent(row))
        self.clocks_table.selectionModel().selectionChanged.connect(self._enable)
        self.sent_button = tip_button(
            self.tr("Record report &sent…"), self.tr("The selected report was sent: date, recipient and reference")
        )
        self.sent_button.clicked.connect(lambda: self.report_sent())
        self.close_case_button = tip_button(
            self.tr("C&lose case…"), self.tr("Close the case: only when no step is open")
        )
        self.close_case_button.clicked.connect(lambda: self.close_case())
        self.message = wrapped_label(self.tr("Last action"))

        step_buttons = (self.done_button, self.na_button, self.plan_button, self.reopen_button)
        steps_box = stacked(
            hbox(_heading(self.tr("Steps")), *step_buttons, stretch_at=1), (self.steps_table, 1), margins=False
        )
        clocks_box = stacked(
            hbox(_heading(self.tr("Reporting clocks")), self.sent_button, stretch_at=1),
            (self.clocks_table, 1),
            margins=False,
        )
        # The subject's stored samples the case retrieves (DOMAIN.md 7: most recent first).
        self.samples_model = SamplesModel(self)
        self.samples_table = TableView("case_samples", self.tr("Stored samples to retrieve"), model=self.samples_model)
        samples_box = stacked(_heading(self.tr("Stored samples to retrieve")), (self.samples_table, 1), margins=False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(steps_box)
        split.addWidget(clocks_box)
        split.addWidget(samples_box)
        split.setSizes([280, 150, 130])

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(split, 1)
        bottom = hbox(self.message, self.close_case_button)
        bottom.setStretch(0, 1)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        may = desk.may(PERMISSION)
        for button in self.action_buttons():
            button.setVisible(may)
        self._enable()
        fit_to_screen(self, 1000, 640)
        desk.changed.connect(self._changed)

    # -- loading ------------------------------------------------------------------------

    def refresh(self) -> None:
        if self.desk.db is None:
            return
        from ltfu.services.safety import case_detail

        db, case_id, today = self.desk.db, self.case_id, self.desk.today
        self.reload.start(lambda job: case_detail(db, case_id, today))

    def _failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        self.facts.setText(self.tr("The case could not be read."))
        report_error(self, exc)

    def _show(self, case: CaseDetail) -> None:
        self.case = case
        state = label("case_state", case.state)
        if case.closed_on:
            state += " " + date_text(case.closed_on)
        self.title.setText(
            "<h2>" + self.tr("Safety case {0}: {1} — {2}").format(case.id, _html(case_kind_text(case)), state) + "</h2>"
        )
        facts = [
            self.tr("Subject {0} (site {1})").format(f'<a href="{case.study_id}">{case.study_id}</a>', case.site),
            self.tr("site aware on {0}").format(date_text(case.awareness_date)),
        ]
        if case.term:
            facts.append(self.tr("adverse event: {0}").format(_html(case.term)))
        opened = len(case.open_steps)
        facts.append(self.tr("{0} step(s) open").format(opened) if opened else self.tr("no step open"))
        self.facts.setText("  ·  ".join(facts))
        self.steps_model.set_rows(case.steps)
        self.clocks_model.set_rows(case.clocks)
        self.samples_model.set_rows(case.samples)
        for table in (self.steps_table, self.clocks_table, self.samples_table):
            table.fit_columns()
        self._enable()
        layout = self.layout()
        if layout is not None:  # lay the new title out now, not on the next event
            layout.activate()
        self.loaded.emit()

    def action_buttons(self) -> tuple[QPushButton, ...]:
        """What only those who may work a case see."""
        return (
            self.done_button,
            self.na_button,
            self.plan_button,
            self.reopen_button,
            self.sent_button,
            self.close_case_button,
        )

    def _changed(self, change: Change) -> None:
        if self.case is not None and change.touches(CLINICAL) and change.concerns(self.case.study_id):
            self.refresh()

    # -- actions ------------------------------------------------------------------------

    def selected_step(self) -> StepView | None:
        row = self.steps_table.current_source_row()
        return self.steps_model.row(row) if row is not None else None

    def selected_clock(self) -> ClockView | None:
        row = self.clocks_table.current_source_row()
        return self.clocks_model.row(row) if row is not None else None

    def select_step(self, code: str) -> None:
        for row, step in enumerate(self.steps_model.rows):
            if step.code == code:
                self.steps_table.selectRow(row)
                return

    def select_clock(self, recipient: str) -> None:
        for row, clock in enumerate(self.clocks_model.rows):
            if clock.recipient == recipient:
                self.clocks_table.selectRow(row)
                return

    def _unsent_report(self, step: StepView) -> ClockView | None:
        if self.case is None or step.report_id is None:
            return None
        return next((k for k in self.case.clocks if k.id == step.report_id and k.sent_on is None), None)

    def _enable(self) -> None:
        open_case = self.case is not None and self.case.state == "open"
        step = self.selected_step()
        workable = open_case and step is not None and step.state == "open"
        by_report = step is not None and self._unsent_report(step) is not None
        self.done_button.setEnabled(workable and not by_report)
        self.na_button.setEnabled(workable and not by_report)
        self.plan_button.setEnabled(workable)
        self.reopen_button.setEnabled(open_case and step is not None and step.state != "open")
        tip = self.tr("This step is done by recording its report as sent (below).") if by_report else ""
        self.done_button.setToolTip(tip or self.tr("The selected step was done: the date, and a note"))
        clock = self.selected_clock()
        self.sent_button.setEnabled(clock is not None and clock.sent_on is None)
        self.close_case_button.setEnabled(open_case)

    def _open_action(self, dialog: ActionDialog, done_text: Callable[[object], str]) -> ActionDialog:
        study_id = self.case.study_id if self.case is not None else ""

        def done(result: object) -> None:
            self.message.setText(done_text(result))
            _notify(self.desk, study_id)

        dialog.done.connect(done)
        return self._open(dialog)

    def mark_step(self, state: str) -> ActionDialog | None:
        step = self.selected_step()
        if self.case is None or step is None or not self.desk.may(PERMISSION):
            return None
        clock = self._unsent_report(step)
        if clock is not None and state == "done":
            return self._report_dialog(clock)
        what = label("step", step.code)
        if state == "open" and step.state == "open":
            return None
        if state == "done":
            text = self.tr("Step done: {0}.").format(what)
        elif state == "open":
            text = self.tr("Step reopened: {0}.").format(what)
        else:
            text = self.tr("Step not applicable: {0}.").format(what)
        return self._open_action(StepDialog(self.desk, self.case, step, state, self), lambda _r: text)

    def plan_step(self) -> ActionDialog | None:
        """Another owner or due date for the selected open step."""
        step = self.selected_step()
        if self.case is None or step is None or step.state != "open" or not self.desk.may(PERMISSION):
            return None
        text = self.tr("Step {0}: owner or due date changed.").format(label("step", step.code))
        return self._open_action(StepPlanDialog(self.desk, self.case, step, self), lambda _r: text)

    def report_sent(self, row: int | None = None) -> ActionDialog | None:
        clock = self.clocks_model.row(row) if row is not None else self.selected_clock()
        if clock is None or clock.sent_on is not None or not self.desk.may(PERMISSION):
            return None
        return self._report_dialog(clock)

    def _report_dialog(self, clock: ClockView) -> ActionDialog:
        dialog = self.dialog = report_sent_dialog(self.desk, clock, self, self.message.setText)
        self.dialog_opened.emit(dialog)
        return dialog

    def close_case(self) -> ActionDialog | None:
        if self.case is None or not self.desk.may(PERMISSION):
            return None
        case_id = self.case.id
        return self._open_action(
            CloseCaseDialog(self.desk, self.case, self), lambda _r: self.tr("Case {0} closed.").format(case_id)
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        from ltfu.ui.widgets import save_table_layouts

        if not self.desk.layouts_forgotten:
            save_table_layouts(self)
        super().closeEvent(event)


def sent_text(clock: ClockView) -> str:
    return QCoreApplication.translate("Safety", "Report to the {0} recorded as sent on {1}: {2}.").format(
        label("report_recipient", clock.recipient), date_text(clock.sent_on), label("clock_state", clock.state)
    )


def open_case(desk: Desk, case_id: int, parent: QWidget | None = None) -> CaseView:
    """Show case `case_id` in a window of its own (read in the background)."""
    view = CaseView(desk, case_id, parent)
    view.show()
    view.refresh()
    return view


# -- the Safety page ---------------------------------------------------------------------------


def report_sent_dialog(
    desk: Desk, clock: ClockView, parent: QWidget, say: Callable[[str], object] | None = None
) -> ReportSentDialog:
    """The "report sent" dialog for a clock, opened; on success the desk is told."""
    dialog = ReportSentDialog(desk, clock, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(result: ClockView) -> None:
        if say is not None:
            say(sent_text(result))
        _notify(desk, clock.study_id)

    dialog.done.connect(done)
    dialog.open()
    return dialog


# -- from an alert --------------------------------------------------------------------------


def open_alert(desk: Desk, alert: SafetyAlert, parent: QWidget, on_opened: Callable[[QWidget], object]) -> None:
    """Open what a safety alert is about: the case of a malignancy, of an RCL positive
    or of a report due (a report without a case: its "report sent" dialog); the chart
    when there is no case. `on_opened(widget)` with what was opened."""
    from ltfu.services import safety

    db, today = desk.db, desk.today

    def find(job: Job) -> tuple[str, object]:
        if alert.kind == "malignancy" and alert.ref is not None:
            return "case", alert.ref
        if alert.kind == "report_due":
            clock = next((k for k in safety.reports_log(db, today) if k.id == alert.ref), None)
            if clock is not None and clock.case_id is not None:
                return "case", clock.case_id
            return ("report", clock) if clock is not None else ("subject", alert.study_id)
        cases = [c for c in safety.subject_cases(db, alert.study_id, today) if c.kind == alert.kind]
        open_first = sorted(cases, key=lambda c: (c.state != "open", -c.id))
        return ("case", open_first[0].id) if open_first else ("subject", alert.study_id)

    def show(found: tuple[str, object]) -> None:
        what, value = found
        if what == "case":
            on_opened(open_case(desk, value, parent))  # type: ignore[arg-type]  # a case id
        elif what == "report" and desk.may(PERMISSION):
            on_opened(report_sent_dialog(desk, value, parent))  # type: ignore[arg-type]  # a clock
        else:
            on_opened(desk.open_subject(alert.study_id))

    def failed(exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(parent, exc)

    desk.runner.read(find, on_done=show, on_error=failed)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
