"""Printing: visit letters, schedules, wallet cards and site calendars as PDF bytes.

The service layer builds the content (`ltfu.reports.content`, plain frozen
dataclasses) and calls a render function; nothing here touches the database, the
schedule rules, Qt or the clock.

    render_letters(LetterBatch) -> bytes      one page per letter (en or zh)
    render_schedule(SubjectSchedule) -> bytes visit table pages, then the wallet card
    render_calendar(SiteCalendar) -> bytes    the site's visits week by week

The render functions are imported on first use, so importing the content classes does
not load reportlab; the content classes are those of `ltfu.reports.content`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ltfu.reports import content
from ltfu.reports.dates import format_date

if TYPE_CHECKING:
    from ltfu.reports.letters import LetterRenderer, render_letters
    from ltfu.reports.schedules import CalendarRenderer, ScheduleRenderer, render_calendar, render_schedule

__all__ = [
    "CalendarEntry", "CalendarRenderer", "CalendarWeek", "LetterBatch", "LetterContent", "LetterRenderer",
    "Letterhead", "ScheduleRenderer", "ScheduleRow", "SiteCalendar", "SubjectSchedule", "format_date",
    "render_calendar", "render_letters", "render_schedule",
]

_LAZY = {
    "render_letters": "ltfu.reports.letters",
    "LetterRenderer": "ltfu.reports.letters",
    "render_schedule": "ltfu.reports.schedules",
    "render_calendar": "ltfu.reports.schedules",
    "ScheduleRenderer": "ltfu.reports.schedules",
    "CalendarRenderer": "ltfu.reports.schedules",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    if name in __all__:  # the content classes, as `ltfu.reports.content` declares them
        return getattr(content, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
