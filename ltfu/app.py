"""Composition root of the window: logging, the Qt application, the main window.

Start-up paints the window first and opens the database right after, so the first
frame never waits on migrations or queries (and no reportlab/scipy import happens
before it).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from ltfu.ui.main_window import MainWindow

_configured = False


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file; when it cannot be written (a full disk), one line says so on
    stderr, once, instead of a traceback per record."""

    _warned = False

    def _open(self):
        # Owner-only from its creation, like every file the program writes.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115 (the handler keeps it)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not _LogFile._warned:
            _LogFile._warned = True
            exc = sys.exc_info()[1]
            reason = getattr(exc, "strerror", None) or exc
            sys.stderr.write(f"ltfu: warning: cannot write the log file {self.baseFilename} ({reason}).\n")


def configure_logging(level: int = logging.INFO) -> None:
    """Log to a rotating file in the user log folder; never names, only record ids."""
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(level)
    try:
        from ltfu.config import log_dir

        handler: logging.Handler = _LogFile(log_dir() / "ltfu.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def log_file() -> str | None:
    """The file the log is written to (None before `configure_logging`, or on stderr)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _LogFile):
            return handler.baseFilename
    return None


def run_window(db_url: str | None, screenshot: str | None = None) -> int:
    configure_logging()
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
    if screenshot:
        _save_and_quit(window, screenshot)
    window.open_database_later()
    return app.exec()


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
