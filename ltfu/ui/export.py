"""File > Export: CSV with the data dictionary, CDISC ODM, the handover archive, iCalendar.

Each export runs on the write worker (one at a time, with the progress dialog when it
takes a while) and ends with a message saying what was written where, in the
service's own words (`summary.describe()`, in the window's language).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QWidget

from ltfu.ui import files, look, messages
from ltfu.ui.desk import Change, Desk
from ltfu.ui.dialogs import ActionDialog, date_edit, next_month, to_date
from ltfu.ui.labels import message_text
from ltfu.ui.widgets import buddy_label, hbox, named

if TYPE_CHECKING:
    from ltfu.ui.worker import Job


class _Written:
    """Several ODM files written at once (one per study), described together."""

    def __init__(self, summaries: tuple[Any, ...]) -> None:
        self.summaries = summaries

    def describe(self) -> str:
        # Each summary said in the window's language (their join is no `Message`).
        return "\n".join(message_text(summary.describe()) for summary in self.summaries)


def _save_as(parent: QWidget | None, title: str, file_name: str, filters: str) -> Path | None:
    """Where to write a file like `file_name`, offered in the documents folder (its suffix
    added when not typed); None: cancelled."""
    name = files.save_file(parent, title, files.documents_folder() / file_name, filters)
    if not name:
        return None
    path, suffix = Path(name), Path(file_name).suffix
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


class ExportCsvDialog(ActionDialog):
    """Every table as CSV with the data dictionary, for a statistician or a sponsor."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Export CSV"), self.tr("&Export"), parent)
        self.add_note(
            self.tr(
                "One CSV file per table, dictionary.csv (what every column means), README.txt and a manifest with "
                "checksums. The folder must be empty or hold an earlier ltfu export, which is replaced."
            )
        )
        self.folder = named(QLineEdit(), self.tr("Export folder"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        self.form.addRow(buddy_label(self.tr("&Folder:"), self.folder), hbox(self.folder, browse))
        self.contacts = QCheckBox(self.tr("Include &contacts: names, birth dates, addresses, phone numbers"))
        actor = desk.actor
        if actor is not None and not actor.may("export_contacts"):
            self.contacts.setEnabled(False)
            self.contacts.setToolTip(self.tr("Your role may not export contact details."))
        self.form.addRow("", self.contacts)
        self.phi = QLabel(
            self.tr(
                "Protected health information: the export will identify patients. Send it only where the consent "
                "and the contract allow, keep it on encrypted storage, and never by e-mail. Without this box the "
                "export holds study ids only."
            )
        )
        self.phi.setWordWrap(True)
        pal = look.palette()
        self.phi.setStyleSheet(
            f"QLabel {{ background: {look.tint(look.WARNING_COLOUR, pal).name()}; "
            f"border: 1px solid {look.mark_colour(look.WARNING_COLOUR, pal).name()}; "
            "border-radius: 4px; padding: 0.4em; }"
        )
        self.phi.setAccessibleName(self.tr("Warning about protected health information"))
        self.phi.hide()
        self.form.addRow(self.phi)
        self.folder.textChanged.connect(self.validate)
        self.contacts.toggled.connect(self.phi.setVisible)
        self.validate()

    def _browse(self) -> None:
        name = files.choose_folder(self, self.tr("Folder for the CSV export"), files.documents_folder())
        if name:
            self.folder.setText(name)

    def missing(self) -> list[str]:
        return [] if self.folder.text().strip() else [self.tr("Choose the folder to write to.")]

    def progress_label(self) -> str:
        return self.tr("Exporting CSV…")

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.export import export_csv

        db, folder, contacts = self.desk.db, Path(self.folder.text().strip()).expanduser(), self.contacts.isChecked()
        return lambda job: export_csv(db, folder, with_contacts=contacts)


class IcalDialog(ActionDialog):
    """Open visits in a date range as an iCalendar file (study ids only, never names)."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Export visits to a calendar"), self.tr("&Export"), parent)
        intro = QLabel(
            self.tr(
                "One all-day event per open visit on its suggested day, with the window, the mode and what is done. "
                "Events name study ids only."
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        first, last = next_month(desk.today)
        self.date_from = date_edit(first)
        self.date_from.setAccessibleName(self.tr("Visits from"))
        self.date_to = date_edit(last)
        self.date_to.setAccessibleName(self.tr("Visits until"))
        self.form.addRow(self.tr("Visits &from:"), self.date_from)
        self.form.addRow(self.tr("&to:"), self.date_to)
        self.site = named(QComboBox(), self.tr("Site"))
        self.site.addItem(self.tr("All sites"), None)
        for code in desk.sites:
            self.site.addItem(code, code)
        self.form.addRow(self.tr("S&ite:"), self.site)
        self.file = named(QLineEdit(), self.tr("Calendar file"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.clicked.connect(self._browse)
        self.form.addRow(buddy_label(self.tr("F&ile:"), self.file), hbox(self.file, browse))
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.validate)
        self.file.textChanged.connect(self.validate)
        self.validate()

    def _browse(self) -> None:
        first = to_date(self.date_from)
        path = _save_as(self, self.tr("Calendar file"), f"visits-{first:%Y-%m}.ics", self.tr("iCalendar files (*.ics)"))
        if path is not None:
            self.file.setText(str(path))

    def problems(self) -> list[str]:
        if to_date(self.date_to) < to_date(self.date_from):
            return [self.tr("The range ends before it starts.")]
        return []

    def missing(self) -> list[str]:
        return [] if self.file.text().strip() else [self.tr("Choose the file to write.")]

    def progress_label(self) -> str:
        return self.tr("Writing the calendar…")

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.ical import export_ical

        db, site = self.desk.db, self.site.currentData()
        path = Path(self.file.text().strip()).expanduser()
        first, last = to_date(self.date_from), to_date(self.date_to)
        return lambda job: export_ical(db, path, first, last, site=site)


class Exporter(QObject):
    """The File > Export actions of one window; `exported(summary)` after each."""

    exported = Signal(object)

    def __init__(self, desk: Desk, window: QWidget) -> None:
        super().__init__(window)
        self.desk = desk
        # Its dialogs and messages belong to the window the menu is on.
        self.host = window
        self.dialog: ActionDialog | None = None

    def _open(self, dialog: ActionDialog) -> ActionDialog:
        dialog.done.connect(self._written)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def _written(self, summary: Any) -> None:
        messages.information(self.host, self.tr("Export written"), message_text(summary.describe()))
        self.desk.notify(Change.of())
        self.exported.emit(summary)

    def export_csv(self) -> ActionDialog | None:
        if self.desk.db is None:
            return None
        return self._open(ExportCsvDialog(self.desk, self.host))

    def export_ical(self) -> ActionDialog | None:
        if self.desk.db is None:
            return None
        return self._open(IcalDialog(self.desk, self.host))

    def export_odm(self) -> None:
        if self.desk.db is None:
            return
        path = _save_as(self.host, self.tr("CDISC ODM 1.3.2 file"), "ltfu-odm.xml", self.tr("ODM XML files (*.xml)"))
        if path is None:
            return
        from ltfu.services.odm import export_odm

        db = self.desk.db
        if not self.desk.several_studies:
            self.desk.runner.write(
                lambda job: export_odm(db, path), on_done=self._written, label=self.tr("Writing the ODM file…")
            )
            return
        # An ODM file holds one study: one file each, named by it.
        studies = self.desk.studies

        def work(job: Any) -> _Written:
            return _Written(
                tuple(export_odm(db, path.with_name(f"{path.stem}-{s}{path.suffix}"), study=s) for s in studies)
            )

        self.desk.runner.write(work, on_done=self._written, label=self.tr("Writing the ODM file…"))

    def export_archive(self) -> None:
        if self.desk.db is None:
            return
        messages.question(
            self.host,
            self.tr("Handover archive"),
            self.tr(
                "The archive holds every record, the audit trail, the data dictionary and checksums, so the study "
                "can be restored on another computer: it includes names and addresses. Store it like the database "
                "itself. Write it now?"
            ),
            self._write_archive,
        )

    def _write_archive(self) -> None:
        path = _save_as(self.host, self.tr("Handover archive"), "ltfu-archive.zip", self.tr("Zip archives (*.zip)"))
        if path is None:
            return
        from ltfu.services.archive import write_handover_archive

        db, today = self.desk.db, self.desk.today
        self.desk.runner.write(
            lambda job: write_handover_archive(db, path, today),
            on_done=self._written,
            label=self.tr("Writing the archive…"),
        )
