"""The PD endpoint from stored results: `ltfu endpoints` (JSON and text) on both
databases, a database packed before the cytokines joined the packs, and the demo."""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3

import pytest
from alembic import command
from sqlalchemy import create_engine

from ltfu.cli import main
from ltfu.db.migrate import _alembic_config
from ltfu.services import endpoints, packs
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.imports import import_results
from ltfu.services.records import NewAdverseEvent, record_adverse_event
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 3, 1)
INFUSED = D(2026, 1, 10)
HEADER = "subject_id,date,analyte,value,unit,qualifier,assay\n"


def day(n: int) -> str:
    return (INFUSED + dt.timedelta(days=n)).isoformat()


def stored_cohort(db, tmp_path) -> None:
    """Two DL1 subjects: 001 with CRS grade 2, a Day -6 baseline and a Day 28 sample;
    002 with a BLQ baseline and nothing after Day 14."""
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", INFUSED, birth_date=D(1990, 1, 1)), TODAY)
    enrol(db, NewSubject("CD1922-002", "BJ01", "DL1", INFUSED, birth_date=D(1991, 1, 1)), TODAY)
    record_adverse_event(db, "CD1922-001", NewAdverseEvent("Cytokine release syndrome", 2, INFUSED, "crs"), TODAY)
    path = tmp_path / "results.csv"
    path.write_text(
        HEADER + f"CD1922-001,{day(-6)},il6,8,pg/mL,,\n"
        f"CD1922-001,{day(3)},il6,800,pg/mL,,\n"
        f"CD1922-001,{day(7)},il6,200,pg/mL,,\n"
        f"CD1922-001,{day(28)},il6,10,pg/mL,,\n"
        f"CD1922-002,{day(-6)},il6,1.5,pg/mL,<,\n"
        f"CD1922-002,{day(2)},il6,60,pg/mL,,\n"
        f"CD1922-002,{day(14)},il6,6,pg/mL,,\n",
        encoding="utf-8",
    )
    import_results(db, path, TODAY)


def test_endpoints_json_carries_pd_per_analyte_with_subjects_and_both_summaries(either_db, tmp_path, capsys):
    stored_cohort(either_db, tmp_path)
    assert main(["--db", either_db.url, "--json", "endpoints", "--as-of", TODAY.isoformat()]) == 0
    pd = json.loads(capsys.readouterr().out)["pd"]
    assert list(pd) == ["il6", "il15", "crp", "ferritin"]
    il6 = pd["il6"]
    assert set(il6) == {"unit", "subjects", "by_dose_level", "by_crs_grade"} and il6["unit"] == "pg/mL"
    one, two = il6["subjects"]["CD1922-001"], il6["subjects"]["CD1922-002"]
    # 001: baseline 8 (Day -6), peak 800 on Day 3, fold 100. AUC from Day 0 at the baseline:
    # 0-3 linear up (8 + 800) / 2 * 3 = 1212; 3-7 log down (800 - 200) / ln 4 * 4 = 2400 / ln 4;
    # 7-28 log down (200 - 10) / ln 20 * 21 = 3990 / ln 20.
    assert (one["baseline"], one["baseline_day"], one["peak"], one["peak_day"], one["fold_change"]) == (
        8,
        -6,
        800,
        3,
        100,
    )
    assert one["auc0_28"] == pytest.approx(1212 + 2400 / math.log(4) + 3990 / math.log(20), rel=1e-12)
    assert (one["worst_crs_grade"], one["n_samples"], one["auc_reason"]) == (2, 3, None)
    # 002: the baseline is BLQ -> no fold change; nothing on or after Day 28 -> no AUC.
    assert (two["baseline"], two["baseline_blq"], two["fold_change"], two["fold_change_reason"]) == (
        0,
        True,
        None,
        "baseline_blq",
    )
    assert (two["auc0_28"], two["auc_reason"], two["worst_crs_grade"]) == (None, "no_day_28", 0)
    dl1 = il6["by_dose_level"]["DL1"]
    assert dl1["n_subjects"] == 2
    assert dl1["peak"] == {"n": 2, "median": 430, "min": 60, "max": 800}
    assert dl1["fold_change"] == {"n": 1, "median": 100, "min": 100, "max": 100}
    assert set(dl1) == {"n_subjects", "baseline", "peak", "peak_day", "fold_change", "auc0_28"}
    assert {g: s["n_subjects"] for g, s in il6["by_crs_grade"].items()} == {"0": 1, "2": 1}
    assert pd["ferritin"]["subjects"] == {} and pd["ferritin"]["by_dose_level"] == {}

    assert main(["--db", either_db.url, "endpoints", "--as-of", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "Pharmacodynamics, Day 0-28" in out
    assert "il6 pg/mL DL1: n=2  baseline 4 (0-8)  peak 430 (60-800) on day 2.5 (2-3)  fold 100 (100-100)" in out
    assert "il6 median fold by worst CRS grade: 0: n/a (n=0)  2: 100 (n=1)" in out


def test_a_database_packed_before_the_cytokines_joined_the_packs_is_repacked(tmp_path):
    path = tmp_path / "old.sqlite3"
    with open_database(str(path)) as db:
        stored_cohort(db, tmp_path)
        enrol(db, NewSubject("CD1922-003", "BJ01", "DL2", INFUSED, birth_date=D(1992, 1, 1)), TODAY)
        lab = tmp_path / "igg.csv"
        lab.write_text(HEADER + f"CD1922-003,{day(30)},igg,6.5,g/L,,\n", encoding="utf-8")
        import_results(db, lab, TODAY)
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "0010")
    engine.dispose()
    # Subject 3's pack as schema 0010 wrote it, igg under its code of then; its stamp
    # still matches the result table, so only the upgrade can tell the codes moved.
    old_codes = ("car_cells", "car_copies", "cd19_b_cells", "ferritin", "hama", "igg", "mrd", "rcl")
    con = sqlite3.connect(path)
    (result_id,) = con.execute("SELECT id FROM result WHERE analyte = 'igg'").fetchone()
    packed = packs.np.zeros(1, dtype=packs.PACK)
    packed[0] = (result_id, INFUSED.toordinal() + 30, old_codes.index("igg"), 0, 0, 6.5, packs.np.nan)
    con.execute(
        "INSERT INTO result_pack (subject_id, n_results, max_result_id, data) VALUES (3, 1, ?, ?)",
        (result_id, packed.tobytes()),
    )
    con.commit()
    con.close()
    with open_database(str(path)) as db:
        assert db.migration == "upgraded"
        with db.session() as s:
            loaded = packs.load(s)
            assert [(r.analyte, r.value) for r in loaded[3]] == [("igg", 6.5)]
            assert [r.analyte for r in loaded[1]] == ["il6"] * 4
        il6 = endpoints.compute(db, TODAY).pd.analyte("il6")
        assert [(p.subject_id, p.peak) for p in il6.subjects] == [("CD1922-001", 800), ("CD1922-002", 60)]


def test_the_demo_cohort_has_baselines_before_day_0_and_samples_through_day_28(tmp_path):
    with open_database(str(tmp_path / "demo.sqlite3")) as db:
        build_demo(db, subjects=40, seed=1, today=D(2026, 11, 29))
        pd = endpoints.compute(db, D(2026, 11, 29)).pd
    for block in pd.analytes:
        rows = block.subjects
        assert len(rows) == 40, block.analyte
        assert all(r.baseline_day is not None and r.baseline_day <= 0 for r in rows)
        assert sum(r.fold_change is not None for r in rows) >= 35
        assert sum(r.auc_0_28 is not None for r in rows) >= 20
        assert [s.dose_level for s in block.by_dose_level] == ["DL1", "DL2", "DL3"]
    # The surge follows the CRS grade: IL-6 median fold rises from no CRS to grade 4.
    folds = [s.fold_change.median for s in pd.analyte("il6").by_crs_grade]
    assert [s.crs_grade for s in pd.analyte("il6").by_crs_grade] == [0, 1, 2, 3, 4]
    assert folds == sorted(folds) and folds[-1] > 50 * folds[0]
