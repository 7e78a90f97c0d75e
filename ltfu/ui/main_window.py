"""The main window: navigation, pages, status bar, About."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ltfu import __version__
from ltfu.errors import LtfuError

log = logging.getLogger(__name__)

PAGES = ("Worklist", "Subjects", "Reports", "Import", "Audit", "Settings")


class PlaceholderPage(QWidget):
    """A page whose screen arrives in a later version; says so plainly."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        body = QLabel(self.tr("This screen is being built. The command line has what is ready: ltfu --help"))
        body.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(body)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    database_opened = Signal()

    def __init__(self, db_url: str | None = None, today: dt.date | None = None) -> None:
        super().__init__()
        self.db_url = db_url
        self.db = None
        self.today = today or dt.date.today()
        self.setWindowTitle("ltfu")
        self.setMinimumSize(900, 600)

        self.nav = QListWidget()
        self.nav.setMaximumWidth(180)
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.pages = QStackedWidget()
        for title in PAGES:
            self.nav.addItem(self.tr(title))
            self.pages.addWidget(PlaceholderPage(self.tr(title)))
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav)
        splitter.addWidget(self.pages)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)

        self.db_label = QLabel(self.tr("opening database…"))
        self.user_label = QLabel()
        self.today_label = QLabel(self.tr("Today: {0}").format(self.today.isoformat()))
        status = QStatusBar()
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.today_label)
        self.setStatusBar(status)
        self._build_menus()
        self._restore_geometry()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for index, title in enumerate(PAGES):
            action = QAction(self.tr(title), self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.nav.setCurrentRow(i))
            go_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About ltfu"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def about_text(self) -> str:
        from PySide6 import __version__ as pyside_version
        from sqlalchemy import __version__ as sqlalchemy_version

        where = self.db.display_name if self.db else self.tr("not open")
        return self.tr(
            "<b>ltfu {0}</b><br>Long-term follow-up of cell-therapy trial subjects.<br><br>"
            "Data: {1}<br>PySide6 {2}, SQLAlchemy {3}"
        ).format(__version__, where, pyside_version, sqlalchemy_version)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About ltfu"), self.about_text())

    def open_database_later(self) -> None:
        """Open the database after the first paint, so the window appears at once."""
        QTimer.singleShot(0, self.open_database)

    def open_database(self) -> None:
        from ltfu.services.database import open_database

        try:
            self.db = open_database(self.db_url)
        except LtfuError as exc:
            self.db_label.setText(self.tr("No database"))
            QMessageBox.critical(self, self.tr("Cannot open the database"), str(exc))
            return
        self.db_label.setText(self.tr("Database: {0}").format(self.db.display_name))
        self.user_label.setText(self.tr("User: {0}").format(self.db.username))
        self.database_opened.emit()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        if self.db is not None:
            self.db.dispose()
        super().closeEvent(event)
