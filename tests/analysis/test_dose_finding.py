"""The dose decision against hand-worked sequences (DOMAIN.md 5, "DLT / 3+3", "BOIN").

Each sequence is written as a table: the subjects in infusion order, one a day, as
``level subject status`` with status e (evaluable, no DLT), d (DLT), n (not evaluable)
or p (still inside the DLT window). The expected decisions were worked out by hand
from the rules, step by step, and are not computed by the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ltfu.analysis.dose_finding import (
    Decision,
    DltStatus,
    DltSubject,
    MtdStatus,
    boin_boundaries,
    boin_lambdas,
    decide_dose,
)
from ltfu.vocabulary import DoseFindingDesign

STATUS = {"e": DltStatus.EVALUABLE, "d": DltStatus.DLT, "n": DltStatus.NOT_EVALUABLE, "p": DltStatus.PENDING}
BOIN_30 = DoseFindingDesign("boin", 0.30, 3, 9)


def subjects(table: str) -> list[DltSubject]:
    rows = [line.split() for line in table.strip().splitlines() if line.strip()]
    return [
        DltSubject(sid, level, date(2024, 1, 1) + timedelta(days=i), STATUS[status])
        for i, (level, sid, status) in enumerate(rows)
    ]


def steps(result) -> list[tuple[str, int, str, str]]:
    return [(c.dose_level, c.number, f"{c.level_dlt}/{c.level_n}", c.decision.value) for c in result.history]


def decisions(result) -> dict[str, str]:
    return {row.dose_level: row.decision.value for row in result.levels}


def test_classic_escalation_to_an_mtd():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 d
            DL2 b2 e
            DL2 b3 e
            DL2 b4 e
            DL2 b5 e
            DL2 b6 e
            DL3 c1 d
            DL3 c2 e
            DL3 c3 d
        """)
    )
    assert steps(result) == [
        ("DL1", 1, "0/3", "escalate"),
        ("DL2", 1, "1/3", "expand"),
        ("DL2", 2, "1/6", "escalate"),
        ("DL3", 1, "2/3", "exceeds_mtd"),
    ]
    # DL2 escalated at the time; once DL3 exceeds, DL2 is the MTD.
    assert decisions(result) == {"DL1": "escalate", "DL2": "mtd", "DL3": "exceeds_mtd"}
    assert (result.mtd, result.mtd_status) == ("DL2", MtdStatus.DECLARED)
    assert all(row.expansion is None for row in result.levels)


def test_three_without_dlt_below_an_exceeded_level_must_expand_before_an_mtd():
    table = """
        DL1 a1 e
        DL1 a2 e
        DL1 a3 e
        DL2 b1 d
        DL2 b2 d
        DL2 b3 e
    """
    result = decide_dose(subjects(table))
    assert decisions(result) == {"DL1": "expand", "DL2": "exceeds_mtd"}
    assert (result.mtd, result.mtd_status) == (None, MtdStatus.OPEN)

    result = decide_dose(subjects(table + "\nDL1 a4 e\nDL1 a5 d\nDL1 a6 e"))
    assert steps(result)[-1] == ("DL1", 2, "1/6", "mtd")
    assert decisions(result) == {"DL1": "mtd", "DL2": "exceeds_mtd"}
    assert (result.mtd, result.mtd_status) == ("DL1", MtdStatus.DECLARED)


def test_a_lower_level_exceeding_after_a_higher_one_was_opened_stops_every_level_above():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 e
            DL2 b2 e
            DL2 b3 e
            DL1 a4 d
            DL1 a5 d
            DL1 a6 e
            DL3 c1 e
            DL3 c2 e
            DL3 c3 e
        """)
    )
    assert steps(result) == [
        ("DL1", 1, "0/3", "escalate"),
        ("DL2", 1, "0/3", "escalate"),
        ("DL1", 2, "2/6", "exceeds_mtd"),
        ("DL3", 1, "0/3", "stopped"),
    ]
    assert decisions(result) == {"DL1": "exceeds_mtd", "DL2": "stopped", "DL3": "stopped"}
    assert (result.mtd, result.mtd_status) == (None, MtdStatus.NONE_TOLERATED)


def test_no_mtd_while_the_next_higher_level_is_still_open():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 d
            DL1 a3 e
            DL1 a4 e
            DL1 a5 e
            DL1 a6 e
            DL2 b1 e
            DL2 b2 e
            DL2 b3 e
        """)
    )
    assert decisions(result) == {"DL1": "escalate", "DL2": "escalate"}
    assert (result.mtd, result.mtd_status) == (None, MtdStatus.OPEN)


def test_replacement_expansion_cohort_and_its_exact_ci():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 d
            DL2 b2 e
            DL2 b3 e
            DL2 b4 n
            DL2 b5 e
            DL2 b6 e
            DL2 b7 e
            DL3 c1 d
            DL3 c2 d
            DL3 c3 e
            DL2 b8 d
            DL2 b9 e
        """)
    )
    dl2 = result.level("DL2")
    # b4 died before Day 28 without a DLT: replaced by b7.
    assert dl2.dose_finding == ("b1", "b2", "b3", "b5", "b6", "b7")
    assert dl2.decision is Decision.MTD
    assert result.mtd == "DL2"
    expansion = dl2.expansion
    assert expansion is not None
    assert (expansion.subjects, expansion.n_dlt, expansion.dlt_subjects) == (("b8", "b9"), 1, ("b8",))
    # 2 DLTs in 8 evaluable; Clopper-Pearson 95% CI 0.0319-0.6509 (R: binom.test(2, 8)).
    assert (expansion.overall_dlt, expansion.overall_evaluable) == (2, 8)
    assert expansion.lower == pytest.approx(0.03185, abs=5e-5)
    assert expansion.upper == pytest.approx(0.65086, abs=5e-5)
    assert not expansion.flagged


def test_an_expansion_reaching_a_third_is_flagged():
    table = "\n".join(f"DL1 a{i} {'d' if i in (1, 7, 8) else 'e'}" for i in range(1, 10))
    expansion = decide_dose(subjects(table)).level("DL1").expansion
    assert expansion is not None and (expansion.overall_dlt, expansion.overall_evaluable) == (3, 9)
    # R: binom.test(3, 9) gives 0.0749-0.7007.
    assert (round(expansion.lower, 4), round(expansion.upper, 4)) == (0.0749, 0.7007)
    assert expansion.flagged


def test_pending_and_incomplete_cohorts_wait_but_two_dlts_decide_at_once():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 e
            DL2 b2 p
            DL2 b3 p
            DL3 c1 d
            DL3 c2 d
        """)
    )
    assert steps(result) == [
        ("DL1", 1, "0/3", "escalate"),
        ("DL2", 1, "0/3", "pending"),
        ("DL3", 1, "2/2", "exceeds_mtd"),
    ]
    result = decide_dose(subjects("DL1 a1 e\nDL1 a2 p"))
    assert decisions(result) == {"DL1": "enrolling"}
    assert result.mtd_status is MtdStatus.OPEN


def test_same_day_infusions_are_ordered_by_subject_id():
    same_day = date(2024, 3, 1)
    rows = [DltSubject(sid, "DL1", same_day, DltStatus.EVALUABLE) for sid in ("s7", "s3", "s5", "s1")]
    result = decide_dose(rows)
    assert result.history[0].subjects == ("s1", "s3", "s5")
    assert result.history[1].subjects == ("s7",)


# -- BOIN -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "lambda_e", "lambda_d"),
    # Liu and Yuan 2015, Table 1.
    [(0.20, 0.157, 0.238), (0.25, 0.197, 0.298), (0.30, 0.236, 0.358), (0.35, 0.276, 0.419)],
)
def test_boin_boundaries_are_the_published_ones(target, lambda_e, lambda_d):
    # The paper prints three decimals, cut rather than rounded (0.3585 -> 0.358).
    assert boin_lambdas(target) == (pytest.approx(lambda_e, abs=1e-3), pytest.approx(lambda_d, abs=1e-3))


def test_boin_boundary_table_for_a_target_of_30_percent():
    # The BOIN R package, get.boundary(target = 0.3, ncohort = 12, cohortsize = 1).
    published = {
        "escalate": [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
        "de_escalate": [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5],
        "eliminate": [None, None, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7],
    }
    table = boin_boundaries(0.30, 12).table
    assert [r.n for r in table] == list(range(1, 13))
    assert [r.escalate_at_most for r in table] == published["escalate"]
    assert [r.de_escalate_at_least for r in table] == published["de_escalate"]
    assert [r.eliminate_at_least for r in table] == published["eliminate"]


def test_boin_sequence_escalates_stays_and_de_escalates_by_the_boundaries():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 d
            DL2 b2 e
            DL2 b3 e
            DL2 b4 e
            DL2 b5 e
            DL2 b6 e
            DL3 c1 d
            DL3 c2 d
            DL3 c3 e
            DL2 b7 e
            DL2 b8 d
            DL2 b9 e
        """),
        BOIN_30,
    )
    # 0/3 = 0 <= 0.236 escalate; 1/3 = 0.33 stays between the boundaries; 1/6 = 0.17
    # escalate; 2/3 = 0.67 >= 0.358 de-escalate (not eliminated: P(p > 0.3) = 0.92);
    # 2/9 = 0.22 <= 0.236 escalate.
    assert steps(result) == [
        ("DL1", 1, "0/3", "escalate"),
        ("DL2", 1, "1/3", "stay"),
        ("DL2", 2, "1/6", "escalate"),
        ("DL3", 1, "2/3", "de_escalate"),
        ("DL2", 3, "2/9", "escalate"),
    ]
    # Isotonic estimates 0.016, 0.225, 0.661: DL2 is closest to 0.30 and has reached 9.
    assert decisions(result) == {"DL1": "escalate", "DL2": "mtd", "DL3": "de_escalate"}
    assert (result.mtd, result.mtd_status) == ("DL2", MtdStatus.DECLARED)
    assert result.boundaries is not None and len(result.boundaries.table) == 9


def test_boin_eliminates_a_level_and_every_level_above():
    result = decide_dose(
        subjects("""
            DL1 a1 e
            DL1 a2 e
            DL1 a3 e
            DL2 b1 d
            DL2 b2 d
            DL2 b3 d
            DL3 c1 e
            DL3 c2 e
            DL3 c3 e
        """),
        BOIN_30,
    )
    # 3/3: P(p > 0.3 | Beta(4, 1)) = 1 - 0.3^4 = 0.992 > 0.95.
    assert steps(result)[1:] == [("DL2", 1, "3/3", "eliminate"), ("DL3", 1, "0/3", "stopped")]
    # DL1 cannot escalate into an eliminated level: it stays; 3 of 9 treated, no MTD yet.
    assert decisions(result) == {"DL1": "stay", "DL2": "eliminate", "DL3": "stopped"}
    assert (result.mtd, result.mtd_status) == (None, MtdStatus.OPEN)

    lowest = decide_dose(subjects("DL1 a1 d\nDL1 a2 d\nDL1 a3 d"), BOIN_30)
    assert (lowest.mtd, lowest.mtd_status) == (None, MtdStatus.NONE_TOLERATED)
