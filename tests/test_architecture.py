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


def test_resources_ship_inside_the_package():
    from importlib.resources import files

    assert (files("ltfu") / "resources" / "protocols" / "cd19-cd22-ph1.toml").is_file()
