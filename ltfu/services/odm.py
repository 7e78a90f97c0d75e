"""The clinical data as CDISC ODM 1.3.2 XML, the exchange format EDC systems read.

One ``Study`` whose metadata comes from the stored protocol definitions: a
``StudyEventDef`` per visit code (repeating: a re-infusion restarts the plan, the
infusion sequence is the repeat key), plus a baseline, an unscheduled and a common
(log) event; forms for the visit itself, laboratory results, the subject, infusions,
clinical events, adverse events, archived samples and their tests, with code lists from the models' vocabularies and
measurement units for the analytes. ``AdminData`` lists the users and sites.
``ClinicalData`` holds one ``SubjectData`` per current subject; each result is filed
under the visit it belongs to (DOMAIN.md 3.5: same day as a completed visit, else the
window containing it, the closer nominal date winning), before Day 0 under the
baseline event, otherwise under an unscheduled event keyed by its date. Voided rows
are left out (a snapshot holds the current state); the complete audit trail follows
as ``AuditRecords``, one per audit entry.

Data queries (`ltfu.services.queries`) travel as ODM ``Annotation`` elements where
ODM 1.3.2 allows them: on the ``ItemData`` of the queried field (after its unit), or on
the ``ItemGroupData`` of the record when the query names no field or the field has no
value (a visit's, a result's, an event's, an adverse event's, the subject's for its
dose level). Each has ``ID="QRY.<query id>"``, a ``Comment`` with the question, who
raised it (a user's OID from ``AdminData``, or the edit check) and when, the answer and the closing note, and the query's state as a
``Flag``: ``FlagValue`` from code list ``CL.QUERY_STATE`` (open, answered, closed),
``FlagType`` ``query_state`` from ``CL.QUERY_FLAG``. We chose the standard ``Flag``
over an ``ltfu:`` extension attribute so the file still validates against the plain
ODM 1.3.2 schema (its extension attribute groups are empty); the ``ltfu`` part is the
code lists' names. Each step of a query is in the audit trail (``AuditRecords``,
table ``query``).

Extension (issue 19), within ODM 1.3.2 as it stands: data review is written as
``Annotations`` after the audit records, one ``Annotation`` per source verification
mark (ID ``AN.SDV.<id>``) and per frozen data cut (ID ``AN.CUT.<id>``), each with a
``Comment`` in a fixed form a reader can parse:
``sdv <subject> <table> <record id>: verified by <user> at <UTC>[; cleared at <UTC>: <why>]``
and ``data cut <id>: as of <date>, frozen by <user> at <UTC> at audit entry <id> (<hash>): <reason>``.

The metadata is written with the standard library's ElementTree; the clinical data and
the audit trail as the same text written directly, one subject at a time, so memory
does not grow with the cohort.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from itertools import compress, islice, pairwise, repeat
from multiprocessing.connection import Connection as PipeEnd
from operator import itemgetter, mul, ne, not_
from pathlib import Path
from typing import IO, Any, NamedTuple

from sqlalchemy import Connection, Dialect, Select, bindparam, select
from sqlalchemy.orm import Session

from ltfu import __version__, vocabulary
from ltfu.db import models as m
from ltfu.db.engine import driver_connection
from ltfu.errors import LtfuError, Message, ProtocolError
from ltfu.memory import collector_paused
from ltfu.safefile import WriteBehind, atomic_file
from ltfu.schedule.protocol import ASSESSMENTS, Protocol, parse_protocol
from ltfu.services import access, audit
from ltfu.services.database import Database
from ltfu.services.export import beside_on_snapshot, read_snapshot, second_process_pays, snapshot_session, utc_text
from ltfu.services.protocols import analysis_scope, in_study

ODM_NAMESPACE = "http://www.cdisc.org/ns/odm/v1.3"
ODM_VERSION = "1.3.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BATCH = 200
_COPY_CHUNK = 1 << 22  # bytes of the second process's part copied at a time
_SECOND = itemgetter(1)

log = logging.getLogger(__name__)

SE_BASELINE = "SE.BASELINE"
SE_UNSCHEDULED = "SE.UNSCHEDULED"
SE_COMMON = "SE.COMMON"
USER_SYSTEM = "USR.SYSTEM"
LOCATION_DATABASE = "LOC.DATABASE"

# Unit symbol -> MeasurementUnit OID: each analyte's stored unit (`ltfu.vocabulary`),
# then the infusion's cell dose and the immunoglobulin replacement's dose.
UNITS = {u.symbol: u.oid for u in vocabulary.RESULT_UNITS} | {
    vocabulary.CELL_DOSE_UNIT: vocabulary.CELL_DOSE_UNIT_OID,
    vocabulary.IG_DOSE_UNIT: vocabulary.IG_DOSE_UNIT_OID,
}
_RESULT_UNITS = tuple(u.symbol for u in vocabulary.RESULT_UNITS)

CODE_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "CL.SEX": ("Sex", m.SEXES),
    "CL.SUBJECT_STATUS": ("Subject status", m.SUBJECT_STATUSES),
    "CL.WITHDRAWAL_SCOPE": ("Withdrawal scope", m.WITHDRAWAL_SCOPES),
    "CL.VISIT_MODE": ("Visit mode", m.VISIT_MODES),
    "CL.VISIT_STATE": ("Visit state", m.VISIT_STATES),
    "CL.CANCEL_CAUSE": ("Cancellation cause", m.CANCEL_CAUSES),
    "CL.ANALYTE": ("Analyte", m.ANALYTES),
    "CL.RESULT_CATEGORY": ("Categorical result", m.RESULT_CATEGORIES),
    "CL.EVENT_KIND": ("Clinical event", m.EVENT_KINDS),
    "CL.RESPONSE": ("Response", m.RESPONSES),
    "CL.ANTIGEN_STATUS": ("Antigen status", m.ANTIGEN_STATUSES),
    "CL.AE_KIND": ("Adverse event grading", m.AE_KINDS),
    "CL.SPECIAL_INTEREST": ("Adverse event of special interest", m.SPECIAL_INTEREST),
    "CL.CASE_KIND": ("Safety case", m.CASE_KINDS),
    "CL.CASE_STATE": ("Safety case state", m.CASE_STATES),
    "CL.STEP_CODE": ("Safety case step", m.STEP_CODES),
    "CL.STEP_STATE": ("Safety case step state", m.STEP_STATES),
    "CL.STEP_OUTCOME": ("Test outcome", m.STEP_OUTCOMES),
    "CL.REPORT_RECIPIENT": ("Safety report recipient", m.REPORT_RECIPIENTS),
    "CL.SAMPLE_TYPE": ("Archived sample type", m.SAMPLE_TYPES),
    "CL.SAMPLE_STATE": ("Archived sample state", m.SAMPLE_STATES),
    "CL.SCREEN_ANSWER": ("Safety screen answer", m.SCREEN_ANSWERS),
    "CL.SCREEN_SOURCE": ("How the safety screen was obtained", m.SCREEN_SOURCES),
    "CL.QUERY_STATE": ("ltfu data query state", m.QUERY_STATES),
    "CL.QUERY_FLAG": ("ltfu data query flag", ("query_state",)),
    "CL.MEDICATION_KIND": ("Immunoglobulin replacement", m.MEDICATION_KINDS),
    "CL.CONSENTER": ("Who consented", m.CONSENTERS),
}
_DECODES = vocabulary.DECODES


@dataclass(frozen=True)
class Item:
    """One ItemDef: its name (the OID is IT.<group>.<name>), data type, code list, units."""

    name: str
    data_type: str
    label: str
    code_list: str | None = None
    units: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """A FormDef with its single ItemGroupDef (F.<key> and IG.<key>)."""

    key: str
    name: str
    repeating: bool
    items: tuple[Item, ...]

    @property
    def form_oid(self) -> str:
        return f"F.{self.key}"

    @property
    def group_oid(self) -> str:
        return f"IG.{self.key}"

    def item_oid(self, name: str) -> str:
        return f"IT.{self.key}.{name}"


GROUPS: tuple[Group, ...] = (
    Group(
        "SUBJECT",
        "Subject",
        False,
        (
            Item("SITE", "text", "Site code"),
            Item("DOSE_LEVEL", "text", "Assigned dose level"),
            Item("BIRTH_YEAR", "integer", "Year of birth"),
            Item("SEX", "text", "Sex", "CL.SEX"),
            Item("RACE", "text", "Race"),
            Item("STATUS", "text", "Follow-up status", "CL.SUBJECT_STATUS"),
            Item("WITHDRAWAL_SCOPE", "text", "Withdrawal scope", "CL.WITHDRAWAL_SCOPE"),
            Item("CONSENT_VERSION", "text", "Informed consent version"),
            Item("ENROLLED_ON", "date", "Enrolment date"),
        ),
    ),
    Group(
        "INFUSION",
        "CAR-T infusion",
        True,
        (
            Item("SEQUENCE", "integer", "Infusion number (2 = re-infusion)"),
            Item("INFUSION_DATE", "date", "Infusion date (Day 0)"),
            Item("DOSE_LEVEL", "text", "Dose level"),
            Item("CELL_DOSE", "float", "Cell dose", units=(vocabulary.CELL_DOSE_UNIT,)),
            Item("PRODUCT_LOT", "text", "Product lot"),
        ),
    ),
    Group(
        "VISIT",
        "Visit",
        False,
        (
            Item("CODE", "text", "Visit code (empty: unscheduled)"),
            Item("NOMINAL_DATE", "date", "Planned date"),
            Item("WINDOW_START", "date", "Window start"),
            Item("WINDOW_END", "date", "Window end"),
            Item("MODE", "text", "Planned mode", "CL.VISIT_MODE"),
            Item("ASSESSMENTS", "text", "Planned assessments (space separated codes)"),
            Item("STATE", "text", "Stored visit state", "CL.VISIT_STATE"),
            Item("CAUSE", "text", "Cause of cancellation", "CL.CANCEL_CAUSE"),
            Item("ACTUAL_DATE", "date", "Date the visit took place"),
            Item("ACTUAL_MODE", "text", "How the visit took place", "CL.VISIT_MODE"),
            Item("OUT_OF_WINDOW", "boolean", "Done outside its window"),
        ),
    ),
    Group(
        "LAB",
        "Laboratory result",
        True,
        (
            Item("RESULT_DATE", "date", "Sample date"),
            Item("RESULT_TIME", "text", "Sample time (HH:MM)"),
            Item("ANALYTE", "text", "Analyte", "CL.ANALYTE"),
            Item("VALUE", "float", "Numeric value", units=_RESULT_UNITS),
            Item("CATEGORY", "text", "Categorical result", "CL.RESULT_CATEGORY"),
            Item("UNIT", "text", "Unit of value and LLOQ"),
            Item("BLQ", "boolean", "Below the lower limit of quantification (value holds the LLOQ)"),
            Item("LLOQ", "float", "Lower limit of quantification", units=_RESULT_UNITS),
            Item("ASSAY", "text", "Assay"),
        ),
    ),
    Group(
        "EVENT",
        "Clinical event",
        True,
        (
            Item("EVENT_DATE", "date", "Event date"),
            Item("KIND", "text", "Event", "CL.EVENT_KIND"),
            Item("DETAIL", "text", "Detail as entered"),
            Item("RESPONSE", "text", "Response", "CL.RESPONSE"),
            Item("MRD_NEGATIVE", "boolean", "MRD negative (< 0.01% by flow)"),
            Item("CD19_STATUS", "text", "CD19 at relapse", "CL.ANTIGEN_STATUS"),
            Item("CD22_STATUS", "text", "CD22 at relapse", "CL.ANTIGEN_STATUS"),
            Item("LINEAGE_SWITCH", "boolean", "Lineage switch at relapse"),
            Item("DEATH_CAUSE", "text", "Cause of death"),
            Item("WITHDRAWAL_SCOPE", "text", "Withdrawal scope", "CL.WITHDRAWAL_SCOPE"),
        ),
    ),
    Group(
        "AE",
        "Adverse event",
        True,
        (
            Item("KIND", "text", "Grading scale", "CL.AE_KIND"),
            Item("TERM", "text", "Term"),
            Item("GRADE", "integer", "Grade"),
            Item("ONSET_DATE", "date", "Onset date"),
            Item("RESOLUTION_DATE", "date", "Resolution date"),
            Item("SERIOUS", "boolean", "Serious"),
            Item("RELATED", "boolean", "Related to the study product"),
            Item("DLT", "boolean", "Dose-limiting toxicity"),
            Item("SPECIAL_INTEREST", "text", "Special-interest category", "CL.SPECIAL_INTEREST"),
            Item("AWARENESS_DATE", "date", "Date the site first knew"),
            Item("UNEXPECTED", "boolean", "Unexpected (not in the reference safety information)"),
        ),
    ),
    Group(
        "CASE",
        "Safety case",
        True,
        (
            Item("KIND", "text", "Case", "CL.CASE_KIND"),
            Item("T_CELL", "boolean", "T-cell malignancy"),
            Item("AWARENESS_DATE", "date", "Date the site first knew"),
            Item("STATE", "text", "Case state", "CL.CASE_STATE"),
            Item("CLOSED_ON", "date", "Date closed"),
        ),
    ),
    Group(
        "CASE_STEP",
        "Safety case step",
        True,
        (
            Item("CASE_ID", "integer", "Safety case (its repeat key)"),
            Item("CODE", "text", "Step", "CL.STEP_CODE"),
            Item("STATE", "text", "Step state", "CL.STEP_STATE"),
            Item("DUE_DATE", "date", "Due date"),
            Item("OWNER", "text", "Owner (role or username)"),
            Item("DONE_ON", "date", "Date done or found not applicable"),
            Item("OUTCOME", "text", "Test outcome", "CL.STEP_OUTCOME"),
            Item("NOTE", "text", "Note; the reason when not applicable"),
        ),
    ),
    Group(
        "REPORT",
        "Safety report (reporting clock)",
        True,
        (
            Item("CASE_ID", "integer", "Safety case (its repeat key)"),
            Item("ADVERSE_EVENT_ID", "integer", "Adverse event (its repeat key)"),
            Item("RECIPIENT", "text", "Recipient", "CL.REPORT_RECIPIENT"),
            Item("AWARENESS_DATE", "date", "Date the site first knew"),
            Item("DUE_DATE", "date", "Due date"),
            Item("SENT_ON", "date", "Date sent"),
            Item("SENT_TO", "text", "Sent to"),
            Item("REFERENCE", "text", "Report reference"),
        ),
    ),
    Group(
        "SAMPLE",
        "Archived sample",
        True,
        (
            Item("SAMPLE_CODE", "text", "Sample id (printed on the label)"),
            Item("SAMPLE_TYPE", "text", "Sample type", "CL.SAMPLE_TYPE"),
            Item("DRAW_DATE", "date", "Draw date"),
            Item("ALIQUOTS", "integer", "Aliquots"),
            Item("FREEZER", "text", "Freezer"),
            Item("RACK", "text", "Rack"),
            Item("BOX", "text", "Box"),
            Item("POSITION", "text", "Position in the box"),
            Item("KEEP_UNTIL", "date", "Kept until"),
            Item("STATE", "text", "State", "CL.SAMPLE_STATE"),
            Item("SHIPPED_ON", "date", "Shipped on"),
            Item("SHIPPED_TO", "text", "Shipped to"),
            Item("DESTROYED_ON", "date", "Destroyed on"),
            Item("DESTROY_REASON", "text", "Reason for destruction"),
        ),
    ),
    Group(
        "SAMPLE_TEST",
        "Test of an archived sample",
        True,
        (
            Item("SAMPLE_CODE", "text", "Sample id"),
            Item("TEST_NAME", "text", "Test"),
            Item("TEST_DATE", "date", "Test date"),
            Item("RESULT_TEXT", "text", "Result as reported"),
        ),
    ),
    Group(
        "MEDICATION",
        "Immunoglobulin replacement",
        True,
        (
            Item("KIND", "text", "Replacement", "CL.MEDICATION_KIND"),
            Item("START_DATE", "date", "Start date"),
            Item("STOP_DATE", "date", "Stop date (empty: ongoing)"),
            Item("DOSE", "float", "Dose per administration", units=(vocabulary.IG_DOSE_UNIT,)),
        ),
    ),
    Group(
        "CONSENT",
        "Informed consent",
        True,
        (
            Item("VERSION", "text", "Consent version"),
            Item("CONSENT_DATE", "date", "Consent date"),
            Item("CONSENTED_BY", "text", "Who consented", "CL.CONSENTER"),
        ),
    ),
    Group(
        "TRANSFER",
        "Move to another site",
        True,
        (
            Item("FROM_SITE", "text", "Site left"),
            Item("TO_SITE", "text", "New site"),
            Item("TRANSFER_DATE", "date", "Date of the move"),
            Item("REASON", "text", "Reason for the move"),
        ),
    ),
    Group(
        "SCREEN",
        "Safety screen (filed under its visit)",
        False,
        (
            Item("CONTACT_DATE", "date", "Date of the contact"),
            Item("SOURCE", "text", "How the answers were obtained", "CL.SCREEN_SOURCE"),
            *(
                Item(q.upper(), "text", f"Since the last contact: {q.replace('_', ' ')}", "CL.SCREEN_ANSWER")
                for q in (*vocabulary.SCREEN_QUESTIONS, *vocabulary.SCREEN_EXTRAS)
            ),
        ),
    ),
)
GROUPS_BY_KEY = {g.key: g for g in GROUPS}
# The forms of the common event, in the order a subject's are written.
_COMMON_FORMS = (
    *("SUBJECT", "INFUSION", "EVENT", "AE", "CASE", "CASE_STEP", "REPORT", "SAMPLE", "SAMPLE_TEST"),
    *("MEDICATION", "CONSENT", "TRANSFER"),
)

_XML_ILLEGAL = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Text XML 1.0 can carry (control characters become U+FFFD)."""
    return _XML_ILLEGAL.sub("\ufffd", value)


def odm_value(value: object) -> str:
    """A value as ODM writes it: ISO dates, true/false, decimals without exponent."""
    fast = _ODM_VALUES.get(type(value))
    if fast is not None:  # the common exact types, looked up once per value (millions at 10,000 subjects)
        return fast(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _decimal(value)
    if isinstance(value, dt.datetime):
        return utc_text(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(str(value))


def _decimal(value: float) -> str:
    """A float without exponent: its shortest round-trip form (`repr`) where that has none."""
    return _decimal_text(repr(value))


def _decimal_text(text: str) -> str:
    """`_decimal` of the float whose `repr` is `text`."""
    if "e" in text or "n" in text:  # 1e-05, inf, nan
        return format(Decimal(text), "f")
    return text


_ODM_VALUES: dict[type, Callable[[Any], str]] = {
    str: _text,
    int: int.__repr__,
    bool: lambda value: "true" if value else "false",
    float: _decimal,
    dt.datetime: utc_text,
    dt.date: dt.date.isoformat,
}


def _el(tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = ET.Element(tag, attrib or {})
    if text is not None:
        element.text = _text(text)
    return element


def _sub(parent: ET.Element, tag: str, attrib: dict[str, str] | None = None, text: str | None = None) -> ET.Element:
    element = _el(tag, attrib, text)
    parent.append(element)
    return element


def _translated(parent: ET.Element, tag: str, text: str) -> ET.Element:
    holder = _sub(parent, tag)
    _sub(holder, "TranslatedText", {XML_LANG: "en"}, text)
    return holder


# -- study metadata ------------------------------------------------------------------


@dataclass(frozen=True)
class _Version:
    id: int
    protocol_id: str
    version_label: str
    content_hash: str
    effective_date: dt.date
    protocol: Protocol | None


@dataclass(frozen=True)
class StudyDesign:
    """What the metadata says: the study, its protocol versions in order (the latest one's
    protocol id is the study's) and its visit codes."""

    study_oid: str
    mdv_oid: str
    title: str
    versions: tuple[_Version, ...]
    visit_codes: tuple[str, ...]

    @property
    def protocol_id(self) -> str:
        return self.versions[-1].protocol_id

    def visit_description(self, code: str) -> str:
        for version in reversed(self.versions):
            if version.protocol is None:
                continue
            try:
                visit = version.protocol.visit(code)
            except KeyError:
                continue
            assessments = ", ".join(f"{a} ({ASSESSMENTS.get(a, a)})" for a in visit.assessments)
            return (
                f"{code}: {visit.offset_label.replace('=', ' ')} from Day 0, window -{visit.early}/+{visit.late} days, "
                f"{visit.mode}; {assessments}"
            )
        return f"{code}: a visit code found in the data but in no stored protocol version"


def _design(session: Session, study: str | None) -> StudyDesign:
    versions = []
    query = select(m.ProtocolVersion).order_by(m.ProtocolVersion.id)
    if study is not None:
        query = query.where(m.ProtocolVersion.protocol_id == study)
    for row in session.execute(query).scalars():
        try:
            protocol: Protocol | None = parse_protocol(row.content.encode("utf-8"), row.source_name)
        except ProtocolError:
            protocol = None
        versions.append(
            _Version(row.id, row.protocol_id, row.version_label, row.content_hash, row.effective_date, protocol)
        )
    if not versions:
        raise LtfuError(Message("odm.no_protocol"))
    latest = versions[-1]
    codes: list[str] = []
    for version in reversed(versions):
        for code in version.protocol.codes if version.protocol else ():
            if code not in codes:
                codes.append(code)
    in_data = session.scalars(
        select(m.Visit.code)
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .where(m.Visit.code.is_not(None), in_study(study))
        .distinct()
    ).all()
    codes += sorted({code for code in in_data if code is not None} - set(codes))
    title = latest.protocol.title if latest.protocol else latest.protocol_id
    oids = f"ST.{latest.protocol_id}", f"MDV.{latest.protocol_id}.{latest.content_hash[:8]}"
    return StudyDesign(*oids, title=title, versions=tuple(versions), visit_codes=tuple(codes))


def _study(design: StudyDesign) -> ET.Element:
    study = _el("Study", {"OID": design.study_oid})
    global_variables = _sub(study, "GlobalVariables")
    _sub(global_variables, "StudyName", text=design.title)
    versions = "; ".join(
        f"{v.protocol_id} version {v.version_label} (sha256 {v.content_hash[:12]}), effective {v.effective_date}"
        for v in design.versions
    )
    _sub(global_variables, "StudyDescription", text=f"{design.title}. Protocol versions: {versions}.")
    _sub(global_variables, "ProtocolName", text=design.protocol_id)
    basic = _sub(study, "BasicDefinitions")
    for unit, oid in UNITS.items():
        mu = _sub(basic, "MeasurementUnit", {"OID": oid, "Name": unit})
        _translated(mu, "Symbol", unit)
    mdv = _sub(
        study,
        "MetaDataVersion",
        {
            "OID": design.mdv_oid,
            "Name": f"{design.protocol_id} (ltfu)",
            "Description": f"Exported by ltfu {__version__}",
        },
    )
    events = [
        (
            SE_COMMON,
            "Subject records (log)",
            "No",
            "Common",
            _COMMON_FORMS,
            "Subject, infusions, events, AEs, safety cases and reports, archived samples",
        ),
        (SE_BASELINE, "Baseline", "Yes", "Scheduled", ("LAB",), "Samples before lymphodepletion (not a visit)"),
        *(
            (f"SE.{code}", code, "Yes", "Scheduled", ("VISIT", "SCREEN", "LAB"), design.visit_description(code))
            for code in design.visit_codes
        ),
        (
            SE_UNSCHEDULED,
            "Unscheduled",
            "Yes",
            "Unscheduled",
            ("VISIT", "SCREEN", "LAB"),
            "Unscheduled visit or sample",
        ),
    ]
    protocol = _sub(mdv, "Protocol")
    _translated(protocol, "Description", f"Long-term follow-up plan of {design.protocol_id}; repeat key = infusion")
    for order, (oid, *_rest) in enumerate(events, start=1):
        _sub(protocol, "StudyEventRef", {"StudyEventOID": oid, "OrderNumber": str(order), "Mandatory": "No"})
    for oid, name, repeating, kind, forms, description in events:
        event = _sub(mdv, "StudyEventDef", {"OID": oid, "Name": name, "Repeating": repeating, "Type": kind})
        _translated(event, "Description", description)
        for order, key in enumerate(forms, start=1):
            mandatory = "Yes" if key in ("VISIT", "SUBJECT") and oid != SE_UNSCHEDULED else "No"
            _sub(
                event,
                "FormRef",
                {"FormOID": GROUPS_BY_KEY[key].form_oid, "OrderNumber": str(order), "Mandatory": mandatory},
            )
    for group in GROUPS:
        form = _sub(mdv, "FormDef", {"OID": group.form_oid, "Name": group.name, "Repeating": "No"})
        _sub(form, "ItemGroupRef", {"ItemGroupOID": group.group_oid, "OrderNumber": "1", "Mandatory": "Yes"})
    for group in GROUPS:
        item_group = _sub(
            mdv,
            "ItemGroupDef",
            {"OID": group.group_oid, "Name": group.name, "Repeating": "Yes" if group.repeating else "No"},
        )
        for order, item in enumerate(group.items, start=1):
            _sub(
                item_group,
                "ItemRef",
                {"ItemOID": group.item_oid(item.name), "OrderNumber": str(order), "Mandatory": "No"},
            )
    for group in GROUPS:
        for item in group.items:
            item_def = _sub(
                mdv, "ItemDef", {"OID": group.item_oid(item.name), "Name": item.name, "DataType": item.data_type}
            )
            _translated(item_def, "Description", item.label)
            _translated(item_def, "Question", item.label)
            for unit in item.units:
                _sub(item_def, "MeasurementUnitRef", {"MeasurementUnitOID": UNITS[unit]})
            if item.code_list:
                _sub(item_def, "CodeListRef", {"CodeListOID": item.code_list})
    for oid, (name, values) in CODE_LISTS.items():
        code_list = _sub(mdv, "CodeList", {"OID": oid, "Name": name, "DataType": "text"})
        for order, value in enumerate(values, start=1):
            entry = _sub(code_list, "CodeListItem", {"CodedValue": value, "OrderNumber": str(order)})
            _translated(entry, "Decode", _DECODES.get(value, value.replace("_", " ")))
    return study


def _admin(session: Session, design: StudyDesign) -> ET.Element:
    admin = _el("AdminData", {"StudyOID": design.study_oid})
    for user_id, username, full_name in session.execute(
        select(m.User.id, m.User.username, m.User.full_name).order_by(m.User.id)
    ):
        user = _sub(admin, "User", {"OID": f"USR.{user_id}"})
        _sub(user, "LoginName", text=username)
        _sub(user, "FullName", text=full_name)
    system = _sub(admin, "User", {"OID": USER_SYSTEM, "UserType": "Other"})
    _sub(system, "FullName", text="ltfu (changes made by the program's rules)")
    effective = min(v.effective_date for v in design.versions).isoformat()
    sites = [(LOCATION_DATABASE, "The ltfu database", "Other")] + [
        (f"LOC.{code}", name, "Site")
        for code, name in session.execute(select(m.Site.code, m.Site.name).order_by(m.Site.id))
    ]
    for oid, name, kind in sites:
        location = _sub(admin, "Location", {"OID": oid, "Name": name, "LocationType": kind})
        _sub(
            location,
            "MetaDataVersionRef",
            {"StudyOID": design.study_oid, "MetaDataVersionOID": design.mdv_oid, "EffectiveDate": effective},
        )
    return admin


# -- clinical data --------------------------------------------------------------------


def _annotation(query: dict[str, Any], seq: int) -> ET.Element:
    """A data query as an ODM Annotation (see the module's docstring)."""
    element = _el("Annotation", {"SeqNum": str(seq), "ID": f"QRY.{query['id']}"})
    by = f"USR.{query['raised_by']}" if query["raised_by"] is not None else f"edit check {query['check_code']}"
    text = f"Query {query['id']} ({query['state']}), raised by {by} at {utc_text(query['raised_at'])}: {query['text']}"
    if query["answer"]:
        corrected = " (value corrected, audit_event " + str(query["correction_entry"]) + ")"
        text += f" | Answer{corrected if query['correction_entry'] else ''}: {query['answer']}"
    if query["note"]:
        text += f" | Note: {query['note']}"
    _sub(element, "Comment", text=_text(text))
    flag = _sub(element, "Flag")
    _sub(flag, "FlagValue", {"CodeListOID": "CL.QUERY_STATE"}, str(query["state"]))
    _sub(flag, "FlagType", {"CodeListOID": "CL.QUERY_FLAG"}, "query_state")
    return element


def _notes_by_place(
    group: Group, values: dict[str, object], notes: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """A record's queries: those on its item group, and by column those on a field with a value."""
    on_item: dict[str, list[dict[str, Any]]] = defaultdict(list)
    on_group: list[dict[str, Any]] = []
    for note in notes:
        name = (note["field"] or "").lower()
        if values.get(name) not in (None, "") and any(item.name.lower() == name for item in group.items):
            on_item[name].append(note)
        else:
            on_group.append(note)
    return on_group, on_item


_TEXTS: dict[str, str] = {}  # text -> as an attribute value: codes, units and assays repeat by the million
_TEXTS_KEPT = 100_000


def _attribute_text(value: str) -> str:
    text = _TEXTS.get(value)
    if text is None:
        text = _escape_attrib(_text(value))
        if len(_TEXTS) < _TEXTS_KEPT:
            _TEXTS[value] = text
    return text


def _item_group(
    group: Group,
    values: dict[str, object],
    repeat_key: str | None,
    notes: Iterable[dict[str, Any]],
    indent: str,
    out: list[str],
) -> None:
    """An ItemGroupData written as text at `indent` (what `_plain_xml` writes for its
    element): a million ItemData at 10,000 subjects never become elements. `values`:
    the record by column name (an item's name in lower case)."""
    opening, heads = _item_heads(group)
    out.append(opening if repeat_key is None else f'{opening} ItemGroupRepeatKey="{_escape_attrib(repeat_key)}"')
    body = values.get(_BODY) if not notes and indent == _GROUP_INDENT else None
    if body is not None:  # its items written ahead (`_write_ahead`)
        out.append(f">{body}{indent}</ItemGroupData>" if body else " />")
        return
    on_group, on_item = _notes_by_place(group, values, notes) if notes else ((), None)
    inner, deeper = indent + "  ", indent + "    "
    opened = len(out)
    out.append(">")  # " />" below when the group holds nothing
    for seq, note in enumerate(on_group, 1):
        out.append(inner)
        _plain_xml(_annotation(note, seq), inner, out)
    get = values.get
    unit = get("unit")
    for key, head, fixed_unit, by_unit in heads:
        value = get(key)
        if value is None or value == "":
            continue
        kind = type(value)
        if kind is str:
            text = _attribute_text(value)  # type: ignore[arg-type]  # kind is str (identity: faster than isinstance)
        elif kind in _ODM_VALUES:  # digits, dates, true/false: nothing to escape
            text = _ODM_VALUES[kind](value)
        else:
            text = _escape_attrib(odm_value(value))
        unit_oid = UNITS.get(str(unit)) if by_unit else fixed_unit
        noted = on_item.get(key) if on_item else None
        if unit_oid is None and not noted:
            out.append(f'{inner}{head}{text}" />')
            continue
        out.append(f'{inner}{head}{text}">')
        if unit_oid is not None:
            out.append(f'{deeper}<MeasurementUnitRef MeasurementUnitOID="{_escape_attrib(unit_oid)}" />')
        for seq, note in enumerate(noted or (), 1):
            out.append(deeper)
            _plain_xml(_annotation(note, seq), deeper, out)
        out.append(f"{inner}</ItemData>")
    if len(out) > opened + 1:
        out.append(f"{indent}</ItemGroupData>")
    else:
        out[opened] = " />"


# Where every ItemGroupData stands (SubjectData > StudyEventData > FormData > ItemGroupData),
# and the key under which a record keeps its items' text written ahead.
_GROUP_INDENT = "\n" + "  " * 5
_BODY = "\x00items"
# The key under which a slim record of a form of one record (`_SLIM`: a visit, a safety screen)
# keeps its whole FormData, as `_subject_data` writes it, from the indent before it on.
_WHOLE_FORM = "\x00form"


def _value_text(value: object) -> str:
    """A value as an ItemData's Value attribute holds it."""
    kind = type(value)
    if kind is str:
        return _attribute_text(value)  # type: ignore[arg-type]  # kind is str
    fast = _ODM_VALUES.get(kind)
    return fast(value) if fast is not None else _escape_attrib(odm_value(value))


def _write_ahead(group: Group, records: list[dict[str, Any]]) -> None:
    """The ItemData of every record of `group`, as `_item_group` writes them at `_GROUP_INDENT`
    for a record without queries, kept under `_BODY` (`_bodies` of the records' columns)."""
    if not records:
        return
    names = {key for record in records for key in record}
    columns = {name: tuple(map(dict.get, records, repeat(name))) for name in names}
    for record, body in zip(records, _bodies(group, columns, len(records)), strict=True):
        record[_BODY] = body


def _bodies(group: Group, columns: Mapping[str, Sequence[Any]], count: int) -> list[str]:
    """The ItemData of `count` records of `group` given as columns (by column name, an item's
    name in lower case; a missing column: no value), as `_item_group` writes them at
    `_GROUP_INDENT` for a record without queries, made a column at a time (a million results)."""
    written = _item_texts(group, columns, count)
    if not written:
        return [""] * count
    return list(map("".join, zip(*written, strict=True)))  # a missing value is ""


def _item_texts(group: Group, columns: Mapping[str, Sequence[Any]], count: int) -> list[list[str]]:
    """`_bodies` before the join: per item with a value in some record, each record's ItemData
    ("" without a value)."""
    inner = _GROUP_INDENT + "  "
    closed = f'">{inner}  <MeasurementUnitRef MeasurementUnitOID="{{}}" />{inner}</ItemData>'
    heads = _item_heads(group)[1]
    by_row: list[str] = []
    if any(by_unit for *_, by_unit in heads):  # an analyte's value: the row's own unit
        ends = {u: '" />' if u is None else closed.format(_escape_attrib(u)) for u in set(UNITS.values()) | {None}}
        units = columns.get("unit")
        if units is None:
            by_row = [ends[None]] * count
        else:
            end_of = {u: ends[UNITS.get(str(u))] for u in set(units)}
            by_row = list(map(end_of.__getitem__, units))
    written: list[list[str]] = []
    for key, head, fixed_unit, by_unit in heads:
        values: Sequence[Any] | None = columns.get(key)
        if values is None:  # not a column of these records: no value
            continue
        start = inner + head
        present = set(values)
        present.discard(None)
        present.discard("")
        if not present:
            continue
        kinds = set(map(type, present))
        texts: Mapping[object, str]
        if kinds == {float} and len(present) * 2 > count:  # numbers that rarely repeat: a text per row, in C
            reprs = list(map(repr, values))
            column = list(map(_NO_VALUE.get, reprs, reprs))  # "" for None and "", else the repr
            joined = "".join(column)
            if "e" in joined or "n" in joined:  # an exponent, inf, nan
                column = list(map(_decimal_text, column))
            has = list(map(bool, column))  # a number's text is never empty
            if by_unit:
                closings: Iterable[str] = by_row
            else:
                closings = repeat(closed.format(_escape_attrib(fixed_unit)) if fixed_unit is not None else '" />')
            written += [list(map(mul, repeat(start), has)), column, list(map(mul, closings, has))]
            continue
        if kinds == {float} and not any(map(math.isnan, present)) and not _negative_zero(present, values):
            texts = dict(zip(present, map(_decimal, present), strict=True))  # each distinct number converted once
        elif kinds == {float}:  # NaN is no key, 0.0 and -0.0 are one: one text per repr instead
            values = [v if v is None or v == "" else v.__repr__() for v in values]
            texts = {r: _decimal_text(r) for r in set(values) if r}
        elif len(kinds) > 1:  # 1 and True are one key
            texts = {id(v): _value_text(v) for v in values if v is not None and v != ""}
            values = [id(v) for v in values]
        else:  # each distinct value converted once (codes, dates and units repeat)
            (kind,) = kinds
            convert = _attribute_text if kind is str else _ODM_VALUES.get(kind, _value_text)
            texts = dict(zip(present, map(convert, present), strict=True))
        if by_unit:
            column = [
                "" if t is None else start + t + end for t, end in zip(map(texts.get, values), by_row, strict=True)
            ]
        else:
            end = closed.format(_escape_attrib(fixed_unit)) if fixed_unit is not None else '" />'
            line = start.replace("%", "%%") + "%s" + end.replace("%", "%%")
            lines = dict(zip(texts.keys(), map(line.__mod__, texts.values()), strict=True))
            column = list(map(lines.get, values, repeat("")))
        written.append(column)
    return written


def _wrapped(opening: Iterable[str], written: list[list[str]], closing: str, count: int) -> list[str]:
    """Per record, its `opening` + `">"`, its items' text (`_item_texts`) and `closing`,
    joined at once (no body string first); "" for a record without items (its opening is
    the caller's to close)."""
    texts = list(map("".join, zip(opening, repeat(">"), *written, repeat(closing, count))))
    if not written:
        return [""] * count
    for i in compress(range(count), map(not_, written[0])):
        if not any(column[i] for column in written):
            texts[i] = ""
    return texts


# What `repr` makes of "no value" in a column of numbers (None, or an empty text).
_NO_VALUE = {"None": "", "''": ""}


def _negative_zero(present: set[float], values: Iterable[Any]) -> bool:
    """Whether a column of floats holds -0.0 (one key with 0.0: `present` keeps either)."""
    return 0.0 in present and any(v == 0.0 and math.copysign(1.0, v) < 0 for v in values)


_Heads = tuple[str, tuple[tuple[str, str, str | None, bool], ...]]
_ITEM_HEADS: dict[str, _Heads] = {}


def _item_heads(group: Group) -> _Heads:
    """The ItemGroupData's opening up to its repeat key, and per item of `group`: its
    column (the name in lower case), its ItemData up to the value, its one unit's OID,
    whether the unit is the row's own (an analyte's). Made once per group."""
    heads = _ITEM_HEADS.get(group.key)
    if heads is None:
        heads = _ITEM_HEADS[group.key] = (
            f'<ItemGroupData ItemGroupOID="{_escape_attrib(group.group_oid)}"',
            tuple(
                (
                    item.name.lower(),
                    f'<ItemData ItemOID="{_escape_attrib(group.item_oid(item.name))}" Value="',
                    UNITS.get(item.units[0]) if len(item.units) == 1 else None,
                    len(item.units) > 1,
                )
                for item in group.items
            ),
        )
    return heads


# A record of a form: its values by column (an item's name in lower case) and its repeat
# key, or its whole item group's text written ahead at `_GROUP_INDENT` (`_SLIM`).
_FormRow = str | tuple[dict[str, object], str | None]


class _Form(NamedTuple):  # a tuple: made 650,000 times at 10,000 subjects
    """A FormData of item groups, kept as its rows until `_write_form` writes it where it
    stands; `notes`: the queries on the record of each repeat key."""

    group: Group
    rows: Sequence[_FormRow]
    notes: Callable[[str | None], list[dict[str, Any]]] | None = None


_FORM_OPENINGS: dict[str, str] = {}  # group key -> its FormData's opening tag, unclosed


def _write_form(form: _Form, indent: str, out: list[str]) -> None:
    """The FormData's text at `indent` (what `_plain_xml` writes for its element)."""
    group, notes = form.group, form.notes
    form_opening = _FORM_OPENINGS.get(group.key)
    if form_opening is None:
        form_opening = _FORM_OPENINGS[group.key] = f'<FormData FormOID="{_escape_attrib(group.form_oid)}"'
    if not form.rows:
        out.append(form_opening + " />")
        return
    out.append(form_opening + ">")
    inner = indent + "  "
    opening = _item_heads(group)[0]
    ahead = inner == _GROUP_INDENT  # where `_write_ahead` wrote the items for
    closing = f"{inner}</ItemGroupData>"
    for row in form.rows:
        if isinstance(row, str):  # the whole item group, written ahead (`_load_batch`)
            out.append(row)
            continue
        values, key = row
        noted = notes(key) if notes else ()
        body = values.get(_BODY) if ahead and not noted else None
        if body is None:
            out.append(inner)
            _item_group(group, values, key, noted, inner, out)
            continue
        # What `_item_group` writes for a record whose items were written ahead.
        if key is not None:
            head = f'{inner}{opening} ItemGroupRepeatKey="{key if key.isdigit() else _escape_attrib(key)}"'
        else:
            head = inner + opening
        out.append(f"{head}>{body}{closing}" if body else f"{head} />")
    out.append(f"{indent}</FormData>")


@dataclass
class _Event:
    """One StudyEventData being assembled: its place in time, the visit, the results."""

    oid: str
    key: str | None
    anchor: tuple
    visit: dict[str, object] | None = None
    results: list[_FormRow] | None = None


@dataclass
class _SubjectRows:
    """A subject's rows, each by column name (Any: the column says the type)."""

    subject: dict[str, Any]
    site: str
    infusions: list[dict[str, Any]]
    visits: list[dict[str, Any]]
    results: list[tuple[dt.date, list[_FormRow]]]  # in runs of one sample date, in date order
    events: list[dict[str, Any]]
    adverse_events: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    case_steps: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    samples: list[dict[str, Any]]
    sample_tests: list[dict[str, Any]]
    transfers: list[dict[str, Any]]
    screens: dict[int, dict[str, Any]]  # visit id -> its current safety screen
    queries: dict[tuple[str, int], list[dict[str, Any]]]  # (table, record id) -> its data queries
    medications: list[dict[str, Any]]
    consents: list[dict[str, Any]]


# The groups whose records are written ahead as text: a result as its whole item group only
# (its id the repeat key; a million results at 10,000 subjects, placed by their date alone),
# a visit and a safety screen with their whole form besides their values (`_WHOLE_FORM`;
# 435,000 forms). A record with a query on it is written with its query (`_item_group`).
_SLIM = frozenset({"LAB", "VISIT", "SCREEN"})


@dataclass(frozen=True)
class _Statement:
    """A table's statement for a batch of subjects (parameters `first` and `last`, their
    ids) and the names of its columns after the subject's id; on SQLite also its text, its
    parameters in order, and per column SQLAlchemy's conversion of the driver's values
    (None: none), for reading through the driver."""

    query: Select[Any]
    names: tuple[str, ...]
    sql: str | None = None
    parameters: tuple[str, ...] = ()
    conversions: tuple[Callable[[Any], Any] | None, ...] = ()

    @classmethod
    def of(cls, query: Select[Any], dialect: Dialect) -> _Statement:
        columns = query.selected_columns
        names = tuple(c.name for c in columns)[1:]
        if dialect.name != "sqlite":  # SQLAlchemy's rows: psycopg's conversions depend on the cursor's column types
            return cls(query, names)
        compiled = query.compile(dialect=dialect)
        conversions = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
        return cls(query, names, str(compiled), tuple(compiled.positiontup or ()), conversions)

    def columns(self, connection: Connection, first: int, last: int) -> list[Sequence[Any]]:
        """The rows' columns (the subject's id first) as SQLAlchemy reads them; on SQLite the
        driver's rows, converted a column at a time (no Row object per row: a million results)."""
        given = {"first": first, "last": last}
        if self.sql is None:
            rows: Sequence[Any] = connection.execute(self.query, given).all()
        else:
            rows = driver_connection(connection).execute(self.sql, [given[p] for p in self.parameters]).fetchall()
        if not rows:
            return []
        # A pass per column: `zip(*rows)` takes twice as long over a million rows.
        columns: list[Sequence[Any]] = [list(map(itemgetter(i), rows)) for i in range(len(rows[0]))]
        for i, convert in enumerate(self.conversions):
            if convert is not None:
                columns[i] = list(map(convert, columns[i]))
        return columns


def _load_batch(session: Session, first: int, last: int, statements: dict[str, _Statement]) -> Iterator[_SubjectRows]:
    """The current (non-voided) records of the subjects with ids first..last; `statements`:
    those made for an earlier batch, by table (each made once per export)."""
    connection = session.connection()

    def of(model, *columns, order, group=None, subject=None, join=None, whole=frozenset(), placed_by=None):
        """Each subject's records, or with `placed_by` (a date column, the first of `order`)
        its records as form rows (`_FormRow`, the id the repeat key) in runs of one date."""
        grouped: dict[int, list[Any]] = defaultdict(list)
        statement = statements.get(model.__tablename__)
        if statement is None:
            owner = model.subject_id if subject is None else subject
            query = select(owner.label("subject_id"), *columns)
            query = query.where(owner.between(bindparam("first"), bindparam("last")))
            if subject is not None:
                query = query.join(m.SafetyCase, m.SafetyCase.id == model.case_id)
            if join is not None:
                query = query.join(*join)
            if hasattr(model, "voided_at"):
                query = query.where(model.voided_at.is_(None))
            query = query.order_by(owner, *order, model.id)
            statement = statements[model.__tablename__] = _Statement.of(query, connection.dialect)
        found = statement.columns(connection, first, last)  # plain rows: no Row object per row
        if not found:
            return grouped
        # The rows as columns: the items written ahead a column at a time (`_bodies`), then
        # each row a dict by column name with its items' text, grouped by subject (the rows
        # come in subject order).
        names = statement.names
        owners, *values = found
        count = len(owners)
        records: Iterable[dict[str, object]]
        if group is None:  # not an item group of its own (the data queries)
            records = map(dict, map(zip, repeat(names), zip(*values, strict=True)))
        elif placed_by is None:
            if group in _SLIM:  # a form of one record: the whole form
                written = _item_texts(GROUPS_BY_KEY[group], dict(zip(names, values, strict=True)), count)
                bodies = _whole_forms(GROUPS_BY_KEY[group], written, count)
            else:
                bodies = _bodies(GROUPS_BY_KEY[group], dict(zip(names, values, strict=True)), count)
            key = _WHOLE_FORM if group in _SLIM else _BODY
            records = map(dict, map(zip, repeat((*names, key)), zip(*values, bodies, strict=True)))
        else:
            written = _item_texts(GROUPS_BY_KEY[group], dict(zip(names, values, strict=True)), count)
            ids = values[names.index("id")]

            def whole_record(i: int) -> _FormRow:  # by column, its items written ahead (`_BODY`)
                body = "".join(column[i] for column in written)
                record = dict(zip((*names, _BODY), (*(column[i] for column in values), body), strict=True))
                return record, str(ids[i])

            placed: list[_FormRow]
            if group in _SLIM:  # the whole item group, as `_write_form` writes it with the id as its repeat key
                opening = f'{_GROUP_INDENT}{_item_heads(GROUPS_BY_KEY[group])[0]} ItemGroupRepeatKey="'
                keys = [f'{opening}{record_id}"' for record_id in ids]
                placed = _wrapped(keys, written, _GROUP_INDENT + "</ItemGroupData>", count)  # type: ignore[assignment]
                for i in list(compress(range(count), map(not_, placed))):
                    placed[i] = f"{keys[i]} />"
                if not whole.isdisjoint(ids):  # a query on its items
                    for i in [i for i, record_id in enumerate(ids) if record_id in whole]:
                        placed[i] = whole_record(i)
            else:
                placed = list(map(whole_record, range(count)))
            days = values[names.index(placed_by)]
            # The runs of one subject and date start where the pair changes (found in C:
            # 170,000 runs of a million results).
            for start, end in pairwise(_runs(list(zip(owners, days, strict=True)))):
                grouped[owners[start]].append((days[start], placed[start:end]))
            return grouped
        listed = list(records)
        for start, end in pairwise(_runs(owners)):  # the rows come in subject order
            grouped[owners[start]] = listed[start:end]
        return grouped

    infusions = of(
        m.Infusion,
        m.Infusion.id,
        m.Infusion.sequence,
        m.Infusion.infusion_date,
        m.Infusion.dose_level,
        m.Infusion.cell_dose,
        m.Infusion.product_lot,
        group="INFUSION",
        order=(m.Infusion.sequence,),
    )
    v = m.Visit
    visits = of(
        v,
        v.id,
        v.infusion_id,
        v.code,
        v.sequence,
        v.nominal_date,
        v.window_start,
        v.window_end,
        v.mode,
        v.assessments,
        v.state,
        v.cause,
        v.actual_date,
        v.actual_mode,
        v.out_of_window,
        group="VISIT",
        order=(v.nominal_date,),
    )
    dq = m.DataQuery
    raised = of(dq, *(c for c in dq.__table__.c if c.name not in ("subject_id", "row_version")), order=())
    r = m.Result
    results = of(
        r,
        r.id,
        *(getattr(r, n) for n in m.RESULT_VALUES),
        group="LAB",
        order=(r.result_date,),
        placed_by="result_date",
        whole={q["record_id"] for listed in raised.values() for q in listed if q["target_table"] == "result"},
    )
    e = m.ClinicalEvent
    events = of(
        e, e.id, *(getattr(e, n) for n in (*m.EVENT_VALUES, *m.EVENT_DETAILS)), group="EVENT", order=(e.event_date,)
    )
    a = m.AdverseEvent
    adverse = of(
        a,
        a.id,
        a.kind,
        a.term,
        a.grade,
        a.onset_date,
        a.resolution_date,
        a.serious,
        a.related,
        a.dlt,
        a.special_interest,
        a.awareness_date,
        a.unexpected,
        group="AE",
        order=(a.onset_date,),
    )
    sc, st, sr = m.SafetyCase, m.CaseStep, m.SafetyReport
    cases = of(sc, sc.id, sc.kind, sc.t_cell, sc.awareness_date, sc.state, sc.closed_on, group="CASE", order=())
    steps = of(
        st,
        st.id,
        st.case_id,
        st.code,
        st.state,
        st.due_date,
        st.owner,
        st.done_on,
        st.outcome,
        st.note,
        group="CASE_STEP",
        order=(st.case_id, st.sequence),
        subject=sc.subject_id,
    )
    reports = of(
        sr,
        sr.id,
        sr.case_id,
        sr.adverse_event_id,
        sr.recipient,
        sr.awareness_date,
        sr.due_date,
        sr.sent_on,
        sr.sent_to,
        sr.reference,
        group="REPORT",
        order=(sr.due_date,),
    )
    sa = m.Sample
    own = ("subject_id", "result_id", "voided_at", "voided_by", "void_reason")  # the subject's, or not current
    samples = of(sa, *(c for c in sa.__table__.c if c.name not in own), group="SAMPLE", order=(sa.draw_date,))
    te = m.SampleTest
    sample_tests = of(
        te,
        te.id,
        sa.sample_code,
        te.test_name,
        te.test_date,
        te.result_text,
        group="SAMPLE_TEST",
        order=(te.test_date,),
        join=(sa, sa.id == te.sample_id),
    )
    tr = m.SubjectTransfer

    def site_code(column):
        return select(m.Site.code).where(m.Site.id == column).scalar_subquery()

    transfers = of(
        tr,
        tr.id,
        site_code(tr.from_site_id).label("from_site"),
        site_code(tr.to_site_id).label("to_site"),
        tr.transfer_date,
        tr.reason,
        group="TRANSFER",
        order=(tr.transfer_date,),
    )
    q = m.SafetyScreen
    screens = of(
        q,
        q.visit_id,
        q.contact_date,
        q.source,
        *(getattr(q, c) for c in (*vocabulary.SCREEN_QUESTIONS, *vocabulary.SCREEN_EXTRAS)),
        group="SCREEN",
        order=(q.contact_date,),
    )
    md, co = m.Medication, m.Consent
    medications = of(
        md, md.id, md.kind, md.start_date, md.stop_date, md.dose, group="MEDICATION", order=(md.start_date,)
    )
    consents = of(co, co.id, co.version, co.consent_date, co.consented_by, group="CONSENT", order=(co.consent_date,))
    s = m.Subject
    subjects = session.execute(
        select(
            s.id,
            s.study_id,
            m.Site.code.label("site"),
            s.dose_level,
            s.birth_year,
            s.sex,
            s.race,
            s.status,
            s.withdrawal_scope,
            s.consent_version,
            s.enrolled_on,
        )
        .join(m.Site, m.Site.id == s.site_id)
        .where(s.id.between(first, last), s.voided_at.is_(None))
        .order_by(s.id)
    )
    found = [dict(row._mapping) for row in subjects]
    _write_ahead(GROUPS_BY_KEY["SUBJECT"], found)
    for values in found:
        sid = values["id"]
        yield _SubjectRows(
            values,
            str(values["site"]),
            infusions.get(sid, []),
            visits.get(sid, []),
            results.get(sid, []),
            events.get(sid, []),
            adverse.get(sid, []),
            cases.get(sid, []),
            steps.get(sid, []),
            reports.get(sid, []),
            samples.get(sid, []),
            sample_tests.get(sid, []),
            transfers.get(sid, []),
            {screen.pop("visit_id"): screen for screen in screens.get(sid, [])},
            _by_target(raised.get(sid, [])),
            medications.get(sid, []),
            consents.get(sid, []),
        )


def _runs(keys: Sequence[Any]) -> list[int]:
    """Where each run of equal `keys` starts, and their end (found in C: a million results)."""
    return [0, *compress(range(1, len(keys)), map(ne, islice(keys, 1, None), keys)), len(keys)]


def _whole_forms(group: Group, written: list[list[str]], count: int) -> list[str]:
    """The FormData of `count` forms of one record without queries and no repeat key, given
    their items' text (`_item_texts`), as `_subject_data` writes it with `_write_form` (the
    indent first)."""
    opening = f'{_FORM_INDENT}<FormData FormOID="{_escape_attrib(group.form_oid)}">{_GROUP_INDENT}{_item_heads(group)[0]}'
    closing = f"{_FORM_INDENT}</FormData>"
    forms = _wrapped(repeat(opening, count), written, f"{_GROUP_INDENT}</ItemGroupData>{closing}", count)
    for i in list(compress(range(count), map(not_, forms))):
        forms[i] = f"{opening} />{closing}"
    return forms


def _by_target(found: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    grouped: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for query in found:
        grouped[(query["target_table"], query["record_id"])].append(query)
    return grouped


def _study_events(rows: _SubjectRows) -> list[tuple[dict[str, str], list[_Form | str]]]:
    """The subject's StudyEventData in order, each its attributes and its forms: the common
    event's records, then each visit with its safety screen and results, results on no
    visit under the baseline or an unscheduled event. A form written ahead (`_WHOLE_FORM`)
    is its text."""
    sequence_of = {i["id"]: i["sequence"] for i in rows.infusions}
    first_infusion = min((i["infusion_date"] for i in rows.infusions), default=None)

    events: dict[tuple[str, str | None], _Event] = {}
    by_visit: dict[int, _Event] = {}
    for visit in rows.visits:
        if visit["code"] is None:
            oid, key = SE_UNSCHEDULED, f"V{visit['id']}"
            anchor = (visit["actual_date"] or visit["nominal_date"], 1, visit["id"])
        else:
            oid, key = f"SE.{visit['code']}", str(sequence_of.get(visit["infusion_id"], 1))
            anchor = (visit["nominal_date"], 1, visit["id"])
        event = events.get((oid, key))
        if event is None:  # two rows for one code and infusion: keep the first, key the other by id
            event = events[oid, key] = _Event(oid, key, anchor, visit)
        else:
            key = f"{key}.{visit['id']}"
            event = events[oid, key] = _Event(oid, key, anchor, visit)
        by_visit[visit["id"]] = event

    done_on: dict[dt.date, int] = {}
    for visit in sorted(rows.visits, key=lambda v: (v["code"] is None, v["nominal_date"], v["id"])):
        if visit["state"] == "completed" and visit["actual_date"] is not None:
            done_on.setdefault(visit["actual_date"], visit["id"])
    windows = sorted(
        (v["window_start"], v["window_end"], v["nominal_date"], v["id"])
        for v in rows.visits
        if v["code"] is not None and v["window_start"] is not None and v["window_end"] is not None
    )
    starts = [w[0] for w in windows]

    def home(day: dt.date) -> _Event:
        visit_id = done_on.get(day)
        if visit_id is None and (first_infusion is None or day >= first_infusion):
            candidates = [w for w in windows[: bisect.bisect_right(starts, day)] if w[1] >= day]
            if candidates:
                visit_id = min(candidates, key=lambda w: (abs((w[2] - day).days), w[2], w[3]))[3]
        if visit_id is not None:
            return by_visit[visit_id]
        if first_infusion is not None and day < first_infusion:
            oid, key, anchor = SE_BASELINE, "1", (day, 0, 0)
        else:
            oid, key, anchor = SE_UNSCHEDULED, f"D{day.isoformat()}", (day, 2, 0)
        found = events.get((oid, key))
        if found is None:
            found = events[oid, key] = _Event(oid, key, anchor)
        return found

    for day, placed in rows.results:
        event = home(day)
        if event.results is None:
            event.results = placed
        else:
            event.results += placed

    def notes_of(table: str, record_id: int | None = None) -> Callable[[str | None], list[dict[str, Any]]] | None:
        """The queries on a record: by the repeat key (its id), or on `record_id` (None: no queries)."""
        if not rows.queries:
            return None
        if record_id is not None:
            return lambda _key: rows.queries.get((table, record_id), [])
        return lambda key: rows.queries.get((table, int(key)), []) if key else []

    subject_id = int(rows.subject["id"])
    common: list[_Form | str] = [_Form(GROUPS_BY_KEY["SUBJECT"], [(rows.subject, None)], notes_of("subject", subject_id))]
    if rows.infusions:
        infusion_rows: list[_FormRow] = [(i, str(i["sequence"])) for i in rows.infusions]
        common.append(_Form(GROUPS_BY_KEY["INFUSION"], infusion_rows))
    noted = {"EVENT": notes_of("clinical_event"), "AE": notes_of("adverse_event")}
    for key, listed in (
        ("EVENT", rows.events),
        ("AE", rows.adverse_events),
        ("CASE", rows.cases),
        ("CASE_STEP", rows.case_steps),
        ("REPORT", rows.reports),
        ("SAMPLE", rows.samples),
        ("SAMPLE_TEST", rows.sample_tests),
        ("MEDICATION", rows.medications),
        ("CONSENT", rows.consents),
        ("TRANSFER", rows.transfers),
    ):
        if listed:
            common.append(_Form(GROUPS_BY_KEY[key], [(r, str(r["id"])) for r in listed], noted.get(key)))
    study_events: list[tuple[dict[str, str], list[_Form | str]]] = [({"StudyEventOID": SE_COMMON}, common)]

    for event in sorted(events.values(), key=lambda e: (e.anchor, e.oid, e.key or "")):
        attrib = {"StudyEventOID": event.oid}
        if event.key is not None:
            attrib["StudyEventRepeatKey"] = event.key
        forms: list[_Form | str] = []
        if event.visit is not None:
            values = event.visit
            visit_id = int(event.visit["id"])  # type: ignore[call-overload]  # an id column
            whole = values.get(_WHOLE_FORM)
            if whole is not None and ("visit", visit_id) not in rows.queries:
                forms.append(whole)  # type: ignore[arg-type]  # the form's text
            else:
                forms.append(_Form(GROUPS_BY_KEY["VISIT"], [(values, None)], notes_of("visit", visit_id)))
            screen = rows.screens.get(visit_id)
            if screen is not None:
                whole = screen.get(_WHOLE_FORM)
                forms.append(_Form(GROUPS_BY_KEY["SCREEN"], [(screen, None)]) if whole is None else whole)
        if event.results:
            forms.append(_Form(GROUPS_BY_KEY["LAB"], event.results, notes_of("result")))
        study_events.append((attrib, forms))
    return study_events


# Where SubjectData's children and theirs stand (SubjectData at level 2 of the file).
_EVENT_INDENT = "\n" + "  " * 3
_FORM_INDENT = "\n" + "  " * 4


# A StudyEventData's opening tag (unclosed) by its attributes: codes and repeat keys repeat.
_EVENT_OPENINGS: dict[tuple[tuple[str, str], ...], str] = {}


def _subject_data(rows: _SubjectRows, out: list[str]) -> int:
    """The subject's SubjectData as text, as `_plain_xml` writes its element at level 2 and
    ending its line, onto `out` (no element per event or form: 370,000 events and 650,000
    forms at 10,000 subjects); returns how many StudyEventData it holds."""
    events = _study_events(rows)
    out.append(f'    <SubjectData SubjectKey="{_escape_attrib(str(rows.subject["study_id"]))}">')
    out.append(f'{_EVENT_INDENT}<SiteRef LocationOID="{_escape_attrib(f"LOC.{rows.site}")}" />')
    for attrib, forms in events:
        items = tuple(attrib.items())
        opening = _EVENT_OPENINGS.get(items)
        if opening is None:
            opening = _EVENT_INDENT + "<StudyEventData" + "".join(f' {k}="{_escape_attrib(v)}"' for k, v in items)
            if len(_EVENT_OPENINGS) < _TEXTS_KEPT:
                _EVENT_OPENINGS[items] = opening
        if not forms:
            out.append(opening + " />")
            continue
        out.append(opening + ">")
        for form in forms:
            if form.__class__ is str:  # written ahead, from its indent on (`_WHOLE_FORM`)
                out.append(form)
                continue
            out.append(_FORM_INDENT)
            _write_form(form, _FORM_INDENT, out)  # type: ignore[arg-type]  # a _Form
        out.append(f"{_EVENT_INDENT}</StudyEventData>")
    out.append("\n    </SubjectData>\n")
    return len(events)


def _stamp(at: dt.datetime) -> str:
    """`utc_text` of an entry's time as an element's text; SQLite's (UTC, without its zone) at once."""
    if at.tzinfo is None:  # what `utc_text` writes for it, with nothing to escape
        return at.isoformat(timespec="microseconds") + "+00:00"
    return _escape_cdata(_text(utc_text(at)))


def _audit_records(session: Session, site_of_subject: dict[int, str], study: str | None) -> Iterator[str]:
    """The audit trail as AuditRecord text, three levels deep (what `_plain_xml` writes):
    every entry, or with `study` the entries of its subjects and those of no subject
    (`site_of_subject` holds that study's subjects only). Read as plain rows, no ORM
    object or element per entry."""
    a = m.AuditEvent
    columns = (a.id, a.user_id, a.subject_id, a.at, a.action, a.table_name, a.reason, a.record_id, a.field)
    # Plain rows skip the ORM's grants filter: the entries of subjects out of view are left out here.
    seen = access.row_filter(m.Base.metadata.tables["audit_event"], access.session_grants(session))
    query = select(*columns, a.old_value, a.new_value, a.hash).where(seen).order_by(a.id)
    # Per site and per user their line, made once (10,000 subjects, 138,000 entries).
    nowhere = f'        <LocationRef LocationOID="{_escape_attrib(LOCATION_DATABASE)}" />\n'
    location_lines = {
        subject_id: f'        <LocationRef LocationOID="{_escape_attrib(f"LOC.{site}")}" />\n' if site else nowhere
        for subject_id, site in site_of_subject.items()
    }
    user_lines: dict[int | None, str] = {None: f'        <UserRef UserOID="{USER_SYSTEM}" />\n'}
    reason_lines: dict[str, str] = {}  # a reason's line: a few reasons cover most entries
    withheld, withheld_reason = audit.withheld, audit.withheld_reason
    for chunk in session.connection().execute(query.execution_options(yield_per=2000)).partitions():
        heads: list[str] = []  # each record up to its SourceID's text
        sources: list[str] = []  # that text, escaped for the whole chunk at once
        for row in chunk:
            entry_id, user_id, subject_id, at, action, table, reason, record_id, field, old_value, new_value, hash_ = row
            if subject_id is None:
                location = nowhere
            else:
                location = location_lines.get(subject_id)  # type: ignore[assignment]  # None: another study's
                if location is None:
                    if study is not None:
                        continue
                    location = nowhere
            user = user_lines.get(user_id)
            if user is None:
                user = user_lines[user_id] = f'        <UserRef UserOID="USR.{user_id}" />\n'
            # An ODM file never carries contact details: their audited values are withheld.
            reason_line = ""
            if reason:
                shown = withheld_reason(action, table, reason) or ""
                found = reason_lines.get(shown)
                if found is None:
                    found = f"        <ReasonForChange>{_escape_cdata(_text(shown))}</ReasonForChange>\n"
                    if len(reason_lines) < _TEXTS_KEPT:
                        reason_lines[shown] = found
                reason_line = found
            what = f"{table} {record_id}" if record_id is not None else table
            change = f" {field}" if field else ""
            if old_value is not None or new_value is not None:
                old = withheld(action, table, field, old_value)
                new = withheld(action, table, field, new_value)
                change += f": {old or ''} -> {new or ''}"
            heads.append(
                f'      <AuditRecord EditPoint="DBAudit" ID="AR.{entry_id}">\n{user}{location}'
                f"        <DateTimeStamp>{_stamp(at)}</DateTimeStamp>\n{reason_line}        <SourceID>"
            )
            sources.append(f"audit_event {entry_id}: {action} {what}{change} (hash {hash_})")
        for head, source in zip(heads, _escaped_texts(sources), strict=True):
            yield f"{head}{source}</SourceID>\n      </AuditRecord>\n"


# The characters of ASCII that XML 1.0 cannot carry (`_XML_ILLEGAL` within ASCII).
_ASCII_ILLEGAL = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def _escaped_texts(texts: list[str]) -> list[str]:
    """`_escape_cdata(_text(t))` of each of `texts`: for ASCII without control characters
    (the audit trail as a rule) on their joined text at once, split again where the texts met."""
    joined = "\x00".join(texts)
    if joined.isascii():
        data = joined.encode("ascii")
        if len(data) - len(data.translate(None, _ASCII_ILLEGAL)) == len(texts) - 1:  # the separators only
            return _escape_cdata(joined).split("\x00")
    return [_escape_cdata(_text(text)) for text in texts]


def _annotations(session: Session) -> Iterator[ET.Element]:
    """Source verification marks and data cuts (the documented extension above)."""
    names = dict(session.execute(select(m.User.id, m.User.username)).all())
    study = dict(session.execute(select(m.Subject.id, m.Subject.study_id)).all())
    number = 0
    for mark in session.scalars(select(m.Verification).order_by(m.Verification.id)):
        number += 1
        text = (
            f"sdv {study.get(mark.subject_id)} {mark.record_table} {mark.record_id}: verified by "
            f"{names.get(mark.verified_by)} at {utc_text(mark.verified_at)}"
        )
        if mark.cleared_at is not None:
            text += f"; cleared at {utc_text(mark.cleared_at)}: {mark.clear_reason}"
        annotation = _el("Annotation", {"SeqNum": str(number), "ID": f"AN.SDV.{mark.id}"})
        _sub(annotation, "Comment", {"SponsorOrSite": "Site"}, text)
        yield annotation
    for cut in session.scalars(select(m.DataCut).order_by(m.DataCut.id)):
        number += 1
        text = (
            f"data cut {cut.id}: as of {cut.as_of.isoformat()}, frozen by {names.get(cut.cut_by)} at "
            f"{utc_text(cut.cut_at)} at audit entry {cut.audit_last_id} ({cut.audit_hash}): {cut.reason}"
        )
        annotation = _el("Annotation", {"SeqNum": str(number), "ID": f"AN.CUT.{cut.id}"})
        _sub(annotation, "Comment", {"SponsorOrSite": "Sponsor"}, text)
        yield annotation


# -- writing ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OdmSummary:
    path: Path
    subjects: int
    study_events: int
    results: int
    audit_records: int
    sha256: str

    def to_dict(self) -> dict[str, object]:
        return {
            "odm": str(self.path),
            "subjects": self.subjects,
            "study_events": self.study_events,
            "results": self.results,
            "audit_records": self.audit_records,
            "sha256": self.sha256,
        }

    def describe(self) -> str:
        return Message(
            "summary.odm",
            version=ODM_VERSION,
            path=str(self.path),
            subjects=self.subjects,
            events=self.study_events,
            results=self.results,
            audit=self.audit_records,
        )


class _Out:
    """The file's text, encoded here; hashed and written behind (`WriteBehind`: a gigabyte at
    10,000 subjects), every byte of it by the end of the ``with`` block."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.sha = hashlib.sha256()
        self.behind = WriteBehind(self._put)

    def _put(self, data: bytes) -> None:
        self.sha.update(data)
        self.handle.write(data)

    def __enter__(self) -> _Out:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.behind.close()
        else:
            self.behind.abort()

    def write(self, text: str) -> None:
        self.behind.write(text.encode("utf-8"))

    def copy(self, path: Path) -> None:
        """The bytes of the file at `path` (UTF-8 text written elsewhere), as they are."""
        with path.open("rb") as part:
            while chunk := part.read(_COPY_CHUNK):
                self.behind.write(chunk)

    def element(self, element: ET.Element, level: int) -> None:
        ET.indent(element, space="  ", level=level)
        self.write("  " * level + ET.tostring(element, encoding="unicode") + "\n")

    def plain(self, element: ET.Element, level: int) -> None:
        """What `element` writes, for elements whose tags and attributes have no
        namespace, without ElementTree's walks for indenting and namespaces."""
        indent = "  " * level
        out = [indent]
        _plain_xml(element, "\n" + indent, out)
        out.append("\n")
        self.write("".join(out))


# ElementTree's own escaping, so that the text written here is what `ET.tostring` writes.
_escape_attrib = ET._escape_attrib  # type: ignore[attr-defined]
_escape_cdata = ET._escape_cdata  # type: ignore[attr-defined]


def _plain_xml(element: ET.Element, indent: str, out: list[str]) -> None:
    """`ET.indent` (two spaces, at the depth `indent` ends with) then `ET.tostring`."""
    out.append("<" + element.tag)
    for key, value in element.items():
        out.append(f' {key}="{_escape_attrib(value)}"')
    text = element.text
    if len(element):
        inner = indent + "  "
        out.append(">" + (_escape_cdata(text) if text and text.strip() else inner))
        last = len(element) - 1
        for i, child in enumerate(element):
            _plain_xml(child, inner, out)
            tail = child.tail
            out.append(_escape_cdata(tail) if tail and tail.strip() else (inner if i < last else indent))
        out.append(f"</{element.tag}>")
    elif text:
        out.append(f">{_escape_cdata(text)}</{element.tag}>")
    else:
        out.append(" />")


def _attributes(attrib: dict[str, str]) -> str:
    probe = ET.tostring(ET.Element("x", attrib), encoding="unicode")
    return probe[2:-2].strip()


def export_odm(
    db: Database, path: str | Path, *, created: dt.datetime | None = None, study: str | None = None
) -> OdmSummary:
    """Write the study's metadata, clinical data and audit trail as ODM 1.3.2 to `path`:
    `study`'s (None: the database's only study; refused when it holds several).

    `created` (default: now) is the file's CreationDateTime, the only value that
    changes between two exports of the same data.
    """
    db.require("export")
    target = Path(path).expanduser()
    if target.is_dir():
        raise LtfuError(Message("file.is_folder", path=str(target)))
    if not target.parent.is_dir():
        raise LtfuError(Message("file.no_folder", path=str(target), folder=str(target.parent)))
    db.record_transfer(("export",), "export", "odm", target, f"CDISC ODM export to {target.resolve()}")
    when = (created or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    counts = {"subjects": 0, "events": 0, "results": 0, "audit": 0}
    subjects = _Subjects(db.url, study, target)
    try:
        with (
            db.session(read_only=True) as session,
            atomic_file(target) as handle,
            _Out(handle) as out,
            collector_paused(),
        ):
            read_snapshot(session)
            subjects.session = session
            with (
                beside_on_snapshot(db, session, _subjects_aside, subjects.split, "the ODM export's subjects")
                if second_process_pays(db)
                else nullcontext(None)
            ) as beside:
                study = subjects.study()
                design = _design(session, study)
                last = session.execute(
                    select(m.AuditEvent.at, m.AuditEvent.hash).order_by(m.AuditEvent.id.desc()).limit(1)
                ).first()
                root = {
                    "xmlns": ODM_NAMESPACE,
                    "ODMVersion": ODM_VERSION,
                    "FileType": "Snapshot",
                    "Granularity": "All",
                    "FileOID": f"ltfu.{design.protocol_id}.{when:%Y%m%dT%H%M%SZ}.{(last.hash if last else '0' * 12)[:12]}",
                    "CreationDateTime": utc_text(when),
                    "SourceSystem": "ltfu",
                    "SourceSystemVersion": __version__,
                    "Description": f"{design.title}: clinical data, visits and audit trail exported by ltfu",
                }
                if last is not None:
                    root["AsOfDateTime"] = utc_text(last.at)
                out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
                out.write(f"<ODM {_attributes(root)}>\n")
                out.element(_study(design), 1)
                out.element(_admin(session, design), 1)
                clinical = {"StudyOID": design.study_oid, "MetaDataVersionOID": design.mdv_oid}
                out.write(f"  <ClinicalData {_attributes(clinical)}>\n")
                here, there = subjects.halves()
                _add(counts, _write_subjects(session, here, out.write))
                answer = beside() if beside is not None else None
                if answer is None:  # no second process, or it failed: its half written here
                    _add(counts, _write_subjects(session, there, out.write))
                else:
                    assert subjects.part is not None  # it answered: it was given its file
                    out.copy(subjects.part)
                    _add(counts, answer)
            site_of_subject = dict(
                session.execute(
                    select(m.Subject.id, m.Site.code)
                    .join(m.Site, m.Site.id == m.Subject.site_id)
                    .where(in_study(study))
                ).all()
            )
            out.write("    <AuditRecords>\n")
            records: list[str] = []  # written a few thousand at a time
            for record in _audit_records(session, site_of_subject, study):
                records.append(record)
                if len(records) == _BATCH * 10:
                    out.write("".join(records))
                    counts["audit"] += len(records)
                    records.clear()
            out.write("".join(records))
            counts["audit"] += len(records)
            out.write("    </AuditRecords>\n")
            annotations = list(_annotations(session))
            if annotations:
                out.write("    <Annotations>\n")
                for annotation in annotations:
                    out.plain(annotation, 3)
                out.write("    </Annotations>\n")
            out.write("  </ClinicalData>\n</ODM>\n")
    except OSError as exc:  # the partial file is gone already (`atomic_file`)
        raise LtfuError(Message("file.unwritable", path=str(target), reason=exc.strerror or str(exc))) from exc
    finally:
        if subjects.part is not None:
            subjects.part.unlink(missing_ok=True)
    return OdmSummary(
        target.resolve(), counts["subjects"], counts["events"], counts["results"], counts["audit"], out.sha.hexdigest()
    )


class _Subjects:
    """The study and its subjects' ids, read once in the export's snapshot; with a second
    process (`beside_on_snapshot`), the later half of them goes to it (`split`), written
    into `part`, a new private file beside the export's `target`."""

    def __init__(self, url: str, study: str | None, target: Path) -> None:
        self.url, self.asked, self.target = url, study, target
        self.session: Session | None = None
        self.scope: tuple[str | None, list[int]] | None = None
        self.part: Path | None = None  # made by `split`

    def study(self) -> str | None:
        return self._read()[0]

    def _read(self) -> tuple[str | None, list[int]]:
        if self.scope is None:
            assert self.session is not None  # set once the export's session is open
            study = analysis_scope(self.session, self.asked)[0]
            ids = self.session.scalars(select(m.Subject.id).where(in_study(study)).order_by(m.Subject.id)).all()
            self.scope = (study, list(ids))
        return self.scope

    def split(self) -> tuple[Any, ...]:
        """The second process's arguments (read in the snapshot): its file, the later half of the ids."""
        handle, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent)
        os.close(handle)
        self.part = Path(name)
        return (self.url, name, self.halves()[1])

    def halves(self) -> tuple[list[int], list[int]]:
        """(written here, written by the second process); all here without one."""
        ids = self._read()[1]
        if self.part is None:
            return ids, []
        return ids[: len(ids) // 2], ids[len(ids) // 2 :]


def _add(counts: dict[str, int], more: Mapping[str, int]) -> None:
    for name, n in more.items():
        counts[name] += n


def _write_subjects(session: Session, ids: Sequence[int], write: Callable[[str], object]) -> dict[str, int]:
    """The SubjectData of `ids` (ascending), one subject's text at a time through `write`; their counts."""
    counts = {"subjects": 0, "events": 0, "results": 0}
    ours = set(ids)
    text: list[str] = []  # a subject's, written at once
    statements: dict[str, _Statement] = {}
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        for rows in _load_batch(session, chunk[0], chunk[-1], statements):
            if rows.subject["id"] not in ours:
                continue  # another study's subject, between two of this one's
            counts["subjects"] += 1
            counts["events"] += _subject_data(rows, text)
            counts["results"] += sum(map(len, map(_SECOND, rows.results)))
            write("".join(text))
            text.clear()
    return counts


def _subjects_aside(url: str, path: str, ids: list[int], answer: PipeEnd) -> None:
    """In the second process: the SubjectData of `ids` written to `path` (UTF-8, as the
    first process writes them) from the same snapshot; sends "ready" once it is taken, then
    the counts, or None when it failed (the first process then writes them itself)."""
    try:
        with snapshot_session(url) as session:
            answer.send("ready")
            with Path(path).open("wb") as handle, collector_paused():
                counts = _write_subjects(session, ids, lambda text: handle.write(text.encode("utf-8")))
        answer.send(counts)
    except Exception:
        log.info("the ODM export's second process failed", exc_info=True)
        answer.send(None)
    finally:
        answer.close()
