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
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.services import audit, course_records, odm, review, transfers
from ltfu.services.demo import build_demo
from ltfu.services.export import utc_text
from ltfu.services.odm import ODM_NAMESPACE, export_odm
from ltfu.services.visits import reopen_visit

TODAY = dt.date(2026, 11, 29)
CREATED = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
NS = {"odm": ODM_NAMESPACE}
# What a person may type, and XML must escape or cannot carry: markup, quotes, line
# breaks, a tab, a control character.
AWKWARD = 'Is "<5 & >3" right?\nLine two\r\n\tindented \x01 end'


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
    # For the text writer's bytes (below): awkward text, the course records, a move.
    with database.session(read_only=True) as s:
        active, site = s.execute(
            select(m.Subject.study_id, m.Site.code)
            .join(m.Site, m.Site.id == m.Subject.site_id)
            .where(m.Subject.status == "active")
            .limit(1)
        ).one()
    awkward = queries.raise_query(database, active, "subject", None, AWKWARD, "dose_level")
    queries.answer_query(database, awkward, f"Checked: {AWKWARD}")
    queries.close_query(database, awkward, "fine <really>")
    course_records.record_medication(
        database, active, course_records.NewMedication("ivig", TODAY - dt.timedelta(days=30), None, 0.4), TODAY
    )
    course_records.record_consent(
        database, active, course_records.NewConsent("v2.0", TODAY - dt.timedelta(days=10), "subject"), TODAY
    )
    transfers.transfer_subject(database, active, "BJ01" if site != "BJ01" else "SH02", TODAY, AWKWARD, TODAY)
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


# -- the text writer writes the element writer's bytes ------------------------------------
# The export writes its subject data and audit records as text (issue 20: the whole
# command at 10,000 subjects): the file must be, byte for byte, what the element writer
# it replaced wrote. That writer is kept here as the reference: subjects, their events,
# item groups, forms and audit records built as ElementTree elements, indented and
# serialised by ElementTree.


def _item_group(group: odm.Group, values: dict[str, object], repeat_key: str | None, notes) -> ET.Element:
    attrib = {"ItemGroupOID": group.group_oid}
    if repeat_key is not None:
        attrib["ItemGroupRepeatKey"] = repeat_key
    element = odm._el("ItemGroupData", attrib)
    on_group, on_item = odm._notes_by_place(group, values, notes)
    for seq, note in enumerate(on_group, 1):
        element.append(odm._annotation(note, seq))
    unit = values.get("unit")  # the record by column name: an item's name in lower case
    for item in group.items:
        value = values.get(item.name.lower())
        if value is None or value == "":
            continue
        data = odm._sub(element, "ItemData", {"ItemOID": group.item_oid(item.name), "Value": odm.odm_value(value)})
        if item.units:
            unit_oid = odm.UNITS.get(item.units[0] if len(item.units) == 1 else str(unit))
            if unit_oid is not None:
                odm._sub(data, "MeasurementUnitRef", {"MeasurementUnitOID": unit_oid})
        for seq, note in enumerate(on_item.get(item.name.lower(), ()), 1):
            data.append(odm._annotation(note, seq))
    return element


def _form(
    group: odm.Group,
    rows: Iterable[tuple[dict[str, object], str | None]],
    notes: Callable[[str | None], list[dict[str, Any]]] | None = None,
) -> ET.Element:
    form = odm._el("FormData", {"FormOID": group.form_oid})
    for values, key in rows:
        form.append(_item_group(group, values, key, notes(key) if notes else ()))
    return form


def _subject_data(rows: odm._SubjectRows, out: list[str]) -> int:
    subject = odm._el("SubjectData", {"SubjectKey": str(rows.subject["study_id"])})
    odm._sub(subject, "SiteRef", {"LocationOID": f"LOC.{rows.site}"})
    events = odm._study_events(rows)
    for attrib, forms in events:
        event = odm._sub(subject, "StudyEventData", attrib)
        for form in forms:
            event.append(_form(form.group, form.rows, form.notes))
    ET.indent(subject, space="  ", level=2)
    out.append("    " + ET.tostring(subject, encoding="unicode") + "\n")
    return len(events)


def _audit_records(session, site_of_subject: dict[int, str], study: str | None) -> Iterator[str]:
    query = select(m.AuditEvent).order_by(m.AuditEvent.id)
    for entry in session.execute(query).scalars():
        if study is not None and entry.subject_id is not None and entry.subject_id not in site_of_subject:
            continue
        record = odm._el("AuditRecord", {"EditPoint": "DBAudit", "ID": f"AR.{entry.id}"})
        user = f"USR.{entry.user_id}" if entry.user_id is not None else odm.USER_SYSTEM
        odm._sub(record, "UserRef", {"UserOID": user})
        site = site_of_subject.get(entry.subject_id) if entry.subject_id is not None else None
        odm._sub(record, "LocationRef", {"LocationOID": f"LOC.{site}" if site else odm.LOCATION_DATABASE})
        odm._sub(record, "DateTimeStamp", text=utc_text(entry.at))
        reason = audit.withheld_reason(entry.action, entry.table_name, entry.reason)
        if reason:
            odm._sub(record, "ReasonForChange", text=reason)
        what = f"{entry.table_name} {entry.record_id}" if entry.record_id is not None else entry.table_name
        change = f" {entry.field}" if entry.field else ""
        if entry.old_value is not None or entry.new_value is not None:
            old = audit.withheld(entry.action, entry.table_name, entry.field, entry.old_value)
            new = audit.withheld(entry.action, entry.table_name, entry.field, entry.new_value)
            change += f": {old or ''} -> {new or ''}"
        odm._sub(record, "SourceID", text=f"audit_event {entry.id}: {entry.action} {what}{change} (hash {entry.hash})")
        ET.indent(record, space="  ", level=3)
        yield "      " + ET.tostring(record, encoding="unicode") + "\n"


def _export(db, path: Path, monkeypatch, *, reference: bool) -> bytes:
    with monkeypatch.context() as patch:
        # Both files without the export's own audit entry (each export adds one).
        patch.setattr(db, "record_transfer", lambda *args, **kwargs: None)
        if reference:  # every record whole, for the element writer (the text writer keeps some slim)
            patch.setattr(odm, "_SLIM", frozenset())
            patch.setattr(odm, "_subject_data", _subject_data)
            patch.setattr(odm, "_audit_records", _audit_records)
            patch.setattr(odm._Out, "plain", odm._Out.element)
        odm.export_odm(db, path, created=CREATED)
    return path.read_bytes()


def test_the_text_writer_writes_the_element_writers_bytes(demo, tmp_path, monkeypatch):
    expected = _export(demo, tmp_path / "elements.xml", monkeypatch, reference=True)
    written = _export(demo, tmp_path / "text.xml", monkeypatch, reference=False)
    text = written.decode("utf-8")
    # The file holds what the comparison is about: queries on items and on groups, the
    # course records, a transfer, data review, and the awkward text escaped.
    for part in (
        'ItemGroupOID="IG.MEDICATION"',
        'ItemGroupOID="IG.CONSENT"',
        'ItemGroupOID="IG.TRANSFER"',
        "<MeasurementUnitRef",
        'ID="QRY.',
        'ID="AN.SDV.',
        'ID="AN.CUT.',
        "&lt;5 &amp; &gt;3",
        "&#10;Line two",
        "right?\nLine two",
        "\ufffd",
    ):
        assert part in text, part
    assert written.splitlines() == expected.splitlines()
    assert written == expected
