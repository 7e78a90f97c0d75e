"""Read-only queries behind the window's lists and the subject chart.

Each function is one read transaction and returns frozen dataclasses, so the window
and its worker threads never hold a Session. The vocabularies the window offers in
its choices are re-exported here: the window talks to the services only.

Names and phone numbers are read for the screen (search and the chart header) but
kept out of every ``repr`` so that a logged row never carries them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import func, select

from ltfu.config import BackupPolicy
from ltfu.db import models as m
from ltfu.errors import Message, PermissionDenied
from ltfu.schedule.plan import PlannedVisit
from ltfu.schedule.status import assign_actual
from ltfu.services import access, transfers, users
from ltfu.services.course import protocol_for
from ltfu.services.database import Database
from ltfu.services.protocols import study_ids
from ltfu.services.queries import open_counts
from ltfu.services.records import AE_GRADE_LIMITS
from ltfu.services.signatures import MEANINGS
from ltfu.services.subjects import subject_pk
from ltfu.services.units import UNITS
from ltfu.services.visits import SubjectScheduleView, VisitRow
from ltfu.vocabulary import person_name

# Vocabularies offered in the window's choices (one list, defined with the tables).
VISIT_MODES = m.VISIT_MODES
CHANNELS = m.CHANNELS
CONTACT_OUTCOMES = m.CONTACT_OUTCOMES
EVENT_KINDS = m.EVENT_KINDS
SUBJECT_STATUSES = m.SUBJECT_STATUSES
WITHDRAWAL_SCOPES = m.WITHDRAWAL_SCOPES
RESPONSES = m.RESPONSES
ANTIGEN_STATUSES = m.ANTIGEN_STATUSES
ANALYTES = m.ANALYTES
CATEGORICAL_ANALYTES = m.CATEGORICAL_ANALYTES
RESULT_CATEGORIES = m.RESULT_CATEGORIES
AE_KINDS = m.AE_KINDS
SPECIAL_INTEREST = m.SPECIAL_INTEREST
ROLES = m.ROLES
SIGNATURE_MEANINGS = MEANINGS
# Analyte -> (stored unit, {accepted unit, lower case with the micro sign as "u": factor}).
RESULT_UNITS = UNITS
AE_GRADES = AE_GRADE_LIMITS
USERNAME_PATTERN = users.USERNAME
MIN_PASSWORD = users.MIN_PASSWORD
# Events a user records from the chart; lost to follow-up has its own checked action.
RECORDABLE_EVENT_KINDS = tuple(k for k in m.EVENT_KINDS if not k.startswith("lost_to_follow_up"))
OPEN_VISIT_STATUSES = ("due", "overdue", "upcoming")
DAYS_PER_YEAR = 365.25


# -- the subject list ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectRow:
    """One line of the subject list on `today`.

    `next_*` describe the first open visit (the one whose window closes first);
    `search_key` is the lowercase study id and name for search-as-you-type: it holds
    PHI, so it stays out of `repr` and comparisons.
    """

    study_id: str
    site: str
    dose_level: str
    infusion_date: dt.date | None
    years_followed: float
    status: str
    withdrawal_scope: str | None
    next_code: str | None
    next_window_start: dt.date | None
    next_window_end: dt.date | None
    next_status: str | None  # due, overdue, upcoming
    overdue_count: int
    rcl_positive: bool
    study: str = ""  # the subject's study (protocol id)
    search_key: str = field(default="", repr=False, compare=False)
    open_queries: int = 0  # data queries waiting for the site
    # The day the subject left the user's site (shown "transferred out", read-only, no
    # open visits); None when the subject is at one of the user's sites.
    transferred_out: dt.date | None = None


def _search_key(study_id: str, given: str | None, family: str | None) -> str:
    given, family = given or "", family or ""
    # Both name orders, so "Zoë Démo", "Démo Zoë" and "张示例" all match as typed.
    return "\x1f".join((study_id, f"{given} {family}", f"{family} {given}", f"{family}{given}")).lower()


def _open_status(start: dt.date | None, end: dt.date | None, today: dt.date) -> str | None:
    if start is None or end is None:
        return None
    if end < today:
        return "overdue"
    return "due" if start <= today else "upcoming"


def subject_rows(db: Database, today: dt.date) -> tuple[SubjectRow, ...]:
    """Every subject with what the list shows, in study id order (a handful of queries).

    Without `read_contacts` (the monitor) the search key holds the study id only."""
    with_names = db.sees_contacts()
    with db.session(read_only=True) as session:
        subjects = session.execute(
            select(
                m.Subject.id,
                m.Subject.study_id,
                m.Site.code,
                m.Subject.dose_level,
                m.Subject.status,
                m.Subject.withdrawal_scope,
                m.ProtocolVersion.protocol_id,
            )
            .join(m.Site, m.Site.id == m.Subject.site_id)
            .join(m.ProtocolVersion, m.ProtocolVersion.id == m.Subject.protocol_version_id)
            .where(m.Subject.voided_at.is_(None))
            .order_by(m.Subject.study_id)
        ).all()
        infusions = {
            sid: (first, latest)
            for sid, first, latest in session.execute(
                select(m.Infusion.subject_id, func.min(m.Infusion.infusion_date), func.max(m.Infusion.infusion_date))
                .where(m.Infusion.voided_at.is_(None))
                .group_by(m.Infusion.subject_id)
            )
        }
        names = (
            {
                sid: (given, family)
                for sid, given, family in session.execute(
                    select(m.Contact.subject_id, m.Contact.given_name, m.Contact.family_name)
                )
            }
            if with_names
            else {}
        )
        queried = open_counts(session)
        deaths = dict(
            session.execute(
                select(m.ClinicalEvent.subject_id, func.min(m.ClinicalEvent.event_date))
                .where(m.ClinicalEvent.kind == "death", m.ClinicalEvent.voided_at.is_(None))
                .group_by(m.ClinicalEvent.subject_id)
            ).all()
        )
        open_visits = (m.Visit.state == "planned", m.Visit.voided_at.is_(None), m.Visit.code.is_not(None))
        # Each subject's next open visit: one seek per subject on (subject_id, state,
        # window_end), not a sort of every planned visit.
        first_open = (
            select(m.Visit.id)
            .where(m.Visit.subject_id == m.Subject.id, *open_visits)
            .order_by(m.Visit.window_end, m.Visit.nominal_date, m.Visit.id)
            .limit(1)
            .correlate(m.Subject)
            .scalar_subquery()
        )
        next_visit = {
            row.subject_id: row
            for row in session.execute(
                select(m.Visit.subject_id, m.Visit.code, m.Visit.window_start, m.Visit.window_end)
                .select_from(m.Subject)
                .join(m.Visit, m.Visit.id == first_open)
                .where(m.Subject.voided_at.is_(None))
            )
        }
        overdue = dict(
            session.execute(
                select(m.Visit.subject_id, func.count())
                .where(*open_visits, m.Visit.window_end < today)
                .group_by(m.Visit.subject_id)
            ).all()
        )
        # The stored alerts (kept in step with the results) rather than a million results.
        rcl = set(
            session.scalars(
                select(m.SafetyAlert.subject_id).where(
                    m.SafetyAlert.kind == "rcl_positive", m.SafetyAlert.alert_date <= today
                )
            )
        )
        left = transfers.transferred_out(session)
    rows = []
    for sid, study_id, site, dose_level, status, scope, study in subjects:
        first, latest = infusions.get(sid, (None, None))
        end = min(deaths.get(sid, today), today)
        years = max((end - first).days, 0) / DAYS_PER_YEAR if first else 0.0
        nxt = None if sid in left else next_visit.get(sid)
        given, family = names.get(sid, (None, None))
        rows.append(
            SubjectRow(
                study_id=study_id,
                site=site,
                dose_level=dose_level,
                infusion_date=latest,
                years_followed=years,
                status=status,
                withdrawal_scope=scope,
                next_code=nxt.code if nxt else None,
                next_window_start=nxt.window_start if nxt else None,
                next_window_end=nxt.window_end if nxt else None,
                next_status=_open_status(nxt.window_start, nxt.window_end, today) if nxt else None,
                overdue_count=0 if sid in left else overdue.get(sid, 0),
                rcl_positive=sid in rcl,
                study=study,
                search_key=_search_key(study_id, given, family),
                open_queries=queried.get(sid, 0),
                transferred_out=left.get(sid),
            )
        )
    return tuple(rows)


def sites(db: Database) -> tuple[str, ...]:
    """Site codes, for the site filters."""
    with db.session(read_only=True) as session:
        return tuple(session.scalars(select(m.Site.code).order_by(m.Site.code)))


def studies(db: Database) -> tuple[str, ...]:
    """The studies (protocol ids), for the study filters and selectors."""
    with db.session(read_only=True) as session:
        return study_ids(session)


# -- one subject's record -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SubjectHeader:
    """Who the chart is about; `name` and `phone` are PHI: on screen, never in a repr."""

    study_id: str
    site: str
    dose_level: str
    status: str
    withdrawal_scope: str | None
    sex: str | None
    birth_year: int | None
    language: str | None
    infusion_dates: tuple[dt.date, ...]
    death_date: dt.date | None
    b_cell_threshold: float
    igg_threshold: float
    study: str = ""  # the study (protocol id) and its protocol's title
    study_title: str = ""
    name: str = field(default="", repr=False, compare=False)
    phone: str = field(default="", repr=False, compare=False)


@dataclass(frozen=True, slots=True)
class ResultRow:
    date: dt.date
    time: str | None
    analyte: str
    value: float | None
    category: str | None
    unit: str
    blq: bool
    lloq: float | None
    assay: str | None
    study_day: int | None
    id: int = 0  # the result's row id (what a data query points at)


@dataclass(frozen=True, slots=True)
class EventRow:
    date: dt.date
    kind: str
    detail: str | None
    response: str | None
    mrd_negative: bool | None
    cd19_status: str | None
    cd22_status: str | None
    lineage_switch: bool | None
    death_cause: str | None
    withdrawal_scope: str | None
    id: int = 0  # the event's row id


@dataclass(frozen=True, slots=True)
class AdverseEventRow:
    onset: dt.date
    resolution: dt.date | None
    kind: str  # ctcae, crs, icans
    term: str
    grade: int
    serious: bool
    related: bool
    dlt: bool
    special_interest: str | None
    id: int = 0  # the adverse event's row id


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One change in a subject's history, oldest first.

    `what` is "visit" (label = visit code), "subject" (label = the field) or "event"
    (label = the event kind, `new` its date); `at` is UTC. One action that changed many
    visits the same way (a death cancelling every later visit) is one row: `label` is its
    first visit and `visits` all of them, in order.
    """

    at: dt.datetime
    user: str | None
    what: str
    label: str | None
    old: str | None
    new: str | None
    cause: str | None
    reason: str | None
    visits: tuple[str | None, ...] = ()


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    header: SubjectHeader
    results: tuple[ResultRow, ...]
    events: tuple[EventRow, ...]
    adverse_events: tuple[AdverseEventRow, ...]
    history: tuple[HistoryRow, ...]


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def subject_record(db: Database, study_id: str) -> SubjectRecord:
    """A subject's header, results, events, adverse events and status history."""
    with db.session(read_only=True) as session:
        sid = subject_pk(session, study_id)
        subject = session.get(m.Subject, sid)
        assert subject is not None
        site = session.scalar(select(m.Site.code).where(m.Site.id == subject.site_id)) or ""
        contact = session.scalar(select(m.Contact).where(m.Contact.subject_id == sid))
        shown = contact if db.sees_contacts() else None
        infusions = tuple(
            session.scalars(
                select(m.Infusion.infusion_date)
                .where(m.Infusion.subject_id == sid, m.Infusion.voided_at.is_(None))
                .order_by(m.Infusion.infusion_date)
            )
        )
        protocol = protocol_for(session, subject.protocol_version_id)
        events = tuple(
            EventRow(*(getattr(e, name) for name in (*m.EVENT_VALUES, *m.EVENT_DETAILS, "id")))
            for e in session.scalars(
                select(m.ClinicalEvent)
                .where(m.ClinicalEvent.subject_id == sid, m.ClinicalEvent.voided_at.is_(None))
                .order_by(m.ClinicalEvent.event_date, m.ClinicalEvent.id)
            )
        )
        death = next((e.date for e in events if e.kind == "death"), None)
        name = ""
        if shown is not None:
            name = person_name(shown.given_name, shown.family_name)
        header = SubjectHeader(
            study_id=subject.study_id,
            site=site,
            dose_level=subject.dose_level,
            status=subject.status,
            withdrawal_scope=subject.withdrawal_scope,
            sex=subject.sex,
            birth_year=subject.birth_year,
            language=contact.language if contact else None,
            infusion_dates=infusions,
            death_date=death,
            b_cell_threshold=protocol.b_cell_aplasia_threshold,
            igg_threshold=protocol.igg_threshold,
            study=protocol.id,
            study_title=protocol.title,
            name=name,
            phone=(shown.phone or "") if shown else "",
        )
        first = infusions[0] if infusions else None
        results = tuple(
            ResultRow(
                r.result_date,
                r.result_time,
                r.analyte,
                r.value,
                r.category,
                r.unit,
                r.blq,
                r.lloq,
                r.assay,
                (r.result_date - first).days if first else None,
                r.id,
            )
            for r in session.scalars(
                select(m.Result)
                .where(m.Result.subject_id == sid, m.Result.voided_at.is_(None))
                .order_by(m.Result.analyte, m.Result.result_date, m.Result.id)
            )
        )
        adverse = tuple(
            AdverseEventRow(
                a.onset_date,
                a.resolution_date,
                a.kind,
                a.term,
                a.grade,
                a.serious,
                a.related,
                a.dlt,
                a.special_interest,
                a.id,
            )
            for a in session.scalars(
                select(m.AdverseEvent)
                .where(m.AdverseEvent.subject_id == sid, m.AdverseEvent.voided_at.is_(None))
                .order_by(m.AdverseEvent.onset_date, m.AdverseEvent.id)
            )
        )
        history = _history(session, sid)
        return SubjectRecord(
            header,
            transfers.up_to_move(session, sid, results, lambda r: r.date),
            transfers.up_to_move(session, sid, events, lambda e: e.date),
            transfers.up_to_move(session, sid, adverse, lambda a: a.onset),
            transfers.up_to_move(session, sid, history, lambda h: h.at.date()),
        )


def _history(session, sid: int) -> tuple[HistoryRow, ...]:
    rows: list[HistoryRow] = []
    for code, change, user in session.execute(
        select(m.Visit.code, m.VisitStatusChange, m.User.username)
        .join(m.Visit, m.Visit.id == m.VisitStatusChange.visit_id)
        .outerjoin(m.User, m.User.id == m.VisitStatusChange.changed_by)
        .where(m.Visit.subject_id == sid)
    ):
        rows.append(
            HistoryRow(
                _utc(change.changed_at),
                user,
                "visit",
                code,
                change.old_state,
                change.new_state,
                change.cause,
                change.reason,
            )
        )
    for entry, user in session.execute(
        select(m.AuditEvent, m.User.username)
        .outerjoin(m.User, m.User.id == m.AuditEvent.user_id)
        .where(
            m.AuditEvent.subject_id == sid,
            ((m.AuditEvent.table_name == "subject") & (m.AuditEvent.field == "status"))
            | ((m.AuditEvent.table_name == "clinical_event") & (m.AuditEvent.action == "create")),
        )
    ):
        if entry.table_name == "subject":
            rows.append(
                HistoryRow(
                    _utc(entry.at), user, "subject", "status", entry.old_value, entry.new_value, None, entry.reason
                )
            )
            continue
        try:
            content = json.loads(entry.new_value or "{}")
        except ValueError:
            content = {}
        rows.append(
            HistoryRow(
                _utc(entry.at),
                user,
                "event",
                content.get("kind"),
                None,
                content.get("event_date"),
                None,
                entry.reason or content.get("detail"),
            )
        )
    rows.sort(key=lambda r: r.at)
    return _grouped(rows)


# Visit changes this close together, by the same user, the same way and for the same
# reason, were made by one action (one transaction writes them a few ms apart).
ONE_ACTION = dt.timedelta(seconds=5)


def _grouped(rows: list[HistoryRow]) -> tuple[HistoryRow, ...]:
    """Fold each run of visit changes made by one action into one row."""
    out: list[HistoryRow] = []
    for row in rows:
        last = out[-1] if out else None
        if (
            last is not None
            and row.what == last.what == "visit"
            and (row.user, row.old, row.new, row.cause, row.reason)
            == (last.user, last.old, last.new, last.cause, last.reason)
            and row.at - last.at <= ONE_ACTION
        ):
            out[-1] = replace(last, visits=(last.visits or (last.label,)) + (row.label,))
        else:
            out.append(row)
    return tuple(out)


# -- what a visit date would be recorded as -----------------------------------------


@dataclass(frozen=True, slots=True)
class DatePreview:
    """Where a visit on a given day would go, before it is recorded.

    `code` None: no open visit takes it (an unscheduled visit); `in_window` False with
    a code: recorded out of window against that visit. A preview only: the service
    applies the same rules when it records and has the last word.
    """

    code: str | None
    in_window: bool
    window_start: dt.date | None = None
    window_end: dt.date | None = None


def preview_visit_date(view: SubjectScheduleView, day: dt.date, code: str | None = None) -> DatePreview:
    """Which visit of the current plan a visit on `day` would complete (DOMAIN.md 3.5)."""
    current = [v for v in view.visits if v.code is not None and v.window_start and v.window_end]
    if current:
        latest = current[-1].infusion_date
        current = [v for v in current if v.infusion_date == latest]
    if code is not None:
        visit = next((v for v in current if v.code == code), None)
        if visit is None:
            return DatePreview(None, False)
        inside = visit.window_start <= day <= visit.window_end  # type: ignore[operator]  # `current`: windows only
        return DatePreview(code, inside, visit.window_start, visit.window_end)

    def planned(visits: Sequence[VisitRow]) -> list[PlannedVisit]:
        return [
            PlannedVisit(i, v.code, v.nominal_date, v.window_start, v.window_end, v.mode, v.assessments)  # type: ignore[arg-type]  # planned: code, window
            for i, v in enumerate(visits, 1)
        ]

    by_code = {v.code: v for v in current}
    found, in_window = assign_actual(planned([v for v in current if v.status in OPEN_VISIT_STATUSES]), day)
    if found is not None and in_window:
        visit = by_code[found]
        return DatePreview(found, True, visit.window_start, visit.window_end)
    # Inside no open window: a late visit for the most recent visit whose window has
    # ended, when that one is still overdue; inside a closed visit's window, or
    # anything else, an unscheduled visit.
    found, in_window = assign_actual(planned(current), day)
    if found is None or in_window or by_code[found].status != "overdue":
        return DatePreview(None, False)
    visit = by_code[found]
    return DatePreview(found, False, visit.window_start, visit.window_end)


# -- accounts (the window's sign-in, set-up and user management) -------------------
#
# Thin wrappers so the window never holds a Session: each is one transaction.


def has_accounts(db: Database) -> bool:
    """False while the database is in set-up mode (no account with a password yet)."""
    with db.session(read_only=True) as session:
        return users.has_accounts(session)


def user_list(db: Database) -> tuple[users.UserRow, ...]:
    """Every account, for those who may list them (``list_users``; refused for anyone else)."""
    with db.session() as session:
        db.user_id(session, "list_users")
        return users.list_users(session)


def add_user(db: Database, username: str, full_name: str, role: str, password: str) -> None:
    """A new account, created by the signed-in administrator (or in set-up mode)."""
    with db.session() as session:
        acting = db.user_id(session, "manage_users")
        users.create_user(session, acting, username, full_name, role, password)


def create_first_administrator(db: Database, username: str, full_name: str, password: str) -> users.Actor:
    """Leave set-up mode: the first account (an administrator), then sign in as it."""
    with db.session() as session:
        if users.has_accounts(session):
            raise PermissionDenied(Message("sign_in.accounts_exist"))
        acting = db.user_id(session, "manage_users")
        users.create_user(session, acting, username, full_name, "admin", password)
    return db.sign_in(username, password)


def change_my_password(db: Database, old: str, new: str) -> None:
    """The signed-in user's own password; the old one is checked (a failure counts)."""
    actor = db.actor
    if actor is None:
        raise PermissionDenied(Message("sign_in.first"))
    db.sign_in(actor.username, old)  # a wrong old password is counted and audited
    with db.session() as session:
        users.change_password(session, actor, old, new)


def backup_folder(db: Database) -> Path | None:
    """Where the daily backups of an embedded database are kept (None for a server)."""
    source = db.sqlite_file
    return None if source is None else source.parent / BackupPolicy().folder_name


def grant_access(db: Database, username: str, study: str | None, site: str | None) -> None:
    """Let `username` see one study (or all, None) at one site (or all, None): the administrator's."""
    with db.session() as session:
        users.grant(session, db.user_id(session, "manage_users"), username, study, site)


def revoke_access(db: Database, username: str, study: str | None, site: str | None) -> None:
    """Take back a grant made with the same study and site."""
    with db.session() as session:
        users.revoke(session, db.user_id(session, "manage_users"), username, study, site)


def user_grants(db: Database, username: str) -> tuple[access.GrantRow, ...]:
    """What `username` may see: their grants (none: every subject)."""
    with db.session(read_only=True) as session:
        db.user_id(session, "list_users")
        return users.grant_rows(session, username)


