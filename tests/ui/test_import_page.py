"""Import: preview, kind guessed from the header, all or nothing with bad rows listed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ltfu.errors import LtfuError
from ltfu.ui.import_page import guess_kind, read_preview

from .conftest import WAIT_MS

GOOD = "subject_id,site,dose_level,infusion_date\nCD1922-101,BJ01,DL1,2026-01-05\nCD1922-102,SH02,DL2,2024-02-28\n"


def load(qtbot, page, path):
    with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
        page.load_file(path)


def run_import(qtbot, page) -> bool:
    with qtbot.waitSignal(page.finished, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_a_file_with_a_bad_date_is_refused_and_the_line_named(qtbot, scene_window, tmp_path):
    page = scene_window.import_page
    scene_window.nav.setCurrentRow(3)
    csv_file = tmp_path / "subjects.csv"
    csv_file.write_text(GOOD.replace("2024-02-28", "2024-02-30"), encoding="utf-8")
    load(qtbot, page, csv_file)
    assert page.kind.currentData() == "subjects"
    assert page.preview_model.rowCount() == 2 and page.preview_model.columnCount() == 4
    assert page.preview_model.headerData(1, Qt.Orientation.Vertical) == "3"  # the file's line number
    assert not run_import(qtbot, page)
    assert page.problems_box.isVisibleTo(page)
    assert page.problems_model.rowCount() == 1
    assert page.problems_model.text(0, 0) == "line 3"
    assert "2024-02-30" in page.problems_model.text(0, 1) and "calendar date" in page.problems_model.text(0, 1)
    assert "Nothing was imported" in page.result.text()

    csv_file.write_text(GOOD, encoding="utf-8")
    load(qtbot, page, csv_file)
    with qtbot.waitSignal(scene_window.worklist_page.loaded, timeout=WAIT_MS):
        assert run_import(qtbot, page)
    assert "2 added" in page.result.text()
    assert not page.problems_box.isVisibleTo(page)
    assert {"CD1922-101", "CD1922-102"} <= {r.study_id for r in scene_window.worklist_page.model.rows}


def test_the_kind_is_guessed_from_the_header():
    assert guess_kind(["subject_id", "site", "dose_level", "infusion_date", "sex"]) == "subjects"
    assert guess_kind(["subject_id", "visit_code", "date", "status", "mode", "reason"]) == "visits"
    assert guess_kind(["subject_id", "date", "analyte", "value", "unit", "qualifier"]) == "results"
    assert guess_kind(["subject_id", "date", "event", "detail"]) == "events"
    assert guess_kind(["name", "phone"]) is None
    # The file's name says its kind before the header does: a subjects file missing a
    # column is a subjects file (refused for that column), not a file of infusions.
    assert guess_kind(["subject_id", "site", "infusion_date"], "subjects.csv") == "subjects"
    assert guess_kind(["subject_id", "site", "infusion_date"], "Subjects-2026.CSV") == "subjects"
    assert guess_kind(["subject_id", "onset_date", "term", "grade"], "adverse_events.csv") == "adverse-events"
    assert guess_kind(["subject_id", "site", "infusion_date"], "export.csv") == "infusions"


def test_the_preview_reads_only_the_first_rows(tmp_path):
    big = tmp_path / "results.csv"
    lines = ["subject_id,date,analyte,value,unit"] + [f"S{i},2026-01-01,igg,5,g/L" for i in range(500)]
    big.write_text("\n".join(lines), encoding="utf-8")
    preview = read_preview(big, limit=50)
    assert len(preview.lines) == 50 and preview.more
    assert preview.lines[0][0] == 2


def test_a_file_that_is_not_utf8_is_explained(qtbot, scene_window, tmp_path):
    page = scene_window.import_page
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("subject_id,site\nZoë,BJ01\n".encode("latin-1"))
    load(qtbot, page, bad)
    assert "not UTF-8" in page.result.text()
    assert not page.import_button.isEnabled()


def test_a_header_the_import_does_not_know_names_the_columns(qtbot, scene_window, tmp_path):
    page = scene_window.import_page
    odd = tmp_path / "visits.csv"
    odd.write_text(
        "subject_id,visit_code,date,status,mode,reason,extra\nCD1922-017,M12,2026-11-30,done,clinic,,x\n",
        encoding="utf-8",
    )
    load(qtbot, page, odd)
    assert page.kind.currentData() == "visits"
    assert not run_import(qtbot, page)
    assert "unknown column(s) extra" in page.result.text()


def test_results_and_events_files_import_from_the_page(qtbot, scene_window, tmp_path):
    page = scene_window.import_page
    results = tmp_path / "results.csv"
    results.write_text(
        "subject_id,date,analyte,value,unit,qualifier\n"
        "CD1922-017,2026-11-20,cd19_b_cells,0.5,cells/µL,\n"
        "CD1922-017,2026-11-20,igg,410,mg/dL,\n"
        "CD1922-017,2026-11-20,car_copies,50,copies/ug,<\n",
        encoding="utf-8",
    )
    load(qtbot, page, results)
    assert page.kind.currentData() == "results"
    assert run_import(qtbot, page)
    assert "3 added" in page.result.text()

    events = tmp_path / "events.csv"
    events.write_text(
        "subject_id,date,event,detail\nCD1922-018,2026-11-25,crs,grade 2\nCD1922-018,2026-11-26,alive,\n",
        encoding="utf-8",
    )
    load(qtbot, page, events)
    assert page.kind.currentData() == "events"
    assert run_import(qtbot, page)
    assert "2 added" in page.result.text()

    from ltfu.services import browse

    record = browse.subject_record(scene_window.db, "CD1922-017")
    igg = [r for r in record.results if r.analyte == "igg"]
    assert [(r.value, r.unit) for r in igg] == [(4.1, "g/L")]
    assert [r.kind for r in browse.subject_record(scene_window.db, "CD1922-018").adverse_events] == ["crs"]


def test_the_preview_reads_as_the_import_reads(tmp_path):
    """A value over the csv module's field limit was a traceback; broken quoting names the line."""
    path = tmp_path / "subjects.csv"
    path.write_text(
        'subject_id,site,dose_level,infusion_date,address\nA1,BJ01,DL1,2026-01-05,"Flat 2\nMain St"\n'
        f"A2,BJ01,DL1,2026-01-05,{'x' * 200_000}\n",
        encoding="utf-8",
    )
    preview = read_preview(path)
    assert [line for line, _ in preview.lines] == [2, 4]
    assert preview.lines[0][1][4] == "Flat 2\nMain St"
    path.write_text('subject_id,site\nA1,"BJ01\nA2,BJ02\n', encoding="utf-8")
    with pytest.raises(LtfuError, match=r"subjects\.csv line 2: the quote that opens site is never closed"):
        read_preview(path)
