"""The main window: navigation, pages, status bar, About; subject charts open from here.

The window paints first and opens the database right after, on a worker thread
(`open_database_later`); every page then loads in the background. Writes from any
page or chart go through `runner.write`, one at a time, and end with
`notify_changed`, which refreshes the worklist, the subject list and open charts.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ltfu import __version__
from ltfu.ui import i18n, messages
from ltfu.ui.worker import Runner

log = logging.getLogger(__name__)

PAGES = ("Worklist", "Subjects", "Reports", "Import", "Audit", "Settings")


class PlaceholderPage(QWidget):
    """A page whose screen arrives in a later version; says so plainly."""

    def __init__(self, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        text = QLabel(body)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    """The window. `database_opened` / `database_failed(message)` end `open_database`."""

    database_opened = Signal()
    database_failed = Signal(str)
    data_changed = Signal()

    def __init__(self, db_url: str | None = None, today: dt.date | None = None) -> None:
        i18n.ensure_installed()
        super().__init__()
        self.db_url = db_url
        self.db: Any = None
        self.today = today or dt.date.today()
        self.sites: tuple[str, ...] = ()
        self.charts: dict[str, Any] = {}
        # Set by Settings > reset layouts: nothing is saved on close.
        self.forget_layout = False
        self.runner = Runner(self)
        self.setWindowTitle("ltfu")
        self.setMinimumSize(900, 600)

        from ltfu.ui.audit_page import AuditPage
        from ltfu.ui.import_page import ImportPage
        from ltfu.ui.settings_page import SettingsPage
        from ltfu.ui.subjects_page import SubjectsPage
        from ltfu.ui.worklist_page import WorklistPage

        self.worklist_page = WorklistPage(self)
        self.subjects_page = SubjectsPage(self)
        self.reports_page = PlaceholderPage(
            self.tr("Reports"),
            self.tr(
                "Letters, schedules and the annual status report are coming to this screen. "
                "Until then the command line makes them: ltfu letters, ltfu report schedule, "
                "ltfu report annual (see ltfu --help)."
            ),
        )
        self.import_page = ImportPage(self)
        self.audit_page = AuditPage(self)
        self.settings_page = SettingsPage(self)

        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setStyleSheet("QListWidget::item { padding: 0.45em 0.8em; }")
        self.pages = QStackedWidget()
        titles = self.page_titles()
        pages = (
            self.worklist_page,
            self.subjects_page,
            self.reports_page,
            self.import_page,
            self.audit_page,
            self.settings_page,
        )
        for index, (title, page) in enumerate(zip(titles, pages, strict=True)):
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("{0} (Ctrl+{1})").format(title, index + 1))
            self.nav.addItem(item)
            page.setAccessibleName(title)
            self.pages.addWidget(page)
        self.nav.currentRowChanged.connect(self._page_changed)
        self.nav.setCurrentRow(0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self.nav.sizeHintForColumn(0) + 40, 1000])
        self.setCentralWidget(self.splitter)

        self.db_label = QLabel(self.tr("opening database…"))
        self.db_label.setAccessibleName(self.tr("Database"))
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("User"))
        self.today_label = QLabel(self.tr("Today: {0}").format(self.today.isoformat()))
        self.today_label.setAccessibleName(self.tr("Today's date"))
        self.busy_label = QLabel()
        status = QStatusBar()
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.today_label)
        self.setStatusBar(status)
        self.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        self._build_menus()
        self._restore_geometry()
        self.data_changed.connect(self.worklist_page.refresh)
        self.data_changed.connect(self.subjects_page.refresh_if_loaded)
        self.data_changed.connect(self.audit_page.refresh_if_loaded)

    def page_titles(self) -> list[str]:
        return [
            self.tr("Worklist"),
            self.tr("Subjects"),
            self.tr("Reports"),
            self.tr("Import"),
            self.tr("Audit"),
            self.tr("Settings"),
        ]

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for index, title in enumerate(self.page_titles()):
            action = QAction(title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.triggered.connect(lambda _=False, i=index: self.nav.setCurrentRow(i))
            go_menu.addAction(action)
            self.addAction(action)
        go_menu.addSeparator()
        find = QAction(self.tr("&Find subject…"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self.find_subject)
        go_menu.addAction(find)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About ltfu"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _page_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        page = self.pages.widget(index)
        if hasattr(page, "shown"):
            page.shown()

    def find_subject(self) -> None:
        self.nav.setCurrentRow(PAGES.index("Subjects"))
        self.subjects_page.search.setFocus()
        self.subjects_page.search.selectAll()

    # -- About ----------------------------------------------------------------------

    def about_text(self) -> str:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QSettings as _QSettings
        from PySide6.QtCore import qVersion
        from sqlalchemy import __version__ as sqlalchemy_version

        from ltfu.config import log_dir

        where = self.db.display_name if self.db else self.tr("not open")
        return self.tr(
            "<b>ltfu {0}</b><br>Long-term follow-up of cell-therapy trial subjects.<br><br>"
            "Data: {1}<br>Settings: {2}<br>Log: {3}<br><br>"
            "Python {4}, PySide6 {5} (Qt {6}), SQLAlchemy {7}"
        ).format(
            __version__,
            _html(where),
            _html(_QSettings().fileName()),
            _html(str(log_dir())),
            _python_version(),
            pyside_version,
            qVersion(),
            sqlalchemy_version,
        )

    def show_about(self) -> None:
        messages.about(self, self.tr("About ltfu"), self.about_text())

    # -- the database -----------------------------------------------------------------

    def open_database_later(self) -> None:
        """Open the database after the first paint, so the window appears at once."""
        QTimer.singleShot(0, self.open_database)

    def open_database(self) -> None:
        """Open (and if needed migrate) the database on a worker thread.

        Ends with `database_opened`, or `database_failed` after a message box.
        """
        from ltfu.services import browse
        from ltfu.services.database import open_database

        url = self.db_url

        def work(job: Any) -> tuple[Any, tuple[str, ...]]:
            db = open_database(url)
            try:
                return db, browse.sites(db)
            except BaseException:
                db.dispose()
                raise

        self.db_label.setText(self.tr("opening database…"))
        self.runner.write(work, on_done=self._database_ready, on_error=self._database_refused)

    def _database_ready(self, result: tuple[Any, tuple[str, ...]]) -> None:
        if self.db is not None:
            self.db.dispose()
        self.db, self.sites = result
        self.db_label.setText(self.tr("Database: {0}").format(self.db.display_name))
        self.db_label.setToolTip(self.db.display_name)
        self.user_label.setText(self.tr("User: {0}").format(self.db.username))
        self.worklist_page.set_sites(self.sites)
        self.subjects_page.set_sites(self.sites)
        log.info("database opened (%s)", self.db.migration)
        self.worklist_page.refresh()
        self.subjects_page.refresh()
        self.database_opened.emit()

    def _database_refused(self, exc: BaseException) -> None:
        from ltfu.errors import LtfuError
        from ltfu.ui.errors import log_bug

        self.db_label.setText(self.tr("No database"))
        if isinstance(exc, LtfuError):
            text = str(exc)
        else:
            log_bug(exc, "opening the database")
            text = self.tr("The database could not be opened ({0}); the details are in the log file.").format(
                type(exc).__name__
            )
        messages.error(self, self.tr("Cannot open the database"), text)
        self.database_failed.emit(text)

    def notify_changed(self) -> None:
        """Something was written: lists and open charts read again."""
        self.data_changed.emit()

    # -- subject charts ------------------------------------------------------------------

    def open_subject(self, study_id: str) -> Any:
        """Open (or bring forward) the chart of `study_id`; returns the chart window."""
        from ltfu.ui.chart import SubjectChart

        chart = self.charts.get(study_id)
        if chart is None:
            chart = SubjectChart(self, study_id)
            self.charts[study_id] = chart
            chart.closed.connect(lambda s=study_id: self.charts.pop(s, None))
            self.data_changed.connect(chart.refresh)
            chart.refresh()
        chart.show()
        chart.raise_()
        chart.activateWindow()
        return chart

    # -- window state ---------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 820)
        splitter = settings.value("main_window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        from ltfu.ui.widgets import save_table_layouts

        for chart in list(self.charts.values()):
            chart.close()
        if not self.forget_layout:
            settings = QSettings()
            settings.setValue("main_window/geometry", self.saveGeometry())
            settings.setValue("main_window/splitter", self.splitter.saveState())
            save_table_layouts(self)
        self.runner.shutdown()
        if self.db is not None:
            self.db.dispose()
            self.db = None
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _python_version() -> str:
    import platform

    return platform.python_version()
