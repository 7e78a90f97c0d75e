"""The self-contained folder (`./run build`) works on a machine without the project's Python.

The folder takes minutes to build, so the test runs on the one `.ci/run` builds (or one
you built with `./run build`) and is skipped when there is none. It starts the frozen
program with an empty environment (no virtual environment, no PYTHONPATH, a fresh home):
fills a demo database, prints letters in both languages to a PDF, and opens the window
until the worklist has loaded.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
FOLDER = REPO / "dist" / "ltfu"
PROGRAM = FOLDER / ("ltfu.exe" if sys.platform == "win32" else "ltfu")

needs_build = pytest.mark.skipif(not PROGRAM.exists(), reason="no self-contained build: ./run build makes one")


def frozen(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "LANG": "C.UTF-8"}
    return subprocess.run([str(PROGRAM), *args], env=env, cwd=home, capture_output=True, text=True, timeout=300)


@needs_build
def test_the_folder_runs_without_python(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite3")
    made = frozen(tmp_path, "--db", db, "demo", "--subjects", "40", "--today", "2026-12-06")
    assert made.returncode == 0, made.stderr
    assert "40 subject" in made.stdout

    printed = frozen(
        tmp_path, "--db", db, "letters", "--from", "2026-12-07", "--to", "2027-01-31",
        "-o", str(tmp_path / "letters.pdf"), "--json",
    )
    assert printed.returncode == 0, printed.stderr
    letters = json.loads(printed.stdout)["letters"]
    assert {letter["language"] for letter in letters} == {"en", "zh"}
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "letters.pdf").pages)
    assert "Your next follow-up visit" in text or "Dear" in text
    assert "您的下一次随访" in text  # the bundled CJK font and the Chinese letter texts

    shot = tmp_path / "window.png"
    opened = frozen(tmp_path, "--db", db, "--screenshot", str(shot))
    assert opened.returncode == 0, opened.stderr
    header = shot.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    assert width >= 800 and height >= 600


@needs_build
def test_the_folder_carries_what_the_program_reads_as_files() -> None:
    assert (FOLDER / "_internal" / "ltfu" / "resources" / "fonts").is_dir()
    assert any((FOLDER / "_internal" / "ltfu" / "db" / "migrations" / "versions").glob("0001_*.py"))
    assert os.access(PROGRAM, os.X_OK)
    # reportlab's C accelerator, which reportlab imports where the build's analysis cannot see.
    assert any((FOLDER / "_internal").glob("_rl_accel*.so")) or any((FOLDER / "_internal").glob("_rl_accel*.pyd"))


@needs_build
def test_the_folder_reaches_a_shared_postgresql_server(tmp_path: Path, pg_url: str) -> None:
    made = frozen(tmp_path, "--db", pg_url, "demo", "--subjects", "10", "--today", "2026-12-06")
    assert made.returncode == 0, made.stderr
    listed = frozen(tmp_path, "--db", pg_url, "worklist", "--today", "2026-12-06", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "CD1922-" in listed.stdout
