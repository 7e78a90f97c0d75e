"""What dates can be real, and what contradicts what is already stored.

One declaration per date field (below), one check function per rule, used by the
window's services and by every CSV import alike. The plausible value of each analyte
lives with its unit in `ltfu.services.units`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked
from ltfu.errors import MESSAGES, Message
from ltfu.schedule.protocol import DEFAULT_DLT_WINDOW_DAYS
from ltfu.services.course import protocol_for

# -- the declarations -----------------------------------------------------------------------

EARLIEST_INFUSION = dt.date(2010, 1, 1)
"""No CAR-T cells were infused in anyone before 2010: an earlier infusion date is a
typing error (0001-01-01, 1900-01-01, a two-digit year)."""

EARLIEST_BIRTH = dt.date(1900, 1, 1)
"""The subject table keeps birth years from 1900 (its CHECK constraint): refused here
first, with a message."""

OLDEST_AT_INFUSION_YEARS = 100
"""An age at infusion above this is a typing error."""

BASELINE_DAYS = 90
"""Results may predate Day 0 (baseline samples before lymphodepletion, screening) by at
most this many days."""

LYMPHODEPLETION_DAYS = 7
"""Adverse events may start at lymphodepletion (Days -5 to -3), so up to this many days
before the infusion; CRS, ICANS and DLTs only from Day 0."""

# A dose-limiting toxicity starts on Day 0 to the end of the protocol's DLT window:
# `Protocol.dlt_window_days` (the day of the visit with the DLT review, D28), the same
# window the endpoints count DLTs in.

# Every other clinical date (visits, events, adverse events) lies between the infusion
# and today, and not after a recorded death; see `date_problem`. Visits (DOMAIN.md 3.5,
# 3.6): one done outside its window is kept and flagged out-of-window, never refused;
# one is closed as missed only once its window has opened (due or overdue).


# -- subject dates ----------------------------------------------------------------------------


def infusion_date_problem(day: dt.date, today: dt.date, birth: dt.date | None = None) -> str | None:
    if day > today:
        return Message("subject.infusion_future", day=day)
    if day < EARLIEST_INFUSION:
        return Message("subject.infusion_early", day=day, earliest=EARLIEST_INFUSION)
    if birth is not None and day < birth:
        return Message("subject.infusion_before_birth", day=day)
    return None


def birth_date_problem(day: dt.date, today: dt.date, infusion: dt.date | None = None) -> str | None:
    if day > today:
        return Message("subject.birth_future", day=day)
    if day < EARLIEST_BIRTH:
        return Message("subject.birth_early", day=day, earliest=EARLIEST_BIRTH)
    if infusion is not None and day > infusion:
        return Message("subject.birth_after_infusion", day=day, infusion=infusion)
    if infusion is not None and _years_between(day, infusion) > OLDEST_AT_INFUSION_YEARS:
        return Message("subject.too_old", day=day, years=OLDEST_AT_INFUSION_YEARS, infusion=infusion)
    return None


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


@dataclass(frozen=True)
class SubjectDates:
    """What date checks need about one subject."""

    subject_id: int
    birth: dt.date | None
    infusion: dt.date | None
    death: dt.date | None
    dlt_window_days: int = DEFAULT_DLT_WINDOW_DAYS
    withdrawn: dt.date | None = None
    """The withdrawal of all consent: nothing is collected after it but a death."""


def subject_dates(session: Session, subject_ids: list[int], dlt_windows: bool = True) -> dict[int, SubjectDates]:
    """What date checks need about these subjects. `dlt_windows=False`: the default DLT
    window for everyone, no protocol read (for checks that never use it: results)."""
    births: dict[int, dt.date | None] = {}
    infusions: dict[int, dt.date] = {}
    deaths: dict[int, dt.date] = {}
    withdrawals: dict[int, dt.date] = {}
    versions: dict[int, int | None] = {}
    # Many subjects (a lab file of the whole cohort): each table read once, whole, rather
    # than a statement for every few hundred of them; the others are left unused.
    chunks: Iterable[list[int] | None] = [None] if len(subject_ids) > _WHOLE_TABLES_FROM else chunked(subject_ids)
    for chunk in chunks:
        births.update(
            session.execute(
                select(m.Contact.subject_id, m.Contact.birth_date).where(_among(m.Contact.subject_id, chunk))
            ).all()
        )
        for sid, day in session.execute(
            select(m.Infusion.subject_id, m.Infusion.infusion_date).where(
                _among(m.Infusion.subject_id, chunk), m.Infusion.voided_at.is_(None)
            )
        ):
            infusions[sid] = min(day, infusions.get(sid, day))
        deaths.update(
            session.execute(
                select(m.ClinicalEvent.subject_id, m.ClinicalEvent.event_date).where(
                    _among(m.ClinicalEvent.subject_id, chunk),
                    m.ClinicalEvent.kind == "death",
                    m.ClinicalEvent.voided_at.is_(None),
                )
            ).all()
        )
        if dlt_windows:
            versions.update(
                session.execute(
                    select(m.Subject.id, m.Subject.protocol_version_id).where(_among(m.Subject.id, chunk))
                ).all()
            )
        withdrawals.update(
            session.execute(
                select(m.ClinicalEvent.subject_id, func.min(m.ClinicalEvent.event_date))
                .where(
                    _among(m.ClinicalEvent.subject_id, chunk),
                    m.ClinicalEvent.kind == "withdrawal",
                    m.ClinicalEvent.withdrawal_scope == "all",
                    m.ClinicalEvent.voided_at.is_(None),
                )
                .group_by(m.ClinicalEvent.subject_id)
            ).all()
        )
    windows = {v: protocol_for(session, v).dlt_window_days for v in set(versions.values()) if v is not None}
    return {
        sid: SubjectDates(
            sid,
            births.get(sid),
            infusions.get(sid),
            deaths.get(sid),
            windows.get(versions.get(sid), DEFAULT_DLT_WINDOW_DAYS),  # type: ignore[arg-type]  # None: the default
            withdrawals.get(sid),
        )
        for sid in subject_ids
    }


def _among(column: Any, chunk: list[int] | None) -> Any:
    """`column IN chunk`; no condition when None (every row)."""
    return true() if chunk is None else column.in_(chunk)


# More subjects than this: `subject_dates` reads each table whole (a few statements
# instead of five for every few hundred subjects).
_WHOLE_TABLES_FROM = 2000


# -- record dates ----------------------------------------------------------------------------


def date_problem(
    what: str, day: dt.date, dates: SubjectDates, today: dt.date, post_infusion: bool = False
) -> str | None:
    """Why `day` cannot be the date of `what`, or None.

    `post_infusion`: on or after Day 0 (visits, events); otherwise (results) at most
    `BASELINE_DAYS` before it.
    """
    problem = _date_rule(what, day, dates, today, post_infusion)
    if problem is None:
        return None
    # An event's kind is said from its code; any other record by its word (only for a
    # refusal: a clean row of a 100,000-row file builds no sentence).
    code, params = problem
    said: object = Message(f"what.{what}") if f"what.{what}" in MESSAGES else what
    return Message(code, what=said, day=day, **params)


def result_days(dates: SubjectDates, today: dt.date) -> tuple[dt.date, dt.date]:
    """(first, last): a day between them, both included, breaks no rule of
    `date_problem("result", day, dates, today)` (a lab file's rows then cost one
    comparison each; a day outside them goes to `date_problem` for its message)."""
    firsts = [dates.infusion - dt.timedelta(days=BASELINE_DAYS) if dates.infusion is not None else _EARLIEST_RECORD]
    if dates.birth is not None:
        firsts.append(dates.birth)
    lasts = [today, *(day for day in (dates.death, dates.withdrawn) if day is not None)]
    return max(firsts), min(lasts)


_EARLIEST_RECORD = EARLIEST_INFUSION - dt.timedelta(days=BASELINE_DAYS)


def _date_rule(
    what: str, day: dt.date, dates: SubjectDates, today: dt.date, post_infusion: bool
) -> tuple[str, dict[str, object]] | None:
    """(message code, its parameters besides `what` and `day`) of the first date rule `day` breaks."""
    if day > today:
        return "date.future", {}
    if dates.birth is not None and day < dates.birth:
        return "date.before_birth", {}
    if dates.infusion is not None:
        if post_infusion and day < dates.infusion:
            return "date.before_infusion", {"infusion": dates.infusion}
        earliest = dates.infusion - dt.timedelta(days=BASELINE_DAYS)
        if day < earliest:
            return "date.before_baseline", {"days": BASELINE_DAYS, "infusion": dates.infusion}
    elif day < _EARLIEST_RECORD:
        return "date.implausible", {}
    if dates.death is not None and day > dates.death:
        return "date.after_death", {"death": dates.death}
    if dates.withdrawn is not None and day > dates.withdrawn and what != "death":
        return "date.after_withdrawal", {"withdrawn": dates.withdrawn}
    return None


def dlt_problem(onset: dt.date, dates: SubjectDates) -> str | None:
    """A DLT outside the protocol's DLT window (Day 0 to `dates.dlt_window_days`)."""
    infusion, window = dates.infusion, dates.dlt_window_days
    if infusion is None:
        return None
    study_day = (onset - infusion).days
    if not 0 <= study_day <= window:
        return Message("ae.dlt_window", window=window, infusion=infusion, onset=onset, day=study_day)
    return None


def missed_problem(code: str, window_start: dt.date | None, day: dt.date) -> str | None:
    """A visit can be closed as missed once its window has opened (due or overdue, DOMAIN.md 3.6)."""
    if window_start is not None and day < window_start:
        return Message("visit.window_not_open", code=code, day=day, opens=window_start)
    return None


def ending_conflict(session: Session, subject_id: int, kind: str, day: dt.date, scope: str | None) -> str | None:
    """An event that ends follow-up (a death, a withdrawal of all consent, lost to
    follow-up) dated before a stored record that shows the subject seen or alive later:
    the contradiction, naming that record; or None."""
    if ending_what(kind, scope) is None:
        return None
    return ending_conflict_with(latest_records(session, [subject_id])[subject_id], kind, day, scope)


def ending_what(kind: str, scope: str | None) -> str | None:
    """The words for an event that ends follow-up; None for any other event."""
    if kind == "death":
        return Message("ending.death")
    if kind == "withdrawal" and scope == "all":
        return Message("ending.withdrawal")
    if kind == "lost_to_follow_up":
        return Message("ending.lost")
    return None


def ending_conflict_with(latest: list[tuple[dt.date, str]], kind: str, day: dt.date, scope: str | None) -> str | None:
    """`ending_conflict` against a subject's `latest_records`, read beforehand (an
    import reads them for all its subjects at once)."""
    what = ending_what(kind, scope)
    if what is None:
        return None
    later = later_record(latest, day)
    return Message("ending.before", what=what, day=day, later=later) if later else None


def later_record(latest: list[tuple[dt.date, str]], day: dt.date) -> str | None:
    """Of a subject's `latest_records`, the latest after `day`, in words; or None."""
    found = [item for item in latest if item[0] > day]
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1]


def latest_records(session: Session, subject_ids: list[int]) -> dict[int, list[tuple[dt.date, str]]]:
    """For each subject, the latest stored record of each kind that shows them alive
    and in touch (a visit done, a result, an event other than death, an adverse event,
    a contact that reached them): (date, the record in words). One query per kind for
    all the subjects."""
    found: dict[int, list[tuple[dt.date, str]]] = {sid: [] for sid in subject_ids}
    V, R, E, A, C = m.Visit, m.Result, m.ClinicalEvent, m.AdverseEvent, m.ContactAttempt

    def visit(day: dt.date, code: str | None) -> str:
        return Message("later.visit", code=code, day=day) if code else Message("later.unscheduled", day=day)

    kinds = (
        (V, V.actual_date, V.code, (V.state == "completed",), visit),
        (R, R.result_date, R.analyte, (), lambda day, analyte: Message("later.result", analyte=analyte, day=day)),
        (
            E,
            E.event_date,
            E.kind,
            (E.kind != "death",),
            lambda day, kind: Message("later.event", kind=kind.replace("_", " "), day=day),
        ),
        (A, A.onset_date, A.term, (), lambda day, term: Message("later.adverse_event", term=term, day=day)),
        (
            C,
            C.attempt_date,
            C.outcome,
            (C.outcome == "reached",),
            lambda day, _: Message("later.contact", day=day),
        ),
    )
    for chunk in chunked(subject_ids):
        for table, day, what, conditions, words in kinds:
            ranked = (
                select(
                    table.subject_id.label("subject_id"),
                    day.label("day"),
                    what.label("what"),
                    func.row_number()
                    .over(partition_by=table.subject_id, order_by=(day.desc(), table.id.desc()))
                    .label("rank"),
                )
                .where(table.subject_id.in_(chunk), table.voided_at.is_(None), day.is_not(None), *conditions)
                .subquery()
            )
            for sid, when, text in session.execute(
                select(ranked.c.subject_id, ranked.c.day, ranked.c.what).where(ranked.c.rank == 1)
            ):
                # Each subject's list follows the order of `kinds`: on the same date
                # `later_record` names the first.
                found[sid].append((when, words(when, text)))
    return found
