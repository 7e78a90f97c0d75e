"""Visit letters, printed schedules and the site calendar: content from the current plan.

Letters are computed from the stored plan at the moment they are made (never from an
earlier run), so a changed date or a death is reflected at once. Every printed letter
is logged (`letter` table) so a coordinator sees what went out and marks returned
mail, which also counts as a failed contact attempt by post.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.errors import LtfuError, Message, NotFoundError, ValidationError
from ltfu.memory import collector_paused
from ltfu.reports.content import (
    CalendarEntry,
    CalendarWeek,
    LetterBatch,
    LetterContent,
    Letterhead,
    ScheduleRow,
    SiteCalendar,
    SubjectSchedule,
)
from ltfu.safefile import write_atomic
from ltfu.schedule.plan import suggest_date
from ltfu.services import audit
from ltfu.services.course import protocol_for
from ltfu.services.database import Database
from ltfu.services.screens import QUESTIONNAIRE_MODES
from ltfu.services.subjects import find_subject, subject_pk
from ltfu.services.visits import schedule_view
from ltfu.vocabulary import person_name


@dataclass(frozen=True)
class SkippedSubject:
    study_id: str
    reason: str


@dataclass(frozen=True)
class LetterRun:
    """What a letter run printed and whom it left out, and why."""

    date_from: dt.date
    date_to: dt.date
    printed: tuple[tuple[str, str, str], ...]  # (study id, visit code, language)
    skipped: tuple[SkippedSubject, ...]
    pdf: bytes | None

    def to_dict(self) -> dict[str, object]:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "letters": [{"subject": s, "visit": v, "language": lang} for s, v, lang in self.printed],
            "skipped": [{"subject": s.study_id, "reason": s.reason} for s in self.skipped],
        }

    def describe(self) -> str:
        lines = [f"{len(self.printed)} letter(s) for visit windows opening {self.date_from} .. {self.date_to}"]
        if self.skipped:
            lines.append(f"{len(self.skipped)} subject(s) skipped:")
            lines += [f"  {s.study_id}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)


def letterhead(site: m.Site) -> Letterhead:
    return Letterhead(site_name=site.name, address=site.address or "", phone=site.phone or "")


def _skip_reason(subject: m.Subject, contact: m.Contact | None) -> str | None:
    if subject.status == "dead":
        return Message("skip.deceased")
    if subject.status == "withdrawn" and subject.withdrawal_scope in ("visits", "all"):
        return Message("skip.withdrawn_visits" if subject.withdrawal_scope == "visits" else "skip.withdrawn_study")
    if subject.status == "lost_to_follow_up":
        return Message("skip.lost")
    if contact is None or not (contact.address or "").strip():
        if contact is not None and contact.confidential_address:
            return Message("skip.confidential")
        return Message("skip.no_address")
    return None


def _address_lines(contact: m.Contact) -> tuple[str, ...]:
    city = " ".join(p for p in (contact.postal_code, contact.city) if p)
    lines = [*(contact.address or "").splitlines(), city, contact.country or ""]
    return tuple(line.strip() for line in lines if line and line.strip())


#: Contact fields that make a new postal address.
_ADDRESS_FIELDS = ("address", "postal_code", "city", "country")


def _undelivered(session: Session, subject_ids: set[int]) -> dict[int, m.Letter]:
    """Of `subject_ids`, those whose last letter to them came back undelivered and whose
    address has not changed since the return was recorded: their letter would come back too.

    Returned letters are few, so they are read first; the audit trail tells whether an
    address was entered after the return (a later entry id).
    """
    returned = set(session.scalars(
        select(m.Letter.subject_id).where(m.Letter.returned_mail.is_(True), m.Letter.recipient == "subject")
    )) & subject_ids
    if not returned:
        return {}
    latest: dict[int, m.Letter] = {}
    for letter in session.scalars(
        select(m.Letter)
        .where(m.Letter.recipient == "subject", m.Letter.subject_id.in_(returned))
        .order_by(m.Letter.printed_on, m.Letter.id)
    ):
        latest[letter.subject_id] = letter
    latest = {subject: letter for subject, letter in latest.items() if letter.returned_mail}
    if not latest:
        return {}
    marked: dict[int | None, int] = {record: last for record, last in session.execute(
        select(m.AuditEvent.record_id, func.max(m.AuditEvent.id))
        .where(m.AuditEvent.table_name == "letter", m.AuditEvent.field == "returned_mail",
               m.AuditEvent.record_id.in_([letter.id for letter in latest.values()]))
        .group_by(m.AuditEvent.record_id)
    )}
    moved: dict[int | None, int] = {subject: last for subject, last in session.execute(
        select(m.AuditEvent.subject_id, func.max(m.AuditEvent.id))
        .where(m.AuditEvent.table_name == "contact", m.AuditEvent.action == "update",
               m.AuditEvent.field.in_(_ADDRESS_FIELDS), m.AuditEvent.subject_id.in_(list(latest)))
        .group_by(m.AuditEvent.subject_id)
    )}
    return {subject: letter for subject, letter in latest.items()
            if moved.get(subject, 0) <= marked.get(letter.id, 0)}


def letter_candidates(session: Session, date_from: dt.date, date_to: dt.date):
    """Each subject's next visit whose window opens in the range.

    Visits cancelled by death, withdrawal or loss to follow-up count too, so the run
    can say whom it skipped and why instead of leaving them out silently.
    """
    rows = session.execute(
        select(m.Visit, m.Subject, m.Contact, m.Site)
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .outerjoin(m.Contact, m.Contact.subject_id == m.Subject.id)
        .where(
            # The IN lets the worklist index seek (state, window_start); the OR alone made
            # SQLite read every planned visit (~0.4 s at 10,000 subjects).
            m.Visit.state.in_(("planned", "cancelled")),
            (m.Visit.state == "planned") | m.Visit.cause.in_(("death", "withdrawal", "lost_to_follow_up")),
            m.Visit.code.is_not(None),
            m.Visit.window_start.between(date_from, date_to),
            m.Visit.voided_at.is_(None),
            m.Subject.voided_at.is_(None),
        )
        .order_by(m.Subject.study_id, m.Visit.window_start)
    ).all()
    seen: set[int] = set()
    for visit, subject, contact, site in rows:
        if subject.id in seen:
            continue
        seen.add(subject.id)
        yield visit, subject, contact, site


def make_letters(
    db: Database,
    date_from: dt.date,
    date_to: dt.date,
    today: dt.date,
    physician_letters: bool = False,
    log: bool = True,
    output: Path | None = None,
) -> LetterRun:
    """Letters for every subject whose next visit window opens in [date_from, date_to].

    With `log`, each printed letter is recorded with the user and the day; without it
    (a preview) nothing is written. With `output`, the PDF is written there (safely,
    owner-only) in the same unit of work: a PDF that cannot be written (a full disk)
    records no letter, and a record that cannot be stored leaves no PDF.
    """
    written: list[Path] = []
    try:
        # Thousands of pages' small objects, almost none in a reference cycle: without the
        # collector's full passes over the whole process (a fifth of the time at 1,000 letters,
        # more the more letters are made).
        with collector_paused():
            return _make_letters(db, date_from, date_to, today, physician_letters, log, output, written)
    except BaseException:
        for path in written:  # the letters were not recorded after all (the commit failed)
            path.unlink(missing_ok=True)
        raise


def _make_letters(
    db: Database,
    date_from: dt.date,
    date_to: dt.date,
    today: dt.date,
    physician_letters: bool,
    log: bool,
    output: Path | None,
    written: list[Path],
) -> LetterRun:
    if date_to < date_from:
        raise ValidationError(Message("range.backwards", end=date_to, start=date_from))
    from ltfu.reports.letters import render_letters

    letters: list[LetterContent] = []
    printed: list[tuple[str, str, str]] = []
    skipped: list[SkippedSubject] = []
    with db.session() as session:
        user_id = db.user_id(session, "print") if log else None
        entries = []
        candidates = list(letter_candidates(session, date_from, date_to))
        undelivered = _undelivered(session, {subject.id for _, subject, _, _ in candidates})
        for visit, subject, contact, site in candidates:
            reason = _skip_reason(subject, contact)
            if reason is None and visit.state == "cancelled":
                reason = Message("skip.cancelled", code=visit.code, cause=visit.cause.replace("_", " "))
            if reason is None and subject.id in undelivered:
                returned = undelivered[subject.id]
                reason = Message("skip.returned", printed=returned.printed_on, returned=returned.returned_on)
            if reason is not None:
                skipped.append(SkippedSubject(subject.study_id, reason))
                continue
            assert contact is not None
            reference = f"{site.code}-{subject.id:05d}"
            common = dict(
                study_id=reference,
                language=contact.language,
                visit_code=visit.code,
                window_start=visit.window_start,
                window_end=visit.window_end,
                suggested_date=suggest_date(visit.window_start, visit.window_end, visit.nominal_date),
                mode=visit.mode or "clinic",
                assessments=tuple(visit.assessments.split()),
                site=letterhead(site),
                contact_phone=site.phone or "",
                print_date=today,
            )
            # A telephone or questionnaire visit's letter carries the health questionnaire.
            letters.append(
                LetterContent(
                    recipient_name=person_name(contact.given_name, contact.family_name),
                    address_lines=_address_lines(contact),
                    questionnaire=visit.mode in QUESTIONNAIRE_MODES,
                    **common,
                )
            )
            printed.append((subject.study_id, visit.code, contact.language))
            recipients = ["subject"]
            if physician_letters and (contact.local_physician or "").strip():
                name, *address = [line.strip() for line in contact.local_physician.splitlines() if line.strip()]
                letters.append(
                    LetterContent(
                        recipient_name=name,
                        address_lines=tuple(address),
                        recipient="physician",
                        patient_name=person_name(contact.given_name, contact.family_name),
                        **common,
                    )
                )
                recipients.append("physician")
            if log:
                for recipient in recipients:
                    row = m.Letter(
                        subject_id=subject.id,
                        recipient=recipient,
                        visit_codes=visit.code,
                        language=contact.language,
                        printed_on=today,
                        printed_by=user_id,
                    )
                    session.add(row)
                    session.flush()
                    entries.append(
                        audit.created(
                            "letter",
                            row.id,
                            {"recipient": recipient, "visit_codes": visit.code, "printed_on": today},
                            subject.id,
                        )
                    )
        if log:
            audit.append(session, user_id, entries)
        pdf = render_letters(LetterBatch(letters=tuple(letters), data_cut=today)) if letters else None
        if output is not None and pdf is not None:
            try:
                write_atomic(output, pdf)
            except OSError as exc:
                raise LtfuError(
                    Message("file.unwritable_letters", path=str(output), reason=exc.strerror or str(exc))
                ) from exc
            written.append(output)
    return LetterRun(date_from, date_to, tuple(printed), tuple(skipped), pdf)


@dataclass(frozen=True)
class LetterLogRow:
    letter_id: int
    study_id: str
    recipient: str
    visit_codes: str
    language: str
    printed_on: dt.date
    printed_by: str | None
    returned_mail: bool
    returned_on: dt.date | None


def letter_log(db: Database, study_id: str | None = None) -> tuple[LetterLogRow, ...]:
    with db.session(read_only=True) as session:
        query = (
            select(m.Letter, m.Subject.study_id, m.User.username)
            .join(m.Subject, m.Subject.id == m.Letter.subject_id)
            .outerjoin(m.User, m.User.id == m.Letter.printed_by)
            .order_by(m.Letter.printed_on.desc(), m.Letter.id.desc())
        )
        if study_id is not None:
            query = query.where(m.Letter.subject_id == subject_pk(session, study_id))
        return tuple(
            LetterLogRow(
                letter.id,
                sid,
                letter.recipient,
                letter.visit_codes,
                letter.language,
                letter.printed_on,
                user,
                letter.returned_mail,
                letter.returned_on,
            )
            for letter, sid, user in session.execute(query)
        )


def mark_returned(db: Database, letter_id: int, day: dt.date, today: dt.date) -> None:
    """Returned mail: flag the letter and count it as a failed contact attempt by post."""
    if day > today:
        raise ValidationError(Message("letter.return_future", day=day))
    with db.session() as session:
        letter = session.get(m.Letter, letter_id)
        if letter is None:
            raise NotFoundError(Message("missing.letter", letter=letter_id))
        if letter.returned_mail:
            raise ValidationError(Message("letter.returned", letter=letter_id, day=letter.returned_on))
        if day < letter.printed_on:
            raise ValidationError(Message("letter.printed_after", letter=letter_id, printed=letter.printed_on, day=day))
        user_id = db.user_id(session, "record")
        letter.returned_mail, letter.returned_on = True, day
        attempt = m.ContactAttempt(
            subject_id=letter.subject_id,
            attempt_date=day,
            channel="letter",
            outcome="returned_mail",
            note=f"letter {letter_id} returned",
            user_id=user_id,
        )
        session.add(attempt)
        session.flush()
        audit.append(
            session,
            user_id,
            [
                audit.Entry("update", "letter", letter.id, letter.subject_id, "returned_mail", False, True),
                audit.Entry("update", "letter", letter.id, letter.subject_id, "returned_on", None, day),
                audit.created(
                    "contact_attempt",
                    attempt.id,
                    {"attempt_date": day, "channel": "letter", "outcome": "returned_mail"},
                    letter.subject_id,
                ),
            ],
        )


def schedule_pdf(db: Database, study_id: str, today: dt.date) -> bytes:
    """A subject's full plan to year 15 with statuses, then the wallet card."""
    db.require("print")
    from ltfu.reports.schedules import render_schedule

    with db.session(read_only=True) as session:
        subject_id, study_id = find_subject(session, study_id)
        view = schedule_view(session, subject_id, study_id, today)
        subject = session.get(m.Subject, subject_id)
        assert subject is not None
        site = session.get(m.Site, subject.site_id)
        assert site is not None  # a foreign key
        contact = session.scalar(select(m.Contact).where(m.Contact.subject_id == subject_id))
        protocol = protocol_for(session, subject.protocol_version_id)
        content = SubjectSchedule(
            study_id=study_id,
            language=contact.language if contact else "en",
            infusion_date=view.infusion_date,  # type: ignore[arg-type]  # an enrolled subject is infused
            protocol_title=protocol.title,
            rows=tuple(
                ScheduleRow(
                    code=v.code,  # type: ignore[arg-type]  # view.visits: planned ones, with code and window
                    nominal_date=v.nominal_date,
                    window_start=v.window_start,  # type: ignore[arg-type]  # the same
                    window_end=v.window_end,  # type: ignore[arg-type]  # the same
                    mode=v.mode,
                    assessments=v.assessments,
                    status=v.status,
                    actual_date=v.actual_date,
                    cause=v.cause,
                )
                for v in view.visits
                if v.infusion_date == view.infusion_date
            ),
            today=today,
            site=letterhead(site),
        )
    return render_schedule(content)


def calendar_pdf(db: Database, site_code: str, date_from: dt.date, date_to: dt.date, today: dt.date) -> bytes:
    """The site's open visits with a suggested day in the range, week by week.

    A visit is listed on its suggested day (`suggest_date`: the nominal date moved off a
    weekend), the day its letter suggests and its iCalendar event falls on.
    """
    db.require("print")
    from ltfu.reports.schedules import render_calendar

    if date_to < date_from:
        raise ValidationError(Message("range.backwards", end=date_to, start=date_from))
    with db.session(read_only=True) as session:
        site = session.scalar(select(m.Site).where(m.Site.code == site_code))
        if site is None:
            raise NotFoundError(Message("missing.site", site=site_code))
        rows = session.execute(
            select(m.Subject.study_id, m.Visit)
            .join(m.Subject, m.Subject.id == m.Visit.subject_id)
            .where(
                m.Subject.site_id == site.id,
                m.Visit.state == "planned",
                m.Visit.code.is_not(None),
                m.Visit.window_end >= date_from,
                m.Visit.window_start <= date_to,
                m.Visit.voided_at.is_(None),
                m.Subject.voided_at.is_(None),
            )
        ).all()
        entries = []
        for study_id, visit in rows:
            assert visit.code and visit.window_start and visit.window_end  # planned visits (the query)
            day = suggest_date(visit.window_start, visit.window_end, visit.nominal_date)
            if not date_from <= day <= date_to:
                continue
            status = "overdue" if visit.window_end < today else "due" if visit.window_start <= today else "upcoming"
            entries.append(
                CalendarEntry(
                    study_id=study_id,
                    visit_code=visit.code,
                    window_start=visit.window_start,
                    window_end=visit.window_end,
                    suggested_date=day,
                    mode=visit.mode or "clinic",
                    status=status,
                )
            )
        weeks: dict[dt.date, list[CalendarEntry]] = defaultdict(list)
        for entry in sorted(entries, key=lambda e: (e.suggested_date, e.study_id)):
            weeks[entry.suggested_date - timedelta(days=entry.suggested_date.weekday())].append(entry)
        content = SiteCalendar(
            site=letterhead(site),
            date_from=date_from,
            date_to=date_to,
            weeks=tuple(CalendarWeek(week_start=w, entries=tuple(e)) for w, e in sorted(weeks.items())),
            data_cut=today,
        )
    return render_calendar(content)
