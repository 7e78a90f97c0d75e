"""The chart's course tab: infusions (a re-infusion re-plans), immunoglobulin replacement
and the consent history, with their entry dialogs (`ltfu.services.course_records`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ltfu import vocabulary
from ltfu.ui.dialogs import DatedDialog, add_switched_date, to_date
from ltfu.ui.entry_dialogs import parse_number
from ltfu.ui.labels import date_text, label
from ltfu.ui.models import Column, RowsModel, date_column
from ltfu.ui.widgets import TableView, named, wrapped_label

if TYPE_CHECKING:
    from ltfu.services.course_records import ConsentRow, InfusionRow, MedicationRow
    from ltfu.services.database import Database
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job


@dataclass(frozen=True)
class CourseData:
    infusions: tuple[InfusionRow, ...]
    medications: tuple[MedicationRow, ...]
    consents: tuple[ConsentRow, ...]
    reconsent_due: dt.date | None


def load_course(db: Database, study_id: str, birth_year: int | None) -> CourseData:
    from ltfu.services import course_records as cr

    history = cr.consents(db, study_id)
    return CourseData(
        cr.infusions(db, study_id), cr.medications(db, study_id), history, cr.reconsent_due(birth_year, history)
    )


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class InfusionsModel(RowsModel["InfusionRow"]):
    def make_columns(self) -> list[Column[InfusionRow]]:
        return [
            Column(QCoreApplication.translate("Models", "No."), lambda r: str(r.sequence), whole=True),
            date_column(QCoreApplication.translate("Models", "Day 0"), lambda r: r.date),
            Column(QCoreApplication.translate("Models", "Dose level"), lambda r: r.dose_level, whole=True),
            Column(QCoreApplication.translate("Models", "CAR+ cells/kg"), lambda r: _number_text(r.cell_dose)),
            Column(QCoreApplication.translate("Models", "Product"), lambda r: r.product or ""),
        ]


class MedicationsModel(RowsModel["MedicationRow"]):
    def make_columns(self) -> list[Column[MedicationRow]]:
        return [
            Column(QCoreApplication.translate("Models", "Replacement"), lambda r: label("medication_kind", r.kind)),
            date_column(QCoreApplication.translate("Models", "Start"), lambda r: r.start),
            Column(
                QCoreApplication.translate("Models", "Stop"),
                lambda r: date_text(r.stop) if r.stop else QCoreApplication.translate("Models", "ongoing"),
                sort=lambda r: r.stop or dt.date.max,
                whole=True,
            ),
            Column(QCoreApplication.translate("Models", "Dose (g/kg)"), lambda r: _number_text(r.dose)),
        ]


class ConsentsModel(RowsModel["ConsentRow"]):
    def make_columns(self) -> list[Column[ConsentRow]]:
        return [
            date_column(QCoreApplication.translate("Models", "Date"), lambda r: r.date),
            Column(QCoreApplication.translate("Models", "Version"), lambda r: r.version, whole=True),
            Column(QCoreApplication.translate("Models", "Consented by"), lambda r: label("consenter", r.consented_by)),
            Column(QCoreApplication.translate("Models", "Recorded by"), lambda r: r.recorded_by or "", whole=True),
        ]


def _number_field(accessible: str) -> QLineEdit:
    field = named(QLineEdit(), accessible)
    field.setPlaceholderText(QCoreApplication.translate("CourseTab", "optional"))
    return field


def _number_problem(field: QLineEdit, what: str) -> list[str]:
    typed = field.text().strip()
    number = parse_number(typed) if typed else None
    if typed and (number is None or number <= 0):
        return [QCoreApplication.translate("CourseTab", "The {0} “{1}” is not a number above 0.").format(what, typed)]
    return []


class _CourseEntry(DatedDialog):
    """A course record of one subject; the subclass builds it (`recording`)."""

    def __init__(self, desk: Desk, study_id: str, title: str, button: str, parent: QWidget | None) -> None:
        super().__init__(desk, title.format(study_id), button, parent)
        self.study_id = study_id

    def recording(self) -> tuple[Callable[..., object], object]:
        """The service function that records, and the new record it is given."""
        raise NotImplementedError

    def work(self) -> Callable[[Job], object]:
        record, new = self.recording()
        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        return lambda job: record(db, study_id, new, today)


class InfusionDialog(_CourseEntry):
    """A re-infusion: the new Day 0, the product and the cell dose."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, study_id, self.tr("Record a re-infusion: {0}"), self.tr("&Record infusion"), parent)
        self.add_date(self.tr("Infusion date (the new Day 0)"), self.tr("&Date:"))
        self.product = named(QLineEdit(), self.tr("Product"))
        self.product.setMaxLength(64)
        self.product.setPlaceholderText(self.tr("product lot"))
        self.form.addRow(self.tr("&Product:"), self.product)
        self.cell_dose = _number_field(self.tr("Cell dose"))
        self.form.addRow(self.tr("&Cell dose (CAR+ cells/kg):"), self.cell_dose)
        self.cell_dose.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        return super().problems() + _number_problem(self.cell_dose, self.tr("cell dose"))

    def hint_text(self) -> str:
        return self.tr(
            "The plan restarts from this Day 0: visits already done or missed stay, the others are cancelled "
            "(re-infusion), and follow-up ends 15 years after this infusion."
        )

    def recording(self) -> tuple[Callable[..., object], object]:
        from ltfu.services.course_records import NewInfusion, record_infusion

        typed = self.cell_dose.text().strip()
        new = NewInfusion(
            to_date(self.date), self.product.text().strip() or None, parse_number(typed) if typed else None
        )
        return record_infusion, new


class MedicationDialog(_CourseEntry):
    """Immunoglobulin replacement: kind, start, and stop unless ongoing."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, study_id, self.tr("Record immunoglobulin replacement: {0}"), self.tr("&Record"), parent)
        self.kind = named(QComboBox(), self.tr("Replacement"))
        for value in vocabulary.MEDICATION_KINDS:
            self.kind.addItem(label("medication_kind", value), value)
        self.form.addRow(self.tr("&Replacement:"), self.kind)
        self.add_date(self.tr("Start date"), self.tr("&Start:"))
        self.ongoing = QCheckBox(self.tr("&Ongoing"))
        self.ongoing.setChecked(True)
        self.stop = add_switched_date(self, self.tr("Sto&p:"), self.ongoing, self.tr("Stop date"), False)
        self.dose = _number_field(self.tr("Dose"))
        self.form.addRow(self.tr("D&ose (g/kg):"), self.dose)
        self.dose.textChanged.connect(self.validate)
        self.validate()

    def stop_date(self) -> dt.date | None:
        return None if self.ongoing.isChecked() else to_date(self.stop)

    def problems(self) -> list[str]:
        found = super().problems()
        stop = self.stop_date()
        if stop is not None and stop < to_date(self.date):
            found.append(self.tr("The stop date {0} is before the start date {1}.").format(stop, to_date(self.date)))
        elif stop is not None and stop > self.desk.today:
            found.append(self.tr("The stop date {0} is in the future: leave the replacement ongoing.").format(stop))
        return found + _number_problem(self.dose, self.tr("dose"))

    def hint_text(self) -> str:
        return self.tr(
            "A low IgG drawn while replacement is ongoing is shown as a trough level, not as a call to start."
        )

    def recording(self) -> tuple[Callable[..., object], object]:
        from ltfu.services.course_records import NewMedication, record_medication

        typed = self.dose.text().strip()
        new = NewMedication(
            self.kind.currentData(), to_date(self.date), self.stop_date(), parse_number(typed) if typed else None
        )
        return record_medication, new


class StopMedicationDialog(DatedDialog):
    """The day an ongoing replacement stopped."""

    def __init__(self, desk: Desk, row: MedicationRow, parent: QWidget | None = None) -> None:
        super().__init__(
            desk, self.tr("Stop {0}").format(label("medication_kind", row.kind)), self.tr("&Stop replacement"), parent
        )
        self.row = row
        self.add_date(self.tr("Stop date"), self.tr("&Last day:"))
        self.validate()

    def problems(self) -> list[str]:
        day = to_date(self.date)
        if day < self.row.start:
            return [self.tr("The stop date {0} is before the start on {1}.").format(day, self.row.start)]
        return super().problems()

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.course_records import stop_medication

        db, medication_id, day, today = self.desk.db, self.row.medication_id, to_date(self.date), self.desk.today
        return lambda job: stop_medication(db, medication_id, day, today)


class ConsentDialog(_CourseEntry):
    """One informed consent: version, date and who consented."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, study_id, self.tr("Record a consent: {0}"), self.tr("&Record consent"), parent)
        self.version = named(QLineEdit(), self.tr("Consent version"))
        self.version.setMaxLength(32)
        self.form.addRow(self.tr("&Version:"), self.version)
        self.add_date(self.tr("Consent date"), self.tr("&Date:"))
        self.who = named(QComboBox(), self.tr("Consented by"))
        for value in vocabulary.CONSENTERS:
            self.who.addItem(label("consenter", value), value)
        self.form.addRow(self.tr("Consented &by:"), self.who)
        self.version.textChanged.connect(self.validate)
        self.validate()

    def missing(self) -> list[str]:
        return [] if self.version.text().strip() else [self.tr("Give the consent form's version.")]

    def hint_text(self) -> str:
        return self.tr(
            "The subject's consent version becomes the newest consent's. A minor consented by a parent or guardian "
            "consents again from 1 January of the year they turn 18."
        )

    def recording(self) -> tuple[Callable[..., object], object]:
        from ltfu.services.course_records import NewConsent, record_consent

        return record_consent, NewConsent(self.version.text().strip(), to_date(self.date), self.who.currentData())


class CourseTab(QWidget):
    """Infusions, immunoglobulin replacement and consents, each with its buttons; the
    chart opens the dialogs (`open_dialog`) and says what changed (`after`)."""

    def __init__(
        self,
        desk: Desk,
        study_id: str,
        open_dialog: Callable[[DatedDialog], object],
        after: Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk, self.study_id = desk, study_id
        self.open_dialog, self.after = open_dialog, after
        self.infusions_model = InfusionsModel(self)
        self.medications_model = MedicationsModel(self)
        self.consents_model = ConsentsModel(self)
        self.infusions_table = TableView("chart_infusions", self.tr("Infusions"))
        self.medications_table = TableView("chart_medications", self.tr("Immunoglobulin replacement"))
        self.consents_table = TableView("chart_consents", self.tr("Consents"))
        for table, model in (
            (self.infusions_table, self.infusions_model),
            (self.medications_table, self.medications_model),
            (self.consents_table, self.consents_model),
        ):
            table.setModel(model)
        self.medications_table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.infusion_button = QPushButton(self.tr("Record re-&infusion…"))
        self.medication_button = QPushButton(self.tr("Record replacement…"))
        self.stop_button = QPushButton(self.tr("Stop replacement…"))
        self.consent_button = QPushButton(self.tr("Record consent…"))
        self.reconsent_note = wrapped_label(self.tr("Re-consent"))
        self.infusion_button.clicked.connect(lambda: self.record_infusion())
        self.medication_button.clicked.connect(lambda: self.record_medication())
        self.stop_button.clicked.connect(lambda: self.stop_medication())
        self.consent_button.clicked.connect(lambda: self.record_consent())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for title, table, buttons in (
            (self.tr("Infusions"), self.infusions_table, (self.infusion_button,)),
            (self.tr("Immunoglobulin replacement"), self.medications_table, (self.medication_button, self.stop_button)),
            (self.tr("Consents"), self.consents_table, (self.consent_button,)),
        ):
            layout.addWidget(QLabel(f"<b>{title}</b>"))
            layout.addWidget(table, 1)
            row = QHBoxLayout()
            for button in buttons:
                row.addWidget(button)
            row.addStretch(1)
            layout.addLayout(row)
        layout.addWidget(self.reconsent_note)
        self._enable()

    def set_data(self, data: CourseData) -> None:
        self.infusions_model.set_rows(list(data.infusions))
        self.medications_model.set_rows(list(data.medications))
        self.consents_model.set_rows(list(data.consents))
        for table in (self.infusions_table, self.medications_table, self.consents_table):
            table.fit_columns_once()
        due = data.reconsent_due
        self.reconsent_note.setText(
            self.tr(
                "Consented by a parent or guardian: the subject consents again from {0}, when they are of age."
            ).format(date_text(due))
            if due is not None
            else ""
        )
        self.reconsent_note.setVisible(due is not None)
        self._enable()

    def selected_medication(self) -> MedicationRow | None:
        rows = self.medications_table.selectionModel().selectedRows()
        return self.medications_model.row(rows[0].row()) if rows else None

    def _enable(self) -> None:
        self.infusion_button.setEnabled(self.desk.may("enrol"))
        self.medication_button.setEnabled(self.desk.may("record"))
        self.consent_button.setEnabled(self.desk.may("record"))
        chosen = self.selected_medication()
        self.stop_button.setEnabled(chosen is not None and chosen.stop is None and self.desk.may("record"))

    def _opened(self, dialog: DatedDialog, said: str, *kinds: str) -> DatedDialog:
        dialog.done.connect(lambda _r: self.after(said, *kinds))
        self.open_dialog(dialog)
        return dialog

    def record_infusion(self) -> DatedDialog:
        return self._opened(
            InfusionDialog(self.desk, self.study_id, self),
            self.tr("Re-infusion recorded; the plan restarts."),
            "subjects",
            "visits",
        )

    def record_medication(self) -> DatedDialog:
        return self._opened(
            MedicationDialog(self.desk, self.study_id, self), self.tr("Replacement recorded."), "safety"
        )

    def stop_medication(self) -> DatedDialog | None:
        chosen = self.selected_medication()
        if chosen is None or chosen.stop is not None:
            return None
        return self._opened(StopMedicationDialog(self.desk, chosen, self), self.tr("Replacement stopped."), "safety")

    def record_consent(self) -> DatedDialog:
        return self._opened(
            ConsentDialog(self.desk, self.study_id, self), self.tr("Consent recorded."), "subjects", "safety"
        )
