"""The layering of DESIGN.md and the lint rules hold for the whole package."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def test_import_layers_hold():
    done = subprocess.run([str(BIN / "lint-imports")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_ruff_finds_nothing():
    paths = [p for p in ("ltfu", "tests", "bench") if (REPO / p).exists()]
    done = subprocess.run([str(BIN / "ruff"), "check", *paths], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_mypy_finds_no_type_error():
    """mypy over ltfu/ as configured in pyproject.toml: strict for the pure and storage
    layers, every function body elsewhere. Its cache (.mypy_cache) keeps a re-run to a
    few seconds."""
    done = subprocess.run([str(BIN / "mypy")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_no_dead_code():
    """vulture finds no function, class, attribute or variable that nothing uses; the
    few it cannot see used (Qt overrides, mapped columns...) are listed, each with why,
    under [tool.vulture] in pyproject.toml."""
    done = subprocess.run([str(BIN / "vulture")], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_reportlab_runs_its_c_accelerator():
    """Letters and reports format every coordinate and measure every string through these;
    without the accelerator (a missing `rl-accel`) reportlab quietly runs them in Python."""
    from reportlab.lib.rl_accel import _c_funcs

    assert {"fp_str", "escapePDF", "instanceStringWidthTTF", "calcChecksum"} <= set(_c_funcs)


def test_resources_ship_inside_the_package():
    from importlib.resources import files

    assert (files("ltfu") / "resources" / "protocols" / "cd19-cd22-ph1.toml").is_file()


# Run as `python -c`: starts the window as `ltfu --db FILE` does, notes the modules loaded
# at its first paint, then imports what the first screens read with and notes the heavy ones.
FIRST_PAINT = """
import json, os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

HEAVY = {"numpy", "scipy", "reportlab", "alembic", "sqlalchemy", "psycopg"}


def heavy():
    return sorted({m.split(".")[0] for m in sys.modules} & HEAVY)


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and isinstance(obj.window(), QMainWindow):
            at_paint = {"heavy": heavy(), "ltfu": sorted(m for m in sys.modules if m.startswith("ltfu.")),
                        "qt": sorted(m for m in sys.modules if m.startswith("PySide6."))}
            import ltfu.services.browse, ltfu.services.maintenance, ltfu.services.worklist  # noqa: F401
            print(json.dumps({"at_paint": at_paint, "first_screens": heavy()}), flush=True)
            os._exit(0)
        return False


app = QApplication(sys.argv[:1])
spy = FirstPaint()
app.installEventFilter(spy)
from ltfu.cli import main

main(["--db", sys.argv[1]])
"""


def test_the_first_paint_and_the_first_screens_load_no_heavy_library(tmp_path):
    """The window paints before it imports SQLAlchemy, the services, the pages not shown
    first and the Qt modules only they use; the worklist and subject list a nurse waits
    for then need neither numpy and scipy (~80 MB, ~0.3 s; the packed results and the
    endpoints need them) nor reportlab and alembic."""
    import json

    done = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT, str(tmp_path / "ltfu.sqlite3")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    at_paint = seen["at_paint"]
    assert at_paint["heavy"] == []
    deferred = {"services", "db", "reports", "analysis", "reports_page", "dose_page", "audit_page", "import_page"}
    deferred |= {"safety_page", "settings_page", "subjects_page", "export", "chart", "pdf_preview", "results_view"}
    assert [m for m in at_paint["ltfu"] if m.split(".")[-1] in deferred or m.split(".")[1] in deferred] == []
    assert {"PySide6.QtCharts", "PySide6.QtPdf", "PySide6.QtPrintSupport"}.isdisjoint(at_paint["qt"])
    assert "ltfu.ui.worklist_page" in at_paint["ltfu"]
    assert not (tmp_path / "ltfu.sqlite3").exists()  # the database is opened after the paint
    assert set(seen["first_screens"]) <= {"sqlalchemy", "psycopg"}


def test_the_command_line_and_the_window_open_no_unit_of_work():
    """Each use case is one service function, shared by `ltfu` and the window: neither
    opens a session or a connection itself (the import contracts keep `ltfu.db` out)."""
    import ast

    found = []
    sources = [REPO / "ltfu" / "cli.py", REPO / "ltfu" / "app.py", *sorted((REPO / "ltfu" / "ui").rglob("*.py"))]
    for path in sources:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"session", "sessions", "engine"}:
                found.append(f"{path.relative_to(REPO)}:{node.lineno} .{node.attr}")
    assert found == []
