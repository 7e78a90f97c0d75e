"""The main window opens at once and then on the database, with its navigation."""

from __future__ import annotations

import datetime as dt
import sqlite3

from PySide6.QtCore import QSettings, Qt

from ltfu.ui.main_window import PAGES, MainWindow

from .conftest import WAIT_MS


def test_window_opens_on_the_database_and_shows_where_the_data_lives(qtbot, db_path):
    window = MainWindow(str(db_path), today=dt.date(2026, 11, 30))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignal(window.database_opened, timeout=WAIT_MS):
        window.open_database_later()
    assert str(db_path) in window.db_label.text()
    assert "2026-11-30" in window.today_label.text()
    assert window.user_label.text().startswith("User: ")
    about = window.about_text()
    assert str(db_path) in about and "PySide6" in about and "SQLAlchemy" in about


def test_the_window_paints_before_the_database_is_open(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    assert window.db is None and window.db_label.text() == "opening database…"
    assert window.pages.currentIndex() == 0  # the worklist: the nurse's first screen
    with qtbot.waitSignal(window.database_opened, timeout=WAIT_MS):
        window.open_database_later()


def test_navigation_switches_pages_by_click_and_shortcut(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.nav.count() == len(PAGES)
    assert [window.nav.item(i).text() for i in range(len(PAGES))] == list(PAGES)
    window.nav.setCurrentRow(2)
    assert window.pages.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 4
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 0


def test_the_program_start_paints_the_worklist_first_and_makes_the_other_pages_right_after(qtbot, db_path):
    window = MainWindow(str(db_path), pages_after_paint=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    # The first frame: every navigation entry and menu, the worklist page alone made.
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == list(PAGES)
    assert window.pages.count() == 1 and window.pages.currentWidget() is window.worklist_page
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Go", "&Help"]
    with qtbot.waitSignal(window.database_opened, timeout=WAIT_MS):
        window.open_database_later()
    assert window.pages.count() == len(PAGES)
    assert [window.pages.widget(i).accessibleName() for i in range(len(PAGES))] == list(PAGES)
    assert window.pages.currentWidget() is window.worklist_page


def test_a_page_asked_for_before_the_others_are_made_is_there(qtbot, db_path):
    window = MainWindow(str(db_path), pages_after_paint=True)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.audit_page
    window.nav.setCurrentRow(0)
    window.find_subject()
    assert window.pages.currentWidget() is window.subjects_page and window.subjects_page.search.hasFocus()
    window.close()  # before the database opened: the window closes without a trace of a missing page


def test_a_file_that_is_not_a_database_gets_a_dialog_not_a_crash(qtbot, tmp_path, shown):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    window = MainWindow(str(bad))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignal(window.database_failed, timeout=WAIT_MS):
        window.open_database()
    assert window.db is None
    assert shown.texts("error") and "is not an ltfu database" in shown.texts("error")[0]
    assert window.db_label.text() == "No database"
    # The window keeps working: pages switch, About still answers.
    window.nav.setCurrentRow(1)
    assert window.pages.currentIndex() == 1
    assert "not open" in window.about_text()


def test_window_geometry_and_column_widths_are_remembered(qtbot, db_path):
    first = MainWindow(str(db_path))
    qtbot.addWidget(first, before_close_func=lambda w: w.runner.shutdown())
    first.show()
    first.worklist_page.table.setColumnWidth(1, 321)
    first.splitter.setSizes([150, 900])
    nav_width = first.splitter.sizes()[0]
    first.close()
    # (The offscreen screen is 800 x 800: restored sizes are clamped to it, so the
    # geometry is checked as saved, the splitter and columns as restored.)
    assert QSettings().value("main_window/geometry") is not None
    second = MainWindow(str(db_path))
    qtbot.addWidget(second, before_close_func=lambda w: w.runner.shutdown())
    second.show()
    assert second.worklist_page.table.columnWidth(1) == 321
    assert second.splitter.sizes()[0] == nav_width


def test_the_application_set_up_installs_the_language_and_the_error_hook(qapp, shown):
    import sys

    from ltfu.ui import i18n
    from ltfu.ui.application import prepare_application

    previous = sys.excepthook
    try:
        prepare_application(qapp)
        assert i18n.active() == "en"
        assert sys.excepthook is not previous
        try:
            raise ZeroDivisionError()
        except ZeroDivisionError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        assert "ZeroDivisionError" in shown.texts("error")[0]
    finally:
        sys.excepthook = previous


def test_tab_moves_from_the_filters_through_the_alerts_to_the_table(demo_window):
    page = demo_window.worklist_page
    # The alerts not spelled out are behind the "All N alerts" button, then the table.
    more = [page.alerts.more] if page.alerts.more.isVisibleTo(page) else []
    order = []
    widget = page.refresh_button
    for _ in range(len(page.alerts.labels) + len(more) + 1):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isVisibleTo(page):
            widget = widget.nextInFocusChain()
        order.append(widget)
    assert order == [*page.alerts.labels, *more, page.table]


def test_a_damaged_database_is_explained_and_the_window_keeps_working(qtbot, demo_path, shown):
    # Garbage over the root page of the visit table: the lists cannot read it, nor
    # can the start-up check (a blind offset hits different tables as the schema grows).
    conn = sqlite3.connect(demo_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'visit'").fetchone()[0]
    conn.close()
    with demo_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x00garbage" * (page_size // 8))
    window = MainWindow(str(demo_path), today=dt.date(2026, 11, 29))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    window.open_database_later()
    qtbot.waitUntil(lambda: any("is damaged" in t for t in shown.texts("error")), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=WAIT_MS)
    assert "Restore the latest backup" in shown.texts("error")[0]
    # Both lists and the start-up check failed on it; the user reads it once.
    assert len(shown.texts("error")) == 1
    assert not window.damage_banner.isHidden() and window.health.text() == "⚠ database check failed"
    assert not (demo_path.parent / "backups").exists()  # a damaged file is not backed up
    window.nav.setCurrentRow(5)
    assert window.pages.currentIndex() == 5


def test_after_opening_the_database_is_checked_and_backed_up(qtbot, demo_path):
    window = MainWindow(str(demo_path), today=dt.date(2026, 11, 29))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignal(window.startup_checked, timeout=WAIT_MS) as checked:
        window.open_database_later()
    assert checked.args[0] == "ok"
    assert (demo_path.parent / "backups" / "demo-daily-20261129.sqlite3").is_file()
    assert window.health.isHidden() and window.damage_banner.isHidden()


def test_a_failed_integrity_check_says_to_restore_the_latest_backup(qtbot, demo_path, shown, monkeypatch):
    from ltfu.services import maintenance

    monkeypatch.setattr(maintenance, "integrity", lambda db, quick=False: "row 12 missing from index ix_visit")
    window = MainWindow(str(demo_path), today=dt.date(2026, 11, 29))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignal(window.startup_checked, timeout=WAIT_MS):
        window.open_database_later()
    kind, title, text = shown.items[0]
    assert (kind, title) == ("error", "The database is damaged")
    assert "row 12 missing from index ix_visit" in text and "ltfu restore FILE" in text
    assert str(demo_path.parent / "backups") in text
    assert not window.damage_banner.isHidden() and window.health.text() == "⚠ database damaged"
    # No backup of a damaged database (it would push a good one out of the rotation).
    assert not (demo_path.parent / "backups" / "demo-daily-20261129.sqlite3").exists()
    window.nav.setCurrentRow(1)  # the window stays usable
    assert window.pages.currentIndex() == 1


def test_file_menu_has_export_sign_out_and_quit(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions() if not a.isSeparator()]
    assert texts == ["&Export", "Sign &out", "&Quit"]
    export = file_menu.actions()[0].menu()
    assert [a.text() for a in export.actions()] == [
        "&CSV with data dictionary…",
        "CDISC &ODM…",
        "&Handover archive…",
        "&iCalendar of visits…",
    ]
    assert not window.sign_out_action.isEnabled()


def test_the_first_window_fits_the_screen_with_its_status_bar_in_sight(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    available = window.screen().availableGeometry()  # offscreen: 800 x 800, lower than 820
    frame = window.frameGeometry()
    assert available.top() <= frame.top() and frame.bottom() <= available.bottom()
    status = window.statusBar()
    assert status.isVisible() and status.mapToGlobal(status.rect().bottomLeft()).y() <= available.bottom()
