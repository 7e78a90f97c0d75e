"""The annual report's dose pages: history, expansion cohorts, MTD, BOIN boundaries."""

from __future__ import annotations

from dataclasses import replace

import pytest
from report_samples import pdf_text
from test_annual_report_pdf import make_content

from ltfu.reports.annual import LANGUAGES, render_annual
from ltfu.reports.annual_content import BoinRow, BoinTable, DltRow, DoseExpansionRow, DoseStepRow, term


def step(n: int, level: str, cohort: int, subjects: str, key: str, dlts: int, of: int) -> DoseStepRow:
    return DoseStepRow(
        step=n,
        dose_level=level,
        cohort=cohort,
        subjects=tuple(subjects.split()),
        decision=term("decisions", key, dlts=dlts, evaluable=of),
    )


def level(name: str, key: str, dlts: int, of: int) -> DltRow:
    return DltRow(
        dose_level=name,
        treated=of,
        evaluable=of,
        pending=0,
        not_evaluable=0,
        dlt=dlts,
        decision=term("decisions", key, dlts=dlts, evaluable=of),
    )


# Liu and Yuan's boundaries for a target of 0.30 (the BOIN R package's get.boundary).
BOIN_ROWS = tuple(
    BoinRow(n=n, escalate_at_most=e, de_escalate_at_least=d, eliminate_at_least=x)
    for n, e, d, x in (
        (1, 0, 1, None),
        (2, 0, 1, None),
        (3, 0, 2, 3),
        (4, 0, 2, 3),
        (5, 1, 2, 4),
        (6, 1, 3, 4),
        (7, 1, 3, 5),
        (8, 1, 3, 5),
        (9, 2, 4, 5),
    )
)


def boin_content():
    base = make_content()
    safety = replace(
        base.safety,
        dose_design="boin",
        dlt=(level("DL1", "escalate", 0, 3), level("DL2", "mtd", 2, 9), level("DL3", "de_escalate", 2, 3)),
        dlt_history=(
            step(1, "DL1", 1, "S-01 S-02 S-03", "escalate", 0, 3),
            step(2, "DL2", 1, "S-04 S-05 S-06", "stay", 1, 3),
            step(3, "DL2", 2, "S-07 S-08 S-09", "escalate", 1, 6),
            step(4, "DL3", 1, "S-10 S-11 S-12", "de_escalate", 2, 3),
            step(5, "DL2", 3, "S-13 S-14 S-15", "escalate", 2, 9),
        ),
        dlt_expansion=(
            DoseExpansionRow(
                dose_level="DL2",
                subjects=3,
                dlt=2,
                overall_dlt=4,
                overall_evaluable=12,
                rate=4 / 12,
                lower=0.0992,
                upper=0.6511,
                flagged=True,
            ),
        ),
        mtd="DL2",
        mtd_status="declared",
        boin=BoinTable(target=0.30, cohort_size=3, max_per_dose=9, lambda_e=0.2365, lambda_d=0.3585, rows=BOIN_ROWS),
    )
    return replace(base, safety=safety)


@pytest.fixture(scope="module")
def boin_pdfs() -> dict[str, str]:
    return {language: pdf_text(render_annual(boin_content(), language=language)) for language in LANGUAGES}


def test_boin_pages_print_the_history_expansion_mtd_and_boundaries(boin_pdfs):
    text = boin_pdfs["en"]
    flat = " ".join(text.split())
    assert "the dose decision (BOIN, target DLT rate 0.30)" in flat
    assert "Maximum tolerated dose: DL2 (BOIN selection" in flat
    assert "S-13, S-14, S-15" in flat and "2/9 DLT: escalate to the next dose level" in flat
    assert "2/3 DLT: de-escalate to the next lower dose level" in flat
    assert "4/12" in flat and "33.3%" in flat and "9.9–65.1%" in flat and "Yes: review" in flat
    assert "λe = 0.236" in flat and "λd = 0.358" in flat
    assert "in cohorts of 3" in flat and "the first 9 DLT-evaluable subjects" in flat
    # The boundary table, row by row: n, escalate <=, de-escalate >=, eliminate >=.
    assert "1 0 1 – 2 0 1 – 3 0 2 3 4 0 2 3 5 1 2 4 6 1 3 4 7 1 3 5 8 1 3 5 9 2 4 5" in flat


def test_the_chinese_dose_pages_hold_no_english_words(boin_pdfs):
    flat = "".join(boin_pdfs["zh"].split())
    for words in (
        "BOIN决策边界",
        "扩展队列",
        "剂量递增过程",
        "最大耐受剂量：DL2",
        "2/9DLT：递增至下一剂量组",
        "是：需审查",
    ):
        assert words in flat, words
    for english in ("escalate", "Expansion", "Maximum tolerated", "review", "cohort"):
        assert english not in boin_pdfs["zh"], english


@pytest.mark.parametrize(
    ("mtd", "status", "sentence"),
    [
        (None, "open", "Maximum tolerated dose: not determined yet; dose finding is still open."),
        (None, "none_tolerated", "Maximum tolerated dose: none; the lowest dose level treated exceeds the MTD."),
        ("DL2", "declared", "Maximum tolerated dose: DL2 (the highest dose level with 6 dose-finding subjects"),
    ],
)
def test_the_3_3_mtd_sentence_follows_the_status(mtd, status, sentence):
    content = make_content()
    content = replace(content, safety=replace(content.safety, mtd=mtd, mtd_status=status))
    flat = " ".join(pdf_text(render_annual(content)).split())
    assert sentence in flat
    assert "the dose decision (3+3)" in flat and "No cohort treated yet." in flat
    assert "No dose level has treated subjects beyond its dose-finding subjects." in flat
    assert "BOIN" not in flat
