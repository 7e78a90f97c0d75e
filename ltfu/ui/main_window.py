"""The main window: navigation, pages, status bar, About; subject charts open from here.

The window paints first and opens the database right after, on a worker thread
(`open_database_later`); every page then loads in the background. At the program's
start (`pages_after_paint`) only the worklist page is made before that first paint,
the others right after it. Pages and charts see only the window's `Desk`
(ltfu.ui.desk): the database, today, the runner, `open_subject`. Writes go through
`runner.write`, one at a time, and end with a `Change` notice on the desk, on which
every page and chart showing it reads again.

Who is at the keyboard (21 CFR 11): once the database has accounts, nothing of it
is shown until someone signs in (`SignInDialog`); after `lock_minutes` without
input the window is covered and asks for the same user's password again. A
database without accounts runs in set-up mode, said in the status bar, with an
offer to create the first administrator. Right after opening, in the background,
the database's integrity is checked and today's backup written (`startup_checked`).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from ltfu import __version__
from ltfu.ui import i18n, look, messages
from ltfu.ui.accounts import FirstAdminDialog, IdleLock, SignInDialog
from ltfu.ui.desk import Desk
from ltfu.ui.labels import label, message_text
from ltfu.ui.widgets import fit_to_screen
from ltfu.ui.worker import Runner

if TYPE_CHECKING:
    from collections.abc import Callable

    from ltfu.services.database import Database
    from ltfu.services.users import Actor
    from ltfu.ui.chart import SubjectChart

log = logging.getLogger(__name__)

PAGES = ("Worklist", "Subjects", "Reports", "Import", "Audit", "Settings", "Safety", "Dose levels")
# File > Export entries and the permission the service checks for each.
# What each File > Export action needs in `users.PERMISSIONS` (the window's archive
# carries the contacts: the new keeper restores the whole study from it).
EXPORT_PERMISSIONS = {
    "csv": ("export",),
    "odm": ("export",),
    "ical": ("export",),
    "archive": ("archive", "export_contacts"),
}


class Cover(QWidget):
    """What the window shows instead of its pages while nobody is signed in or it is locked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addStretch(2)

    def say(self, heading: str, body: str) -> None:
        self.text.setText(f"<h2>{_html(heading)}</h2><p>{_html(body)}</p>")


class MainWindow(QMainWindow):
    """The window. `database_opened` / `database_failed(message)` end `open_database`."""

    database_opened = Signal()
    database_failed = Signal(str)
    sign_in_requested = Signal()
    signed_in = Signal(object)
    signed_out = Signal()
    locked = Signal()
    unlocked = Signal()
    startup_checked = Signal(str)

    def __init__(
        self, db_url: str | None = None, today: dt.date | None = None, *, pages_after_paint: bool = False
    ) -> None:
        i18n.ensure_installed()
        super().__init__()
        self.db_url = db_url
        self.charts: dict[str, SubjectChart] = {}
        self.sign_in_dialog: SignInDialog | None = None
        self.first_admin_dialog: FirstAdminDialog | None = None
        self.is_locked = False
        self._hidden_windows: list[QWidget] = []
        self._after_paint: list[Callable[[], None]] = []
        self._painted_once = False
        self.pages_built = False
        self.runner = Runner(self)
        # All that the pages, charts and dialogs see of the window.
        self.desk = Desk(today or dt.date.today(), self.runner, self.open_subject, self)
        self.setWindowTitle("ltfu")
        self.setMinimumSize(900, 600)

        self.idle_lock = IdleLock(self)
        self.idle_lock.timed_out.connect(self.lock)

        from ltfu.ui.worklist_page import WorklistPage

        self.worklist_page = WorklistPage(self.desk)
        self.nav = QListWidget()
        self.nav.setAccessibleName(self.tr("Navigation"))
        self.nav.setStyleSheet("QListWidget::item { padding: 0.45em 0.8em; }")
        self.pages = QStackedWidget()
        for index, title in enumerate(self.page_titles()):
            item = QListWidgetItem(title)
            item.setToolTip(self.tr("{0} (Ctrl+{1})").format(title, index + 1))
            self.nav.addItem(item)
        self._add_pages(self.worklist_page)
        if not pages_after_paint:
            self.build_pages()
        self.nav.currentRowChanged.connect(self._page_changed)
        self.nav.setCurrentRow(0)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.pages)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([self.nav.sizeHintForColumn(0) + 40, 1000])
        self.cover = Cover()
        self.central = QStackedWidget()
        self.central.addWidget(self.splitter)
        self.central.addWidget(self.cover)
        # Above every page while the database is open read-only because it was found damaged.
        self.damage_banner = QLabel()
        self.damage_banner.setObjectName("damage_banner")
        self.damage_banner.setWordWrap(True)
        self.damage_banner.setAccessibleName(self.tr("Database damaged"))
        self.damage_banner.setStyleSheet(
            f"QLabel#damage_banner {{ background: {look.ALERT_COLOUR}; color: white; "
            "padding: 0.5em 0.8em; font-weight: bold; }"
        )
        self.damage_banner.hide()
        frame = QWidget()
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.setSpacing(0)
        frame_layout.addWidget(self.damage_banner)
        frame_layout.addWidget(self.central, 1)
        self.setCentralWidget(frame)

        self.db_label = QLabel(self.tr("opening database…"))
        self.db_label.setAccessibleName(self.tr("Database"))
        # A long database path is cut short rather than pushing the user and date away.
        self.db_label.setMinimumWidth(1)
        self.db_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.user_label = QLabel()
        self.user_label.setAccessibleName(self.tr("User"))
        self.today_label = QLabel(self.tr("Today: {0}").format(self.today.isoformat()))
        self.today_label.setAccessibleName(self.tr("Today's date"))
        self.busy_label = QLabel()
        self.health = look.Badge()
        self.health.setAccessibleName(self.tr("Database check"))
        self.setup_badge = look.Badge()
        self.first_admin_button = QPushButton(self.tr("Create the first administrator…"))
        self.first_admin_button.setFlat(True)
        self.first_admin_button.setToolTip(
            self.tr("Leave set-up mode: from then on everyone signs in with their own account")
        )
        self.first_admin_button.clicked.connect(lambda: self.create_first_administrator())
        self.first_admin_button.hide()
        status = QStatusBar()
        status.addWidget(self.db_label, 1)
        status.addPermanentWidget(self.busy_label)
        status.addPermanentWidget(self.health)
        status.addPermanentWidget(self.setup_badge)
        status.addPermanentWidget(self.first_admin_button)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(self.today_label)
        self.setStatusBar(status)
        self.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("Working…") if busy else ""))
        self._build_menus()
        self._restore_geometry()

    # What the desk holds, under the names the window has always had.

    @property
    def db(self) -> Database:
        return self.desk.db

    @property
    def today(self) -> dt.date:
        return self.desk.today

    @property
    def sites(self) -> tuple[str, ...]:
        return self.desk.sites

    @property
    def has_accounts(self) -> bool:
        return self.desk.has_accounts

    def page_titles(self) -> list[str]:
        return [
            self.tr("Worklist"),
            self.tr("Subjects"),
            self.tr("Reports"),
            self.tr("Import"),
            self.tr("Audit"),
            self.tr("Settings"),
            self.tr("Safety"),
            self.tr("Dose levels"),
        ]

    def build_pages(self) -> None:
        """Make the pages after the worklist, and the exporter behind File > Export.

        A window made with `pages_after_paint` (the program's start) shows the worklist
        first and makes the rest right after its first paint, when it opens the database;
        whatever needs one of them before (a page chosen, Find, an export) makes them first,
        so nothing acts on a half-built window.
        """
        if self.pages_built:
            return
        self.pages_built = True
        from ltfu.ui.audit_page import AuditPage
        from ltfu.ui.dose_page import DosePage
        from ltfu.ui.export import Exporter
        from ltfu.ui.import_page import ImportPage
        from ltfu.ui.reports_page import ReportsPage
        from ltfu.ui.safety_page import SafetyPage
        from ltfu.ui.settings_page import SettingsPage
        from ltfu.ui.subjects_page import SubjectsPage

        self.exporter = Exporter(self.desk, self)
        self.subjects_page = SubjectsPage(self.desk)
        self.reports_page = ReportsPage(self.desk)
        self.import_page = ImportPage(self.desk)
        self.audit_page = AuditPage(self.desk)
        self.settings_page = SettingsPage(self.desk)
        self.safety_page = SafetyPage(self.desk)
        self.dose_page = DosePage(self.desk)
        self.settings_page.first_admin_requested.connect(lambda: self.create_first_administrator())
        self.settings_page.lock_minutes_changed.connect(self.idle_lock.set_minutes)
        self._add_pages(
            self.subjects_page,
            self.reports_page,
            self.import_page,
            self.audit_page,
            self.settings_page,
            self.safety_page,
            self.dose_page,
        )

    def _add_pages(self, *pages: QWidget) -> None:
        """Put `pages` next in the stack, each named as its navigation entry."""
        titles = self.page_titles()
        for page in pages:
            page.setAccessibleName(titles[self.pages.count()])
            self.pages.addWidget(page)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        export_menu = file_menu.addMenu(self.tr("&Export"))
        self.export_actions: dict[str, QAction] = {}
        for key, text in (
            ("csv", self.tr("&CSV with data dictionary…")),
            ("odm", self.tr("CDISC &ODM…")),
            ("archive", self.tr("&Handover archive…")),
            ("ical", self.tr("&iCalendar of visits…")),
        ):
            self.export_actions[key] = self._menu_action(export_menu, text, lambda _=False, k=key: self.export(k))
        file_menu.addSeparator()
        self.sign_out_action = self._menu_action(file_menu, self.tr("Sign &out"), self.sign_out)
        self.sign_out_action.setEnabled(False)
        file_menu.addSeparator()
        self._menu_action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        self.go_actions: list[QAction] = []
        for index, title in enumerate(self.page_titles()):
            action = self._menu_action(
                go_menu, title, lambda _=False, i=index: self.nav.setCurrentRow(i), QKeySequence(f"Ctrl+{index + 1}")
            )
            self.addAction(action)
            self.go_actions.append(action)
        go_menu.addSeparator()
        self._menu_action(go_menu, self.tr("&Find subject…"), self.find_subject, QKeySequence.StandardKey.Find)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._menu_action(help_menu, self.tr("&About ltfu"), self.show_about)

    def _menu_action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[..., object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        """An action of `menu` that runs `slot`, with its keyboard shortcut if any."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def export(self, kind: str) -> None:
        """File > Export > `kind` (a key of `EXPORT_PERMISSIONS`)."""
        self.build_pages()
        exports = {
            "csv": self.exporter.export_csv,
            "odm": self.exporter.export_odm,
            "archive": self.exporter.export_archive,
            "ical": self.exporter.export_ical,
        }
        exports[kind]()

    def _page_changed(self, index: int) -> None:
        if index >= self.pages.count():
            self.build_pages()
        self.pages.setCurrentIndex(index)
        shown = getattr(self.pages.widget(index), "shown", None)
        if shown is not None:
            shown()

    def find_subject(self) -> None:
        self.build_pages()
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

    def after_first_paint(self, action: Callable[[], None]) -> None:
        """Run `action` once the window's first frame is on the screen (soon, when it is already).

        A timer would not do: on a busy machine it can fire before the first paint.
        A window that is never painted (not exposed) runs it after a second.
        """
        self._after_paint.append(action)
        QTimer.singleShot(0 if self._painted_once else 1000, self, self._painted)

    def open_database_later(self) -> None:
        """Open the database after the first paint, so that the window appears at once."""
        self.after_first_paint(self.open_database)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self, self._painted)  # once this frame is on the screen

    def _painted(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for action in waiting:
            action()

    def open_database(self) -> None:
        """Open (and if needed migrate) the database on a worker thread; meanwhile
        make the pages not made yet (`build_pages`).

        Ends with `database_opened`, or `database_failed` after a message box.
        """
        url = self.db_url

        def work(job: Any) -> tuple[Any, tuple[str, ...], bool, tuple[str, ...]]:
            # Imported here, on the worker: SQLAlchemy and the services are not needed
            # before the database is open.
            from ltfu.services import browse
            from ltfu.services.database import open_database

            db = open_database(url)
            try:
                return db, browse.sites(db), browse.has_accounts(db), browse.studies(db)
            except BaseException:
                db.dispose()
                raise

        self.db_label.setText(self.tr("opening database…"))
        self.runner.write(work, on_done=self._database_ready, on_error=self._database_refused)
        self.build_pages()

    def _database_ready(self, result: tuple[Any, tuple[str, ...], bool, tuple[str, ...]]) -> None:
        if self.db is not None:
            self.db.dispose()
        self.desk.db, self.desk.sites, self.desk.has_accounts, studies = result
        self.desk.set_studies(studies)
        self.db_label.setText(self.tr("Database: {0}").format(self.db.display_name))
        self.db_label.setToolTip(self.db.display_name)
        self.worklist_page.set_sites(self.sites)
        self.subjects_page.set_sites(self.sites)
        self.reports_page.set_sites(self.sites)
        log.info("database opened (%s)", self.db.migration)
        self.show_damage()
        if self.has_accounts and self.db.actor is None:
            self._show_user()
            self.ask_sign_in()
        else:
            self._show_user()
            self.load_pages()
        self.database_opened.emit()
        self.check_database()

    def load_pages(self) -> None:
        """Read every page's data (after opening, signing in, or another user signing in)."""
        self.central.setCurrentWidget(self.splitter)
        self.worklist_page.refresh()
        self.subjects_page.refresh()
        self.audit_page.refresh_if_loaded()
        self.dose_page.invalidate()
        for page in (self.reports_page, self.dose_page):
            if self.pages.currentWidget() is page:
                page.shown()
        self.safety_page.refresh()

    # -- start-up checks --------------------------------------------------------------------

    def show_damage(self) -> None:
        """The read-only banner, when the open database is marked damaged (else hidden)."""
        damage = self.db.damage if self.db is not None else None
        if damage is None:
            self.damage_banner.hide()
            return
        from ltfu.services.database import damage_words  # loaded with the database, after the first paint

        self.damage_banner.setText(
            self.tr(
                "Read-only: this database was found damaged ({0}). Nothing can be saved until the latest "
                "backup is restored (ltfu restore FILE)."
            ).format(message_text(damage_words(damage.reason)))
        )
        self.damage_banner.setToolTip(message_text(self.db.read_only_message()))
        self.damage_banner.show()

    def check_database(self) -> None:
        """In the background: the integrity check, then (when it passes) today's backup.

        A failed check marks the database damaged: from then on (and at every later
        opening) it is read-only, and the banner says why.
        """
        from ltfu.services.maintenance import start_up_check

        db, today = self.db, self.today

        def work(job: Any) -> tuple[str, Any, str]:
            verdict, problem = start_up_check(db, today)
            return verdict, None, problem

        self.runner.read(work, on_done=self._checked, on_error=self._check_failed)

    def _checked(self, result: tuple[str, Any, str]) -> None:
        from ltfu.services.browse import backup_folder

        verdict, _backup, problem = result
        problem = message_text(problem)
        if verdict in ("ok", "n/a"):
            self.health.set("", look.ALERT_COLOUR)
            if problem:
                self.health.set(self.tr("⚠ no backup today"), look.WARNING_COLOUR, problem)
                messages.warning(
                    self,
                    self.tr("Today's backup failed"),
                    self.tr("Today's backup of the database could not be written: {0}").format(problem),
                )
        else:
            self.show_damage()
            folder = backup_folder(self.db)
            self.health.set(
                self.tr("⚠ database damaged"), look.ALERT_COLOUR, self.tr("Integrity check: {0}").format(verdict)
            )
            messages.error(
                self,
                self.tr("The database is damaged"),
                self.tr(
                    "The database {0} is damaged: its integrity check says “{1}”. Restore the latest backup "
                    "(ltfu restore FILE; the daily backups are in {2}). Until then, what still reads is shown, "
                    "but do not enter anything new."
                ).format(self.db.display_name, verdict, folder or self.tr("the server's backups")),
            )
        self.startup_checked.emit(verdict)

    def _check_failed(self, exc: BaseException) -> None:
        from ltfu.ui.errors import error_text, report_error

        self.show_damage()  # when the failure was a damaged page, the database is read-only now
        self.health.set(self.tr("⚠ database check failed"), look.ALERT_COLOUR, error_text(exc))
        report_error(self, exc, self.tr("The database check failed"))
        self.startup_checked.emit(type(exc).__name__)

    # -- who is at the keyboard -------------------------------------------------------------

    def _show_user(self) -> None:
        actor = self.desk.actor
        setup = self.db is not None and actor is None and not self.has_accounts
        if actor is not None:
            self.user_label.setText(self.tr("User: {0} ({1})").format(actor.full_name, label("role", actor.role)))
            self.user_label.setToolTip(actor.username)
        elif setup:
            self.user_label.setText(self.tr("User: {0} (set-up mode)").format(self.db.username))
            self.user_label.setToolTip(self.tr("This computer's login; no accounts yet"))
        else:
            self.user_label.setText(self.tr("Not signed in"))
            self.user_label.setToolTip("")
        self.setup_badge.set_if(
            setup,
            self.tr("⚠ set-up mode: no accounts yet"),
            look.WARNING_COLOUR,
            self.tr(
                "Everything done now is recorded under this computer's login, with every right, and nobody "
                "signs in. Create the first administrator to end set-up mode."
            ),
        )
        self.first_admin_button.setVisible(setup)
        self.sign_out_action.setEnabled(actor is not None)

        # What the services would refuse is not offered (set-up mode may do everything).
        may = self.desk.may
        for key, permissions in EXPORT_PERMISSIONS.items():
            self.export_actions[key].setEnabled(may(*permissions))
        audit_row = PAGES.index("Audit")
        self.nav.item(audit_row).setHidden(not may("read_audit"))
        self.go_actions[audit_row].setEnabled(may("read_audit"))
        if not may("read_audit") and self.nav.currentRow() == audit_row:
            self.nav.setCurrentRow(0)
        # The dose-level review: PI and coordinator (`review_safety`).
        dose_row = PAGES.index("Dose levels")
        self.nav.item(dose_row).setHidden(not may("review_safety"))
        self.go_actions[dose_row].setEnabled(may("review_safety"))
        if not may("review_safety") and self.nav.currentRow() == dose_row:
            self.nav.setCurrentRow(0)
        for button in (self.audit_page.csv_button, self.audit_page.pdf_button):
            button.setEnabled(may("export"))
        self.settings_page.update_account()

    def _cover(self, heading: str, body: str) -> None:
        self.cover.say(heading, body)
        self.central.setCurrentWidget(self.cover)
        self.menuBar().setEnabled(False)

    def _uncover(self) -> None:
        self.central.setCurrentWidget(self.splitter)
        self.menuBar().setEnabled(True)

    def ask_sign_in(self) -> SignInDialog:
        """Cover the window and ask who is there."""
        self.idle_lock.stop()
        self._cover(
            self.tr("Sign in"),
            self.tr("This database has user accounts: sign in to see and change its records."),
        )
        dialog = SignInDialog(self.desk, parent=self)
        dialog.done.connect(self._signed_in)
        dialog.quit_requested.connect(self._quit_from_sign_in)
        self._open_sign_in(dialog)
        self.sign_in_requested.emit()
        return dialog

    def _open_sign_in(self, dialog: SignInDialog) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close_for_good()
        self.sign_in_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None, d=dialog: self._sign_in_closed(d))
        dialog.open()

    def _sign_in_closed(self, dialog: SignInDialog) -> None:
        if self.sign_in_dialog is dialog:
            self.sign_in_dialog = None

    def _quit_from_sign_in(self) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close_for_good()
        self.close()

    def _signed_in(self, actor: Actor) -> None:
        log.info("signed in (user id %s)", actor.user_id)
        self.desk.has_accounts = True
        self.is_locked = False
        self._uncover()
        self._show_user()
        self.load_pages()
        self.idle_lock.start()
        self.signed_in.emit(actor)

    def create_first_administrator(self) -> FirstAdminDialog | None:
        """Set-up mode: the first account, an administrator; signs in as them."""
        if self.db is None or self.has_accounts:
            return None
        dialog = FirstAdminDialog(self.desk, self)
        dialog.done.connect(self._signed_in)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.first_admin_dialog = dialog
        return dialog

    def lock(self) -> SignInDialog | None:
        """Cover the window (and hide the charts) until the same user's password is given again."""
        actor = self.desk.actor
        if actor is None or self.is_locked:
            return None
        self.is_locked = True
        self.idle_lock.stop()
        self._hidden_windows = self._other_windows()
        for window in self._hidden_windows:
            window.hide()
        self._cover(self.tr("ltfu is locked"), self.tr("Locked after a time without input."))
        dialog = SignInDialog(self.desk, locked_user=actor, lock_minutes=self.idle_lock.minutes, parent=self)
        dialog.done.connect(self._unlocked)
        dialog.sign_out_requested.connect(self.sign_out)
        self._open_sign_in(dialog)
        log.info("window locked after %s minute(s) without input", f"{self.idle_lock.minutes:g}")
        self.locked.emit()
        return dialog

    def _other_windows(self) -> list[QWidget]:
        """The charts, case windows and dialogs on screen besides this window (and the sign-in dialog)."""
        from ltfu.ui.cases import CaseView

        charts = set(self.charts.values())
        return [
            w
            for w in QApplication.topLevelWidgets()
            if w.isVisible()
            and w is not self
            and w is not self.sign_in_dialog
            and (w in charts or isinstance(w, QDialog | CaseView))
        ]

    def _unlocked(self, actor: Actor) -> None:
        self.is_locked = False
        self._uncover()
        for window in self._hidden_windows:
            if shiboken6.isValid(window):
                window.show()
        self._hidden_windows = []
        self._show_user()
        self.idle_lock.start()
        self.unlocked.emit()

    def sign_out(self) -> None:
        """Forget the user: close the charts, drop what the pages show, ask who is next."""
        if self.db is None:
            return
        self.idle_lock.stop()
        self.db.sign_out()
        self.is_locked = False
        for window in [*self._hidden_windows, *self._other_windows()]:
            if shiboken6.isValid(window):
                window.close()
        self._hidden_windows = []
        self.worklist_page.forget()
        self.subjects_page.forget()
        self.audit_page.model.set_rows(())
        self.reports_page.forget()
        self.safety_page.forget()
        self._show_user()
        log.info("signed out")
        self.signed_out.emit()
        self.ask_sign_in()

    def _database_refused(self, exc: BaseException) -> None:
        from ltfu.errors import LtfuError
        from ltfu.ui.errors import error_text, log_bug

        self.db_label.setText(self.tr("No database"))
        if isinstance(exc, LtfuError):
            text = error_text(exc)
        else:
            log_bug(exc, "opening the database")
            text = self.tr("The database could not be opened ({0}); the details are in the log file.").format(
                type(exc).__name__
            )
        messages.error(self, self.tr("Cannot open the database"), text)
        self.database_failed.emit(text)

    # -- subject charts ------------------------------------------------------------------

    def open_subject(self, study_id: str) -> Any:
        """Open (or bring forward) the chart of `study_id`; returns the chart window."""
        from ltfu.ui.chart import SubjectChart

        chart = self.charts.get(study_id)
        if chart is None:
            chart = SubjectChart(self.desk, study_id, parent=self)
            self.charts[study_id] = chart
            chart.closed.connect(lambda s=study_id: self.charts.pop(s, None))
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
            fit_to_screen(self, 1280, 820)
        splitter = settings.value("main_window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        from ltfu.ui.widgets import save_table_layouts

        self.idle_lock.stop()
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close_for_good()
        for chart in list(self.charts.values()):
            chart.close()
        if self.pages_built:
            self.reports_page.forget()
        if not self.desk.layouts_forgotten:
            settings = QSettings()
            settings.setValue("main_window/geometry", self.saveGeometry())
            settings.setValue("main_window/splitter", self.splitter.saveState())
            save_table_layouts(self)
        self.runner.shutdown()
        if self.db is not None:
            self.db.dispose()
            self.desk.db = None
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _python_version() -> str:
    import platform

    return platform.python_version()
