"""CSV imports beyond subjects: visit history (events and results follow the same pattern).

All or nothing: every row is checked against the file and the database first; a
single bad row means nothing is written, and every bad row is reported with its
line number and reason. Importing the same file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from ltfu.db import models as m
from ltfu.services import audit
from ltfu.services.course import sync_subject
from ltfu.services.csvio import Problems, RowError, choice, parse_date, read_rows
from ltfu.services.database import Database
from ltfu.services.subjects import ImportSummary

VISIT_COLUMNS = ("subject_id", "visit_code", "date", "status", "mode", "reason")


@dataclass(frozen=True)
class _VisitRow:
    line: int
    study_id: str
    code: str | None
    date: dt.date
    status: str
    mode: str | None
    reason: str


def _parse_visit_row(line: int, row: dict[str, str]) -> _VisitRow:
    if not row["subject_id"]:
        raise RowError("subject_id is empty")
    status = choice(row["status"], "status", ("done", "missed"))
    code = row["visit_code"] or None
    if code is None and status == "missed":
        raise RowError("a missed visit needs its visit_code")
    mode = choice(row["mode"], "mode", m.VISIT_MODES) if row["mode"] else None
    return _VisitRow(line, row["subject_id"], code, parse_date(row["date"], "date"), status, mode, row["reason"])


def import_visits(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Visit history from a spreadsheet: done (with date and mode) or missed visits."""
    path = Path(path)
    problems = Problems(path.name)
    rows: list[_VisitRow] = []
    for line, raw in read_rows(path, VISIT_COLUMNS):
        if "__error__" in raw:
            problems.add(line, raw["__error__"])
            continue
        try:
            rows.append(_parse_visit_row(line, raw))
        except RowError as exc:
            problems.add(line, str(exc))
    with db.session() as session:
        ids = dict(
            session.execute(
                select(m.Subject.study_id, m.Subject.id).where(
                    m.Subject.study_id.in_({r.study_id for r in rows}), m.Subject.voided_at.is_(None)
                )
            ).all()
        )
        plans: dict[int, dict[str, m.Visit]] = {}
        unscheduled_dates: dict[int, set[dt.date]] = defaultdict(set)
        first_infusion: dict[int, dt.date] = {}
        deaths: dict[int, dt.date] = {}
        for subject_id in ids.values():
            visits = session.scalars(
                select(m.Visit)
                .join(m.Infusion, m.Infusion.id == m.Visit.infusion_id)
                .where(m.Visit.subject_id == subject_id, m.Visit.voided_at.is_(None))
                .order_by(m.Infusion.infusion_date)
            ).all()
            # The latest plan's row wins for each code.
            plans[subject_id] = {v.code: v for v in visits if v.code is not None}
            unscheduled_dates[subject_id] = {v.actual_date for v in visits if v.code is None and v.actual_date}
            first_infusion[subject_id] = session.scalar(
                select(m.Infusion.infusion_date)
                .where(m.Infusion.subject_id == subject_id, m.Infusion.voided_at.is_(None))
                .order_by(m.Infusion.infusion_date)
            )
            death = session.scalar(
                select(m.ClinicalEvent.event_date).where(
                    m.ClinicalEvent.subject_id == subject_id,
                    m.ClinicalEvent.kind == "death",
                    m.ClinicalEvent.voided_at.is_(None),
                )
            )
            if death is not None:
                deaths[subject_id] = death

        todo: list[tuple[_VisitRow, int, m.Visit | None]] = []
        done_in_file: dict[tuple[str, str], int] = {}
        unchanged = 0
        for r in rows:
            subject_id = ids.get(r.study_id)
            if subject_id is None:
                problems.add(r.line, f"unknown subject {r.study_id}")
                continue
            if r.date > today:
                problems.add(r.line, f"date {r.date} is in the future")
                continue
            infusion = first_infusion.get(subject_id)
            if infusion is not None and r.date < infusion:
                problems.add(r.line, f"date {r.date} is before the infusion on {infusion}")
                continue
            if subject_id in deaths and r.date > deaths[subject_id]:
                problems.add(r.line, f"date {r.date} is after the subject's death on {deaths[subject_id]}")
                continue
            if r.code is None:
                if r.date in unscheduled_dates[subject_id]:
                    unchanged += 1
                else:
                    todo.append((r, subject_id, None))
                continue
            visit = plans[subject_id].get(r.code)
            if visit is None:
                problems.add(r.line, f"{r.study_id} has no visit {r.code!r} in the plan")
                continue
            key = (r.study_id, r.code)
            if r.status == "done":
                if key in done_in_file:
                    problems.add(
                        r.line, f"a second 'done' for {r.study_id} {r.code} (also on line {done_in_file[key]})"
                    )
                    continue
                done_in_file[key] = r.line
                if visit.state == "completed":
                    if visit.actual_date == r.date:
                        unchanged += 1
                    else:
                        problems.add(
                            r.line,
                            f"{r.study_id} {r.code} is already done on {visit.actual_date}; a second 'done' is refused",
                        )
                    continue
            elif visit.state == "missed":
                unchanged += 1
                continue
            elif visit.state == "completed":
                problems.add(r.line, f"{r.study_id} {r.code} is recorded as done; it cannot also be missed")
                continue
            todo.append((r, subject_id, visit))
        problems.raise_if_any()

        user_id = db.user_id(session)
        reason_default = f"import of {path.name}"
        touched: set[int] = set()
        for r, subject_id, visit in todo:
            reason = r.reason or reason_default
            touched.add(subject_id)
            if visit is None:
                latest = max(plans[subject_id].values(), key=lambda v: v.nominal_date) if plans[subject_id] else None
                row = m.Visit(
                    subject_id=subject_id,
                    infusion_id=latest.infusion_id if latest else None,
                    protocol_version_id=latest.protocol_version_id if latest else None,
                    code=None,
                    nominal_date=r.date,
                    mode=r.mode or "clinic",
                    state="completed",
                    actual_date=r.date,
                    actual_mode=r.mode or "clinic",
                    performed_by=user_id,
                )
                session.add(row)
                session.flush()
                session.add(
                    m.VisitStatusChange(visit_id=row.id, new_state="completed", reason=reason, changed_by=user_id)
                )
                audit.append(
                    session,
                    user_id,
                    [
                        audit.created(
                            "visit",
                            row.id,
                            {"code": None, "actual_date": r.date, "state": "completed"},
                            subject_id,
                            reason,
                        )
                    ],
                )
                continue
            new_state = "completed" if r.status == "done" else "missed"
            changes = [audit.Change("state", visit.state, new_state)]
            session.add(
                m.VisitStatusChange(
                    visit_id=visit.id, old_state=visit.state, new_state=new_state, reason=reason, changed_by=user_id
                )
            )
            visit.state, visit.cause = new_state, None
            if r.status == "done":
                mode = r.mode or visit.mode
                changes += [audit.Change("actual_date", None, r.date), audit.Change("actual_mode", None, mode)]
                visit.actual_date, visit.actual_mode, visit.performed_by = r.date, mode, user_id
            session.flush()
            audit.record(
                session,
                user_id=user_id,
                action="update",
                table_name="visit",
                record_id=visit.id,
                subject_id=subject_id,
                changes=changes,
                reason=reason,
            )
        for subject_id in sorted(touched):
            sync_subject(session, subject_id, user_id, today, reason_default)
    return ImportSummary(path.name, added=len(todo), unchanged=unchanged)
