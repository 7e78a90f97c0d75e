"""The nurse's day: worklist, recording visits, death, missed and undo, lost to follow-up."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.errors import ValidationError
from ltfu.services import browse, events, visits
from ltfu.services.events import NewEvent
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.worklist import worklist

D = dt.date


@pytest.fixture
def subject(db):
    """CD1922-017 infused 2025-11-28; M12 window 2026-11-14 .. 2026-12-28."""
    enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", D(2025, 11, 28), language="zh"), today=D(2025, 11, 28))
    return "CD1922-017"


def open_codes(db, today, study_id="CD1922-017", days=7, ending_from=None):
    return {
        (r.code, r.status)
        for r in worklist(db, today, days).rows
        if r.study_id == study_id and (ending_from is None or r.window_end >= ending_from)
    }


def test_recording_a_visit_takes_it_off_the_worklist(db, subject):
    today = D(2026, 12, 1)
    assert ("M12", "due") in open_codes(db, today)
    recorded = visits.record_visit_done(db, subject, today, "clinic", today)
    assert (recorded.code, recorded.out_of_window) == ("M12", False)
    assert ("M12", "due") not in open_codes(db, today)
    m12 = next(v for v in visits.subject_schedule(db, subject, today).visits if v.code == "M12")
    assert (m12.status, m12.actual_date, m12.actual_mode) == ("completed", today, "clinic")


def test_a_visit_is_assigned_by_its_window_and_never_dropped(db, subject):
    today = D(2026, 12, 1)
    # Inside M9's window? No: 2026-09-10 is between M9 (ends 2026-09-11) -> in window.
    assert visits.record_visit_done(db, subject, D(2026, 9, 10), "clinic", today).code == "M9"
    # A date inside no window with M9 done: unscheduled, kept.
    extra = visits.record_visit_done(db, subject, D(2026, 10, 15), "phone", today)
    assert extra.unscheduled
    view = visits.subject_schedule(db, subject, today)
    assert [u.actual_date for u in view.unscheduled] == [D(2026, 10, 15)]
    # Recorded against a named visit outside its window: kept and flagged.
    late = visits.record_visit_done(db, subject, D(2026, 10, 20), "clinic", today, code="M5")
    assert (late.code, late.out_of_window) == ("M5", True)


def test_refusals_name_the_problem_and_change_nothing(db, subject):
    today = D(2026, 12, 1)
    with pytest.raises(ValidationError, match="in the future"):
        visits.record_visit_done(db, subject, D(2026, 12, 5), "clinic", today)
    with pytest.raises(ValidationError, match="before the infusion"):
        visits.record_visit_done(db, subject, D(2025, 1, 1), "clinic", today)
    with pytest.raises(ValidationError, match="no visit 'M13'"):
        visits.record_visit_done(db, subject, today, "clinic", today, code="M13")
    visits.record_visit_done(db, subject, today, "clinic", today, code="M12")
    with pytest.raises(ValidationError, match="already recorded as done"):
        visits.record_visit_done(db, subject, D(2026, 11, 30), "clinic", today, code="M12")
    assert len([v for v in visits.subject_schedule(db, subject, today).visits if v.status == "completed"]) == 1


def test_death_cancels_every_later_visit_and_empties_the_worklist(db, subject):
    today = D(2026, 12, 1)
    events.record_event(db, subject, events.parse_event("death", D(2026, 11, 30), "sepsis"), today)
    view = visits.subject_schedule(db, subject, today)
    later = [v for v in view.visits if v.window_end >= D(2026, 11, 30) and v.status != "completed"]
    assert later and all(v.status == "cancelled" and v.cause == "death" for v in later)
    assert view.status == "dead"
    # Earlier visits never done stay for someone to close as missed; later ones are gone.
    assert open_codes(db, today, days=400, ending_from=D(2026, 11, 30)) == set()
    with pytest.raises(ValidationError, match="already recorded"):
        events.record_event(db, subject, events.parse_event("death", D(2026, 11, 30), "sepsis"), today)
    with pytest.raises(ValidationError, match="after the subject's death on 2026-11-30"):
        visits.record_visit_done(db, subject, today, "clinic", today)


def test_missed_can_be_undone_with_a_reason_and_both_are_in_the_history(db, subject):
    today = D(2026, 12, 1)
    visits.record_visit_missed(db, subject, "M9", "did not come", today)
    assert ("M9", "overdue") not in open_codes(db, today)
    with pytest.raises(ValidationError, match="needs a reason"):
        visits.reopen_visit(db, subject, "M9", "  ", today)
    visits.reopen_visit(db, subject, "M9", "came the next week after all", today)
    assert ("M9", "overdue") in open_codes(db, today)
    record = browse.subject_record(db, subject)  # the history the window shows
    history = [(h.label, h.old, h.new, h.reason) for h in record.history if h.what == "visit"]
    assert ("M9", "planned", "missed", "did not come") in history
    assert ("M9", "missed", "planned", "came the next week after all") in history


def test_lost_to_follow_up_needs_three_attempts_and_is_reversible(db, subject):
    today = D(2027, 6, 1)
    with pytest.raises(ValidationError, match="cannot be declared lost to follow-up yet"):
        events.declare_lost_to_follow_up(db, subject, today, "no answer", today)
    events.record_contact_attempt(db, subject, D(2027, 1, 5), "phone", "no_answer", today)
    events.record_contact_attempt(db, subject, D(2027, 1, 20), "phone", "no_answer", today)
    check = events.record_contact_attempt(db, subject, D(2027, 4, 10), "letter", "returned_mail", today)
    assert check.allowed, check.reason
    events.declare_lost_to_follow_up(db, subject, D(2027, 4, 20), "three failed contacts", today)
    assert open_codes(db, today, days=400, ending_from=D(2027, 4, 20)) == set()
    events.reverse_lost_to_follow_up(db, subject, D(2027, 5, 2), "patient called back", today)
    assert ("M24", "upcoming") in open_codes(db, today, days=400)
    assert visits.subject_schedule(db, subject, today).status == "active"


def test_relapse_stops_efficacy_assessments_but_not_safety(db, subject):
    today = D(2026, 3, 1)
    events.record_event(db, subject, events.parse_event("relapse", D(2026, 2, 20), "CD19-CD22+"), today)
    m6 = next(v for v in visits.subject_schedule(db, subject, today).visits if v.code == "M6")
    assert "D" not in m6.assessments and "P" not in m6.assessments and "H" not in m6.assessments
    assert {"B", "G", "R-T", "AE"} <= set(m6.assessments)
    row = next(r for r in worklist(db, D(2026, 5, 20), 7).rows if r.code == "M6")
    assert "P" not in row.assessments and "R-T" in row.assessments


def test_withdrawal_from_visits_keeps_survival_contact(db, subject):
    today = D(2026, 2, 1)
    events.record_event(db, subject, NewEvent("withdrawal", D(2026, 1, 20), "visits", withdrawal_scope="visits"), today)
    view = visits.subject_schedule(db, subject, today)
    m24 = next(v for v in view.visits if v.code == "M24")
    m3 = next(v for v in view.visits if v.code == "M3")
    assert (m24.status, m24.mode, m24.assessments) == ("upcoming", "phone", ("S",))
    assert (m3.status, m3.cause) == ("cancelled", "withdrawal")
