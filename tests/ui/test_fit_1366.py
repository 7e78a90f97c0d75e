"""At 1366x768, in English and Chinese: the columns that matter (ids, dates, line numbers,
who) show their text whole on every page and in the chart, whatever layout was saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractProxyModel, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QStyleOptionViewItem

from ltfu.ui import i18n
from ltfu.ui.main_window import PAGES
from ltfu.ui.widgets import FRAME, TITLE_BAR, TableView

from .conftest import DEMO_TODAY, SCENE_TODAY, WAIT_MS, open_chart, open_window, screenshot, wait_idle

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


def crushed_titles(root) -> list[str]:
    """Each shown column (but the last, which takes the rest) narrower than its title:
    'table/column'. Its words would show as "…" whatever the column holds."""
    found = []
    for view in root.findChildren(TableView):
        if not view.isVisible() or view.model() is None:
            continue
        header = view.horizontalHeader()
        last = header.logicalIndex(header.count() - 1)
        for c in range(header.count()):
            if c != last and not header.isSectionHidden(c) and header.sectionSize(c) < header.sectionSizeHint(c):
                found.append(f"{view.settings_key}/{view.model().headerData(c, Qt.Orientation.Horizontal)}")
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
            # "Listed below": the bad lines are in sight, several of them.
            assert page.problems.isVisible() and page.problems.height() > 5 * page.problems.rowHeight(0)
        if name == "Reports":
            window.reports_page.refresh_log()
            wait_idle(qtbot, window)
        screenshot(window, f"fit-{language}-{name.lower()}.png")
        found += [f"{name}: {cut}" for cut in cut_columns(window) + crushed_titles(window)]
    chart = open_chart(qtbot, window, "CD1922-017")
    chart.resize(*SIZE)
    for t in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(t)
        screenshot(chart, f"fit-{language}-chart-{t}.png")
        found += [f"chart tab {t}: {cut}" for cut in cut_columns(chart) + crushed_titles(chart)]
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


@pytest.fixture(params=["en", "zh_CN"])
def language(request):
    """The window in English, then in Chinese (and English again after the test)."""
    QSettings().setValue("language", request.param)
    i18n.install(request.param)
    yield request.param
    i18n.install("en")


def cut_labels(dialog) -> list[str]:
    """Labels shown shorter than their text: a wrapped one below its lines, another narrower
    than its text, and a "&" shown as it is (no buddy)."""
    from PySide6.QtWidgets import QLabel

    found = []
    for text in dialog.findChildren(QLabel):
        if not text.isVisible() or not text.text():
            continue
        if text.wordWrap():
            if text.height() < text.heightForWidth(text.width()):
                found.append(f"{dialog.windowTitle()}: wrapped {text.text()[:40]}")
        elif text.width() < text.minimumSizeHint().width():
            found.append(f"{dialog.windowTitle()}: narrow {text.text()[:40]}")
        if "&" in text.text().replace("&&", "") and text.textFormat() != Qt.TextFormat.RichText and not text.buddy():
            found.append(f"{dialog.windowTitle()}: literal & in {text.text()}")
    return found


def test_the_main_dialogs_show_their_words_whole_at_1366x768(qtbot, demo_path, language):
    window = open_window(qtbot, demo_path, DEMO_TODAY)
    window.resize(*SIZE)
    chart = open_chart(qtbot, window, "CD1922-017")
    found = []
    openers = (chart.record_visit, chart.contact_attempt, chart.record_event, chart.record_adverse_event)
    exports = (window.exporter.export_csv, window.exporter.export_ical)
    for open_dialog in (*openers, *exports):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        screenshot(dialog, f"fit-{language}-{type(dialog).__name__}.png")
        found += cut_labels(dialog)
        dialog.reject()
    assert found == []
    window.close()


# The free area of a 1366x768 laptop screen (the offscreen platform's is 800x800).
LAPTOP = QRect(0, 0, 1366, 768)


@pytest.fixture
def laptop(monkeypatch) -> None:
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: QRect(LAPTOP))


def off_screen(window) -> list[str]:
    """The window's frame (title bar above, border below) beyond the screen's free area, or
    the window squeezed below what its layout needs."""
    shown = window.geometry()
    frame = shown.adjusted(0, -TITLE_BAR, 0, FRAME)
    found = [] if LAPTOP.contains(frame) else [f"{window.windowTitle()}: frame {frame.getRect()} off the screen"]
    need = window.minimumSizeHint()
    if shown.width() < need.width() or shown.height() < need.height():
        found.append(f"{window.windowTitle()}: squeezed to {shown.size().toTuple()}, needs {need.toTuple()}")
    return found


def opened(qtbot, dialog, language: str) -> list[str]:
    """Show `dialog` as the window would, say what runs off or is cut, and close it."""
    if not dialog.isVisible():
        dialog.open()
    qtbot.waitExposed(dialog)
    screenshot(dialog, f"fit-{language}-{type(dialog).__name__}.png")
    found = off_screen(dialog) + cut_labels(dialog)
    dialog.reject()
    return found


@pytest.mark.usefixtures("laptop")
def test_the_chart_its_dialogs_and_the_preview_open_within_a_1366x768_screen(qtbot, scene_path, language):
    from ltfu.ui.accounts import AddUserDialog, ChangePasswordDialog, FirstAdminDialog, SignInDialog

    QSettings().setValue("chart/geometry", None)  # first time: no size remembered
    window = open_window(qtbot, scene_path, SCENE_TODAY)
    assert off_screen(window) == []
    chart = open_chart(qtbot, window, "CD1922-017")
    qtbot.waitExposed(chart)
    screenshot(chart, f"fit-{language}-chart-laptop.png")
    found = off_screen(chart)
    for t in range(chart.tabs.count()):
        chart.tabs.setCurrentIndex(t)
        found += [f"chart tab {t}: {cut}" for cut in cut_columns(chart)]
    chart.tabs.setCurrentIndex(0)
    chart.select_visit("M12")  # a visit that owes a safety screen: the tallest form
    openers = (
        chart.record_visit,
        chart.enter_questionnaire,
        chart.contact_attempt,
        chart.record_event,
        lambda: chart.record_result("rcl"),
        chart.record_adverse_event,
        chart.declare_lost_to_follow_up,
        chart.record_sample,
    )
    for open_dialog in openers:
        found += opened(qtbot, open_dialog(), language)
    desk = window.desk
    for dialog in (
        SignInDialog(desk, parent=window),
        FirstAdminDialog(desk, window),
        AddUserDialog(desk, window),
        ChangePasswordDialog(desk, window),
    ):
        found += opened(qtbot, dialog, language)
    qtbot.mouseClick(chart.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: chart.preview is not None and bool(chart.preview.shown_sha256), timeout=WAIT_MS)
    screenshot(chart.preview, f"fit-{language}-preview.png")
    found += off_screen(chart.preview)
    assert chart.preview.height() > 600  # a readable page, as tall as the screen allows
    chart.preview.close()
    assert found == [], "\n".join(found)
    window.close()


@pytest.mark.usefixtures("laptop")
def test_a_case_and_its_dialogs_open_within_a_1366x768_screen(qtbot, scene_path, language):
    from .test_safety_window import _open_alert

    window = open_window(qtbot, scene_path, SCENE_TODAY)
    chart = open_chart(qtbot, window, "CD1922-017")
    result = chart.record_result("rcl")
    result.category.setCurrentIndex(result.category.findData("positive"))
    with qtbot.waitSignals([chart.loaded, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(result.ok, Qt.MouseButton.LeftButton)
    view = _open_alert(qtbot, window, "rcl_positive")
    screenshot(view, f"fit-{language}-case.png")
    found = off_screen(view) + cut_columns(view)
    view.select_step("rcl_confirm")
    for open_dialog in (lambda: view.mark_step("done"), view.plan_step, view.close_case):
        found += opened(qtbot, open_dialog(), language)
    assert found == []
    view.close()
    window.close()
