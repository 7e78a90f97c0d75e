"""The audit trail, newest first: who changed what, when, from what to what, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ltfu.ui import files, messages
from ltfu.ui.desk import Desk, LoadsOnDemand
from ltfu.ui.models import AuditModel
from ltfu.ui.widgets import TableView, hbox, named, tip_button

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ltfu.services.audit import AuditRow
    from ltfu.ui.worker import Job

LIMIT = 2000


class AuditPage(LoadsOnDemand, QWidget):
    """The latest entries; the whole trail (or one subject's) exports as CSV or PDF."""

    loaded = Signal()
    exported = Signal(object)

    topics = ("audit",)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.has_loaded = False
        heading = QLabel("<h2>" + self.tr("Audit trail") + "</h2>")
        intro = QLabel(
            self.tr(
                "The latest {0} entries. Every entry is chained to the one before it; `ltfu check` verifies the "
                "chain, and the full trail is part of the export. Names and addresses are audited by field only."
            ).format(LIMIT)
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("subject, user, field, reason …"))
        self.filter.setAccessibleName(self.tr("Filter the audit trail"))
        filter_label = QLabel(self.tr("&Filter:"))
        filter_label.setBuddy(self.filter)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = TableView("audit", self.tr("Audit trail"), model=self.proxy)
        self.csv_button = tip_button(
            self.tr("Export &CSV…"), self.tr("Every entry of the trail, UTC times, one row each")
        )
        self.pdf_button = tip_button(
            self.tr("Export &PDF…"), self.tr("The trail as a printed table, with the state of its hash chain")
        )
        self.only_subject = named(QCheckBox(), self.tr("Export only the selected entry's subject"))
        self._subject_scope(None)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(hbox(filter_label, self.filter, self.refresh_button))
        layout.addWidget(self.table, 1)
        layout.addLayout(hbox(self.csv_button, self.pdf_button, self.only_subject, stretch_at=3))
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.refresh_button.clicked.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        desk.changed.connect(self._changed)

    def selected_subject(self) -> str | None:
        row = self.table.current_source_row()
        return self.model.row(row).study_id if row is not None else None

    def _selection_changed(self) -> None:
        self._subject_scope(self.selected_subject())

    def _subject_scope(self, study_id: str | None) -> None:
        if study_id:
            self.only_subject.setText(self.tr("Only &subject {0} (of the selected entry)").format(study_id))
            self.only_subject.setEnabled(True)
        else:
            self.only_subject.setText(self.tr("Only one &subject (select an entry of that subject)"))
            self.only_subject.setChecked(False)
            self.only_subject.setEnabled(False)

    def export_scope(self) -> str | None:
        """The subject whose trail is exported, or None for the whole trail."""
        return self.selected_subject() if self.only_subject.isChecked() else None

    def export(self, kind: str) -> None:
        """Write the trail (whole, or the selected subject's) as CSV or PDF, where the user says."""
        if self.desk.db is None:
            return
        study_id = self.export_scope()
        stem = f"audit-trail-{study_id}" if study_id else "audit-trail"
        name = files.save_file(
            self,
            self.tr("Export the audit trail"),
            files.documents_folder() / f"{stem}.{kind}",
            self.tr("CSV files (*.csv)") if kind == "csv" else self.tr("PDF files (*.pdf)"),
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        from ltfu.services.audit_view import write_audit_csv, write_audit_pdf

        db, today = self.desk.db, self.desk.today

        def work(job: Job) -> tuple[Path, int | None]:
            if kind == "csv":
                return path, write_audit_csv(db, path, study_id)
            return write_audit_pdf(db, path, today, study_id), None

        # A write: the export is an entry of the trail itself.
        self.desk.runner.write(work, on_done=self._exported, label=self.tr("Exporting the audit trail…"))

    def _exported(self, result: tuple[Path, int | None]) -> None:
        path, entries = result
        if entries is None:
            text = self.tr("The audit trail was written to {0}.").format(path)
        else:
            text = self.tr("{0} audit entries were written to {1}.").format(entries, path)
        messages.information(self, self.tr("Audit trail exported"), text)
        self.exported.emit(path)

    def refresh(self) -> None:
        if self.desk.db is None:
            return
        from ltfu.services.audit_view import audit_trail

        db = self.desk.db
        self.desk.runner.read(lambda job: audit_trail(db, limit=LIMIT, newest_first=True), on_done=self._show)

    def _show(self, rows: Iterable[AuditRow]) -> None:
        self.model.set_rows(rows)
        self.table.fit_columns_once()
        self.has_loaded = True
        self.loaded.emit()
