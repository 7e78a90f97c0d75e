"""Rows written column by column (a lab file's 100,000 results, no dict each) are stored,
audited and packed exactly as the same rows given as dicts: same statement and values,
same audit content texts, same packs and alerts."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

import pytest
from sqlalchemy import select, text

from ltfu.db import models as m
from ltfu.db.bulk import bulk_insert, bulk_insert_columns, bulk_insert_columns_beside, new_ids, rows_in_one_step
from ltfu.db.days import Days
from ltfu.services import alerts, derived, packs, trail
from ltfu.services.database import open_database
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)
RESULT = m.Result.__table__
NAMES = ("subject_id", "result_date", "analyte", "value", "category", "unit", "blq", "lloq", "assay", "source_file")


def _rows(subject_ids: list[int], n: int, seed: int = 3) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for _ in range(n):
        analyte = rng.choice(["igg", "cd19_b_cells", "car_copies", "rcl", "crp", "hama"])
        categorical = analyte in ("rcl", "hama")
        blq = not categorical and rng.random() < 0.2
        value = None if categorical else round(rng.uniform(0.1, 9.9), 4)
        rows.append(
            {
                "subject_id": rng.choice(subject_ids),
                "result_date": D(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300)),
                "analyte": analyte,
                "value": value,
                "category": rng.choice(["negative", "positive"]) if categorical else None,
                "unit": "" if categorical else "g/L",
                "blq": blq,
                "lloq": value if blq else None,
                "assay": rng.choice([None, "lab-a", "lab-b"]),
                "source_file": "lab.csv",
            }
        )
    return rows


def _columns(rows: list[dict[str, object]]) -> dict[str, list[object]]:
    return {name: [row[name] for row in rows] for name in rows[0]}


@pytest.fixture
def two(tmp_path):
    """Two databases, the same three subjects on each."""
    dbs = []
    for name in ("dicts", "columns"):
        db = open_database(str(tmp_path / f"{name}.sqlite3"))
        for i in range(1, 4):
            enrol(db, NewSubject(f"CD1922-{i:03d}", "BJ01", "DL2", D(2025, 11, 20 + i)), D(2025, 12, 1))
        dbs.append(db)
    yield dbs
    for db in dbs:
        db.dispose()


def _subject_ids(db) -> list[int]:
    with db.session(read_only=True) as session:
        return list(session.scalars(select(m.Subject.id).order_by(m.Subject.id)))


def test_rows_inserted_by_column_are_stored_as_by_dict_and_pack_and_alert_the_same(two):
    """The second file, on alerts the first raised: the kinds of alert its rows cannot
    change (a negative RCL, no CD19 of a subject) are left as they are, and are right."""
    by_dicts, by_columns = two
    for seed, n in ((3, 300), (4, 60)):
        rows = _rows(_subject_ids(by_dicts), n, seed)
        with by_dicts.session() as session:
            conn = session.connection()
            fresh = [dict(row) for row in rows]
            for row, new_id in zip(fresh, new_ids(conn, RESULT, len(fresh)), strict=True):
                row["id"] = new_id
            bulk_insert(conn, RESULT, fresh)
            derived.results_added(session, fresh)  # every alert of their subjects derived again
        with by_columns.session() as session:
            conn = session.connection()
            columns = {"id": new_ids(conn, RESULT, len(rows)), **_columns(rows)}
            bulk_insert_columns(conn, RESULT, columns)
            derived.result_columns_added(session, columns)
    stored = []
    for db in two:
        with db.session(read_only=True) as session:
            conn = session.connection()
            stored.append(
                (
                    conn.execute(text("SELECT * FROM result ORDER BY id")).all(),
                    conn.execute(text("SELECT * FROM result_pack ORDER BY subject_id")).all(),
                    conn.execute(text("SELECT * FROM safety_alert ORDER BY subject_id, kind")).all(),
                    alerts.out_of_step(session),
                    packs.out_of_step(session),
                )
            )
    assert len(stored[0][0]) == 360 and stored[0][1]
    assert {kind for _, kind, *_ in stored[0][2]} == {"rcl_positive", "igg_low"}  # raised, then kept or moved
    assert stored[0] == stored[1]
    assert stored[0][3:] == ((), ())


def test_column_content_texts_are_the_content_texts_of_the_same_rows():
    rows = _rows([7, 8, 9], 200, seed=5)
    for i, row in enumerate(rows, start=100):
        row["id"] = i
    del rows[3]["assay"]  # a row not naming a column the others name: NULL, as the insert stores it
    groups = [[row for row in rows if row["subject_id"] == s] for s in (7, 8, 9)]
    ordered = [row for group in groups for row in group]
    keys = set(rows[0])
    expected = trail.content_texts("result", groups, keys)
    columns = {name: [row.get(name) for row in ordered] for name in keys}
    assert trail.column_content_texts("result", columns, [len(g) for g in groups]) == expected
    # The rows in another order in the columns (as the file had them), with the groups' positions.
    shuffled = list(range(len(ordered)))
    random.Random(11).shuffle(shuffled)
    order = sorted(range(len(shuffled)), key=shuffled.__getitem__)  # shuffled[order[i]] == i
    as_filed = {name: [values[i] for i in shuffled] for name, values in columns.items()}
    assert trail.column_content_texts("result", as_filed, [len(g) for g in groups], order) == expected
    # The defaults of columns the insert was not given (a result's unit, blq) apply alike.
    short = {name: values for name, values in columns.items() if name not in ("unit", "blq")}
    without = [{k: v for k, v in row.items() if k not in ("unit", "blq")} for row in rows]
    groups = [[row for row in without if row["subject_id"] == s] for s in (7, 8, 9)]
    assert trail.column_content_texts("result", short, [len(g) for g in groups]) == trail.content_texts(
        "result", groups
    )


def test_content_texts_are_each_rows_repr_whatever_repeats():
    """Columns of one object in every row are written once into the rows' template: the
    texts stay those of each row's own repr (`_row_bytes`, `_row_print`), a % in a value
    and values equal but written differently (0.0 and -0.0, 1 and 1.0) included."""
    rows = _rows([7, 8], 40, seed=9)
    for i, row in enumerate(rows, start=1):
        row["id"] = i
        row["source_file"] = "lab 100% (%s).csv"
        row["lloq"] = [0.0, -0.0, 1, 1.0][i % 4] if row["value"] is not None else None
    groups = [[row for row in rows if row["subject_id"] == s] for s in (7, 8)]
    ordered = [row for group in groups for row in group]
    columns = {name: [row[name] for row in ordered] for name in rows[0]}
    got = trail.column_content_texts("result", columns, [len(g) for g in groups])
    fields = ("id", *trail.RECORD_FIELDS["result"])
    kinds = dict(zip(trail.RECORD_FIELDS["result"], trail.KINDS["result"], strict=True))

    def stored(name: str, value: object) -> object:  # as `_converted` gives it
        if value is None or name == "id":
            return value
        return trail._CONVERT.get(kinds[name], lambda v: v)(value)

    expected = []
    for group in groups:
        written = [trail._row_bytes(tuple(stored(f, row.get(f)) for f in fields)) for row in group]
        digest = hashlib.sha256(b"".join(written)).hexdigest()
        expected.append(f"; content sha256 {digest}; row prints {''.join(map(trail._row_print, written))}")
    assert got == expected


def test_columns_of_different_lengths_are_refused(two):
    with two[0].session() as session, pytest.raises(ValueError, match="different lengths"):
        bulk_insert_columns(session.connection(), RESULT, {"id": [1, 2], "subject_id": [1]})


def _three_subjects_rows(db, count: int, seed: int) -> list[dict]:
    """Three subjects enrolled, and `count` result rows of theirs (not stored)."""
    for i in range(1, 4):
        enrol(db, NewSubject(f"CD1922-{i:03d}", "BJ01", "DL2", D(2025, 11, 20 + i)), D(2025, 12, 1))
    return _rows(_subject_ids(db), count, seed=seed)


def test_rows_inserted_by_column_read_back_and_keep_packs_and_alerts_in_step(any_db):
    """On either database (PostgreSQL: by COPY): the rows as given, the sequence past
    their ids, the packs and alerts in step with them."""
    db = any_db
    rows = _three_subjects_rows(db, 200, seed=11)
    with db.session() as session:
        conn = session.connection()
        columns = {"id": new_ids(conn, RESULT, len(rows)), **_columns(rows)}
        assert bulk_insert_columns(conn, RESULT, columns) == 200
        derived.result_columns_added(session, columns)
    with db.session() as session:
        stored = session.execute(select(*(RESULT.c[name] for name in ("id", *NAMES))).order_by(RESULT.c.id)).all()
        assert [tuple(r) for r in stored] == [
            (i, *(row[name] for name in NAMES)) for i, row in zip(columns["id"], rows, strict=True)
        ]
        assert alerts.out_of_step(session) == () and packs.out_of_step(session) == ()
        # An ordinary insert after them takes the next id (PostgreSQL: the sequence moved on).
        session.add(
            m.Result(subject_id=rows[0]["subject_id"], result_date=TODAY, analyte="crp", value=1.0, unit="mg/L")
        )
        session.flush()
        assert session.scalar(select(RESULT.c.id).order_by(RESULT.c.id.desc()).limit(1)) > max(columns["id"])


def test_rows_handed_over_in_another_order_are_stored_the_same(any_db):
    """A lab file's rows go to SQLite subject by subject (`order`), each with its id: the
    table reads back as if they had gone in as given (PostgreSQL takes them as given)."""
    db = any_db
    rows = _three_subjects_rows(db, 120, seed=13)
    with db.session() as session:
        conn = session.connection()
        columns = {"id": new_ids(conn, RESULT, len(rows)), **_columns(rows)}
        by_subject = sorted(range(len(rows)), key=columns["subject_id"].__getitem__)
        with pytest.raises(ValueError, match="order of 119 positions"):
            bulk_insert_columns(conn, RESULT, columns, by_subject[:-1])
        assert bulk_insert_columns(conn, RESULT, columns, by_subject) == 120
    with db.session(read_only=True) as session:
        stored = session.execute(select(*(RESULT.c[name] for name in ("id", *NAMES))).order_by(RESULT.c.id)).all()
    assert [tuple(r) for r in stored] == [
        (i, *(row[name] for name in NAMES)) for i, row in zip(columns["id"], rows, strict=True)
    ]


def test_rows_read_in_one_step_are_the_rows_of_the_query(any_db):
    """The annual report reads its counts in one step of the database beside the
    endpoints: every row, every text (Chinese, quotes, commas, brackets), NULL and date
    as the query gives them one by one."""
    sites = ["北京协和", 'a "quoted", [bracketed] name', "plain"]
    with any_db.session() as session:
        for i, name in enumerate(sites):
            session.add(m.Site(code=f"S{i}", name=name))
    for i in range(30):
        enrol(any_db, NewSubject(f"ONE-{i:03d}", f"S{i % 3}", "DL1", D(2026, 1, 1) + dt.timedelta(days=i)), TODAY)
    query = (
        select(m.Subject.study_id, m.Site.name, m.Subject.enrolled_on, m.Subject.race, m.Infusion.infusion_date)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .join(m.Infusion, m.Infusion.subject_id == m.Subject.id)
    )
    with any_db.session() as session:
        conn = session.connection()
        expected = sorted((s, n, e, r, str(d)) for s, n, e, r, d in conn.execute(query))
        days = Days()
        got = sorted(
            (s, n, None if e is None else days[e], r, str(days[d])) for s, n, e, r, d in rows_in_one_step(conn, query)
        )
    assert len(got) == 30 and got == expected
    assert {name for _, name, *_ in got} == set(sites)


def test_rows_written_beside_other_work_are_stored_as_rows_written_directly(any_db):
    """`bulk_insert_columns_beside` (on SQLite through a staging table, the other work
    on a second thread) stores every value as `bulk_insert_columns` does: texts that
    look like numbers stay texts, floats keep every bit, dates, flags and NULLs alike,
    a column of one value in every row too, and a single row."""
    import threading

    for i in (1, 2):
        enrol(any_db, NewSubject(f"CD1922-{i:03d}", "BJ01", "DL2", D(2025, 11, 20 + i)), D(2025, 12, 1))
    sid = _subject_ids(any_db)
    floats = [5e-324, 1.7976931348623157e308, 0.1 + 0.2, 1 / 3, 2.0**53 + 2, 1e-300, 4.35]
    texts = ["1e5", "007", " 12 ", "0x1F", "NaN", "-0", "3.0"]
    rows = _rows(sid, 70, seed=11)
    for k, row in enumerate(rows):
        row["assay"], row["source_file"] = texts[k % 7], "007"  # one file name: bound once
        if row["value"] is not None:
            row["value"] = row["lloq"] = floats[k % 7]
            row["blq"] = True
    columns = _columns(rows)
    with any_db.session() as session:
        conn = session.connection()
        bulk_insert_columns(conn, RESULT, {"id": new_ids(conn, RESULT, 70), **columns})
        order = sorted(range(70), key=columns["subject_id"].__getitem__)
        by_thread = bulk_insert_columns_beside(
            conn, RESULT, {"id": new_ids(conn, RESULT, 70), **columns}, order, lambda: threading.current_thread()
        )
        one = {name: values[:1] for name, values in columns.items()}  # a file of one row
        bulk_insert_columns(conn, RESULT, {"id": new_ids(conn, RESULT, 1), **one})
        assert bulk_insert_columns_beside(conn, RESULT, {"id": new_ids(conn, RESULT, 1), **one}, None, lambda: 1) == 1
    sqlite = any_db.engine.dialect.name == "sqlite"
    assert (by_thread is not threading.current_thread()) == sqlite  # beside the write where SQLite gives the lock up
    kinds = ", ".join(f"typeof({name})" for name in NAMES) if sqlite else "1"
    with any_db.session(read_only=True) as session:
        stored = session.execute(text(f"SELECT {', '.join(NAMES)}, {kinds} FROM result ORDER BY id")).all()
    assert len(stored) == 142
    assert stored[:70] == stored[70:140] and stored[140] == stored[141] == stored[0]
    assert {row.value for row in stored if row.value is not None} == set(floats)
    assert {row.assay for row in stored} == set(texts) and {row.source_file for row in stored} == {"007"}


def test_a_refused_row_written_beside_other_work_leaves_nothing_stored(any_db):
    """A row the table refuses (no such subject) fails the whole write; on SQLite once the
    other work beside it has finished (elsewhere that work comes after the write, and
    is not done). Nothing is stored, and the next write goes through."""
    from sqlalchemy.exc import IntegrityError

    enrol(any_db, NewSubject("CD1922-001", "BJ01", "DL2", D(2025, 11, 21)), D(2025, 12, 1))
    rows = _rows(_subject_ids(any_db), 20, seed=2)
    rows[7]["subject_id"] = 999
    finished = []
    with pytest.raises(IntegrityError), any_db.session() as session:
        conn = session.connection()
        bulk_insert_columns_beside(
            conn, RESULT, {"id": new_ids(conn, RESULT, 20), **_columns(rows)}, None, lambda: finished.append(1)
        )
    assert finished == ([1] if any_db.engine.dialect.name == "sqlite" else [])
    rows[7]["subject_id"] = rows[6]["subject_id"]
    with any_db.session() as session:
        conn = session.connection()
        assert (
            bulk_insert_columns_beside(
                conn, RESULT, {"id": new_ids(conn, RESULT, 20), **_columns(rows)}, None, lambda: "done"
            )
            == "done"
        )
    with any_db.session(read_only=True) as session:
        assert session.scalar(text("SELECT count(*) FROM result")) == 20
