"""USERS.md scene 16 end to end (issue 21): three trials, two sites, one database.

The CD19-CD22 phase I, its phase II and a BCMA trial (`ltfu demo --studies 3`) share one
database. The PI's worklist mixes them with a study column; the PI builds each trial's
annual report on its own, and the phase I's has the numbers of a database holding that
study alone; a nurse granted only BJ01 never sees a subject of SH02 (list, search,
worklist). A patient moves from SH02 to BJ01: his history moves with him, and his
printed plan now carries BJ01's address. The key assertions again on the services, on
SQLite and on PostgreSQL."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.services import browse, transfers
from ltfu.services.annual_report import build_annual_content
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary
from ltfu.services.letters import make_letters, schedule_pdf
from ltfu.services.visits import subject_schedule
from ltfu.services.worklist import worklist

from .conftest import ADMIN, DEMO_TODAY, NURSE, PI, WAIT_MS, open_chart, open_for_sign_in, sign_in, wait_idle
from .test_queries_window import switch_user
from .test_subjects_page import loaded_subjects, shown_ids

STUDIES = ("bcma-ph1", "cd19-cd22-ph1", "cd19-cd22-ph2")
PH1 = "cd19-cd22-ph1"
BEIJING, SHANGHAI = "1 Demo Road, Beijing", "2 Example Lane, Shanghai"


@pytest.fixture(scope="module")
def three_template(tmp_path_factory) -> Path:
    """Three demo studies (20 + 10 + 10 subjects) with an administrator, the PI and a nurse
    granted BJ01 only."""
    path = tmp_path_factory.mktemp("three") / "three.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=20, seed=1, today=DEMO_TODAY, studies=3)
        browse.create_first_administrator(db, ADMIN[0], ADMIN[1], ADMIN[3])
        for user in (PI, NURSE):
            browse.add_user(db, *user)
        browse.grant_access(db, NURSE[0], None, "BJ01")
    return path


@pytest.fixture(scope="module")
def alone_hash(tmp_path_factory) -> str:
    """The data hash of this year's annual report of a database holding the phase I alone."""
    path = tmp_path_factory.mktemp("alone") / "alone.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=20, seed=1, today=DEMO_TODAY)
        return build_annual_content(db, DEMO_TODAY.year, DEMO_TODAY, today=DEMO_TODAY).data_sha256


def pdf_text(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages).split())


def test_scene16_three_trials_two_sites(qtbot, three_template, alone_hash, tmp_path):
    path = tmp_path / "three.sqlite3"
    shutil.copyfile(three_template, path)
    with open_database(str(path)) as db:
        rows = browse.subject_rows(db, DEMO_TODAY)
        hashes = {
            s: build_annual_content(db, DEMO_TODAY.year, DEMO_TODAY, today=DEMO_TODAY, study=s).data_sha256
            for s in STUDIES
        }
    assert {r.study for r in rows} == set(STUDIES)
    sh02 = {r.study_id for r in rows if r.site == "SH02"}
    moving = next(r.study_id for r in rows if r.site == "SH02" and r.study == PH1 and r.status == "active")

    # The PI: one worklist of the three trials, with a study column.
    window = open_for_sign_in(qtbot, path, DEMO_TODAY)
    sign_in(qtbot, window, PI)
    page = window.worklist_page
    column = page.model.columnCount() - 1
    assert page.model.headerData(column, Qt.Orientation.Horizontal) == "Study"
    assert not page.table.isColumnHidden(column)
    shown = {page.model.text(r, column) for r in range(page.model.rowCount())}
    assert len(shown) >= 2 and shown <= set(STUDIES)

    # Each trial's annual report on its own: the phase I's numbers are those of the phase I alone.
    reports = window.reports_page
    window.pages.setCurrentWidget(reports)
    reports.set_kind("annual")
    made = {}
    for study in STUDIES:
        reports.study.combo.setCurrentIndex(reports.study.combo.findData(study))
        with qtbot.waitSignal(reports.generated, timeout=WAIT_MS * 4) as done:
            qtbot.mouseClick(reports.generate_button, Qt.MouseButton.LeftButton)
        made[study] = done.args[0]
        assert made[study].study == study
    assert {s: o.data_hash for s, o in made.items()} == hashes
    assert made[PH1].data_hash == alone_hash
    assert "myeloma" in pdf_text(made["bcma-ph1"].pdf)
    wait_idle(qtbot, window)

    # The PI moves a phase I patient from SH02 to BJ01, from his chart.
    chart = open_chart(qtbot, window, moving)
    history = (len(chart.data.record.results), chart.visits_model.rowCount())
    dialog = chart.transfer()
    assert dialog.site.currentData() == "BJ01"
    dialog.reason.setPlainText("moved to Beijing")
    with qtbot.waitSignal(chart.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert chart.message.text() == f"Moved to site BJ01 on {DEMO_TODAY}."
    wait_idle(qtbot, window)
    window.charts.pop(moving).close()

    # The nurse of BJ01: no SH02 subject on the worklist, in the list or by search; the
    # patient who moved is hers, with his whole history.
    switch_user(qtbot, window, NURSE)
    listed = window.worklist_page.model.rows
    assert listed and {r.site for r in listed} == {"BJ01"}
    assert not {r.study_id for r in listed} & (sh02 - {moving})
    window.find_subject()
    subjects = loaded_subjects(qtbot, window)
    assert not set(shown_ids(subjects)) & (sh02 - {moving}) and moving in shown_ids(subjects)
    for study_id in sorted(sh02 - {moving})[:3]:
        subjects.search.setText(study_id)
        assert shown_ids(subjects) == []
    subjects.search.setText("")
    chart = open_chart(qtbot, window, moving)
    assert (len(chart.data.record.results), chart.visits_model.rowCount()) == history
    wait_idle(qtbot, window)
    window.close()

    # His printed plan carries BJ01's address now.
    with open_database(str(path)) as db:
        db.sign_in(NURSE[0], NURSE[3])
        text = pdf_text(schedule_pdf(db, moving, DEMO_TODAY))
    assert BEIJING in text and SHANGHAI not in text


def test_scene16_on_the_services_sqlite_and_postgresql(any_db, tmp_path):
    """Three studies in one database (the PostgreSQL server too): the phase I's endpoints
    and annual report equal those of the phase I alone; a BJ01 nurse reads no SH02 subject;
    a move carries the subject's history and the new site's address."""
    db = any_db
    build_demo(db, subjects=12, seed=1, today=DEMO_TODAY, studies=3)
    with open_database(str(tmp_path / "alone.sqlite3")) as alone:
        build_demo(alone, subjects=12, seed=1, today=DEMO_TODAY)
        endpoints_alone = summary(compute(alone, DEMO_TODAY))
        annual_alone = build_annual_content(alone, DEMO_TODAY.year, DEMO_TODAY, today=DEMO_TODAY)
    assert summary(compute(db, DEMO_TODAY, PH1)) == endpoints_alone
    assert build_annual_content(db, DEMO_TODAY.year, DEMO_TODAY, today=DEMO_TODAY, study=PH1) == annual_alone
    assert {s: sum(compute(db, DEMO_TODAY, s).infused_by_dose_level.values()) for s in STUDIES} == {
        "bcma-ph1": 6,
        PH1: 12,
        "cd19-cd22-ph2": 6,
    }

    browse.create_first_administrator(db, ADMIN[0], ADMIN[1], ADMIN[3])
    browse.add_user(db, *NURSE)
    browse.grant_access(db, NURSE[0], None, "BJ01")
    rows = browse.subject_rows(db, DEMO_TODAY)
    sh02 = {r.study_id for r in rows if r.site == "SH02"}
    with db.session(read_only=True) as session:  # one with an address to write to
        addressed = set(
            session.scalars(select(m.Subject.study_id).join(m.Contact).where(m.Contact.address.is_not(None)))
        )
    moving = next(
        r.study_id
        for r in rows
        if r.site == "SH02" and r.study == PH1 and r.status == "active" and r.study_id in addressed
    )
    before = browse.subject_record(db, moving)
    transfers.transfer_subject(db, moving, "BJ01", DEMO_TODAY, "moved to Beijing", DEMO_TODAY)

    db.sign_in(NURSE[0], NURSE[3])
    seen = {r.study_id for r in browse.subject_rows(db, DEMO_TODAY)}
    assert moving in seen and not seen & (sh02 - {moving})
    listed = worklist(db, DEMO_TODAY, 60)
    assert not ({r.study_id for r in listed.rows} | {a.study_id for a in listed.alerts}) & (sh02 - {moving})
    assert browse.subject_record(db, moving).results == before.results
    text = pdf_text(schedule_pdf(db, moving, DEMO_TODAY))
    assert BEIJING in text and SHANGHAI not in text
    # The letter for his next visit comes from BJ01 too.
    opens = min(v.window_start for v in subject_schedule(db, moving, DEMO_TODAY).visits if v.window_start > DEMO_TODAY)
    run = make_letters(db, opens, opens, DEMO_TODAY, log=False)
    assert moving in [study_id for study_id, _code, _language in run.printed] and run.pdf is not None
    pages = [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(run.pdf)).pages]
    assert len(run.printed) == 1, (run.printed, pages)  # his alone that day
    page = " ".join(pages)
    assert BEIJING in page and SHANGHAI not in page
