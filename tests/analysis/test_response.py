"""Response parsing, ORR at 3 months with its exact CI, relapse antigen status."""

from __future__ import annotations

import pytest

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.response import (
    AntigenStatus,
    ResponseCall,
    clopper_pearson,
    orr_at_3_months,
    parse_antigen_status,
    parse_response,
    relapse_summary,
)

from .builders import ev, on, res, subject


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        ("CR", ResponseCall("CR", False)),
        ("CRi", ResponseCall("CRi", False)),
        ("cri", ResponseCall("CRi", False)),
        ("CR MRD-", ResponseCall("CR", True)),
        ("CRi MRD-negative", ResponseCall("CRi", True)),
        ("CR MRD+", ResponseCall("CR", False)),
        ("PR", ResponseCall("PR", False)),
        ("NR", ResponseCall("NR", False)),
        ("", ResponseCall(None, False)),
        ("stable", ResponseCall(None, False)),
    ],
)
def test_parse_response(detail, expected):
    assert parse_response(detail) == expected


@pytest.mark.parametrize(
    ("detail", "expected"),
    [
        ("CD19-CD22+", AntigenStatus("negative", "positive", False)),
        ("CD19dim CD22+", AntigenStatus("dim", "positive", False)),
        ("CD19+ CD22-", AntigenStatus("positive", "negative", False)),
        ("CD19 neg, CD22 pos", AntigenStatus("negative", "positive", False)),
        ("CD19-negative CD22-negative", AntigenStatus("negative", "negative", False)),
        ("CD19- lineage switch to AML", AntigenStatus("negative", None, True)),
        ("extramedullary (CNS)", AntigenStatus(None, None, False)),
    ],
)
def test_parse_antigen_status(detail, expected):
    assert parse_antigen_status(detail) == expected


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [(7, 10, 0.3475, 0.9333), (0, 10, 0.0, 0.3085), (10, 10, 0.6915, 1.0), (3, 20, 0.0321, 0.3789)],
)
def test_clopper_pearson_known_values(k, n, low, high):
    lower, upper = clopper_pearson(k, n)
    assert (round(lower, 4), round(upper, 4)) == (low, high)


def test_clopper_pearson_without_trials():
    assert clopper_pearson(0, 0) == (None, None)


def test_orr_denominator_and_numerator():
    as_of = on(200)
    subjects = [
        # Day 98 on or before the as-of date: evaluable.
        subject("cr", events=[ev(28, "response", "CR")]),
        subject("cri_at_98", events=[ev(28, "response", "NR"), ev(98, "response", "CRi")]),
        subject("cr_at_99", events=[ev(99, "response", "CR")]),  # too late: non-responder
        subject("pr", events=[ev(28, "response", "PR")]),
        subject("no_assessment"),
        # Day 98 after the as-of date ...
        subject("too_recent", infusion=on(150), events=[ev(28, "response", "CR", start=on(150))]),
        # ... unless the subject died before Day 98.
        subject(
            "died_early",
            infusion=on(150),
            events=[ev(28, "response", "CR", start=on(150)), ev(40, "death", start=on(150))],
        ),
    ]
    orr = orr_at_3_months(Cohort.build(subjects, as_of))
    by_id = {s.subject_id: s for s in orr.subjects}
    assert set(by_id) == {"cr", "cri_at_98", "cr_at_99", "pr", "no_assessment", "died_early"}
    assert {sid for sid, s in by_id.items() if s.responder} == {"cr", "cri_at_98", "died_early"}
    assert by_id["cri_at_98"].best_response == "CRi"
    assert by_id["no_assessment"].best_response is None
    assert (orr.overall.responders, orr.overall.evaluable) == (3, 6)
    assert orr.overall.rate == 0.5
    assert (round(orr.overall.lower, 4), round(orr.overall.upper, 4)) == (0.1181, 0.8819)


def test_orr_seven_of_ten_by_dose_level_and_mrd():
    subjects = [
        subject(
            f"R{i}", dose_level="DL2" if i < 5 else "DL10", events=[ev(28, "response", "CR MRD-" if i < 3 else "CR")]
        )
        for i in range(7)
    ] + [subject(f"N{i}", dose_level="DL1", events=[ev(28, "response", "NR")]) for i in range(3)]
    # An MRD result below 1e-4 on the day of a CR also makes it MRD-negative.
    subjects.append(
        subject("mrd_lab", dose_level="DL1", events=[ev(28, "response", "CR")], results=[res(28, "mrd", 5e-5)])
    )
    orr = orr_at_3_months(Cohort.build(subjects[:10], on(365)))
    assert (orr.overall.responders, orr.overall.evaluable) == (7, 10)
    assert (round(orr.overall.lower, 4), round(orr.overall.upper, 4)) == (0.3475, 0.9333)
    assert orr.overall.mrd_negative == 3
    assert [(r.label, r.responders, r.evaluable) for r in orr.by_dose_level] == [
        ("DL1", 0, 3),
        ("DL2", 5, 5),
        ("DL10", 2, 2),
    ]
    with_lab = orr_at_3_months(Cohort.build(subjects, on(365)))
    assert with_lab.overall.mrd_negative == 4


def test_orr_with_nobody_evaluable_yet():
    orr = orr_at_3_months(Cohort.build([subject(events=[ev(28, "response", "CR")])], on(50)))
    assert orr.overall.evaluable == 0
    assert orr.overall.rate is None and orr.overall.lower is None


def test_relapse_summary_counts_first_relapse_phenotypes():
    subjects = [
        subject(
            "a",
            events=[
                ev(-60, "relapse", "CD19+CD22+"),
                ev(200, "relapse", "CD19-CD22+"),
                ev(400, "relapse", "CD19-CD22-"),
            ],
        ),
        subject("b", events=[ev(150, "relapse", "CD19dim CD22+")]),
        subject("c", events=[ev(90, "relapse", "CD19-CD22+")]),
    ]
    summary = relapse_summary(Cohort.build(subjects, on(1000)))
    assert [(r.subject_id, r.study_day) for r in summary.relapses] == [("a", 200), ("a", 400), ("b", 150), ("c", 90)]
    assert summary.first_relapse_phenotypes == {
        "CD19 dim, CD22 positive": 1,
        "CD19 negative, CD22 positive": 2,
    }
