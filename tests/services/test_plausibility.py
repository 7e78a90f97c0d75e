"""Plausibility: nothing false accepted, on entry (the window's services) and on import alike.

One declared range per analyte (units.ANALYTES) and per date field (plausibility.py);
study ids without regard to case; exact duplicates refused or already present; every
contradiction with what is stored refused, naming the line and the record; a strict
number grammar. Values stored before these checks are listed as data problems by the
endpoints and the annual report, which still run.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import func, select, text

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import ImportRowsError, NotFoundError, ValidationError
from ltfu.services import endpoints, events, packs, visits
from ltfu.services.annual_report import ReportRequest, render_annual_report
from ltfu.services.csvio import RowError, parse_date, parse_int, parse_number
from ltfu.services.imports import import_events, import_results, import_visits
from ltfu.services.plausibility import SubjectDates, date_problem, result_days
from ltfu.services.records import NewAdverseEvent, NewResult, record_adverse_event, record_result
from ltfu.services.subjects import NewSubject, contact_details, enrol, import_subjects, update_contact
from ltfu.services.units import ANALYTES, UNITS

D = dt.date
TODAY = D(2026, 12, 1)
INFUSED = D(2025, 1, 10)
SUBJECT = "CD1922-002"
SUBJECTS_HEADER = "subject_id,site,dose_level,infusion_date,birth_date\n"
RESULTS_HEADER = "subject_id,date,analyte,value,unit,qualifier\n"
EVENTS_HEADER = "subject_id,date,event,detail\n"
VISITS_HEADER = "subject_id,visit_code,date,status,mode,reason\n"


def enrolled(db, study_id: str = SUBJECT, infused: dt.date = INFUSED) -> str:
    enrol(db, NewSubject(study_id, "BJ01", "DL1", infused, birth_date=D(1990, 5, 5)), TODAY)
    return study_id


def write(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def reasons(caught) -> dict[int, str]:
    return {line: reason for line, reason in caught.value.problems}


# -- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "1900-01-01", "2009-12-31"])
def test_an_infusion_before_any_car_t_was_given_is_refused_on_import_and_on_enrolment(db, tmp_path, day):
    path = write(
        tmp_path, "subjects.csv", SUBJECTS_HEADER + f"CD1922-001,BJ01,DL1,2025-01-10,\nCD1922-009,BJ01,DL1,{day},\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, path, TODAY)
    assert "infusion_date" in reasons(caught)[3] and "earliest plausible infusion date" in reasons(caught)[3]
    assert count(db, m.Subject) == 0
    with pytest.raises(ValidationError, match="earliest plausible infusion date"):
        enrol(db, NewSubject("CD1922-009", "BJ01", "DL1", D.fromisoformat(day)), TODAY)
    assert count(db, m.Subject) == 0


@pytest.mark.parametrize("birth", ["1850-03-01", "1899-12-31"])
def test_a_birth_date_before_1900_is_a_message_not_a_check_constraint_traceback(db, tmp_path, birth):
    path = write(tmp_path, "subjects.csv", SUBJECTS_HEADER + f"CD1922-001,BJ01,DL1,2025-01-10,{birth}\n")
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, path, TODAY)
    assert "earliest plausible birth date" in reasons(caught)[2]
    with pytest.raises(ValidationError, match="earliest plausible birth date"):
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", INFUSED, birth_date=D.fromisoformat(birth)), TODAY)
    assert count(db, m.Subject) == 0


def test_a_subject_older_than_100_at_infusion_or_born_after_it_is_refused(db):
    with pytest.raises(ValidationError, match="older than 100"):
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", INFUSED, birth_date=D(1910, 1, 1)), TODAY)
    with pytest.raises(ValidationError, match="after the infusion"):
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", INFUSED, birth_date=D(2025, 2, 1)), TODAY)


@pytest.mark.parametrize("day", ["20250110", "2025-W02-1", "2025-1-10", "２０２５-01-10"])
def test_dates_are_iso_calendar_dates_only(day):
    with pytest.raises(RowError, match="not a calendar date"):
        parse_date(day, "date")


def test_a_result_long_before_the_infusion_is_refused(db, tmp_path):
    enrolled(db)
    path = write(
        tmp_path, "lab.csv", RESULTS_HEADER + f"{SUBJECT},2024-12-01,igg,5,g/L,\n{SUBJECT},2024-06-01,igg,5,g/L,\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        import_results(db, path, TODAY)
    assert list(reasons(caught)) == [3] and "more than 90 days before the infusion" in reasons(caught)[3]
    with pytest.raises(ValidationError, match="more than 90 days before the infusion"):
        record_result(db, SUBJECT, NewResult("igg", D(2024, 6, 1), 5.0, unit="g/L"), TODAY)
    with pytest.raises(ValidationError, match="before the subject's birth"):
        record_result(db, SUBJECT, NewResult("igg", D(1900, 1, 1), 5.0, unit="g/L"), TODAY)


# -- study ids --------------------------------------------------------------------------------


def test_study_ids_are_one_subject_whatever_their_case(any_db, tmp_path, capsys):
    db = any_db
    enrolled(db)
    same = write(tmp_path, "again.csv", SUBJECTS_HEADER + "cd1922-002,BJ01,DL1,2025-01-10,1990-05-05\n")
    summary = import_subjects(db, same, TODAY)
    assert (summary.added, summary.unchanged) == (0, 1)
    other = write(tmp_path, "other.csv", SUBJECTS_HEADER + "cd1922-002,BJ01,DL2,2025-01-10,\n")
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, other, TODAY)
    assert "already enrolled: dose_level DL2 differs from the enrolled DL1" in reasons(caught)[2]
    with pytest.raises(ValidationError, match="CD1922-002 .*already enrolled"):
        enrol(db, NewSubject("cd1922-002", "BJ01", "DL1", INFUSED), TODAY)
    twice = write(
        tmp_path, "twice.csv", SUBJECTS_HEADER + "CD1922-003,BJ01,DL1,2025-01-10,\ncd1922-003,BJ01,DL1,2025-01-10,\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, twice, TODAY)
    assert "also on line 2" in reasons(caught)[3]
    assert count(db, m.Subject) == 1

    lab = write(tmp_path, "lab.csv", RESULTS_HEADER + "cd1922-002,2025-01-17,car_copies,1500,copies/ug,\n")
    assert import_results(db, lab, TODAY).added == 1
    record_result(db, "Cd1922-002", NewResult("igg", D(2025, 2, 7), 6.0, unit="g/L"), TODAY)
    view = visits.subject_schedule(db, "cd1922-002", TODAY)
    assert view.study_id == SUBJECT
    with db.session() as s:
        stored = s.scalars(select(m.Subject.study_id).join(m.Result, m.Result.subject_id == m.Subject.id)).all()
    assert stored == [SUBJECT, SUBJECT]

    assert main(["--db", db.url, "schedule", "cd1922-002", "--today", "2026-12-01"]) == 0
    assert SUBJECT in capsys.readouterr().out
    with pytest.raises(NotFoundError):
        visits.subject_schedule(db, "CD1922-0002", TODAY)


# -- duplicates -------------------------------------------------------------------------------


def test_the_same_event_row_twice_is_refused_and_a_reimport_adds_nothing(any_db, tmp_path):
    db = any_db
    enrolled(db)
    body = f"{SUBJECT},2025-02-07,response,CR MRD-\n{SUBJECT},2025-01-14,crs,2\n"
    twice = write(tmp_path, "twice.csv", EVENTS_HEADER + body + f"{SUBJECT},2025-02-07,response,CR MRD-\n")
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, twice, TODAY)
    assert reasons(caught) == {4: "the same event is also on line 2"}
    crs_twice = write(tmp_path, "crs.csv", EVENTS_HEADER + f"{SUBJECT},2025-01-14,crs,2\ncd1922-002,2025-01-14,crs,2\n")
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, crs_twice, TODAY)
    assert reasons(caught) == {3: "the same adverse event is also on line 2"}
    assert count(db, m.ClinicalEvent) == 0 and count(db, m.AdverseEvent) == 0

    once = write(tmp_path, "events.csv", EVENTS_HEADER + body)
    assert import_events(db, once, TODAY).added == 2
    again = import_events(db, once, TODAY)
    assert (again.added, again.unchanged) == (0, 2)
    with pytest.raises(ValidationError, match="already recorded"):
        events.record_event(db, SUBJECT, events.parse_event("response", D(2025, 2, 7), "CR MRD-"), TODAY)
    with pytest.raises(ValidationError, match="already recorded"):
        record_adverse_event(
            db, SUBJECT, NewAdverseEvent("Cytokine release syndrome", 2, D(2025, 1, 14), kind="crs"), TODAY
        )
    assert count(db, m.ClinicalEvent) == 1 and count(db, m.AdverseEvent) == 1


def test_the_same_result_contact_attempt_or_unscheduled_visit_twice_is_refused(any_db, tmp_path):
    db = any_db
    enrolled(db)
    record_result(db, SUBJECT, NewResult("car_copies", D(2025, 1, 17), 1500.0, unit="copies/ug"), TODAY)
    with pytest.raises(ValidationError, match="already recorded"):
        record_result(db, SUBJECT, NewResult("car_copies", D(2025, 1, 17), 1500.0, unit="copies/ug"), TODAY)
    events.record_contact_attempt(db, SUBJECT, D(2026, 3, 1), "phone", "no_answer", TODAY)
    with pytest.raises(ValidationError, match="already recorded"):
        events.record_contact_attempt(db, SUBJECT, D(2026, 3, 1), "phone", "no_answer", TODAY)
    visits.record_visit_done(db, SUBJECT, D(2025, 3, 1), "phone", TODAY, unscheduled=True)
    with pytest.raises(ValidationError, match="unscheduled visit on 2025-03-01 is already recorded"):
        visits.record_visit_done(db, SUBJECT, D(2025, 3, 1), "phone", TODAY, unscheduled=True)
    path = write(
        tmp_path,
        "visits.csv",
        VISITS_HEADER + f"{SUBJECT},,2025-04-01,done,phone,\n{SUBJECT},,2025-04-01,done,phone,\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_visits(db, path, TODAY)
    assert "also on line 2" in reasons(caught)[3]
    assert count(db, m.Result) == 1 and count(db, m.ContactAttempt) == 1
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(m.Visit).where(m.Visit.code.is_(None))) == 1


# -- contradictions with what is stored ------------------------------------------------------


def test_a_dlt_outside_the_protocol_dlt_window_is_refused(db, tmp_path):
    enrolled(db)
    late = write(tmp_path, "events.csv", EVENTS_HEADER + f"{SUBJECT},2026-03-10,dlt,grade 4 neutropenia\n")
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, late, TODAY)
    assert "DLT window, Day 0 to Day 28" in reasons(caught)[2] and "Day 424" in reasons(caught)[2]
    with pytest.raises(ValidationError, match="Day 29"):
        record_adverse_event(
            db, SUBJECT, NewAdverseEvent("Neutropenia", 4, INFUSED + dt.timedelta(days=29), dlt=True), TODAY
        )
    assert count(db, m.AdverseEvent) == 0
    record_adverse_event(
        db, SUBJECT, NewAdverseEvent("Neutropenia", 4, INFUSED + dt.timedelta(days=28), dlt=True), TODAY
    )
    assert count(db, m.AdverseEvent) == 1


def test_a_death_before_a_recorded_visit_result_or_event_is_refused_naming_it(any_db, tmp_path):
    db = any_db
    enrolled(db)
    m6 = next(v for v in visits.subject_schedule(db, SUBJECT, TODAY).visits if v.code == "M6")
    visits.record_visit_done(db, SUBJECT, D(2025, 7, 12), "clinic", TODAY, code="M6")
    assert m6.nominal_date == D(2025, 7, 12)
    with pytest.raises(ValidationError, match=r"death on 2025-06-01 is before the visit M6 done on 2025-07-12"):
        events.record_event(db, SUBJECT, events.parse_event("death", D(2025, 6, 1), "sepsis"), TODAY)
    record_result(db, SUBJECT, NewResult("igg", D(2025, 9, 1), 6.0, unit="g/L"), TODAY)
    path = write(tmp_path, "events.csv", EVENTS_HEADER + f"{SUBJECT},2025-08-01,death,sepsis\n")
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, path, TODAY)
    assert reasons(caught) == {2: "death on 2025-08-01 is before the igg result of 2025-09-01"}
    events.record_event(db, SUBJECT, events.parse_event("alive", D(2025, 10, 1), ""), TODAY)
    with pytest.raises(ValidationError, match="before the alive event of 2025-10-01"):
        events.record_event(db, SUBJECT, events.parse_event("death", D(2025, 9, 15), "sepsis"), TODAY)
    assert count(db, m.ClinicalEvent) == 1
    events.record_event(db, SUBJECT, events.parse_event("death", D(2025, 10, 2), "sepsis"), TODAY)
    with pytest.raises(ValidationError, match="after the subject's death"):
        record_result(db, SUBJECT, NewResult("igg", D(2025, 10, 3), 6.0, unit="g/L"), TODAY)
    with pytest.raises(ValidationError, match="after the subject's death"):
        events.record_contact_attempt(db, SUBJECT, D(2025, 11, 1), "phone", "reached", TODAY)
    # Calling, unaware of the death, is possible; reaching the subject is not.
    events.record_contact_attempt(db, SUBJECT, D(2025, 11, 1), "phone", "no_answer", TODAY)


def test_a_visit_cannot_be_missed_before_its_window_opens(any_db, tmp_path):
    db = any_db
    enrolled(db)
    path = write(
        tmp_path,
        "visits.csv",
        VISITS_HEADER + f"{SUBJECT},D0,2025-01-10,done,clinic,\n{SUBJECT},Y10,2026-03-01,missed,,moved away\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_visits(db, path, TODAY)
    assert list(reasons(caught)) == [3]
    assert "Y10 cannot be missed on 2026-03-01: its window opens on 2034-" in reasons(caught)[3]
    with pytest.raises(ValidationError, match="Y10 is upcoming"):
        visits.record_visit_missed(db, SUBJECT, "Y10", "moved away", TODAY)
    early = write(tmp_path, "early.csv", VISITS_HEADER + f"{SUBJECT},M6,2025-06-01,missed,,\n")
    with pytest.raises(ImportRowsError, match="its window opens on 2025-06-28"):
        import_visits(db, early, TODAY)
    both = write(
        tmp_path,
        "both.csv",
        VISITS_HEADER + f"{SUBJECT},M6,2025-07-12,done,clinic,\n{SUBJECT},M6,2025-07-20,missed,,\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_visits(db, both, TODAY)
    assert reasons(caught) == {3: "CD1922-002 M6 is also done on line 2"}
    statuses = {v.code: v.status for v in visits.subject_schedule(db, SUBJECT, TODAY).visits}
    assert statuses["Y10"] == "upcoming" and statuses["M6"] == "overdue"


# -- values -----------------------------------------------------------------------------------


def test_every_analyte_declares_its_unit_and_plausible_range_in_one_place():
    assert set(ANALYTES) == set(m.ANALYTES) == set(UNITS)
    for name, analyte in ANALYTES.items():
        assert UNITS[name] == (analyte.unit, analyte.accepted)
        if name in m.CATEGORICAL_ANALYTES:
            assert analyte.low is None and analyte.high is None
        else:
            assert analyte.low == 0 and analyte.high is not None and analyte.high > 0


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        ("150", "%", "mrd 150 % is outside the plausible range 0 to 1 fraction (0 to 100 %)"),
        ("1.5", "fraction", "outside the plausible range 0 to 1 fraction"),
        ("1e100", "copies/ug", None),
    ],
)
def test_values_outside_the_declared_range_are_refused(db, tmp_path, value, unit, message):
    enrolled(db)
    analyte = "car_copies" if unit == "copies/ug" else "mrd"
    path = write(tmp_path, "lab.csv", RESULTS_HEADER + f"{SUBJECT},2025-02-07,{analyte},{value},{unit},\n")
    with pytest.raises(ImportRowsError) as caught:
        import_results(db, path, TODAY)
    assert (message or "outside the plausible range 0 to 10,000,000 copies/ug") in reasons(caught)[2]
    with pytest.raises(ValidationError, match="outside the plausible range"):
        record_result(db, SUBJECT, NewResult(analyte, D(2025, 2, 7), float(value), unit=unit), TODAY)
    assert count(db, m.Result) == 0


def test_the_edges_of_a_range_are_accepted(db, tmp_path):
    enrolled(db)
    path = write(
        tmp_path,
        "lab.csv",
        RESULTS_HEADER + f"{SUBJECT},2025-02-07,mrd,100,%,\n{SUBJECT},2025-02-08,mrd,0,fraction,\n"
        f"{SUBJECT},2025-02-09,car_copies,1e7,copies/ug,\n{SUBJECT},2025-02-10,igg,.5,g/L,\n",
    )
    assert import_results(db, path, TODAY).added == 4


@pytest.mark.parametrize(
    "value", ["1_000", "nan", "NaN", "infinity", "inf", "０１", "+5", "-5", "1e999", "1,000", "0x10", "5.", "1e", "五"]
)
def test_a_number_is_a_plain_decimal_with_an_optional_exponent(db, tmp_path, value):
    enrolled(db)
    path = write(tmp_path, "lab.csv", RESULTS_HEADER + f'{SUBJECT},2025-02-07,igg,"{value}",g/L,\n')
    if value == "5.":
        assert import_results(db, path, TODAY).added == 1  # a trailing point is still a plain decimal
        return
    with pytest.raises(ImportRowsError) as caught:
        import_results(db, path, TODAY)
    assert "value" in reasons(caught)[2]
    assert count(db, m.Result) == 0


def test_the_number_grammar_itself():
    assert parse_number("12", "v") == 12 and parse_number("0.5", "v") == 0.5 and parse_number(".5", "v") == 0.5
    assert parse_number("1.5e3", "v") == 1500 and parse_number("2E-4", "v") == 2e-4
    assert parse_number("-1.5", "v", signed=True) == -1.5
    for bad in (" 1e3", "1e3 ", "1_000", "nan", "infinity", "０１", "+5", "", "1 000", "١٢"):
        with pytest.raises(RowError):
            parse_number(bad, "v")
    with pytest.raises(RowError, match="cannot be negative"):
        parse_number("-5", "v")
    assert parse_int("3", "grade") == 3
    for bad in ("+3", "３", "3.0", "1_0", " 3"):
        with pytest.raises(RowError):
            parse_int(bad, "grade")


@pytest.mark.parametrize("grade", ["+3", "３", "3.0", "1_0"])
def test_a_crs_grade_is_a_plain_whole_number(db, tmp_path, grade):
    enrolled(db)
    path = write(tmp_path, "events.csv", EVENTS_HEADER + f"{SUBJECT},2025-01-14,crs,{grade}\n")
    with pytest.raises(ImportRowsError, match="ASTCT grade"):
        import_events(db, path, TODAY)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -5.0, 1e100])
def test_the_window_cannot_record_a_value_outside_the_grammar_or_range(db, value):
    enrolled(db)
    with pytest.raises(ValidationError, match="Cannot record the result"):
        record_result(db, SUBJECT, NewResult("cd19_b_cells", D(2025, 2, 7), value, unit="cells/uL"), TODAY)
    assert count(db, m.Result) == 0


# -- stored values that cannot be analysed ---------------------------------------------------


def _old_values(db) -> None:
    """What an old database may hold: values stored before entry checked them."""
    with db.session() as s:
        conn = s.connection()
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        else:
            conn.exec_driver_sql("ALTER TABLE result DROP CONSTRAINT ck_result_value")
        insert = text(
            "INSERT INTO result (id, subject_id, result_date, analyte, value, unit, blq) "
            "VALUES (:id, (SELECT id FROM subject WHERE study_id = 'CD1922-002'), :day, :analyte, :value, :unit, false)"
        )
        conn.execute(
            insert, {"id": 1001, "day": D(2025, 1, 17), "analyte": "car_copies", "value": 1e100, "unit": "copies/ug"}
        )
        conn.execute(
            insert, {"id": 1002, "day": D(2025, 2, 7), "analyte": "cd19_b_cells", "value": -40.0, "unit": "cells/uL"}
        )


def _problems_of(db) -> list[tuple[str, str, str]]:
    e = endpoints.compute(db, TODAY)
    return [(p.subject_id, p.what, p.value) for p in e.data_problems]


def test_stored_values_that_cannot_be_analysed_are_data_problems_and_the_rest_runs(any_db, tmp_path, capsys):
    db = any_db
    enrolled(db)
    enrolled(db, "CD1922-003", D(2025, 2, 1))
    good = write(
        tmp_path,
        "lab.csv",
        RESULTS_HEADER
        + "".join(
            f"{sid},{day},car_copies,{v},copies/ug,\n"
            for sid, start in ((SUBJECT, INFUSED), ("CD1922-003", D(2025, 2, 1)))
            for day, v in ((start + dt.timedelta(days=7), 2000), (start + dt.timedelta(days=28), 300))
        ),
    )
    import_results(db, good, TODAY)
    _old_values(db)
    expected = [
        (SUBJECT, "car_copies result", "1e+100 copies/ug"),
        (SUBJECT, "cd19_b_cells result", "-40 cells/uL"),
    ]
    assert _problems_of(db) == expected  # read straight from the table (the packs are stale)
    with db.session() as s:
        packs.rebuild(s)
    assert _problems_of(db) == expected  # and from the packs
    e = endpoints.compute(db, TODAY)
    assert {p.subject_id: p.cmax for p in e.pk.subjects if p.analyte == "car_copies"} == {
        SUBJECT: 2000,
        "CD1922-003": 2000,
    }

    assert main(["--db", db.url, "endpoints", "--as-of", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "Data problems: 2 stored value(s) left out of the analyses" in out
    assert "CD1922-002: car_copies result of 2025-01-17 1e+100 copies/ug: value outside the plausible range" in out
    assert "cd19_b_cells result of 2025-02-07 -40 cells/uL" in out
    assert main(["--db", db.url, "endpoints", "--as-of", "2026-12-01", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["data_problems"]
    assert [(p["subject_id"], p["date"], p["value"]) for p in listed] == [
        (SUBJECT, "2025-01-17", "1e+100 copies/ug"),
        (SUBJECT, "2025-02-07", "-40 cells/uL"),
    ]

    pdf, _ = render_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY))
    report = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Data problems" in report and "2 stored value(s) could not be analysed" in report
    assert "1e+100 copies/ug" in report and "-40 cells/uL" in report


def test_an_impossible_infusion_date_a_death_before_infusion_or_a_late_dlt_already_stored_is_listed(db, tmp_path):
    enrolled(db)
    enrolled(db, "CD1922-003", D(2025, 2, 1))
    enrolled(db, "CD1922-004", D(2025, 3, 1))
    events.record_event(db, "CD1922-004", events.parse_event("death", D(2025, 6, 1), "sepsis"), TODAY)
    record_adverse_event(db, "CD1922-003", NewAdverseEvent("Neutropenia", 4, D(2025, 2, 20), dlt=True), TODAY)
    with db.session() as s:
        s.execute(text("UPDATE infusion SET infusion_date = :d WHERE subject_id = 1"), {"d": D(1, 1, 1)})
        s.execute(text("UPDATE adverse_event SET onset_date = :d"), {"d": D(2026, 4, 1)})
        s.execute(text("UPDATE clinical_event SET event_date = :d WHERE kind = 'death'"), {"d": D(2024, 6, 1)})
        s.connection().exec_driver_sql("PRAGMA ignore_check_constraints = ON")
        s.execute(
            text(
                "INSERT INTO result (id, subject_id, result_date, analyte, category, unit, blq) "
                "VALUES (77, 2, '2025-05-01', 'hama', 'maybe', '', 0)"
            )
        )
    e = endpoints.compute(db, TODAY)  # a death before Day 0 made overall survival raise a ValueError
    assert [(p.subject_id, p.what) for p in e.data_problems] == [
        (SUBJECT, "infusion date"),
        ("CD1922-003", "hama result"),
        ("CD1922-003", "DLT"),
        ("CD1922-004", "death event"),
    ]
    assert "not one of negative, positive" in e.data_problems[1].reason  # packing it raised a KeyError
    assert "Day 424" in e.data_problems[2].value and "not counted as a DLT" in e.data_problems[2].reason
    assert "before the infusion on 2025-03-01" in e.data_problems[3].reason
    assert e.n_infused == 2 and e.os.km.n == 2 and e.os.km.events == 0
    pdf = tmp_path / "annual.pdf"
    assert main(["--db", db.url, "report", "annual", "--year", "2026", "--as-of", "2026-12-01", "-o", str(pdf)]) == 0
    assert "death event" in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    # The Chinese report lists them in Chinese: what, the value's words and why.
    cut = ["--year", "2026", "--as-of", "2026-12-01"]
    main(["--db", db.url, "report", "annual", *cut, "--language", "zh", "-o", str(pdf)])
    words = "".join("".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    listed = words[words.rindex("数据问题") :]
    for said in ("回输日期", "hama结果", "死亡事件", "第424天", "不计为DLT", "早于2025", "未纳入分析", "类别不是以下"):
        assert said in listed, said
    assert not re.search(r"[A-Za-z]{3,}(the|of|event|result|before|outside)", listed), listed


def test_a_subject_file_contradicting_the_enrolled_sex_or_birth_date_is_refused(db, tmp_path):
    enrolled(db)
    path = tmp_path / "s.csv"
    enrol(db, NewSubject("CD1922-003", "BJ01", "DL1", INFUSED, sex="M"), TODAY)
    path.write_text(
        "subject_id,site,dose_level,infusion_date,birth_date,sex\n"
        "CD1922-002,BJ01,DL1,2025-01-10,1991-05-05,\n"
        "CD1922-003,BJ01,DL1,2025-01-10,,F\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, path, TODAY)
    assert reasons(caught) == {
        2: "subject CD1922-002 is already enrolled: birth_date differs from the enrolled one",
        3: "subject CD1922-003 is already enrolled: sex F differs from the enrolled M",
    }
    assert "1991" not in str(caught.value) and "1990" not in str(caught.value)


@pytest.mark.parametrize("dose_level", ["DL１", "DL1\n", "dl1"])
def test_a_dose_level_is_dl_and_ascii_digits(db, dose_level):
    with pytest.raises(ValidationError, match="dose_level"):
        enrol(db, NewSubject("CD1922-001", "BJ01", dose_level, INFUSED), TODAY)


def test_a_missed_visit_is_undone_with_a_reason_before_it_is_recorded_done(db):
    enrolled(db)
    visits.record_visit_missed(db, SUBJECT, "M6", "did not come", TODAY)
    with pytest.raises(ValidationError, match="M6 is recorded as missed; undo that first"):
        visits.record_visit_done(db, SUBJECT, D(2025, 7, 12), "clinic", TODAY, code="M6")
    visits.reopen_visit(db, SUBJECT, "M6", "came after all", TODAY)
    assert visits.record_visit_done(db, SUBJECT, D(2025, 7, 12), "clinic", TODAY, code="M6").code == "M6"


def test_a_lookalike_study_id_is_not_the_subject(db, tmp_path):
    enrolled(db, "CD1922-K01")
    kelvin = "CD1922-\u212a01"  # KELVIN SIGN: str.lower() makes it a plain k
    with pytest.raises(NotFoundError):
        visits.subject_schedule(db, kelvin, TODAY)
    path = write(tmp_path, "lab.csv", RESULTS_HEADER + f"{kelvin},2025-02-07,igg,6,g/L,\n")
    with pytest.raises(ImportRowsError, match="unknown subject"):
        import_results(db, path, TODAY)
    assert visits.subject_schedule(db, " cd1922-k01 ", TODAY).study_id == "CD1922-K01"


def test_a_contact_channel_outside_the_vocabulary_is_a_message_not_a_check_constraint(db):
    enrolled(db)
    version = contact_details(db, SUBJECT).row_version
    with pytest.raises(ValidationError, match="preferred_channel 'pigeon'"):
        update_contact(db, SUBJECT, {"preferred_channel": "pigeon"}, version, "asked")


def test_a_withdrawal_of_all_consent_or_lost_to_follow_up_before_a_recorded_visit_is_refused(any_db, tmp_path):
    db = any_db
    enrolled(db)
    visits.record_visit_done(db, SUBJECT, D(2025, 7, 12), "clinic", TODAY, code="M6")
    path = write(tmp_path, "events.csv", EVENTS_HEADER + f"{SUBJECT},2025-05-01,withdrawal,all\n")
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, path, TODAY)
    assert reasons(caught) == {2: "withdrawal of all consent on 2025-05-01 is before the visit M6 done on 2025-07-12"}
    with pytest.raises(ValidationError, match="withdrawal of all consent on 2025-05-01 is before the visit M6"):
        events.record_event(db, SUBJECT, events.parse_event("withdrawal", D(2025, 5, 1), "all"), TODAY)
    # Withdrawing from visits only: survival contact goes on, nothing contradicts it.
    events.record_event(db, SUBJECT, events.parse_event("withdrawal", D(2025, 5, 1), "treatment"), TODAY)
    for day, channel in ((D(2025, 3, 1), "phone"), (D(2025, 4, 15), "letter"), (D(2025, 6, 2), "phone")):
        events.record_contact_attempt(db, SUBJECT, day, channel, "no_answer", TODAY)
    # The visit done after the attempts is a contact: lost to follow-up is refused, naming it.
    with pytest.raises(ValidationError, match="since the successful contact on 2025-07-12"):
        events.declare_lost_to_follow_up(db, SUBJECT, D(2025, 6, 10), "three attempts", TODAY)


def test_nothing_but_a_death_is_recorded_after_a_withdrawal_of_all_consent(any_db, tmp_path):
    """An unscheduled visit, a result and an event after the withdrawal were stored."""
    enrolled(any_db)
    import_events(any_db, write(tmp_path, "w.csv", EVENTS_HEADER + f"{SUBJECT},2025-06-01,withdrawal,all\n"), TODAY)
    later = {
        "v.csv": VISITS_HEADER + f"{SUBJECT},,2025-07-01,done,clinic,\n",
        "r.csv": RESULTS_HEADER + f"{SUBJECT},2025-07-01,crp,5,mg/L,\n",
        "e.csv": EVENTS_HEADER + f"{SUBJECT},2025-07-01,relapse,CD19-\n",
    }
    for name, body in later.items():
        importer = {"v": import_visits, "r": import_results, "e": import_events}[name[0]]
        with pytest.raises(ImportRowsError, match="after the withdrawal of all consent on 2025-06-01"):
            importer(any_db, write(tmp_path, name, body), TODAY)
    with pytest.raises(ValidationError, match="after the withdrawal of all consent"):
        record_result(any_db, SUBJECT, NewResult("crp", D(2025, 7, 2), 5.0, unit="mg/L"), TODAY)
    summary = import_events(any_db, write(tmp_path, "d.csv", EVENTS_HEADER + f"{SUBJECT},2025-08-01,death,x\n"), TODAY)
    assert summary.added == 1


def test_a_schedule_from_an_infusion_date_edited_to_the_calendar_end_is_a_message(db, db_path):
    """`ltfu schedule` ended in a traceback (OverflowError) on an infusion dated 9999-12-31."""
    import sqlite3

    from ltfu.errors import LtfuError

    enrolled(db)
    con = sqlite3.connect(db_path)
    con.execute("UPDATE infusion SET infusion_date = '9999-12-31'")
    con.commit()
    con.close()
    with pytest.raises(LtfuError, match="cannot be planned from the stored infusion date"):
        visits.subject_schedule(db, SUBJECT, TODAY)


def test_an_event_after_a_withdrawal_of_all_consent_in_the_same_file_is_refused(any_db, tmp_path):
    enrolled(any_db)
    body = EVENTS_HEADER + f"{SUBJECT},2025-06-01,withdrawal,all\n{SUBJECT},2025-07-01,relapse,CD19-\n"
    with pytest.raises(ImportRowsError, match="line 3: relapse date 2025-07-01 is after the withdrawal of all consent"):
        import_events(any_db, write(tmp_path, "e.csv", body), TODAY)


_DAYS = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(_DAYS, st.none() | _DAYS, st.none() | _DAYS, st.none() | _DAYS, st.none() | _DAYS)
def test_a_lab_files_one_comparison_per_row_agrees_with_the_date_rules(day, birth, infusion, death, withdrawn):
    """A results import accepts a day between `result_days` with one comparison and hands
    any other to `date_problem`: the two agree on every subject, whatever it holds."""
    dates = SubjectDates(1, birth, infusion, death, withdrawn=withdrawn)
    first, last = result_days(dates, dt.date(2026, 11, 29))
    assert (first <= day <= last) == (date_problem("result", day, dates, dt.date(2026, 11, 29)) is None)
