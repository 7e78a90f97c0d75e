"""The IND annual report (21 CFR 312.33): the year ending on the IND anniversary.

    ind_period_of(db, on=None) -> IndPeriod
    build_ind_content(db, as_of=None, today=None) -> IndReportContent
    render_ind_report(db, ReportRequest(as_of, language="en")) -> (pdf, data_sha256)
    show_ind_report(db, ReportRequest(as_of)) -> AnnualReportShown (with any signature)
    sign_ind_report(db, ReportRequest(as_of), password, meaning, shown_sha256=None)
    save_ind_plan(db, period_end, text) / ind_plan(db, period_end) -> str

(The worklist's reminder: `ltfu.services.ind_reminder`.)

The anniversary (and the planned number of subjects) is the protocol's `[ind]` setting,
read from the protocol version in force (the latest registered one, else the bundled
file); without it the report is refused. The period ends on the latest anniversary on or
before `as_of` (default: today), which is also the data cut; the report is due 60 days
later. The sections reuse the annual report's (enrolment, deaths, the safety reports);
the words are those of ``annual_<language>.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.analysis import SubjectRecord
from ltfu.db import models as m
from ltfu.errors import Message, ValidationError
from ltfu.reports.annual_content import (
    AmendmentRow,
    BodySystemRow,
    IndReportContent,
    SafetyReports,
)
from ltfu.rows import TermCount
from ltfu.schedule.protocol import (
    IndPeriod,
    Protocol,
    anniversary_in,
    ind_period,
)
from ltfu.services import audit
from ltfu.services.annual_report import (
    AnnualReportShown,
    ReportRequest,
    _as,
    _check_language,
    _deaths,
    _enrolment,
    _laid_out,
    _levels,
    _listing,
    _read_rows,
    _Rows,
    _safety_reports,
    _unreported,
    counted_meanwhile,
    cover,
    hashed_endpoints,
    shown_with_signature,
    sign_content,
)
from ltfu.services.database import Database
from ltfu.services.endpoints import load_subject_records
from ltfu.services.ind_reminder import document_kind
from ltfu.services.progress import Progress, ReportStep
from ltfu.services.protocols import analysis_scope
from ltfu.services.signatures import SignatureInfo
from ltfu.vocabulary import BODY_SYSTEMS, body_system


def _anniversary(protocol: Protocol) -> tuple[int, int]:
    if protocol.ind.anniversary is None:
        raise ValidationError(Message("ind.no_anniversary", protocol=protocol.id))
    return protocol.ind.anniversary


def ind_period_of(db: Database, on: dt.date | None = None, study: str | None = None) -> IndPeriod:
    """The latest IND reporting period of `study` (None: the only one) ended by `on`
    (default: today); refused (with what to set) when its protocol has no IND anniversary."""
    with db.session(read_only=True) as session:
        protocol = analysis_scope(session, study)[1]
    return ind_period(_anniversary(protocol), on or dt.date.today())


def build_ind_content(
    db: Database,
    as_of: dt.date | None = None,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    study: str | None = None,
) -> IndReportContent:
    """The IND annual report of the period ended by `as_of` (default: today); its data cut is
    the anniversary that ends it."""
    report = progress or (lambda fraction, step: None)
    report(0.02, ReportStep.READING)
    problems: list = []
    with db.session(read_only=True) as session:
        study, protocol = analysis_scope(session, study)
        period = ind_period(_anniversary(protocol), as_of or today or dt.date.today())
        start, cut = period.start, period.end
        records = load_subject_records(session, cut, problems, protocol.dlt_window_days, study)
        report(0.4, ReportStep.COUNTING)

        def counted() -> tuple[_Rows, SafetyReports, tuple[AmendmentRow, ...], str]:
            return (
                _read_rows(session, cut, start, study),
                _safety_reports(session, start, cut, study),
                _amendments(session, protocol.id, start, cut),
                _plan_text(session, protocol.id, cut),
            )

        (rows, reports, amendments, plan), (sha, e) = counted_meanwhile(
            counted, lambda: hashed_endpoints(records, cut, protocol, problems, _unreported), report
        )
    levels = _levels((s.dose_level for s in rows.subjects), e.infused_by_dose_level)
    enrolment = _enrolment(rows, levels, start, cut, protocol.duration_years, None)
    body_systems, serious = _by_body_system(records, start, cut)
    ae_subjects = sum(1 for r in records if any(start <= ae.onset <= cut for ae in r.adverse_events))
    return _as(
        IndReportContent,
        cover(protocol, start, cut, sha, rows, e),
        due=period.due,
        planned_subjects=protocol.ind.planned_subjects,
        entered_in_period=sum(1 for s in rows.subjects if s.entered is not None and s.entered >= start),
        enrolment=enrolment,
        body_systems=body_systems,
        ae_subjects=ae_subjects,
        serious_in_period=serious,
        deaths=_deaths(e, levels, start.__le__),
        dropouts_due_to_ae=_listing([d for d in enrolment.dropouts.rows if d.due_to_ae]),
        amendments=amendments,
        plan=plan,
        safety_reports=reports,
    )


def _by_body_system(
    records: list[SubjectRecord], start: dt.date, cut: dt.date
) -> tuple[tuple[BodySystemRow, ...], tuple[TermCount, ...]]:
    """Adverse events with onset in the period by body system (the terms not coded under
    None, last), and the serious ones by term; most events first."""
    events: Counter = Counter()
    serious: Counter = Counter()
    worst: dict[str | None, int] = defaultdict(int)
    subjects: dict[str | None, set[str]] = defaultdict(set)
    term_events: dict[str | None, Counter] = defaultdict(Counter)
    term_subjects: dict[tuple[str | None, str], set[str]] = defaultdict(set)
    serious_terms: Counter = Counter()
    serious_subjects: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for ae in r.adverse_events:
            if not start <= ae.onset <= cut:
                continue
            system = body_system(ae.term)
            events[system] += 1
            serious[system] += ae.serious
            worst[system] = max(worst[system], ae.grade)
            subjects[system].add(r.subject_id)
            term_events[system][ae.term] += 1
            term_subjects[(system, ae.term)].add(r.subject_id)
            if ae.serious:
                serious_terms[ae.term] += 1
                serious_subjects[ae.term].add(r.subject_id)

    def order(system: str | None) -> tuple:
        return (system is None, -events[system], BODY_SYSTEMS.index(system) if system else 0)

    rows = tuple(
        BodySystemRow(
            body_system=system,
            subjects=len(subjects[system]),
            events=events[system],
            serious_events=serious[system],
            worst_grade=worst[system],
            terms=tuple(
                TermCount(term=t, subjects=len(term_subjects[(system, t)]), events=n)
                for t, n in sorted(term_events[system].items(), key=lambda item: (-item[1], item[0]))
            ),
        )
        for system in sorted(events, key=order)
    )
    most_serious = tuple(
        TermCount(term=t, subjects=len(serious_subjects[t]), events=n)
        for t, n in sorted(serious_terms.items(), key=lambda item: (-item[1], item[0]))
    )
    return rows, most_serious


def _amendments(session: Session, protocol_id: str, start: dt.date, cut: dt.date) -> tuple[AmendmentRow, ...]:
    v = m.ProtocolVersion
    return tuple(
        AmendmentRow(version=label, effective=day, source_name=name)
        for label, day, name in session.execute(
            select(v.version_label, v.effective_date, v.source_name)
            .where(v.protocol_id == protocol_id, v.effective_date >= start, v.effective_date <= cut)
            .order_by(v.effective_date, v.id)
        )
    )


# --- the plan for the coming year ----------------------------------------------------------


def _plan_row(session: Session, protocol_id: str, period_end: dt.date) -> m.IndPlan | None:
    return session.scalar(
        select(m.IndPlan).where(m.IndPlan.protocol_id == protocol_id, m.IndPlan.period_end == period_end)
    )


def _plan_text(session: Session, protocol_id: str, period_end: dt.date) -> str:
    row = _plan_row(session, protocol_id, period_end)
    return row.plan_text if row is not None else ""


def ind_plan(db: Database, period_end: dt.date, study: str | None = None) -> str:
    """The plan for the coming year written for `study`'s report whose period ends on `period_end`."""
    with db.session(read_only=True) as session:
        return _plan_text(session, analysis_scope(session, study)[1].id, period_end)


def save_ind_plan(db: Database, period_end: dt.date, text: str, study: str | None = None) -> str:
    """Store the PI's plan for the coming year of the report ending on `period_end`
    (audited: created, or the text changed); returns the text as stored."""
    plan = text.strip()
    if not plan:
        raise ValidationError(Message("ind.empty_plan"))
    with db.session() as session:
        protocol = analysis_scope(session, study)[1]
        anniversary = _anniversary(protocol)
        if anniversary_in(anniversary, period_end.year) != period_end:
            raise ValidationError(
                Message(
                    "ind.not_anniversary",
                    day=period_end,
                    protocol=protocol.id,
                    ends=anniversary_in(anniversary, period_end.year),
                )
            )
        user_id = db.user_id(session, "write_plan")
        row = _plan_row(session, protocol.id, period_end)
        if row is None:
            row = m.IndPlan(protocol_id=protocol.id, period_end=period_end, plan_text=plan)
            session.add(row)
            session.flush()
            values = {"protocol_id": protocol.id, "period_end": period_end, "plan_text": plan}
            audit.append(session, user_id, [audit.created("ind_plan", row.id, values)])
        elif row.plan_text != plan:
            audit.record(
                session,
                user_id=user_id,
                action="update",
                table_name="ind_plan",
                record_id=row.id,
                changes=[audit.Change("plan_text", row.plan_text, plan)],
            )
            row.plan_text = plan
    return plan


# --- render, show, sign ------------------------------------------------------------------


def _content(db: Database, request: ReportRequest, progress: Progress | None) -> IndReportContent:
    db.require("print")
    _check_language(request.language)
    return build_ind_content(db, request.as_of, progress=progress, today=request.today, study=request.study)


def render_ind_report(db: Database, request: ReportRequest, progress: Progress | None = None) -> tuple[bytes, str]:
    """The requested IND annual report as PDF bytes in its language, and the SHA-256 of its data."""
    content = _content(db, request, progress)
    return _laid_out(content, request.language, progress), content.data_sha256


def show_ind_report(db: Database, request: ReportRequest, progress: Progress | None = None) -> AnnualReportShown:
    """`render_ind_report`, plus the existing signature of the same pages."""
    content = _content(db, request, progress)
    kind = document_kind(content.protocol_id, content.period_end)
    return shown_with_signature(db, content, kind, request.language, progress)


def sign_ind_report(
    db: Database,
    request: ReportRequest,
    password: str,
    meaning: str,
    progress: Progress | None = None,
    *,
    shown_sha256: str | None = None,
) -> tuple[bytes, SignatureInfo]:
    """Build the requested IND report once and sign it as the signed-in PI (as `sign_annual_report`:
    refused when it no longer rebuilds to the `shown_sha256` pages)."""
    _check_language(request.language)
    content = build_ind_content(db, request.as_of, progress=progress, today=request.today, study=request.study)
    what = Message("report.ind", study=content.protocol_id, day=content.period_end)
    kind = document_kind(content.protocol_id, content.period_end)
    return sign_content(db, content, kind, what, password, meaning, request.language, shown_sha256)
