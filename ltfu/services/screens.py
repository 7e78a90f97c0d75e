"""The safety screen of every follow-up contact from Day 28 (DOMAIN.md section 7).

    NewScreen                                          the answers of one contact (codes)
    visits.record_visit_done(..., screen=NewScreen(...))  stores it with the visit, one transaction
    record_screen(db, study_id, code, screen)           a screen for a visit already done
    correct_screen(db, screen_id, answers, reason)      an audited correction
    void_screen(db, screen_id, reason)                  entered against the wrong visit
    subject_screens(db, study_id) -> (ScreenRow, ...)   the chart
    screen_tally(db, as_of) -> ScreenTally              per follow-up year (schedule.screens)
    missing_screens(db, as_of) -> (MissingScreen, ...)  owed, window closed, no answers
    unreturned_questionnaires(session, ids, as_of)      failed contacts by letter (events)

A screen belongs to one visit; a visit has at most one current screen. Every write is
audited. What the screen counts as (done, due, missing) is `ltfu.schedule.screens`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import cast

from sqlalchemy import ColumnElement, Date, String, Table, and_, case, extract, func, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked, insert_new, rows_in_one_step
from ltfu.db.days import Days
from ltfu.errors import Message, NotFoundError, ValidationError, refusal
from ltfu.schedule.screens import MissingScreen, ScreenedVisit, ScreenTally, tally_screens
from ltfu.services import access, audit, transfers
from ltfu.services.database import Database
from ltfu.services.subjects import find_subject, subject_pk
from ltfu.vocabulary import SCREEN_ANSWERS, SCREEN_EXTRAS, SCREEN_FROM_DAY, SCREEN_QUESTIONS, SCREEN_SOURCE_OF_MODE

__all__ = ["MissingScreen", "ScreenTally"]  # re-exported for the callers of this module

SCREEN_TABLE = cast(Table, m.SafetyScreen.__table__)
SQLDate = ColumnElement[dt.date] | InstrumentedAttribute[dt.date]


@dataclass(frozen=True)
class NewScreen:
    """The answers of one safety screen: every question of `SCREEN_QUESTIONS` answered
    with a code of `SCREEN_ANSWERS`; `extras` the questionnaire's `SCREEN_EXTRAS`."""

    answers: Mapping[str, str]
    extras: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def yes_to(self) -> tuple[str, ...]:
        """The questions answered yes, in the screen's order."""
        return tuple(q for q in SCREEN_QUESTIONS if self.answers.get(q) == "yes")


def screen_problems(screen: NewScreen) -> list[str]:
    """What is wrong with the answers, in words naming the question (empty: fine)."""
    problems: list[str] = []
    for question in SCREEN_QUESTIONS:
        answer = screen.answers.get(question)
        if answer is None or answer == "":
            problems.append(Message("screen.no_answer", question=question))
        elif answer not in SCREEN_ANSWERS:
            problems.append(Message("screen.bad_answer", question=question, value=answer, allowed=SCREEN_ANSWERS))
    problems += [Message("screen.not_question", name=name) for name in screen.answers if name not in SCREEN_QUESTIONS]
    for name, answer in screen.extras.items():
        if name not in SCREEN_EXTRAS:
            problems.append(Message("screen.not_extra", name=name))
        elif answer not in SCREEN_ANSWERS:
            problems.append(Message("screen.bad_answer", question=name, value=answer, allowed=SCREEN_ANSWERS))
    return problems


def check_screen(screen: NewScreen) -> None:
    problems = screen_problems(screen)
    if problems:
        raise ValidationError(refusal("screen", problems))


def _current_screen(session: Session, visit_id: int) -> m.SafetyScreen | None:
    return session.scalar(
        select(m.SafetyScreen).where(m.SafetyScreen.visit_id == visit_id, m.SafetyScreen.voided_at.is_(None)).limit(1)
    )


@dataclass(frozen=True)
class Screening:
    """A safety screen to store with the visit it belongs to (`add_screens`): the visit,
    recorded as done (its subject, day and mode), and how a message names it."""

    visit_id: int
    subject_id: int
    contact_date: dt.date
    mode: str
    label: Message
    screen: NewScreen

    @classmethod
    def of(cls, visit: m.Visit, screen: NewScreen, study_id: str = "") -> Screening:
        label = Message("screen.visit", study_id=study_id, visit=visit.code or visit.actual_date)
        if visit.state != "completed" or visit.actual_date is None:
            raise ValidationError(refusal("screen", [Message("screen.visit_not_done", visit=label)]))
        return cls(visit.id, visit.subject_id, visit.actual_date, visit.actual_mode or "", label, screen)


def add_screen(
    session: Session,
    visit: m.Visit,
    screen: NewScreen,
    user_id: int | None,
    source_file: str | None = None,
    study_id: str = "",
) -> int:
    """Store `screen` as the safety screen of `visit` (completed), inside the caller's
    unit of work (`add_screens`); its id."""
    return add_screens(session, [Screening.of(visit, screen, study_id)], user_id, source_file)[0]


def add_screens(
    session: Session, wanted: Sequence[Screening], user_id: int | None, source_file: str | None = None
) -> list[int]:
    """Store safety screens, each with its visit, audited, inside the caller's unit of
    work; their ids, in order. The one writer of screens (window, command line, import),
    in bulk: a few statements whatever the number."""
    if not wanted:
        return []
    having: set[int] = set()
    for chunk in chunked(sorted({w.visit_id for w in wanted})):
        having.update(
            session.scalars(
                select(m.SafetyScreen.visit_id).where(
                    m.SafetyScreen.visit_id.in_(chunk), m.SafetyScreen.voided_at.is_(None)
                )
            )
        )
    rows: list[dict[str, object]] = []
    for w in wanted:
        check_screen(w.screen)
        source = SCREEN_SOURCE_OF_MODE.get(w.mode)
        if source is None:
            raise ValidationError(refusal("screen", [Message("screen.from_records", visit=w.label)]))
        if w.visit_id in having:
            raise ValidationError(refusal("screen", [Message("screen.has_one", visit=w.label)]))
        having.add(w.visit_id)
        rows.append(
            {
                "subject_id": w.subject_id,
                "visit_id": w.visit_id,
                "contact_date": w.contact_date,
                "source": source,
                **{q: w.screen.answers[q] for q in SCREEN_QUESTIONS},
                **{q: w.screen.extras.get(q) for q in SCREEN_EXTRAS},
                "source_file": source_file,
            }
        )
    session.flush()
    keys = set(rows[0])
    ids = insert_new(session.connection(), SCREEN_TABLE, rows)
    audit.append(
        session,
        user_id,
        [
            audit.created_row("safety_screen", screen_id, row, keys, w.subject_id)
            for screen_id, row, w in zip(ids, rows, wanted, strict=True)
        ],
    )
    return ids


def record_screen(db: Database, study_id: str, code: str, screen: NewScreen) -> int:
    """The safety screen of visit `code`, already recorded as done (entered afterwards)."""
    from ltfu.services.visits import latest_plan_row  # visits records a visit with its screen: imports this module

    check_screen(screen)
    with db.session() as session:
        subject_id, stored_id = find_subject(session, study_id)
        user_id = db.user_id(session, "record")
        return add_screen(session, latest_plan_row(session, subject_id, code), screen, user_id, None, stored_id)


def _stored(session: Session, screen_id: int) -> m.SafetyScreen:
    row = session.get(m.SafetyScreen, screen_id)
    if row is None or row.voided_at is not None:
        raise NotFoundError(Message("missing.screen", screen=screen_id))
    return row


def correct_screen(db: Database, screen_id: int, answers: Mapping[str, str], reason: str) -> None:
    """Change some answers of a stored screen; each changed answer is audited with the reason."""
    if not reason.strip():
        raise ValidationError(Message("screen.correct_reason"))
    with db.session() as session:
        row = _stored(session, screen_id)
        merged = {q: getattr(row, q) for q in SCREEN_QUESTIONS}
        extras = {q: getattr(row, q) for q in SCREEN_EXTRAS if getattr(row, q) is not None}
        for name, answer in answers.items():
            (extras if name in SCREEN_EXTRAS else merged)[name] = answer
        check_screen(NewScreen(merged, extras))
        user_id = db.user_id(session, "edit")
        values = {name: answer for name, answer in answers.items() if getattr(row, name) != answer}
        if not values:
            raise ValidationError(Message("screen.unchanged", screen=screen_id))
        audit.update_record(session, user_id, "safety_screen", row, values, reason)


def void_screen(db: Database, screen_id: int, reason: str) -> None:
    """Void a screen entered against the wrong visit; it is kept, with who and why."""
    if not reason.strip():
        raise ValidationError(Message("screen.void_reason"))
    with db.session() as session:
        row = _stored(session, screen_id)
        audit.void_record(session, db.user_id(session, "edit"), row, reason)


def void_visit_screen(session: Session, visit_id: int, user_id: int, reason: str) -> None:
    """A visit's done is undone: its screen goes with it (voided, kept), inside the caller's unit of work."""
    row = _current_screen(session, visit_id)
    if row is not None:
        audit.void_record(session, user_id, row, reason)


@dataclass(frozen=True)
class ScreenRow:
    """A visit's current safety screen, as the chart shows it."""

    screen_id: int
    visit_id: int
    visit_code: str | None
    contact_date: dt.date
    source: str
    answers: Mapping[str, str]
    extras: Mapping[str, str]

    @property
    def all_no(self) -> bool:
        return all(self.answers[q] == "no" for q in SCREEN_QUESTIONS)

    def to_dict(self) -> dict[str, object]:
        return {
            "visit": self.visit_code,
            "contact_date": self.contact_date.isoformat(),
            "source": self.source,
            **dict(self.answers),
            **dict(self.extras),
        }


def _screen_row(row: m.SafetyScreen, code: str | None) -> ScreenRow:
    return ScreenRow(
        row.id,
        row.visit_id,
        code,
        row.contact_date,
        row.source,
        MappingProxyType({q: getattr(row, q) for q in SCREEN_QUESTIONS}),
        MappingProxyType({q: getattr(row, q) for q in SCREEN_EXTRAS if getattr(row, q) is not None}),
    )


def subject_screens(db: Database, study_id: str) -> tuple[ScreenRow, ...]:
    """A subject's current safety screens, by contact date."""
    with db.session(read_only=True) as session:
        subject_id = subject_pk(session, study_id)
        rows = (
            _screen_row(row, code)
            for row, code in session.execute(
                select(m.SafetyScreen, m.Visit.code)
                .join(m.Visit, m.Visit.id == m.SafetyScreen.visit_id)
                .where(m.SafetyScreen.subject_id == subject_id, m.SafetyScreen.voided_at.is_(None))
                .order_by(m.SafetyScreen.contact_date, m.SafetyScreen.id)
            )
        )
        return transfers.up_to_move(session, subject_id, rows, lambda screen: screen.contact_date)


def screened_visits(
    session: Session,
    as_of: dt.date | None = None,
    *,
    within: ColumnElement[bool] | None = None,
    done: bool = True,
) -> list[ScreenedVisit]:
    """Every current visit of current subjects (`within`: a condition on `Subject`
    besides) with its current screen's answers, in no particular order (read in one
    step: `rows_in_one_step`).

    With `as_of`, only the visits a tally on that day counts (`screen_status` not None
    can only hold for them): the planned visits whose window opens later and that have
    no screen by then, most of a 15-year plan, are left out in the query; `done` False
    leaves out the visits whose screen was done by then too (`done_screens` counts them).
    """
    screens = (
        select(
            m.SafetyScreen.visit_id,
            m.SafetyScreen.contact_date,
            *(getattr(m.SafetyScreen, q) for q in SCREEN_QUESTIONS),
        )
        .where(m.SafetyScreen.voided_at.is_(None))
        .subquery()
    )
    v = m.Visit
    # Dates selected raw and made dates through `Days` (each distinct day parsed once):
    # the query returns a row per visit, hundreds of thousands in a large cohort.
    query = (
        select(
            m.Subject.study_id,
            v.code,
            *(type_coerce(c, String) for c in (m.Infusion.infusion_date, v.nominal_date, v.window_start, v.window_end)),
            v.state,
            type_coerce(v.actual_date, String),
            v.actual_mode,
            type_coerce(screens.c.contact_date, String),
            # The answers as one text: a few dozen distinct ones among 100,000 screens.
            _joined(*(screens.c[q] for q in SCREEN_QUESTIONS)),
        )
        .join(m.Subject, m.Subject.id == v.subject_id)
        .join(m.Infusion, m.Infusion.id == v.infusion_id)
        .outerjoin(screens, screens.c.visit_id == v.id)
        # Read on the connection (plain rows), so the grants' filter is applied here.
        .where(*_current_visits(session, within))
    )
    if as_of is not None:
        # `owes_screen` from Day 28 on: the first weeks' visits count only with a screen.
        infused = m.Infusion.infusion_date
        first_owed: ColumnElement[dt.date] = (
            func.date(infused, f"+{SCREEN_FROM_DAY} days", type_=Date)  # ISO text, as SQLite stores dates
            if session.get_bind().dialect.name == "sqlite"
            else infused + SCREEN_FROM_DAY
        )
        # The state as a text made in the query (`|| ''`): no index on it is a way in.
        # Reached through the state index, a cohort's 160,000 completed visits are each
        # looked up in the table (a second at 10,000 subjects); subject by subject
        # through their plans, a fifth of that.
        state = v.state + ""
        owed_by_then = state.in_(("missed", "completed")) | (
            (state == "planned") & ((v.window_start <= as_of) | (v.window_end < as_of))
        )
        # The date arithmetic last: only for the visits the rest lets through.
        owed = v.code.is_not(None) & owed_by_then & (v.nominal_date >= first_owed)
        if done:
            query = query.where((screens.c.contact_date <= as_of) | owed)
        else:
            query = query.where(owed, screens.c.contact_date.is_(None) | (screens.c.contact_date > as_of))
    days = Days()
    answers = _Answers()
    new = tuple.__new__  # a named tuple made as its plain tuple: the same value, no Python call per visit
    return [
        new(
            ScreenedVisit,
            (
                study_id,
                code,
                days[infused],
                days[nominal],
                None if start is None else days[start],
                None if end is None else days[end],
                state,
                None if actual is None else days[actual],
                mode,
                None if screened is None else answers[given],
                None if screened is None else days[screened],
            ),
        )
        for study_id, code, infused, nominal, start, end, state, actual, mode, screened, given in rows_in_one_step(
            session.connection(), query
        )
    ]


def _current_visits(session: Session, within: ColumnElement[bool] | None) -> tuple[ColumnElement[bool], ...]:
    """Current visits of current subjects the user may see (`within` besides), joined to their subject."""
    v = m.Visit
    mine = (v.voided_at.is_(None), m.Subject.voided_at.is_(None), access.subject_clause(session, v.subject_id))
    return mine if within is None else (*mine, within)


def done_screens(
    session: Session, as_of: dt.date, within: ColumnElement[bool] | None = None
) -> dict[int, tuple[int, int]]:
    """Follow-up year -> (screens done by `as_of`, of them answered "no" to every
    question), of the visits `screened_visits(session, as_of, within=within)` reads:
    counted by the database (most of a cohort's screens are done ones, ~90,000 at
    10,000 subjects), the year by `follow_up_year`'s rule written in SQL."""
    v, screen = m.Visit, m.SafetyScreen
    all_no = case((and_(*(getattr(screen, q) == "no" for q in SCREEN_QUESTIONS)), 1), else_=0)
    done = (
        select(follow_up_year_in_sql(m.Infusion.infusion_date, screen.contact_date).label("year"), all_no.label("all_no"))
        .select_from(v)
        .join(m.Subject, m.Subject.id == v.subject_id)
        .join(m.Infusion, m.Infusion.id == v.infusion_id)
        .join(screen, (screen.visit_id == v.id) & screen.voided_at.is_(None))
        .where(*_current_visits(session, within), screen.contact_date <= as_of)
        .subquery()
    )
    counted: dict[int, tuple[int, int]] = {}
    for year, n, no in session.execute(
        select(done.c.year, func.count(), func.sum(done.c.all_no)).group_by(done.c.year)
    ):
        counted[int(year)] = (n, int(no))
    return counted


def follow_up_year_in_sql(infused: SQLDate, day: SQLDate) -> ColumnElement[int]:
    """`ltfu.schedule.screens.follow_up_year(infused, day)` in SQL (SQLite and PostgreSQL;
    tested to agree with it): the calendar years between, one more when `day`'s month and
    day come after the infusion's, at least 1."""

    def month_day(d: SQLDate) -> ColumnElement[int]:
        return extract("month", d) * 100 + extract("day", d)

    years = extract("year", day) - extract("year", infused) + case((month_day(infused) < month_day(day), 1), else_=0)
    return case((years < 1, 1), else_=years)


def tally_on(session: Session, as_of: dt.date, within: ColumnElement[bool] | None = None) -> ScreenTally:
    """`tally_screens` on `as_of` of the visits `within` (a condition on `Subject`; None:
    every subject's): the screens done by then counted by the database, the other visits
    read and counted by the rules."""
    return tally_screens(
        screened_visits(session, as_of, within=within, done=False), as_of, done_screens(session, as_of, within)
    )


_SEPARATOR = ","  # in no answer (`SCREEN_ANSWERS`)


def _joined(*columns: ColumnElement[str]) -> ColumnElement[str]:
    """The columns' texts joined by `_SEPARATOR` in SQL (NULL when they are)."""
    joined = columns[0]
    for column in columns[1:]:
        joined = joined + _SEPARATOR + column
    return joined


class _Answers(dict[str, tuple[str, ...]]):
    """A screen's answers as `_joined` wrote them -> the tuple of them, each distinct text split once."""

    def __missing__(self, text: str) -> tuple[str, ...]:
        value = self[text] = tuple(text.split(_SEPARATOR))
        return value


QUESTIONNAIRE_MODES = ("phone", "questionnaire")
"""Planned modes of the visits whose letter carries the health questionnaire."""


def unreturned_questionnaires(
    session: Session, subject_ids: Iterable[int] | None, as_of: dt.date
) -> dict[int, list[dt.date]]:
    """Subject id -> the window ends of its questionnaire visits not returned on `as_of`
    (`subject_ids` None: every subject).

    A questionnaire went out when the visit's letter was printed for the subject (the
    letter of a phone or questionnaire visit carries it); when the window has closed
    before `as_of` and the visit is not done, it was not returned: a failed contact by
    letter on the window's last day.
    """
    found: dict[int, list[dt.date]] = {}
    v, letter = m.Visit, m.Letter
    sent = (
        select(letter.id)
        .where(
            letter.subject_id == v.subject_id,
            letter.recipient == "subject",
            letter.visit_codes == v.code,
            letter.printed_on <= v.window_end,
        )
        .exists()
    )
    chunks = [None] if subject_ids is None else chunked(list(subject_ids))
    for chunk in chunks:
        rows = session.execute(
            select(v.subject_id, v.window_end)
            .where(
                v.subject_id.in_(chunk) if chunk is not None else v.subject_id.is_not(None),
                v.voided_at.is_(None),
                v.code.is_not(None),
                v.mode.in_(QUESTIONNAIRE_MODES),
                v.state.in_(("planned", "missed")),
                v.window_end < as_of,
                sent,
            )
            .order_by(v.subject_id, v.window_end)
        )
        for subject_id, end in rows:
            found.setdefault(subject_id, []).append(end)  # type: ignore[arg-type]  # the query: a window
    return found


def screen_tally(db: Database, as_of: dt.date) -> ScreenTally:
    """Per follow-up year: safety screens expected, done, answered all-no, missing, due on `as_of`."""
    with db.session(read_only=True) as session:
        return tally_on(session, as_of)


def missing_screens(db: Database, as_of: dt.date) -> tuple[MissingScreen, ...]:
    """Expected safety screens not done by the end of their visit's window, on `as_of`
    (study id, visit code, window end), the oldest first."""
    return screen_tally(db, as_of).missing
