"""Visits: a subject's schedule, recording a visit done or missed, undoing it.

Every function is one user action and one transaction; the stored states are
brought back in step with the rules (`course.sync_subject`) before it commits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, chunked, insert_new
from ltfu.errors import Message, ValidationError
from ltfu.schedule.status import ActualVisit, VisitStatus, visit_states
from ltfu.services import audit, transfers
from ltfu.services.course import STATUS_CHANGE_TABLE, VISIT_TABLE, VisitWrites, load_course, schedule_of, sync_subject
from ltfu.services.database import Database
from ltfu.services.plausibility import date_problem, subject_dates
from ltfu.services.screens import NewScreen, Screening, add_screen, add_screens, check_screen, void_visit_screen
from ltfu.services.subjects import find_subject, subject_pk


@dataclass(frozen=True)
class VisitRow:
    """One visit as a screen or a report shows it, on a given day."""

    visit_id: int | None
    code: str | None
    sequence: int | None
    infusion_date: dt.date
    nominal_date: dt.date
    window_start: dt.date | None
    window_end: dt.date | None
    mode: str
    assessments: tuple[str, ...]
    status: str
    cause: str | None
    actual_date: dt.date | None
    actual_mode: str | None
    out_of_window: bool

    def to_dict(self) -> dict[str, object]:
        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "code": self.code,
            "nominal_date": iso(self.nominal_date),
            "window_start": iso(self.window_start),
            "window_end": iso(self.window_end),
            "mode": self.mode,
            "assessments": list(self.assessments),
            "status": self.status,
            "cause": self.cause,
            "actual_date": iso(self.actual_date),
            "actual_mode": self.actual_mode,
            "out_of_window": self.out_of_window,
        }


@dataclass(frozen=True)
class SubjectScheduleView:
    study_id: str
    today: dt.date
    infusion_date: dt.date | None
    follow_up_end: dt.date | None
    status: str
    visits: tuple[VisitRow, ...]
    unscheduled: tuple[VisitRow, ...]
    rcl_alert: bool
    study: str = ""  # the subject's study (its protocol id)

    def to_dict(self) -> dict[str, object]:
        return {
            "subject": self.study_id,
            "study": self.study,
            "today": self.today.isoformat(),
            "infusion_date": self.infusion_date.isoformat() if self.infusion_date else None,
            "follow_up_end": self.follow_up_end.isoformat() if self.follow_up_end else None,
            "subject_status": self.status,
            "rcl_alert": self.rcl_alert,
            "visits": [v.to_dict() for v in self.visits],
            "unscheduled": [v.to_dict() for v in self.unscheduled],
            "out_of_window": [v.to_dict() for v in self.visits if v.out_of_window],
        }

    def next_open(self) -> VisitRow | None:
        return next((v for v in self.visits if v.status in ("due", "overdue", "upcoming")), None)


def schedule_view(session: Session, subject_id: int, study_id: str, today: dt.date) -> SubjectScheduleView:
    loaded, schedule = schedule_of(session, subject_id, today)
    row_ids = {(v.infusion_id, v.code): v.id for v in loaded.visits}
    rows = tuple(
        VisitRow(
            visit_id=row_ids.get((loaded.infusion_ids[s.infusion_date], s.code)),
            code=s.code,
            sequence=s.sequence,
            infusion_date=s.infusion_date,
            nominal_date=s.nominal_date,
            window_start=s.window_start,
            window_end=s.window_end,
            mode=s.mode,
            assessments=s.assessments,
            status=s.status.value,
            cause=s.cause.value if s.cause else None,
            actual_date=s.actual_date,
            actual_mode=s.actual_mode,
            out_of_window=s.out_of_window,
        )
        for s in schedule.visits
    )
    infusion = loaded.course.infusion_dates[-1] if loaded.course.infusion_dates else None
    unscheduled = tuple(
        VisitRow(
            visit_id=a.id if isinstance(a.id, int) else None,
            code=None,
            sequence=None,
            infusion_date=infusion or a.date,
            nominal_date=a.date,
            window_start=None,
            window_end=None,
            mode=a.mode,
            assessments=(),
            status="completed",
            cause=None,
            actual_date=a.date,
            actual_mode=a.mode,
            out_of_window=False,
        )
        for a in schedule.unscheduled
    )
    status = session.scalar(select(m.Subject.status).where(m.Subject.id == subject_id)) or "active"
    return SubjectScheduleView(
        study_id,
        today,
        infusion,
        schedule.follow_up_end,
        status,
        rows,
        unscheduled,
        schedule.rcl_alert,
        study=loaded.protocol.id,
    )


def subject_schedule(db: Database, study_id: str, today: dt.date) -> SubjectScheduleView:
    """A subject's visits with their status on `today`."""
    with db.session() as session:
        subject_id, stored_id = find_subject(session, study_id)
        view = schedule_view(session, subject_id, stored_id, today)
        return replace(
            view,
            visits=transfers.up_to_move(session, subject_id, view.visits, _visit_day),
            unscheduled=transfers.up_to_move(session, subject_id, view.unscheduled, _visit_day),
        )


def _visit_day(visit: VisitRow) -> dt.date:
    return visit.actual_date or visit.nominal_date


def _check_visit_date(session: Session, subject_id: int, day: dt.date, today: dt.date, what: str) -> None:
    problem = date_problem(what, day, subject_dates(session, [subject_id])[subject_id], today, post_infusion=True)
    if problem:
        raise ValidationError(Message("visit.date", problem=problem))


def _set_state(
    session: Session,
    row: m.Visit,
    user_id: int,
    new_state: str,
    reason: str | None,
    **values: object,
) -> None:
    writes = VisitWrites()
    set_state(writes, row, user_id, new_state, reason, **values)
    writes.write(session, user_id)


def set_state(
    writes: VisitWrites, row: m.Visit, user_id: int, new_state: str, reason: str | None, **values: object
) -> None:
    """Move a stored visit to `new_state` (clearing its cause) and set `values`, with its
    status change and its audit entries (one per changed field), gathered in `writes`
    for one bulk write of many."""
    changes = [audit.Change("state", row.state, new_state)]
    if row.cause is not None:
        changes.append(audit.Change("cause", row.cause, None))
    writes.status(row.id, row.state, new_state, None, reason, user_id)
    changes += audit.changed(row, values)
    writes.updates.append((row, {"state": new_state, "cause": None, **values}))
    writes.entries += [
        audit.Entry("update", "visit", row.id, row.subject_id, c.field, c.old_value, c.new_value, reason)
        for c in changes
    ]


@dataclass(frozen=True)
class RecordedVisit:
    study_id: str
    code: str | None
    actual_date: dt.date
    out_of_window: bool
    unscheduled: bool

    def describe(self) -> str:
        if self.unscheduled:
            return f"{self.study_id}: unscheduled visit on {self.actual_date} recorded"
        flag = " (out of window)" if self.out_of_window else ""
        return f"{self.study_id}: {self.code} done on {self.actual_date}{flag}"


def record_visit_done(
    db: Database,
    study_id: str,
    day: dt.date,
    mode: str,
    today: dt.date,
    code: str | None = None,
    unscheduled: bool = False,
    reason: str | None = None,
    screen: NewScreen | None = None,
) -> RecordedVisit:
    """Record that a visit took place on `day`.

    With `screen`, the contact's safety screen (DOMAIN.md section 7) is stored with it,
    in the same transaction: both or neither.

    Without `code` the visit is assigned by date (DOMAIN.md 3.5); with `code` it is
    recorded against that visit even outside its window (flagged out-of-window);
    `unscheduled` records it against no planned visit. It is never dropped.
    """
    if mode not in m.VISIT_MODES:
        raise ValidationError(Message("visit.mode", value=mode, allowed=m.VISIT_MODES))
    if screen is not None:
        check_screen(screen)
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        _check_visit_date(session, subject_id, day, today, "visit")
        user_id = db.user_id(session, "record")
        loaded = load_course(session, subject_id)
        if not unscheduled:
            if code is not None and not any(v.code == code for v in loaded.visits):
                raise ValidationError(Message("visit.not_planned", study_id=study_id, code=code))
            target = _assigned_row(loaded, ActualVisit("new", day, mode, code), today)
            if target is not None and target.state == "completed":
                raise ValidationError(
                    Message("visit.recorded_done", study_id=study_id, code=target.code, day=target.actual_date)
                )
            if target is not None and target.state == "missed" and code == target.code:
                raise ValidationError(Message("visit.recorded_missed", study_id=study_id, code=target.code))
        else:
            target = None
        if target is None:
            if any(v.code is None and v.state == "completed" and v.actual_date == day for v in loaded.visits):
                raise ValidationError(Message("visit.unscheduled_recorded", study_id=study_id, day=day))
            add_unscheduled_visits(
                session, [UnscheduledVisit(subject_id, study_id, day, mode, reason, screen)], user_id
            )
            result = RecordedVisit(study_id, None, day, False, True)
        else:
            _set_state(
                session, target, user_id, "completed", reason, actual_date=day, actual_mode=mode, performed_by=user_id
            )
            if screen is not None:
                add_screen(session, target, screen, user_id, study_id=study_id)
            result = RecordedVisit(study_id, target.code, day, False, False)
        sync_subject(session, subject_id, user_id, today, reason or "visit recorded")
        if target is not None:
            session.refresh(target)
            result = RecordedVisit(study_id, target.code, day, target.out_of_window, False)
    return result


@dataclass(frozen=True)
class UnscheduledVisit:
    """A visit that took place on `day` against no planned visit, to be stored."""

    subject_id: int
    study_id: str
    day: dt.date
    mode: str
    reason: str | None
    screen: NewScreen | None = None  # the contact's safety screen, stored with it


def add_unscheduled_visits(
    session: Session, wanted: Sequence[UnscheduledVisit], user_id: int | None, source_file: str | None = None
) -> list[int]:
    """Store visits that took place against no planned visit: completed, in their mode,
    each with its status change, its audit entry and its safety screen if it has one
    (`screens.add_screens`), inside the caller's unit of work; returns their ids, in order.

    The one writer of unscheduled visits (the window, the command line, the visit
    import), in bulk: a few statements whatever the number. Each belongs to its
    subject's latest infusion, under the protocol version of that infusion's plan in
    effect on its day (the plan's first visit's before the plan starts).
    """
    subject_ids = sorted({w.subject_id for w in wanted})
    latest: dict[int, int] = {}  # subject -> latest infusion
    plans: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)  # infusion -> (nominal date, id, version)
    for chunk in chunked(subject_ids):
        for sid, infusion_id in session.execute(
            select(m.Infusion.subject_id, m.Infusion.id)
            .where(m.Infusion.subject_id.in_(chunk), m.Infusion.voided_at.is_(None))
            .order_by(m.Infusion.infusion_date, m.Infusion.id)
        ):
            latest[sid] = infusion_id
    for chunk in chunked(sorted(set(latest.values()))):
        for infusion_id, nominal, visit_id, version_id in session.execute(
            select(m.Visit.infusion_id, m.Visit.nominal_date, m.Visit.id, m.Visit.protocol_version_id).where(
                m.Visit.infusion_id.in_(chunk), m.Visit.code.is_not(None), m.Visit.voided_at.is_(None)
            )
        ):
            plans[infusion_id].append((nominal, visit_id, version_id))
    rows = []
    for w in wanted:
        if w.subject_id not in latest:
            raise ValidationError(Message("visit.no_infusion", study_id=w.study_id))
        plan = plans[latest[w.subject_id]]
        if not plan:
            raise ValidationError(Message("visit.no_plan", study_id=w.study_id))
        started = [p for p in plan if p[0] <= w.day]
        rows.append(
            {
                "subject_id": w.subject_id,
                "infusion_id": latest[w.subject_id],
                "protocol_version_id": (max(started) if started else min(plan))[2],
                "code": None,
                "nominal_date": w.day,
                "mode": w.mode,
                "state": "completed",
                "actual_date": w.day,
                "actual_mode": w.mode,
                "performed_by": user_id,
            }
        )
    session.flush()
    conn = session.connection()
    keys = set(rows[0]) if rows else set()
    ids = insert_new(conn, VISIT_TABLE, rows)
    bulk_insert(
        conn,
        STATUS_CHANGE_TABLE,
        [
            {
                "visit_id": visit_id,
                "old_state": None,
                "new_state": "completed",
                "reason": w.reason,
                "changed_by": user_id,
            }
            for visit_id, w in zip(ids, wanted, strict=True)
        ],
    )
    audit.append(
        session,
        user_id,
        [
            audit.created_row("visit", visit_id, row, keys, w.subject_id, w.reason)
            for visit_id, row, w in zip(ids, rows, wanted, strict=True)
        ],
    )
    screenings = [
        Screening(
            visit_id, w.subject_id, w.day, w.mode, Message("screen.visit", study_id=w.study_id, visit=w.day), w.screen
        )
        for visit_id, w in zip(ids, wanted, strict=True)
        if w.screen is not None
    ]
    add_screens(session, screenings, user_id, source_file)
    return ids


def _assigned_row(loaded, actual: ActualVisit, today: dt.date) -> m.Visit | None:
    """The stored visit the rules assign `actual` to, or None for unscheduled."""
    # The same course with this visit added (amendments and all).
    trial = replace(loaded.course, actual_visits=(*loaded.course.actual_visits, actual))
    schedule = visit_states(loaded.protocol, trial, today)
    for state in schedule.visits:
        if state.actual_id == actual.id:
            infusion_id = loaded.infusion_ids[state.infusion_date]
            return next(v for v in loaded.visits if v.infusion_id == infusion_id and v.code == state.code)
    if actual.code is not None:
        # The code's own visit is already done: report that rather than file it away.
        latest = max(loaded.infusion_ids.items())[1]
        return next((v for v in loaded.visits if v.infusion_id == latest and v.code == actual.code), None)
    return None


def latest_plan_row(session: Session, subject_id: int, code: str) -> m.Visit:
    """The current row of visit `code` in the subject's latest plan (a re-infusion re-plans)."""
    row = session.scalar(
        select(m.Visit)
        .join(m.Infusion, m.Infusion.id == m.Visit.infusion_id)
        .where(m.Visit.subject_id == subject_id, m.Visit.code == code, m.Visit.voided_at.is_(None))
        .order_by(m.Infusion.infusion_date.desc())
        .limit(1)
    )
    if row is None:
        raise ValidationError(Message("visit.not_in_subject_plan", code=code))
    return row


@contextmanager
def _changing(
    db: Database, study_id: str, reason: str, without_reason: str, permission: str
) -> Iterator[tuple[Session, int, int]]:
    """The unit of work of a change to a visit that needs a reason (`without_reason` says
    so when there is none): the session, the subject and the acting user."""
    if not reason.strip():
        raise ValidationError(without_reason)
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        yield session, subject_id, db.user_id(session, permission)


def record_visit_missed(db: Database, study_id: str, code: str, reason: str, today: dt.date) -> None:
    """Close an open visit as not done; the reason is required and kept."""
    without_reason = Message("visit.missed_needs_reason")
    with _changing(db, study_id, reason, without_reason, "record") as (session, subject_id, user_id):
        _, schedule = schedule_of(session, subject_id, today)
        state = schedule.visit(code) if code in {v.code for v in schedule.current} else None
        if state is None or state.status not in (VisitStatus.DUE, VisitStatus.OVERDUE):
            shown = state.status.value if state else Message("visit.not_in_plan_status")
            raise ValidationError(Message("visit.not_open", study_id=study_id, code=code, visit_status=shown))
        row = latest_plan_row(session, subject_id, code)
        _set_state(session, row, user_id, "missed", reason)
        sync_subject(session, subject_id, user_id, today, reason)


def reopen_visit(db: Database, study_id: str, code: str, reason: str, today: dt.date) -> None:
    """Undo a 'missed' or 'completed' with a reason; the old state stays in the history."""
    without_reason = Message("visit.undo_needs_reason")
    with _changing(db, study_id, reason, without_reason, "edit") as (session, subject_id, user_id):
        row = latest_plan_row(session, subject_id, code)
        if row.state not in ("missed", "completed"):
            raise ValidationError(Message("visit.not_closed", study_id=study_id, code=code, visit_status=row.state))
        void_visit_screen(session, row.id, user_id, reason)
        _set_state(
            session,
            row,
            user_id,
            "planned",
            reason,
            actual_date=None,
            actual_mode=None,
            performed_by=None,
            out_of_window=False,
        )
        sync_subject(session, subject_id, user_id, today, reason)
