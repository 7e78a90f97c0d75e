"""What a printed document says, as plain frozen data.

The service layer fills these from the database and the schedule; the renderers turn
them into PDF bytes. Nothing here knows about reportlab, so a document's content can be
built and checked in tests before (and without) rendering it. Dates come in the
content (print date, data cut, "today"): the reports never read the clock.

Every class checks its own values when built and raises `ValidationError` with a
message a coordinator can act on.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ltfu import vocabulary
from ltfu.errors import ValidationError

LETTER_MODES = ("clinic", "phone")
#: Modes a schedule row may show: planned visits are clinic or phone; a done visit may
#: also have been by questionnaire or from records.
VISIT_MODES = vocabulary.VISIT_MODES
STATUSES = ("upcoming", "due", "overdue", "completed", "missed", "cancelled")
RECIPIENTS = ("patient", "physician")
#: Recipient lines that fit a window envelope's address zone (name included).
MAX_ADDRESS_LINES = 6


def _check_one_of(what: str, name: str, value: str, allowed: Collection[str]) -> None:
    if value not in allowed:
        raise ValidationError(f"{what}: {name} {value!r} is not one of {', '.join(allowed)}")


def _check_language(language: str, what: str) -> None:
    _check_one_of(what, "language", language, vocabulary.LANGUAGE)


def _check_window(start: date, end: date, what: str) -> None:
    if start > end:
        raise ValidationError(f"{what}: window {start} to {end} ends before it starts")


def _check_visit(what: str, start: date, end: date, mode: str, status: str) -> None:
    """A listed visit: its window, a visit mode and a status from the vocabulary."""
    _check_window(start, end, what)
    _check_one_of(what, "mode", mode, VISIT_MODES)
    _check_one_of(what, "status", status, STATUSES)


@dataclass(frozen=True, kw_only=True)
class Letterhead:
    """The site as printed at the top of a page: only the site, never the trial."""

    site_name: str
    address: str
    """One string; lines separated by newlines."""
    phone: str
    logo_path: Path | None = None

    def __post_init__(self) -> None:
        if not self.site_name.strip():
            raise ValidationError("letterhead: the site name is empty")

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.address.splitlines() if line.strip())


@dataclass(frozen=True, kw_only=True)
class LetterContent:
    """One visit letter (one page).

    `assessments` are protocol codes (Ex, Q, S, D, B, G, P, C, R-T, R-A, H, AE, LT, DLT);
    the renderer prints the lay phrase for each from the language's template file.
    `visit_label` may be left empty: the template's day/month/year label for the code
    is used ("Month 12 visit"). `suggested_date` comes from `ltfu.schedule.plan.suggest_date`.
    For a letter to the local physician, `recipient="physician"`, `recipient_name` and
    `address_lines` are the physician's and `patient_name` names the patient.
    `questionnaire`: the one-page health questionnaire follows the letter (a telephone
    or questionnaire visit's letter to the patient).
    """

    study_id: str
    language: str
    recipient_name: str
    address_lines: tuple[str, ...]
    visit_code: str
    window_start: date
    window_end: date
    suggested_date: date
    mode: str
    assessments: tuple[str, ...]
    site: Letterhead
    contact_phone: str
    print_date: date
    visit_label: str = ""
    recipient: str = "patient"
    patient_name: str = ""
    questionnaire: bool = False

    def __post_init__(self) -> None:
        what = f"letter for {self.study_id} visit {self.visit_code}"
        _check_language(self.language, what)
        _check_window(self.window_start, self.window_end, what)
        _check_one_of(what, "mode", self.mode, LETTER_MODES)
        _check_one_of(what, "recipient", self.recipient, RECIPIENTS)
        if not self.window_start <= self.suggested_date <= self.window_end:
            raise ValidationError(
                f"{what}: suggested date {self.suggested_date} lies outside the window "
                f"{self.window_start} to {self.window_end}"
            )
        if not self.recipient_name.strip():
            raise ValidationError(f"{what}: the recipient's name is empty")
        if not any(line.strip() for line in self.address_lines):
            raise ValidationError(f"{what}: the address is empty")
        if len(self.address_lines) + 1 > MAX_ADDRESS_LINES:
            raise ValidationError(
                f"{what}: the address has {len(self.address_lines)} lines; at most "
                f"{MAX_ADDRESS_LINES - 1} fit the envelope window"
            )
        if self.recipient == "physician" and not self.patient_name.strip():
            raise ValidationError(f"{what}: a letter to the physician needs the patient's name")
        if not isinstance(self.assessments, tuple) or not isinstance(self.address_lines, tuple):
            raise ValidationError(f"{what}: address_lines and assessments must be tuples")


@dataclass(frozen=True, kw_only=True)
class LetterBatch:
    """Letters printed together into one PDF, one page each."""

    letters: tuple[LetterContent, ...]
    data_cut: date
    """The day the plan behind these letters was read (printed in each letter's footer)."""

    def __post_init__(self) -> None:
        if not self.letters:
            raise ValidationError("there are no letters to print")


@dataclass(frozen=True, kw_only=True)
class ScheduleRow:
    """One planned visit in a subject's schedule; `cause` explains a cancellation."""

    code: str
    nominal_date: date
    window_start: date
    window_end: date
    mode: str
    assessments: tuple[str, ...]
    status: str
    actual_date: date | None = None
    cause: str | None = None

    def __post_init__(self) -> None:
        what = f"schedule row {self.code}"
        _check_visit(what, self.window_start, self.window_end, self.mode, self.status)


@dataclass(frozen=True, kw_only=True)
class SubjectSchedule:
    """A subject's whole plan (to year 15) with each visit's status as of `today`."""

    study_id: str
    language: str
    infusion_date: date
    protocol_title: str
    rows: tuple[ScheduleRow, ...]
    today: date
    site: Letterhead
    card_visits: int = 6
    """How many coming visits the wallet card lists (4 to 6 fit)."""

    def __post_init__(self) -> None:
        _check_language(self.language, f"schedule of {self.study_id}")
        if not 1 <= self.card_visits <= 6:
            raise ValidationError(f"schedule of {self.study_id}: the wallet card holds 1 to 6 visits")


@dataclass(frozen=True, kw_only=True)
class CalendarEntry:
    """A visit in the site calendar: study id only, never a name."""

    study_id: str
    visit_code: str
    window_start: date
    window_end: date
    suggested_date: date
    """The day the calendar lists the visit on: `ltfu.schedule.plan.suggest_date`, as letters and iCal."""
    mode: str
    status: str

    def __post_init__(self) -> None:
        what = f"calendar entry {self.study_id} {self.visit_code}"
        _check_visit(what, self.window_start, self.window_end, self.mode, self.status)


@dataclass(frozen=True, kw_only=True)
class CalendarWeek:
    week_start: date
    """The Monday of the week."""
    entries: tuple[CalendarEntry, ...]


@dataclass(frozen=True, kw_only=True)
class SiteCalendar:
    """The clinic's visits from `date_from` to `date_to`, one section per week."""

    site: Letterhead
    date_from: date
    date_to: date
    weeks: tuple[CalendarWeek, ...]
    language: str = "en"
    data_cut: date | None = None
    """The day the plan was read; printed in the footer when given."""

    def __post_init__(self) -> None:
        _check_language(self.language, "site calendar")
        if self.date_from > self.date_to:
            raise ValidationError(f"site calendar: {self.date_from} to {self.date_to} ends before it starts")
