"""The ODM export writes its subject data and audit records as text (issue 20: the
whole command at 10,000 subjects): the file must be, byte for byte, what the element
writer it replaced wrote. That writer is kept here, as the reference: item groups,
forms and audit records built as ElementTree elements, indented and serialised by
ElementTree itself.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.services import audit, course_records, odm, queries, review, transfers
from ltfu.services.demo import build_demo
from ltfu.services.export import utc_text
from ltfu.services.visits import reopen_visit

TODAY = dt.date(2026, 11, 29)
CREATED = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)
# What a person may type, and XML must escape or cannot carry: markup, quotes, line
# breaks, a tab, a control character.
AWKWARD = 'Is "<5 & >3" right?\nLine two\r\n\tindented \x01 end'


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from ltfu.services.database import open_database

    database = open_database(str(tmp_path_factory.mktemp("odm-bytes") / "demo.sqlite3"))
    build_demo(database, subjects=6, seed=5, today=TODAY)
    queries.refresh_edit_checks(database, TODAY)
    with database.session(read_only=True) as s:
        result_id, study_id = s.execute(
            select(m.Result.id, m.Subject.study_id)
            .join(m.Subject, m.Subject.id == m.Result.subject_id)
            .where(m.Subject.status == "active")
            .limit(1)
        ).one()
        site = s.execute(
            select(m.Site.code).join(m.Subject, m.Subject.site_id == m.Site.id).where(m.Subject.study_id == study_id)
        ).scalar_one()
    on_value = queries.raise_query(database, study_id, "result", result_id, AWKWARD, "value")
    queries.answer_query(database, on_value, f"Checked: {AWKWARD}")
    queries.close_query(database, on_value, "fine <really>")
    queries.raise_query(database, study_id, "subject", None, "Dose level per the batch record?", "dose_level")
    queries.raise_query(database, study_id, "result", result_id, "The whole result?")
    review.mark_verified(database, study_id, ["D0", "D1"])
    review.freeze(database, TODAY, f"annual report 2026 {AWKWARD}", TODAY)
    reopen_visit(database, study_id, "D1", f"recorded on the wrong subject {AWKWARD}", TODAY)
    course_records.record_medication(
        database, study_id, course_records.NewMedication("ivig", TODAY - dt.timedelta(days=30), None, 0.4), TODAY
    )
    course_records.record_consent(
        database, study_id, course_records.NewConsent("v2.0", TODAY - dt.timedelta(days=10), "subject"), TODAY
    )
    transfers.transfer_subject(database, study_id, "BJ01" if site != "BJ01" else "SH02", TODAY, AWKWARD, TODAY)
    yield database
    database.dispose()


# -- the element writer it replaced ---------------------------------------------------


def _item_group(group: odm.Group, values: dict[str, object], repeat_key: str | None, notes) -> ET.Element:
    attrib = {"ItemGroupOID": group.group_oid}
    if repeat_key is not None:
        attrib["ItemGroupRepeatKey"] = repeat_key
    element = odm._el("ItemGroupData", attrib)
    on_item: dict[str, list[dict[str, Any]]] = defaultdict(list)
    on_group = []
    for note in notes:
        name = (note["field"] or "").upper()
        if values.get(name) not in (None, "") and any(item.name == name for item in group.items):
            on_item[name].append(note)
        else:
            on_group.append(note)
    for seq, note in enumerate(on_group, 1):
        element.append(odm._annotation(note, seq))
    unit = values.get("UNIT")
    for item in group.items:
        value = values.get(item.name)
        if value is None or value == "":
            continue
        data = odm._sub(element, "ItemData", {"ItemOID": group.item_oid(item.name), "Value": odm.odm_value(value)})
        if item.units:
            unit_oid = odm.UNITS.get(item.units[0] if len(item.units) == 1 else str(unit))
            if unit_oid is not None:
                odm._sub(data, "MeasurementUnitRef", {"MeasurementUnitOID": unit_oid})
        for seq, note in enumerate(on_item.get(item.name, ()), 1):
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
        if reference:
            patch.setattr(odm, "_form", _form)
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
