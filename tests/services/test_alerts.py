"""Safety alerts on the worklist: what raises them, how long they stay, what clears them.

The alerts are stored and kept in step by every write of a result; these tests check
them through the worklist a nurse opens, against the rules worked out from the
results directly.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from sqlalchemy import text

from ltfu.services import alerts, browse, events
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.imports import import_results
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.worklist import worklist
from ltfu.vocabulary import ALERT_KINDS

D = dt.date
TODAY = D(2026, 12, 1)
SUBJECT = "CD1922-017"


@pytest.fixture
def db(any_db):
    """The scenes run on the embedded file and on a PostgreSQL server (the alert
    queries are plain SQL, so both must give the same answers)."""
    return any_db


@pytest.fixture
def subject(db):
    enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", D(2025, 11, 28)), D(2025, 11, 28))
    return SUBJECT


def alerts_on(db, day, study_id=SUBJECT):
    """The alerts the results raise (those of the safety cases and clocks: tests/services/test_safety.py)."""
    return [
        (a.kind, a.date, a.blocking)
        for a in worklist(db, day, 7).alerts
        if a.study_id == study_id and a.kind in ALERT_KINDS
    ]


def test_a_low_igg_is_an_alert_for_180_days_and_a_normal_one_clears_it(db, subject):
    record_result(db, subject, NewResult("igg", D(2026, 11, 20), 3.1, unit="g/L"), TODAY)
    alert = worklist(db, TODAY, 7).alerts[0]
    assert (alert.kind, alert.date, alert.blocking) == ("igg_low", D(2026, 11, 20), False)
    assert "IgG 3.1 g/L on 2026-11-20 (< 4)" in alert.message
    assert alerts_on(db, D(2026, 11, 20) + dt.timedelta(days=180)) == [("igg_low", D(2026, 11, 20), False)]
    assert alerts_on(db, D(2026, 11, 20) + dt.timedelta(days=181)) == []  # stale: ask for a new value
    record_result(db, subject, NewResult("igg", D(2026, 11, 30), 6.2, unit="g/L"), TODAY)
    assert alerts_on(db, TODAY) == []


def test_b_cell_recovery_needs_two_counts_after_an_aplastic_one(db, subject, tmp_path):
    lab = tmp_path / "flow.csv"
    lab.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n"
        f"{SUBJECT},2026-06-01,cd19_b_cells,3,cells/uL,,flow\n"
        f"{SUBJECT},2026-09-10,cd19_b_cells,140,cells/uL,,flow\n",
        encoding="utf-8",
    )
    import_results(db, lab, TODAY)
    assert alerts_on(db, TODAY) == []  # one count above the threshold may be noise
    record_result(db, subject, NewResult("cd19_b_cells", D(2026, 11, 2), 210, unit="cells/uL"), TODAY)
    assert alerts_on(db, TODAY) == [("b_cell_recovery", D(2026, 9, 10), False)]
    assert "CD19 140 cells/uL" in worklist(db, TODAY, 7).alerts[0].message
    assert alerts_on(db, D(2026, 9, 10) + dt.timedelta(days=91)) == []


def test_an_rcl_positive_blocks_for_good_and_a_death_takes_the_alerts_off(db, subject):
    record_result(db, subject, NewResult("rcl", D(2026, 5, 28), category="positive"), TODAY)
    record_result(db, subject, NewResult("rcl", D(2026, 8, 28), category="negative"), TODAY)
    assert alerts_on(db, TODAY) == [("rcl_positive", D(2026, 5, 28), True)]
    assert alerts_on(db, D(2036, 1, 1)) == [("rcl_positive", D(2026, 5, 28), True)]
    assert alerts_on(db, D(2026, 5, 27)) == []  # not before the sample was drawn
    [row] = browse.subject_rows(db, TODAY)
    assert row.rcl_positive  # the subject list flags it too
    events.record_event(db, subject, events.parse_event("death", TODAY, "sepsis"), TODAY)
    assert alerts_on(db, TODAY) == []


def _expected(db, today, igg_threshold=4.0, b_threshold=100.0):
    """The alerts worked out from every result, rule by rule (DOMAIN.md, safety)."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.study_id, r.analyte, r.result_date, r.value, r.category, r.blq FROM result r "
                "JOIN subject s ON s.id = r.subject_id WHERE r.voided_at IS NULL AND s.status != 'dead' "
                "AND r.analyte IN ('rcl', 'igg', 'cd19_b_cells') AND r.result_date <= :today ORDER BY r.id"
            ),
            {"today": today.isoformat()},
        ).all()
    by_subject: dict[tuple[str, str], list] = {}
    for study_id, analyte, day, value, category, blq in rows:
        by_subject.setdefault((study_id, analyte), []).append((D.fromisoformat(day), 0.0 if blq else value, category))
    expected = set()
    for (study_id, analyte), found in by_subject.items():
        found.sort(key=lambda r: r[0])
        if analyte == "rcl":
            positives = [day for day, _, category in found if category == "positive"]
            if positives:
                expected.add((study_id, "rcl_positive", positives[0]))
        elif analyte == "igg":
            day, value, _ = found[-1]
            if value < igg_threshold and (today - day).days <= 180:
                expected.add((study_id, "igg_low", day))
        elif len(found) >= 3:
            (aplastic_day, aplastic, _), (day, first, _), (_, last, _) = found[-3:]
            if (
                aplastic < b_threshold <= first
                and last >= b_threshold
                and (today - day).days <= 90
                and (day - aplastic_day).days <= 730
            ):
                expected.add((study_id, "b_cell_recovery", day))
    return expected


def test_a_demo_cohort_has_exactly_the_alerts_its_results_raise(tmp_path):
    db = open_database(str(tmp_path / "demo.sqlite3"))
    build_demo(db, subjects=300, seed=4, today=TODAY)
    for day in (TODAY, TODAY + dt.timedelta(days=45), TODAY + dt.timedelta(days=120)):
        shown = {(a.study_id, a.kind, a.date) for a in worklist(db, day, 7).alerts if a.kind in ALERT_KINDS}
        assert shown == _expected(db, day)
    kinds = {kind for _, kind, _ in _expected(db, TODAY)}
    assert kinds == {"rcl_positive", "igg_low", "b_cell_recovery"}  # the cohort exercises every rule
    db.dispose()


def test_check_finds_stored_alerts_out_of_step_and_the_rebuild_puts_them_back(tmp_path, capsys):
    """The alerts are derived: `ltfu check` recomputes them and names the subjects whose
    stored alerts differ (a write that bypassed the services), and --rebuild-derived
    puts them back in step, audited."""
    from ltfu.cli import main

    path = tmp_path / "checked.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=60, seed=4, today=TODAY)
    db.dispose()
    assert main(["--db", str(path), "--json", "check"]) == 0
    assert json.loads(capsys.readouterr().out)["safety_alerts"] == "ok"
    con = sqlite3.connect(path)
    removed = con.execute(
        "SELECT s.study_id FROM safety_alert a JOIN subject s ON s.id = a.subject_id ORDER BY s.study_id LIMIT 1"
    ).fetchone()[0]
    con.execute("DELETE FROM safety_alert WHERE subject_id = (SELECT id FROM subject WHERE study_id = ?)", (removed,))
    con.commit()
    con.close()
    assert main(["--db", str(path), "--json", "check"]) != 0
    report = json.loads(capsys.readouterr().out)
    assert report["safety_alerts"] == [removed] and report["ok"] is False
    assert main(["--db", str(path), "check", "--rebuild-derived"]) == 0
    out = capsys.readouterr().out
    assert "safety alerts:  in step with the results" in out and out.rstrip().endswith("OK")
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM audit_event WHERE table_name = 'safety_alert'").fetchone() == (1,)
    con.close()


def test_postgresql_derives_the_same_alerts_as_sqlite(tmp_path, pg_url):
    # PostgreSQL reads each subject's latest results with a LATERAL join (the correlated
    # `IN (... LIMIT n)` SQLite seeks with took minutes there at 1,000 subjects).
    stored = []
    for url in (str(tmp_path / "demo.sqlite3"), pg_url):
        db = open_database(url)
        build_demo(db, subjects=120, seed=4, today=TODAY)
        with db.session() as session:
            rows = session.execute(
                text("SELECT subject_id, kind, alert_date, shown_until, value, threshold FROM safety_alert")
            ).all()
            assert alerts.refresh(session) == len(rows)
            assert alerts.out_of_step(session) == ()
        stored.append(sorted(tuple(str(v) for v in row) for row in rows))
        db.dispose()
    assert stored[0] == stored[1] and stored[0]
