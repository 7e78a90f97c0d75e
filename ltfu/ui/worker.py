"""Work off the GUI thread: one helper for loading lists, imports and every write.

`Runner.read(fn, ...)` and `Runner.write(fn, ...)` run `fn(job, *args)` on a worker
thread and hand the result (or the exception) back to callbacks on the GUI thread.
Reads may run side by side; writes go through a pool of one thread, so database
writes happen one at a time, in the order they were asked for.

A progress dialog appears only when the work takes longer than `PROGRESS_DELAY_MS`
(quick work never flashes a dialog); when the work is cancellable, its Cancel button
sets a flag that `fn` checks with `job.check()` (cooperative: nothing is killed).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressBar, QProgressDialog, QWidget

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500


class Cancelled(Exception):
    """Raised by `Job.check` once the user asked to stop."""


class Job:
    """What the function on the worker thread sees: the cancel flag and a progress hook."""

    def __init__(self, task: Task) -> None:
        self._task = task
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Stop here (raise `Cancelled`) when the user cancelled."""
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        """Report progress; safe to call from the worker thread."""
        self._task.progressed.emit(done, total, text)


class Task(QObject):
    """One piece of background work, living on the GUI thread.

    Its signals are emitted from the worker thread and delivered (queued) here, so
    `finished`, `failed` and the callbacks always run on the GUI thread. `ended` is
    emitted after either, once the callbacks have run.
    """

    finished = Signal(object)
    failed = Signal(object)
    ended = Signal()
    progressed = Signal(int, int, str)
    _done = Signal(object, object)

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        label: str,
        cancellable: bool,
        parent_widget: QWidget | None,
    ) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.on_done = on_done
        self.on_error = on_error
        self.label = label
        self.cancellable = cancellable
        self.parent_widget = parent_widget
        self.job = Job(self)
        self.running = True
        # Set when the window closes: results then go nowhere (their widgets are gone).
        self.discarded = False
        self.dialog: QProgressDialog | None = None
        self.bar: QProgressBar | None = None
        self._progress = (0, 0, "")
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._on_progress)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_progress)
        if label and parent_widget is not None:
            self._timer.start(PROGRESS_DELAY_MS)

    def cancel(self) -> None:
        self.job.cancel()

    def run_here(self) -> None:
        """Called on the worker thread."""
        try:
            result = self.fn(self.job, *self.args)
        except BaseException as exc:  # handed to the GUI thread, which decides
            self._done.emit(None, exc)
        else:
            self._done.emit(result, None)

    @Slot(object, object)
    def _deliver(self, result: object, error: BaseException | None) -> None:
        self.running = False
        self._timer.stop()
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
            self.bar = None
        try:
            if self.discarded:
                return
            if error is None:
                self.finished.emit(result)
                if self.on_done is not None:
                    self.on_done(result)
            elif isinstance(error, Cancelled):
                log.info("background work cancelled: %s", self.fn.__name__)
            else:
                self.failed.emit(error)
                if self.on_error is not None:
                    self.on_error(error)
                else:
                    from ltfu.ui.errors import report_error

                    report_error(self.parent_widget, error)
        finally:
            self.ended.emit()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self._progress = (done, total, text)
        if self.dialog is not None:
            self._apply_progress()

    def _apply_progress(self) -> None:
        dialog, bar = self.dialog, self.bar
        if dialog is None or bar is None:
            return
        done, total, text = self._progress
        if text:
            dialog.setLabelText(text)
        # The bar itself, not QProgressDialog.setValue: on a modal dialog that one runs
        # the event loop, and the task could end (and drop its dialog) inside it.
        bar.setRange(0, max(total, 0))
        bar.setValue(min(done, total) if total else 0)

    def _show_progress(self) -> None:
        if not self.running:
            return
        dialog = QProgressDialog(self.label, self.tr("Cancel") if self.cancellable else "", 0, 0, self.parent_widget)
        dialog.setWindowTitle(self.tr("Working…"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self.bar = QProgressBar()
        dialog.setBar(self.bar)
        if self.cancellable:
            dialog.canceled.connect(self._cancel_from_dialog)
        else:
            dialog.setCancelButton(None)
        self.dialog = dialog
        self._apply_progress()
        dialog.show()

    def _cancel_from_dialog(self) -> None:
        self.job.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText(self.tr("Stopping…"))


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task

    def run(self) -> None:
        self.task.run_here()


class TaskOptions(TypedDict, total=False):
    """What `Runner.read` and `Runner.write` take besides the function and its arguments."""

    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    label: str
    cancellable: bool


class Runner(QObject):
    """Runs functions on worker threads for one window; writes one at a time.

    `busy_changed(bool)` tells when work starts and when everything is done (tests
    wait on `idle`).
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, read_threads: int = 2) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(read_threads)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.tasks: set[Task] = set()
        self.closed = False
        # The application quitting (`ltfu --screenshot`, a window closed by the system)
        # waits for the work, so no thread is left emitting into objects being torn down.
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def idle(self) -> bool:
        return not self.tasks

    def read(self, fn: Callable[..., Any], *args: Any, **options: Unpack[TaskOptions]) -> Task:
        """Run `fn(job, *args)` beside other reads; results to `on_done` on the GUI thread."""
        return self._start(self.read_pool, fn, args, **options)

    def write(self, fn: Callable[..., Any], *args: Any, **options: Unpack[TaskOptions]) -> Task:
        """Like `read`, but queued behind every other write."""
        return self._start(self.write_pool, fn, args, **options)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str = "",
        cancellable: bool = False,
    ) -> Task:
        if self.closed:
            raise RuntimeError("the window is closing; no new work starts")
        task = Task(fn, args, on_done, on_error, label, cancellable, self.parent_widget)
        was_idle = not self.tasks
        self.tasks.add(task)
        task.ended.connect(lambda t=task: self._ended(t))
        pool.start(_Runnable(task))
        if was_idle:
            self.busy_changed.emit(True)
        return task

    def _ended(self, task: Task) -> None:
        self.tasks.discard(task)
        task.deleteLater()
        if not self.tasks:
            self.busy_changed.emit(False)

    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Ask running work to stop and wait for the threads (the window is closing)."""
        self.closed = True
        for task in list(self.tasks):
            task.discarded = True
            task.cancel()
        self.read_pool.clear()  # reads not started yet never start (queued writes still run)
        self.read_pool.waitForDone(timeout_ms)
        self.write_pool.waitForDone(timeout_ms)


class Reload:
    """One background read at a time for a page or window that shows what it read.

    `start(fn)` reads with `fn(job)` and hands the result to `show`; asked again while
    a read runs, it waits for it, drops its result and reads once more with the latest
    `fn` (a page never shows an older read after a newer one was asked for). A failure
    goes to `failed`. `forget()` drops the read in flight: what it read is never shown
    (a user signed out while it ran, and it read with their rights).
    """

    def __init__(self, runner: Runner, show: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        self.runner = runner
        self.show = show
        self.failed = failed
        self.pending = False
        self._next: Callable[[Job], Any] | None = None
        self._dropped = False

    def start(self, fn: Callable[[Job], Any]) -> None:
        if self.pending:
            self._next = fn
            return
        self.pending, self._next = True, None
        self.runner.read(fn, on_done=self._done, on_error=self._failed)

    def forget(self) -> None:
        """Never show the read in flight, nor start the one asked for meanwhile."""
        self._next = None
        self._dropped = self.pending

    def _start_next(self) -> bool:
        """This read is over: start the one asked for meanwhile, if any (True when its
        result is not to be shown: a newer read started, or it was forgotten)."""
        self.pending = False
        dropped, self._dropped = self._dropped, False
        if self._next is None:
            return dropped
        self.start(self._next)
        return True

    def _done(self, result: Any) -> None:
        if not self._start_next():
            self.show(result)

    def _failed(self, exc: BaseException) -> None:
        if not self._start_next():
            self.failed(exc)
