"""Every clinical and administrative vocabulary, declared once.

The database's CHECK constraints (`ltfu.db.models`), the importers and entry checks
(`ltfu.services.units`, `records`, `events`, `subjects`), the result packs the
endpoints read (`ltfu.services.packs`), the ODM metadata (`ltfu.services.odm`), the
data dictionary (`ltfu.services.export`) and the window's labels and charts
(`ltfu.ui.labels`, `ltfu.ui.results_view`) all read the tuples and declarations here.

Adding a term means one entry here plus its translations: the window's label (a
literal in `ltfu/ui/labels.py`, keyed by the code, so that pyside6-lupdate finds it)
and its Chinese text in `ltfu/ui/i18n/ltfu_zh_CN.ts`. A term that changes a CHECK
constraint needs a migration too (migrations are frozen history and never read this
module). Tests fail when a declared term has no label in a shipped language or no
place in the exports.

Pure: imports nothing from the rest of the program.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

# -- people and follow-up ---------------------------------------------------------------

ROLES = ("nurse", "coordinator", "pi", "admin", "monitor")
"""Account roles; what each may do is `ltfu.services.users.PERMISSIONS`, keyed by these.
The monitor (the sponsor's clinical research associate, or the site's quality officer)
reads everything but contact details, raises and closes queries, changes no value."""
SEXES = ("F", "M", "U")
SUBJECT_STATUSES = ("active", "completed", "withdrawn", "lost_to_follow_up", "dead")
WITHDRAWAL_SCOPES = ("treatment", "visits", "all")
CHANNELS = ("phone", "letter", "email", "sms", "visit", "local_physician")
VISIT_MODES = ("clinic", "phone", "questionnaire", "records")
VISIT_STATES = ("planned", "completed", "missed", "cancelled")
"""Stored visit states; `due`, `upcoming` and `overdue` are derived from the dates and
the day asked about, never stored."""
CANCEL_CAUSES = ("death", "withdrawal", "lost_to_follow_up", "stop_rule", "replanned", "reinfusion")
"""Why a visit was cancelled: `replanned` by a protocol amendment, `reinfusion` when a
re-infusion started a new plan (DOMAIN.md 3.9)."""
CONTACT_OUTCOMES = ("reached", "no_answer", "message_left", "wrong_number", "returned_mail", "refused")
# -- data review: queries ---------------------------------------------------------------

QUERY_STATES = ("open", "answered", "closed")
"""A query is raised open; the site answers it (with a text or a correction); the monitor
closes it, or re-opens it (back to open). A closed query cannot be answered."""
QUERY_TARGETS = ("visit", "result", "clinical_event", "adverse_event", "subject")
"""The tables a query may point at (a subject's query is on its dose level)."""
EDIT_CHECKS = (
    "visit_out_of_window",
    "result_outside_plausible_accepted",
    "missing_safety_screen",
    "death_without_cause",
)
"""Edit checks a protocol may turn on (its `[edit_checks]` section): each raises one
automatic query per record where it holds, closed when the data no longer show it."""
AUDIT_ACTIONS = ("create", "update", "void", "login", "login_failed", "sign", "import", "export", "backup", "restore")


@dataclass(frozen=True)
class Language:
    """A language of letters and schedules, and of the window.

    - `code`: stored on contacts and letters; the printed words are
      ltfu/resources/letters/<code>.toml (dates included).
    - `qt`: the window's translation, ltfu/ui/i18n/ltfu_<qt>.qm (None: English, the
      source language).
    - `name` in English, `autonym` in the language itself (shown in the window).
    - `script`: "latin" or "cjk": the fonts, line breaking, leading and column widths
      of printed documents, and full-width brackets.
    - `family_name_first`: names in its script are written family name first (`person_name`).
    - `aliases`: other words a subjects.csv may give for it (lower case).
    """

    code: str
    qt: str | None
    name: str
    autonym: str
    script: str
    family_name_first: bool = False
    aliases: tuple[str, ...] = ()


LANGUAGE_DECLARATIONS = (
    Language("en", None, "English", "English", "latin", aliases=("english",)),
    Language("zh", "zh_CN", "Simplified Chinese", "中文", "cjk", True, aliases=("zh-cn", "zh_cn", "chinese")),
)
_LANGUAGE_BY_CODE = {language.code: language for language in LANGUAGE_DECLARATIONS}
LANGUAGE: Mapping[str, Language] = MappingProxyType(_LANGUAGE_BY_CODE)
LANGUAGES = tuple(LANGUAGE)
SCRIPTS = ("latin", "cjk")

# Characters of the "cjk" script: Han, kana, hangul, CJK punctuation and full-width forms.
CJK_CHARACTERS = "\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"


@lru_cache(maxsize=1)
def _cjk_name() -> re.Pattern[str]:
    """The pattern of a CJK character, compiled on first use (its ranges take ~2 ms to
    compile: none of them before the window's first paint)."""
    return re.compile(f"[{CJK_CHARACTERS}]")


# Scripts whose names are written family name first, without a space ("王样本三").
_FAMILY_FIRST_SCRIPTS = frozenset(language.script for language in LANGUAGE_DECLARATIONS if language.family_name_first)


def person_name(given: str | None, family: str | None) -> str:
    """A person's name as the window, letters and schedules write it, whatever their
    language: a name in Chinese characters family name first without a space
    ("王样本三"), any other given name first ("Anna Berg")."""
    given, family = (given or "").strip(), (family or "").strip()
    script = "cjk" if _cjk_name().search(given + family) else "latin"
    if script in _FAMILY_FIRST_SCRIPTS:
        return family + given
    return " ".join(part for part in (given, family) if part)


# -- clinical events and adverse events ---------------------------------------------------

EVENT_KINDS = (
    "response",
    "relapse",
    "progression",
    "death",
    "alive",
    "hsct",
    "new_therapy",
    "withdrawal",
    "lost_to_follow_up",
    "lost_to_follow_up_reversed",
)
"""A `response` is a disease assessment (detail CR, CRi, PR, NR, optionally `MRD-`); a
`relapse` carries CD19/CD22 status in its detail."""
RESPONSES = ("CR", "CRi", "PR", "NR")
ANTIGEN_STATUSES = ("positive", "dim", "negative")
AE_KINDS = ("ctcae", "crs", "icans")
"""`ctcae`: CTCAE v5 grade 1-5; `crs`/`icans`: ASTCT 2019 grade 1-4 (5 = death)."""
SPECIAL_INTEREST = (
    "new_malignancy",
    "t_cell_malignancy",
    "neurologic",
    "autoimmune",
    "hematologic",
    "serious_infection",
)
ALERT_KINDS = ("rcl_positive", "igg_low", "b_cell_recovery")


# -- the safety screen (DOMAIN.md section 7) ---------------------------------------------

SCREEN_ANSWERS = ("yes", "no", "unknown")
"""Every question of the safety screen is answered with one of these (never left empty:
the absence of a screen is not a negative answer)."""
SCREEN_SOURCES = ("visit", "phone", "questionnaire")
"""How a screen's answers were obtained."""
SCREEN_SOURCE_OF_MODE: Mapping[str, str] = MappingProxyType(
    {"clinic": "visit", "phone": "phone", "questionnaire": "questionnaire"}
)
"""Visit mode -> how its screen was obtained. A visit done in one of these modes reached
the subject and asks the screen; one filled in from medical records reached nobody."""


@dataclass(frozen=True)
class ScreenQuestion:
    """One question of the safety screen at every follow-up contact from Day 28.

    - `code`: the column of `safety_screen` holding its answer, and the key of its
      words (window labels, the questionnaire's TOML).
    - `special_interest`: the adverse-event category (`SPECIAL_INTEREST`) a "yes"
      opens the adverse-event entry with; None for the two questions that are no
      adverse event of special interest by themselves.
    """

    code: str
    special_interest: str | None


SCREEN_QUESTION_DECLARATIONS: tuple[ScreenQuestion, ...] = (
    ScreenQuestion("new_malignancy", "new_malignancy"),
    ScreenQuestion("neurologic", "neurologic"),
    ScreenQuestion("autoimmune", "autoimmune"),
    ScreenQuestion("hematologic", "hematologic"),
    ScreenQuestion("serious_infection", "serious_infection"),
    ScreenQuestion("hospitalisation", None),
    ScreenQuestion("new_medicines", None),
)
SCREEN_QUESTIONS = tuple(q.code for q in SCREEN_QUESTION_DECLARATIONS)
SCREEN_CATEGORY: Mapping[str, str] = MappingProxyType(
    {q.code: q.special_interest for q in SCREEN_QUESTION_DECLARATIONS if q.special_interest is not None}
)
"""Question -> the special-interest category a "yes" to it is entered under."""
SCREEN_EXTRAS = ("new_doctor", "address_changed")
"""Asked by the questionnaire only (yes/no/unknown, empty when not asked): the details
go to the subject's contact record, never into this clinical table."""
SCREEN_FROM_DAY = 28
"""A follow-up contact from this study day on carries a safety screen."""
SIGNATURE_MEANINGS = ("approved", "reviewed", "authored")
# -- source data verification and frozen data cuts (issue 19) --------------------------------
VERIFIED_TABLES = ("visit", "result", "clinical_event", "adverse_event", "infusion", "subject")
"""The records a monitor marks as checked against the source (the hospital chart)."""
FROZEN_DATES = {
    "visit": "actual_date",
    "result": "result_date",
    "clinical_event": "event_date",
    "adverse_event": "onset_date",
    "infusion": "infusion_date",
    "contact_attempt": "attempt_date",
    "safety_screen": "contact_date",
}
"""Table -> the date that puts one of its records inside a data cut (on or before its
as-of date: frozen, corrected only with a reason). Not the subject: its status follows
from the events recorded after a cut (a death), it is not a frozen value."""
# -- safety cases and reporting clocks (DOMAIN.md 7) ------------------------------------------

MALIGNANCY_INTERESTS = ("new_malignancy", "t_cell_malignancy")
"""The special-interest categories whose adverse event opens a malignancy case."""
CASE_KINDS = ("malignancy", "rcl_positive")
CASE_STATES = ("open", "closed")
STEP_CODES = (
    "sponsor",
    "tissue_blood",
    "transgene_test",
    "integration_site",
    "archived_rcl",
    "rcl_confirm",
    "later_samples_tested",
    "ethics",
    "regulator",
)
"""The steps of a case: a malignancy case has sponsor, tissue_blood, transgene_test,
integration_site, archived_rcl, ethics, regulator; an RCL positive case has
rcl_confirm, sponsor, later_samples_tested, ethics, regulator."""
STEP_STATES = ("open", "done", "not_applicable")
STEP_OUTCOMES = ("positive", "negative")
"""What a finished test step found (the transgene test decides the integration-site step)."""
REPORT_RECIPIENTS = ("sponsor", "regulator", "ethics_committee")
"""Who a reporting clock's report goes to."""
CLOCK_STATES = ("open", "due", "overdue", "sent_on_time", "sent_late")
"""Derived from the due date, the sent date and the day asked about; never stored."""
CASE_ALERT_KINDS = ("malignancy", "report_due")
"""Worklist alerts read from the cases and clocks (beside the stored `ALERT_KINDS`)."""
REPORT_ALERT_KINDS = ("ind_report_due",)
"""Worklist reminders about the study's own reports (not blocking): the IND annual report
from its period's end until it is signed."""

COURSE_ALERT_KINDS = ("igg_low_replacement", "reconsent_due")
"""Worklist alerts read from the course (not stored): a low IgG drawn while immunoglobulin
replacement was ongoing (a trough level, not a call to start replacement); a minor
consented by a parent who has reached the age of majority and not yet consented."""

# -- the course after the infusion: medications and consent ------------------------------

HSCT_TYPES = ("allogeneic", "autologous")
"""The kind of a haematopoietic stem cell transplant, written first in its event's detail."""
NEW_THERAPY_TYPES = ("chemotherapy", "antibody", "targeted", "car_t", "radiotherapy", "other")
"""The kind of a new anticancer therapy (antibody: blinatumomab, inotuzumab; car_t: another
CAR-T product), written first in its event's detail."""

MEDICATION_KINDS = ("ivig", "scig")
"""Immunoglobulin replacement: intravenous (IVIG) or subcutaneous (SCIG)."""
CONSENTERS = ("subject", "guardian")
"""Who gave a consent: the subject, or a parent or legal guardian (a minor's)."""
AGE_OF_MAJORITY = 18
"""A minor consented by a parent consents again from 1 January of birth year + 18 (only
the birth year is stored: the earliest day the subject can be 18)."""

# -- body systems of adverse events (IND annual report, 21 CFR 312.33(b)(1)) -----------------

BODY_SYSTEMS = (
    "blood",
    "immune",
    "infections",
    "neoplasms",
    "nervous",
    "endocrine",
    "investigations",
)
"""MedDRA system organ classes the trial's CTCAE terms fall in (codes; the printed names,
per language, are the `[body_systems]` of ``annual_<language>.toml``)."""
AE_TERM_BODY_SYSTEM = {
    "cytokine release syndrome": "immune",
    "immune effector cell-associated neurotoxicity syndrome": "nervous",
    "neutrophil count decreased": "investigations",
    "platelet count decreased": "investigations",
    "white blood cell decreased": "investigations",
    "lymphocyte count decreased": "investigations",
    "anemia": "blood",
    "febrile neutropenia": "blood",
    "prolonged cytopenia": "blood",
    "hemophagocytic lymphohistiocytosis": "blood",
    "pneumonia": "infections",
    "sepsis": "infections",
    "lung infection": "infections",
    "peripheral neuropathy": "nervous",
    "peripheral sensory neuropathy": "nervous",
    "autoimmune thyroiditis": "endocrine",
    "hypothyroidism": "endocrine",
    "myelodysplastic syndrome": "neoplasms",
    "t-cell lymphoma": "neoplasms",
    "acute myeloid leukemia": "neoplasms",
}
"""The CTCAE v5 terms the demo and the trial use -> their MedDRA system organ class
(`BODY_SYSTEMS`), matched without regard to case; any other term is "not coded"."""


def body_system(term: str) -> str | None:
    """The body system code of an adverse event term, None when the term is not coded."""
    return AE_TERM_BODY_SYSTEM.get(term.strip().casefold())


# -- archived samples (DOMAIN.md 7) -------------------------------------------------------


@dataclass(frozen=True)
class SampleType:
    """A kind of sample drawn to archive.

    - `code`: stored in `sample.sample_type`; the window's label is keyed by it.
    - `short`: two capitals, part of the printed sample id and of the label
      (`<study id>-<short>-<yyyymmdd>-<n>`): no disease or therapy word on a tube.
    - `described`: what it is, in the data dictionary's words.
    """

    code: str
    short: str
    described: str


SAMPLE_TYPE_DECLARATIONS: tuple[SampleType, ...] = (
    SampleType("rcl_archive", "RA", "blood (PBMC) kept for RCL testing (the protocol's R-A samples)"),
    SampleType("tumour_tissue", "TT", "tumour tissue (a malignancy after the infusion)"),
    SampleType("case_blood", "CB", "peripheral blood a malignancy or RCL case asks for"),
    SampleType("other", "OT", "any other sample kept for later testing"),
)
SAMPLE_TYPE: Mapping[str, SampleType] = MappingProxyType({t.code: t for t in SAMPLE_TYPE_DECLARATIONS})
SAMPLE_TYPES = tuple(SAMPLE_TYPE)
SAMPLE_STATES = ("stored", "shipped", "tested", "destroyed")
"""stored: in its freezer position (a moved, returned or partly used sample too);
shipped: sent away; tested: used up by a test; destroyed: after its keep-until date."""
LETTER_RECIPIENTS = ("subject", "physician")

DOSE_FINDING_DESIGNS = ("3+3", "boin")
"""Dose-finding designs a protocol file may choose in its `[dose_finding]` section
(DOMAIN.md 5, "DLT / 3+3" and "BOIN")."""


@dataclass(frozen=True)
class DoseFindingDesign:
    """A protocol's dose-finding design. `target` (the target DLT rate phi),
    `cohort_size` and `max_per_dose` (dose-finding subjects per level; those beyond are
    an expansion cohort) are BOIN's settings; 3+3 is always cohorts of 3 up to 6."""

    design: str = "3+3"
    target: float = 0.30
    cohort_size: int = 3
    max_per_dose: int = 6


THREE_PLUS_THREE = DoseFindingDesign()

DECODES: Mapping[str, str] = MappingProxyType(
    {
        "F": "female",
        "M": "male",
        "U": "unknown",
        "CR": "complete remission",
        "CRi": "complete remission with incomplete count recovery",
        "PR": "partial remission",
        "NR": "no response",
        "ctcae": "CTCAE v5",
        "crs": "cytokine release syndrome (ASTCT 2019)",
        "icans": "ICANS (ASTCT 2019)",
    }
)
"""The English meaning of the codes above that do not read as words (the ODM code lists'
decodes; any other code reads as itself, underscores as spaces)."""

# -- protocol assessments -------------------------------------------------------------------

ASSESSMENTS: Mapping[str, str] = MappingProxyType(
    {
        "Ex": "physical examination",
        "Q": "phone call or questionnaire",
        "S": "survival status",
        "D": "disease assessment (marrow morphology and flow MRD)",
        "B": "CD19+/CD22+ B-cell count",
        "G": "IgG",
        "P": "CAR-T pharmacokinetics (qPCR copies/ug gDNA, flow CAR+ cells/uL)",
        "C": "cytokines IL-6, CRP, IL-15",
        "R-T": "RCL sample, tested",
        "R-A": "RCL sample, archived (tested if year 1 had a positive, or when clinically indicated)",
        "H": "HAMA (human anti-mouse antibody)",
        "AE": "adverse events",
        "LT": "delayed adverse events of special interest",
        "DLT": "dose-limiting toxicity review",
    }
)
"""What a visit's assessment codes ask for (a protocol file may use only these)."""

# -- laboratory results ---------------------------------------------------------------------

RESULT_CATEGORIES = ("negative", "positive", "indeterminate", "archived")
"""Values of a categorical analyte's result (`category`)."""

CELL_DOSE_UNIT = "CAR+ cells/kg"
"""The unit of an infusion's cell dose (not an analyte's; listed with them in the ODM)."""
CELL_DOSE_UNIT_OID = "MU.CELLS_PER_KG"
IG_DOSE_UNIT = "g/kg"
"""The unit of an immunoglobulin replacement's dose (per administration)."""
IG_DOSE_UNIT_OID = "MU.G_PER_KG"


@dataclass(frozen=True)
class Analyte:
    """One laboratory analyte, everything the program knows about it.

    - `code`: stored in `result.analyte`, written in results.csv, the CSV export and
      the ODM code list; the window's label is keyed by it.
    - `unit`: the unit it is stored in ("" for a categorical analyte); `unit_oid` its
      ODM MeasurementUnit OID.
    - `accepted`: unit as a lab file may spell it, folded (`fold_unit`: lowercase,
      micro sign as u) -> factor to `unit`; `spellings`: folded -> as the window shows it.
    - `low`/`high`: the plausible values in `unit`, inclusive (None: categorical).
      Entry refuses a value outside; the endpoints list a stored one as a data problem.
    - `categorical`: the result is one of `RESULT_CATEGORIES`, not a number; then
      there is no limit of quantification. Otherwise the LLOQ rule holds: a `<`
      qualifier marks a value below the limit, the value then being the limit.
    - `assessment`: the protocol assessment code under which it is sampled.
    - `analysed`: the endpoint calculations read it (it is kept in the result packs
      and a stored implausible value is listed among the endpoints' data problems).
    - `pharmacodynamic`: a marker of the CAR-T cells' effect (cytokines, CRP,
      ferritin): the PD endpoint (`ltfu.analysis.pd`) summarises it, so it is `analysed` too.
    - `log_scale`: the window charts it on a log axis (it spans orders of magnitude);
      `chart_rank`: its place in the window's analyte list (lower first).
    - `described`: its unit in words, for the data dictionary.
    """

    code: str
    unit: str
    unit_oid: str
    accepted: Mapping[str, float]
    low: float | None
    high: float | None
    assessment: str
    analysed: bool
    described: str
    chart_rank: int
    categorical: bool = False
    log_scale: bool = False
    pharmacodynamic: bool = False
    spellings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


@lru_cache(maxsize=256)  # a lab file spells its few units on every row
def fold_unit(unit: str) -> str:
    """A unit as it is compared: trimmed, lower case, micro sign (either) as "u"."""
    return unit.strip().replace("µ", "u").replace("μ", "u").lower()


# Each unit an analyte is stored in, once: its ODM MeasurementUnit OID and the spellings a
# lab file may use, with the factor to the unit.
UNITS: Mapping[str, tuple[str, Mapping[str, float]]] = MappingProxyType(
    {
        "copies/ug": ("MU.COPIES_PER_UG", {"copies/µg": 1.0}),
        "cells/uL": ("MU.CELLS_PER_UL", {"cells/µL": 1.0}),
        "g/L": ("MU.G_PER_L", {"g/L": 1.0, "mg/dL": 0.01}),
        "pg/mL": ("MU.PG_PER_ML", {"pg/mL": 1.0}),
        "mg/L": ("MU.MG_PER_L", {"mg/L": 1.0}),
        "ng/mL": ("MU.NG_PER_ML", {"ng/mL": 1.0, "µg/L": 1.0}),
        "fraction": ("MU.FRACTION", {"fraction": 1.0, "%": 0.01}),
    }
)


def _numeric(
    code: str,
    unit: str,
    high: float,
    *,
    low: float = 0.0,
    assessment: str,
    analysed: bool,
    described: str = "",
    chart_rank: int,
    log_scale: bool = False,
    pharmacodynamic: bool = False,
) -> Analyte:
    unit_oid, units = UNITS[unit]
    return Analyte(
        code,
        unit,
        unit_oid,
        MappingProxyType({fold_unit(u): factor for u, factor in units.items()}),
        low,
        high,
        assessment,
        analysed,
        described or unit,
        chart_rank,
        log_scale=log_scale,
        pharmacodynamic=pharmacodynamic,
        spellings=MappingProxyType({fold_unit(u): u for u in units}),
    )


def _categorical(code: str, *, assessment: str, analysed: bool) -> Analyte:
    return Analyte(
        code,
        "",
        "",
        MappingProxyType({"": 1.0}),
        None,
        None,
        assessment,
        analysed,
        "categorical (see category)",
        chart_rank=1000,
        categorical=True,
    )


ANALYTE_DECLARATIONS: tuple[Analyte, ...] = (
    # 1 ug of genomic DNA holds ~150,000 diploid genomes; even 10 copies per cell in
    # every cell stays below 2e6. Above 1e7 it is a typing or unit error.
    _numeric(
        "car_copies",
        "copies/ug",
        1e7,
        assessment="P",
        analysed=True,
        described="copies/ug genomic DNA (qPCR)",
        chart_rank=20,
        log_scale=True,
    ),
    # Blood holds at most a few hundred thousand white cells per uL (hyperleukocytosis).
    _numeric(
        "car_cells",
        "cells/uL",
        1e6,
        assessment="P",
        analysed=True,
        described="CAR+ cells/uL (flow)",
        chart_rank=40,
        log_scale=True,
    ),
    _numeric("cd19_b_cells", "cells/uL", 1e6, assessment="B", analysed=True, chart_rank=10),
    _numeric("cd22_b_cells", "cells/uL", 1e6, assessment="B", analysed=False, chart_rank=50),
    # Normal IgG is 7-16 g/L; myeloma rarely exceeds 100.
    _numeric("igg", "g/L", 150.0, assessment="G", analysed=True, chart_rank=30),
    # The pharmacodynamic markers: the PD endpoint reads them. IL-6 reaches tens of
    # thousands of pg/mL in severe CRS.
    _numeric("il6", "pg/mL", 1e6, assessment="C", analysed=True, chart_rank=60, pharmacodynamic=True),
    _numeric("il15", "pg/mL", 1e5, assessment="C", analysed=True, chart_rank=80, pharmacodynamic=True),
    _numeric("crp", "mg/L", 1000.0, assessment="C", analysed=True, chart_rank=70, pharmacodynamic=True),
    # Ferritin, for CRS (and HLH-like toxicity) monitoring: normal is below ~300 ng/mL,
    # CAR-T hyperferritinaemia reaches tens of thousands; ug/L is the same number.
    _numeric("ferritin", "ng/mL", 100_000.0, assessment="C", analysed=True, chart_rank=75, pharmacodynamic=True),
    # A fraction of the nucleated marrow cells: 0 to 1 (0 to 100 %).
    _numeric("mrd", "fraction", 1.0, assessment="D", analysed=True, described="fraction of cells", chart_rank=90),
    _categorical("rcl", assessment="R-T", analysed=True),
    _categorical("hama", assessment="H", analysed=True),
)

ANALYTE: Mapping[str, Analyte] = MappingProxyType({a.code: a for a in ANALYTE_DECLARATIONS})
"""Code -> declaration, in declaration order."""
ANALYTES = tuple(ANALYTE)
CATEGORICAL_ANALYTES = tuple(a.code for a in ANALYTE_DECLARATIONS if a.categorical)
PD_ANALYTES = tuple(a.code for a in ANALYTE_DECLARATIONS if a.pharmacodynamic)
"""What the pharmacodynamic endpoint summarises, in declaration order."""
ANALYSED_ANALYTES = tuple(sorted(a.code for a in ANALYTE_DECLARATIONS if a.analysed))
"""What the endpoints read, in name order (the result packs store each as its index here)."""


@dataclass(frozen=True)
class MeasurementUnit:
    symbol: str
    oid: str


def _units() -> tuple[MeasurementUnit, ...]:
    found: dict[str, str] = {}
    for a in ANALYTE_DECLARATIONS:
        if a.unit:
            oid = found.setdefault(a.unit, a.unit_oid)
            if oid != a.unit_oid:
                raise ValueError(f"unit {a.unit} is declared with two ODM OIDs, {oid} and {a.unit_oid}")
    return tuple(MeasurementUnit(symbol, oid) for symbol, oid in found.items())


RESULT_UNITS = _units()
"""The units results are stored in, each once, in order of first use."""
