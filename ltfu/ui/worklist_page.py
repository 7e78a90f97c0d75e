"""The worklist: the nurse's first screen (overdue, due, upcoming; safety alerts on top)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.labels import assessments_text
from ltfu.ui.models import WorklistModel
from ltfu.ui.widgets import AlertsPanel, TableView, hbox
from ltfu.ui.worker import Reload
from ltfu.vocabulary import ASSESSMENTS

if TYPE_CHECKING:
    from ltfu.services.alerts import SafetyAlert
    from ltfu.services.worklist import Worklist, WorklistRow
    from ltfu.ui.models import Prepared
    from ltfu.ui.worker import Job

DAY_CHOICES = (0, 7, 14, 30)
ALL = None


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
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_button.setToolTip(self.tr("Read the worklist again (F5)"))
        self.counts = QLabel()
        self.counts.setAccessibleName(self.tr("Worklist counts"))

        self.alerts = AlertsPanel()
        self.alerts.open_subject.connect(self.desk.open_subject)
        self.alerts.open_case.connect(self.open_alert)
        self.model = WorklistModel(self)
        self.table = TableView("worklist", self.tr("Worklist"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setToolTip(self.tr("Double-click or press Enter to open the subject's chart"))
        self.table.activated_row.connect(self._open_row)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName(self.tr("To-do codes"))
        self.empty = QLabel(self.tr("Nothing due, overdue or coming up in this period."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(
            hbox(days_label, self.days, site_label, self.site, self.refresh_button, self.counts, stretch_at=5)
        )
        layout.addWidget(self.alerts)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addWidget(self.empty)

        self.days.currentIndexChanged.connect(self.refresh)
        self.site.currentIndexChanged.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        desk.changed.connect(self._changed)
        self._show_heading()

    def _show_heading(self) -> None:
        self.heading.setText("<h2>" + self.tr("Worklist for {0}").format(self.desk.today.isoformat()) + "</h2>")

    def set_sites(self, sites: tuple[str, ...]) -> None:
        current = self.site.currentData()
        self.site.blockSignals(True)
        while self.site.count() > 1:
            self.site.removeItem(1)
        for code in sites:
            self.site.addItem(code, code)
        index = self.site.findData(current)
        self.site.setCurrentIndex(max(index, 0))
        self.site.blockSignals(False)

    def _changed(self, change: Change) -> None:
        if change.touches(CLINICAL):
            self.refresh()

    def refresh(self) -> None:
        """Read the worklist again in the background (a refresh asked while one runs waits for it)."""
        if self.desk.db is None:
            return
        from ltfu.services.worklist import worklist

        db, today, days, site = self.desk.db, self.desk.today, self.days.currentData(), self.site.currentData()
        model = self.model

        def work(job: Job) -> tuple[Worklist, Prepared[WorklistRow]]:
            result = worklist(db, today, days, site)
            return result, model.prepare(result.rows)

        self.reload.start(work)

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
        self.loaded.emit()

    def open_alert(self, alert: SafetyAlert) -> None:
        """Open the case a safety alert is about (its report, or the chart, without one)."""
        from ltfu.ui.safety_page import open_alert

        open_alert(self.desk, alert, self, self.opened.emit)

    def _open_row(self, row: int) -> None:
        self.desk.open_subject(self.model.row(row).study_id)
