"""The Safety page (DOMAIN.md 7, `services/safety.py`): the open cases, and the
safety-reports log: every report with its due date, sent date and state (on time,
late, overdue), filterable to the open ones. A case opens in its own window
(`ltfu.ui.cases`).

Who may act is `users.PERMISSIONS` ("safety"); others see the cases and the log but
not the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.dialogs import ActionDialog
from ltfu.ui.models import CasesModel, ClocksModel
from ltfu.ui.widgets import TableView, hbox, tip_button
from ltfu.ui.worker import Reload

if TYPE_CHECKING:
    from ltfu.services.safety import CaseDetail, ClockView
    from ltfu.ui.worker import Job

from ltfu.ui.cases import PERMISSION, CaseView, _heading, open_case, report_sent_dialog

# The report log's filter: which reports to list.
ALL, OPEN, LATE = "all", "open", "late"
# Late stays late: overdue, or sent after its due date.
LATE_STATES = ("overdue", "sent_late")

class SafetyPage(QWidget):
    """Open safety cases and the safety-reports log. `loaded` after every (re)load."""

    loaded = Signal()
    case_opened = Signal(object)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.reload = Reload(desk.runner, self._show, self._failed)
        self.reports: tuple[ClockView, ...] = ()
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)

        self.cases_model = CasesModel(self)
        self.cases_table = TableView("safety_cases", self.tr("Open safety cases"), model=self.cases_model)
        self.cases_table.setSortingEnabled(True)
        self.cases_table.setToolTip(self.tr("Double-click or press Enter to open the case"))
        self.cases_table.activated_row.connect(lambda row: self.open_case(self.cases_model.row(row).id))
        self.no_cases = QLabel(self.tr("No safety case is open."))

        self.show_which = QComboBox()
        self.show_which.addItem(self.tr("Every report"), ALL)
        self.show_which.addItem(self.tr("Open reports (not sent yet)"), OPEN)
        self.show_which.addItem(self.tr("Late reports (overdue or sent late)"), LATE)
        self.show_which.setAccessibleName(self.tr("Which reports"))
        which_label = QLabel(self.tr("&Show:"))
        which_label.setBuddy(self.show_which)
        self.reports_model = ClocksModel(self)
        self.reports_table = TableView("safety_reports", self.tr("Safety-reports log"), model=self.reports_model)
        self.reports_table.setSortingEnabled(True)
        self.reports_table.setToolTip(self.tr("Double-click or press Enter to open the report's case"))
        self.reports_table.activated_row.connect(self._report_activated)
        self.reports_table.selectionModel().selectionChanged.connect(self._enable)
        self.sent_button = tip_button(self.tr("Record report &sent…"), self.tr("The selected report was sent: date, recipient and reference"))
        self.sent_button.clicked.connect(lambda: self.report_sent())
        self.sent_button.setVisible(desk.may(PERMISSION))
        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Report counts"))
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.dialog: ActionDialog | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(hbox(_heading(self.tr("Open safety cases")), self.refresh_button, stretch_at=1))
        layout.addWidget(self.cases_table, 1)
        layout.addWidget(self.no_cases)
        layout.addLayout(
            hbox(
                _heading(self.tr("Safety-reports log")),
                which_label,
                self.show_which,
                self.counts,
                self.sent_button,
                stretch_at=4,
            )
        )
        layout.addWidget(self.reports_table, 2)
        self.show_which.currentIndexChanged.connect(self._show_reports)
        desk.changed.connect(self._changed)
        self._enable()

    def _changed(self, change: Change) -> None:
        if change.touches(CLINICAL):
            self.refresh()

    def shown(self) -> None:
        """The page came forward: read it when it never was."""
        if not self.cases_model.rows and not self.reports and not self.reload.pending:
            self.refresh()

    def refresh(self) -> None:
        if self.desk.db is None:
            return
        from ltfu.services.safety import open_cases, reports_log

        db, today = self.desk.db, self.desk.today

        def work(job: Job) -> tuple[tuple[CaseDetail, ...], tuple[ClockView, ...]]:
            return open_cases(db, today), reports_log(db, today)

        self.reload.start(work)

    def _failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _show(self, loaded: tuple[tuple[CaseDetail, ...], tuple[ClockView, ...]]) -> None:
        cases, self.reports = loaded
        self.sent_button.setVisible(self.desk.may(PERMISSION))
        self.heading.setText("<h2>" + self.tr("Safety on {0}").format(self.desk.today.isoformat()) + "</h2>")
        self.cases_model.set_rows(cases)
        self.cases_table.fit_columns_once()
        self.no_cases.setVisible(not cases)
        self._show_reports()
        self.loaded.emit()

    def forget(self) -> None:
        """Drop what the page shows and the read in flight (signing out)."""
        self.reload.forget()
        self.reports = ()
        self.cases_model.set_rows(())
        self.reports_model.set_rows(())
        self.counts.setText("")

    def _show_reports(self) -> None:
        which = self.show_which.currentData()
        if which == OPEN:
            rows = [r for r in self.reports if r.sent_on is None]
        elif which == LATE:
            rows = [r for r in self.reports if r.state in LATE_STATES]
        else:
            rows = list(self.reports)
        self.reports_model.set_rows(rows)
        if rows:
            self.reports_table.fit_columns()
        late = sum(1 for r in self.reports if r.state in LATE_STATES)
        unsent = sum(1 for r in self.reports if r.sent_on is None)
        self.counts.setText(self.tr("{0} reports · {1} not sent · {2} late").format(len(self.reports), unsent, late))
        self._enable()

    def _enable(self) -> None:
        row = self.reports_table.current_source_row()
        clock = self.reports_model.row(row) if row is not None else None
        self.sent_button.setEnabled(clock is not None and clock.sent_on is None)

    def open_case(self, case_id: int) -> CaseView:
        view = open_case(self.desk, case_id, self)
        self.case_opened.emit(view)
        return view

    def _report_activated(self, row: int) -> None:
        clock = self.reports_model.row(row)
        if clock.case_id is not None:
            self.open_case(clock.case_id)
        else:
            self.report_sent(row)

    def report_sent(self, row: int | None = None) -> ActionDialog | None:
        if row is None:
            row = self.reports_table.current_source_row()
        if row is None or not self.desk.may(PERMISSION):
            return None
        clock = self.reports_model.row(row)
        if clock.sent_on is not None:
            return None
        self.dialog = report_sent_dialog(self.desk, clock, self, self.counts.setText)
        return self.dialog


