"""CDISC ODM 1.3.2: the study as an EDC system (REDCap, OpenClinica) reads it.

Validated against the ODM 1.3.2 XML schema (CDISC's files, as the MIT-licensed `odmlib`
package ships them; read with `xmlschema`), and independently checked for what the
schema cannot say: every OID referenced is defined, every value fits its item's data
type and code list, every current record is there once.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.services import review
from ltfu.services.demo import build_demo
from ltfu.services.odm import ODM_NAMESPACE, export_odm
from ltfu.services.visits import reopen_visit

TODAY = dt.date(2026, 11, 29)
CREATED = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
NS = {"odm": ODM_NAMESPACE}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from ltfu.services.database import open_database

    database = open_database(str(tmp_path_factory.mktemp("odm") / "demo.sqlite3"))
    build_demo(database, subjects=5, seed=2, today=TODAY)
    # Data queries travel as annotations: on an item (a result's value), on an item group
    # (the subject's dose level has an item too; a visit's whole record), from edit checks.
    from ltfu.services import queries

    queries.refresh_edit_checks(database, TODAY)
    with database.session(read_only=True) as s:
        result_id, study_id = s.execute(
            select(m.Result.id, m.Subject.study_id).join(m.Subject, m.Subject.id == m.Result.subject_id).limit(1)
        ).one()
    queries.raise_query(database, study_id, "result", result_id, "Value as in the source?", "value")
    queries.raise_query(database, study_id, "subject", None, "Dose level per the batch record?", "dose_level")
    # Data review, written as annotations: two visits verified (one cleared since), a frozen cut.
    review.mark_verified(database, "CD1922-001", ["D0", "D1"])
    review.freeze(database, TODAY, "annual report 2026", TODAY)
    reopen_visit(database, "CD1922-001", "D1", "recorded on the wrong subject", TODAY)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def odm_file(demo, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("odm-out") / "study.xml"
    export_odm(demo, path, created=CREATED)
    return path


@pytest.fixture(scope="module")
def root(odm_file) -> ET.Element:
    return ET.parse(odm_file).getroot()


def q(tag: str) -> str:
    return f"{{{ODM_NAMESPACE}}}{tag}"


def odm_1_3_2_schema() -> Path:
    spec = importlib.util.find_spec("odmlib")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the ODM 1.3.2 schema files come with the odmlib package (test dependency), not installed here")
    return Path(next(iter(spec.submodule_search_locations))) / "schemas" / "odm" / "1.3.2" / "ODM1-3-2.xsd"


def test_the_file_is_valid_against_the_odm_1_3_2_schema(odm_file):
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(odm_1_3_2_schema()))
    errors = [str(e)[:500] for e in schema.iter_errors(str(odm_file))]
    assert errors == []


def test_the_prolog_and_root_are_what_odm_requires(odm_file, root):
    assert odm_file.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<ODM xmlns="')
    assert root.tag == q("ODM")
    assert root.get("ODMVersion") == "1.3.2"
    assert root.get("FileType") == "Snapshot"
    assert root.get("FileOID")
    assert dt.datetime.fromisoformat(root.get("CreationDateTime")) == CREATED
    assert dt.datetime.fromisoformat(root.get("AsOfDateTime")).tzinfo is not None
    assert [child.tag for child in root] == [q("Study"), q("AdminData"), q("ClinicalData")]


def _defined(root: ET.Element, tag: str) -> set[str]:
    return {e.get("OID") for e in root.iter(q(tag))}


def test_every_oid_referenced_is_defined(root):
    study = root.find("odm:Study", NS)
    mdv = study.find("odm:MetaDataVersion", NS)
    clinical = root.find("odm:ClinicalData", NS)
    assert clinical.get("StudyOID") == study.get("OID")
    assert clinical.get("MetaDataVersionOID") == mdv.get("OID")
    references = {
        "StudyEventRef": ("StudyEventOID", "StudyEventDef"),
        "StudyEventData": ("StudyEventOID", "StudyEventDef"),
        "FormRef": ("FormOID", "FormDef"),
        "FormData": ("FormOID", "FormDef"),
        "ItemGroupRef": ("ItemGroupOID", "ItemGroupDef"),
        "ItemGroupData": ("ItemGroupOID", "ItemGroupDef"),
        "ItemRef": ("ItemOID", "ItemDef"),
        "ItemData": ("ItemOID", "ItemDef"),
        "CodeListRef": ("CodeListOID", "CodeList"),
        "MeasurementUnitRef": ("MeasurementUnitOID", "MeasurementUnit"),
        "UserRef": ("UserOID", "User"),
        "LocationRef": ("LocationOID", "Location"),
        "SiteRef": ("LocationOID", "Location"),
    }
    for tag, (attribute, definition) in references.items():
        defined = _defined(root, definition)
        used = {e.get(attribute) for e in root.iter(q(tag))}
        assert used, tag
        assert used <= defined, (tag, used - defined)
    for tag in ("StudyEventDef", "FormDef", "ItemGroupDef", "ItemDef", "CodeList", "User", "Location"):
        oids = [e.get("OID") for e in root.iter(q(tag))]
        assert len(oids) == len(set(oids)), tag
    # Data sits where the metadata puts it: forms in their events, items in their groups.
    forms_of = {e.get("OID"): {r.get("FormOID") for r in e.iter(q("FormRef"))} for e in root.iter(q("StudyEventDef"))}
    items_of = {e.get("OID"): {r.get("ItemOID") for r in e.iter(q("ItemRef"))} for e in root.iter(q("ItemGroupDef"))}
    for event in clinical.iter(q("StudyEventData")):
        assert {f.get("FormOID") for f in event.findall("odm:FormData", NS)} <= forms_of[event.get("StudyEventOID")]
    for group in clinical.iter(q("ItemGroupData")):
        assert {i.get("ItemOID") for i in group.findall("odm:ItemData", NS)} <= items_of[group.get("ItemGroupOID")]
    ids = [a.get("ID") for a in clinical.iter(q("AuditRecord"))]
    assert len(ids) == len(set(ids))


ODM_FLOAT = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")  # ODM float is xs:decimal: no exponent


def test_every_value_fits_its_data_type_and_code_list(root):
    item_defs = {e.get("OID"): e for e in root.iter(q("ItemDef"))}
    code_lists = {
        e.get("OID"): {i.get("CodedValue") for i in e.iter(q("CodeListItem"))} for e in root.iter(q("CodeList"))
    }
    seen: Counter[str] = Counter()
    for data in root.find("odm:ClinicalData", NS).iter(q("ItemData")):
        item = item_defs[data.get("ItemOID")]
        value = data.get("Value")
        kind = item.get("DataType")
        seen[kind] += 1
        if kind == "date":
            assert dt.date.fromisoformat(value).isoformat() == value
        elif kind == "integer":
            assert str(int(value)) == value
        elif kind == "float":
            assert ODM_FLOAT.match(value), value
            Decimal(value)
        elif kind == "boolean":
            assert value in ("true", "false")
        else:
            assert kind == "text" and value != ""
        code_list = item.find("odm:CodeListRef", NS)
        if code_list is not None:
            assert value in code_lists[code_list.get("CodeListOID")], (item.get("OID"), value)
    assert {"date", "integer", "float", "boolean", "text"} <= set(seen)
    for stamp in root.iter(q("DateTimeStamp")):
        assert dt.datetime.fromisoformat(stamp.text).tzinfo is not None


def test_every_current_record_is_there_once_and_the_whole_audit_trail(demo, root):
    clinical = root.find("odm:ClinicalData", NS)
    with demo.session() as s:
        subjects = set(s.scalars(select(m.Subject.study_id).where(m.Subject.voided_at.is_(None))))
        result_ids = set(s.scalars(select(m.Result.id).where(m.Result.voided_at.is_(None))))
        visits = s.scalar(select(func.count()).select_from(m.Visit).where(m.Visit.voided_at.is_(None)))
        audit_entries = s.scalar(select(func.count()).select_from(m.AuditEvent))
        ae_count = s.scalar(select(func.count()).select_from(m.AdverseEvent).where(m.AdverseEvent.voided_at.is_(None)))
    assert {e.get("SubjectKey") for e in clinical.findall("odm:SubjectData", NS)} == subjects
    labs = [g.get("ItemGroupRepeatKey") for g in clinical.iter(q("ItemGroupData")) if g.get("ItemGroupOID") == "IG.LAB"]
    assert sorted(map(int, labs)) == sorted(result_ids)
    assert sum(1 for f in clinical.iter(q("FormData")) if f.get("FormOID") == "F.VISIT") == visits
    assert sum(1 for g in clinical.iter(q("ItemGroupData")) if g.get("ItemGroupOID") == "IG.AE") == ae_count
    assert len(clinical.find("odm:AuditRecords", NS).findall("odm:AuditRecord", NS)) == audit_entries
    for subject in clinical.findall("odm:SubjectData", NS):
        keys = [
            (e.get("StudyEventOID"), e.get("StudyEventRepeatKey")) for e in subject.findall("odm:StudyEventData", NS)
        ]
        assert len(keys) == len(set(keys)), subject.get("SubjectKey")


def test_results_are_filed_under_their_visit_and_baseline_samples_before_day_0(demo, root):
    with demo.session() as s:
        subject_id, study_id, infusion = s.execute(
            select(m.Subject.id, m.Subject.study_id, m.Infusion.infusion_date)
            .join(m.Infusion, m.Infusion.subject_id == m.Subject.id)
            .order_by(m.Subject.id)
            .limit(1)
        ).one()
        visit_days = dict(
            s.execute(
                select(m.Visit.actual_date, m.Visit.code).where(
                    m.Visit.subject_id == subject_id, m.Visit.state == "completed", m.Visit.code.is_not(None)
                )
            ).all()
        )
        results = s.execute(
            select(m.Result.id, m.Result.result_date).where(
                m.Result.subject_id == subject_id, m.Result.voided_at.is_(None)
            )
        ).all()
    subject = next(e for e in root.iter(q("SubjectData")) if e.get("SubjectKey") == study_id)
    event_of = {
        group.get("ItemGroupRepeatKey"): event.get("StudyEventOID")
        for event in subject.findall("odm:StudyEventData", NS)
        for group in event.iter(q("ItemGroupData"))
        if group.get("ItemGroupOID") == "IG.LAB"
    }
    baseline = [rid for rid, day in results if day < infusion]
    on_visit_days = [(rid, visit_days[day]) for rid, day in results if day in visit_days]
    assert baseline and on_visit_days
    assert all(event_of[str(rid)] == "SE.BASELINE" for rid in baseline)
    assert all(event_of[str(rid)] == f"SE.{code}" for rid, code in on_visit_days)


def test_the_same_data_and_creation_time_give_the_same_file(demo, odm_file, tmp_path):
    again = export_odm(demo, tmp_path / "again.xml", created=CREATED)

    def without_trail(path: Path) -> tuple[bytes, list[str]]:
        tree = ET.parse(path).getroot()
        tree.set("FileOID", "")  # it names the trail's last hash
        tree.set("AsOfDateTime", "")  # the trail's last entry
        clinical = tree.find("odm:ClinicalData", NS)
        records = clinical.find("odm:AuditRecords", NS)
        clinical.remove(records)
        return ET.tostring(tree), [r.find("odm:SourceID", NS).text for r in records]

    first, first_trail = without_trail(odm_file)
    second, second_trail = without_trail(tmp_path / "again.xml")
    # The same data gives the same file; only the trail grew, by the exports themselves.
    assert second == first
    assert second_trail[: len(first_trail)] == first_trail
    assert second_trail[len(first_trail) :] and all(
        ": export database odm" in t for t in second_trail[len(first_trail) :]
    )
    assert again.subjects == 5 and again.audit_records > 0


def test_source_verification_and_data_cuts_are_annotations_after_the_audit_trail(root):
    clinical = root.find("odm:ClinicalData", NS)
    assert [child.tag for child in clinical][-2:] == [q("AuditRecords"), q("Annotations")]
    comments = {a.get("ID"): a.find("odm:Comment", NS).text for a in clinical.find("odm:Annotations", NS)}
    sdv = [text for oid, text in comments.items() if oid.startswith("AN.SDV.")]
    assert len(sdv) == 2 and all(t.startswith("sdv CD1922-001 visit ") for t in sdv)
    assert sum("; cleared at " in t for t in sdv) == 1
    (cut,) = [text for oid, text in comments.items() if oid.startswith("AN.CUT.")]
    assert cut.startswith("data cut 1: as of 2026-11-29, frozen by ") and cut.endswith(": annual report 2026")
