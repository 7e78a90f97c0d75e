"""Several studies in one database (issue 21, part 1), on SQLite and PostgreSQL.

A study is a protocol id: `ltfu protocol add` loads a new one, enrolment and
subjects.csv pick one, and every analysis reads one study's subjects by its own
protocol, giving the numbers a database holding that study alone gives.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from ltfu import cli
from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.schedule.protocol import bundled_protocol_path, load_bundled
from ltfu.services import protocols
from ltfu.services.annual_report import build_annual_content
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary
from ltfu.services.imports import import_file
from ltfu.services.subjects import NewSubject, enrol

PH1, PH2 = "cd19-cd22-ph1", "cd19-cd22-ph2"
TODAY = dt.date(2026, 11, 1)


def ph2_file(tmp_path, change: tuple[str, str] | None = None):
    text = bundled_protocol_path(PH2).read_text(encoding="utf-8")
    if change:
        assert change[0] in text
        text = text.replace(*change)
    path = tmp_path / "phase2.toml"
    path.write_text(text, encoding="utf-8")
    return path


def visit_codes(db, study_id: str) -> list[str]:
    with db.session(read_only=True) as s:
        return list(
            s.scalars(
                select(m.Visit.code)
                .join(m.Subject, m.Subject.id == m.Visit.subject_id)
                .where(m.Subject.study_id == study_id, m.Visit.voided_at.is_(None))
                .order_by(m.Visit.nominal_date)
            )
        )


def test_the_shipped_phase_ii_is_its_own_plan_with_yearly_questionnaires_and_rcl_rule():
    ph1, ph2 = load_bundled(PH1), load_bundled(PH2)
    assert ph2.id == PH2 and ph2.codes != ph1.codes
    yearly = [v for v in ph2.visits if v.code.startswith("Y")]
    assert [v.code for v in yearly] == [f"Y{n}" for n in range(6, 16)]
    assert all(v.mode == "phone" and "Q" in v.assessments for v in yearly)
    assert ph2.rcl_first_year == ("M6", "M12") != ph1.rcl_first_year


def test_protocol_add_registers_once_lists_and_is_audited(any_db, tmp_path):
    path = ph2_file(tmp_path)
    added = protocols.add(any_db, path, TODAY)
    again = protocols.add(any_db, path, TODAY)

    assert added.added and not again.added
    assert (added.protocol_id, added.version_label, added.subjects) == (PH2, "1.0", 0)
    assert added.title.startswith("Human CD19-CD22") and "phase II" in added.title
    assert [s.protocol_id for s in protocols.list_studies(any_db)] == [PH2]
    with any_db.session(read_only=True) as s:
        assert s.scalar(select(func.count()).select_from(m.ProtocolVersion)) == 1
        [entry] = s.scalars(select(m.AuditEvent).where(m.AuditEvent.table_name == "protocol_version")).all()
        assert "phase2.toml added" in (entry.reason or "")


def test_protocol_add_refuses_a_bad_file_with_file_line_and_field_and_changes_nothing(any_db, tmp_path):
    path = ph2_file(tmp_path, ('code = "D7"\nday = 7\nearly = 1', 'code = "D7"\nday = 7\nearly = -1'))
    line = path.read_text(encoding="utf-8").splitlines().index("early = -1") + 1

    with pytest.raises(ValidationError) as raised:
        protocols.add(any_db, path, TODAY)
    assert f"phase2.toml: line {line}: visits[1] (D7): window early=-1 must be >= 0" in str(raised.value)
    assert protocols.list_studies(any_db) == ()


def test_a_changed_file_of_a_study_already_here_is_an_amendment_not_an_add(any_db, tmp_path):
    protocols.add(any_db, ph2_file(tmp_path), TODAY)
    with pytest.raises(ValidationError, match="amendment .*ltfu protocol amend"):
        protocols.add(any_db, ph2_file(tmp_path, ('version = "1.0"', 'version = "1.1"')), TODAY)
    assert [s.versions for s in protocols.list_studies(any_db)] == [1]


def test_enrolment_plans_by_the_chosen_study_and_refuses_a_guess_between_two(any_db, tmp_path):
    enrol(any_db, NewSubject("P1-001", "BJ01", "DL1", dt.date(2026, 1, 5)), TODAY)  # the only study: the default
    protocols.add(any_db, ph2_file(tmp_path), TODAY)
    enrol(any_db, NewSubject("P2-001", "SH02", "DL2", dt.date(2026, 1, 5), protocol=PH2), TODAY)

    assert visit_codes(any_db, "P1-001") == list(load_bundled(PH1).codes)
    assert visit_codes(any_db, "P2-001") == list(load_bundled(PH2).codes)
    with pytest.raises(ValidationError, match=r"2 studies \(cd19-cd22-ph1, cd19-cd22-ph2\)"):
        enrol(any_db, NewSubject("X-001", "BJ01", "DL1", dt.date(2026, 1, 5)), TODAY)
    with pytest.raises(ValidationError, match="No study 'cd30-ph9'"):
        enrol(any_db, NewSubject("X-001", "BJ01", "DL1", dt.date(2026, 1, 5), protocol="cd30-ph9"), TODAY)
    assert {s.protocol_id: s.subjects for s in protocols.list_studies(any_db)} == {PH1: 1, PH2: 1}


def test_subjects_csv_protocol_column_picks_each_rows_study(any_db, tmp_path):
    protocols.add(any_db, ph2_file(tmp_path), TODAY)
    enrol(any_db, NewSubject("P1-001", "BJ01", "DL1", dt.date(2026, 1, 5), protocol=PH1), TODAY)
    good = tmp_path / "subjects.csv"
    good.write_text(
        "subject_id,site,dose_level,infusion_date,protocol\n"
        f"P1-002,BJ01,DL1,2026-02-01,{PH1}\n"
        f"P2-002,SH02,DL2,2026-02-01,{PH2}\n"
        f"P1-001,BJ01,DL1,2026-01-05,{PH1}\n",  # already enrolled, same study: left alone
        encoding="utf-8",
    )
    import_file(any_db, "subjects", good, TODAY)
    assert visit_codes(any_db, "P2-002") == list(load_bundled(PH2).codes)
    assert {s.protocol_id: s.subjects for s in protocols.list_studies(any_db)} == {PH1: 2, PH2: 1}

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "subject_id,site,dose_level,infusion_date,protocol\n"
        "P9-001,BJ01,DL1,2026-02-01,\n"  # two studies here: which?
        "P9-002,BJ01,DL1,2026-02-01,cd30-ph9\n"
        f"P1-001,BJ01,DL1,2026-01-05,{PH2}\n",  # enrolled in the phase I
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as raised:
        import_file(any_db, "subjects", bad, TODAY)
    text = str(raised.value)
    assert "line 2" in text and "say which study" in text
    assert "line 3" in text and "No study 'cd30-ph9'" in text
    assert "line 4" in text and f"protocol {PH2} differs from the enrolled study {PH1}" in text
    assert {s.protocol_id: s.subjects for s in protocols.list_studies(any_db)} == {PH1: 2, PH2: 1}


def test_subjects_csv_without_the_column_joins_the_only_study(any_db, tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_text("subject_id,site,dose_level,infusion_date\nA-001,BJ01,DL1,2026-02-01\n", encoding="utf-8")
    import_file(any_db, "subjects", path, TODAY)
    assert [(s.protocol_id, s.subjects) for s in protocols.list_studies(any_db)] == [(PH1, 1)]


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    """A SQLite database holding the phase I demo alone (the same seed as the two-study one)."""
    path = tmp_path_factory.mktemp("alone") / "alone.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=24, seed=3, today=TODAY)
    return path


def test_each_studys_numbers_equal_a_database_holding_that_study_alone(any_db, alone):
    summary_two = build_demo(any_db, subjects=24, seed=3, today=TODAY, studies=2)
    assert summary_two is not None and summary_two.subjects == 24 + 12

    with open_database(str(alone)) as db:
        endpoints_alone = summary(compute(db, TODAY))
        annual_alone = build_annual_content(db, 2026, TODAY, today=TODAY)
    assert summary(compute(any_db, TODAY, PH1)) == endpoints_alone
    annual = build_annual_content(any_db, 2026, TODAY, today=TODAY, study=PH1)
    assert annual == annual_alone

    phase2 = build_annual_content(any_db, 2026, TODAY, today=TODAY, study=PH2)
    assert (phase2.protocol_id, phase2.study_title) == (PH2, load_bundled(PH2).title)
    ph2_endpoints = compute(any_db, TODAY, PH2)
    assert set(ph2_endpoints.infused_by_dose_level) == {"DL2"}
    assert sum(ph2_endpoints.infused_by_dose_level.values()) == 12
    with pytest.raises(ValidationError, match="choose one"):
        compute(any_db, TODAY)


def test_cli_endpoints_of_a_study_equal_the_study_alone(tmp_path, capsys, alone):
    two = tmp_path / "two.sqlite3"
    demo = ["demo", "--subjects", "24", "--seed", "3", "--today", "2026-11-01", "--studies", "2"]
    assert cli.main(["--db", str(two), *demo]) == 0
    capsys.readouterr()

    def endpoints(db, *options: str) -> dict:
        assert cli.main(["--db", str(db), "endpoints", "--as-of", "2026-11-01", *options, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    assert endpoints(two, "--study", PH1) == endpoints(alone)

    assert cli.main(["--db", str(two), "endpoints", "--as-of", "2026-11-01"]) == 1
    assert "choose one (--study ID" in capsys.readouterr().err
    assert cli.main(["--db", str(two), "protocol", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["protocol_id"], s["subjects"]) for s in listed] == [(PH1, 24), (PH2, 12)]


def test_cli_protocol_add_says_what_is_wrong_where(tmp_path, capsys):
    path = ph2_file(tmp_path, ('mode = "phone"', 'mode = "post"'))
    db = tmp_path / "db.sqlite3"
    assert cli.main(["--db", str(db), "protocol", "add", str(path)]) == 1
    err = capsys.readouterr().err
    assert "phase2.toml: line" in err and "mode 'post' is not one of: clinic, phone" in err
    assert cli.main(["--db", str(db), "protocol", "add", str(ph2_file(tmp_path))]) == 0
    assert capsys.readouterr().out.startswith(f"added {PH2} version 1.0")


def test_the_handover_archive_carries_each_studys_report_and_restores_its_numbers(tmp_path):
    import zipfile

    from ltfu.services.archive import restore_archive, write_handover_archive

    with open_database(str(tmp_path / "two.sqlite3")) as db:
        build_demo(db, subjects=12, seed=2, today=TODAY, studies=2)
        write_handover_archive(db, tmp_path / "handover.zip", TODAY)
        before = {study: summary(compute(db, TODAY, study)) for study in (PH1, PH2)}
    names = zipfile.ZipFile(tmp_path / "handover.zip").namelist()
    assert {f"reports/annual-report-2026-{PH1}.pdf", f"reports/annual-report-2026-{PH2}.pdf"} <= set(names)
    restored = restore_archive(tmp_path / "handover.zip", str(tmp_path / "restored.sqlite3"))
    try:
        assert {study: summary(compute(restored, TODAY, study)) for study in (PH1, PH2)} == before
    finally:
        restored.dispose()


def test_an_odm_file_is_of_one_study(any_db, tmp_path):
    import xml.etree.ElementTree as ET

    from ltfu.services.odm import export_odm

    build_demo(any_db, subjects=10, seed=4, today=TODAY, studies=2)
    with pytest.raises(ValidationError, match="choose one"):
        export_odm(any_db, tmp_path / "all.xml")
    summary = export_odm(any_db, tmp_path / "ph2.xml", study=PH2)
    ns = {"odm": "http://www.cdisc.org/ns/odm/v1.3"}
    root = ET.parse(tmp_path / "ph2.xml").getroot()
    keys = [s.get("SubjectKey") for s in root.iterfind(".//odm:SubjectData", ns)]
    assert summary.subjects == len(keys) == 5 and all(k.startswith("CD1922P2-") for k in keys)
    assert root.find("odm:Study", ns).get("OID") == f"ST.{PH2}"
    visits = {e.get("OID") for e in root.iterfind(".//odm:StudyEventDef", ns)}
    assert "SE.Y6" in visits and "SE.D1" not in visits  # the phase II plan, not the phase I's


def test_the_worklist_and_the_calendar_take_every_study_or_one(tmp_path, capsys):
    db_file = tmp_path / "two.sqlite3"
    with open_database(str(db_file)) as db:
        build_demo(db, subjects=10, seed=5, today=TODAY, studies=2)
    base = ["--db", str(db_file)]
    assert cli.main([*base, "worklist", "--today", "2026-11-01", "--days", "60", "--json"]) == 0
    every = json.loads(capsys.readouterr().out)
    studies = {r["study"] for status in ("overdue", "due", "upcoming") for r in every[status]}
    assert studies == {PH1, PH2}
    assert cli.main([*base, "worklist", "--today", "2026-11-01", "--days", "60", "--study", PH2]) == 0
    text = capsys.readouterr().out
    assert "study cd19-cd22-ph2" in text and "CD1922P2-" in text and "CD1922-0" not in text
    assert cli.main([*base, "worklist", "--study", "bcma-ph1"]) == 1
    assert "No study 'bcma-ph1' in this database." in capsys.readouterr().err

    ics = tmp_path / "ph2.ics"
    argv = ["export", "ical", str(ics), "--from", "2026-11-01", "--to", "2027-06-30", "--study", PH2]
    assert cli.main([*base, *argv]) == 0
    capsys.readouterr()
    calendar = ics.read_text(encoding="utf-8")
    assert "CD1922P2-" in calendar and "CD1922-0" not in calendar
