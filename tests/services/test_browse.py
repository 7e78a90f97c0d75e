"""Read-only queries behind the window: subject list, a subject's record, audit, date preview."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.errors import NotFoundError
from ltfu.services import audit_view, browse, events, visits
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
TODAY = D(2026, 12, 1)


@pytest.fixture
def subjects(db):
    enrol(
        db,
        NewSubject(
            "CD1922-017", "BJ01", "DL2", D(2025, 11, 28), given_name="Zoë", family_name="Démo", phone="+86 555 0100"
        ),
        today=D(2025, 11, 28),
    )
    enrol(
        db,
        NewSubject("CD1922-018", "SH02", "DL1", D(2025, 12, 29), given_name="示例", family_name="张"),
        today=D(2025, 12, 29),
    )
    return db


def test_subject_rows_give_the_list_and_keep_names_out_of_repr(subjects):
    rows = {r.study_id: r for r in browse.subject_rows(subjects, TODAY)}
    row = rows["CD1922-017"]
    assert (row.site, row.dose_level, row.infusion_date, row.status) == ("BJ01", "DL2", D(2025, 11, 28), "active")
    assert row.years_followed == pytest.approx(368 / 365.25)
    # Nothing done yet: the first open visit is D0, long overdue; 14 visits are overdue.
    assert (row.next_code, row.next_status) == ("D0", "overdue")
    assert row.overdue_count == 14 and not row.rcl_positive
    assert "zoë démo" in row.search_key and "démo zoë" in row.search_key
    assert "张示例" in rows["CD1922-018"].search_key
    assert "Zoë" not in repr(row) and "search_key" not in repr(row)
    assert browse.sites(subjects) == ("BJ01", "SH02")


def test_the_next_visit_follows_what_was_done_and_a_death_ends_follow_up(subjects):
    for v in visits.subject_schedule(subjects, "CD1922-017", TODAY).visits:
        if v.nominal_date < D(2026, 11, 1):
            visits.record_visit_done(subjects, "CD1922-017", v.nominal_date, v.mode, TODAY, code=v.code)
    row = next(r for r in browse.subject_rows(subjects, TODAY) if r.study_id == "CD1922-017")
    assert (row.next_code, row.next_status, row.overdue_count) == ("M12", "due", 0)
    events.record_event(subjects, "CD1922-017", events.parse_event("death", D(2026, 9, 15), "sepsis"), TODAY)
    row = next(r for r in browse.subject_rows(subjects, TODAY) if r.study_id == "CD1922-017")
    assert row.status == "dead" and row.next_code is None
    assert row.years_followed == pytest.approx((D(2026, 9, 15) - D(2025, 11, 28)).days / 365.25)


def test_a_subjects_record_has_header_events_and_history(subjects):
    visits.record_visit_done(subjects, "CD1922-018", D(2025, 12, 29), "clinic", TODAY, code="D0")
    visits.record_visit_missed(subjects, "CD1922-018", "D1", "no transport", TODAY)
    visits.reopen_visit(subjects, "CD1922-018", "D1", "entered in error", TODAY)
    events.record_event(subjects, "CD1922-018", events.parse_event("relapse", D(2026, 5, 2), "CD19-CD22+"), TODAY)
    record = browse.subject_record(subjects, "CD1922-018")
    header = record.header
    assert (header.site, header.status, header.b_cell_threshold, header.igg_threshold) == ("SH02", "active", 100, 4)
    assert header.name == "张示例" and "示例" not in repr(header)  # family name first, no space
    assert [(e.kind, e.cd19_status, e.cd22_status) for e in record.events] == [("relapse", "negative", "positive")]
    d1 = [(h.old, h.new, h.reason) for h in record.history if h.what == "visit" and h.label == "D1"]
    assert ("planned", "missed", "no transport") in d1 and ("missed", "planned", "entered in error") in d1
    assert any(h.what == "event" and h.label == "relapse" and h.new == "2026-05-02" for h in record.history)
    assert all(h.at.tzinfo is not None for h in record.history)
    assert [h.at for h in record.history] == sorted(h.at for h in record.history)
    with pytest.raises(NotFoundError):
        browse.subject_record(subjects, "CD1922-999")


def test_the_audit_trail_is_newest_first_and_names_the_subject(subjects):
    visits.record_visit_done(subjects, "CD1922-017", D(2025, 11, 28), "clinic", TODAY, code="D0")
    rows = audit_view.audit_trail(subjects, limit=5, newest_first=True)  # what the window shows
    assert len(rows) == 5
    assert rows[0].study_id == "CD1922-017" and rows[0].table_name == "visit"
    assert [r.at for r in rows] == sorted((r.at for r in rows), reverse=True)
    assert not any("Zoë" in (r.new_value or "") for r in audit_view.audit_trail(subjects))


def test_a_date_preview_follows_the_assignment_rules(subjects):
    for v in visits.subject_schedule(subjects, "CD1922-017", TODAY).visits:
        if v.nominal_date < D(2026, 8, 1):
            visits.record_visit_done(subjects, "CD1922-017", v.nominal_date, v.mode, TODAY, code=v.code)
    view = visits.subject_schedule(subjects, "CD1922-017", TODAY)
    # Inside M12's window.
    assert browse.preview_visit_date(view, TODAY) == browse.DatePreview("M12", True, D(2026, 11, 14), D(2026, 12, 28))
    # After M9's window, before M12's: a late M9 (overdue).
    late = browse.preview_visit_date(view, D(2026, 10, 1))
    assert (late.code, late.in_window) == ("M9", False)
    # Inside a done visit's window: unscheduled.
    assert browse.preview_visit_date(view, D(2026, 5, 28)).code is None
    # A named visit outside its window: out of window against it.
    named = browse.preview_visit_date(view, D(2026, 10, 1), "M12")
    assert (named.code, named.in_window) == ("M12", False)
    assert browse.RECORDABLE_EVENT_KINDS and "lost_to_follow_up" not in browse.RECORDABLE_EVENT_KINDS


# -- accounts, for the window --------------------------------------------------------


def test_set_up_mode_ends_with_the_first_administrator_who_is_signed_in(db):
    from ltfu.errors import PermissionDenied

    assert not browse.has_accounts(db)
    actor = browse.create_first_administrator(db, "ada", "Ada Admin", "admin-password-1")
    assert (actor.username, actor.role) == ("ada", "admin") and db.actor == actor
    assert browse.has_accounts(db)
    with pytest.raises(PermissionDenied, match="has accounts already"):
        browse.create_first_administrator(db, "eve", "Eve", "another-password-1")


def test_only_an_administrator_lists_and_adds_accounts(db):
    from ltfu.errors import PermissionDenied, ValidationError

    browse.create_first_administrator(db, "ada", "Ada Admin", "admin-password-1")
    browse.add_user(db, "nina", "Nina Nurse", "nurse", "nurse-password-1")
    with pytest.raises(ValidationError, match="already a user"):
        browse.add_user(db, "nina", "Nina Again", "nurse", "nurse-password-2")
    assert {u.username for u in browse.user_list(db)} >= {"ada", "nina"}
    db.sign_in("nina", "nurse-password-1")
    with pytest.raises(PermissionDenied, match="may not list user accounts"):
        browse.user_list(db)
    with pytest.raises(PermissionDenied, match="may not manage user accounts"):
        browse.add_user(db, "zed", "Zed", "nurse", "zed-password-123")


def test_changing_my_password_checks_the_old_one_and_counts_a_failure(db):
    from sqlalchemy import select

    from ltfu.db import models as m
    from ltfu.errors import PermissionDenied

    browse.create_first_administrator(db, "ada", "Ada Admin", "admin-password-1")
    with pytest.raises(PermissionDenied, match="Wrong user name or password"):
        browse.change_my_password(db, "not-the-password", "a-new-password-1")
    with db.session() as s:
        assert s.scalar(select(m.User.failed_logins).where(m.User.username == "ada")) == 1
    browse.change_my_password(db, "admin-password-1", "a-new-password-1")
    assert db.sign_in("ada", "a-new-password-1").username == "ada"
    db.sign_out()
    with pytest.raises(PermissionDenied, match="Sign in first"):
        browse.change_my_password(db, "a-new-password-1", "another-password-1")


def test_the_backup_folder_is_beside_the_database_file(db, db_path):
    assert browse.backup_folder(db) == db_path.parent / "backups"
