"""Letter runs, the letters log, returned mail, schedules and the site calendar, read back as PDFs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.services import events, letters
from ltfu.services.subjects import NewSubject, enrol

D = dt.date
FORBIDDEN = ("leukemia", "leukaemia", "car-t", "gene therapy", "白血病", "基因治疗", "cd19", "cd22")


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def cohort(db):
    """Four subjects whose M12 window opens 2026-11-14 (infused 2025-11-28)."""
    day = D(2025, 11, 28)
    enrol(
        db,
        NewSubject(
            "CD1922-101",
            "BJ01",
            "DL1",
            day,
            given_name="示例一",
            family_name="张",
            address="示例路1号",
            city="北京",
            postal_code="100000",
            language="zh",
        ),
        day,
    )
    enrol(
        db,
        NewSubject(
            "CD1922-102",
            "BJ01",
            "DL1",
            day,
            given_name="Zoë",
            family_name="Démo",
            address="1 Example Street",
            city="Demo City",
            language="en",
        ),
        day,
    )
    enrol(db, NewSubject("CD1922-103", "BJ01", "DL1", day, given_name="No", family_name="Address"), day)
    enrol(
        db,
        NewSubject(
            "CD1922-104", "BJ01", "DL1", day, given_name="Late", family_name="Person", address="2 Example Street"
        ),
        day,
    )
    events.record_event(db, "CD1922-104", events.parse_event("death", D(2026, 10, 1), "infection"), D(2026, 11, 1))
    with db.session() as s:
        contact = s.scalar(select(m.Contact).join(m.Subject).where(m.Subject.study_id == "CD1922-103"))
        contact.confidential_address = True
    return db


def test_letter_run_prints_in_each_language_and_says_who_was_skipped(cohort):
    run = letters.make_letters(cohort, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    assert [(s, v, lang) for s, v, lang in run.printed] == [("CD1922-101", "M12", "zh"), ("CD1922-102", "M12", "en")]
    assert {s.study_id: s.reason for s in run.skipped} == {
        "CD1922-103": "confidential address requested and no address to use",
        "CD1922-104": "deceased",
    }
    text = pages(run.pdf)
    assert len(text) == 2
    assert "张示例一" in text[0] and "2026年11月14日" in text[0]
    assert "Zoë Démo" in text[1] and "14 November 2026" in text[1] and "28 December 2026" in text[1]
    for page in text:
        assert not any(word in page.lower() for word in FORBIDDEN), page[:300]
    log = letters.letter_log(cohort)
    assert {(r.study_id, r.visit_codes, r.recipient) for r in log} == {
        ("CD1922-101", "M12", "subject"),
        ("CD1922-102", "M12", "subject"),
    }


def test_a_preview_logs_nothing(cohort):
    run = letters.make_letters(cohort, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2), log=False)
    assert len(run.printed) == 2 and letters.letter_log(cohort) == ()


def test_returned_mail_is_a_failed_contact_by_post(cohort):
    letters.make_letters(cohort, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    letter = next(r for r in letters.letter_log(cohort) if r.study_id == "CD1922-102")
    letters.mark_returned(cohort, letter.letter_id, D(2026, 11, 20), today=D(2026, 11, 21))
    again = next(r for r in letters.letter_log(cohort) if r.letter_id == letter.letter_id)
    assert (again.returned_mail, again.returned_on) == (True, D(2026, 11, 20))
    attempts = events.contact_attempts(cohort, "CD1922-102")
    assert [(a.channel, a.outcome) for a in attempts] == [("letter", "returned_mail")]


def test_letters_follow_the_current_plan(cohort):
    events.record_event(cohort, "CD1922-102", events.parse_event("death", D(2026, 11, 5), "accident"), D(2026, 11, 6))
    run = letters.make_letters(cohort, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 6))
    assert [s for s, _, _ in run.printed] == ["CD1922-101"]


def test_schedule_pdf_lists_every_visit_and_a_wallet_card(cohort):
    text = "\n".join(pages(letters.schedule_pdf(cohort, "CD1922-102", D(2026, 11, 2))))
    for code in ("D0", "M12", "M60", "Y15"):
        assert code in text
    assert "CD1922-102" in text and "Nov 2040" in text  # Y15, 15 years after the infusion


def test_site_calendar_groups_visits_by_week(cohort):
    text = "\n".join(pages(letters.calendar_pdf(cohort, "BJ01", D(2026, 11, 1), D(2026, 12, 31), D(2026, 11, 2))))
    assert "CD1922-101" in text and "M12" in text
    assert "CD1922-104" not in text  # dead: no visit left
    assert "张" not in text  # study ids only


@pytest.mark.parametrize(
    ("infused", "nominal", "suggested", "shown"),
    [
        (D(2026, 11, 17), D(2027, 1, 17), D(2027, 1, 18), "Mon 18 Jan 2027"),  # M2 on a Sunday: the Monday
        (D(2026, 11, 16), D(2027, 1, 16), D(2027, 1, 15), "Fri 15 Jan 2027"),  # M2 on a Saturday: the Friday
    ],
)
def test_letter_ical_and_site_calendar_suggest_the_same_day(db, tmp_path, infused, nominal, suggested, shown):
    from icalendar import Calendar

    from ltfu.services.ical import export_ical

    enrol(db, NewSubject("CD1922-023", "BJ01", "DL1", infused, given_name="Zoë", family_name="Démo",
                         address="1 Example Street", city="Demo City", language="en"), infused)
    week = (nominal - dt.timedelta(days=7), nominal + dt.timedelta(days=7))  # the M2 window (7 days each side)
    run = letters.make_letters(db, *week, today=week[0], log=False)
    assert run.printed == (("CD1922-023", "M2", "en"),)
    assert run.pdf is not None
    letter = " ".join(" ".join(pages(run.pdf)).split())
    assert f"{suggested:%A} {suggested.day} {suggested:%B %Y}" in letter
    export_ical(db, tmp_path / "visits.ics", *week, site="BJ01")
    (event,) = [e for e in Calendar.from_ical((tmp_path / "visits.ics").read_bytes()).walk("VEVENT")
                if "M2" in str(e["summary"])]
    assert event.decoded("dtstart") == suggested
    calendar = "\n".join(pages(letters.calendar_pdf(db, "BJ01", *week, week[0])))
    assert shown in calendar
    assert f"{nominal:%a} {nominal.day} {nominal:%b %Y}" not in calendar
    # A range holding only the nominal (weekend) day lists nothing: the visit is on its suggested day.
    alone = "\n".join(pages(letters.calendar_pdf(db, "BJ01", nominal, nominal, week[0])))
    assert "CD1922-023" not in alone


def test_a_run_skips_returned_mail_until_a_newer_address_is_entered(any_db):
    from ltfu.services.subjects import contact_details, update_contact

    infused = D(2025, 11, 28)  # M12 window opens 14 Nov 2026, M15 on 7 Feb 2027
    for study_id, name in (("CD1922-101", "Zoë"), ("CD1922-102", "Ann")):
        enrol(any_db, NewSubject(study_id, "BJ01", "DL1", infused, given_name=name, family_name="Démo",
                                 address="1 Example Street", city="Demo City", language="en"), infused)
    letters.make_letters(any_db, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2))
    january = next(r for r in letters.letter_log(any_db) if r.study_id == "CD1922-102")
    letters.mark_returned(any_db, january.letter_id, D(2026, 11, 20), today=D(2026, 11, 21))

    run = letters.make_letters(any_db, D(2027, 2, 1), D(2027, 2, 28), today=D(2027, 2, 1))
    assert [s for s, _, _ in run.printed] == ["CD1922-101"]
    (skipped,) = run.skipped
    assert skipped.study_id == "CD1922-102"
    assert "came back undelivered on 2026-11-20" in skipped.reason and "no newer address" in skipped.reason
    assert "CD1922-102: the last letter (printed 2026-11-02) came back undelivered" in run.describe()  # the CLI's words
    assert [r.visit_codes for r in letters.letter_log(any_db, "CD1922-102")] == ["M12"]  # no M15 letter logged

    # A changed phone is not a new address; a changed street is.
    details = contact_details(any_db, "CD1922-102")
    version = update_contact(any_db, "CD1922-102", {"phone": "+86 10 5555 0000"}, details.row_version, "called")
    assert [s.study_id for s in letters.make_letters(any_db, D(2027, 2, 1), D(2027, 2, 28), today=D(2027, 2, 1),
                                                     log=False).skipped] == ["CD1922-102"]
    update_contact(any_db, "CD1922-102", {"address": "2 New Street"}, version, "moved")
    run = letters.make_letters(any_db, D(2027, 2, 1), D(2027, 2, 28), today=D(2027, 2, 1))
    assert [s for s, _, _ in run.printed] == ["CD1922-101", "CD1922-102"] and not run.skipped
def test_a_chinese_name_is_written_family_name_first_in_an_english_letter_too(db):
    day = D(2025, 11, 28)
    subject = NewSubject(
        "CD1922-105", "BJ01", "DL1", day, given_name="样本三", family_name="王", address="1 Example Street", language="en"
    )
    enrol(db, subject, day)
    run = letters.make_letters(db, D(2026, 11, 1), D(2026, 11, 30), today=D(2026, 11, 2), log=False)
    assert "Dear 王样本三," in pages(run.pdf)[0]
