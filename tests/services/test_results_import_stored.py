"""What a results import stores, pinned row by row: the results, their audit entries,
the packs, the alerts and the safety case an RCL positive opens (SQLite and PostgreSQL).

The expected rows were read from the import as it was before it was made faster
(issue 20): a faster import must store exactly the same rows and audit entries.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import ImportRowsError
from ltfu.services import maintenance
from ltfu.services.imports import import_results
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)
LAB = (
    "subject_id,date,analyte,value,unit,qualifier,assay\n"
    "CD1922-017,2025-12-05,car_copies,15234.5,copies/µg,,qPCR\n"
    "CD1922-017,2025-12-26,car_copies,10,copies/ug,<,qPCR\n"
    "CD1922-017,2025-12-26,igg,350,mg/dL,,\n"
    "CD1922-017,2025-12-26,mrd,0.005,%,,flow\n"
    "CD1922-017,2026-03-01,rcl,negative,,,qPCR VSV-G\n"
    "CD1922-017,2026-01-20,cd19_b_cells,0.5,cells/uL,,\n"
    "CD1922-017,2026-04-20,cd19_b_cells,30,cells/uL,,\n"
    "CD1922-017,2026-05-20,cd19_b_cells,40,cells/uL,,\n"
    "cd1922-018,2026-02-01,rcl,positive,,,qPCR VSV-G\n"
    "CD1922-018,2026-02-01,hama,negative,,,\n"
    "CD1922-018,2026-01-15,il6,12.5,pg/mL,,ELISA\n"
    "CD1922-019,2026-06-30,crp,5,mg/L,,\n"
    "CD1922-019,2026-06-30,igg,8,g/L,,\n"
)
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)?")
_CHAIN = ("hash", "prev_hash")  # over the entry's time: differs from run to run


def _value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return "<time>"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, str):
        return _TIME.sub("<time>", value)
    return value


def _dump(db) -> dict[str, set[tuple]]:
    """Every row of every table (its values in column order, but the chain hashes), times masked."""
    with db.session(read_only=True) as s:
        conn = s.connection()
        return {
            table.name: {
                tuple(_value(v) for c, v in zip(table.columns, row, strict=True) if c.name not in _CHAIN)
                for row in conn.execute(select(table))
            }
            for table in m.Base.metadata.sorted_tables
        }


def _stored_by(db, action) -> dict[str, list[tuple]]:
    """The rows `action` added or changed, per table, in id order."""
    before = _dump(db)
    action()
    after = _dump(db)
    return {name: sorted(rows - before[name]) for name, rows in after.items() if rows - before[name]}


def _enrol(db) -> None:
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28), birth_date=D(2001, 3, 3)), D(2025, 11, 28))
    enrol(db, NewSubject("CD1922-018", "BJ01", "DL3", D(2026, 1, 10)), D(2026, 1, 10))
    enrol(db, NewSubject("CD1922-019", "BJ01", "DL3", D(2026, 2, 10)), D(2026, 2, 10))


def test_a_results_import_stores_the_same_rows_and_audit_entries_as_before(any_db, tmp_path):
    _enrol(any_db)
    path = tmp_path / "lab.csv"
    path.write_text(LAB, encoding="utf-8")
    assert _stored_by(any_db, lambda: import_results(any_db, path, TODAY)) == EXPECTED
    assert maintenance.check(any_db).ok  # the chain holds, and the trail replays to the rows
    assert _stored_by(any_db, lambda: import_results(any_db, path, TODAY)) == {}  # nothing twice


def test_bad_result_rows_are_refused_with_the_same_messages(any_db, tmp_path):
    _enrol(any_db)
    path = tmp_path / "lab.csv"
    path.write_text(
        LAB
        + "CD1922-017,2025-12-05,car_copies,15234.5,copies/µg,,qPCR\n"
        + "CD1922-099,2026-01-01,igg,5,g/L,,\n"
        + "CD1922-018,2027-01-01,igg,5,g/L,,\n"
        + "CD1922-018,2026-01-20,igg,5,kg,,\n"
        + "CD1922-019,2026-03-01,rcl,maybe,,,\n"
        + "CD1922-019,2026-03-01,crp,-3,mg/L,,\n"
        + "CD1922-019,2026-03-01,igg,x,g/L,,\n"
        + "CD1922-019,2026-03-01,igg,4,g/L,>,\n"
        + "CD1922-019,2026-03-01,ferritin,4,ug/L,,\n",
        encoding="utf-8",
    )
    before = _dump(any_db)
    try:
        import_results(any_db, path, TODAY)
    except ImportRowsError as exc:
        refused = exc.problems
    else:
        raise AssertionError("the file was imported")
    assert _dump(any_db) == before
    assert refused == REFUSED


# fmt: off
EXPECTED: dict[str, list[tuple]] = {
    'audit_event': [
        (14, '<time>', 1, 'import', 'result', None, 1, 'rows', None, '8 result(s), ids 1-8, from lab.csv (sha256 d90e30b80989a7b63fee024f54b079e00abf6fc663090c387d913809e6a5170b); content sha256 b98f26b84ce1813d1bc6ba17881ea2acf24cc932afca93532392a3abe81177ca; row prints b1e056ab4efb33fbd6912ab8ca5a5d07', 'import of lab.csv'),
        (15, '<time>', 1, 'import', 'result', None, 2, 'rows', None, '3 result(s), ids 9-11, from lab.csv (sha256 d90e30b80989a7b63fee024f54b079e00abf6fc663090c387d913809e6a5170b); content sha256 a29c128c13ca43efa103ba953975008b669f24db500091b2f712e87f2517a109; row prints 8d42ec58bed7', 'import of lab.csv'),
        (16, '<time>', 1, 'import', 'result', None, 3, 'rows', None, '2 result(s), ids 12-13, from lab.csv (sha256 d90e30b80989a7b63fee024f54b079e00abf6fc663090c387d913809e6a5170b); content sha256 23037fa2bf28a04dc5ee9d62f3964ca657763db9c567f9a1aabba427beeec9b3; row prints 0cf849d1', 'import of lab.csv'),
        (17, '<time>', 1, 'update', 'visit', 54, 2, 'assessments', 'Ex D P B G R-A S AE LT', 'Ex D P B G R-T S AE LT', 'import of lab.csv'),
        (18, '<time>', 1, 'update', 'visit', 56, 2, 'assessments', 'Ex S B G LT P R-A', 'Ex S B G LT P R-T', 'import of lab.csv'),
        (19, '<time>', 1, 'update', 'visit', 58, 2, 'assessments', 'Ex S B G LT P R-A', 'Ex S B G LT P R-T', 'import of lab.csv'),
        (20, '<time>', 1, 'update', 'visit', 60, 2, 'assessments', 'Ex S B G LT P R-A', 'Ex S B G LT P R-T', 'import of lab.csv'),
        (21, '<time>', 1, 'update', 'visit', 61, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (22, '<time>', 1, 'update', 'visit', 62, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (23, '<time>', 1, 'update', 'visit', 63, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (24, '<time>', 1, 'update', 'visit', 64, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (25, '<time>', 1, 'update', 'visit', 65, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (26, '<time>', 1, 'update', 'visit', 66, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (27, '<time>', 1, 'update', 'visit', 67, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (28, '<time>', 1, 'update', 'visit', 68, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (29, '<time>', 1, 'update', 'visit', 69, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (30, '<time>', 1, 'update', 'visit', 70, 2, 'assessments', 'Q S LT R-A', 'Q S LT R-T', 'import of lab.csv'),
        (31, '<time>', 1, 'create', 'safety_case', 1, 2, None, None, '{"adverse_event_id": null, "awareness_date": "2026-12-01", "closed_by": null, "closed_on": null, "kind": "rcl_positive", "result_id": "9", "state": "open", "subject_id": "2", "t_cell": "False"}', None),
        (32, '<time>', 1, 'create', 'case_step', 1, 2, None, None, '{"case_id": "1", "code": "rcl_confirm", "done_by": null, "done_on": null, "due_date": null, "note": null, "outcome": null, "owner": "pi", "sequence": "1", "state": "open"}', None),
        (33, '<time>', 1, 'create', 'case_step', 2, 2, None, None, '{"case_id": "1", "code": "sponsor", "done_by": null, "done_on": null, "due_date": "2026-12-02", "note": null, "outcome": null, "owner": "coordinator", "sequence": "2", "state": "open"}', None),
        (34, '<time>', 1, 'create', 'case_step', 3, 2, None, None, '{"case_id": "1", "code": "later_samples_tested", "done_by": null, "done_on": null, "due_date": null, "note": null, "outcome": null, "owner": "coordinator", "sequence": "3", "state": "open"}', None),
        (35, '<time>', 1, 'create', 'case_step', 4, 2, None, None, '{"case_id": "1", "code": "ethics", "done_by": null, "done_on": null, "due_date": "2026-12-08", "note": null, "outcome": null, "owner": "coordinator", "sequence": "4", "state": "open"}', None),
        (36, '<time>', 1, 'create', 'case_step', 5, 2, None, None, '{"case_id": "1", "code": "regulator", "done_by": null, "done_on": "2026-12-01", "due_date": null, "note": "the sponsor reports to the regulator", "outcome": null, "owner": "pi", "sequence": "5", "state": "not_applicable"}', None),
        (37, '<time>', 1, 'create', 'safety_report', 1, 2, None, None, '{"adverse_event_id": null, "awareness_date": "2026-12-01", "case_id": "1", "due_date": "2026-12-02", "recipient": "sponsor", "reference": null, "sent_by": null, "sent_on": null, "sent_to": null, "subject_id": "2"}', None),
        (38, '<time>', 1, 'create', 'safety_report', 2, 2, None, None, '{"adverse_event_id": null, "awareness_date": "2026-12-01", "case_id": "1", "due_date": "2026-12-08", "recipient": "ethics_committee", "reference": null, "sent_by": null, "sent_on": null, "sent_to": null, "subject_id": "2"}', None),
    ],
    'result': [
        (1, 1, '2025-12-05', None, 'car_copies', 15234.5, None, 'copies/ug', False, None, 'qPCR', 'lab.csv', None, None, None),
        (2, 1, '2025-12-26', None, 'car_copies', 10.0, None, 'copies/ug', True, 10.0, 'qPCR', 'lab.csv', None, None, None),
        (3, 1, '2025-12-26', None, 'igg', 3.5, None, 'g/L', False, None, None, 'lab.csv', None, None, None),
        (4, 1, '2025-12-26', None, 'mrd', 5e-05, None, 'fraction', False, None, 'flow', 'lab.csv', None, None, None),
        (5, 1, '2026-03-01', None, 'rcl', None, 'negative', '', False, None, 'qPCR VSV-G', 'lab.csv', None, None, None),
        (6, 1, '2026-01-20', None, 'cd19_b_cells', 0.5, None, 'cells/uL', False, None, None, 'lab.csv', None, None, None),
        (7, 1, '2026-04-20', None, 'cd19_b_cells', 30.0, None, 'cells/uL', False, None, None, 'lab.csv', None, None, None),
        (8, 1, '2026-05-20', None, 'cd19_b_cells', 40.0, None, 'cells/uL', False, None, None, 'lab.csv', None, None, None),
        (9, 2, '2026-02-01', None, 'rcl', None, 'positive', '', False, None, 'qPCR VSV-G', 'lab.csv', None, None, None),
        (10, 2, '2026-02-01', None, 'hama', None, 'negative', '', False, None, None, 'lab.csv', None, None, None),
        (11, 2, '2026-01-15', None, 'il6', 12.5, None, 'pg/mL', False, None, 'ELISA', 'lab.csv', None, None, None),
        (12, 3, '2026-06-30', None, 'crp', 5.0, None, 'mg/L', False, None, None, 'lab.csv', None, None, None),
        (13, 3, '2026-06-30', None, 'igg', 8.0, None, 'g/L', False, None, None, 'lab.csv', None, None, None),
    ],
    'result_pack': [
        (1, 8, 8, '010000000000000006490b000100000000000040c1cd40000000000000f87f02000000000000001b490b0001000100000000000024400000000000002440060000000000000034490b00020000000000000000e03f000000000000f87f07000000000000008e490b000200000000000000003e40000000000000f87f0800000000000000ac490b000200000000000000004440000000000000f87f03000000000000001b490b000600000000000000000c40000000000000f87f04000000000000001b490b000900002d431cebe2360a3f000000000000f87f05000000000000005c490b000a0100000000000000f87f000000000000f87f'),
        (2, 3, 11, '0a0000000000000040490b00050100000000000000f87f000000000000f87f0b000000000000002f490b000800000000000000002940000000000000f87f090000000000000040490b000a0200000000000000f87f000000000000f87f'),
        (3, 2, 13, '0c00000000000000d5490b000300000000000000001440000000000000f87f0d00000000000000d5490b000600000000000000002040000000000000f87f'),
    ],
    'safety_alert': [
        (1, 'igg_low', '2025-12-26', '2026-06-24', 3.5, 4.0),
        (2, 'rcl_positive', '2026-02-01', None, None, None),
    ],
    'safety_case': [
        (1, 2, 'rcl_positive', False, None, 9, '2026-12-01', 'open', None, None),
    ],
    'visit': [
        (54, 2, 2, 1, 'M24', 19, '2028-01-10', '2027-12-11', '2028-02-09', 'clinic', 'Ex D P B G R-T S AE LT', 'planned', None, None, None, None, False, 2, None, None, None),
        (56, 2, 2, 1, 'M36', 21, '2029-01-10', '2028-12-11', '2029-02-09', 'clinic', 'Ex S B G LT P R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (58, 2, 2, 1, 'M48', 23, '2030-01-10', '2029-12-11', '2030-02-09', 'clinic', 'Ex S B G LT P R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (60, 2, 2, 1, 'M60', 25, '2031-01-10', '2030-12-11', '2031-02-09', 'clinic', 'Ex S B G LT P R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (61, 2, 2, 1, 'Y6', 26, '2032-01-10', '2031-11-11', '2032-03-10', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (62, 2, 2, 1, 'Y7', 27, '2033-01-10', '2032-11-11', '2033-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (63, 2, 2, 1, 'Y8', 28, '2034-01-10', '2033-11-11', '2034-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (64, 2, 2, 1, 'Y9', 29, '2035-01-10', '2034-11-11', '2035-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (65, 2, 2, 1, 'Y10', 30, '2036-01-10', '2035-11-11', '2036-03-10', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (66, 2, 2, 1, 'Y11', 31, '2037-01-10', '2036-11-11', '2037-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (67, 2, 2, 1, 'Y12', 32, '2038-01-10', '2037-11-11', '2038-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (68, 2, 2, 1, 'Y13', 33, '2039-01-10', '2038-11-11', '2039-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (69, 2, 2, 1, 'Y14', 34, '2040-01-10', '2039-11-11', '2040-03-10', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
        (70, 2, 2, 1, 'Y15', 35, '2041-01-10', '2040-11-11', '2041-03-11', 'phone', 'Q S LT R-T', 'planned', None, None, None, None, False, 2, None, None, None),
    ],
    'case_step': [
        (1, 1, 'rcl_confirm', 1, 'open', None, 'pi', None, None, None, None),
        (2, 1, 'sponsor', 2, 'open', '2026-12-02', 'coordinator', None, None, None, None),
        (3, 1, 'later_samples_tested', 3, 'open', None, 'coordinator', None, None, None, None),
        (4, 1, 'ethics', 4, 'open', '2026-12-08', 'coordinator', None, None, None, None),
        (5, 1, 'regulator', 5, 'not_applicable', None, 'pi', '2026-12-01', None, None, 'the sponsor reports to the regulator'),
    ],
    'safety_report': [
        (1, 2, 1, None, 'sponsor', '2026-12-01', '2026-12-02', None, None, None, None),
        (2, 2, 1, None, 'ethics_committee', '2026-12-01', '2026-12-08', None, None, None, None),
    ],
}
REFUSED = [
    (15, 'the same result is also on line 2'),
    (16, 'unknown subject CD1922-099'),
    (17, 'result date 2027-01-01 is in the future'),
    (18, "unit 'kg' does not fit igg (use 'g/l' or 'mg/dl')"),
    (19, "rcl value 'maybe' is not one of negative, positive, indeterminate, archived"),
    (20, "value '-3' cannot be negative"),
    (21, "value 'x' is not a number (digits, optional decimal point and exponent, e.g. 12.5 or 1.2e3)"),
    (22, "qualifier '>' must be '<' (below the limit of quantification) or empty"),
]
# fmt: on
