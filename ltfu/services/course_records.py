"""The course after the first infusion: re-infusions, immunoglobulin replacement and
consent history (DOMAIN.md 3.9; issue 21).

- A re-infusion is a further `infusion` row: the status rules (`ltfu.schedule.status`)
  then start a new plan from its Day 0; visits of the earlier plan already done or
  missed stay, the others are cancelled with cause "reinfusion", and the 15-year end
  moves. It is refused when a visit is recorded as done on or after its date (that
  visit would change plan under the user's feet: record the re-infusion first).
- Immunoglobulin replacement (IVIG, SCIG) from a start to a stop date (none: ongoing).
  A low IgG drawn while replacement was ongoing is a trough level (`igg_low_replacement`
  on the worklist), not a call to start replacement.
- Consent history: version, date, who consented (the subject, or a parent or legal
  guardian). The subject's `consent_version` follows the newest consent. A minor
  consented by a guardian consents again from 1 January of birth year + 18 (only the
  birth year is stored: the first day the subject can be of age); until a consent by
  the subject is recorded, that is a task on the worklist (`reconsent_due`).

The checks (`*_problems`) serve the window, the command line and the CSV imports alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked, insert_new, live_by, update_versioned
from ltfu.errors import Message, ValidationError, refusal
from ltfu.services import audit, transfers
from ltfu.services.course import sync_subjects
from ltfu.services.database import Database
from ltfu.services.plausibility import EARLIEST_INFUSION, SubjectDates, date_problem, subject_dates
from ltfu.services.subjects import subject_pk
from ltfu.vocabulary import AGE_OF_MAJORITY, CONSENTERS, MEDICATION_KINDS

INFUSION_TABLE = cast(Table, m.Infusion.__table__)
MEDICATION_TABLE = cast(Table, m.Medication.__table__)
CONSENT_TABLE = cast(Table, m.Consent.__table__)
PRODUCT_LENGTH = m.Infusion.product_lot.type.length
VERSION_LENGTH = m.Consent.version.type.length


def _inserted(
    session: Session, table: Table, rows: list[dict[str, object]], reason: str | None
) -> tuple[list[int], list[audit.Entry]]:
    """Insert `rows` of a subject's table in bulk: their ids and their "create" audit entries."""
    session.flush()
    ids = insert_new(session.connection(), table, rows)
    entries = [
        audit.created_row(table.name, row_id, row, row.keys(), cast(int, row["subject_id"]), reason)
        for row_id, row in zip(ids, rows, strict=True)
    ]
    return ids, entries


RowT = TypeVar("RowT")


def _grouped(
    session: Session,
    subject_ids: list[int],
    make: Callable[..., RowT],
    columns: Sequence[Any],
    order_by: Sequence[Any],
    outerjoin: tuple[Any, Any] | None = None,
) -> dict[int, list[RowT]]:
    """Each subject's live rows of the table of `columns` (`make` of their values)."""
    key = columns[0].class_.subject_id
    found = live_by(session, key, subject_ids, *columns, order_by=order_by, outerjoin=outerjoin)
    return {sid: [make(*row[1:]) for row in rows] for sid, rows in found.items()}


def _recorded(
    db: Database,
    study_id: str,
    what: str,
    action: str,
    problems: Callable[[Session, int], list[str]],
    write: Callable[[Session, int, int | None], RowT],
) -> RowT:
    """One entry from the window or the command line: the subject's `problems` refuse it
    (a `what` refusal), else `write(session, subject, user)` stores it as `action`."""
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        found = problems(session, subject_id)
        if found:
            raise ValidationError(refusal(what, found, study_id=study_id))
        return write(session, subject_id, db.user_id(session, action))


def _plain(values: dict[str, object]) -> dict[str, object]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in values.items()}


# -- re-infusion ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewInfusion:
    """A further infusion: its date (the new Day 0), product (lot), cell dose (CAR+ cells
    per kg) and dose level (None: the subject's)."""

    date: dt.date
    product: str | None = None
    cell_dose: float | None = None
    dose_level: str | None = None


@dataclass(frozen=True)
class InfusionRow:
    infusion_id: int
    sequence: int
    date: dt.date
    dose_level: str
    cell_dose: float | None
    product: str | None

    def to_dict(self) -> dict[str, object]:
        return _plain(asdict(self))

    def describe(self) -> str:
        dose = f", {self.cell_dose:g} CAR+ cells/kg" if self.cell_dose is not None else ""
        product = f", product {self.product}" if self.product else ""
        return f"infusion {self.sequence} on {self.date} ({self.dose_level}{dose}{product})"


@dataclass(frozen=True)
class InfusionFacts:
    """What a re-infusion is checked against: the subject's infusions, dose level, the
    latest visit done, and the dates that end follow-up."""

    infusions: tuple[dt.date, ...]
    dose_level: str
    last_done: dt.date | None
    dates: SubjectDates


def infusion_facts(session: Session, subject_ids: list[int]) -> dict[int, InfusionFacts]:
    dates = subject_dates(session, subject_ids)
    infusions: dict[int, list[dt.date]] = {sid: [] for sid in subject_ids}
    levels: dict[int, str] = {}
    done: dict[int, dt.date] = {}
    for chunk in chunked(subject_ids):
        for sid, day in session.execute(
            select(m.Infusion.subject_id, m.Infusion.infusion_date).where(
                m.Infusion.subject_id.in_(chunk), m.Infusion.voided_at.is_(None)
            )
        ):
            infusions[sid].append(day)
        levels.update(session.execute(select(m.Subject.id, m.Subject.dose_level).where(m.Subject.id.in_(chunk))).all())
        for sid, last in session.execute(
            select(m.Visit.subject_id, func.max(m.Visit.actual_date))
            .where(m.Visit.subject_id.in_(chunk), m.Visit.voided_at.is_(None), m.Visit.state == "completed")
            .group_by(m.Visit.subject_id)
        ):
            if last is not None:
                done[sid] = last
    return {
        sid: InfusionFacts(tuple(sorted(infusions[sid])), levels[sid], done.get(sid), dates[sid]) for sid in subject_ids
    }


def infusion_problems(new: NewInfusion, facts: InfusionFacts, today: dt.date) -> list[str]:
    """Why `new` cannot be the subject's next infusion (empty: it can)."""
    found: list[str] = []
    day, dates = new.date, facts.dates
    if day > today:
        found.append(Message("course.infusion_future", day=day, today=today))
    elif day < EARLIEST_INFUSION:
        found.append(Message("course.infusion_early", day=day, earliest=EARLIEST_INFUSION))
    if facts.infusions and day <= facts.infusions[-1]:
        found.append(Message("course.infusion_order", latest=facts.infusions[-1], day=day))
    if dates.death is not None and day > dates.death:
        found.append(Message("course.infusion_after_death", day=day, death=dates.death))
    if dates.withdrawn is not None and day > dates.withdrawn:
        found.append(Message("course.infusion_after_withdrawal", day=day, withdrawn=dates.withdrawn))
    if facts.last_done is not None and day <= facts.last_done and facts.infusions:
        found.append(Message("course.infusion_done_after", done=facts.last_done, day=day))
    if new.cell_dose is not None and not new.cell_dose > 0:
        found.append(Message("course.cell_dose", value=new.cell_dose))
    if new.product is not None and len(new.product) > PRODUCT_LENGTH:
        found.append(Message("row.too_long", column="product_lot", length=len(new.product), most=PRODUCT_LENGTH))
    return found


def add_infusions(
    session: Session,
    todo: Sequence[tuple[int, NewInfusion]],
    user_id: int | None,
    reason: str | None,
    today: dt.date,
) -> list[int]:
    """Store checked re-infusions (subject, infusion) in date order and re-plan their
    subjects; returns the new infusion ids."""
    sequences: dict[int, int] = {}
    levels: dict[int, str] = {}
    for chunk in chunked(sorted({sid for sid, _ in todo})):
        sequences.update(
            session.execute(
                select(m.Infusion.subject_id, func.max(m.Infusion.sequence))
                .where(m.Infusion.subject_id.in_(chunk))
                .group_by(m.Infusion.subject_id)
            ).all()
        )
        levels.update(session.execute(select(m.Subject.id, m.Subject.dose_level).where(m.Subject.id.in_(chunk))).all())
    rows = []
    for subject_id, new in sorted(todo, key=lambda t: (t[0], t[1].date)):
        sequences[subject_id] = sequences.get(subject_id, 0) + 1
        rows.append(
            {
                "subject_id": subject_id,
                "sequence": sequences[subject_id],
                "infusion_date": new.date,
                "dose_level": new.dose_level or levels[subject_id],
                "cell_dose": new.cell_dose,
                "product_lot": new.product or None,
            }
        )
    ids, entries = _inserted(session, INFUSION_TABLE, rows, reason)
    audit.append(session, user_id, entries)
    sync_subjects(session, {sid for sid, _ in todo}, user_id, today, reason or "re-infusion recorded")
    return ids


def record_infusion(
    db: Database, study_id: str, new: NewInfusion, today: dt.date, reason: str | None = None
) -> InfusionRow:
    """Record a re-infusion: the plan restarts from its Day 0 at once (DOMAIN.md 3.9)."""

    def write(session: Session, subject_id: int, user_id: int | None) -> InfusionRow:
        add_infusions(session, [(subject_id, new)], user_id, reason, today)
        return _infusion_rows(session, subject_id)[-1]

    return _recorded(
        db,
        study_id,
        "reinfusion",
        "enrol",
        lambda session, sid: infusion_problems(new, infusion_facts(session, [sid])[sid], today),
        write,
    )


def _infusion_rows(session: Session, subject_id: int) -> list[InfusionRow]:
    i = m.Infusion
    return [
        InfusionRow(*row)
        for row in session.execute(
            select(i.id, i.sequence, i.infusion_date, i.dose_level, i.cell_dose, i.product_lot)
            .where(i.subject_id == subject_id, i.voided_at.is_(None))
            .order_by(i.infusion_date, i.id)
        )
    ]


def infusions(db: Database, study_id: str) -> tuple[InfusionRow, ...]:
    """The subject's infusions, the first one first."""
    with db.session(read_only=True) as session:
        subject_id = subject_pk(session, study_id)
        return transfers.up_to_move(session, subject_id, _infusion_rows(session, subject_id), lambda i: i.date)


# -- immunoglobulin replacement ---------------------------------------------------------------


@dataclass(frozen=True)
class NewMedication:
    kind: str  # ivig or scig
    start: dt.date
    stop: dt.date | None = None  # None: ongoing
    dose: float | None = None  # g/kg per dose

    def row(self, subject_id: int, source_file: str | None) -> dict[str, object]:
        return {
            "subject_id": subject_id,
            "kind": self.kind,
            "start_date": self.start,
            "stop_date": self.stop,
            "dose": self.dose,
            "source_file": source_file,
        }


@dataclass(frozen=True)
class MedicationRow:
    medication_id: int
    kind: str
    start: dt.date
    stop: dt.date | None
    dose: float | None

    def to_dict(self) -> dict[str, object]:
        return _plain(asdict(self))

    def describe(self) -> str:
        until = f"to {self.stop}" if self.stop else "ongoing"
        dose = f", {self.dose:g} g/kg" if self.dose is not None else ""
        return f"{self.kind.upper()} from {self.start} {until}{dose} (medication {self.medication_id})"


def medication_problems(
    new: NewMedication, dates: SubjectDates, stored: Sequence[MedicationRow], today: dt.date
) -> list[str]:
    """Why `new` cannot be recorded for the subject (empty: it can)."""
    found: list[str] = []
    if new.kind not in MEDICATION_KINDS:
        found.append(Message("row.not_one_of", column="kind", value=new.kind, allowed=MEDICATION_KINDS))
    problem = date_problem("medication", new.start, dates, today)
    if problem:
        found.append(problem)
    if new.stop is not None:
        if new.stop < new.start:
            found.append(Message("course.stop_before_start", stop=new.stop, start=new.start))
        elif new.stop > today:
            found.append(Message("course.stop_future", stop=new.stop, today=today))
    if new.dose is not None and not new.dose > 0:
        found.append(Message("course.dose", value=new.dose))
    last = new.stop or dt.date.max
    for row in stored:
        if row.kind == new.kind and row.start <= last and new.start <= (row.stop or dt.date.max):
            found.append(Message("course.overlap", medication=row.kind, start=row.start, ref=row.medication_id))
    return found


def stored_medications(session: Session, subject_ids: list[int]) -> dict[int, list[MedicationRow]]:
    md = m.Medication
    columns = (md.id, md.kind, md.start_date, md.stop_date, md.dose)
    return _grouped(session, subject_ids, MedicationRow, columns, (md.start_date, md.id))


def add_medications(
    session: Session,
    todo: Sequence[tuple[int, NewMedication]],
    user_id: int | None,
    reason: str | None,
    source_file: str | None = None,
) -> list[int]:
    rows = [new.row(sid, source_file) for sid, new in todo]
    ids, entries = _inserted(session, MEDICATION_TABLE, rows, reason)
    audit.append(session, user_id, entries)
    return ids


def record_medication(
    db: Database, study_id: str, new: NewMedication, today: dt.date, reason: str | None = None
) -> MedicationRow:
    """Record immunoglobulin replacement (IVIG or SCIG), ongoing when it has no stop date."""

    def problems(session: Session, subject_id: int) -> list[str]:
        stored = stored_medications(session, [subject_id])[subject_id]
        return medication_problems(new, subject_dates(session, [subject_id])[subject_id], stored, today)

    def write(session: Session, subject_id: int, user_id: int | None) -> MedicationRow:
        (medication_id,) = add_medications(session, [(subject_id, new)], user_id, reason)
        return MedicationRow(medication_id, new.kind, new.start, new.stop, new.dose)

    return _recorded(db, study_id, "medication", "record", problems, write)


def stop_medication(
    db: Database, medication_id: int, stop: dt.date, today: dt.date, reason: str | None = None
) -> MedicationRow:
    """Record the day an ongoing replacement stopped."""
    with db.session() as session:
        row = session.get(m.Medication, medication_id)
        if row is None or row.voided_at is not None:
            raise ValidationError(Message("course.no_medication", ref=medication_id))
        if row.stop_date is not None:
            raise ValidationError(Message("course.already_stopped", ref=medication_id, day=row.stop_date))
        if stop < row.start_date or stop > today:
            raise ValidationError(Message("course.stop_outside", stop=stop, start=row.start_date, today=today))
        user_id = db.user_id(session, "record")
        audit.update_record(session, user_id, "medication", row, {"stop_date": stop}, reason)
        return MedicationRow(row.id, row.kind, row.start_date, stop, row.dose)


def medications(db: Database, study_id: str) -> tuple[MedicationRow, ...]:
    with db.session(read_only=True) as session:
        subject_id = subject_pk(session, study_id)
        rows = stored_medications(session, [subject_id])[subject_id]
        return transfers.up_to_move(session, subject_id, rows, lambda row: row.start)


# -- consent history --------------------------------------------------------------------------


@dataclass(frozen=True)
class NewConsent:
    version: str
    date: dt.date
    consented_by: str  # subject or guardian

    def row(self, subject_id: int, source_file: str | None) -> dict[str, object]:
        return {
            "subject_id": subject_id,
            "version": self.version.strip(),
            "consent_date": self.date,
            "consented_by": self.consented_by,
            "source_file": source_file,
        }


@dataclass(frozen=True)
class ConsentRow:
    consent_id: int
    version: str
    date: dt.date
    consented_by: str
    recorded_by: str | None

    def to_dict(self) -> dict[str, object]:
        return _plain(asdict(self))

    def describe(self) -> str:
        who = "the subject" if self.consented_by == "subject" else "a parent or legal guardian"
        return f"consent version {self.version} on {self.date} by {who}"


def majority_date(birth_year: int) -> dt.date:
    """The first day a subject born in `birth_year` can be of age: 1 January of birth year + 18."""
    return dt.date(birth_year + AGE_OF_MAJORITY, 1, 1)


def consent_problems(new: NewConsent, birth_year: int | None, dates: SubjectDates, today: dt.date) -> list[str]:
    found: list[str] = []
    if not new.version.strip():
        found.append(Message("row.empty", column="version"))
    elif len(new.version) > VERSION_LENGTH:
        found.append(Message("row.too_long", column="version", length=len(new.version), most=VERSION_LENGTH))
    if new.consented_by not in CONSENTERS:
        found.append(Message("row.not_one_of", column="consented_by", value=new.consented_by, allowed=CONSENTERS))
    if new.date > today:
        found.append(Message("course.consent_future", day=new.date, today=today))
    if birth_year is not None and new.date.year < birth_year:
        found.append(Message("course.consent_before_birth", day=new.date, year=birth_year))
    if dates.death is not None and new.date > dates.death:
        found.append(Message("course.consent_after_death", day=new.date, death=dates.death))
    return found


def _consent_rows(session: Session, subject_ids: list[int]) -> dict[int, list[ConsentRow]]:
    c = m.Consent
    columns = (c.id, c.version, c.consent_date, c.consented_by, m.User.username)
    return _grouped(
        session, subject_ids, ConsentRow, columns, (c.consent_date, c.id), (m.User, m.User.id == c.recorded_by)
    )


def add_consents(
    session: Session,
    todo: Sequence[tuple[int, NewConsent]],
    user_id: int | None,
    reason: str | None,
    source_file: str | None = None,
) -> list[int]:
    """Store checked consents; each subject's consent_version follows its newest consent."""
    rows = [new.row(sid, source_file) | {"recorded_by": user_id} for sid, new in todo]
    ids, entries = _inserted(session, CONSENT_TABLE, rows, reason)
    subject_ids = sorted({sid for sid, _ in todo})
    newest = {sid: history[-1].version for sid, history in _consent_rows(session, subject_ids).items() if history}
    changes = []
    for chunk in chunked(subject_ids):
        for subject in session.scalars(select(m.Subject).where(m.Subject.id.in_(chunk))):
            old, new = subject.consent_version, newest[subject.id]
            if old != new:
                entries.append(
                    audit.Entry("update", "subject", subject.id, subject.id, "consent_version", old, new, reason)
                )
                changes.append((subject, {"consent_version": new}))
    update_versioned(session, changes)
    audit.append(session, user_id, entries)
    return ids


def subject_birth_years(session: Session, subject_ids: list[int]) -> dict[int, int | None]:
    found: dict[int, int | None] = {}
    for chunk in chunked(subject_ids):
        found.update(session.execute(select(m.Subject.id, m.Subject.birth_year).where(m.Subject.id.in_(chunk))).all())
    return found


def stored_consent_keys(session: Session, subject_ids: list[int]) -> set[tuple]:
    """(subject, version, date, who consented) of the stored consents: a re-import adds nothing."""
    return {
        (sid, row.version, row.date, row.consented_by)
        for sid, rows in _consent_rows(session, subject_ids).items()
        for row in rows
    }


def record_consent(
    db: Database, study_id: str, new: NewConsent, today: dt.date, reason: str | None = None
) -> ConsentRow:
    """Record a consent; the subject's consent version becomes the newest consent's."""

    def problems(session: Session, subject_id: int) -> list[str]:
        dates = subject_dates(session, [subject_id])[subject_id]
        return consent_problems(new, subject_birth_years(session, [subject_id])[subject_id], dates, today)

    def write(session: Session, subject_id: int, user_id: int | None) -> ConsentRow:
        (consent_id,) = add_consents(session, [(subject_id, new)], user_id, reason)
        return next(r for r in _consent_rows(session, [subject_id])[subject_id] if r.consent_id == consent_id)

    return _recorded(db, study_id, "consent", "record", problems, write)


def consents(db: Database, study_id: str) -> tuple[ConsentRow, ...]:
    """The subject's consents, oldest first."""
    with db.session(read_only=True) as session:
        subject_id = subject_pk(session, study_id)
        return transfers.up_to_move(
            session, subject_id, _consent_rows(session, [subject_id])[subject_id], lambda c: c.date
        )


def reconsent_due(birth_year: int | None, history: Sequence[ConsentRow]) -> dt.date | None:
    """From when a re-consent is due: the newest consent was a guardian's, given while the
    subject was a minor (before `majority_date`: a guardian's consent for an adult who cannot
    consent asks for none), and the subject comes of age; None when nothing is due or the
    birth year is unknown."""
    if not history or history[-1].consented_by != "guardian":
        return None
    return reconsent_due_from(birth_year, history[-1].date)


def reconsent_due_from(birth_year: int | None, consented_on: dt.date) -> dt.date | None:
    """`reconsent_due` of a subject whose newest consent is a guardian's, given on `consented_on`."""
    if birth_year is None:
        return None
    of_age = majority_date(birth_year)
    return of_age if consented_on < of_age else None
