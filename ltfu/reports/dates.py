"""Dates as printed for people, and the weekday a letter suggests.

Pure functions: no clock, no locale (the words are here, so output is the same on every
machine whatever its locale settings).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, timedelta

from ltfu.errors import ValidationError

_EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_ZH_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_ZH_WEEKDAYS_SHORT = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def format_date(day: date, language: str) -> str:
    """Long form with the weekday: "Monday 3 June 2024" / "2024年6月3日（星期一）"."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日（{_ZH_WEEKDAYS[day.weekday()]}）"
    return f"{_EN_WEEKDAYS[day.weekday()]} {day.day} {_EN_MONTHS[day.month - 1]} {day.year}"


def format_date_short(day: date, language: str, weekday: bool = False) -> str:
    """Compact form for tables: "3 Jun 2024" (or "Mon 3 Jun 2024") / "2024年6月3日" (or "2024年6月3日 周一")."""
    if language == "zh":
        text = f"{day.year}年{day.month}月{day.day}日"
        return f"{text} {_ZH_WEEKDAYS_SHORT[day.weekday()]}" if weekday else text
    text = f"{day.day} {_EN_MONTHS[day.month - 1][:3]} {day.year}"
    return f"{_EN_WEEKDAYS[day.weekday()][:3]} {text}" if weekday else text


def format_range_short(start: date, end: date, language: str) -> str:
    """A window in a table cell: "27 May – 10 Jun 2024"; one date when start == end."""
    if start == end:
        return format_date_short(start, language)
    if language == "zh":
        if start.year == end.year:
            return f"{format_date_short(start, language)}–{end.month}月{end.day}日"
        return f"{format_date_short(start, language)}–{format_date_short(end, language)}"
    if start.year == end.year:
        return f"{start.day} {_EN_MONTHS[start.month - 1][:3]} – {format_date_short(end, language)}"
    return f"{format_date_short(start, language)} – {format_date_short(end, language)}"


_VISIT_CODE = re.compile(r"^([DMY])(\d+)$")


def visit_number(code: str) -> tuple[str, int] | None:
    """("day" | "month" | "year", n) for codes like D28, M12, Y7; None for other codes."""
    match = _VISIT_CODE.match(code)
    if not match:
        return None
    unit = {"D": "day", "M": "month", "Y": "year"}[match.group(1)]
    return unit, int(match.group(2))


def suggest_date(
    window_start: date, window_end: date, nominal: date, closed_days: Collection[date] = ()
) -> date:
    """The day a letter suggests for a visit: the nominal date, moved off a weekend.

    A nominal date on a Saturday or Sunday (or on one of `closed_days`, e.g. public
    holidays) moves to the nearest open weekday inside the inclusive window
    [window_start, window_end]; it never leaves the window. Saturday therefore goes to
    Friday and Sunday to Monday when those are in the window, otherwise to the nearest
    open weekday on the other side. When two open weekdays are equally near (possible
    only with closed days) the later one wins: it keeps the visit at or after its
    nominal day, as the protocol's offsets intend. When the window holds no open
    weekday (a Day 0 window of 0/0 on a Saturday, a weekend-only window), the nominal
    date is kept: the visit must still happen on it.
    """
    if window_start > window_end:
        raise ValidationError(f"visit window {window_start} to {window_end} ends before it starts")
    if not window_start <= nominal <= window_end:
        raise ValidationError(f"nominal date {nominal} lies outside its window {window_start} to {window_end}")

    def is_open(day: date) -> bool:
        return day.weekday() < 5 and day not in closed_days

    if is_open(nominal):
        return nominal
    reach = max((nominal - window_start).days, (window_end - nominal).days)
    for distance in range(1, reach + 1):
        later = nominal + timedelta(days=distance)
        if later <= window_end and is_open(later):
            return later
        earlier = nominal - timedelta(days=distance)
        if earlier >= window_start and is_open(earlier):
            return earlier
    return nominal
