"""The safety screen in the window (DOMAIN.md section 7): the questions with yes / no /
unknown and no answer chosen beforehand, inside the visit dialog and the dialog that
enters a returned questionnaire; `CorrectScreenDialog` corrects a stored screen's answers
(with a reason; voiding one is a reason dialog of the chart).

A "yes" to one of the five questions of special interest asks for the adverse event
afterwards: the chart opens the adverse-event entry with the category filled in, once
per "yes" (`SubjectChart.ask_adverse_events`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QGroupBox, QLabel, QRadioButton, QWidget

from ltfu.ui.dialogs import ActionDialog, ReasonDialog, date_edit, to_date
from ltfu.ui.labels import label, window_text
from ltfu.vocabulary import (
    SCREEN_ANSWERS,
    SCREEN_CATEGORY,
    SCREEN_EXTRAS,
    SCREEN_FROM_DAY,
    SCREEN_QUESTIONS,
    SCREEN_SOURCE_OF_MODE,
)

if TYPE_CHECKING:
    from ltfu.services.database import Database
    from ltfu.services.screens import NewScreen, ScreenRow
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job


def owes_screen(view: Any, code: str | None, mode: str) -> bool:
    """Whether the visit `code` of the current plan, done in `mode`, asks the safety screen."""
    if code is None or mode not in SCREEN_SOURCE_OF_MODE:
        return False
    visit = next((v for v in view.visits if v.code == code and v.infusion_date == view.infusion_date), None)
    return visit is not None and (visit.nominal_date - visit.infusion_date).days >= SCREEN_FROM_DAY


class ScreenBox(QGroupBox):
    """The questions, each with yes / no / unknown and nothing chosen: the nurse picks each."""

    changed = Signal()

    def __init__(self, extras: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Safety screen: since the last contact"), parent)
        self.groups: dict[str, QButtonGroup] = {}
        grid = QGridLayout(self)
        for column, answer in enumerate(SCREEN_ANSWERS, start=1):
            grid.addWidget(QLabel(f"<b>{label('screen_answer', answer)}</b>"), 0, column)
        questions = (*SCREEN_QUESTIONS, *SCREEN_EXTRAS) if extras else SCREEN_QUESTIONS
        for row, question in enumerate(questions, start=1):
            text = QLabel(label("screen_question", question))
            text.setWordWrap(True)
            grid.addWidget(text, row, 0)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for column, answer in enumerate(SCREEN_ANSWERS, start=1):
                button = QRadioButton()
                button.setAccessibleName(f"{label('screen_question', question)}: {label('screen_answer', answer)}")
                button.setProperty("answer", answer)
                group.addButton(button)
                grid.addWidget(button, row, column)
            group.buttonClicked.connect(lambda _button: self.changed.emit())
            self.groups[question] = group
        grid.setColumnStretch(0, 1)

    def choose(self, question: str, answer: str) -> None:
        """Pick an answer (as a click would)."""
        button = next(b for b in self.groups[question].buttons() if b.property("answer") == answer)
        button.click()

    def answer(self, question: str) -> str | None:
        checked = self.groups[question].checkedButton()
        return None if checked is None else checked.property("answer")

    def unanswered(self) -> list[str]:
        return [q for q in self.groups if self.answer(q) is None]

    def answers(self) -> NewScreen:
        from ltfu.services.screens import NewScreen

        answers = {q: self.answer(q) or "" for q in SCREEN_QUESTIONS}
        extras = {q: a for q in SCREEN_EXTRAS if q in self.groups and (a := self.answer(q))}
        return NewScreen(MappingProxyType(answers), MappingProxyType(extras))

    def missing_text(self) -> str:
        left = self.unanswered()
        if not left:
            return ""
        return self.tr("Answer every question of the safety screen ({0} left; unknown is an answer).").format(len(left))


def categories_to_report(screen: NewScreen) -> tuple[str, ...]:
    """The special-interest categories of the questions answered yes, in order."""
    return tuple(SCREEN_CATEGORY[q] for q in screen.yes_to() if q in SCREEN_CATEGORY)


class QuestionnaireDialog(ActionDialog):
    """A returned health questionnaire: saving completes the visit as a questionnaire and
    stores the answers as its safety screen."""

    def __init__(self, desk: Desk, view: Any, code: str, parent: QWidget | None = None) -> None:
        super().__init__(
            desk,
            self.tr("Questionnaire answers: {0} {1}").format(view.study_id, code),
            self.tr("&Save answers"),
            parent,
        )
        self.view, self.code = view, code
        visit = next(v for v in view.visits if v.code == code and v.infusion_date == view.infusion_date)
        intro = QLabel(
            self.tr("{0} (window {1}). Enter the answers as ticked on the returned form.").format(
                code, window_text(visit.window_start, visit.window_end)
            )
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.returned = date_edit(desk.today)
        self.returned.setAccessibleName(self.tr("Date the questionnaire was filled in"))
        self.form.addRow(self.tr("&Filled in on:"), self.returned)
        self.screen_box = ScreenBox(extras=True)
        self.form.addRow(self.screen_box)
        self.returned.dateChanged.connect(self.validate)
        self.screen_box.changed.connect(self.validate)
        self.sent_screen: NewScreen | None = None
        self.validate()

    def problems(self) -> list[str]:
        day = to_date(self.returned)
        if day > self.desk.today:
            return [self.tr("The date {0} is in the future (today is {1}).").format(day, self.desk.today)]
        if self.view.infusion_date and day < self.view.infusion_date:
            return [self.tr("The date {0} is before the infusion on {1}.").format(day, self.view.infusion_date)]
        return []

    def missing(self) -> list[str]:
        text = self.screen_box.missing_text()
        return [text] if text else []

    def hint_text(self) -> str:
        notes = []
        if self.screen_box.answer("address_changed") == "yes" or self.screen_box.answer("new_doctor") == "yes":
            notes.append(self.tr("Then update the contact details with the new address or doctor from the form."))
        if categories_to_report(self.screen_box.answers()):
            notes.append(self.tr("Each yes of special interest then opens the adverse-event entry."))
        return " ".join(notes)

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.visits import record_visit_done

        db, study_id, today, code = self.desk.db, self.view.study_id, self.desk.today, self.code
        day, screen = to_date(self.returned), self.screen_box.answers()
        self.sent_screen = screen
        return lambda job: record_visit_done(db, study_id, day, "questionnaire", today, code=code, screen=screen)

    def contact_date(self) -> dt.date:
        return to_date(self.returned)


class CorrectScreenDialog(ReasonDialog):
    """Correct some answers of a stored safety screen: the answers as stored, changed here,
    saved with a reason (each changed answer is audited)."""

    def __init__(self, desk: Desk, screen: ScreenRow, parent: QWidget | None = None) -> None:
        self.stored = screen
        db = desk.db
        super().__init__(
            desk,
            self.tr("Correct the safety screen: {0}").format(screen.visit_code or screen.contact_date.isoformat()),
            self.tr("&Save correction"),
            self.tr("The safety screen of {0} on {1} ({2}). Change the answers that were entered wrongly.").format(
                screen.visit_code or self.tr("the unscheduled visit"),
                screen.contact_date.isoformat(),
                label("screen_source", screen.source),
            ),
            lambda reason, _day: _correction(db, screen.screen_id, self.changed_answers(), reason),
            parent=parent,
        )
        self.screen_box = ScreenBox(extras=bool(screen.extras))
        for question, answer in (*screen.answers.items(), *screen.extras.items()):
            self.screen_box.choose(question, answer)
        self.form.insertRow(1, self.screen_box)
        self.screen_box.changed.connect(self.validate)
        self.validate()

    def changed_answers(self) -> dict[str, str]:
        stored = {**self.stored.answers, **self.stored.extras}
        return {q: a for q in self.screen_box.groups if (a := self.screen_box.answer(q) or "") != stored.get(q, "")}

    def missing(self) -> list[str]:
        if not hasattr(self, "screen_box") or not self.changed_answers():
            return [self.tr("Change at least one answer.")]
        return []


def _correction(db: Database, screen_id: int, answers: dict[str, str], reason: str) -> Callable[[Job], object]:
    """The write: the answers are read from the dialog when it is saved, on the window's thread."""
    from ltfu.services.screens import correct_screen

    return lambda job: correct_screen(db, screen_id, answers, reason)
