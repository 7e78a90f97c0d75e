"""Results, events and adverse events: validation, all-or-nothing imports, re-import adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import ImportRowsError, ValidationError
from ltfu.services import visits
from ltfu.services.imports import import_events, import_results
from ltfu.services.records import NewAdverseEvent, NewResult, record_adverse_event, record_result
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)


@pytest.fixture
def subjects(db):
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28), birth_date=D(2001, 3, 3)), D(2025, 11, 28))
    enrol(db, NewSubject("CD1922-018", "BJ01", "DL3", D(2026, 1, 10)), D(2026, 1, 10))


def count(db, model):
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_results_import_converts_units_keeps_blq_and_reimports_once(db, subjects, tmp_path):
    path = tmp_path / "lab.csv"
    path.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n"
        "CD1922-017,2025-12-05,car_copies,15234.5,copies/µg,,qPCR\n"
        "CD1922-017,2025-12-26,car_copies,10,copies/ug,<,qPCR\n"
        "CD1922-017,2025-12-26,igg,350,mg/dL,,\n"
        "CD1922-017,2025-12-26,mrd,0.005,%,,flow\n"
        "CD1922-017,2026-03-01,rcl,negative,,,qPCR VSV-G\n",
        encoding="utf-8",
    )
    assert import_results(db, path, TODAY).added == 5
    with db.session() as s:
        rows = {r.analyte: r for r in s.scalars(select(m.Result).where(m.Result.result_date == D(2025, 12, 26)))}
        assert (rows["car_copies"].blq, rows["car_copies"].lloq, rows["car_copies"].value) == (True, 10.0, 10.0)
        assert (rows["igg"].value, rows["igg"].unit) == (3.5, "g/L")
        assert rows["mrd"].value == pytest.approx(5e-5) and rows["mrd"].unit == "fraction"
    again = import_results(db, path, TODAY)
    assert (again.added, again.unchanged) == (0, 5)
    assert count(db, m.Result) == 5


def test_one_bad_result_row_among_many_changes_nothing(db, subjects, tmp_path):
    good = "".join(f"CD1922-018,2026-02-{d:02d},cd19_b_cells,{d}.0,cells/uL,,\n" for d in range(1, 28))
    path = tmp_path / "lab.csv"
    path.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n"
        + good[:300]
        + "CD1922-017,2024-02-30,igg,5,g/L,,\n"
        + "CD1922-017,2026-01-05,igg,5,copies/ug,,\n"
        + "CD1922-017,2026-01-06,rcl,maybe,,,\n"
        + "CD1922-017,2027-01-06,igg,5,g/L,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_results(db, path, TODAY)
    reasons = " | ".join(r for _, r in caught.value.problems)
    assert "'2024-02-30' is not a calendar date" in reasons
    assert "unit 'copies/ug' does not fit igg" in reasons
    assert "rcl value 'maybe'" in reasons and "in the future" in reasons
    assert count(db, m.Result) == 0


def test_a_positive_rcl_keeps_later_samples_tested(db, subjects, tmp_path):
    path = tmp_path / "rcl.csv"
    path.write_text("subject_id,date,analyte,value,unit\nCD1922-017,2026-05-28,rcl,positive,\n", encoding="utf-8")
    import_results(db, path, TODAY)
    view = visits.subject_schedule(db, "CD1922-017", TODAY)
    assert view.rcl_alert
    m24 = next(v for v in view.visits if v.code == "M24")
    assert "R-T" in m24.assessments and "R-A" not in m24.assessments


def test_events_import_writes_events_and_safety_events(db, subjects, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "subject_id,date,event,detail\n"
        "CD1922-017,2025-12-03,crs,2\n"
        "CD1922-017,2025-12-06,icans,grade 3\n"
        "CD1922-017,2025-12-26,response,CR MRD-\n"
        "CD1922-017,2026-06-01,relapse,CD19-CD22+\n"
        "CD1922-018,2026-02-01,dlt,grade 4 CRS\n",
        encoding="utf-8",
    )
    assert import_events(db, path, TODAY).added == 5
    with db.session() as s:
        relapse = s.scalar(select(m.ClinicalEvent).where(m.ClinicalEvent.kind == "relapse"))
        assert (relapse.cd19_status, relapse.cd22_status) == ("negative", "positive")
        response = s.scalar(select(m.ClinicalEvent).where(m.ClinicalEvent.kind == "response"))
        assert (response.response, response.mrd_negative) == ("CR", True)
        grades = dict(s.execute(select(m.AdverseEvent.kind, m.AdverseEvent.grade)).all())
        assert grades["crs"] == 2 and grades["icans"] == 3
    assert import_events(db, path, TODAY).added == 0


def test_events_import_refuses_events_after_a_death_in_the_same_file(db, subjects, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "subject_id,date,event,detail\n"
        "CD1922-017,2026-05-01,death,sepsis\n"
        "CD1922-017,2026-06-01,relapse,CD19-\n"
        "CD1922-017,2026-07-01,death,again\n"
        "CD1922-017,2026-07-01,crs,7\n"
        "CD1922-017,2026-07-01,withdrawal,sometimes\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, path, TODAY)
    reasons: dict[int, str] = {}
    for line, reason in caught.value.problems:
        reasons[line] = reasons.get(line, "") + reason + "; "
    assert "after the subject's death on 2026-05-01" in reasons[3]
    assert "second death" in reasons[4]
    assert "grade 7 is outside 1-5" in reasons[5]
    assert "withdrawal scope 'sometimes'" in reasons[6]
    assert count(db, m.ClinicalEvent) == 0


def test_entry_validation_names_the_field(db, subjects):
    with pytest.raises(ValidationError, match="grade 6 is outside 1-5"):
        record_adverse_event(db, "CD1922-017", NewAdverseEvent("Pyrexia", 6, D(2026, 1, 1)), TODAY)
    with pytest.raises(ValidationError, match="before the infusion"):
        record_adverse_event(db, "CD1922-017", NewAdverseEvent("CRS", 2, D(2025, 11, 20), kind="crs"), TODAY)
    with pytest.raises(ValidationError, match="before the subject's birth"):
        record_result(db, "CD1922-017", NewResult("igg", D(2000, 1, 1), 5.0, unit="g/L"), TODAY)
    with pytest.raises(ValidationError, match="unit 'g/L' does not fit car_copies"):
        record_result(db, "CD1922-017", NewResult("car_copies", D(2026, 1, 1), 5.0, unit="g/L"), TODAY)
    assert record_adverse_event(db, "CD1922-017", NewAdverseEvent("Pyrexia", 2, D(2025, 11, 25)), TODAY)


def _read(read, analyte, value, unit, qualifier):
    try:
        return read(analyte, value, unit, qualifier)
    except ValueError as exc:
        return ("refused", str(exc))


def test_a_lab_file_s_values_are_read_as_one_entered_alone_would_be():
    """The import reads each analyte and unit once (`ResultReader`): every value,
    unit and qualifier comes out as `normalise_result` gives it, refusals word for word."""
    from ltfu.services.records import ResultReader, normalise_result
    from ltfu.services.units import ANALYTES, UNITS

    reader = ResultReader()
    values = ["0", "1", "12.5", ".5", "5.", "1e3", "1E-2", "-1", "+1", "1e999", "nan", "inf", "1_000", " 1", "", "x"]
    values += ["positive", "negative", "indeterminate", "Positive"]
    for analyte in (*UNITS, "nonsense"):
        known = ANALYTES.get(analyte)
        if known is not None:  # around each end of its range, in each unit it is accepted in
            values += [f"{known.low:g}", f"{known.high:g}", f"{known.high * 1.01:g}"] if known.high else []
        for unit in (*(UNITS[analyte][1] if known else ()), "", "mg/dL", " G/L ", "furlongs"):
            for qualifier in ("", "<", ">", "<="):
                for value in values:
                    expected = _read(normalise_result, analyte, value, unit, qualifier)
                    assert _read(reader, analyte, value, unit, qualifier) == expected, (analyte, value, unit)
