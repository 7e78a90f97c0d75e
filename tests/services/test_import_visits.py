"""visits.csv: history from spreadsheets, all or nothing, out-of-window kept and flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.errors import ImportRowsError
from ltfu.services import visits
from ltfu.services.imports import import_visits
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)
HEADER = "subject_id,visit_code,date,status,mode,reason\n"


@pytest.fixture
def subject(db):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28)), today=D(2025, 11, 28))
    return "CD1922-017"


def write(tmp_path, body):
    path = tmp_path / "visits.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def statuses(db):
    view = visits.subject_schedule(db, "CD1922-017", TODAY)
    return {v.code: (v.status, v.actual_date, v.out_of_window) for v in view.visits}, view.unscheduled


def test_history_is_imported_and_reimport_adds_nothing(db, subject, tmp_path):
    path = write(
        tmp_path,
        "CD1922-017,D0,2025-11-28,done,clinic,\n"
        "CD1922-017,D1,2025-11-29,done,,\n"
        "CD1922-017,D4,2025-12-02,missed,,\n"
        "CD1922-017,M2,2026-02-15,done,clinic,late\n"
        "CD1922-017,,2026-03-10,done,phone,extra call\n",
    )
    summary = import_visits(db, path, TODAY)
    assert (summary.added, summary.unchanged) == (5, 0)
    by_code, unscheduled = statuses(db)
    assert by_code["D0"][0] == "completed" and by_code["D4"][0] == "missed"
    assert by_code["M2"] == ("completed", D(2026, 2, 15), True)  # outside 2026-01-21 .. 2026-02-04: flagged
    assert [u.actual_date for u in unscheduled] == [D(2026, 3, 10)]
    again = import_visits(db, path, TODAY)
    assert (again.added, again.unchanged) == (0, 5)
    assert statuses(db)[0] == by_code


def test_every_bad_row_is_named_and_nothing_changes(db, subject, tmp_path):
    path = write(
        tmp_path,
        "CD1922-017,D0,2025-11-28,done,clinic,\n"
        "CD1922-999,D0,2025-11-28,done,clinic,\n"
        "CD1922-017,M13,2026-01-01,done,clinic,\n"
        "CD1922-017,D1,2025-11-01,done,clinic,\n"
        "CD1922-017,D0,2025-11-28,done,clinic,\n"
        "CD1922-017,D7,2025-12-05,seen,clinic,\n"
        "CD1922-017,D10,2025-02-31,done,clinic,\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_visits(db, path, TODAY)
    reasons = dict(caught.value.problems)
    assert set(reasons) == {3, 4, 5, 6, 7, 8}
    assert "unknown subject CD1922-999" in reasons[3]
    assert "no visit 'M13'" in reasons[4]
    assert "before the infusion" in reasons[5]
    assert "second 'done'" in reasons[6] and "line 2" in reasons[6]
    assert "status 'seen'" in reasons[7]
    assert "'2025-02-31' is not a calendar date" in reasons[8]
    assert all(s[0] != "completed" for s in statuses(db)[0].values())


def test_an_unscheduled_visit_is_stored_and_audited_alike_by_the_window_and_the_import(db, tmp_path):
    import json

    from sqlalchemy import select

    from ltfu.db import models as m
    from ltfu.services.audit_view import audit_trail

    for study_id in ("CD1922-017", "CD1922-018"):
        enrol(db, NewSubject(study_id, "BJ01", "DL2", D(2025, 11, 28)), today=D(2025, 11, 28))
    visits.record_visit_done(db, "CD1922-017", D(2026, 3, 10), "phone", TODAY, unscheduled=True, reason="extra call")
    import_visits(db, write(tmp_path, "CD1922-018,,2026-03-10,done,phone,extra call\n"), TODAY)

    def stored(study_id: str) -> tuple:
        with db.session(read_only=True) as s:
            row = s.scalars(
                select(m.Visit).join(m.Subject).where(m.Subject.study_id == study_id, m.Visit.code.is_(None))
            ).one()
            change = s.scalars(select(m.VisitStatusChange).where(m.VisitStatusChange.visit_id == row.id)).one()
            return (row.state, row.actual_date, row.actual_mode, row.mode, row.protocol_version_id), (
                change.old_state,
                change.new_state,
                change.reason,
            )

    def entry(study_id: str) -> tuple:
        # The one visit created on its own (the plan's visits are one "rows" entry at enrolment).
        (created,) = [
            r
            for r in audit_trail(db, study_id)
            if r.table_name == "visit" and r.action == "create" and r.field != "rows"
        ]
        record = json.loads(created.new_value)
        for own in ("subject_id", "infusion_id"):  # each subject's own rows
            record.pop(own)
        return record, created.reason

    assert stored("CD1922-017") == stored("CD1922-018")
    assert entry("CD1922-017") == entry("CD1922-018")
    assert entry("CD1922-018")[0]["actual_mode"] == "phone"  # the import's entry used to leave the mode out
