"""Who is at the keyboard (21 CFR 11.10(d), 11.300): sign-in, the idle lock, accounts.

- `SignInDialog`: user name and password; the service's refusal (wrong password,
  locked account) is shown in it. The same dialog unlocks an idle window for the
  user who was signed in, with "Sign out" instead of "Quit".
- `FirstAdminDialog`: a database without accounts runs in set-up mode; this creates
  the first administrator and signs in as them.
- `AddUserDialog`, `GrantDialog`, `ChangePasswordDialog`: the Settings page's account actions.
- `IdleLock`: an application-wide event filter restarting a timer on every key
  press, click or wheel turn; when it runs out, the window locks.

Passwords live only in the dialogs' fields and in the call to the service; a field
is cleared after a refusal and the dialog is deleted when it closes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLabel, QLineEdit, QWidget

from ltfu.ui.dialogs import ActionDialog, PasswordDialog
from ltfu.ui.labels import label
from ltfu.ui.widgets import named

if TYPE_CHECKING:
    from ltfu.ui.desk import Desk
    from ltfu.ui.worker import Job

LOCK_SETTING = "lock_minutes"
DEFAULT_LOCK_MINUTES = 10


def password_field(accessible_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(accessible_name)
    # No autocompletion, no undo history of the typed password.
    field.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText)
    return field


def lock_minutes() -> float:
    """Minutes without input before the window locks (QSettings ``lock_minutes``)."""
    try:
        value = float(cast("str | float", QSettings().value(LOCK_SETTING, DEFAULT_LOCK_MINUTES)))
    except (TypeError, ValueError):
        return DEFAULT_LOCK_MINUTES
    return value if value > 0 else DEFAULT_LOCK_MINUTES


class SignInDialog(PasswordDialog):
    """Sign in (or unlock). `done(actor)` on success; `quit_requested` / `sign_out_requested`
    from the second button. Escape does nothing: there is no way round it."""

    quit_requested = Signal()
    sign_out_requested = Signal()

    def __init__(
        self, desk: Desk, locked_user: Any = None, lock_minutes: float = 0.0, parent: QWidget | None = None
    ) -> None:
        """`locked_user` (with the `lock_minutes` that locked the window): unlock rather than sign in."""
        unlocking = locked_user is not None
        super().__init__(
            desk,
            self.tr("ltfu is locked") if unlocking else self.tr("Sign in to ltfu"),
            self.tr("&Unlock") if unlocking else self.tr("&Sign in"),
            parent,
        )
        self.locked_user = locked_user
        where = desk.db.display_name if desk.db is not None else ""
        if unlocking:
            intro = self.tr(
                "The window was locked after {0} minutes without input. {1} ({2}): enter your password to go on, "
                "or sign out so someone else can sign in."
            ).format(_minutes_text(lock_minutes), locked_user.full_name, label("role", locked_user.role))
        else:
            intro = self.tr("Database: {0}. Every action is recorded under the name you sign in with.").format(where)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.username = named(QLineEdit(), self.tr("User name"))
        if unlocking:
            self.username.setText(locked_user.username)
            self.username.setReadOnly(True)
        self.form.addRow(self.tr("&User name:"), self.username)
        self.password = password_field(self.tr("Password"))
        self.form.addRow(self.tr("&Password:"), self.password)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Sign &out") if unlocking else self.tr("&Quit ltfu"))
        self.second = cancel
        cancel.clicked.connect(self.sign_out_requested if unlocking else self.quit_requested)
        self.username.textChanged.connect(self.validate)
        self.password.textChanged.connect(self.validate)
        (self.password if unlocking else self.username).setFocus()
        self.validate()

    def reject(self) -> None:
        """Escape and the title bar's close button do not get round the sign-in."""

    def close_for_good(self) -> None:
        self.password.clear()
        super().reject()

    def missing(self) -> list[str]:
        if not self.username.text().strip():
            return [self.tr("Enter your user name.")]
        if not self.password.text():
            return [self.tr("Enter your password.")]
        return []

    def work(self) -> Callable[[Job], object]:
        db, username, password = self.desk.db, self.username.text().strip(), self.password.text()
        return lambda job: db.sign_in(username, password)

class _AccountForm(ActionDialog):
    """User name, full name, password twice: the fields of a new account."""

    def __init__(self, desk: Desk, title: str, ok_text: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(desk, title, ok_text, parent)
        text = QLabel(intro)
        text.setWordWrap(True)
        self.form.addRow(text)
        self.username = named(QLineEdit(), self.tr("User name"))
        self.username.setPlaceholderText(self.tr("e.g. li.wei"))
        self.full_name = named(QLineEdit(), self.tr("Full name"))
        self.full_name.setToolTip(self.tr("Printed with every signature"))
        self.password = password_field(self.tr("Password"))
        self.again = password_field(self.tr("Password again"))
        self.form.addRow(self.tr("&User name:"), self.username)
        self.form.addRow(self.tr("&Full name:"), self.full_name)
        self.form.addRow(self.tr("&Password:"), self.password)
        self.form.addRow(self.tr("&Again:"), self.again)
        for field in (self.username, self.full_name, self.password, self.again):
            field.textChanged.connect(self.validate)

    def problems(self) -> list[str]:
        from ltfu.services.browse import MIN_PASSWORD, USERNAME_PATTERN

        found = []
        name = self.username.text().strip()
        if name and not USERNAME_PATTERN.match(name):
            found.append(
                self.tr(
                    "The user name has 2 to 32 lower-case letters, digits, '.', '_' or '-', and starts with a letter."
                )
            )
        password = self.password.text()
        if password and len(password) < MIN_PASSWORD:
            found.append(self.tr("The password needs at least {0} characters.").format(MIN_PASSWORD))
        elif self.again.text() and self.again.text() != password:
            found.append(self.tr("The two passwords differ."))
        return found

    def missing(self) -> list[str]:
        if not self.username.text().strip():
            return [self.tr("Enter a user name.")]
        if not self.full_name.text().strip():
            return [self.tr("Enter the full name: it is printed with signatures.")]
        if not self.password.text():
            return [self.tr("Enter a password.")]
        if not self.again.text():
            return [self.tr("Enter the password again.")]
        return []

    def refused(self, exc: BaseException) -> None:
        self.password.clear()
        self.again.clear()

    def _succeeded(self, result: Any) -> None:
        self.password.clear()
        self.again.clear()
        super()._succeeded(result)


class FirstAdminDialog(_AccountForm):
    """Leave set-up mode: `done(actor)` once the administrator exists and is signed in."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        login = desk.db.username if desk.db is not None else ""
        super().__init__(
            desk,
            self.tr("Create the first administrator"),
            self.tr("&Create and sign in"),
            self.tr(
                "This database has no user accounts yet (set-up mode): everything done now is recorded under "
                "this computer's login, {0}, with every right. Create the administrator's account; from then on "
                "everyone signs in with their own."
            ).format(login),
            parent,
        )
        self.username.setFocus()
        self.validate()

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.browse import create_first_administrator

        db = self.desk.db
        username, full_name, password = (
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.password.text(),
        )
        return lambda job: create_first_administrator(db, username, full_name, password)


class AddUserDialog(_AccountForm):
    """An administrator adds an account with a role."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(
            desk,
            self.tr("Add a user"),
            self.tr("&Add user"),
            self.tr(
                "Each person gets their own account: sharing one would hide who did what. The role says what "
                "they may do; only a principal investigator signs reports."
            ),
            parent,
        )
        from ltfu.services.browse import ROLES

        self.role = named(QComboBox(), self.tr("Role"))
        for role in ROLES:
            self.role.addItem(label("role", role), role)
        self.form.insertRow(3, self.tr("&Role:"), self.role)
        self.username.setFocus()
        self.validate()

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.browse import add_user

        db, role = self.desk.db, self.role.currentData()
        username, full_name, password = (
            self.username.text().strip(),
            self.full_name.text().strip(),
            self.password.text(),
        )
        return lambda job: add_user(db, username, full_name, role, password)


class GrantDialog(ActionDialog):
    """An administrator lets an account see one study or all, at one site or all (`revoke`:
    takes such a grant back). An account without grants sees every subject."""

    def __init__(
        self,
        desk: Desk,
        usernames: Sequence[str],
        studies: Sequence[str],
        sites: Sequence[str],
        chosen: str | None = None,
        revoke: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            desk,
            self.tr("Revoke access") if revoke else self.tr("Grant access"),
            self.tr("Re&voke") if revoke else self.tr("&Grant"),
            parent,
        )
        self.revoke = revoke
        self.add_note(
            self.tr(
                "An account without grants sees every subject. With grants, it sees only the subjects of the "
                "studies and sites granted (and, read-only, those who moved away from its sites)."
            )
        )
        self.user = named(QComboBox(), self.tr("User name"))
        for name in usernames:
            self.user.addItem(name, name)
        if chosen is not None and self.user.findData(chosen) >= 0:
            self.user.setCurrentIndex(self.user.findData(chosen))
        self.study = named(QComboBox(), self.tr("Study"))
        self.study.addItem(self.tr("every study"), None)
        for study in studies:
            self.study.addItem(study, study)
        self.site = named(QComboBox(), self.tr("Site"))
        self.site.addItem(self.tr("every site"), None)
        for site in sites:
            self.site.addItem(site, site)
        self.form.addRow(self.tr("&User:"), self.user)
        self.form.addRow(self.tr("S&tudy:"), self.study)
        self.form.addRow(self.tr("&Site:"), self.site)
        self.validate()

    def missing(self) -> list[str]:
        return [] if self.user.currentData() else [self.tr("Choose a user.")]

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.browse import grant_access, revoke_access

        db, username = self.desk.db, self.user.currentData()
        study, site = self.study.currentData(), self.site.currentData()
        change = revoke_access if self.revoke else grant_access
        return lambda job: change(db, username, study, site)


class ChangePasswordDialog(ActionDialog):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(desk, self.tr("Change my password"), self.tr("&Change password"), parent)
        self.current = password_field(self.tr("Current password"))
        self.new = password_field(self.tr("New password"))
        self.again = password_field(self.tr("New password again"))
        self.form.addRow(self.tr("C&urrent password:"), self.current)
        self.form.addRow(self.tr("&New password:"), self.new)
        self.form.addRow(self.tr("&Again:"), self.again)
        for field in (self.current, self.new, self.again):
            field.textChanged.connect(self.validate)
        self.validate()

    def problems(self) -> list[str]:
        from ltfu.services.browse import MIN_PASSWORD

        new = self.new.text()
        if new and len(new) < MIN_PASSWORD:
            return [self.tr("The password needs at least {0} characters.").format(MIN_PASSWORD)]
        if self.again.text() and self.again.text() != new:
            return [self.tr("The two passwords differ.")]
        if new and new == self.current.text():
            return [self.tr("The new password is the same as the current one.")]
        return []

    def missing(self) -> list[str]:
        if not self.current.text():
            return [self.tr("Enter your current password.")]
        if not self.new.text() or not self.again.text():
            return [self.tr("Enter the new password twice.")]
        return []

    def work(self) -> Callable[[Job], object]:
        from ltfu.services.browse import change_my_password

        db, old, new = self.desk.db, self.current.text(), self.new.text()
        return lambda job: change_my_password(db, old, new)

    def refused(self, exc: BaseException) -> None:
        self._clear()

    def _succeeded(self, result: Any) -> None:
        self._clear()
        super()._succeeded(result)

    def _clear(self) -> None:
        for field in (self.current, self.new, self.again):
            field.clear()


class IdleLock(QObject):
    """`timed_out` after `minutes` without a key press, click or wheel turn anywhere in ltfu."""

    timed_out = Signal()
    INPUT = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.MouseMove,
            QEvent.Type.Wheel,
            QEvent.Type.TouchBegin,
        }
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._expired)
        self.active = False
        self.set_minutes(lock_minutes())

    def set_minutes(self, minutes: float) -> None:
        self.timer.setInterval(max(1, round(minutes * 60_000)))
        if self.active:
            self.timer.start()

    @property
    def minutes(self) -> float:
        return self.timer.interval() / 60_000

    def start(self) -> None:
        if not self.active:
            self.active = True
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self.timer.start()

    def stop(self) -> None:
        if self.active:
            self.active = False
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self.timer.stop()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if self.active and event.type() in self.INPUT:
            self.timer.start()
        return False

    def _expired(self) -> None:
        if self.active:
            self.stop()
            self.timed_out.emit()


def _minutes_text(minutes: float) -> str:
    return f"{minutes:g}" if minutes >= 1 else f"{minutes:.2g}"
