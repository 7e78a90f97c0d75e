"""A large ODM export has a second process write the later half of the subjects: the same
file, from the same data, whoever exports and whatever another workstation saves meanwhile;
nothing of that process's part is left beside the file."""

from __future__ import annotations

import datetime as dt
import multiprocessing.context

import pytest
from sqlalchemy import text
from test_export_aside import PASSWORD, TODAY, aside, quick_hashing  # noqa: F401  # quick_hashing: autouse here too

from ltfu.errors import LtfuError
from ltfu.services import browse, odm
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.odm import export_odm

CREATED = dt.datetime(2026, 11, 30, 8, 0, tzinfo=dt.UTC)


def subject_data(path) -> bytes:
    """The file's SubjectData (what the two processes write; the header and the audit trail
    hold the exports' own transfer entries)."""
    data = path.read_bytes()
    return data[data.index(b"<SubjectData") : data.index(b"<AuditRecords>")]


def left_beside(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_the_subjects_written_by_a_second_process_are_those_written_here(any_db, tmp_path, monkeypatch):
    build_demo(any_db, subjects=12, seed=1, today=TODAY)
    browse.create_first_administrator(any_db, "ada", "Ada Admin", PASSWORD)
    browse.add_user(any_db, "cora", "Cora", "coordinator", PASSWORD)
    browse.grant_access(any_db, "cora", None, "BJ01")
    any_db.sign_in("cora", PASSWORD)  # both processes write what Cora may see, no more

    aside(monkeypatch, False)
    here = export_odm(any_db, tmp_path / "here.xml", created=CREATED)
    aside(monkeypatch, True)
    there = export_odm(any_db, tmp_path / "there.xml", created=CREATED)

    assert subject_data(tmp_path / "there.xml") == subject_data(tmp_path / "here.xml")
    assert (there.subjects, there.study_events, there.results) == (here.subjects, here.study_events, here.results)
    with any_db.session(read_only=True) as s:
        every_subject = s.execute(text("SELECT count(*) FROM subject")).scalar_one()
    assert 2 <= here.subjects < every_subject
    assert left_beside(tmp_path) == []


def test_what_another_workstation_saves_during_the_export_is_in_neither_part(any_db, tmp_path, monkeypatch):
    db = any_db
    build_demo(db, subjects=8, seed=2, today=TODAY)
    other = open_database(db.url)
    with db.session(read_only=True) as s:
        first, last = s.execute(text("SELECT min(subject_id), max(subject_id) FROM result")).one()
        changed = [
            s.execute(
                text("SELECT min(id) FROM result WHERE value IS NOT NULL AND subject_id = :s"), {"s": subject}
            ).scalar_one()
            for subject in (first, last)  # one in each half
        ]
    written = odm._write_subjects
    saves = []

    def saved_meanwhile(session, ids, write):
        if not saves:  # both processes have their snapshot: a save now commits
            with other.session() as s:
                s.execute(text("UPDATE result SET value = 424242.5 WHERE id IN (:a, :b)"), {"a": changed[0], "b": changed[1]})
            saves.append(1)
        return written(session, ids, write)

    aside(monkeypatch, True)
    monkeypatch.setattr(odm, "_write_subjects", saved_meanwhile)
    export_odm(db, tmp_path / "during.xml", created=CREATED)
    monkeypatch.setattr(odm, "_write_subjects", written)
    export_odm(db, tmp_path / "after.xml", created=CREATED)

    assert saves and b'"424242.5"' not in subject_data(tmp_path / "during.xml")
    assert subject_data(tmp_path / "after.xml").count(b'"424242.5"') == 2
    other.dispose()


def test_without_a_second_process_every_subject_is_written_here(db_path, tmp_path, monkeypatch):
    db = open_database(str(db_path))
    build_demo(db, subjects=6, seed=3, today=TODAY)
    aside(monkeypatch, False)
    export_odm(db, tmp_path / "here.xml", created=CREATED)

    def cannot_start(self):
        raise OSError("no more processes")

    aside(monkeypatch, True)
    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", cannot_start)
    alone = export_odm(db, tmp_path / "alone.xml", created=CREATED)
    assert subject_data(tmp_path / "alone.xml") == subject_data(tmp_path / "here.xml") and alone.subjects == 6
    assert left_beside(tmp_path) == []
    db.dispose()


def test_a_failed_export_leaves_neither_the_file_nor_the_second_process_part(db_path, tmp_path, monkeypatch):
    db = open_database(str(db_path))
    build_demo(db, subjects=6, seed=4, today=TODAY)

    def disk_full(self, path):
        raise OSError(28, "No space left on device")

    aside(monkeypatch, True)
    monkeypatch.setattr(odm._Out, "copy", disk_full)  # here, once the second process's part is written
    (tmp_path / "out").mkdir()
    with pytest.raises(LtfuError, match="No space left"):
        export_odm(db, tmp_path / "out" / "full.xml", created=CREATED)
    assert list((tmp_path / "out").iterdir()) == []
    db.dispose()
