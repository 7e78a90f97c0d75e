"""Settings: language, layouts, the signed-in account, the idle lock, user accounts (admins),
the studies (an administrator adds a study's protocol file)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ltfu.ui import i18n
from ltfu.ui.accounts import LOCK_SETTING, AddUserDialog, ChangePasswordDialog, GrantDialog, lock_minutes
from ltfu.ui.desk import Change, Desk
from ltfu.ui.labels import label
from ltfu.ui.models import UsersModel
from ltfu.ui.widgets import TableView, hbox, named, tip_button, wrapped_label

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ltfu.services.protocols import StudyProtocol
    from ltfu.services.users import UserRow


class SettingsPage(QWidget):
    """`users_loaded` after the account list is read; `first_admin_requested` and
    `lock_minutes_changed(minutes)` ask the window to act."""

    users_loaded = Signal()
    protocol_done = Signal()  # after adding a protocol file: added, or refused
    first_admin_requested = Signal()
    lock_minutes_changed = Signal(float)

    def __init__(self, desk: Desk) -> None:
        super().__init__()
        self.desk = desk
        self.dialog: Any = None
        heading = QLabel("<h2>" + self.tr("Settings") + "</h2>")
        self.language = named(QComboBox(), self.tr("Language"))
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.setCurrentIndex(max(self.language.findData(i18n.chosen()), 0))
        self.language_note = wrapped_label()
        self.reset_button = tip_button(
            self.tr("Reset &window and table layouts"),
            self.tr("Forget column widths and window sizes; they apply at the next start"),
        )
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", self.language_note)
        form.addRow("", self.reset_button)

        # The account at the keyboard.
        account = QGroupBox(self.tr("Your account"))
        self.account_label = wrapped_label(self.tr("Signed-in account"))
        self.password_button = QPushButton(self.tr("C&hange my password…"))
        self.first_admin_button = QPushButton(self.tr("Create the first &administrator…"))
        self.lock = QSpinBox()
        self.lock.setRange(1, 120)
        self.lock.setSuffix(self.tr(" min"))
        self.lock.setAccessibleName(self.tr("Minutes without input before the window locks"))
        self.lock.setValue(max(1, round(lock_minutes())))
        account_form = QFormLayout(account)
        account_form.addRow(self.account_label)
        account_form.addRow(hbox(self.password_button, self.first_admin_button, stretch_at=2))
        account_form.addRow(self.tr("Loc&k the window after:"), self.lock)

        # Every account (administrators only).
        self.users_box = QGroupBox(self.tr("User accounts"))
        self.users_model = UsersModel(self)
        self.users_table = TableView("users", self.tr("User accounts"), model=self.users_model)
        self.users_table.setMinimumHeight(self.fontMetrics().height() * 8)
        self.add_user_button = QPushButton(self.tr("A&dd user…"))
        self.grant_button = tip_button(
            self.tr("&Grant access…"), self.tr("Let the selected user see one study or all, at one site or all")
        )
        self.revoke_button = QPushButton(self.tr("Re&voke access…"))
        self.scopes: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # studies, sites
        users_layout = QVBoxLayout(self.users_box)
        users_layout.addWidget(self.users_table, 1)
        users_layout.addLayout(hbox(self.add_user_button, self.grant_button, self.revoke_button, stretch_at=3))
        self.users_box.hide()

        # The studies: one protocol file each.
        studies = QGroupBox(self.tr("Studies"))
        self.studies_label = wrapped_label(self.tr("Studies in this database"))
        self.add_protocol_button = tip_button(
            self.tr("Add a study's &protocol file…"),
            self.tr("Load a new study's protocol file (checked as the bundled one is); then enrol its subjects"),
        )
        studies_layout = QVBoxLayout(studies)
        studies_layout.addWidget(self.studies_label)
        studies_layout.addLayout(hbox(self.add_protocol_button, stretch_at=1))

        where = QLabel(self.tr("Settings are kept in {0}.").format(QSettings().fileName()))
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(account)
        layout.addWidget(studies)
        layout.addWidget(self.users_box, 1)
        layout.addWidget(where)
        layout.addStretch(0)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.reset_button.clicked.connect(self._reset_layouts)
        self.password_button.clicked.connect(lambda: self.change_password())
        self.first_admin_button.clicked.connect(lambda: self.first_admin_requested.emit())
        self.add_user_button.clicked.connect(lambda: self.add_user())
        self.add_protocol_button.clicked.connect(lambda: self.add_protocol())
        desk.studies_changed.connect(self._show_studies)
        self.grant_button.clicked.connect(lambda: self.change_grant())
        self.revoke_button.clicked.connect(lambda: self.change_grant(revoke=True))
        self.lock.valueChanged.connect(self._lock_changed)
        desk.changed.connect(self._changed)
        self.update_account()
        self._show_studies()

    def _language_chosen(self) -> None:
        choice = self.language.currentData()
        i18n.set_choice(choice)
        self.language_note.setText(self.tr("Saved. The window changes language when ltfu starts again."))

    def _reset_layouts(self) -> None:
        settings = QSettings()
        for key in ("tables", "main_window", "chart"):
            settings.remove(key)
        self.desk.layouts_forgotten = True
        self.language_note.setText(self.tr("Layouts will be reset when ltfu starts again."))

    def _lock_changed(self, minutes: int) -> None:
        QSettings().setValue(LOCK_SETTING, minutes)
        self.lock_minutes_changed.emit(minutes)

    # -- accounts ---------------------------------------------------------------------

    def update_account(self) -> None:
        """Show who is signed in (called whenever that changes)."""
        db = self.desk.db
        actor = self.desk.actor
        setup = db is not None and actor is None and not self.desk.has_accounts
        if actor is not None:
            self.account_label.setText(
                self.tr("Signed in as {0} ({1}), {2}.").format(
                    actor.full_name, actor.username, label("role", actor.role)
                )
            )
        elif setup:
            self.account_label.setText(
                self.tr(
                    "Set-up mode: this database has no accounts yet, so everything is recorded under this "
                    "computer's login, {0}, with every right. Create the first administrator to make everyone "
                    "sign in."
                ).format(db.username)
            )
        else:
            self.account_label.setText(self.tr("Nobody is signed in."))
        self.password_button.setVisible(actor is not None)
        self.first_admin_button.setVisible(setup)
        may_list = actor is not None and actor.may("list_users")
        self.users_box.setVisible(may_list)
        manager = actor is not None and actor.may("manage_users")
        for button in (self.add_user_button, self.grant_button, self.revoke_button):
            button.setVisible(manager)
        self.add_protocol_button.setVisible(self.desk.may("maintain"))
        if may_list:
            self.refresh_users()
        else:
            self.users_model.set_rows(())

    def refresh_users(self) -> None:
        if self.desk.db is None:
            return
        from ltfu.services.browse import user_list

        db = self.desk.db
        self.desk.runner.read(lambda job: user_list(db), on_done=self._users_read)
        if self.desk.may("manage_users"):
            from ltfu.services.browse import sites, studies

            self.desk.runner.read(lambda job: (studies(db), sites(db)), on_done=self._scopes_read)

    def _scopes_read(self, scopes: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
        self.scopes = scopes

    def _users_read(self, rows: Iterable[UserRow]) -> None:
        self.users_model.set_rows(rows)
        self.users_table.fit_columns_once()
        self.users_loaded.emit()

    def change_password(self) -> Any:
        if self.desk.db is None or self.desk.db.actor is None:
            return None
        dialog = ChangePasswordDialog(self.desk, self)
        dialog.done.connect(lambda _r: self._password_changed())
        return self._open(dialog)

    def add_user(self) -> Any:
        if self.desk.db is None:
            return None
        dialog = AddUserDialog(self.desk, self)
        dialog.done.connect(lambda _r: self.desk.notify(Change.of("accounts")))
        return self._open(dialog)

    def change_grant(self, revoke: bool = False) -> Any:
        """Grant (or revoke) what the selected user sees."""
        if self.desk.db is None:
            return None
        rows = list(self.users_model.rows)
        picked = self.users_table.selectionModel().selectedRows()
        chosen = rows[picked[0].row()].username if picked and picked[0].row() < len(rows) else None
        studies, sites = self.scopes
        names = [r.username for r in rows]
        dialog = GrantDialog(self.desk, names, studies, sites, chosen, revoke, self)
        dialog.done.connect(lambda _r: self.desk.notify(Change.of("accounts")))
        return self._open(dialog)

    def _password_changed(self) -> None:
        self.account_label.setText(self.tr("Your password was changed."))
        self.desk.notify(Change.of("accounts"))

    def _changed(self, change: Change) -> None:
        if change.touches(("accounts",)) and self.users_box.isVisibleTo(self):
            self.refresh_users()

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    # -- studies ----------------------------------------------------------------------------

    def _show_studies(self) -> None:
        studies = self.desk.studies
        self.studies_label.setText(
            self.tr("Studies (protocol ids): {0}.").format(", ".join(studies))
            if studies
            else self.tr("No study yet: enrolling the first subject starts the bundled one.")
        )

    def add_protocol(self, path: Path | None = None) -> Any:
        """Load a study's protocol file (asked for when `path` is None) on the write worker;
        the studies then include it, and a message says what was added (or what is wrong
        with the file, where)."""
        if self.desk.db is None or not self.desk.may("maintain"):
            return None
        if path is None:
            from ltfu.ui import files

            chosen = files.open_file(
                self, self.tr("Protocol file"), files.documents_folder(), self.tr("Protocol files (*.toml)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        from ltfu.services import browse, protocols

        db, today = self.desk.db, self.desk.today

        def work(job: Any) -> tuple[protocols.StudyProtocol, tuple[str, ...]]:
            return protocols.add(db, path, today), browse.studies(db)

        return self.desk.runner.write(work, on_done=self._protocol_added, on_error=self._protocol_refused)

    def _protocol_added(self, result: tuple[StudyProtocol, tuple[str, ...]]) -> None:
        from ltfu.ui.messages import information

        study, studies = result
        self.desk.set_studies(studies)
        text = (
            self.tr("Study {0} (version {1}) added: {2}. Enrol its subjects with a protocol column of {0}.")
            if study.added
            else self.tr("Study {0} (version {1}) was already here, unchanged: {2}.")
        )
        information(self, self.tr("Protocol file"), text.format(study.protocol_id, study.version_label, study.title))
        self.protocol_done.emit()

    def _protocol_refused(self, exc: BaseException) -> None:
        from ltfu.ui.errors import report_error

        report_error(self, exc, self.tr("Protocol file"))
        self.protocol_done.emit()
