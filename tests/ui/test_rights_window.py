"""The window offers what `users.PERMISSIONS` allows the signed-in role, and no more."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ltfu.ui.main_window import PAGES

from .conftest import NURSE, PI, WAIT_MS, open_for_sign_in, sign_in, wait_idle


def test_a_nurse_sees_no_audit_page_and_a_pi_no_contacts_export(qtbot, accounts_path, tmp_path, shown):
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, NURSE)
    audit_row = PAGES.index("Audit")
    assert window.nav.item(audit_row).isHidden()
    assert not window.go_actions[audit_row].isEnabled()
    assert not window.settings_page.users_box.isVisibleTo(window.settings_page)

    window.sign_out()
    sign_in(qtbot, window, PI)
    assert not window.nav.item(audit_row).isHidden()
    assert window.audit_page.csv_button.isEnabled()
    assert not window.export_actions["archive"].isEnabled()  # whole copies: administrators
    wait_idle(qtbot, window)
    assert window.settings_page.users_box.isVisibleTo(window.settings_page)  # the PI keeps the delegation log
    assert not window.settings_page.add_user_button.isVisibleTo(window.settings_page)
    dialog = window.exporter.export_csv()
    assert not dialog.contacts.isEnabled()
    # Ticked anyway (the box is not the guard): the service refuses and writes nothing.
    dialog.contacts.setEnabled(True)
    dialog.contacts.setChecked(True)
    dialog.folder.setText(str(tmp_path / "out"))
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.problem.isVisible, timeout=WAIT_MS)
    assert "may not export contact details" in dialog.problem.text()
    assert not (tmp_path / "out").exists()
