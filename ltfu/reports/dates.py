"""Dates as printed for people.

Pure functions: no clock, no locale. The words and the order of a date are the [dates]
section of the language's letter texts (ltfu/resources/letters/<language>.toml), so the
output is the same on every machine whatever its locale settings, and a language
without that file is refused rather than printed in English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import date

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


def default_data_cut(year: int, today: date) -> date:
    """The data cut of the annual report of `year` when none is given: the end of the
    year, or today while the year runs (the window's form and ``ltfu report annual``).
    Here, not beside the report's content: the window's reports page asks for it
    before its first paint, and that module's fifty classes take ~50 ms to define."""
    return min(date(year, 12, 31), today)
