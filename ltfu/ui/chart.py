"""A subject's chart: header with status badges, the visit timeline, tabs, and actions.

One window per subject, opened from the worklist, the subject list or an alert. Every
action is a dialog (see `dialogs`) running one service call; afterwards the chart
sends the desk a `Change` naming what it wrote, for this subject, and every page
(and this chart) that shows it reads again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ltfu.ui import look, messages
from ltfu.ui.course_tab import CourseData, CourseTab, load_course
from ltfu.ui.desk import CLINICAL, Change, Desk
from ltfu.ui.dialogs import (
    ActionDialog,
    ContactDialog,
    EventDialog,
    ReasonDialog,
    RecordVisitDialog,
    TransferDialog,
)
from ltfu.ui.labels import assessments_text, label, message_text, window_text
from ltfu.ui.models import (
    AdverseEventsModel,
    CasesModel,
    ContactsModel,
    EventsModel,
    HistoryModel,
    RowsModel,
    SamplesModel,
    ScreensModel,
    VerifiedRowsModel,
    VisitsModel,
    case_kind_text,
)
from ltfu.ui.pdf_preview import PdfPreview, show_pdf
from ltfu.ui.queries_view import QueriesTable, RaiseQueryDialog, marks
from ltfu.ui.results_view import ResultsView
from ltfu.ui.timeline import Timeline
from ltfu.ui.widgets import RecordWindow, TableView, fit_to_screen, keep_on_screen, tip_button, wrapped_label

if TYPE_CHECKING:
    from ltfu.services.browse import SubjectHeader, SubjectRecord
    from ltfu.services.database import Database
    from ltfu.services.events import ContactAttemptRow, LostToFollowUpCheck
    from ltfu.services.queries import QueryRow
    from ltfu.services.review import Mark
    from ltfu.services.safety import CaseDetail
    from ltfu.services.samples import SampleRow
    from ltfu.services.screens import NewScreen, ScreenRow
    from ltfu.services.visits import RecordedVisit, SubjectScheduleView, VisitRow
    from ltfu.ui.worker import Job, Task

OPEN_STATUSES = ("due", "overdue", "upcoming")
# Declaring or reversing lost to follow-up: the status, the later visits, and the event itself.
LOST_CHANGES = ("subjects", "visits", "events")


@dataclass(frozen=True)
class ChartData:
    view: SubjectScheduleView
    record: SubjectRecord
    contacts: tuple[ContactAttemptRow, ...]
    lost_check: LostToFollowUpCheck
    samples: tuple[SampleRow, ...]
    cases: tuple[CaseDetail, ...]
    screens: tuple[ScreenRow, ...] = ()
    queries: tuple[QueryRow, ...] = ()
    marks: tuple[Mark, ...] = ()  # the subject's records verified against the source
    course: CourseData | None = None
    sites: tuple[str, ...] = ()
    # The day the subject left the user's site: the chart is then read-only.
    left_on: dt.date | None = None


def load_chart(db: Database, study_id: str, today: dt.date) -> ChartData:
    from ltfu.services import browse, events, queries, review, safety, samples, screens, transfers, visits

    record = browse.subject_record(db, study_id)
    return ChartData(
        visits.subject_schedule(db, study_id, today),
        record,
        events.contact_attempts(db, study_id),
        events.lost_to_follow_up_check(db, study_id, today),
        samples.list_samples(db, study_id),
        safety.subject_cases(db, study_id, today),
        screens.subject_screens(db, study_id),
        queries.list_queries(db, study_id),
        review.subject_marks(db, study_id),
        load_course(db, study_id, record.header.birth_year),
        browse.sites(db),
        transfers.left_on(db, study_id),
    )


class SubjectChart(RecordWindow):
    """The chart window of one subject. `loaded` after every (re)load; `closed` when closed."""

    loaded = Signal()
    closed = Signal()

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, parent)
        self.study_id = study_id
        self.data: ChartData | None = None
        self._pending = False
        self._again = False
        self.setWindowTitle(self.tr("{0} — ltfu").format(study_id))
        self.setAccessibleName(self.tr("Chart of {0}").format(study_id))

        # Header: who, facts, badges, the next visit and what it needs.
        self.title = QLabel(f"<h2>{study_id}</h2>")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = QLabel(self.tr("Loading…"))
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_badge = look.Badge()
        self.rcl_badge = look.Badge()
        self.case_badge = look.Badge()
        self.overdue_badge = look.Badge()
        self.next_badge = look.Badge()
        self.next_visit = wrapped_label()
        self.next_visit.setTextFormat(Qt.TextFormat.RichText)
        self.next_visit.setAccessibleName(self.tr("Next visit"))
        badges = QHBoxLayout()
        for badge in (self.status_badge, self.rcl_badge, self.case_badge, self.overdue_badge, self.next_badge):
            badges.addWidget(badge)
        badges.addStretch(1)

        self.timeline = Timeline()
        self.timeline.visit_clicked.connect(self.select_visit)

        # Actions.
        self.record_visit_button = self._button(
            self.tr("Record &visit…"), self.tr("A visit that took place"), self.record_visit
        )
        self.missed_button = self._button(
            self.tr("Close as &missed…"),
            self.tr("Close the selected due or overdue visit as not done"),
            self.close_as_missed,
        )
        self.undo_button = self._button(
            self.tr("&Undo…"),
            self.tr("Reopen the selected missed or done visit (with a reason)"),
            self.undo_visit,
        )
        self.event_button = self._button(
            self.tr("Record &event…"),
            self.tr("Response, relapse, death, withdrawal, HSCT …"),
            self.record_event,
        )
        self.result_button = self._button(
            self.tr("L&ab result…"),
            self.tr("A laboratory value: B cells, IgG, CAR-T PK, RCL, HAMA …"),
            self.record_result,
        )
        self.ae_button = self._button(
            self.tr("Adverse even&t…"),
            self.tr("An adverse event, CRS or ICANS, with its grade"),
            self.record_adverse_event,
        )
        self.contact_button = self._button(
            self.tr("&Contact attempt…"), self.tr("A call, letter or message"), self.contact_attempt
        )
        self.questionnaire_button = self._button(
            self.tr("&Questionnaire…"),
            self.tr("Enter the answers of the selected visit's returned questionnaire"),
            self.enter_questionnaire,
        )
        self.lost_button = self._button(self.tr("&Lost to follow-up…"), "", self.lost_to_follow_up)
        self.verify_button = self._button(
            self.tr("Mark verified"),
            self.tr(
                "The selected done visits, clinical events or adverse events were checked against the source "
                "(the hospital chart); select several"
            ),
            self.mark_verified,
        )
        self.verify_button.setVisible(desk.may("verify_source"))
        self.print_button = self._button(
            self.tr("&Print schedule and wallet card…"),
            self.tr("The subject's visits to year 15 and the wallet card, in the preview to print or save"),
            self.print_schedule,
        )
        self.print_button.setVisible(desk.may("print"))
        self.transfer_button = self._button(
            self.tr("Move to another si&te…"),
            self.tr("The subject is followed by another site from a day on"),
            self.transfer,
        )
        self.transfer_button.setVisible(desk.may("transfer"))
        self.preview: PdfPreview | None = None
        actions = QHBoxLayout()
        # The buttons that record or change clinical data: hidden from a role without `record`.
        self.recording_buttons = (
            self.record_visit_button,
            self.missed_button,
            self.undo_button,
            self.event_button,
            self.result_button,
            self.ae_button,
            self.contact_button,
            self.questionnaire_button,
            self.lost_button,
        )
        for button in (*self.recording_buttons, self.verify_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)

        # Tabs.
        self.visits_model = VisitsModel(self)
        self.visits_table = TableView("chart_visits", self.tr("Visits"), model=self.visits_model)
        self.visits_table.setSelectionMode(
            QAbstractItemView.SelectionMode.ExtendedSelection
        )  # marked verified together
        self.visits_table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.visits_table.activated_row.connect(lambda row: self.record_visit())
        self.results = ResultsView()
        self.events_model = EventsModel(self)
        self.events_table = TableView("chart_events", self.tr("Events"), model=self.events_model)
        self.events_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ae_model = AdverseEventsModel(self)
        self.ae_table = TableView("chart_adverse_events", self.tr("Adverse events"), model=self.ae_model)
        self.ae_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for table in (self.events_table, self.ae_table):
            table.selectionModel().selectionChanged.connect(lambda *_: self._set_actions_enabled(self.data is not None))
        events_box = self.events_box = QSplitter(Qt.Orientation.Vertical)
        events_box.addWidget(_titled(self.tr("Clinical events"), self.events_table))
        events_box.addWidget(_titled(self.tr("Adverse events"), self.ae_table))
        self.contacts_model = ContactsModel(self)
        self.contacts_table = TableView("chart_contacts", self.tr("Contact attempts"), model=self.contacts_model)
        self.lost_note = wrapped_label()
        self.history_model = HistoryModel(self)
        self.history_table = TableView("chart_history", self.tr("History"), model=self.history_model)
        self.cases_model = CasesModel(self)
        self.cases_table = TableView("chart_cases", self.tr("Safety cases"), model=self.cases_model)
        self.cases_table.setToolTip(self.tr("Double-click or press Enter to open the case"))
        self.cases_table.activated_row.connect(lambda row: self.open_case(self.cases_model.row(row).id))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.visits_table, self.tr("Vi&sits"))
        self.tabs.addTab(self.results, self.tr("&Results"))
        self.tabs.addTab(events_box, self.tr("Eve&nts"))
        self.tabs.addTab(_titled(None, self.contacts_table, self.lost_note), self.tr("C&ontacts"))
        self.tabs.addTab(self._samples_tab(), self.tr("Sa&mples"))
        self.tabs.addTab(self.cases_table, self.tr("Sa&fety cases"))
        self.tabs.addTab(self._screens_tab(), self.tr("Safety scr&eens"))
        self.course_tab = CourseTab(desk, study_id, self._open, self._after, self)
        self.tabs.addTab(self.course_tab, self.tr("Course an&d consent"))
        # A move to another site is part of the subject's history (and rare): below it.
        self.tabs.addTab(_with_buttons(self.history_table, self.transfer_button), self.tr("&History"))
        self.tabs.addTab(self._queries_tab(), self.tr("&Queries"))
        self._raise_actions()
        self.tabs.currentChanged.connect(lambda _i: self._set_actions_enabled(self.data is not None))

        self.message = QLabel()
        self.message.setAccessibleName(self.tr("Last action"))
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addLayout(badges)
        layout.addWidget(self.next_visit)
        layout.addWidget(self.timeline)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self._set_actions_enabled(False)
        geometry = QSettings().value("chart/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            fit_to_screen(self, 1150, 860)
        keep_on_screen(self)  # saved on a larger screen
        desk.changed.connect(self._changed)

    def _samples_tab(self) -> QWidget:
        self.samples_model = SamplesModel(self)
        self.samples_table = TableView("chart_samples", self.tr("Samples"), model=self.samples_model)
        self.samples_table.selectionModel().selectionChanged.connect(lambda *_: self._set_actions_enabled(True))
        self.samples_table.activated_row.connect(lambda row: self.change_sample())
        self.sample_button = self._button(
            self.tr("Record sa&mple…"), self.tr("A sample drawn to archive"), self.record_sample
        )
        self.sample_change_button = self._button(
            self.tr("Change sample…"),
            self.tr("Move, ship, test or destroy the selected sample"),
            self.change_sample,
        )
        self.labels_button = self._button(
            self.tr("Print labels…"),
            self.tr("Labels with barcodes: the selected sample, or every stored one when none is selected"),
            self.print_labels,
        )
        self.void_sample_button = self._button(
            self.tr("Void sample…"),
            self.tr("The selected sample was recorded in error: void it, with a reason"),
            self.void_sample,
        )
        self.void_test_button = self._button(
            self.tr("Void test…"),
            self.tr("The selected sample's latest test was recorded in error: void it"),
            self.void_test,
        )
        return _with_buttons(
            self.samples_table,
            self.sample_button,
            self.sample_change_button,
            self.labels_button,
            self.void_sample_button,
            self.void_test_button,
        )

    def _screens_tab(self) -> QWidget:
        self.screens_model = ScreensModel(self)
        self.screens_table = TableView("chart_screens", self.tr("Safety screens"), model=self.screens_model)
        self.screens_table.selectionModel().selectionChanged.connect(lambda *_: self._set_actions_enabled(True))
        self.screens_table.activated_row.connect(lambda row: self.correct_screen())
        self.correct_screen_button = self._button(
            self.tr("Correct answers…"),
            self.tr("Correct the selected screen's answers, with a reason"),
            self.correct_screen,
        )
        self.void_screen_button = self._button(
            self.tr("Void screen…"),
            self.tr("The selected screen was entered against the wrong visit: void it"),
            self.void_screen,
        )
        return _with_buttons(self.screens_table, self.correct_screen_button, self.void_screen_button)

    def _queries_tab(self) -> QWidget:
        self.queries = QueriesTable(self.desk, "chart_queries")
        self.queries.acted.connect(lambda text: self._after(text, "subjects", "visits", "events", "results"))
        self.dose_query_button = self._button(
            self.tr("Query dose &level…"),
            self.tr("Ask the site about the subject's dose level"),
            lambda: self.raise_query("subject", None, ""),
        )
        self.dose_query_button.setVisible(self.desk.may("review_queries"))
        self.queries.buttons.addWidget(self.dose_query_button)
        return self.queries

    def _raise_actions(self) -> None:
        """"Raise query…" on a value's row (the monitor): right-click in a table."""
        if not self.desk.may("review_queries"):
            return
        self.results.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for table, target in (
            (self.visits_table, "visit"),
            (self.results.table, "result"),
            (self.events_table, "clinical_event"),
            (self.ae_table, "adverse_event"),
        ):
            action = QAction(self.tr("Raise &query…"), table)
            action.triggered.connect(lambda _checked=False, t=target: self.query_selected(t))
            table.addAction(action)
            table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def query_selected(self, target: str) -> QDialog | None:
        """Raise a query on the selected row of the table of `target` (visit, result ...)."""
        if target == "visit":
            visit = self.selected_visit()
            if visit is None or visit.visit_id is None:
                return None
            return self.raise_query("visit", visit.visit_id, visit.code or self.tr("unscheduled"))
        tables: dict[str, tuple[TableView, RowsModel[Any]]] = {
            "result": (self.results.table, self.results.model),
            "clinical_event": (self.events_table, self.events_model),
            "adverse_event": (self.ae_table, self.ae_model),
        }
        table, model = tables[target]
        row = table.current_source_row()
        if row is None:
            return None
        found = model.row(row)
        about = " ".join(model.text(row, c) for c in range(min(4, model.columnCount())))
        return self.raise_query(target, found.id, about)

    def raise_query(self, target: str, ref: int | None, about: str) -> QDialog | None:
        if self.data is None or not self.desk.may("review_queries"):
            return None
        dialog = RaiseQueryDialog(self.desk, self.study_id, target, ref, about, self)
        dialog.done.connect(lambda _r: self._after(self.tr("Query raised."), "subjects"))
        return self._open(dialog)

    def _button(self, text: str, tooltip: str, action: Callable[[], object]) -> QPushButton:
        """A button that runs `action` when clicked."""
        button = tip_button(text, tooltip)
        button.clicked.connect(lambda: action())
        return button

    # -- loading ----------------------------------------------------------------------

    def refresh(self) -> None:
        if self.desk.db is None:
            return
        if self._pending:
            self._again = True
            return
        self._pending, self._again = True, False
        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        self.desk.runner.read(lambda job: load_chart(db, study_id, today), on_done=self._show, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._pending = False
        from ltfu.ui.errors import report_error

        self.facts.setText(self.tr("The chart could not be read."))
        report_error(self, exc)

    def _show(self, data: ChartData) -> None:
        self._pending = False
        if self._again:
            self.refresh()
            return
        self.data = data
        view, record = data.view, data.record
        header = record.header
        name = _html(header.name)
        self.title.setText(f"<h2>{header.study_id}{'  ·  ' + name if name else ''}</h2>")
        self.facts.setText(self._facts(view, header))
        self._badges(view, header)
        self._next_visit(view)
        if data.left_on is not None:
            self.next_visit.setText(
                self.tr("Transferred out of your site on {0}: this chart is read-only.").format(data.left_on.isoformat())
            )
        self.timeline.set_schedule(view, self.desk.today)
        selected = self.selected_visit()
        marked = marks(data.queries)
        for model in (self.visits_model, self.results.model, self.events_model, self.ae_model):
            model.marks = marked
        checked = self.visits_model.verifications = {
            mk.record_id: mk for mk in data.marks if mk.record_table == "visit"
        }
        self.events_model.verifications = {
            mk.record_id: mk for mk in data.marks if mk.record_table == "clinical_event"
        }
        self.ae_model.verifications = {mk.record_id: mk for mk in data.marks if mk.record_table == "adverse_event"}
        self.visits_model.set_rows(list(view.visits) + list(view.unscheduled))
        done = [v for v in self.visits_model.rows if v.status == "completed" and v.visit_id is not None]
        verified = sum(1 for v in done if v.visit_id in checked and checked[v.visit_id].verified)
        self.tabs.setTabToolTip(
            0, self.tr("Source verification: {0} of {1} done visits verified").format(verified, len(done))
        )
        self.visits_table.fit_columns_once()
        if selected is not None and selected.code:
            tab = self.tabs.currentIndex()  # reading again keeps the tab the user works in
            self.select_visit(selected.code)
            self.tabs.setCurrentIndex(tab)
        self.results.set_results(record.results, header)
        self.events_model.set_rows(record.events)
        self.ae_model.set_rows(record.adverse_events)
        self.queries.set_rows(data.queries)
        opened = sum(1 for q in data.queries if q.state == "open")
        self.tabs.setTabText(
            self.tabs.indexOf(self.queries),
            self.tr("&Queries ({0} open)").format(opened) if opened else self.tr("&Queries"),
        )
        self.contacts_model.set_rows(data.contacts)
        self.cases_model.set_rows(data.cases)
        self.history_model.set_rows(record.history)
        self.samples_model.set_rows(data.samples)
        self.screens_model.set_rows(list(data.screens))
        if data.course is not None:
            self.course_tab.set_data(data.course)
        tables = (self.events_table, self.ae_table, self.contacts_table, self.cases_table, self.history_table)
        for table in (*tables, self.samples_table, self.screens_table):
            table.fit_columns_once()
        if self.history_model.rowCount():
            self.history_table.scrollToBottom()
        lost = view.status == "lost_to_follow_up"
        self.lost_button.setText(self.tr("Reverse &lost to follow-up…") if lost else self.tr("&Lost to follow-up…"))
        if lost:
            self.lost_button.setToolTip(self.tr("The subject is back: the schedule resumes (with a reason)"))
            self.lost_note.setText(self.tr("Lost to follow-up. Reverse it when the subject is reached again."))
        else:
            self.lost_button.setToolTip(message_text(data.lost_check.reason))
            prefix = (
                self.tr("Lost to follow-up may be declared:")
                if data.lost_check.allowed
                else self.tr("Lost to follow-up cannot be declared yet:")
            )
            self.lost_note.setText(f"{prefix} {message_text(data.lost_check.reason)}")
        self._set_actions_enabled(True)
        self.loaded.emit()

    def _facts(self, view: SubjectScheduleView, header: SubjectHeader) -> str:
        parts = [self.tr("Site {0}").format(header.site), header.dose_level]
        if self.desk.several_studies:
            parts.insert(0, self.tr("Study {0}").format(header.study))
        if view.infusion_date:
            day = (self.desk.today - view.infusion_date).days
            parts.append(self.tr("infused {0}").format(view.infusion_date.isoformat()))
            parts.append(self.tr("day {0} (year {1})").format(day, day // 365 + 1 if day >= 0 else 0))
            if len(header.infusion_dates) > 1:
                parts.append(self.tr("re-infused ({0} infusions)").format(len(header.infusion_dates)))
        if view.follow_up_end:
            parts.append(self.tr("follow-up until {0}").format(view.follow_up_end.isoformat()))
        if header.death_date:
            parts.append(self.tr("died {0}").format(header.death_date.isoformat()))
        if header.sex or header.birth_year:
            parts.append(
                " ".join(str(p) for p in (label("sex", header.sex) if header.sex else None, header.birth_year) if p)
            )
        if header.phone:
            parts.append(self.tr("phone {0}").format(header.phone))
        return "  ·  ".join(parts)

    def _badges(self, view: SubjectScheduleView, header: SubjectHeader) -> None:
        status_text = label("subject_status", view.status)
        if view.status == "withdrawn" and header.withdrawal_scope:
            status_text += f": {label('scope', header.withdrawal_scope)}"
        self.status_badge.set(
            status_text,
            look.SUBJECT_STATUS_COLOURS.get(view.status, "#808080"),
            self.tr("Subject status: {0}").format(status_text),
        )
        self.rcl_badge.set_if(
            view.rcl_alert,
            self.tr("⚠ RCL positive: blocking"),
            look.ALERT_COLOUR,
            self.tr(
                "Blocking safety alert: an RCL test was positive. Confirmatory culture assay and "
                "expedited safety report; later yearly samples are tested, not archived."
            ),
        )
        self._case_badge()
        overdue = [v for v in view.visits if v.status == "overdue"]
        self.overdue_badge.set_if(
            bool(overdue),
            self.tr("⚠ {0} overdue").format(len(overdue)),
            look.STATUS_COLOURS["overdue"],
            self.tr("Overdue visits: {0}").format(", ".join(v.code or "" for v in overdue)),  # planned: coded
        )
        nxt = view.next_open()
        if nxt is not None:
            word = label("visit_status", nxt.status)
            self.next_badge.set(
                f"{nxt.code}: {word}",
                look.status_colour(nxt.status),
                self.tr("Next visit {0}: {1}, window {2}").format(
                    nxt.code, word, window_text(nxt.window_start, nxt.window_end)
                ),
            )
        else:
            self.next_badge.set(self.tr("No open visit"), look.STATUS_COLOURS["cancelled"])

    def _case_badge(self) -> None:
        opened = [c for c in self.data.cases if c.state == "open"] if self.data is not None else []
        if not opened:
            self.case_badge.set("", look.ALERT_COLOUR)
            return
        kinds = ", ".join(case_kind_text(c) for c in opened)
        self.case_badge.set(
            self.tr("⚠ Safety case open: {0}").format(kinds),
            look.ALERT_COLOUR,
            self.tr("Open safety cases: {0}. See the Safety cases tab.").format(
                "; ".join(self.tr("case {0} ({1} step(s) open)").format(c.id, len(c.open_steps)) for c in opened)
            ),
        )

    def _next_visit(self, view: SubjectScheduleView) -> None:
        nxt = view.next_open()
        if nxt is None:
            self.next_visit.setText(self.tr("No visit is open."))
            return
        todo = "; ".join(label("assessment", a) for a in nxt.assessments)
        self.next_visit.setText(
            self.tr("<b>{0}</b> is {1}: window {2}, {3}. <b>To do:</b> {4}").format(
                nxt.code,
                label("visit_status", nxt.status).lower(),
                window_text(nxt.window_start, nxt.window_end),
                label("mode", nxt.mode),
                _html(todo),
            )
        )
        self.next_visit.setToolTip(assessments_text(nxt.assessments))

    # -- selection ----------------------------------------------------------------------

    def selected_visit(self) -> VisitRow | None:
        row = self.visits_table.current_source_row()
        return self.visits_model.row(row) if row is not None else None

    def select_visit(self, code: str) -> None:
        for row, visit in enumerate(self.visits_model.rows):
            if visit.code == code and (self.data is None or visit.infusion_date == self.data.view.infusion_date):
                self.visits_table.selectRow(row)
                self.visits_table.scrollTo(self.visits_model.index(row, 0))
                self.tabs.setCurrentWidget(self.visits_table)
                return

    def selected_visits(self) -> list[VisitRow]:
        """Every selected visit row (the table allows several)."""
        return _selected(self.visits_table, self.visits_model)

    def records_to_verify(self) -> list[tuple[str, int, str]]:
        """(table, id, what) of the selected records on the tab shown that can be marked
        verified: done visits, clinical events and adverse events not verified now."""
        found: list[tuple[str, int, str]] = []
        if self.tabs.currentWidget() is self.visits_table:
            found = [
                ("visit", v.visit_id, v.code or self.tr("unscheduled"))
                for v in self.selected_visits()
                if v.visit_id is not None and v.status == "completed"
            ]
        elif self.tabs.currentWidget() is self.events_box:
            found = [
                ("clinical_event", e.id, f"{label('event', e.kind)} {e.date.isoformat()}")
                for e in _selected(self.events_table, self.events_model)
                if e.id
            ] + [
                ("adverse_event", a.id, f"{a.term} {a.onset.isoformat()}")
                for a in _selected(self.ae_table, self.ae_model)
                if a.id
            ]
        models: dict[str, VerifiedRowsModel] = {
            "visit": self.visits_model,
            "clinical_event": self.events_model,
            "adverse_event": self.ae_model,
        }
        return [
            (table, record_id, what)
            for table, record_id, what in found
            if not (record_id in models[table].verifications and models[table].verifications[record_id].verified)
        ]

    def mark_verified(self) -> Task | None:
        """Mark the selected records (done visits, or events) verified against the source, in one action."""
        chosen = self.records_to_verify()
        if self.data is None or not chosen or not self.desk.may("verify_source"):
            return None
        from ltfu.services.review import mark_verified

        db, study_id = self.desk.db, self.study_id
        records = [(table, record_id) for table, record_id, _what in chosen]
        named = ", ".join(what for _table, _id, what in chosen)
        return self.desk.runner.write(
            lambda job: mark_verified(db, study_id, records=records),
            on_done=lambda _marks: self._after(
                self.tr("Verified against the source: {0}.").format(named), "visits", "events"
            ),
            on_error=self._not_verified,
        )

    def _not_verified(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _selection_changed(self) -> None:
        visit = self.selected_visit()
        self.timeline.select(visit.code if visit is not None else None)
        self._set_actions_enabled(self.data is not None)

    def _set_actions_enabled(self, enabled: bool) -> None:
        # A subject who left the user's site: their history, read-only.
        enabled = enabled and (self.data is None or self.data.left_on is None)
        self.transfer_button.setEnabled(enabled)
        visit = self.selected_visit() if enabled else None
        dead = self.data is not None and self.data.view.status == "dead"
        recorder = self.desk.may("record")  # not the monitor, who changes no value
        for button in (*self.recording_buttons, self.sample_button, self.sample_change_button):
            button.setVisible(recorder)
        for button in (
            self.record_visit_button,
            self.event_button,
            self.result_button,
            self.ae_button,
            self.contact_button,
            self.lost_button,
            self.print_button,
        ):
            button.setEnabled(enabled)
        self.lost_button.setEnabled(enabled and not dead)
        self.sample_button.setEnabled(enabled and self.desk.may("record"))
        sample = self.selected_sample() if enabled else None
        self.sample_change_button.setEnabled(
            sample is not None and sample.state != "destroyed" and self.desk.may("record")
        )
        self.labels_button.setEnabled(
            enabled and self.desk.may("print") and any(s.state != "destroyed" for s in self.samples_model.rows)
        )
        editor = self.desk.may("edit")
        for button in (
            self.void_sample_button,
            self.void_test_button,
            self.correct_screen_button,
            self.void_screen_button,
        ):
            button.setVisible(editor)
        self.void_sample_button.setEnabled(sample is not None and editor)
        self.void_test_button.setEnabled(sample is not None and bool(sample.tests) and editor)
        screen = self.selected_screen() if enabled else None
        self.correct_screen_button.setEnabled(screen is not None and editor)
        self.void_screen_button.setEnabled(screen is not None and editor)
        self.missed_button.setEnabled(
            visit is not None and visit.code is not None and visit.status in ("due", "overdue")
        )
        self.undo_button.setEnabled(
            visit is not None and visit.code is not None and visit.status in ("missed", "completed")
        )
        self.verify_button.setEnabled(bool(self.records_to_verify()) and self.desk.may("verify_source"))
        self.questionnaire_button.setEnabled(
            visit is not None and visit.code is not None and visit.status in OPEN_STATUSES and not dead
        )

    # -- actions --------------------------------------------------------------------------

    def _after(self, text: str, *kinds: str) -> None:
        """Say what was done, and tell the desk what changed (`kinds`, of this subject)."""
        self.message.setText(text)
        self.desk.notify(Change.of(*kinds, subjects=(self.study_id,)))

    def _changed(self, change: Change) -> None:
        if change.touches(CLINICAL | {"samples"}) and change.concerns(self.study_id):
            self.refresh()

    def transfer(self) -> QDialog | None:
        """Move the subject to another site (coordinator, PI, administrator)."""
        if self.data is None or self.data.left_on is not None or not self.desk.may("transfer"):
            return None
        site = self.data.record.header.site
        dialog = TransferDialog(self.desk, self.study_id, site, self.data.sites, self)
        dialog.done.connect(
            lambda moved: self._after(
                self.tr("Moved to site {0} on {1}.").format(moved.to_site, moved.transfer_date), "subjects"
            )
        )
        return self._open(dialog)

    def record_visit(self) -> QDialog | None:
        if self.data is None:
            return None
        selected = self.selected_visit()
        code = selected.code if selected is not None and selected.status in ("due", "overdue", "upcoming") else None
        dialog = RecordVisitDialog(self.desk, self.data.view, self.data.record.header.death_date, code, self)
        dialog.done.connect(lambda result: self._visit_recorded(result, dialog.sent_screen))
        return self._open(dialog)

    def enter_questionnaire(self) -> QDialog | None:
        """The answers of a returned questionnaire for the selected open visit."""
        visit = self.selected_visit()
        if self.data is None or visit is None or visit.code is None or visit.status not in OPEN_STATUSES:
            return None
        from ltfu.ui.screening import QuestionnaireDialog

        dialog = QuestionnaireDialog(self.desk, self.data.view, visit.code, self)
        dialog.done.connect(lambda result: self._visit_recorded(result, dialog.sent_screen))
        return self._open(dialog)

    def _visit_recorded(self, result: RecordedVisit, screen: NewScreen | None) -> None:
        text = self._recorded_text(result)
        if screen is not None:
            text += " " + self.tr("Safety screen saved.")
            if screen.extras.get("address_changed") == "yes" or screen.extras.get("new_doctor") == "yes":
                text += " " + self.tr("The form gives a new address or doctor: update the contact details.")
        self._after(text, "visits")
        if screen is not None:
            from ltfu.ui.screening import categories_to_report

            self.ask_adverse_events(list(categories_to_report(screen)), result.actual_date)

    def ask_adverse_events(self, categories: list[str], contact_date: dt.date) -> None:
        """A yes of special interest: the adverse-event entry with its category, one after
        the other (each may be cancelled)."""
        if not categories or self.data is None:
            return
        dialog = self.record_adverse_event()
        if dialog is None:
            return
        dialog.set_special_interest(categories[0])  # type: ignore[attr-defined]  # an AdverseEventDialog
        dialog.set_onset(contact_date)  # type: ignore[attr-defined]  # the same
        dialog.finished.connect(lambda _code: self.ask_adverse_events(categories[1:], contact_date))

    def _recorded_text(self, result: RecordedVisit) -> str:
        if result.unscheduled:
            return self.tr("Unscheduled visit on {0} recorded.").format(result.actual_date.isoformat())
        text = self.tr("{0} recorded as done on {1}.").format(result.code, result.actual_date.isoformat())
        if result.out_of_window:
            text += " " + self.tr("(out of window)")
        return text

    def close_as_missed(self) -> QDialog | None:
        from ltfu.services.visits import record_visit_missed

        return self._visit_change(
            record_visit_missed,
            lambda visit, code: (
                self.tr("Close {0} as missed").format(code),
                self.tr("Close as &missed"),
                self.tr(
                    "{0} (window {1}) will be closed as not done. This can be undone later, with a reason."
                ).format(code, window_text(visit.window_start, visit.window_end)),
                self.tr("{0} closed as missed.").format(code),
            ),
        )

    def undo_visit(self) -> QDialog | None:
        from ltfu.services.visits import reopen_visit

        return self._visit_change(
            reopen_visit,
            lambda visit, code: (
                self.tr("Undo {0}").format(code),
                self.tr("&Undo"),
                self.tr("{0} is {1}; it will be open again. The earlier status stays in the history.").format(
                    code, label("visit_status", visit.status).lower()
                ),
                self.tr("{0} reopened.").format(code),
            ),
        )

    def _visit_change(
        self, change: Callable[..., None], texts: Callable[[VisitRow, str], tuple[str, str, str, str]]
    ) -> QDialog | None:
        """For the selected planned visit, a reason dialog that runs `change(db, study_id, code, reason,
        today)` on a worker; `texts(visit, code)` gives its title, button, explanation and done message."""
        visit = self.selected_visit()
        if self.data is None or visit is None or visit.code is None:
            return None
        code = visit.code
        title, button, text, done = texts(visit, code)
        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        return self._reason_dialog(
            title, button, text, lambda reason: lambda job: change(db, study_id, code, reason, today), done, "visits"
        )

    def _open_entry(
        self, dialog: ActionDialog, preset: Callable[[str], None], value: str | None, done: str, *kinds: str
    ) -> QDialog:
        """Open an entry dialog, `preset` with `value` where given; after it saves, say
        `done` and tell the desk what changed (`kinds`)."""
        if value is not None:
            preset(value)
        dialog.done.connect(lambda _r: self._after(done, *kinds))
        return self._open(dialog)

    def record_event(self, kind: str | None = None) -> QDialog | None:
        if self.data is None:
            return None
        dialog = EventDialog(self.desk, self.study_id, self)
        # A death, withdrawal or new therapy changes the status and stops or cancels visits.
        return self._open_entry(
            dialog, dialog.set_kind, kind, self.tr("Event recorded."), "events", "subjects", "visits"
        )

    def record_result(self, analyte: str | None = None) -> QDialog | None:
        if self.data is None:
            return None
        from ltfu.ui.entry_dialogs import ResultDialog

        dialog = ResultDialog(self.desk, self.study_id, self.death_date, self)
        return self._open_entry(dialog, dialog.set_analyte, analyte, self.tr("Result recorded."), "results", "safety")

    def open_case(self, case_id: int) -> QWidget:
        """The window of one of the subject's safety cases."""
        from ltfu.ui.cases import open_case

        return open_case(self.desk, case_id, self)

    def record_adverse_event(self, kind: str | None = None) -> QDialog | None:
        if self.data is None:
            return None
        from ltfu.ui.entry_dialogs import AdverseEventDialog

        dialog = AdverseEventDialog(self.desk, self.study_id, self.death_date, self)
        return self._open_entry(dialog, dialog.set_kind, kind, self.tr("Adverse event recorded."), "events", "safety")

    def contact_attempt(self) -> QDialog | None:
        if self.data is None:
            return None
        dialog = ContactDialog(self.desk, self.study_id, self)
        dialog.done.connect(self._contact_recorded)
        return self._open(dialog)

    def _contact_recorded(self, check: LostToFollowUpCheck) -> None:
        self._after(self.tr("Contact attempt recorded."), "contacts")
        status = self.data.view.status if self.data is not None else None
        if check.allowed and status not in ("lost_to_follow_up", "dead"):
            messages.question(
                self,
                self.tr("Lost to follow-up?"),
                self.tr(
                    "The failed contact attempts now allow declaring {0} lost to follow-up ({1}). Declare it now?"
                ).format(self.study_id, message_text(check.reason)),
                self.declare_lost_to_follow_up,
            )

    def lost_to_follow_up(self) -> QDialog | None:
        if self.data is None:
            return None
        if self.data.view.status == "lost_to_follow_up":
            return self.reverse_lost_to_follow_up()
        if not self.data.lost_check.allowed:
            messages.information(
                self,
                self.tr("Not yet"),
                self.tr(
                    "{0} cannot be declared lost to follow-up yet: {1}. It needs 3 failed contact attempts, "
                    "by 2 channels, over at least 3 months."
                ).format(self.study_id, message_text(self.data.lost_check.reason)),
            )
            return None
        return self.declare_lost_to_follow_up()

    def declare_lost_to_follow_up(self) -> QDialog:
        from ltfu.services.events import declare_lost_to_follow_up

        return self._lost_change(
            declare_lost_to_follow_up,
            self.tr("Declare {0} lost to follow-up").format(self.study_id),
            self.tr("&Declare"),
            self.tr(
                "Later visits will be cancelled (lost to follow-up). It can be reversed when the subject is "
                "reached again."
            ),
            self.tr("Declared lost to follow-up."),
        )

    def reverse_lost_to_follow_up(self) -> QDialog:
        from ltfu.services.events import reverse_lost_to_follow_up

        return self._lost_change(
            reverse_lost_to_follow_up,
            self.tr("Reverse lost to follow-up: {0}").format(self.study_id),
            self.tr("&Reverse"),
            self.tr("The subject was reached again: later visits are planned again. Both changes stay in the history."),
            self.tr("Lost to follow-up reversed; the schedule resumes."),
        )

    def _lost_change(self, change: Callable[..., object], title: str, button: str, text: str, done: str) -> QDialog:
        """A dated reason dialog that declares or reverses lost to follow-up (`change`)."""
        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        return self._reason_dialog(
            title,
            button,
            text,
            lambda reason, day: lambda job: change(db, study_id, day or today, reason, today),
            done,
            *LOST_CHANGES,
            dated=True,
        )

    def print_schedule(self) -> Task | None:
        """Make the schedule and wallet card (in the background), then show them in the preview."""
        if self.desk.db is None:
            return None
        from ltfu.services.letters import schedule_pdf

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        self.message.setText(self.tr("Making the schedule and wallet card…"))
        return self.desk.runner.read(
            lambda job: schedule_pdf(db, study_id, today), on_done=self._schedule_made, on_error=self._not_made
        )

    def _schedule_made(self, pdf: bytes) -> None:
        title = self.tr("Schedule and wallet card of {0}").format(self.study_id)
        self.preview = show_pdf(self, self.desk, pdf, title, f"schedule-{self.study_id}.pdf", reuse=self.preview)
        self.message.setText(self.tr("Schedule and wallet card shown in the preview."))

    def _not_made(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        self.message.setText(self.tr("The schedule was not made."))
        report_error(self, exc)

    # -- samples ---------------------------------------------------------------------------

    def selected_sample(self) -> SampleRow | None:
        row = self.samples_table.current_source_row()
        return self.samples_model.row(row) if row is not None else None

    def record_sample(self) -> QDialog | None:
        if self.data is None:
            return None
        from ltfu.ui.sample_dialogs import SampleDialog

        dialog = SampleDialog(self.desk, self.study_id, self)
        dialog.done.connect(lambda row: self._after(self.tr("Sample {0} recorded.").format(row.sample_code), "samples"))
        return self._open(dialog)

    def change_sample(self) -> QDialog | None:
        sample = self.selected_sample()
        if self.data is None or sample is None or sample.state == "destroyed":
            return None
        from ltfu.ui.sample_dialogs import SampleStateDialog

        dialog = SampleStateDialog(self.desk, sample, self)
        dialog.done.connect(
            lambda row: self._after(
                self.tr("Sample {0}: {1}.").format(row.sample_code, label("sample_state", row.state)), "samples"
            )
        )
        return self._open(dialog)

    def print_labels(self) -> Task | None:
        """A sheet of labels (the selected sample, or every stored one), shown in the preview
        to print or save from there."""
        if self.desk.db is None or self.data is None:
            return None
        sample = self.selected_sample()
        codes = (sample.sample_code,) if sample is not None and sample.state != "destroyed" else ()
        db, study_id = self.desk.db, self.study_id

        def work(job) -> tuple[bytes, int]:
            from ltfu.services.samples import labels_pdf

            pdf, rows = labels_pdf(db, study_id, codes)
            return pdf, len(rows)

        return self.desk.runner.read(work, on_done=self._labels_made, on_error=self._labels_failed)

    def _labels_made(self, result: tuple[bytes, int]) -> None:
        pdf, count = result
        title = self.tr("Sample labels of {0}").format(self.study_id)
        self.preview = show_pdf(self, self.desk, pdf, title, f"labels-{self.study_id}.pdf", reuse=self.preview)
        self.message.setText(self.tr("{0} label(s) shown in the preview.").format(count))

    def _labels_failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def void_sample(self) -> QDialog | None:
        """Void the selected sample, recorded in error (with its tests)."""
        sample = self.selected_sample()
        if self.data is None or sample is None or not self.desk.may("edit"):
            return None
        from ltfu.services.samples import void_sample

        db, code = self.desk.db, sample.sample_code
        return self._reason_dialog(
            self.tr("Void sample {0}").format(code),
            self.tr("&Void sample"),
            self.tr(
                "Sample {0} ({1}) was recorded in error: it is voided with its tests and its place is free."
            ).format(code, message_text(sample.place.describe())),
            lambda reason: lambda job: void_sample(db, code, reason),
            self.tr("Sample {0} voided.").format(code),
            "samples",
        )

    def void_test(self) -> QDialog | None:
        """Void the selected sample's latest test, recorded in error."""
        sample = self.selected_sample()
        if self.data is None or sample is None or not sample.tests or not self.desk.may("edit"):
            return None
        from ltfu.services.samples import void_test

        db, code, test = self.desk.db, sample.sample_code, sample.tests[-1]
        return self._reason_dialog(
            self.tr("Void a test of {0}").format(code),
            self.tr("&Void test"),
            self.tr("The test {0} of {1} ({2}) was recorded in error on sample {3}: it is voided.").format(
                test.test_name, test.test_date.isoformat(), test.result_text, code
            ),
            lambda reason: lambda job: void_test(db, code, test.id, reason),
            self.tr("Test {0} of sample {1} voided.").format(test.test_name, code),
            "samples",
        )

    # -- safety screens ----------------------------------------------------------------------

    def selected_screen(self) -> ScreenRow | None:
        row = self.screens_table.current_source_row()
        return self.screens_model.row(row) if row is not None else None

    def correct_screen(self) -> QDialog | None:
        screen = self.selected_screen()
        if self.data is None or screen is None or not self.desk.may("edit"):
            return None
        from ltfu.ui.screening import CorrectScreenDialog

        dialog = CorrectScreenDialog(self.desk, screen, self)
        dialog.done.connect(lambda _r: self._after(self.tr("Safety screen corrected."), "visits"))
        return self._open(dialog)

    def void_screen(self) -> QDialog | None:
        screen = self.selected_screen()
        if self.data is None or screen is None or not self.desk.may("edit"):
            return None
        from ltfu.services.screens import void_screen

        db, screen_id = self.desk.db, screen.screen_id
        visit = screen.visit_code or screen.contact_date.isoformat()
        return self._reason_dialog(
            self.tr("Void the safety screen of {0}").format(visit),
            self.tr("&Void screen"),
            self.tr("The safety screen of {0} on {1} is voided: kept in the history, no longer counted.").format(
                visit, screen.contact_date.isoformat()
            ),
            lambda reason: lambda job: void_screen(db, screen_id, reason),
            self.tr("Safety screen of {0} voided.").format(visit),
            "visits",
        )

    def _reason_dialog(
        self,
        title: str,
        ok_text: str,
        explanation: str,
        action: Callable[..., Callable[[Job], object]],
        done_text: str,
        *kinds: str,
        dated: bool = False,
    ) -> QDialog:
        """A reason dialog whose `action(reason)` (`dated`: `action(reason, day)`, the day
        asked for too) runs on a worker; then `done_text`, and the change (`kinds`)."""
        work = action if dated else lambda reason, _day: action(reason)
        dialog = ReasonDialog(self.desk, title, ok_text, explanation, work, with_date=dated, parent=self)
        dialog.done.connect(lambda _r: self._after(done_text, *kinds))
        return self._open(dialog)

    @property
    def death_date(self) -> dt.date | None:
        return self.data.record.header.death_date if self.data else None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        from ltfu.ui.widgets import save_table_layouts

        if not self.desk.layouts_forgotten:
            QSettings().setValue("chart/geometry", self.saveGeometry())
            save_table_layouts(self)
        self.closed.emit()
        self.deleteLater()
        super().closeEvent(event)


def _selected(table: TableView, model: RowsModel) -> list:
    """The rows selected in a table that allows several, in the model's order."""
    rows = sorted({table.source_row(index.row()) for index in table.selectionModel().selectedRows()})
    return [model.row(row) for row in rows]


def _with_buttons(table: QWidget, *buttons: QPushButton) -> QWidget:
    """A tab: the table, and its buttons in a row below it."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    box = _titled(None, table)
    box.layout().addLayout(row)  # type: ignore[union-attr]  # _titled gives it a QVBoxLayout
    return box


def _titled(title: str | None, widget: QWidget, below: QWidget | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    if title:
        heading = QLabel(f"<b>{title}</b>")
        layout.addWidget(heading)
    layout.addWidget(widget, 1)
    if below is not None:
        layout.addWidget(below)
    return box


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
