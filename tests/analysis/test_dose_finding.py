"""The dose decision against hand-worked sequences (DOMAIN.md 5, "DLT / 3+3", "BOIN").

A sequence is written as the subjects in infusion order, one a day, in groups treated
at one level: ``DL2 dee`` is three subjects at DL2, the first with a DLT. Status e =
evaluable without DLT, d = DLT, n = not evaluable, p = still inside the DLT window;
subject ids are numbered per level (``dl2-1``, ``dl2-2``...). The expected history
(``level DLTs/dose-finding decision`` per cohort), per-level decisions and MTD were
worked out by hand from the rules, step by step, not computed by the code under test.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ltfu.analysis.dose_finding import (
    Decision,
    DltStatus,
    DltSubject,
    boin_boundaries,
    boin_lambdas,
    decide_dose,
)
from ltfu.vocabulary import THREE_PLUS_THREE, DoseFindingDesign

STATUS = {"e": DltStatus.EVALUABLE, "d": DltStatus.DLT, "n": DltStatus.NOT_EVALUABLE, "p": DltStatus.PENDING}
BOIN_30 = DoseFindingDesign("boin", 0.30, 3, 9)


def subjects(sequence: str) -> list[DltSubject]:
    rows = []
    for group in sequence.split("|"):
        level, codes = group.split()
        for code in codes:
            number = sum(r[0] == level for r in rows) + 1
            rows.append((level, f"{level.lower()}-{number}", STATUS[code]))
    return [
        DltSubject(sid, level, date(2024, 1, 1) + timedelta(days=i), status)
        for i, (level, sid, status) in enumerate(rows)
    ]


SEQUENCES = [
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 eee | DL2 dee | DL2 eee | DL3 ded",
        "DL1 0/3 escalate | DL2 1/3 expand | DL2 1/6 escalate | DL3 2/3 exceeds_mtd",
        "DL1 escalate | DL2 mtd | DL3 exceeds_mtd",
        "DL2 declared",
        id="3+3: DL2 escalated at the time and is the MTD once DL3 exceeds",
    ),
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 eee | DL2 dde",
        "DL1 0/3 escalate | DL2 2/3 exceeds_mtd",
        "DL1 expand | DL2 exceeds_mtd",
        "- open",
        id="3+3: 0/3 just below an exceeded level must expand to 6",
    ),
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 eee | DL2 dde | DL1 ede",
        "DL1 0/3 escalate | DL2 2/3 exceeds_mtd | DL1 1/6 mtd",
        "DL1 mtd | DL2 exceeds_mtd",
        "DL1 declared",
        id="3+3: expanded below the exceeded level, the MTD",
    ),
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 eee | DL2 eee | DL1 dde | DL3 eee",
        "DL1 0/3 escalate | DL2 0/3 escalate | DL1 2/6 exceeds_mtd | DL3 0/3 stopped",
        "DL1 exceeds_mtd | DL2 stopped | DL3 stopped",
        "- none_tolerated",
        id="3+3: a lower level exceeds after a higher one was opened",
    ),
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 edeeee | DL2 eee",
        "DL1 1/3 expand | DL1 1/6 escalate | DL2 0/3 escalate",
        "DL1 escalate | DL2 escalate",
        "- open",
        id="3+3: no MTD while the next higher level is still open",
    ),
    pytest.param(
        THREE_PLUS_THREE,
        "DL1 eee | DL2 epp | DL3 dd",
        "DL1 0/3 escalate | DL2 0/3 pending | DL3 2/2 exceeds_mtd",
        "DL1 escalate | DL2 pending | DL3 exceeds_mtd",
        "- open",
        id="3+3: a cohort waits for its DLT window, two DLTs decide at once",
    ),
    pytest.param(
        THREE_PLUS_THREE, "DL1 ep", "DL1 0/2 enrolling", "DL1 enrolling", "- open", id="3+3: a cohort not yet full"
    ),
    pytest.param(
        BOIN_30,
        # 0/3 = 0 <= 0.236 escalate; 1/3 = 0.33 between the boundaries, stay; 1/6 = 0.17
        # escalate; 2/3 = 0.67 >= 0.358 de-escalate (not eliminated: P(p > 0.3) = 0.92);
        # 2/9 = 0.22 escalate. Isotonic estimates 0.016, 0.225, 0.661: DL2 is closest
        # to 0.30 and has treated its 9.
        "DL1 eee | DL2 dee | DL2 eee | DL3 dde | DL2 ede",
        "DL1 0/3 escalate | DL2 1/3 stay | DL2 1/6 escalate | DL3 2/3 de_escalate | DL2 2/9 escalate",
        "DL1 escalate | DL2 mtd | DL3 de_escalate",
        "DL2 declared",
        id="BOIN: escalate, stay and de-escalate by the boundaries",
    ),
    pytest.param(
        BOIN_30,
        # 3/3: P(p > 0.3 | Beta(4, 1)) = 1 - 0.3^4 = 0.992 > 0.95. DL1 cannot escalate
        # into an eliminated level: it stays, with 3 of its 9 treated.
        "DL1 eee | DL2 ddd | DL3 eee",
        "DL1 0/3 escalate | DL2 3/3 eliminate | DL3 0/3 stopped",
        "DL1 stay | DL2 eliminate | DL3 stopped",
        "- open",
        id="BOIN: a level is eliminated with every level above",
    ),
    pytest.param(
        BOIN_30, "DL1 ddd", "DL1 3/3 eliminate", "DL1 eliminate", "- none_tolerated", id="BOIN: the lowest eliminated"
    ),
]


@pytest.mark.parametrize(("design", "sequence", "history", "levels", "mtd"), SEQUENCES)
def test_hand_worked_sequences(design, sequence, history, levels, mtd):
    result = decide_dose(subjects(sequence), design)
    got = [f"{c.dose_level} {c.level_dlt}/{c.level_n} {c.decision.value}" for c in result.history]
    assert got == history.split(" | ")
    assert [f"{r.dose_level} {r.decision.value}" for r in result.levels] == levels.split(" | ")
    assert f"{result.mtd or '-'} {result.mtd_status.value}" == mtd
    assert [c.step for c in result.history] == list(range(1, len(result.history) + 1))
    assert (result.boundaries is not None) == (design.design == "boin")


def test_replacement_expansion_cohort_and_its_exact_ci():
    result = decide_dose(subjects("DL1 eee | DL2 deeneee | DL3 dde | DL2 de"))
    dl2 = result.level("DL2")
    # dl2-4 was not evaluable (e.g. died before Day 28 without a DLT): dl2-7 replaces them.
    assert dl2.dose_finding == ("dl2-1", "dl2-2", "dl2-3", "dl2-5", "dl2-6", "dl2-7")
    assert (dl2.decision, result.mtd) == (Decision.MTD, "DL2")
    expansion = dl2.expansion
    assert expansion is not None
    assert (expansion.subjects, expansion.n_dlt, expansion.dlt_subjects) == (("dl2-8", "dl2-9"), 1, ("dl2-8",))
    # 2 DLTs in 8 evaluable; Clopper-Pearson 95% CI 0.0319-0.6509 (R: binom.test(2, 8)).
    assert (expansion.overall_dlt, expansion.overall_evaluable) == (2, 8)
    assert expansion.lower == pytest.approx(0.03185, abs=5e-5)
    assert expansion.upper == pytest.approx(0.65086, abs=5e-5)
    assert not expansion.flagged


def test_pending_subjects_among_the_dose_finding_ones_are_counted():
    level = decide_dose(subjects("DL1 eee | DL2 epp")).level("DL2")
    assert (level.n_dose_finding, level.n_dose_finding_pending, level.decision) == (3, 2, Decision.PENDING)


def test_an_expansion_reaching_a_third_is_flagged():
    expansion = decide_dose(subjects("DL1 deeeeedde")).level("DL1").expansion
    assert expansion is not None and (expansion.overall_dlt, expansion.overall_evaluable) == (3, 9)
    # R: binom.test(3, 9) gives 0.0749-0.7007.
    assert (round(expansion.lower, 4), round(expansion.upper, 4)) == (0.0749, 0.7007)
    assert expansion.flagged


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
