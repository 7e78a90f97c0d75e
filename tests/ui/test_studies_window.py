"""Several studies in the window (issue 21, part 1; USERS.md scene 16): the worklist
mixes them with a study column and a filter, the subject list and the chart say each
subject's study, the dose levels and the reports are of one study; a database of one
study looks as it always did. Settings adds a study's protocol file; a subject is
enrolled into a chosen study."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt

from ltfu.schedule.protocol import bundled_protocol_path, load_bundled
from ltfu.services.database import open_database
from ltfu.services.dose_levels import dose_levels
from ltfu.services.worklist import worklist

from .conftest import DEMO_TODAY, WAIT_MS, open_window

PH1, PH2 = "cd19-cd22-ph1", "cd19-cd22-ph2"


@pytest.fixture(scope="module")
def two_template(tmp_path_factory) -> Path:
    from ltfu.services.demo import build_demo

    path = tmp_path_factory.mktemp("two") / "two.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=20, seed=1, today=DEMO_TODAY, studies=2)
    return path


@pytest.fixture
def two_path(two_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "two.sqlite3"
    shutil.copyfile(two_template, target)
    return target


@pytest.fixture
def two_window(qtbot, two_path):
    window = open_window(qtbot, two_path, DEMO_TODAY)
    yield window
    window.close()


def study_column(model) -> int:
    return model.columnCount() - 1


def test_the_worklist_mixes_the_studies_with_a_column_and_a_filter(qtbot, two_window, two_path):
    page = two_window.worklist_page
    with open_database(str(two_path)) as db:
        every = worklist(db, DEMO_TODAY, 7)
        phase2 = worklist(db, DEMO_TODAY, 7, study=PH2)
    assert {r.study for r in every.rows} == {PH1, PH2}
    assert page.model.headerData(study_column(page.model), Qt.Orientation.Horizontal) == "Study"
    assert not page.table.isColumnHidden(study_column(page.model))
    assert page.study.isVisibleTo(page)
    shown = {page.model.text(r, study_column(page.model)) for r in range(page.model.rowCount())}
    assert shown == {PH1, PH2}

    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.study.setCurrentIndex(page.study.findData(PH2))
    assert {(r.study_id, r.code) for r in page.model.rows} == {(r.study_id, r.code) for r in phase2.rows}
    assert {r.study for r in page.model.rows} == {PH2}
    assert all(a.study_id.startswith("CD1922P2-") for a in phase2.alerts if a.study_id)


def test_one_study_shows_no_study_column_or_filter(demo_window):
    page = demo_window.worklist_page
    assert demo_window.desk.studies == (PH1,)
    assert page.table.isColumnHidden(study_column(page.model))
    assert not page.study.isVisibleTo(page)
    subjects = demo_window.subjects_page
    assert subjects.table.isColumnHidden(study_column(subjects.model))
    assert not subjects.study.isVisibleTo(subjects)
    assert not demo_window.dose_page.study.isVisibleTo(demo_window.dose_page)


def test_the_subject_list_and_the_chart_say_the_study(qtbot, two_window):
    subjects = two_window.subjects_page
    with qtbot.waitSignal(subjects.loaded, timeout=WAIT_MS):
        subjects.refresh()
    assert not subjects.table.isColumnHidden(study_column(subjects.model))
    by_id = {row.study_id: row.study for row in subjects.model.all_rows}
    assert by_id["CD1922-001"] == PH1 and by_id["CD1922P2-001"] == PH2
    subjects.study.setCurrentIndex(subjects.study.findData(PH2))
    assert {row.study for row in subjects.model.rows} == {PH2}
    assert subjects.model.rowCount() == sum(1 for s in by_id.values() if s == PH2) == 10
    chart = two_window.desk.open_subject("CD1922P2-001")
    qtbot.waitUntil(lambda: "Site" in chart.facts.text(), timeout=WAIT_MS)
    assert chart.facts.text().startswith(f"Study {PH2}")


def test_the_dose_levels_are_of_the_chosen_study(qtbot, two_window, two_path):
    page = two_window.dose_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        two_window.pages.setCurrentWidget(page)
        page.shown()
    assert page.study.isVisibleTo(page) and page.study.study == PH1
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.study.combo.setCurrentIndex(page.study.combo.findData(PH2))
    with open_database(str(two_path)) as db:
        expected = dose_levels(db, DEMO_TODAY, PH2)
    assert [d.dose_level for d in page.data.endpoints.dlt.dose_levels] == ["DL2"]
    assert page.data.endpoints.infused_by_dose_level == expected.endpoints.infused_by_dose_level


def test_the_annual_report_is_built_for_the_chosen_study(qtbot, two_window):
    page = two_window.reports_page
    two_window.pages.setCurrentWidget(page)
    page.set_kind("letters")
    assert not page.study.isVisibleTo(page)  # letters go to every study's subjects
    page.set_kind("annual")
    assert page.study.isVisibleTo(page)
    page.study.combo.setCurrentIndex(page.study.combo.findData(PH2))
    with qtbot.waitSignal(page.generated, timeout=WAIT_MS * 4) as made:
        qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    output = made.args[0]
    assert output.study == PH2
    import io

    import pypdf

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(output.pdf)).pages[:1])
    assert PH2 in text


def test_settings_adds_a_protocol_file_and_the_filters_appear(qtbot, demo_window, shown):
    settings = demo_window.settings_page
    assert settings.add_protocol_button.isVisibleTo(settings)
    with qtbot.waitSignal(settings.protocol_done, timeout=WAIT_MS):
        settings.add_protocol(bundled_protocol_path(PH2))
    assert demo_window.desk.studies == (PH1, PH2)
    assert f"Study {PH2} (version 1.0) added" in shown.texts()[-1]
    assert PH2 in settings.studies_label.text()
    assert demo_window.worklist_page.study.isVisibleTo(demo_window.worklist_page)


def test_settings_refuses_a_bad_protocol_file_saying_where(qtbot, demo_window, shown, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(bundled_protocol_path(PH2).read_text(encoding="utf-8").replace('mode = "phone"', 'mode = "fax"'))
    with qtbot.waitSignal(demo_window.settings_page.protocol_done, timeout=WAIT_MS):
        demo_window.settings_page.add_protocol(bad)
    assert "bad.toml: line" in shown.texts()[-1] and "mode 'fax'" in shown.texts()[-1]
    assert demo_window.desk.studies == (PH1,)


def test_a_subject_is_enrolled_into_the_chosen_study(qtbot, demo_window, demo_path):
    subjects = demo_window.subjects_page
    dialog = subjects.enrol()
    assert dialog is not None
    offered = [dialog.study.itemData(i) for i in range(dialog.study.count())]
    assert offered == [PH1, "bcma-ph1", PH2]  # the bundled example protocols too
    assert not dialog.ok.isEnabled()
    dialog.study.setCurrentIndex(dialog.study.findData(PH2))
    qtbot.keyClicks(dialog.study_id, "P2-900")
    dialog.site.setCurrentText("BJ01")
    qtbot.keyClicks(dialog.dose_level, "DL2")
    dialog.infusion.setDate(QDate(2026, 10, 1))
    assert dialog.ok.isEnabled() and PH2 in dialog.hint.text()
    with qtbot.waitSignal(dialog.done, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    with open_database(str(demo_path)) as db:
        from ltfu.services.visits import subject_schedule

        view = subject_schedule(db, "P2-900", DEMO_TODAY)
    assert [v.code for v in view.visits if v.code] == list(load_bundled(PH2).codes)
    qtbot.waitUntil(lambda: demo_window.desk.studies == (PH1, PH2), timeout=WAIT_MS)
    assert dt.date(2026, 10, 1) == view.infusion_date


def test_the_window_writes_one_odm_file_per_study(qtbot, two_window, tmp_path, file_dialogs, shown):
    file_dialogs.answers.append(tmp_path / "study.xml")
    with qtbot.waitSignal(two_window.exporter.exported, timeout=WAIT_MS * 2):
        two_window.export_actions["odm"].trigger()
    assert sorted(p.name for p in tmp_path.glob("study-*.xml")) == [f"study-{PH1}.xml", f"study-{PH2}.xml"]
    assert f"study-{PH2}.xml" in shown.items[-1][2]
