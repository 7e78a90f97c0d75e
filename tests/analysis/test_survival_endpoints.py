"""OS, PFS (primary and sensitivity) and DOR follow DOMAIN.md section 5 rule by rule."""

from __future__ import annotations

import pytest

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.survival import (
    dor_times,
    duration_of_response,
    os_times,
    overall_survival,
    pfs_times,
    progression_free_survival,
)

from .builders import D0, ae, ev, on, res, subject


def times(fn, subjects, as_of_day, **kw):
    """{subject_id: (days, event)} of an endpoint as of a study day of D0."""
    rows = fn(Cohort.build(subjects, on(as_of_day)), **kw)
    return {r.subject_id: (r.days, r.event) for r in rows}


# OS ---------------------------------------------------------------------------


def test_os_death_is_the_event():
    s = subject(events=[ev(28, "response", "CR"), ev(300, "death", "infection")], alive=[91])
    assert times(os_times, [s], 1000) == {"S1": (300, True)}


def test_os_censored_at_last_known_alive_from_any_record():
    visit = subject("visit", alive=[28, 91, 183])
    result = subject("result", alive=[28], results=[res(240, "igg", 6.0)])
    event = subject("event", alive=[28], events=[ev(250, "withdrawal", "visits")])
    adverse = subject("adverse", alive=[28], aes=[ae(260, "Herpes zoster", 2, resolved=on(270))])
    nothing = subject("nothing")
    assert times(os_times, [visit, result, event, adverse, nothing], 1000) == {
        "visit": (183, False),
        "result": (240, False),
        "event": (250, False),
        "adverse": (270, False),  # the resolution date shows the subject alive too
        "nothing": (0, False),  # the infusion itself
    }


def test_lost_to_follow_up_is_no_evidence_of_life():
    # Declared after contacts failed: censoring stays at the last real contact.
    s = subject(alive=[28, 365], events=[ev(2000, "lost_to_follow_up")])
    assert times(os_times, [s], 2500) == {"S1": (365, False)}


def test_os_ignores_everything_after_the_as_of_date():
    s = subject(alive=[28, 91, 183, 365], events=[ev(400, "death")], results=[res(370, "igg", 5.0)])
    assert times(os_times, [s], 200) == {"S1": (183, False)}
    assert times(os_times, [s], 399) == {"S1": (370, False)}
    assert times(os_times, [s], 400) == {"S1": (400, True)}


def test_subjects_infused_after_the_as_of_date_are_left_out():
    later = subject("later", infusion=on(500), alive=[28])
    cohort = Cohort.build([subject("now", alive=[28]), later], on(400))
    assert [v.subject_id for v in cohort.subjects] == ["now"]
    assert cohort.n_records == 2
    assert overall_survival(cohort).km.n == 1


# PFS --------------------------------------------------------------------------


def test_pfs_event_is_first_of_relapse_progression_or_death():
    relapse = subject("relapse", events=[ev(28, "response", "CR"), ev(200, "relapse", "CD19-CD22+"), ev(300, "death")])
    progression = subject("progression", events=[ev(28, "response", "NR"), ev(60, "progression")])
    death = subject("death", events=[ev(28, "response", "CR"), ev(90, "death")])
    assert times(pfs_times, [relapse, progression, death], 1000) == {
        "relapse": (200, True),
        "progression": (60, True),
        "death": (90, True),
    }


def test_pfs_censored_at_last_disease_assessment_not_last_contact():
    s = subject(events=[ev(28, "response", "CR"), ev(91, "response", "CR MRD-")], alive=[183, 365])
    assert times(pfs_times, [s], 1000) == {"S1": (91, False)}
    # An assessment after the as-of date does not count.
    assert times(pfs_times, [s], 60) == {"S1": (28, False)}


def test_pfs_censored_at_day_0_without_any_assessment():
    s = subject(alive=[28, 91], events=[ev(-30, "response", "NR"), ev(-40, "relapse")])
    assert times(pfs_times, [s], 1000) == {"S1": (0, False)}


def test_pfs_primary_does_not_censor_at_hsct_but_sensitivity_does_the_day_before():
    s = subject(events=[ev(28, "response", "CR"), ev(91, "response", "CR"), ev(100, "hsct"), ev(200, "relapse")])
    assert times(pfs_times, [s], 1000) == {"S1": (200, True)}
    assert times(pfs_times, [s], 1000, censor_at_new_therapy=True) == {"S1": (99, False)}


def test_pfs_sensitivity_keeps_an_event_before_or_on_the_new_therapy_start():
    before = subject("before", events=[ev(28, "response", "CR"), ev(50, "relapse"), ev(100, "new_therapy")])
    same_day = subject("same_day", events=[ev(28, "response", "CR"), ev(70, "relapse"), ev(70, "new_therapy")])
    assert times(pfs_times, [before, same_day], 1000, censor_at_new_therapy=True) == {
        "before": (50, True),
        "same_day": (70, True),
    }


def test_pfs_sensitivity_censors_without_an_event_too():
    s = subject(events=[ev(28, "response", "CR"), ev(150, "new_therapy")], alive=[365])
    assert times(pfs_times, [s], 1000) == {"S1": (28, False)}
    assert times(pfs_times, [s], 1000, censor_at_new_therapy=True) == {"S1": (149, False)}
    # A therapy after the as-of date is not known yet.
    assert times(pfs_times, [s], 120, censor_at_new_therapy=True) == {"S1": (28, False)}


def test_pfs_definitions_are_named():
    cohort = Cohort.build([subject(events=[ev(28, "response", "CR")])], on(100))
    assert progression_free_survival(cohort).name == "pfs"
    sensitivity = progression_free_survival(cohort, censor_at_new_therapy=True)
    assert sensitivity.name == "pfs_sensitivity"
    assert "day before" in sensitivity.definition


# DOR --------------------------------------------------------------------------


def test_dor_only_subjects_in_cr_or_cri_from_the_first_one():
    relapsed = subject("relapsed", events=[ev(28, "response", "NR"), ev(61, "response", "CRi"), ev(240, "relapse")])
    ongoing = subject("ongoing", events=[ev(28, "response", "CR"), ev(91, "response", "CR"), ev(183, "response", "CR")])
    died = subject("died", events=[ev(28, "response", "CR MRD-"), ev(100, "death")])
    partial = subject("partial", events=[ev(28, "response", "PR"), ev(91, "response", "PR")])
    assert times(dor_times, [relapsed, ongoing, died, partial], 1000) == {
        "relapsed": (240 - 61, True),
        "ongoing": (183 - 28, False),
        "died": (100 - 28, True),
    }


def test_dor_ignores_a_relapse_after_the_as_of_date():
    s = subject(events=[ev(28, "response", "CR"), ev(91, "response", "CR"), ev(300, "relapse")])
    assert times(dor_times, [s], 200) == {"S1": (63, False)}
    rows = dor_times(Cohort.build([s], on(200)))
    assert rows[0].start == on(28) and rows[0].end == on(91)
    assert duration_of_response(Cohort.build([s], on(400))).km.events == 1


def test_os_km_of_a_small_cohort():
    subjects = [
        subject("a", events=[ev(100, "death")]),
        subject("b", alive=[50]),
        subject("c", events=[ev(200, "death")]),
        subject("d", alive=[365], infusion=D0),
    ]
    km = overall_survival(Cohort.build(subjects, on(1000))).km
    # b is censored at 50; 100: 3 at risk, 1 death -> 2/3; 200: 2 at risk (c, d)
    # -> 2/3 * 1/2 = 1/3.
    assert km.at(100).survival == pytest.approx(2 / 3)
    assert km.at(200).survival == pytest.approx(1 / 3)
    assert km.median == 200
