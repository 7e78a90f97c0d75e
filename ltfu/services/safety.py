"""Safety cases and reporting clocks (DOMAIN.md 7): what happens after a malignancy, an
RCL positive or a serious adverse event.

- A new malignancy (special interest `new_malignancy` or `t_cell_malignancy`) opens a
  malignancy case, an RCL positive result (the subject's first) an RCL positive case,
  in the transaction that records it. Each case has dated, owned steps; a step is
  open (with a due date or none), done (date, by whom, note) or not applicable (with
  its reason); the case closes only when no step is open.
- A serious adverse event, a malignancy or an RCL positive starts reporting clocks
  from the awareness date A (the day the site first knew; never the onset): to the
  sponsor A + 1 (unless the site is the sponsor), to the regulator for a SUSAR
  (serious, related and unexpected: fatal or life-threatening, grade 4-5, A + 7, other
  A + 15; only when the site is the sponsor, otherwise the sponsor reports), to the
  ethics committee A + the protocol's `ethics_days` (malignancy, RCL positive, SUSAR).
  A clock stops when the sent date, recipient and reference are recorded; a case's
  reporting step (sponsor, ethics, regulator) is done by the same act.

Services pass codes (`ltfu.vocabulary`); words are chosen where they are shown.
Every change is an audit entry; each user action is one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked
from ltfu.errors import MESSAGES, Message, NotFoundError, ValidationError, refusal
from ltfu.schedule.protocol import SafetySettings
from ltfu.services import audit
from ltfu.services.course import protocol_for
from ltfu.services.database import Database
from ltfu.services.samples import SampleRow, to_retrieve
from ltfu.vocabulary import MALIGNANCY_INTERESTS, ROLES, STEP_OUTCOMES, STEP_STATES

# A clock is "due" (shown on the worklist) this many days before its due date.
DUE_SOON_DAYS = 3
SPONSOR_DAYS = 1
SUSAR_FATAL_DAYS = 7
SUSAR_OTHER_DAYS = 15
# CTCAE and ASTCT: grade 4 is life-threatening, grade 5 fatal.
LIFE_THREATENING_GRADE = 4
# The step a report to each recipient completes.
REPORT_STEP = {"sponsor": "sponsor", "ethics_committee": "ethics", "regulator": "regulator"}
# Steps that record what the test found (positive / negative).
TEST_STEPS = ("transgene_test", "rcl_confirm")
SITE_IS_SPONSOR = MESSAGES["note.site_is_sponsor"]
SPONSOR_REPORTS = MESSAGES["note.sponsor_reports"]


# -- what callers get back ---------------------------------------------------------------


class _Plain:
    """`to_dict`: the fields, for the command line's JSON."""

    def to_dict(self) -> dict[str, object]:
        return asdict(self)  # type: ignore[call-overload]  # every subclass is a dataclass


@dataclass(frozen=True)
class StepView(_Plain):
    id: int
    code: str
    state: str  # open, done, not_applicable
    due_date: dt.date | None
    owner: str  # a role or a username
    done_on: dt.date | None
    done_by: str | None  # username
    outcome: str | None  # positive, negative (test steps)
    note: str | None  # done: the note; not applicable: the reason
    overdue: bool  # open and past its due date on the day asked about
    report_id: int | None  # the clock whose report completes this step


@dataclass(frozen=True)
class ClockView(_Plain):
    id: int
    study_id: str
    site: str
    case_id: int | None
    adverse_event_id: int | None
    recipient: str  # sponsor, regulator, ethics_committee
    awareness_date: dt.date
    due_date: dt.date
    sent_on: dt.date | None
    sent_to: str | None
    reference: str | None
    state: str  # open, due, overdue, sent_on_time, sent_late (`vocabulary.CLOCK_STATES`)
    days_left: int  # due date minus the day asked about (negative: overdue)


@dataclass(frozen=True)
class CaseDetail:
    id: int
    study_id: str
    site: str
    kind: str  # malignancy, rcl_positive
    t_cell: bool
    term: str | None  # the adverse event's term (malignancy)
    adverse_event_id: int | None
    result_id: int | None
    awareness_date: dt.date
    state: str  # open, closed
    closed_on: dt.date | None
    steps: tuple[StepView, ...]
    clocks: tuple[ClockView, ...]
    samples: tuple[SampleRow, ...] = ()
    """The subject's stored samples to retrieve (most recent draw first, with their place)."""

    @property
    def open_steps(self) -> tuple[StepView, ...]:
        return tuple(s for s in self.steps if s.state == "open")

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["steps"] = [s.to_dict() for s in self.steps]
        d["clocks"] = [c.to_dict() for c in self.clocks]
        d["samples"] = [s.to_dict() for s in self.samples]
        return d


@dataclass(frozen=True)
class StepChange:
    """What `set_step` changes: a new state (done: `on`, optional `note`, `outcome` for a
    test step; not_applicable: `note` is the reason; open again: `note` is the reason),
    and/or a new owner or due date."""

    state: str | None = None
    on: dt.date | None = None
    note: str | None = None
    outcome: str | None = None
    owner: str | None = None
    due_date: dt.date | None = None


# -- opening cases and clocks (inside the recording transaction) ---------------------------


@dataclass(frozen=True)
class _Plan:
    code: str
    due_days: int | None
    owner: str
    not_applicable: str | None = None


def _steps(kind: str, settings: SafetySettings, regulator_days: int | None) -> list[_Plan]:
    sponsor = _Plan("sponsor", SPONSOR_DAYS, "coordinator", SITE_IS_SPONSOR if settings.site_is_sponsor else None)
    ethics = _Plan("ethics", settings.ethics_days, "coordinator")
    regulator = _Plan("regulator", regulator_days, "pi", None if settings.site_is_sponsor else SPONSOR_REPORTS)
    if kind == "malignancy":
        return [
            sponsor,
            _Plan("tissue_blood", 14, "nurse"),
            _Plan("transgene_test", None, "pi"),
            _Plan("integration_site", None, "pi"),
            _Plan("archived_rcl", None, "coordinator"),
            ethics,
            regulator,
        ]
    return [
        _Plan("rcl_confirm", None, "pi"),
        sponsor,
        _Plan("later_samples_tested", None, "coordinator"),
        ethics,
        regulator,
    ]


def _clock_days(settings: SafetySettings, *, reportable: bool, case: bool, susar: bool, grade: int) -> dict[str, int]:
    """Recipient -> days from awareness, for an event with these properties."""
    days: dict[str, int] = {}
    if reportable and not settings.site_is_sponsor:
        days["sponsor"] = SPONSOR_DAYS
    if susar and settings.site_is_sponsor:
        days["regulator"] = SUSAR_FATAL_DAYS if grade >= LIFE_THREATENING_GRADE else SUSAR_OTHER_DAYS
    if case or susar:
        days["ethics_committee"] = settings.ethics_days
    return days


def _settings(session: Session, subject_id: int, on: dt.date) -> SafetySettings:
    """The `[safety]` settings of the subject's protocol as amended and in effect on `on`."""
    enrolled = session.scalars(select(m.Subject.protocol_version_id).where(m.Subject.id == subject_id)).one()
    v = m.ProtocolVersion
    same_protocol = select(v.protocol_id).where(v.id == enrolled).scalar_subquery()
    latest = session.scalar(
        select(v.id)
        .where(v.protocol_id == same_protocol, v.effective_date <= on)
        .order_by(v.effective_date.desc(), v.id.desc())
        .limit(1)
    )
    return protocol_for(session, latest or enrolled).safety


def adverse_event_recorded(session: Session, user_id: int, ae: m.AdverseEvent, reason: str | None = None) -> int | None:
    """After an adverse event row is added (flushed): open its case (a malignancy) and
    start its clocks; the case's id, if one was opened."""
    if ae.awareness_date is None:
        return None
    settings = _settings(session, ae.subject_id, ae.awareness_date)
    malignant = ae.special_interest in MALIGNANCY_INTERESTS
    susar = bool(ae.serious and ae.related and ae.unexpected)
    days = _clock_days(settings, reportable=bool(ae.serious) or malignant, case=malignant, susar=susar, grade=ae.grade)
    case_id = None
    entries: list[audit.Entry] = []
    if malignant:
        case_id = _open_case(
            session,
            entries,
            ae.subject_id,
            "malignancy",
            ae.awareness_date,
            settings,
            days.get("regulator"),
            t_cell=ae.special_interest == "t_cell_malignancy",
            adverse_event_id=ae.id,
        )
    for recipient, n in days.items():
        _start_clock(session, entries, ae.subject_id, recipient, ae.awareness_date, n, case_id, ae.id)
    audit.append(session, user_id, entries)
    return case_id


def adverse_events_recorded(session: Session, user_id: int, ids: Sequence[int], reason: str | None = None) -> None:
    """`adverse_event_recorded` for adverse events written in bulk (`ids`): only the
    serious ones and the malignancies, which open cases or start clocks, are read back."""
    ae = m.AdverseEvent
    for chunk in chunked(ids):
        for row in session.scalars(
            select(ae)
            .where(ae.id.in_(chunk), or_(ae.serious.is_(True), ae.special_interest.in_(MALIGNANCY_INTERESTS)))
            .order_by(ae.id)
        ):
            adverse_event_recorded(session, user_id, row, reason)


def rcl_positives_recorded(
    session: Session, user_id: int, rows: Iterable[dict[str, object]], today: dt.date
) -> tuple[int, ...]:
    """After result rows are added: an RCL positive case (and its clocks) for each subject
    whose first positive RCL this is; the ids of the cases opened. Known today."""
    first: dict[int, dict[str, object]] = {}
    for row in rows:
        if row["analyte"] == "rcl" and row["category"] == "positive":
            subject_id = int(row["subject_id"])  # type: ignore[call-overload]  # an id
            first.setdefault(subject_id, row)
    if not first:
        return ()
    having = set(
        session.scalars(
            select(m.SafetyCase.subject_id).where(
                m.SafetyCase.kind == "rcl_positive", m.SafetyCase.subject_id.in_(first)
            )
        )
    )
    opened = []
    entries: list[audit.Entry] = []
    for subject_id, row in sorted(first.items()):
        if subject_id in having:
            continue
        settings = _settings(session, subject_id, today)
        case_id = _open_case(
            session,
            entries,
            subject_id,
            "rcl_positive",
            today,
            settings,
            None,
            result_id=int(row["id"]),  # type: ignore[call-overload]
        )
        days = _clock_days(settings, reportable=True, case=True, susar=False, grade=0)
        for recipient, n in days.items():
            _start_clock(session, entries, subject_id, recipient, today, n, case_id, None)
        opened.append(case_id)
    audit.append(session, user_id, entries)
    return tuple(opened)


def _open_case(
    session: Session,
    entries: list[audit.Entry],
    subject_id: int,
    kind: str,
    aware: dt.date,
    settings: SafetySettings,
    regulator_days: int | None,
    *,
    t_cell: bool = False,
    adverse_event_id: int | None = None,
    result_id: int | None = None,
) -> int:
    case = m.SafetyCase(
        subject_id=subject_id,
        kind=kind,
        t_cell=t_cell,
        adverse_event_id=adverse_event_id,
        result_id=result_id,
        awareness_date=aware,
        state="open",
    )
    _added(session, entries, "safety_case", case, subject_id)
    for sequence, plan in enumerate(_steps(kind, settings, regulator_days), start=1):
        step = m.CaseStep(
            case_id=case.id,
            code=plan.code,
            sequence=sequence,
            owner=plan.owner,
            state="not_applicable" if plan.not_applicable else "open",
            due_date=None if plan.due_days is None or plan.not_applicable else aware + timedelta(days=plan.due_days),
            done_on=aware if plan.not_applicable else None,
            note=plan.not_applicable,
        )
        _added(session, entries, "case_step", step, subject_id)
    return case.id


def _start_clock(
    session: Session,
    entries: list[audit.Entry],
    subject_id: int,
    recipient: str,
    aware: dt.date,
    days: int,
    case_id: int | None,
    adverse_event_id: int | None,
) -> m.SafetyReport:
    clock = m.SafetyReport(
        subject_id=subject_id,
        case_id=case_id,
        adverse_event_id=adverse_event_id,
        recipient=recipient,
        awareness_date=aware,
        due_date=aware + timedelta(days=days),
    )
    _added(session, entries, "safety_report", clock, subject_id)
    return clock


def _added(
    session: Session,
    entries: list[audit.Entry],
    table: str,
    row: m.SafetyCase | m.CaseStep | m.SafetyReport,
    subject_id: int,
) -> None:
    """Store a new row and note its creation in the audit entries of the action."""
    session.add(row)
    session.flush()
    entries.append(audit.created(table, row.id, {}, subject_id))


# -- changing steps, cases and clocks (one user action each) --------------------------------


def _update(
    entries: list[audit.Entry], table: str, row: object, subject_id: int, values: dict[str, object], reason: str | None
) -> None:
    for name, value in values.items():
        old = getattr(row, name)
        if old != value:
            entries.append(audit.Entry("update", table, row.id, subject_id, name, old, value, reason))  # type: ignore[attr-defined]  # a mapped row
            setattr(row, name, value)


def _case_of(session: Session, case_id: int) -> m.SafetyCase:
    case = session.get(m.SafetyCase, case_id)
    if case is None:
        raise NotFoundError(Message("missing.case", case=case_id))
    return case


def _step_problem(
    session: Session, step: m.CaseStep, case: m.SafetyCase, change: StepChange, today: dt.date
) -> str | None:
    if case.state == "closed":
        return Message("safety.case_closed", case=case.id)
    if change.state is None:
        return None
    if change.state not in STEP_STATES:
        return Message("safety.bad_state", value=change.state, allowed=STEP_STATES)
    if change.state == step.state:
        return Message("safety.already", state=change.state.replace("_", " "))
    note = (change.note or "").strip()
    if change.state in ("not_applicable", "open") and not note:
        return Message("safety.give_reason" if change.state == "not_applicable" else "safety.give_reopen_reason")
    if change.outcome is not None and (change.state != "done" or step.code not in TEST_STEPS):
        return Message("safety.outcome_when", steps=TEST_STEPS)
    if change.outcome is not None and change.outcome not in STEP_OUTCOMES:
        return Message("safety.bad_outcome", value=change.outcome, allowed=STEP_OUTCOMES)
    if change.state == "done":
        if change.on is None:
            return Message("safety.give_date")
        if change.on > today:
            return Message("safety.future", day=change.on)
        if change.on < case.awareness_date:
            return Message("safety.before_aware", day=change.on, aware=case.awareness_date)
        if step.code in TEST_STEPS and change.outcome is None:
            return Message("safety.give_outcome")
        if step.code == "integration_site" and _state_of(session, case.id, "transgene_test") == "open":
            return Message("safety.waits_transgene")
    if change.state != "open":
        report = _open_report_of(session, case.id, step.code)
        if report is not None:
            return Message("safety.is_report", report=report.id)
    return None


def _state_of(session: Session, case_id: int, code: str) -> str | None:
    return session.scalar(select(m.CaseStep.state).where(m.CaseStep.case_id == case_id, m.CaseStep.code == code))


def _open_report_of(session: Session, case_id: int, code: str) -> m.SafetyReport | None:
    recipients = [r for r, c in REPORT_STEP.items() if c == code]
    if not recipients:
        return None
    return session.scalars(
        select(m.SafetyReport).where(
            m.SafetyReport.case_id == case_id,
            m.SafetyReport.recipient.in_(recipients),
            m.SafetyReport.sent_on.is_(None),
        )
    ).first()


def set_step(db: Database, case_id: int, code: str, change: StepChange, today: dt.date) -> CaseDetail:
    """Mark a case's step (`vocabulary.STEP_CODES`) done or not applicable (or open again),
    or give it another owner or due date; ValidationError says why not and changes
    nothing. The case as it is now."""
    with db.session() as session:
        user_id = db.user_id(session, "safety")
        case = _case_of(session, case_id)
        step = session.scalars(select(m.CaseStep).where(m.CaseStep.case_id == case_id, m.CaseStep.code == code)).first()
        if step is None:
            codes = session.scalars(
                select(m.CaseStep.code).where(m.CaseStep.case_id == case_id).order_by(m.CaseStep.sequence)
            ).all()
            raise NotFoundError(Message("missing.step", case=case_id, code=code, steps=tuple(codes)))
        problem = _step_problem(session, step, case, change, today)
        if change.owner is not None and change.owner not in ROLES and not _is_user(session, change.owner):
            problem = problem or f"owner {change.owner!r} is neither a role ({', '.join(ROLES)}) nor a user"
        if change.due_date is not None and change.due_date < case.awareness_date:
            problem = problem or Message("safety.due_before_aware", day=change.due_date, aware=case.awareness_date)
        if change.state is None and change.owner is None and change.due_date is None:
            problem = problem or Message("safety.nothing")
        if problem:
            raise ValidationError(Message("safety.step_refused", step=step.code, case=case.id, problem=problem))
        entries: list[audit.Entry] = []
        note = (change.note or "").strip() or None
        values: dict[str, object] = {}
        if change.owner is not None:
            values["owner"] = change.owner
        if change.due_date is not None:
            values["due_date"] = change.due_date
        if change.state == "open":
            values |= {"state": "open", "done_on": None, "done_by": None, "outcome": None, "note": note}
        elif change.state is not None:
            on = change.on or today
            values |= {"state": change.state, "done_on": on, "done_by": user_id, "outcome": change.outcome}
            values["note"] = note
        _update(entries, "case_step", step, case.subject_id, values, note)
        if change.state == "done" and change.outcome is not None:
            _follow_outcome(session, entries, case, step, change.on or today, user_id)
        audit.append(session, user_id, entries)
        return _detail(session, case.id, today)


def _follow_outcome(
    session: Session, entries: list[audit.Entry], case: m.SafetyCase, step: m.CaseStep, on: dt.date, user_id: int
) -> None:
    """What a test's outcome decides: a negative transgene test makes the integration-site
    analysis not applicable; a confirmed RCL starts the regulator's clock (site is the
    sponsor), an unconfirmed one makes the regulator step not applicable."""
    follow = {"transgene_test": "integration_site", "rcl_confirm": "regulator"}[step.code]
    nxt = session.scalars(select(m.CaseStep).where(m.CaseStep.case_id == case.id, m.CaseStep.code == follow)).one()
    if nxt.state != "open":
        return
    if step.outcome == "negative":
        why = MESSAGES["note.transgene_negative" if follow == "integration_site" else "note.rcl_unconfirmed"]
        _update(
            entries,
            "case_step",
            nxt,
            case.subject_id,
            {"state": "not_applicable", "done_on": on, "done_by": user_id, "note": why},
            why,
        )
    elif follow == "regulator":
        clock = _start_clock(session, entries, case.subject_id, "regulator", on, SUSAR_OTHER_DAYS, case.id, None)
        _update(entries, "case_step", nxt, case.subject_id, {"due_date": clock.due_date}, "RCL confirmed")


def _is_user(session: Session, username: str) -> bool:
    return session.scalar(select(m.User.id).where(m.User.username == username, m.User.active)) is not None


def close_case(db: Database, case_id: int, on: dt.date, today: dt.date) -> CaseDetail:
    """Close a case; refused (naming them) while any step is open."""
    with db.session() as session:
        user_id = db.user_id(session, "safety")
        case = _case_of(session, case_id)
        if case.state == "closed":
            raise ValidationError(Message("safety.close_closed", case=case_id, day=case.closed_on))
        open_steps = session.scalars(
            select(m.CaseStep.code)
            .where(m.CaseStep.case_id == case_id, m.CaseStep.state == "open")
            .order_by(m.CaseStep.sequence)
        ).all()
        if open_steps:
            raise ValidationError(
                Message("safety.close_open", case=case_id, count=len(open_steps), steps=tuple(open_steps))
            )
        if on > today or on < case.awareness_date:
            raise ValidationError(
                Message("safety.close_date", case=case_id, day=on, aware=case.awareness_date, today=today)
            )
        entries: list[audit.Entry] = []
        _update(
            entries,
            "safety_case",
            case,
            case.subject_id,
            {"state": "closed", "closed_on": on, "closed_by": user_id},
            None,
        )
        audit.append(session, user_id, entries)
        return _detail(session, case_id, today)


def record_report_sent(
    db: Database, report_id: int, sent_on: dt.date, sent_to: str, reference: str, today: dt.date
) -> ClockView:
    """Stop a clock: the report was sent on `sent_on` to `sent_to` with `reference`. A case's
    reporting step is done with it. Late stays late."""
    sent_to, reference = sent_to.strip(), reference.strip()
    with db.session() as session:
        user_id = db.user_id(session, "safety")
        clock = session.get(m.SafetyReport, report_id)
        if clock is None:
            raise NotFoundError(Message("missing.report", report=report_id))
        problems: list[str] = []
        if clock.sent_on is not None:
            problems.append(Message("report.already_sent", day=clock.sent_on, reference=clock.reference))
        if not sent_to:
            problems.append(Message("report.no_recipient"))
        if not reference:
            problems.append(Message("report.no_reference"))
        if sent_on > today:
            problems.append(Message("report.sent_future", day=sent_on))
        if sent_on < clock.awareness_date:
            problems.append(Message("report.sent_before_aware", day=sent_on, aware=clock.awareness_date))
        for text, limit in (
            (sent_to, m.SafetyReport.sent_to.type.length),
            (reference, m.SafetyReport.reference.type.length),
        ):
            if limit is not None and len(text) > limit:
                problems.append(Message("report.too_long", start=text[:20], limit=limit))
        if problems:
            raise ValidationError(refusal("report_sent", problems, report=report_id))
        entries: list[audit.Entry] = []
        values = {"sent_on": sent_on, "sent_to": sent_to, "reference": reference, "sent_by": user_id}
        _update(entries, "safety_report", clock, clock.subject_id, values, None)
        if clock.case_id is not None:
            step = session.scalars(
                select(m.CaseStep).where(
                    m.CaseStep.case_id == clock.case_id,
                    m.CaseStep.code == REPORT_STEP[clock.recipient],
                    m.CaseStep.state == "open",
                )
            ).first()
            if step is not None:
                note = f"sent to {sent_to}, reference {reference}"
                done = {"state": "done", "done_on": sent_on, "done_by": user_id, "note": note}
                _update(entries, "case_step", step, clock.subject_id, done, None)
        audit.append(session, user_id, entries)
        session.flush()
        return _clocks(session, today, ids=[report_id])[0]


# -- reading ---------------------------------------------------------------------------------


def _with_subject(model: type[m.SafetyCase] | type[m.SafetyReport], *columns: Any) -> Select[Any]:
    """SELECT the row's id, its subject's study id and site code, then `columns`."""
    return (
        select(model.id, m.Subject.study_id, m.Site.code.label("site"), *columns)
        .join(m.Subject, m.Subject.id == model.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
    )


def clock_state(due: dt.date, sent_on: dt.date | None, as_of: dt.date) -> str:
    """open, due (within `DUE_SOON_DAYS`), overdue, sent_on_time or sent_late."""
    if sent_on is not None:
        return "sent_on_time" if sent_on <= due else "sent_late"
    if as_of > due:
        return "overdue"
    return "due" if (due - as_of).days <= DUE_SOON_DAYS else "open"


def _clocks(
    session: Session,
    as_of: dt.date,
    *,
    ids: list[int] | None = None,
    case_ids: list[int] | None = None,
    unsent: bool = False,
    site: str | None = None,
) -> tuple[ClockView, ...]:
    r = m.SafetyReport
    query = (
        _with_subject(
            r,
            r.case_id,
            r.adverse_event_id,
            r.recipient,
            r.awareness_date,
            r.due_date,
            r.sent_on,
            r.sent_to,
            r.reference,
        )
        .where(m.Subject.voided_at.is_(None))
        .order_by(r.due_date, m.Subject.study_id, r.id)
    )
    if ids is not None:
        query = query.where(r.id.in_(ids))
    if case_ids is not None:
        query = query.where(r.case_id.in_(case_ids))
    if unsent:
        query = query.where(r.sent_on.is_(None))
    if site:
        query = query.where(m.Site.code == site)
    return tuple(
        ClockView(
            **row._mapping, state=clock_state(row.due_date, row.sent_on, as_of), days_left=(row.due_date - as_of).days
        )
        for row in session.execute(query)
    )


def clocks(db: Database, as_of: dt.date, site: str | None = None) -> tuple[ClockView, ...]:
    """The running clocks (reports not yet sent), soonest due first."""
    with db.session(read_only=True) as session:
        return _clocks(session, as_of, unsent=True, site=site)


def reports_log(db: Database, as_of: dt.date, since: dt.date | None = None) -> tuple[ClockView, ...]:
    """Every report, sent or not, with its due date, sent date and state (on time or late);
    `since`: only those whose site knew on or after that day."""
    with db.session(read_only=True) as session:
        return reports_in(session, as_of, since)


def reports_in(session: Session, as_of: dt.date, since: dt.date | None = None) -> tuple[ClockView, ...]:
    """`reports_log` inside a caller's session (the annual report), up to `as_of`."""
    return tuple(
        c for c in _clocks(session, as_of) if c.awareness_date <= as_of and (since is None or c.awareness_date >= since)
    )


def _detail(session: Session, case_id: int, as_of: dt.date) -> CaseDetail:
    return _details(session, as_of, [case_id])[0]


def _details(session: Session, as_of: dt.date, case_ids: list[int] | None) -> tuple[CaseDetail, ...]:
    """The cases (open ones when `case_ids` is None) with their steps, clocks and the
    samples to retrieve."""
    c = m.SafetyCase
    query = (
        _with_subject(
            c,
            c.kind,
            c.t_cell,
            m.AdverseEvent.term,
            c.adverse_event_id,
            c.result_id,
            c.awareness_date,
            c.state,
            c.closed_on,
        )
        .outerjoin(m.AdverseEvent, m.AdverseEvent.id == c.adverse_event_id)
        .order_by(c.awareness_date, c.id)
    )
    if case_ids is None:
        query = query.where(c.state == "open", m.Subject.voided_at.is_(None))
    else:
        query = query.where(c.id.in_(case_ids))
    cases = session.execute(query).all()
    if case_ids is not None and len(cases) != len(set(case_ids)):
        raise NotFoundError(Message("missing.case", case=", ".join(map(str, sorted(set(case_ids))))))
    if not cases:
        return ()  # no statements with an empty IN list
    ids = [row.id for row in cases]
    all_clocks = _clocks(session, as_of, case_ids=ids)
    s = m.CaseStep
    steps: dict[int, list[StepView]] = {i: [] for i in ids}
    for row in session.execute(
        select(s.case_id, s.id, s.code, s.state, s.due_date, s.owner, s.done_on, m.User.username, s.outcome, s.note)
        .outerjoin(m.User, m.User.id == s.done_by)
        .where(s.case_id.in_(ids))
        .order_by(s.case_id, s.sequence)
    ):
        report = next(
            (k.id for k in all_clocks if k.case_id == row.case_id and REPORT_STEP[k.recipient] == row.code), None
        )
        overdue = row.state == "open" and row.due_date is not None and row.due_date < as_of
        steps[row.case_id].append(
            StepView(
                row.id,
                row.code,
                row.state,
                row.due_date,
                row.owner,
                row.done_on,
                row.username,
                row.outcome,
                row.note,
                overdue,
                report,
            )
        )
    stored = {study_id: to_retrieve(session, study_id) for study_id in {r.study_id for r in cases}}
    return tuple(
        CaseDetail(
            **row._mapping,
            steps=tuple(steps[row.id]),
            clocks=tuple(k for k in all_clocks if k.case_id == row.id),
            samples=stored[row.study_id],
        )
        for row in cases
    )


def open_cases(db: Database, as_of: dt.date) -> tuple[CaseDetail, ...]:
    """Every open case with its steps and clocks, oldest first."""
    with db.session(read_only=True) as session:
        return _details(session, as_of, None)


def case_detail(db: Database, case_id: int, as_of: dt.date) -> CaseDetail:
    """One case (open or closed), its steps (overdue as of `as_of`) and clocks."""
    with db.session(read_only=True) as session:
        return _detail(session, case_id, as_of)


def subject_cases(db: Database, study_id: str, as_of: dt.date) -> tuple[CaseDetail, ...]:
    """Every case of one subject, open or closed, oldest first (the chart's safety cases;
    the case an RCL positive alert is about)."""
    from ltfu.services.subjects import subject_pk

    with db.session(read_only=True) as session:
        subject_id = subject_pk(session, study_id)
        ids = list(session.scalars(select(m.SafetyCase.id).where(m.SafetyCase.subject_id == subject_id)))
        return _details(session, as_of, ids) if ids else ()
