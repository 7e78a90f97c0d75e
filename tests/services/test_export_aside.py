"""A large CSV export has a second process write its largest tables: the same files, from the
same data, whoever exports and whatever another workstation saves meanwhile."""

from __future__ import annotations

import datetime as dt
import multiprocessing.context

import pytest
from sqlalchemy import text
from test_export import all_bytes, read_csv

from ltfu.errors import LtfuError
from ltfu.services import browse, export, users
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.export import export_csv

TODAY = dt.date(2026, 11, 29)
PASSWORD = "a long enough password"


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def aside(monkeypatch, on: bool) -> None:
    monkeypatch.setattr(export, "ASIDE_FROM_SUBJECTS", 0 if on else 10**9)
    monkeypatch.setattr(export.os, "cpu_count", lambda: 2)


def same_export(first, again) -> None:
    """Equal files; the later export's audit trail holds the earlier one's entry as well."""
    assert set(first) == set(again)
    for name in first:
        if name == "audit_events.csv":
            assert again[name].startswith(first[name])
        elif name != "manifest.json":
            assert again[name] == first[name], name


def test_the_tables_written_by_a_second_process_are_those_written_here(any_db, tmp_path, monkeypatch):
    build_demo(any_db, subjects=12, seed=1, today=TODAY)
    browse.create_first_administrator(any_db, "ada", "Ada Admin", PASSWORD)
    browse.add_user(any_db, "cora", "Cora", "coordinator", PASSWORD)
    browse.grant_access(any_db, "cora", None, "BJ01")
    any_db.sign_in("cora", PASSWORD)  # the second process reads what Cora may see, no more

    aside(monkeypatch, False)
    here = export_csv(any_db, tmp_path / "here")
    aside(monkeypatch, True)
    there = export_csv(any_db, tmp_path / "there")

    same_export(all_bytes(tmp_path / "here"), all_bytes(tmp_path / "there"))
    assert [f.name for f in there.files] == [f.name for f in here.files]  # listed in table order
    subjects = {row["id"] for row in read_csv(tmp_path / "there" / "subjects.csv")}
    assert subjects and {row["subject_id"] for row in read_csv(tmp_path / "there" / "results.csv")} <= subjects
    with any_db.session(read_only=True) as s:
        every_subject = s.execute(text("SELECT count(*) FROM subject")).scalar_one()
    assert len(subjects) < every_subject


def test_what_another_workstation_saves_during_the_export_is_in_none_of_its_tables(any_db, tmp_path, monkeypatch):
    db = any_db
    build_demo(db, subjects=6, seed=2, today=TODAY)
    other = open_database(db.url)
    with db.session(read_only=True) as s:
        result_id = s.execute(text("SELECT min(id) FROM result WHERE value IS NOT NULL")).scalar_one()
    written = export.write_tables

    def saved_meanwhile(session, *args, **kwargs):
        # Both processes have their snapshot (the writers' lock is free again): a save now
        # commits, and must show in neither the tables written here nor those over there.
        with other.session() as s:
            s.execute(text("UPDATE result SET value = 424242.5 WHERE id = :id"), {"id": result_id})
            s.execute(text("UPDATE subject SET dose_level = 'DL9' WHERE id = 1"))
        return written(session, *args, **kwargs)

    aside(monkeypatch, True)
    monkeypatch.setattr(export, "write_tables", saved_meanwhile)
    export_csv(db, tmp_path / "during")
    monkeypatch.setattr(export, "write_tables", written)
    export_csv(db, tmp_path / "after")

    def values(folder):
        results = {r["id"]: r["value"] for r in read_csv(folder / "results.csv")}
        subjects = {r["id"]: r["dose_level"] for r in read_csv(folder / "subjects.csv")}
        return results[str(result_id)], subjects["1"]

    assert values(tmp_path / "during") != ("424242.5", "DL9")
    assert "424242.5" not in values(tmp_path / "during") and "DL9" not in values(tmp_path / "during")
    assert values(tmp_path / "after") == ("424242.5", "DL9")
    other.dispose()


def test_without_a_second_process_every_table_is_written_here(db_path, tmp_path, monkeypatch):
    db = open_database(str(db_path))
    build_demo(db, subjects=6, seed=3, today=TODAY)
    aside(monkeypatch, False)
    export_csv(db, tmp_path / "here")

    def cannot_start(self):
        raise OSError("no more processes")

    aside(monkeypatch, True)
    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", cannot_start)
    export_csv(db, tmp_path / "alone")
    same_export(all_bytes(tmp_path / "here"), all_bytes(tmp_path / "alone"))
    db.dispose()


def test_a_failed_export_leaves_none_of_the_files_the_second_process_wrote(db_path, tmp_path, monkeypatch):
    db = open_database(str(db_path))
    build_demo(db, subjects=6, seed=4, today=TODAY)
    written = export.write_tables

    def disk_full(session, writer, *args, **kwargs):
        written(session, writer, *args, **kwargs)
        raise OSError(28, "No space left on device")

    aside(monkeypatch, True)
    monkeypatch.setattr(export, "write_tables", disk_full)  # here only: the second process writes its own
    (tmp_path / "full").mkdir()  # the user's own folder: it stays, without a file
    with pytest.raises(LtfuError, match="No space left"):
        export_csv(db, tmp_path / "full")
    assert [p for p in (tmp_path / "full").rglob("*") if p.is_file()] == []
    db.dispose()
