"""Reading import files: UTF-8 CSV with a header row, every problem collected.

An import is all or nothing: `read_rows` and the per-row parsers collect every
problem with its line number; the caller raises `ImportRowsError` with all of them
before writing anything.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ltfu.errors import ImportRowsError, ValidationError


@dataclass
class Problems:
    """Bad rows of one file: (line number, reason)."""

    file_name: str
    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, reason: str) -> None:
        self.items.append((line, reason))

    def raise_if_any(self) -> None:
        if self.items:
            raise ImportRowsError(self.file_name, sorted(self.items))


class RowError(ValueError):
    """One field of one row is bad; the message says which and why."""


def read_rows(
    path: str | Path, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with values stripped; refuse a bad header at once."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror}.") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV.") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValidationError(f"{name}: the file is empty; a header row is required.") from None
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if missing or unknown or duplicated:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(missing))
        if unknown:
            parts.append("unknown column(s) " + ", ".join(unknown))
        if duplicated:
            parts.append("repeated column(s) " + ", ".join(duplicated))
        raise ValidationError(f"{name} line 1: " + "; ".join(parts) + ".")
    width = len(header)
    for values in reader:
        line = reader.line_num
        if not "".join(values).strip():
            continue
        if len(values) != width:
            yield line, {"__error__": f"{len(values)} fields where the header has {width}"}
            continue
        yield line, dict(zip(header, map(str.strip, values), strict=True))


# ISO calendar dates only: `date.fromisoformat` also takes 20250110 and 2025-W02-1.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# A plain decimal with an optional exponent, ASCII digits only: `float()` would also take
# `1_000`, `nan`, `infinity`, full-width digits and surrounding blanks.
_NUMBER = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_INTEGER = re.compile(r"([+-]?)[0-9]{1,9}\Z")


def parse_date(value: str, column: str) -> dt.date:
    if not value:
        raise RowError(f"{column} is empty")
    if not _DATE.match(value):
        raise RowError(f"{column} {value!r} is not a calendar date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(f"{column} {value!r} is not a calendar date (YYYY-MM-DD)") from None


def parse_optional_date(value: str, column: str) -> dt.date | None:
    return parse_date(value, column) if value else None


def number_problem(value: str, column: str, signed: bool = False) -> str | None:
    """Why `value` is not a number in the strict grammar, or None.

    The grammar: digits with an optional decimal point and exponent (`12`, `0.5`, `.5`,
    `1.5e3`), a leading sign only where `signed`; no blanks, underscores, thousands
    separators, `nan`, `inf` or non-ASCII digits.
    """
    found = _NUMBER.match(value)
    if found is None:
        return f"{column} {value!r} is not a number (digits, optional decimal point and exponent, e.g. 12.5 or 1.2e3)"
    if found.group(1) == "-" and not signed:
        return f"{column} {value!r} cannot be negative"
    if found.group(1) and not signed:
        return f"{column} {value!r} must be written without a sign"
    if not math.isfinite(float(value)):
        return f"{column} {value!r} is not a finite number"
    return None


def parse_number(value: str, column: str, signed: bool = False) -> float:
    """A number in the strict grammar (see `number_problem`); RowError says why not."""
    problem = number_problem(value, column, signed)
    if problem:
        raise RowError(problem)
    return float(value)


def parse_float(value: str, column: str) -> float:
    """A signed number in the strict grammar."""
    return parse_number(value, column, signed=True)


def parse_int(value: str, column: str, signed: bool = False) -> int:
    """A whole number: ASCII digits, a sign only where `signed`."""
    found = _INTEGER.match(value)
    if found is None:
        raise RowError(f"{column} {value!r} is not a whole number")
    if found.group(1) and not signed:
        raise RowError(f"{column} {value!r} must be written without a sign")
    return int(value)


def choice(value: str, column: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise RowError(f"{column} {value!r} is not one of {', '.join(allowed)}")
    return value
