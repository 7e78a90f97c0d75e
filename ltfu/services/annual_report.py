"""The PI's annual status report (IND annual report, 21 CFR 312.33): content and PDF.

    build_annual_content(db, year, as_of=None) -> AnnualReportContent
    render_annual_report(db, year, ReportRequest(as_of), signature=None, progress=None) -> (pdf, data_sha256)
    show_annual_report(db, year, ReportRequest(as_of, language="zh")) -> AnnualReportShown (with any signature)
    sign_annual_report(db, year, ReportRequest(as_of), password, meaning, shown_sha256=None)
    data_hash(records) -> str

The reporting period is the calendar year; the data cut (as-of date) is 31 December
of that year unless an earlier day of the year is given. Every endpoint comes from
`ltfu.analysis.compute_endpoints` run on the subject records read here; this module
only maps its results into the report's plain dataclasses, plus row counts the
analysis does not cover (enrolment, visit states, contact attempts). It counts and
labels by codes (status, sex and grade codes, the analysis's categories) and `Term`s,
one function per section; the words are chosen when the report is rendered, in its
language. Progress is reported as `ReportStep`s, never as sentences.

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
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from json.encoder import encode_basestring
from operator import itemgetter
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ltfu.analysis import (
    Cohort,
    DataProblem,
    Endpoints,
    PackedResults,
    ResultNames,
    SubjectRecord,
    compute_endpoints,
    dose_level_sort_key,
)
from ltfu.analysis.dose_finding import Decision, DoseDecision
from ltfu.analysis.immuno import RclStatus
from ltfu.analysis.memory import collector_paused
from ltfu.analysis.pd import NOT_COMPUTED
from ltfu.analysis.pk import NO_DAY_28, NO_SAMPLES, dailies, profile, visit_medians
from ltfu.analysis.response import RESPONSE_CATEGORIES, AntigenStatus
from ltfu.analysis.survival import KaplanMeier, TimeToEvent
from ltfu.db import models as m
from ltfu.db.bulk import rows_in_one_step
from ltfu.db.days import Days
from ltfu.errors import Message, ValidationError
from ltfu.reports.annual_content import (
    ALL,
    SCREEN_COUNTS,
    AnnualReportContent,
    AtRiskSubject,
    BCells,
    BoinRow,
    BoinTable,
    CorrectionRow,
    CountRow,
    CountTable,
    Deaths,
    DltRow,
    DoseExpansionRow,
    DoseStepRow,
    Dropout,
    Enrolment,
    ExpansionChart,
    ExpansionSeries,
    FollowUp,
    FollowUpRow,
    Immunogenicity,
    IndReportContent,
    KmCurve,
    KmSummary,
    Label,
    Landmark,
    Listing,
    MissingScreenRow,
    OverdueVisit,
    Pd,
    PdTable,
    Pk,
    PkRow,
    PkTable,
    Relapses,
    ReportCover,
    Response,
    Safety,
    SafetyCaseRow,
    SafetyReportRow,
    SafetyReports,
    Screens,
    ScreenYearRow,
    Signature,
    SiteLine,
    Term,
    term,
)
from ltfu.schedule.protocol import Protocol
from ltfu.schedule.screens import ScreenTally
from ltfu.services import review, safety
from ltfu.services.database import Database
from ltfu.services.endpoints import load_subject_records
from ltfu.services.progress import Progress, ReportStep
from ltfu.services.protocols import analysis_scope, in_study
from ltfu.services.screens import tally_on, unreturned_questionnaires
from ltfu.services.signatures import SignatureInfo, existing_signature, sha256, sign_document

#: Rows a listing prints at most; the rest are counted ("N more not listed").
LISTING_LIMIT = 100
#: A subject with a visit overdue longer than this is at risk of loss to follow-up.
AT_RISK_OVERDUE_DAYS = 60
#: Up to this many subjects with PK samples, the expansion plot draws one line per
#: subject; above it, the median per dose level at each PK visit.
EXPANSION_LINES_MAX = 60
#: Age groups at infusion (years): code, lowest age, highest age.
AGE_GROUPS = (("age_0_17", 0, 17), ("age_18_39", 18, 39), ("age_40_64", 40, 64), ("age_65", 65, 200))
DAYS_PER_YEAR = 365.25
DAYS_PER_MONTH = DAYS_PER_YEAR / 12
#: A withdrawal counts as a dropout due to an adverse event when its detail names one.
AE_WITHDRAWAL = re.compile(r"\b(adverse|AE|SAE|toxicit|side[- ]effect)", re.IGNORECASE)
#: Contact attempt outcomes that are not a contact.
FAILED_OUTCOMES = tuple(o for o in m.CONTACT_OUTCOMES if o != "reached")

#: Column codes of the tables counted by dose level (words: annual_<language>.toml).
STATUS_COLUMNS = ("entered", "infused", "infused_in_year", "in_follow_up", "completed", "withdrawn", "lost", "died")
B_CELL_COLUMNS = ("with_counts", "ever_aplastic", "recovered", "aplasia_ongoing", "igg_low")
RCL_STATUSES = tuple(status.value for status in RclStatus)
HAMA_CATEGORIES = ("negative", "treatment-emergent", "pre-existing", "not evaluable")
SURVIVAL_ENDPOINTS = ("os", "pfs", "pfs_sensitivity", "dor")
#: Endpoints drawn as Kaplan-Meier plots (the others are in the table only).
DRAWN = ("os", "pfs", "dor")
#: Why a subject has no AUC0-28d, as the analysis says it -> the report's code.
PK_REASONS = {NO_SAMPLES: "no_samples", NO_DAY_28: "no_day_28"}

NOT_RECORDED = term("terms", "not_recorded")

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Row = TypeVar("_Row", bound="DataclassInstance")


# --- the data hash --------------------------------------------------------------------

DATA_HASH_HEADER = "ltfu-subject-records/1"


class _Quoted(dict):
    """Text as a JSON string literal (None as "-"), each distinct text quoted once."""

    def __missing__(self, key: str | None) -> str:
        value = self[key] = "-" if key is None else encode_basestring(key)
        return value


class _Iso(dict):
    """A date's ISO text, each distinct date written once."""

    def __missing__(self, day: dt.date) -> str:
        value = self[day] = day.isoformat()
        return value


class _ResultTail(dict):
    """(category, unit, blq, lloq) -> a result line's fields after its value."""

    def __init__(self, quoted: _Quoted):
        super().__init__()
        self.quoted = quoted

    def __missing__(self, key: tuple) -> str:
        category, unit, blq, lloq = key
        value = self[key] = (
            f"{self.quoted[category]}\t{self.quoted[unit]}\t{'1' if blq else '0'}\t"
            f"{'-' if lloq is None else repr(float(lloq))}"
        )
        return value


class _PackedLines:
    """Packed results -> their "R" lines of `data_hash`, the same text as written from
    the `Result`s they stand for, without making them: written for every row of an
    unpacked array at once, each subject's part then sliced from them.

    A line is put together from four texts: "R", the date and the tabs around it (one
    per day), the analyte's (one per analyte), the value's, and the fields after the
    value (one per distinct category, unit, BLQ flag and LLOQ). The values are written
    by one `repr` of the column's list (each float as `repr(float)` writes it), the
    other three taken by their codes through numpy: no Python code per result."""

    def __init__(self, quoted: _Quoted, tails: _ResultTail) -> None:
        self.quoted = quoted
        self.tails = tails
        self.days: dict[int, str] = {}  # proleptic ordinal -> "R\t<date>\t"
        self.written: dict[int, tuple[object, list[str]]] = {}  # by id of the array (kept alive here)

    def __call__(self, results: PackedResults) -> list[str]:
        base, start, stop = results.base()
        found = self.written.get(id(base))
        if found is None:
            found = self.written[id(base)] = (base, self._lines(base, results.names))
        return found[1][start:stop]

    def _day(self, ordinal: int) -> str:
        text = self.days.get(ordinal)
        if text is None:
            text = self.days[ordinal] = f"R\t{dt.date.fromordinal(ordinal).isoformat()}\t"
        return text

    def _lines(self, rows: np.ndarray, names: ResultNames) -> list[str]:
        if not len(rows):
            return []
        quoted, tails = self.quoted, self.tails
        day = rows["day"].astype(np.int64)
        first, last = int(day.min()), int(day.max())
        if last - first < 2 * len(rows):  # a span of years: every day's text, by offset
            day_texts, day_at = _texts([self._day(d) for d in range(first, last + 1)]), day - first
        else:
            days, day_at = np.unique(day, return_inverse=True)
            day_texts = _texts([self._day(d) for d in days.tolist()])
        analyte_texts = _texts([f"{quoted[analyte]}\t" for analyte in names.analytes])
        # The fields after the value: (category, analyte, BLQ) as one code, with the LLOQ
        # (NaN: none, all NaNs one) as its index among the distinct ones.
        codes = (rows["category"].astype(np.int64) << 9) | (rows["analyte"].astype(np.int64) << 1) | (rows["blq"] != 0)
        lloqs, lloq_at = np.unique(rows["lloq"], return_inverse=True)
        ends, end_at = np.unique(codes * len(lloqs) + lloq_at, return_inverse=True)
        lloq_list = lloqs.tolist()
        end_texts = []
        for end in ends.tolist():
            code, at = divmod(end, len(lloqs))
            lloq = lloq_list[at]
            category, analyte = names.categories[code >> 9], (code >> 1) & 0xFF
            end_texts.append(f"\t{tails[category, names.units[analyte], bool(code & 1), None if lloq != lloq else lloq]}")
        # A float's repr has no ", " in it: the list's repr splits into the values' own.
        values = repr(rows["value"].tolist())[1:-1].split(", ")
        for i in np.flatnonzero(np.isnan(rows["value"])).tolist():
            values[i] = "-"
        return list(
            map(
                "".join,
                zip(
                    day_texts[day_at].tolist(),
                    analyte_texts[rows["analyte"]].tolist(),
                    values,
                    _texts(end_texts)[end_at].tolist(),
                    strict=True,
                ),
            )
        )


def _texts(texts: list[str]) -> np.ndarray:
    """Texts as a numpy array of the str objects themselves (taken by index, not copied)."""
    out = np.empty(len(texts), dtype=object)
    out[:] = texts
    return out


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
    iso = _Iso()
    tails = _ResultTail(quoted)
    packed_lines = _PackedLines(quoted, tails)
    digest = hashlib.sha256(f"{DATA_HASH_HEADER}\n".encode())
    fl = float
    with collector_paused():
        for r in sorted(records, key=lambda record: record.subject_id):
            birth = "-" if r.birth_date is None else r.birth_date.isoformat()
            lines = [
                f"S\t{quoted[r.subject_id]}\t{quoted[r.site]}\t{quoted[r.dose_level]}\t"
                f"{r.infusion_date.isoformat()}\t{birth}\t{quoted[r.sex]}"
            ]
            lines += sorted([f"E\t{iso[e.date]}\t{quoted[e.kind]}\t{quoted[e.detail]}" for e in r.events])
            # A cohort has about a million results: their days, names and the fields after
            # the value (few distinct ones) are each written once and looked up after.
            # Unpacked (not read field by field): a result is a 7-tuple in `Result`'s field order.
            results = r.results
            if isinstance(results, PackedResults):
                lines += sorted(packed_lines(results))
            else:
                lines += sorted(
                    [
                        f"R\t{iso[day]}\t{quoted[analyte]}\t{'-' if value is None else repr(fl(value))}\t"
                        f"{tails[category, unit, blq, lloq]}"
                        for day, analyte, value, category, unit, blq, lloq in results
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
        raise ValidationError(Message("report.year", year=year))
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cut = end if as_of is None else as_of
    if not start <= cut <= end:
        raise ValidationError(Message("report.cut_outside", year=year, cut=cut, start=start, end=end))
    if cut > today:
        raise ValidationError(Message("report.cut_future", year=year, cut=cut, today=today))
    return start, cut


def build_annual_content(
    db: Database,
    year: int,
    as_of: dt.date | None = None,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    study: str | None = None,
) -> AnnualReportContent:
    """The annual report's content for `year`, data cut `as_of` (default 31 December), of
    `study`'s subjects by its protocol in force (None: the database's only study).

    `today` (default: the computer's date) only guards against a data cut in the future.
    """
    report = progress or (lambda fraction, step: None)
    period_start, cut = reporting_period(year, as_of, today or dt.date.today())
    report(0.02, ReportStep.READING)
    problems: list[DataProblem] = []
    # From the first read to the last table the cohort's ~900,000 result tuples are alive:
    # with the cyclic collector paused (as the loader does), the hundreds of thousands of
    # rows read and counted after them (visits, screens, the endpoints' rows) trigger no
    # full collections walking them all again (a third of the report's time at 10,000).
    with collector_paused():
        with db.session(read_only=True) as session:
            study, protocol = analysis_scope(session, study)
            records = load_subject_records(session, cut, problems, protocol.dlt_window_days, study)
            # The results stay packed: the data hash writes them from their packed rows, the
            # endpoints read them as such, the expansion chart the endpoints' cohort of them.
            report(0.4, ReportStep.COUNTING)

            def counted() -> tuple[_Rows, SafetyReports, Listing]:
                return (
                    _read_rows(session, cut, period_start, study),
                    _safety_reports(session, period_start, cut, study),
                    _corrections(session, period_start, cut, study),
                )

            def computed() -> tuple[Cohort, str, Endpoints]:
                cohort = Cohort.build(records, cut)
                return (cohort, *hashed_endpoints(records, cut, protocol, problems, _unreported, cohort))

            (rows, reports, corrections), (cohort, sha, endpoints) = counted_meanwhile(counted, computed, report)
        expansion = _expansion(cohort, protocol, endpoints)
        content = _content(protocol, year, period_start, cut, sha, rows, endpoints, expansion)
    return dataclasses.replace(content, safety_reports=reports, corrections=corrections)


def _corrections(session: Session, period_start: dt.date, cut: dt.date, study: str | None) -> Listing:
    """Changes made after a frozen data cut of the period to what it froze (of `study`'s subjects)."""
    ours = set(session.scalars(select(m.Subject.study_id).where(in_study(study)))) if study else None
    rows = [
        CorrectionRow(
            cut_id=c.cut_id,
            cut_as_of=c.cut_as_of,
            subject_id=c.study_id or "",
            record=c.record_table,
            field=c.field or "",
            old=c.old_value or "",
            new=c.new_value or "",
            day=c.at.date(),
            reason=c.reason or "",
        )
        for c in review.corrections_between(session, period_start, cut)
        if ours is None or c.study_id in ours
    ]
    return _listing(rows)


def hashed_endpoints(
    records: list[SubjectRecord],
    cut: dt.date,
    protocol: Protocol,
    problems: list[DataProblem],
    report: Progress,
    cohort: Cohort | None = None,
) -> tuple[str, Endpoints]:
    """The records' data hash and their endpoints at the data cut, by the protocol's rules
    (the annual and the IND report alike), reporting progress. `cohort`: the records'
    `Cohort` on the cut, when the caller built it (to read it too)."""
    report(0.5, ReportStep.HASHING)
    sha = data_hash(records)
    report(0.6, ReportStep.ENDPOINTS)
    endpoints = compute_endpoints(
        records if cohort is None else cohort,
        cut,
        b_cell_threshold=protocol.b_cell_aplasia_threshold,
        igg_threshold=protocol.igg_threshold,
        at_risk_days=at_risk_days(records, cut),
        dlt_window_days=protocol.dlt_window_days,
        dose_design=protocol.dose_finding,
        data_problems=problems,
    )
    report(0.72, ReportStep.TABLES)
    return sha, endpoints


def _unreported(fraction: float, step: ReportStep) -> None:
    """The progress of work done on another thread: its caller reports it (`counted_meanwhile`)."""


_Read = TypeVar("_Read")
_Computed = TypeVar("_Computed")


def counted_meanwhile(
    read: Callable[[], _Read], compute: Callable[[], _Computed], report: Progress
) -> tuple[_Read, _Computed]:
    """`read()` (the report's counts and listings, in the caller's session) on this thread
    while `compute()` (the data hash and the endpoints, on records already read) runs on a
    second one. The counts are SQL that SQLite or the server mostly works out without
    Python's lock, so the two share the machine's cores instead of taking turns (~0.5 s of
    the annual report at 10,000 subjects). The session stays on this thread; progress is
    reported from it: the endpoints once the counting is done, the tables once both are."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ltfu-endpoints") as beside:
        computing = beside.submit(compute)
        got = read()
        report(0.6, ReportStep.ENDPOINTS)
        done = computing.result()
    report(0.72, ReportStep.TABLES)
    return got, done


@dataclasses.dataclass(frozen=True)
class ReportRequest:
    """Which annual or IND report to print: the data cut `as_of` (the annual report's
    default: 31 December of its year; the IND report's: today, its period ending on the
    anniversary before it), `today` (default: the computer's date; it only guards
    against a data cut in the future), the report's `language` (see `report_languages`)
    and `study` (None: the database's only study)."""

    as_of: dt.date | None = None
    today: dt.date | None = None
    language: str = "en"
    study: str | None = None


def render_annual_report(
    db: Database, year: int, request: ReportRequest, signature: Signature | None = None, progress: Progress | None = None
) -> tuple[bytes, str]:
    """The annual report of `year` (see `build_annual_content`) as PDF bytes in the
    request's language, and the SHA-256 of the data it was built from (the same in every
    language).

    `progress(fraction, step)` is called a few times on the way (from this thread).
    """
    content = _annual_content(db, year, request, progress)
    if signature is not None:
        content = dataclasses.replace(content, signature=signature)
    return _laid_out(content, request.language, progress), content.data_sha256


@dataclasses.dataclass(frozen=True)
class AnnualReportShown:
    """The annual report as the window shows it: the PDF, its data hash, and, when a
    signer already signed exactly these pages, that signature (`pdf` is then the signed
    document, byte for byte as signed, which verifies)."""

    pdf: bytes
    data_hash: str
    signature: SignatureInfo | None = None


def show_annual_report(
    db: Database, year: int, request: ReportRequest, progress: Progress | None = None
) -> AnnualReportShown:
    """`render_annual_report`, plus the existing signature of the same pages (rebuilt
    from the same data in the same language), so nobody sees "not signed" for a signed report."""
    content = _annual_content(db, year, request, progress)
    return shown_with_signature(db, content, _document_kind(year), request.language, progress)


def shown_with_signature(
    db: Database,
    content: AnnualReportContent | IndReportContent,
    document_kind: str,
    language: str,
    progress: Progress | None,
) -> AnnualReportShown:
    """A built report laid out, or, when a signer already signed exactly these pages, the
    signed document with its signature."""
    pdf = _laid_out(content, language, progress)
    found = existing_signature(db, document_kind, content.data_sha256, _signed_render(content, language))
    if found is None:
        return AnnualReportShown(pdf, content.data_sha256)
    return AnnualReportShown(found[0], content.data_sha256, found[1])


def _annual_content(db: Database, year: int, request: ReportRequest, progress: Progress | None) -> AnnualReportContent:
    db.require("print")
    _check_language(request.language)
    return build_annual_content(
        db, year, request.as_of, progress=progress, today=request.today, study=request.study
    )


def _laid_out(content: AnnualReportContent | IndReportContent, language: str, progress: Progress | None) -> bytes:
    from ltfu.reports.annual import render_annual

    if progress:
        progress(0.8, ReportStep.LAYOUT)
    pdf = render_annual(content, language=language)
    if progress:
        progress(1.0, ReportStep.DONE)
    return pdf


def _document_kind(year: int) -> str:
    return f"annual_report_{year}"


def _signed_render(content: AnnualReportContent | IndReportContent, language: str) -> Callable[[SignatureInfo], bytes]:
    """The report with a signature's block printed on it (name, time, meaning, the trail's head)."""
    from ltfu.reports.annual import render_annual

    def render(info: SignatureInfo) -> bytes:
        head = info.audit_head
        block = Signature(
            printed_name=info.printed_name,
            signed_at_utc=info.signed_at,
            meaning=info.meaning,
            audit_entries=head.entries if head else None,
            audit_hash=head.hash if head else None,
        )
        return render_annual(dataclasses.replace(content, signature=block), language=language)

    return render


@dataclasses.dataclass(frozen=True)
class CutRebuild:
    """The annual report rebuilt from a frozen data cut, beside today's data.

    `at_cut` is the report from the data as they were at the cut: when a signer signed
    exactly those pages, the signed document itself (`at_cut.signature` set, its SHA-256
    the signed one). `today_hash` is the data hash of the same report from today's data;
    `cut.corrections` what changed since to what the cut froze."""

    cut: review.Cut
    at_cut: AnnualReportShown
    today_hash: str

    @property
    def sha256(self) -> str:
        return sha256(self.at_cut.pdf)

    @property
    def identical_to_signed(self) -> bool:
        return self.at_cut.signature is not None

    @property
    def data_changed(self) -> bool:
        return self.today_hash != self.at_cut.data_hash

    def to_dict(self) -> dict[str, object]:
        signature = self.at_cut.signature
        return {
            "cut": self.cut.cut_id,
            "as_of": self.cut.as_of.isoformat(),
            "sha256": self.sha256,
            "identical_to_signed": self.identical_to_signed,
            "signed_by": signature.username if signature else None,
            "signed_at": signature.signed_at.isoformat() if signature else None,
            "data_hash_at_cut": self.at_cut.data_hash,
            "data_hash_today": self.today_hash,
            "records_changed": self.cut.records_changed,
            "corrections": [c.to_dict() for c in self.cut.corrections],
        }


def rebuild_from_cut(
    db: Database,
    year: int,
    cut_id: int,
    progress: Progress | None = None,
    *,
    today: dt.date | None = None,
    language: str = "en",
    study: str | None = None,
) -> CutRebuild:
    """The annual report of `year` (of `study`) from the data as they were at data cut `cut_id`
    (rebuilt from the audit trail into a throwaway database), the signed document when
    one was signed from them, and today's data hash of the same report to compare.

    The report's data cut is the cut's as-of date (31 December when later); its "today"
    is taken from the cut, so nothing in it depends on the clock."""
    db.require("print")
    _check_language(language)
    cut = review.data_cut(db, cut_id)
    as_of = min(cut.as_of, dt.date(year, 12, 31))
    folder = tempfile.mkdtemp(prefix="ltfu-cut-")
    try:
        rebuilt = review.rebuild_at_cut(db, cut_id, folder)
        try:
            content = build_annual_content(
                rebuilt, year, as_of, progress=progress, today=max(as_of, cut.cut_at.date()), study=study
            )
        finally:
            rebuilt.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    shown = shown_with_signature(db, content, _document_kind(year), language, progress)
    now = build_annual_content(db, year, as_of, today=max(as_of, today or dt.date.today()), study=study)
    return CutRebuild(cut, shown, now.data_sha256)


def report_languages() -> tuple[str, ...]:
    """The languages the annual report can be printed in (codes, e.g. ``en``, ``zh``)."""
    from ltfu.reports.annual import LANGUAGES

    return LANGUAGES


def _check_language(language: str) -> None:
    """Refuse an unknown language before the (slow) content is built."""
    if language not in report_languages():
        raise ValidationError(Message("report.language", language=language, available=report_languages()))


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
    entered: dt.date | None = None  # enrolled, else first infused
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
    screens: ScreenTally


def _read_rows(session: Session, as_of: dt.date, period_start: dt.date, study: str | None) -> _Rows:
    """The counts and listings of the report, read beside the endpoints' computation
    (`counted_meanwhile`): every query of thousands of rows read in one step
    (`rows_in_one_step`, through the session: what its user may see; dates as `Days`), put in
    order here."""
    day_of = Days()
    sites = [(code, name) for code, name in session.execute(select(m.Site.code, m.Site.name).order_by(m.Site.code))]
    first_infusion = {
        sid: day_of[day]
        for sid, day in rows_in_one_step(
            session,
            select(m.Infusion.subject_id, func.min(m.Infusion.infusion_date))
            .where(m.Infusion.voided_at.is_(None))
            .group_by(m.Infusion.subject_id),
        )
    }
    subjects: dict[int, _Subject] = {}
    for sid, study_id, site, level, birth_year, sex, race, status, enrolled in sorted(
        rows_in_one_step(
            session,
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
            .where(m.Subject.voided_at.is_(None), in_study(study)),
        ),
        key=itemgetter(1),
    ):
        infused = first_infusion.get(sid)
        if enrolled is not None:
            enrolled = day_of[enrolled]
        entered = enrolled if enrolled is not None else infused
        if entered is not None and entered > as_of:
            continue
        subjects[sid] = _Subject(
            study_id,
            site,
            level,
            birth_year,
            sex,
            race,
            status,
            infused if infused and infused <= as_of else None,
            entered=entered,
        )
    # Death, withdrawal and loss to follow-up as they stood on the data cut.
    events = rows_in_one_step(
        session,
        select(
            m.ClinicalEvent.subject_id,
            m.ClinicalEvent.kind,
            m.ClinicalEvent.event_date,
            m.ClinicalEvent.withdrawal_scope,
            m.ClinicalEvent.detail,
            m.ClinicalEvent.id,
        ).where(
            m.ClinicalEvent.voided_at.is_(None),
            m.ClinicalEvent.event_date <= as_of,
            m.ClinicalEvent.kind.in_(("death", "withdrawal", "lost_to_follow_up", "lost_to_follow_up_reversed")),
        ),
    )
    for sid, kind, day, scope, detail, _ in sorted(events, key=lambda e: (day_of[e[2]], e[5])):
        day = day_of[day]
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
        in_study(study),
        m.Visit.code.is_not(None),
        closed,
    )
    visits: dict[tuple[str, bool, str], int] = {}
    for level, period, cat, n in rows_in_one_step(
        session,
        select(m.Subject.dose_level, in_period, category, func.count())
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .where(*scheduled)
        .group_by(m.Subject.dose_level, in_period, category),
    ):
        visits[(level, bool(period), cat)] = n
    late = [
        (day_of[end], study_id, day_of[nominal], level, code)
        for study_id, level, code, end, nominal in rows_in_one_step(
            session,
            select(m.Subject.study_id, m.Subject.dose_level, m.Visit.code, m.Visit.window_end, m.Visit.nominal_date)
            .join(m.Subject, m.Subject.id == m.Visit.subject_id)
            .where(*scheduled, category == "overdue"),
        )
    ]
    late.sort(key=itemgetter(0, 1, 2))
    overdue = [
        OverdueVisit(
            subject_id=study_id,
            dose_level=level,
            visit_code=code,
            window_end=end,
            days_overdue=(as_of - end).days,
        )
        for end, study_id, _, level, code in late
    ]
    failed: dict[str, list[dt.date]] = defaultdict(list)
    for study_id, day in session.execute(
        select(m.Subject.study_id, m.ContactAttempt.attempt_date)
        .join(m.Subject, m.Subject.id == m.ContactAttempt.subject_id)
        .where(
            m.ContactAttempt.voided_at.is_(None),
            m.ContactAttempt.attempt_date <= as_of,
            m.ContactAttempt.outcome.in_(FAILED_OUTCOMES),
            in_study(study),
        )
    ):
        failed[study_id].append(day)
    # A questionnaire not returned by the end of its window is a failed contact too.
    study_ids: dict[int, str] = {
        sid: study_id
        for sid, study_id in rows_in_one_step(session, select(m.Subject.id, m.Subject.study_id).where(in_study(study)))
    }
    for subject_id, days in unreturned_questionnaires(session, None, as_of).items():
        if subject_id in study_ids:
            failed[study_ids[subject_id]] += days
    screens = tally_on(session, as_of, in_study(study))
    return _Rows(sites, list(subjects.values()), visits, overdue, dict(failed), screens)


# --- mapping into the report's content ---------------------------------------------------
#
# One function per section of the report. Each counts by codes (status codes, sex codes,
# grade numbers, the analysis's category codes) and labels with `Term`s; the renderer
# chooses the words in the report's language.


def _as(cls: type[_Row], source: object, **changes: object) -> _Row:
    """A `cls` row made of the same-named attributes of `source` (the analysis's own
    result, or the report's cover), with `changes`; a field `source` lacks keeps its default."""
    names = [f.name for f in dataclasses.fields(cls) if f.name not in changes and hasattr(source, f.name)]
    return cls(**{name: getattr(source, name) for name in names}, **changes)


def _levels(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({level for group in groups for level in group}, key=dose_level_sort_key))


def _listing(items: Sequence, make: Callable = lambda item: item, limit: int = LISTING_LIMIT) -> Listing:
    """The first `limit` items (each made into a row by `make`) and how many there are."""
    return Listing(rows=tuple(make(item) for item in items[:limit]), total=len(items))


def _by_level_table(
    levels: Sequence[str],
    columns: Sequence[str],
    counts: dict[str, Counter],
    section: str,
    values: Mapping[str, Mapping[str, object]] | None = None,
) -> CountTable:
    """Counts per dose level (rows) and column code (`columns`; words in `[section]`,
    filled with `values[code]`), then all levels."""
    rows = tuple(CountRow(level, tuple(counts.get(level, Counter())[c] for c in columns)) for level in levels)
    total = CountRow(ALL, tuple(sum(row.counts[i] for row in rows) for i in range(len(columns))))
    labels = tuple(term(section, c, **(values or {}).get(c, {})) for c in columns)
    return CountTable(columns=labels, rows=rows, total=total)


def _age_group(age: int | None) -> str | None:
    if age is None:
        return None
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return None


def _dropout(s: _Subject, status: str) -> Dropout | None:
    """A subject who dropped out (withdrawn or lost to follow-up) by the data cut."""
    if status == "withdrawn":
        assert s.withdrawn is not None
        day, scope, detail = s.withdrawn
        return Dropout(
            subject_id=s.study_id,
            dose_level=s.dose_level,
            date=day,
            kind="withdrawn",
            scope=term("enrolment", f"scope_{scope}") if scope in m.WITHDRAWAL_SCOPES else scope,
            due_to_ae=bool(AE_WITHDRAWAL.search(detail)),
            reason=detail.strip() or None,
        )
    if status == "lost":
        assert s.lost is not None
        return Dropout(
            subject_id=s.study_id,
            dose_level=s.dose_level,
            date=s.lost,
            kind="lost_to_follow_up",
            scope=None,
            due_to_ae=False,
        )
    return None


def _demographics(rows: _Rows, levels: tuple[str, ...], as_of: dt.date) -> CountTable:
    """Subjects entered by age group at infusion, sex and race (rows) and dose level."""
    counts: dict[tuple[str, str | None], Counter] = defaultdict(Counter)
    for s in rows.subjects:
        reference_year = (s.infusion_date or as_of).year
        age = reference_year - s.birth_year if s.birth_year is not None else None
        counts[("age", _age_group(age))][s.dose_level] += 1
        counts[("sex", s.sex if s.sex in m.SEXES else None)][s.dose_level] += 1
        counts[("race", (s.race or "").strip() or None)][s.dose_level] += 1

    table_rows = []

    def add(group: str, value: str | None, label: Label, always: bool) -> None:
        by_level = counts.get((group, value), Counter())
        values = tuple(by_level[level] for level in levels)
        total = sum(values)
        if always or total:
            table_rows.append(CountRow(label, (*values, total), term("demographics", group)))

    for code, _, _ in AGE_GROUPS:
        add("age", code, term("demographics", code), True)
    add("age", None, NOT_RECORDED, False)
    for sex in m.SEXES:
        add("sex", sex, term("demographics", f"sex_{sex.lower()}"), sex != "U")
    add("sex", None, NOT_RECORDED, False)
    for race in sorted({value for group, value in counts if group == "race" and value is not None}):
        add("race", race, race, True)
    add("race", None, NOT_RECORDED, False)
    entered = Counter(s.dose_level for s in rows.subjects)
    return CountTable(
        columns=(*levels, term("terms", "total")),
        rows=tuple(table_rows),
        total=CountRow(term("status", "entered"), (*(entered[level] for level in levels), len(rows.subjects))),
    )


def _enrolment(
    rows: _Rows, levels: tuple[str, ...], period_start: dt.date, as_of: dt.date, duration: int, year: int | None
) -> Enrolment:
    """Status by dose level, demographics and dropouts; the subjects infused in the period
    are headed "in `year`" (the annual report) or "in the period" (`year` None)."""
    in_period = "infused_in_year" if year is not None else "infused_in_period"
    columns = tuple(in_period if c == "infused_in_year" else c for c in STATUS_COLUMNS)
    status_counts: dict[str, Counter] = defaultdict(Counter)
    dropouts = []
    for s in rows.subjects:
        c = status_counts[s.dose_level]
        c["entered"] += 1
        if s.infusion_date is not None:
            c["infused"] += 1
            c[in_period] += s.infusion_date >= period_start
            status = s.status(as_of, duration)
            c[status] += 1
            dropout = _dropout(s, status)
            if dropout is not None:
                dropouts.append(dropout)
    dropouts.sort(key=lambda d: (d.date, d.subject_id))
    return Enrolment(
        dose_levels=levels,
        status=_by_level_table(levels, columns, status_counts, "status", {"infused_in_year": {"year": year}}),
        demographics=_demographics(rows, levels, as_of),
        dropouts=_listing(dropouts),
        dropouts_due_to_ae=sum(d.due_to_ae for d in dropouts),
        not_infused=sum(1 for s in rows.subjects if s.infusion_date is None),
    )


def _ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


def _at_risk(rows: _Rows, endpoints: Endpoints, as_of: dt.date, duration: int) -> list[AtRiskSubject]:
    """Still followed, and a failed contact attempt since the last known alive date, or a
    visit overdue for more than `AT_RISK_OVERDUE_DAYS`; most overdue first."""
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
        most_overdue = worst.get(sid)
        long_overdue = most_overdue is not None and most_overdue.days_overdue > AT_RISK_OVERDUE_DAYS
        if failed or long_overdue:
            at_risk.append(
                AtRiskSubject(
                    subject_id=sid,
                    dose_level=level_of[sid],
                    last_known_alive=alive,
                    failed_attempts=failed,
                    most_overdue_visit=most_overdue.visit_code if most_overdue else None,
                    days_overdue=most_overdue.days_overdue if most_overdue else None,
                )
            )
    at_risk.sort(key=lambda a: (-(a.days_overdue or 0), -a.failed_attempts, a.subject_id))
    return at_risk


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
        potential[s.dose_level] += possible  # type: ignore[assignment]  # days as a float: Counter adds any number
        subjects[s.dose_level] += 1

    def row(label: Label, keys: Sequence[str], period: bool | None) -> FollowUpRow:
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
    cumulative = tuple(row(level, (level,), None) for level in all_levels) + (row(ALL, all_levels, None),)
    in_period = tuple(row(level, (level,), True) for level in all_levels) + (row(ALL, all_levels, True),)
    return FollowUp(
        rows=cumulative,
        period_rows=in_period,
        overdue=_listing(rows.overdue),
        at_risk=_listing(_at_risk(rows, endpoints, as_of, duration)),
        at_risk_overdue_days=AT_RISK_OVERDUE_DAYS,
        duration_years=duration,
    )


def _deaths(e: Endpoints, levels: tuple[str, ...], in_period: Callable[[dt.date], bool]) -> Deaths:
    """The analysis lists the deaths; the table groups them by recorded cause."""
    deaths = e.adverse_events.deaths
    cause_counts: dict[str, Counter] = defaultdict(Counter)
    for d in deaths:
        cause_counts[d.cause.strip()][d.dose_level] += 1
    # The causes people wrote, most frequent first; a missing cause sorts as its English words did.
    cause_rows = sorted(
        cause_counts.items(), key=lambda item: (-sum(item[1].values()), (item[0] or "Not recorded").casefold())
    )
    by_cause = CountTable(
        columns=(*levels, term("terms", "total")),
        rows=tuple(
            CountRow(cause or NOT_RECORDED, (*(c[lv] for lv in levels), sum(c.values()))) for cause, c in cause_rows
        ),
        total=CountRow(
            term("terms", "all_deaths"), (*(sum(c[lv] for _, c in cause_rows) for lv in levels), len(deaths))
        ),
    )
    return Deaths(
        total=len(deaths),
        in_period=_listing([d for d in deaths if in_period(d.date)]),
        by_cause=by_cause,
    )


def _phenotype(cd19: str | None, cd22: str | None, lineage_switch: bool) -> Term:
    def antigen(status: str | None) -> Term:
        return term("relapses", f"antigen_{status}") if status else term("relapses", "not_recorded")

    return term(
        "relapses", "phenotype_switch" if lineage_switch else "phenotype", cd19=antigen(cd19), cd22=antigen(cd22)
    )


def _relapses(e: Endpoints, in_period: Callable[[dt.date], bool]) -> Relapses:
    relapses = e.relapses.relapses
    # The analysis counts first relapses by its phenotype sentence; the report needs the codes.
    codes = {AntigenStatus(r.cd19, r.cd22, r.lineage_switch).phenotype: r for r in relapses}
    return Relapses(
        total=len(relapses),
        subjects=len({r.subject_id for r in relapses}),
        in_period=sum(1 for r in relapses if in_period(r.date)),
        listing=_listing(sorted(relapses, key=lambda r: (-r.date.toordinal(), r.subject_id))),
        first_relapse_phenotypes=tuple(
            (_phenotype(codes[p].cd19, codes[p].cd22, codes[p].lineage_switch), n)
            for p, n in e.relapses.first_relapse_phenotypes.items()
        ),
    )


def _response(e: Endpoints) -> Response:
    best: dict[str, Counter] = defaultdict(Counter)
    for s in e.orr.subjects:
        best[s.dose_level][s.best_response or "not_assessed"] += 1
    return Response(
        last_day=e.orr.last_day,
        confidence_level=e.orr.confidence_level,
        overall=e.orr.overall,
        by_dose_level=e.orr.by_dose_level,
        best_response=_by_level_table(_levels(best), (*RESPONSE_CATEGORIES, "not_assessed"), best, "response"),
    )


def _km(key: str, endpoint: TimeToEvent, draw: bool, **values: object) -> KmSummary:
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
        definition=term("survival", f"{key}_definition", **values),
        n=km.n,
        events=km.events,
        confidence_level=km.confidence_level,
        median=km.median,
        median_lower=km.median_lower,
        median_upper=km.median_upper,
        landmarks=tuple(Landmark(day=p.day, survival=p.survival, lower=p.lower, upper=p.upper) for p in km.landmarks),
        curve=curve,
    )


def _survival(e: Endpoints) -> tuple[KmSummary, ...]:
    return tuple(_km(key, getattr(e, key), key in DRAWN) for key in SURVIVAL_ENDPOINTS)


def _pk(e: Endpoints, expansion: ExpansionChart | None) -> Pk:
    not_computed: dict[str, Counter] = defaultdict(Counter)
    for p in e.pk.subjects:
        if p.auc_0_28 is None:
            not_computed[p.analyte][p.reason or NO_DAY_28] += 1
    tables = []
    for analyte in dict.fromkeys(s.analyte for s in e.pk.summaries):
        summaries = [s for s in e.pk.summaries if s.analyte == analyte]
        reasons = sorted(not_computed[analyte].items())
        tables.append(
            PkTable(
                analyte=analyte,
                unit=summaries[0].unit,
                rows=tuple(_as(PkRow, s) for s in summaries),
                not_computed=tuple(
                    (term("pk", f"reason_{PK_REASONS[r]}") if r in PK_REASONS else r, n) for r, n in reasons
                ),
            )
        )
    return Pk(tables=tuple(tables), expansion=expansion)


def _pd(e: Endpoints) -> Pd:
    """Per pharmacodynamic analyte with samples: medians and ranges by dose level and by
    worst CRS grade, and why values were not computed."""

    def reasons(codes: Iterable[str | None]) -> tuple[tuple[Label, int], ...]:
        counts = Counter(codes)
        return tuple((term("pd", f"reason_{code}"), counts[code]) for code in NOT_COMPUTED if counts[code])

    tables = []
    for a in e.pd.analytes:
        if not a.subjects:
            continue
        tables.append(
            PdTable(
                analyte=a.analyte,
                unit=a.unit,
                by_dose_level=tuple((s.dose_level or "", s) for s in a.by_dose_level),
                by_crs_grade=tuple(
                    (term("pd", "no_crs") if not s.crs_grade else term("grades", "grade", n=s.crs_grade), s)
                    for s in a.by_crs_grade
                ),
                fold_not_computed=reasons(p.fold_change_reason for p in a.subjects),
                auc_not_computed=reasons(p.auc_reason for p in a.subjects),
            )
        )
    return Pd(end_day=e.pd.end_day, tables=tuple(tables))


def _b_cells(e: Endpoints) -> BCells:
    b = e.b_cells
    counts: dict[str, Counter] = defaultdict(Counter)
    for c in b.subjects:
        level = counts[c.dose_level]
        level["with_counts"] += c.n_counts > 0
        level["ever_aplastic"] += c.ever_aplastic
        level["recovered"] += c.recovered
        level["aplasia_ongoing"] += c.ever_aplastic and not c.recovered
        level["igg_low"] += c.igg_low
    return BCells(
        b_cell_threshold=b.b_cell_threshold,
        igg_threshold=b.igg_threshold,
        by_dose_level=_by_level_table(_levels(counts), B_CELL_COLUMNS, counts, "b_cell_counts"),
        recovery=_km("b_cell_recovery", b.recovery, True, threshold=f"{b.b_cell_threshold:g}"),
    )


def _immunogenicity(e: Endpoints) -> Immunogenicity:
    rcl_counts: dict[str, Counter] = defaultdict(Counter)
    for r in e.rcl.subjects:
        rcl_counts[r.dose_level][r.status.value] += 1
    hama_counts = {level: Counter(counts) for level, counts in e.hama.by_dose_level.items()}
    return Immunogenicity(
        rcl_status=_by_level_table(_levels(rcl_counts), RCL_STATUSES, rcl_counts, "rcl_status"),
        rcl_samples_tested=sum(r.n_tested for r in e.rcl.subjects),
        rcl_samples_archived=sum(r.n_archived for r in e.rcl.subjects),
        rcl_alerts=e.rcl.alerts,
        hama=_by_level_table(_levels(hama_counts), HAMA_CATEGORIES, hama_counts, "hama"),
    )


def _grades(e: Endpoints, kind: str) -> CountTable:
    """Subjects by worst CRS or ICANS grade (`kind`), per dose level, then all."""
    columns = (term("grades", "subjects"), term("grades", "none"), *(term("grades", "grade", n=n) for n in range(1, 6)))
    table_rows = []
    total = None
    for g in e.crs_icans:
        dist = getattr(g, kind)
        row = CountRow(ALL if g.dose_level == "all" else g.dose_level, (g.n_subjects, *(dist[i] for i in range(6))))
        if g.dose_level == "all":
            total = row
        else:
            table_rows.append(row)
    return CountTable(columns=columns, rows=tuple(table_rows), total=total)


def decision_term(decision: Decision, boin: bool, dlts: int, evaluable: int) -> Term:
    """A dose decision as a code with the counts it rests on."""
    key = "stopped_boin" if boin and decision is Decision.STOPPED else decision.value
    return term("decisions", key, dlts=dlts, evaluable=evaluable)


def _dose_history(dose: DoseDecision) -> tuple[DoseStepRow, ...]:
    boin = dose.boundaries is not None
    return tuple(
        DoseStepRow(
            step=c.step,
            dose_level=c.dose_level,
            cohort=c.number,
            subjects=c.subjects,
            decision=decision_term(c.decision, boin, c.level_dlt, c.level_n),
        )
        for c in dose.history
    )


def _dose_expansion(dose: DoseDecision) -> tuple[DoseExpansionRow, ...]:
    return tuple(
        _as(
            DoseExpansionRow,
            x,
            dose_level=level.dose_level,
            subjects=len(x.subjects),
            dlt=x.n_dlt,
        )
        for level in dose.levels
        if (x := level.expansion) is not None
    )


def _boin_table(dose: DoseDecision) -> BoinTable | None:
    b = dose.boundaries
    if b is None:
        return None
    rows = tuple(
        _as(BoinRow, r, escalate_at_most=r.escalate_at_most if r.escalate_at_most >= 0 else None) for r in b.table
    )
    return _as(BoinTable, b, cohort_size=dose.design.cohort_size, max_per_dose=dose.design.max_per_dose, rows=rows)


def _safety(e: Endpoints, in_period: Callable[[dt.date], bool]) -> Safety:
    ae = e.adverse_events
    delayed = [d for d in ae.delayed_special_interest if in_period(d.onset)]
    return Safety(
        n_subjects=ae.n_subjects,
        n_events=ae.n_events,
        n_subjects_with_ae=ae.n_subjects_with_ae,
        serious_events=ae.serious_events,
        serious_subjects=ae.serious_subjects,
        related_events=ae.related_events,
        events_by_grade=tuple(sorted(ae.events_by_grade.items())),
        subjects_by_worst_grade=tuple(sorted(ae.subjects_by_worst_grade.items())),
        most_frequent=ae.most_frequent,
        most_serious=ae.serious_terms,
        crs=_grades(e, "crs"),
        icans=_grades(e, "icans"),
        dlt_window_days=e.dlt.window_days,
        dlt=tuple(
            DltRow(
                dose_level=d.dose_level,
                treated=d.n_treated,
                evaluable=d.n_evaluable,
                pending=d.n_pending,
                not_evaluable=d.n_not_evaluable,
                dlt=d.n_dlt,
                decision=decision_term(
                    d.decision,
                    e.dlt.dose.boundaries is not None,
                    d.dose_finding.n_dose_finding_dlt,
                    d.dose_finding.n_dose_finding,
                ),
            )
            for d in e.dlt.dose_levels
        ),
        mtd=e.dlt.mtd,
        mtd_status=e.dlt.dose.mtd_status.value,
        dose_design=e.dlt.dose.design.design,
        dlt_history=_dose_history(e.dlt.dose),
        dlt_expansion=_dose_expansion(e.dlt.dose),
        boin=_boin_table(e.dlt.dose),
        delayed_after_day=ae.delayed_after_day,
        delayed_by_category=ae.delayed_by_category,
        delayed=_listing(delayed),
        delayed_total=len(ae.delayed_special_interest),
    )


def _safety_reports(session: Session, period_start: dt.date, as_of: dt.date, study: str | None) -> SafetyReports:
    """The safety-reports log of `study`'s subjects as it stood at the data cut: every
    report the site knew of in the period, sent in it, or not sent by its start; a report
    sent after the cut counts as not sent."""
    ours = set(session.scalars(select(m.Subject.study_id).where(in_study(study))))
    rows = []
    for clock in safety.reports_in(session, as_of):
        if clock.study_id not in ours:
            continue
        sent = clock.sent_on if clock.sent_on is not None and clock.sent_on <= as_of else None
        if sent is not None and sent < period_start and clock.awareness_date < period_start:
            continue  # done with before the period
        state = safety.clock_state(clock.due_date, sent, as_of)
        rows.append(
            SafetyReportRow(
                subject_id=clock.study_id,
                recipient=clock.recipient,
                aware=clock.awareness_date,
                due=clock.due_date,
                sent=sent,
                reference=clock.reference if sent else None,
                state=state,
            )
        )
    states = Counter(r.state for r in rows)
    return SafetyReports(
        cases=_listing(_safety_cases(session, period_start, as_of, study)),
        listing=_listing(rows),
        on_time=states["sent_on_time"],
        late=states["sent_late"],
        not_sent=len(rows) - states["sent_on_time"] - states["sent_late"],
        overdue=states["overdue"],
    )


def _safety_cases(session: Session, period_start: dt.date, as_of: dt.date, study: str | None) -> list[SafetyCaseRow]:
    """The cases the site knew of by the data cut and had not closed before the period;
    a step done after the cut counts as open, a case closed after it as open."""
    c, s = m.SafetyCase, m.CaseStep
    open_steps = (
        select(func.count())
        .where(s.case_id == c.id, or_(s.state == "open", s.done_on.is_(None), s.done_on > as_of))
        .scalar_subquery()
    )
    rows = session.execute(
        select(c.id, m.Subject.study_id, c.kind, c.t_cell, c.awareness_date, c.closed_on, open_steps)
        .join(m.Subject, m.Subject.id == c.subject_id)
        .where(
            c.awareness_date <= as_of,
            or_(c.closed_on.is_(None), c.closed_on >= period_start),
            m.Subject.voided_at.is_(None),
            in_study(study),
        )
        .order_by(c.awareness_date, c.id)
    )
    return [
        SafetyCaseRow(
            case_id=case_id,
            subject_id=study_id,
            kind="rcl_positive" if kind == "rcl_positive" else "t_cell_malignancy" if t_cell else "new_malignancy",
            aware=aware,
            closed=closed if closed is not None and closed <= as_of else None,
            open_steps=count,
        )
        for case_id, study_id, kind, t_cell, aware, closed, count in rows
    ]


def _screens(tally: ScreenTally) -> Screens:
    return Screens(
        years=tuple(
            ScreenYearRow(year=y.year, counts=tuple(getattr(y, name) for name in SCREEN_COUNTS)) for y in tally.years
        ),
        missing=_listing(tally.missing, lambda s: _as(MissingScreenRow, s, subject_id=s.study_id)),
    )


def _data_problems(e: Endpoints) -> Listing:
    return _listing(e.data_problems)


def assessment_visits(protocol: Protocol, assessment: str = "P") -> list[tuple[float, float, float]]:
    """(nominal study day, window start, window end) of the protocol's visits that
    plan `assessment` (default "P", the PK samples)."""
    out = []
    for visit in protocol.visits:
        if assessment not in visit.assessments:
            continue
        nominal = visit.day if visit.day is not None else round((visit.months or 0) * DAYS_PER_MONTH)
        out.append((float(nominal), nominal - visit.early - 0.5, nominal + visit.late + 0.5))
    return out


def _expansion(cohort: Cohort, protocol: Protocol, endpoints: Endpoints) -> ExpansionChart | None:
    """CAR-T expansion curves: each subject's profile (`ltfu.analysis.pk.profile`),
    or for larger cohorts the median of the subjects' values at each PK visit.
    `cohort`: the one the endpoints were computed on (its subjects' samples grouped
    already)."""
    analyte = "car_copies"
    views = cohort.subjects
    with collector_paused():
        profiles = [
            (view.dose_level, *profile(view, analyte, samples)[:2])
            for view, samples in zip(views, dailies(views, analyte), strict=True)
            if samples is not None
        ]
    if not profiles:
        return None
    levels = _levels(level for level, _, _ in profiles)
    unit = next((s.unit for s in endpoints.pk.summaries if s.analyte == analyte), "copies/ug")
    if len(profiles) <= EXPANSION_LINES_MAX:
        series = tuple(
            ExpansionSeries(dose_level=level, days=tuple(float(d) for d in days), values=tuple(values))
            for level, days, values in profiles
        )
        mode = "subjects"
    else:
        medians = visit_medians(profiles, assessment_visits(protocol))
        series = tuple(
            ExpansionSeries(dose_level=level, days=tuple(d for d, _ in points), values=tuple(v for _, v in points))
            for level in levels
            if (points := medians.get(level))
        )
        mode = "median"
    return ExpansionChart(
        analyte=analyte, unit=unit, mode=mode, series=series, dose_levels=levels, subjects=len(profiles)
    )


def cover(protocol: Protocol, start: dt.date, cut: dt.date, sha: str, rows: _Rows, e: Endpoints) -> ReportCover:
    """The facts on the cover of the annual and the IND report, of the period `start` to the data `cut`."""
    site_subjects = Counter(s.site for s in rows.subjects)
    return ReportCover(
        study_title=protocol.title,
        protocol_id=protocol.id,
        protocol_version=protocol.version_label,
        period_start=start,
        period_end=cut,
        data_sha256=sha,
        sites=tuple(SiteLine(code=code, name=name, subjects=site_subjects[code]) for code, name in rows.sites),
        subjects_entered=len(rows.subjects),
        subjects_infused=e.n_infused,
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
    """The report: the cover's facts, then one function per section."""
    duration = protocol.duration_years
    levels = _levels(
        (s.dose_level for s in rows.subjects), e.infused_by_dose_level, (r.dose_level for r in e.dlt.dose_levels)
    )
    in_period = period_start.__le__
    return _as(
        AnnualReportContent,
        cover(protocol, period_start, as_of, sha, rows, e),
        year=year,
        enrolment=_enrolment(rows, levels, period_start, as_of, duration, year),
        follow_up=_follow_up(rows, e, levels, as_of, duration),
        deaths=_deaths(e, levels, in_period),
        relapses=_relapses(e, in_period),
        response=_response(e),
        survival=_survival(e),
        pk=_pk(e, expansion),
        pd=_pd(e),
        b_cells=_b_cells(e),
        immunogenicity=_immunogenicity(e),
        safety=_safety(e, in_period),
        screens=_screens(rows.screens),
        data_problems=_data_problems(e),
    )


def sign_annual_report(
    db: Database,
    year: int,
    request: ReportRequest,
    password: str,
    meaning: str,
    progress: Progress | None = None,
    *,
    shown_sha256: str | None = None,
) -> tuple[bytes, SignatureInfo]:
    """Build the requested report once, then sign it as the signed-in PI (password again).

    Returns the signed PDF (in the request's language) and the `SignatureInfo` bound to its SHA-256.
    `shown_sha256`, the SHA-256 of the unsigned PDF the signer was shown: the report is
    signed only when it rebuilds to exactly those bytes (refused when the data changed
    since), so the signed pages are the pages shown, with the signature added.
    """
    _check_language(request.language)
    content = build_annual_content(db, year, request.as_of, progress=progress, today=request.today, study=request.study)
    what = Message("report.annual", year=year)
    return sign_content(db, content, _document_kind(year), what, password, meaning, request.language, shown_sha256)


def sign_content(
    db: Database,
    content: AnnualReportContent | IndReportContent,
    document_kind: str,
    what: str,
    password: str,
    meaning: str,
    language: str,
    shown_sha256: str | None,
) -> tuple[bytes, SignatureInfo]:
    """Sign a built report (`what` names it in the refusal): only when it renders to
    exactly the `shown_sha256` bytes the signer was shown (when given)."""
    from ltfu.reports.annual import render_annual

    if shown_sha256 is not None and sha256(render_annual(content, language=language)) != shown_sha256:
        raise ValidationError(Message("report.changed", report=what))
    return sign_document(db, password, meaning, document_kind, _signed_render(content, language), content.data_sha256)
