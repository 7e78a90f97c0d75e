"""The packed results the endpoints read: always the same results as the result table.

Each subject's analysed results are kept as one binary array (services/packs.py).
These tests compare what the packs give with the table read directly, after every
kind of write, on SQLite and PostgreSQL; and check that a write that went around
the services costs time, never a result.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from ltfu.analysis import Result
from ltfu.cli import main
from ltfu.db import models as m
from ltfu.services import alerts, endpoints, packs
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.imports import import_results
from ltfu.services.maintenance import check
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.units import UNITS

D = dt.date
TODAY = D(2026, 12, 1)


def from_table(db, as_of=None) -> dict[int, tuple[Result, ...]]:
    """Every subject's analysed results read row by row through the ORM: what the
    packs must give back."""
    query = (
        select(m.Result)
        .where(m.Result.voided_at.is_(None), m.Result.analyte.in_(packs.ANALYSED))
        .order_by(m.Result.subject_id, m.Result.analyte, m.Result.result_date, m.Result.id)
    )
    if as_of is not None:
        query = query.where(m.Result.result_date <= as_of)
    found: dict[int, list[Result]] = {}
    with db.session() as session:
        for r in session.scalars(query):
            found.setdefault(r.subject_id, []).append(
                Result(r.result_date, r.analyte, r.value, r.category, r.unit, bool(r.blq), r.lloq)
            )
    return {sid: tuple(results) for sid, results in found.items()}


def packed(db, as_of=None) -> dict[int, tuple[Result, ...]]:
    with db.session() as session:
        return packs.load(session, as_of)


def out_of_step(db) -> tuple[str, ...]:
    with db.session() as session:
        return packs.out_of_step(session)


@pytest.fixture
def db(any_db):
    return any_db


def test_a_demo_cohort_reads_back_exactly_from_its_packs(tmp_path):
    db = open_database(str(tmp_path / "demo.sqlite3"))
    build_demo(db, subjects=120, seed=7, today=TODAY)
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM result_pack")).scalar_one() == len(from_table(db))
    for as_of in (None, TODAY, D(2024, 6, 30)):  # all, today, a past data cut
        assert packed(db, as_of) == from_table(db, as_of)
    results = [r for subject in packed(db).values() for r in subject]
    # The cohort exercises every analysed analyte.
    assert {r.analyte for r in results} == set(packs.ANALYSED)
    assert any(r.blq and r.lloq for r in results) and any(r.category for r in results)
    db.dispose()


def test_lab_files_and_entries_keep_the_packs_in_step(db, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2026, 1, 5)), D(2026, 1, 5))
    enrol(db, NewSubject("CD1922-002", "BJ01", "DL2", D(2026, 2, 9)), D(2026, 2, 9))
    record_result(db, "CD1922-001", NewResult("car_copies", D(2026, 1, 12), 5200.0, unit="copies/ug"), TODAY)
    lab = tmp_path / "lab.csv"
    lab.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n"
        "CD1922-001,2026-01-08,car_copies,80,copies/ug,<,qPCR\n"  # before the stored one
        "CD1922-001,2026-01-12,car_copies,4800,copies/ug,,qPCR\n"  # a replicate on the same day
        "CD1922-001,2026-04-05,igg,350,mg/dL,,neph\n"  # converted to g/L
        "CD1922-002,2026-05-10,rcl,positive,,,VSV-G\n"  # first result of this subject
        "CD1922-002,2026-05-10,il6,12,pg/mL,,\n",  # not analysed: not packed
        encoding="utf-8",
    )
    import_results(db, lab, TODAY)
    record_result(db, "CD1922-002", NewResult("hama", D(2026, 2, 1), category="negative"), TODAY)
    assert out_of_step(db) == ()
    assert packed(db) == from_table(db)
    first = [(r.date, r.analyte, r.value, r.blq, r.lloq) for r in next(iter(packed(db).values()))]
    assert first == [
        (D(2026, 1, 8), "car_copies", 80.0, True, 80.0),
        (D(2026, 1, 12), "car_copies", 5200.0, False, None),
        (D(2026, 1, 12), "car_copies", 4800.0, False, None),
        (D(2026, 4, 5), "igg", 3.5, False, None),
    ]
    import_results(db, lab, TODAY)  # the same file again adds nothing
    assert packed(db) == from_table(db) and out_of_step(db) == ()


def _lab_file(path, rows) -> object:
    path.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n" + "".join(f"{row}\n" for row in rows),
        encoding="utf-8",
    )
    return path


def _derived_rows(db, table) -> dict[int, tuple]:
    with db.session(read_only=True) as session:
        found = session.execute(text(f"SELECT subject_id, n_results, max_result_id, data FROM {table}"))
        return {sid: (n, top, bytes(data)) for sid, n, top, data in found}


def test_a_lab_file_adds_to_tails_and_a_grown_tail_is_folded_into_its_pack(db, tmp_path):
    """A lab file writes its subjects' new rows beside their packs (a pack is not
    rewritten for ten rows), read with them in (analyte, date, id) order; a tail grown
    past a quarter of its pack (and 16 rows) is folded into the pack."""
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2026, 1, 5)), D(2026, 1, 5))
    days = [D(2026, 1, 6) + dt.timedelta(days=i) for i in range(80)]
    first = [f"CD1922-001,{day},igg,{4 + i / 8},g/L,,neph" for i, day in enumerate(days[:40])]
    import_results(db, _lab_file(tmp_path / "first.csv", first), TODAY)  # no pack yet: packed from the table
    pack = _derived_rows(db, "result_pack")
    assert [n for n, _, _ in pack.values()] == [40] and _derived_rows(db, "result_pack_tail") == {}
    # A replicate on a packed day (after the stored row: a higher id), a day before
    # all the others, and days after them; a CAR count, an analyte of its own.
    second = [
        f"CD1922-001,{days[3]},igg,9.5,g/L,,neph",
        f"CD1922-001,{D(2026, 1, 5)},igg,7,g/L,,neph",
        f"CD1922-001,{days[41]},car_copies,300,copies/ug,,qPCR",
        *(f"CD1922-001,{day},igg,5,g/L,,neph" for day in days[40:42]),
    ]
    import_results(db, _lab_file(tmp_path / "second.csv", second), TODAY)
    assert _derived_rows(db, "result_pack") == pack  # the pack as it was
    [(n, _top, data)] = _derived_rows(db, "result_pack_tail").values()
    assert n == 5 and len(data) == 5 * packs.PACK.itemsize
    assert packed(db) == from_table(db) and out_of_step(db) == ()
    assert packed(db, days[20]) == from_table(db, days[20])  # a data cut inside pack and tail
    third = [f"CD1922-001,{day},igg,6,g/L,,neph" for day in days[42:52]]
    import_results(db, _lab_file(tmp_path / "third.csv", third), TODAY)
    assert [n for n, _, _ in _derived_rows(db, "result_pack_tail").values()] == [15]  # under 16: kept
    assert packed(db) == from_table(db) and out_of_step(db) == ()
    fourth = [f"CD1922-001,{day},igg,6,g/L,,neph" for day in days[60:62]]
    import_results(db, _lab_file(tmp_path / "fourth.csv", fourth), TODAY)
    assert _derived_rows(db, "result_pack_tail") == {}  # 17 rows, over 16 and a quarter of 40: folded
    [(n, _top, data)] = _derived_rows(db, "result_pack").values()
    assert n == 57 and len(data) == 57 * packs.PACK.itemsize
    assert packed(db) == from_table(db) and out_of_step(db) == ()


def test_postgresql_stores_the_packs_of_lab_files_with_lz4(tmp_path, pg_url):
    # pglz took twice as long as the rest of rewriting a lab file's packs; the same
    # results come back whichever compression the server used.
    db = open_database(pg_url)
    try:
        enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2026, 1, 5)), D(2026, 1, 5))
        days = [D(2026, 1, 6) + dt.timedelta(days=i) for i in range(120)]  # a pack of ~3.7 kB
        for name, part in (("first.csv", days[:70]), ("second.csv", days[70:])):  # packed, then merged
            lab = tmp_path / name
            lab.write_text(
                "subject_id,date,analyte,value,unit,qualifier,assay\n"
                + "".join(f"CD1922-001,{day},igg,{4 + i / 8},g/L,,neph\n" for i, day in enumerate(part)),
                encoding="utf-8",
            )
            import_results(db, lab, TODAY)
            assert packed(db) == from_table(db) and out_of_step(db) == ()
        with db.session(read_only=True) as session:
            offered = session.execute(
                text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
            ).scalar()
            method = session.execute(text("SELECT pg_column_compression(data) FROM result_pack")).scalar()
        assert len(next(iter(packed(db).values()))) == 120
        # A pack of over ~2 kB is compressed as it is stored: with lz4 where the server has it.
        assert method == ("lz4" if offered else "pglz")
    finally:
        db.dispose()


def test_a_result_written_around_the_services_still_counts(db):
    """A row inserted without the services leaves its subject's pack behind: the
    endpoints read that subject from the table instead, and `ltfu check` names it."""
    enrol(db, NewSubject("CD1922-003", "BJ01", "DL1", D(2025, 3, 3)), D(2025, 3, 3))
    record_result(db, "CD1922-003", NewResult("rcl", D(2025, 6, 2), category="negative"), TODAY)
    assert endpoints.compute(db, TODAY).rcl.alerts == ()
    with db.session() as session:
        sid = session.scalar(select(m.Subject.id))
        session.execute(
            text(
                "INSERT INTO result (subject_id, result_date, analyte, category, unit, blq) "
                "VALUES (:s, :d, 'rcl', 'positive', '', :f)"
            ),
            {"s": sid, "d": D(2025, 9, 1), "f": False},
        )
    [alert] = endpoints.compute(db, TODAY).rcl.alerts
    assert (alert.subject_id, alert.date) == ("CD1922-003", D(2025, 9, 1))
    assert packed(db) == from_table(db)
    assert out_of_step(db) == ("CD1922-003",)


@pytest.mark.usefixtures("where_results_are_compared")
def test_check_names_a_pack_out_of_step_and_the_rebuild_puts_it_back(tmp_path, capsys):
    path = tmp_path / "checked.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=40, seed=3, today=TODAY)
    before = endpoints.summary(endpoints.compute(db, TODAY))
    db.dispose()
    con = sqlite3.connect(path)
    # A pack that still looks current (same stamp) but lost its rows: only a full
    # comparison finds it.
    victim = con.execute(
        "SELECT p.subject_id, s.study_id FROM result_pack p JOIN subject s ON s.id = p.subject_id "
        "ORDER BY s.study_id LIMIT 1"
    ).fetchone()
    con.execute("UPDATE result_pack SET data = x'' WHERE subject_id = ?", (victim[0],))
    con.commit()
    con.close()
    assert main(["--db", str(path), "--json", "check"]) != 0
    report = json.loads(capsys.readouterr().out)
    assert report["result_packs"] == [victim[1]] and report["safety_alerts"] == "ok" and not report["ok"]
    assert main(["--db", str(path), "check", "--rebuild-derived"]) == 0
    out = capsys.readouterr().out
    assert "result packs:   in step with the results" in out and out.rstrip().endswith("OK")
    db = open_database(str(path))
    assert endpoints.summary(endpoints.compute(db, TODAY)) == before
    with db.engine.connect() as conn:
        audited = conn.execute(text("SELECT table_name FROM audit_event WHERE reason LIKE '%rebuild-derived%'"))
        assert sorted(audited.scalars()) == ["result_pack", "safety_alert"]
    db.dispose()


_UNITS = {a: UNITS[a][0] for a in packs.ANALYSED}
_results = st.builds(
    lambda day, analyte, value, category, blq, lloq: Result(
        day,
        analyte,
        None if category else value,
        category,
        _UNITS[analyte],
        blq,
        lloq,
    ),
    st.dates(D(1, 1, 1), D(9999, 12, 31)),
    st.sampled_from(packs.ANALYSED),
    st.floats(min_value=0, allow_nan=False, allow_infinity=False),
    st.sampled_from((None, "negative", "positive", "indeterminate", "archived")),
    st.booleans(),
    st.none() | st.floats(min_value=0, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(1, 50), st.lists(_results, min_size=1, max_size=12), max_size=6), st.dates())
def test_any_results_pack_and_unpack_unchanged(by_subject, as_of):
    """Any dates (including ones centuries apart), values, flags and limits survive
    packing; a data cut keeps exactly the results dated on or before it."""
    rows = [
        (sid, i, r.date, r.analyte, r.value, r.category, r.blq, r.lloq)
        for sid in sorted(by_subject)
        for i, r in sorted(
            enumerate(by_subject[sid], start=sid * 100), key=lambda ir: (ir[1].analyte, ir[1].date, ir[0])
        )
    ]
    owners, blobs = packs._split(*packs._as_array(rows))
    for cut in (None, as_of):
        expected = {}
        for sid, _, day, analyte, value, category, blq, lloq in rows:
            if cut is None or day <= cut:
                expected.setdefault(sid, []).append(Result(day, analyte, value, category, _UNITS[analyte], blq, lloq))
        got = packs._unpack(owners, blobs, cut)
        assert got == {sid: tuple(results) for sid, results in expected.items()}
        assert not any(isinstance(r.value, float) and math.isnan(r.value) for rs in got.values() for r in rs)


@settings(max_examples=80, deadline=None)
@given(
    st.dictionaries(st.integers(1, 50), st.lists(_results, min_size=1, max_size=12), max_size=6),
    st.data(),
)
def test_a_pack_and_its_tail_read_as_the_pack_of_all_their_rows(by_subject, data):
    """However a subject's rows are shared between its pack and its tail (the tail's
    rows newer than the pack's, as writes make them, or any others), they read back as
    one pack of them all would: in (analyte, date, id) order."""
    rows = sorted(
        (
            (sid, sid * 100 + i, r.date, r.analyte, r.value, r.category, r.blq, r.lloq)
            for sid, results in by_subject.items()
            for i, r in enumerate(results)
        ),
        key=lambda row: (row[0], row[3], row[2], row[1]),
    )
    owners, blobs = packs._split(*packs._as_array(rows))
    whole = packs._unpack(owners, blobs, None)
    newer = data.draw(st.booleans(), "tail rows newer than the pack's")
    stored, tails = [], []
    for sid in owners:
        mine = [row for row in rows if row[0] == sid]
        if newer:
            cut = data.draw(st.integers(0, len(mine)), f"rows of {sid} in its pack")
            in_tail = [row[1] >= sid * 100 + cut for row in mine]
        else:
            in_tail = data.draw(st.lists(st.booleans(), min_size=len(mine), max_size=len(mine)), f"tail of {sid}")
        pack = [row for row, t in zip(mine, in_tail, strict=True) if not t]
        tail = [row for row, t in zip(mine, in_tail, strict=True) if t]
        stored.append(packs._as_array(pack)[1].tobytes())
        tails.append(packs._as_array(tail)[1].tobytes())
    wanted = [packs._as_array([row for row in rows if row[0] == sid])[1].tobytes() for sid in owners]
    assert packs._joined(stored, tails) == wanted
    assert packs._unpack(owners, stored, None, tails=tails) == whole


def test_a_lab_file_refreshes_only_the_packs_and_alerts_of_its_subjects(db, tmp_path, monkeypatch):
    """However many subjects a file names (here read one at a time, as thousands are
    read a few hundred at a time), the others' packs and alerts are left as they are."""
    monkeypatch.setattr("ltfu.db.bulk.IN_CHUNK", 1)
    for n in (1, 2, 3):
        enrol(db, NewSubject(f"CD1922-01{n}", "BJ01", "DL1", D(2026, 1, 5)), D(2026, 1, 5))
        record_result(db, f"CD1922-01{n}", NewResult("car_copies", D(2026, 1, 12), 5200.0, unit="copies/ug"), TODAY)
    with db.session() as session:  # the third subject's derived rows changed around the services
        third = session.scalar(select(m.Subject.id).where(m.Subject.study_id == "CD1922-013"))
        session.execute(text("UPDATE result_pack SET n_results = 7 WHERE subject_id = :s"), {"s": third})
        session.add(m.SafetyAlert(subject_id=third, kind="igg_low", alert_date=D(2026, 3, 1), value=1.0, threshold=4.0))
    lab = tmp_path / "lab.csv"
    lab.write_text(
        "subject_id,date,analyte,value,unit,qualifier,assay\n"
        "CD1922-011,2026-04-05,igg,350,mg/dL,,neph\n"  # a low IgG: an alert
        "CD1922-012,2026-04-06,cd19_b_cells,0,cells/uL,,flow\n",
        encoding="utf-8",
    )
    import_results(db, lab, TODAY)
    assert out_of_step(db) == ("CD1922-013",)  # only the subject the file did not name
    with db.session() as session:
        assert alerts.out_of_step(session) == ("CD1922-013",)
        raised = session.execute(select(m.SafetyAlert.subject_id, m.SafetyAlert.kind)).all()
    assert sorted(raised) == sorted([(third - 2, "igg_low"), (third, "igg_low")])
    assert packed(db) == from_table(db)


@pytest.mark.usefixtures("where_results_are_compared")
def test_check_compares_every_pack_as_its_replay_read_the_results(tmp_path):
    """`ltfu check` packs the results as its replay reads them: a changed byte, two rows
    swapped, a stale stamp, a missing pack and a result voided around the services are
    each found, the same subjects the comparison reading the table itself names."""
    path = tmp_path / "tampered.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=12, seed=5, today=TODAY)
    db.dispose()
    con = sqlite3.connect(path)
    packed_subjects = con.execute(
        "SELECT p.subject_id, s.study_id, p.data FROM result_pack p JOIN subject s ON s.id = p.subject_id "
        "WHERE length(p.data) >= 2 * ? ORDER BY s.study_id",
        (packs.PACK.itemsize,),
    ).fetchall()
    (a, _, data_a), (b, _, _), (c, _, _), (d, _, data_d), (e, _, _) = packed_subjects[:5]
    flipped = bytearray(data_a)
    flipped[-1] ^= 1  # the last byte of the last row's limit
    size = packs.PACK.itemsize
    swapped = data_d[size : 2 * size] + data_d[:size] + data_d[2 * size :]
    assert swapped != data_d
    con.execute("UPDATE result_pack SET data = ? WHERE subject_id = ?", (bytes(flipped), a))
    con.execute("DELETE FROM result_pack WHERE subject_id = ?", (b,))
    con.execute("UPDATE result_pack SET n_results = n_results + 1 WHERE subject_id = ?", (c,))
    con.execute("UPDATE result_pack SET data = ? WHERE subject_id = ?", (swapped, d))
    con.execute(
        "UPDATE result SET voided_at = '2026-11-30 10:00:00.000000', void_reason = 'edited', "
        f"voided_by = (SELECT min(id) FROM user) WHERE id = "
        f"(SELECT max(id) FROM result WHERE subject_id = ? AND {packs._IN_ANALYSED})",
        (e,),
    )
    con.commit()
    con.close()
    db = open_database(str(path))
    report = check(db)
    assert report.audit_problem is None  # the replay ran, and packed the results as it read them
    with db.session(read_only=True) as session:
        read_again = packs.out_of_step(session)
    victims = tuple(sorted(study for _sid, study, _data in packed_subjects[:5]))
    assert report.out_of_step["result_pack"] == read_again == victims
    db.dispose()


@pytest.mark.usefixtures("where_results_are_compared")
def test_check_compares_each_pack_with_its_tail(tmp_path, capsys):
    """A tail is part of its subject's pack: a changed byte in one, a tail lost, one
    added and one whose pack is gone are each found, both ways; the rebuild packs the
    subjects whole again."""
    path = tmp_path / "tails.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=12, seed=5, today=TODAY)
    with db.session(read_only=True) as session:  # five subjects' latest result days: dates they may have
        latest = session.execute(
            select(m.Subject.study_id, func.max(m.Result.result_date))
            .join(m.Result, m.Result.subject_id == m.Subject.id)
            .group_by(m.Subject.study_id)
            .order_by(m.Subject.study_id)
        ).all()[:5]
    studies = [study for study, _day in latest]
    lab = [f"{study},{day},igg,{5 + i},g/L,,neph" for i, (study, day) in enumerate(latest)]
    import_results(db, _lab_file(tmp_path / "lab.csv", lab), TODAY)
    tails = _derived_rows(db, "result_pack_tail")
    assert len(tails) == 5 and packed(db) == from_table(db)
    db.dispose()
    con = sqlite3.connect(path)
    ids = dict(con.execute("SELECT study_id, id FROM subject"))
    a, b, c, d = (ids[study] for study in studies[:4])  # the fifth's tail is left as it is
    untouched = con.execute(
        "SELECT p.subject_id, s.study_id FROM result_pack p JOIN subject s ON s.id = p.subject_id "
        "WHERE p.subject_id NOT IN (SELECT subject_id FROM result_pack_tail) ORDER BY s.study_id LIMIT 1"
    ).fetchone()  # a subject without a tail
    flipped = bytearray(tails[a][2])
    flipped[-9] ^= 1  # a byte of the value
    con.execute("UPDATE result_pack_tail SET data = ? WHERE subject_id = ?", (bytes(flipped), a))
    con.execute("DELETE FROM result_pack_tail WHERE subject_id = ?", (b,))
    con.execute("DELETE FROM result_pack WHERE subject_id = ?", (c,))
    con.execute("UPDATE result_pack_tail SET subject_id = ? WHERE subject_id = ?", (untouched[0], d))
    con.commit()
    con.close()
    db = open_database(str(path))
    report = check(db)
    assert report.audit_problem is None
    with db.session(read_only=True) as session:
        read_again = packs.out_of_step(session)
    victims = tuple(sorted((studies[0], studies[1], studies[2], studies[3], untouched[1])))
    assert report.out_of_step["result_pack"] == read_again == victims
    db.dispose()
    capsys.readouterr()
    assert main(["--db", str(path), "check", "--rebuild-derived"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("OK")
    db = open_database(str(path))
    assert _derived_rows(db, "result_pack_tail") == {} and out_of_step(db) == ()
    assert packed(db) == from_table(db)
    db.dispose()


def test_a_row_of_an_analyte_outside_the_vocabulary_costs_time_never_a_result(tmp_path):
    """The stamps count every analyte but the unanalysed ones of the vocabulary (one
    comparison a row): a row of an unknown analyte, stored around the CHECK, makes its
    subject's stamp differ, so the subject is read from the table, where it is not an
    analysed result; the endpoints stay those of the packs."""
    path = tmp_path / "unknown.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=12, seed=5, today=TODAY)
    before = endpoints.summary(endpoints.compute(db, TODAY))
    packs_before = packed(db)
    db.dispose()
    con = sqlite3.connect(path)
    sid = con.execute("SELECT subject_id FROM result_pack ORDER BY subject_id LIMIT 1").fetchone()[0]
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute(
        "INSERT INTO result (subject_id, result_date, analyte, value, unit, blq) "
        "VALUES (?, '2025-01-02', 'unknown_x', 1.0, '', 0)",
        (sid,),
    )
    con.commit()
    con.close()
    db = open_database(str(path))
    with db.session() as session:
        assert sid in packs._table_stamps(session, None)
        stored = session.execute(
            text("SELECT n_results, max_result_id FROM result_pack WHERE subject_id = :s"), {"s": sid}
        )
        assert packs._table_stamps(session, None)[sid] != tuple(stored.one())  # read from the table
    assert packed(db) == packs_before == from_table(db)
    assert endpoints.summary(endpoints.compute(db, TODAY)) == before
    db.dispose()


@pytest.mark.parametrize("batch_size", [1, 7, 5000])
def test_the_checks_packing_as_it_reads_is_the_packing_of_the_table(tmp_path, batch_size):
    """`Expected` (rows as the replay reads them, in batches: voided rows, other analytes,
    numbers and categories mixed) packs exactly what `_as_array` packs from `_fetch`'s rows."""
    from ltfu.services import trail

    path = tmp_path / "demo.sqlite3"
    db = open_database(str(path))
    build_demo(db, subjects=6, seed=3, today=TODAY)
    db.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE result SET voided_at = '2026-11-30 10:00:00.000000', void_reason = 'edited', "
        "voided_by = (SELECT min(id) FROM user) WHERE id % 11 = 0"
    )
    con.commit()
    con.close()
    db = open_database(str(path))
    try:
        with db.session(read_only=True) as session:
            count = session.scalar(select(text("count(*)")).select_from(m.Result))
            expected = packs.Expected(trail.RECORD_FIELDS["result"], count)
            rows = [row for batch in trail.driver_batches(session, trail._select("result", True)) for row in batch]
            for start in range(0, len(rows), batch_size):
                expected.add(rows[start : start + batch_size])
            fetched = sorted(packs._fetch(session, None, None), key=lambda r: r[1])  # in id order, as read
        owners, packed_rows = packs._as_array(fetched)
        assert not expected.failed and 0 < expected.n == len(fetched) < count
        assert expected.owners[: expected.n].tobytes() == owners.tobytes()
        assert expected.rows[: expected.n].tobytes() == packed_rows.tobytes()
    finally:
        db.dispose()
