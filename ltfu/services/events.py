"""Clinical events and contact attempts: each one transaction, validated, audited.

Events that change the plan (death, withdrawal, lost to follow-up and its reversal,
relapse, progression, HSCT, new therapy) re-run the status rules for the subject in
the same transaction, so the worklist and letters follow at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked, insert_new, update_versioned
from ltfu.errors import Message, ValidationError, refusal
from ltfu.schedule.status import lost_to_follow_up_allowed
from ltfu.services import audit, transfers
from ltfu.services.course import sync_subject
from ltfu.services.database import Database
from ltfu.services.plausibility import date_problem, ending_conflict, subject_dates
from ltfu.services.screens import unreturned_questionnaires
from ltfu.services.subjects import subject_pk

ANTIGEN_MARKS = {"+": "positive", "-": "negative", "dim": "dim"}
_ANTIGEN = re.compile(r"CD(19|22)\s*(\+|-|dim)", re.IGNORECASE)
SUBJECT_STATUS_BY_EVENT = {"death": "dead", "withdrawal": "withdrawn", "lost_to_follow_up": "lost_to_follow_up"}


@dataclass(frozen=True)
class NewEvent:
    """A clinical event as entered or imported; `detail` is free text where a kind needs it."""

    kind: str
    date: dt.date
    detail: str = ""
    response: str | None = None
    mrd_negative: bool | None = None
    cd19_status: str | None = None
    cd22_status: str | None = None
    lineage_switch: bool | None = None
    death_cause: str | None = None
    withdrawal_scope: str | None = None


def parse_event(kind: str, day: dt.date, detail: str) -> NewEvent:
    """An event from the events.csv vocabulary (`CR MRD-`, `CD19-CD22+`, a scope ...)."""
    detail = detail.strip()
    if kind == "response":
        words = detail.replace("MRD-", " MRD- ").split()
        response = words[0] if words else ""
        if response not in m.RESPONSES:
            raise ValidationError(Message("event.response", value=detail))
        return NewEvent(kind, day, detail, response=response, mrd_negative=("MRD-" in words) or None)
    if kind == "relapse":
        statuses = {
            n: ANTIGEN_MARKS[mark.lower() if mark.lower() == "dim" else mark] for n, mark in _ANTIGEN.findall(detail)
        }
        return NewEvent(
            kind,
            day,
            detail,
            cd19_status=statuses.get("19"),
            cd22_status=statuses.get("22"),
            lineage_switch=True if "lineage" in detail.lower() else None,
        )
    if kind == "death":
        if not detail:
            raise ValidationError(Message("event.no_cause"))
        return NewEvent(kind, day, detail, death_cause=detail)
    if kind == "withdrawal":
        if detail not in m.WITHDRAWAL_SCOPES:
            raise ValidationError(Message("event.scope", value=detail, allowed=m.WITHDRAWAL_SCOPES))
        return NewEvent(kind, day, detail, withdrawal_scope=detail)
    if kind not in m.EVENT_KINDS:
        raise ValidationError(Message("event.unknown", value=kind, allowed=m.EVENT_KINDS))
    return NewEvent(kind, day, detail)


def _validate(session: Session, subject_id: int, event: NewEvent, today: dt.date) -> None:
    dates = subject_dates(session, [subject_id])[subject_id]
    if event.kind == "death" and dates.death is not None:
        raise ValidationError(Message("event.death_recorded", day=dates.death))
    problem = date_problem(event.kind, event.date, dates, today, post_infusion=True)
    if problem:
        raise ValidationError(problem)
    conflict = ending_conflict(session, subject_id, event.kind, event.date, event.withdrawal_scope)
    if conflict:
        raise ValidationError(refusal("event", [conflict], kind=event.kind.replace("_", " ")))
    if event_key(subject_id, event) in stored_event_keys(session, [subject_id]):
        raise ValidationError(Message("event.recorded", kind=event.kind.replace("_", " "), day=event.date))
    if event.kind == "lost_to_follow_up_reversed":
        lost = session.scalar(select(m.Subject.status).where(m.Subject.id == subject_id))
        if lost != "lost_to_follow_up":
            raise ValidationError(Message("event.not_lost"))


def event_key(subject_id: int, event: NewEvent) -> tuple:
    """What makes two clinical events the same (so a re-import adds nothing)."""
    return (subject_id, event.date, event.kind, event.detail.strip() or None)


def stored_event_keys(session: Session, subject_ids: list[int]) -> set[tuple]:
    return {
        (sid, day, kind, (detail or "").strip() or None)
        for sid, day, kind, detail in session.execute(
            select(
                m.ClinicalEvent.subject_id, m.ClinicalEvent.event_date, m.ClinicalEvent.kind, m.ClinicalEvent.detail
            ).where(m.ClinicalEvent.subject_id.in_(subject_ids), m.ClinicalEvent.voided_at.is_(None))
        )
    }


EVENT_TABLE = cast(Table, m.ClinicalEvent.__table__)


def apply_event(
    session: Session,
    subject_id: int,
    event: NewEvent,
    user_id: int | None,
    reason: str | None,
    source_file: str | None = None,
) -> int:
    """Write a validated event and the subject status it implies; the caller re-runs the rules."""
    return apply_events(session, [(subject_id, event)], user_id, reason, source_file)[0]


def apply_events(
    session: Session,
    events: Sequence[tuple[int, NewEvent]],
    user_id: int | None,
    reason: str | None,
    source_file: str | None = None,
) -> list[int]:
    """Write validated events (subject, event) and the subject statuses they imply, in
    order and in bulk (a few statements whatever their number); returns their ids. The
    caller re-runs the rules."""
    rows = [
        {
            "subject_id": subject_id,
            "event_date": event.date,
            "kind": event.kind,
            "detail": event.detail or None,
            **{name: getattr(event, name) for name in m.EVENT_DETAILS},
            "source_file": source_file,
        }
        for subject_id, event in events
    ]
    session.flush()
    ids = insert_new(session.connection(), EVENT_TABLE, rows)
    subjects: dict[int, m.Subject] = {}
    for chunk in chunked(sorted({subject_id for subject_id, _ in events})):
        subjects.update((s.id, s) for s in session.scalars(select(m.Subject).where(m.Subject.id.in_(chunk))))
    entries = []
    statuses: dict[int, dict[str, object]] = {}  # subject -> its new status (and withdrawal scope)
    for event_id, row, (subject_id, event) in zip(ids, rows, events, strict=True):
        entries.append(audit.created_row("clinical_event", event_id, row, row.keys(), subject_id, reason))
        entries += _status_change(subjects[subject_id], statuses.setdefault(subject_id, {}), event, reason)
    update_versioned(session, [(subjects[sid], values) for sid, values in statuses.items() if values])
    audit.append(session, user_id, entries)
    return ids


def _status_change(
    subject: m.Subject, new: dict[str, object], event: NewEvent, reason: str | None
) -> list[audit.Entry]:
    """The subject status `event` implies, set in `new` (the subject's values after the
    events before it); its audit entries."""
    status = cast(str, new.get("status", subject.status))
    scope = new.get("withdrawal_scope", subject.withdrawal_scope)
    entries = []
    new_status = SUBJECT_STATUS_BY_EVENT.get(event.kind)
    if event.kind == "lost_to_follow_up_reversed":
        new_status = "active"
    if new_status is not None and status != new_status and status != "dead":
        entries.append(audit.Entry("update", "subject", subject.id, subject.id, "status", status, new_status, reason))
        new["status"] = new_status
        if event.kind == "withdrawal" and scope != event.withdrawal_scope:
            entries.append(
                audit.Entry(
                    "update",
                    "subject",
                    subject.id,
                    subject.id,
                    "withdrawal_scope",
                    scope,
                    event.withdrawal_scope,
                    reason,
                )
            )
            new["withdrawal_scope"] = event.withdrawal_scope
    return entries


def _record(
    session: Session, db: Database, subject_id: int, event: NewEvent, today: dt.date, reason: str | None
) -> int:
    _validate(session, subject_id, event, today)
    user_id = db.user_id(session, "record")
    event_id = apply_event(session, subject_id, event, user_id, reason)
    sync_subject(session, subject_id, user_id, today, reason or f"{event.kind} recorded")
    return event_id


def record_event(db: Database, study_id: str, event: NewEvent, today: dt.date, reason: str | None = None) -> int:
    """Record one clinical event; later visits follow the rules at once."""
    if event.kind == "lost_to_follow_up":
        raise ValidationError(Message("event.use_declare"))
    with db.session() as session:
        return _record(session, db, subject_pk(session, study_id), event, today, reason)


@dataclass(frozen=True)
class ContactAttemptRow:
    attempt_id: int
    date: dt.date
    channel: str
    outcome: str
    note: str | None
    user: str | None


@dataclass(frozen=True)
class LostToFollowUpCheck:
    allowed: bool
    reason: str


def stored_attempts(
    session: Session, subject_ids: list[int], today: dt.date
) -> dict[int, list[tuple[dt.date, str, bool]]]:
    """Each subject's contact attempts (date, channel, reached), read for all of them at once.

    A health questionnaire sent with a visit letter and not returned by the end of the
    visit's window on `today` is a failed attempt by letter on that day (`screens`). A
    visit recorded as done is a successful contact on the day it happened: a subject who
    came to clinic was reached, whatever the calls before said.
    """
    found: dict[int, list[tuple[dt.date, str, bool]]] = {sid: [] for sid in subject_ids}
    for sid, days in unreturned_questionnaires(session, subject_ids, today).items():
        found[sid] += [(day, "letter", False) for day in days]
    for chunk in chunked(subject_ids):
        for sid, day in session.execute(
            select(m.Visit.subject_id, m.Visit.actual_date).where(
                m.Visit.subject_id.in_(chunk),
                m.Visit.voided_at.is_(None),
                m.Visit.state == "completed",
                m.Visit.actual_date <= today,
            )
        ):
            if day is not None:  # (a completed visit has its date: the model's CHECK)
                found[sid].append((day, "visit", True))
        for r in session.execute(
            select(
                m.ContactAttempt.subject_id,
                m.ContactAttempt.attempt_date,
                m.ContactAttempt.channel,
                m.ContactAttempt.outcome,
            )
            .where(m.ContactAttempt.subject_id.in_(chunk), m.ContactAttempt.voided_at.is_(None))
            .order_by(m.ContactAttempt.id)
        ):
            found[r.subject_id].append((r.attempt_date, r.channel, r.outcome == "reached"))
    return found


def _attempts(session: Session, subject_id: int, today: dt.date) -> list[tuple[dt.date, str, bool]]:
    return stored_attempts(session, [subject_id], today)[subject_id]


def record_contact_attempt(
    db: Database, study_id: str, day: dt.date, channel: str, outcome: str, today: dt.date, note: str | None = None
) -> LostToFollowUpCheck:
    """Record one attempt to reach the subject; says whether lost to follow-up may now be declared."""
    if channel not in m.CHANNELS:
        raise ValidationError(Message("contact.channel", value=channel, allowed=m.CHANNELS))
    if outcome not in m.CONTACT_OUTCOMES:
        raise ValidationError(Message("contact.outcome", value=outcome, allowed=m.CONTACT_OUTCOMES))
    if day > today:
        raise ValidationError(Message("contact.future", day=day, today=today))
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        dates = subject_dates(session, [subject_id])[subject_id]
        if outcome != "reached":
            # Calling someone who has died, unknowing, happens; reaching them does not.
            dates = replace(dates, death=None)
        problem = date_problem("contact", day, dates, today)
        if problem:
            raise ValidationError(Message("contact.date", problem=problem))
        same = session.scalar(
            select(m.ContactAttempt.id).where(
                m.ContactAttempt.subject_id == subject_id,
                m.ContactAttempt.attempt_date == day,
                m.ContactAttempt.channel == channel,
                m.ContactAttempt.outcome == outcome,
                m.ContactAttempt.voided_at.is_(None),
            )
        )
        if same is not None:
            raise ValidationError(
                Message("contact.recorded", channel=channel, day=day, outcome=outcome, study_id=study_id)
            )
        user_id = db.user_id(session, "record")
        row = m.ContactAttempt(
            subject_id=subject_id, attempt_date=day, channel=channel, outcome=outcome, note=note, user_id=user_id
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            user_id,
            [
                audit.created(
                    "contact_attempt", row.id, {"attempt_date": day, "channel": channel, "outcome": outcome}, subject_id
                )
            ],
        )
        allowed, why = lost_to_follow_up_allowed(_attempts(session, subject_id, today))
        return LostToFollowUpCheck(allowed, why)


def lost_to_follow_up_check(db: Database, study_id: str, today: dt.date) -> LostToFollowUpCheck:
    with db.session() as session:
        allowed, why = lost_to_follow_up_allowed(_attempts(session, subject_pk(session, study_id), today))
        return LostToFollowUpCheck(allowed, why)


def contact_attempts(db: Database, study_id: str) -> tuple[ContactAttemptRow, ...]:
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        rows = session.execute(
            select(m.ContactAttempt, m.User.username)
            .outerjoin(m.User, m.User.id == m.ContactAttempt.user_id)
            .where(m.ContactAttempt.subject_id == subject_id, m.ContactAttempt.voided_at.is_(None))
            .order_by(m.ContactAttempt.attempt_date, m.ContactAttempt.id)
        ).all()
        notes = db.sees_contacts()  # a note may hold PHI: not the monitor's
        seen = transfers.up_to_move(session, subject_id, rows, lambda row: row[0].attempt_date)
        return tuple(
            ContactAttemptRow(a.id, a.attempt_date, a.channel, a.outcome, a.note if notes else None, u) for a, u in seen
        )


def declare_lost_to_follow_up(db: Database, study_id: str, day: dt.date, reason: str, today: dt.date) -> None:
    """Lost to follow-up: only after 3 failed attempts, 2 channels, over >= 3 months."""
    if not reason.strip():
        raise ValidationError(Message("lost.needs_reason"))
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        allowed, why = lost_to_follow_up_allowed(_attempts(session, subject_id, today))
        if not allowed:
            raise ValidationError(Message("lost.not_yet", study_id=study_id, why=why))
        _record(session, db, subject_id, NewEvent("lost_to_follow_up", day, reason), today, reason)


def reverse_lost_to_follow_up(db: Database, study_id: str, day: dt.date, reason: str, today: dt.date) -> None:
    """The subject is back: later visits are planned again; both changes stay in the history."""
    if not reason.strip():
        raise ValidationError(Message("lost.reverse_needs_reason"))
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        _record(session, db, subject_id, NewEvent("lost_to_follow_up_reversed", day, reason), today, reason)
