"""Background work: results on the GUI thread, a late progress dialog, cancel, one write at a time."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QPushButton, QWidget

from ltfu.errors import ValidationError
from ltfu.ui import errors
from ltfu.ui.worker import PROGRESS_DELAY_MS, Reload, Runner

from .conftest import WAIT_MS


@pytest.fixture
def runner(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    runner = Runner(parent)
    yield runner
    runner.shutdown()


def test_results_arrive_on_the_gui_thread(qtbot, runner):
    seen = {}

    def work(job, a, b):
        seen["worker"] = threading.current_thread()
        return a + b

    def done(result):
        seen["result"] = result
        seen["callback"] = threading.current_thread()

    with qtbot.waitSignal(runner.read(work, 2, 3, on_done=done).ended, timeout=WAIT_MS):
        pass
    assert seen["result"] == 5
    assert seen["worker"] is not threading.main_thread()
    assert seen["callback"] is threading.main_thread()
    assert runner.idle


def test_quick_work_shows_no_progress_dialog(qtbot, runner):
    task = runner.read(lambda job: 1, label="Quick")
    with qtbot.waitSignal(task.ended, timeout=WAIT_MS):
        pass
    assert task.dialog is None


def test_slow_work_shows_a_progress_dialog_that_can_cancel_it(qtbot, runner):
    release = threading.Event()
    done = []

    def slow(job):
        while not release.wait(0.01):
            job.check()
            job.progress(1, 4, "step 1 of 4")
        return "finished"

    task = runner.read(slow, on_done=done.append, label="Slow work", cancellable=True)
    assert task.dialog is None  # not before the delay
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=PROGRESS_DELAY_MS + WAIT_MS)
    qtbot.waitUntil(lambda: task.dialog.labelText() == "step 1 of 4", timeout=WAIT_MS)
    cancel = task.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    try:
        with qtbot.waitSignal(task.ended, timeout=WAIT_MS):
            qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    finally:
        release.set()
    assert done == [] and task.dialog is None


def test_progress_just_before_the_end_does_not_trip_over_the_closing_dialog(qtbot, runner):
    # Progress and the result arrive back to back while the dialog is up: updating the
    # dialog must not run the event loop (and deliver the result) in the middle.
    started, release = threading.Event(), threading.Event()
    done = []

    def work(job):
        job.progress(1, 4, "a quarter")
        started.wait(WAIT_MS / 1000)
        job.progress(2, 4, "half way")
        release.wait(WAIT_MS / 1000)
        job.progress(3, 4, "three quarters")
        return "finished"

    task = runner.read(work, on_done=done.append, label="Work")
    qtbot.waitUntil(lambda: task.dialog is not None and task.dialog.isVisible(), timeout=PROGRESS_DELAY_MS + WAIT_MS)
    started.set()
    qtbot.waitUntil(lambda: task.dialog.labelText() == "half way", timeout=WAIT_MS)
    with qtbot.waitSignal(task.ended, timeout=WAIT_MS):
        release.set()
    assert done == ["finished"] and task.dialog is None


def test_writes_run_one_at_a_time_in_order(qtbot, runner):
    first_may_end = threading.Event()
    log = []
    lock = threading.Lock()

    def write(job, name, wait):
        with lock:
            log.append(f"start {name}")
        if wait:
            first_may_end.wait(WAIT_MS / 1000)
        with lock:
            log.append(f"end {name}")

    one = runner.write(write, "one", True)
    two = runner.write(write, "two", False)
    qtbot.waitUntil(lambda: log == ["start one"], timeout=WAIT_MS)
    first_may_end.set()
    with qtbot.waitSignals([one.ended, two.ended], timeout=WAIT_MS):
        pass
    assert log == ["start one", "end one", "start two", "end two"]


def test_a_refusal_is_shown_as_written(qtbot, runner, shown):
    def refuse(job):
        raise ValidationError("The visit date 2026-12-05 is in the future (today is 2026-12-01).")

    with qtbot.waitSignal(runner.write(refuse).ended, timeout=WAIT_MS):
        pass
    assert shown.texts("error") == ["The visit date 2026-12-05 is in the future (today is 2026-12-01)."]


def test_a_bug_is_logged_without_its_message_and_the_user_told_briefly(qtbot, runner, shown, caplog):
    def bug(job):
        name = "".join(("Zo", "ë Démo"))  # a value, as it would come from the data
        raise KeyError(name)

    with caplog.at_level(logging.ERROR, logger="ltfu.ui.errors"):
        with qtbot.waitSignal(runner.read(bug).ended, timeout=WAIT_MS):
            pass
    assert "KeyError" in shown.texts("error")[0] and "Zoë" not in shown.texts("error")[0]
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "unexpected KeyError" in logged and "in bug" in logged and "Zoë" not in logged


def test_the_excepthook_reports_gui_thread_exceptions(shown, caplog):
    previous = sys.excepthook
    try:
        errors.install_excepthook()
        try:
            raise RuntimeError("born " + "-".join(("19" + "69", "01", "01")))
        except RuntimeError as exc:
            with caplog.at_level(logging.ERROR, logger="ltfu.ui.errors"):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert "RuntimeError" in shown.texts("error")[0]
    assert "1969" not in "\n".join(r.getMessage() for r in caplog.records)


def test_an_unknown_database_error_is_shown_as_a_bug_and_logged_without_its_values(qtbot, runner, shown, caplog, db):
    from sqlalchemy import text

    secret = "".join(("Zo", "ë Démo"))

    def bad_statement(job):
        with db.session() as s:
            s.execute(text("UPDATE no_such_table SET name = :name"), {"name": secret})

    with caplog.at_level(logging.ERROR):
        with qtbot.waitSignal(runner.write(bad_statement).ended, timeout=WAIT_MS):
            pass
    (message,) = shown.texts("error")
    assert "unexpected problem (OperationalError)" in message and "no_such_table" not in message
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "code SQLITE_ERROR" in logged and "UPDATE no_such_table" in logged and "bad_statement" in logged
    assert "Zoë" not in logged


def test_quitting_the_application_waits_for_running_work_and_drops_its_result(qtbot, runner):
    """`ltfu --screenshot` quits while pages still load: the quit waits for the worker (no
    thread left emitting into a torn-down window), and nothing is delivered afterwards."""
    started, delivered = threading.Semaphore(0), []

    def work(job):
        started.release()
        while not job.cancelled:  # a long read, stopped by the quit's cancel
            threading.Event().wait(0.01)
        return "late"

    for _ in range(runner.read_pool.maxThreadCount()):  # every reading thread busy
        runner.read(work, on_done=delivered.append)
        assert started.acquire(timeout=WAIT_MS / 1000)
    runner.read(lambda job: delivered.append("a read still queued never starts"))
    QCoreApplication.instance().aboutToQuit.emit()
    assert runner.closed and runner.read_pool.activeThreadCount() == 0
    qtbot.wait(50)
    assert delivered == []


def test_a_page_shows_only_its_newest_read_and_never_a_forgotten_one(qtbot, runner):
    shown, gates = [], {name: threading.Event() for name in ("first", "second", "third")}
    reload = Reload(runner, shown.append, lambda exc: shown.append(exc))

    def reading(name):
        def work(job):
            gates[name].wait(5)
            return name

        return work

    reload.start(reading("first"))
    reload.start(reading("second"))  # asked while the first runs: the first's rows never appear
    gates["first"].set()
    gates["second"].set()
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_MS)
    assert shown == ["second"]

    # The user signs out while a read runs: what it read with their rights is dropped.
    reload.start(reading("third"))
    reload.forget()
    gates["third"].set()
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_MS)
    assert shown == ["second"] and not reload.pending
    gates["first"].clear()
    reload.start(reading("first"))
    gates["first"].set()
    qtbot.waitUntil(lambda: runner.idle, timeout=WAIT_MS)
    assert shown == ["second", "first"]
