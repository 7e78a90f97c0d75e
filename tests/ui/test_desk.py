"""Pages talk through the desk: a write says what changed, and whoever shows it reads again.

No page holds the window or another page: a page works with nothing but a `Desk`,
and a change made on one page reaches the others only as a `Change` notice.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import ltfu.ui
from ltfu.services.database import open_database
from ltfu.ui.desk import Change, Desk
from ltfu.ui.worker import Runner

from .conftest import ADMIN, DEMO_TODAY, WAIT_MS, answer_screen, open_chart, open_for_sign_in, sign_in

UI = Path(ltfu.ui.__file__).parent


def _page_attributes() -> set[str]:
    """The window's attributes that hold a page (or the exporter): `self.x = SomePage(...)`
    for a class the window imports from another ui module."""
    tree = ast.parse((UI / "main_window.py").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ltfu.ui.")
        for alias in node.names
    }
    found = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in imported
            and node.value.func.id.endswith(("Page", "Exporter"))
        ):
            found |= {t.attr for t in node.targets if isinstance(t, ast.Attribute)}
    return found


def test_no_ui_module_but_the_window_names_the_window_or_a_page_of_it():
    pages = _page_attributes()
    assert {"worklist_page", "subjects_page", "audit_page", "reports_page", "exporter"} <= pages
    offences = []
    for path in sorted(UI.glob("*.py")):
        if path.name == "main_window.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "ltfu.ui.main_window":
                offences.append(f"{path.name}:{node.lineno} imports the main window")
            elif isinstance(node, ast.Name) and node.id == "MainWindow":
                offences.append(f"{path.name}:{node.lineno} names MainWindow")
            elif isinstance(node, ast.Attribute) and node.attr in pages | {"notify_changed", "idle_lock"}:
                offences.append(f"{path.name}:{node.lineno} reaches into the window: .{node.attr}")
    assert offences == []


def test_a_change_names_what_was_written_and_refuses_a_kind_nobody_listens_for():
    change = Change.of("visits", subjects=("CD1922-017",))
    assert change.kinds == {"visits", "audit"}  # every write is audited
    assert change.touches({"visits"}) and not change.touches({"results", "letters"})
    assert change.concerns("CD1922-017") and not change.concerns("CD1922-018")
    assert Change.of("results").concerns("CD1922-018")  # no subjects named: any may have changed
    with pytest.raises(ValueError, match="unknown kind of change: visit"):
        Change.of("visit")


@pytest.fixture
def desk(qtbot, demo_path):
    """A desk on the demo cohort, with no window at all."""
    runner = Runner()
    desk = Desk(DEMO_TODAY, runner, open_subject=lambda study_id: None)
    desk.db = open_database(str(demo_path))
    yield desk
    runner.shutdown()
    desk.db.dispose()


def test_a_page_needs_nothing_but_a_desk_and_reads_again_on_a_notice_of_what_it_shows(qtbot, desk):
    from ltfu.ui.audit_page import AuditPage
    from ltfu.ui.subjects_page import SubjectsPage
    from ltfu.ui.worklist_page import WorklistPage

    worklist, subjects, audit = WorklistPage(desk), SubjectsPage(desk), AuditPage(desk)
    for page in (worklist, subjects, audit):
        qtbot.addWidget(page)
    with qtbot.waitSignals([worklist.loaded, subjects.loaded, audit.loaded], timeout=WAIT_MS):
        worklist.refresh()
        subjects.refresh()
        audit.refresh()
    assert worklist.model.rowCount() > 0 and subjects.model.total == 40
    assert desk.study_ids == tuple(sorted(row.study_id for row in subjects.model.all_rows))

    # A visit recorded somewhere: the worklist, the subject list and the audit trail read again.
    with qtbot.waitSignals([worklist.loaded, subjects.loaded, audit.loaded], timeout=WAIT_MS):
        desk.notify(Change.of("visits", subjects=("CD1922-017",)))

    # An export only adds audit entries: the audit trail reads again, the lists do not.
    with (
        qtbot.assertNotEmitted(worklist.loaded, wait=300),
        qtbot.assertNotEmitted(subjects.loaded, wait=300),
        qtbot.waitSignal(audit.loaded, timeout=WAIT_MS),
    ):
        desk.notify(Change.of())


def test_recording_a_visit_in_a_chart_reaches_the_other_pages_as_a_notice(qtbot, scene_window):
    window = scene_window
    window.nav.setCurrentRow(4)  # the audit trail, so that it is loaded
    qtbot.waitUntil(lambda: window.audit_page.has_loaded, timeout=WAIT_MS)
    newest = window.audit_page.model.row(0)
    assert "M12" in {r.code for r in window.worklist_page.model.rows if r.study_id == "CD1922-017"}
    chart = open_chart(qtbot, window, "CD1922-017")
    other = open_chart(qtbot, window, "CD1922-018")
    notices: list[Change] = []
    window.desk.changed.connect(notices.append)

    dialog = chart.record_visit()
    dialog.visit.setCurrentIndex(dialog.visit.findData("M12"))
    answer_screen(dialog.screen_box)
    with (
        qtbot.assertNotEmitted(other.loaded, wait=300),
        qtbot.waitSignals(
            [chart.loaded, window.worklist_page.loaded, window.subjects_page.loaded, window.audit_page.loaded],
            timeout=WAIT_MS,
        ),
    ):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    assert notices == [Change.of("visits", subjects=("CD1922-017",))]
    assert "M12" not in {r.code for r in window.worklist_page.model.rows if r.study_id == "CD1922-017"}
    latest = window.audit_page.model.row(0)
    assert latest != newest and latest.study_id == "CD1922-017" and latest.table_name in ("visit", "safety_screen")
    row = next(r for r in window.subjects_page.model.all_rows if r.study_id == "CD1922-017")
    assert row.next_code != "M12"


def test_an_export_refreshes_the_audit_trail_through_the_notice(qtbot, demo_window, tmp_path, file_dialogs):
    window = demo_window
    window.nav.setCurrentRow(4)
    qtbot.waitUntil(lambda: window.audit_page.has_loaded, timeout=WAIT_MS)
    newest = window.audit_page.model.row(0)
    notices: list[Change] = []
    window.desk.changed.connect(notices.append)
    file_dialogs.answers.append(tmp_path / "study.xml")
    with (
        qtbot.assertNotEmitted(window.worklist_page.loaded, wait=300),
        qtbot.waitSignal(window.audit_page.loaded, timeout=WAIT_MS),
    ):
        window.exporter.export_odm()
    assert notices == [Change.of()]
    assert window.audit_page.model.row(0) != newest


def test_a_new_account_reaches_the_user_list_and_the_audit_trail_as_a_notice(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    page = window.settings_page
    with qtbot.waitSignal(page.users_loaded, timeout=WAIT_MS):
        sign_in(qtbot, window, ADMIN)
    window.nav.setCurrentRow(4)
    qtbot.waitUntil(lambda: window.audit_page.has_loaded, timeout=WAIT_MS)
    notices: list[Change] = []
    window.desk.changed.connect(notices.append)
    dialog = page.add_user()
    dialog.username.setText("zhao.min")
    dialog.full_name.setText("Zhao Min")
    dialog.role.setCurrentIndex(dialog.role.findData("coordinator"))
    dialog.password.setText("coordinator-pw-1")
    dialog.again.setText("coordinator-pw-1")
    with (
        qtbot.assertNotEmitted(window.worklist_page.loaded, wait=300),
        qtbot.waitSignals([page.users_loaded, window.audit_page.loaded], timeout=WAIT_MS),
    ):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert notices == [Change.of("accounts")]
    assert "zhao.min" in {u.username for u in page.users_model.rows}
    assert window.audit_page.model.row(0).table_name == "user"
    window.close()
