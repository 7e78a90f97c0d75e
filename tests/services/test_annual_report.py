"""The annual status report built from a demo database, rendered and read back."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
from dataclasses import replace

import hypothesis
import numpy as np
import pytest
from hypothesis import strategies as st
from pypdf import PdfReader
from sqlalchemy import select

from ltfu.analysis import PackedResults, SubjectRecord
from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.reports.annual import render_annual
from ltfu.reports.annual_content import ALL, Signature, Term, term
from ltfu.services import annual_report, packs
from ltfu.services.annual_report import ReportRequest, build_annual_content, data_hash, render_annual_report
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, load_subject_records
from ltfu.services.progress import ReportStep

TODAY = dt.date(2026, 11, 29)
YEAR = 2026


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    database = open_database(str(tmp_path_factory.mktemp("annual") / "demo.sqlite3"))
    build_demo(database, subjects=40, seed=1, today=TODAY)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def report(demo_db):
    steps = []
    pdf, sha = render_annual_report(
        demo_db,
        YEAR,
        ReportRequest(TODAY, today=TODAY),
        progress=lambda f, text: steps.append((f, text, threading.get_ident())),
    )
    return pdf, sha, steps


def test_report_has_its_pages_and_reports_progress(report):
    pdf, sha, steps = report
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert 8 <= len(pages) <= 20
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1].extract_text()
    fractions = [f for f, _, _ in steps]
    assert len(steps) >= 4 and fractions == sorted(fractions) and fractions[-1] == 1.0


def test_cover_hash_is_the_hash_of_the_records_given_to_the_analysis(demo_db, report):
    pdf, sha, _ = report
    with demo_db.session() as session:
        records = load_subject_records(session, TODAY)
    assert sha == data_hash(records)
    assert data_hash(list(reversed(records))) == sha  # whatever order the database returns them in
    cover = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert sha in cover and re.fullmatch(r"[0-9a-f]{64}", sha)


def test_orr_and_medians_printed_are_the_analysis_values(demo_db, report):
    text = text_of(report[0])
    endpoints = compute(demo_db, TODAY)
    orr = endpoints.orr.overall
    assert (
        f"{orr.responders}/{orr.evaluable} {100 * orr.rate:.1f}% {100 * orr.lower:.1f}–{100 * orr.upper:.1f}%" in text
    )
    for endpoint in (endpoints.os, endpoints.pfs, endpoints.dor):
        km = endpoint.km

        def days(x):
            return "NR" if x is None else f"{x:g}"

        median = "NR" if km.median is None else f"{km.median:g} days"
        caption = (
            f"N = {km.n}, events = {km.events}; median {median} (95% CI {days(km.median_lower)}–"
            f"{days(km.median_upper)})"
        )
        assert caption in text, caption


def test_tables_agree_with_the_analysis(demo_db):
    content = build_annual_content(demo_db, YEAR, TODAY, today=TODAY)
    endpoints = compute(demo_db, TODAY)
    status = content.enrolment.status
    infused = {row.label: row.counts[status.columns.index(term("status", "infused"))] for row in status.rows}
    assert infused == endpoints.infused_by_dose_level
    died = status.total.counts[status.columns.index(term("status", "died"))]
    assert died == content.deaths.total == len(endpoints.adverse_events.deaths)
    assert content.subjects_infused == endpoints.n_infused == 40
    assert content.relapses.total == len(endpoints.relapses.relapses)
    assert [r.dlt for r in content.safety.dlt] == [d.n_dlt for d in endpoints.dlt.dose_levels]
    assert content.safety.mtd == endpoints.dlt.mtd
    assert len(content.immunogenicity.rcl_alerts) == len(endpoints.rcl.alerts) >= 1
    every = content.follow_up.rows[-1]
    assert (
        every.label == ALL
        and every.visits_expected == every.visits_completed + every.visits_missed + every.visits_overdue
    )
    assert 0 < every.completeness <= 1
    assert content.follow_up.overdue.total == every.visits_overdue
    # The demo's lost subject is a dropout; withdrawn subjects too.
    kinds = {d.kind for d in content.enrolment.dropouts.rows}
    assert "lost_to_follow_up" in kinds


def test_no_personal_data_appears(demo_db, report):
    text = text_of(report[0])
    with demo_db.session() as session:
        contacts = session.execute(
            select(
                m.Contact.given_name,
                m.Contact.family_name,
                m.Contact.phone,
                m.Contact.email,
                m.Contact.address,
                m.Contact.birth_date,
            )
        ).all()
    assert contacts
    for given, family, phone, email, address, birth in contacts:
        for name in (f"{family}{given}", f"{given} {family}", f"{family} {given}", given):
            assert name not in text, name
        assert phone not in text and email not in text
        assert address is None or address not in text
        assert birth.isoformat() not in text


def test_same_data_gives_the_same_bytes_and_a_signature_is_printed(demo_db, report):
    pdf, sha, _ = report
    again, sha_again = render_annual_report(demo_db, YEAR, ReportRequest(TODAY, today=TODAY))
    assert again == pdf and sha_again == sha
    signature = Signature(
        printed_name="Dr PI Example", meaning="approved", signed_at_utc=dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    )
    signed, signed_sha = render_annual_report(demo_db, YEAR, ReportRequest(TODAY, today=TODAY), signature=signature)
    assert signed_sha == sha and signed != pdf
    assert "Signed by Dr PI Example (approved), 2026-12-01 09:30 UTC" in text_of(signed)
    # A later step can sign the content it already has and render again.
    content = build_annual_content(demo_db, YEAR, TODAY, today=TODAY)
    assert render_annual(replace(content, signature=signature)) == signed


def test_adding_one_result_changes_the_hash(tmp_path):
    database = open_database(str(tmp_path / "one.sqlite3"))
    try:
        build_demo(database, subjects=10, seed=2, today=TODAY)
        before = build_annual_content(database, YEAR, TODAY, today=TODAY).data_sha256
        assert build_annual_content(database, YEAR, TODAY, today=TODAY).data_sha256 == before
        with database.session() as session:
            subject_id = session.scalar(select(m.Subject.id).order_by(m.Subject.study_id).limit(1))
            session.add(
                m.Result(subject_id=subject_id, result_date=dt.date(2026, 11, 2), analyte="igg", value=6.5, unit="g/L")
            )
        assert build_annual_content(database, YEAR, TODAY, today=TODAY).data_sha256 != before
    finally:
        database.dispose()


def test_the_data_cut_must_fall_in_the_year_and_not_after_today(demo_db):
    with pytest.raises(ValidationError, match="must fall in 2026"):
        build_annual_content(demo_db, YEAR, dt.date(2025, 12, 31), today=TODAY)
    with pytest.raises(ValidationError, match="after today"):
        build_annual_content(demo_db, YEAR, None, today=TODAY)  # 31 December 2026 has not come yet
    content = build_annual_content(demo_db, 2025, None, today=TODAY)
    assert content.period_start == dt.date(2025, 1, 1) and content.period_end == dt.date(2025, 12, 31)


def test_the_pd_section_prints_the_analysis_medians_by_level_and_crs_grade(demo_db, report):
    content = build_annual_content(demo_db, YEAR, TODAY, today=TODAY)
    pd = compute(demo_db, TODAY).pd
    assert [t.analyte for t in content.pd.tables] == ["il6", "il15", "crp", "ferritin"]
    il6 = content.pd.tables[0]
    analysed = pd.analyte("il6")
    assert [group for group, _ in il6.by_dose_level] == [s.dose_level for s in analysed.by_dose_level]
    assert [r for _, r in il6.by_dose_level] == list(analysed.by_dose_level)  # the analysis's rows, passed through
    assert il6.by_crs_grade[0][0] == term("pd", "no_crs")
    assert il6.by_crs_grade[-1][0] == term("grades", "grade", n=4)
    text = text_of(report[0])
    assert "7 Pharmacodynamics: cytokines, CRP and ferritin" in text
    assert "Interleukin-6 (IL-6) (pg/mL), Day 0 to Day 28: median (range)" in text
    assert "Ferritin (ng/mL), Day 0 to Day 28" in text
    group, row = il6.by_dose_level[0]
    printed = f"{group} {row.n_subjects} {row.baseline.median:.2f} ({row.baseline.minimum:.2f}–"
    assert printed in text, printed


def test_at_risk_days_follow_the_longest_follow_up():
    assert annual_report.at_risk_days([], TODAY) == (0.0, 3 * annual_report.DAYS_PER_MONTH)


def test_an_empty_database_still_gives_a_report(tmp_path):
    database = open_database(str(tmp_path / "empty.sqlite3"))
    try:
        pdf, sha = render_annual_report(database, YEAR, ReportRequest(TODAY, today=TODAY))
    finally:
        database.dispose()
    assert sha == data_hash([])
    text = text_of(pdf)
    assert "0 entered, 0 infused by the data cut" in text and "Not signed" in text


def test_progress_passes_steps_not_sentences(report):
    _, _, steps = report
    assert [step for _, step, _ in steps][-2:] == [ReportStep.LAYOUT, ReportStep.DONE]
    assert all(isinstance(step, ReportStep) for _, step, _ in steps)


def test_progress_only_moves_forward_and_comes_from_the_asking_thread(report):
    """The endpoints are computed on a second thread while the counts are read; the
    progress bar still hears from the thread that asked for the report, and never goes back."""
    _, _, steps = report
    fractions = [f for f, _, _ in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {thread for _, _, thread in steps} == {threading.get_ident()}
    assert [step for _, step, _ in steps][:2] == [ReportStep.READING, ReportStep.COUNTING]


def test_a_failing_computation_fails_the_report_after_the_counts():
    def fail() -> None:
        raise RuntimeError("no endpoints")

    heard = []
    with pytest.raises(RuntimeError, match="no endpoints"):
        annual_report.counted_meanwhile(lambda: "counted", fail, lambda f, step: heard.append(step))
    assert heard == [ReportStep.ENDPOINTS]  # the counts were done; the tables never started


def test_the_content_counts_by_codes_and_holds_no_words(demo_db):
    """Every column of every count table is a Term or a dose level; so is every row label."""
    content = build_annual_content(demo_db, YEAR, TODAY, today=TODAY)
    levels = set(content.enrolment.dose_levels)
    tables = [
        content.enrolment.status,
        content.enrolment.demographics,
        content.response.best_response,
        content.b_cells.by_dose_level,
        content.immunogenicity.rcl_status,
        content.immunogenicity.hama,
        content.safety.crs,
        content.safety.icans,
    ]
    for table in tables:
        assert all(isinstance(c, Term) or c in levels for c in table.columns), table.columns
        assert isinstance(table.total.label, Term)
    sexes = [row.label for row in content.enrolment.demographics.rows if row.group == term("demographics", "sex")]
    assert term("demographics", "sex_f") in sexes and term("demographics", "sex_m") in sexes
    assert all(isinstance(d.decision, Term) for d in content.safety.dlt)


def test_the_chinese_report_has_the_same_data_and_chinese_words(demo_db, report):
    pdf, sha = render_annual_report(demo_db, YEAR, ReportRequest(TODAY, today=TODAY, language="zh"))
    assert sha == report[1]
    text = text_of(pdf)
    assert "2026年度进展报告" in text and "入组与随访状态" in text and sha in text
    assert "Annual status report" not in text and "Enrolment" not in text


def test_a_language_without_texts_is_refused_before_any_work(demo_db):
    steps = []
    with pytest.raises(ValidationError, match="no texts in language 'xx'"):
        render_annual_report(
            demo_db, YEAR, ReportRequest(TODAY, today=TODAY, language="xx"), progress=lambda f, s: steps.append(s)
        )
    assert steps == []


def test_data_hash_of_packed_results_is_the_hash_of_the_results_themselves(demo_db):
    """The hash writes packed results from their rows: the same text as from the `Result`s."""
    with demo_db.session() as session:
        records = load_subject_records(session, TODAY)
    assert any(isinstance(r.results, PackedResults) and len(r.results) for r in records)
    assert data_hash(records) == data_hash([replace(r, results=tuple(r.results)) for r in records])


@hypothesis.settings(max_examples=60, deadline=None)
@hypothesis.given(
    st.lists(
        st.lists(
            st.tuples(
                st.integers(-30, 400),
                st.integers(0, len(packs.ANALYSED) - 1),
                st.one_of(
                    st.none(),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from([0.0, -0.0, 1e-05, 1e16]),
                ),
                st.integers(0, 3),  # category code
                st.booleans(),
                st.one_of(st.none(), st.floats(0, 1e3)),
            ),
            max_size=12,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_data_hash_of_packed_rows_of_any_values_is_that_of_their_results(subjects):
    """Any value, LLOQ, category and BLQ flag, several subjects sharing one array of rows."""
    day0 = dt.date(2024, 3, 1)
    data = np.zeros(sum(map(len, subjects)), dtype=packs.PACK)
    i = 0
    bounds = []
    for found in subjects:
        start = i
        for day, code, value, category, blq, lloq in sorted(found, key=lambda r: (r[1], r[0])):
            data[i] = (
                i + 1,
                day0.toordinal() + day,
                code,
                category,
                blq,
                np.nan if value is None else value,
                np.nan if lloq is None else lloq,
            )
            i += 1
        bounds.append((start, i))
    shared = PackedResults.sharing(data, packs._NAMES, bounds)
    records = [SubjectRecord(f"S{n}", "BJ01", "DL1", day0, results=r) for n, r in enumerate(shared)]
    assert data_hash(records) == data_hash([replace(r, results=tuple(r.results)) for r in records])
