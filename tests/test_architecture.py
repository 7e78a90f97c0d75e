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


def test_resources_ship_inside_the_package():
    from importlib.resources import files

    assert (files("ltfu") / "resources" / "protocols" / "cd19-cd22-ph1.toml").is_file()


def test_the_first_screens_load_without_the_statistics_or_pdf_libraries():
    """The window, the subject list and the worklist are what a nurse waits for: their
    modules must not pull in numpy and scipy (~80 MB, ~0.3 s; the packed results and
    the endpoints need them) nor reportlab and alembic."""
    code = (
        "import sys, ltfu.ui.main_window, ltfu.services.browse, ltfu.services.worklist, ltfu.services.maintenance; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'scipy', 'reportlab', 'alembic'})))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""


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
