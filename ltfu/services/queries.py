"""Data review: queries on recorded values (issue 19), raised by a monitor or an edit check.

A query points at a record (`target`: visit, result, clinical event, adverse event, or
the subject for its dose level) and optionally one field of it. Its life:

    open --answer (text) or correct (the value, with a reason)--> answered
    open | answered --close--> closed          (the monitor)
    answered | closed --reopen (with a reason)--> open   (the monitor)

A closed query cannot be answered. Every step is one audited update of the `query`
row (its history is the audit trail's). Who may do what: `review_queries` raises,
closes and re-opens (the monitor); `answer_queries` answers and corrects (the site's
nurse, coordinator and PI). A correction changes the record through
`audit.update_record` with the reason given, and the query links that audit entry.

Edit checks (`ltfu.vocabulary.EDIT_CHECKS`, turned on per protocol by its
`[edit_checks]` section) raise automatic queries: `run_edit_checks(session, today)`
finds where each holds with one query per check over all subjects, raises a query per
check and record once, closes it ("resolved by data change") when the condition is
gone, and re-opens one it closed itself when the condition comes back (a query the
monitor closed stays closed: the value was accepted). When they run: on every
worklist refresh in the window, and on `ltfu worklist` and `ltfu query list`
(`refresh_edit_checks`: nothing when the audit trail has not moved since the last run,
else a read, and a write only when a query is to change), and after a correction made
through a query. The program writes them (no user in the trail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from ltfu.db import models as m
from ltfu.errors import MESSAGES, DatabaseError, Message, NotFoundError, ValidationError
from ltfu.services import access, audit
from ltfu.services.course import protocol_for
from ltfu.services.database import Database
from ltfu.services.plausibility import date_problem, subject_dates
from ltfu.services.protocols import in_study
from ltfu.services.subjects import subject_pk
from ltfu.services.units import implausible
from ltfu.services.visits import latest_plan_row
from ltfu.vocabulary import ANALYTE, EDIT_CHECKS, SCREEN_FROM_DAY, SCREEN_SOURCE_OF_MODE

TARGETS = m.QUERY_TARGETS
STATES = m.QUERY_STATES
CHECKS = EDIT_CHECKS

FIELDS: Mapping[str, tuple[str, ...]] = {
    "visit": ("actual_date",),
    "result": ("value", "result_date"),
    "clinical_event": ("event_date", "death_cause", "detail"),
    "adverse_event": ("grade", "onset_date", "term"),
    "subject": ("dose_level",),
}
"""The fields a query may name, per target: the values a correction can change. The
first is the one a correction changes when the query names none."""

_MODELS: Mapping[str, Any] = {
    "visit": m.Visit,
    "result": m.Result,
    "clinical_event": m.ClinicalEvent,
    "adverse_event": m.AdverseEvent,
    "subject": m.Subject,
}

CHECK_TEXT: Mapping[str, str] = {
    "visit_out_of_window": "Visit done outside its window.",
    "result_outside_plausible_accepted": "Result outside its plausible range: please confirm or correct.",
    "missing_safety_screen": "Visit done without a safety screen.",
    "death_without_cause": "Death recorded without a cause.",
}
"""An automatic query's text, as stored (the window says it from the check's code)."""
_CHECK_FIELD: Mapping[str, tuple[str, str | None]] = {
    "visit_out_of_window": ("visit", "actual_date"),
    "result_outside_plausible_accepted": ("result", "value"),
    "missing_safety_screen": ("visit", None),
    "death_without_cause": ("clinical_event", "death_cause"),
}
RESOLVED = MESSAGES["note.query_resolved"]
RERAISED = MESSAGES["note.query_reraised"]
TEXT_LIMIT = 2000


@dataclass(frozen=True)
class QueryRow:
    """One query as the chart, the worklist and `ltfu query list` show it.

    `about` names the target in codes (a visit code; an analyte and date; an event
    kind and date; an adverse event's term and onset; the dose level): words are
    chosen where it is shown. `version` is the row version a change must name.
    """

    id: int
    study_id: str
    site: str
    target: str
    record_id: int
    field: str | None
    about: str
    text: str
    check: str | None
    state: str
    raised_by: str
    raised_at: dt.datetime
    answer: str | None
    answered_by: str
    answered_at: dt.datetime | None
    corrected: bool
    closed_by: str
    closed_at: dt.datetime | None
    note: str | None
    version: int

    def to_dict(self) -> dict[str, object]:
        def when(value: dt.datetime | None) -> str | None:
            return None if value is None else _utc(value).isoformat(timespec="seconds")

        return {
            "kind": "query",
            "id": self.id,
            "subject": self.study_id,
            "site": self.site,
            "target": self.target,
            "record_id": self.record_id,
            "field": self.field,
            "about": self.about,
            "text": self.text,
            "check": self.check,
            "state": self.state,
            "raised_by": self.raised_by,
            "raised_at": when(self.raised_at),
            "answer": self.answer,
            "answered_by": self.answered_by,
            "answered_at": when(self.answered_at),
            "corrected": self.corrected,
            "closed_by": self.closed_by,
            "closed_at": when(self.closed_at),
            "note": self.note,
        }


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _text(value: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(Message(code))
    if len(value) > TEXT_LIMIT:
        raise ValidationError(Message("query.too_long", most=TEXT_LIMIT))
    return value


# -- reading ----------------------------------------------------------------------------


# The queries' statement: each query's columns (no ORM object per row) with its subject,
# site, the three users' names and what its target is (`_ABOUT`, looked up by the target's
# table and id); `_read` makes them `QueryRow`s.
_Select = Select[*tuple[Any, ...]]

# What a query's target is, in codes, by its table: the columns named after the record's
# id (a visit's code and date; an analyte and date; an event kind and date; an adverse
# event's term and onset; the dose level).
_ABOUT: Mapping[str, tuple[str, ...]] = {
    "visit": ("id", "code", "actual_date"),
    "result": ("id", "analyte", "result_date"),
    "clinical_event": ("id", "kind", "event_date"),
    "adverse_event": ("id", "term", "onset_date"),
    "subject": ("id", "dose_level"),
}


def _select(*conditions: ColumnElement[bool]) -> _Select:
    q = m.DataQuery
    raiser, answerer, closer = aliased(m.User), aliased(m.User), aliased(m.User)
    return (
        select(
            q.id,
            m.Subject.study_id,
            m.Site.code,
            q.target_table,
            q.record_id,
            q.field,
            q.text,
            q.check_code,
            q.state,
            raiser.username,
            q.raised_at,
            q.answer,
            answerer.username,
            q.answered_at,
            q.correction_entry,
            closer.username,
            q.closed_at,
            q.note,
            q.row_version,
            *_about_columns(q),
        )
        .join(m.Subject, m.Subject.id == q.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .outerjoin(raiser, raiser.id == q.raised_by)
        .outerjoin(answerer, answerer.id == q.answered_by)
        .outerjoin(closer, closer.id == q.closed_by)
        .where(m.Subject.voided_at.is_(None), *conditions)
        .order_by(m.Subject.study_id, q.id)
    )


def _about_columns(q: Any) -> list[ColumnElement[Any]]:
    """`_ABOUT`'s columns of each query's target, each a lookup by the target's id made for
    the rows selected only (joined, PostgreSQL's planner read the whole result and visit
    tables first). The targets' tables, not their mapped classes: the site rights' filter
    is the subject's, joined above; the target is a record of the same subject."""
    found: list[ColumnElement[Any]] = []
    for table, columns in _ABOUT.items():
        target = _MODELS[table].__table__.alias(f"about_{table}")
        mine = and_(q.target_table == table, target.c.id == q.record_id)
        found += [select(target.c[column]).where(mine).scalar_subquery() for column in columns]
    return found


def _read(session: Session, statement: _Select, params: Mapping[str, object] | None = None) -> tuple[QueryRow, ...]:
    return _rows(session.execute(statement, params).all())


_FIRST_ABOUT = 19  # where `_select`'s target columns start (after the query's own)
_ABOUT_AT = {  # table -> the slice of a row holding its target's columns
    table: slice(start, start + len(columns))
    for (table, columns), start in zip(
        _ABOUT.items(), accumulate((len(c) for c in _ABOUT.values()), initial=_FIRST_ABOUT), strict=False
    )
}


def _about(row: Sequence[Any]) -> str:
    """What the target of a row of `_select` is, in codes ("" when its record is not there)."""
    table = row[3]
    at = _ABOUT_AT.get(table)
    if at is None or row[at.start] is None:
        return ""
    visit = table == "visit"
    return " ".join(
        "unscheduled" if part is None else str(part)
        for i, part in enumerate(row[at.start + 1 : at.stop])
        if part is not None or (visit and not i)
    )


def _rows(found: Sequence[Sequence[Any]]) -> tuple[QueryRow, ...]:
    """`QueryRow`s of the rows of `_select` (columns in its order; any after them ignored)."""
    return tuple(
        QueryRow(
            id=query_id,
            study_id=study_id,
            site=site,
            target=target,
            record_id=record_id,
            field=field,
            about=_about(row),
            text=text,
            check=check,
            state=state,
            raised_by=raised_by or "",
            raised_at=_utc(raised_at),
            answer=answer,
            answered_by=answered_by or "",
            answered_at=None if answered_at is None else _utc(answered_at),
            corrected=correction is not None,
            closed_by=closed_by or "",
            closed_at=None if closed_at is None else _utc(closed_at),
            note=note,
            version=version,
        )
        for row in found
        for (
            query_id,
            study_id,
            site,
            target,
            record_id,
            field,
            text,
            check,
            state,
            raised_by,
            raised_at,
            answer,
            answered_by,
            answered_at,
            correction,
            closed_by,
            closed_at,
            note,
            version,
        ) in (row[:_FIRST_ABOUT],)
    )


def list_queries(db: Database, study_id: str | None = None, state: str | None = None) -> tuple[QueryRow, ...]:
    """Queries of one subject or all, in one state or any, by study id then age."""
    if state is not None and state not in STATES:
        raise ValidationError(Message("query.state", state=state, states=", ".join(STATES)))
    with db.session(read_only=True) as session:
        conditions: list[Any] = []
        if study_id is not None:
            conditions.append(m.DataQuery.subject_id == subject_pk(session, study_id))
        if state is not None:
            conditions.append(m.DataQuery.state == state)
        return _read(session, _select(*conditions))


AWAITING_SHOWN = 200
"""At most this many waiting queries are read for the worklist (the oldest first), with
their total: an old cohort's first edit checks can raise thousands, which no one works
through from a list on the worklist and which would make every refresh slow; each
chart's Queries tab and `ltfu query list` show them all."""


def awaiting(
    session: Session, role: str | None, site: str | None = None, study: str | None = None
) -> tuple[tuple[QueryRow, ...], int]:
    """The queries waiting for `role` (the worklist) at `site` in `study`, the oldest
    `AWAITING_SHOWN` of them, and how many wait in all: open ones for whoever answers
    them, answered ones for the monitor who closes them (None: set-up mode, open)."""
    from ltfu.services import users

    granted = users.PERMISSIONS.get(role or "admin", frozenset())
    states = []
    if role is None or "answer_queries" in granted:
        states.append("open")
    if "review_queries" in granted:
        states.append("answered")
    if not states:
        return (), 0
    statement = _awaiting(tuple(states), site is not None, study is not None)
    rows = session.execute(statement, {"site": site, "study": study}).all()
    return _rows(rows), rows[0][-1] if rows else 0


@cache
def _awaiting(states: tuple[str, ...], by_site: bool, by_study: bool) -> _Select:
    """The statement of `awaiting` (made once per shape: bound `site` and `study`; the
    worklist reads it on every refresh): the oldest `AWAITING_SHOWN` waiting queries,
    each with the count of all of them as its last column (none shown: none waits)."""
    q = m.DataQuery
    conditions: list[ColumnElement[bool]] = [q.state.in_(states)]
    if by_site:
        conditions.append(m.Site.code == bindparam("site"))
    if by_study:
        conditions.append(in_study(bindparam("study")))
    everyone = select(q.id).join(m.Subject, m.Subject.id == q.subject_id)
    if by_site:  # the site's code named: its row joined (else a lookup per query for nothing)
        everyone = everyone.join(m.Site, m.Site.id == m.Subject.site_id)
    everyone = everyone.where(m.Subject.voided_at.is_(None), *conditions)
    oldest = everyone.order_by(q.id).limit(AWAITING_SHOWN).subquery()
    count: ColumnElement[Any]
    if by_site or by_study:
        count = everyone.with_only_columns(func.count()).scalar_subquery()
    else:  # all waiting less those of voided subjects: from the state index, no join per query (5x faster)
        waiting = select(func.count()).select_from(q).where(q.state.in_(states))
        voided = select(m.Subject.id).where(m.Subject.voided_at.is_not(None))
        count = waiting.scalar_subquery() - waiting.where(q.subject_id.in_(voided)).scalar_subquery()
    return _select(q.id.in_(select(oldest.c.id))).add_columns(count)


def open_counts(session: Session) -> dict[int, int]:
    """Subject id -> its open queries (one aggregated query, for the subject list)."""
    return dict(
        session.execute(
            select(m.DataQuery.subject_id, func.count())
            .where(m.DataQuery.state == "open")
            .group_by(m.DataQuery.subject_id)
        ).all()
    )


# -- raising, answering, closing ----------------------------------------------------------


def _target_id(session: Session, subject_id: int, target: str, ref: str | int | None) -> int:
    if target not in TARGETS:
        raise ValidationError(Message("query.target", target=target, targets=", ".join(TARGETS)))
    if target == "subject":
        return subject_id
    if target == "visit" and isinstance(ref, str) and not ref.isdigit():
        return latest_plan_row(session, subject_id, ref).id
    try:
        record_id = int(ref)  # type: ignore[arg-type]  # checked: a number or refused
    except (TypeError, ValueError):
        raise ValidationError(Message("query.no_record", target=target, ref=ref)) from None
    model = _MODELS[target]
    found = session.scalar(
        select(model.id).where(model.id == record_id, model.subject_id == subject_id, model.voided_at.is_(None))
    )
    if found is None:
        raise ValidationError(Message("query.no_record", target=target, ref=ref))
    return found


def raise_query(
    db: Database, study_id: str, target: str, ref: str | int | None, text: str, field: str | None = None
) -> int:
    """Raise a query on a subject's record (`ref`: a visit code or id, a record id; None
    for the subject's dose level) and, when given, one of its `FIELDS`; its id."""
    text = _text(text, "query.give_text")
    if field is not None and field not in FIELDS.get(target, ()):
        raise ValidationError(
            Message("query.field", field=field, target=target, fields=", ".join(FIELDS.get(target, ())))
        )
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        record_id = _target_id(session, subject_id, target, ref)
        user_id = db.user_id(session, "review_queries")
        (query_id,) = _new_queries(session, user_id, [(subject_id, (target, record_id, field), text, None)])
        return query_id


_NewQuery = tuple[int, tuple[str, int, str | None], str, str | None]
"""subject id, (table, record id, field), text, edit check (None: raised by a user)."""


def _new_queries(session: Session, user_id: int | None, wanted: list[_NewQuery]) -> list[int]:
    """Store and audit open queries (one flush and one audit append for all); their ids."""
    now = _now()
    rows = []
    for subject_id, (table, record_id, field), text, check in wanted:
        row = m.DataQuery(subject_id=subject_id, target_table=table, record_id=record_id, field=field, text=text)
        row.check_code, row.state, row.raised_by, row.raised_at = check, "open", user_id, now
        rows.append(row)
    if not rows:
        return []
    session.add_all(rows)
    session.flush()
    entries = [
        audit.created(
            "query",
            row.id,
            {},
            row.subject_id,
            reason=None if row.check_code is None else MESSAGES["reason.edit_check"].format(check=row.check_code),
        )
        for row in rows
    ]
    audit.append(session, user_id, entries)
    return [row.id for row in rows]


def _query(session: Session, query_id: int) -> m.DataQuery:
    row = session.get(m.DataQuery, query_id)
    if row is None:
        raise NotFoundError(Message("query.missing", query=query_id))
    return row


def _answerable(row: m.DataQuery) -> None:
    if row.state == "closed":
        raise ValidationError(Message("query.closed", query=row.id))
    if row.state == "answered":
        raise ValidationError(Message("query.answered", query=row.id))


def answer_query(db: Database, query_id: int, text: str) -> None:
    """Answer an open query with a text (the value stands as it is)."""
    text = _text(text, "query.give_answer")
    with db.session() as session:
        row = _query(session, query_id)
        user_id = db.user_id(session, "answer_queries")
        _answerable(row)
        values = {"state": "answered", "answer": text, "answered_by": user_id, "answered_at": _now()}
        audit.update_record(session, user_id, "query", row, values, text)


def _parsed(target: str, field: str, given: str) -> object:
    given = (given or "").strip()
    if field.endswith("_date"):
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ValidationError(Message("query.value", field=field, value=given)) from None
    if field == "value":
        try:
            return float(given)
        except ValueError:
            raise ValidationError(Message("query.value", field=field, value=given)) from None
    if field == "grade":
        if given not in ("1", "2", "3", "4", "5"):
            raise ValidationError(Message("query.value", field=field, value=given))
        return int(given)
    if not given and field != "detail":
        raise ValidationError(Message("query.value", field=field, value=given))
    return given or None


def _correction(session: Session, row: object, target: str, field: str, value: object, today: dt.date) -> dict:
    """The values to set on the record for `field` = `value`, checked as entry checks them."""
    values: dict[str, object] = {field: value}
    subject_id = row.subject_id if target != "subject" else row.id  # type: ignore[attr-defined]  # a mapped row
    if isinstance(value, dt.date):
        what = {"visit": "visit", "result": "result", "adverse_event": "onset"}.get(target, "death")
        if target == "clinical_event":
            what = row.kind  # type: ignore[attr-defined]  # an event row
        problem = date_problem(what, value, subject_dates(session, [subject_id])[subject_id], today, target != "result")
        if problem:
            raise ValidationError(Message("query.refused", problem=problem))
    if target == "result" and field == "value":
        if row.category is not None:  # type: ignore[attr-defined]  # a result row
            raise ValidationError(Message("query.value", field=field, value=str(value)))
        problem = implausible(row.analyte, value)  # type: ignore[attr-defined, arg-type]
        if problem:
            raise ValidationError(Message("query.refused", problem=problem))
    if target == "visit":
        if row.state != "completed":  # type: ignore[attr-defined]  # a visit row
            raise ValidationError(Message("query.not_done"))
        start, end = row.window_start, row.window_end  # type: ignore[attr-defined]
        values["out_of_window"] = bool(start and end and not start <= value <= end)
    return values


def correct_value(db: Database, query_id: int, value: str, reason: str, today: dt.date) -> None:
    """Answer an open query by correcting the value it asks about, with a reason: the
    record changes through its audited update (`reason` in the trail) and the query is
    answered, linking that change. Automatic queries are then checked again."""
    reason = _text(reason, "query.give_reason")
    with db.session() as session:
        row = _query(session, query_id)
        user_id = db.user_id(session, "answer_queries")
        _answerable(row)
        field = row.field or FIELDS[row.target_table][0]
        record = session.get(_MODELS[row.target_table], row.record_id)
        assert record is not None
        parsed = _parsed(row.target_table, field, value)
        values = _correction(session, record, row.target_table, field, parsed, today)
        if getattr(record, field) == parsed:
            raise ValidationError(Message("query.same", field=field))
        if row.target_table == "subject":  # the subject's own row: its id is the subject's
            said = [
                audit.Entry("update", "subject", record.id, record.id, c.field, c.old_value, c.new_value, reason)
                for c in audit.changed(record, values)
            ]
            for name, new in values.items():
                setattr(record, name, new)
            session.flush()
            audit.append(session, user_id, said)
        else:
            audit.update_record(session, user_id, row.target_table, record, values, reason)
        if row.target_table == "result":
            # Here, not at the top: the window's first screens import this module, and the
            # packed results bring numpy and the statistics with them.
            from ltfu.services import derived

            derived.results_changed(session, [record.subject_id])
        entry = session.scalar(
            select(func.max(m.AuditEvent.id)).where(
                m.AuditEvent.table_name == row.target_table, m.AuditEvent.record_id == record.id
            )
        )
        values = {
            "state": "answered",
            "answer": reason,
            "answered_by": user_id,
            "answered_at": _now(),
            "correction_entry": entry,
        }
        audit.update_record(session, user_id, "query", row, values, reason)
        run_edit_checks(session, today)


def close_query(db: Database, query_id: int, note: str | None = None, *, reopen: bool = False) -> None:
    """Close an open or answered query (the monitor), or re-open an answered or closed
    one with a reason (`reopen`): it goes back to open for the site."""
    with db.session() as session:
        row = _query(session, query_id)
        user_id = db.user_id(session, "review_queries")
        if reopen:
            note = _text(note or "", "query.give_reopen")
            if row.state == "open":
                raise ValidationError(Message("query.already", query=row.id, query_state="open"))
            values: dict[str, object] = {"state": "open", "closed_by": None, "closed_at": None, "note": note}
        else:
            if row.state == "closed":
                raise ValidationError(Message("query.already", query=row.id, query_state="closed"))
            note = (note or "").strip() or None
            values = {"state": "closed", "closed_by": user_id, "closed_at": _now(), "note": note}
        audit.update_record(session, user_id, "query", row, values, note)


# -- edit checks --------------------------------------------------------------------------


def _checks_on(session: Session) -> dict[str, list[int]]:
    """Edit check -> the protocol versions (of current subjects) that turn it on."""
    on: dict[str, list[int]] = {check: [] for check in CHECKS}
    for version_id in session.scalars(select(m.Subject.protocol_version_id).distinct()):
        for check in protocol_for(session, version_id).edit_checks:
            on[check].append(version_id)
    return on


def findings(session: Session) -> dict[tuple[str, str, int], int]:
    """Where each edit check holds now: (check, table, record id) -> subject id.

    One query per check over every subject (cheap at 10,000 subjects)."""
    on = _checks_on(session)
    found: dict[tuple[str, str, int], int] = {}
    s, v = m.Subject, m.Visit
    live = (s.voided_at.is_(None),)

    def subjects(check: str):
        return (*live, s.protocol_version_id.in_(on[check]))

    if on["visit_out_of_window"]:
        for record_id, subject_id in session.execute(
            select(v.id, v.subject_id)
            .join(s, s.id == v.subject_id)
            .where(*subjects("visit_out_of_window"), v.voided_at.is_(None), v.state == "completed", v.out_of_window)
        ):
            found[("visit_out_of_window", "visit", record_id)] = subject_id
    limits = [(code, a.low, a.high) for code, a in ANALYTE.items() if a.low is not None and a.high is not None]
    if on["result_outside_plausible_accepted"] and limits:
        r = m.Result
        outside = or_(*(and_(r.analyte == code, or_(r.value < low, r.value > high)) for code, low, high in limits))
        for record_id, subject_id in session.execute(
            select(r.id, r.subject_id)
            .join(s, s.id == r.subject_id)
            .where(*subjects("result_outside_plausible_accepted"), r.voided_at.is_(None), r.value.is_not(None), outside)
        ):
            found[("result_outside_plausible_accepted", "result", record_id)] = subject_id
    if on["missing_safety_screen"]:
        # Visits planned before Day 28 owe no screen: left out by their codes, in SQL.
        early = sorted(
            {
                visit.code
                for version_id in on["missing_safety_screen"]
                for visit in protocol_for(session, version_id).visits
                if visit.day is not None and visit.day < SCREEN_FROM_DAY
            }
        )
        screened = exists().where(m.SafetyScreen.visit_id == v.id, m.SafetyScreen.voided_at.is_(None))
        for record_id, subject_id, day, infused in session.execute(
            select(v.id, v.subject_id, v.actual_date, m.Infusion.infusion_date)
            .join(s, s.id == v.subject_id)
            .join(m.Infusion, m.Infusion.id == v.infusion_id)
            .where(
                *subjects("missing_safety_screen"),
                v.voided_at.is_(None),
                v.state == "completed",
                v.code.is_not(None),  # an unscheduled visit owes no screen
                v.code.not_in(early),
                v.actual_mode.in_(tuple(SCREEN_SOURCE_OF_MODE)),
                ~screened,  # by the index on safety_screen.visit_id (migration 0013)
            )
        ):
            if day is not None and (day - infused).days >= SCREEN_FROM_DAY:
                found[("missing_safety_screen", "visit", record_id)] = subject_id
    if on["death_without_cause"]:
        e = m.ClinicalEvent
        for record_id, subject_id in session.execute(
            select(e.id, e.subject_id)
            .join(s, s.id == e.subject_id)
            .where(
                *subjects("death_without_cause"),
                e.voided_at.is_(None),
                e.kind == "death",
                or_(e.death_cause.is_(None), func.trim(e.death_cause) == ""),
            )
        ):
            found[("death_without_cause", "clinical_event", record_id)] = subject_id
    return found


def _pending(session: Session) -> tuple[dict, dict, list]:
    """What the edit checks would change: queries to raise, to close, to re-open."""
    held = findings(session)
    stored = {
        (check, table, record_id): (query_id, state, closed_by)
        for query_id, check, table, record_id, state, closed_by in session.execute(
            select(
                m.DataQuery.id,
                m.DataQuery.check_code,
                m.DataQuery.target_table,
                m.DataQuery.record_id,
                m.DataQuery.state,
                m.DataQuery.closed_by,
            ).where(m.DataQuery.check_code.is_not(None))
        )
    }
    new = {key: subject_id for key, subject_id in held.items() if key not in stored}
    gone = {key: q for key, q in stored.items() if key not in held and q[1] != "closed"}
    back = [q[0] for key, q in stored.items() if key in held and q[1] == "closed" and q[2] is None]
    return new, gone, back


def run_edit_checks(session: Session, today: dt.date) -> int:
    """Keep the automatic queries in step with the data (in a writing unit of work):
    raise the new ones, close those whose condition is gone, re-open those the program
    closed whose condition is back, for every subject whoever acts (a user limited by
    grants must not close the queries of subjects out of view as resolved). `today` is
    the day of the run (the trail's time is the clock's). Returns how many queries changed."""
    del today  # the conditions do not depend on the day: kept for the callers' one signature
    access.as_whole_database(session)
    new, gone, back = _pending(session)
    now = _now()
    _new_queries(
        session,
        None,
        [
            (subject_id, (table, record_id, _CHECK_FIELD[check][1]), CHECK_TEXT[check], check)
            for (check, table, record_id), subject_id in sorted(new.items())
        ],
    )
    for query_id, _state, _closed_by in sorted(gone.values()):
        row = _query(session, query_id)
        values = {"state": "closed", "closed_by": None, "closed_at": now, "note": RESOLVED}
        audit.update_record(session, None, "query", row, values, RESOLVED)
    for query_id in sorted(back):
        row = _query(session, query_id)
        values = {"state": "open", "closed_at": None, "note": RERAISED}
        audit.update_record(session, None, "query", row, values, RERAISED)
    return len(new) + len(gone) + len(back)


_CHECKED: dict[str, str] = {}
"""Database address -> the audit trail's last hash when the edit checks last ran there."""


def _last_entry(session: Session) -> str:
    return session.scalar(select(m.AuditEvent.hash).order_by(m.AuditEvent.id.desc()).limit(1)) or ""


def refresh_edit_checks(db: Database, today: dt.date) -> int:
    """`run_edit_checks` for the worklist and `ltfu query list`: nothing when the audit
    trail has not moved since the last run here (every change of data writes an entry,
    on this workstation or another), else a read, and a writing unit of work only when
    a query is to change (never on a read-only database). Returns how many changed."""
    if db.read_only:
        return 0
    with db.session(read_only=True) as session:
        access.as_whole_database(session)
        last = _last_entry(session)
        if _CHECKED.get(db.url) == last:
            return 0
        if not any(_pending(session)):
            _CHECKED[db.url] = last
            return 0
    try:
        with db.session() as session:
            changed = run_edit_checks(session, today)
            last = _last_entry(session)
    except DatabaseError:
        if db.read_only:
            return 0  # marked damaged meanwhile (the start-up check, on another thread): nothing written
        raise
    _CHECKED[db.url] = last
    return changed
