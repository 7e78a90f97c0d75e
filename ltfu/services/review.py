"""Data review (issue 19): source data verification and frozen data cuts.

- `mark_verified`: a monitor (or the coordinator, the PI) marks visits and records as
  checked against the source; `subject_marks` and `sdv_progress` say what is verified.
  The first change to a verified record (any update or void: `audit.append` calls
  `on_changes`) clears its mark, kept with when, by whom and why.
- `freeze`: the PI freezes the data up to a date (a `data_cut`, holding the audit
  trail's last entry). A record dated on or before a cut's as-of date is frozen: it is
  still corrected, but only with a reason, and every such correction is listed against
  the cut (`data_cuts`).
- `rebuild_at_cut`: the database as it was at a cut, rebuilt into a throwaway SQLite
  file by undoing every audit entry written after it (`trail.Replay` reads them), so a
  report signed at the cut is built again byte for byte.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, and_, create_engine, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, chunked
from ltfu.db.engine import make_engine, make_session_factory
from ltfu.db.migrate import ensure_schema
from ltfu.errors import Message, NotFoundError, ValidationError
from ltfu.services import audit, trail
from ltfu.services.database import Database
from ltfu.services.subjects import find_subject
from ltfu.vocabulary import FROZEN_DATES, VERIFIED_TABLES

_MODELS: dict[str, type[m.Base]] = dict(
    zip(VERIFIED_TABLES, (m.Visit, m.Result, m.ClinicalEvent, m.AdverseEvent, m.Infusion, m.Subject), strict=True)
)
_CHANGES = ("update", "void")


# -- source data verification ---------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """The latest verification of one record: who verified it and when, and, once a
    change cleared it, when, by whom and why."""

    study_id: str
    record_table: str
    record_id: int
    verified_by: str
    verified_at: dt.datetime  # UTC
    cleared_at: dt.datetime | None = None
    cleared_by: str | None = None
    clear_reason: str | None = None
    visit_code: str | None = None  # a visit's code (None: unscheduled, or another record)

    @property
    def verified(self) -> bool:
        return self.cleared_at is None

    def to_dict(self) -> dict[str, object]:
        return {
            "subject": self.study_id,
            "record_table": self.record_table,
            "record_id": self.record_id,
            "visit": self.visit_code,
            "verified": self.verified,
            "verified_by": self.verified_by,
            "verified_at": self.verified_at.isoformat(),
            "cleared_at": self.cleared_at.isoformat() if self.cleared_at else None,
            "cleared_by": self.cleared_by,
            "clear_reason": self.clear_reason,
        }


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _visit_id(session: Session, subject_id: int, study_id: str, code: str) -> int:
    found = session.execute(
        select(m.Visit.id, m.Visit.state)
        .where(
            m.Visit.subject_id == subject_id,
            func.upper(m.Visit.code) == code.strip().upper(),
            m.Visit.voided_at.is_(None),
        )
        .order_by(m.Visit.state == "cancelled", m.Visit.id)
    ).first()
    if found is None:
        raise NotFoundError(Message("sdv.unknown_visit", study_id=study_id, visit=code))
    return found[0]


def _checked_record(session: Session, subject_id: int, study_id: str, table: str, record_id: int) -> None:
    model = _MODELS.get(table)
    row = session.get(model, record_id) if model is not None else None
    owner = getattr(row, "id" if table == "subject" else "subject_id", None)
    if row is None or owner != subject_id or getattr(row, "voided_at", None) is not None:
        raise NotFoundError(Message("sdv.unknown_record", study_id=study_id, record_kind=table, record=record_id))
    if table == "visit" and row.state in ("planned", "cancelled"):  # type: ignore[attr-defined]  # a visit
        label = row.code or str(record_id)  # type: ignore[attr-defined]  # a visit
        raise ValidationError(Message("sdv.not_done", study_id=study_id, visit=label))


def mark_verified(
    db: Database, study_id: str, visits: Iterable[str] = (), records: Iterable[tuple[str, int]] = ()
) -> tuple[Mark, ...]:
    """Mark a subject's `visits` (codes, e.g. ``M12``) and `records` ((table, id), a table
    of `VERIFIED_TABLES`) as verified against the source, in one action; a record
    already verified keeps its mark. Returns the marks of every record named."""
    with db.session() as session:
        user_id = db.user_id(session, "verify_source")
        subject_id, study = find_subject(session, study_id)
        targets = [("visit", _visit_id(session, subject_id, study, code)) for code in visits]
        targets += [(table, int(record_id)) for table, record_id in records]
        for table, record_id in dict.fromkeys(targets):
            _checked_record(session, subject_id, study, table, record_id)
            active = session.scalar(
                select(m.Verification.id).where(
                    m.Verification.record_table == table,
                    m.Verification.record_id == record_id,
                    m.Verification.cleared_at.is_(None),
                )
            )
            if active is not None:
                continue
            row = m.Verification(subject_id=subject_id, record_table=table, record_id=record_id, verified_by=user_id)
            session.add(row)
            session.flush()
            audit.append(session, user_id, [audit.created("verification", row.id, {}, subject_id)])
        wanted = set(targets)
        return tuple(mark for mark in _marks(session, subject_id) if (mark.record_table, mark.record_id) in wanted)


def _marks(session: Session, subject_id: int | None = None) -> list[Mark]:
    """The latest mark of each record (of one subject, or of all)."""
    verifier, clearer = aliased(m.User), aliased(m.User)
    query = (
        select(m.Verification, m.Subject.study_id, verifier.username, clearer.username)
        .join(m.Subject, m.Subject.id == m.Verification.subject_id)
        .join(verifier, verifier.id == m.Verification.verified_by)
        .outerjoin(clearer, clearer.id == m.Verification.cleared_by)
        .order_by(m.Verification.id)
    )
    if subject_id is not None:
        query = query.where(m.Verification.subject_id == subject_id)
    visits = select(m.Visit.id, m.Visit.code).join(
        m.Verification, and_(m.Verification.record_table == "visit", m.Verification.record_id == m.Visit.id)
    )
    if subject_id is not None:
        visits = visits.where(m.Verification.subject_id == subject_id)
    codes: dict[int, str | None] = {vid: code for vid, code in session.execute(visits)}
    latest: dict[tuple[str, int], Mark] = {}
    for row, study, by, cleared_by in session.execute(query):
        latest[(row.record_table, row.record_id)] = Mark(
            study,
            row.record_table,
            row.record_id,
            by,
            _utc(row.verified_at),
            _utc(row.cleared_at) if row.cleared_at else None,
            cleared_by,
            row.clear_reason,
            codes.get(row.record_id) if row.record_table == "visit" else None,
        )
    return list(latest.values())


def subject_marks(db: Database, study_id: str) -> tuple[Mark, ...]:
    """Every record of the subject ever verified, with its latest mark (verified or cleared)."""
    with db.session(read_only=True) as session:
        subject_id, _study = find_subject(session, study_id)
        return tuple(_marks(session, subject_id))


@dataclass(frozen=True)
class SubjectProgress:
    study_id: str
    site: str
    visits_done: int
    visits_verified: int
    records_verified: int  # results, events, adverse events, infusions, the subject itself


@dataclass(frozen=True)
class SiteProgress:
    site: str
    subjects: int
    visits_done: int
    visits_verified: int


@dataclass(frozen=True)
class SdvProgress:
    subjects: tuple[SubjectProgress, ...]
    sites: tuple[SiteProgress, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "subjects": [s.__dict__ for s in self.subjects],
            "sites": [s.__dict__ for s in self.sites],
        }


def sdv_progress(db: Database) -> SdvProgress:
    """How many of each subject's done visits are verified, per subject and per site."""
    with db.session(read_only=True) as session:
        done = dict(
            session.execute(
                select(m.Visit.subject_id, func.count())
                .where(m.Visit.state == "completed", m.Visit.voided_at.is_(None))
                .group_by(m.Visit.subject_id)
            ).all()
        )
        verified: dict[int, int] = {}
        records: dict[int, int] = {}
        live = (
            select(m.Verification.subject_id, m.Verification.record_table)
            .join(
                m.Visit,
                and_(m.Verification.record_table == "visit", m.Visit.id == m.Verification.record_id),
                isouter=True,
            )
            .where(m.Verification.cleared_at.is_(None), or_(m.Visit.id.is_(None), m.Visit.state == "completed"))
        )
        for subject_id, table in session.execute(live):
            counts = verified if table == "visit" else records
            counts[subject_id] = counts.get(subject_id, 0) + 1
        subjects = session.execute(
            select(m.Subject.id, m.Subject.study_id, m.Site.code)
            .join(m.Site, m.Site.id == m.Subject.site_id)
            .where(m.Subject.voided_at.is_(None))
            .order_by(m.Subject.study_id)
        ).all()
    rows = tuple(
        SubjectProgress(study, site, done.get(sid, 0), verified.get(sid, 0), records.get(sid, 0))
        for sid, study, site in subjects
    )
    sites: dict[str, list[int]] = {}
    for row in rows:
        totals = sites.setdefault(row.site, [0, 0, 0])
        totals[0] += 1
        totals[1] += row.visits_done
        totals[2] += row.visits_verified
    return SdvProgress(rows, tuple(SiteProgress(site, *totals) for site, totals in sorted(sites.items())))


# -- what every change does (called by `audit.append`) ----------------------------------


def on_changes(session: Session, user_id: int | None, entries: Sequence[audit.Entry]) -> list[audit.Entry]:
    """Refuse a change without a reason to a record a data cut froze; clear the source
    verification of every changed record. Returns the entries of the cleared marks."""
    changes = [
        e
        for e in entries
        if e.action in _CHANGES
        and e.record_id is not None
        and (e.table_name in FROZEN_DATES or e.table_name in _MODELS)
    ]
    if not changes:
        return []
    if any(not e.reason for e in changes):
        _check_frozen(session, [e for e in changes if not e.reason])
    return _clear_marks(session, user_id, changes)


def _record_days(
    session: Session, changed: dict[tuple[str, int], Sequence[audit.Entry | m.AuditEvent]]
) -> dict[tuple[str, int], dt.date | None]:
    """Each changed record's date as it stood before its changes (the date field's old value
    when it changed; else read, a few statements per table whatever the number of records)."""
    days: dict[tuple[str, int], dt.date | None] = {}
    unread: dict[str, list[int]] = {}
    for (table, record_id), changes in changed.items():
        name = FROZEN_DATES[table]
        old = next((e.old_value for e in changes if e.field == name), False)
        if old is False:
            unread.setdefault(table, []).append(record_id)
        else:
            days[(table, record_id)] = dt.date.fromisoformat(str(old)[:10]) if old else None
    for table, ids in unread.items():
        columns = m.Base.metadata.tables[table].c
        for part in chunked(ids):
            for record_id, day in session.execute(
                select(columns.id, columns[FROZEN_DATES[table]]).where(columns.id.in_(part))
            ):
                days[(table, record_id)] = day
    return days


def _check_frozen(session: Session, changes: Sequence[audit.Entry]) -> None:
    cuts = session.execute(select(m.DataCut.id, m.DataCut.as_of).order_by(m.DataCut.as_of, m.DataCut.id)).all()
    if not cuts:
        return
    by_record: dict[tuple[str, int], list[audit.Entry]] = {}
    for e in changes:
        if e.table_name in FROZEN_DATES and e.record_id is not None:
            by_record.setdefault((e.table_name, e.record_id), []).append(e)
    for (table, _record_id), day in _record_days(session, by_record).items():  # type: ignore[arg-type]  # entries
        frozen = next(((cut_id, as_of) for cut_id, as_of in cuts if day is not None and day <= as_of), None)
        if frozen is not None:
            raise ValidationError(
                Message("freeze.needs_reason", record_kind=table, day=day, as_of=frozen[1], cut=frozen[0])
            )


def _clear_marks(session: Session, user_id: int | None, changes: Sequence[audit.Entry]) -> list[audit.Entry]:
    if session.scalar(select(m.Verification.id).where(m.Verification.cleared_at.is_(None)).limit(1)) is None:
        return []  # nothing verified now: nothing to clear (bulk changes stay one statement)
    fields: dict[tuple[str, int], list[str]] = {}
    for e in changes:
        if e.table_name in _MODELS:
            fields.setdefault((e.table_name, e.record_id), []).append(e.field or e.action)  # type: ignore[arg-type]  # filtered
    if not fields:
        return []
    ids_by_table: dict[str, list[int]] = {}
    for table, record_id in fields:
        ids_by_table.setdefault(table, []).append(record_id)
    marks: list[m.Verification] = []
    for table, ids in ids_by_table.items():
        for part in chunked(ids):
            marks += session.scalars(
                select(m.Verification).where(
                    m.Verification.record_table == table,
                    m.Verification.record_id.in_(part),
                    m.Verification.cleared_at.is_(None),
                )
            ).all()
    entries: list[audit.Entry] = []
    now = m.utc_now()
    for mark in marks:
        names = ", ".join(dict.fromkeys(fields[(mark.record_table, mark.record_id)]))
        why = f"verification cleared by a change of {mark.record_table} {mark.record_id} ({names})"
        values = {"cleared_at": now, "cleared_by": user_id, "clear_reason": why}
        entries += [
            audit.Entry("update", "verification", mark.id, mark.subject_id, c.field, c.old_value, c.new_value, why)
            for c in audit.changed(mark, values)
        ]
        for name, value in values.items():
            setattr(mark, name, value)
    session.flush()
    return entries


# -- frozen data cuts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """One change, after a cut, of a record the cut froze."""

    study_id: str | None
    record_table: str
    record_id: int
    field: str | None
    old_value: str | None
    new_value: str | None
    at: dt.datetime  # UTC
    user: str | None
    reason: str | None

    def to_dict(self) -> dict[str, object]:
        return {**self.__dict__, "at": self.at.isoformat()}


@dataclass(frozen=True)
class Cut:
    cut_id: int
    as_of: dt.date
    reason: str
    cut_by: str
    cut_at: dt.datetime  # UTC
    audit_last_id: int
    audit_hash: str
    corrections: tuple[Correction, ...] = field(default=())

    @property
    def records_changed(self) -> int:
        return len({(c.record_table, c.record_id) for c in self.corrections})

    def to_dict(self) -> dict[str, object]:
        return {
            "cut": self.cut_id,
            "as_of": self.as_of.isoformat(),
            "reason": self.reason,
            "cut_by": self.cut_by,
            "cut_at": self.cut_at.isoformat(),
            "audit_last_id": self.audit_last_id,
            "audit_hash": self.audit_hash,
            "records_changed": self.records_changed,
            "corrections": [c.to_dict() for c in self.corrections],
        }


def freeze(db: Database, as_of: dt.date, reason: str, today: dt.date) -> Cut:
    """Freeze the data up to `as_of` (on or before `today`): the PI's data cut."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(Message("freeze.reason"))
    if as_of > today:
        raise ValidationError(Message("freeze.future", as_of=as_of, today=today))
    with db.session() as session:
        user_id = db.user_id(session, "freeze_data")
        last_id, last_hash = audit.head(session)
        row = m.DataCut(as_of=as_of, reason=reason, cut_by=user_id, audit_last_id=last_id, audit_hash=last_hash)
        session.add(row)
        session.flush()
        audit.append(session, user_id, [audit.created("data_cut", row.id, {}, reason=reason)])
        cut_id = row.id
    return data_cut(db, cut_id)


def data_cut(db: Database, cut_id: int) -> Cut:
    found = [c for c in data_cuts(db) if c.cut_id == cut_id]
    if not found:
        raise NotFoundError(Message("freeze.unknown", cut=cut_id))
    return found[0]


def data_cuts(db: Database) -> tuple[Cut, ...]:
    """Every data cut, oldest first, each with the corrections made since to what it froze."""
    with db.session(read_only=True) as session:
        return _cuts(session)


def _cuts(session: Session) -> tuple[Cut, ...]:
    rows = session.execute(
        select(m.DataCut, m.User.username).join(m.User, m.User.id == m.DataCut.cut_by).order_by(m.DataCut.id)
    ).all()
    if not rows:
        return ()
    first = min(row.audit_last_id for row, _user in rows)
    later = session.execute(
        select(m.AuditEvent, m.User.username, m.Subject.study_id)
        .outerjoin(m.User, m.User.id == m.AuditEvent.user_id)
        .outerjoin(m.Subject, m.Subject.id == m.AuditEvent.subject_id)
        .where(
            m.AuditEvent.id > first,
            m.AuditEvent.action.in_(_CHANGES),
            m.AuditEvent.table_name.in_(tuple(FROZEN_DATES)),
            m.AuditEvent.record_id.is_not(None),
        )
        .order_by(m.AuditEvent.id)
    ).all()
    cuts = []
    for row, user in rows:
        after: dict[tuple[str, int], list] = {}
        for e, by, study in later:
            if e.id > row.audit_last_id:
                after.setdefault((e.table_name, e.record_id or 0), []).append((e, by, study))
        corrections = []
        days = _record_days(session, {key: [e for e, _by, _study in found] for key, found in after.items()})
        for (table, record_id), entries in after.items():
            day = days.get((table, record_id))
            if day is None or day > row.as_of:
                continue
            corrections += [
                Correction(study, table, record_id, e.field, e.old_value, e.new_value, _utc(e.at), by, e.reason)
                for e, by, study in entries
            ]
        cuts.append(
            Cut(
                row.id,
                row.as_of,
                row.reason,
                user,
                _utc(row.cut_at),
                row.audit_last_id,
                row.audit_hash,
                tuple(sorted(corrections, key=lambda c: c.at)),
            )
        )
    return tuple(cuts)


@dataclass(frozen=True)
class CutCorrection(Correction):
    cut_id: int = 0
    cut_as_of: dt.date = dt.date.min


def corrections_between(session: Session, first: dt.date, last: dt.date) -> tuple[CutCorrection, ...]:
    """Every correction to records frozen by a cut dated from `first` to `last` (the
    annual report lists them: its numbers differ from the ones signed at the cut)."""
    return tuple(
        CutCorrection(**c.__dict__, cut_id=cut.cut_id, cut_as_of=cut.as_of)
        for cut in _cuts(session)
        if first <= cut.as_of <= last
        for c in cut.corrections
    )


# -- the data as they were at a cut -------------------------------------------------------


def _value(table: str, name: str, text: str | None) -> object:
    """A value as the audit trail wrote it, back to what its column holds."""
    if text is None:
        return None
    kind = trail.KINDS[table][trail.RECORD_FIELDS[table].index(name)]
    if kind == "t":
        return dt.datetime.fromisoformat(text)
    if kind == "d":
        return dt.date.fromisoformat(text)
    return trail.from_text(kind, text)


def rebuild_at_cut(db: Database, cut_id: int, folder: str | Path) -> Database:
    """The database as it was when cut `cut_id` was frozen, in a new SQLite file in
    `folder` (the caller disposes of it and removes the folder): every table copied,
    the audit trail up to the cut, and every record written or changed after the cut
    put back as the trail says it was (`trail.Replay` reads the entries after it)."""
    db.require("print")
    cut = data_cut(db, cut_id)
    path = Path(folder) / f"cut-{cut_id}.sqlite3"
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    ensure_schema(engine)
    plain = create_engine(url)  # foreign keys off: rows are put back table by table
    try:
        with db.session(read_only=True) as session, plain.begin() as target:
            replay = _replayed_after(session, cut.audit_last_id)
            later = _written_after(replay)
            for table in m.Base.metadata.sorted_tables:
                query = select(table)
                if table.name == "audit_event":
                    query = query.where(table.c.id <= cut.audit_last_id)
                skip = later.get(table.name)
                for part in session.execute(query).mappings().partitions(5000):
                    rows = [dict(row) for row in part if skip is None or not skip(row["id"])]
                    bulk_insert(target, table, rows)
            _put_back(target, replay)
    finally:
        plain.dispose()
    rebuilt = Database(url=url, engine=engine, sessions=make_session_factory(engine), actor=db.actor)
    from ltfu.services import derived

    with rebuilt.session() as session:
        derived.rebuild(session)
    return rebuilt


def _replayed_after(session: Session, last_id: int) -> trail.Replay:
    """The audit entries written after entry `last_id`, as `trail.Replay` reads them."""
    replay = trail.Replay()
    fields: tuple[str, ...] = audit.ChainEntry._fields
    trail_table = m.Base.metadata.tables["audit_event"]
    later = session.execute(
        select(*(trail_table.c[name] for name in fields)).where(trail_table.c.id > last_id).order_by(trail_table.c.id)
    )
    for entry in later:
        replay(audit.ChainEntry._make(entry))
    return replay


def _written_after(replay: trail.Replay) -> dict[str, Callable[[int], bool]]:
    """Table -> whether a row id was written after the cut (one at a time or in bulk)."""
    single: dict[str, set[int]] = {}
    for table, record_id in replay.created:
        single.setdefault(table, set()).add(record_id)
    spans: dict[str, list[tuple[int, int]]] = {}
    for table, ranges in replay.ranges.items():
        spans[table] = [(start, end) for start, end, _index, _offset in ranges]

    def test(table: str) -> Callable[[int], bool]:
        ids, ranges = single.get(table, set()), spans.get(table, [])
        return lambda record_id: record_id in ids or any(a <= record_id <= b for a, b in ranges)

    return {table: test(table) for table in set(single) | set(spans)}


def _put_back(target: Connection, replay: trail.Replay) -> None:
    """Give back what the entries after the cut changed in rows that were there before."""
    tables = m.Base.metadata.tables
    for (table, record_id), values in replay.updates.items():
        if (table, record_id) in replay.created:
            continue
        old = {
            name: _value(table, name, first)
            for name, (first, _latest) in values.items()
            if name in trail.RECORD_FIELDS[table]
        }
        if old:
            target.execute(update(tables[table]).where(tables[table].c.id == record_id).values(old))
