"""The chart's sample dialogs: record an archived sample; move, ship, test or destroy one.

The dialogs check what they can as the user types (a date in the future, a place not
filled in); the service checks everything again (a position already taken, a sample
kept until a later date) and its refusal is shown in the dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QSpinBox, QWidget

from ltfu import vocabulary
from ltfu.ui.dialogs import ActionDialog, date_edit, to_date
from ltfu.ui.widgets import named

if TYPE_CHECKING:
    from ltfu.services.samples import SampleRow, StoragePlace
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job

# The changes of state a sample takes, in the order offered.
CHANGES = ("move", "ship", "test", "destroy")


class _SampleForm(ActionDialog):
    """What both dialogs share: a date that may not be in the future and a storage place."""

    date: QDateEdit

    def _place_fields(self) -> None:
        self.freezer, self.rack, self.box, self.position = (QLineEdit() for _ in range(4))
        for edit, name, text in (
            (self.freezer, self.tr("Freezer"), self.tr("&Freezer:")),
            (self.rack, self.tr("Rack"), self.tr("Ra&ck:")),
            (self.box, self.tr("Box"), self.tr("&Box:")),
            (self.position, self.tr("Position"), self.tr("&Position:")),
        ):
            edit.setAccessibleName(name)
            edit.setMaxLength(32 if edit is not self.freezer else 64)
            edit.textChanged.connect(self.validate)
            self.form.addRow(text, edit)

    def place(self) -> StoragePlace:
        from ltfu.services.samples import StoragePlace

        return StoragePlace(self.freezer.text(), self.rack.text(), self.box.text(), self.position.text())

    def place_missing(self) -> list[str]:
        if any(not e.text().strip() for e in (self.freezer, self.rack, self.box, self.position)):
            return [self.tr("Enter the storage place: freezer, rack, box and position.")]
        return []

    def date_problems(self) -> list[str]:
        day = to_date(self.date)
        if day > self.desk.today:
            return [self.tr("The date {0} is in the future (today is {1}).").format(day, self.desk.today)]
        return []


class SampleDialog(_SampleForm):
    """A sample drawn to archive: type, draw date, aliquots and where it is stored."""

    def __init__(self, desk: Desk, study_id: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Record a sample: {0}").format(study_id), self.tr("&Record sample"), parent)
        self.study_id = study_id
        self.sample_type = self.add_choice(
            self.tr("Sample type"), self.tr("&Type:"), "sample_type", vocabulary.SAMPLE_TYPES
        )
        self.date = self.add_field(date_edit(desk.today), self.tr("Draw date"), self.tr("&Drawn on:"))
        self.validate_on(self.date.dateChanged)
        self.aliquots = QSpinBox()
        self.aliquots.setRange(1, 999)
        self.aliquots.setAccessibleName(self.tr("Aliquots"))
        self.form.addRow(self.tr("&Aliquots:"), self.aliquots)
        self._place_fields()
        self.validate()

    def problems(self) -> list[str]:
        return self.date_problems()

    def missing(self) -> list[str]:
        return self.place_missing()

    def hint_text(self) -> str:
        return self.tr("The sample id is made from the study id, the type and the draw date; print its label next.")

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.samples import NewSample, record_sample

        db, study_id, today = self.desk.db, self.study_id, self.desk.today
        new = NewSample(self.sample_type.currentData(), to_date(self.date), self.place(), self.aliquots.value())
        return lambda job: record_sample(db, study_id, new, today)


class SampleStateDialog(_SampleForm):
    """A change to one sample: moved (or put back), shipped, tested, or destroyed."""

    def __init__(self, desk: Desk, sample: SampleRow, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Change sample {0}").format(sample.sample_code), self.tr("&Save"), parent)
        self.sample = sample
        self.change = named(QComboBox(), self.tr("Change"))
        words = {
            "move": self.tr("Move to another place (or put back in storage)"),
            "ship": self.tr("Ship"),
            "test": self.tr("Add a test (the sample is used up)"),
            "destroy": self.tr("Destroy"),
        }
        for change in CHANGES:
            # Destroying is the coordinator's (or PI's): not offered to whoever may not.
            if change != "destroy" or desk.may("destroy_samples"):
                self.change.addItem(words[change], change)
        self.form.addRow(self.tr("&Change:"), self.change)
        self.date = self.add_field(date_edit(desk.today), self.tr("Date"), self.tr("&Date:"))
        self.validate_on(self.date.dateChanged)
        self._place_fields()
        self.freezer.setText(sample.place.freezer)
        self.rack.setText(sample.place.rack)
        self.box.setText(sample.place.box)
        self.position.setText(sample.place.position)
        self.shipped_to = self.add_line(self.tr("Shipped to"), self.tr("Shipped &to:"))
        self.test_name = self.add_line(
            self.tr("Test"), self.tr("T&est:"), self.tr("e.g. RCL culture, CAR transgene qPCR")
        )
        self.result_text = self.add_line(self.tr("Result"), self.tr("Res&ult:"))
        self.reason = self.add_text(self.tr("Reason"), self.tr("Rea&son:"), lines=3)
        self.validate_on(*(e.textChanged for e in (self.shipped_to, self.test_name, self.result_text, self.reason)))
        self.change.currentIndexChanged.connect(self._change_chosen)
        self._change_chosen()

    def set_change(self, change: str) -> None:
        self.change.setCurrentIndex(self.change.findData(change))

    def current_change(self) -> str:
        return self.change.currentData()

    def _change_chosen(self) -> None:
        change = self.current_change()
        shown: dict[QWidget, bool] = {
            self.date: change != "move",
            self.freezer: change == "move",
            self.rack: change == "move",
            self.box: change == "move",
            self.position: change == "move",
            self.shipped_to: change == "ship",
            self.test_name: change == "test",
            self.result_text: change == "test",
            self.reason: change in ("move", "destroy"),
        }
        for widget, visible in shown.items():
            self.form.setRowVisible(widget, visible)
        self.validate()

    def problems(self) -> list[str]:
        change = self.current_change()
        if change == "move":
            return []
        found = self.date_problems()
        day = to_date(self.date)
        if change == "destroy" and day < self.sample.keep_until:
            found.append(
                self.tr("The sample is kept until {0}: it may be destroyed from that date on.").format(
                    self.sample.keep_until.isoformat()
                )
            )
        return found

    def missing(self) -> list[str]:
        change = self.current_change()
        if change == "move":
            return self.place_missing()
        if change == "ship" and not self.shipped_to.text().strip():
            return [self.tr("Enter where the sample goes.")]
        if change == "test" and not (self.test_name.text().strip() and self.result_text.text().strip()):
            return [self.tr("Enter the test and its result.")]
        if change == "destroy" and not self.reason.toPlainText().strip():
            return [self.tr("Give a reason: it is kept in the audit trail.")]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services import samples

        db, code, today = self.desk.db, self.sample.sample_code, self.desk.today
        change, day = self.current_change(), to_date(self.date)
        reason = self.reason.toPlainText().strip()
        if change == "move":
            place = self.place()
            return lambda job: samples.move_sample(db, code, place, today, reason or None)
        if change == "ship":
            to = self.shipped_to.text()
            return lambda job: samples.ship_sample(db, code, day, to, today)
        if change == "test":
            name, result = self.test_name.text(), self.result_text.text()
            return lambda job: samples.add_test(db, code, name, day, result, today)
        return lambda job: samples.destroy_sample(db, code, day, reason, today)
