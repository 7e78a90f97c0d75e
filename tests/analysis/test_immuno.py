"""RCL first-year rule and alerts; HAMA baseline-relative categories."""

from __future__ import annotations

import pytest

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.immuno import HamaCategory, RclStatus, hama_analysis, hama_category, rcl_analysis

from .builders import on, res, subject


def rcl(sid, tests):
    return subject(sid, results=[res(day, "rcl", category=c) for day, c in tests])


FIRST_YEAR_NEGATIVE = [(-10, "negative"), (91, "negative"), (183, "negative"), (365, "negative")]


def test_rcl_first_year_negative_archives_later_samples():
    analysis = rcl_analysis(Cohort.build([rcl("S1", [*FIRST_YEAR_NEGATIVE, (730, "archived")])], on(800)))
    (row,) = analysis.subjects
    assert row.status is RclStatus.FIRST_YEAR_NEGATIVE
    assert row.later_samples == "archived"
    assert (row.n_tested, row.n_archived) == (4, 1)
    assert analysis.alerts == ()


def test_rcl_positive_raises_an_alert_and_keeps_testing():
    subjects = [
        rcl("pos", [(-10, "negative"), (91, "negative"), (183, "Positive"), (365, "negative")]),
        rcl("neg", FIRST_YEAR_NEGATIVE),
        rcl("later", [*FIRST_YEAR_NEGATIVE, (1095, "positive")]),
    ]
    analysis = rcl_analysis(Cohort.build(subjects, on(800)))
    rows = {r.subject_id: r for r in analysis.subjects}
    assert rows["pos"].status is RclStatus.POSITIVE
    assert rows["pos"].later_samples == "tested"
    assert [(a.subject_id, a.date, a.study_day) for a in analysis.alerts] == [("pos", on(183), 183)]
    assert "confirmatory culture assay" in analysis.alerts[0].message
    # The Day 1095 positive is after the as-of date: not known yet.
    assert rows["later"].status is RclStatus.FIRST_YEAR_NEGATIVE
    assert analysis.counts["positive"] == 1 and analysis.counts["first_year_negative"] == 2
    # Once known, a positive after the first year is an alert too.
    later = rcl_analysis(Cohort.build(subjects, on(1200)))
    assert [a.subject_id for a in later.alerts] == ["pos", "later"]


@pytest.mark.parametrize(
    ("tests", "as_of_day", "status"),
    [
        ([(91, "negative"), (365, "negative")], 200, RclStatus.FIRST_YEAR_IN_PROGRESS),
        ([(91, "negative"), (365, "negative")], 500, RclStatus.FIRST_YEAR_INCOMPLETE),  # no M6
        ([(100, "negative"), (183, "negative"), (365, "negative")], 500, RclStatus.FIRST_YEAR_INCOMPLETE),
        (
            [(91, "negative"), (183, "indeterminate"), (190, "negative"), (365, "negative")],
            500,
            RclStatus.FIRST_YEAR_INCOMPLETE,
        ),
        ([(91, "negative"), (183, "archived"), (365, "negative")], 500, RclStatus.FIRST_YEAR_INCOMPLETE),
        ([], 100, RclStatus.FIRST_YEAR_IN_PROGRESS),
    ],
    ids=["in progress", "missing M6", "M3 out of window", "indeterminate", "archived not tested", "none yet"],
)
def test_rcl_anything_short_of_an_all_negative_first_year_keeps_testing(tests, as_of_day, status):
    (row,) = rcl_analysis(Cohort.build([rcl("S1", tests)], on(as_of_day))).subjects
    assert row.status is status
    assert row.later_samples == "tested"


def hama(tests):
    (view,) = Cohort.build([subject(results=[res(day, "hama", category=c) for day, c in tests])], on(1000)).subjects
    return hama_category(view)


@pytest.mark.parametrize(
    ("tests", "category"),
    [
        ([(-10, "positive"), (28, "positive")], HamaCategory.PRE_EXISTING),
        ([(-10, "positive"), (28, "negative")], HamaCategory.PRE_EXISTING),
        ([(-10, "negative"), (28, "negative"), (91, "positive")], HamaCategory.TREATMENT_EMERGENT),
        ([(-10, "negative"), (0, "POSITIVE")], HamaCategory.TREATMENT_EMERGENT),  # Day 0 is not before infusion
        ([(-10, "negative"), (28, "negative"), (91, "indeterminate")], HamaCategory.NEGATIVE),
        ([(28, "positive")], HamaCategory.NOT_EVALUABLE),  # no baseline
        ([(-10, "negative")], HamaCategory.NOT_EVALUABLE),  # nothing after
        ([(-10, "indeterminate"), (28, "positive")], HamaCategory.NOT_EVALUABLE),
        ([(-10, "negative"), (28, "indeterminate")], HamaCategory.NOT_EVALUABLE),
        ([], HamaCategory.NOT_EVALUABLE),
    ],
)
def test_hama_category(tests, category):
    assert hama(tests).category is category


def test_hama_treatment_emergent_date_and_counts():
    row = hama([(-10, "negative"), (28, "negative"), (91, "positive"), (183, "positive")])
    assert (row.baseline, row.first_positive_after) == ("negative", on(91))
    subjects = [
        subject("a", dose_level="DL2", results=[res(-5, "hama", category="positive")]),
        subject(
            "b", dose_level="DL1", results=[res(-5, "hama", category="negative"), res(28, "hama", category="negative")]
        ),
        subject("c", dose_level="DL1"),
    ]
    analysis = hama_analysis(Cohort.build(subjects, on(100)))
    assert analysis.counts == {"pre-existing": 1, "treatment-emergent": 0, "negative": 1, "not evaluable": 1}
    assert list(analysis.by_dose_level) == ["DL1", "DL2"]
    assert analysis.by_dose_level["DL1"]["negative"] == 1
