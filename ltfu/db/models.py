"""The tables, as typed SQLAlchemy 2 mappings.

Conventions:
- every constraint and index is named (``naming_convention``), so migrations on
  SQLite (batch mode) and PostgreSQL address them the same way;
- a value with a fixed vocabulary has a CHECK constraint built from its tuple in
  `ltfu.vocabulary`, which the services and importers use too: one list, one place;
- clinical rows are never deleted: `Voidable` adds ``voided_at``, ``voided_by`` and
  ``void_reason``, and queries skip voided rows;
- PHI (names, addresses, birth date, phone) lives only in `Contact`; every other
  table refers to a subject by its id or study id.
"""

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ltfu.db import append_only

# The vocabularies are declared once, in `ltfu.vocabulary`; the CHECK constraints below
# are built from them.
from ltfu.vocabulary import (  # noqa: F401  (re-exported: the code reads them as `m.X`)
    AE_KINDS,
    ALERT_KINDS,
    ANALYTES,
    ANTIGEN_STATUSES,
    AUDIT_ACTIONS,
    CANCEL_CAUSES,
    CASE_KINDS,
    CASE_STATES,
    CATEGORICAL_ANALYTES,
    CHANNELS,
    CONSENTERS,
    CONTACT_OUTCOMES,
    EDIT_CHECKS,
    EVENT_KINDS,
    LANGUAGES,
    LETTER_RECIPIENTS,
    MEDICATION_KINDS,
    QUERY_STATES,
    QUERY_TARGETS,
    REPORT_RECIPIENTS,
    RESPONSES,
    RESULT_CATEGORIES,
    ROLES,
    SAMPLE_STATES,
    SAMPLE_TYPES,
    SCREEN_ANSWERS,
    SCREEN_EXTRAS,
    SCREEN_QUESTIONS,
    SCREEN_SOURCES,
    SEXES,
    SPECIAL_INTEREST,
    STEP_CODES,
    STEP_OUTCOMES,
    STEP_STATES,
    SUBJECT_STATUSES,
    VERIFIED_TABLES,
    VISIT_MODES,
    VISIT_STATES,
    WITHDRAWAL_SCOPES,
)


def column_type(column: Column[Any]) -> str:
    """What a column holds, in the data dictionary's words: integer, number, boolean,
    date, datetime or text (the export describes columns by it, the audit replay reads
    stored values by it)."""
    kind = column.type
    if isinstance(kind, Boolean):
        return "boolean"
    if isinstance(kind, Integer):
        return "integer"
    if isinstance(kind, Float):
        return "number"
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    return "text"


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


def _in_or_null(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IS NULL OR {_in(column, values)}"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Voidable:
    """Columns for voiding a clinical row instead of deleting it."""

    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    void_reason: Mapped[str | None] = mapped_column(Text)


def _void_check() -> CheckConstraint:
    """A voided row always says why (each Voidable table lists this in its args)."""
    return CheckConstraint("(voided_at IS NULL) = (void_reason IS NULL)", name="void_reason")


class Site(Base):
    __tablename__ = "site"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    phone: Mapped[str | None] = mapped_column(String(64))


class ProtocolVersion(Base):
    """A protocol definition as loaded: its text is kept so a version outlives the file."""

    __tablename__ = "protocol_version"
    __table_args__ = (UniqueConstraint("protocol_id", "content_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(64))
    version_label: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    source_name: Mapped[str] = mapped_column(String(255))
    content: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class User(Base):
    __tablename__ = "user"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class Subject(Voidable, Base):
    __tablename__ = "subject"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in_or_null("sex", SEXES), name="sex"),
        CheckConstraint(_in("status", SUBJECT_STATUSES), name="status"),
        CheckConstraint(_in_or_null("withdrawal_scope", WITHDRAWAL_SCOPES), name="withdrawal_scope"),
        CheckConstraint("birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200", name="birth_year"),
        Index("ix_subject_site_status", "site_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[str] = mapped_column(String(32), unique=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    protocol_version_id: Mapped[int] = mapped_column(ForeignKey("protocol_version.id"))
    dose_level: Mapped[str] = mapped_column(String(16))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(1))
    race: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(24), default="active")
    withdrawal_scope: Mapped[str | None] = mapped_column(String(16))
    consent_version: Mapped[str | None] = mapped_column(String(32))
    enrolled_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    # Optimistic locking: a save based on an older version is refused (two nurses,
    # one subject), never silently overwritten.
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class Contact(Base):
    """Protected health information, kept apart from every clinical row."""

    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint(_in("language", LANGUAGES), name="language"),
        CheckConstraint(_in_or_null("preferred_channel", CHANNELS), name="preferred_channel"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), unique=True)
    given_name: Mapped[str | None] = mapped_column(String(200))
    family_name: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    address: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(32))
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")
    preferred_channel: Mapped[str | None] = mapped_column(String(16))
    confidential_address: Mapped[bool] = mapped_column(Boolean, default=False)
    alternate_contacts: Mapped[str | None] = mapped_column(Text)
    local_physician: Mapped[str | None] = mapped_column(Text)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class Infusion(Voidable, Base):
    """Day 0 of a plan; a re-infusion is a second row and re-anchors the plan."""

    __tablename__ = "infusion"
    __table_args__ = (
        _void_check(),
        UniqueConstraint("subject_id", "sequence"),
        CheckConstraint("cell_dose IS NULL OR cell_dose > 0", name="cell_dose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    sequence: Mapped[int] = mapped_column(Integer, default=1)
    infusion_date: Mapped[dt.date] = mapped_column(Date)
    dose_level: Mapped[str] = mapped_column(String(16))
    cell_dose: Mapped[float | None] = mapped_column(Float)  # CAR+ cells per kg
    product_lot: Mapped[str | None] = mapped_column(String(64))


class Visit(Voidable, Base):
    """A planned visit and, once it happened, what actually happened.

    ``code`` is NULL for an unscheduled visit. ``state`` is the stored part of the
    status; due/upcoming/overdue follow from the window and the day asked about.
    """

    __tablename__ = "visit"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("state", VISIT_STATES), name="state"),
        CheckConstraint(_in_or_null("cause", CANCEL_CAUSES), name="cause"),
        CheckConstraint(_in_or_null("mode", VISIT_MODES), name="mode"),
        CheckConstraint(_in_or_null("actual_mode", VISIT_MODES), name="actual_mode"),
        CheckConstraint(
            "window_start IS NULL OR (window_start <= nominal_date AND nominal_date <= window_end)",
            name="window",
        ),
        CheckConstraint("(state = 'cancelled') = (cause IS NOT NULL)", name="cancel_cause"),
        CheckConstraint("state != 'completed' OR actual_date IS NOT NULL", name="completed_date"),
        # The worklist: open visits whose window touches a range of days.
        Index("ix_visit_worklist", "state", "window_start", "window_end"),
        Index("ix_visit_subject_nominal", "subject_id", "nominal_date"),
        # The subject list: each subject's next open visit, one index seek per subject.
        Index("ix_visit_subject_open", "subject_id", "state", "window_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    infusion_id: Mapped[int] = mapped_column(ForeignKey("infusion.id"))
    protocol_version_id: Mapped[int] = mapped_column(ForeignKey("protocol_version.id"))
    code: Mapped[str | None] = mapped_column(String(16))
    sequence: Mapped[int | None] = mapped_column(Integer)
    nominal_date: Mapped[dt.date] = mapped_column(Date)
    window_start: Mapped[dt.date | None] = mapped_column(Date)
    window_end: Mapped[dt.date | None] = mapped_column(Date)
    mode: Mapped[str | None] = mapped_column(String(16))
    assessments: Mapped[str] = mapped_column(String(200), default="")  # space separated
    state: Mapped[str] = mapped_column(String(16), default="planned")
    cause: Mapped[str | None] = mapped_column(String(24))
    actual_date: Mapped[dt.date | None] = mapped_column(Date)
    actual_mode: Mapped[str | None] = mapped_column(String(16))
    performed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    out_of_window: Mapped[bool] = mapped_column(Boolean, default=False)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class VisitStatusChange(Base):
    """Every change of a visit's state, so any state can be traced and undone."""

    __tablename__ = "visit_status_change"
    __table_args__ = (
        CheckConstraint(_in_or_null("old_state", VISIT_STATES), name="old_state"),
        CheckConstraint(_in("new_state", VISIT_STATES), name="new_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    old_state: Mapped[str | None] = mapped_column(String(16))
    new_state: Mapped[str] = mapped_column(String(16))
    cause: Mapped[str | None] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(Text)
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


# What a result and a clinical event record, in the order the trail's record, the
# subject record and the ODM export name them (besides subject, source file, voiding).
RESULT_VALUES = ("result_date", "result_time", "analyte", "value", "category", "unit", "blq", "lloq", "assay")
EVENT_VALUES = ("event_date", "kind", "detail")
EVENT_DETAILS = (
    "response", "mrd_negative", "cd19_status", "cd22_status", "lineage_switch", "death_cause", "withdrawal_scope"
)


class Result(Voidable, Base):
    """A laboratory result in long format: one analyte, one date, one value."""

    __tablename__ = "result"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("analyte", ANALYTES), name="analyte"),
        CheckConstraint(_in_or_null("category", RESULT_CATEGORIES), name="category"),
        CheckConstraint("(value IS NULL) != (category IS NULL)", name="value_or_category"),
        CheckConstraint("NOT blq OR lloq IS NOT NULL", name="blq_lloq"),
        CheckConstraint("value IS NULL OR value >= 0", name="value"),
        Index("ix_result_subject_analyte_date", "subject_id", "analyte", "result_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    result_date: Mapped[dt.date] = mapped_column(Date)
    result_time: Mapped[str | None] = mapped_column(String(8))  # HH:MM when known
    analyte: Mapped[str] = mapped_column(String(16))
    value: Mapped[float | None] = mapped_column(Float)
    category: Mapped[str | None] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16), default="")
    blq: Mapped[bool] = mapped_column(Boolean, default=False)
    lloq: Mapped[float | None] = mapped_column(Float)
    assay: Mapped[str | None] = mapped_column(String(64))
    source_file: Mapped[str | None] = mapped_column(String(255))


class SafetyAlert(Base):
    """Derived, not entered: a safety alert a subject's results raise (services/alerts.py).

    Kept in step by every write of a result, so the worklist reads a few hundred rows
    instead of a million results. Not exported: an archive restore rebuilds it.
    """

    __tablename__ = "safety_alert"
    __table_args__ = (CheckConstraint(_in("kind", ALERT_KINDS), name="kind"),)

    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    alert_date: Mapped[dt.date] = mapped_column(Date)  # the result that raised it
    shown_until: Mapped[dt.date | None] = mapped_column(Date)  # None: for good (an RCL positive)
    value: Mapped[float | None] = mapped_column(Float)
    threshold: Mapped[float | None] = mapped_column(Float)


class ResultPack(Base):
    """Derived, not entered: one subject's analysed results as one binary array
    (services/packs.py), so the endpoints read 10,000 blobs instead of half a million
    rows. `n_results` and `max_result_id` describe the result rows it stands for;
    a pack that no longer matches them is ignored. Not exported: rebuilt on restore."""

    __tablename__ = "result_pack"

    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), primary_key=True)
    n_results: Mapped[int] = mapped_column(Integer)
    max_result_id: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ResultPackTail(Base):
    """Derived, not entered: results added to a subject's pack since it was last written
    whole, packed the same way (services/packs.py). A lab file of the whole cohort then
    writes each subject's few new rows instead of rewriting every pack; a tail grown to a
    quarter of its pack is folded into it. `n_results` and `max_result_id` describe the
    result rows the tail stands for (the pack's and the tail's together: the subject's)."""

    __tablename__ = "result_pack_tail"

    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), primary_key=True)
    n_results: Mapped[int] = mapped_column(Integer)
    max_result_id: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


# Tables computed from the others: rebuilt, never exported or restored.
DERIVED_TABLES = ("safety_alert", "result_pack", "result_pack_tail")


class ClinicalEvent(Voidable, Base):
    __tablename__ = "clinical_event"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind"),
        CheckConstraint(_in_or_null("response", RESPONSES), name="response"),
        CheckConstraint(_in_or_null("cd19_status", ANTIGEN_STATUSES), name="cd19_status"),
        CheckConstraint(_in_or_null("cd22_status", ANTIGEN_STATUSES), name="cd22_status"),
        CheckConstraint(_in_or_null("withdrawal_scope", WITHDRAWAL_SCOPES), name="withdrawal_scope"),
        CheckConstraint("kind != 'response' OR response IS NOT NULL", name="response_given"),
        Index("ix_clinical_event_subject_date", "subject_id", "event_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    event_date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
    response: Mapped[str | None] = mapped_column(String(4))
    mrd_negative: Mapped[bool | None] = mapped_column(Boolean)
    cd19_status: Mapped[str | None] = mapped_column(String(12))
    cd22_status: Mapped[str | None] = mapped_column(String(12))
    lineage_switch: Mapped[bool | None] = mapped_column(Boolean)
    death_cause: Mapped[str | None] = mapped_column(Text)
    withdrawal_scope: Mapped[str | None] = mapped_column(String(16))
    source_file: Mapped[str | None] = mapped_column(String(255))


class AdverseEvent(Voidable, Base):
    """CTCAE v5 term and grade; CRS and ICANS graded by ASTCT 2019."""

    __tablename__ = "adverse_event"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("kind", AE_KINDS), name="kind"),
        CheckConstraint("grade BETWEEN 1 AND 5", name="grade"),
        CheckConstraint(_in_or_null("special_interest", SPECIAL_INTEREST), name="special_interest"),
        CheckConstraint("resolution_date IS NULL OR resolution_date >= onset_date", name="resolution"),
        CheckConstraint("awareness_date IS NULL OR awareness_date >= onset_date", name="awareness"),
        Index("ix_adverse_event_subject_onset", "subject_id", "onset_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    kind: Mapped[str] = mapped_column(String(8), default="ctcae")
    term: Mapped[str] = mapped_column(String(200))
    grade: Mapped[int] = mapped_column(Integer)
    onset_date: Mapped[dt.date] = mapped_column(Date)
    resolution_date: Mapped[dt.date | None] = mapped_column(Date)
    serious: Mapped[bool] = mapped_column(Boolean, default=False)
    related: Mapped[bool] = mapped_column(Boolean, default=False)
    dlt: Mapped[bool] = mapped_column(Boolean, default=False)
    special_interest: Mapped[str | None] = mapped_column(String(24))
    source_file: Mapped[str | None] = mapped_column(String(255))
    # The day the site first knew (the reporting clocks run from it, never from onset);
    # empty on events recorded before it was asked for.
    awareness_date: Mapped[dt.date | None] = mapped_column(Date)
    # Not listed in the reference safety information: with serious and related, a SUSAR
    # (empty on events recorded before it was asked for).
    unexpected: Mapped[bool | None] = mapped_column(Boolean)


class SafetyCase(Base):
    """A malignancy or an RCL positive being worked up (DOMAIN.md 7): its steps are
    `CaseStep` rows; it closes only when none is open."""

    __tablename__ = "safety_case"
    __table_args__ = (
        CheckConstraint(_in("kind", CASE_KINDS), name="kind"),
        CheckConstraint(_in("state", CASE_STATES), name="state"),
        CheckConstraint("(state = 'closed') = (closed_on IS NOT NULL)", name="closed_on"),
        Index("ix_safety_case_subject", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    kind: Mapped[str] = mapped_column(String(16))
    t_cell: Mapped[bool] = mapped_column(Boolean, default=False)
    adverse_event_id: Mapped[int | None] = mapped_column(ForeignKey("adverse_event.id"))
    result_id: Mapped[int | None] = mapped_column(ForeignKey("result.id"))
    awareness_date: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(8), default="open")
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class CaseStep(Base):
    """One step of a case: open (with a due date or none), done or not applicable."""

    __tablename__ = "case_step"
    __table_args__ = (
        UniqueConstraint("case_id", "code"),
        CheckConstraint(_in("code", STEP_CODES), name="code"),
        CheckConstraint(_in("state", STEP_STATES), name="state"),
        CheckConstraint(_in_or_null("outcome", STEP_OUTCOMES), name="outcome"),
        CheckConstraint("(state = 'open') = (done_on IS NULL)", name="done_on"),
        CheckConstraint("state != 'not_applicable' OR note IS NOT NULL", name="reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("safety_case.id"))
    code: Mapped[str] = mapped_column(String(24))
    sequence: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16), default="open")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(64))
    done_on: Mapped[dt.date | None] = mapped_column(Date)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    outcome: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)


class SafetyReport(Base):
    """A reporting clock (DOMAIN.md 7, Clocks): a report due to a recipient by a date
    counted from the awareness date; it stops when sent date, recipient and reference
    are recorded. On time or late is derived, never stored."""

    __tablename__ = "safety_report"
    __table_args__ = (
        CheckConstraint(_in("recipient", REPORT_RECIPIENTS), name="recipient"),
        CheckConstraint(
            "(sent_on IS NULL) = (reference IS NULL) AND (sent_on IS NULL) = (sent_to IS NULL)", name="sent"
        ),
        CheckConstraint("due_date >= awareness_date", name="due_date"),
        Index("ix_safety_report_open", "sent_on", "due_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("safety_case.id"))
    adverse_event_id: Mapped[int | None] = mapped_column(ForeignKey("adverse_event.id"))
    recipient: Mapped[str] = mapped_column(String(24))
    awareness_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    sent_on: Mapped[dt.date | None] = mapped_column(Date)
    sent_to: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(200))
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class SafetyScreen(Voidable, Base):
    """The safety screen of one follow-up contact from Day 28 (DOMAIN.md section 7):
    each question of `SCREEN_QUESTIONS` answered yes, no or unknown.

    One current (non-voided) screen per visit; a correction is an audited update, a
    screen entered against the wrong visit is voided with a reason.
    """

    __tablename__ = "safety_screen"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("source", SCREEN_SOURCES), name="source"),
        *(CheckConstraint(_in(q, SCREEN_ANSWERS), name=q) for q in SCREEN_QUESTIONS),
        *(CheckConstraint(_in_or_null(q, SCREEN_ANSWERS), name=q) for q in SCREEN_EXTRAS),
        Index("ix_safety_screen_subject_visit", "subject_id", "visit_id"),
        # The edit check for a missing screen looks a visit's screen up by the visit.
        Index("ix_safety_screen_visit", "visit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"))
    contact_date: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))
    new_malignancy: Mapped[str] = mapped_column(String(8))
    neurologic: Mapped[str] = mapped_column(String(8))
    autoimmune: Mapped[str] = mapped_column(String(8))
    hematologic: Mapped[str] = mapped_column(String(8))
    serious_infection: Mapped[str] = mapped_column(String(8))
    hospitalisation: Mapped[str] = mapped_column(String(8))
    new_medicines: Mapped[str] = mapped_column(String(8))
    new_doctor: Mapped[str | None] = mapped_column(String(8))
    address_changed: Mapped[str | None] = mapped_column(String(8))
    source_file: Mapped[str | None] = mapped_column(String(255))


class ContactAttempt(Voidable, Base):
    __tablename__ = "contact_attempt"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("outcome", CONTACT_OUTCOMES), name="outcome"),
        Index("ix_contact_attempt_subject_date", "subject_id", "attempt_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    attempt_date: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class Medication(Voidable, Base):
    """Immunoglobulin replacement: from `start_date` to `stop_date` (None: ongoing)."""

    __tablename__ = "medication"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("kind", MEDICATION_KINDS), name="kind"),
        CheckConstraint("stop_date IS NULL OR stop_date >= start_date", name="stop_date"),
        CheckConstraint("dose IS NULL OR dose > 0", name="dose"),
        Index("ix_medication_subject", "subject_id", "start_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    kind: Mapped[str] = mapped_column(String(8))
    start_date: Mapped[dt.date] = mapped_column(Date)
    stop_date: Mapped[dt.date | None] = mapped_column(Date)
    dose: Mapped[float | None] = mapped_column(Float)  # g/kg per dose
    source_file: Mapped[str | None] = mapped_column(String(255))


class Consent(Voidable, Base):
    """One informed consent: which version, when, given by whom, recorded by whom."""

    __tablename__ = "consent"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("consented_by", CONSENTERS), name="consented_by"),
        Index("ix_consent_subject", "subject_id", "consent_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    version: Mapped[str] = mapped_column(String(32))
    consent_date: Mapped[dt.date] = mapped_column(Date)
    consented_by: Mapped[str] = mapped_column(String(16))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    source_file: Mapped[str | None] = mapped_column(String(255))


class Letter(Base):
    """A printed letter: what went out, for which visits, and whether it came back."""

    __tablename__ = "letter"
    __table_args__ = (
        CheckConstraint(_in("recipient", LETTER_RECIPIENTS), name="recipient"),
        CheckConstraint(_in("language", LANGUAGES), name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(16), default="subject")
    visit_codes: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8))
    printed_on: Mapped[dt.date] = mapped_column(Date)
    printed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    printed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    returned_mail: Mapped[bool] = mapped_column(Boolean, default=False)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)


class Sample(Voidable, Base):
    """A sample drawn to archive (DOMAIN.md 7): where it is, until when it is kept, what became of it.

    ``sample_code`` is the printed id (`services/samples.py` makes it; no name, no birth
    date). ``result_id`` links an RCL sample to the result row that recorded it as
    archived. The shipment and destruction columns hold the latest of each; every change
    is in the audit trail.
    """

    __tablename__ = "sample"
    __table_args__ = (
        _void_check(),
        CheckConstraint(_in("sample_type", SAMPLE_TYPES), name="sample_type"),
        CheckConstraint(_in("state", SAMPLE_STATES), name="state"),
        CheckConstraint("aliquots >= 1", name="aliquots"),
        CheckConstraint("keep_until >= draw_date", name="keep_until"),
        CheckConstraint("(state = 'destroyed') = (destroy_reason IS NOT NULL)", name="destroy_reason"),
        Index("ix_sample_subject_draw", "subject_id", "draw_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_code: Mapped[str] = mapped_column(String(64), unique=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    sample_type: Mapped[str] = mapped_column(String(24))
    draw_date: Mapped[dt.date] = mapped_column(Date)
    aliquots: Mapped[int] = mapped_column(Integer, default=1)
    freezer: Mapped[str] = mapped_column(String(64))
    rack: Mapped[str] = mapped_column(String(32), default="")
    box: Mapped[str] = mapped_column(String(32), default="")
    position: Mapped[str] = mapped_column(String(32), default="")
    keep_until: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16), default="stored")
    result_id: Mapped[int | None] = mapped_column(ForeignKey("result.id"))
    shipped_on: Mapped[dt.date | None] = mapped_column(Date)
    shipped_to: Mapped[str | None] = mapped_column(String(200))
    destroyed_on: Mapped[dt.date | None] = mapped_column(Date)
    destroy_reason: Mapped[str | None] = mapped_column(Text)


class SampleTest(Voidable, Base):
    """A test run on an archived sample: its name, date and result as reported."""

    __tablename__ = "sample_test"
    __table_args__ = (_void_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("sample.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    test_name: Mapped[str] = mapped_column(String(200))
    test_date: Mapped[dt.date] = mapped_column(Date)
    result_text: Mapped[str] = mapped_column(Text)


class IndPlan(Base):
    """The PI's "plan for the coming year" of one IND annual report (21 CFR 312.33(f)),
    per protocol and reporting period (its end, the IND anniversary); changes are audited."""

    __tablename__ = "ind_plan"
    __table_args__ = (UniqueConstraint("protocol_id", "period_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[str] = mapped_column(String(64))
    period_end: Mapped[dt.date] = mapped_column(Date)
    plan_text: Mapped[str] = mapped_column(Text)


class DataQuery(Base):
    """A question about a value (a data query): on a record of `target_table` (and
    `field` when it is about one value), raised by a monitor or by an edit check
    (`check_code`), answered by the site with a text or a correction (`correction_entry`:
    the audit entry of the corrected value), closed or re-opened by the monitor.

    Each step is an audited update of this row (`services/queries.py`), so its history
    is the audit trail's; an edit check's query is one row per check and record, re-opened
    when the condition comes back.
    """

    __tablename__ = "query"
    __table_args__ = (
        CheckConstraint(_in("state", QUERY_STATES), name="state"),
        CheckConstraint(_in("target_table", QUERY_TARGETS), name="target_table"),
        CheckConstraint(_in_or_null("check_code", EDIT_CHECKS), name="check_code"),
        CheckConstraint("(state = 'closed') = (closed_at IS NOT NULL)", name="closed_at"),
        CheckConstraint("state != 'answered' OR answered_at IS NOT NULL", name="answered_at"),
        UniqueConstraint("check_code", "target_table", "record_id"),
        Index("ix_query_subject_state", "subject_id", "state"),
        Index("ix_query_state", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"))
    target_table: Mapped[str] = mapped_column(String(24))
    record_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    check_code: Mapped[str | None] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(12), default="open")
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    raised_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    correction_entry: Mapped[int | None] = mapped_column(Integer)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    row_version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": row_version}


class Verification(Base):
    """A record checked against the source: by whom and when; cleared (kept, with when,
    by whom and why) by the first change to the record after it."""

    __tablename__ = "verification"
    __table_args__ = (
        CheckConstraint(_in("record_table", VERIFIED_TABLES), name="record_table"),
        CheckConstraint("(cleared_at IS NULL) = (clear_reason IS NULL)", name="clear_reason"),
        Index("ix_verification_record", "record_table", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    record_table: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    verified_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    verified_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    cleared_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    cleared_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    clear_reason: Mapped[str | None] = mapped_column(Text)


class DataCut(Base):
    """A frozen data cut: the data up to `as_of` as they stood when the PI froze them
    (the audit trail up to `audit_last_id`), from which a report is rebuilt exactly."""

    __tablename__ = "data_cut"

    id: Mapped[int] = mapped_column(primary_key=True)
    as_of: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    cut_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    cut_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    audit_last_id: Mapped[int] = mapped_column(Integer)
    audit_hash: Mapped[str] = mapped_column(String(64))


class UserGrant(Voidable, Base):
    """What a user may see: one study (``protocol_version.protocol_id``) or all (NULL),
    at one site or all (NULL). A user without any grant sees every subject; revoking
    voids the row (`ltfu.services.access`)."""

    __tablename__ = "user_grant"
    __table_args__ = (_void_check(),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    protocol_id: Mapped[str | None] = mapped_column(String(64))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))


class SubjectTransfer(Base):
    """A subject's move from one site to another on a date; ``subject.site_id`` holds
    the site since the latest move, these rows the history (both sites keep theirs)."""

    __tablename__ = "subject_transfer"
    __table_args__ = (CheckConstraint("from_site_id != to_site_id", name="other_site"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    from_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    to_site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    transfer_date: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One entry of the audit trail; entries are hash-chained in id order."""

    __tablename__ = "audit_event"
    __table_args__ = (
        CheckConstraint(_in("action", AUDIT_ACTIONS), name="action"),
        Index("ix_audit_event_table_record", "table_name", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(16))
    table_name: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int | None] = mapped_column(Integer)
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subject.id"), index=True)
    field: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Signature(Base):
    """An electronic signature binding signer, time, meaning and a document hash."""

    __tablename__ = "signature"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    printed_name: Mapped[str] = mapped_column(String(200))
    meaning: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    document_kind: Mapped[str] = mapped_column(String(32))
    document_sha256: Mapped[str] = mapped_column(String(64))
    data_hash: Mapped[str | None] = mapped_column(String(64))
    # The audit trail's head when it was signed (also printed on the document).
    audit_entries: Mapped[int | None] = mapped_column(Integer)
    audit_hash: Mapped[str | None] = mapped_column(String(64))


def _append_only(_target: object, connection: Connection, **_kw: object) -> None:
    for stmt in append_only.statements(connection.dialect.name):
        connection.exec_driver_sql(stmt)


# A new database gets the triggers of migration 0006 too (it is created, not migrated).
event.listen(Base.metadata, "after_create", _append_only)
