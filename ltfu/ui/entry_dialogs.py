"""The chart's data-entry dialogs: one laboratory result, one adverse event.

Both check as the user types (OK stays disabled and the reason is shown), using the
same vocabularies as the services (`browse.RESULT_UNITS`, `browse.AE_GRADES`); the
service checks again when it records and its refusal is shown in the dialog.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from ltfu import vocabulary
from ltfu.services.csvio import number_problem
from ltfu.ui.dialogs import ActionDialog, add_switched_date, date_edit, to_date
from ltfu.ui.labels import label
from ltfu.ui.widgets import named
from ltfu.vocabulary import fold_unit

if TYPE_CHECKING:
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job

# How the accepted units (stored folded: lower case, "u" for the micro sign) are shown.
# Each accepted unit as the window shows it, from the analytes' declarations.
UNIT_SHOWN = {key: shown for a in vocabulary.ANALYTE_DECLARATIONS for key, shown in a.spellings.items()}


def shown_unit(key: str) -> str:
    return UNIT_SHOWN.get(key, key)


def parse_number(text: str) -> float | None:
    """A number as typed ("5.2" or "5,2"); None when it is not one. The import files'
    grammar (`csvio.number_problem`): no `1_000`, `nan`, `inf` or non-ASCII digits."""
    typed = text.strip().replace(",", ".")
    if number_problem(typed, "value", signed=True):
        return None
    return float(typed)


class ResultDialog(ActionDialog):
    """One laboratory result: a value with its unit, or a category for RCL and HAMA."""

    def __init__(
        self, desk: Desk, study_id: str, death_date: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(desk, self.tr("Record a result: {0}").format(study_id), self.tr("&Record result"), parent)
        from ltfu.services.browse import ANALYTES, RESULT_CATEGORIES

        self.study_id = study_id
        self.death_date = death_date
        self.analyte = self.add_choice(self.tr("Analyte"), self.tr("&Analyte:"), "analyte", ANALYTES)
        self.date = self.add_field(date_edit(desk.today), self.tr("Sample date"), self.tr("&Date:"))

        self.value = named(QLineEdit(), self.tr("Value"))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.setAccessibleName(self.tr("Unit"))
        self.unit.setToolTip(self.tr("The units this analyte accepts; another unit is refused"))
        self.unit.setMinimumContentsLength(10)
        numeric = QWidget()
        row = QHBoxLayout(numeric)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.value, 1)
        row.addWidget(self.unit)
        self.category = named(QComboBox(), self.tr("Result"))
        for value in RESULT_CATEGORIES:
            self.category.addItem(label("category", value), value)
        self.entry = QStackedWidget()
        self.entry.addWidget(numeric)
        self.entry.addWidget(self.category)
        self.value_label = QLabel()
        self.value_label.setBuddy(self.value)
        self.form.addRow(self.value_label, self.entry)
        self.blq = self.add_field(
            QCheckBox(self.tr("&Below the limit of quantification (enter the limit as the value)")),
            self.tr("Below the limit of quantification"),
            "",
        )
        self.assay = self.add_line(self.tr("Assay"), self.tr("A&ssay:"), self.tr("optional"))

        self.analyte.currentIndexChanged.connect(self._analyte_changed)
        self.validate_on(self.date.dateChanged, self.value.textChanged, self.unit.currentTextChanged)
        self.blq.toggled.connect(self._blq_changed)
        self.set_analyte("cd19_b_cells")
        self._analyte_changed()

    def set_analyte(self, analyte: str) -> None:
        self.analyte.setCurrentIndex(self.analyte.findData(analyte))

    def current_analyte(self) -> str:
        return self.analyte.currentData()

    def categorical(self) -> bool:
        from ltfu.services.browse import CATEGORICAL_ANALYTES

        return self.current_analyte() in CATEGORICAL_ANALYTES

    def _analyte_changed(self) -> None:
        from ltfu.services.browse import RESULT_UNITS

        stored, accepted = RESULT_UNITS[self.current_analyte()]
        self.unit.blockSignals(True)
        self.unit.clear()
        for key in sorted(accepted, key=lambda k: k != fold_unit(stored)):
            self.unit.addItem(shown_unit(key), key)
        self.unit.setCurrentIndex(0)
        self.unit.blockSignals(False)
        categorical = self.categorical()
        self.entry.setCurrentIndex(1 if categorical else 0)
        self.blq.setEnabled(not categorical)
        if categorical:
            self.blq.setChecked(False)
        self._blq_changed()

    def _blq_changed(self) -> None:
        if self.categorical():
            self.value_label.setText(self.tr("&Result:"))
            self.value_label.setBuddy(self.category)
        else:
            self.value_label.setText(self.tr("&Limit (LLOQ):") if self.blq.isChecked() else self.tr("&Value:"))
            self.value_label.setBuddy(self.value)
        self.validate()

    def accepted_units(self) -> Mapping[str, float]:
        from ltfu.services.browse import RESULT_UNITS

        return RESULT_UNITS[self.current_analyte()][1]

    def problems(self) -> list[str]:
        found = []
        day = to_date(self.date)
        if day > self.desk.today:
            found.append(self.tr("The date {0} is in the future (today is {1}).").format(day, self.desk.today))
        if self.death_date is not None and day > self.death_date:
            found.append(self.tr("The date {0} is after the subject's death on {1}.").format(day, self.death_date))
        if self.categorical():
            return found
        text = self.value.text().strip()
        if text:
            number = parse_number(text)
            if number is None:
                found.append(
                    self.tr("“{0}” is not a number: type digits, with a decimal point if needed.").format(text)
                )
            elif number < 0:
                found.append(self.tr("A value cannot be negative."))
        unit = self.unit.currentText()
        accepted = self.accepted_units()
        if fold_unit(unit) not in accepted:
            found.append(
                self.tr("The unit “{0}” does not fit {1}: use {2}.").format(
                    unit.strip(),
                    label("analyte", self.current_analyte()),
                    self.tr(" or ").join(shown_unit(k) for k in accepted),
                )
            )
        return found

    def missing(self) -> list[str]:
        if not self.categorical() and not self.value.text().strip():
            if self.blq.isChecked():
                return [self.tr("Enter the limit of quantification.")]
            return [self.tr("Enter the value.")]
        return []

    def hint_text(self) -> str:
        if self.categorical():
            return ""
        from ltfu.services.browse import RESULT_UNITS

        number = parse_number(self.value.text())
        key = fold_unit(self.unit.currentText())
        stored = RESULT_UNITS[self.current_analyte()][0]
        factor = self.accepted_units().get(key, 1.0)
        if number is None:
            return ""
        parts = []
        if factor != 1.0:
            parts.append(
                self.tr("Stored in {0}: {1:g} {2} = {3:g} {0}.").format(
                    shown_unit(fold_unit(stored)), number, shown_unit(key), number * factor
                )
            )
        if self.blq.isChecked():
            parts.append(
                self.tr("Recorded as below the limit of quantification ({0:g} {1}), never as zero.").format(
                    number * factor, shown_unit(fold_unit(stored))
                )
            )
        return " ".join(parts)

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.records import NewResult, record_result

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        analyte, day = self.current_analyte(), to_date(self.date)
        assay = self.assay.text().strip() or None
        if self.categorical():
            result = NewResult(analyte, day, category=self.category.currentData(), unit="", assay=assay)
        else:
            number = parse_number(self.value.text())
            blq = self.blq.isChecked()
            result = NewResult(
                analyte,
                day,
                value=number,
                unit=self.unit.currentText().strip(),
                blq=blq,
                lloq=number if blq else None,
                assay=assay,
            )
        return lambda job: record_result(db, study_id, result, today)


STANDARD_TERMS = {
    "crs": "Cytokine release syndrome",
    "icans": "Immune effector cell-associated neurotoxicity syndrome",
}


class AdverseEventDialog(ActionDialog):
    """An adverse event graded by CTCAE v5, or CRS / ICANS by ASTCT."""

    def __init__(
        self, desk: Desk, study_id: str, death_date: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            desk, self.tr("Record an adverse event: {0}").format(study_id), self.tr("&Record adverse event"), parent
        )
        from ltfu.services.browse import AE_KINDS, SPECIAL_INTEREST

        self.study_id = study_id
        self.death_date = death_date
        self.kind = self.add_choice(self.tr("Grading system"), self.tr("&Graded by:"), "ae_kind", AE_KINDS)
        self.term = self.add_line(
            self.tr("Term"), self.tr("&Term:"), self.tr("CTCAE term, e.g. Neutrophil count decreased")
        )
        self.grade = self.add_field(QSpinBox(), self.tr("Grade"), self.tr("G&rade:"))
        self.onset = self.add_field(date_edit(desk.today), self.tr("Onset date"), self.tr("&Onset:"))
        # The reporting clocks run from the day the site first knew: today unless told.
        self.aware = date_edit(desk.today)
        self.aware.setAccessibleName(self.tr("Date the site first knew"))
        self.aware.setToolTip(
            self.tr(
                "The day the site first learnt of it; the reporting clocks run from this day, never from the onset."
            )
        )
        self.form.addRow(self.tr("Site &aware on:"), self.aware)
        self.resolved = QCheckBox(self.tr("Re&solved on"))
        self.resolution = add_switched_date(self, self.tr("Resolution:"), self.resolved, self.tr("Resolution date"), True)
        self.serious = QCheckBox(self.tr("S&erious (SAE)"))
        self.related = QCheckBox(self.tr("Re&lated to the CAR-T product"))
        self.dlt = QCheckBox(self.tr("&Dose-limiting toxicity (DLT)"))
        self.unexpected = QCheckBox(self.tr("U&nexpected"))
        self.unexpected.setToolTip(
            self.tr("Not in the reference safety information; serious, related and unexpected is a SUSAR.")
        )
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        for box in (self.serious, self.related, self.unexpected, self.dlt):
            row.addWidget(box)
        row.addStretch(1)
        self.form.addRow("", flags)
        self.special = named(QComboBox(), self.tr("Special-interest category"))
        self.special.addItem(self.tr("none"), None)
        for value in SPECIAL_INTEREST:
            self.special.addItem(label("special_interest", value), value)
        self.form.addRow(self.tr("Special &interest:"), self.special)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.validate_on(
            self.term.textChanged,
            self.grade.valueChanged,
            self.onset.dateChanged,
            self.aware.dateChanged,
            self.dlt.toggled,
        )
        self._kind_changed()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def set_special_interest(self, category: str) -> None:
        """Fill in the category (a "yes" of the safety screen asks for this event)."""
        self.special.setCurrentIndex(self.special.findData(category))
        self.screen_note = QLabel(
            self.tr("The safety screen was answered yes: {0}. Record the event, or cancel.").format(
                label("special_interest", category)
            )
        )
        self.screen_note.setWordWrap(True)
        self.form.insertRow(0, self.screen_note)

    def set_onset(self, day: dt.date) -> None:
        self.onset.setDate(QDate(day.year, day.month, day.day))

    def _kind_changed(self) -> None:
        from ltfu.services.browse import AE_GRADES

        kind = self.kind.currentData()
        low, high = AE_GRADES[kind]
        self.grade.setRange(low, high)
        standard = STANDARD_TERMS.get(kind)
        if standard is not None:
            self.term.setText(standard)
        elif self.term.text() in STANDARD_TERMS.values():
            self.term.clear()
        self.term.setReadOnly(standard is not None)
        self.grade.setToolTip(
            self.tr("ASTCT consensus grade {0} to {1} (5 = death)").format(low, high)
            if standard
            else self.tr("CTCAE v5 grade {0} to {1} (5 = death)").format(low, high)
        )
        self.validate()

    def problems(self) -> list[str]:
        found = []
        onset = to_date(self.onset)
        today = self.desk.today
        if onset > today:
            found.append(self.tr("The onset {0} is in the future (today is {1}).").format(onset, today))
        if self.death_date is not None and onset > self.death_date:
            found.append(self.tr("The onset {0} is after the subject's death on {1}.").format(onset, self.death_date))
        aware = to_date(self.aware)
        if aware < onset:
            found.append(self.tr("The site cannot have known on {0}, before the onset {1}.").format(aware, onset))
        elif aware > today:
            found.append(self.tr("The date the site knew, {0}, is in the future (today is {1}).").format(aware, today))
        if self.resolved.isChecked():
            end = to_date(self.resolution)
            if end < onset:
                found.append(self.tr("The resolution {0} is before the onset {1}.").format(end, onset))
            elif end > today:
                found.append(self.tr("The resolution {0} is in the future (today is {1}).").format(end, today))
        return found

    def missing(self) -> list[str]:
        if not self.term.text().strip():
            return [self.tr("Enter the term.")]
        return []

    def hint_text(self) -> str:
        parts = []
        if self.grade.value() == 5:
            parts.append(self.tr("Grade 5 is death: record the death itself as an event as well."))
        if self.dlt.isChecked():
            parts.append(self.tr("A DLT counts in the 3+3 dose decision; its onset must follow the infusion."))
        return " ".join(parts)

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.records import NewAdverseEvent, record_adverse_event

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        event = NewAdverseEvent(
            term=self.term.text().strip(),
            grade=self.grade.value(),
            onset=to_date(self.onset),
            kind=self.kind.currentData(),
            resolution=to_date(self.resolution) if self.resolved.isChecked() else None,
            serious=self.serious.isChecked(),
            related=self.related.isChecked(),
            dlt=self.dlt.isChecked(),
            special_interest=self.special.currentData(),
            awareness=to_date(self.aware),
            unexpected=self.unexpected.isChecked(),
        )
        return lambda job: record_adverse_event(db, study_id, event, today)


class EnrolDialog(ActionDialog):
    """Enrol one subject with their first infusion into a study: every visit of that
    study's protocol is planned from the infusion date (`done` with the study id)."""

    def __init__(self, desk: Desk, studies: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Enrol a subject"), self.tr("&Enrol"), parent)
        self.study = named(QComboBox(), self.tr("Study"))
        for study in studies:
            self.study.addItem(study, study)
        self.study_id = named(QLineEdit(), self.tr("Study id"))
        self.study_id.setPlaceholderText(self.tr("e.g. CD1922-041"))
        self.site = QComboBox()
        self.site.setEditable(True)
        self.site.setAccessibleName(self.tr("Site"))
        self.site.addItems(list(desk.sites))
        self.dose_level = named(QLineEdit(), self.tr("Dose level"))
        self.dose_level.setPlaceholderText("DL1")
        self.infusion = date_edit(desk.today)
        self.infusion.setAccessibleName(self.tr("Infusion date"))
        self.sex = named(QComboBox(), self.tr("Sex"))
        self.sex.addItem(self.tr("not given"), None)
        for code in vocabulary.SEXES:
            self.sex.addItem(label("sex", code), code)
        self.form.addRow(self.tr("St&udy:"), self.study)
        self.form.addRow(self.tr("Study &id:"), self.study_id)
        self.form.addRow(self.tr("S&ite:"), self.site)
        self.form.addRow(self.tr("&Dose level:"), self.dose_level)
        self.form.addRow(self.tr("In&fusion date (Day 0):"), self.infusion)
        self.form.addRow(self.tr("Se&x:"), self.sex)
        self.validate_on(
            self.study.currentIndexChanged,
            self.study_id.textChanged,
            self.site.currentTextChanged,
            self.dose_level.textChanged,
            self.infusion.dateChanged,
        )
        self.validate()

    def missing(self) -> list[str]:
        gaps = []
        if not self.study_id.text().strip():
            gaps.append(self.tr("Enter the subject's study id."))
        if not self.site.currentText().strip():
            gaps.append(self.tr("Enter the site code."))
        if not self.dose_level.text().strip():
            gaps.append(self.tr("Enter the dose level (e.g. DL1)."))
        return gaps

    def hint_text(self) -> str:
        return self.tr("Every visit of study {0} is planned from Day 0, {1}.").format(
            self.study.currentData(), to_date(self.infusion).isoformat()
        )

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.subjects import NewSubject, enrol

        db, today = self.desk.db, self.desk.today
        subject = NewSubject(
            study_id=self.study_id.text().strip(),
            site=self.site.currentText().strip(),
            dose_level=self.dose_level.text().strip(),
            infusion_date=to_date(self.infusion),
            sex=self.sex.currentData(),
            protocol=self.study.currentData(),
        )
        return lambda job: enrol(db, subject, today)
