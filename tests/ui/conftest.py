"""Window tests: real widgets on the offscreen platform, real SQLite databases in tmp_path.

Message boxes are replaced by recorders (`shown`), so a test sees what the user
would have read and nothing waits on a click; questions are answered Yes unless a
test says otherwise. File dialogs answer from `file_dialogs` (cancel unless a test
queued a path), and documents "opened in the viewer" are only recorded.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ltfu.ui import errors, files, messages

DEMO_TODAY = dt.date(2026, 11, 29)
WAIT_MS = 15_000


class Shown:
    """Messages the window showed: (kind, title, text)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str, str]] = []
        self.answer_yes = True

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, _title, text in self.items if kind is None or k == kind]

    def __repr__(self) -> str:
        return f"Shown({self.items!r})"


@pytest.fixture(autouse=True)
def shown(monkeypatch) -> Shown:
    record = Shown()

    def recorder(kind: str):
        return lambda parent, title, text: record.items.append((kind, title, text))

    def question(parent, title, text, on_yes):
        record.items.append(("question", title, text))
        if record.answer_yes:
            on_yes()

    for kind in ("error", "warning", "information", "about"):
        monkeypatch.setattr(messages, kind, recorder(kind))
    monkeypatch.setattr(errors, "_last_shown", ("", 0.0))
    monkeypatch.setattr(messages, "question", question)
    return record


class FileDialogs:
    """Answers for the file dialogs (a queue of paths; empty: the user cancels) and
    what was handed to the system's viewer."""

    def __init__(self) -> None:
        self.answers: list[Path] = []
        self.asked: list[tuple[str, Path]] = []
        self.opened: list[Path] = []

    def answer(self, title: str, suggested: Path) -> str:
        self.asked.append((title, suggested))
        return str(self.answers.pop(0)) if self.answers else ""


@pytest.fixture(autouse=True)
def file_dialogs(monkeypatch) -> FileDialogs:
    record = FileDialogs()
    monkeypatch.setattr(files, "save_file", lambda parent, title, suggested, filters: record.answer(title, suggested))
    monkeypatch.setattr(files, "choose_folder", lambda parent, title, start: record.answer(title, start))

    def opened(path: Path) -> bool:
        record.opened.append(path)
        return True

    monkeypatch.setattr(files, "open_in_viewer", opened)
    return record


@pytest.fixture(autouse=True)
def fresh_settings(qapp):
    """Each test starts with no saved window state and in English."""
    from PySide6.QtCore import QSettings

    from ltfu.ui import i18n

    qapp.setOrganizationName("ltfu-tests")
    qapp.setApplicationName("ltfu")
    QSettings().clear()
    QSettings().setValue("language", "en")
    if i18n.active() != "en":
        i18n.install("en")
    yield
    QSettings().clear()


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Argon2 with its production cost takes 0.3 s a hash here, and the window tests sign in
    dozens of times: they hash cheaply. The cost itself is the users service's concern
    (tests/services/test_users.py)."""
    from argon2 import PasswordHasher

    from ltfu.services import users

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        yield


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    """A demo cohort of 40 subjects, built once; tests get a copy."""
    from ltfu.services.database import open_database
    from ltfu.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with open_database(str(path)) as db:
        build_demo(db, subjects=40, seed=1, today=DEMO_TODAY)
    return path


@pytest.fixture
def demo_path(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, target)
    return target


def open_window(qtbot, path: Path, today: dt.date):
    from ltfu.ui.main_window import MainWindow

    window = MainWindow(str(path), today=today)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignals([window.database_opened, window.worklist_page.loaded], timeout=WAIT_MS):
        window.open_database_later()
    return window


@pytest.fixture
def demo_window(qtbot, demo_path):
    """The main window on the demo cohort, worklist loaded, on the demo's today."""
    window = open_window(qtbot, demo_path, DEMO_TODAY)
    yield window
    window.close()


# Accounts on a copy of the demo cohort: (user name, full name, role, password).
ADMIN = ("ada", "Ada Admin", "admin", "admin-password-1")
PI = ("li.wei", "Li Wei", "pi", "pi-password-123")
NURSE = ("wang.fang", "Wang Fang", "nurse", "nurse-password-1")


@pytest.fixture(scope="session")
def accounts_template(demo_template: Path, tmp_path_factory) -> Path:
    """The demo cohort with an administrator, a PI and a nurse (built once)."""
    from ltfu.services import browse, users
    from ltfu.services.database import open_database

    path = tmp_path_factory.mktemp("accounts") / "accounts.sqlite3"
    shutil.copyfile(demo_template, path)
    with open_database(str(path)) as db:
        with db.session() as session:
            users.create_user(session, None, *ADMIN)
        db.sign_in(ADMIN[0], ADMIN[3])
        for username, full_name, role, password in (PI, NURSE):
            browse.add_user(db, username, full_name, role, password)
    return path


@pytest.fixture
def accounts_path(accounts_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "accounts.sqlite3"
    shutil.copyfile(accounts_template, target)
    return target


def open_for_sign_in(qtbot, path: Path, today: dt.date = DEMO_TODAY):
    """The window on a database with accounts, waiting at the sign-in dialog."""
    from ltfu.ui.main_window import MainWindow

    window = MainWindow(str(path), today=today)
    qtbot.addWidget(window, before_close_func=lambda w: w.runner.shutdown())
    window.show()
    with qtbot.waitSignals([window.database_opened, window.sign_in_requested], timeout=WAIT_MS):
        window.open_database_later()
    return window


def sign_in(qtbot, window, user) -> None:
    """Sign in through the dialog and wait for the worklist."""
    from PySide6.QtCore import Qt

    dialog = window.sign_in_dialog
    dialog.username.setText(user[0])
    dialog.password.setText(user[3])
    with qtbot.waitSignals([window.signed_in, window.worklist_page.loaded], timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


@pytest.fixture
def pi_window(qtbot, accounts_path):
    window = open_for_sign_in(qtbot, accounts_path)
    sign_in(qtbot, window, PI)
    yield window
    window.close()


def screenshot(widget, name: str) -> None:
    """Save a picture of `widget` when LTFU_SCREENSHOTS names a folder (pictures for the docs)."""
    import os

    folder = os.environ.get("LTFU_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def wait_idle(qtbot, window) -> None:
    """Until no background work of the window is pending."""
    qtbot.waitUntil(lambda: window.runner.idle, timeout=WAIT_MS)


def answer_screen(box, **answers: str) -> None:
    """Pick an answer for every question of a safety-screen box: "no" unless given."""
    for question in box.groups:
        box.choose(question, answers.get(question, "no"))


def open_chart(qtbot, window, study_id: str):
    chart = window.charts.get(study_id)
    if chart is not None and chart.data is not None:
        return chart
    with qtbot.waitSignal(window.open_subject(study_id).loaded, timeout=WAIT_MS):
        pass
    return window.charts[study_id]


SCENE_TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def scene_path(tmp_path: Path) -> Path:
    """USERS.md scene 2: CD1922-017 infused 2025-11-28, M12 due (window 2026-11-14 .. 2026-12-28).

    Its visits up to M9 are done on their nominal dates; a second subject,
    CD1922-018 (site SH02), infused a month later, has done nothing since D28.
    """
    from ltfu.services import visits
    from ltfu.services.database import open_database
    from ltfu.services.subjects import NewSubject, enrol

    path = tmp_path / "scene.sqlite3"
    with open_database(str(path)) as db:
        enrol(
            db,
            NewSubject(
                "CD1922-017",
                "BJ01",
                "DL2",
                dt.date(2025, 11, 28),
                given_name="Zoë",
                family_name="Démo",
                phone="+86 555 0100",
            ),
            today=dt.date(2025, 11, 28),
        )
        enrol(
            db,
            NewSubject("CD1922-018", "SH02", "DL1", dt.date(2025, 12, 29), given_name="示例", family_name="张"),
            today=dt.date(2025, 12, 29),
        )
        for row in visits.subject_schedule(db, "CD1922-017", SCENE_TODAY).visits:
            if row.nominal_date < dt.date(2026, 11, 1):
                visits.record_visit_done(db, "CD1922-017", row.nominal_date, row.mode, SCENE_TODAY, code=row.code)
        for row in visits.subject_schedule(db, "CD1922-018", SCENE_TODAY).visits:
            if row.nominal_date <= dt.date(2026, 1, 26):
                visits.record_visit_done(db, "CD1922-018", row.nominal_date, row.mode, SCENE_TODAY, code=row.code)
    return path


@pytest.fixture
def scene_window(qtbot, scene_path):
    window = open_window(qtbot, scene_path, SCENE_TODAY)
    yield window
    window.close()


# Any Qt warning fails a window test, except the offscreen platform saying what it
# cannot do (no window manager: size hints and raising a window mean nothing there).
OFFSCREEN_LIMITS = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_LIMITS))
