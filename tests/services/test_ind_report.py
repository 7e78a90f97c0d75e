"""The IND annual report (21 CFR 312.33) built from a demo database, rendered in English
and Chinese and read back; the PI's plan, the signature and the worklist's reminder."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.schedule.protocol import bundled_protocol_path, load_protocol
from ltfu.services import maintenance, protocols, users
from ltfu.services.annual_report import ReportRequest
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.ind_reminder import document_kind
from ltfu.services.ind_report import (
    build_ind_content,
    ind_period_of,
    ind_plan,
    render_ind_report,
    save_ind_plan,
    show_ind_report,
    sign_ind_report,
)
from ltfu.services.signatures import sha256
from ltfu.services.worklist import worklist


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


TODAY = dt.date(2026, 12, 6)
END = dt.date(2026, 3, 15)  # the anniversary "03-15" ending the latest period by TODAY
PASSWORD = "a long enough password"
PLAN = "Continue yearly follow-up of every subject to year 15.\nOpen the phase II expansion at DL2."


def set_anniversary(
    db, tmp_path, section: str = '[ind]\nanniversary = "03-15"\nplanned_subjects = 48\n', study: str = "cd19-cd22-ph1"
) -> None:
    """Register a bundled protocol with an [ind] section, as a site would (ltfu protocol amend)."""
    text = bundled_protocol_path(study).read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    path = tmp_path / f"{study}-with-ind.toml"
    path.write_text(f"{text}\n{section}", encoding="utf-8")
    with db.session() as session:  # as `ltfu protocol amend` registers it (no subjects to re-plan here)
        protocols.register(session, load_protocol(path), dt.date(2026, 2, 1))


def sign_in_as_pi(db) -> None:
    """An administrator, then a PI, who signs in."""
    with db.session() as s:
        users.create_user(s, None, "ada", "Ada Admin", "admin", PASSWORD)
    db.sign_in("ada", PASSWORD)
    with db.session() as s:
        users.create_user(s, db.user_id(s, "manage_users"), "pete", "Pete Investigator", "pi", PASSWORD)
    db.sign_in("pete", PASSWORD)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ind")
    database = open_database(str(folder / "demo.sqlite3"))
    build_demo(database, subjects=40, seed=3, today=TODAY)
    set_anniversary(database, folder)
    save_ind_plan(database, END, PLAN)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def pdfs(demo_db) -> dict[str, str]:
    return {
        language: " ".join(
            pdf_text(render_ind_report(demo_db, ReportRequest(TODAY, today=TODAY, language=language))[0]).split()
        )
        for language in ("en", "zh")
    }


def test_without_an_anniversary_the_report_is_refused_saying_what_to_set(tmp_path):
    db = open_database(str(tmp_path / "plain.sqlite3"))
    try:
        with pytest.raises(ValidationError, match=r'sets no IND anniversary.*\[ind\].*anniversary = "03-15"'):
            render_ind_report(db, ReportRequest(TODAY, today=TODAY))
        with pytest.raises(ValidationError, match="sets no IND anniversary"):
            ind_period_of(db, TODAY)
        # No reminder either: there is no report to remind of.
        assert not [a for a in worklist(db, TODAY).alerts if a.kind == "ind_report_due"]
    finally:
        db.dispose()


def test_the_cover_names_the_period_due_date_and_planned_subjects(pdfs, demo_db):
    text = pdfs["en"]
    content = build_ind_content(demo_db, TODAY, today=TODAY)
    assert (content.period_start, content.period_end, content.due) == (dt.date(2025, 3, 16), END, dt.date(2026, 5, 14))
    assert "IND annual report" in text
    assert "Sunday 16 March 2025 to Sunday 15 March 2026" in text
    assert "Due Thursday 14 May 2026: within 60 days of the IND anniversary (Sunday 15 March 2026)" in text
    assert f"48 planned; {content.subjects_entered} entered ({content.entered_in_period} in the period)" in text
    assert "ltfu report ind --as-of 2026-03-15" in text


def test_each_section_is_printed_in_order(pdfs):
    text = pdfs["en"]
    headings = [
        "1. Individual study information: subjects",
        "2. Adverse events by body system",
        "3. IND safety reports of the period",
        "4. Deaths",
        "5. Dropouts due to adverse events",
        "6. Protocol amendments in the period",
        "7. Plan for the coming year",
    ]
    body = text[text.index("Page 1 of") :]
    positions = [body.index(h) for h in headings]
    assert positions == sorted(positions)


def test_the_study_information_counts_by_age_sex_race_completed_and_dropouts_with_reasons(pdfs, demo_db):
    content = build_ind_content(demo_db, TODAY, today=TODAY)
    text = pdfs["en"]
    assert "Subjects entered, by age group at infusion, sex and race" in text
    assert "Infused in the period" in text
    dropped = content.enrolment.dropouts.total
    assert f"Completed the study: 0. Dropped out: {dropped}" in text
    for dropout in content.enrolment.dropouts.rows:
        assert dropout.subject_id in text
        if dropout.reason:
            assert dropout.reason in text


def test_adverse_events_are_grouped_by_body_system_with_the_uncoded_named(pdfs, demo_db):
    content = build_ind_content(demo_db, TODAY, today=TODAY)
    text = pdfs["en"]
    systems = {r.body_system for r in content.body_systems}
    assert "immune" in systems  # cytokine release syndrome
    assert "Immune system disorders" in text and "Cytokine release syndrome" in text
    immune = next(r for r in content.body_systems if r.body_system == "immune")
    crs = next(t for t in immune.terms if t.term == "Cytokine release syndrome")
    assert crs.events == immune.events  # the only term of the class here
    # Every event of the period is counted once.
    assert sum(r.events for r in content.body_systems) == sum(
        sum(t.events for t in r.terms) for r in content.body_systems
    )
    assert f"{sum(r.events for r in content.body_systems)} events in {content.ae_subjects} subjects" in text
    assert "Most serious adverse events (serious events in the period, by term)" in text


def test_a_term_without_a_body_system_goes_under_not_coded(tmp_path):
    from ltfu.analysis import SubjectRecord
    from ltfu.analysis.records import AdverseEvent
    from ltfu.services.ind_report import _by_body_system

    record = SubjectRecord(
        subject_id="S-1",
        site="BJ01",
        dose_level="DL1",
        infusion_date=dt.date(2025, 4, 1),
        adverse_events=(
            AdverseEvent(dt.date(2025, 4, 3), "Cytokine release syndrome", 2, "crs"),
            AdverseEvent(dt.date(2025, 5, 1), "Chilblains", 1),
            AdverseEvent(dt.date(2025, 6, 1), "Pneumonia", 3, serious=True),
            AdverseEvent(dt.date(2024, 6, 1), "Pneumonia", 3, serious=True),  # before the period
        ),
    )
    rows, serious = _by_body_system([record], dt.date(2025, 3, 16), dt.date(2026, 3, 15))
    assert [(r.body_system, r.events) for r in rows] == [("immune", 1), ("infections", 1), (None, 1)]
    assert rows[-1].terms[0].term == "Chilblains"
    assert [(t.term, t.events) for t in serious] == [("Pneumonia", 1)]


def test_safety_reports_deaths_amendments_and_the_plan_are_printed(pdfs, demo_db):
    content = build_ind_content(demo_db, TODAY, today=TODAY)
    text = pdfs["en"]
    assert [a.version for a in content.amendments] == ["1.1"]
    assert "with-ind.toml" in text and "1 Feb 2026" in text
    assert f"in the reporting period: {content.deaths.in_period.total}" in text
    for death in content.deaths.in_period.rows:
        assert death.subject_id in text
    assert "Safety reports to the sponsor, the regulator and the ethics committee" in text
    assert "Continue yearly follow-up of every subject to year 15. Open the phase II expansion at DL2." in text
    assert f"because of an adverse event (by the data cut): {content.dropouts_due_to_ae.total}" in text


def test_the_chinese_report_has_the_same_numbers_and_no_english_but_names_codes_units(pdfs, demo_db):
    content = build_ind_content(demo_db, TODAY, today=TODAY)
    flat = "".join(pdfs["zh"].split())
    for words in (
        "IND年度报告",
        "1.单项研究信息：受试者",
        "2.按系统器官分类的不良事件",
        "3.本报告期内的IND安全性报告",
        "5.因不良事件脱落",
        "6.本报告期内的方案修订",
        "7.下一年度计划",
        "免疫系统疾病",
        "计划48例",
    ):
        assert words in flat, words
    assert content.data_sha256 in flat
    # Strip what is data (study ids, AE terms, races, causes, recorded reasons, the plan,
    # file and site names), codes and units: no English word may be left.
    text = pdfs["zh"]
    data = [
        PLAN.replace("\n", " "),
        "Cytokine release syndrome",
        "Immune effector cell-associated neurotoxicity syndrome",
    ]
    data += [t.term for r in content.body_systems for t in r.terms] + [t.term for t in content.serious_in_period]
    data += [d.cause for d in content.deaths.in_period.rows] + [d.reason or "" for d in content.enrolment.dropouts.rows]
    data += [s.name for s in content.sites] + [content.study_title, "with-ind.toml", "Asian", "White"]
    data += [row.label for row in content.deaths.by_cause.rows if isinstance(row.label, str)]
    data += [content.data_sha256, content.data_sha256[:16]]
    data += ["planned_subjects"]  # a setting's name (a code)
    for item in sorted(filter(None, data), key=len, reverse=True):
        text = text.replace(item, " ")
    text = " ".join(text.split())
    for item in sorted(filter(None, data), key=len, reverse=True):
        text = text.replace(" ".join(item.split()), " ")
    allowed = {"IND", "CFR", "SHA", "DL1", "DL2", "DL3", "MedDRA", "SOC", "UTC", "ICH", "ltfu", "ind", "report", "zh"}
    allowed |= {"language", "as", "of", "plan", "file", "FILE", "protocol", "amend", "anniversary", "records"}
    allowed |= {"subject", "canonical", "serialisation", "verify", "endpoints", "json"}
    words = {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in allowed and not w.startswith("CD")}
    assert not words, sorted(words)


def test_the_plan_is_stored_audited_and_checked(demo_db):
    assert ind_plan(demo_db, END) == PLAN
    with pytest.raises(ValidationError, match="is not an IND anniversary"):
        save_ind_plan(demo_db, dt.date(2026, 3, 14), "x")
    with pytest.raises(ValidationError, match="plan for the coming year is empty"):
        save_ind_plan(demo_db, END, "   ")


def test_a_plan_is_created_then_changed_with_one_audit_entry_each_on_both_databases(any_db, tmp_path):
    set_anniversary(any_db, tmp_path)
    save_ind_plan(any_db, END, "First plan.")
    save_ind_plan(any_db, END, "First plan.")  # the same text: nothing to record
    save_ind_plan(any_db, END, "Second plan.")
    assert ind_plan(any_db, END) == "Second plan."
    with any_db.session(read_only=True) as s:
        entries = s.execute(
            select(m.AuditEvent.action, m.AuditEvent.field, m.AuditEvent.old_value, m.AuditEvent.new_value)
            .where(m.AuditEvent.table_name == "ind_plan")
            .order_by(m.AuditEvent.id)
        ).all()
    assert [e.action for e in entries] == ["create", "update"]
    assert '"First plan."' in entries[0].new_value or "First plan." in entries[0].new_value
    assert (entries[1].field, entries[1].old_value, entries[1].new_value) == (
        "plan_text",
        "First plan.",
        "Second plan.",
    )
    # `ltfu check` replays the trail: the stored plan is what it says; a plan changed
    # behind its back is found.
    assert maintenance.check(any_db).ok
    with any_db.engine.begin() as conn:
        conn.execute(update(m.IndPlan).values(plan_text="Changed by hand."))
    assert not maintenance.check(any_db).ok


def test_the_reminder_runs_from_the_anniversary_until_the_report_is_signed(any_db, tmp_path):
    set_anniversary(any_db, tmp_path, '[ind]\nanniversary = "03-15"\n')

    def reminders(day: dt.date):
        return [a for a in worklist(any_db, day).alerts if a.kind == "ind_report_due"]

    # The day after last year's report was due... that one was never signed: it shows until the
    # next anniversary starts the next period (60 days before that report is due).
    first = reminders(dt.date(2026, 3, 15))
    assert len(first) == 1 and first[0].date == dt.date(2026, 5, 14) and not first[0].blocking
    assert "period ending 2026-03-15" in first[0].message and "is due on 2026-05-14" in first[0].message
    late = reminders(dt.date(2026, 6, 1))
    assert late[0].value == 18 and not late[0].blocking and "was due on 2026-05-14" in late[0].message
    # The next period's reminder starts on the next anniversary.
    assert reminders(dt.date(2027, 3, 15))[0].date == dt.date(2027, 5, 14)
    # Signed: no reminder for that period.
    sign_in_as_pi(any_db)
    shown = show_ind_report(any_db, ReportRequest(dt.date(2026, 4, 1), today=dt.date(2026, 4, 1)))
    sign_ind_report(
        any_db,
        ReportRequest(dt.date(2026, 4, 1), today=dt.date(2026, 4, 1)),
        PASSWORD,
        "approved",
        shown_sha256=sha256(shown.pdf),
    )
    assert reminders(dt.date(2026, 4, 2)) == []
    assert len(reminders(dt.date(2027, 3, 15))) == 1


def test_the_report_is_signed_only_as_shown_and_a_rebuild_finds_its_signature(tmp_path):
    db = open_database(str(tmp_path / "sign.sqlite3"))
    try:
        build_demo(db, subjects=8, seed=5, today=TODAY)
        set_anniversary(db, tmp_path)
        sign_in_as_pi(db)
        shown = show_ind_report(db, ReportRequest(TODAY, today=TODAY, language="zh"))
        assert shown.signature is None
        with pytest.raises(ValidationError, match="report of cd19-cd22-ph1 ending 2026-03-15 no longer rebuilds"):
            sign_ind_report(
                db, ReportRequest(TODAY, today=TODAY, language="zh"), PASSWORD, "approved", shown_sha256=sha256(b"x")
            )
        pdf, info = sign_ind_report(
            db, ReportRequest(TODAY, today=TODAY, language="zh"), PASSWORD, "approved", shown_sha256=sha256(shown.pdf)
        )
        assert info.document_kind == "ind_2026-03-15_cd19-cd22-ph1" and "Pete Investigator" in pdf_text(pdf)
        again = show_ind_report(db, ReportRequest(TODAY, today=TODAY, language="zh"))
        assert again.signature is not None and again.pdf == pdf
    finally:
        db.dispose()


def test_each_study_is_reminded_of_its_own_ind_report_until_its_own_is_signed(tmp_path):
    ph1, ph2 = "cd19-cd22-ph1", "cd19-cd22-ph2"
    db = open_database(str(tmp_path / "two.sqlite3"))
    try:
        build_demo(db, subjects=8, seed=5, today=TODAY, studies=2)
        set_anniversary(db, tmp_path)
        set_anniversary(db, tmp_path, '[ind]\nanniversary = "09-30"\n', study=ph2)

        def reminders(study: str | None = None) -> dict[str, object]:
            alerts = worklist(db, TODAY, study=study).alerts
            return {a.study: a for a in alerts if a.kind == "ind_report_due"}

        both = reminders()
        assert set(both) == {ph1, ph2}
        # In the order of the study ids (the two reminders are alike to the worklist's sort).
        assert [a.study for a in worklist(db, TODAY).alerts if a.kind == "ind_report_due"] == [ph1, ph2]
        assert (both[ph1].detail, both[ph1].date) == ("2026-03-15", dt.date(2026, 5, 14))
        assert (both[ph2].detail, both[ph2].date) == ("2026-09-30", dt.date(2026, 11, 29))
        assert both[ph2].message.startswith(f"IND annual report of {ph2} (period ending 2026-09-30) was due")
        assert set(reminders(ph2)) == {ph2}
        sign_in_as_pi(db)
        request = ReportRequest(TODAY, today=TODAY, study=ph2)
        shown = show_ind_report(db, request)
        _pdf, info = sign_ind_report(db, request, PASSWORD, "approved", shown_sha256=sha256(shown.pdf))
        assert info.document_kind == f"ind_2026-09-30_{ph2}"
        assert set(reminders()) == {ph1}
        # A user granted one study is reminded of that study's report only.
        db.sign_in("ada", PASSWORD)
        with db.session() as s:
            users.create_user(s, db.user_id(s, "manage_users"), "cora", "Cora", "coordinator", PASSWORD)
            users.grant(s, db.user_id(s, "manage_users"), "cora", ph2, None)
        db.sign_in("cora", PASSWORD)
        assert reminders() == {}
    finally:
        db.dispose()


def test_a_long_study_id_still_fits_the_signature_column_and_stays_apart():
    long_a, long_b = "a-very-long-study-identifier-one", "a-very-long-study-identifier-two"
    kinds = {document_kind(study, END) for study in (long_a, long_b, "cd19-cd22-ph1")}
    assert len(kinds) == 3 and all(len(kind) <= 32 for kind in kinds)
    assert document_kind("cd19-cd22-ph1", END) == "ind_2026-03-15_cd19-cd22-ph1"
