"""Who is at the keyboard: sign-in, set-up mode and the first administrator, the idle lock,
signing out, and the accounts on the Settings page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from ltfu.services.database import open_database
from ltfu.ui.accounts import DEFAULT_LOCK_MINUTES, IdleLock, SignInDialog

from .conftest import ADMIN, NURSE, PI, WAIT_MS, open_chart, open_for_sign_in, screenshot, sign_in


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_sign_in_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    dialog = window.sign_in_dialog
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    # Nothing of the database shows before someone signs in.
    assert window.central.currentWidget() is window.cover
    assert window.worklist_page.model.rowCount() == 0
    assert window.user_label.text() == "Not signed in"
    assert not dialog.ok.isEnabled() and dialog.hint.text() == "Enter your user name."

    dialog.username.setText(PI[0])
    dialog.password.setText("not-the-password")
    assert dialog.ok.isEnabled()
    click(qtbot, dialog.ok)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == "Wrong user name or password."
    assert dialog.password.text() == "" and dialog.isVisible()
    assert window.db.actor is None
    screenshot(dialog, "screenshot-sign-in.png")

    dialog.password.setText(PI[3])
    with qtbot.waitSignals([window.signed_in, window.worklist_page.loaded], timeout=WAIT_MS):
        click(qtbot, dialog.ok)
    assert window.user_label.text() == "User: Li Wei (principal investigator)"
    assert window.central.currentWidget() is window.splitter
    assert window.worklist_page.model.rowCount() > 0
    assert window.sign_out_action.isEnabled()
    assert window.setup_badge.isHidden() and not window.first_admin_button.isVisible()


def test_escape_does_not_get_round_the_sign_in_and_quit_closes_the_window(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    dialog = window.sign_in_dialog
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.central.currentWidget() is window.cover
    click(qtbot, dialog.second)
    assert dialog.second.text() == "&Quit ltfu"
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)


def test_a_database_without_accounts_offers_the_first_administrator(qtbot, demo_window, demo_path):
    window = demo_window
    assert window.setup_badge.isVisibleTo(window)
    assert window.setup_badge.text() == "⚠ set-up mode: no accounts yet"
    assert window.first_admin_button.isVisibleTo(window)
    assert window.user_label.text().endswith("(set-up mode)")
    assert window.settings_page.first_admin_button.isVisibleTo(window.settings_page)

    click(qtbot, window.first_admin_button)
    dialog = window.first_admin_dialog
    assert dialog.isVisible() and not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.username, "Ada")
    assert "lower-case letters" in dialog.problem.text()
    dialog.username.setText("ada")
    dialog.full_name.setText("Ada Admin")
    dialog.password.setText("short")
    assert dialog.problem.text() == "The password needs at least 10 characters."
    dialog.password.setText("admin-password-1")
    dialog.again.setText("admin-password-2")
    assert dialog.problem.text() == "The two passwords differ." and not dialog.ok.isEnabled()
    dialog.again.setText("admin-password-1")
    assert dialog.ok.isEnabled()
    with qtbot.waitSignal(window.signed_in, timeout=WAIT_MS) as signed:
        click(qtbot, dialog.ok)
    assert signed.args[0].role == "admin"
    assert window.user_label.text() == "User: Ada Admin (administrator)"
    assert window.setup_badge.isHidden() and not window.first_admin_button.isVisibleTo(window)
    assert window.settings_page.users_box.isVisibleTo(window.settings_page)
    # From now on everyone signs in.
    with open_database(str(demo_path)) as other:
        assert other.needs_sign_in()


def test_the_idle_lock_covers_the_window_and_unlocks_with_the_password(qtbot, pi_window):
    window = pi_window
    chart = open_chart(qtbot, window, "CD1922-017")
    entry = chart.record_visit()
    assert chart.isVisible() and entry.isVisible()
    assert window.idle_lock.timer.interval() == DEFAULT_LOCK_MINUTES * 60_000
    with qtbot.waitSignal(window.locked, timeout=WAIT_MS):
        window.idle_lock.set_minutes(0.001)  # 60 ms
    window.idle_lock.set_minutes(DEFAULT_LOCK_MINUTES)
    dialog = window.sign_in_dialog
    assert window.central.currentWidget() is window.cover
    assert not chart.isVisible() and not entry.isVisible()  # nothing of a record stays on screen
    assert dialog.username.text() == PI[0] and dialog.username.isReadOnly()
    assert dialog.second.text() == "Sign &out"
    assert dialog.windowTitle() == "ltfu is locked"

    dialog.password.setText("wrong-password")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == "Wrong user name or password."
    assert window.central.currentWidget() is window.cover

    dialog.password.setText(PI[3])
    with qtbot.waitSignal(window.unlocked, timeout=WAIT_MS):
        click(qtbot, dialog.ok)
    assert window.central.currentWidget() is window.splitter
    assert chart.isVisible() and entry.isVisible()  # back as they were
    entry.reject()
    assert window.db.actor.username == PI[0]
    assert window.idle_lock.active


def test_the_lock_time_comes_from_the_settings_and_input_restarts_it(qtbot):
    from PySide6.QtWidgets import QLineEdit

    QSettings().setValue("lock_minutes", 3)
    lock = IdleLock()
    assert lock.timer.interval() == 180_000
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    lock.start()
    try:
        lock.timer.stop()
        qtbot.keyClick(edit, Qt.Key.Key_A)
        assert lock.timer.isActive()  # a key press anywhere starts the count again
    finally:
        lock.stop()
    assert not lock.timer.isActive()
    qtbot.keyClick(edit, Qt.Key.Key_B)
    assert not lock.timer.isActive()  # stopped: no longer watching


def test_signing_out_forgets_what_was_shown_and_asks_again(qtbot, pi_window):
    window = pi_window
    open_chart(qtbot, window, "CD1922-017")
    with qtbot.waitSignals([window.signed_out, window.sign_in_requested], timeout=WAIT_MS):
        window.sign_out_action.trigger()
    assert window.db.actor is None
    assert window.charts == {}
    assert window.worklist_page.model.rowCount() == 0 and window.subjects_page.model.rowCount() == 0
    # No count of the last user's patients left behind, and the list waits for the next one's reading.
    assert window.worklist_page.counts.text() == "" and not window.worklist_page.alerts.isVisible()
    assert not window.subjects_page.has_loaded and window.subjects_page.count.text() == "Loading subjects…"
    assert window.central.currentWidget() is window.cover
    assert window.user_label.text() == "Not signed in"
    # Someone else signs in: their name in the status bar, the lists read again.
    sign_in(qtbot, window, NURSE)
    assert window.user_label.text() == "User: Wang Fang (nurse)"
    assert window.worklist_page.model.rowCount() > 0


def test_an_administrator_adds_a_user_and_anyone_changes_their_password(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    page = window.settings_page
    with qtbot.waitSignal(page.users_loaded, timeout=WAIT_MS):
        sign_in(qtbot, window, ADMIN)
    rows = {u.username: i for i, u in enumerate(page.users_model.rows)}
    assert {ADMIN[0], PI[0], NURSE[0]} <= set(rows)
    # The login that built the demo in set-up mode is listed, without a password.
    setup_logins = [u for u in page.users_model.rows if not u.has_password]
    assert all(page.users_model.text(rows[u.username], 3) == "set-up login (no password)" for u in setup_logins)
    assert "Ada Admin (ada), administrator" in page.account_label.text()

    dialog = page.add_user()
    dialog.username.setText("zhao.min")
    dialog.full_name.setText("Zhao Min")
    dialog.role.setCurrentIndex(dialog.role.findData("coordinator"))
    dialog.password.setText("coordinator-pw-1")
    dialog.again.setText("coordinator-pw-1")
    with qtbot.waitSignal(page.users_loaded, timeout=WAIT_MS):
        click(qtbot, dialog.ok)
    added = next(u for u in page.users_model.rows if u.username == "zhao.min")
    assert added.role == "coordinator" and page.users_model.text(page.users_model.rows.index(added), 2) == "coordinator"

    dialog = page.change_password()
    dialog.current.setText("not-my-password")
    dialog.new.setText("a-new-password-1")
    dialog.again.setText("a-new-password-1")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert dialog.problem.text() == "Wrong user name or password."
    dialog.current.setText(ADMIN[3])
    dialog.new.setText("a-new-password-1")
    dialog.again.setText("a-new-password-2")
    assert dialog.problem.text() == "The two passwords differ."
    dialog.again.setText("a-new-password-1")
    with qtbot.waitSignal(dialog.done, timeout=WAIT_MS):
        click(qtbot, dialog.ok)
    with open_database(str(accounts_path)) as other:
        assert other.sign_in(ADMIN[0], "a-new-password-1").username == ADMIN[0]


def test_a_nurse_sees_no_account_list(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, NURSE)
    page = window.settings_page
    assert not page.users_box.isVisibleTo(page)
    assert page.password_button.isVisibleTo(page) and not page.first_admin_button.isVisibleTo(page)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_sign_in_explanation_after_an_error_is_shown_whole(qtbot, accounts_path, tmp_path, language):
    from PySide6.QtWidgets import QLabel

    from ltfu.ui import i18n

    deep = tmp_path / "shared-drive" / "clinical-trials" / "CD19-CD22-CAR-T" / "long-term-follow-up"
    deep.mkdir(parents=True)
    accounts_path = accounts_path.rename(deep / "ltfu-follow-up-database.sqlite3")
    QSettings().setValue("language", language)
    i18n.install(language)
    window = open_for_sign_in(qtbot, accounts_path)
    dialog = window.sign_in_dialog
    dialog.username.setText(PI[0])
    dialog.password.setText("not-the-password")
    click(qtbot, dialog.ok)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    qtbot.wait(50)  # the layout settles
    screenshot(dialog, f"sign-in-after-error-{language}.png")
    i18n.install("en")
    for text in dialog.findChildren(QLabel):
        if text.isVisible() and text.wordWrap():
            assert text.height() >= text.heightForWidth(text.width()), text.text()
