"""At 1366x768, in English and Chinese: the columns that matter (ids, dates, line numbers,
who) show their text whole on every page and in the chart, whatever layout was saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractProxyModel, QSettings, Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from ltfu.ui import i18n
from ltfu.ui.main_window import PAGES
from ltfu.ui.widgets import TableView

from .conftest import DEMO_TODAY, WAIT_MS, open_chart, open_window, screenshot, wait_idle

# The window on a 1366x768 screen, less the title bar and a panel.
SIZE = (1366, 700)


def cut_columns(root) -> list[str]:
    """Each shown 'whole' column narrower than one of its texts: 'table/column: text'."""
    found = []
    for view in root.findChildren(TableView):
        if not view.isVisible() or view.model() is None:
            continue
        source = view.model()
        while isinstance(source, QAbstractProxyModel):
            source = source.sourceModel()
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        for c, column in enumerate(getattr(source, "columns", ())):
            if not column.whole or view.isColumnHidden(c):
                continue
            for r in range(source.rowCount()):
                index = source.index(r, c)
                if view.itemDelegateForIndex(index).sizeHint(option, index).width() > view.columnWidth(c):
                    found.append(f"{view.settings_key}/{column.title}: {source.text(r, c)}")
                    break
    return found


def walk(qtbot, window, bad_csv, language: str) -> list[str]:
    """Every page (the import with a refused file), then every tab of a chart."""
    found = []
    for i, name in enumerate(PAGES):
        window.nav.setCurrentRow(i)
        wait_idle(qtbot, window)
        if name == "Import":
            page = window.import_page
            with qtbot.waitSignal(page.previewed, timeout=WAIT_MS):
                page.load_file(bad_csv)
            with qtbot.waitSignal(page.finished, timeout=WAIT_MS):
                qtbot.mouseClick(page.import_button, Qt.MouseButton.LeftButton)
        if name == "Reports":
            window.reports_page.refresh_log()
            wait_idle(qtbot, window)
        screenshot(window, f"fit-{language}-{name.lower()}.png")
        found += [f"{name}: {cut}" for cut in cut_columns(window)]
    chart = open_chart(qtbot, window, "CD1922-017")
    chart.resize(*SIZE)
    for t in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(t)
        screenshot(chart, f"fit-{language}-chart-{t}.png")
        found += [f"chart tab {t}: {cut}" for cut in cut_columns(chart)]
    return found


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_ids_dates_and_line_numbers_are_never_cut_at_1366x768(qtbot, demo_path, tmp_path, language):
    bad = tmp_path / "subjects.csv"
    rows = "".join(f"CD1922-{900 + i},BJ01,DL1,2024-02-30\n" for i in range(120))
    bad.write_text("subject_id,site,dose_level,infusion_date\n" + rows, encoding="utf-8")
    # An earlier session left narrow columns behind (other rows, the other language, a drag).
    first = open_window(qtbot, demo_path, DEMO_TODAY)
    walk(qtbot, first, bad, "before")
    for root in (first, *first.charts.values()):
        for view in root.findChildren(TableView):
            for c in range(view.model().columnCount() if view.model() else 0):
                view.setColumnWidth(c, 24)
    first.close()

    QSettings().setValue("language", language)
    i18n.install(language)
    try:
        window = open_window(qtbot, demo_path, DEMO_TODAY)
        window.resize(*SIZE)
        assert walk(qtbot, window, bad, language) == []
        window.close()
    finally:
        i18n.install("en")
