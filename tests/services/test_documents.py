"""What the window shows is what is signed and saved: the annual report signed only as
shown, its signature found again on a rebuild, and saved copies on record."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.services import users
from ltfu.services.annual_report import ReportRequest, show_annual_report, sign_annual_report
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.documents import save_document
from ltfu.services.signatures import sha256, verify_document

TODAY = dt.date(2026, 11, 29)
PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, db_path):
    url = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    build_demo(database, subjects=12, seed=3, today=TODAY)
    with database.session() as s:
        users.create_user(s, None, "ada", "Ada Admin", "admin", PASSWORD)
    database.sign_in("ada", PASSWORD)
    for username, name, role in (("pete", "Pete Investigator", "pi"), ("nina", "Nina Nurse", "nurse")):
        with database.session() as s:
            users.create_user(s, database.user_id(s, "manage_users"), username, name, role, PASSWORD)
    yield database
    database.dispose()


def signatures_in(db) -> int:
    with db.session(read_only=True) as s:
        return s.scalar(select(func.count()).select_from(m.Signature))


def test_the_report_is_signed_only_as_shown_and_a_rebuild_finds_the_signature(db):
    db.sign_in("pete", PASSWORD)
    shown = show_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY))
    assert shown.signature is None and verify_document(db, shown.pdf) is None
    # Pages other than those shown (the data changed since, say): nothing is signed.
    with pytest.raises(ValidationError, match="no longer rebuilds to the pages shown"):
        sign_annual_report(
            db, 2026, ReportRequest(TODAY, today=TODAY), PASSWORD, "approved", shown_sha256=sha256(b"other pages")
        )
    assert signatures_in(db) == 0

    signed, info = sign_annual_report(
        db, 2026, ReportRequest(TODAY, today=TODAY), PASSWORD, "approved", shown_sha256=sha256(shown.pdf)
    )
    assert info.document_sha256 == sha256(signed) and info.data_hash == shown.data_hash

    # A nurse rebuilds the same report from the same data: the signed pages, and who signed them.
    db.sign_in("nina", PASSWORD)
    again = show_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY))
    assert again.pdf == signed and again.signature is not None
    assert (again.signature.printed_name, again.signature.meaning) == ("Pete Investigator", "approved")
    assert again.signature.document_sha256 == info.document_sha256
    # The Chinese pages were not signed.
    assert show_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY, language="zh")).signature is None


def test_a_saved_document_is_the_exact_bytes_and_the_copy_is_on_record(db, tmp_path):
    db.sign_in("nina", PASSWORD)
    data = b"%PDF-1.4 the pages shown\n%%EOF\n"
    target = save_document(db, data, tmp_path / "schedule.pdf", "schedule-CD1922-001.pdf")
    assert target.read_bytes() == data
    with db.session(read_only=True) as s:
        entry = s.execute(
            select(m.AuditEvent.action, m.AuditEvent.field, m.AuditEvent.new_value, m.AuditEvent.reason).where(
                m.AuditEvent.field == "document"
            )
        ).one()
    assert entry.action == "export" and entry.new_value == str(target.resolve())
    assert "schedule-CD1922-001.pdf" in entry.reason
