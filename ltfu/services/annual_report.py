"""The PI's annual status report (IND annual report, 21 CFR 312.33): content and PDF.

    build_annual_content(db, year, as_of=None) -> AnnualReportContent
    render_annual_report(db, year, as_of=None, signature=None, progress=None) -> (pdf, data_sha256)
    data_hash(records) -> str

The reporting period is the calendar year; the data cut (as-of date) is 31 December
of that year unless an earlier day of the year is given. Every endpoint comes from
`ltfu.analysis.compute_endpoints` run on the subject records read here; this module
only maps its results into the report's plain dataclasses, plus row counts the
analysis does not cover (enrolment, visit states, contact attempts).

The data hash identifies the records the analysis was given (see `data_hash`); the
cover prints it, so anyone holding the same records and data cut can rebuild the same
numbers, and a signature can bind to it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from json.encoder import encode_basestring
from statistics import median

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ltfu.analysis import Cohort, DataProblem, Endpoints, SubjectRecord, compute_endpoints, dose_level_sort_key
from ltfu.analysis.endpoints import collector_paused
from ltfu.analysis.pk import NO_DAY_28, profile
from ltfu.analysis.response import RESPONSE_CATEGORIES
from ltfu.analysis.survival import KaplanMeier, TimeToEvent
from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.reports.annual_content import (
    AnnualReportContent,
    AtRiskSubject,
    BCells,
    CountRow,
    CountTable,
    DataProblemRow,
    DeathRow,
    Deaths,
    DelayedAeRow,
    DltRow,
    Dropout,
    Enrolment,
    ExpansionChart,
    ExpansionSeries,
    FollowUp,
    FollowUpRow,
    Immunogenicity,
    KmCurve,
    KmSummary,
    Landmark,
    Listing,
    OverdueVisit,
    Pk,
    PkRow,
    PkStat,
    PkTable,
    RateRow,
    RclAlertRow,
    RelapseRow,
    Relapses,
    Response,
    Safety,
    Signature,
    SiteLine,
    TermRow,
)
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, Protocol, load_bundled
from ltfu.services.database import Database
from ltfu.services.endpoints import load_subject_records

Progress = Callable[[float, str], None]

#: Rows a listing prints at most; the rest are counted ("N more not listed").
LISTING_LIMIT = 100
#: A subject with a visit overdue longer than this is at risk of loss to follow-up.
AT_RISK_OVERDUE_DAYS = 60
#: Up to this many subjects with PK samples, the expansion plot draws one line per
#: subject; above it, the median per dose level at each PK visit.
EXPANSION_LINES_MAX = 60
#: Age groups at infusion (years): label, lowest age, highest age.
AGE_GROUPS = (("<18", 0, 17), ("18-39", 18, 39), ("40-64", 40, 64), (">=65", 65, 200))
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
#: A withdrawal counts as a dropout due to an adverse event when its detail names one.
AE_WITHDRAWAL = re.compile(r"\b(adverse|AE|SAE|toxicit|side[- ]effect)", re.IGNORECASE)
#: Contact attempt outcomes that are not a contact.
FAILED_OUTCOMES = tuple(o for o in m.CONTACT_OUTCOMES if o != "reached")

_SEX = {"F": "Female", "M": "Male", "U": "Unknown"}
_RCL_STATUS = (
    ("positive", "Positive"),
    ("first_year_negative", "First year negative"),
    ("first_year_in_progress", "First year in progress"),
    ("first_year_incomplete", "First year incomplete"),
)
_HAMA = (
    ("negative", "Negative"),
    ("treatment-emergent", "Treatment-emergent"),
    ("pre-existing", "Pre-existing"),
    ("not evaluable", "Not evaluable"),
)
_PK_TITLES = {
    "car_copies": "CAR transgene in blood by qPCR",
    "car_cells": "CAR+ T cells in blood by flow cytometry",
}
_KM_TITLES = {
    "os": "Overall survival (OS)",
    "pfs": "Progression-free survival (PFS)",
    "pfs_sensitivity": "PFS, censored at HSCT or new therapy",
    "dor": "Duration of remission (DOR)",
}
_DRAWN = ("os", "pfs", "dor")


# --- the data hash --------------------------------------------------------------------

DATA_HASH_HEADER = "ltfu-subject-records/1"


class _Quoted(dict):
    """Text as a JSON string literal (None as "-"), each distinct text quoted once."""

    def __missing__(self, key: str | None) -> str:
        value = self[key] = "-" if key is None else encode_basestring(key)
        return value


def data_hash(records: Iterable[SubjectRecord]) -> str:
    """SHA-256 (hex) of a canonical serialisation of the subject records.

    The same records give the same hash whatever order the database returned them
    in; any added, changed or removed event, result, adverse event or contact changes
    it. The serialisation is UTF-8 text, lines separated by "\\n":

    - the header line ``ltfu-subject-records/1``;
    - per record, ordered by subject id (code-point order), the line
      ``S <subject_id> <site> <dose_level> <infusion_date> <birth_date> <sex>`` and then
      its items, one line each, in the blocks E (events), R (results), A (adverse
      events), L (alive dates), each block's lines sorted by code point:
      ``E <date> <kind> <detail>``;
      ``R <date> <analyte> <value> <category> <unit> <blq> <lloq>``;
      ``A <onset> <term> <grade> <kind> <serious> <related> <dlt> <special_interest> <resolved>``;
      ``L <date>``;
    - fields separated by one tab; every line, the last included, ends with "\\n".

    Field values: text as a JSON string literal (double quotes, RFC 8259 escapes,
    non-ASCII characters as themselves, as Python's ``json.dumps(..., ensure_ascii=False)``);
    dates ISO 8601 ``YYYY-MM-DD``; numbers as ``repr(float(x))`` (shortest round-trip
    form, e.g. ``12.0``, ``0.0001``, ``1e-05``); grades as integers; flags ``1``/``0``;
    a missing value ``-``.
    """
    quoted = _Quoted()
    digest = hashlib.sha256(f"{DATA_HASH_HEADER}\n".encode())
    fl = float
    with collector_paused():
        for r in sorted(records, key=lambda record: record.subject_id):
            birth = "-" if r.birth_date is None else r.birth_date.isoformat()
            lines = [
                f"S\t{quoted[r.subject_id]}\t{quoted[r.site]}\t{quoted[r.dose_level]}\t"
                f"{r.infusion_date.isoformat()}\t{birth}\t{quoted[r.sex]}"
            ]
            lines += sorted([f"E\t{e.date.isoformat()}\t{quoted[e.kind]}\t{quoted[e.detail]}" for e in r.events])
            lines += sorted(
                [
                    f"R\t{x.date.isoformat()}\t{quoted[x.analyte]}\t{'-' if x.value is None else repr(fl(x.value))}\t"
                    f"{quoted[x.category]}\t{quoted[x.unit]}\t{'1' if x.blq else '0'}\t"
                    f"{'-' if x.lloq is None else repr(fl(x.lloq))}"
                    for x in r.results
                ]
            )
            lines += sorted(
                [
                    f"A\t{a.onset.isoformat()}\t{quoted[a.term]}\t{int(a.grade):d}\t{quoted[a.kind]}\t"
                    f"{'1' if a.serious else '0'}\t{'1' if a.related else '0'}\t{'1' if a.dlt else '0'}\t"
                    f"{quoted[a.special_interest]}\t{'-' if a.resolved is None else a.resolved.isoformat()}"
                    for a in r.adverse_events
                ]
            )
            lines += sorted([f"L\t{day.isoformat()}" for day in r.alive_dates])
            lines.append("")
            digest.update("\n".join(lines).encode())
    return digest.hexdigest()


# --- the use cases ----------------------------------------------------------------------


def reporting_period(year: int, as_of: dt.date | None, today: dt.date) -> tuple[dt.date, dt.date]:
    """(1 January of `year`, the data cut), checked."""
    if not 1900 < year < 2200:
        raise ValidationError(f"annual report: {year} is not a plausible report year")
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cut = end if as_of is None else as_of
    if not start <= cut <= end:
        raise ValidationError(
            f"annual report {year}: the data cut {cut.isoformat()} must fall in {year} "
            f"({start.isoformat()} to {end.isoformat()})"
        )
    if cut > today:
        raise ValidationError(
            f"annual report {year}: the data cut {cut.isoformat()} is after today ({today.isoformat()}); "
            f"give a data cut on or before today, e.g. --as-of {today.isoformat()}"
        )
    return start, cut


def build_annual_content(
    db: Database,
    year: int,
    as_of: dt.date | None = None,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    protocol_id: str = DEFAULT_PROTOCOL_ID,
) -> AnnualReportContent:
    """The annual report's content for `year`, data cut `as_of` (default 31 December).

    `today` (default: the computer's date) only guards against a data cut in the future.
    """
    report = progress or (lambda fraction, text: None)
    period_start, cut = reporting_period(year, as_of, today or dt.date.today())
    protocol = load_bundled(protocol_id)
    report(0.02, "Reading the records")
    problems: list[DataProblem] = []
    with db.session(read_only=True) as session:
        records = load_subject_records(session, cut, problems, protocol.dlt_window_days)
        report(0.4, "Counting subjects and visits")
        rows = _read_rows(session, cut, period_start)
    report(0.5, "Computing the data hash")
    sha = data_hash(records)
    report(0.6, "Computing the endpoints")
    endpoints = compute_endpoints(
        records,
        cut,
        b_cell_threshold=protocol.b_cell_aplasia_threshold,
        igg_threshold=protocol.igg_threshold,
        at_risk_days=at_risk_days(records, cut),
        dlt_window_days=protocol.dlt_window_days,
        data_problems=problems,
    )
    report(0.72, "Preparing the tables and plots")
    expansion = _expansion(records, cut, protocol, endpoints)
    return _content(protocol, year, period_start, cut, sha, rows, endpoints, expansion)


def render_annual_report(
    db: Database,
    year: int,
    as_of: dt.date | None = None,
    signature: Signature | None = None,
    progress: Progress | None = None,
    *,
    today: dt.date | None = None,
) -> tuple[bytes, str]:
    """The annual report as PDF bytes, and the SHA-256 of the data it was built from.

    `progress(fraction, text)` is called a few times on the way (from this thread).
    """
    db.require("print")
    from ltfu.reports.annual import render_annual

    content = build_annual_content(db, year, as_of, progress=progress, today=today)
    if signature is not None:
        content = dataclasses.replace(content, signature=signature)
    if progress:
        progress(0.8, "Laying out the pages")
    pdf = render_annual(content)
    if progress:
        progress(1.0, "Done")
    return pdf, content.data_sha256


def at_risk_days(records: Sequence[SubjectRecord], as_of: dt.date) -> tuple[float, ...]:
    """Days where the Kaplan-Meier plots print the numbers at risk: every 3, 6 or 12
    months (by the longest follow-up) up to the longest possible follow-up."""
    span = max(((as_of - r.infusion_date).days for r in records if r.infusion_date <= as_of), default=0)
    months = span / DAYS_PER_MONTH
    step = 3 if months <= 24 else 6 if months <= 48 else 12
    last = max(step, math.ceil(months / step) * step)
    return tuple(k * DAYS_PER_MONTH for k in range(0, last + 1, step))


# --- rows the analysis does not cover ------------------------------------------------------


@dataclasses.dataclass
class _Subject:
    study_id: str
    site: str
    dose_level: str
    birth_year: int | None
    sex: str | None
    race: str | None
    stored_status: str
    infusion_date: dt.date | None
    died: dt.date | None = None
    withdrawn: tuple[dt.date, str | None, str] | None = None  # date, scope, detail
    lost: dt.date | None = None

    def status(self, as_of: dt.date, duration_years: int) -> str:
        """in_follow_up, completed, withdrawn, lost or died, as of the data cut."""
        if self.died is not None:
            return "died"
        if self.lost is not None:
            return "lost"
        if self.withdrawn is not None and self.withdrawn[1] != "treatment":
            return "withdrawn"
        if self.stored_status == "completed":
            return "completed"
        if self.infusion_date is not None:
            try:
                end = self.infusion_date.replace(year=self.infusion_date.year + duration_years)
            except ValueError:  # 29 February
                end = self.infusion_date.replace(year=self.infusion_date.year + duration_years, day=28)
            if end <= as_of:
                return "completed"
        return "in_follow_up"


@dataclasses.dataclass
class _Rows:
    sites: list[tuple[str, str]]
    subjects: list[_Subject]
    visits: dict[tuple[str, bool, str], int]  # (dose level, window closed in period, category) -> n
    overdue: list[OverdueVisit]
    failed_attempts: dict[str, list[dt.date]]


def _read_rows(session: Session, as_of: dt.date, period_start: dt.date) -> _Rows:
    sites = [tuple(r) for r in session.execute(select(m.Site.code, m.Site.name).order_by(m.Site.code))]
    first_infusion = {
        sid: day
        for sid, day in session.execute(
            select(m.Infusion.subject_id, func.min(m.Infusion.infusion_date))
            .where(m.Infusion.voided_at.is_(None))
            .group_by(m.Infusion.subject_id)
        )
    }
    subjects: dict[int, _Subject] = {}
    for sid, study_id, site, level, birth_year, sex, race, status, enrolled in session.execute(
        select(
            m.Subject.id,
            m.Subject.study_id,
            m.Site.code,
            m.Subject.dose_level,
            m.Subject.birth_year,
            m.Subject.sex,
            m.Subject.race,
            m.Subject.status,
            m.Subject.enrolled_on,
        )
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .where(m.Subject.voided_at.is_(None))
        .order_by(m.Subject.study_id)
    ):
        infused = first_infusion.get(sid)
        entered = enrolled if enrolled is not None else infused
        if entered is not None and entered > as_of:
            continue
        subjects[sid] = _Subject(
            study_id, site, level, birth_year, sex, race, status, infused if infused and infused <= as_of else None
        )
    # Death, withdrawal and loss to follow-up as they stood on the data cut.
    for sid, kind, day, scope, detail in session.execute(
        select(
            m.ClinicalEvent.subject_id,
            m.ClinicalEvent.kind,
            m.ClinicalEvent.event_date,
            m.ClinicalEvent.withdrawal_scope,
            m.ClinicalEvent.detail,
        )
        .where(
            m.ClinicalEvent.voided_at.is_(None),
            m.ClinicalEvent.event_date <= as_of,
            m.ClinicalEvent.kind.in_(("death", "withdrawal", "lost_to_follow_up", "lost_to_follow_up_reversed")),
        )
        .order_by(m.ClinicalEvent.event_date, m.ClinicalEvent.id)
    ):
        subject = subjects.get(sid)
        if subject is None or subject.infusion_date is None:
            continue
        if kind == "death" and subject.died is None:
            subject.died = day
        elif kind == "withdrawal":
            subject.withdrawn = (day, scope, detail or "")
        elif kind == "lost_to_follow_up":
            subject.lost = day
        elif kind == "lost_to_follow_up_reversed":
            subject.lost = None

    closed = m.Visit.window_end < as_of
    category = case(
        (m.Visit.state == "cancelled", "cancelled"),
        ((m.Visit.state == "completed") & (m.Visit.actual_date <= as_of), "completed"),
        (m.Visit.state == "missed", "missed"),
        else_="overdue",
    )
    in_period = m.Visit.window_end >= period_start
    scheduled = (
        m.Visit.voided_at.is_(None),
        m.Subject.voided_at.is_(None),
        m.Visit.code.is_not(None),
        closed,
    )
    visits: dict[tuple[str, bool, str], int] = {}
    for level, period, cat, n in session.execute(
        select(m.Subject.dose_level, in_period, category, func.count())
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .where(*scheduled)
        .group_by(m.Subject.dose_level, in_period, category)
    ):
        visits[(level, bool(period), cat)] = n
    overdue = [
        OverdueVisit(
            subject_id=study_id,
            dose_level=level,
            visit_code=code,
            window_end=end,
            days_overdue=(as_of - end).days,
        )
        for study_id, level, code, end in session.execute(
            select(m.Subject.study_id, m.Subject.dose_level, m.Visit.code, m.Visit.window_end)
            .join(m.Subject, m.Subject.id == m.Visit.subject_id)
            .where(*scheduled, category == "overdue")
            .order_by(m.Visit.window_end, m.Subject.study_id, m.Visit.nominal_date)
        )
    ]
    failed: dict[str, list[dt.date]] = defaultdict(list)
    for study_id, day in session.execute(
        select(m.Subject.study_id, m.ContactAttempt.attempt_date)
        .join(m.Subject, m.Subject.id == m.ContactAttempt.subject_id)
        .where(
            m.ContactAttempt.voided_at.is_(None),
            m.ContactAttempt.attempt_date <= as_of,
            m.ContactAttempt.outcome.in_(FAILED_OUTCOMES),
        )
    ):
        failed[study_id].append(day)
    return _Rows(sites, list(subjects.values()), visits, overdue, dict(failed))


# --- mapping into the report's content ---------------------------------------------------


def _levels(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({level for group in groups for level in group}, key=dose_level_sort_key))


def _listing(items: Sequence, make: Callable = lambda item: item, limit: int = LISTING_LIMIT) -> Listing:
    """The first `limit` items (each made into a row by `make`) and how many there are."""
    return Listing(rows=tuple(make(item) for item in items[:limit]), total=len(items))


def _by_level_table(
    levels: Sequence[str], columns: Sequence[str], counts: dict[str, Counter], total_label: str = "All"
) -> CountTable:
    rows = tuple(CountRow(level, tuple(counts.get(level, Counter())[c] for c in columns)) for level in levels)
    total = CountRow(total_label, tuple(sum(row.counts[i] for row in rows) for i in range(len(columns))))
    return CountTable(columns=tuple(columns), rows=rows, total=total)


def _age_group(age: int | None) -> str:
    if age is None:
        return "Not recorded"
    for label, low, high in AGE_GROUPS:
        if low <= age <= high:
            return label
    return "Not recorded"


def _enrolment(rows: _Rows, levels: tuple[str, ...], year: int, as_of: dt.date, duration: int) -> Enrolment:
    status_columns = (
        "Entered",
        "Infused",
        f"Infused in {year}",
        "In follow-up",
        "Completed",
        "Withdrawn",
        "Lost to follow-up",
        "Died",
    )
    status_counts: dict[str, Counter] = defaultdict(Counter)
    demo_counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    dropouts = []
    for s in rows.subjects:
        c = status_counts[s.dose_level]
        c["Entered"] += 1
        if s.infusion_date is not None:
            c["Infused"] += 1
            c[f"Infused in {year}"] += s.infusion_date.year == year
            status = s.status(as_of, duration)
            c[
                {
                    "in_follow_up": "In follow-up",
                    "completed": "Completed",
                    "withdrawn": "Withdrawn",
                    "lost": "Lost to follow-up",
                    "died": "Died",
                }[status]
            ] += 1
            if status == "withdrawn":
                assert s.withdrawn is not None
                day, scope, detail = s.withdrawn
                dropouts.append(
                    Dropout(
                        subject_id=s.study_id,
                        dose_level=s.dose_level,
                        date=day,
                        kind="withdrawn",
                        scope=scope,
                        due_to_ae=bool(AE_WITHDRAWAL.search(detail)),
                    )
                )
            elif status == "lost":
                assert s.lost is not None
                dropouts.append(
                    Dropout(
                        subject_id=s.study_id,
                        dose_level=s.dose_level,
                        date=s.lost,
                        kind="lost_to_follow_up",
                        scope=None,
                        due_to_ae=False,
                    )
                )
        reference_year = (s.infusion_date or as_of).year
        age = reference_year - s.birth_year if s.birth_year is not None else None
        demo_counts[("Age at infusion (years)", _age_group(age))][s.dose_level] += 1
        demo_counts[("Sex", _SEX.get(s.sex or "", "Not recorded"))][s.dose_level] += 1
        demo_counts[("Race", (s.race or "").strip() or "Not recorded")][s.dose_level] += 1

    demo_rows = []
    columns = (*levels, "Total")

    def add(group: str, label: str, always: bool) -> None:
        counts = demo_counts.get((group, label), Counter())
        values = tuple(counts[level] for level in levels)
        if always or sum(values):
            demo_rows.append(CountRow(label, (*values, sum(values)), group))

    for label, _, _ in AGE_GROUPS:
        add("Age at infusion (years)", label, True)
    add("Age at infusion (years)", "Not recorded", False)
    for label in ("Female", "Male", "Unknown"):
        add("Sex", label, label != "Unknown")
    add("Sex", "Not recorded", False)
    races = sorted({label for group, label in demo_counts if group == "Race" and label != "Not recorded"})
    for label in races:
        add("Race", label, True)
    add("Race", "Not recorded", False)
    entered = Counter(s.dose_level for s in rows.subjects)
    demographics = CountTable(
        columns=columns,
        rows=tuple(demo_rows),
        total=CountRow("Entered", (*(entered[level] for level in levels), len(rows.subjects))),
    )
    dropouts.sort(key=lambda d: (d.date, d.subject_id))
    return Enrolment(
        dose_levels=levels,
        status=_by_level_table(levels, status_columns, status_counts),
        demographics=demographics,
        dropouts=_listing(dropouts),
        dropouts_due_to_ae=sum(d.due_to_ae for d in dropouts),
        not_infused=sum(1 for s in rows.subjects if s.infusion_date is None),
    )


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _follow_up(rows: _Rows, endpoints: Endpoints, levels: tuple[str, ...], as_of: dt.date, duration: int) -> FollowUp:
    observed: Counter[str] = Counter()
    potential: Counter[str] = Counter()
    subjects: Counter[str] = Counter()
    horizon = duration * DAYS_PER_YEAR
    for s in endpoints.os.subjects:
        # Clark's completeness index: time observed (to death or last known alive) over
        # the time that could have been observed (to death, or to the data cut).
        possible = s.days if s.event else min((as_of - s.start).days, horizon)
        observed[s.dose_level] += s.days
        potential[s.dose_level] += possible
        subjects[s.dose_level] += 1

    def row(label: str, keys: Sequence[str], period: bool | None) -> FollowUpRow:
        def visits(cat: str) -> int:
            return sum(
                n
                for (level, in_period, c), n in rows.visits.items()
                if level in keys and c == cat and (period is None or in_period == period)
            )

        completed, missed, overdue = visits("completed"), visits("missed"), visits("overdue")
        expected = completed + missed + overdue
        obs = sum(observed[k] for k in keys)
        pot = sum(potential[k] for k in keys)
        return FollowUpRow(
            label=label,
            subjects=sum(subjects[k] for k in keys),
            observed_years=obs / DAYS_PER_YEAR,
            potential_years=pot / DAYS_PER_YEAR,
            completeness=_ratio(obs, pot),
            visits_expected=expected,
            visits_completed=completed,
            visits_missed=missed,
            visits_overdue=overdue,
            visits_cancelled=visits("cancelled"),
            completed_fraction=_ratio(completed, expected),
        )

    all_levels = _levels(levels, (k[0] for k in rows.visits))
    cumulative = tuple(row(level, (level,), None) for level in all_levels) + (row("All", all_levels, None),)
    in_period = tuple(row(level, (level,), True) for level in all_levels) + (row("All", all_levels, True),)

    # At risk of loss to follow-up: still followed, and a failed contact attempt since
    # the last known alive date, or a visit overdue for more than 60 days.
    followed = {s.study_id for s in rows.subjects if s.infusion_date and s.status(as_of, duration) == "in_follow_up"}
    last_alive = {s.subject_id: s.end for s in endpoints.os.subjects if not s.event}
    level_of = {s.subject_id: s.dose_level for s in endpoints.os.subjects}
    worst: dict[str, OverdueVisit] = {}
    for visit in rows.overdue:  # most overdue first
        worst.setdefault(visit.subject_id, visit)
    at_risk = []
    for sid in sorted(followed):
        if sid not in last_alive:
            continue
        alive = last_alive[sid]
        failed = sum(1 for day in rows.failed_attempts.get(sid, ()) if day > alive)
        visit = worst.get(sid)
        long_overdue = visit is not None and visit.days_overdue > AT_RISK_OVERDUE_DAYS
        if failed or long_overdue:
            at_risk.append(
                AtRiskSubject(
                    subject_id=sid,
                    dose_level=level_of[sid],
                    last_known_alive=alive,
                    failed_attempts=failed,
                    most_overdue_visit=visit.visit_code if visit else None,
                    days_overdue=visit.days_overdue if visit else None,
                )
            )
    at_risk.sort(key=lambda a: (-(a.days_overdue or 0), -a.failed_attempts, a.subject_id))
    return FollowUp(
        rows=cumulative,
        period_rows=in_period,
        overdue=_listing(rows.overdue),
        at_risk=_listing(at_risk),
        at_risk_overdue_days=AT_RISK_OVERDUE_DAYS,
        duration_years=duration,
    )


def _km(key: str, title: str, endpoint: TimeToEvent, draw: bool, y_label: str = "Probability") -> KmSummary:
    km: KaplanMeier = endpoint.km
    curve = None
    if draw and km.n:
        censored = sorted({float(s.days) for s in endpoint.subjects if not s.event})
        at_risk = tuple((a.day, a.at_risk) for a in km.at_risk)
        curve = KmCurve(
            times=km.times,
            survival=km.survival,
            lower=km.lower,
            upper=km.upper,
            censored=tuple(censored),
            at_risk=at_risk,
            x_max_days=max(a[0] for a in at_risk) if at_risk else max(km.times),
        )
    return KmSummary(
        key=key,
        title=title,
        definition=endpoint.definition,
        n=km.n,
        events=km.events,
        confidence_level=km.confidence_level,
        median=km.median,
        median_lower=km.median_lower,
        median_upper=km.median_upper,
        landmarks=tuple(Landmark(day=p.day, survival=p.survival, lower=p.lower, upper=p.upper) for p in km.landmarks),
        curve=curve,
        y_label=y_label,
    )


def _rate(row) -> RateRow:  # type: ignore[no-untyped-def]
    return RateRow(
        label=row.label,
        responders=row.responders,
        evaluable=row.evaluable,
        rate=row.rate,
        lower=row.lower,
        upper=row.upper,
        mrd_negative=row.mrd_negative,
    )


def _pk_stat(d) -> PkStat:  # type: ignore[no-untyped-def]
    return PkStat(
        n=d.n,
        geometric_mean=d.geometric_mean,
        geometric_cv_percent=d.geometric_cv_percent,
        median=d.median,
        minimum=d.minimum,
        maximum=d.maximum,
    )


def _pk_visits(protocol: Protocol) -> list[tuple[float, float, float]]:
    """(nominal study day, window start, window end) of the protocol's PK visits."""
    out = []
    for visit in protocol.visits:
        if "P" not in visit.assessments:
            continue
        nominal = visit.day if visit.day is not None else round((visit.months or 0) * DAYS_PER_MONTH)
        out.append((float(nominal), nominal - visit.early - 0.5, nominal + visit.late + 0.5))
    return out


def _expansion(
    records: Sequence[SubjectRecord], as_of: dt.date, protocol: Protocol, endpoints: Endpoints
) -> ExpansionChart | None:
    """CAR-T expansion curves: each subject's profile (`ltfu.analysis.pk.profile`),
    or for larger cohorts the median of the subjects' values at each PK visit."""
    analyte = "car_copies"
    with collector_paused():
        # Only the PK samples matter here: the cohort of stripped records builds fast.
        stripped = []
        for r in records:
            if r.infusion_date <= as_of:
                samples = tuple(x for x in r.results if x.analyte == analyte)
                if samples:
                    stripped.append(
                        dataclasses.replace(r, events=(), adverse_events=(), alive_dates=(), results=samples)
                    )
        if not stripped:
            return None
        cohort = Cohort.build(stripped, as_of)
        profiles = [(view.dose_level, *profile(view, analyte)[:2]) for view in cohort.subjects]
    levels = _levels(level for level, _, _ in profiles)
    unit = next((s.unit for s in endpoints.pk.summaries if s.analyte == analyte), "copies/ug")
    if len(profiles) <= EXPANSION_LINES_MAX:
        series = tuple(
            ExpansionSeries(dose_level=level, days=tuple(float(d) for d in days), values=tuple(values))
            for level, days, values in profiles
        )
        mode = "subjects"
    else:
        visits = _pk_visits(protocol)
        visit_of: dict[int, int] = {}  # study day -> the first PK visit whose window holds it
        for i, (_, low, high) in enumerate(visits):
            for day in range(math.ceil(low), math.floor(high) + 1):
                visit_of.setdefault(day, i)
        binned: dict[tuple[str, int], list[float]] = defaultdict(list)
        for level, days, values in profiles:
            seen = set()
            for day, value in zip(days, values, strict=True):
                i = visit_of.get(day)
                if i is not None and i not in seen:  # the first sample in the window
                    seen.add(i)
                    binned[(level, i)].append(value)
        series_list = []
        for level in levels:
            points = [(visits[i][0], median(binned[(level, i)])) for i in range(len(visits)) if binned.get((level, i))]
            if points:
                series_list.append(
                    ExpansionSeries(
                        dose_level=level, days=tuple(p[0] for p in points), values=tuple(p[1] for p in points)
                    )
                )
        series = tuple(series_list)
        mode = "median"
    return ExpansionChart(
        title=_PK_TITLES[analyte], unit=unit, mode=mode, series=series, dose_levels=levels, subjects=len(profiles)
    )


def _content(
    protocol: Protocol,
    year: int,
    period_start: dt.date,
    as_of: dt.date,
    sha: str,
    rows: _Rows,
    e: Endpoints,
    expansion: ExpansionChart | None,
) -> AnnualReportContent:
    duration = protocol.duration_years
    levels = _levels(
        (s.dose_level for s in rows.subjects), e.infused_by_dose_level, (r.dose_level for r in e.dlt.dose_levels)
    )
    in_period = period_start.__le__

    # Deaths: the analysis lists them; the table groups them by cause.
    deaths = e.adverse_events.deaths
    cause_counts: dict[str, Counter] = defaultdict(Counter)
    for d in deaths:
        cause_counts[d.cause.strip() or "Not recorded"][d.dose_level] += 1
    cause_rows = sorted(cause_counts.items(), key=lambda item: (-sum(item[1].values()), item[0].casefold()))
    by_cause = CountTable(
        columns=(*levels, "Total"),
        rows=tuple(CountRow(cause, (*(c[lv] for lv in levels), sum(c.values()))) for cause, c in cause_rows),
        total=CountRow("All deaths", (*(sum(c[lv] for _, c in cause_rows) for lv in levels), len(deaths))),
    )
    death_section = Deaths(
        total=len(deaths),
        in_period=_listing(
            [d for d in deaths if in_period(d.date)],
            lambda d: DeathRow(
                subject_id=d.subject_id, dose_level=d.dose_level, date=d.date, study_day=d.study_day, cause=d.cause
            ),
        ),
        by_cause=by_cause,
    )

    relapses = e.relapses.relapses
    relapse_section = Relapses(
        total=len(relapses),
        subjects=len({r.subject_id for r in relapses}),
        in_period=sum(1 for r in relapses if in_period(r.date)),
        listing=_listing(
            sorted(relapses, key=lambda r: (-r.date.toordinal(), r.subject_id)),
            lambda r: RelapseRow(
                subject_id=r.subject_id,
                dose_level=r.dose_level,
                date=r.date,
                study_day=r.study_day,
                cd19=r.cd19,
                cd22=r.cd22,
                lineage_switch=r.lineage_switch,
                in_period=in_period(r.date),
            ),
        ),
        first_relapse_phenotypes=tuple(e.relapses.first_relapse_phenotypes.items()),
    )

    best: dict[str, Counter] = defaultdict(Counter)
    for s in e.orr.subjects:
        best[s.dose_level][s.best_response or "Not assessed"] += 1
    response = Response(
        last_day=e.orr.last_day,
        confidence_level=e.orr.confidence_level,
        overall=_rate(e.orr.overall),
        by_dose_level=tuple(_rate(r) for r in e.orr.by_dose_level),
        best_response=_by_level_table(_levels(best), (*RESPONSE_CATEGORIES, "Not assessed"), best, total_label="All"),
    )

    survival = tuple(
        _km(key, _KM_TITLES[key], getattr(e, key), key in _DRAWN) for key in ("os", "pfs", "pfs_sensitivity", "dor")
    )

    not_computed: dict[str, Counter] = defaultdict(Counter)
    for p in e.pk.subjects:
        if p.auc_0_28 is None:
            not_computed[p.analyte][p.reason or NO_DAY_28] += 1
    tables = []
    for analyte in dict.fromkeys(s.analyte for s in e.pk.summaries):
        summaries = [s for s in e.pk.summaries if s.analyte == analyte]
        tables.append(
            PkTable(
                analyte=analyte,
                title=_PK_TITLES.get(analyte, analyte),
                unit=summaries[0].unit,
                rows=tuple(
                    PkRow(
                        dose_level=s.dose_level,
                        n_subjects=s.n_subjects,
                        cmax=_pk_stat(s.cmax),
                        tmax_day=_pk_stat(s.tmax_day),
                        auc_0_28=_pk_stat(s.auc_0_28),
                    )
                    for s in summaries
                ),
                not_computed=tuple(sorted(not_computed[analyte].items())),
            )
        )
    pk = Pk(rule=e.pk.rule, tables=tuple(tables), expansion=expansion)

    b = e.b_cells
    b_columns = ("With counts", "Ever aplastic", "Recovered", "Aplasia ongoing", "IgG low now")
    b_counts: dict[str, Counter] = defaultdict(Counter)
    for c in b.subjects:
        counts = b_counts[c.dose_level]
        counts["With counts"] += c.n_counts > 0
        counts["Ever aplastic"] += c.ever_aplastic
        counts["Recovered"] += c.recovered
        counts["Aplasia ongoing"] += c.ever_aplastic and not c.recovered
        counts["IgG low now"] += c.igg_low
    b_cells = BCells(
        b_cell_threshold=b.b_cell_threshold,
        igg_threshold=b.igg_threshold,
        by_dose_level=_by_level_table(_levels(b_counts), b_columns, b_counts),
        recovery=_km(
            "b_cell_recovery", "B-cell aplasia (time to B-cell recovery)", b.recovery, True, y_label="Still aplastic"
        ),
    )

    rcl_counts: dict[str, Counter] = defaultdict(Counter)
    for r in e.rcl.subjects:
        rcl_counts[r.dose_level][r.status.value] += 1
    rcl_table = _by_level_table(_levels(rcl_counts), [k for k, _ in _RCL_STATUS], rcl_counts)
    hama_counts = {level: Counter(counts) for level, counts in e.hama.by_dose_level.items()}
    hama_table = _by_level_table(_levels(hama_counts), [k for k, _ in _HAMA], hama_counts)
    immunogenicity = Immunogenicity(
        rcl_status=dataclasses.replace(rcl_table, columns=tuple(label for _, label in _RCL_STATUS)),
        rcl_samples_tested=sum(r.n_tested for r in e.rcl.subjects),
        rcl_samples_archived=sum(r.n_archived for r in e.rcl.subjects),
        rcl_alerts=tuple(
            RclAlertRow(subject_id=a.subject_id, dose_level=a.dose_level, date=a.date, study_day=a.study_day)
            for a in e.rcl.alerts
        ),
        rcl_alert_message=e.rcl.alerts[0].message if e.rcl.alerts else "",
        hama=dataclasses.replace(hama_table, columns=tuple(label for _, label in _HAMA)),
    )

    ae = e.adverse_events

    def grades(kind: str) -> CountTable:
        columns = ("Subjects", "None", "Grade 1", "Grade 2", "Grade 3", "Grade 4", "Grade 5")
        table_rows = []
        total = None
        for g in e.crs_icans:
            dist = getattr(g, kind)
            row = CountRow(
                g.dose_level if g.dose_level != "all" else "All", (g.n_subjects, *(dist[i] for i in range(6)))
            )
            if g.dose_level == "all":
                total = row
            else:
                table_rows.append(row)
        return CountTable(columns=columns, rows=tuple(table_rows), total=total)

    def terms(rows_: Iterable) -> tuple[TermRow, ...]:
        return tuple(TermRow(term=t.term, subjects=t.subjects, events=t.events) for t in rows_)

    delayed = [
        DelayedAeRow(
            subject_id=d.subject_id,
            dose_level=d.dose_level,
            onset=d.onset,
            study_day=d.study_day,
            term=d.term,
            grade=d.grade,
            category=d.category,
            serious=d.serious,
            resolved=d.resolved,
        )
        for d in ae.delayed_special_interest
        if in_period(d.onset)
    ]
    safety = Safety(
        n_subjects=ae.n_subjects,
        n_events=ae.n_events,
        n_subjects_with_ae=ae.n_subjects_with_ae,
        serious_events=ae.serious_events,
        serious_subjects=ae.serious_subjects,
        related_events=ae.related_events,
        events_by_grade=tuple(sorted(ae.events_by_grade.items())),
        subjects_by_worst_grade=tuple(sorted(ae.subjects_by_worst_grade.items())),
        most_frequent=terms(ae.most_frequent),
        most_serious=terms(ae.serious_terms),
        crs=grades("crs"),
        icans=grades("icans"),
        dlt_window_days=e.dlt.window_days,
        dlt=tuple(
            DltRow(
                dose_level=d.dose_level,
                treated=d.n_treated,
                evaluable=d.n_evaluable,
                pending=d.n_pending,
                not_evaluable=d.n_not_evaluable,
                dlt=d.n_dlt,
                decision=d.decision_text,
            )
            for d in e.dlt.dose_levels
        ),
        mtd=e.dlt.mtd,
        delayed_after_day=ae.delayed_after_day,
        delayed_by_category=terms(ae.delayed_by_category),
        delayed=_listing(delayed),
        delayed_total=len(ae.delayed_special_interest),
    )

    site_subjects = Counter(s.site for s in rows.subjects)
    return AnnualReportContent(
        study_title=protocol.title,
        protocol_id=protocol.id,
        protocol_version=protocol.version_label,
        year=year,
        period_start=period_start,
        period_end=as_of,
        data_sha256=sha,
        sites=tuple(SiteLine(code=code, name=name, subjects=site_subjects[code]) for code, name in rows.sites),
        subjects_entered=len(rows.subjects),
        subjects_infused=e.n_infused,
        enrolment=_enrolment(rows, levels, year, as_of, duration),
        follow_up=_follow_up(rows, e, levels, as_of, duration),
        deaths=death_section,
        relapses=relapse_section,
        response=response,
        survival=survival,
        pk=pk,
        b_cells=b_cells,
        immunogenicity=immunogenicity,
        safety=safety,
        data_problems=_listing(
            e.data_problems,
            lambda p: DataProblemRow(subject_id=p.subject_id, date=p.date, what=p.what, value=p.value, reason=p.reason),
        ),
    )


def sign_annual_report(
    db: Database,
    year: int,
    as_of: dt.date | None,
    password: str,
    meaning: str,
    progress: Progress | None = None,
    *,
    today: dt.date | None = None,
):  # type: ignore[no-untyped-def]
    """Build the report once, then sign it as the signed-in PI (password again).

    Returns the signed PDF and the `SignatureInfo` bound to its SHA-256.
    """
    from ltfu.reports.annual import render_annual
    from ltfu.services.signatures import sign_document

    content = build_annual_content(db, year, as_of, progress=progress, today=today)

    def render(info) -> bytes:  # type: ignore[no-untyped-def]
        head = info.audit_head
        block = Signature(
            printed_name=info.printed_name,
            signed_at_utc=info.signed_at,
            meaning=info.meaning,
            audit_entries=head.entries if head else None,
            audit_hash=head.hash if head else None,
        )
        return render_annual(dataclasses.replace(content, signature=block))

    return sign_document(db, password, meaning, f"annual_report_{year}", render, content.data_sha256)
