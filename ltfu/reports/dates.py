"""Dates as printed for people, and the weekday a letter suggests.

Pure functions: no clock, no locale. The words and the order of a date are the [dates]
section of the language's letter texts (ltfu/resources/letters/<language>.toml), so the
output is the same on every machine whatever its locale settings, and a language
without that file is refused rather than printed in English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Mapping
from datetime import date, timedelta

from ltfu.errors import ValidationError


@functools.lru_cache(maxsize=16)
def _words(language: str) -> Mapping[str, str | tuple[str, ...]]:
    """The [dates] section of the language's shipped letter texts (read once)."""
    from ltfu.reports.texts import load_texts

    texts = load_texts(language)
    if "dates" not in texts.sections:
        raise ValidationError(f"{texts.source}: missing section [dates]")
    return texts.sections["dates"]


def _fields(day: date, words: Mapping[str, str | tuple[str, ...]]) -> dict[str, object]:
    return {
        "year": day.year,
        "month": words["months"][day.month - 1],
        "month_number": day.month,
        "month_short": words["months_short"][day.month - 1],
        "day": day.day,
        "weekday": words["weekdays"][day.weekday()],
        "weekday_short": words["weekdays_short"][day.weekday()],
    }


def _format(language: str, key: str, **values: object) -> str:
    template = _words(language)[key]
    assert isinstance(template, str), key
    return template.format_map(values)


def format_date(day: date, language: str) -> str:
    """Long form with the weekday: "Monday 3 June 2024" / "2024年6月3日（星期一）"."""
    return _format(language, "long", **_fields(day, _words(language)))


def format_date_short(day: date, language: str, weekday: bool = False) -> str:
    """Compact form for tables: "3 Jun 2024" (or "Mon 3 Jun 2024") / "2024年6月3日" (or "2024年6月3日 周一")."""
    return _format(language, "short_weekday" if weekday else "short", **_fields(day, _words(language)))


def format_range_short(start: date, end: date, language: str) -> str:
    """A window in a table cell: "27 May – 10 Jun 2024"; one date when start == end."""
    if start == end:
        return format_date_short(start, language)
    words = _words(language)
    first, last = _fields(start, words), _fields(end, words)
    return _format(
        language,
        "range_same_year" if start.year == end.year else "range",
        start=format_date_short(start, language),
        end=format_date_short(end, language),
        **{f"start_{k}": first[k] for k in ("day", "month_short", "month_number")},
        **{f"end_{k}": last[k] for k in ("day", "month_short", "month_number")},
    )


_VISIT_CODE = re.compile(r"^([DMY])(\d+)$")


def visit_number(code: str) -> tuple[str, int] | None:
    """("day" | "month" | "year", n) for codes like D28, M12, Y7; None for other codes."""
    match = _VISIT_CODE.match(code)
    if not match:
        return None
    unit = {"D": "day", "M": "month", "Y": "year"}[match.group(1)]
    return unit, int(match.group(2))


def suggest_date(window_start: date, window_end: date, nominal: date, closed_days: Collection[date] = ()) -> date:
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
