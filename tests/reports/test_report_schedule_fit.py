"""Printed text stays inside its box: the schedule table, the site calendar and the wallet card, in both languages.

The samples are the widest dates there are: two-digit days and months, windows across a
new year (as a Year 6 window of two months either side is), weekdays in the calendar.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from report_samples import make_calendar, make_schedule, pdf_pages
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table

from ltfu.reports import CalendarEntry, CalendarWeek, render_schedule
from ltfu.reports.dates import format_range_short
from ltfu.reports.fonts import runs
from ltfu.reports.schedules import CalendarRenderer, ScheduleRenderer, WalletCard

LANGUAGES = ("en", "zh")
SHIFT = relativedelta(years=2, months=9, days=15)  # infusion 19 Dec 2026: windows open in November, end in January


def wide_schedule(language: str):
    schedule = make_schedule(language)
    rows = tuple(
        replace(row, nominal_date=row.nominal_date + SHIFT, window_start=row.window_start + SHIFT,
                window_end=row.window_end + SHIFT, actual_date=row.actual_date and row.actual_date + SHIFT)
        for row in schedule.rows
    )
    return replace(schedule, rows=rows, infusion_date=schedule.infusion_date + SHIFT, today=date(2030, 9, 1))


def wide_calendar(language: str):
    monday = date(2029, 12, 24)
    entries = tuple(
        CalendarEntry(study_id=f"CD1922-{number:03d}", visit_code=code, window_start=monday - timedelta(days=60),
                      window_end=monday + timedelta(days=60), suggested_date=monday + timedelta(days=number % 5),
                      mode=mode, status=status)
        for number, (code, mode, status) in enumerate(
            [("Y12", "phone", "due"), ("M60", "clinic", "overdue"), ("M12", "clinic", "upcoming")])
    )
    return replace(make_calendar(language=language), weeks=(CalendarWeek(week_start=monday, entries=entries),),
                   date_from=monday, date_to=monday + timedelta(days=6))


def width(text: str, font: str, size: float) -> float:
    """reportlab's own measure, font by font where the text falls back (Latin in a Chinese cell)."""
    return sum(stringWidth(piece, name, size) for name, piece in runs(text, font))


def tables(renderer, content):
    job = renderer.make_job(content, content.language)
    return [flowable for flowable in renderer.story(job) if isinstance(flowable, Table)]


def check_table(table: Table, whole_columns: tuple[int, ...]) -> None:
    inner = [column - 3 * mm for column in table._colWidths]  # 1.5 mm padding each side
    for number, row in enumerate(table._cellvalues):
        for column, cell in enumerate(row):
            if isinstance(cell, str):  # plain text, drawn line by line in the cell's font
                style = table._cellStyles[number][column]
                for line in cell.split("\n"):
                    assert width(line, style.fontname, style.fontsize) <= inner[column] + 0.01, (
                        f"row {number} column {column}: {line!r} overflows its cell"
                    )
                if number and column in whole_columns:
                    assert "\n" not in cell, f"row {number} column {column}: {cell!r} breaks inside"
                continue
            if not isinstance(cell, Paragraph):
                continue
            cell.wrap(inner[column], 10_000)
            for line in cell.blPara.lines:
                extra = line[0] if isinstance(line, tuple) else line.extraSpace
                assert extra > -0.01, f"row {number} column {column}: {cell.getPlainText()!r} overflows its cell"
            if number and column in whole_columns:
                text = cell.getPlainText()
                assert width(text, cell.style.fontName, cell.style.fontSize) <= inner[column] + 0.5, text
                assert len(cell.blPara.lines) <= 1, f"row {number} column {column}: {text!r} breaks inside"


@pytest.mark.parametrize("language", LANGUAGES)
def test_schedule_dates_stay_on_one_line_and_inside_their_cells(language):
    renderer = ScheduleRenderer()
    (table,) = tables(renderer, wide_schedule(language))[:1]
    check_table(table, renderer.whole_columns)


@pytest.mark.parametrize("language", LANGUAGES)
def test_calendar_dates_stay_on_one_line_and_inside_their_cells(language):
    renderer = CalendarRenderer()
    found = tables(renderer, wide_calendar(language))
    assert found
    for table in found:
        check_table(table, renderer.whole_columns)


@pytest.mark.parametrize("language", LANGUAGES)
def test_wallet_card_text_fits_and_the_windows_are_whole(language):
    schedule = wide_schedule(language)
    renderer = ScheduleRenderer()
    job = renderer.make_job(schedule, language)
    rows = renderer.card_rows(schedule)
    assert len(rows) == 6
    lines = WalletCard(renderer, job, rows).lines()
    card = renderer.card_width
    for line in lines:
        assert "…" not in line.text, line.text
        assert width(line.text, line.font, line.size) <= line.room + 0.01, line.text
        front = line.x < card
        assert line.x >= 0 and line.x + line.room <= (card if front else 2 * card) + 0.01, line.text
        assert 0 < line.y < renderer.card_height, line.text
    windows = {format_range_short(row.window_start, row.window_end, language) for row in rows}
    assert windows <= {line.text for line in lines}
    assert any(row.window_start.year != row.window_end.year for row in rows)  # the widest kind is there
    card_page = " ".join(pdf_pages(render_schedule(schedule))[-1].split())
    for window in windows:
        assert " ".join(window.split()) in card_page
