"""Subject schedules with their wallet card, and the site calendar, rendered and read back."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from report_samples import make_calendar, make_schedule, pdf_pages, pdf_text

from ltfu.errors import ValidationError
from ltfu.reports import ScheduleRow, render_calendar, render_schedule
from ltfu.reports.schedules import ScheduleRenderer


def test_schedule_lists_every_visit_then_the_wallet_card():
    schedule = make_schedule()
    pages = pdf_pages(render_schedule(schedule))
    assert len(pages) >= 2
    table, card = "\n".join(pages[:-1]), pages[-1]
    for row in schedule.rows:
        assert re.search(rf"^{row.code}\b", table, re.MULTILINE), row.code
    assert "Wallet card" in card and "My next visits" in card
    assert "Page 1 of" in pages[0] and f"Page {len(pages)} of {len(pages)}" in card


def test_header_row_repeats_on_every_table_page():
    pages = pdf_pages(render_schedule(make_schedule()))[:-1]
    assert len(pages) >= 2
    for page in pages:
        assert re.search(r"Visit\s+Planned\s+Window\s+How\s+What we do\s+Status\s+Done on", page), page[:400]


def test_statuses_are_words_with_dates_done():
    schedule = make_schedule()
    rows = list(schedule.rows)
    rows[-1] = replace(rows[-1], status="cancelled", cause="death")
    rows[-2] = replace(rows[-2], status="overdue")
    text = pdf_text(render_schedule(replace(schedule, rows=tuple(rows))))
    for word in ("Done", "Missed", "Due now", "Planned", "Overdue", "Cancelled (death)"):
        assert word in text
    assert "4 Mar 2024" in text  # D0 done on the infusion day
    assert "Status as of Tuesday 20 August 2024" in text


def test_wallet_card_shows_the_next_visits_and_the_phone():
    schedule = make_schedule(today=date(2024, 8, 20))
    renderer = ScheduleRenderer()
    coming = renderer.card_rows(schedule)
    assert [row.code for row in coming] == ["M6", "M9", "M12", "M15", "M18", "M21"]
    card = pdf_pages(render_schedule(schedule))[-1]
    assert "+86 10 1234 5678" in card and "CD1922-017" in card
    for label in ("Month 6 visit", "Month 9 visit", "Month 21 visit"):
        assert label in card
    assert "Month 24 visit" not in card
    assert "20 Aug – 17 Sep 2024" in card


def test_wallet_card_skips_closed_visits_and_can_hold_fewer():
    schedule = make_schedule(today=date(2024, 8, 20), card_visits=4)
    rows = [replace(row, status="cancelled", cause="withdrawal") if row.code == "M9" else row for row in schedule.rows]
    coming = ScheduleRenderer().card_rows(replace(schedule, rows=tuple(rows)))
    assert [row.code for row in coming] == ["M6", "M12", "M15", "M18"]


def test_wallet_card_when_nothing_is_left():
    schedule = make_schedule(today=date(2040, 1, 1))
    card = pdf_pages(render_schedule(schedule))[-1]
    assert "No further visits are planned." in card


def test_chinese_schedule_and_card():
    pages = pdf_pages(render_schedule(make_schedule("zh")))
    text = "\n".join(pages)
    assert "随访计划表" in text and "已完成" in text and "应随访" in text and "未完成" in text
    assert "2024年3月4日" in text
    assert "第6个月随访" in pages[-1] and "我接下来的随访" in pages[-1]
    assert "第1页，共" in pages[0]


def test_schedule_text_prints_literally():
    schedule = make_schedule(protocol_title='<b>Tom & "Jerry"</b>')
    rows = list(schedule.rows)
    rows[-1] = replace(rows[-1], status="cancelled", cause="<i>moved</i> & gone")
    text = pdf_text(render_schedule(replace(schedule, rows=tuple(rows))))
    assert '<b>Tom & "Jerry"</b>' in text
    assert "Cancelled(<i>moved</i>&gone)" in text.replace(" ", "")  # the cell wraps inside it


def test_bad_schedule_rows_are_refused():
    with pytest.raises(ValidationError, match="status 'late'"):
        ScheduleRow(code="M3", nominal_date=date(2024, 6, 3), window_start=date(2024, 5, 27),
                    window_end=date(2024, 6, 10), mode="clinic", assessments=(), status="late")
    with pytest.raises(ValidationError, match="wallet card holds 1 to 6"):
        make_schedule(card_visits=8)


def test_calendar_has_a_section_per_week_with_study_ids():
    calendar = make_calendar()
    text = "\n".join(pdf_pages(render_calendar(calendar)))
    assert "Visit calendar" in text and "Monday 1 July 2024 to Sunday 29 September 2024" in text
    for week in calendar.weeks:
        start = f"{week.week_start.day} "
        assert re.search(rf"Week of \w+ {start}", text), week.week_start
        for entry in week.entries:
            assert entry.study_id in text
    assert text.count("No visits this week.") == sum(1 for week in calendar.weeks if not week.entries)
    assert "Mon 8 Jul 2024" not in text or "Planned" in text
    assert "Plan as of Friday 28 June 2024" in text
    assert "By telephone" in text and "Overdue" in text


def test_calendar_long_week_repeats_its_header():
    pages = pdf_pages(render_calendar(make_calendar(weeks=2, per_week=70)))
    assert len(pages) >= 2
    assert "CD1922-01" in pages[0]  # the long week starts right after the empty one
    for page in pages:
        assert re.search(r"Study number\s+Visit\s+Window\s+Planned\s+How\s+Status", page)


def test_chinese_calendar():
    text = "\n".join(pdf_pages(render_calendar(make_calendar(language="zh"))))
    assert "随访日历" in text and "本周没有随访。" in text and "电话随访" in text


def test_calendar_content_carries_no_names():
    from dataclasses import fields

    from ltfu.reports import CalendarEntry, SiteCalendar

    names = {field.name for cls in (CalendarEntry, SiteCalendar) for field in fields(cls)}
    assert not {name for name in names if "name" in name}
