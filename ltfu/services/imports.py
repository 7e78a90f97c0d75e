"""CSV imports beyond subjects: visit history (events and results follow the same pattern).

All or nothing: every row is checked against the file and the database first; a
single bad row means nothing is written, and every bad row is reported with its
line number and reason. Importing the same file again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import select, text

from ltfu.analysis.endpoints import collector_paused
from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, new_ids
from ltfu.db.engine import bulk_cache
from ltfu.errors import ValidationError
from ltfu.schedule.status import lost_to_follow_up_allowed
from ltfu.services import audit, derived, trail
from ltfu.services.course import sync_subject
from ltfu.services.csvio import TEXT, Problems, RowError, choice, code, parse_date, parse_int, read_rows
from ltfu.services.database import Database
from ltfu.services.events import NewEvent, apply_event, event_key, parse_event, stored_event_keys
from ltfu.services.plausibility import ending_conflict, missed_problem
from ltfu.services.records import (
    RESULT_KEY_COLUMNS,
    NewAdverseEvent,
    NewResult,
    adverse_event_key,
    adverse_event_problems,
    adverse_event_row,
    date_problem,
    normalise_result,
    result_key,
    result_row,
    stored_adverse_event_keys,
    subject_dates,
)
from ltfu.services.subjects import ImportSummary, fold_study_id, stored_study_ids

VISIT_COLUMNS = ("subject_id", "visit_code", "date", "status", "mode", "reason")
VISIT_KINDS = {"reason": TEXT}  # the others: one line of at most 64 characters


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
    db.require("import")
    path = Path(path)
    problems = Problems(path.name)
    rows: list[_VisitRow] = []
    for line, raw in read_rows(path, VISIT_COLUMNS, kinds=VISIT_KINDS):
        if "__error__" in raw:
            problems.add(line, raw["__error__"])
            continue
        try:
            rows.append(_parse_visit_row(line, raw))
        except RowError as exc:
            problems.add(line, str(exc))
    with db.session() as session:
        ids = _subject_ids(session, {r.study_id for r in rows})
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

        withdrawals = subject_dates(session, list(ids.values()))
        todo: list[tuple[_VisitRow, int, m.Visit | None]] = []
        done_in_file: dict[tuple[str, str], int] = {}
        missed_in_file: dict[tuple[str, str], int] = {}
        unchanged = 0
        unscheduled_in_file: dict[tuple[int, dt.date], int] = {}
        for r in rows:
            subject_id = ids.get(fold_study_id(r.study_id))
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
            withdrawn = withdrawals[subject_id].withdrawn
            if withdrawn is not None and r.date > withdrawn:
                problems.add(r.line, f"date {r.date} is after the withdrawal of all consent on {withdrawn}")
                continue
            if r.code is None:
                if r.date in unscheduled_dates[subject_id]:
                    unchanged += 1
                elif (subject_id, r.date) in unscheduled_in_file:
                    problems.add(
                        r.line,
                        f"the same unscheduled visit of {r.study_id} on {r.date} is also on line "
                        f"{unscheduled_in_file[(subject_id, r.date)]}",
                    )
                else:
                    unscheduled_in_file[(subject_id, r.date)] = r.line
                    todo.append((r, subject_id, None))
                continue
            visit = plans[subject_id].get(r.code)
            if visit is None:
                problems.add(r.line, f"{r.study_id} has no visit {r.code!r} in the plan")
                continue
            key = (fold_study_id(r.study_id), r.code)
            if visit.state == "cancelled":
                problems.add(r.line, f"{r.study_id} {r.code} is cancelled ({visit.cause}); it cannot be {r.status}")
                continue
            if r.status == "done":
                if key in done_in_file:
                    problems.add(
                        r.line, f"a second 'done' for {r.study_id} {r.code} (also on line {done_in_file[key]})"
                    )
                    continue
                done_in_file[key] = r.line
                if key in missed_in_file:
                    problems.add(r.line, f"{r.study_id} {r.code} is also missed on line {missed_in_file[key]}")
                    continue
                if visit.state == "completed":
                    if visit.actual_date == r.date:
                        unchanged += 1
                    else:
                        problems.add(
                            r.line,
                            f"{r.study_id} {r.code} is already done on {visit.actual_date}; a second 'done' is refused",
                        )
                    continue
                if visit.state == "missed":
                    problems.add(
                        r.line,
                        f"{r.study_id} {r.code} is recorded as missed; undo that first (with a reason) to record it done",
                    )
                    continue
            elif visit.state == "missed":
                unchanged += 1
                continue
            elif visit.state == "completed":
                problems.add(
                    r.line,
                    f"{r.study_id} {r.code} is recorded as done on {visit.actual_date}; it cannot also be missed",
                )
                continue
            else:
                problem = missed_problem(r.code, visit.window_start, r.date)
                if problem:
                    problems.add(r.line, f"{r.study_id} {problem}")
                    continue
                if key in done_in_file:
                    problems.add(r.line, f"{r.study_id} {r.code} is also done on line {done_in_file[key]}")
                    continue
                if key in missed_in_file:
                    problems.add(
                        r.line, f"a second 'missed' for {r.study_id} {r.code} (also on line {missed_in_file[key]})"
                    )
                    continue
                missed_in_file[key] = r.line
            todo.append((r, subject_id, visit))
        problems.raise_if_any()

        user_id = db.user_id(session, "import")
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
            if visit.cause is not None:
                changes.append(audit.Change("cause", visit.cause, None))
            visit.state, visit.cause = new_state, None
            if r.status == "done":
                mode = r.mode or visit.mode
                changes += [
                    audit.Change("actual_date", visit.actual_date, r.date),
                    audit.Change("actual_mode", visit.actual_mode, mode),
                    audit.Change("performed_by", visit.performed_by, user_id),
                ]
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


RESULT_COLUMNS = ("subject_id", "date", "analyte", "value", "unit")
RESULT_OPTIONAL = ("qualifier", "assay")
RESULT_KINDS = {"assay": code(m.Result.assay.type.length)}  # the others: one line of at most 64 characters


def import_results(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Laboratory results in long format; a result already stored is not added again.

    Written in bulk, audited per subject (row ids, file name and its SHA-256), so a
    lab file of 100,000 rows takes seconds. RCL results re-run the status rules of their subjects (a
    positive keeps later samples tested).
    """
    # Hundreds of thousands of small objects live at once: without the pause each
    # collection walks all of them again, and a ten times larger file costs 13x.
    with collector_paused():
        return _import_results(db, path, today)


def _import_results(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    db.require("import")
    path = Path(path)
    source = path.name
    problems = Problems(source)
    parsed: list[tuple[int, str, NewResult]] = []
    for line, raw in read_rows(path, RESULT_COLUMNS, RESULT_OPTIONAL, RESULT_KINDS):
        if "__error__" in raw:
            problems.add(line, raw["__error__"])
            continue
        try:
            if not raw["subject_id"]:
                raise RowError("subject_id is empty")
            day = parse_date(raw["date"], "date")
            value, category, unit, blq, lloq = normalise_result(
                raw["analyte"], raw["value"], raw["unit"], raw.get("qualifier", "").strip()
            )
        except (RowError, ValueError) as exc:
            problems.add(line, str(exc))
            continue
        assay = raw.get("assay") or None
        parsed.append(
            (line, raw["subject_id"], NewResult(raw["analyte"], day, value, category, unit, blq, lloq, assay))
        )
    with db.session() as session, bulk_cache(session.connection()):
        ids = _subject_ids(session, {study_id for _, study_id, _ in parsed})
        dates = subject_dates(session, list(ids.values()))
        existing = _existing_result_keys(session, parsed, ids)
        fresh: list[dict[str, object]] = []
        seen: dict[tuple, int] = {}
        unchanged = 0
        for line, study_id, result in parsed:
            subject_id = ids.get(fold_study_id(study_id))
            if subject_id is None:
                problems.add(line, f"unknown subject {study_id}")
                continue
            problem = date_problem("result", result.date, dates[subject_id], today)
            if problem:
                problems.add(line, problem)
                continue
            row = result_row(subject_id, result, source)
            key = result_key(row)
            if key in existing:
                unchanged += 1
            elif key in seen:
                problems.add(line, f"the same result is also on line {seen[key]}")
            else:
                seen[key] = line
                fresh.append(row)
        problems.raise_if_any()
        user_id = db.user_id(session, "import")
        conn = session.connection()
        for new_id, row in zip(new_ids(conn, m.Result.__table__, len(fresh)), fresh, strict=True):
            row["id"] = new_id
        bulk_insert(conn, m.Result.__table__, fresh)
        reason = f"import of {path.name}"
        # One audit entry per subject and file: which rows (ids), from which file (its
        # SHA-256). The values themselves are the rows; any later change to one is
        # audited field by field like every other edit.
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        by_subject: dict[int, list[dict[str, object]]] = defaultdict(list)
        for row in fresh:
            by_subject[row["subject_id"]].append(row)
        audit.append(
            session,
            user_id,
            (
                audit.Entry(
                    "import",
                    "result",
                    None,
                    subject_id,
                    "rows",
                    None,
                    f"{len(own)} result(s), ids {_id_ranges([r['id'] for r in own])}, from {path.name} "
                    f"(sha256 {digest})" + trail.content_text("result", own),
                    reason,
                )
                for subject_id, own in sorted(by_subject.items())
            ),
        )
        # Only a positive or indeterminate RCL result changes what later visits do.
        changing = {r["subject_id"] for r in fresh if r["analyte"] == "rcl" and r["category"] in RCL_CHANGES}
        for subject_id in sorted(changing):
            sync_subject(session, subject_id, user_id, today, reason)
        derived.results_added(session, fresh)
    return ImportSummary(path.name, added=len(fresh), unchanged=unchanged)


RCL_CHANGES = ("positive", "indeterminate")


def _id_ranges(ids: list[int]) -> str:
    """1,2,3,7,8 -> '1-3, 7-8': compact, exact."""
    ranges: list[str] = []
    start = previous = ids[0]
    for current in ids[1:] + [None]:  # type: ignore[list-item]
        if current is not None and current == previous + 1:
            previous = current
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if current is not None:
            start = previous = current
    return ", ".join(ranges)


def _existing_result_keys(session, parsed, ids: dict[str, int]) -> set[tuple]:  # type: ignore[no-untyped-def]
    """Keys of stored results on the same subject, day and analyte as a row of the file.

    The file's (subject, day, analyte) go into a temporary table joined through the
    (subject_id, analyte, result_date) index, so a 100,000-row file never reads the
    whole result table.
    """
    wanted = {(ids[fold_study_id(s)], r.date, r.analyte) for _, s, r in parsed if fold_study_id(s) in ids}
    if not wanted:
        return set()
    conn = session.connection()
    conn.exec_driver_sql(
        "CREATE TEMPORARY TABLE IF NOT EXISTS import_key (subject_id INTEGER, result_date DATE, analyte VARCHAR(16))"
    )
    conn.exec_driver_sql("DELETE FROM import_key")
    if conn.dialect.name == "sqlite":
        # Straight to the driver: 100,000 keys without building bound parameters.
        conn.connection.driver_connection.executemany(
            "INSERT INTO import_key (subject_id, result_date, analyte) VALUES (?, ?, ?)",
            [(s, d.isoformat(), a) for s, d, a in wanted],
        )
    else:
        conn.execute(
            text("INSERT INTO import_key (subject_id, result_date, analyte) VALUES (:s, :d, :a)"),
            [{"s": s, "d": d, "a": a} for s, d, a in wanted],
        )
    rows = conn.execute(
        text(
            "SELECT r.subject_id, r.result_date, r.analyte, r.value, r.category, r.blq, r.assay FROM result r "
            "JOIN import_key k ON k.subject_id = r.subject_id AND k.analyte = r.analyte "
            "AND k.result_date = r.result_date WHERE r.voided_at IS NULL"
        )
    ).all()
    conn.exec_driver_sql("DELETE FROM import_key")
    return {result_key(dict(zip(RESULT_KEY_COLUMNS, row, strict=True))) for row in rows}


def _subject_ids(session, study_ids: set[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Lower-cased study id -> subject primary key: ids are compared without regard to case."""
    return stored_study_ids(session, list(study_ids), current_only=True)


EVENT_COLUMNS = ("subject_id", "date", "event", "detail")
EVENT_KINDS = {"detail": TEXT}  # the others: one line of at most 64 characters
AE_EVENT_KINDS = ("dlt", "crs", "icans")


def import_events(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Clinical events and the safety events of events.csv (dlt, crs, icans -> adverse events)."""
    db.require("import")
    path = Path(path)
    problems = Problems(path.name)
    parsed: list[tuple[int, str, NewEvent | NewAdverseEvent]] = []
    for line, raw in read_rows(path, EVENT_COLUMNS, kinds=EVENT_KINDS):
        if "__error__" in raw:
            problems.add(line, raw["__error__"])
            continue
        try:
            if not raw["subject_id"]:
                raise RowError("subject_id is empty")
            day = parse_date(raw["date"], "date")
            kind, detail = raw["event"], raw["detail"]
            if kind in AE_EVENT_KINDS:
                parsed.append((line, raw["subject_id"], _safety_event(kind, day, detail)))
            elif kind in ("lost_to_follow_up_reversed",):
                raise RowError(f"event {kind!r} is entered in the window, with its reason")
            else:
                parsed.append((line, raw["subject_id"], parse_event(kind, day, detail)))
        except (RowError, ValidationError) as exc:
            problems.add(line, str(exc))
    with db.session() as session:
        ids = _subject_ids(session, {study_id for _, study_id, _ in parsed})
        dates = subject_dates(session, list(ids.values()))
        existing_events = stored_event_keys(session, list(ids.values()))
        existing_aes = stored_adverse_event_keys(session, list(ids.values()))
        # Deaths in the file count for the rows after them.
        deaths = {sid: d.death for sid, d in dates.items() if d.death is not None}
        file_deaths: dict[int, tuple[dt.date, int]] = {}
        for line, study_id, item in parsed:
            subject_id = ids.get(fold_study_id(study_id))
            if isinstance(item, NewEvent) and item.kind == "death" and subject_id is not None:
                if subject_id in file_deaths or subject_id in deaths:
                    continue
                file_deaths[subject_id] = (item.date, line)
        # So do withdrawals of all consent.
        file_withdrawals: dict[int, dt.date] = {}
        for _line, study_id, item in parsed:
            subject_id = ids.get(fold_study_id(study_id))
            if (
                isinstance(item, NewEvent)
                and item.kind == "withdrawal"
                and item.withdrawal_scope == "all"
                and subject_id is not None
            ):
                file_withdrawals[subject_id] = min(item.date, file_withdrawals.get(subject_id, item.date))
        todo: list[tuple[int, NewEvent | NewAdverseEvent]] = []
        in_file: dict[tuple, int] = {}
        unchanged = 0
        for line, study_id, item in parsed:
            subject_id = ids.get(fold_study_id(study_id))
            if subject_id is None:
                problems.add(line, f"unknown subject {study_id}")
                continue
            d = dates[subject_id]
            death = d.death or (file_deaths.get(subject_id, (None, None))[0])
            withdrawn = min(filter(None, (d.withdrawn, file_withdrawals.get(subject_id))), default=None)
            known = replace(d, death=death, withdrawn=withdrawn)
            if isinstance(item, NewAdverseEvent):
                key = adverse_event_key(subject_id, item)
                if key in existing_aes:
                    unchanged += 1
                    continue
                if key in in_file:
                    problems.add(line, f"the same adverse event is also on line {in_file[key]}")
                    continue
                in_file[key] = line
                for problem in adverse_event_problems(item, known, today):
                    problems.add(line, problem)
                todo.append((subject_id, item))
                continue
            key = event_key(subject_id, item)
            if key in existing_events:
                unchanged += 1
                continue
            if key in in_file:
                problems.add(line, f"the same event is also on line {in_file[key]}")
                continue
            in_file[key] = line
            if item.kind == "death":
                if d.death is not None:
                    problems.add(line, f"a death is already recorded on {d.death}")
                    continue
                if file_deaths.get(subject_id, (None, line))[1] != line:
                    problems.add(line, f"a second death for {study_id} (also on line {file_deaths[subject_id][1]})")
                    continue
                known = replace(d, death=None)
            problem = date_problem(item.kind, item.date, known, today, post_infusion=True)
            if problem:
                problems.add(line, problem)
                continue
            conflict = ending_conflict(session, subject_id, item.kind, item.date, item.withdrawal_scope)
            if conflict:
                problems.add(line, conflict)
                continue
            if item.kind == "lost_to_follow_up":
                allowed, why = lost_to_follow_up_allowed(_failed_attempts(session, subject_id))
                if not allowed:
                    problems.add(
                        line, f"{study_id} cannot be lost to follow-up yet: {why}; record the contact attempts first"
                    )
                    continue
            todo.append((subject_id, item))
        problems.raise_if_any()
        user_id = db.user_id(session, "import")
        reason = f"import of {path.name}"
        entries = []
        touched: set[int] = set()
        for subject_id, item in sorted(todo, key=lambda t: (t[0], getattr(t[1], "date", None) or t[1].onset)):
            if isinstance(item, NewAdverseEvent):
                values = adverse_event_row(subject_id, item, path.name)
                ae = m.AdverseEvent(**values)
                session.add(ae)
                session.flush()
                entries.append(audit.created("adverse_event", ae.id, values, subject_id, reason))
                continue
            touched.add(subject_id)
            apply_event(session, subject_id, item, user_id, reason, path.name)
        audit.append(session, user_id, entries)
        for subject_id in sorted(touched):
            sync_subject(session, subject_id, user_id, today, reason)
    return ImportSummary(path.name, added=len(todo), unchanged=unchanged)


_TERM_LENGTH = m.AdverseEvent.term.type.length


def _safety_event(kind: str, day: dt.date, detail: str) -> NewAdverseEvent:
    if kind == "dlt":
        if not detail.strip():
            raise RowError("dlt needs its description in detail")
        if len(detail.strip()) > _TERM_LENGTH:
            raise RowError(f"a dlt description is at most {_TERM_LENGTH} characters (this one {len(detail.strip()):,})")
        return NewAdverseEvent(detail.strip(), 3, day, dlt=True, serious=True, related=True)
    try:
        grade = parse_int(detail.strip().removeprefix("grade").strip(), "grade")
    except RowError:
        raise RowError(f"{kind} detail {detail!r} must be its ASTCT grade, 1 to 4 (5 = death)") from None
    term = "Cytokine release syndrome" if kind == "crs" else "Immune effector cell-associated neurotoxicity syndrome"
    return NewAdverseEvent(term, grade, day, kind=kind, serious=grade >= 3, related=True)


def _failed_attempts(session, subject_id: int) -> list[tuple[dt.date, str, bool]]:  # type: ignore[no-untyped-def]
    return [
        (r.attempt_date, r.channel, r.outcome == "reached")
        for r in session.execute(
            select(m.ContactAttempt.attempt_date, m.ContactAttempt.channel, m.ContactAttempt.outcome).where(
                m.ContactAttempt.subject_id == subject_id, m.ContactAttempt.voided_at.is_(None)
            )
        )
    ]
