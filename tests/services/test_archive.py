"""The handover archive: fifteen years on, restored on a new machine, it gives the same study."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select, text

from ltfu.db import models as m
from ltfu.errors import LtfuError, ValidationError
from ltfu.services import audit, review, users
from ltfu.services.archive import restore_archive, verify_archive, write_archive
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary
from ltfu.services.export import export_csv
from ltfu.services.maintenance import check
from ltfu.services.odm import export_odm
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import reopen_visit, subject_schedule

TODAY = dt.date(2026, 11, 29)
PDFS = {"annual-2026.pdf": b"%PDF-1.4\n% annual report\n", "schedule-CD1922-001.pdf": b"%PDF-1.4\n% schedule\n"}


def audit_rows(db) -> list[tuple]:
    with db.session() as s:
        rows = s.execute(select(m.AuditEvent).order_by(m.AuditEvent.id)).scalars().all()
        return [
            (
                e.id,
                (e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)).astimezone(dt.UTC),
                e.user_id,
                e.action,
                e.table_name,
                e.record_id,
                e.subject_id,
                e.field,
                e.old_value,
                e.new_value,
                e.reason,
                e.prev_hash,
                e.hash,
            )
            for e in rows
        ]


def schedules(db) -> dict[str, dict]:
    with db.session() as s:
        study_ids = s.scalars(select(m.Subject.study_id).order_by(m.Subject.id)).all()
    return {sid: subject_schedule(db, sid, TODAY).to_dict() for sid in study_ids}


def odm_subjects(db, path: Path) -> bytes:
    """The subject data of an ODM export (read through the driver: SQLite's text, PostgreSQL's types)."""
    export_odm(db, path, created=dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC))
    data = path.read_bytes()
    return data[data.index(b"<SubjectData ") : data.index(b"<AuditRecords>")]


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """The demo study, its handover archive, and what must come back from it."""
    folder = tmp_path_factory.mktemp("archive")
    db = open_database(str(folder / "demo.sqlite3"))
    build_demo(db, subjects=24, seed=1, today=TODAY)
    # Data review travels too: two visits verified, a cut frozen, one mark cleared by a correction.
    review.mark_verified(db, "CD1922-001", ["D0", "D1"])
    review.freeze(db, TODAY, "annual report 2026", TODAY)
    reopen_visit(db, "CD1922-001", "D1", "recorded on the wrong subject", TODAY)
    archive = folder / "handover.zip"
    # Each export is an audit entry: the archive, written last, holds the CSV export's.
    export_csv(db, folder / "csv", with_contacts=True)
    odm = odm_subjects(db, folder / "odm.xml")
    write_archive(db, archive, PDFS)
    expected = {
        "archive": archive,
        "endpoints": summary(compute(db, TODAY)),
        "schedules": schedules(db),
        "audit": audit_rows(db),
        "csv": files_of(folder / "csv"),
        "odm": odm,
        "db": db,
    }
    yield expected
    db.dispose()


def assert_same_study(restored, original, tmp_path: Path) -> None:
    assert summary(compute(restored, TODAY)) == original["endpoints"]
    assert schedules(restored) == original["schedules"]
    trail = audit_rows(restored)
    # The trail comes back as is, then one entry says who restored it and from what.
    assert trail[: len(original["audit"])] == original["audit"]
    assert [row[3] for row in trail[len(original["audit"]) :]] == ["restore"]
    assert trail[-1][11] == original["audit"][-1][12]
    report = check(restored)
    assert report.ok, report.to_dict()
    # Every row of every table, down to the byte, on either database.
    export_csv(restored, tmp_path / "again", with_contacts=True)
    again = files_of(tmp_path / "again")
    for name, data in original["csv"].items():
        if name == "audit_events.csv":
            assert again[name].startswith(data)
        elif name != "manifest.json":
            assert again[name] == data, name
    assert odm_subjects(restored, tmp_path / "again.xml") == original["odm"]
    # Sequences continue after the restored ids: new records can be added.
    enrol(restored, NewSubject("CD1922-900", "BJ01", "DL1", TODAY), today=TODAY)
    assert check(restored).ok


def test_round_trip_on_sqlite_gives_the_same_endpoints_schedules_and_audit_trail(original, tmp_path):
    restored = restore_archive(original["archive"], str(tmp_path / "new.sqlite3"))
    try:
        assert_same_study(restored, original, tmp_path)
        marks = {mk.visit_code: mk for mk in review.subject_marks(restored, "CD1922-001")}
        assert marks["D0"].verified and not marks["D1"].verified
        (cut,) = review.data_cuts(restored)
        assert (cut.as_of, cut.reason, cut.records_changed) == (TODAY, "annual report 2026", 1)
        assert original["csv"]["verifications.csv"].count(b"\n") == 3  # header and two marks
        assert b'"data_cuts","as_of","date"' in original["csv"]["dictionary.csv"]
    finally:
        restored.dispose()


@pytest.mark.postgres
def test_round_trip_into_postgresql_gives_the_same_study(original, pg_url, tmp_path):
    restored = restore_archive(original["archive"], pg_url)
    try:
        assert restored.engine.dialect.name == "postgresql"
        assert_same_study(restored, original, tmp_path)
    finally:
        restored.dispose()


def test_the_archive_is_deterministic_and_every_file_has_its_checksum(original, tmp_path):
    again = tmp_path / "again.zip"
    summary_ = write_archive(original["db"], again, PDFS)
    # The same data gives the same files; only the trail grew by the first archive's entry.
    with zipfile.ZipFile(again) as second, zipfile.ZipFile(original["archive"]) as first:
        assert first.namelist() == second.namelist()
        for name in first.namelist():
            if name == "audit_events.csv":
                grown = second.read(name)
                assert grown.startswith(first.read(name)) and grown.count(b"\n") == first.read(name).count(b"\n") + 1
            elif name != "manifest.json":
                assert second.read(name) == first.read(name), name
    assert summary_.sha256 == hashlib.sha256(again.read_bytes()).hexdigest()
    manifest = verify_archive(again)
    with zipfile.ZipFile(again) as archive:
        names = set(archive.namelist())
        for entry in manifest["files"]:
            assert hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]
        assert archive.read("reports/annual-2026.pdf") == PDFS["annual-2026.pdf"]
    assert {"contacts.csv", "dictionary.csv", "README.txt", "manifest.json"} <= names
    assert any(n.startswith("protocols/") and n.endswith(".toml") for n in names)
    assert {e["name"] for e in manifest["files"]} == names - {"manifest.json"}
    assert manifest["kind"] == "archive" and manifest["with_contacts"] is True
    assert again.stat().st_mode & 0o077 == 0  # holds PHI: readable by its owner only


def rewrite(source: Path, target: Path, change) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        members = {name: old.read(name) for name in old.namelist()}
        for name, data in change(members).items():
            new.writestr(name, data)


def _altered_results(members):  # type: ignore[no-untyped-def]
    members["results.csv"] = members["results.csv"].replace(b",cells/uL,", b",cells/mL,", 1)
    return members


def _extra_file(members):  # type: ignore[no-untyped-def]
    return {**members, "notes.txt": b"added later"}


def _missing_file(members):  # type: ignore[no-untyped-def]
    return {k: v for k, v in members.items() if k != "visits.csv"}


def _no_manifest(members):  # type: ignore[no-untyped-def]
    return {k: v for k, v in members.items() if k != "manifest.json"}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (_altered_results, "results.csv does not match its checksum"),
        (_extra_file, "notes.txt, which manifest.json does not list"),
        (_missing_file, "lists visits.csv, but the archive does not hold it"),
        (_no_manifest, "not an ltfu archive"),
    ],
)
def test_an_archive_that_does_not_verify_is_refused_naming_the_file(original, tmp_path, change, named):
    bad = tmp_path / "bad.zip"
    rewrite(original["archive"], bad, change)
    target = tmp_path / "new.sqlite3"
    with pytest.raises(LtfuError, match=named) as refused:
        restore_archive(bad, str(target))
    assert "Nothing was restored" in str(refused.value)
    assert not target.exists()


def test_a_target_that_holds_data_is_refused(original, tmp_path):
    db = original["db"]
    before = audit_rows(db)
    with pytest.raises(LtfuError, match="already holds data"):
        restore_archive(original["archive"], db.url)
    assert audit_rows(db) == before


def test_reports_must_be_pdf_files_with_plain_names(original, tmp_path):
    with pytest.raises(ValidationError, match="plain file name"):
        write_archive(original["db"], tmp_path / "a.zip", {"../escape.pdf": b"%PDF-1.4"})
    with pytest.raises(ValidationError, match="not a PDF"):
        write_archive(original["db"], tmp_path / "a.zip", {"report.pdf": b"hello"})
    assert not list(tmp_path.iterdir())


def test_empty_text_comes_back_as_empty_text_not_as_no_value(tmp_path):
    db = open_database(str(tmp_path / "small.sqlite3"))
    build_demo(db, subjects=2, seed=3, today=TODAY)
    with db.session() as s:
        s.execute(text("UPDATE visit_status_change SET reason = '' WHERE id = 1"))
        subject_id, assay = s.execute(text("SELECT subject_id, assay FROM result WHERE id = 2")).one()
        s.execute(text("UPDATE result SET assay = '' WHERE id = 2"))
        # A correction as the program records one, so the restored copy passes the full check.
        audit.record(
            s,
            user_id=None,
            action="update",
            table_name="result",
            record_id=2,
            subject_id=subject_id,
            changes=[audit.Change("assay", assay, "")],
            reason="assay name withdrawn by the laboratory",
        )
    write_archive(db, tmp_path / "small.zip")
    empty = verify_archive(tmp_path / "small.zip")["empty_strings"]
    assert empty["results.csv"] == {"assay": [2]} and empty["visit_status_changes.csv"] == {"reason": [1]}
    assert set(empty) == {"results.csv", "visit_status_changes.csv", "audit_events.csv"}  # the correction's new value
    restored = restore_archive(tmp_path / "small.zip", str(tmp_path / "back.sqlite3"))
    with restored.session() as s:
        assert s.scalar(select(m.VisitStatusChange.reason).where(m.VisitStatusChange.id == 1)) == ""
        assert s.scalar(select(m.Result.assay).where(m.Result.id == 2)) == ""
        assert s.scalar(select(m.Result.assay).where(m.Result.id == 1)) is not None
        assert s.scalar(select(m.VisitStatusChange.reason).where(m.VisitStatusChange.id == 2)) is None
    restored.dispose()
    db.dispose()


def test_accounts_come_back_without_passwords_for_the_next_keeper_to_set(tmp_path):
    db = open_database(str(tmp_path / "site.sqlite3"))
    with db.session() as s:
        users.create_user(s, None, "ada", "Ada Admin", "admin", "a long enough password")
    db.actor = users.Actor(user_id=1, username="ada", full_name="Ada Admin", role="admin")
    build_demo(db, subjects=2, seed=5, today=TODAY)
    write_archive(db, tmp_path / "site.zip")
    db.dispose()
    with zipfile.ZipFile(tmp_path / "site.zip") as archive:
        assert b"argon2" not in b"".join(archive.read(n) for n in archive.namelist())
    restored = restore_archive(tmp_path / "site.zip", str(tmp_path / "new.sqlite3"))
    with restored.session() as s:
        ada = s.scalar(select(m.User).where(m.User.username == "ada"))
        assert ada is not None and ada.role == "admin" and ada.password_hash is None
        restorer = s.execute(select(m.AuditEvent.action, m.AuditEvent.user_id).order_by(m.AuditEvent.id.desc())).first()
    # Set-up mode until an administrator sets a password again (users.create_user on
    # "ada" turns the restored login back into an account); the history keeps its users.
    assert not restored.needs_sign_in()
    assert restorer.action == "restore" and restorer.user_id is not None
    assert check(restored).ok
    restored.dispose()


def test_every_archived_cell_is_the_stored_value_exactly_as_format_value_writes_it(tmp_path):
    """The archive's tables are made mostly by SQLite (booleans, dates and times as text);
    a value SQLite does not have in the common form goes through the program's own
    conversion, so every cell is what `format_value` makes of the typed value."""
    import csv
    import io

    from ltfu.services.export import TABLES, export_columns, format_value, table_of

    db = open_database(str(tmp_path / "odd.sqlite3"))
    build_demo(db, subjects=3, seed=4, today=TODAY)
    with db.session() as s:  # values in forms only an older version or a hand edit leaves
        s.execute(text("UPDATE visit_status_change SET changed_at = '2026-11-29 09:04:51' WHERE id = 1"))
        s.execute(text("UPDATE visit_status_change SET changed_at = '2026-11-29T10:00:00.250000' WHERE id = 2"))
        s.execute(text("UPDATE clinical_event SET mrd_negative = NULL WHERE id = 1"))
        s.execute(text("UPDATE clinical_event SET mrd_negative = 1 WHERE id = 2"))
        s.execute(text("UPDATE clinical_event SET lineage_switch = 0 WHERE id = 2"))
    write_archive(db, tmp_path / "odd.zip")
    with zipfile.ZipFile(tmp_path / "odd.zip") as archive, db.session(read_only=True) as session:
        for spec in TABLES:
            columns = [c for c in export_columns(spec, True) if c.column is not None]
            if spec.table in ("protocol_version", "audit_event"):  # a file name added; the archive's own entry
                continue
            table = table_of(spec)
            expected = io.StringIO(newline="")
            writer = csv.writer(expected)
            writer.writerow([c.name for c in columns])
            for row in session.execute(select(*(table.c[c.name] for c in columns)).order_by(table.c.id)):
                writer.writerow([None if v is None else format_value(v) for v in row])
            assert archive.read(f"{spec.name}.csv") == expected.getvalue().encode("utf-8"), spec.name
        times = archive.read("visit_status_changes.csv").decode("utf-8")
    assert "2026-11-29T09:04:51.000000+00:00" in times and "2026-11-29T10:00:00.250000+00:00" in times
    db.dispose()
