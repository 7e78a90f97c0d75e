"""The nurse's worklist: who is due, overdue or coming up, and the safety alerts.

One indexed query over the stored visit states and one over the stored alerts (both
kept in step with the rules by every write) with the cases', the re-consents' and the
IND reminders' rows (`ltfu.services.worklist_alerts`), so the morning screen is instant
on 350,000 visits and a million results.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, String, select, type_coerce
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.days import Days
from ltfu.errors import Message, NotFoundError
from ltfu.services import access
from ltfu.services.alerts import SafetyAlert
from ltfu.services.database import Database
from ltfu.services.protocols import of_study
from ltfu.services.queries import QueryRow, awaiting
from ltfu.services.worklist_alerts import worklist_alerts


class WorklistRow(NamedTuple):
    """One open visit on the worklist (a named tuple: thousands are built per refresh)."""

    study_id: str
    site: str
    dose_level: str
    code: str
    nominal_date: dt.date
    window_start: dt.date
    window_end: dt.date
    mode: str
    assessments: tuple[str, ...]
    status: str  # due, overdue, upcoming
    days_overdue: int
    days_left: int  # days until the window closes (due) or opens (upcoming)
    study: str  # the subject's study (protocol id)

    def to_dict(self) -> dict[str, object]:
        d = self._asdict()
        for key in ("nominal_date", "window_start", "window_end"):
            d[key] = d[key].isoformat()
        d["assessments"] = list(self.assessments)
        return d


@dataclass(frozen=True)
class Worklist:
    today: dt.date
    days: int
    site: str | None
    rows: tuple[WorklistRow, ...]
    alerts: tuple[SafetyAlert, ...]
    # The data queries waiting for the acting user's role (`queries.awaiting`): the
    # oldest `queries.AWAITING_SHOWN`, and how many wait in all.
    queries: tuple[QueryRow, ...] = ()
    study: str | None = None
    queries_waiting: int = 0

    def by_status(self, status: str) -> tuple[WorklistRow, ...]:
        return tuple(r for r in self.rows if r.status == status)

    def to_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "days": self.days,
            "site": self.site,
            "study": self.study,
            "due": [r.to_dict() for r in self.by_status("due")],
            "overdue": [r.to_dict() for r in self.by_status("overdue")],
            "upcoming": [r.to_dict() for r in self.by_status("upcoming")],
            "alerts": [a.to_dict() for a in self.alerts],
            "queries": [q.to_dict() for q in self.queries],
            "queries_waiting": self.queries_waiting,
        }


def worklist_query(today: dt.date, days: int, site: str | None, study: str | None = None):
    """Open visits whose window is open today, opens within `days`, or has closed (of
    one site, one study, when given)."""
    horizon = today + timedelta(days=days)
    query = (
        select(
            m.Subject.study_id,
            m.Site.code,
            m.Subject.dose_level,
            m.Visit.code,
            # Raw values, made dates through `Days` (thousands of rows per refresh).
            type_coerce(m.Visit.nominal_date, String),
            type_coerce(m.Visit.window_start, String),
            type_coerce(m.Visit.window_end, String),
            m.Visit.mode,
            m.Visit.assessments,
            m.ProtocolVersion.protocol_id,
        )
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .join(m.ProtocolVersion, m.ProtocolVersion.id == m.Subject.protocol_version_id)
        .where(
            m.Visit.state == "planned",
            m.Visit.window_start <= horizon,
            m.Visit.voided_at.is_(None),
            m.Subject.voided_at.is_(None),
        )
        .order_by(m.Visit.window_end, m.Subject.study_id)
    )
    if site:
        query = query.where(m.Site.code == site)
    if study:
        query = query.where(m.ProtocolVersion.protocol_id == study)
    return query


class _Windows(dict[tuple[object, object], tuple[Any, ...]]):
    """Stored (window start, window end) -> (start, end, status, days overdue, days left)
    on `today`: worked out once per distinct window (a few hundred per refresh)."""

    def __init__(self, today: dt.date, dates: Days) -> None:
        super().__init__()
        self.today, self.dates = today, dates

    def __missing__(self, key: tuple[object, object]) -> tuple[Any, ...]:
        today, start, end = self.today, self.dates[key[0]], self.dates[key[1]]
        if end < today:
            value: tuple[Any, ...] = (start, end, "overdue", (today - end).days, 0)
        elif start <= today:
            value = (start, end, "due", 0, (end - today).days)
        else:
            value = (start, end, "upcoming", 0, (start - today).days)
        self[key] = value
        return value


class _Codes(dict[str, tuple[str, ...]]):
    """A visit's assessments as stored (space separated) -> its codes, split once per text."""

    def __missing__(self, key: str) -> tuple[str, ...]:
        value = self[key] = tuple(key.split())
        return value


def _reading(db: Database, session: Session) -> Connection:
    """The connection of a read-only unit of work of a few statements. On PostgreSQL it
    runs them without BEGIN and COMMIT (two round trips fewer): at its READ COMMITTED
    level each statement reads its own snapshot inside a transaction too. (Not on a
    damaged database: every transaction of one is begun read-only, `Database._on_begin`.)"""
    if session.get_bind().dialect.name == "postgresql" and not db.read_only:
        return session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    return session.connection()


def worklist(
    db: Database,
    today: dt.date,
    days: int = 7,
    site: str | None = None,
    alerts: bool = True,
    study: str | None = None,
) -> Worklist:
    """Visits due today, due within `days`, overdue; and safety alerts, for one site or
    all, one study or all (each row names its study).

    The alerts are the stored ones (`ltfu.services.alerts`), with the thresholds of
    each subject's protocol, and those of the cases, consents and reports, read in one
    statement (`ltfu.services.worklist_alerts`). `alerts=False`: the visit rows alone (no alerts and no
    waiting queries; the window always shows both).
    """
    rows: list[WorklistRow] = []
    make = tuple.__new__
    dates = Days()
    windows, codes = _Windows(today, dates), _Codes()
    with db.session(read_only=True) as session:
        connection = _reading(db, session)
        if site is not None and session.scalar(select(m.Site.id).where(m.Site.code == site)) is None:
            raise NotFoundError(Message("missing.site", site=site))
        # Only subjects at a site the user works for now (not those transferred out of it).
        here = access.subject_clause(session, m.Subject.id, current_only=True)
        of_study(session, study)  # an unknown study is named
        # Core rather than ORM execution, the driver's own tuples: thousands per refresh.
        found_visits = connection.execute(worklist_query(today, days, site, study).where(here))
        try:
            visits = found_visits.cursor.fetchall()  # plain strings and dates: no type to process
        finally:
            found_visits.close()
        for sid, code, dose, visit, nominal, start, end, mode, tests, protocol in visits:
            start, end, status, late, left = windows[start, end]
            row = (sid, code, dose, visit, dates[nominal], start, end, mode, codes[tests], status, late, left, protocol)
            rows.append(make(WorklistRow, row))
        found: tuple[SafetyAlert, ...] = ()
        waiting: tuple[QueryRow, ...] = ()
        total = 0
        if alerts:
            found = worklist_alerts(session, connection, today, site, study)  # blocking first, then by subject
            if access.session_grants(session):
                keep = set(session.scalars(select(m.Subject.study_id).where(here)))
                found = tuple(a for a in found if not a.study_id or a.study_id in keep)
            waiting, total = awaiting(session, db.actor.role if db.actor else None, site, study)
    return Worklist(today, days, site, tuple(rows), found, waiting, study, total)
