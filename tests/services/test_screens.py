"""The safety screen of every follow-up contact from Day 28 (DOMAIN.md section 7), on
SQLite and PostgreSQL: stored with the visit, corrected and voided with a reason and
audited, counted per follow-up year (due, done, all-no, missing), carried by the
exports, and a questionnaire never returned counted as a failed contact."""

from __future__ import annotations

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
from types import MappingProxyType

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import Column, Date, MetaData, Table, insert, select

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.schedule.screens import follow_up_year
from ltfu.services import screens
from ltfu.services.database import open_database
from ltfu.services.events import lost_to_follow_up_check
from ltfu.services.export import export_csv
from ltfu.services.maintenance import check
from ltfu.services.odm import ODM_NAMESPACE, export_odm
from ltfu.services.screens import NewScreen
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import record_visit_done, record_visit_missed, reopen_visit, subject_schedule
from ltfu.vocabulary import SCREEN_QUESTIONS

D = dt.date
INFUSED = D(2024, 1, 10)
SUBJECT = "CD1922-031"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, db_path):
    url = str(db_path) if request.param == "sqlite" else request.getfixturevalue("pg_url")
    database = open_database(url)
    enrol(database, NewSubject(SUBJECT, "BJ01", "DL2", INFUSED, birth_date=D(1970, 5, 5)), INFUSED)
    yield database
    database.dispose()


def answers(**given: str) -> NewScreen:
    return NewScreen(MappingProxyType({q: given.get(q, "no") for q in SCREEN_QUESTIONS}))


def visit(db, code: str, today: dt.date):
    return next(v for v in subject_schedule(db, SUBJECT, today).visits if v.code == code)


def test_a_screen_is_stored_with_its_visit_and_read_back(any_db):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    record_visit_done(
        any_db, SUBJECT, m3.nominal_date, "clinic", D(2024, 4, 20), screen=answers(serious_infection="yes")
    )
    (row,) = screens.subject_screens(any_db, SUBJECT)
    assert row.visit_code == "M3" and row.contact_date == m3.nominal_date and row.source == "visit"
    assert row.answers["serious_infection"] == "yes" and not row.all_no
    assert answers(serious_infection="yes").yes_to() == ("serious_infection",)


def test_an_incomplete_screen_changes_nothing(any_db):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    half = NewScreen({"new_malignancy": "no", "neurologic": "maybe"})
    with pytest.raises(ValidationError, match="neurologic answer 'maybe'.*autoimmune has no answer"):
        record_visit_done(any_db, SUBJECT, m3.nominal_date, "clinic", D(2024, 4, 20), screen=half)
    assert visit(any_db, "M3", D(2024, 4, 20)).status != "completed"  # the visit was not recorded either
    assert screens.subject_screens(any_db, SUBJECT) == ()


def test_a_visit_from_records_carries_no_screen(any_db):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    with pytest.raises(ValidationError, match="medical records"):
        record_visit_done(any_db, SUBJECT, m3.nominal_date, "records", D(2024, 4, 20), screen=answers())


def test_correct_and_void_are_audited_with_the_reason(any_db):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    record_visit_done(any_db, SUBJECT, m3.nominal_date, "phone", D(2024, 4, 20), screen=answers())
    (row,) = screens.subject_screens(any_db, SUBJECT)
    with pytest.raises(ValidationError, match="needs a reason"):
        screens.correct_screen(any_db, row.screen_id, {"hospitalisation": "yes"}, " ")
    screens.correct_screen(any_db, row.screen_id, {"hospitalisation": "yes"}, "the daughter called back")
    assert screens.subject_screens(any_db, SUBJECT)[0].answers["hospitalisation"] == "yes"
    with pytest.raises(ValidationError, match="already has one"):
        screens.record_screen(any_db, SUBJECT, "M3", answers())
    screens.void_screen(any_db, row.screen_id, "entered against the wrong subject")
    assert screens.subject_screens(any_db, SUBJECT) == ()
    with any_db.session() as session:
        trail = session.execute(
            select(m.AuditEvent.action, m.AuditEvent.field, m.AuditEvent.new_value, m.AuditEvent.reason)
            .where(m.AuditEvent.table_name == "safety_screen")
            .order_by(m.AuditEvent.id)
        ).all()
    assert [t[0] for t in trail] == ["create", "update", "void", "void", "void"]
    assert trail[1][1:] == ("hospitalisation", "yes", "the daughter called back")
    assert check(any_db).ok  # the trail explains the table


def test_undoing_a_done_visit_voids_its_screen(any_db):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    record_visit_done(any_db, SUBJECT, m3.nominal_date, "clinic", D(2024, 4, 20), screen=answers())
    reopen_visit(any_db, SUBJECT, "M3", "wrong date", D(2024, 4, 20))
    assert screens.subject_screens(any_db, SUBJECT) == ()


def test_counts_per_follow_up_year_and_the_missing_list(any_db):
    d28, m2, m3 = (visit(any_db, c, D(2024, 2, 1)) for c in ("D28", "M2", "M3"))
    record_visit_done(any_db, SUBJECT, d28.nominal_date, "clinic", d28.nominal_date, screen=answers())
    record_visit_done(any_db, SUBJECT, m2.nominal_date, "clinic", m2.nominal_date)  # no screen asked
    record_visit_done(
        any_db, SUBJECT, m3.nominal_date, "phone", m3.nominal_date, screen=answers(new_medicines="unknown")
    )
    as_of = m3.nominal_date
    tally = screens.screen_tally(any_db, as_of)
    (year1,) = tally.years
    assert (year1.year, year1.expected, year1.done, year1.all_no, year1.missing) == (1, 3, 2, 1, 1)
    assert screens.missing_screens(any_db, as_of) == tally.missing
    (missing,) = tally.missing
    assert (missing.study_id, missing.visit_code, missing.window_end) == (SUBJECT, "M2", m2.window_end)
    # Before M2's window closed, its screen was due, not missing.
    before = screens.screen_tally(any_db, m2.window_end)
    assert before.missing == () and before.years[0].due >= 1
    # A visit closed as missed owes its screen too: missing, never a "no".
    m4 = visit(any_db, "M4", m3.nominal_date)
    record_visit_missed(any_db, SUBJECT, "M4", "in hospital elsewhere", m4.window_start)
    assert [s.visit_code for s in screens.missing_screens(any_db, m4.window_start)] == ["M2", "M4"]


def test_follow_up_years_end_on_the_anniversary():
    assert follow_up_year(D(2024, 1, 10), D(2025, 1, 10)) == 1
    assert follow_up_year(D(2024, 1, 10), D(2025, 1, 11)) == 2
    assert follow_up_year(D(2024, 2, 29), D(2030, 2, 28)) == 6
    assert follow_up_year(D(2024, 2, 29), D(2030, 3, 1)) == 7
    assert follow_up_year(D(2024, 2, 29), D(2028, 2, 29)) == 4
    assert follow_up_year(D(2024, 1, 10), D(2023, 12, 31)) == 1  # before the infusion: year 1


def test_the_tally_of_a_day_reads_only_the_visits_it_counts_and_counts_the_same(any_db):
    d28, m3, m6 = (visit(any_db, c, D(2024, 2, 1)) for c in ("D28", "M3", "M6"))
    record_visit_done(any_db, SUBJECT, d28.nominal_date, "clinic", d28.nominal_date, screen=answers())
    record_visit_missed(any_db, SUBJECT, "M3", "in hospital elsewhere", m3.window_start)
    record_visit_done(any_db, SUBJECT, m6.window_start, "phone", m6.window_start, screen=answers(neurologic="yes"))
    with any_db.session() as session:
        every = screens.screened_visits(session)
        for day in (D(2024, 2, 1), m3.window_start, m3.window_end, m6.window_start, D(2026, 1, 1)):
            read = screens.screened_visits(session, day)
            assert len(read) < len(every)  # the later plan is not read
            assert screens.tally_screens(read, day) == screens.tally_screens(every, day)
            # The done screens counted by the database, the rest read: the same tally.
            assert screens.tally_on(session, day) == screens.tally_screens(every, day)
        assert screens.tally_on(session, D(2026, 1, 1), m.Subject.study_id == "nobody").years == ()


def test_the_database_counts_follow_up_years_as_the_rule_does(any_db):
    infusions = [D(2024, 2, 29), D(2023, 3, 1), D(2024, 1, 10), D(2023, 12, 31)]
    days = [start + dt.timedelta(days=n) for start in (D(2023, 2, 27), D(2027, 2, 26)) for n in range(0, 370, 3)]
    days += [inf + relativedelta(years=y, days=d) for inf in infusions for y in range(-1, 6) for d in (-1, 0, 1)]
    pairs = [(inf, day) for inf in infusions for day in days]
    table = Table("pairs", MetaData(), Column("infused", Date), Column("day", Date), prefixes=["TEMPORARY"])
    with any_db.session() as session:
        table.create(session.connection())
        session.execute(insert(table), [{"infused": inf, "day": day} for inf, day in pairs])
        got = session.execute(
            select(table.c.infused, table.c.day, screens.follow_up_year_in_sql(table.c.infused, table.c.day))
        ).all()
    assert len(got) == len(pairs)
    assert [(inf, day, year) for inf, day, year in got if year != follow_up_year(inf, day)] == []


def test_exports_carry_the_screen(any_db, tmp_path):
    m3 = visit(any_db, "M3", D(2024, 4, 10))
    record_visit_done(any_db, SUBJECT, m3.nominal_date, "clinic", D(2024, 4, 20), screen=answers(neurologic="yes"))
    export_csv(any_db, tmp_path / "csv")
    with (tmp_path / "csv" / "safety_screens.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["neurologic"] == "yes" and row["source"] == "visit"
    with (tmp_path / "csv" / "dictionary.csv").open(encoding="utf-8") as handle:
        described = {(r["table"], r["column"]): r for r in csv.DictReader(handle)}
    neurologic = next(r for (t, c), r in described.items() if c == "neurologic" and t.startswith("safety_screen"))
    assert "no" in neurologic["allowed_values"] and "neurologic" in neurologic["meaning"]
    export_odm(any_db, tmp_path / "study.xml")
    q = f"{{{ODM_NAMESPACE}}}"
    root = ET.parse(tmp_path / "study.xml").getroot()
    event = next(e for e in root.iter(f"{q}StudyEventData") if e.get("StudyEventOID") == "SE.M3")
    items = {i.get("ItemOID"): i.get("Value") for i in event.iter(f"{q}ItemData")}
    assert items["IT.SCREEN.NEUROLOGIC"] == "yes" and items["IT.SCREEN.SOURCE"] == "visit"


def test_a_questionnaire_not_returned_by_the_end_of_its_window_is_a_failed_contact(any_db):
    from ltfu.services.letters import make_letters

    # A second subject, in year 6 (phone visits by questionnaire), with an address.
    infused = D(2018, 3, 1)
    enrol(
        any_db,
        NewSubject(
            "CD1922-090",
            "BJ01",
            "DL1",
            infused,
            given_name="Li",
            family_name="Wang",
            address="1 Road",
            city="Beijing",
            language="zh",
        ),
        infused,
    )
    y6 = next(v for v in subject_schedule(any_db, "CD1922-090", D(2024, 1, 1)).visits if v.code == "Y6")
    assert y6.mode == "phone"
    before = lost_to_follow_up_check(any_db, "CD1922-090", y6.window_end + dt.timedelta(days=1))
    assert before.reason.startswith("0 failed")  # no questionnaire went out: nothing to count
    run = make_letters(any_db, y6.window_start, y6.window_start, y6.window_start - dt.timedelta(days=14))
    assert ("CD1922-090", "Y6", "zh") in run.printed
    inside = lost_to_follow_up_check(any_db, "CD1922-090", y6.window_end)
    assert inside.reason.startswith("0 failed")  # the window is still open
    after = lost_to_follow_up_check(any_db, "CD1922-090", y6.window_end + dt.timedelta(days=1))
    assert after.reason.startswith("1 failed contact attempt")
    # Returned (entered late, out of window): no longer a failed contact.
    record_visit_done(
        any_db,
        "CD1922-090",
        y6.window_end + dt.timedelta(days=2),
        "questionnaire",
        y6.window_end + dt.timedelta(days=3),
        code="Y6",
        screen=answers(),
    )
    assert lost_to_follow_up_check(any_db, "CD1922-090", y6.window_end + dt.timedelta(days=3)).reason.startswith(
        "0 failed"
    )


def test_round_trip_print_the_questionnaire_enter_its_answers_and_the_screen_equals_them(any_db):
    """USERS.md scene 14: year 9 by post, in Chinese."""
    import io
    import tomllib

    from pypdf import PdfReader

    from ltfu.reports.texts import default_folder
    from ltfu.services.letters import make_letters
    from ltfu.vocabulary import SCREEN_EXTRAS

    infused = D(2017, 5, 2)
    enrol(
        any_db,
        NewSubject(
            "CD1922-009",
            "BJ01",
            "DL1",
            infused,
            given_name="示例",
            family_name="王",
            address="示例路9号",
            city="北京",
            language="zh",
        ),
        infused,
    )
    y9 = next(v for v in subject_schedule(any_db, "CD1922-009", D(2026, 1, 1)).visits if v.code == "Y9")
    run = make_letters(any_db, y9.window_start, y9.window_start, y9.window_start - dt.timedelta(days=10))
    letter, form = ("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(run.pdf)).pages)
    assert "CD1922-009" not in form  # the letter's reference is the site's, never the study id in clear
    words = tomllib.loads(default_folder().joinpath("zh.toml").read_text("utf-8"))["questionnaire"]
    order = (*SCREEN_QUESTIONS, *SCREEN_EXTRAS)
    positions = [form.index("".join(words[q].split())) for q in order]
    assert positions == sorted(positions)  # printed in the screen's order, numbered 1..9
    # The form comes back: a serious infection, nothing else, and a new doctor.
    ticked = dict.fromkeys(order, "no") | {"serious_infection": "yes", "new_doctor": "yes", "new_medicines": "unknown"}
    returned = NewScreen(
        MappingProxyType({q: ticked[q] for q in SCREEN_QUESTIONS}),
        MappingProxyType({q: ticked[q] for q in SCREEN_EXTRAS}),
    )
    filled_in = y9.window_start + dt.timedelta(days=20)
    record_visit_done(any_db, "CD1922-009", filled_in, "questionnaire", filled_in, code="Y9", screen=returned)
    (stored,) = screens.subject_screens(any_db, "CD1922-009")
    assert {**stored.answers, **stored.extras} == ticked
    assert (stored.visit_code, stored.source, stored.contact_date) == ("Y9", "questionnaire", filled_in)
    assert returned.yes_to() == ("serious_infection",)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_annual_report_prints_the_screens_per_follow_up_year(db, language):
    import io

    from pypdf import PdfReader

    from ltfu.services.annual_report import ReportRequest, build_annual_content, render_annual_report

    enrol(db, NewSubject(SUBJECT, "BJ01", "DL2", INFUSED, birth_date=D(1970, 5, 5)), INFUSED)
    d28, m2, m3, m4 = (visit(db, c, D(2024, 2, 1)) for c in ("D28", "M2", "M3", "M4"))
    record_visit_done(db, SUBJECT, d28.nominal_date, "clinic", d28.nominal_date, screen=answers())
    record_visit_done(db, SUBJECT, m2.nominal_date, "clinic", m2.nominal_date)
    record_visit_done(db, SUBJECT, m3.nominal_date, "phone", m3.nominal_date, screen=answers(neurologic="yes"))
    as_of = m4.window_start  # M4 due, not yet missing
    content = build_annual_content(db, 2024, as_of, today=as_of)
    (year1,) = content.screens.years
    assert (year1.year, year1.counts) == (1, (3, 2, 1, 1, 1))
    pdf, _ = render_annual_report(db, 2024, ReportRequest(as_of, today=as_of, language=language))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    if language == "en":
        assert "12 Safety screens at follow-up contacts" in text
        assert "Year 1 3 2 1 1 1" in text
        assert re.search(rf"Missing screens Subject Visit Window ended {SUBJECT} M2 ", text)
    else:
        assert "12 随访联系时的安全性筛查" in text
        assert "第1年 3 2 1 1 1" in text
        assert f"{SUBJECT} M2" in text


def test_visits_csv_may_carry_the_screen_all_or_nothing(any_db, tmp_path):
    from ltfu.errors import ImportRowsError
    from ltfu.services.imports import import_visits

    m3 = visit(any_db, "M3", D(2024, 4, 10))
    header = "subject_id,visit_code,date,status,mode,reason," + ",".join(SCREEN_QUESTIONS) + "\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        header + f"{SUBJECT},M3,{m3.nominal_date},done,clinic,,no,no,,no,no,no,no\n"
        f"{SUBJECT},M4,2024-05-01,missed,,moved,no,no,no,no,no,no,no\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRowsError) as refused:
        import_visits(any_db, bad, D(2024, 6, 1))
    text = str(refused.value) + " ".join(str(p) for p in getattr(refused.value, "problems", ()))
    assert "autoimmune empty" in text and "not a missed one" in text
    assert screens.subject_screens(any_db, SUBJECT) == ()
    good = tmp_path / "visits.csv"
    good.write_text(
        header + f"{SUBJECT},M3,{m3.nominal_date},done,phone,,no,no,no,no,yes,no,unknown\n"
        f"{SUBJECT},D28,2024-02-07,done,clinic,,,,,,,,\n",
        encoding="utf-8",
    )
    import_visits(any_db, good, D(2024, 6, 1))
    (row,) = screens.subject_screens(any_db, SUBJECT)
    assert (row.visit_code, row.source, row.answers["serious_infection"], row.answers["new_medicines"]) == (
        "M3",
        "phone",
        "yes",
        "unknown",
    )
    assert check(any_db).ok


def test_a_visit_done_on_or_after_the_failed_attempts_counts_as_contact(any_db):
    from ltfu.services.events import declare_lost_to_follow_up, record_contact_attempt

    m12 = visit(any_db, "M12", D(2025, 1, 1))
    today = m12.nominal_date + dt.timedelta(days=5)
    record_contact_attempt(any_db, SUBJECT, m12.nominal_date - relativedelta(months=4), "phone", "no_answer", today)
    record_contact_attempt(any_db, SUBJECT, m12.nominal_date - relativedelta(months=2), "phone", "no_answer", today)
    record_contact_attempt(any_db, SUBJECT, m12.nominal_date, "letter", "returned_mail", today)
    assert lost_to_follow_up_check(any_db, SUBJECT, today).allowed
    # The subject came to clinic that same day: reached, not lost.
    record_visit_done(any_db, SUBJECT, m12.nominal_date, "clinic", today, screen=answers())
    check = lost_to_follow_up_check(any_db, SUBJECT, today)
    assert not check.allowed and check.reason.startswith("0 failed")
    assert m12.nominal_date.isoformat() in check.reason
    with pytest.raises(ValidationError, match="cannot be declared lost to follow-up yet"):
        declare_lost_to_follow_up(any_db, SUBJECT, today, "no answer", today)
