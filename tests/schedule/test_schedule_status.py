"""Visit statuses on a given day: assignment, closures, death, withdrawal, LTFU, stop
rules, RCL, re-infusion and amendments (DOMAIN.md 3.5-3.10)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ltfu.errors import ValidationError
from ltfu.schedule import (
    ActualVisit,
    CancelCause,
    ProtocolAmendment,
    StatusClosure,
    SubjectCourse,
    SubjectSchedule,
    VisitStatus,
    Withdrawal,
    assign_actual,
    bundled_protocol_path,
    load_bundled,
    lost_to_follow_up_allowed,
    parse_protocol,
    plan,
    visit_states,
)

D = dt.date
PROTOCOL = load_bundled()
INFUSION = D(2024, 1, 10)
PLAN = {visit.code: visit for visit in plan(PROTOCOL, INFUSION)}


def day(n: int, anchor: dt.date = INFUSION) -> dt.date:
    return anchor + dt.timedelta(days=n)


def done(code_or_day: str | int, *, code: str | None = None, mode: str = "clinic", ident: object = None) -> ActualVisit:
    """An actual visit on a study day, or on the nominal date of a visit code."""
    date = day(code_or_day) if isinstance(code_or_day, int) else PLAN[code_or_day].nominal_date
    return ActualVisit(id=ident if ident is not None else f"a{date}", date=date, mode=mode, code=code)


def states(today: dt.date, protocol=PROTOCOL, **course) -> SubjectSchedule:
    course.setdefault("infusion_dates", (INFUSION,))
    return visit_states(protocol, SubjectCourse(**course), today)


def status(schedule: SubjectSchedule, code: str) -> tuple[VisitStatus, CancelCause | None]:
    visit = schedule.visit(code)
    return visit.status, visit.cause


def small_protocol(visits: str, extra: str = "") -> object:
    """A protocol with the given [[visits]] blocks and the default rules."""
    text = f"""
id = "test"
title = "Test protocol"
version = "t1"
duration_years = 15
[stop_rules]
events = ["relapse", "progression", "hsct", "new_therapy"]
assessments = ["D", "P", "H"]
[rcl]
first_year_visits = []
[thresholds]
b_cell_aplasia_cells_per_ul = 100
igg_g_per_l = 4.0
{extra}
{visits}
"""
    return parse_protocol(text.encode(), "test.toml")


def block(code: str, offset_day: int, early: int, late: int, assessments: str = '"Ex", "AE"') -> str:
    return (
        f'[[visits]]\ncode = "{code}"\nday = {offset_day}\nearly = {early}\nlate = {late}\n'
        f'mode = "clinic"\nassessments = [{assessments}]\n'
    )


# -- upcoming, due, overdue ---------------------------------------------------------------


def test_status_follows_the_window_on_the_day_asked():
    m3 = PLAN["M3"]  # day 91, window 84..98
    assert status(states(m3.window_start - dt.timedelta(days=1)), "M3") == (VisitStatus.UPCOMING, None)
    assert status(states(m3.window_start), "M3") == (VisitStatus.DUE, None)
    assert status(states(m3.window_end), "M3") == (VisitStatus.DUE, None)
    assert status(states(m3.window_end + dt.timedelta(days=1)), "M3") == (VisitStatus.OVERDUE, None)


def test_fresh_subject_on_day_0():
    schedule = states(INFUSION)
    assert [v.status for v in schedule.visits[:3]] == [VisitStatus.DUE, VisitStatus.UPCOMING, VisitStatus.UPCOMING]
    assert schedule.unscheduled == ()
    assert schedule.follow_up_end == D(2039, 1, 10)
    assert not schedule.rcl_alert


def test_status_values_are_lowercase_words():
    assert [s.value for s in VisitStatus] == ["upcoming", "due", "overdue", "completed", "missed", "cancelled"]
    assert {c.value for c in CancelCause} >= {"death", "withdrawal", "lost_to_follow_up", "stop_rule"}


# -- assignment (3.5) ---------------------------------------------------------------------


def test_visit_in_its_window_completes_it():
    schedule = states(day(300), actual_visits=[done(90, ident=7, mode="clinic")])
    m3 = schedule.visit("M3")
    assert (m3.status, m3.actual_date, m3.actual_mode, m3.actual_id, m3.out_of_window) == (
        VisitStatus.COMPLETED,
        day(90),
        "clinic",
        7,
        False,
    )


def test_late_visit_outside_every_window_completes_the_overdue_visit_out_of_window():
    # M3 window ends day 98, M4 starts day 115: day 104 is in no window.
    schedule = states(day(300), actual_visits=[done(104)])
    m3 = schedule.visit("M3")
    assert (m3.status, m3.out_of_window, m3.actual_date) == (VisitStatus.COMPLETED, True, day(104))
    assert schedule.unscheduled == ()


def test_visit_outside_every_window_after_a_done_visit_is_unscheduled_never_dropped():
    extra = done(104)
    schedule = states(day(300), actual_visits=[done(91), extra])
    assert schedule.visit("M3").actual_date == day(91)
    assert schedule.unscheduled == (extra,)
    assert schedule.visit("M4").status is VisitStatus.OVERDUE


def test_early_visit_is_not_taken_for_a_future_visit():
    extra = done(110)  # M3 done; 5 days before the M4 window opens
    schedule = states(day(111), actual_visits=[done(91), extra])
    assert schedule.unscheduled == (extra,)
    assert schedule.visit("M4").status is VisitStatus.UPCOMING


def test_explicit_code_outside_its_window_stays_on_that_code_flagged():
    schedule = states(day(300), actual_visits=[done(104, code="M4")])
    m4 = schedule.visit("M4")
    assert (m4.status, m4.out_of_window, m4.actual_date) == (VisitStatus.COMPLETED, True, day(104))
    assert schedule.visit("M3").status is VisitStatus.OVERDUE


def test_explicit_code_wins_over_a_visit_assigned_by_date():
    # Day 90 by date would be M3, but the user recorded day 90 as the M3 and day 93 as well.
    second = done(93)
    schedule = states(day(300), actual_visits=[second, done(90, code="M3")])
    assert schedule.visit("M3").actual_date == day(90)
    assert schedule.unscheduled == (second,)


def test_user_marked_unscheduled_visit_stays_unscheduled():
    visit = ActualVisit(id=1, date=day(91), mode="clinic", unscheduled=True)
    schedule = states(day(92), actual_visits=[visit])
    assert schedule.unscheduled == (visit,)
    assert schedule.visit("M3").status is VisitStatus.DUE


def test_second_visit_in_the_same_window_is_unscheduled():
    first, second = done(89), done(95)
    schedule = states(day(100), actual_visits=[second, first])
    assert schedule.visit("M3").actual_date == day(89)
    assert schedule.unscheduled == (second,)


def test_visit_before_the_infusion_is_unscheduled():
    early = ActualVisit(id=1, date=day(-3), mode="clinic")
    assert states(INFUSION, actual_visits=[early]).unscheduled == (early,)


OVERLAP = small_protocol(block("A", 10, 6, 6) + block("B", 14, 6, 6))  # A 4..16, B 8..20


@pytest.mark.parametrize(
    ("study_day", "expected"),
    [(9, "A"), (11, "A"), (13, "B"), (12, "A"), (17, "B"), (5, "A")],
    ids=["both-A-closer", "both-A-closer-2", "both-B-closer", "tie-goes-to-the-earlier", "only-B", "only-A"],
)
def test_two_windows_go_to_the_closer_nominal_date(study_day, expected):
    planned = plan(OVERLAP, INFUSION)
    assert assign_actual(planned, day(study_day)) == (expected, True)
    schedule = states(day(30), protocol=OVERLAP, actual_visits=[done(study_day)])
    assert schedule.visit(expected).actual_date == day(study_day)


def test_overlap_when_the_closer_visit_is_done_goes_to_the_other():
    schedule = states(day(30), protocol=OVERLAP, actual_visits=[done(10), done(12)])
    assert schedule.visit("A").actual_date == day(10)
    assert schedule.visit("B").actual_date == day(12)
    assert schedule.unscheduled == ()


def test_assign_actual_outside_every_window():
    planned = plan(PROTOCOL, INFUSION)
    assert assign_actual(planned, day(104)) == ("M3", False)
    assert assign_actual(planned, day(-1)) == (None, False)
    assert assign_actual(planned, day(91)) == ("M3", True)


# -- missed and reopened ------------------------------------------------------------------


def test_missed_then_reopened():
    missed = StatusClosure("M3", "missed", at=day(100), reason="subject in hospital")
    assert status(states(day(120), closures=[missed]), "M3") == (VisitStatus.MISSED, None)

    reopened = StatusClosure("M3", "reopened", at=day(101), reason="closed by mistake")
    # The order of the records does not matter: the later closure decides.
    assert status(states(day(120), closures=[reopened, missed]), "M3") == (VisitStatus.OVERDUE, None)


def test_missed_visit_is_not_taken_by_a_late_visit_but_an_explicit_code_completes_it():
    missed = StatusClosure("M3", "missed", at=day(99))
    late = done(104)
    schedule = states(day(120), closures=[missed], actual_visits=[late])
    assert schedule.visit("M3").status is VisitStatus.MISSED
    assert schedule.unscheduled == (late,)

    schedule = states(day(120), closures=[missed], actual_visits=[done(104, code="M3")])
    assert schedule.visit("M3").status is VisitStatus.COMPLETED


def test_unknown_closure_status_is_refused():
    with pytest.raises(ValidationError):
        StatusClosure("M3", "skipped", at=day(100))


# -- death ----------------------------------------------------------------------------------


def test_death_cancels_every_later_visit_that_is_not_completed():
    # M5 window is days 145..159; death on day 150.
    schedule = states(day(400), death_date=day(150), actual_visits=[done(91)])
    assert status(schedule, "M3") == (VisitStatus.COMPLETED, None)
    assert status(schedule, "M4") == (VisitStatus.OVERDUE, None)  # ended before death: not done, not closed
    assert status(schedule, "M5") == (VisitStatus.CANCELLED, CancelCause.DEATH)
    later = [v for v in schedule.visits if v.sequence > schedule.visit("M5").sequence]
    assert later and all(v.status is VisitStatus.CANCELLED and v.cause is CancelCause.DEATH for v in later)


def test_death_on_the_last_day_of_a_window_cancels_that_visit():
    m4 = PLAN["M4"]
    assert status(states(m4.window_end, death_date=m4.window_end), "M4") == (VisitStatus.CANCELLED, CancelCause.DEATH)


def test_death_outranks_a_missed_closure_after_it():
    schedule = states(day(400), death_date=day(150), closures=[StatusClosure("M6", "missed", at=day(200))])
    assert status(schedule, "M6") == (VisitStatus.CANCELLED, CancelCause.DEATH)


# -- withdrawal -----------------------------------------------------------------------------


def test_withdrawal_from_treatment_keeps_every_visit():
    schedule = states(day(190), withdrawal=Withdrawal(day(150), "treatment"))
    assert all(v.status is not VisitStatus.CANCELLED for v in schedule.visits)
    assert schedule.visit("M6").status is VisitStatus.DUE


def test_withdrawal_from_visits_keeps_survival_contact_by_phone():
    # Withdrawn on day 400, after the M12 window (ends day 395).
    schedule = states(day(400), withdrawal=Withdrawal(day(400), "visits"))
    m15, m24, y6 = schedule.visit("M15"), schedule.visit("M24"), schedule.visit("Y6")

    assert (m15.status, m15.cause) == (VisitStatus.CANCELLED, CancelCause.WITHDRAWAL)  # no S at M15
    assert (m24.status, m24.mode, m24.assessments) == (VisitStatus.UPCOMING, "phone", ("S",))
    assert (y6.status, y6.mode, y6.assessments) == (VisitStatus.UPCOMING, "phone", ("S",))
    assert m24.planned_assessments == PLAN["M24"].assessments
    assert status(schedule, "M12") == (VisitStatus.OVERDUE, None)


def test_withdrawal_of_all_consent_cancels_every_later_visit():
    schedule = states(day(400), withdrawal=Withdrawal(day(300), "all"), actual_visits=[done(91)])
    assert status(schedule, "M3") == (VisitStatus.COMPLETED, None)
    assert status(schedule, "M9") == (VisitStatus.OVERDUE, None)  # window 260..288 ended before
    assert status(schedule, "M12") == (VisitStatus.CANCELLED, CancelCause.WITHDRAWAL)
    later = [v for v in schedule.visits if v.window_end >= day(300)]
    assert len(later) == 21 and all(v.cause is CancelCause.WITHDRAWAL for v in later)


def test_unknown_withdrawal_scope_is_refused():
    with pytest.raises(ValidationError, match="withdrawal scope 'partial'"):
        Withdrawal(day(1), "partial")


# -- lost to follow-up --------------------------------------------------------------------


def test_lost_to_follow_up_cancels_later_visits_and_its_reversal_resumes_them():
    lost = day(800)  # between M24 (730, ends 760) and M30
    schedule = states(day(1000), lost_to_follow_up_date=lost)
    assert status(schedule, "M30") == (VisitStatus.CANCELLED, CancelCause.LOST_TO_FOLLOW_UP)
    assert status(schedule, "Y15") == (VisitStatus.CANCELLED, CancelCause.LOST_TO_FOLLOW_UP)
    assert status(schedule, "M24") == (VisitStatus.OVERDUE, None)

    # Voided as a mistake: no date at all, the schedule is as before.
    voided = states(day(1000), lost_to_follow_up_date=None)
    assert status(voided, "M30") == (VisitStatus.OVERDUE, None)
    assert status(voided, "M36") == (VisitStatus.UPCOMING, None)

    # Found again on day 1000: what passed meanwhile stays cancelled, the rest resumes.
    found = states(day(1000), lost_to_follow_up_date=lost, lost_to_follow_up_reversed_date=day(1000))
    assert status(found, "M30") == (VisitStatus.CANCELLED, CancelCause.LOST_TO_FOLLOW_UP)
    assert status(found, "M36") == (VisitStatus.UPCOMING, None)
    assert status(found, "Y15") == (VisitStatus.UPCOMING, None)


def test_lost_to_follow_up_reversal_needs_a_loss():
    with pytest.raises(ValidationError):
        SubjectCourse((INFUSION,), lost_to_follow_up_reversed_date=day(10))
    with pytest.raises(ValidationError):
        SubjectCourse((INFUSION,), lost_to_follow_up_date=day(10), lost_to_follow_up_reversed_date=day(9))


def test_the_earliest_event_gives_the_cause():
    schedule = states(day(3000), lost_to_follow_up_date=day(800), death_date=day(2000))
    assert status(schedule, "M30") == (VisitStatus.CANCELLED, CancelCause.LOST_TO_FOLLOW_UP)
    assert status(schedule, "Y6") == (VisitStatus.CANCELLED, CancelCause.LOST_TO_FOLLOW_UP)
    same_day = states(day(3000), lost_to_follow_up_date=day(800), death_date=day(800))
    assert status(same_day, "M30") == (VisitStatus.CANCELLED, CancelCause.DEATH)


def test_a_visit_done_after_an_event_stays_completed():
    schedule = states(day(1000), lost_to_follow_up_date=day(800), actual_visits=[done("M30")])
    assert status(schedule, "M30") == (VisitStatus.COMPLETED, None)


@pytest.mark.parametrize(
    ("attempts", "allowed", "reason"),
    [
        (
            [(D(2024, 1, 5), "phone", False), (D(2024, 2, 5), "letter", False), (D(2024, 4, 5), "phone", False)],
            True,
            "3 failed contact attempts by letter, phone from 2024-01-05 to 2024-04-05",
        ),
        (
            [(D(2024, 1, 5), "phone", False), (D(2024, 4, 5), "letter", False)],
            False,
            "2 failed contact attempt(s); 3 are needed",
        ),
        (
            [(D(2024, 1, 5), "phone", False), (D(2024, 2, 5), "phone", False), (D(2024, 5, 5), "phone", False)],
            False,
            "used one channel (phone); 2 different channels are needed",
        ),
        (
            [(D(2024, 1, 5), "phone", False), (D(2024, 2, 5), "letter", False), (D(2024, 4, 4), "phone", False)],
            False,
            "span 2024-01-05 to 2024-04-04; they must span at least 3 calendar months",
        ),
        # Nov 30 + 3 calendar months = Feb 28 (relativedelta), not 90 days.
        (
            [(D(2022, 11, 30), "phone", False), (D(2023, 1, 5), "email", False), (D(2023, 2, 28), "phone", False)],
            True,
            "from 2022-11-30 to 2023-02-28",
        ),
        # Reached in between: only the attempts after the success count.
        (
            [
                (D(2024, 1, 5), "phone", False),
                (D(2024, 2, 5), "letter", False),
                (D(2024, 3, 1), "phone", True),
                (D(2024, 4, 5), "phone", False),
                (D(2024, 6, 5), "email", False),
            ],
            False,
            "2 failed contact attempt(s) since the successful contact on 2024-03-01; 3 are needed",
        ),
    ],
)
def test_lost_to_follow_up_needs_three_failed_attempts_two_channels_three_months(attempts, allowed, reason):
    ok, why = lost_to_follow_up_allowed(attempts)
    assert ok is allowed
    assert reason in why


# -- stop rules -----------------------------------------------------------------------------


def test_stop_event_removes_efficacy_assessments_from_later_visits_only():
    # Relapse on day 95, found at the M3 visit that day; M6 and later have no D, P, H.
    schedule = states(day(100), stop_event_date=day(95), actual_visits=[done(95)])
    m3, m6, m24 = schedule.visit("M3"), schedule.visit("M6"), schedule.visit("M24")
    assert m3.assessments == PLAN["M3"].assessments  # done on the stop day: as planned
    assert m6.assessments == ("Ex", "B", "G", "R-T", "AE", "LT")
    assert m24.assessments == ("Ex", "B", "G", "R-A", "S", "AE", "LT")
    assert m6.status is VisitStatus.UPCOMING


def test_open_visit_whose_window_is_still_running_loses_stopped_assessments():
    # M3 window 84..98, relapse on day 86 at an unscheduled visit: M3 not yet done.
    schedule = states(day(87), stop_event_date=day(86))
    assert "D" not in schedule.visit("M3").assessments
    assert schedule.visit("M3").status is VisitStatus.DUE


def test_visit_with_only_stopped_assessments_is_cancelled_by_the_stop_rule():
    protocol = small_protocol(block("V1", 30, 3, 3, '"D", "P"') + block("V2", 60, 3, 3, '"D", "B"'))
    schedule = states(day(40), protocol=protocol, stop_event_date=day(20))
    assert status(schedule, "V1") == (VisitStatus.CANCELLED, CancelCause.STOP_RULE)
    assert schedule.visit("V1").assessments == ()
    assert status(schedule, "V2") == (VisitStatus.UPCOMING, None)
    assert schedule.visit("V2").assessments == ("B",)


def test_default_protocol_has_no_visit_cancelled_by_the_stop_rule():
    schedule = states(day(10), stop_event_date=day(5))
    assert all(v.cause is not CancelCause.STOP_RULE for v in schedule.visits)


# -- RCL ------------------------------------------------------------------------------------


def test_all_negative_first_year_keeps_later_samples_archived():
    results = {"M3": "negative", "M6": "negative", "M12": "negative"}
    schedule = states(day(400), rcl_results=results)
    assert "R-A" in schedule.visit("M24").assessments
    assert "R-A" in schedule.visit("Y15").assessments
    assert schedule.rcl_first_year_negative
    assert not schedule.rcl_alert


def test_first_year_positive_raises_the_alert_and_later_samples_are_tested():
    schedule = states(day(200), rcl_results={"M3": "negative", "M6": "positive"})
    assert schedule.rcl_alert
    assert not schedule.rcl_first_year_negative
    assert schedule.visit("M24").assessments.count("R-T") == 1
    assert "R-A" not in schedule.visit("M24").assessments
    assert all("R-A" not in v.assessments for v in schedule.visits)
    assert schedule.visit("Y6").assessments == ("Q", "S", "LT", "R-T")
    assert schedule.visit("M3").assessments == PLAN["M3"].assessments


def test_positive_archived_sample_tested_later_makes_later_samples_tested():
    schedule = states(day(1200), rcl_results={"M3": "negative", "M6": "negative", "M12": "negative", "M36": "positive"})
    assert schedule.rcl_alert
    assert "R-A" in schedule.visit("M24").assessments
    assert "R-T" in schedule.visit("M48").assessments


def test_indeterminate_first_year_result_means_later_samples_are_tested_without_alert():
    schedule = states(day(400), rcl_results={"M3": "negative", "M6": "indeterminate", "M12": "negative"})
    assert not schedule.rcl_alert
    assert "R-T" in schedule.visit("M24").assessments


def test_missing_first_year_result_leaves_the_protocol_default():
    schedule = states(day(400), rcl_results={"M3": "negative"})
    assert "R-A" in schedule.visit("M24").assessments
    assert not schedule.rcl_first_year_negative


def test_unknown_rcl_result_is_refused():
    with pytest.raises(ValidationError):
        SubjectCourse((INFUSION,), rcl_results={"M3": "maybe"})


# -- re-infusion ----------------------------------------------------------------------------


def test_re_infusion_restarts_the_plan_and_moves_the_end_date():
    second = day(200)
    schedule = states(
        day(202),
        infusion_dates=(second, INFUSION),
        actual_visits=[done(0), done(91), done(200), done(201)],
        closures=[StatusClosure("M4", "missed", at=day(130), infusion_date=INFUSION)],
    )
    first_plan = [v for v in schedule.visits if v.infusion_date == INFUSION]
    current = schedule.current

    assert len(first_plan) == len(current) == 35
    assert schedule.follow_up_end == D(2039, 7, 28)  # second infusion 2024-07-28 + 15 years
    old = {v.code: v for v in first_plan}
    assert (old["D0"].status, old["M3"].status, old["M4"].status) == (
        VisitStatus.COMPLETED,
        VisitStatus.COMPLETED,
        VisitStatus.MISSED,
    )
    assert (old["M6"].status, old["M6"].cause) == (VisitStatus.CANCELLED, CancelCause.REINFUSION)
    assert (old["M5"].status, old["M5"].cause) == (VisitStatus.CANCELLED, CancelCause.REINFUSION)

    assert current[0].code == "D0" and current[0].nominal_date == second
    assert (schedule.visit("D0").status, schedule.visit("D0").actual_date) == (VisitStatus.COMPLETED, second)
    assert schedule.visit("D1").actual_date == day(201)
    assert schedule.visit("D4").status is VisitStatus.UPCOMING
    assert schedule.visit("M4").status is VisitStatus.UPCOMING  # the closure belonged to the first plan
    assert schedule.visit("Y15").nominal_date == D(2039, 7, 28)


def test_closure_without_a_plan_date_belongs_to_the_latest_plan():
    second = day(200)
    closure = StatusClosure("D1", "missed", at=day(205))
    schedule = states(day(210), infusion_dates=(INFUSION, second), closures=[closure])
    assert schedule.visit("D1").status is VisitStatus.MISSED
    assert [v.status for v in schedule.visits if v.infusion_date == INFUSION and v.code == "D1"] == [
        VisitStatus.CANCELLED
    ]


def test_no_infusion_no_plan():
    visit = ActualVisit(id=1, date=D(2024, 1, 1), mode="clinic")
    schedule = visit_states(PROTOCOL, SubjectCourse((), actual_visits=(visit,)), D(2024, 2, 1))
    assert schedule.visits == () and schedule.unscheduled == (visit,) and schedule.follow_up_end is None


# -- amendments -----------------------------------------------------------------------------


def amended_protocol():
    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "2.0"')
    # Version 2 widens the M24 and later windows from 30 to 45 days.
    text = text.replace("early = 30\nlate = 30", "early = 45\nlate = 45")
    return parse_protocol(text.encode(), "cd19-cd22-ph1.toml")


def test_amendment_replans_only_visits_whose_window_starts_after_it():
    v2 = amended_protocol()
    effective = PLAN["M30"].window_start  # M24 window already started; M30's starts on that day
    schedule = states(
        day(900),
        actual_visits=[done("M24")],
        amendments=[ProtocolAmendment(effective, v2)],
    )
    m24, m30, m36 = schedule.visit("M24"), schedule.visit("M30"), schedule.visit("M36")

    assert (m24.protocol_version, m24.window_end - m24.nominal_date) == ("1.0", dt.timedelta(days=30))
    assert m24.status is VisitStatus.COMPLETED
    assert m30.protocol_version == "1.0"  # its window started on the effective day, not after it
    assert (m36.protocol_version, m36.protocol_hash) == ("2.0", v2.content_hash)
    assert m36.window_end - m36.nominal_date == dt.timedelta(days=45)
    assert [v.sequence for v in schedule.visits] == list(range(1, 36))
    assert [v.code for v in schedule.visits] == list(PLAN)


def test_infusion_after_an_amendment_is_planned_by_the_new_version():
    v2 = amended_protocol()
    schedule = states(day(10), amendments=[ProtocolAmendment(INFUSION - dt.timedelta(days=1), v2)])
    assert {v.protocol_version for v in schedule.visits} == {"2.0"}


# -- invariants -----------------------------------------------------------------------------

study_days = st.integers(min_value=-10, max_value=5600)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(study_days, st.sampled_from([None, None, None, "M3", "Y6", "ZZ"])), max_size=25),
    st.integers(min_value=0, max_value=5600),
)
def test_every_actual_visit_is_kept_exactly_once(actuals, today):
    visits = [ActualVisit(id=n, date=day(d), mode="clinic", code=code) for n, (d, code) in enumerate(actuals)]
    schedule = states(day(today), actual_visits=visits)

    assigned = [v.actual_id for v in schedule.visits if v.actual_id is not None]
    kept = sorted(assigned + [v.id for v in schedule.unscheduled])
    assert kept == list(range(len(visits)))
    for visit in schedule.visits:
        assert (visit.status is VisitStatus.COMPLETED) == (visit.actual_id is not None)
        if visit.status is VisitStatus.COMPLETED:
            assert visit.out_of_window == (not visit.window_start <= visit.actual_date <= visit.window_end)


@settings(max_examples=150, deadline=None)
@given(
    st.integers(min_value=0, max_value=5600),
    st.one_of(st.none(), study_days),
    st.sampled_from([None, "treatment", "visits", "all"]),
    st.one_of(st.none(), study_days),
)
def test_statuses_are_consistent(today, death, scope, lost):
    schedule = states(
        day(today),
        death_date=None if death is None else day(death),
        withdrawal=None if scope is None else Withdrawal(day(today // 2), scope),
        lost_to_follow_up_date=None if lost is None else day(lost),
    )
    for visit in schedule.visits:
        assert (visit.cause is not None) == (visit.status is VisitStatus.CANCELLED)
        if visit.status is VisitStatus.UPCOMING:
            assert day(today) < visit.window_start
        elif visit.status is VisitStatus.DUE:
            assert visit.window_start <= day(today) <= visit.window_end
        elif visit.status is VisitStatus.OVERDUE:
            assert day(today) > visit.window_end
        if death is not None and visit.window_end >= day(death):
            assert visit.status is VisitStatus.CANCELLED
