"""The annual status report rendered from hand-made content and read back."""

from __future__ import annotations

import datetime as dt
import io
import string
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from report_samples import pdf_pages, pdf_text

from ltfu.errors import ValidationError
from ltfu.reports.annual import LANGUAGES, load_annual_texts, render_annual
from ltfu.reports.annual_content import (
    ALL,
    AnnualReportContent,
    AtRiskSubject,
    BCells,
    CountRow,
    CountTable,
    Deaths,
    DltRow,
    Dropout,
    Enrolment,
    ExpansionChart,
    ExpansionSeries,
    FollowUp,
    FollowUpRow,
    Immunogenicity,
    KmCurve,
    KmSummary,
    Label,
    Landmark,
    Listing,
    OverdueVisit,
    Pd,
    PdTable,
    Pk,
    PkRow,
    PkTable,
    Relapses,
    Response,
    Safety,
    Signature,
    SiteLine,
    term,
)
from ltfu.reports.charts import _steps, km_chart
from ltfu.rows import Death, DelayedAe, Descriptive, PdSummary, RclAlert, Relapse, ResponseRate, TermCount

# --- a small content built by hand, the way the service builds it ---------------------------

LEVELS = ("DL1", "DL2")
GRADE_COLUMNS = (term("grades", "subjects"), term("grades", "none"), term("grades", "grade", n=1))
SHA = "ab" * 32


def by_level(section: str, columns: tuple[str, ...], values: dict[str, tuple[int, ...]]) -> CountTable:
    rows = tuple(CountRow(level, values[level]) for level in LEVELS)
    total = CountRow(ALL, tuple(sum(row.counts[i] for row in rows) for i in range(len(columns))))
    return CountTable(columns=tuple(term(section, c) for c in columns), rows=rows, total=total)


def curve(n: int = 10) -> KmCurve:
    times = tuple(float(t) for t in (0, 30, 90, 200, 400, 800))
    survival = (1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
    return KmCurve(
        times=times,
        survival=survival,
        lower=tuple(max(0.0, s - 0.2) for s in survival),
        upper=tuple(min(1.0, s + 0.1) for s in survival),
        censored=(120.0, 500.0),
        at_risk=tuple((day, max(0, n - i * 2)) for i, day in enumerate((0.0, 365.25, 730.5, 1095.75))),
        x_max_days=1095.75,
    )


def km(key: str, median: float | None = 800.0) -> KmSummary:
    return KmSummary(
        key=key,
        definition=term("survival", f"{key}_definition", threshold="100"),
        n=10,
        events=5,
        confidence_level=0.95,
        median=median,
        median_lower=400.0 if median else None,
        median_upper=None,
        landmarks=(
            Landmark(day=365.0, survival=0.6, lower=0.4, upper=0.7),
            Landmark(day=730.0, survival=None, lower=None, upper=None),
        ),
        curve=curve(),
    )


def stat(value: float) -> Descriptive:
    return Descriptive(
        n=5,
        n_geometric=5,
        geometric_mean=value,
        geometric_cv_percent=55.0,
        median=value,
        minimum=value / 3,
        maximum=value * 3,
    )


def spread(median: float, low: float, high: float) -> Descriptive:
    """Median and range only, as the PD summaries give them."""
    return Descriptive(
        n=5, n_geometric=0, geometric_mean=None, geometric_cv_percent=None, median=median, minimum=low, maximum=high
    )


def pd_row(group: Label, n: int, fold: Descriptive) -> tuple[Label, PdSummary]:
    return group, PdSummary(
        analyte="il6",
        dose_level=None,
        crs_grade=None,
        n_subjects=n,
        baseline=spread(5.2, 3.1, 9.9),
        peak=spread(812.0, 95.5, 7532.0),
        peak_day=spread(4, 3, 6),
        fold_change=fold,
        auc_0_28=spread(21426.0, 17871.0, 23682.0),
    )


def follow_row(label: Label) -> FollowUpRow:
    return FollowUpRow(
        label=label,
        subjects=5,
        observed_years=9.5,
        potential_years=10.0,
        completeness=0.95,
        visits_expected=40,
        visits_completed=36,
        visits_missed=2,
        visits_overdue=2,
        visits_cancelled=3,
        completed_fraction=0.9,
    )


def make_content(**changes) -> AnnualReportContent:
    content = AnnualReportContent(
        study_title="Human CD19-CD22 Targeted T Cells Injection in r/r B-ALL: long-term follow-up",
        protocol_id="cd19-cd22-ph1",
        protocol_version="1.0",
        year=2026,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 11, 30),
        data_sha256=SHA,
        sites=(SiteLine(code="BJ01", name="北京示例医院 Beijing Example Hospital", subjects=10),),
        subjects_entered=10,
        subjects_infused=10,
        enrolment=Enrolment(
            dose_levels=LEVELS,
            status=by_level("status", ("entered", "infused", "died"), {"DL1": (5, 5, 1), "DL2": (5, 5, 2)}),
            demographics=CountTable(
                columns=(*LEVELS, term("terms", "total")),
                rows=(
                    CountRow(term("demographics", "age_0_17"), (1, 2, 3), term("demographics", "age")),
                    CountRow(term("demographics", "age_18_39"), (4, 3, 7), term("demographics", "age")),
                    CountRow(term("demographics", "sex_f"), (2, 3, 5), term("demographics", "sex")),
                    CountRow(term("demographics", "sex_m"), (3, 2, 5), term("demographics", "sex")),
                    CountRow("Asian", (5, 5, 10), term("demographics", "race")),
                ),
                total=CountRow(term("status", "entered"), (5, 5, 10)),
            ),
            dropouts=Listing(
                rows=(
                    Dropout(
                        subject_id="CD1922-003",
                        dose_level="DL1",
                        date=date(2026, 3, 1),
                        kind="withdrawn",
                        scope=term("enrolment", "scope_visits"),
                        due_to_ae=True,
                    ),
                ),
                total=1,
            ),
            dropouts_due_to_ae=1,
            not_infused=0,
        ),
        follow_up=FollowUp(
            rows=(follow_row("DL1"), follow_row("DL2"), follow_row(ALL)),
            period_rows=(follow_row("DL1"), follow_row("DL2"), follow_row(ALL)),
            overdue=Listing(
                rows=(
                    OverdueVisit(
                        subject_id="CD1922-004",
                        dose_level="DL2",
                        visit_code="M12",
                        window_end=date(2026, 8, 1),
                        days_overdue=121,
                    ),
                ),
                total=3,
            ),
            at_risk=Listing(
                rows=(
                    AtRiskSubject(
                        subject_id="CD1922-004",
                        dose_level="DL2",
                        last_known_alive=date(2026, 5, 2),
                        failed_attempts=2,
                        most_overdue_visit="M12",
                        days_overdue=121,
                    ),
                ),
                total=1,
            ),
            at_risk_overdue_days=60,
            duration_years=15,
        ),
        deaths=Deaths(
            total=3,
            in_period=Listing(
                rows=(
                    Death(
                        subject_id="CD1922-007",
                        dose_level="DL2",
                        date=date(2026, 6, 1),
                        study_day=400,
                        cause='sepsis <b>"Tom" & Jerry</b>',
                    ),
                ),
                total=1,
            ),
            by_cause=CountTable(
                columns=(*LEVELS, term("terms", "total")),
                rows=(CountRow("relapsed leukemia", (1, 2, 3)),),
                total=CountRow(term("terms", "all_deaths"), (1, 2, 3)),
            ),
        ),
        relapses=Relapses(
            total=1,
            subjects=1,
            in_period=1,
            listing=Listing(
                rows=(
                    Relapse(
                        subject_id="CD1922-002",
                        dose_level="DL1",
                        date=date(2026, 2, 2),
                        study_day=300,
                        cd19="negative",
                        cd22="positive",
                        lineage_switch=False,
                        detail="CD19 negative, CD22 positive",
                    ),
                ),
                total=1,
            ),
            first_relapse_phenotypes=(
                (
                    term(
                        "relapses",
                        "phenotype",
                        cd19=term("relapses", "antigen_negative"),
                        cd22=term("relapses", "antigen_positive"),
                    ),
                    1,
                ),
            ),
        ),
        response=Response(
            last_day=98,
            confidence_level=0.95,
            overall=ResponseRate(label="all", responders=7, evaluable=9, rate=7 / 9, lower=0.4, upper=0.97, mrd_negative=6),
            by_dose_level=(
                ResponseRate(label="DL1", responders=3, evaluable=4, rate=0.75, lower=0.19, upper=0.99, mrd_negative=3),
                ResponseRate(label="DL2", responders=4, evaluable=5, rate=0.8, lower=0.28, upper=0.99, mrd_negative=3),
            ),
            best_response=by_level(
                "response", ("CR", "CRi", "PR", "NR", "not_assessed"), {"DL1": (2, 1, 0, 1, 0), "DL2": (4, 0, 0, 1, 0)}
            ),
        ),
        survival=(
            km("os", None),
            km("pfs"),
            replace(km("dor"), curve=None),
        ),
        pk=Pk(
            tables=(
                PkTable(
                    analyte="car_copies",
                    unit="copies/ug",
                    rows=(
                        PkRow(
                            dose_level="DL1",
                            n_subjects=5,
                            cmax=stat(12345.6),
                            tmax_day=stat(10),
                            auc_0_28=stat(123456.0),
                        ),
                    ),
                    not_computed=((term("pk", "reason_no_day_28"), 1),),
                ),
            ),
            expansion=ExpansionChart(
                analyte="car_copies",
                unit="copies/ug",
                mode="subjects",
                series=(
                    ExpansionSeries(dose_level="DL1", days=(0, 7, 14, 28, 91), values=(0, 1e3, 3e4, 5e3, 20)),
                    ExpansionSeries(dose_level="DL2", days=(0, 7, 14, 28), values=(0, 5e3, 8e4, 1e4)),
                ),
                dose_levels=LEVELS,
                subjects=2,
            ),
        ),
        pd=Pd(
            end_day=28,
            tables=(
                PdTable(
                    analyte="il6",
                    unit="pg/mL",
                    by_dose_level=(
                        pd_row("DL1", 5, spread(40.0, 12.0, 300.0)),
                        pd_row("DL2", 4, spread(160, 20, 1665)),
                    ),
                    by_crs_grade=(
                        pd_row(term("pd", "no_crs"), 3, spread(5.72, 3.35, 9.51)),
                        pd_row(term("grades", "grade", n=3), 6, spread(323.0, 212.0, 440.0)),
                    ),
                    fold_not_computed=((term("pd", "reason_baseline_blq"), 1),),
                    auc_not_computed=((term("pd", "reason_no_day_28"), 2), (term("pd", "reason_no_baseline"), 1)),
                ),
            ),
        ),
        b_cells=BCells(
            b_cell_threshold=100.0,
            igg_threshold=4.0,
            by_dose_level=by_level("b_cell_counts", ("with_counts", "recovered"), {"DL1": (5, 2), "DL2": (5, 3)}),
            recovery=km("b_cell_recovery"),
        ),
        immunogenicity=Immunogenicity(
            rcl_status=by_level("rcl_status", ("positive", "first_year_negative"), {"DL1": (1, 4), "DL2": (0, 5)}),
            rcl_samples_tested=30,
            rcl_samples_archived=4,
            rcl_alerts=(RclAlert(
                    subject_id="CD1922-009", dose_level="DL1", date=date(2026, 4, 1), study_day=184, message="RCL"
                ),),
            hama=by_level("hama", ("negative", "treatment-emergent"), {"DL1": (4, 1), "DL2": (5, 0)}),
        ),
        safety=Safety(
            n_subjects=10,
            n_events=20,
            n_subjects_with_ae=9,
            serious_events=8,
            serious_subjects=6,
            related_events=15,
            events_by_grade=((1, 5), (2, 5), (3, 6), (4, 4), (5, 0)),
            subjects_by_worst_grade=((0, 1), (1, 1), (2, 2), (3, 4), (4, 2), (5, 0)),
            most_frequent=(TermCount(term="Cytokine release syndrome", subjects=8, events=8),),
            most_serious=(TermCount(term="Febrile neutropenia", subjects=3, events=3),),
            crs=CountTable(
                columns=GRADE_COLUMNS,
                rows=(CountRow("DL1", (5, 1, 4)),),
                total=CountRow(ALL, (5, 1, 4)),
            ),
            icans=CountTable(
                columns=GRADE_COLUMNS,
                rows=(CountRow("DL1", (5, 4, 1)),),
                total=CountRow(ALL, (5, 4, 1)),
            ),
            dlt_window_days=28,
            dlt=(
                DltRow(
                    dose_level="DL1",
                    treated=5,
                    evaluable=3,
                    pending=2,
                    not_evaluable=0,
                    dlt=0,
                    decision=term("decisions", "escalate", dlts=0, evaluable=3),
                ),
            ),
            mtd=None,
            delayed_after_day=28,
            delayed_by_category=(TermCount(term="serious_infection", subjects=1, events=1),),
            delayed=Listing(
                rows=(
                    DelayedAe(
                        subject_id="CD1922-005",
                        dose_level="DL1",
                        onset=date(2026, 5, 5),
                        study_day=500,
                        term="Pneumonia",
                        grade=3,
                        category="serious_infection",
                        serious=True,
                        resolved=None,
                    ),
                ),
                total=1,
            ),
            delayed_total=1,
        ),
    )
    return replace(content, **changes)


# --- the tests ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def unsigned() -> bytes:
    return render_annual(make_content())


def signature(**changes) -> Signature:
    values = {
        "printed_name": "Dr Zoë Investigator",
        "signed_at_utc": dt.datetime(2026, 12, 1, 14, 3, 5, tzinfo=dt.UTC),
        "meaning": "approved",
    }
    return Signature(**(values | changes))


def test_cover_names_study_period_data_cut_and_hash(unsigned):
    pages = pdf_pages(unsigned)
    cover = " ".join(pages[0].split())
    assert "Annual status report 2026" in cover
    assert "Thursday 1 January 2026 to Monday 30 November 2026" in cover
    assert "Human CD19-CD22 Targeted T Cells Injection" in cover
    assert "北京示例医院 Beijing Example Hospital" in cover  # CJK falls back to the bundled font
    assert SHA in cover
    assert "Not signed" in cover
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert all("Not signed" in page for page in pages)  # the footer says so on every page


def test_every_section_is_printed(unsigned):
    text = pdf_text(unsigned)
    for heading in (
        "1 Enrolment and follow-up status",
        "2 Follow-up completeness",
        "3 Deaths",
        "4 Relapses",
        "5 Response, remission and survival",
        "6 Pharmacokinetics",
        "7 Pharmacodynamics",
        "8 B-cell aplasia and IgG",
        "9 Replication-competent lentivirus and HAMA",
        "10 Adverse events",
        "11 Delayed adverse events of special interest",
    ):
        assert text.count(heading) >= 2, heading  # in the contents and as the heading


def test_numbers_are_printed_as_given(unsigned):
    text = pdf_text(unsigned)
    assert "7/9" in text and "77.8%" in text and "40.0–97.0%" in text  # ORR with the exact CI as given
    assert "N = 10, events = 5; median 800 days (95% CI 400–NR)" in text
    assert "N = 10, events = 5; median NR (95% CI NR–NR)" in text  # OS: median not reached
    assert "12,346 (55%)" in text  # Cmax geometric mean, three significant digits
    assert "CD19 negative, CD22 positive" in text
    assert "0/3 DLT: escalate to the next dose level" in text
    assert "not determined" in text  # no MTD yet
    assert "Serious infection" in text  # category code shown as words
    assert "Number at risk" in text


def test_pharmacodynamics_print_medians_ranges_by_level_and_crs_grade_and_why_not_computed(unsigned, chinese):
    text = " ".join(pdf_text(unsigned).split())
    assert "Interleukin-6 (IL-6) (pg/mL), Day 0 to Day 28: median (range)" in text
    for words in ("By dose level", "By worst CRS grade (ASTCT 2019)", "No CRS", "Grade 3", "Fold change"):
        assert words in text, words
    # Whole cells, never broken across lines: the values fit their columns.
    for cell in ("40.0 (12.0–300)", "160 (20.0–1,665)", "21,426 (17,871–23,682)", "812 (95.5–7,532)", "4 (3–6)"):
        assert cell in text, cell
    assert "Fold change not computed: 1 subject (baseline below the limit of quantification)." in text
    assert (
        "AUC0-28d not computed: 2 subjects (no sample on or after Day 28); 1 subject (no sample on or before Day 0)."
        in text
    )
    assert "Rule: baseline = the last value before Day 0, or the Day 0 pre-dose sample" in text
    zh = pdf_text(chinese)
    for words in (
        "白细胞介素-6（IL-6）",
        "按剂量组",
        "按最严重 CRS 分级",
        "无 CRS",
        "3 级",
        "倍数变化",
        "21,426 (17,871–23,682)",
    ):
        assert words in zh, words
    flat = "".join(zh.split())
    assert "未计算倍数变化：1例受试者（基线低于定量下限）。" in flat


def test_user_text_is_escaped(unsigned):
    assert 'sepsis <b>"Tom" & Jerry</b>' in pdf_text(unsigned)


def test_long_listings_say_how_many_are_not_listed(unsigned):
    assert "and 2 more not listed here" in pdf_text(unsigned)  # 1 of 3 overdue visits listed


def test_same_content_gives_the_same_bytes(unsigned):
    assert render_annual(make_content()) == unsigned
    signed = make_content(signature=signature())
    assert render_annual(signed) == render_annual(signed)


def test_a_signature_is_printed_on_the_cover_and_in_every_footer(unsigned):
    pdf = render_annual(make_content(signature=signature()))
    pages = pdf_pages(pdf)
    assert pdf != unsigned and len(pages) == len(pdf_pages(unsigned))
    cover = " ".join(pages[0].split())
    assert "Dr Zoë Investigator" in cover and "2026-12-01 14:03:05" in cover and "approved" in cover
    assert "Signed electronically" in cover and "Not signed" not in cover
    assert all("Signed by Dr Zoë Investigator (approved), 2026-12-01 14:03 UTC" in p for p in pages)


def test_signature_needs_name_meaning_and_a_time_zone():
    with pytest.raises(ValidationError, match="printed name"):
        signature(printed_name=" ")
    with pytest.raises(ValidationError, match="meaning"):
        signature(meaning="")
    with pytest.raises(ValidationError, match="time zone"):
        signature(signed_at_utc=dt.datetime(2026, 12, 1, 14, 3))
    beijing = dt.timezone(dt.timedelta(hours=8))
    assert signature(signed_at_utc=dt.datetime(2026, 12, 1, 22, 3, tzinfo=beijing)).signed_at_utc == dt.datetime(
        2026, 12, 1, 14, 3, tzinfo=dt.UTC
    )


def test_content_checks_its_hash_and_period():
    with pytest.raises(ValidationError, match="SHA-256"):
        make_content(data_sha256="not a hash")
    with pytest.raises(ValidationError, match="before the period starts"):
        make_content(period_end=dt.date(2025, 12, 31))


def test_pdf_metadata_holds_no_clock_time(unsigned):
    info = PdfReader(io.BytesIO(unsigned)).metadata
    assert info.title == "Annual status report"
    assert info["/CreationDate"].startswith("D:20000101000000")  # reportlab's invariant mode: a fixed date


def test_step_curve_of_many_steps_is_drawn_with_few_points():
    times = [float(t) for t in range(0, 2000)]
    survival = [1 - t / 4000 for t in times]

    def sx(t):
        return t / 2000 * 480

    def sy(p):
        return p * 200

    points = _steps(times, survival, sx, sy)
    assert len(points) < 4 * 2000  # every point of a straight run is dropped
    assert points[:2] == [0.0, 200.0]
    assert points[-2:] == [round(sx(1999), 1), round(sy(survival[-1]), 1)]


def test_km_chart_skips_censor_ticks_when_there_are_too_many():
    many = replace(curve(), censored=tuple(float(d) for d in range(1000)))
    few = km_chart(
        curve(),
        width=400,
        height=200,
        font="LtfuSans",
        bold="LtfuSans-Bold",
        y_label="P",
        x_label="Months",
        at_risk_label="At risk",
    )
    crowded = km_chart(
        many,
        width=400,
        height=200,
        font="LtfuSans",
        bold="LtfuSans-Bold",
        y_label="P",
        x_label="Months",
        at_risk_label="At risk",
    )
    assert len(crowded.contents[0].contents) <= len(few.contents[0].contents)


def test_a_sites_own_texts_must_keep_every_key(tmp_path):
    shipped = load_annual_texts()
    (tmp_path / "annual_en.toml").write_text(
        'language = "en"\n[report]\ntitle = "Jahresbericht {year}"\n', encoding="utf-8"
    )
    with pytest.raises(ValidationError, match="missing key"):
        load_annual_texts(tmp_path)
    assert shipped.text("report", "title", year=2026) == "Annual status report 2026"


def test_an_empty_listing_prints_none():
    content = make_content()
    content = replace(content, follow_up=replace(content.follow_up, overdue=Listing(rows=(), total=0)))
    assert "Overdue visits at the data cut (0), most overdue first None." in pdf_text(render_annual(content))


# --- languages ----------------------------------------------------------------------------------


def _keys(language: str) -> set[tuple[str, str]]:
    import tomllib

    from ltfu.reports.texts import default_folder

    raw = tomllib.loads(default_folder().joinpath(f"annual_{language}.toml").read_text(encoding="utf-8"))
    assert raw.pop("language") == language
    return {(section, key) for section, table in raw.items() for key in table}


def test_every_language_has_exactly_the_keys_of_the_english_texts():
    english = _keys("en")
    for language in LANGUAGES:
        keys = _keys(language)
        assert not english - keys, f"annual_{language}.toml lacks {sorted(english - keys)}"
        assert not keys - english, f"annual_{language}.toml has unknown {sorted(keys - english)}"
        # Each loads through the same checks, placeholders included.
        texts = load_annual_texts(language=language)
        for section, key in english:
            placeholders = {name for _, name, _, _ in string.Formatter().parse(texts.sections[section][key]) if name}
            reference = load_annual_texts().sections[section][key]
            assert placeholders <= {n for _, n, _, _ in string.Formatter().parse(reference) if n}, (section, key)


def test_every_term_the_content_uses_has_words():
    """Every `Term` in the sample content resolves in each language (none left as a code)."""
    content = make_content()
    for language in LANGUAGES:
        text = pdf_text(render_annual(content, language=language))
        assert "not_assessed" not in text and "first_year_negative" not in text


@pytest.fixture(scope="module")
def chinese() -> bytes:
    return render_annual(make_content(), language="zh")


def test_the_report_prints_in_chinese(chinese):
    pages = pdf_pages(chinese)
    cover = " ".join(pages[0].split())
    assert "2026年度进展报告" in cover
    assert "2026年1月1日（星期四） 至 2026年11月30日（星期一）" in cover
    assert SHA in cover and "未签名" in cover
    assert f"第1页，共{len(pages)}页" in pages[0]
    text = pdf_text(chinese)
    for heading in ("1 入组与随访状态", "5 缓解、缓解持续与生存", "7 药效动力学", "11 特别关注的迟发性不良事件"):
        assert text.count(heading) >= 2, heading
    # Codes of the content in Chinese words: status, sex, totals, grades, decisions, phenotypes.
    for words in ("入组", "已回输", "死亡", "女", "男", "合计", "全部死亡", "1 级", "未评估", "严重感染"):
        assert words in text, words
    # Chinese lines break between any two characters: compare without white space.
    flat = "".join(text.split())
    for sentence in (
        "0/3 DLT：递增至下一剂量组",
        "CD19 阴性，CD22 阳性",
        "N = 10，事件 = 5；中位值 800 天（95% CI 400–NR）",
        "1 例受试者（第 28 天及以后无样本）",
    ):
        assert "".join(sentence.split()) in flat, sentence
    # Data stays as recorded; the English words of the report do not appear.
    assert "北京示例医院 Beijing Example Hospital" in text and "Asian" in text
    for english in ("Entered", "Female", "Overall survival", "Grade 1", "Not assessed", "escalate", "Total"):
        assert english not in text, english


def test_a_language_without_texts_is_refused():
    with pytest.raises(ValidationError, match="no texts in language 'fr'"):
        render_annual(make_content(), language="fr")


def test_a_signature_is_printed_in_the_reports_language():
    pages = pdf_pages(render_annual(make_content(signature=signature()), language="zh"))
    assert "已电子签名" in pages[0] and "Dr Zoë Investigator" in pages[0]
    assert all("签名人：Dr Zoë Investigator（批准），2026-12-01 14:03 UTC" in page for page in pages)


@pytest.mark.parametrize(
    ("language", "heading", "record", "intro", "field", "flag_change"),
    [
        (
            "en",
            "15 Corrections after a frozen data cut",
            "Result",
            "2 change(s) made after a frozen data cut",
            "Value",
            "Below the limit of quantification: no → yes",
        ),
        ("zh", "15 数据冻结后的更正", "检验结果", "数据冻结后对其冻结记录所作的更改共2项", "数值", "低于定量下限:否→是"),
    ],
)
def test_corrections_after_a_frozen_cut_are_listed_with_their_reasons(
    language, heading, record, intro, field, flag_change, tmp_path
):
    from ltfu.reports.annual_content import CorrectionRow

    row = CorrectionRow(
        cut_id=1,
        cut_as_of=date(2026, 11, 29),
        subject_id="CD1922-017",
        record="result",
        field="value",
        old="212.4",
        new="21.24",
        day=date(2027, 1, 12),
        reason="the decimal point was misplaced when the count was copied from the hospital chart",
    )
    flag = replace(row, field="blq", old="False", new="True")
    pdf = render_annual(make_content(corrections=Listing(rows=(row, flag), total=2)), language=language)
    text = pdf_text(pdf)
    flat = "".join(text.split())
    assert text.count(heading) >= 2 or "".join(heading.split()) in flat  # contents and heading
    assert "".join(intro.split()) in flat and record in text
    assert "decimalpointwasmisplaced" in flat and f"{field}:212.4→21.24" in flat  # the field in words
    assert "".join(flag_change.split()) in flat and "False" not in text  # a flag's values in words too
    assert "".join(intro.split()) not in "".join(pdf_text(render_annual(make_content(), language=language)).split())
    (tmp_path / f"corrections-{language}.pdf").write_bytes(pdf)


def test_every_field_a_frozen_record_holds_has_a_word_in_the_corrections():
    from ltfu.services import trail
    from ltfu.vocabulary import FROZEN_DATES

    for language in ("en", "zh"):
        words = load_annual_texts(language=language).sections["corrections"]
        missing = {f for table in FROZEN_DATES for f in trail.RECORD_FIELDS[table] if f"field_{f}" not in words}
        assert not missing, (language, missing)
