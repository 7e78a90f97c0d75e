"""Reading import files: UTF-8 CSV with a header row, every problem collected.

An import is all or nothing: `read_rows` and the per-row parsers collect every
problem with its line number; the caller raises `ImportRowsError` with all of them
before writing anything.

The files are read by a strict RFC 4180 reader of our own rather than the csv
module, which accepts a quote in the middle of an unquoted value, text after a
closing quote, and a quote left open to the end of the file (it then swallows every
following row into one value). Here any of those refuses the file at the line where
the row starts; a value may span lines only in a column declared to allow it (an
address); every column has a declared size limit; and control characters (NUL
first) are refused, because PostgreSQL cannot store a NUL and nobody types one.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ltfu.errors import ImportRowsError, Message, ValidationError, joined


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


# Characters no import value may hold: C0 controls but tab and line ends, DEL, C1
# controls, Unicode line and paragraph separators, the bidirectional marks (LRM, RLM,
# ALM), embeddings, overrides and isolates (they make a value read differently from
# what it is), a byte-order mark inside the text, the interlinear annotation marks
# and the two non-characters.
_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff"
_UNQUOTED = re.compile(r'[^,"\r\n]*')
_QUOTED = re.compile(r'[^"]*(?:""[^"]*)*')
_NOT_PLAIN = re.compile(f"[{_CONTROL}\t]")


@dataclass(frozen=True)
class FieldKind:
    """What one column may hold: at most `max_chars` characters on one line, tabs and
    line breaks only where allowed."""

    max_chars: int
    line_breaks: bool = False
    tabs: bool = False

    def refused(self) -> re.Pattern[str]:
        allowed_out = ("" if self.tabs else "\t") + ("" if self.line_breaks else "\r\n")
        return re.compile(f"[{_CONTROL}{allowed_out}]")


# The kinds of column the import files have. Limits are generous but finite, and never
# above the database column a value is stored in (PostgreSQL refuses a longer one).
CODE = FieldKind(64)  # ids, codes, dates, numbers, words from a list
NAME = FieldKind(200)  # names, city, e-mail
TEXT = FieldKind(2000, tabs=True)  # free text: a reason, an event's detail
ADDRESS = FieldKind(500, line_breaks=True, tabs=True)  # a postal address: several lines


def code(max_chars: int) -> FieldKind:
    """A one-line value stored in a column of `max_chars` characters."""
    return FieldKind(max_chars)


HEADER = FieldKind(64)


def read_rows(
    path: str | Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    kinds: Mapping[str, FieldKind] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) with values stripped; refuse a bad header at once.

    `kinds` declares what each column may hold (`CODE` for a column it does not
    name). The line number is the physical line where the row starts. A row that
    cannot be read comes as `{"__error__": reason}` for the caller to collect; after
    broken quoting nothing further of the file is read (the rows that follow cannot
    be told apart), and a file with no data row is refused.
    """
    names, rows = read_values(path, required, optional, kinds)
    for number, values in rows:
        yield number, values if isinstance(values, dict) else dict(zip(names, values, strict=True))


def read_values(
    path: str | Path,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    kinds: Mapping[str, FieldKind] | None = None,
) -> tuple[list[str], Iterator[tuple[int, list[str] | dict[str, str]]]]:
    """`read_rows` with each row's values as a list in the order of the header (the
    column names, returned first: the header is read at once); a row that cannot be
    read comes as the same `{"__error__": reason}`. For a file of many rows."""
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(Message("file.unreadable", path=str(path), reason=exc.strerror)) from exc
    text = decode_text(raw, name)
    lines = iter(io.StringIO(text, newline=""))
    names: list[str] = []
    first_line = next(lines, None)
    if first_line is None:
        raise ValidationError(Message("file.empty", name=name))
    try:
        values, last = _record(first_line, lines, 1, names)
    except _BrokenQuoting as exc:
        raise ValidationError(Message("file.header_unreadable", name=name, reason=exc.reason)) from None
    names.extend(_header(name, values, last, required, optional))
    return names, _values(name, text, lines, last, names, required, optional, kinds or {})


def _values(
    name: str,
    text: str,
    lines: Iterator[str],
    last: int,
    names: list[str],
    required: tuple[str, ...],
    optional: tuple[str, ...],
    declared: Mapping[str, FieldKind],
) -> Iterator[tuple[int, list[str] | dict[str, str]]]:
    """The rows of `read_values` after the header (its `last` line)."""
    kind_of = [declared.get(column, CODE) for column in names]
    refused = {kind: kind.refused() for kind in set(kind_of)}
    check = _Check(
        names,
        kind_of,
        [refused[kind] for kind in kind_of],
        [c for c in (*required, *optional) if declared.get(c, CODE).line_breaks],
    )
    # Most files hold no tab or control character anywhere and only short lines:
    # their rows skip the per-value checks.
    plain = _NOT_PLAIN.search(text) is None
    short = min(kind.max_chars for kind in kind_of)
    width = len(names)
    # A line of `width` values holds none longer than its length less the commas between them.
    longest_plain = short + width - 1
    number = last
    any_row = False
    for line in lines:
        number += 1
        first = number
        if '"' in line:
            try:
                values, number = _record(line, lines, number, names)
            except _BrokenQuoting as exc:
                yield exc.line, {"__error__": Message("row.rest_unread", reason=exc.reason)}
                return
        else:
            values = line.rstrip("\r\n").split(",")
        if (len(values) != width or not values[0].strip()) and _blank(values, plain):
            continue
        any_row = True
        if len(values) != width:
            reason = Message("row.width", found=len(values), width=width)
            if number > first:
                reason = Message("row.width_lines", found=len(values), width=width, first=first, last=number)
            yield first, {"__error__": reason}
            continue
        # A plain one-line row can break no rule but a length: checked only when a
        # value is longer than the shortest limit.
        if number > first or not plain or (len(line) > longest_plain and max(map(len, values)) > short):
            reasons = check.problems(values, first, number)
            if reasons:
                yield first, {"__error__": joined(reasons)}
                continue
            if number > first:
                values = [_LINE_END.sub("\n", v) for v in values]
        yield first, list(map(str.strip, values))
    if not any_row:
        raise ValidationError(Message("file.no_rows", name=name, line=last + 1))


def records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line where it starts, values as written) of every record, the header first.

    For a preview: quoting is read as `read_rows` reads it (broken quoting raises
    `ValidationError` naming the line) but sizes and characters are not checked.
    """
    lines = iter(io.StringIO(text, newline=""))
    names: list[str] = []
    number = 0
    for line in lines:
        number += 1
        first = number
        try:
            values, number = _record(line, lines, number, names)
        except _BrokenQuoting as exc:
            raise ValidationError(Message("file.broken", name=name, line=exc.line, reason=exc.reason)) from None
        if first == 1:
            names.extend(v.strip() for v in values)
        yield first, values


def _blank(values: list[str], plain: bool) -> bool:
    joined = "".join(values)
    return not joined.strip() and (plain or _NOT_PLAIN_BLANK.search(joined) is None)


_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE_END_BYTES = re.compile(rb"\r\n|\r|\n")
_NOT_PLAIN_BLANK = re.compile(f"[{_CONTROL}]")


def decode_text(raw: bytes, name: str) -> str:
    """The text of a CSV file's bytes (UTF-8, with or without a BOM); refused, naming the
    file and line, when it is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValidationError(Message("file.utf16", name=name))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = len(_LINE_END_BYTES.findall(raw, 0, exc.start)) + 1
        raise ValidationError(Message("file.not_utf8", name=name, line=line, byte=f"{raw[exc.start]:02X}")) from None


class _BrokenQuoting(Exception):
    """Quoting that leaves the rest of the file unreadable: where the row starts, and why."""

    def __init__(self, line: int, reason: str):
        super().__init__(line, reason)
        self.line = line
        self.reason = reason


def _column(names: list[str], index: int) -> str:
    return names[index] if index < len(names) else Message("csv.value_number", number=index + 1)


def _where(first: int, line: int) -> str:
    return "" if line == first else Message("csv.on_line", line=line)


def _record(line: str, lines: Iterator[str], number: int, names: list[str]) -> tuple[list[str], int]:
    """The values of the record that starts with `line` (number `number`) and its last line.

    RFC 4180 and nothing looser: a value is either quoted from its first to its last
    character, quotes inside written twice, or holds no quote at all; only a quoted
    value spans lines (ends \\n, \\r\\n or \\r), taking them from `lines`. `names`
    names the columns in the messages (empty while the header is read).
    """
    first = number
    values: list[str] = []
    s, pos = line, 0
    while True:
        if s.startswith('"', pos):
            opened = number
            parts = []
            pos += 1
            while True:
                match = _QUOTED.match(s, pos)
                assert match is not None  # the pattern matches the empty text too
                parts.append(match.group())
                if match.end() < len(s):  # stopped at the closing quote
                    pos = match.end() + 1
                    break
                following = next(lines, None)
                if following is None:
                    raise _BrokenQuoting(
                        first,
                        Message("csv.never_closed", column=_column(names, len(values)), where=_where(first, opened)),
                    )
                number += 1
                s, pos = following, 0
            values.append("".join(parts).replace('""', '"'))
            if pos < len(s) and s[pos] not in ",\r\n":
                raise _BrokenQuoting(
                    first,
                    Message("csv.after_quote", column=_column(names, len(values) - 1), where=_where(first, number)),
                )
        else:
            match = _UNQUOTED.match(s, pos)
            assert match is not None  # the pattern matches the empty text too
            pos = match.end()
            if pos < len(s) and s[pos] == '"':
                raise _BrokenQuoting(
                    first,
                    Message("csv.quote_inside", column=_column(names, len(values)), where=_where(first, number)),
                )
            values.append(match.group())
        if pos >= len(s) or s[pos] != ",":
            return values, number
        pos += 1


def _header(name: str, values: list[str], last: int, required: tuple[str, ...], optional: tuple[str, ...]) -> list[str]:
    if last > 1:
        raise ValidationError(Message("file.header_break", name=name, last=last))
    refused = HEADER.refused()
    for index, value in enumerate(values, start=1):
        bad = refused.search(value)
        if bad:
            code = "file.header_nul" if bad.group() == "\x00" else "file.header_contains"
            raise ValidationError(Message(code, name=name, index=index, char=_describe(bad.group())))
        if len(value) > HEADER.max_chars:
            raise ValidationError(Message("file.header_long", name=name, index=index, length=len(value)))
    header = [h.strip() for h in values]
    unnamed = [i for i, h in enumerate(header, start=1) if not h]
    if unnamed:
        raise ValidationError(Message("file.unnamed", name=name, index=unnamed[0]))
    known = set(required) | set(optional)
    missing = [c for c in required if c not in header]
    unknown = [c for c in dict.fromkeys(header) if c not in known]
    duplicated = sorted(c for c, n in Counter(header).items() if n > 1)
    kinds = [
        (code, names) for code, names in (("missing", missing), ("unknown", unknown), ("repeated", duplicated)) if names
    ]
    if len(kinds) == 1:
        code, names = kinds[0]
        raise ValidationError(Message(f"file.{code}_columns", name=name, columns=_listed(names)))
    if kinds:
        parts = [Message(f"columns.{code}", columns=_listed(names)) for code, names in kinds]
        raise ValidationError(Message("file.columns", name=name, problems=joined(parts)))
    return header


def _listed(names: list[str], shown: int = 8) -> str:
    if len(names) > shown:
        return Message("columns.more", names=tuple(names[:shown]), more=len(names) - shown)
    return ", ".join(names)


def _describe(char: str) -> str:
    if char == "\x00":
        return Message("csv.nul")
    if char == "\t":
        return Message("csv.tab")
    if char in "\r\n":
        return Message("csv.line_break")
    return Message("csv.control", code=f"{ord(char):04X}")


@dataclass(frozen=True)
class _Check:
    """The per-value checks of one file's columns."""

    names: list[str]
    kinds: list[FieldKind]
    refused: list[re.Pattern[str]]
    multiline: list[str]  # the columns that may span lines

    def problems(self, values: list[str], first: int, last: int) -> list[str]:
        found: list[str] = []
        for index, (column, kind, refused, value) in enumerate(
            zip(self.names, self.kinds, self.refused, values, strict=True)
        ):
            if len(value) > kind.max_chars:
                found.append(Message("row.too_long", column=column, length=len(value), most=kind.max_chars))
                continue
            bad = refused.search(value)
            if bad is None:
                if kind.line_breaks and last > first and self._holds_rows(index, value):
                    found.append(Message("csv.holds_rows", column=column, first=first, last=last))
                continue
            if bad.group() in "\r\n":
                allowed = (
                    Message("csv.only_span", columns=tuple(self.multiline))
                    if self.multiline
                    else Message("csv.no_span")
                )
                found.append(Message("csv.holds_break", column=column, first=first, last=last, allowed=allowed))
            else:
                found.append(Message("csv.contains", column=column, what=_describe(bad.group())))
        return found

    def _holds_rows(self, index: int, value: str) -> bool:
        """Whether a value over several lines swallowed rows: a quote left open takes
        in every row up to the next quote, and the row where that quote closes it
        leaves the values before this column on the value's last line. So a line with
        as many commas as the columns before this one (or, for a column among the
        first three, as a whole row) is refused; a postal address line has fewer."""
        commas = index if index >= 3 else max(len(self.names) - 1, 3)
        return any(line.count(",") >= commas for line in _LINE_END.split(value)[1:])


# ISO calendar dates only: `date.fromisoformat` also takes 20250110 and 2025-W02-1.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
# A plain decimal with an optional exponent, ASCII digits only: `float()` would also take
# `1_000`, `nan`, `infinity`, full-width digits and surrounding blanks.
_NUMBER = re.compile(r"([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?\Z")
_INTEGER = re.compile(r"([+-]?)[0-9]{1,9}\Z")


def parse_date(value: str, column: str) -> dt.date:
    if not value:
        raise RowError(Message("row.empty", column=column))
    if not _DATE.match(value):
        raise RowError(Message("row.not_date", column=column, value=value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RowError(Message("row.not_date", column=column, value=value)) from None


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
        return Message("row.not_number", column=column, value=value)
    if found.group(1) == "-" and not signed:
        return Message("row.negative", column=column, value=value)
    if found.group(1) and not signed:
        return Message("row.signed", column=column, value=value)
    if not math.isfinite(float(value)):
        return Message("row.not_finite", column=column, value=value)
    return None


def plain_number(value: str) -> float | None:
    """`value` as a float when it is an unsigned number in the strict grammar (it may
    still be too large to be finite), else None: `number_problem` then says why."""
    found = _NUMBER.match(value)
    return None if found is None or found.group(1) else float(value)


def parse_number(value: str, column: str, signed: bool = False) -> float:
    """A number in the strict grammar (see `number_problem`); RowError says why not."""
    problem = number_problem(value, column, signed)
    if problem:
        raise RowError(problem)
    return float(value)


def parse_int(value: str, column: str, signed: bool = False) -> int:
    """A whole number: ASCII digits, a sign only where `signed`."""
    found = _INTEGER.match(value)
    if found is None:
        raise RowError(Message("row.not_whole", column=column, value=value))
    if found.group(1) and not signed:
        raise RowError(Message("row.signed", column=column, value=value))
    return int(value)


_FLAGS = {
    "": False,
    "no": False,
    "n": False,
    "false": False,
    "0": False,
    "yes": True,
    "y": True,
    "true": True,
    "1": True,
}


def parse_flag(value: str, column: str) -> bool:
    """yes/no, true/false, 1/0 (any case); empty is no."""
    try:
        return _FLAGS[value.strip().lower()]
    except KeyError:
        raise RowError(Message("row.not_flag", column=column, value=value)) from None


def choice(value: str, column: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise RowError(Message("row.not_one_of", column=column, value=value, allowed=allowed))
    return value
