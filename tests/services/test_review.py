"""Source data verification and frozen data cuts (issue 19), on SQLite and PostgreSQL:
marks cleared by any change, frozen records corrected only with a reason, and a signed
annual report rebuilt from its cut byte for byte after later corrections."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import NotFoundError, PermissionDenied, ValidationError
from ltfu.services import annual_report, review, users
from ltfu.services.annual_report import ReportRequest
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.events import NewEvent, record_event
from ltfu.services.maintenance import check
from ltfu.services.records import NewResult, record_result
from ltfu.services.signatures import sha256
from ltfu.services.visits import reopen_visit

TODAY = dt.date(2026, 11, 29)
PASSWORD = "correct horse battery"
SIX = ("D0", "D1", "D4", "D7", "D10", "D14")
ACCOUNTS = {"ada": "admin", "pete": "pi", "cora": "coordinator", "nina": "nurse", "mona": "monitor"}
MONITOR, PI = ("mona", PASSWORD), ("pete", PASSWORD)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, db_path):
    url = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    build_demo(database, subjects=8, seed=1, today=TODAY)
    for username, role in ACCOUNTS.items():  # the administrator first: she creates the others
        with database.session() as s:
            creator = database.user_id(s, "manage_users") if database.actor else None
            users.create_user(s, creator, username, username.title(), role, PASSWORD)
        database.actor or database.sign_in(username, PASSWORD)
    yield database
    database.dispose()


def test_six_visits_marked_verified_count_in_the_progress_and_a_change_clears_one(db):
    db.sign_in("cora", PASSWORD)
    marks = review.mark_verified(db, "CD1922-001", SIX)
    assert [mk.visit_code for mk in marks] == list(SIX)
    assert all(mk.verified and mk.verified_by == "cora" for mk in marks)
    # Marking again changes nothing (one mark per record, the first one kept).
    assert review.mark_verified(db, "cd1922-001", ["D0"])[0].verified_at == marks[0].verified_at

    progress = review.sdv_progress(db)
    row = next(s for s in progress.subjects if s.study_id == "CD1922-001")
    assert row.visits_verified == 6 and row.visits_done >= 6
    site = next(s for s in progress.sites if s.site == row.site)
    assert site.visits_verified == 6

    # Reopening a verified visit (a change through the visit writer) clears its mark, and says so.
    reopen_visit(db, "CD1922-001", "D14", "entered on the wrong subject", TODAY)
    after = {mk.visit_code: mk for mk in review.subject_marks(db, "CD1922-001")}
    assert not after["D14"].verified and after["D14"].cleared_by == "cora"
    assert "state" in (after["D14"].clear_reason or "")
    assert all(after[code].verified for code in SIX[:-1])
    assert next(s for s in review.sdv_progress(db).subjects if s.study_id == "CD1922-001").visits_verified == 5
    with db.session(read_only=True) as s:
        cleared = s.scalars(
            select(m.AuditEvent.field).where(m.AuditEvent.table_name == "verification", m.AuditEvent.action == "update")
        ).all()
    assert set(cleared) == {"cleared_at", "cleared_by", "clear_reason"}
    assert check(db).ok  # the trail replays the marks and their clearing


def test_a_verified_result_is_cleared_by_its_correction_and_a_nurse_may_not_verify(db, stored_value, correct_by_query):
    study, result_id, value = stored_value(db)
    db.sign_in("nina", PASSWORD)
    with pytest.raises(PermissionDenied):
        review.mark_verified(db, study, records=[("result", result_id)])
    db.sign_in("pete", PASSWORD)
    (mark,) = review.mark_verified(db, study, records=[("result", result_id)])
    assert mark.verified and mark.record_table == "result"
    correct_by_query(db, MONITOR, PI, study, result_id, value + 1, "lab re-issued the value", TODAY)
    (mark,) = review.subject_marks(db, study)
    assert not mark.verified and mark.cleared_by == "pete"
    with pytest.raises(NotFoundError, match="there is no visit M99"):
        review.mark_verified(db, study, ["M99"])


def test_a_frozen_record_is_corrected_only_with_a_reason_and_listed_against_the_cut(db, stored_value, correct_by_query):
    study, result_id, value = stored_value(db)
    db.sign_in("cora", PASSWORD)
    with pytest.raises(PermissionDenied):
        review.freeze(db, TODAY, "annual report 2026", TODAY)
    db.sign_in("pete", PASSWORD)
    with pytest.raises(ValidationError, match="needs a reason"):
        review.freeze(db, TODAY, "  ", TODAY)
    with pytest.raises(ValidationError, match="after today"):
        review.freeze(db, TODAY + dt.timedelta(days=1), "too early", TODAY)
    cut = review.freeze(db, TODAY, "annual report 2026", TODAY)
    assert cut.cut_by == "pete" and cut.records_changed == 0

    with pytest.raises(ValidationError, match="Give the reason for the correction"):
        correct_by_query(db, MONITOR, PI, study, result_id, value + 7, " ", TODAY)
    with db.session(read_only=True) as s:
        assert s.get(m.Result, result_id).value == value  # nothing changed
    correct_by_query(db, MONITOR, PI, study, result_id, value + 7, "transcription error", TODAY)
    (listed,) = review.data_cuts(db)
    assert listed.records_changed == 1
    (correction,) = listed.corrections
    assert (correction.study_id, correction.record_id, correction.field) == (study, result_id, "value")
    assert correction.reason == "transcription error" and correction.user == "pete"
    # New data after the cut need no reason, even when they change a subject's status.
    record_event(db, study, NewEvent("death", TODAY, death_cause="progression"), TODAY)
    assert review.data_cuts(db)[0].records_changed == 1
    assert check(db).ok


def test_a_signed_report_rebuilds_byte_for_byte_from_its_cut_after_a_correction(db, stored_value, correct_by_query):
    db.sign_in("pete", PASSWORD)
    cut = review.freeze(db, TODAY, "annual report 2026", TODAY)
    shown = annual_report.show_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY))
    signed, info = annual_report.sign_annual_report(
        db, 2026, ReportRequest(TODAY, today=TODAY), PASSWORD, "approved", shown_sha256=sha256(shown.pdf)
    )
    study, result_id, value = stored_value(db)
    correct_by_query(db, MONITOR, PI, study, result_id, value + 7, "transcription error", TODAY)
    # A record entered after the cut (dated before it) is not in the cut either.
    record_result(db, study, NewResult("igg", dt.date(2026, 11, 2), 6.5, unit="g/L"), TODAY)

    rebuilt = annual_report.rebuild_from_cut(db, 2026, cut.cut_id, today=TODAY + dt.timedelta(days=9))
    assert rebuilt.identical_to_signed and rebuilt.sha256 == info.document_sha256 == sha256(signed)
    assert rebuilt.at_cut.pdf == signed
    assert rebuilt.data_changed and rebuilt.cut.records_changed == 1

    today_pdf, today_hash = annual_report.render_annual_report(db, 2026, ReportRequest(TODAY, today=TODAY))
    assert today_hash == rebuilt.today_hash != info.data_hash
    text = text_of(today_pdf)
    assert "Corrections after a frozen data cut" in text and "transcription error" in text
    assert "transcription error" not in text_of(signed)
