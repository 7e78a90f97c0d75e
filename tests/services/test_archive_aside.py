"""The handover's documents drawn by a second process while the tables are written: the
same files, as the same user, and the same refusal when they cannot be drawn."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from ltfu.errors import ValidationError
from ltfu.services import archive, export, users
from ltfu.services.archive import restore_archive, verify_archive, write_handover_archive
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo

TODAY = dt.date(2026, 11, 29)
PASSWORD = "a long enough password"


def reports(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zipped:
        return {name: zipped.read(name) for name in zipped.namelist() if name.startswith("reports/")}


def draw_aside(monkeypatch) -> list[str]:
    """Every archive from here draws its documents in a second process too; returns the
    names of those this process drew."""
    here: list[str] = []
    draw = archive._draw

    def drawn_here(db, today, document):
        here.append(document.name)
        return draw(db, today, document)

    monkeypatch.setattr(export, "ASIDE_FROM_SUBJECTS", 0)
    monkeypatch.setattr(export.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(archive, "_draw", drawn_here)
    return here


def test_documents_drawn_by_a_second_process_are_those_drawn_here(any_db, tmp_path, monkeypatch):
    with any_db.session() as s:
        users.create_user(s, None, "ada", "Ada Admin", "admin", PASSWORD)
    any_db.sign_in("ada", PASSWORD)  # the second process acts as Ada too
    build_demo(any_db, subjects=8, seed=3, today=TODAY)
    write_handover_archive(any_db, tmp_path / "here.zip", TODAY)
    here = draw_aside(monkeypatch)
    write_handover_archive(any_db, tmp_path / "aside.zip", TODAY)
    assert "annual-report-2026.pdf" not in here  # the first document is always drawn aside
    drawn = reports(tmp_path / "aside.zip")
    assert drawn == reports(tmp_path / "here.zip")
    assert {"reports/annual-report-2026.pdf", "reports/calendar-BJ01.pdf"} <= set(drawn)
    verify_archive(tmp_path / "aside.zip")
    restored = restore_archive(tmp_path / "aside.zip", str(tmp_path / "restored.sqlite3"))
    restored.dispose()


def test_documents_that_cannot_be_drawn_give_the_same_refusal_and_no_archive(db_path, tmp_path, monkeypatch):
    db = open_database(str(db_path))
    build_demo(db, subjects=4, seed=3, today=TODAY)
    wrong_clock = dt.date(1850, 6, 1)  # no annual report of that year
    with pytest.raises(ValidationError) as refused:
        write_handover_archive(db, tmp_path / "here.zip", wrong_clock)
    here = draw_aside(monkeypatch)
    with pytest.raises(ValidationError) as aside:
        write_handover_archive(db, tmp_path / "aside.zip", wrong_clock)
    db.dispose()
    assert "annual-report-1850.pdf" in here  # failed aside, drawn again here to say why
    assert str(aside.value) == str(refused.value) and "1850" in str(refused.value)
    assert not (tmp_path / "aside.zip").exists() and not list(tmp_path.glob("aside.zip*"))


def test_without_a_second_process_the_documents_are_drawn_here(db_path, tmp_path, monkeypatch):
    import multiprocessing.context

    def no_process(_self):
        raise OSError("Resource temporarily unavailable")

    db = open_database(str(db_path))
    build_demo(db, subjects=4, seed=3, today=TODAY)
    here = draw_aside(monkeypatch)
    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", no_process)
    write_handover_archive(db, tmp_path / "here.zip", TODAY)
    db.dispose()
    assert set(here) == {"annual-report-2026.pdf", "calendar-BJ01.pdf", "calendar-SH02.pdf"}
    assert set(reports(tmp_path / "here.zip")) == {f"reports/{name}" for name in here}
