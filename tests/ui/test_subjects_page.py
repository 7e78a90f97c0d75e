"""The subject list: search as you type, filters, and names matched but never shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import WAIT_MS


def loaded_subjects(qtbot, window):
    page = window.subjects_page
    if not page.has_loaded:
        with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
            pass
    return page


def shown_ids(page) -> list[str]:
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_typing_017_finds_the_subject_while_typing(qtbot, demo_window):
    demo_window.find_subject()
    page = loaded_subjects(qtbot, demo_window)
    assert demo_window.pages.currentWidget() is page and page.search.hasFocus()
    assert page.model.rowCount() == 40
    seen = []
    for key in "017":
        qtbot.keyClick(page.search, key)
        seen.append(shown_ids(page))
    assert "CD1922-017" in seen[0] and len(seen[0]) == 40  # "0" is in every id
    assert "CD1922-017" in seen[1] and len(seen[1]) < 40
    assert seen[2] == ["CD1922-017"]
    assert page.count.text() == "1 of 40 subjects"
    with qtbot.waitSignal(demo_window.open_subject("CD1922-017").loaded, timeout=WAIT_MS):
        pass


def test_enter_on_a_single_match_opens_its_chart(qtbot, demo_window):
    page = loaded_subjects(qtbot, demo_window)
    qtbot.keyClicks(page.search, "017")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert "CD1922-017" in demo_window.charts


def test_a_name_is_found_but_never_shown(qtbot, scene_window):
    page = loaded_subjects(qtbot, scene_window)
    qtbot.keyClicks(page.search, "zo")
    page.search.insert("ë dé")  # as an input method commits it (QTest types ASCII only)
    assert shown_ids(page) == ["CD1922-017"]
    page.search.clear()
    page.search.insert("张示例")
    assert shown_ids(page) == ["CD1922-018"]
    texts = [
        str(page.model.index(r, c).data(role))
        for r in range(page.model.rowCount())
        for c in range(page.model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]
    assert not any("Zoë" in t or "张" in t or "Démo" in t for t in texts)
    assert "Zoë" not in repr(page.model.rows)


def test_filters_by_site_dose_level_and_status(qtbot, demo_window):
    page = loaded_subjects(qtbot, demo_window)
    rows = page.model.all_rows
    page.site.setCurrentIndex(page.site.findData("BJ01"))
    assert page.model.rowCount() == sum(r.site == "BJ01" for r in rows)
    page.dose.setCurrentIndex(page.dose.findData("DL2"))
    assert page.model.rowCount() == sum(r.site == "BJ01" and r.dose_level == "DL2" for r in rows)
    page.site.setCurrentIndex(0)
    page.dose.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("dead"))
    dead = [r.study_id for r in rows if r.status == "dead"]
    assert dead and sorted(shown_ids(page)) == sorted(dead)
    assert {page.model.index(r, 5).data() for r in range(page.model.rowCount())} == {"Deceased"}


def test_sorting_keeps_the_filter(qtbot, demo_window):
    page = loaded_subjects(qtbot, demo_window)
    qtbot.keyClicks(page.search, "02")
    before = sorted(shown_ids(page))
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert shown_ids(page) == sorted(before, reverse=True)
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # years of follow-up
    years = [float(page.model.index(r, 4).data()) for r in range(page.model.rowCount())]
    assert years == sorted(years) and sorted(shown_ids(page)) == before


def test_the_subject_selected_stays_selected_while_it_matches(qtbot, demo_window):
    page = loaded_subjects(qtbot, demo_window)
    row = shown_ids(page).index("CD1922-017")
    page.table.selectRow(row)
    qtbot.keyClicks(page.search, "01")
    assert page.model.row(page.table.currentIndex().row()).study_id == "CD1922-017"
    assert page.table.selectionModel().isRowSelected(page.table.currentIndex().row())
    page.search.clear()
    assert len(shown_ids(page)) == 40
    assert page.model.row(page.table.currentIndex().row()).study_id == "CD1922-017"


def test_no_id_is_cut_while_typing_even_when_the_rows_came_under_a_filter(qtbot, demo_window, monkeypatch):
    """The never-cut columns (ids, dates) fit every row shown after each key, also when the
    list was read again while a filter was on and the filter is then cleared; a filter that
    narrows rows already fitted does not measure them again (a keystroke stays quick)."""
    from ltfu.ui.models import RowsModel

    from .test_fit_1366 import cut_columns

    page = loaded_subjects(qtbot, demo_window)
    demo_window.pages.setCurrentWidget(page)
    table, subject = page.table, 0
    qtbot.keyClicks(page.search, "017")
    table.setColumnWidth(subject, 8)  # a layout saved narrow (another language, a drag)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.refresh()
    assert shown_ids(page) == ["CD1922-017"] and cut_columns(page) == []
    table.setColumnWidth(subject, 8)
    for _ in "017":
        qtbot.keyClick(page.search, Qt.Key.Key_Backspace)
        assert cut_columns(page) == []
    assert page.model.rowCount() == 40
    measured = []
    widest = RowsModel.whole_columns
    monkeypatch.setattr(RowsModel, "whole_columns", lambda model: measured.append(1) or widest(model))
    for key in "01":
        qtbot.keyClick(page.search, key)
    assert measured == [] and len(shown_ids(page)) < 40 and cut_columns(page) == []
