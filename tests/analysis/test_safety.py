"""DLT evaluability, the dose decision per level, MTD, CRS/ICANS grades and AE summaries."""

from __future__ import annotations

from ltfu.analysis.cohort import Cohort
from ltfu.analysis.records import dose_level_sort_key
from ltfu.analysis.safety import (
    Decision,
    ae_summary,
    crs_icans_distribution,
    crs_timing,
    dlt_analysis,
)

from .builders import ae, ev, on, subject


def dlt_subject(sid, level, dlt_day=None, infusion_day=0, events=()):
    start = on(infusion_day)
    aes = [ae(dlt_day, "Neurotoxicity", 3, start=start, dlt=True)] if dlt_day is not None else []
    return subject(sid, dose_level=level, infusion=start, aes=aes, events=list(events))


def test_dlt_per_dose_level_and_mtd():
    subjects = [
        *(dlt_subject(f"a{i}", "DL1") for i in range(3)),
        *(dlt_subject(f"b{i}", "DL2", dlt_day=20 if i == 0 else None) for i in range(6)),
        *(dlt_subject(f"c{i}", "DL3", dlt_day=5 if i < 2 else None) for i in range(3)),
    ]
    result = dlt_analysis(Cohort.build(subjects, on(400)))
    rows = {r.dose_level: r for r in result.dose_levels}
    assert rows["DL1"].decision is Decision.ESCALATE
    # 1/6 just below a level that exceeds: the MTD (tests/analysis/test_dose_finding.py has the rules).
    assert (rows["DL2"].n_evaluable, rows["DL2"].n_dlt, rows["DL2"].decision) == (6, 1, Decision.MTD)
    assert rows["DL2"].dlt_subjects == ("b0",)
    assert rows["DL3"].decision is Decision.EXCEEDS_MTD
    assert result.mtd == "DL2"


def test_dlt_window_evaluability_and_pending():
    as_of_day = 100
    subjects = [
        dlt_subject("late_dlt", "DL1", dlt_day=29),  # outside Day 0-28: evaluable, no DLT
        dlt_subject("day_28_dlt", "DL1", dlt_day=28),
        dlt_subject("died", "DL1", events=[ev(10, "death")]),  # not evaluable
        dlt_subject("withdrew_treatment", "DL1", events=[ev(10, "withdrawal", "treatment")]),
        dlt_subject("lost", "DL1", events=[ev(20, "lost_to_follow_up")]),
        dlt_subject("in_window", "DL1", infusion_day=as_of_day - 10),  # pending
        dlt_subject("dlt_in_window", "DL1", infusion_day=as_of_day - 10, dlt_day=3),  # counts already
    ]
    (row,) = dlt_analysis(Cohort.build(subjects, on(as_of_day))).dose_levels
    assert row.n_treated == 7
    assert set(row.dlt_subjects) == {"day_28_dlt", "dlt_in_window"}
    assert (row.n_evaluable, row.n_pending, row.n_not_evaluable) == (4, 1, 2)
    assert row.decision is Decision.EXCEEDS_MTD


def test_no_mtd_without_six_evaluable_subjects():
    subjects = [dlt_subject(f"a{i}", "DL1") for i in range(3)]
    subjects += [dlt_subject(f"b{i}", "DL2", dlt_day=1 if i == 0 else None) for i in range(3)]
    result = dlt_analysis(Cohort.build(subjects, on(400)))
    assert [r.decision for r in result.dose_levels] == [Decision.ESCALATE, Decision.EXPAND]
    assert result.mtd is None


def test_dose_levels_sort_naturally():
    levels = ["DL10", "DL2", "DL1", "DL-1", "dl3"]
    assert sorted(levels, key=dose_level_sort_key) == ["DL-1", "DL1", "DL2", "dl3", "DL10"]
    subjects = [dlt_subject(level, level) for level in levels]
    assert [r.dose_level for r in dlt_analysis(Cohort.build(subjects, on(400))).dose_levels] == [
        "DL-1",
        "DL1",
        "DL2",
        "dl3",
        "DL10",
    ]


def test_crs_icans_worst_grade_by_dose_level():
    subjects = [
        subject("a", dose_level="DL1", aes=[ae(1, "CRS", 1, kind="crs"), ae(3, "CRS", 3, kind="crs")]),
        subject("b", dose_level="DL1", aes=[ae(5, "ICANS", 2, kind="icans")]),
        subject("c", dose_level="DL2", aes=[ae(2, "CRS", 2, kind="crs"), ae(2, "Pyrexia", 4)]),
    ]
    rows = {r.dose_level: r for r in crs_icans_distribution(Cohort.build(subjects, on(100)))}
    assert rows["DL1"].crs == {0: 1, 1: 0, 2: 0, 3: 1, 4: 0, 5: 0}
    assert rows["DL1"].icans == {0: 1, 1: 0, 2: 1, 3: 0, 4: 0, 5: 0}
    assert rows["DL2"].crs[2] == 1 and rows["DL2"].icans[0] == 1
    assert rows["all"].n_subjects == 3 and rows["all"].crs == {0: 1, 1: 0, 2: 1, 3: 1, 4: 0, 5: 0}


def test_crs_onset_and_duration_by_hand():
    subjects = [
        # First CRS on Day 3, resolved on Day 10 (7 days); a later CRS does not count.
        subject("a", aes=[ae(3, "CRS", 2, kind="crs", resolved=on(10)), ae(40, "CRS", 1, kind="crs")]),
        # Day 1 to Day 4: 3 days; the ICANS is not CRS.
        subject("b", aes=[ae(1, "ICANS", 2, kind="icans"), ae(1, "CRS", 1, kind="crs", resolved=on(4))]),
        # Day 6, not resolved by the as-of date (resolved later): counted apart.
        subject("c", aes=[ae(6, "CRS", 3, kind="crs", resolved=on(200))]),
        subject("d"),  # no CRS
        subject(
            "e",
            dose_level="DL2",
            aes=[ae(-2, "CRS", 1, kind="crs", resolved=on(0)), ae(2, "CRS", 2, kind="crs", resolved=on(9))],
        ),
    ]
    rows = {r.dose_level: r for r in crs_timing(Cohort.build(subjects, on(100)))}
    dl1 = rows["DL1"]
    assert (dl1.n_subjects, dl1.n_crs, dl1.n_unresolved) == (4, 3, 1)
    assert (dl1.onset_day.median, dl1.onset_day.minimum, dl1.onset_day.maximum) == (3, 1, 6)
    assert (dl1.duration_days.n, dl1.duration_days.median, dl1.duration_days.minimum, dl1.duration_days.maximum) == (
        2,
        5,
        3,
        7,
    )
    # A CRS before the infusion (lymphodepletion) is not the CAR-T's: Day 2 to Day 9.
    assert (rows["DL2"].onset_day.median, rows["DL2"].duration_days.median) == (2, 7)
    assert rows["all"].n_crs == 4 and rows["all"].onset_day.median == 2.5


def test_ae_summary():
    subjects = [
        subject(
            "a",
            aes=[
                ae(2, "Pyrexia", 1),
                ae(9, "Pyrexia", 2),
                ae(5, "Neutropenia", 4, serious=True, related=True),
                ae(28, "Neuropathy", 2, special_interest="neurologic"),  # not delayed
                ae(400, "Second malignancy", 3, serious=True, special_interest="new malignancy"),
            ],
            events=[ev(500, "death", "second malignancy")],
        ),
        subject("b", aes=[ae(3, "Neutropenia", 3), ae(90, "Herpes zoster", 3, special_interest="serious infection")]),
        subject("c"),
        subject("d", aes=[ae(700, "Herpes zoster", 2, special_interest="serious infection")]),
    ]
    summary = ae_summary(Cohort.build(subjects, on(600)))
    assert (summary.n_subjects, summary.n_events, summary.n_subjects_with_ae) == (4, 7, 2)
    assert summary.events_by_grade == {1: 1, 2: 2, 3: 3, 4: 1, 5: 0}
    assert summary.subjects_by_worst_grade == {0: 2, 1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert [(t.term, t.subjects, t.events) for t in summary.most_frequent[:2]] == [
        ("Neutropenia", 2, 2),
        ("Pyrexia", 1, 2),
    ]
    assert (summary.serious_events, summary.serious_subjects, summary.related_events) == (2, 1, 1)
    assert [d.term for d in summary.delayed_special_interest] == ["Herpes zoster", "Second malignancy"]
    assert [(t.term, t.subjects) for t in summary.delayed_by_category] == [
        ("new malignancy", 1),
        ("serious infection", 1),
    ]
    assert [(d.subject_id, d.study_day, d.cause) for d in summary.deaths] == [("a", 500, "second malignancy")]
