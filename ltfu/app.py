"""Composition root of the window: the Qt application, the main window, the log file.

Start-up paints the window first, with its first page only; right after that it sets
up the log file, makes the other pages and opens the database, so the first frame
never waits on them, on migrations or on queries (and no SQLAlchemy, reportlab or
scipy import happens before it).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ltfu.ui.main_window import MainWindow


def run_window(db_url: str | None, screenshot: str | None = None) -> int:
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and headless and not os.environ.get("QT_QPA_PLATFORM"):
        sys.stderr.write(
            "ltfu: no display to open the window on; start it from a desktop session "
            "(or under xvfb-run), or use the command line: ltfu --help\n"
        )
        return 1
    from PySide6.QtWidgets import QApplication

    from ltfu.ui.application import prepare_application
    from ltfu.ui.main_window import MainWindow

    app = cast(QApplication, QApplication.instance()) or QApplication(sys.argv[:1])  # a test may have made it
    app.setApplicationName("ltfu")
    app.setOrganizationName("ltfu")
    prepare_application(app)
    window = MainWindow(db_url, pages_after_paint=True)
    window.show()
    window.after_first_paint(_log_to_file)
    if screenshot:
        _save_and_quit(window, screenshot)
    window.open_database_later()
    return app.exec()


def _log_to_file() -> None:
    from ltfu.logs import configure_logging

    configure_logging()


def _save_and_quit(window: MainWindow, path: str) -> None:
    """Once the worklist has loaded, save the window as a picture and quit (exit 1 if it cannot open)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def save() -> None:
        saved = window.grab().save(path)
        QApplication.exit(0 if saved else 1)

    def give_up() -> None:
        sys.stderr.write("ltfu: the worklist did not load within a minute; no picture saved\n")
        QApplication.exit(1)

    def failed(text: str) -> None:
        sys.stderr.write(f"ltfu: {text}\n")
        QApplication.exit(1)

    window.worklist_page.loaded.connect(lambda: QTimer.singleShot(300, save))
    window.database_failed.connect(failed)
    QTimer.singleShot(60_000, give_up)
