"""The worklist: the nurse's first screen (overdue, due, upcoming; safety alerts on top).

A phone or questionnaire visit's line takes the answers of its returned questionnaire
(button, or the line's context menu) in the chart's dialog (`screening.QuestionnaireDialog`);
a yes of special interest then opens the chart's adverse-event entry."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.labels import assessments_text
from ltfu.ui.models import STUDY_COLUMN, WorklistModel
from ltfu.ui.queries_view import QueriesTable
from ltfu.ui.widgets import AlertsPanel, TableView, hbox, refill_choices, tip_button, wrapped_label
from ltfu.ui.worker import Reload
from ltfu.vocabulary import ASSESSMENTS

if TYPE_CHECKING:
    from ltfu.services.alerts import SafetyAlert
    from ltfu.services.screens import NewScreen
    from ltfu.services.visits import SubjectScheduleView
    from ltfu.services.worklist import Worklist, WorklistRow
    from ltfu.ui.models import Prepared
    from ltfu.ui.worker import Job, Task

DAY_CHOICES = (0, 7, 14, 30)
ALL = None
# The visits whose line takes a returned questionnaire's answers.
QUESTIONNAIRE_MODES = ("phone", "questionnaire")


class WorklistPage(QWidget):
    """Open visits from the `worklist` service; double click or Enter opens the chart."""

    loaded = Signal()
    opened = Signal(object)  # what an alert opened: a case's window, a dialog or a chart

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.worklist: Worklist | None = None
        self.reload = Reload(desk.runner, self._show, self._failed)

        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.days = QComboBox()
        for days in DAY_CHOICES:
            self.days.addItem(self.tr("Today only") if days == 0 else self.tr("Next {0} days").format(days), days)
        self.days.setCurrentIndex(DAY_CHOICES.index(7))
        self.days.setToolTip(self.tr("How far ahead to look for visits whose window opens"))
        days_label = QLabel(self.tr("&Show:"))
        days_label.setBuddy(self.days)
        self.site = QComboBox()
        self.site.addItem(self.tr("All sites"), ALL)
        self.site.setToolTip(self.tr("Only this site's subjects"))
        site_label = QLabel(self.tr("S&ite:"))
        site_label.setBuddy(self.site)
        self.study = QComboBox()
        self.study.addItem(self.tr("All studies"), ALL)
        self.study.setToolTip(self.tr("Only this study's subjects"))
        self.study_label = QLabel(self.tr("St&udy:"))
        self.study_label.setBuddy(self.study)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip(self.tr("Read the worklist again (F5)"))
        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Worklist counts"))

        self.alerts = AlertsPanel()
        self.alerts.open_subject.connect(self.desk.open_subject)
        self.alerts.open_case.connect(self.open_alert)
        self.model = WorklistModel(self)
        self.table = TableView("worklist", self.tr("Worklist"), model=self.model)
        self.table.sort_from_first_column()
        self.table.setToolTip(self.tr("Double-click or press Enter to open the subject's chart"))
        self.table.activated_row.connect(self._open_row)
        self.dialog: QDialog | None = None
        self.questionnaire_button = tip_button(
            self.tr("&Questionnaire answers…"),
            self.tr("Enter the answers of the selected phone or questionnaire visit's returned questionnaire"),
        )
        self.questionnaire_button.clicked.connect(lambda: self.enter_questionnaire())
        self.questionnaire_action = QAction(self.tr("Enter questionnaire answers…"), self.table)
        self.questionnaire_action.triggered.connect(lambda: self.enter_questionnaire())
        self.table.addAction(self.questionnaire_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.selectionModel().selectionChanged.connect(self._enable)
        self.legend = wrapped_label(self.tr("To-do codes"))
        self.queries_title = QLabel()
        self.queries = QueriesTable(desk, "worklist_queries")
        self.queries.open_subject.connect(self.open_query)
        self.queries.acted.connect(lambda _text: self.desk.notify(Change.of("subjects", "visits", "results", "events")))
        # The queries above the visits, in a splitter the nurse can drag: the visits keep
        # three quarters of the height however many queries wait (an old cohort's edit
        # checks may raise dozens).
        self.queries_box = queries_box = QWidget()
        box = QVBoxLayout(queries_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.queries_title)
        box.addWidget(self.queries, 1)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(queries_box)
        self.split.addWidget(self.table)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 3)
        self.empty = QLabel(self.tr("Nothing due, overdue or coming up in this period."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(
            hbox(
                days_label,
                self.days,
                site_label,
                self.site,
                self.study_label,
                self.study,
                self.refresh_button,
                self.counts,
                self.questionnaire_button,
                stretch_at=7,
            )
        )
        layout.addWidget(self.alerts)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.empty)

        self.days.currentIndexChanged.connect(self.refresh)
        self.site.currentIndexChanged.connect(self.refresh)
        self.study.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        desk.changed.connect(self._changed)
        desk.studies_changed.connect(self._show_studies)
        self._show_heading()
        self._show_studies()

    def _show_heading(self) -> None:
        self.heading.setText("<h2>" + self.tr("Worklist for {0}").format(self.desk.today.isoformat()) + "</h2>")

    def set_sites(self, sites: tuple[str, ...]) -> None:
        refill_choices(self.site, sites)

    def _show_studies(self) -> None:
        """A study filter and column from two studies on: one study's worklist looks as it always did."""
        refill_choices(self.study, self.desk.studies)
        several = self.desk.several_studies
        self.study_label.setVisible(several)
        self.study.setVisible(several)
        self.table.setColumnHidden(self.model.columnCount() + STUDY_COLUMN, not several)

    def _changed(self, change: Change) -> None:
        if change.touches(CLINICAL):
            self.refresh()

    def refresh(self) -> None:
        """Read the worklist again in the background (a refresh asked while one runs waits for it)."""
        if self.desk.db is None:
            return
        from ltfu.services.queries import refresh_edit_checks
        from ltfu.services.worklist import worklist

        db, today, days, site = self.desk.db, self.desk.today, self.days.currentData(), self.site.currentData()
        study = self.study.currentData()
        model = self.model

        def work(job: Job) -> tuple[Worklist, Prepared[WorklistRow]]:
            # The edit checks' queries kept in step: a read, and a write only when one changed.
            refresh_edit_checks(db, today)
            result = worklist(db, today, days, site, study=study)
            return result, model.prepare(result.rows)

        self.reload.start(work)

    def forget(self) -> None:
        """Drop what the page shows and the read in flight (signing out)."""
        self.reload.forget()
        self.worklist = None
        self.model.set_rows(())
        self.alerts.set_alerts(())
        self.queries.set_rows(())
        for widget in (self.queries_title, self.queries, self.queries_box):
            widget.setVisible(False)
        self.counts.setText("")

    def _failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _show(self, loaded: tuple[Worklist, Prepared[WorklistRow]]) -> None:
        result, prepared = loaded
        self.worklist = result
        self.model.set_prepared(prepared)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() > 0 or header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.alerts.set_alerts(result.alerts)
        self.queries.set_rows(result.queries)
        if result.queries_waiting > len(result.queries):
            title = self.tr(
                "<b>Queries waiting for you: {0}</b>, the oldest {1} shown (each chart's Queries tab has all of "
                "its own; double-click opens the chart)"
            ).format(result.queries_waiting, len(result.queries))
        else:
            title = self.tr("<b>Queries waiting for you: {0}</b> (double-click opens the chart)").format(
                len(result.queries)
            )
        self.queries_title.setText(title)
        for widget in (self.queries_title, self.queries, self.queries_box):
            widget.setVisible(bool(result.queries))
        # Tab goes from the filters through the alerts to the table, as they are shown.
        chain = [self.refresh_button, *self.alerts.labels, self.alerts.more, self.alerts.table, self.table]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        overdue, due, upcoming = (len(result.by_status(s)) for s in ("overdue", "due", "upcoming"))
        self.counts.setText(self.tr("{0} overdue · {1} due · {2} upcoming").format(overdue, due, upcoming))
        self.empty.setVisible(not result.rows)
        shown = {code for r in result.rows for code in r.assessments}
        self.legend.setText(
            self.tr("To do: {0}").format(assessments_text((c for c in ASSESSMENTS if c in shown), " · "))
        )
        self.legend.setVisible(bool(shown))
        self.table.fit_columns_once()
        self._enable()
        self.loaded.emit()

    def open_alert(self, alert: SafetyAlert) -> None:
        """Open the case a safety alert is about (its report, or the chart, without one)."""
        from ltfu.ui.cases import open_alert

        open_alert(self.desk, alert, self, self.opened.emit)

    def open_query(self, study_id: str) -> None:
        """Open the chart of a query's subject on its Queries tab."""
        chart = self.desk.open_subject(study_id)
        if chart is not None and hasattr(chart, "queries"):
            chart.tabs.setCurrentWidget(chart.queries)

    def _open_row(self, row: int) -> None:
        self.desk.open_subject(self.model.row(row).study_id)

    # -- a returned questionnaire -----------------------------------------------------------

    def selected_row(self) -> WorklistRow | None:
        row = self.table.current_source_row()
        return self.model.row(row) if row is not None else None

    def _enable(self) -> None:
        row = self.selected_row()
        may = self.desk.may("record")
        self.questionnaire_button.setVisible(may)
        ok = may and row is not None and row.mode in QUESTIONNAIRE_MODES
        self.questionnaire_button.setEnabled(ok)
        self.questionnaire_action.setEnabled(ok)

    def enter_questionnaire(self) -> Task | None:
        """Read the selected visit's plan, then ask for its questionnaire's answers (`opened` with the dialog)."""
        row = self.selected_row()
        if self.desk.db is None or row is None or row.mode not in QUESTIONNAIRE_MODES or not self.desk.may("record"):
            return None
        from ltfu.services.visits import subject_schedule

        db, today, study_id, code = self.desk.db, self.desk.today, row.study_id, row.code
        return self.desk.runner.read(
            lambda job: subject_schedule(db, study_id, today),
            on_done=lambda view: self._questionnaire(view, code),
            on_error=self._failed,
        )

    def _questionnaire(self, view: SubjectScheduleView, code: str) -> None:
        from ltfu.ui.screening import QuestionnaireDialog

        dialog = QuestionnaireDialog(self.desk, view, code, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done.connect(lambda _result: self._answered(view.study_id, dialog.sent_screen, dialog.contact_date()))
        self.dialog = dialog
        dialog.open()
        self.opened.emit(dialog)

    def _answered(self, study_id: str, screen: NewScreen | None, contact_date: dt.date) -> None:
        """The visit is done: everyone reads again; a yes of special interest opens the
        chart's adverse-event entry (once the chart has read the new screen)."""
        from ltfu.ui.screening import categories_to_report

        self.desk.notify(Change.of("visits", subjects=(study_id,)))
        categories = list(categories_to_report(screen)) if screen is not None else []
        if not categories:
            return
        chart = self.desk.open_subject(study_id)

        def ask() -> None:
            chart.loaded.disconnect(ask)
            chart.ask_adverse_events(categories, contact_date)

        chart.loaded.connect(ask)
        self.opened.emit(chart)
