"""Every subject: search as you type (study id or name), filters, sortable columns.

Rows load on a worker thread; the model filters itself on precomputed lowercase keys,
so a keystroke costs one list comprehension and a reset after which the view paints
only the rows it shows, even with 10,000 subjects. Names are matched, never shown in
the list and never logged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from ltfu.ui.desk import CLINICAL, Change, Desk, LoadsOnDemand
from ltfu.ui.labels import label, label_codes
from ltfu.ui.models import STUDY_COLUMN, SubjectsModel
from ltfu.ui.widgets import TableView, hbox, refill_choices, tip_button
from ltfu.ui.worker import Reload

if TYPE_CHECKING:
    from ltfu.services.browse import SubjectRow
    from ltfu.ui.models import Prepared
    from ltfu.ui.worker import Job


class SubjectsPage(LoadsOnDemand, QWidget):
    loaded = Signal()
    topics = CLINICAL

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.has_loaded = False
        self.reading = Reload(desk.runner, self._show, self._failed)

        heading = QLabel("<h2>" + self.tr("Subjects") + "</h2>")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Study id or name"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search subjects"))
        self.search.setToolTip(self.tr("Type part of a study id (e.g. 017) or of a name (Ctrl+F)"))
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)
        self.site = self._combo(self.tr("All sites"), self.tr("Only this site"))
        site_label = QLabel(self.tr("S&ite:"))
        site_label.setBuddy(self.site)
        self.dose = self._combo(self.tr("All dose levels"), self.tr("Only this dose level"))
        dose_label = QLabel(self.tr("&Dose level:"))
        dose_label.setBuddy(self.dose)
        self.status = self._combo(self.tr("Any status"), self.tr("Only subjects with this status"))
        # The statuses come with the labels, not from the services: importing those
        # here would load SQLAlchemy before the window's first paint.
        for code in label_codes("subject_status"):
            self.status.addItem(label("subject_status", code), code)
        status_label = QLabel(self.tr("S&tatus:"))
        status_label.setBuddy(self.status)
        self.study = self._combo(self.tr("All studies"), self.tr("Only this study's subjects"))
        self.study_label = QLabel(self.tr("St&udy:"))
        self.study_label.setBuddy(self.study)
        self.enrol_button = tip_button(
            self.tr("&Enrol a subject…"), self.tr("Enrol one subject into a study; plans every visit from the infusion")
        )
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.dialog: QDialog | None = None
        self.count = QLabel(self.tr("Loading subjects…"))
        self.count.setAccessibleName(self.tr("Number of subjects shown"))

        self.model = SubjectsModel(self)
        self.table = TableView("subjects", self.tr("Subjects"), model=self.model)
        self.table.sort_from_first_column()
        self.table.setToolTip(self.tr("Double-click or press Enter to open the subject's chart"))
        self.table.activated_row.connect(lambda row: self.desk.open_subject(self.model.row(row).study_id))

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(hbox(search_label, self.search, self.enrol_button))
        layout.addLayout(
            hbox(
                site_label,
                self.site,
                dose_label,
                self.dose,
                status_label,
                self.status,
                self.study_label,
                self.study,
                self.count,
                stretch_at=8,
            )
        )
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(lambda text: self._filter(text=text))
        self.search.returnPressed.connect(self._open_single_match)
        self.site.currentIndexChanged.connect(lambda: self._filter(site=self.site.currentData()))
        self.dose.currentIndexChanged.connect(lambda: self._filter(dose_level=self.dose.currentData()))
        self.status.currentIndexChanged.connect(lambda: self._filter(status=self.status.currentData()))
        self.study.currentIndexChanged.connect(lambda: self._filter(study=self.study.currentData()))
        desk.changed.connect(self._changed)
        desk.studies_changed.connect(self._show_studies)
        self._show_studies()

    def _combo(self, everything: str, tooltip: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        combo.setToolTip(tooltip)
        return combo

    def set_sites(self, sites: tuple[str, ...]) -> None:
        refill_choices(self.site, sites)

    def _show_studies(self) -> None:
        """The study column and filter from two studies on."""
        several = self.desk.several_studies
        self.table.setColumnHidden(self.model.columnCount() + STUDY_COLUMN, not several)
        refill_choices(self.study, self.desk.studies)
        self.study_label.setVisible(several)
        self.study.setVisible(several)

    def enrol(self) -> QDialog | None:
        """Ask for a new subject and the study they join (the database's studies, then the
        bundled protocols not registered yet); the chart opens on the new subject."""
        if self.desk.db is None or not self.desk.may("enrol"):
            return None
        from ltfu.schedule.protocol import bundled_protocol_ids
        from ltfu.ui.entry_dialogs import EnrolDialog

        studies = tuple(dict.fromkeys((*self.desk.studies, *bundled_protocol_ids())))
        dialog = EnrolDialog(self.desk, studies, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done.connect(self._enrolled)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _enrolled(self, study_id: str) -> None:
        self.desk.notify(Change.of("subjects", subjects=(study_id,)))
        self.desk.open_subject(study_id)

    def refresh(self) -> None:
        """Read every subject again on a worker thread (display texts prepared there too)."""
        if self.desk.db is None:
            return
        self.enrol_button.setVisible(self.desk.may("enrol"))
        from ltfu.services.browse import subject_rows

        db, today, model = self.desk.db, self.desk.today, self.model

        def work(job: Job) -> Prepared[SubjectRow]:
            rows = subject_rows(db, today)
            job.check()
            return model.prepare(rows)

        self.reading.start(work)

    def forget(self) -> None:
        """Drop the rows and the read in flight (signing out): the next user's list is read anew."""
        self.reading.forget()
        self.model.set_rows(())
        self.has_loaded = False
        self.count.setText(self.tr("Loading subjects…"))

    def _failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc)

    def _show(self, prepared: Prepared[SubjectRow]) -> None:
        header = self.table.horizontalHeader()
        self.model.set_prepared(prepared)
        self.desk.study_ids = tuple(row.study_id for row in self.model.all_rows)
        # A subject enrolled into a bundled study not registered before makes it one.
        self.desk.set_studies(tuple(sorted(set(self.desk.studies).union(row.study for row in self.model.all_rows))))
        self.desk.search_keys = tuple((row.study_id, row.search_key) for row in self.model.all_rows)
        refill_choices(self.dose, tuple(sorted({row.dose_level for row in self.model.all_rows})))
        # The rows come in study id order; any other order the user chose is applied again.
        if header.sortIndicatorSection() > 0 or header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.table.fit_columns_once()
        self.has_loaded = True
        self._show_count()
        self.loaded.emit()

    def _filter(self, **changes: Any) -> None:
        current = self.table.currentIndex()
        chosen = self.model.row(current.row()).study_id if current.isValid() else None
        self.model.set_filter(**changes)
        if chosen is not None:
            # The subject the nurse was on stays selected while it still matches.
            row = next((i for i, r in enumerate(self.model.rows) if r.study_id == chosen), None)
            if row is not None:
                self.table.setCurrentIndex(self.model.index(row, current.column()))
        self._show_count()

    def _show_count(self) -> None:
        if self.has_loaded:
            self.count.setText(self.tr("{0} of {1} subjects").format(self.model.rowCount(), self.model.total))

    def _open_single_match(self) -> None:
        if self.model.rowCount() == 1:
            self.desk.open_subject(self.model.row(0).study_id)
