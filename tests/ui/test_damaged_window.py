"""A database found damaged: the window opens it read-only and says why in a banner."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import DatabaseError
from ltfu.services.database import damage_marker, open_database
from ltfu.services.subjects import NewSubject, enrol
from ltfu.ui import i18n
from ltfu.ui.main_window import MainWindow

from .conftest import WAIT_MS

TODAY = dt.date(2026, 11, 29)


def subject_count(path) -> int:
    with open_database(str(path)) as db, db.session() as s:
        return s.scalar(select(func.count()).select_from(m.Subject))


def opened(qtbot, path) -> MainWindow:
    window = MainWindow(str(path), today=TODAY)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignal(window.startup_checked, timeout=WAIT_MS):
        window.open_database_later()
    qtbot.waitUntil(lambda: window.runner.idle, timeout=WAIT_MS)
    return window


def test_a_database_check_found_damaged_opens_read_only_with_a_banner(qtbot, demo_path, shown):
    with open_database(str(demo_path)) as db:
        db.mark_damaged("audit trail: audit entry 12 does not follow entry 11", "ltfu check")
    before = subject_count(demo_path)
    window = opened(qtbot, demo_path)
    banner = window.damage_banner
    assert banner.isVisible()
    assert "Read-only" in banner.text() and "audit entry 12 does not follow entry 11" in banner.text()
    assert "ltfu restore FILE" in banner.text()
    # A write from the window is refused with the same reason, and nothing is stored.
    errors: list[BaseException] = []
    new = NewSubject("CD1922-900", "BJ01", "DL1", dt.date(2025, 1, 1))
    window.runner.write(lambda job: enrol(window.db, new, TODAY), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT_MS)
    assert isinstance(errors[0], DatabaseError) and "open read-only" in str(errors[0])
    assert subject_count(demo_path) == before
    window.nav.setCurrentRow(1)  # reading goes on
    assert window.pages.currentIndex() == 1


def test_a_failed_start_up_check_shows_the_banner_and_marks_the_file(qtbot, demo_path, shown, monkeypatch):
    from ltfu.services import maintenance

    monkeypatch.setattr(maintenance, "integrity", lambda db, quick=False: "row 12 missing from index ix_visit")
    window = opened(qtbot, demo_path)
    assert window.damage_banner.isVisible() and "row 12 missing from index ix_visit" in window.damage_banner.text()
    assert damage_marker(window.db.url).is_file()  # the next opening is read-only too, without a check
    with pytest.raises(DatabaseError, match="start-up integrity check found it damaged"):
        enrol(window.db, NewSubject("CD1922-900", "BJ01", "DL1", dt.date(2025, 1, 1)), TODAY)


def test_a_healthy_database_has_no_banner(qtbot, demo_path):
    window = opened(qtbot, demo_path)
    assert window.damage_banner.isHidden() and window.db.damage is None


def test_the_banner_speaks_chinese(qtbot, demo_path):
    from PySide6.QtCore import QSettings

    with open_database(str(demo_path)) as db:
        db.mark_damaged("integrity check: page 7 is never used", "ltfu check")
    QSettings().setValue("language", "zh_CN")
    assert i18n.install() == "zh_CN"
    try:
        window = opened(qtbot, demo_path)
        # The program's words in Chinese; the database engine's own diagnosis as it said it.
        assert window.damage_banner.text().startswith("只读：此数据库已被发现损坏（完整性检查：page 7 is never used）")
        assert "ltfu check（数据库检查）" in window.damage_banner.toolTip()
        assert "integrity check" not in window.damage_banner.toolTip()
    finally:
        i18n.install("en")


def test_a_full_disk_during_the_daily_backup_is_a_notice_and_the_window_works_on(qtbot, demo_path, shown, monkeypatch):
    import errno
    import os

    from ltfu import safefile

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(safefile.os, "fsync", full)
    window = opened(qtbot, demo_path)
    assert window.health.text() == "⚠ no backup today"
    assert any("No space left on device" in t for t in shown.texts("warning"))
    assert window.damage_banner.isHidden()
    backups = demo_path.parent / "backups"
    assert not backups.exists() or os.listdir(backups) == []  # no partial copy left
    window.nav.setCurrentRow(1)
    assert window.pages.currentIndex() == 1


def test_a_file_that_fails_to_read_is_marked_damaged_and_the_banner_says_so(qtbot, demo_path, shown):
    import sqlite3

    conn = sqlite3.connect(demo_path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'visit'").fetchone()[0]
    conn.close()
    with demo_path.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x00garbage" * (page_size // 8))
    window = MainWindow(str(demo_path), today=TODAY)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    window.open_database_later()
    qtbot.waitUntil(lambda: window.damage_banner.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.runner.idle, timeout=WAIT_MS)
    assert "malformed" in window.damage_banner.text()
    assert damage_marker(window.db.url).is_file()
