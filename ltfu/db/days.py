"""Dates read in bulk: SQLite hands them back as ISO text, PostgreSQL as dates.

Queries that read thousands of rows select their date columns as plain values
(`type_coerce(column, String)` or driver-level SQL) and turn them into dates through
a `Days` table: each distinct day is parsed once (a cohort has a few thousand), every
other lookup is a dictionary hit in C instead of a conversion per value.
"""

from __future__ import annotations

import datetime as dt


class Days(dict[object, dt.date]):
    """ISO text (SQLite) or a date (PostgreSQL) -> the date; `days[value]`."""

    def __missing__(self, key: object) -> dt.date:
        day = key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key))
        self[key] = day
        return day
