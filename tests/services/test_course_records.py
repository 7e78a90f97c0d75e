"""The course after the infusion: re-infusion re-anchors the plan, immunoglobulin
replacement changes the IgG alert, a minor's consent by a parent asks for re-consent
at 18. Dates below are computed by hand from DOMAIN.md 3 and 4."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.services import course_records as cr
from ltfu.services import visits
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.worklist import worklist

D = dt.date
FIRST = D(2024, 1, 15)
SECOND = D(2024, 8, 1)  # Day 199 of the first plan
TODAY = D(2024, 8, 10)


@pytest.fixture
def subject(either_db):
    enrol(either_db, NewSubject("CD1922-031", "BJ01", "DL2", FIRST, birth_date=D(2008, 3, 2)), today=FIRST)
    return either_db


def plan(db, today=TODAY):
    view = visits.subject_schedule(db, "CD1922-031", today)
    first = {v.code: v for v in view.visits if v.infusion_date == FIRST}
    second = {v.code: v for v in view.visits if v.infusion_date == SECOND}
    return view, first, second


def test_a_re_infusion_keeps_what_was_done_cancels_the_rest_and_plans_from_the_new_day_0(subject):
    db = subject
    visits.record_visit_done(db, "CD1922-031", D(2024, 4, 15), "clinic", TODAY)  # M3, Day 91
    visits.record_visit_missed(db, "CD1922-031", "M4", "no show", D(2024, 5, 25))  # M4 window 05-09..05-23

    row = cr.record_infusion(db, "CD1922-031", cr.NewInfusion(SECOND, "LOT-2", 1.5e6), TODAY)
    assert (row.sequence, row.date, row.dose_level, row.product, row.cell_dose) == (2, SECOND, "DL2", "LOT-2", 1.5e6)

    view, first, second = plan(db)
    assert (first["M3"].status, first["M4"].status) == ("completed", "missed")
    # M5 (overdue), M6 (window closed 07-30) and M9 (2024-10-15, still to come) are superseded.
    for code in ("M5", "M6", "M9", "Y15"):
        assert (first[code].status, first[code].cause) == ("cancelled", "reinfusion")
    assert len(second) == 35
    assert second["D0"].nominal_date == SECOND
    assert second["D28"].nominal_date == D(2024, 8, 29)
    assert second["M3"].nominal_date == D(2024, 10, 31)  # 2024-08-01 + 91 days
    assert second["M24"].nominal_date == D(2026, 8, 1)  # + 24 calendar months
    assert second["Y15"].nominal_date == D(2039, 8, 1)
    assert view.follow_up_end == D(2039, 8, 1)  # was 2039-01-15
    # The worklist shows the new plan's visits only.
    open_codes = {(r.code, r.nominal_date) for r in worklist(db, TODAY, 7).rows if r.study_id == "CD1922-031"}
    assert ("D10", D(2024, 8, 11)) in open_codes
    assert not any(day < SECOND for _, day in open_codes)
    assert [i.sequence for i in cr.infusions(db, "CD1922-031")] == [1, 2]


def test_a_re_infusion_is_refused_when_it_cannot_be_and_nothing_changes(subject):
    db = subject
    visits.record_visit_done(db, "CD1922-031", D(2024, 7, 16), "clinic", TODAY)  # M6
    with pytest.raises(ValidationError, match="visit is recorded as done on 2024-07-16"):
        cr.record_infusion(db, "CD1922-031", cr.NewInfusion(D(2024, 7, 10)), TODAY)
    with pytest.raises(ValidationError, match="in the future"):
        cr.record_infusion(db, "CD1922-031", cr.NewInfusion(D(2024, 8, 20)), TODAY)
    with pytest.raises(ValidationError, match="after the latest infusion on 2024-01-15"):
        cr.record_infusion(db, "CD1922-031", cr.NewInfusion(D(2024, 1, 1)), TODAY)
    with pytest.raises(ValidationError, match="cell dose -1 must be above 0"):
        cr.record_infusion(db, "CD1922-031", cr.NewInfusion(SECOND, cell_dose=-1), TODAY)
    assert len(cr.infusions(db, "CD1922-031")) == 1
    _, first, second = plan(db)
    assert second == {} and first["M9"].status == "upcoming"


def test_a_low_igg_under_replacement_is_a_trough_level_not_a_call_to_start(subject):
    db = subject
    record_result(db, "CD1922-031", NewResult("igg", D(2024, 6, 1), 3.1, unit="g/L"), TODAY)
    (alert,) = [a for a in worklist(db, TODAY).alerts if a.study_id == "CD1922-031"]
    assert alert.kind == "igg_low" and "consider immunoglobulin replacement" in alert.message

    started = cr.record_medication(db, "CD1922-031", cr.NewMedication("ivig", D(2024, 5, 20), dose=0.4), TODAY)
    (alert,) = [a for a in worklist(db, TODAY).alerts if a.study_id == "CD1922-031"]
    assert alert.kind == "igg_low_replacement"
    assert "under immunoglobulin replacement: a trough level" in alert.message
    assert alert.to_dict()["kind"] == "igg_low_replacement" and not alert.blocking

    # Stopped before the IgG was drawn: the low IgG asks for replacement again.
    cr.stop_medication(db, started.medication_id, D(2024, 5, 31), TODAY)
    (alert,) = [a for a in worklist(db, TODAY).alerts if a.study_id == "CD1922-031"]
    assert alert.kind == "igg_low"
    assert [(r.kind, r.stop) for r in cr.medications(db, "CD1922-031")] == [("ivig", D(2024, 5, 31))]


def test_replacement_refusals_name_the_field(subject):
    db = subject
    cr.record_medication(db, "CD1922-031", cr.NewMedication("scig", D(2024, 3, 1)), TODAY)
    with pytest.raises(ValidationError, match="overlaps the scig recorded from 2024-03-01"):
        cr.record_medication(db, "CD1922-031", cr.NewMedication("scig", D(2024, 4, 1)), TODAY)
    with pytest.raises(ValidationError, match="stop date 2024-02-01 is before the start date"):
        cr.record_medication(db, "CD1922-031", cr.NewMedication("ivig", D(2024, 3, 1), D(2024, 2, 1)), TODAY)
    with pytest.raises(ValidationError, match="kind 'imig' is not one of ivig, scig"):
        cr.record_medication(db, "CD1922-031", cr.NewMedication("imig", D(2024, 3, 1)), TODAY)
    assert len(cr.medications(db, "CD1922-031")) == 1


def reconsent(db, today):
    return [a for a in worklist(db, today).alerts if a.kind == "reconsent_due"]


def test_a_minor_consented_by_a_parent_is_asked_to_consent_at_18(subject):
    db = subject  # born 2008: of age from 2026-01-01 (the birth year only is stored)
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v2.0", D(2023, 12, 20), "guardian"), TODAY)
    assert reconsent(db, D(2025, 12, 31)) == []
    (task,) = reconsent(db, D(2026, 1, 1))
    assert (task.study_id, task.date, task.detail, task.blocking) == ("CD1922-031", D(2026, 1, 1), "v2.0", False)
    assert "Re-consent due since 2026-01-01" in task.message

    cr.record_consent(db, "CD1922-031", cr.NewConsent("v3.1", D(2026, 1, 20), "subject"), D(2026, 1, 20))
    assert reconsent(db, D(2026, 2, 1)) == []
    history = cr.consents(db, "CD1922-031")
    assert [(c.version, c.consented_by) for c in history] == [("v2.0", "guardian"), ("v3.1", "subject")]
    with db.session() as session:
        assert session.scalar(select(m.Subject.consent_version)) == "v3.1"
    # A guardian's consent for the adult (who can no longer consent) asks for no re-consent.
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v4.0", D(2026, 3, 1), "guardian"), D(2026, 3, 1))
    assert reconsent(db, D(2026, 4, 1)) == []


def test_the_consent_version_follows_the_newest_consent_not_the_last_entered(subject):
    db = subject
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v3.0", D(2024, 6, 1), "guardian"), TODAY)
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v2.0", D(2023, 12, 20), "guardian"), TODAY)
    with db.session() as session:
        assert session.scalar(select(m.Subject.consent_version)) == "v3.0"
    with pytest.raises(ValidationError, match="consented_by .nurse. is not one of subject, guardian"):
        cr.record_consent(db, "CD1922-031", cr.NewConsent("v3.0", D(2024, 6, 1), "nurse"), TODAY)
    with pytest.raises(ValidationError, match="consent date 2024-09-01 is in the future"):
        cr.record_consent(db, "CD1922-031", cr.NewConsent("v3.0", D(2024, 9, 1), "subject"), TODAY)


def test_of_two_consents_on_one_day_the_one_entered_last_decides_the_re_consent(subject):
    db = subject  # born 2008: of age from 2026-01-01
    enrol(db, NewSubject("CD1922-032", "BJ01", "DL2", FIRST, birth_date=D(2008, 5, 1)), today=FIRST)
    day = D(2023, 12, 20)
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v2.0", day, "guardian"), TODAY)
    cr.record_consent(db, "CD1922-031", cr.NewConsent("v2.1", day, "subject"), TODAY)
    cr.record_consent(db, "CD1922-032", cr.NewConsent("v2.1", day, "subject"), TODAY)
    cr.record_consent(db, "CD1922-032", cr.NewConsent("v2.0", day, "guardian"), TODAY)
    cr.record_consent(db, "CD1922-032", cr.NewConsent("v1.0", D(2023, 11, 1), "subject"), TODAY)
    assert [(a.study_id, a.date, a.detail) for a in reconsent(db, D(2026, 1, 2))] == [
        ("CD1922-032", D(2026, 1, 1), "v2.0")
    ]
