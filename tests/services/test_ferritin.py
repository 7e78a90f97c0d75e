"""Ferritin (ng/mL, for CRS monitoring), added as one declaration in ltfu/vocabulary.py
plus its translation, end to end: import, export with its dictionary, ODM, the
endpoints' data problems, and an existing database upgraded to take it. (The chart:
tests/ui/test_chart.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, select, text

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.db.migrate import _alembic_config
from ltfu.errors import ImportRowsError, ValidationError
from ltfu.services import endpoints, packs
from ltfu.services.database import open_database
from ltfu.services.export import export_csv
from ltfu.services.imports import import_results
from ltfu.services.odm import ODM_NAMESPACE, export_odm
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)
INFUSED = D(2025, 11, 28)
SUBJECT = "CD1922-017"
HEADER = "subject_id,date,analyte,value,unit,qualifier,assay\n"
Q = f"{{{ODM_NAMESPACE}}}"


def enrolled(db) -> None:
    enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSED, birth_date=D(2001, 3, 3)), INFUSED)


def ferritin_file(tmp_path: Path) -> Path:
    path = tmp_path / "results.csv"
    path.write_text(
        HEADER + f"{SUBJECT},2025-12-01,ferritin,1250.5,ng/mL,,immunoassay\n"
        f"{SUBJECT},2025-12-05,ferritin,8400,µg/L,,immunoassay\n"
        f"{SUBJECT},2025-12-26,ferritin,15,UG/L,<,immunoassay\n",
        encoding="utf-8",
    )
    return path


def stored_ferritin(db) -> list[tuple]:
    with db.session() as s:
        return s.execute(
            select(m.Result.result_date, m.Result.value, m.Result.unit, m.Result.blq, m.Result.lloq)
            .where(m.Result.analyte == "ferritin")
            .order_by(m.Result.result_date)
        ).all()


def test_a_results_file_with_ferritin_is_imported_in_ng_per_ml_on_both_databases(any_db, tmp_path):
    enrolled(any_db)
    path = ferritin_file(tmp_path)
    assert import_results(any_db, path, TODAY).added == 3
    assert stored_ferritin(any_db) == [
        (D(2025, 12, 1), 1250.5, "ng/mL", False, None),
        (D(2025, 12, 5), 8400.0, "ng/mL", False, None),  # ug/L is the same number
        (D(2025, 12, 26), 15.0, "ng/mL", True, 15.0),  # below the limit: kept as the limit
    ]
    again = import_results(any_db, path, TODAY)
    assert (again.added, again.unchanged) == (0, 3)


def test_an_implausible_or_wrongly_unitted_ferritin_is_refused_with_its_line(db, tmp_path):
    enrolled(db)
    path = tmp_path / "results.csv"
    path.write_text(
        HEADER + f"{SUBJECT},2025-12-01,ferritin,250000,ng/mL,,\n{SUBJECT},2025-12-02,ferritin,300,mg/L,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_results(db, path, TODAY)
    reasons = dict(caught.value.problems)
    assert "ferritin 250000 ng/mL is outside the plausible range 0 to 100,000 ng/mL" in reasons[2]
    assert "unit 'mg/L' does not fit ferritin (use 'ng/ml' or 'ug/l')" in reasons[3]
    with pytest.raises(ValidationError, match="outside the plausible range 0 to 100,000 ng/mL"):
        record_result(db, SUBJECT, NewResult("ferritin", D(2025, 12, 1), 2e5, unit="ng/mL"), TODAY)
    assert stored_ferritin(db) == []


def test_the_csv_export_and_its_dictionary_carry_ferritin_with_its_unit(db, tmp_path):
    enrolled(db)
    import_results(db, ferritin_file(tmp_path), TODAY)
    folder = tmp_path / "export"
    export_csv(db, folder)
    with (folder / "results.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["analyte"] == "ferritin"]
    assert [(r["result_date"], r["value"], r["unit"], r["blq"]) for r in rows] == [
        ("2025-12-01", "1250.5", "ng/mL", "false"),
        ("2025-12-05", "8400.0", "ng/mL", "false"),
        ("2025-12-26", "15.0", "ng/mL", "true"),
    ]
    with (folder / "dictionary.csv").open(encoding="utf-8", newline="") as handle:
        dictionary = {(r["table"], r["column"]): r for r in csv.DictReader(handle)}
    assert "ferritin" in dictionary["results", "analyte"]["allowed_values"].split(", ")
    assert "crp mg/L; ferritin ng/mL; mrd" in dictionary["results", "analyte"]["meaning"]
    assert "ng/mL" in dictionary["results", "unit"]["allowed_values"].split(", ")


def _odm_schema() -> Path:
    spec = importlib.util.find_spec("odmlib")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("the ODM 1.3.2 schema files come with the odmlib package (test dependency), not installed here")
    return Path(next(iter(spec.submodule_search_locations))) / "schemas" / "odm" / "1.3.2" / "ODM1-3-2.xsd"


def test_the_odm_file_carries_ferritin_with_its_unit_and_stays_valid(db, tmp_path):
    xmlschema = pytest.importorskip("xmlschema")
    enrolled(db)
    import_results(db, ferritin_file(tmp_path), TODAY)
    path = tmp_path / "study.xml"
    export_odm(db, path, created=dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC))
    errors = [str(e)[:300] for e in xmlschema.XMLSchema(str(_odm_schema())).iter_errors(str(path))]
    assert errors == []
    root = ET.parse(path).getroot()
    units = {u.get("OID"): u.get("Name") for u in root.iter(f"{Q}MeasurementUnit")}
    assert units["MU.NG_PER_ML"] == "ng/mL"
    analytes = next(c for c in root.iter(f"{Q}CodeList") if c.get("OID") == "CL.ANALYTE")
    assert "ferritin" in [i.get("CodedValue") for i in analytes.iter(f"{Q}CodeListItem")]
    found = []
    for group in root.iter(f"{Q}ItemGroupData"):
        items = {i.get("ItemOID"): i for i in group.iter(f"{Q}ItemData")}
        if group.get("ItemGroupOID") == "IG.LAB" and items["IT.LAB.ANALYTE"].get("Value") == "ferritin":
            value = items["IT.LAB.VALUE"]
            unit_ref = value.find(f"{Q}MeasurementUnitRef").get("MeasurementUnitOID")
            found.append((value.get("Value"), items["IT.LAB.UNIT"].get("Value"), unit_ref))
    assert sorted(found) == [
        ("1250.5", "ng/mL", "MU.NG_PER_ML"),
        ("15.0", "ng/mL", "MU.NG_PER_ML"),
        ("8400.0", "ng/mL", "MU.NG_PER_ML"),
    ]


def test_an_implausible_ferritin_already_stored_is_an_endpoints_data_problem(any_db, tmp_path, capsys):
    enrolled(any_db)
    import_results(any_db, ferritin_file(tmp_path), TODAY)
    with any_db.session() as s:  # typed in before entry checked it: 1e9 ng/mL
        s.connection().execute(
            text(
                "INSERT INTO result (subject_id, result_date, analyte, value, unit, blq) VALUES "
                "((SELECT id FROM subject WHERE study_id = :sid), :day, 'ferritin', 1e9, 'ng/mL', false)"
            ),
            {"sid": SUBJECT, "day": D(2025, 12, 5)},
        )
    expected = [(SUBJECT, "ferritin result", "1e+09 ng/mL")]
    problems = endpoints.compute(any_db, TODAY).data_problems
    assert [(p.subject_id, p.what, p.value) for p in problems] == expected  # from the table (stale packs)
    assert "outside the plausible range 0 to 100,000 ng/mL" in problems[0].reason
    with any_db.session() as s:
        packs.rebuild(s)
    problems = endpoints.compute(any_db, TODAY).data_problems
    assert [(p.subject_id, p.what, p.value) for p in problems] == expected  # and from the packs
    assert main(["--db", any_db.url, "endpoints", "--as-of", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "CD1922-017: ferritin result of 2025-12-05 1e+09 ng/mL: value outside the plausible range" in out


def test_a_database_of_the_schema_before_ferritin_upgrades_keeps_its_results_and_takes_ferritin(tmp_path):
    path = tmp_path / "old.sqlite3"
    with open_database(str(path)) as db:
        enrolled(db)
        lab = tmp_path / "old.csv"
        lab.write_text(
            HEADER + f"{SUBJECT},2025-12-05,car_copies,2000,copies/ug,,\n{SUBJECT},2026-05-28,rcl,negative,,,\n"
            f"{SUBJECT},2026-05-28,igg,6.5,g/L,,\n",
            encoding="utf-8",
        )
        import_results(db, lab, TODAY)
    # Back to the schema before ferritin, its packs written with that schema's codes.
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = _alembic_config(conn)
        ferritin = next(r for r in ScriptDirectory.from_config(config).walk_revisions() if "ferritin" in (r.doc or ""))
        command.downgrade(config, ferritin.down_revision)
    engine.dispose()
    old_codes = ("car_cells", "car_copies", "cd19_b_cells", "hama", "igg", "mrd", "rcl")
    con = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="ck_result_analyte"):
        con.execute(
            "INSERT INTO result (subject_id, result_date, analyte, value, unit, blq) "
            "VALUES (1, '2026-01-01', 'ferritin', 5, 'ng/mL', 0)"
        )
    rows = sorted(
        con.execute("SELECT id, result_date, analyte, value, category FROM result").fetchall(),
        key=lambda r: (r[2], r[1]),
    )
    packed = packs.np.zeros(len(rows), dtype=packs.PACK)
    for i, (rid, day, analyte, value, category) in enumerate(rows):
        packed[i] = (rid, D.fromisoformat(day).toordinal(), old_codes.index(analyte), packs._CATEGORY_CODE[category],
                     0, packs.np.nan if value is None else value, packs.np.nan)  # fmt: skip
    con.execute(
        "INSERT INTO result_pack (subject_id, n_results, max_result_id, data) VALUES (1, ?, ?, ?)",
        (len(rows), max(r[0] for r in rows), packed.tobytes()),
    )
    con.commit()
    con.close()

    with open_database(str(path)) as db:
        assert db.migration == "upgraded"
        with db.session() as s:
            assert [(r.analyte, r.value, r.category) for r in packs.load(s)[1]] == [
                ("car_copies", 2000.0, None),
                ("igg", 6.5, None),
                ("rcl", None, "negative"),
            ]
        assert import_results(db, ferritin_file(tmp_path), TODAY).added == 3
        assert len(stored_ferritin(db)) == 3
