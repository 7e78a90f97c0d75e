"""The main window opens at once and then on the database, with its navigation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from ltfu.ui.main_window import PAGES, MainWindow


def test_window_opens_on_the_database_and_shows_where_the_data_lives(qtbot, db_path):
    window = MainWindow(str(db_path), today=dt.date(2026, 11, 30))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.database_opened, timeout=10_000):
        window.open_database_later()
    assert str(db_path) in window.db_label.text()
    assert "2026-11-30" in window.today_label.text()
    assert window.user_label.text().startswith("User: ")
    assert str(db_path) in window.about_text()


def test_navigation_switches_pages_by_click_and_shortcut(qtbot, db_path):
    window = MainWindow(str(db_path))
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.nav.count() == len(PAGES)
    window.nav.setCurrentRow(2)
    assert window.pages.currentIndex() == 2
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentIndex() == 4


def test_a_file_that_is_not_a_database_gets_a_dialog_not_a_crash(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    window = MainWindow(str(bad))
    qtbot.addWidget(window)
    window.open_database()
    assert window.db is None
    assert shown and "is not an ltfu database" in shown[0]
    assert window.db_label.text() == "No database"
