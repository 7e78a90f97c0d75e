"""A subject's course from the database, and keeping stored visit states in step.

The `visit` table stores the plan, what users did (completed with the actual date,
missed) and what the rules derive (cancelled with cause, effective mode and
assessments). The rules live in `ltfu.schedule.status.visit_states`; after every
change to a subject's events, visits or RCL results, `sync_subject` runs them and
writes back what changed, with a status-change row and an audit entry each. The
worklist can then be one indexed SQL query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.errors import LtfuError
from ltfu.schedule.protocol import Protocol, parse_protocol
from ltfu.schedule.status import (
    ActualVisit,
    ProtocolAmendment,
    StatusClosure,
    SubjectCourse,
    SubjectSchedule,
    VisitStatus,
    Withdrawal,
    visit_states,
)
from ltfu.services import audit

STOP_EVENT_KINDS = ("relapse", "progression", "hsct", "new_therapy")


@lru_cache(maxsize=16)
def _parsed(content_hash: str, content: str, source_name: str) -> Protocol:
    return parse_protocol(content.encode("utf-8"), source_name)


def protocol_for(session: Session, version_id: int) -> Protocol:
    """The protocol version a subject was planned with, from its stored text."""
    version = session.get(m.ProtocolVersion, version_id)
    assert version is not None
    return _parsed(version.content_hash, version.content, version.source_name)


@dataclass(frozen=True)
class LoadedCourse:
    protocol: Protocol
    course: SubjectCourse
    visits: tuple[m.Visit, ...]
    infusion_ids: dict[dt.date, int]
    version_ids: dict[str, int]  # protocol content hash -> protocol_version id


def amendments_for(session: Session, version_id: int) -> tuple[tuple[ProtocolAmendment, ...], dict[str, int]]:
    """Later versions of a subject's protocol, as amendments in force from their dates."""
    base = session.get(m.ProtocolVersion, version_id)
    assert base is not None
    later = session.scalars(
        select(m.ProtocolVersion)
        .where(
            m.ProtocolVersion.protocol_id == base.protocol_id,
            m.ProtocolVersion.id != base.id,
            m.ProtocolVersion.effective_date > base.effective_date,
        )
        .order_by(m.ProtocolVersion.effective_date, m.ProtocolVersion.id)
    ).all()
    amendments = tuple(
        ProtocolAmendment(v.effective_date, _parsed(v.content_hash, v.content, v.source_name)) for v in later
    )
    version_ids = {base.content_hash: base.id} | {v.content_hash: v.id for v in later}
    return amendments, version_ids


def load_course(session: Session, subject_id: int) -> LoadedCourse:
    """Everything the status rules need about one subject, read in a few queries."""
    subject = session.get(m.Subject, subject_id)
    assert subject is not None
    protocol = protocol_for(session, subject.protocol_version_id)
    amendments, version_ids = amendments_for(session, subject.protocol_version_id)
    infusions = session.execute(
        select(m.Infusion.id, m.Infusion.infusion_date).where(
            m.Infusion.subject_id == subject_id, m.Infusion.voided_at.is_(None)
        )
    ).all()
    infusion_dates = {row.id: row.infusion_date for row in infusions}
    visits = tuple(
        session.scalars(
            select(m.Visit)
            .where(m.Visit.subject_id == subject_id, m.Visit.voided_at.is_(None))
            .order_by(m.Visit.nominal_date, m.Visit.id)
        )
    )
    actual = tuple(
        ActualVisit(v.id, v.actual_date, v.actual_mode or v.mode or "clinic", v.code, unscheduled=v.code is None)
        for v in visits
        if v.state == "completed" and v.actual_date is not None
    )
    closures = tuple(
        StatusClosure(v.code, "missed", v.window_end or v.nominal_date, infusion_date=infusion_dates.get(v.infusion_id))
        for v in visits
        if v.state == "missed" and v.code is not None
    )
    events = session.execute(
        select(m.ClinicalEvent.kind, m.ClinicalEvent.event_date, m.ClinicalEvent.withdrawal_scope)
        .where(m.ClinicalEvent.subject_id == subject_id, m.ClinicalEvent.voided_at.is_(None))
        .order_by(m.ClinicalEvent.event_date, m.ClinicalEvent.id)
    ).all()
    death = next((e.event_date for e in events if e.kind == "death"), None)
    withdrawals = [e for e in events if e.kind == "withdrawal"]
    withdrawal = Withdrawal(withdrawals[-1].event_date, withdrawals[-1].withdrawal_scope) if withdrawals else None
    lost = reversed_on = None
    for e in events:
        if e.kind == "lost_to_follow_up":
            lost, reversed_on = e.event_date, None
        elif e.kind == "lost_to_follow_up_reversed" and lost is not None:
            reversed_on = e.event_date
    stop = min((e.event_date for e in events if e.kind in STOP_EVENT_KINDS), default=None)
    course = SubjectCourse(
        infusion_dates=tuple(infusion_dates.values()),
        actual_visits=actual,
        closures=closures,
        death_date=death,
        withdrawal=withdrawal,
        lost_to_follow_up_date=lost,
        lost_to_follow_up_reversed_date=reversed_on,
        stop_event_date=stop,
        rcl_results=_rcl_by_visit(session, subject_id, visits, infusion_dates),
        amendments=amendments,
    )
    return LoadedCourse(protocol, course, visits, {d: i for i, d in infusion_dates.items()}, version_ids)


def _rcl_by_visit(
    session: Session, subject_id: int, visits: tuple[m.Visit, ...], infusion_dates: dict[int, dt.date]
) -> dict[str, str]:
    """RCL results keyed by the visit they were drawn at (the latest plan's codes)."""
    results = session.execute(
        select(m.Result.result_date, m.Result.category).where(
            m.Result.subject_id == subject_id, m.Result.analyte == "rcl", m.Result.voided_at.is_(None)
        )
    ).all()
    if not results or not infusion_dates:
        return {}
    latest = max(infusion_dates, key=lambda i: infusion_dates[i])
    plan_visits = [v for v in visits if v.infusion_id == latest and v.code is not None]
    by_code: dict[str, str] = {}
    for result in sorted(results):
        if result.result_date < infusion_dates[latest]:
            continue  # baseline, before lymphodepletion: not a visit
        done = next((v for v in plan_visits if v.actual_date == result.result_date), None)
        visit = done or next(
            (v for v in plan_visits if v.window_start <= result.result_date <= v.window_end),
            None,
        )
        if visit is None and result.category == "positive":
            # A positive between visits (a case's test of an archived sample): the visits after it are tested.
            before = [v for v in plan_visits if v.nominal_date <= result.result_date]
            visit = max(before, key=lambda v: v.nominal_date, default=None)
        if visit is not None and visit.code is not None:
            # A positive is never hidden by a later result at the same visit.
            if by_code.get(visit.code) != "positive":
                by_code[visit.code] = result.category
    return by_code


def schedule_of(session: Session, subject_id: int, today: dt.date) -> tuple[LoadedCourse, SubjectSchedule]:
    loaded = load_course(session, subject_id)
    try:
        return loaded, visit_states(loaded.protocol, loaded.course, today)
    except OverflowError:
        # Only an infusion date no entry accepts (one edited into the file) plans a
        # visit past the calendar's end: said, not a traceback.
        dates = ", ".join(str(day) for day in loaded.course.infusion_dates)
        raise LtfuError(
            f"The visits cannot be planned from the stored infusion date(s) {dates}: a visit would fall after "
            "9999-12-31. Run 'ltfu check'; the date was not entered through ltfu."
        ) from None


def _stored_state(status: VisitStatus) -> str:
    if status in (VisitStatus.COMPLETED, VisitStatus.MISSED, VisitStatus.CANCELLED):
        return status.value
    return "planned"


def _dates_moved(row: m.Visit, state, version_ids: dict[str, int]) -> dict[str, tuple[object, object]]:
    """Plan fields an amendment changed for a visit that is still to come."""
    if row.state not in ("planned", "cancelled"):
        return {}
    wanted = {
        "nominal_date": state.nominal_date,
        "window_start": state.window_start,
        "window_end": state.window_end,
        "sequence": state.sequence,
        "protocol_version_id": version_ids[state.protocol_hash],
    }
    return {name: (getattr(row, name), value) for name, value in wanted.items() if getattr(row, name) != value}


def sync_subject(
    session: Session,
    subject_id: int,
    user_id: int | None,
    today: dt.date,
    reason: str | None,
) -> int:
    """Write the rules' verdict into the stored visits; returns how many changed."""
    loaded, schedule = schedule_of(session, subject_id, today)
    by_key = {(v.infusion_id, v.code): v for v in loaded.visits if v.code is not None}
    entries: list[audit.Entry] = []
    changed = 0
    planned_keys = set()
    for state in schedule.visits:
        key = (loaded.infusion_ids[state.infusion_date], state.code)
        planned_keys.add(key)
        new_state = _stored_state(state.status)
        new_cause = state.cause.value if state.cause is not None else None
        row = by_key.get(key)
        if row is None:
            # A visit an amendment added: it joins the plan from now on.
            row = m.Visit(
                subject_id=subject_id,
                infusion_id=key[0],
                code=state.code,
                state="planned",
                protocol_version_id=loaded.version_ids[state.protocol_hash],
                nominal_date=state.nominal_date,
                window_start=state.window_start,
                window_end=state.window_end,
                sequence=state.sequence,
                mode=state.mode,
                assessments=" ".join(state.assessments),
            )
            session.add(row)
            session.flush()
            session.add(m.VisitStatusChange(visit_id=row.id, new_state="planned", reason=reason, changed_by=user_id))
            entries.append(
                audit.created(
                    "visit",
                    row.id,
                    {
                        "code": state.code,
                        "nominal_date": state.nominal_date,
                        "protocol_version_id": row.protocol_version_id,
                    },
                    subject_id,
                    reason,
                )
            )
            changed += 1
        updates = _dates_moved(row, state, loaded.version_ids)
        if row.state != new_state or row.cause != new_cause:
            session.add(
                m.VisitStatusChange(
                    visit_id=row.id,
                    old_state=row.state,
                    new_state=new_state,
                    cause=new_cause,
                    reason=reason,
                    changed_by=user_id,
                )
            )
            updates["state"] = (row.state, new_state)
            updates["cause"] = (row.cause, new_cause)
        assessments = " ".join(state.assessments)
        if row.assessments != assessments:
            updates["assessments"] = (row.assessments, assessments)
        if row.mode != state.mode:
            updates["mode"] = (row.mode, state.mode)
        if row.state == "completed" and row.out_of_window != state.out_of_window:
            updates["out_of_window"] = (row.out_of_window, state.out_of_window)
        if updates:
            changed += 1
            for field, (old, new) in updates.items():
                setattr(row, field, new)
                if old != new:
                    entries.append(audit.Entry("update", "visit", row.id, subject_id, field, old, new, reason))
    for key, row in by_key.items():
        # A planned visit an amendment removed is cancelled, never deleted.
        if key not in planned_keys and row.state == "planned":
            session.add(
                m.VisitStatusChange(
                    visit_id=row.id,
                    old_state="planned",
                    new_state="cancelled",
                    cause="replanned",
                    reason=reason,
                    changed_by=user_id,
                )
            )
            entries += [
                audit.Entry("update", "visit", row.id, subject_id, "state", "planned", "cancelled", reason),
                audit.Entry("update", "visit", row.id, subject_id, "cause", None, "replanned", reason),
            ]
            row.state, row.cause = "cancelled", "replanned"
            changed += 1
    session.flush()
    audit.append(session, user_id, entries)
    return changed
