"""The dose-level page (USERS.md scene 10): the numbers of `ltfu endpoints`, the curves of
a level, a subject opened from a curve or a row, who sees it, and that it fits."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QPointF, Qt

from ltfu.analysis.pk import Descriptive
from ltfu.cli import main
from ltfu.ui import i18n
from ltfu.ui.dose_page import median_range, number, percent
from ltfu.ui.main_window import PAGES

from .conftest import DEMO_TODAY, NURSE, PI, WAIT_MS, open_for_sign_in, open_window, screenshot, sign_in

DOSE_ROW = PAGES.index("Dose levels")


def show_page(qtbot, window):
    """Go to the page and wait for a read that starts now (one that ended before, e.g. on
    the sign-in's change notice, would not be waited for)."""
    page = window.dose_page
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.nav.setCurrentRow(DOSE_ROW)
        page.refresh()
    return page


def cells(model) -> list[list[str]]:
    return [[model.text(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def endpoints_json(capsys, path) -> dict:
    capsys.readouterr()
    assert main(["--db", str(path), "--json", "endpoints", "--as-of", DEMO_TODAY.isoformat()]) == 0
    return json.loads(capsys.readouterr().out)


def stat(s: dict) -> str:
    """The JSON's n, median and range as the page writes them."""
    return median_range(Descriptive(s["n"], 0, None, None, s["median"], s["min"], s["max"]))


def test_the_page_shows_the_numbers_of_ltfu_endpoints(qtbot, demo_window, demo_path, capsys):
    page = show_page(qtbot, demo_window)
    data = endpoints_json(capsys, demo_path)
    dlt = data["dlt"]

    levels = cells(page.levels)
    assert [row[0] for row in levels] == list(dlt["levels"])
    for row, (level, d) in zip(levels, dlt["levels"].items(), strict=True):
        assert row[1:6] == [
            str(d["treated"]),
            str(d["evaluable"]),
            str(d["pending"]),
            str(d["dlt"]),
            ", ".join(d["dlt_subjects"]),
        ], level
        assert row[6].startswith(f"{d['dose_finding_dlt']}/{len(d['dose_finding'])} DLT: "), level
    history = cells(page.history)
    assert [(int(r[0]), r[1], int(r[2]), r[3]) for r in history] == [
        (s["step"], s["dose_level"], s["number"], ", ".join(s["subjects"])) for s in dlt["history"]
    ]
    assert [r[4].split(":")[0] for r in history] == [f"{s['level_dlt']}/{s['level_n']} DLT" for s in dlt["history"]]
    expansion = cells(page.expansion)
    expanded = {level: d["expansion"] for level, d in dlt["levels"].items() if d["expansion"]}
    assert [r[0] for r in expansion] == list(expanded)
    for row, x in zip(expansion, expanded.values(), strict=True):
        assert row[1:6] == [
            str(len(x["subjects"])),
            str(x["n_dlt"]),
            f"{x['overall_dlt']}/{x['overall_evaluable']}",
            percent(x["rate"]),
            f"{percent(x['lower'])}–{percent(x['upper'])}",
        ]
    mtd = data["mtd"]
    assert (mtd or "none") in page.mtd.text()

    grades = cells(page.grades)
    for row, (level, g) in zip(grades, data["crs_icans"].items(), strict=True):
        assert row[0] == ("All" if level == "all" else level)
        assert row[1:] == [
            str(g["subjects"]),
            *(str(g["crs"][str(i)]) for i in range(6)),
            *(str(g["icans"][str(i)]) for i in range(6)),
        ]
    timing = cells(page.timing)
    for row, g in zip(timing, data["crs_icans"].values(), strict=True):
        assert row[1:] == [
            f"{g['crs_subjects']}/{g['subjects']}",
            stat(g["crs_onset_day"]),
            stat(g["crs_duration_days"]),
            str(g["crs_unresolved"]),
        ]

    # Pharmacodynamics: every analyte, by dose level and by worst CRS grade.
    pd_view = page.pd
    for i in range(pd_view.analyte.count()):
        pd_view.analyte.setCurrentIndex(i)
        block = data["pd"][pd_view.analyte.itemData(i)]
        for model, groups in ((pd_view.by_level, block["by_dose_level"]), (pd_view.by_grade, block["by_crs_grade"])):
            rows = cells(model)
            assert len(rows) == len(groups)
            for row, g in zip(rows, groups.values(), strict=True):
                assert row[1:] == [
                    str(g["n_subjects"]),
                    stat(g["baseline"]),
                    stat(g["peak"]),
                    stat(g["peak_day"]),
                    stat(g["fold_change"]),
                    stat(g["auc0_28"]),
                ]
    assert {pd_view.analyte.itemData(i) for i in range(pd_view.analyte.count())} == {
        a for a, block in data["pd"].items() if block["subjects"]
    }


def test_the_level_selector_changes_the_curves(qtbot, demo_window, demo_path, capsys):
    page = show_page(qtbot, demo_window)
    data = endpoints_json(capsys, demo_path)
    page.tabs.setCurrentWidget(page.curves)
    curves = page.curves
    shown = {}
    for i in range(curves.level.count()):
        curves.level.setCurrentIndex(i)
        level = curves.level.currentData()
        d = data["dlt"]["levels"][level]
        treated = set(d["dose_finding"]) | set((d["expansion"] or {}).get("subjects", ()))
        assert set(curves.lines) == treated
        assert {curves.model.row(r).subject_id for r in range(curves.model.rowCount())} == treated
        assert level in curves.chart.title()
        names = [s.name() for s in curves.chart.series()]
        assert f"median of {level}" in names
        shown[level] = set(curves.lines)
    assert len(shown) == 3 and not shown["DL1"] & shown["DL2"]
    # A double click on a level of the decision table shows that level's curves.
    page.tabs.setCurrentIndex(0)
    page.levels_table.activated_row.emit(1)
    assert page.tabs.currentWidget() is curves and curves.level.currentData() == "DL2"
    assert set(curves.lines) == shown["DL2"]
    # The analyte selector: IL-6 of the same level, subjects with an IL-6 value only.
    curves.analyte.setCurrentIndex(curves.analyte.findData("il6"))
    level = curves.level.currentData()
    with_il6 = {s for s, row in data["pd"]["il6"]["subjects"].items() if row["dose_level"] == level}
    assert set(curves.lines) == with_il6
    assert "IL-6" in curves.chart.title() and "pg/mL" in curves.chart.title()
    # The highest value of each subject in the table is on its line.
    for r in range(curves.model.rowCount()):
        sid = curves.model.row(r).subject_id
        points = [p.y() for p in curves.lines[sid].points()]
        if curves.model.text(r, 2):
            assert number(max(points)) == curves.model.text(r, 2)
    screenshot(demo_window, "dose-curves.png")


def test_a_click_on_a_curve_or_a_row_opens_the_subjects_chart(qtbot, demo_window):
    page = show_page(qtbot, demo_window)
    curves = page.curves
    page.tabs.setCurrentWidget(curves)
    first = sorted(curves.lines)[0]
    line = curves.lines[first]
    line.clicked.emit(line.points()[-1] if line.count() else QPointF(0, 1))
    qtbot.waitUntil(lambda: first in demo_window.charts, timeout=WAIT_MS)
    assert demo_window.charts[first].study_id == first

    table = curves.table
    row = curves.model.rowCount() - 1
    second = curves.model.row(row).subject_id
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: second in demo_window.charts, timeout=WAIT_MS)
    chart = demo_window.charts[second]
    qtbot.waitUntil(lambda: chart.data is not None, timeout=WAIT_MS)
    assert chart.isVisible()


def test_a_nurse_has_no_dose_levels_a_pi_has(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, NURSE)
    assert window.nav.item(DOSE_ROW).isHidden()
    assert not window.go_actions[DOSE_ROW].isEnabled()
    # Reached anyway (the hidden entry is not the guard): the page says why and reads nothing.
    window.nav.setCurrentRow(DOSE_ROW)
    window.dose_page.refresh()
    assert window.dose_page.refused.isVisibleTo(window.dose_page)
    assert not window.dose_page.tabs.isVisibleTo(window.dose_page)
    assert window.dose_page.data is None

    window.sign_out()
    sign_in(qtbot, window, PI)
    assert not window.nav.item(DOSE_ROW).isHidden()
    page = show_page(qtbot, window)
    assert page.tabs.isVisibleTo(page) and not page.refused.isVisibleTo(page)
    assert page.levels.rowCount() == 3
    window.close()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_page_fits_1366_by_768_without_cutting_a_cell(qtbot, demo_path, language):
    from PySide6.QtCore import QSettings

    QSettings().setValue("language", language)
    i18n.install(language)
    window = open_window(qtbot, demo_path, DEMO_TODAY)
    window.resize(1366, 768)
    page = show_page(qtbot, window)
    tables = {
        "levels": (0, page.levels_table),
        "history": (0, page.history_table),
        "expansion": (0, page.expansion_table),
        "grades": (1, page.grades_table),
        "timing": (1, page.timing_table),
        "curve subjects": (2, page.curves.table),
        "pd by level": (3, page.pd.level_table),
        "pd by grade": (3, page.pd.grade_table),
    }
    for name, (tab, table) in tables.items():
        page.tabs.setCurrentIndex(tab)
        qtbot.waitUntil(table.isVisible, timeout=WAIT_MS)
        header = table.horizontalHeader()
        widths = [table.columnWidth(c) for c in range(header.count())]
        for c, width in enumerate(widths):
            needed = max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
            assert width >= needed, (language, name, c, width, needed)
        assert sum(widths) <= table.viewport().width(), (language, name, widths, table.viewport().width())
        screenshot(window, f"dose-page-{language}-{tab}.png")
    window.close()
