"""What the annual status report prints, as plain frozen data.

The service layer (`ltfu.services.annual_report`) fills these from the endpoint
analysis and a few row counts; `ltfu.reports.annual.render_annual` only lays them out
and formats them. The content holds no words of its own: what the report says about a
number is a `Term` (a key of ``annual_<language>.toml`` and the values its text needs),
chosen in the report's language when it is rendered. Plain strings are data printed as
they are (study ids, dose levels, a recorded cause of death or adverse-event term). No number is computed here or in the renderer: rates, confidence
intervals, medians and ratios arrive ready-made, so what the PI signs is exactly what
the analysis produced.

Times are in days from the start of each endpoint (Day 0 = infusion), as the analysis
gives them; the renderer shows months beside days where that helps the reader.

The report is signed by replacing `signature` (`dataclasses.replace(content,
signature=Signature(...))`) and rendering again: everything else stays byte-identical.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ltfu.errors import ValidationError
from ltfu.rows import Descriptive, PdSummary, RclAlert, ResponseRate, TermCount


@dataclass(frozen=True, kw_only=True)
class Signature:
    """An electronic signature as printed (21 CFR 11.50): who, when (UTC) and what it means."""

    printed_name: str
    signed_at_utc: dt.datetime
    meaning: str
    # The audit trail's head when signed (entries, hash): printed, and kept in the
    # PDF's metadata, so the document anchors the trail (`ltfu check --anchor`).
    audit_entries: int | None = None
    audit_hash: str | None = None

    def __post_init__(self) -> None:
        if not self.printed_name.strip():
            raise ValidationError("signature: the printed name is empty")
        if not self.meaning.strip():
            raise ValidationError("signature: the meaning (e.g. 'approved') is empty")
        offset = self.signed_at_utc.utcoffset()
        if offset is None:
            raise ValidationError("signature: the signing time must carry its time zone (UTC)")
        if offset:
            # Printed in UTC whatever zone it was given in.
            object.__setattr__(self, "signed_at_utc", self.signed_at_utc.astimezone(dt.UTC))


@dataclass(frozen=True)
class Term:
    """A word or phrase the renderer chooses in the report's language: `key` of the
    `[section]` of ``annual_<language>.toml``, filled with `values` (a value may itself
    be a `Term`)."""

    section: str
    key: str
    values: tuple[tuple[str, object], ...] = ()


def term(section: str, key: str, **values: object) -> Term:
    return Term(section, key, tuple(values.items()))


Label = str | Term
"""A label as printed: a `Term`, or data (a dose level, a recorded cause) as it is."""

ALL = term("terms", "all")
"""The label of a table's total row over all dose levels."""


@dataclass(frozen=True, kw_only=True)
class SiteLine:
    code: str
    name: str
    subjects: int


@dataclass(frozen=True)
class CountRow:
    """One row of a count table; `group` heads a block of rows (e.g. "Sex")."""

    label: Label
    counts: tuple[int, ...]
    group: Label = ""


@dataclass(frozen=True, kw_only=True)
class CountTable:
    """Counts with named columns; `total` is printed last, in bold."""

    columns: tuple[Label, ...]
    rows: tuple[CountRow, ...]
    total: CountRow | None = None

    def __post_init__(self) -> None:
        for row in (*self.rows, *((self.total,) if self.total else ())):
            if len(row.counts) != len(self.columns):
                raise ValidationError(
                    f"count table: row {row.label!r} has {len(row.counts)} values for {len(self.columns)} columns"
                )


@dataclass(frozen=True, kw_only=True)
class Listing:
    """A listing cut to its first rows: `total` says how many there are in all."""

    rows: tuple
    total: int

    @property
    def not_listed(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True, kw_only=True)
class Dropout:
    subject_id: str
    dose_level: str
    date: dt.date
    kind: str
    """`withdrawn` or `lost_to_follow_up`."""
    scope: Label | None
    """For a withdrawal: from visits or from the study (a `Term`), as recorded."""
    due_to_ae: bool
    reason: str | None = None
    """For a withdrawal: the reason as recorded (data, printed as it is)."""


@dataclass(frozen=True, kw_only=True)
class Enrolment:
    dose_levels: tuple[str, ...]
    status: CountTable
    """Rows: dose levels; columns: entered, infused, infused in the period, in follow-up,
    completed, withdrawn, lost to follow-up, died."""
    demographics: CountTable
    """Rows grouped by age group at infusion, sex and race; columns: dose levels + total."""
    dropouts: Listing
    """Rows: `Dropout`, by date."""
    dropouts_due_to_ae: int
    not_infused: int


@dataclass(frozen=True, kw_only=True)
class FollowUpRow:
    label: Label
    subjects: int
    observed_years: float
    potential_years: float
    completeness: float | None
    """Observed / potential follow-up time (Clark's completeness index)."""
    visits_expected: int
    visits_completed: int
    visits_missed: int
    visits_overdue: int
    visits_cancelled: int
    completed_fraction: float | None


@dataclass(frozen=True, kw_only=True)
class OverdueVisit:
    subject_id: str
    dose_level: str
    visit_code: str
    window_end: dt.date
    days_overdue: int


@dataclass(frozen=True, kw_only=True)
class AtRiskSubject:
    subject_id: str
    dose_level: str
    last_known_alive: dt.date
    failed_attempts: int
    """Failed contact attempts after the last known alive date."""
    most_overdue_visit: str | None
    days_overdue: int | None


@dataclass(frozen=True, kw_only=True)
class FollowUp:
    rows: tuple[FollowUpRow, ...]
    """Per dose level, then all subjects (label "All")."""
    period_rows: tuple[FollowUpRow, ...]
    """The same visit counts for visits whose window closed in the reporting period."""
    overdue: Listing
    """Rows: `OverdueVisit`, most overdue first."""
    at_risk: Listing
    """Rows: `AtRiskSubject`."""
    at_risk_overdue_days: int
    duration_years: int
    """Planned follow-up per subject (caps the potential follow-up time)."""


@dataclass(frozen=True, kw_only=True)
class Deaths:
    total: int
    in_period: Listing
    """Rows: `ltfu.rows.Death` of the deaths dated in the reporting period."""
    by_cause: CountTable
    """All deaths to the data cut: causes x dose levels."""


@dataclass(frozen=True, kw_only=True)
class Relapses:
    total: int
    subjects: int
    in_period: int
    """Relapses dated in the reporting period."""
    listing: Listing
    """Rows: `ltfu.rows.Relapse`, every relapse to the data cut, most recent first."""
    first_relapse_phenotypes: tuple[tuple[Term, int], ...]


@dataclass(frozen=True, kw_only=True)
class Response:
    last_day: int
    confidence_level: float
    overall: ResponseRate
    """Printed last, as the total over all dose levels."""
    by_dose_level: tuple[ResponseRate, ...]
    best_response: CountTable
    """Rows: dose levels; columns: CR, CRi, PR, NR, not assessed."""


@dataclass(frozen=True, kw_only=True)
class Landmark:
    day: float
    survival: float | None
    lower: float | None
    upper: float | None


@dataclass(frozen=True, kw_only=True)
class KmCurve:
    """A Kaplan-Meier step curve to draw: `survival[i]` holds from `times[i]` on."""

    times: tuple[float, ...]
    survival: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    censored: tuple[float, ...]
    """Distinct times of censored observations (drawn as ticks)."""
    at_risk: tuple[tuple[float, int], ...]
    """(day, subjects at risk) printed under the axis."""
    x_max_days: float


@dataclass(frozen=True, kw_only=True)
class KmSummary:
    key: str
    """`os`, `pfs`, `pfs_sensitivity`, `dor` or `b_cell_recovery`: names the endpoint."""
    definition: Term
    n: int
    events: int
    confidence_level: float
    median: float | None
    median_lower: float | None
    median_upper: float | None
    landmarks: tuple[Landmark, ...]
    curve: KmCurve | None = None


@dataclass(frozen=True, kw_only=True)
class PkRow:
    dose_level: str
    n_subjects: int
    cmax: Descriptive
    tmax_day: Descriptive
    auc_0_28: Descriptive


@dataclass(frozen=True, kw_only=True)
class PkTable:
    analyte: str
    unit: str
    rows: tuple[PkRow, ...]
    not_computed: tuple[tuple[Label, int], ...]
    """(reason, subjects) for subjects without an AUC0-28d."""


@dataclass(frozen=True, kw_only=True)
class ExpansionSeries:
    dose_level: str
    days: tuple[float, ...]
    values: tuple[float, ...]
    """0 = below the limit of quantification."""


@dataclass(frozen=True, kw_only=True)
class ExpansionChart:
    analyte: str
    unit: str
    mode: str
    """`subjects`: one line per subject; `median`: the median per dose level at each PK visit."""
    series: tuple[ExpansionSeries, ...]
    dose_levels: tuple[str, ...]
    subjects: int


@dataclass(frozen=True, kw_only=True)
class Pk:
    tables: tuple[PkTable, ...]
    expansion: ExpansionChart | None


@dataclass(frozen=True, kw_only=True)
class PdTable:
    analyte: str
    unit: str
    by_dose_level: tuple[tuple[Label, PdSummary], ...]
    """(the dose level, its summary): median and range only (the geometric fields are None)."""
    by_crs_grade: tuple[tuple[Label, PdSummary], ...]
    """(the worst CRS grade, a `Term`, its summary)."""
    fold_not_computed: tuple[tuple[Label, int], ...]
    """(reason, subjects) for subjects without a fold change."""
    auc_not_computed: tuple[tuple[Label, int], ...]
    """(reason, subjects) for subjects without an AUC."""


@dataclass(frozen=True, kw_only=True)
class Pd:
    end_day: int
    tables: tuple[PdTable, ...]
    """One per pharmacodynamic analyte with samples."""


@dataclass(frozen=True, kw_only=True)
class BCells:
    b_cell_threshold: float
    igg_threshold: float
    by_dose_level: CountTable
    """Rows: dose levels; columns: with counts, ever aplastic, recovered, aplasia ongoing, IgG low now."""
    recovery: KmSummary


@dataclass(frozen=True, kw_only=True)
class Immunogenicity:
    rcl_status: CountTable
    """Rows: dose levels; columns: the RCL statuses."""
    rcl_samples_tested: int
    rcl_samples_archived: int
    rcl_alerts: tuple[RclAlert, ...]
    hama: CountTable
    """Rows: dose levels; columns: the HAMA categories."""


@dataclass(frozen=True, kw_only=True)
class DltRow:
    dose_level: str
    treated: int
    evaluable: int
    pending: int
    not_evaluable: int
    dlt: int
    decision: Term


@dataclass(frozen=True, kw_only=True)
class DoseStepRow:
    """One cohort of the escalation history; `decision` carries the level's DLTs and
    dose-finding subjects up to this cohort."""

    step: int
    dose_level: str
    cohort: int
    subjects: tuple[str, ...]
    decision: Term


@dataclass(frozen=True, kw_only=True)
class DoseExpansionRow:
    """A level's expansion cohort and the level's overall DLT rate with its exact CI."""

    dose_level: str
    subjects: int
    dlt: int
    overall_dlt: int
    overall_evaluable: int
    rate: float | None
    lower: float | None
    upper: float | None
    flagged: bool


@dataclass(frozen=True, kw_only=True)
class BoinRow:
    n: int
    escalate_at_most: int | None  # None: never escalates
    de_escalate_at_least: int
    eliminate_at_least: int | None  # None: no count eliminates


@dataclass(frozen=True, kw_only=True)
class BoinTable:
    target: float
    cohort_size: int
    max_per_dose: int
    lambda_e: float
    lambda_d: float
    rows: tuple[BoinRow, ...]


@dataclass(frozen=True, kw_only=True)
class Safety:
    n_subjects: int
    n_events: int
    n_subjects_with_ae: int
    serious_events: int
    serious_subjects: int
    related_events: int
    events_by_grade: tuple[tuple[int, int], ...]
    subjects_by_worst_grade: tuple[tuple[int, int], ...]
    most_frequent: tuple[TermCount, ...]
    most_serious: tuple[TermCount, ...]
    crs: CountTable
    icans: CountTable
    dlt_window_days: int
    dlt: tuple[DltRow, ...]
    mtd: str | None
    mtd_status: str = "open"
    """`ltfu.analysis.dose_finding.MtdStatus`: declared, open or none_tolerated."""
    dose_design: str = "3+3"
    """One of `ltfu.vocabulary.DOSE_FINDING_DESIGNS`; BOIN also fills `boin`."""
    dlt_history: tuple[DoseStepRow, ...] = ()
    dlt_expansion: tuple[DoseExpansionRow, ...] = ()
    boin: BoinTable | None = None
    delayed_after_day: int
    delayed_by_category: tuple[TermCount, ...]
    delayed: Listing
    """Rows: `ltfu.rows.DelayedAe` with onset in the reporting period."""
    delayed_total: int


@dataclass(frozen=True, kw_only=True)
class CorrectionRow:
    """A change, after a frozen data cut, to a record the cut froze (issue 19): the
    numbers signed at the cut no longer hold for it."""

    cut_id: int
    cut_as_of: dt.date
    subject_id: str
    record: str
    """The record's table code (words in `[corrections]`)."""
    field: str
    old: str
    new: str
    day: dt.date
    """The day (UTC) it was corrected."""
    reason: str


SCREEN_COUNTS = ("expected", "done", "all_no", "missing", "due")


@dataclass(frozen=True, kw_only=True)
class ScreenYearRow:
    """Safety screens of one follow-up year owed by the data cut (DOMAIN.md section 7),
    `counts` in the order of `SCREEN_COUNTS`: expected (= done + missing), done, of
    those answered all no, missing, and due (still in their window)."""

    year: int
    counts: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class MissingScreenRow:
    subject_id: str
    visit_code: str
    window_end: dt.date


@dataclass(frozen=True, kw_only=True)
class Screens:
    years: tuple[ScreenYearRow, ...] = ()
    missing: Listing = Listing(rows=(), total=0)
    """Rows: `MissingScreenRow`, the oldest window first."""


@dataclass(frozen=True, kw_only=True)
class SafetyReportRow:
    """One safety report (a reporting clock, DOMAIN.md 7) as it stood at the data cut."""

    subject_id: str
    recipient: str
    """sponsor, regulator or ethics_committee (words in `[safety_reports]`)."""
    aware: dt.date
    due: dt.date
    sent: dt.date | None
    """Empty: not sent by the data cut."""
    reference: str | None
    state: str
    """open, due, overdue, sent_on_time or sent_late at the data cut."""


@dataclass(frozen=True, kw_only=True)
class SafetyCaseRow:
    """A malignancy or RCL-positive case (DOMAIN.md 7) as it stood at the data cut."""

    case_id: int
    subject_id: str
    kind: str
    """t_cell_malignancy, new_malignancy or rcl_positive (words in `[safety_reports]`)."""
    aware: dt.date
    closed: dt.date | None
    """Empty: open at the data cut."""
    open_steps: int


@dataclass(frozen=True, kw_only=True)
class SafetyReports:
    """The safety-reports log: reports known, due or sent in the period, and still open at
    the cut; with the cases they belong to (open at the cut or closed in the period)."""

    cases: Listing
    listing: Listing
    on_time: int
    late: int
    not_sent: int
    overdue: int


@dataclass(frozen=True, kw_only=True)
class ReportCover:
    """What the cover of the annual and of the IND report states: the study, the period
    (its last day is the data cut: the last day whose records count, inclusive), the
    hash of the data, the sites and the subjects; and the signature, once signed."""

    study_title: str
    protocol_id: str
    protocol_version: str
    period_start: dt.date
    period_end: dt.date
    data_sha256: str
    sites: tuple[SiteLine, ...]
    subjects_entered: int
    subjects_infused: int
    signature: Signature | None = None


@dataclass(frozen=True, kw_only=True)
class AnnualReportContent(ReportCover):
    """Everything the annual status report prints (see the module docstring)."""

    year: int
    enrolment: Enrolment
    follow_up: FollowUp
    deaths: Deaths
    relapses: Relapses
    response: Response
    survival: tuple[KmSummary, ...]
    """OS, PFS, PFS (sensitivity), DOR: the summary table; those with a `curve` are drawn."""
    pk: Pk
    pd: Pd
    b_cells: BCells
    immunogenicity: Immunogenicity
    safety: Safety
    screens: Screens = Screens()
    data_problems: Listing = Listing(rows=(), total=0)
    """Rows: `ltfu.rows.DataProblem`; the section is printed only when there is one."""
    safety_reports: SafetyReports = SafetyReports(
        cases=Listing(rows=(), total=0), listing=Listing(rows=(), total=0), on_time=0, late=0, not_sent=0, overdue=0
    )
    corrections: Listing = Listing(rows=(), total=0)
    """Rows: `CorrectionRow`; the section is printed only when there is one."""

    def __post_init__(self) -> None:
        if not self.period_start <= self.period_end:
            raise ValidationError(
                f"annual report: the data cut {self.period_end} is before the period starts ({self.period_start})"
            )
        if len(self.data_sha256) != 64 or any(c not in "0123456789abcdef" for c in self.data_sha256):
            raise ValidationError("annual report: the data hash must be 64 lower-case hex digits (SHA-256)")


# --- the IND annual report (21 CFR 312.33) ------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class BodySystemRow:
    """Adverse events of the period in one body system (`body_system`: a code of
    `ltfu.vocabulary.BODY_SYSTEMS`, None for the terms not coded)."""

    body_system: str | None
    subjects: int
    events: int
    serious_events: int
    worst_grade: int
    terms: tuple[TermCount, ...]
    """The terms in it, most frequent first."""


@dataclass(frozen=True, kw_only=True)
class AmendmentRow:
    """A protocol version that took effect in the period."""

    version: str
    effective: dt.date
    source_name: str


@dataclass(frozen=True, kw_only=True)
class IndReportContent(ReportCover):
    """Everything the IND annual report prints: the annual report's study facts and the
    sections 21 CFR 312.33 asks for, over the year ending on the IND anniversary (the
    period's last day and the data cut)."""

    due: dt.date
    planned_subjects: int | None
    entered_in_period: int
    enrolment: Enrolment
    body_systems: tuple[BodySystemRow, ...]
    """Adverse events with onset in the period, by body system, most events first; the
    terms not coded last."""
    ae_subjects: int
    """Subjects with an adverse event with onset in the period."""
    serious_in_period: tuple[TermCount, ...]
    deaths: Deaths
    dropouts_due_to_ae: Listing
    """Rows: `Dropout` (due to an adverse event)."""
    amendments: tuple[AmendmentRow, ...]
    plan: str
    """The plan for the coming year, as the PI wrote it ("" when not written yet)."""
    safety_reports: SafetyReports

    @property
    def year(self) -> int:
        """The calendar year the period ends in (named in the running head)."""
        return self.period_end.year
