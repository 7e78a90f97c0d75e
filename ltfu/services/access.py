"""Who sees what: a user's grants (studies and sites) and the subjects they open.

A user holds grants (`UserGrant`): one study (a protocol id) or all, at one site or
all. A user without any current grant sees every subject: databases made before grants
existed, the demo and set-up mode work as they did. A user with grants sees the
subjects some grant covers: the study matches, and the site is the subject's current
site or one the subject was transferred out of (shown as such: "transferred out").

`visible_subjects` is the one place that says which subjects those are. `watch` puts
it under every read of the services: each ORM query of the subject, of any table with
a ``subject_id`` (visits, results, events, the audit trail ...) or of a table hanging
from one of them (a visit's status changes, a case's steps) gets it as a criterion,
so a subject out of view is "not found" everywhere (lists, search, the worklist, the
chart, reports, exports, the command line). Writes are checked before they reach the
database: only subjects at a granted current site may be changed; the former site
reads a transferred-out subject's history but writes nothing to it.

Whole-database copies and checks (backup, restore, the handover archive, maintenance,
``ltfu check``) hold every study and site, so they are for users without grants only
(`WHOLE_DATABASE`, `refuse_partial`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import ColumnElement, Select, Table, and_, event, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, ORMExecuteState, Session, sessionmaker, with_loader_criteria

from ltfu.db import models as m
from ltfu.errors import Message, NotFoundError, PermissionDenied

ALL_SUBJECTS = "ltfu_all_subjects"
"""Execution option: this query reads every subject whoever acts (the audit chain's
head, uniqueness of a study id): set it only where nothing read reaches the user."""

WHOLE_DATABASE = frozenset({"maintain", "backup", "restore", "archive"})
_INFO = "ltfu_grants"
_ACTING = "ltfu_acting"
_CRITERIA = "ltfu_criteria"

Grants = tuple[tuple[str | None, int | None], ...]
"""(protocol id or None for every study, site id or None for every site), per grant."""


@dataclass(frozen=True)
class GrantRow:
    """One current grant of a user, as an administrator reads it (None = all)."""

    username: str
    study: str | None
    site: str | None


def grants_of(session: Session, user_id: int) -> Grants:
    """The current grants of a user (empty: sees everything)."""
    g = m.UserGrant.__table__
    rows = session.execute(
        select(g.c.protocol_id, g.c.site_id).where(g.c.user_id == user_id, g.c.voided_at.is_(None)).order_by(g.c.id)
    )
    return tuple((protocol_id, site_id) for protocol_id, site_id in rows)


def visible_subjects(grants: Grants, *, current_only: bool = False) -> Select:
    """The ids of the subjects a user with `grants` sees (every subject when none).

    `current_only`: only subjects whose current site is granted (they may be changed
    and have worklist items); otherwise also those transferred out of a granted site.
    """
    s, pv, t = (m.Base.metadata.tables[n] for n in ("subject", "protocol_version", "subject_transfer"))
    covered: list[ColumnElement[bool]] = []
    for protocol_id, site_id in grants:
        parts: list[ColumnElement[bool]] = [true()]
        if protocol_id is not None:
            parts.append(pv.c.protocol_id == protocol_id)
        if site_id is not None:
            here: ColumnElement[bool] = s.c.site_id == site_id
            if not current_only:
                here = or_(here, s.c.id.in_(select(t.c.subject_id).where(t.c.from_site_id == site_id)))
            parts.append(here)
        covered.append(and_(*parts))
    query = select(s.c.id).select_from(s.join(pv, pv.c.id == s.c.protocol_version_id))
    return query.where(or_(*covered)) if grants else query


def _subject_tables() -> dict[str, str]:
    """Table -> the column that ties its rows to one subject's (the subject's id, a
    ``subject_id``, or a key of a row that has one)."""
    tied = {"subject": "id"}
    tables = m.Base.metadata.tables
    for name, table in tables.items():
        if "subject_id" in table.c and name != "subject":
            tied[name] = "subject_id"
    for name, table in tables.items():
        if name in tied:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name in tied and fk.column.table.name != "subject" and not fk.parent.nullable:
                tied[name] = fk.parent.name
                break
    return tied


SUBJECT_TABLES = _subject_tables()


def row_filter(table: Table, grants: Grants) -> ColumnElement[bool]:
    """The rows of `table` a user with `grants` sees (all rows of a table not tied to a subject)."""
    column_name = SUBJECT_TABLES.get(table.name)
    if not grants or column_name is None:
        return true()
    column = table.c[column_name]
    subjects = visible_subjects(grants)
    if column_name in ("id", "subject_id"):
        ids = column.in_(subjects)
    else:
        (fk,) = [fk for fk in column.foreign_keys]
        parent = fk.column.table
        ids = column.in_(select(parent.c.id).where(row_filter(parent, grants)))
    return or_(column.is_(None), ids) if column.nullable else ids


def _criteria(grants: Grants) -> list:
    by_table = {cast(Table, mp.local_table).name: mp.class_ for mp in m.Base.registry.mappers}
    return [
        with_loader_criteria(by_table[name], row_filter(m.Base.metadata.tables[name], grants), include_aliases=True)
        for name in SUBJECT_TABLES
        if name in by_table
    ]


def session_grants(session: Session) -> Grants:
    """The grants of the user acting in this unit of work (`watch`), read once per unit."""
    if _INFO not in session.info:
        acting = session.info.get(_ACTING)
        user_id = acting() if acting is not None else None
        session.info[_INFO] = ()  # reading them goes through the hook too
        session.info[_INFO] = grants_of(session, user_id) if user_id is not None else ()
    return session.info[_INFO]


def as_whole_database(session: Session) -> None:
    """From here on this unit of work reads and writes every subject, whoever acts: for
    records kept in step with the whole database (the edit checks' queries), which a
    user limited by grants must neither stop nor see only in part. Nothing it reads may
    reach that user."""
    session.info[_INFO] = ()


def watch(sessions: sessionmaker[Session], acting: Callable[[], int | None]) -> None:
    """Apply the grants of the user acting (`acting()` gives their id, or None) to every
    unit of work `sessions` makes."""
    sessions.configure(info={_ACTING: acting})

    @event.listens_for(sessions, "do_orm_execute")
    def _restrict(state: ORMExecuteState) -> None:
        if state.execution_options.get(ALL_SUBJECTS) or state.is_column_load or state.is_relationship_load:
            return
        if not (state.is_select or state.is_update or state.is_delete):
            return
        grants = session_grants(state.session)
        if grants:
            criteria = state.session.info.get(_CRITERIA)
            if criteria is None:  # built once per unit of work
                criteria = state.session.info[_CRITERIA] = _criteria(grants)
            state.statement = state.statement.options(*criteria)

    @event.listens_for(sessions, "before_flush")
    def _refuse_out_of_view(session: Session, _context: object, _instances: object) -> None:
        grants = session_grants(session)
        if grants:
            check_writable(session, grants, [*session.new, *session.dirty, *session.deleted])


def check_writable(session: Session, grants: Grants, rows: Iterable[object]) -> None:
    """Refuse (as not found) a write touching a subject outside the user's current sites."""
    touched: set[int] = set()
    for row in rows:
        if isinstance(row, m.Subject):
            if row.id is None:
                _check_new_subject(grants, row)
            else:
                touched.add(row.id)
        elif isinstance(getattr(row, "subject_id", None), int):
            touched.add(row.subject_id)  # type: ignore[attr-defined]
    check_subjects(session, touched)


def check_subjects(session: Session, subject_ids: Iterable[int]) -> None:
    """Refuse (as not found) a write on a subject the acting user may not change: one
    out of view, or one transferred out of their site. Every audited write passes here
    (`ltfu.services.audit.append`), bulk inserts included."""
    touched = set(subject_ids)
    grants = session_grants(session)
    if not grants or not touched:
        return
    s = m.Subject.__table__
    allowed = set(
        session.scalars(
            select(s.c.id).where(s.c.id.in_(touched), s.c.id.in_(visible_subjects(grants, current_only=True))),
            execution_options={ALL_SUBJECTS: True},
        )
    )
    refused = sorted(touched - allowed)
    if refused:
        study_id = session.scalar(
            select(s.c.study_id).where(s.c.id == refused[0]), execution_options={ALL_SUBJECTS: True}
        )
        raise NotFoundError(Message("missing.subject", study_id=study_id))


def _check_new_subject(grants: Grants, row: m.Subject) -> None:
    sites = {site_id for _protocol, site_id in grants}
    if None not in sites and row.site_id not in sites:
        raise PermissionDenied(Message("access.site_refused"))


def refuse_whole_database(session: Session, permission: str) -> None:
    """Refuse a whole-database action (`WHOLE_DATABASE`) to a user who sees part of it."""
    if permission in WHOLE_DATABASE:
        refuse_partial(session)


def refuse_partial(session: Session) -> None:
    """Refuse a user who sees part of the database (has grants) an action on all of it."""
    if session_grants(session):
        raise PermissionDenied(Message("access.whole_database"))


def subject_clause(session: Session, column: ColumnElement[int] | InstrumentedAttribute[int], *, current_only: bool = False) -> ColumnElement[bool]:
    """`column` (a subject id) is a subject the acting user sees, for a query that does
    not pass through the ORM (Core on the connection, the worklist's and alerts' reads).
    `current_only`: at a granted site now (the worklist: not the transferred-out)."""
    grants = session_grants(session)
    if not grants:
        return true()
    return column.in_(visible_subjects(grants, current_only=current_only))


def subject_ids(session: Session) -> frozenset[int] | None:
    """The ids of the subjects the acting user sees, or None for every subject (a read in plain SQL)."""
    grants = session_grants(session)
    if not grants:
        return None
    return frozenset(session.scalars(visible_subjects(grants), execution_options={ALL_SUBJECTS: True}))
