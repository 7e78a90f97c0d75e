"""CSV imports beyond subjects: visit history, laboratory results, clinical and safety events.

Each is an `Importer` of `ltfu.services.importing` (parse, check against what is
stored, write); `import_file` is the one entry point of the window and the command
line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from ltfu.analysis.memory import collector_paused
from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert_columns_beside, chunked, copy_rows, insert_new, insert_rows, new_ids
from ltfu.errors import Message, ValidationError, message_of
from ltfu.schedule.status import lost_to_follow_up_allowed
from ltfu.services import audit, derived, safety, trail
from ltfu.services.course import VisitWrites, sync_subjects
from ltfu.services.csvio import (
    TEXT,
    Problems,
    RowError,
    choice,
    code,
    joined,
    parse_date,
    parse_flag,
    parse_int,
    parse_optional_date,
    plain_number,
    read_values,
)
from ltfu.services.database import Database
from ltfu.services.events import NewEvent, apply_events, event_key, parse_event, stored_attempts, stored_event_keys
from ltfu.services.importing import (
    UNCHANGED,
    Importer,
    ImportSummary,
    Line,
    Refused,
    Source,
    run_import,
    seen_before,
    subject_ids,
)
from ltfu.services.plausibility import (
    SubjectDates,
    ending_conflict_with,
    ending_what,
    latest_records,
    missed_problem,
    result_days,
)
from ltfu.services.records import (
    NewAdverseEvent,
    NewResult,
    ResultReader,
    adverse_event_key,
    adverse_event_problems,
    adverse_event_row,
    date_problem,
    key_of_result,
    stored_adverse_event_keys,
    subject_dates,
)
from ltfu.services.screens import NewScreen, Screening, add_screens, screen_problems
from ltfu.services.study_ids import fold_study_id
from ltfu.services.visits import UnscheduledVisit, add_unscheduled_visits, set_state
from ltfu.vocabulary import SCREEN_QUESTIONS

VISIT_COLUMNS = ("subject_id", "visit_code", "date", "status", "mode", "reason")
VISIT_KINDS = {"reason": TEXT}  # the others: one line of at most 64 characters


VISIT_OPTIONAL = SCREEN_QUESTIONS
"""A done visit from Day 28 may carry its safety screen: one column per question (yes,
no or unknown), all of them filled or all empty on a row."""


@dataclass(frozen=True)
class _VisitRow:
    code: str | None
    date: dt.date
    status: str
    mode: str | None
    reason: str
    screen: NewScreen | None = None


def _screen_of(raw: dict[str, str], status: str, mode: str | None) -> NewScreen | None:
    given = {q: raw.get(q, "").strip().lower() for q in SCREEN_QUESTIONS}
    if not any(given.values()):
        return None
    if status != "done":
        raise RowError(Message("screen.not_done"))
    if mode == "records":
        raise RowError(Message("screen.records"))
    empty = [q for q, answer in given.items() if not answer]
    if empty:
        raise RowError(Message("screen.partial", fields=tuple(empty)))
    screen = NewScreen(given)
    problems = screen_problems(screen)
    if problems:
        raise RowError(joined(problems))
    return screen


@dataclass
class _StoredVisits:
    """Each subject's plan (the latest plan's row for each code), unscheduled visit
    dates, infusion and death; and what earlier rows of the file claimed."""

    plans: dict[int, dict[str, m.Visit]]
    unscheduled: dict[int, set[dt.date]]
    dates: dict[int, SubjectDates]
    done_in_file: dict[tuple[str, str], int] = field(default_factory=dict)
    missed_in_file: dict[tuple[str, str], int] = field(default_factory=dict)
    unscheduled_in_file: dict[tuple[int, dt.date], int] = field(default_factory=dict)


class _VisitsImporter(Importer[_StoredVisits]):
    """visits.csv: done (with date and mode) or missed visits; an empty visit_code
    with status done is an unscheduled visit."""

    columns = VISIT_COLUMNS
    optional = VISIT_OPTIONAL
    kinds = VISIT_KINDS

    def parse_row(self, raw: dict[str, str]) -> tuple[str, _VisitRow]:
        if not raw["subject_id"]:
            raise RowError(Message("row.empty", column="subject_id"))
        status = choice(raw["status"], "status", ("done", "missed"))
        code = raw["visit_code"] or None
        if code is None and status == "missed":
            raise RowError(Message("row.missed_needs_code"))
        mode = choice(raw["mode"], "mode", m.VISIT_MODES) if raw["mode"] else None
        screen = _screen_of(raw, status, mode)
        return raw["subject_id"], _VisitRow(code, parse_date(raw["date"], "date"), status, mode, raw["reason"], screen)

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredVisits:
        ids = subject_ids(lines)
        plans: dict[int, dict[str, m.Visit]] = {sid: {} for sid in ids}
        unscheduled: dict[int, set[dt.date]] = {sid: set() for sid in ids}
        for chunk in chunked(ids):
            # In the order of their infusions, so the latest plan's row wins for each code.
            for visit in session.scalars(
                select(m.Visit)
                .join(m.Infusion, m.Infusion.id == m.Visit.infusion_id)
                .where(m.Visit.subject_id.in_(chunk), m.Visit.voided_at.is_(None))
                .order_by(m.Infusion.infusion_date)
            ):
                if visit.code is not None:
                    plans[visit.subject_id][visit.code] = visit
                elif visit.actual_date:
                    unscheduled[visit.subject_id].add(visit.actual_date)
        return _StoredVisits(plans, unscheduled, subject_dates(session, ids))

    def check(self, line: Line, stored: _StoredVisits, today: dt.date) -> object:
        r: _VisitRow = line.row
        study_id, subject_id = line.study_id, line.subject_id
        assert subject_id is not None
        if r.date > today:
            return Refused.because(Message("visit.future", day=r.date))
        known = stored.dates[subject_id]
        if known.infusion is not None and r.date < known.infusion:
            return Refused.because(Message("visit.before_infusion", day=r.date, infusion=known.infusion))
        if known.death is not None and r.date > known.death:
            return Refused.because(Message("visit.after_death", day=r.date, death=known.death))
        if known.withdrawn is not None and r.date > known.withdrawn:
            return Refused.because(Message("visit.after_withdrawal", day=r.date, withdrawn=known.withdrawn))
        if r.code is None:
            if r.date in stored.unscheduled[subject_id]:
                return UNCHANGED
            if (subject_id, r.date) in stored.unscheduled_in_file:
                return Refused.because(
                    Message(
                        "visit.unscheduled_twice",
                        study_id=study_id,
                        day=r.date,
                        line=stored.unscheduled_in_file[(subject_id, r.date)],
                    )
                )
            stored.unscheduled_in_file[(subject_id, r.date)] = line.number
            return (r, study_id, subject_id, None)
        visit = stored.plans[subject_id].get(r.code)
        if visit is None:
            return Refused.because(Message("visit.not_in_plan", study_id=study_id, code=r.code))
        key = (fold_study_id(study_id), r.code)
        if visit.state == "cancelled":
            return Refused.because(
                Message("visit.cancelled", study_id=study_id, code=r.code, cause=visit.cause, status=r.status)
            )
        done_in_file, missed_in_file = stored.done_in_file, stored.missed_in_file
        if r.status == "done":
            if key in done_in_file:
                return Refused.because(
                    Message("visit.done_twice", study_id=study_id, code=r.code, line=done_in_file[key])
                )
            done_in_file[key] = line.number
            if key in missed_in_file:
                return Refused.because(
                    Message("visit.also_missed", study_id=study_id, code=r.code, line=missed_in_file[key])
                )
            if visit.state == "completed":
                if visit.actual_date == r.date:
                    return UNCHANGED
                return Refused.because(
                    Message("visit.already_done", study_id=study_id, code=r.code, day=visit.actual_date)
                )
            if visit.state == "missed":
                return Refused.because(Message("visit.is_missed", study_id=study_id, code=r.code))
        elif visit.state == "missed":
            return UNCHANGED
        elif visit.state == "completed":
            return Refused.because(Message("visit.is_done", study_id=study_id, code=r.code, day=visit.actual_date))
        else:
            problem = missed_problem(r.code, visit.window_start, r.date)
            if problem:
                return Refused.because(Message("row.of_subject", study_id=study_id, problem=problem))
            if key in done_in_file:
                return Refused.because(
                    Message("visit.also_done", study_id=study_id, code=r.code, line=done_in_file[key])
                )
            if key in missed_in_file:
                return Refused.because(
                    Message("visit.missed_twice", study_id=study_id, code=r.code, line=missed_in_file[key])
                )
            missed_in_file[key] = line.number
        return (r, study_id, subject_id, visit)

    def write(
        self,
        session: Session,
        todo: list[tuple[_VisitRow, str, int, m.Visit | None]],
        stored: _StoredVisits,
        user_id: int,
        source: Source,
    ) -> tuple[str, ...]:
        touched: set[int] = set()
        writes = VisitWrites()
        unscheduled: list[UnscheduledVisit] = []
        screened: list[tuple[m.Visit, NewScreen, str]] = []
        for r, study_id, subject_id, visit in todo:
            reason = r.reason or source.reason
            touched.add(subject_id)
            if visit is None:
                unscheduled.append(UnscheduledVisit(subject_id, study_id, r.date, r.mode or "clinic", reason, r.screen))
                continue
            if r.status == "done":
                done = {"actual_date": r.date, "actual_mode": r.mode or visit.mode, "performed_by": user_id}
                set_state(writes, visit, user_id, "completed", reason, **done)
            else:
                set_state(writes, visit, user_id, "missed", reason)
            if r.screen is not None:
                screened.append((visit, r.screen, study_id))
        writes.write(session, user_id)
        add_screens(
            session,
            [Screening.of(visit, screen, study_id) for visit, screen, study_id in screened],
            user_id,
            source.name,
        )
        add_unscheduled_visits(session, unscheduled, user_id, source.name)
        sync_subjects(session, touched, user_id, source.today, source.reason)
        return ()


def import_visits(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Visit history from a spreadsheet: done (with date and mode) or missed visits."""
    return run_import(db, _VisitsImporter(), path, today)


RESULT_COLUMNS = ("subject_id", "date", "analyte", "value", "unit")
RESULT_OPTIONAL = ("qualifier", "assay")
RESULT_KINDS = {"assay": code(m.Result.assay.type.length)}  # the others: one line of at most 64 characters
RCL_CHANGES = ("positive", "indeterminate")
RESULT_TABLE = cast(Table, m.Result.__table__)
# The values of a result row to write, in the order `check_all` gives them.
_FRESH = ("subject_id", "result_date", "analyte", "value", "category", "unit", "blq", "lloq", "assay")
# A parsed row of a lab file: analyte, date, value, category, unit, blq, lloq, assay.
_Parsed = tuple[str, dt.date, float | None, str | None, str, bool, float | None, str | None]
AE_TABLE = cast(Table, m.AdverseEvent.__table__)


@dataclass
class _StoredResults:
    dates: dict[int, SubjectDates]
    keys: set[tuple]  # stored results on the file's subjects, days and analytes
    in_file: dict[tuple, int] = field(default_factory=dict)


class _ResultsImporter(Importer[_StoredResults]):
    """results.csv, long format; a result already stored is not added again. Written
    in bulk, audited per subject (row ids, file name and its SHA-256)."""

    columns = RESULT_COLUMNS
    optional = RESULT_OPTIONAL
    kinds = RESULT_KINDS
    bulk = True

    def __init__(self, source: str) -> None:
        self.source = source
        self.days: dict[str, dt.date] = {}  # each date of the file parsed once (a lab file repeats them)
        self.normalise = ResultReader()  # each analyte and unit looked up once

    def parse_row(self, raw: dict[str, str]) -> tuple[str, _Parsed]:
        """The row as the fields of a `NewResult`, in order (a tuple: a lab file has many)."""
        return self._parse(
            raw["subject_id"],
            raw["date"],
            raw["analyte"],
            raw["value"],
            raw["unit"],
            raw.get("qualifier", ""),
            raw.get("assay", ""),
        )

    def parse_file(self, path: Path, problems: Problems) -> list[tuple[int, str, Any]]:
        """`parse_row` of each row, from the values as listed (no dict of each row)."""
        names, rows = read_values(path, self.columns, self.optional, self.kinds)
        at = [names.index(c) for c in self.columns]
        # An optional column the file does not have reads as empty (one more value on every row).
        at += [names.index(c) if c in names else len(names) for c in self.optional]
        columns = itemgetter(*at)
        parse = self._parse
        # What `_parse` makes of a row whose date and (analyte, unit, qualifier) were met
        # before, made here without a call (values come stripped); any other row, and
        # any value these checks do not take, goes through `_parse` (the same refusals).
        days, plans, categories = self.days, self.normalise.plans, m.RESULT_CATEGORIES
        parsed: list[tuple[int, str, Any]] = []
        row: _Parsed
        for number, values in rows:
            if isinstance(values, dict):
                problems.add(number, values["__error__"])
                continue
            values.append("")
            fields = columns(values)
            study_id, date, analyte, raw_value, unit, qualifier, assay = fields
            day = days.get(date)
            plan = plans.get((analyte, unit, qualifier))
            if study_id and day is not None and plan is not None:
                stored_unit, factor, low, high, blq = plan
                if factor is None:
                    if raw_value in categories:
                        row = (analyte, day, None, raw_value, stored_unit, False, None, assay or None)
                        parsed.append((number, study_id, row))
                        continue
                elif (value := plain_number(raw_value)) is not None and low <= (value := value * factor) <= high:
                    row = (analyte, day, value, None, stored_unit, blq, value if blq else None, assay or None)
                    parsed.append((number, study_id, row))
                    continue
            try:
                study_id, row = parse(*fields)
            except (RowError, ValidationError) as exc:
                problems.add(number, message_of(exc))
                continue
            parsed.append((number, study_id, row))
        return parsed

    def _parse(
        self, study_id: str, date: str, analyte: str, raw_value: str, unit: str, qualifier: str, assay: str
    ) -> tuple[str, _Parsed]:
        if not study_id:
            raise RowError(Message("row.empty", column="subject_id"))
        day = self.days.get(date)
        if day is None:
            day = self.days[date] = parse_date(date, "date")
        try:
            value, category, unit, blq, lloq = self.normalise(analyte, raw_value, unit, qualifier.strip())
        except ValueError as exc:
            raise RowError(message_of(exc)) from None
        return study_id, (analyte, day, value, category, unit, blq, lloq, assay or None)

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredResults:
        # A result's date is never checked against the DLT window: no protocol parse.
        dates = subject_dates(session, subject_ids(lines), dlt_windows=False)
        return _StoredResults(dates, _existing_result_keys(session, lines))

    def check_all(self, lines: Sequence[Line], stored: _StoredResults, today: dt.date) -> Iterator[object]:
        """`check` of each line in one loop: a day within the subject's `result_days`, a
        key neither stored nor earlier in the file, and the row to write is made here;
        any other line goes to `check` (the same refusals)."""
        days: dict[int | None, tuple[dt.date, dt.date]] = {
            subject_id: result_days(dates, today) for subject_id, dates in stored.dates.items()
        }
        iso: dict[dt.date, str] = {}
        keys, in_file = stored.keys, stored.in_file
        for line in lines:
            subject_id = line.subject_id
            analyte, day, value, category, unit, blq, lloq, assay = line.row
            first, last = days[subject_id]
            if not first <= day <= last:
                yield self.check(line, stored, today)
                continue
            text = iso.get(day) or iso.setdefault(day, day.isoformat())
            # `key_of_result` of the row: its value a float already, blq a flag, assay None or text.
            key = (subject_id, text, analyte, None if value is None else round(value, 9), category, blq, assay)
            if key in keys or key in in_file:
                yield self.check(line, stored, today)
                continue
            in_file[key] = line.number
            yield (subject_id, day, analyte, value, category, unit, blq, lloq, assay)

    def check(self, line: Line, stored: _StoredResults, today: dt.date) -> object:
        result = NewResult(*line.row)
        subject_id = line.subject_id
        assert subject_id is not None
        problem = date_problem("result", result.date, stored.dates[subject_id], today)
        if problem:
            return Refused.because(problem)
        key = key_of_result(
            subject_id, result.date, result.analyte, result.value, result.category, result.blq, result.assay
        )
        if (seen := seen_before(key, stored.keys, stored.in_file, line, "result")) is not None:
            return seen
        # The row to write: its values in `_FRESH` order (`write` makes the columns).
        r = result
        return (subject_id, r.date, r.analyte, r.value, r.category, r.unit, r.blq, r.lloq, r.assay)

    def write(
        self, session: Session, fresh: list[tuple], stored: _StoredResults, user_id: int, source: Source
    ) -> tuple[str, ...]:
        # Column by column (100,000 rows: no dict of each): the values of `_FRESH`, ids,
        # and what a lab file never gives.
        n = len(fresh)
        columns: dict[str, Sequence[Any]] = dict(
            zip(_FRESH, zip(*fresh, strict=True) if fresh else [()] * len(_FRESH), strict=True)
        )
        conn = session.connection()
        columns = {"id": new_ids(conn, RESULT_TABLE, n), **columns, "result_time": [None] * n}
        columns["source_file"] = [self.source] * n
        subject_ids = columns["subject_id"]
        # Each subject's rows in id order (the ids ascend with the rows: a stable sort),
        # as positions: each row's text is written once and put in place (`order`). The
        # rows go to SQLite in that order too: each keeps its id, and the index on
        # (subject, analyte, date) takes a subject's rows on its pages at once rather
        # than a lab file's rows, subject after subject, all over the index.
        order = sorted(range(n), key=subject_ids.__getitem__)
        # The audit entries, and what the rows change in the derived tables, are made while
        # the rows are written (`bulk_insert_columns_beside`: they need the rows' ids and
        # values, never the database).
        entries, added = bulk_insert_columns_beside(
            conn,
            RESULT_TABLE,
            columns,
            order,
            lambda: (self._entries(columns, order, source), derived.columns_added(columns)),
        )
        audit.append(session, user_id, entries)
        # Only a positive or indeterminate RCL result changes what later visits do.
        rcl = [i for i, analyte in enumerate(columns["analyte"]) if analyte == "rcl"]
        categories = columns["category"]
        changing = {subject_ids[i] for i in rcl if categories[i] in RCL_CHANGES}
        sync_subjects(session, changing, user_id, source.today, source.reason)
        derived.result_columns_added(session, columns, added)
        # The RCL rows, in the file's order, as the safety rules read them.
        rcl_rows = [{name: columns[name][i] for name in ("id", "subject_id", "analyte", "category")} for i in rcl]
        safety.rcl_positives_recorded(session, user_id, rcl_rows, source.today)
        return ()

    @staticmethod
    def _entries(columns: Mapping[str, Sequence[Any]], order: list[int], source: Source) -> list[audit.Entry]:
        """One audit entry per subject and file: which rows (ids), from which file (its
        SHA-256). The values themselves are the rows; any later change to one is
        audited field by field like every other edit."""
        digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
        subject_ids = columns["subject_id"]
        subjects = sorted(set(subject_ids))
        counts = Counter(subject_ids)
        lengths = [counts[subject_id] for subject_id in subjects]
        contents = trail.column_content_texts("result", columns, lengths, order)
        ids = list(map(columns["id"].__getitem__, order))
        # The file's name, hash and reason, the same in every entry: written out once.
        named, reason = f", from {source.name} (sha256 {digest})", source.reason
        return [
            audit.Entry(
                "import",
                "result",
                None,
                subject_id,
                "rows",
                None,
                f"{length} result(s), ids {trail.id_ranges(ids[end - length : end])}{named}{content}",
                reason,
            )
            for subject_id, end, length, content in zip(subjects, accumulate(lengths), lengths, contents, strict=True)
        ]


def import_results(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Laboratory results in long format; a result already stored is not added again.

    Written in bulk, audited per subject (row ids, file name and its SHA-256), so a
    lab file of 100,000 rows takes seconds. RCL results re-run the status rules of their subjects (a
    positive keeps later samples tested).
    """
    # Hundreds of thousands of small objects live at once: without the pause each
    # collection walks all of them again, and a ten times larger file costs 13x.
    with collector_paused():
        return run_import(db, _ResultsImporter(Path(path).name), path, today)


def _existing_result_keys(session: Session, lines: list[Line]) -> set[tuple]:
    """Keys of stored results on the same subject, day and analyte as a row of the file.

    The file's (subject, analyte, day) go into a temporary table joined through the
    (subject_id, analyte, result_date) index, so a 100,000-row file never reads the
    whole result table. The join walks that index forwards, in its order (a fifth of
    the time at 100,000 keys): SQLite keeps the temporary table in that order itself
    (its primary key), PostgreSQL is given the keys sorted.
    """
    known = [line for line in lines if line.subject_id is not None]
    if not known:
        return set()
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_key (subject_id INTEGER, analyte VARCHAR(16), "
            "result_date DATE, PRIMARY KEY (subject_id, analyte, result_date)) WITHOUT ROWID"
        )
        conn.exec_driver_sql("DELETE FROM import_key")
        # 100,000 keys a hundred to a statement (`insert_rows`); each day of the file
        # written as text once, a key the file repeats kept once.
        iso = {day: day.isoformat() for day in {line.row[1] for line in known}}
        insert_rows(
            conn,
            "INSERT OR IGNORE INTO import_key (subject_id, analyte, result_date)",
            [(line.subject_id, line.row[0], iso[line.row[1]]) for line in known],
        )
    else:
        conn.exec_driver_sql(
            "CREATE TEMPORARY TABLE IF NOT EXISTS import_key (subject_id INTEGER, result_date DATE, analyte VARCHAR(16))"
        )
        conn.exec_driver_sql("DELETE FROM import_key")
        ordered = sorted({(line.subject_id, line.row[0], line.row[1]) for line in known})
        copy_rows(conn, "import_key", ("subject_id", "result_date", "analyte"), ((s, d, a) for s, a, d in ordered))
    # From the keys into the result table (SQLite's CROSS JOIN keeps that order: it
    # would rather scan a million results against the keys' primary key).
    joined = (
        "import_key k CROSS JOIN result r" if conn.dialect.name == "sqlite" else "result r JOIN import_key k ON TRUE"
    )
    rows = conn.execute(
        text(
            f"SELECT r.subject_id, r.result_date, r.analyte, r.value, r.category, r.blq, r.assay FROM {joined} "
            "WHERE k.subject_id = r.subject_id AND k.analyte = r.analyte AND k.result_date = r.result_date "
            "AND r.voided_at IS NULL"
        )
    ).all()
    conn.exec_driver_sql("DELETE FROM import_key")
    return {key_of_result(*row) for row in rows}


EVENT_COLUMNS = ("subject_id", "date", "event", "detail")
EVENT_KINDS = {"detail": TEXT}  # the others: one line of at most 64 characters
AE_EVENT_KINDS = ("dlt", "crs", "icans")


@dataclass
class _StoredEvents:
    dates: dict[int, SubjectDates]
    events: set[tuple]
    adverse_events: set[tuple]
    # The first death of each subject in the file (date, line): it counts for the rows after it.
    file_deaths: dict[int, tuple[dt.date, int]]
    # The earliest withdrawal of all consent of each subject in the file: so does it.
    file_withdrawals: dict[int, dt.date]
    attempts: dict[int, list[tuple[dt.date, str, bool]]]  # contact attempts: date, channel, reached
    # The latest records of the subjects with a row that ends follow-up (`latest_records`).
    latest: dict[int, list[tuple[dt.date, str]]]
    in_file: dict[tuple, int] = field(default_factory=dict)


class _EventsImporter(Importer[_StoredEvents]):
    """events.csv: clinical events, and the safety events (dlt, crs, icans) as adverse events."""

    columns = EVENT_COLUMNS
    kinds = EVENT_KINDS

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewEvent | NewAdverseEvent]:
        if not raw["subject_id"]:
            raise RowError(Message("row.empty", column="subject_id"))
        day = parse_date(raw["date"], "date")
        kind, detail = raw["event"], raw["detail"]
        if kind in AE_EVENT_KINDS:
            return raw["subject_id"], _safety_event(kind, day, detail)
        if kind in ("lost_to_follow_up_reversed",):
            raise RowError(Message("event.in_window", kind=kind))
        return raw["subject_id"], parse_event(kind, day, detail)

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredEvents:
        ids = subject_ids(lines)
        dates = subject_dates(session, ids)
        file_deaths: dict[int, tuple[dt.date, int]] = {}
        for line in lines:
            item, subject_id = line.row, line.subject_id
            if isinstance(item, NewEvent) and item.kind == "death" and subject_id is not None:
                if subject_id in file_deaths or dates[subject_id].death is not None:
                    continue
                file_deaths[subject_id] = (item.date, line.number)
        ending = sorted(
            {
                line.subject_id
                for line in lines
                if line.subject_id is not None
                and isinstance(line.row, NewEvent)
                and ending_what(line.row.kind, line.row.withdrawal_scope)
            }
        )
        file_withdrawals: dict[int, dt.date] = {}
        for line in lines:
            item, subject_id = line.row, line.subject_id
            if isinstance(item, NewEvent) and item.kind == "withdrawal" and item.withdrawal_scope == "all":
                if subject_id is not None:
                    file_withdrawals[subject_id] = min(item.date, file_withdrawals.get(subject_id, item.date))
        return _StoredEvents(
            dates,
            stored_event_keys(session, ids),
            stored_adverse_event_keys(session, ids),
            file_deaths,
            file_withdrawals,
            stored_attempts(session, ids, today),
            latest_records(session, ending),
        )

    def check(self, line: Line, stored: _StoredEvents, today: dt.date) -> object:
        item: NewEvent | NewAdverseEvent = line.row
        subject_id, study_id = line.subject_id, line.study_id
        assert subject_id is not None
        d = stored.dates[subject_id]
        death = d.death or (stored.file_deaths.get(subject_id, (None, None))[0])
        withdrawn = min(filter(None, (d.withdrawn, stored.file_withdrawals.get(subject_id))), default=None)
        known = replace(d, death=death, withdrawn=withdrawn)
        if isinstance(item, NewAdverseEvent):
            return _check_adverse_event(line, subject_id, item, stored.adverse_events, stored.in_file, known, today)
        verdict = seen_before(event_key(subject_id, item), stored.events, stored.in_file, line, "event")
        if verdict is not None:
            return verdict
        if item.kind == "death":
            if d.death is not None:
                return Refused.because(Message("event.death_recorded", day=d.death))
            if stored.file_deaths.get(subject_id, (None, line.number))[1] != line.number:
                return Refused.because(
                    Message("event.death_twice", study_id=study_id, line=stored.file_deaths[subject_id][1])
                )
            known = replace(d, death=None)
        problem = date_problem(item.kind, item.date, known, today, post_infusion=True)
        if problem:
            return Refused.because(problem)
        conflict = ending_conflict_with(stored.latest.get(subject_id, []), item.kind, item.date, item.withdrawal_scope)
        if conflict:
            return Refused.because(conflict)
        if item.kind == "lost_to_follow_up":
            allowed, why = lost_to_follow_up_allowed(stored.attempts.get(subject_id, []))
            if not allowed:
                return Refused.because(Message("event.lost_not_yet", study_id=study_id, why=why))
        return (subject_id, item)

    def write(
        self,
        session: Session,
        todo: list[tuple[int, NewEvent | NewAdverseEvent]],
        stored: _StoredEvents,
        user_id: int,
        source: Source,
    ) -> tuple[str, ...]:
        events: list[tuple[int, NewEvent]] = []
        adverse: list[tuple[int, NewAdverseEvent]] = []
        for subject_id, item in sorted(todo, key=lambda t: (t[0], _day(t[1]))):
            if isinstance(item, NewAdverseEvent):
                adverse.append((subject_id, item))
            else:
                events.append((subject_id, item))
        apply_events(session, events, user_id, source.reason, source.name)
        _write_adverse_events(session, adverse, user_id, source)
        sync_subjects(session, {subject_id for subject_id, _ in events}, user_id, source.today, source.reason)
        return ()


def _check_adverse_event(
    line: Line,
    subject_id: int,
    item: NewAdverseEvent,
    stored_keys: set[tuple],
    in_file: dict[tuple, int],
    known: SubjectDates,
    today: dt.date,
) -> object:
    """An adverse event row of a file: UNCHANGED when stored, Refused when bad, else what to write."""
    verdict = seen_before(adverse_event_key(subject_id, item), stored_keys, in_file, line, "adverse_event")
    if verdict is not None:
        return verdict
    problems = adverse_event_problems(item, known, today)
    return Refused(tuple(problems)) if problems else (subject_id, item)


def _write_adverse_events(
    session: Session, todo: list[tuple[int, NewAdverseEvent]], user_id: int, source: Source
) -> None:
    """Store adverse events in bulk (one audit entry each); a malignancy opens its case, a
    serious one starts its reporting clocks (`safety`), from the awareness date."""
    rows = [adverse_event_row(subject_id, item, source.name, source.today) for subject_id, item in todo]
    keys = set(rows[0]) if rows else set()
    ids = insert_new(session.connection(), AE_TABLE, rows)
    entries = [
        audit.created_row("adverse_event", ae_id, row, keys, subject_id, source.reason)
        for ae_id, row, (subject_id, _) in zip(ids, rows, todo, strict=True)
    ]
    audit.append(session, user_id, entries)
    safety.adverse_events_recorded(session, user_id, ids, source.reason)


def import_events(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Clinical events and the safety events of events.csv (dlt, crs, icans -> adverse events)."""
    return run_import(db, _EventsImporter(), path, today)


_TERM_LENGTH = m.AdverseEvent.term.type.length


def _safety_event(kind: str, day: dt.date, detail: str) -> NewAdverseEvent:
    if kind == "dlt":
        if not detail.strip():
            raise RowError(Message("dlt.no_detail"))
        if len(detail.strip()) > _TERM_LENGTH:
            raise RowError(Message("dlt.too_long", most=_TERM_LENGTH, length=len(detail.strip())))
        return NewAdverseEvent(detail.strip(), 3, day, dlt=True, serious=True, related=True)
    try:
        grade = parse_int(detail.strip().removeprefix("grade").strip(), "grade")
    except RowError:
        raise RowError(Message("event.not_grade", kind=kind, value=detail)) from None
    term = "Cytokine release syndrome" if kind == "crs" else "Immune effector cell-associated neurotoxicity syndrome"
    return NewAdverseEvent(term, grade, day, kind=kind, serious=grade >= 3, related=True)


def _day(item: NewEvent | NewAdverseEvent) -> dt.date:
    return item.date if isinstance(item, NewEvent) else item.onset


AE_COLUMNS = ("subject_id", "onset_date", "term", "grade")
AE_OPTIONAL = (
    "awareness_date",
    "serious",
    "related",
    "category",
    "resolution_date",
    "dlt",
    "unexpected",
    "kind",
)
AE_FIELD_KINDS = {"term": code(_TERM_LENGTH)}


@dataclass
class _StoredAdverseEvents:
    dates: dict[int, SubjectDates]
    keys: set[tuple]
    in_file: dict[tuple, int] = field(default_factory=dict)


class _AdverseEventsImporter(Importer[_StoredAdverseEvents]):
    """adverse-events.csv: one adverse event per row, with the day the site knew (empty:
    the day of the import); a malignancy opens its case, a serious event its clocks."""

    columns = AE_COLUMNS
    optional = AE_OPTIONAL
    kinds = AE_FIELD_KINDS

    def parse_row(self, raw: dict[str, str]) -> tuple[str, NewAdverseEvent]:
        if not raw["subject_id"]:
            raise RowError(Message("row.empty", column="subject_id"))
        if not raw["term"].strip():
            raise RowError(Message("row.empty", column="term"))
        category = raw.get("category", "").strip() or None
        if category is not None:
            choice(category, "category", m.SPECIAL_INTEREST)
        kind = raw.get("kind", "").strip() or "ctcae"
        return raw["subject_id"], NewAdverseEvent(
            term=raw["term"].strip(),
            grade=parse_int(raw["grade"], "grade"),
            onset=parse_date(raw["onset_date"], "onset_date"),
            kind=choice(kind, "kind", m.AE_KINDS),
            resolution=parse_optional_date(raw.get("resolution_date", ""), "resolution_date"),
            serious=parse_flag(raw.get("serious", ""), "serious"),
            related=parse_flag(raw.get("related", ""), "related"),
            dlt=parse_flag(raw.get("dlt", ""), "dlt"),
            special_interest=category,
            awareness=parse_optional_date(raw.get("awareness_date", ""), "awareness_date"),
            unexpected=parse_flag(raw.get("unexpected", ""), "unexpected"),
        )

    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> _StoredAdverseEvents:
        ids = subject_ids(lines)
        return _StoredAdverseEvents(subject_dates(session, ids), stored_adverse_event_keys(session, ids))

    def check(self, line: Line, stored: _StoredAdverseEvents, today: dt.date) -> object:
        assert line.subject_id is not None
        known = stored.dates[line.subject_id]
        return _check_adverse_event(line, line.subject_id, line.row, stored.keys, stored.in_file, known, today)

    def write(
        self,
        session: Session,
        todo: list[tuple[int, NewAdverseEvent]],
        stored: _StoredAdverseEvents,
        user_id: int,
        source: Source,
    ) -> tuple[str, ...]:
        _write_adverse_events(session, sorted(todo, key=lambda t: (t[0], t[1].onset)), user_id, source)
        return ()


def import_adverse_events(db: Database, path: str | Path, today: dt.date) -> ImportSummary:
    """Adverse events, all or nothing; a re-import adds nothing."""
    return run_import(db, _AdverseEventsImporter(), path, today)


IMPORT_KINDS = ("subjects", "visits", "events", "results", "adverse-events", "infusions", "medications", "consents")


def import_file(db: Database, kind: str, path: str | Path, today: dt.date) -> ImportSummary:
    """Import a CSV file of `kind` (one of `IMPORT_KINDS`): the window's Import page and
    ``ltfu import KIND FILE`` both come here."""
    from ltfu.services.course_imports import import_consents, import_infusions, import_medications
    from ltfu.services.subjects import import_subjects

    importers = {
        "subjects": import_subjects,
        "visits": import_visits,
        "events": import_events,
        "results": import_results,
        "adverse-events": import_adverse_events,
        "infusions": import_infusions,
        "medications": import_medications,
        "consents": import_consents,
    }
    if kind not in importers:
        raise ValidationError(Message("file.kind", kind=kind, allowed=IMPORT_KINDS))
    return importers[kind](db, path, today)
