"""Calendar arithmetic shared by the protocol checks and the planner.

`add_months` gives exactly `d + dateutil.relativedelta(months=n)` (month-end clamped:
Jan 31 + 1 month = Feb 28 or 29; Feb 29 + 12 months = Feb 28 in a common year), the rule
of DOMAIN.md 3.3. It is written out because planning runs for every subject on every
screen and `relativedelta.__add__` is about five times slower; the tests check the two
agree over many anchors.
"""

from __future__ import annotations

import datetime as dt

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap_year(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap_year(year):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(d: dt.date, months: int) -> dt.date:
    """`d` plus `months` calendar months, clamped to the end of a shorter month.

    Same result as `d + relativedelta(months=months)`; `months` may be negative.
    Raises ValueError when the result is outside years 1..9999.
    """
    years, month_index = divmod(d.month - 1 + months, 12)
    year = d.year + years
    month = month_index + 1
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month))
    return dt.date(year, month, day)
