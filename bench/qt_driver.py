"""Window benchmarks, each run in a fresh process: python -m bench.qt_driver MODE ...

    paint bare                      a bare QMainWindow: prints the wall-clock time of its first paint
    paint ltfu DB                   `ltfu --db DB` (the command line's window start): the same
    filter DB TODAY RUNS            subject list: load, then filter per keystroke (and the bare baseline)
    memory bare                     peak RSS of a bare shown QMainWindow
    memory ltfu DB TODAY N          peak RSS of the main window with the N subjects loaded

The last line printed is JSON. Only the standard library is imported before the
measured code, so the bare and the ltfu process start alike.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

WATCHDOG_MS = 120_000
WATCHED_MODULES = ("reportlab", "scipy", "alembic", "sqlalchemy", "numpy")


def _emit(payload: dict) -> None:
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def _watchdog(app, what: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    def expire() -> None:
        _emit({"error": f"{what}: nothing after {WATCHDOG_MS / 1000:.0f} s"})
        os._exit(3)

    QTimer.singleShot(WATCHDOG_MS, expire)


# -- first paint ----------------------------------------------------------------------------------


def paint(kind: str, db: str | None) -> None:
    """Exit right after the main window's first paint; report its wall-clock time."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    state: dict[str, object] = {}

    def finish() -> None:
        _emit(state)
        os._exit(0)

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 - Qt override
            if state or event.type() != QEvent.Type.Paint or not isinstance(obj, QWidget):
                return False
            window = obj.window()
            if not isinstance(window, QMainWindow):
                return False
            state["painted_at"] = time.time()
            state["modules"] = {name: name in sys.modules for name in WATCHED_MODULES}
            state["db_open_at_paint"] = getattr(window, "db", None) is not None
            state["window"] = type(window).__name__
            QTimer.singleShot(0, finish)
            return False

    spy = FirstPaint()
    # The spy watches each main window from its show() on (a main window gets its first
    # paint event before its children), not the whole application: an application-wide
    # Python filter converts every object that gets an event to Python, and the first
    # private one (the animation timer that the layout of any main window with a central
    # widget starts) makes PySide set up every QObject class of QtCore, QtGui and
    # QtWidgets first: ~30 ms that nobody waits for outside this measurement, and that
    # the bare window, without a central widget, never paid.
    shown = QMainWindow.show

    def show(window: QMainWindow) -> None:
        window.installEventFilter(spy)
        shown(window)

    QMainWindow.show = show  # type: ignore[method-assign]
    _watchdog(app, "first paint")
    if kind == "bare":
        window = QMainWindow()
        window.setWindowTitle("bare")
        window.resize(1200, 800)
        window.show()
        app.exec()
        return
    # Exactly what `python -m ltfu --db DB` runs (the QApplication above is reused).
    from ltfu.cli import main

    sys.exit(main(["--db", db or ""]))


# -- the subject list --------------------------------------------------------------------------


def _keystrokes(rows: list[tuple[str, str]]) -> list[str]:
    """Filter texts as typed: a study id, erased one key at a time, then a given name, erased."""
    study_id = rows[len(rows) // 2][0].lower()
    parts = rows[len(rows) // 3][1].split("\x1f")
    name = parts[1].split()[0] if len(parts) > 1 and parts[1].split() else "a"
    texts: list[str] = []
    for word in (study_id, name):
        typed = [word[: n + 1] for n in range(len(word))]
        texts += typed + typed[-2::-1] + [""]
    return texts


def _wait(app, done, seconds: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.perf_counter() + seconds
    while not done():
        if time.perf_counter() > deadline:
            raise TimeoutError("the subject list did not load")
        app.processEvents()
        time.sleep(0.001)


class _Bare:
    """The baseline list: QStandardItemModel + QSortFilterProxyModel in a bare window with a line edit."""

    def __init__(self, app, texts: list[list[str]], keys: list[str]) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QSortFilterProxyModel, Qt
        from PySide6.QtGui import QStandardItemModel
        from PySide6.QtWidgets import QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

        self.app, self.texts, self.keys = app, texts, keys
        self.role = Qt.ItemDataRole.UserRole + 7
        self.model = QStandardItemModel()
        self.proxy = QSortFilterProxyModel()
        self.proxy.setFilterRole(self.role)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSourceModel(self.model)
        self.window = QMainWindow()
        body = QWidget()
        layout = QVBoxLayout(body)
        self.search = QLineEdit()
        self.view = QTableView()
        self.view.setModel(self.proxy)
        layout.addWidget(self.search)
        layout.addWidget(self.view)
        self.window.setCentralWidget(body)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.window.resize(1280, 820)
        self.window.show()
        app.processEvents()

    def load(self) -> float:
        from PySide6.QtGui import QStandardItem

        start = time.perf_counter()
        self.model.clear()
        self.model.setColumnCount(len(self.texts[0]) if self.texts else 0)
        for cells, key in zip(self.texts, self.keys, strict=True):
            items = [QStandardItem(text) for text in cells]
            items[0].setData(key, self.role)
            self.model.appendRow(items)
        self.app.processEvents()
        return time.perf_counter() - start

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        self.app.processEvents()


def _press(widget, key: int, text: str = "") -> None:  # type: ignore[no-untyped-def]
    """One key press and release, as the keyboard sends them (any text, not only ASCII)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))


def _type(app, search, texts: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """Type `texts` (each one key more or less than the one before) into a line edit."""
    from PySide6.QtCore import Qt

    times = []
    search.setFocus()
    search.clear()
    app.processEvents()
    for text in texts:
        before = search.text()
        start = time.perf_counter()
        if len(text) > len(before):
            char = text[len(before)]
            key = ord(char.upper()) if char.isascii() and char.isalnum() else int(Qt.Key.Key_unknown)
            _press(search, key, char)
        else:
            _press(search, int(Qt.Key.Key_Backspace))
        app.processEvents()
        times.append(time.perf_counter() - start)
        if search.text() != text:
            raise RuntimeError(f"typed {text!r}, the search field says {search.text()!r}")
    return times


# PySide6 6.12.0 on Python 3.11 drops a reference to None on every call of a Qt method
# that returns nothing (3.12+ has an immortal None); after a few thousand such calls
# the interpreter aborts ("none_dealloc"). The typing benchmark makes far more than
# that, so it holds spare references to None to finish its measurement.
_NONE_GUARD: list[None] = []


def subject_filter(db_path: str, today_text: str, runs: int) -> None:
    import datetime as dt

    _NONE_GUARD.extend([None] * 10_000_000)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("ltfu")
    app.setOrganizationName("ltfu")
    today = dt.date.fromisoformat(today_text)
    try:
        measured = _WindowList(app, db_path, today)
    except Exception as exc:  # noqa: BLE001 - no usable subjects page: measure the model and proxy
        measured = _ModelList(app, db_path, today)
        measured.why = f"{type(exc).__name__}: {exc}"
    model = measured.model
    count = model.rowCount()
    columns = model.columnCount()
    texts = [[model.data(model.index(r, c)) or "" for c in range(columns)] for r in range(count)]
    keyed = measured.keys()
    strokes = _keystrokes(keyed)
    bare = _Bare(app, texts, [k for _, k in keyed])
    bare.load()
    load_m, load_b, keys_m, keys_b = [], [], [], []
    for _ in range(runs):
        load_b.append(bare.load())
        keys_b.append(_type(app, bare.search, strokes))
        load_m.append(measured.load())
        keys_m.append(_type(app, measured.search, strokes))
    bare.close()
    per_key_m = [statistics.median(run[i] for run in keys_m) for i in range(len(strokes))]
    per_key_b = [statistics.median(run[i] for run in keys_b) for i in range(len(strokes))]
    worst = max(range(len(strokes)), key=per_key_m.__getitem__)
    _emit(
        {
            "how": measured.how,
            "why_not_window": getattr(measured, "why", ""),
            "rows": count,
            "keystrokes": len(strokes),
            "load": statistics.median(load_m),
            "load_baseline": statistics.median(load_b),
            "key_median": statistics.median(per_key_m),
            "key_max": per_key_m[worst],
            "key_worst_text": strokes[worst] if strokes[worst].startswith("cd") or not strokes[worst] else "(a name)",
            "key_baseline_median": statistics.median(per_key_b),
            "key_baseline_max": max(per_key_b),
            "per_key": [round(t * 1000, 2) for t in per_key_m],
            "per_key_baseline": [round(t * 1000, 2) for t in per_key_b],
        }
    )
    os._exit(0)


class _WindowList:
    """The subjects page of the main window: load = refresh until `loaded`, keys typed into its search."""

    how = "subjects page of the main window"

    def __init__(self, app, db_path: str, today) -> None:  # type: ignore[no-untyped-def]
        from bench import ui_targets as ui

        self.app = app
        self.window = ui.resolve("LTFU_BENCH_MAIN_WINDOW")(db_path, today=today)
        page_class = ui.resolve("LTFU_BENCH_SUBJECTS_PAGE")
        pages = [w for w in self.window.findChildren(page_class)]
        if not pages:
            raise LookupError(f"no {page_class.__name__} in the main window")
        self.page = pages[0]
        self.model = getattr(self.page, ui.PAGE_MODEL)
        self.search = getattr(self.page, ui.PAGE_SEARCH)
        self._refresh = getattr(self.page, ui.PAGE_REFRESH)
        self._loads = 0
        getattr(self.page, ui.PAGE_LOADED).connect(self._loaded)
        self.window.show()
        stack = self.page.parentWidget()
        if hasattr(stack, "setCurrentWidget"):
            stack.setCurrentWidget(self.page)
        self.window.open_database()
        _wait(app, lambda: getattr(self.window, "db", None) is not None and self._loads > 0)

    def _loaded(self) -> None:
        self._loads += 1

    def keys(self) -> list[tuple[str, str]]:
        rows = self.model.rows
        return [(r.study_id, getattr(r, "search_key", "") or r.study_id.lower()) for r in rows]

    def load(self) -> float:
        self.search.clear()
        self.app.processEvents()
        before = self._loads
        start = time.perf_counter()
        self._refresh()
        _wait(self.app, lambda: self._loads > before)
        self.app.processEvents()
        return time.perf_counter() - start


class _ModelList:
    """No subjects page: the model and proxy in a table view, rows read and loaded on this thread."""

    how = "SubjectsModel (+ its proxy, if any) in a TableView (no subjects page)"

    def __init__(self, app, db_path: str, today) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

        from bench import ui_targets as ui
        from ltfu.services.database import open_database

        self.app, self.today = app, today
        self.db = open_database(db_path)
        self.rows_of = ui.resolve("LTFU_BENCH_SUBJECT_ROWS")
        self.model = ui.resolve("LTFU_BENCH_SUBJECTS_MODEL")()
        self.proxy = ui.shown_model(self.model)
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        self.search = QLineEdit()
        view = ui.make_view()
        view.setModel(self.proxy)
        layout.addWidget(self.search)
        layout.addWidget(view)
        self.search.textChanged.connect(lambda text: ui.set_filter_text(self.proxy, text))
        self.body.resize(1280, 820)
        self.body.show()
        self.load()

    def keys(self) -> list[tuple[str, str]]:
        rows = self.model.rows
        return [(r.study_id, getattr(r, "search_key", "") or r.study_id.lower()) for r in rows]

    def load(self) -> float:
        from bench import ui_targets as ui

        self.search.clear()
        self.app.processEvents()
        start = time.perf_counter()
        ui.load_rows(self.model, self.rows_of(self.db, self.today))
        self.app.processEvents()
        return time.perf_counter() - start


# -- memory -------------------------------------------------------------------------------------


def _peak_mb() -> float:
    """Peak RSS of this process in MB.

    VmHWM, not `ru_maxrss`: Linux carries the parent's high-water mark into
    `ru_maxrss` across fork + exec, so a child of the (large) benchmark process would
    report the parent's peak. VmHWM belongs to this process's own memory only.
    """
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _settle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.01)


def memory(kind: str, db_path: str | None, today_text: str | None, subjects: int) -> None:
    from PySide6.QtCore import QAbstractItemModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    _watchdog(app, "memory")
    if kind == "bare":
        window = QMainWindow()
        window.resize(1200, 800)
        window.show()
        _settle(app, 0.3)
        _emit({"peak_mb": _peak_mb()})
        os._exit(0)

    import datetime as dt

    from bench import ui_targets as ui

    today = dt.date.fromisoformat(today_text or "")
    window = ui.resolve("LTFU_BENCH_MAIN_WINDOW")(db_path, today=today)
    window.show()
    _settle(app, 0.2)
    window.open_database()
    _settle(app, 0.5)

    def loaded_models() -> list:
        return [m for m in window.findChildren(QAbstractItemModel) if m.rowCount() >= subjects]

    how = "subjects page of the window"
    page_name = ui.name("LTFU_BENCH_SUBJECTS_PAGE").rpartition(":")[2]
    pages = list(window.findChildren(QStackedWidget))
    page = next((w for w in window.findChildren(QWidget) if type(w).__name__ == page_name), None)
    if page is not None:
        for stack in pages:
            if stack.indexOf(page) >= 0:
                stack.setCurrentWidget(page)
        deadline = time.perf_counter() + 60
        while not loaded_models() and time.perf_counter() < deadline:
            _settle(app, 0.05)
    if not loaded_models():
        # No subjects page yet: the benchmark loads the list into the window itself.
        how = "window + the benchmark's subject table (no subjects page in the window yet)"
        db = getattr(window, "db", None)
        model = ui.resolve("LTFU_BENCH_SUBJECTS_MODEL")()
        proxy = ui.shown_model(model)
        view = ui.make_view()
        view.setModel(proxy)
        ui.load_rows(model, ui.resolve("LTFU_BENCH_SUBJECT_ROWS")(db, today))
        if pages:
            pages[0].addWidget(view)
            pages[0].setCurrentWidget(view)
        else:
            view.setParent(window)
            view.show()
    _settle(app, 1.0)  # background loads of other pages finish, everything repaints
    _emit({"peak_mb": _peak_mb(), "how": how, "rows": max(m.rowCount() for m in loaded_models())})
    os._exit(0)


def main(argv: list[str]) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode, *rest = argv
    if mode == "paint":
        paint(rest[0], rest[1] if len(rest) > 1 else None)
    elif mode == "filter":
        subject_filter(rest[0], rest[1], int(rest[2]))
    elif mode == "memory":
        if rest[0] == "bare":
            memory("bare", None, None, 0)
        else:
            memory("ltfu", rest[1], rest[2], int(rest[3]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
