"""Imports read what is stored in bulk: checking a file costs the same number of SQL
statements whatever the number of subjects in it (no query per subject in a loop)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from ltfu.errors import ImportRowsError
from ltfu.services.database import open_database
from ltfu.services.imports import import_adverse_events, import_events, import_results, import_visits
from ltfu.services.subjects import import_subjects

TODAY = dt.date(2026, 12, 1)


@contextmanager
def statements(db) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block."""
    seen: list[str] = []

    def count(conn, cursor, statement, *_rest):  # noqa: ANN001  (parameters, context, executemany)
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def cohort(tmp_path, n: int):
    """A database of `n` subjects infused on 2025-11-28, and their study ids."""
    folder = tmp_path / str(n)
    folder.mkdir()
    db = open_database(str(folder / "ltfu.db"))
    ids = [f"CD1922-{i:03d}" for i in range(1, n + 1)]
    subjects = folder / "subjects.csv"
    subjects.write_text(
        "subject_id,site,dose_level,infusion_date\n" + "".join(f"{s},BJ01,DL2,2025-11-28\n" for s in ids),
        encoding="utf-8",
    )
    import_subjects(db, subjects, TODAY)
    return db, folder, ids, subjects


def write(folder, name: str, header: str, rows: list[str]):
    path = folder / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def refused_count(db, function, path) -> int:
    with statements(db) as seen, pytest.raises(ImportRowsError) as caught:
        function(db, path, TODAY)
    assert caught.value.problems[0] == (2, "unknown subject CD1922-999")
    return len(seen)


def reimport_count(db, function, path) -> int:
    function(db, path, TODAY)
    with statements(db) as seen:
        summary = function(db, path, TODAY)
    assert summary.added == 0 and summary.unchanged > 0
    return len(seen)


VISIT_HEADER = "subject_id,visit_code,date,status,mode,reason\n"


def visit_rows(study_id: str) -> list[str]:
    return [
        f"{study_id},D0,2025-11-28,done,clinic,\n",
        f"{study_id},D4,2025-12-02,missed,,\n",
        f"{study_id},,2026-03-10,done,phone,extra call\n",
    ]


def counts_for_visits(tmp_path, n: int) -> tuple[int, int]:
    db, folder, ids, _ = cohort(tmp_path, n)
    rows = [r for s in ids for r in visit_rows(s)]
    refused = refused_count(
        db, import_visits, write(folder, "bad.csv", VISIT_HEADER, ["CD1922-999,D0,2025-11-28,done,,\n", *rows])
    )
    again = reimport_count(db, import_visits, write(folder, "visits.csv", VISIT_HEADER, rows))
    db.dispose()
    return refused, again


def test_checking_a_visits_file_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    assert counts_for_visits(tmp_path, 10) == counts_for_visits(tmp_path, 60)


EVENT_HEADER = "subject_id,date,event,detail\n"


def counts_for_events(tmp_path, n: int) -> tuple[int, int]:
    db, folder, ids, _ = cohort(tmp_path, n)
    # A death, a withdrawal of all consent and a lost to follow-up are each checked
    # against the subject's later records; a safety event against the stored ones.
    checked = [
        f"{s},2026-06-01,{kind}\n"
        for i, s in enumerate(ids)
        for kind in (("death,sepsis", "withdrawal,all", "lost_to_follow_up,")[i % 3], "crs,grade 2")
    ]
    refused = refused_count(
        db, import_events, write(folder, "bad.csv", EVENT_HEADER, ["CD1922-999,2026-06-01,alive,\n", *checked])
    )
    alive = [f"{s},2026-06-01,alive,\n" for s in ids] + [f"{s},2025-11-30,crs,grade 2\n" for s in ids]
    again = reimport_count(db, import_events, write(folder, "events.csv", EVENT_HEADER, alive))
    db.dispose()
    return refused, again


def test_checking_an_events_file_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    assert counts_for_events(tmp_path, 10) == counts_for_events(tmp_path, 60)


RESULT_HEADER = "subject_id,date,analyte,value,unit\n"


def counts_for_results(tmp_path, n: int) -> tuple[int, int]:
    db, folder, ids, _ = cohort(tmp_path, n)
    rows = [f"{s},2026-01-0{day},crp,{day}.5,mg/L\n" for s in ids for day in range(1, 4)]
    refused = refused_count(
        db, import_results, write(folder, "bad.csv", RESULT_HEADER, ["CD1922-999,2026-01-01,crp,1,mg/L\n", *rows])
    )
    again = reimport_count(db, import_results, write(folder, "lab.csv", RESULT_HEADER, rows))
    db.dispose()
    return refused, again


def test_checking_a_results_file_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    assert counts_for_results(tmp_path, 10) == counts_for_results(tmp_path, 60)


def counts_for_subjects(tmp_path, n: int) -> int:
    db, _, _, subjects = cohort(tmp_path, n)
    with statements(db) as seen:
        summary = import_subjects(db, subjects, TODAY)
    assert (summary.added, summary.unchanged) == (0, n)
    db.dispose()
    return len(seen)


def test_reimporting_a_subjects_file_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    assert counts_for_subjects(tmp_path, 10) == counts_for_subjects(tmp_path, 60)


def test_lost_to_follow_up_in_an_events_file_is_judged_on_each_subjects_own_contact_attempts(tmp_path):
    from ltfu.services.browse import subject_rows
    from ltfu.services.events import record_contact_attempt

    db, folder, ids, _ = cohort(tmp_path, 3)
    tried, _untried, reached = ids
    for study_id in (tried, reached):
        for day, channel in (("2026-02-01", "phone"), ("2026-03-01", "letter"), ("2026-05-15", "phone")):
            record_contact_attempt(db, study_id, dt.date.fromisoformat(day), channel, "no_answer", TODAY)
    record_contact_attempt(db, reached, dt.date(2026, 5, 20), "phone", "reached", TODAY)
    rows = [f"{s},2026-06-01,lost_to_follow_up,\n" for s in ids]
    with pytest.raises(ImportRowsError) as caught:
        import_events(db, write(folder, "events.csv", EVENT_HEADER, rows), TODAY)
    assert [line for line, _ in caught.value.problems] == [3, 4]
    assert "0 failed contact attempt(s); 3 are needed" in caught.value.problems[0][1]
    assert "since the successful contact on 2026-05-20" in caught.value.problems[1][1]
    summary = import_events(db, write(folder, "ltfu.csv", EVENT_HEADER, rows[:1]), TODAY)
    assert summary.added == 1
    assert {r.study_id: r.status for r in subject_rows(db, TODAY)}[tried] == "lost_to_follow_up"
    db.dispose()


# -- a first import writes in bulk too: the same statements for 10 or 60 subjects ----------


def first_import_count(tmp_path, n: int, name: str, function, header: str, rows_of) -> int:
    db, folder, ids, _ = cohort(tmp_path, n)
    path = write(folder, name, header, [r for s in ids for r in rows_of(s)])
    with statements(db) as seen:
        summary = function(db, path, TODAY)
    assert summary.added == len(ids) * len(rows_of(ids[0]))
    db.dispose()
    return len(seen)


def test_a_first_subjects_import_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    def count(n: int) -> int:
        folder = tmp_path / f"s{n}"
        folder.mkdir()
        db = open_database(str(folder / "ltfu.db"))
        rows = [f"CD1922-{i:03d},{('BJ01', 'sh02')[i % 2]},DL2,2025-11-28,1980-01-0{1 + i % 9}\n" for i in range(n)]
        path = write(folder, "subjects.csv", "subject_id,site,dose_level,infusion_date,birth_date\n", rows)
        with statements(db) as seen:
            summary = import_subjects(db, path, TODAY)
        assert summary.added == n and summary.new_sites == ("BJ01", "sh02")
        db.dispose()
        return len(seen)

    assert count(10) == count(60)


def test_a_first_visits_import_costs_the_same_statements_for_10_or_60_subjects(tmp_path):
    def count(n: int) -> int:
        return first_import_count(tmp_path, n, "visits.csv", import_visits, VISIT_HEADER, visit_rows)

    assert count(10) == count(60)


AE_FILE_HEADER = "subject_id,onset_date,term,grade,serious\n"


@pytest.mark.parametrize(
    ("name", "function", "header", "rows"),
    [
        (
            "events.csv",
            import_events,
            EVENT_HEADER,
            lambda s: [f"{s},2026-06-01,withdrawal,visits\n", f"{s},2025-11-30,crs,grade 2\n"],
        ),
        (
            "ae.csv",
            import_adverse_events,
            AE_FILE_HEADER,
            lambda s: [f"{s},2026-01-05,Fatigue,1,no\n", f"{s},2026-02-05,Nausea,2,no\n"],
        ),
    ],
    ids=["events", "mild adverse events"],
)
def test_a_first_events_import_costs_the_same_statements_for_10_or_60_subjects(tmp_path, name, function, header, rows):
    assert first_import_count(tmp_path, 10, name, function, header, rows) == first_import_count(
        tmp_path, 60, name, function, header, rows
    )


def screened_visit_rows(study_id: str) -> list[str]:
    """Day 28 done with its screen, Day 4 missed (no screen), an unscheduled call with its screen."""
    from ltfu.vocabulary import SCREEN_QUESTIONS

    no = ["no"] * len(SCREEN_QUESTIONS)
    infection = ["yes" if q == "serious_infection" else "no" for q in SCREEN_QUESTIONS]
    empty = [""] * len(SCREEN_QUESTIONS)
    return [
        ",".join([study_id, "D28", "2025-12-26", "done", "clinic", "", *no]) + "\n",
        ",".join([study_id, "D4", "2025-12-02", "missed", "", "", *empty]) + "\n",
        ",".join([study_id, "", "2026-03-10", "done", "phone", "extra call", *infection]) + "\n",
    ]


def test_a_first_visits_import_with_screens_costs_the_same_statements_and_each_screen_is_on_its_visit(tmp_path):
    from ltfu.services.maintenance import check
    from ltfu.services.screens import subject_screens
    from ltfu.vocabulary import SCREEN_QUESTIONS

    header = VISIT_HEADER.rstrip("\n") + "," + ",".join(SCREEN_QUESTIONS) + "\n"

    def count(n: int) -> int:
        db, folder, ids, _ = cohort(tmp_path, n)
        path = write(folder, "visits.csv", header, [r for s in ids for r in screened_visit_rows(s)])
        with statements(db) as seen:
            assert import_visits(db, path, TODAY).added == 3 * n
        for study_id in (ids[0], ids[-1]):
            planned, call = subject_screens(db, study_id)
            assert (planned.visit_code, planned.contact_date, planned.source) == (
                "D28",
                dt.date(2025, 12, 26),
                "visit",
            )
            assert (call.visit_code, call.contact_date, call.source) == (None, dt.date(2026, 3, 10), "phone")
            assert (planned.answers["serious_infection"], call.answers["serious_infection"]) == ("no", "yes")
        assert check(db).ok  # the trail explains every visit, status change and screen
        db.dispose()
        return len(seen)

    assert count(10) == count(60)
