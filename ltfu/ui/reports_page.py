"""Reports: visit letters, a subject's schedule, a site calendar, the annual status report,
the IND annual report (with the PI's plan for the coming year, stored when generated).

"Generate" runs the service in the background (the annual report reports progress
and can be cancelled), says what was made (the page count and what is in it), and
shows the pages in the preview (`pdf_preview`), where they are printed and saved. A
principal investigator signs the annual report here, once its exact pages were
shown in the preview: the signature is refused for pages that differ. A report
rebuilt from the same data shows the signature it already has. Below, the letters
log shows what letter runs printed; returned mail is marked there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QDate, QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ltfu.reports.dates import default_data_cut
from ltfu.services.progress import ReportStep
from ltfu.ui import look
from ltfu.ui.accounts import password_field
from ltfu.ui.desk import CLINICAL, Change, Desk, LoadsOnDemand
from ltfu.ui.dialogs import DatedDialog, PasswordDialog, ReasonDialog, date_edit, next_month, next_quarter, to_date
from ltfu.ui.labels import label
from ltfu.ui.models import LettersLogModel, SkippedModel, local_time
from ltfu.ui.pdf_preview import PdfPreview, sha256, show_pdf
from ltfu.ui.widgets import StudyChoice, TableView, hbox, labelled_combo, named, tip_button, wrapped_label

if TYPE_CHECKING:
    from ltfu.services.letters import LetterLogRow, SkippedSubject
    from ltfu.services.signatures import SignatureInfo
    from ltfu.ui.worker import Job

KINDS = ("letters", "schedule", "calendar", "annual", "ind")
#: The kinds a principal investigator signs.
SIGNED_KINDS = ("annual", "ind")
#: The annual report's languages, each named in itself (as on the Settings page).
REPORT_LANGUAGES = (("en", "English"), ("zh", "简体中文"))
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_pages(pdf: bytes) -> int:
    """The number of pages of a PDF written by reportlab (one page object each)."""
    return len(_PAGE.findall(pdf))


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return QCoreApplication.translate("ReportsPage", "{0} KB").format(max(1, round(size / 1024)))
    return QCoreApplication.translate("ReportsPage", "{0:.1f} MB").format(size / (1024 * 1024))


def progress_text(step: ReportStep) -> str:
    """A report's progress step in the window's language."""
    words = {
        ReportStep.READING: QCoreApplication.translate("ReportsPage", "Reading the records"),
        ReportStep.COUNTING: QCoreApplication.translate("ReportsPage", "Counting subjects and visits"),
        ReportStep.HASHING: QCoreApplication.translate("ReportsPage", "Computing the data hash"),
        ReportStep.ENDPOINTS: QCoreApplication.translate("ReportsPage", "Computing the endpoints"),
        ReportStep.TABLES: QCoreApplication.translate("ReportsPage", "Preparing the tables and plots"),
        ReportStep.LAYOUT: QCoreApplication.translate("ReportsPage", "Laying out the pages"),
        ReportStep.DONE: QCoreApplication.translate("ReportsPage", "Done"),
    }
    return words[step]


def page_progress_of(job: Job, page_progress: Any) -> Callable[[float, ReportStep], None]:
    """A report's progress callback: the job's progress bar (it may be cancelled there) and
    the page's status line (`page_progress`, a signal, emitted across threads)."""

    def progress(fraction: float, step: ReportStep) -> None:
        job.check()
        shown = progress_text(step)
        job.progress(round(fraction * 100), 100, shown)
        page_progress.emit(shown)

    return progress


@dataclass(frozen=True)
class Output:
    """A generated document and what the page says about it."""

    kind: str
    title: str
    file_name: str
    pdf: bytes | None
    facts: tuple[str, ...]
    skipped: tuple[SkippedSubject, ...] = ()
    year: int | None = None
    as_of: dt.date | None = None
    data_hash: str | None = None
    signature: SignatureInfo | None = None
    language: str = "en"
    """The annual report's language (a code of `ltfu.reports.annual.LANGUAGES`)."""
    study: str | None = None
    """The annual or IND report's study (None: the database's only one)."""

    @property
    def pages(self) -> int:
        return pdf_pages(self.pdf) if self.pdf else 0


class ReportsPage(LoadsOnDemand, QWidget):
    """`generated(Output)` after each document; `log_loaded` after the letters log is read."""

    generated = Signal(object)
    signed = Signal(object)
    review_loaded = Signal()
    log_loaded = Signal()
    progressed = Signal(str)

    topics = CLINICAL | {"letters"}

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.output: Output | None = None
        self.task: Any = None
        self.progress_log: list[str] = []
        self.has_loaded = False
        self.dialog: Any = None
        self.preview: PdfPreview | None = None
        # SHA-256 of the document's bytes once the preview showed them (signing needs it).
        self.shown_sha256: str | None = None

        heading = QLabel("<h2>" + self.tr("Reports") + "</h2>")
        kind_label, self.kind = labelled_combo(self.tr("&Report:"), self.tr("Report"), self._kind_titles())
        self.study = StudyChoice(desk, self.tr("St&udy:"))
        self.study.chosen.connect(self._study_changed)
        desk.studies_changed.connect(self._show_study)

        today = desk.today
        self.forms = QStackedWidget()
        # Letters.
        form, box = _form()
        first, last = next_month(today)
        self.letters_from = date_edit(first)
        self.letters_from.setAccessibleName(self.tr("Letters for windows opening from"))
        self.letters_to = date_edit(last)
        self.letters_to.setAccessibleName(self.tr("Letters for windows opening until"))
        self.physician = QCheckBox(self.tr("Also a letter to each subject's local &physician (where one is on file)"))
        form.addRow(self.tr("Visit windows opening &from:"), self.letters_from)
        form.addRow(self.tr("&to:"), self.letters_to)
        form.addRow("", self.physician)
        _note(
            form,
            self.tr(
                "Each subject's next visit whose window opens in the range gets a letter in their language, with "
                "the window and a suggested day. Generating prints the run: every letter is logged."
            ),
        )
        self.forms.addWidget(box)
        # A subject's schedule.
        form, box = _form()
        self.study_id = named(QLineEdit(), self.tr("Subject"))
        self.study_id.setPlaceholderText(self.tr("study id, e.g. CD1922-017"))
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.study_id.setCompleter(self.completer)
        form.addRow(self.tr("&Subject:"), self.study_id)
        _note(form, self.tr("The subject's visits to year 15 with their status, then a wallet card."))
        self.forms.addWidget(box)
        # A site calendar.
        form, box = _form()
        self.site = named(QComboBox(), self.tr("Site"))
        first, last = next_quarter(today)
        self.calendar_from = date_edit(first)
        self.calendar_from.setAccessibleName(self.tr("Calendar from"))
        self.calendar_to = date_edit(last)
        self.calendar_to.setAccessibleName(self.tr("Calendar until"))
        form.addRow(self.tr("S&ite:"), self.site)
        form.addRow(self.tr("Visits &from:"), self.calendar_from)
        form.addRow(self.tr("&to:"), self.calendar_to)
        self.forms.addWidget(box)
        # The annual status report.
        form, box = _form()
        self.year = QSpinBox()
        self.year.setRange(2000, today.year)
        self.year.setValue(today.year)
        self.year.setAccessibleName(self.tr("Report year"))
        self.data_cut = date_edit(default_data_cut(today.year, today))
        self.data_cut.setAccessibleName(self.tr("Data cut"))
        self.report_language = named(QComboBox(), QCoreApplication.translate("SettingsPage", "Language"))
        for code, name in REPORT_LANGUAGES:
            self.report_language.addItem(name, code)
        form.addRow(self.tr("&Year:"), self.year)
        form.addRow(self.tr("&Data cut:"), self.data_cut)
        form.addRow(QCoreApplication.translate("SettingsPage", "&Language:"), self.report_language)
        _note(
            form,
            self.tr(
                "Records dated up to and including the data cut. The cover carries a hash of the data, so anyone "
                "can rebuild the same numbers; a principal investigator signs the report here."
            ),
        )
        # Data review: the frozen cuts (a signed report rebuilt from one) and source verification.
        self.cut = named(QComboBox(), self.tr("Frozen data cut"))
        self.compare_button = tip_button(
            self.tr("Rebuild from cut and compare"),
            self.tr(
                "The report from the data as they were when the cut was frozen (from the audit trail), "
                "compared with the signed report and with today's data"
            ),
        )
        self.freeze_button = tip_button(
            self.tr("Freeze data…"),
            self.tr(
                "Freeze the records dated up to a day before building and signing a report (principal investigator)"
            ),
        )
        self.freeze_button.setVisible(desk.may("freeze_data"))
        self.review_note = wrapped_label(self.tr("Data review"))
        self.cut.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        cut_label = QLabel(self.tr("Fro&zen data cut:"))
        cut_label.setBuddy(self.cut)
        form.addRow(cut_label, hbox(self.cut, self.compare_button, self.freeze_button, stretch_at=3))
        form.addRow(self.review_note)
        self.forms.addWidget(box)
        # The IND annual report.
        form, box = _form()
        self.ind_as_of = date_edit(today)
        self.ind_as_of.setAccessibleName(self.tr("IND period ended by"))
        self.ind_language = named(QComboBox(), QCoreApplication.translate("SettingsPage", "Language"))
        for code, name in REPORT_LANGUAGES:
            self.ind_language.addItem(name, code)
        self.ind_plan = named(QPlainTextEdit(), self.tr("Plan for the coming year"))
        self.ind_plan.setPlaceholderText(
            self.tr("The plan for the coming year (21 CFR 312.33(f)), written by the principal investigator")
        )
        self.ind_plan.setMaximumHeight(110)
        form.addRow(self.tr("Period ended &by:"), self.ind_as_of)
        form.addRow(QCoreApplication.translate("SettingsPage", "&Language:"), self.ind_language)
        form.addRow(self.tr("&Plan for the coming year:"), self.ind_plan)
        _note(
            form,
            self.tr(
                "The year ending on the IND anniversary (the protocol's [ind] anniversary) on or before this day; "
                "due 60 days after it. The plan is stored (audited) when the report is generated."
            ),
        )
        self.forms.addWidget(box)

        self.generate_button = tip_button(self.tr("&Generate"), self.tr("Make the document (in the background)"))
        self.status = wrapped_label(self.tr("Report status"))

        # The result.
        self.result_box = QFrame()
        self.result_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.result_title = QLabel()
        self.result_title.setTextFormat(Qt.TextFormat.RichText)
        self.summary = wrapped_label()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName(self.tr("What the document holds"))
        self.preview_button = tip_button(
            self.tr("&Preview and print…"), self.tr("Show the pages, print them or save them")
        )
        self.sign_button = QPushButton(self.tr("Si&gn…"))
        self.signature = wrapped_label()
        self.signature.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signature.setAccessibleName(self.tr("Signature"))
        pal = look.palette()
        colour = look.STATUS_COLOURS["completed"]
        self.signature.setStyleSheet(
            f"QLabel {{ background: {look.tint(colour, pal).name()}; "
            f"border: 1px solid {look.mark_colour(colour, pal).name()}; border-radius: 4px; padding: 0.4em; }}"
        )
        self.signature.hide()
        self.skipped_model = SkippedModel(self)
        self.skipped = TableView("letters_skipped", self.tr("Subjects without a letter"), model=self.skipped_model)
        self.skipped.setSortingEnabled(True)
        self.skipped_label = QLabel("<b>" + self.tr("Subjects without a letter") + "</b>")
        result = QVBoxLayout(self.result_box)
        result.addWidget(self.result_title)
        result.addWidget(self.summary)
        result.addLayout(hbox(self.preview_button, self.sign_button, stretch_at=2))
        result.addWidget(self.signature)
        result.addWidget(self.skipped_label)
        result.addWidget(self.skipped, 1)
        self.result_box.hide()

        # The letters log.
        self.log_model = LettersLogModel(self)
        self.log_proxy = QSortFilterProxyModel(self)
        self.log_proxy.setSourceModel(self.log_model)
        self.log_proxy.setFilterKeyColumn(1)
        self.log_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.log_table = TableView("letters_log", self.tr("Letters log"), model=self.log_proxy)
        self.log_filter = QLineEdit()
        self.log_filter.setClearButtonEnabled(True)
        self.log_filter.setPlaceholderText(self.tr("subject"))
        self.log_filter.setAccessibleName(self.tr("Filter the letters log by subject"))
        self.returned_button = tip_button(
            self.tr("Mark &returned…"),
            self.tr("The selected letter came back undelivered (counts as a failed contact by post)"),
        )
        self.returned_button.setEnabled(False)
        self.log_refresh = QPushButton(self.tr("Re&fresh"))
        self.log_count = QLabel()
        log_box = QWidget()
        log_layout = QVBoxLayout(log_box)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.addWidget(QLabel("<h3>" + self.tr("Letters log") + "</h3>"))
        log_layout.addLayout(
            hbox(self.log_filter, self.returned_button, self.log_refresh, self.log_count, stretch_at=4)
        )
        log_layout.addWidget(self.log_table, 1)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(heading)
        top_layout.addLayout(hbox(kind_label, self.kind, self.study, stretch_at=3))
        top_layout.addWidget(self.forms)
        generate_row = QHBoxLayout()
        generate_row.addWidget(self.generate_button)
        generate_row.addWidget(self.status, 1)
        top_layout.addLayout(generate_row)
        top_layout.addWidget(self.result_box)
        top_layout.addStretch(1)
        self.top_layout = top_layout
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(log_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.year.valueChanged.connect(lambda year: self.data_cut.setDate(_qdate(default_data_cut(year, today))))
        self.ind_as_of.dateChanged.connect(self.load_plan)
        for edit in (
            self.letters_from,
            self.letters_to,
            self.calendar_from,
            self.calendar_to,
            self.data_cut,
            self.ind_as_of,
        ):
            edit.dateChanged.connect(self._check_form)
        self.study_id.textChanged.connect(self._check_form)
        self.study_id.returnPressed.connect(self.generate)
        self.generate_button.clicked.connect(self.generate)
        self.preview_button.clicked.connect(self.show_preview)
        self.sign_button.clicked.connect(self.sign)
        self.log_filter.textChanged.connect(self.log_proxy.setFilterFixedString)
        self.log_table.selectionModel().selectionChanged.connect(self._log_selection_changed)
        self.log_refresh.clicked.connect(self.refresh_log)
        self.returned_button.clicked.connect(lambda: self.mark_returned())
        self.compare_button.clicked.connect(lambda: self.rebuild_from_cut())
        self.freeze_button.clicked.connect(lambda: self.freeze())
        self.cut.currentIndexChanged.connect(self._check_form)
        desk.changed.connect(self._changed)
        self.progressed.connect(self._progressed)
        self._kind_changed()

    def _kind_titles(self) -> list[tuple[str, str]]:
        return [
            ("letters", self.tr("Visit letters")),
            ("schedule", self.tr("A subject's schedule and wallet card")),
            ("calendar", self.tr("Site calendar")),
            ("annual", self.tr("Annual status report")),
            ("ind", self.tr("IND annual report")),
        ]

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def set_sites(self, sites: tuple[str, ...]) -> None:
        current = self.site.currentData()
        self.site.clear()
        for code in sites:
            self.site.addItem(code, code)
        self.site.setCurrentIndex(max(self.site.findData(current), 0))
        self._check_form()

    def _kind_changed(self) -> None:
        self.forms.setCurrentIndex(KINDS.index(self.kind.currentData()))
        self._show_study()
        self._check_form()
        if self.kind.currentData() == "ind":
            self.load_plan()

    def _show_study(self) -> None:
        """The study choice: for the annual and IND reports, when the database holds several."""
        self.study.setVisible(self.desk.several_studies and self.kind.currentData() in ("annual", "ind"))

    def _study_changed(self) -> None:
        if self.kind.currentData() == "ind":
            self.load_plan()

    def load_plan(self) -> None:
        """Read the plan stored for the chosen IND period into the text box (nothing when
        the protocol sets no anniversary: generating says so)."""
        if self.desk.db is None or self.kind.currentData() != "ind":
            return
        from ltfu.errors import ValidationError
        from ltfu.services.ind_report import ind_period_of, ind_plan

        db, on, study = self.desk.db, to_date(self.ind_as_of), self.study.study

        def work(job: Job) -> str:
            try:
                return ind_plan(db, ind_period_of(db, on, study).end, study)
            except ValidationError:
                return ""

        self.desk.runner.read(work, on_done=self._plan_loaded)

    def _plan_loaded(self, text: str) -> None:
        if text or not self.ind_plan.toPlainText().strip():
            self.ind_plan.setPlainText(text)

    # -- the form ---------------------------------------------------------------------

    def form_problem(self) -> str:
        kind = self.kind.currentData()
        if kind == "letters" and to_date(self.letters_to) < to_date(self.letters_from):
            return self.tr("The range ends before it starts.")
        if kind == "schedule":
            problem = self.chosen_subject()[1]
            if problem:
                return problem
        if kind == "calendar":
            if self.site.count() == 0:
                return self.tr("No site in this database yet.")
            if to_date(self.calendar_to) < to_date(self.calendar_from):
                return self.tr("The range ends before it starts.")
        if kind == "annual":
            cut = to_date(self.data_cut)
            if cut.year != self.year.value():
                return self.tr("The data cut must fall in {0}.").format(self.year.value())
            if cut > self.desk.today:
                return self.tr("The data cut {0} is in the future (today is {1}).").format(cut, self.desk.today)
        if kind == "ind" and to_date(self.ind_as_of) > self.desk.today:
            return self.tr("The data cut {0} is in the future (today is {1}).").format(
                to_date(self.ind_as_of), self.desk.today
            )
        return ""

    def chosen_subject(self) -> tuple[str, str]:
        """(study id, problem) from what was typed in Subject, matched as the subject search
        matches: "025" finds CD1922-025; input matching several subjects is a problem."""
        typed = self.study_id.text().strip()
        if not typed:
            return "", self.tr("Enter the subject's study id.")
        needle = typed.lower()
        exact = [sid for sid in self.desk.study_ids if sid.lower() == needle]
        if exact or not self.desk.search_keys:
            return (exact or [typed])[0], ""  # (list not read yet: the service judges the id)
        found = [sid for sid, key in self.desk.search_keys if needle in key]
        if not found:
            return "", self.tr("No subject matches “{0}”.").format(typed)
        if len(found) > 1:
            some = ", ".join(found[:4]) + (", …" if len(found) > 4 else "")
            return "", self.tr("“{0}” matches {1} subjects ({2}): type more of the study id.").format(
                typed, len(found), some
            )
        return found[0], ""

    def _check_form(self) -> None:
        if self.task is not None:
            return
        problem = self.form_problem()
        self.generate_button.setEnabled(not problem and self.desk.db is not None)
        self.compare_button.setEnabled(self.cut.currentData() is not None and self.desk.db is not None)
        self.freeze_button.setVisible(self.desk.may("freeze_data"))  # the rights of whoever signed in since
        self.generate_button.setToolTip(problem or self.tr("Make the document (in the background)"))
        self.status.setText(problem)

    def shown(self) -> None:
        cast(QStringListModel, self.completer.model()).setStringList(list(self.desk.study_ids))  # QCompleter(list)'s
        self._check_form()
        if not self.has_loaded:
            self.reload()

    # -- generating -------------------------------------------------------------------

    def generate(self) -> Any:
        """Make the chosen document in the background; returns the task (None when not possible)."""
        if self.desk.db is None or self.task is not None or self.form_problem():
            return None
        kind = self.kind.currentData()
        work, write, text = getattr(self, f"_{kind}_work")()
        return self._start(work, write, text, kind in SIGNED_KINDS)

    def _start(self, work: Callable[[Job], Output], write: bool, text: str, cancellable: bool) -> Any:
        self.progress_log = []
        self.generate_button.setEnabled(False)
        self.status.setText(text)
        start = self.desk.runner.write if write else self.desk.runner.read
        self.task = start(work, on_done=self._generated, on_error=self._failed, label=text, cancellable=cancellable)
        self.task.ended.connect(self._ended)
        return self.task

    def _letters_work(self) -> tuple[Callable[[Job], Output], bool, str]:
        from ltfu.services.letters import make_letters

        db, today = self.desk.db, self.desk.today
        first, last, physician = to_date(self.letters_from), to_date(self.letters_to), self.physician.isChecked()

        def work(job: Job) -> Output:
            run = make_letters(db, first, last, today, physician_letters=physician, log=True)
            languages = {lang for _s, _v, lang in run.printed}
            facts = [
                QCoreApplication.translate(
                    "ReportsPage", "{0} letter(s) for visit windows opening {1} – {2}, logged as printed on {3}."
                ).format(len(run.printed), first, last, today)
            ]
            if languages:
                counts = ", ".join(
                    f"{sum(1 for p in run.printed if p[2] == lang)} {_language_name(lang)}"
                    for lang in sorted(languages)
                )
                facts.append(QCoreApplication.translate("ReportsPage", "Languages: {0}.").format(counts))
            if run.skipped:
                facts.append(
                    QCoreApplication.translate(
                        "ReportsPage", "{0} subject(s) get no letter; the reasons are below."
                    ).format(len(run.skipped))
                )
            if run.pdf is None:
                facts.append(
                    QCoreApplication.translate(
                        "ReportsPage", "No letter to print: no subject's next visit window opens in this range."
                    )
                )
            return Output(
                "letters",
                QCoreApplication.translate("ReportsPage", "Visit letters {0} – {1}").format(first, last),
                f"letters-{first}-{last}.pdf",
                run.pdf,
                tuple(facts),
                skipped=run.skipped,
            )

        return work, True, self.tr("Printing the letters…")

    def _schedule_work(self) -> tuple[Callable[[Job], Output], bool, str]:
        from ltfu.services.letters import schedule_pdf

        db, today, study_id = self.desk.db, self.desk.today, self.chosen_subject()[0]

        def work(job: Job) -> Output:
            pdf = schedule_pdf(db, study_id, today)
            return Output(
                "schedule",
                QCoreApplication.translate("ReportsPage", "Schedule and wallet card of {0}").format(study_id),
                f"schedule-{study_id}.pdf",
                pdf,
                (
                    QCoreApplication.translate(
                        "ReportsPage", "Every visit of {0} to year 15 with its window and status, as of {1}."
                    ).format(study_id, today),
                ),
            )

        return work, False, self.tr("Making the schedule…")

    def _calendar_work(self) -> tuple[Callable[[Job], Output], bool, str]:
        from ltfu.services.letters import calendar_pdf

        db, today, site = self.desk.db, self.desk.today, self.site.currentData()
        first, last = to_date(self.calendar_from), to_date(self.calendar_to)

        def work(job: Job) -> Output:
            pdf = calendar_pdf(db, site, first, last, today)
            return Output(
                "calendar",
                QCoreApplication.translate("ReportsPage", "Site calendar {0}, {1} – {2}").format(site, first, last),
                f"calendar-{site}-{first}-{last}.pdf",
                pdf,
                (
                    QCoreApplication.translate(
                        "ReportsPage", "Open visits of site {0} with a nominal date from {1} to {2}, week by week."
                    ).format(site, first, last),
                ),
            )

        return work, False, self.tr("Making the site calendar…")

    def _annual_work(self) -> tuple[Callable[[Job], Output], bool, str]:
        db, today, year, as_of = self.desk.db, self.desk.today, self.year.value(), to_date(self.data_cut)
        language, study = self.report_language.currentData(), self.study.study
        page_progress = self.progressed

        def work(job: Job) -> Output:
            # Imported here, on the worker: the statistics behind it take a second to load.
            from ltfu.services.annual_report import ReportRequest, reporting_period, show_annual_report

            progress = page_progress_of(job, page_progress)

            shown = show_annual_report(db, year, ReportRequest(as_of, today, language, study), progress)
            start, end = reporting_period(year, as_of, today)
            signed = shown.signature is not None
            name = f"annual-report-{year}" if language == "en" else f"annual-report-{year}-{language}"
            return Output(
                "annual",
                QCoreApplication.translate("ReportsPage", "Annual status report {0}").format(year),
                name + ("-signed.pdf" if signed else ".pdf"),
                shown.pdf,
                (
                    QCoreApplication.translate("ReportsPage", "Reporting period {0} – {1}; data cut {2}.").format(
                        start, end, as_of
                    ),
                    QCoreApplication.translate(
                        "ReportsPage", "Data hash (SHA-256) {0}: the same data gives the same numbers."
                    ).format(shown.data_hash),
                )
                + (() if signed else (QCoreApplication.translate("ReportsPage", "Not signed yet."),)),
                year=year,
                as_of=as_of,
                data_hash=shown.data_hash,
                signature=shown.signature,
                language=language,
                study=study,
            )

        return work, False, self.tr("Building the annual status report…")

    def _ind_work(self) -> tuple[Callable[[Job], Output], bool, str]:
        db, today, on = self.desk.db, self.desk.today, to_date(self.ind_as_of)
        language, study = self.ind_language.currentData(), self.study.study
        actor = self.desk.actor
        plan = self.ind_plan.toPlainText().strip() if actor is None or actor.may("write_plan") else ""
        page_progress = self.progressed

        def work(job: Job) -> Output:
            from ltfu.services.annual_report import ReportRequest
            from ltfu.services.ind_report import ind_period_of, save_ind_plan, show_ind_report

            progress = page_progress_of(job, page_progress)

            period = ind_period_of(db, on, study)
            if plan:
                save_ind_plan(db, period.end, plan, study)
            shown = show_ind_report(db, ReportRequest(on, today, language, study), progress)
            signed = shown.signature is not None
            name = f"ind-report-{period.end}" + ("" if language == "en" else f"-{language}")
            return Output(
                "ind",
                QCoreApplication.translate("ReportsPage", "IND annual report, period ending {0}").format(period.end),
                name + ("-signed.pdf" if signed else ".pdf"),
                shown.pdf,
                (
                    QCoreApplication.translate("ReportsPage", "Reporting period {0} – {1}; due {2}.").format(
                        period.start, period.end, period.due
                    ),
                    QCoreApplication.translate(
                        "ReportsPage", "Data hash (SHA-256) {0}: the same data gives the same numbers."
                    ).format(shown.data_hash),
                )
                + (() if signed else (QCoreApplication.translate("ReportsPage", "Not signed yet."),)),
                as_of=on,
                data_hash=shown.data_hash,
                signature=shown.signature,
                language=language,
                study=study,
            )

        return work, bool(plan), self.tr("Building the IND annual report…")

    def _progressed(self, text: str) -> None:
        self.progress_log.append(text)
        if self.task is not None:
            self.status.setText(text + "…" if text != progress_text(ReportStep.DONE) else text)

    def _generated(self, output: Output) -> None:
        self.show_output(output)
        if output.pdf is not None:
            self.show_preview()
        self.status.setText(self.tr("Made: {0}.").format(output.title))
        if output.kind == "letters":
            if not self.has_loaded:
                self.refresh_log()
            self.desk.notify(Change.of("letters"))  # the log below reads them on the notice
        self.generated.emit(output)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Not made."))
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _ended(self) -> None:
        task, self.task = self.task, None
        if task is not None and task.job.cancelled:
            self.status.setText(self.tr("Stopped; nothing was made."))
        self.generate_button.setEnabled(not self.form_problem() and self.desk.db is not None)

    def show_output(self, output: Output) -> None:
        self.output = output
        pages = output.pages
        self.result_title.setText(f"<h3>{_html(output.title)}</h3>")
        facts = list(output.facts)
        if output.pdf:
            facts.insert(
                0,
                self.tr("{0} page(s), {1}.").format(pages, size_text(len(output.pdf))),
            )
        self.summary.setText("\n".join(facts))
        self.preview_button.setEnabled(output.pdf is not None)
        self.sign_button.setVisible(output.kind in SIGNED_KINDS)
        self._update_sign()
        self.signature.setVisible(output.signature is not None)
        if output.signature is not None:
            self.signature.setText(signature_text(output.signature))
            self.signature.setToolTip(
                self.tr("SHA-256 of the signed PDF: {0}").format(output.signature.document_sha256)
            )
        letters = output.kind == "letters"
        self.skipped_model.set_rows(output.skipped if letters else ())
        self.skipped.fit_columns_once()
        listing = letters and bool(output.skipped)
        self.skipped.setVisible(listing)
        self.skipped_label.setVisible(listing)
        # The list of skipped subjects takes the room; otherwise the box keeps its size.
        self.top_layout.setStretchFactor(self.result_box, 1 if listing else 0)
        self.result_box.show()

    def forget(self) -> None:
        """Drop the document and close its preview (signing out, closing)."""
        self.output = None
        self.shown_sha256 = None
        self.result_box.hide()
        if self.preview is not None and shiboken6.isValid(self.preview):
            self.preview.close()
        self.log_model.set_rows(())
        self.has_loaded = False

    # -- the preview ------------------------------------------------------------------

    def show_preview(self) -> PdfPreview | None:
        """Show the document's pages in the preview (one preview, reused); returns it."""
        output = self.output
        if output is None or output.pdf is None:
            return None
        preview = show_pdf(self, self.desk, output.pdf, output.title, output.file_name, reuse=self.preview)
        if preview is not self.preview:
            preview.shown.connect(self._shown)
            self.preview = preview
        if preview.shown_sha256:
            self._shown(preview.shown_sha256)
        return preview

    def _shown(self, digest: str) -> None:
        """The preview displays bytes with SHA-256 `digest`: when they are this document's, it was seen."""
        if self.output is not None and self.output.pdf is not None and sha256(self.output.pdf) == digest:
            self.shown_sha256 = digest
            self._update_sign()

    # -- signing ----------------------------------------------------------------------

    def sign_refusal(self) -> str:
        """Why Sign is not offered for the document now ("" when it is)."""
        output, actor = self.output, self.desk.actor
        if output is not None and output.signature is not None:
            return self.tr("Signed already; generate again to sign a new version")
        if actor is None:
            return self.tr(
                "Set-up mode: nobody is signed in. Only a principal investigator, signed in with their own "
                "account, signs the annual report."
            )
        if not actor.may("sign"):
            return self.tr("Only a principal investigator signs the annual report (you are signed in as {0}).").format(
                label("role", actor.role)
            )
        if output is None or output.pdf is None or self.shown_sha256 != sha256(output.pdf):
            return self.tr("Look at the report in the preview first: the signature names the exact pages shown.")
        return ""

    def _update_sign(self) -> None:
        refusal = self.sign_refusal()
        self.sign_button.setEnabled(not refusal)
        self.sign_button.setToolTip(
            refusal or self.tr("Sign the pages shown with your password and the meaning of your signature")
        )

    def sign(self) -> Any:
        output = self.output
        if output is None or output.kind not in SIGNED_KINDS or self.desk.db is None or self.sign_refusal():
            return None
        dialog = SignDialog(self.desk, output, self.shown_sha256, self)
        dialog.done.connect(self._signed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _signed(self, result: tuple[bytes, SignatureInfo]) -> None:
        pdf, info = result
        assert self.output is not None
        facts = [f for f in self.output.facts if f != self.tr("Not signed yet.")]
        signed = dataclasses.replace(
            self.output,
            pdf=pdf,
            facts=tuple(facts),
            file_name=self.output.file_name.replace(".pdf", "-signed.pdf"),
            signature=info,
            data_hash=self.output.data_hash,
        )
        self.show_output(signed)
        self.show_preview()
        self.status.setText(self.tr("Signed. Save the signed report: it is the one that verifies."))
        self.desk.notify(Change.of())  # the signature's audit entry
        self.signed.emit(info)

    # -- the letters log ----------------------------------------------------------------

    def reload(self) -> None:
        self.refresh_log()
        self.load_review()

    # -- data review: frozen cuts and source verification ----------------------------------

    def load_review(self) -> None:
        """Read the frozen data cuts and the source verification progress."""
        if self.desk.db is None:
            return
        from ltfu.services.review import data_cuts, sdv_progress

        db = self.desk.db
        self.desk.runner.read(lambda job: (data_cuts(db), sdv_progress(db)), on_done=self._review_read)

    def _review_read(self, read: tuple[Any, Any]) -> None:
        cuts, progress = read
        current = self.cut.currentData()
        self.cut.clear()
        for cut in reversed(cuts):
            self.cut.addItem(
                self.tr("Cut {0}: data up to {1}, frozen {2}").format(cut.cut_id, cut.as_of, local_time(cut.cut_at)),
                cut.cut_id,
            )
        self.cut.setCurrentIndex(max(self.cut.findData(current), 0))
        lines = [
            self.tr("Changed after the {0} cut (cut {1}): {2} record(s).").format(
                cut.as_of.year, cut.cut_id, cut.records_changed
            )
            for cut in reversed(cuts)
        ] or [self.tr("No data cut frozen yet.")]
        lines += [
            self.tr("Source verification, site {0}: {1} of {2} done visits verified.").format(
                site.site, site.visits_verified, site.visits_done
            )
            for site in progress.sites
        ]
        self.review_note.setText("\n".join(lines))
        self.review_loaded.emit()
        self._check_form()

    def freeze(self) -> Any:
        """The PI freezes the data up to a day (the data cut field's day by default), with a reason."""
        if self.desk.db is None or not self.desk.may("freeze_data"):
            return None
        from ltfu.services.review import freeze

        db, today = self.desk.db, self.desk.today
        dialog = ReasonDialog(
            self.desk,
            self.tr("Freeze the data"),
            self.tr("&Freeze"),
            self.tr(
                "Records dated up to this day are frozen: they can still be corrected, but only with a reason, and "
                "each correction is listed against the cut. A report signed now can be rebuilt exactly from the cut."
            ),
            lambda reason, day: lambda job: freeze(db, day or today, reason, today),
            with_date=True,
            parent=self,
        )
        assert dialog.date is not None  # asked for
        dialog.date.setDate(self.data_cut.date())
        dialog.done.connect(lambda _cut: self.load_review())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def rebuild_from_cut(self) -> Any:
        """The annual report from the chosen cut's data, compared with its signature and today's data."""
        cut_id = self.cut.currentData()
        if self.desk.db is None or self.task is not None or cut_id is None:
            return None
        db, today, year, study = self.desk.db, self.desk.today, self.year.value(), self.study.study
        language = self.report_language.currentData()
        page_progress = self.progressed

        def work(job: Job) -> Output:
            from ltfu.services.annual_report import rebuild_from_cut

            rebuilt = rebuild_from_cut(
                db, year, cut_id, page_progress_of(job, page_progress), today=today, language=language, study=study
            )
            return _rebuilt_output(rebuilt, year, language)

        task = self._start(work, False, self.tr("Rebuilding the annual status report from the cut…"), True)
        task.ended.connect(self.load_review)  # the corrections since, as the comparison found them
        return task

    def refresh_log(self) -> None:
        if self.desk.db is None:
            return
        from ltfu.services.letters import letter_log

        db, model = self.desk.db, self.log_model
        self.desk.runner.read(lambda job: model.prepare(letter_log(db)), on_done=self._log_read)

    def _log_read(self, prepared: Any) -> None:
        self.log_model.set_prepared(prepared)
        self.log_table.fit_columns_once()
        returned = sum(1 for r in self.log_model.rows if r.returned_mail)
        self.log_count.setText(self.tr("{0} letters, {1} returned").format(self.log_model.rowCount(), returned))
        self.has_loaded = True
        self._log_selection_changed()
        self.log_loaded.emit()

    def selected_letter(self) -> LetterLogRow | None:
        row = self.log_table.current_source_row()
        return self.log_model.row(row) if row is not None else None

    def _log_selection_changed(self) -> None:
        letter = self.selected_letter()
        self.returned_button.setEnabled(letter is not None and not letter.returned_mail)

    def mark_returned(self) -> Any:
        letter = self.selected_letter()
        if letter is None or letter.returned_mail:
            return None
        dialog = MarkReturnedDialog(self.desk, letter, self)
        dialog.done.connect(lambda _r: self._returned(letter))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _returned(self, letter: LetterLogRow) -> None:
        self.status.setText(
            self.tr("Letter to {0} marked returned; a failed contact attempt by post was recorded.").format(
                letter.study_id
            )
        )
        # Marking it returned also recorded a failed contact attempt by post.
        self.desk.notify(Change.of("letters", "contacts", subjects=(letter.study_id,)))


def signature_text(info: SignatureInfo) -> str:
    signed_at = info.signed_at if info.signed_at.tzinfo else info.signed_at.replace(tzinfo=dt.UTC)
    text = QCoreApplication.translate(
        "ReportsPage", "Signed by {0} ({1}), meaning: {2}, on {3} local time ({4} UTC). Document SHA-256 {5}…"
    ).format(
        info.printed_name,
        info.username,
        label("meaning", info.meaning),
        local_time(signed_at),
        signed_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
        info.document_sha256[:16],
    )
    return text


class SignDialog(PasswordDialog):
    """The PI's electronic signature of the annual report: password again and a meaning."""

    def __init__(self, desk: Desk, output: Output, shown_sha256: str | None, parent: QWidget | None = None) -> None:
        title = (
            self.tr("Sign the {0}").format(output.title)
            if output.kind == "ind"
            else self.tr("Sign the annual status report {0}").format(output.year)
        )
        super().__init__(desk, title, self.tr("&Sign"), parent)
        from ltfu.services.browse import SIGNATURE_MEANINGS

        self.output = output
        self.shown_sha256 = shown_sha256
        actor = desk.db.actor
        what = (
            output.title
            if output.kind == "ind"
            else self.tr("the annual status report {0} (data cut {1})").format(output.year, output.as_of)
        )
        intro = QLabel(
            self.tr(
                "You sign {0} as {1}. Your user name and password together "
                "make the signature; the report is printed with your name, the date and time and the meaning, and "
                "the signed PDF can be verified later (ltfu verify FILE)."
            ).format(what, actor.full_name if actor else "")
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.meaning = named(QComboBox(), self.tr("Meaning of the signature"))
        for meaning in SIGNATURE_MEANINGS:
            self.meaning.addItem(label("meaning", meaning), meaning)
        self.form.addRow(self.tr("&Meaning:"), self.meaning)
        self.password = password_field(self.tr("Password"))
        self.form.addRow(self.tr("&Password:"), self.password)
        self.password.textChanged.connect(self.validate)
        self.password.setFocus()
        self.validate()

    def missing(self) -> list[str]:
        return [] if self.password.text() else [self.tr("Enter your password to sign.")]

    def progress_label(self) -> str:
        return self.tr("Signing the annual status report…")

    def work(self) -> Callable[[Job], object]:
        db, today = self.desk.db, self.desk.today
        year, as_of, language, study = self.output.year, self.output.as_of, self.output.language, self.output.study
        ind = self.output.kind == "ind"
        password, meaning, shown = self.password.text(), self.meaning.currentData(), self.shown_sha256

        def run(job: Job) -> tuple[bytes, SignatureInfo]:
            from ltfu.services.annual_report import ReportRequest, sign_annual_report
            from ltfu.services.ind_report import sign_ind_report

            def progress(fraction: float, step: ReportStep) -> None:
                job.progress(round(fraction * 100), 100, progress_text(step))

            if ind:
                sign = partial(sign_ind_report, db, ReportRequest(as_of, today, language, study))
            else:
                assert year is not None  # an annual report's output always carries its year
                sign = partial(sign_annual_report, db, year, ReportRequest(as_of, today, language, study))
            return sign(password, meaning, progress, shown_sha256=shown)

        return run


class MarkReturnedDialog(DatedDialog):
    def __init__(self, desk: Desk, letter: LetterLogRow, parent: QWidget | None = None) -> None:
        super().__init__(
            desk, self.tr("Returned letter: {0}").format(letter.study_id), self.tr("&Mark returned"), parent
        )
        self.letter = letter
        intro = QLabel(
            self.tr(
                "The letter for {0} (visit {1}, to the {2}) printed on {3} came back undelivered. It also counts as "
                "a failed contact attempt by post."
            ).format(letter.study_id, letter.visit_codes, label("recipient", letter.recipient), letter.printed_on)
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.add_date(self.tr("Date the letter came back"), self.tr("&Returned on:"))
        self.validate()

    def problems(self) -> list[str]:
        found = super().problems()
        day = to_date(self.date)
        if not found and day < self.letter.printed_on:
            found = [self.tr("The letter was printed on {0}, after {1}.").format(self.letter.printed_on, day)]
        return found

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.letters import mark_returned

        db, today, letter_id, day = self.desk.db, self.desk.today, self.letter.letter_id, to_date(self.date)
        return lambda job: mark_returned(db, letter_id, day, today)


def _form() -> tuple[QFormLayout, QWidget]:
    box = QWidget()
    form = QFormLayout(box)
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    return form, box


def _note(form: QFormLayout, text: str) -> None:
    """A word-wrapped note across the form: what the report holds."""
    note = QLabel(text)
    note.setWordWrap(True)
    form.addRow(note)


def _rebuilt_output(rebuilt: Any, year: int, language: str) -> Output:
    """What the page says of a report rebuilt from a cut (`annual_report.CutRebuild`)."""
    cut, shown = rebuilt.cut, rebuilt.at_cut
    if rebuilt.identical_to_signed:
        facts = [
            QCoreApplication.translate(
                "ReportsPage", "Identical to the signed report (SHA-256 {0}), signed by {1} on {2}."
            ).format(rebuilt.sha256, shown.signature.printed_name, local_time(shown.signature.signed_at))
        ]
    else:
        facts = [
            QCoreApplication.translate("ReportsPage", "No report was signed from these data (SHA-256 {0}).").format(
                rebuilt.sha256
            )
        ]
    if rebuilt.data_changed or cut.corrections:
        facts.append(
            QCoreApplication.translate(
                "ReportsPage", "Today's data differ: changed after the {0} cut: {1} record(s)."
            ).format(cut.as_of.year, cut.records_changed)
        )
        facts += [
            QCoreApplication.translate("ReportsPage", "{0} {1} {2}: {3} → {4} on {5} by {6} ({7})").format(
                c.study_id or "",
                label("record", c.record_table),
                label("field", c.field) if c.field else "",
                c.old_value or "",
                c.new_value or "",
                local_time(c.at),
                c.user or "",
                c.reason or "",
            )
            for c in cut.corrections[:10]
        ]
    else:
        facts.append(QCoreApplication.translate("ReportsPage", "Today's data give the same numbers."))
    signed = shown.signature is not None
    return Output(
        "annual",
        QCoreApplication.translate("ReportsPage", "Annual status report {0} rebuilt from cut {1} ({2})").format(
            year, cut.cut_id, cut.as_of
        ),
        f"annual-report-{year}-cut-{cut.cut_id}" + ("-signed.pdf" if signed else ".pdf"),
        shown.pdf,
        tuple(facts),
        year=year,
        as_of=cut.as_of,
        data_hash=shown.data_hash,
        signature=shown.signature,
        language=language,
    )


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _language_name(code: str) -> str:
    return {
        "zh": QCoreApplication.translate("ReportsPage", "in Chinese"),
        "en": QCoreApplication.translate("ReportsPage", "in English"),
    }.get(code, code)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
