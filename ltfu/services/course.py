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
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import cast

from sqlalchemy import Row, Table, select
from sqlalchemy.orm import Session

from ltfu import schedule
from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, chunked, live_by, update_versioned
from ltfu.errors import LtfuError
from ltfu.services import audit

VISIT_TABLE = cast(Table, m.Visit.__table__)
STATUS_CHANGE_TABLE = cast(Table, m.VisitStatusChange.__table__)
STOP_EVENT_KINDS = ("relapse", "progression", "hsct", "new_therapy")


@lru_cache(maxsize=16)
def stored_protocol(content_hash: str, content: str, source_name: str) -> schedule.Protocol:
    """A stored protocol version's text, parsed once per process (per version)."""
    return schedule.parse_protocol(content.encode("utf-8"), source_name)


def protocol_for(session: Session, version_id: int) -> schedule.Protocol:
    """The protocol version a subject was planned with, from its stored text."""
    version = session.get(m.ProtocolVersion, version_id)
    assert version is not None
    return stored_protocol(version.content_hash, version.content, version.source_name)


@dataclass(frozen=True)
class LoadedCourse:
    protocol: schedule.Protocol
    course: schedule.SubjectCourse
    visits: tuple[m.Visit, ...]
    infusion_ids: dict[dt.date, int]
    version_ids: dict[str, int]  # protocol content hash -> protocol_version id


def amendments_for(
    session: Session, version_ids: Iterable[int]
) -> dict[int, tuple[tuple[schedule.ProtocolAmendment, ...], dict[str, int]]]:
    """Later versions of each of a few protocol versions, as amendments in force from
    their dates, and content hash -> version id; from one read of the (few) versions."""
    wanted = set(version_ids)
    if not wanted:
        return {}
    versions = session.scalars(
        select(m.ProtocolVersion).order_by(m.ProtocolVersion.effective_date, m.ProtocolVersion.id)
    ).all()
    found = {}
    for base in (v for v in versions if v.id in wanted):
        later = [
            v
            for v in versions
            if v.protocol_id == base.protocol_id and v.id != base.id and v.effective_date > base.effective_date
        ]
        amendments = tuple(
            schedule.ProtocolAmendment(v.effective_date, stored_protocol(v.content_hash, v.content, v.source_name))
            for v in later
        )
        found[base.id] = (amendments, {base.content_hash: base.id} | {v.content_hash: v.id for v in later})
    return found


def load_course(session: Session, subject_id: int) -> LoadedCourse:
    """Everything the status rules need about one subject, read in a few queries."""
    return load_courses(session, [subject_id])[subject_id]


def load_courses(session: Session, subject_ids: Iterable[int]) -> dict[int, LoadedCourse]:
    """`load_course` of many subjects, each table read a few hundred subjects at a time
    (never a query per subject)."""
    ids = sorted(set(subject_ids))
    subjects: dict[int, int] = {}  # subject -> its protocol version
    visits: dict[int, list[m.Visit]] = {sid: [] for sid in ids}
    rcl: dict[int, list[tuple[dt.date, str | None]]] = {sid: [] for sid in ids}
    for chunk in chunked(ids):
        for sid, version_id in session.execute(
            select(m.Subject.id, m.Subject.protocol_version_id).where(m.Subject.id.in_(chunk))
        ):
            subjects[sid] = version_id
        for visit in session.scalars(
            select(m.Visit)
            .where(m.Visit.subject_id.in_(chunk), m.Visit.voided_at.is_(None))
            .order_by(m.Visit.nominal_date, m.Visit.id)
        ):
            visits[visit.subject_id].append(visit)
        for sid, day, category in session.execute(
            select(m.Result.subject_id, m.Result.result_date, m.Result.category).where(
                m.Result.subject_id.in_(chunk), m.Result.analyte == "rcl", m.Result.voided_at.is_(None)
            )
        ):
            rcl[sid].append((day, category))
    i, e = m.Infusion, m.ClinicalEvent
    infusions = live_by(session, i.subject_id, ids, i.id, i.infusion_date, order_by=(i.id,))
    events = live_by(
        session, e.subject_id, ids, e.kind, e.event_date, e.withdrawal_scope, order_by=(e.event_date, e.id)
    )
    amendments = amendments_for(session, subjects.values())
    protocols = {v: protocol_for(session, v) for v in set(subjects.values())}
    return {
        sid: _course(
            protocols[version_id],
            amendments[version_id],
            {row.id: row.infusion_date for row in infusions[sid]},
            tuple(visits[sid]),
            events[sid],
            rcl[sid],
        )
        for sid, version_id in subjects.items()
    }


def _course(
    protocol: schedule.Protocol,
    amended: tuple[tuple[schedule.ProtocolAmendment, ...], dict[str, int]],
    infusion_dates: dict[int, dt.date],
    visits: tuple[m.Visit, ...],
    events: list[Row],
    rcl_results: list[tuple[dt.date, str | None]],
) -> LoadedCourse:
    """One subject's course from its stored rows."""
    amendments, version_ids = amended
    actual = tuple(
        schedule.ActualVisit(
            v.id, v.actual_date, v.actual_mode or v.mode or "clinic", v.code, unscheduled=v.code is None
        )
        for v in visits
        if v.state == "completed" and v.actual_date is not None
    )
    closures = tuple(
        schedule.StatusClosure(
            v.code, "missed", v.window_end or v.nominal_date, infusion_date=infusion_dates.get(v.infusion_id)
        )
        for v in visits
        if v.state == "missed" and v.code is not None
    )
    death = next((e.event_date for e in events if e.kind == "death"), None)
    withdrawals = [e for e in events if e.kind == "withdrawal"]
    withdrawal = (
        schedule.Withdrawal(withdrawals[-1].event_date, withdrawals[-1].withdrawal_scope) if withdrawals else None
    )
    lost = reversed_on = None
    for e in events:
        if e.kind == "lost_to_follow_up":
            lost, reversed_on = e.event_date, None
        elif e.kind == "lost_to_follow_up_reversed" and lost is not None:
            reversed_on = e.event_date
    stop = min((e.event_date for e in events if e.kind in STOP_EVENT_KINDS), default=None)
    course = schedule.SubjectCourse(
        infusion_dates=tuple(infusion_dates.values()),
        actual_visits=actual,
        closures=closures,
        death_date=death,
        withdrawal=withdrawal,
        lost_to_follow_up_date=lost,
        lost_to_follow_up_reversed_date=reversed_on,
        stop_event_date=stop,
        rcl_results=_rcl_by_visit(rcl_results, visits, infusion_dates),
        amendments=amendments,
    )
    return LoadedCourse(protocol, course, visits, {d: i for i, d in infusion_dates.items()}, version_ids)


def _rcl_by_visit(
    results: list[tuple[dt.date, str | None]], visits: tuple[m.Visit, ...], infusion_dates: dict[int, dt.date]
) -> dict[str, str]:
    """RCL results keyed by the visit they were drawn at (the latest plan's codes)."""
    if not results or not infusion_dates:
        return {}
    latest = max(infusion_dates, key=lambda i: infusion_dates[i])
    plan_visits = [v for v in visits if v.infusion_id == latest and v.code is not None]
    by_code: dict[str, str] = {}
    for result_date, category in sorted(results):
        if result_date < infusion_dates[latest]:
            continue  # baseline, before lymphodepletion: not a visit
        done = next((v for v in plan_visits if v.actual_date == result_date), None)
        visit = done or next(
            (
                v
                for v in plan_visits
                if v.window_start is not None
                and v.window_end is not None
                and v.window_start <= result_date <= v.window_end
            ),
            None,
        )
        if visit is None and category == "positive":
            # A positive between visits (a case's test of an archived sample): the visits after it are tested.
            before = [v for v in plan_visits if v.nominal_date <= result_date]
            visit = max(before, key=lambda v: v.nominal_date, default=None)
        if visit is not None and visit.code is not None:
            # A positive is never hidden by a later result at the same visit.
            if by_code.get(visit.code) != "positive":
                by_code[visit.code] = category  # type: ignore[assignment]  # an RCL result has its category
    return by_code


def schedule_of(session: Session, subject_id: int, today: dt.date) -> tuple[LoadedCourse, schedule.SubjectSchedule]:
    loaded = load_course(session, subject_id)
    return loaded, _schedule(loaded, today)


def _schedule(loaded: LoadedCourse, today: dt.date) -> schedule.SubjectSchedule:
    try:
        return schedule.visit_states(loaded.protocol, loaded.course, today)
    except OverflowError:
        # Only an infusion date no entry accepts (one edited into the file) plans a
        # visit past the calendar's end: said, not a traceback.
        dates = ", ".join(str(day) for day in loaded.course.infusion_dates)
        raise LtfuError(
            f"The visits cannot be planned from the stored infusion date(s) {dates}: a visit would fall after "
            "9999-12-31. Run 'ltfu check'; the date was not entered through ltfu."
        ) from None


def planned_row(
    visit: schedule.PlannedVisit | schedule.VisitState, subject_id: int, infusion_id: int, version_id: int
) -> dict[str, object]:
    """A stored visit's columns as its plan gives them (its state, and what was done, are
    the caller's): the enrolment, the demo cohort and a visit an amendment adds."""
    return {
        "subject_id": subject_id,
        "infusion_id": infusion_id,
        "protocol_version_id": version_id,
        "code": visit.code,
        "sequence": visit.sequence,
        "nominal_date": visit.nominal_date,
        "window_start": visit.window_start,
        "window_end": visit.window_end,
        "mode": visit.mode,
        "assessments": " ".join(visit.assessments),
    }


def _stored_state(status: schedule.VisitStatus) -> str:
    if status in (schedule.VisitStatus.COMPLETED, schedule.VisitStatus.MISSED, schedule.VisitStatus.CANCELLED):
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
    return sync_subjects(session, [subject_id], user_id, today, reason)


def sync_subjects(
    session: Session,
    subject_ids: Iterable[int],
    user_id: int | None,
    today: dt.date,
    reason: str | None,
) -> int:
    """`sync_subject` of many subjects (in order of their ids): their courses read in
    bulk a few hundred subjects at a time, one audit append for all."""
    writes = VisitWrites()
    changed = 0
    for chunk in chunked(sorted(set(subject_ids))):
        for subject_id, loaded in sorted(load_courses(session, chunk).items()):
            changed += _sync(session, subject_id, loaded, _schedule(loaded, today), user_id, reason, writes)
    writes.write(session, user_id)
    return changed


def _sync(
    session: Session,
    subject_id: int,
    loaded: LoadedCourse,
    states: schedule.SubjectSchedule,
    user_id: int | None,
    reason: str | None,
    writes: VisitWrites,
) -> int:
    """One subject's visits brought in step with `states`, gathered in `writes`."""
    by_key = {(v.infusion_id, v.code): v for v in loaded.visits if v.code is not None}
    changed = 0
    planned_keys = set()
    for state in states.visits:
        key = (loaded.infusion_ids[state.infusion_date], state.code)
        planned_keys.add(key)
        new_state = _stored_state(state.status)
        new_cause = state.cause.value if state.cause is not None else None
        row = by_key.get(key)
        if row is None:
            # A visit an amendment added: it joins the plan from now on.
            version_id = loaded.version_ids[state.protocol_hash]
            row = m.Visit(**planned_row(state, subject_id, key[0], version_id), state="planned")
            session.add(row)
            session.flush()
            writes.status(row.id, None, "planned", None, reason, user_id)
            writes.entries.append(
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
            writes.status(row.id, row.state, new_state, new_cause, reason, user_id)
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
            writes.updates.append((row, {field: new for field, (_old, new) in updates.items()}))
            writes.entries += [
                audit.Entry("update", "visit", row.id, subject_id, field, old, new, reason)
                for field, (old, new) in updates.items()
                if old != new
            ]
    for key, row in by_key.items():
        # A planned visit an amendment removed is cancelled, never deleted.
        if key not in planned_keys and row.state == "planned":
            replanned = schedule.CancelCause.REPLANNED.value
            writes.status(row.id, "planned", "cancelled", replanned, reason, user_id)
            writes.entries += [
                audit.Entry("update", "visit", row.id, subject_id, "state", "planned", "cancelled", reason),
                audit.Entry("update", "visit", row.id, subject_id, "cause", None, replanned, reason),
            ]
            writes.updates.append((row, {"state": "cancelled", "cause": replanned}))
            changed += 1
    return changed


@dataclass
class VisitWrites:
    """Changes to stored visits gathered for one bulk write: new field values, status
    changes and audit entries."""

    updates: list[tuple[m.Visit, dict[str, object]]] = field(default_factory=list)
    status_changes: list[dict[str, object]] = field(default_factory=list)
    entries: list[audit.Entry] = field(default_factory=list)

    def status(
        self,
        visit_id: int,
        old_state: str | None,
        new_state: str,
        cause: str | None,
        reason: str | None,
        user_id: int | None,
    ) -> None:
        self.status_changes.append(
            {
                "visit_id": visit_id,
                "old_state": old_state,
                "new_state": new_state,
                "cause": cause,
                "reason": reason,
                "changed_by": user_id,
            }
        )

    def write(self, session: Session, user_id: int | None) -> None:
        """Store everything gathered, in a few statements whatever the number of visits."""
        update_versioned(session, self.updates)
        bulk_insert(session.connection(), STATUS_CHANGE_TABLE, self.status_changes)
        audit.append(session, user_id, self.entries)
