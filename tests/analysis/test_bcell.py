"""B-cell aplasia, recovery (two consecutive non-aplastic counts) and low IgG."""

from __future__ import annotations

from ltfu.analysis.bcell import b_cell_analysis, b_cell_course, recovery_index
from ltfu.analysis.cohort import Cohort

from .builders import on, res, subject


def course(counts, as_of_day=1000, igg=(), **kw):
    results = [res(day, "cd19_b_cells", value, blq=value is None) for day, value in counts]
    results += [res(day, "igg", value) for day, value in igg]
    (view,) = Cohort.build([subject(results=results)], on(as_of_day)).subjects
    return b_cell_course(view, **kw)


DIP = [(0, 300), (14, 5), (28, 20), (61, 150), (91, 30), (122, 200), (152, 250)]


def test_recovery_is_the_first_of_two_consecutive_non_aplastic_counts():
    c = course(DIP)
    # Day 61 (150) is followed by an aplastic Day 91, so it is no recovery;
    # Days 122 and 152 are both >= 100: recovery on Day 122.
    assert (c.recovered, c.recovery_date, c.recovery_day) == (True, on(122), 122)
    assert c.last_aplastic_date == on(91)
    assert c.aplasia_days == 122
    assert c.n_counts == 6  # the Day 0 count is taken before the cells and not read


def test_threshold_is_a_setting():
    c = course(DIP, b_cell_threshold=25)
    assert c.recovery_day == 61  # 150 then 30, both >= 25


def test_not_recovered_is_censored_at_the_last_aplastic_count():
    c = course([(14, 5), (28, None), (61, 150)])  # BLQ = 0 is aplastic
    assert (c.recovered, c.last_aplastic_date, c.aplasia_days) == (False, on(28), 28)


def test_later_counts_are_ignored():
    c = course(DIP, as_of_day=130)
    assert not c.recovered
    assert c.last_aplastic_date == on(91)


def test_never_aplastic_and_single_count():
    c = course([(14, 150), (28, 200)])
    assert (c.recovered, c.recovery_day, c.ever_aplastic) == (True, 14, False)
    c = course([(14, 150)])
    assert (c.recovered, c.last_aplastic_date) == (False, None)


def test_igg_low_flag_and_dates():
    c = course([(14, 5)], igg=[(-10, 2.0), (28, 3.5), (91, 5.0), (183, 3.9)])
    assert c.igg_low_dates == (on(28), on(183))  # the baseline value is not read
    assert (c.igg_low, c.igg_latest, c.igg_latest_date) == (True, 3.9, on(183))
    c = course([(14, 5)], igg=[(28, 3.5), (91, 5.0)])
    assert c.igg_low is False and c.igg_low_dates == (on(28),)
    c = course([(14, 5)], igg=[(28, 3.5)], igg_threshold=3.0)
    assert c.igg_low is False and c.igg_low_dates == ()


def test_recovery_index():
    assert recovery_index([5, 150, 20, 100, 100], 100) == 3
    assert recovery_index([150], 100) is None
    assert recovery_index([], 100) is None


def test_time_to_recovery_km():
    subjects = [
        subject("recovers", results=[res(d, "cd19_b_cells", v) for d, v in DIP]),
        subject("aplastic", results=[res(d, "cd19_b_cells", 1.0) for d in (14, 28, 61, 91)]),
        subject("single", results=[res(14, "cd19_b_cells", 150.0)]),
        subject("igg_only", results=[res(28, "igg", 3.0)]),
        subject("nothing"),
    ]
    analysis = b_cell_analysis(Cohort.build(subjects, on(1000)))
    rows = {r.subject_id: (r.days, r.event) for r in analysis.recovery.subjects}
    assert rows == {"recovers": (122, True), "aplastic": (91, False), "single": (0, False)}
    assert analysis.recovery.km.events == 1
    assert {c.subject_id for c in analysis.subjects} == {"recovers", "aplastic", "single", "igg_only"}
    assert analysis.igg_low_now == ("igg_only",)
    assert "100 cells/uL" in analysis.recovery.definition
