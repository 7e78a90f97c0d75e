"""What the audit trail says each record holds, and replaying it against the tables.

Every write leaves enough in the trail to know the current value of every field of
the records below:

- a record created one at a time has a "create" entry with the whole record as JSON
  (`audit.append` fills it in from the row itself);
- a change has an "update" entry per field, with the old and the new value;
- rows written in bulk (a lab file, the plan of a new subject, the demo cohort) have
  one entry per subject and table naming the row ids and a SHA-256 of the rows'
  content as written, with a short print of each row, so a row changed later by hand
  is found and named.

`replay` reads the trail once and each table once, and names every record whose
current value the trail does not explain. Contact details (PHI) are not replayed:
the trail holds only which of them were set.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any
from typing import cast as cast_type  # `cast` is SQL's here

from sqlalchemy import (
    ColumnDefault,
    ColumnElement,
    cast,
    func,
    literal_column,
    select,
)
from sqlalchemy import Integer as SAInteger
from sqlalchemy import Text as SAText
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.engine import driver_connection

_VOID = ("voided_at", "voided_by", "void_reason")

RECORD_FIELDS: dict[str, tuple[str, ...]] = {
    "user": ("username", "full_name", "role", "active"),
    "subject": (
        "study_id",
        "site_id",
        "protocol_version_id",
        "dose_level",
        "birth_year",
        "sex",
        "race",
        "status",
        "withdrawal_scope",
        "consent_version",
        "enrolled_on",
        *_VOID,
    ),
    "infusion": ("subject_id", "sequence", "infusion_date", "dose_level", "cell_dose", "product_lot", *_VOID),
    "visit": (
        "subject_id",
        "infusion_id",
        "protocol_version_id",
        "code",
        "sequence",
        "nominal_date",
        "window_start",
        "window_end",
        "mode",
        "assessments",
        "state",
        "cause",
        "actual_date",
        "actual_mode",
        "performed_by",
        "out_of_window",
        *_VOID,
    ),
    "result": ("subject_id", *m.RESULT_VALUES, "source_file", *_VOID),
    "clinical_event": ("subject_id", *m.EVENT_VALUES, *m.EVENT_DETAILS, "source_file", *_VOID),
    "adverse_event": (
        "subject_id",
        "kind",
        "term",
        "grade",
        "onset_date",
        "resolution_date",
        "serious",
        "related",
        "dlt",
        "special_interest",
        "source_file",
        "awareness_date",
        "unexpected",
        *_VOID,
    ),
    "safety_case": (
        "subject_id",
        "kind",
        "t_cell",
        "adverse_event_id",
        "result_id",
        "awareness_date",
        "state",
        "closed_on",
        "closed_by",
    ),
    "case_step": ("case_id", "code", "sequence", "state", "due_date", "owner", "done_on", "done_by", "outcome", "note"),
    "safety_report": (
        "subject_id",
        "case_id",
        "adverse_event_id",
        "recipient",
        "awareness_date",
        "due_date",
        "sent_on",
        "sent_to",
        "reference",
        "sent_by",
    ),
    "contact_attempt": ("subject_id", "attempt_date", "channel", "outcome", "user_id", *_VOID),
    "medication": ("subject_id", "kind", "start_date", "stop_date", "dose", "source_file", *_VOID),
    "consent": ("subject_id", "version", "consent_date", "consented_by", "recorded_by", "source_file", *_VOID),
    "safety_screen": (
        "subject_id",
        "visit_id",
        "contact_date",
        "source",
        *m.SCREEN_QUESTIONS,
        *m.SCREEN_EXTRAS,
        "source_file",
        *_VOID,
    ),
    "letter": (
        "subject_id",
        "recipient",
        "visit_codes",
        "language",
        "printed_on",
        "printed_by",
        "returned_mail",
        "returned_on",
    ),
    "sample": (
        "sample_code",
        "subject_id",
        "sample_type",
        "draw_date",
        "aliquots",
        "freezer",
        "rack",
        "box",
        "position",
        "keep_until",
        "state",
        "result_id",
        "shipped_on",
        "shipped_to",
        "destroyed_on",
        "destroy_reason",
        *_VOID,
    ),
    "sample_test": ("sample_id", "subject_id", "test_name", "test_date", "result_text", *_VOID),
    "ind_plan": ("protocol_id", "period_end", "plan_text"),
    "query": (
        "subject_id",
        "target_table",
        "record_id",
        "field",
        "text",
        "check_code",
        "state",
        "raised_by",
        "raised_at",
        "answer",
        "answered_by",
        "answered_at",
        "correction_entry",
        "closed_by",
        "closed_at",
        "note",
    ),
    "verification": (
        "subject_id",
        "record_table",
        "record_id",
        "verified_by",
        "verified_at",
        "cleared_at",
        "cleared_by",
        "clear_reason",
    ),
    "data_cut": ("as_of", "reason", "cut_by", "cut_at", "audit_last_id", "audit_hash"),
    "user_grant": ("user_id", "protocol_id", "site_id", *_VOID),
    "subject_transfer": ("subject_id", "from_site_id", "to_site_id", "transfer_date", "reason"),
    "signature": (
        "user_id",
        "printed_name",
        "meaning",
        "signed_at",
        "document_kind",
        "document_sha256",
        "data_hash",
        "audit_entries",
        "audit_hash",
    ),
}
"""Table -> the fields the trail accounts for (what `check` compares)."""

REPLAYED = tuple(RECORD_FIELDS)
_FIELD_SETS = {t: frozenset(fs) for t, fs in RECORD_FIELDS.items()}


# How the replay reads each stored value, by what the column holds (`m.column_type`).
_LETTER = {"boolean": "b", "datetime": "t", "date": "d", "number": "f", "integer": "i", "text": "s"}


KINDS: dict[str, tuple[str, ...]] = {
    t: tuple(_LETTER[m.column_type(m.Base.metadata.tables[t].c[f])] for f in fs) for t, fs in RECORD_FIELDS.items()
}


# The fields `from_text` changes (it leaves text and dates as they are), by table: (index, kind).
_CONVERTED = {t: tuple((i, k) for i, k in enumerate(kinds) if k not in ("s", "d")) for t, kinds in KINDS.items()}


# -- one value, the same whichever way it comes -----------------------------------------


def from_text(kind: str, value: str | None) -> object:
    """A value as the trail compares it, from the text an audit entry holds."""
    if value is None:
        return None
    try:
        if kind == "b":
            return int(value in ("True", "true", "1"))
        if kind == "f":
            return float(value)
        if kind == "i":
            return int(value)
    except ValueError:
        return value
    if kind == "t":
        return 1
    return value


def _select(table_name: str, sqlite: bool = False):
    """The table's id and record fields, each cast so both databases give the same values
    (SQLite already stores flags as 0/1 and dates as ISO text: no cast there)."""
    table = m.Base.metadata.tables[table_name]
    columns: list[ColumnElement[Any]] = [table.c.id]
    for name, kind in zip(RECORD_FIELDS[table_name], KINDS[table_name], strict=True):
        column = table.c[name]
        if kind == "b" and not sqlite:
            columns.append(cast(column, SAInteger))
        elif kind == "d" and not sqlite:
            columns.append(cast(column, SAText))
        elif kind == "t":
            columns.append(literal_column(f'CASE WHEN "{name}" IS NULL THEN NULL ELSE 1 END'))
        else:
            columns.append(column)
    return select(*columns).select_from(table).order_by(table.c.id)


def _rows(session: Session, statement) -> Iterable[tuple]:
    """Plain tuples straight from the driver: a million rows without SQLAlchemy's per-row work."""
    for batch in driver_batches(session, statement):
        yield from batch


def driver_batches(session: Session, statement) -> Iterable[list[tuple]]:
    """The rows of `statement` as the driver gives them (no type processing: SQLite's dates
    and times are their stored text, its flags 0/1), in batches of 5,000."""
    conn = session.connection()
    sql = str(statement.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
    driver = driver_connection(conn)
    if conn.dialect.name == "postgresql":
        cursor = driver.cursor(name="ltfu_replay")  # server side: rows arrive in batches
    else:
        cursor = driver.cursor()
    try:
        cursor.execute(sql)
        while True:
            batch = cursor.fetchmany(5000)
            if not batch:
                break
            yield batch
    finally:
        cursor.close()


def _row_bytes(values: tuple) -> bytes:
    """One row as the content digest reads it: (id, field, ...) as Python writes it."""
    return (repr(values) + "\n").encode("utf-8")


def _row_print(data: bytes) -> str:
    """Four hex digits naming one row's content (which row differs, once the digest does)."""
    return format(zlib.crc32(data) & 0xFFFF, "04x")


# -- what the writers put in the trail ----------------------------------------------------


def record_json(table_name: str, values: Mapping[str, object], extra: Mapping[str, object] | None = None) -> str:
    """The whole record as the "create" entry holds it (None as null: the record is complete)."""
    from ltfu.services.audit import _canonical

    document: dict[str, object] = {k: _canonical(v) for k, v in (extra or {}).items() if v is not None}
    for name in RECORD_FIELDS[table_name]:
        value = values.get(name)
        document[name] = None if value is None else _canonical(value)
    return json.dumps(document, ensure_ascii=False, sort_keys=True)


def record_of(row: object) -> dict[str, object]:
    """The record fields of an ORM row."""
    return {name: getattr(row, name) for name in RECORD_FIELDS[row.__table__.name]}  # type: ignore[attr-defined]  # a mapped row


@cache
def _defaults(table_name: str) -> dict[str, object]:
    table = m.Base.metadata.tables[table_name]
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.name in RECORD_FIELDS[table_name] and isinstance(c.default, ColumnDefault) and not c.default.is_callable
    }


def with_defaults(table_name: str, row: Mapping[str, object], keys: Iterable[str] = ()) -> dict[str, object]:
    """A bulk-inserted row as stored: a column none of the batch's rows names (`keys`:
    the columns the insert was given) takes its default, as `db.bulk.bulk_insert` does."""
    given = set(keys) | set(row)
    return {k: v for k, v in _defaults(table_name).items() if k not in given} | dict(row)


def id_ranges(ids: list[int]) -> str:
    """1,2,3,7,8 -> '1-3, 7-8': compact, exact."""
    ranges: list[str] = []
    start = previous = ids[0]
    for current in [*ids[1:], None]:
        if current is not None and current == previous + 1:
            previous = current
            continue
        ranges.append(str(start) if start == previous else f"{start}-{previous}")
        if current is not None:
            start = previous = current
    return ", ".join(ranges)


_CONVERT: dict[str, Callable[[Any], object]] = {
    "f": float,
    "b": lambda v: int(bool(v)),
    "d": lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v),
    "t": lambda _v: 1,
}


def content_text(table_name: str, rows: Iterable[Mapping[str, object]], keys: Iterable[str] | None = None) -> str:
    """ "; content sha256 H; row prints P" for rows written in bulk (each with its id).

    `keys`: the columns the bulk insert was given (default: those of `rows`); like the
    insert, a column none of the rows names takes its default.
    """
    return content_texts(table_name, [list(rows)], keys)[0]


def content_texts(
    table_name: str, groups: Sequence[Iterable[Mapping[str, object]]], keys: Iterable[str] | None = None
) -> list[str]:
    """`content_text` of each group of rows (a lab file's rows by subject), all their
    rows converted in one pass. `keys` default: the columns any of the rows names."""
    ordered = [sorted(group, key=itemgetter("id")) for group in groups]
    rows = [row for group in ordered for row in group]
    given = set(keys) if keys is not None else {k for row in rows for k in row}
    named = given | set().union(*rows) if keys is not None else given  # every column some row names

    def column(name: str) -> list[object] | None:
        if name not in named:
            return None  # a column no row names (a result's void fields)
        try:
            return list(map(itemgetter(name), rows))
        except KeyError:  # some rows do not name it
            return [row.get(name) for row in rows]

    return _content_texts(table_name, len(rows), given, column, [len(group) for group in ordered])


def column_content_texts(
    table_name: str,
    columns: Mapping[str, Sequence[object]],
    lengths: Sequence[int],
    order: Sequence[int] | None = None,
) -> list[str]:
    """`content_texts` of rows given column by column (name -> values, "id" among them:
    the columns the bulk insert was given), already in groups of `lengths` rows one
    after the other, each group in id order: the same texts, without a dict per row.

    `order`: the rows are in the columns in another order, and the groups' rows are
    theirs at these positions (each row written once, then put in place: no column
    copied in that order)."""
    return _content_texts(
        table_name,
        sum(lengths),
        set(columns),
        lambda name: list(columns[name]) if name in columns else None,
        lengths,
        order,
    )


def _content_texts(
    table_name: str,
    n: int,
    given: set[str],
    column: Callable[[str], list[object] | None],
    lengths: Sequence[int],
    order: Sequence[int] | None = None,
) -> list[str]:
    """The texts of `n` rows in groups of `lengths`: `column(name)` their values (None:
    no row names it; then, like the insert, the column's default or NULL); `order`:
    the rows of the groups, by position in the columns (else as they come)."""
    known = _defaults(table_name)
    # Column by column (a lab file's 100,000 rows): each field's values converted at once,
    # then each row written as `_row_bytes` writes it.
    columns: list[list[object]] = [column("id") or [None] * n]
    for name, kind in zip(RECORD_FIELDS[table_name], KINDS[table_name], strict=True):
        if name in known and name not in given:
            values = [known[name]] * n
        else:
            values = column(name) or [None] * n
        columns.append(_converted(kind, values))
    # `_row_bytes` and `_row_print` of every row, without a call of each per row. A column
    # holding one object in every row (the file's name, the void fields of new rows) is
    # written into the rows' template once; the others row by row, each by its repr as
    # the row tuple's repr writes it: the same text.
    fixed = [bool(n) and all(map(is_, values, repeat(values[0]))) for values in columns]
    parts = [repr(values[0]).replace("%", "%%") if f else "%r" for values, f in zip(columns, fixed, strict=True)]
    template = "(" + ", ".join(parts) + ")\n"
    varying = [values for values, f in zip(columns, fixed, strict=True) if not f]
    texts_of_rows = map(template.__mod__, zip(*varying, strict=True)) if varying else repeat(template % (), n)
    written = list(map(str.encode, texts_of_rows))
    if order is not None:
        written = list(map(written.__getitem__, order))
    prints = list(map("{:04x}".format, [crc & 0xFFFF for crc in map(zlib.crc32, written)]))
    texts = []
    for end, length in zip(accumulate(lengths), lengths, strict=True):
        total = hashlib.sha256(b"".join(written[end - length : end]))
        texts.append(f"; content sha256 {total.hexdigest()}; row prints {''.join(prints[end - length : end])}")
    return texts


def _converted(kind: str, values: list[object]) -> list[object]:
    """`_CONVERT[kind]` of each value (None stays None): floats already floats are
    kept as they are, and any other kind is converted once per distinct value (a lab
    file's dates and flags repeat)."""
    convert = _CONVERT.get(kind)
    if convert is None:
        return values
    if kind == "f":
        if {type(v) for v in values} <= {float, type(None)}:
            return values  # float(v) is v
        return [None if v is None else convert(v) for v in values]
    try:
        once = {v: convert(v) for v in set(values) if v is not None}
    except TypeError:  # a value that cannot be a key
        return [None if v is None else convert(v) for v in values]
    once[None] = None
    return list(map(once.__getitem__, values))


def bulk_text(
    table_name: str, rows: Sequence[Mapping[str, object]], what: str = "", keys: Iterable[str] | None = None
) -> str:
    """The new value of a bulk entry: how many rows, their ids, and their content."""
    ids = sorted(cast_type(int, r["id"]) for r in rows)
    return f"{len(ids)} {table_name} row(s), ids {id_ranges(ids)}{what}" + content_text(table_name, rows, keys)


def baseline_entries(session: Session, reason: str) -> list:
    """Entries that account for the rows of a database written before the trail held
    whole records (upgrade to schema 0006): check accepts those rows as they are and
    replays everything after. Rows added later with no entry are still named."""
    from ltfu.services.audit import Entry

    entries = []
    for table_name in REPLAYED:
        table = m.Base.metadata.tables[table_name]
        count, top = session.execute(select(func.count(), func.max(table.c.id)).select_from(table)).one()
        if count:
            text = f"{count} {table_name} row(s) up to id {top} present before the audit trail held whole records"
            entries.append(Entry("create", table_name, None, None, "rows", None, text, reason))
    return entries


# -- replay --------------------------------------------------------------------------------

_IDS = re.compile(r"ids ((?:\d+(?:-\d+)?(?:, )?)+)")
_UP_TO = re.compile(r"up to id (\d+)")
_CONTENT = re.compile(r"content sha256 ([0-9a-f]{64}); row prints ([0-9a-f]*)")


@dataclass
class _Bulk:
    entry_id: int
    table: str
    subject_id: int | None
    reason: str
    n: int
    digest: str
    prints: str
    seen: bytearray
    hasher: hashlib._Hash = field(default_factory=hashlib.sha256)


class _Record:
    """A record created one at a time, as the replay keeps it: a digest of the values its
    entry gave every field (None: an entry from before the trail held whole records),
    not the values themselves (a hundred thousand records at 10,000 subjects); they
    are read again from the entry for the few rows whose digest differs."""

    __slots__ = ("digest", "entry_id", "seen")

    def __init__(self, digest: bytes | None, entry_id: int) -> None:
        self.digest, self.entry_id, self.seen = digest, entry_id, False


def _values_print(values: tuple) -> bytes:
    return hashlib.blake2b(repr(values).encode("utf-8"), digest_size=16).digest()


# What `json.loads` runs (its default decoder's scanner), without its wrappers.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # set in __init__


def _created_values(new_value: str | None) -> dict[str, Any]:
    """The record a create entry holds ({} when its value is not JSON), as `json.loads` reads it."""
    if new_value:
        # A document with nothing before or after it is what `json.loads` returns (one C
        # call, not three levels of Python per entry); anything else is read by `json.loads`
        # itself, as before: whitespace around, trailing data, not JSON, not an object.
        try:
            found, end = _SCAN(new_value, 0)
        except (StopIteration, ValueError):
            pass
        else:
            if end == len(new_value) and type(found) is dict:
                return found
    try:
        return json.loads(new_value or "{}")
    except ValueError:
        return {}


def _fields_getter(fields: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple]:
    """A record's values of `fields`, in their order, as a tuple (one C call)."""
    if len(fields) == 1:
        (name,) = fields
        return lambda values: (values[name],)
    return itemgetter(*fields)


_FIELDS_OF = {t: _fields_getter(fs) for t, fs in RECORD_FIELDS.items()}


def _expected_print(table: str, values: dict[str, Any]) -> bytes | None:
    """The digest of a complete record's fields as the table should hold them."""
    if not _FIELD_SETS[table] <= values.keys():
        return None
    expected = _FIELDS_OF[table](values)
    converted = _CONVERTED[table]
    if converted:  # text and dates are compared as the trail holds them
        changed = list(expected)
        for i, kind in converted:
            changed[i] = from_text(kind, changed[i])
        expected = tuple(changed)
    return _values_print(expected)


def _entry_values(session: Session, entry_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The record each of these create entries holds, by entry id (read again)."""
    found: dict[int, dict[str, Any]] = {}
    a = m.AuditEvent
    for start in range(0, len(entry_ids), 500):
        chunk = entry_ids[start : start + 500]
        for entry_id, new_value in session.execute(select(a.id, a.new_value).where(a.id.in_(chunk))):
            found[entry_id] = _created_values(new_value)
    return found


def _entry_bytes(entry: Sequence[object]) -> bytes:
    """One audit entry (every column, as the driver gives it) as `Elsewhere` digests it."""
    return (repr(tuple(entry)) + "\n").encode("utf-8")


@dataclass
class Found:
    """What `Replay.compare_part` finds in some tables, to be put in `compare`'s order."""

    tables: dict[str, list[str]] = field(default_factory=dict)  # table -> what its rows showed
    bulks: dict[int, list[str]] = field(default_factory=dict)  # bulk entry id -> what it showed
    unseen: set[tuple[str, int]] = field(default_factory=set)  # created records not in the table
    # The result packs against the results read (`derived.packs_out_of_step`), when compared there.
    packs: tuple[str, ...] | None = None

    def update(self, other: Found) -> None:
        self.tables.update(other.tables)
        self.bulks.update(other.bulks)
        self.unseen |= other.unseen

    def to_json(self, entries: str) -> str:
        return json.dumps(
            {
                "entries": entries,
                "tables": self.tables,
                "bulks": [[entry_id, lines] for entry_id, lines in self.bulks.items()],
                "unseen": sorted(self.unseen),
                "packs": None if self.packs is None else list(self.packs),
            }
        )

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> Found:
        return cls(
            {str(table): [str(line) for line in lines] for table, lines in document["tables"].items()},
            {int(entry_id): [str(line) for line in lines] for entry_id, lines in document["bulks"]},
            {(str(table), int(record_id)) for table, record_id in document["unseen"]},
            None if document["packs"] is None else tuple(str(p) for p in document["packs"]),
        )


@dataclass
class Replay:
    """The trail as read by `audit.verify_chain`'s `on_entry`, then compared."""

    created: dict[tuple[str, int], _Record] = field(default_factory=dict)
    # (table, id) -> field -> [first old value, latest new value] (text as in the trail)
    updates: dict[tuple[str, int], dict[str, list]] = field(default_factory=dict)
    bulks: list[_Bulk] = field(default_factory=list)
    ranges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # start, end, bulk, offset
    # Table -> highest id of the rows an entry naming no ids covers (written before the
    # trail held whole records: an older demo, the rows present at the upgrade to 0006).
    legacy: dict[str, float] = field(default_factory=dict)
    # Table -> what else reads its rows, each batch as `compare` reads it (id, then the fields).
    readers: dict[str, Callable[[list[tuple]], None]] = field(default_factory=dict)
    # Tables whose entries are also digested as read (`entries_of`): a process comparing
    # them elsewhere read the same entries (`Elsewhere`).
    watched: tuple[str, ...] = ()
    watched_entries: hashlib._Hash = field(default_factory=hashlib.sha256)
    # What a process elsewhere found (`compare`), None when all was compared here.
    delegated: Found | None = None

    def __call__(self, entry) -> None:
        table = entry.table_name
        if table in self.watched:
            self.watched_entries.update(_entry_bytes(entry))
        if table not in RECORD_FIELDS:
            return
        action, record_id = entry.action, entry.record_id
        if record_id is None:
            if entry.field == "rows":
                self._bulk(entry)
        elif action == "create":
            key = (table, record_id)
            self.created[key] = _Record(_expected_print(table, _created_values(entry.new_value)), entry.id)
            if self.updates:
                self.updates.pop(key, None)
        elif action in ("update", "void") and entry.field:
            per = self.updates.setdefault((table, record_id), {})
            if entry.field in per:
                per[entry.field][1] = entry.new_value
            else:
                per[entry.field] = [entry.old_value, entry.new_value]

    def _bulk(self, entry) -> None:
        text = entry.new_value or ""
        ids_match = _IDS.search(text)
        if ids_match is None:
            upto = _UP_TO.search(text)
            limit = float(upto.group(1)) if upto else float("inf")
            self.legacy[entry.table_name] = max(self.legacy.get(entry.table_name, 0), limit)
            return
        content = _CONTENT.search(text)
        ids: list[tuple[int, int]] = []
        for part in ids_match.group(1).split(","):
            part = part.strip()
            if not part:
                continue
            first, _, last = part.partition("-")
            ids.append((int(first), int(last or first)))
        n = sum(b - a + 1 for a, b in ids)
        index = len(self.bulks)
        self.bulks.append(
            _Bulk(
                entry.id,
                entry.table_name,
                entry.subject_id,
                entry.reason or "",
                n,
                content.group(1) if content else "",
                content.group(2) if content else "",
                bytearray(n),
            )
        )
        offset = 0
        for a, b in ids:
            self.ranges.setdefault(entry.table_name, []).append((a, b, index, offset))
            offset += b - a + 1

    # -- comparing with the tables ---------------------------------------------------------

    def compare(self, session: Session, limit: int = 20, elsewhere: Elsewhere | None = None) -> list[str]:
        """Every record the trail does not explain (at most `limit`, the first ones).

        `elsewhere`: a process comparing some tables meanwhile (`Elsewhere`); its findings
        take their tables' places, or, when it found nothing usable, they are compared here.
        """
        study = dict(session.execute(select(m.Subject.id, m.Subject.study_id)).all())
        users = dict(session.execute(select(m.User.id, m.User.username)).all())
        there = elsewhere.tables if elsewhere is not None else ()
        found = self.compare_part(session, tuple(t for t in REPLAYED if t not in there), study, users)
        self.delegated = elsewhere.result(self) if elsewhere is not None else None
        if there and self.delegated is None:  # compared here after all, as they would have been
            found.update(self.compare_part(session, there, study, users))
        elif self.delegated is not None:
            found.update(self.delegated)
        problems: list[str] = []
        for table in REPLAYED:
            problems += found.tables[table]
        for bulk in self.bulks:
            problems += found.bulks.get(bulk.entry_id, [])
        unseen = [(key, record.entry_id) for key, record in self.created.items() if key in found.unseen]
        values_of = _entry_values(session, [entry_id for _key, entry_id in unseen])
        for (table, record_id), entry_id in unseen:
            values = values_of.get(entry_id, {})
            subject = values.get("subject_id")
            who = self._who(table, int(cast_type(int | str, subject)) if subject else None, study)
            problems.append(
                f"{who}{self._thing(table, record_id, values, users)} is in the audit trail "
                f"(entry {entry_id}) but not in the table: deleted outside the program"
            )
        return problems[:limit] + ([f"... and {len(problems) - limit} more"] if len(problems) > limit else [])

    def compare_part(
        self, session: Session, tables: Sequence[str], study: dict[int, str], users: dict[int, str]
    ) -> Found:
        """What `compare` finds in these tables: their rows, their bulk entries, and their
        created records that are not in the table."""
        found = Found()
        created: dict[str, dict[int, _Record]] = {table: {} for table in tables}
        for (table, record_id), record in self.created.items():
            if table in created:
                created[table][record_id] = record
        updates = self._updates_by_table()
        for table in tables:
            found.tables[table] = []
            self._table(session, table, created[table], updates[table], study, users, found.tables[table])
        for bulk in self.bulks:
            if bulk.table not in created:
                continue
            missing = bulk.n - sum(bulk.seen)
            who = self._who(bulk.table, bulk.subject_id, study)
            if missing:
                found.bulks[bulk.entry_id] = [
                    f"{who}{missing} {bulk.table} row(s) that audit entry {bulk.entry_id} ({bulk.reason}) "
                    "wrote are not in the table: deleted outside the program"
                ]
            elif bulk.digest and bulk.hasher.hexdigest() != bulk.digest:
                named = self._name_rows(session, bulk, study, users) if bulk.prints else []
                found.bulks[bulk.entry_id] = named or [
                    f"{who}{bulk.table} rows differ from what audit entry {bulk.entry_id} ({bulk.reason}) "
                    "wrote: changed outside the program"
                ]
        found.unseen = {key for key, record in self.created.items() if key[0] in created and not record.seen}
        return found

    @staticmethod
    def _who(table: str, subject_id: int | None, study: dict[int, str]) -> str:
        if table == "subject" or subject_id is None:
            return ""
        return f"subject {study.get(subject_id, f'#{subject_id}')}: "

    @staticmethod
    def _thing(table: str, record_id: int, values: Mapping[str, object], users: dict[int, str]) -> str:
        if table == "user":
            return f"user {values.get('username') or users.get(record_id, record_id)}"
        if table == "subject":
            return f"subject {values.get('study_id') or record_id}"
        if table == "clinical_event":
            return f"{values.get('kind') or 'clinical event'} (clinical_event {record_id})"
        if table == "visit":
            return f"visit {values.get('code') or 'unscheduled'} (visit {record_id})"
        if table == "result":
            return f"{values.get('analyte') or 'result'} result {record_id}"
        return f"{table} {record_id}"

    _WORDS = {
        ("clinical_event", "event_date"): "date",
        ("adverse_event", "onset_date"): "onset date",
        ("visit", "state"): "state",
    }

    def _updates_by_table(self) -> dict[str, dict[int, dict[str, list]]]:
        """The update entries' fields, table -> record id -> field -> [old, new] (one pass)."""
        updates: dict[str, dict[int, dict[str, list]]] = {table: {} for table in REPLAYED}
        for (table, record_id), changed in self.updates.items():
            updates[table][record_id] = changed
        return updates

    def _table(
        self,
        session: Session,
        table: str,
        created: dict[int, _Record],
        updates: dict[int, dict[str, list]],
        study: dict[int, str],
        users: dict[int, str],
        problems: list[str],
    ) -> None:
        """The rows of one table against its created records, update entries and bulk entries."""
        names = RECORD_FIELDS[table]
        special = sorted(set(created) | set(updates))  # rows that need a look of their own
        ranges = sorted(self.ranges.get(table, ()))
        bulks = self.bulks
        legacy = self.legacy.get(table, 0)
        subject_at = names.index("subject_id") + 1 if "subject_id" in names else None
        p, n_ranges = 0, len(ranges)
        sqlite = session.get_bind().dialect.name == "sqlite"
        reader = self.readers.get(table)
        for batch in driver_batches(session, _select(table, sqlite)):
            if reader is not None:
                reader(batch)
            ids = [row[0] for row in batch]
            detail = self._details(session, batch, created, updates)
            i, n = 0, len(batch)
            while i < n:
                record_id = ids[i]
                record = created.get(record_id)
                if record is not None:
                    record.seen = True
                    values = detail.get(record_id)
                    if values is not None:
                        self._record(
                            table, batch[i], values, updates.get(record_id), subject_at, study, users, problems
                        )
                    i += 1
                    continue
                while p < n_ranges and ranges[p][1] < record_id:
                    p += 1
                if p < n_ranges and ranges[p][0] <= record_id:
                    start, end, index, offset = ranges[p]
                    bulk = bulks[index]
                    j = bisect_right(ids, end, i)  # this batch's rows of the range
                    k = bisect_left(special, record_id)
                    if k < len(special) and special[k] <= ids[j - 1]:
                        j = i + 1  # a changed row inside: one row at a time up to it
                        row = batch[i]
                        changed = updates.get(record_id)
                        if changed:
                            row = self._as_written(table, row, changed, subject_at, study, users, problems)
                        bulk.hasher.update(_row_bytes(row))
                        bulk.seen[offset + record_id - start] = 1
                    else:
                        chunk = batch[i:j]
                        bulk.hasher.update(("\n".join(map(repr, chunk)) + "\n").encode("utf-8"))
                        first, last = offset + record_id - start, offset + ids[j - 1] - start
                        if last - first + 1 == j - i:
                            bulk.seen[first : last + 1] = b"\x01" * (j - i)
                        else:
                            for rid in ids[i:j]:
                                bulk.seen[offset + rid - start] = 1
                    i = j
                    continue
                i += 1
                row = batch[i - 1]
                if record_id <= legacy:  # from before the trail held whole records
                    changed = updates.get(record_id)
                    if changed:
                        self._as_written(table, row, changed, subject_at, study, users, problems)
                    continue
                subject = row[subject_at] if subject_at else (record_id if table == "subject" else None)
                thing = self._thing(table, record_id, dict(zip(names, row[1:], strict=True)), users)
                problems.append(
                    f"{self._who(table, subject, study)}{thing} has no audit entry: added outside the program"
                )

    @staticmethod
    def _details(
        session: Session, batch: list[tuple], created: dict[int, _Record], updates: dict[int, dict[str, list]]
    ) -> dict[int, dict[str, Any]]:
        """The created records of this batch of rows that need a field-by-field look (their
        digest differs, or no digest, or updated since), each with its entry's values."""
        need: dict[int, int] = {}
        if not created:
            return {}  # a table written in bulk only (the results, the visits)
        for row in batch:
            record = created.get(row[0])
            if record is not None and (
                record.digest is None or row[0] in updates or _values_print(row[1:]) != record.digest
            ):
                need[row[0]] = record.entry_id
        if not need:
            return {}
        values_of = _entry_values(session, list(need.values()))
        return {record_id: values_of.get(entry_id, {}) for record_id, entry_id in need.items()}

    def _record(self, table, row, values, changed, subject_at, study, users, problems) -> None:
        """A record created one at a time: every field against its create and update entries."""
        names, kinds = RECORD_FIELDS[table], KINDS[table]
        record_id = row[0]
        subject = row[subject_at] if subject_at else (record_id if table == "subject" else None)
        complete = _FIELD_SETS[table] <= values.keys()
        for i, name in enumerate(names):
            if name in values:
                expected = from_text(kinds[i], values[name])
            elif complete:
                expected = None
            else:
                continue  # an entry written before the trail held whole records
            if changed and name in changed:
                expected = from_text(kinds[i], changed[name][1])
            if row[i + 1] != expected:
                problems.append(
                    self._differs(table, record_id, values, name, row[i + 1], expected, subject, study, users)
                )

    def _as_written(self, table, row, changed, subject_at, study, users, problems) -> tuple:
        """A bulk row changed since through the program: its changed fields against their
        latest update entries, and the row as the bulk entry wrote it (old values back)."""
        names, kinds = RECORD_FIELDS[table], KINDS[table]
        record_id = row[0]
        subject = row[subject_at] if subject_at else (record_id if table == "subject" else None)
        as_stored = dict(zip(names, row[1:], strict=True))
        original = list(row)
        for i, name in enumerate(names):
            if name in changed:
                expected = from_text(kinds[i], changed[name][1])
                if row[i + 1] != expected:
                    problems.append(
                        self._differs(table, record_id, as_stored, name, row[i + 1], expected, subject, study, users)
                    )
                original[i + 1] = from_text(kinds[i], changed[name][0])
        return tuple(original)

    def _name_rows(self, session: Session, bulk: _Bulk, study: dict[int, str], users: dict[int, str]) -> list[str]:
        """The rows of a bulk entry whose print differs (read again: only when its digest did)."""
        names = RECORD_FIELDS[bulk.table]
        updates = self._updates_by_table()[bulk.table]
        subject_at = names.index("subject_id") + 1 if "subject_id" in names else None
        found = []
        table = m.Base.metadata.tables[bulk.table]
        for start, end, index, offset in self.ranges[bulk.table]:
            if self.bulks[index] is not bulk:
                continue
            sqlite = session.get_bind().dialect.name == "sqlite"
            for row in _rows(session, _select(bulk.table, sqlite).where(table.c.id.between(start, end))):
                changed = updates.get(row[0])
                written = self._as_written(bulk.table, row, changed, subject_at, study, users, []) if changed else row
                at = offset + row[0] - start
                if _row_print(_row_bytes(written)) != bulk.prints[at * 4 : at * 4 + 4]:
                    subject = row[subject_at] if subject_at else None
                    thing = self._thing(bulk.table, row[0], dict(zip(names, row[1:], strict=True)), users)
                    found.append(
                        f"{self._who(bulk.table, subject, study)}{thing} differs from the row audit entry "
                        f"{bulk.entry_id} ({bulk.reason}) wrote: changed outside the program"
                    )
        return found

    def _differs(
        self,
        table: str,
        record_id: int,
        values: Mapping[str, object],
        name: str,
        current: object,
        expected: object,
        subject: int | None,
        study: dict[int, str],
        users: dict[int, str],
    ) -> str:
        thing = self._thing(table, record_id, values, users)
        if table == "clinical_event" and values.get("kind") == "death" and name == "event_date":
            what = "death date"
        else:
            what = f"{thing} {self._WORDS.get((table, name), name.replace('_', ' '))}"
        if table == "subject":
            what = name.replace("_", " ")
        where = (
            self._who(table, subject, study) if table != "subject" else f"subject {study.get(record_id, record_id)}: "
        )
        if table == "user":
            where = f"user {users.get(record_id, record_id)}: "
            what = name
        kind = KINDS[table][RECORD_FIELDS[table].index(name)]
        shown, trail_says = _shown(kind, current), _shown(kind, expected)
        if expected is None:
            return f"{where}{what} {shown} in the table has no audit entry (the audit trail has it empty)"
        return f"{where}{what} {shown} in the table, {trail_says} in the audit trail"


def _shown(kind: str, value: object) -> str:
    if value is None:
        return "empty"
    if kind == "b":
        return "true" if value else "false"
    if kind == "t":
        return "set"
    return str(value)


# -- comparing a table in a process of its own ---------------------------------------------

ELSEWHERE = ("result",)  # the table worth a process of its own: a million rows at 10,000 subjects
ELSEWHERE_ROWS = 250_000  # from this many rows on (fewer: starting the process costs what it saves)


class Elsewhere:
    """`ELSEWHERE`'s tables compared against the trail by another process (its own
    interpreter, on the other core) while this one reads the trail and the other tables:
    the result table's million rows are a third of `ltfu check`.

    The process reads the same file on a connection of its own (one snapshot), replays
    those tables' entries and compares their rows (`Replay.compare_part`) and the result
    packs. Its findings are used only when the entries it replayed are, byte for byte,
    those this process verified in the chain (`Replay.watched`); otherwise, or when it
    fails for any reason, `compare` compares those tables itself, as it always did."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.tables = ELSEWHERE
        self.process = process

    @classmethod
    def start(cls, file: Path | None, rows: int) -> Elsewhere | None:
        """The process started on the SQLite `file`, or None (a server, a small table, the frozen build)."""
        if file is None or rows < ELSEWHERE_ROWS or getattr(sys, "frozen", False):
            return None
        root = str(Path(__file__).resolve().parents[2])  # where this `ltfu` package is imported from
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "from ltfu.services.trail import elsewhere_main; elsewhere_main()", str(file)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        except OSError:
            return None
        return cls(process)

    def result(self, replay: Replay) -> Found | None:
        """What the process found, or None when it cannot stand for this process's own comparison."""
        out, _ = self.process.communicate()
        if self.process.returncode != 0:
            return None
        try:
            document = json.loads(out)
            found = Found.from_json(document)
        except (ValueError, KeyError, TypeError):
            return None
        if document["entries"] != replay.watched_entries.hexdigest():
            return None  # another snapshot of the trail (a write in between): not the entries verified here
        return found

    def cancel(self) -> None:
        """The process ended (killed when still at work), its pipe closed; once answered, nothing to do."""
        if self.process.stdout is not None and self.process.stdout.closed:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


def elsewhere_main() -> None:
    """The process `Elsewhere` starts: its findings as JSON on stdout."""
    sys.stdout.write(_compare_elsewhere(Path(sys.argv[1])))
    sys.stdout.flush()


def _compare_elsewhere(file: Path) -> str:
    from ltfu.db.engine import read_only_engine
    from ltfu.services import derived, packs
    from ltfu.services.audit import _CHAIN_COLUMNS, ChainEntry

    engine = read_only_engine(file)
    try:
        with Session(engine) as session:
            replay = Replay(watched=ELSEWHERE)
            audit = m.AuditEvent.__table__
            entries = (
                select(*(audit.c[c] for c in _CHAIN_COLUMNS))
                .where(audit.c.table_name.in_(ELSEWHERE))
                .order_by(audit.c.id)
            )
            for batch in driver_batches(session, entries):
                for row in batch:
                    replay(ChainEntry._make(row))
            study = dict(session.execute(select(m.Subject.id, m.Subject.study_id)).all())
            users = dict(session.execute(select(m.User.id, m.User.username)).all())
            rows = session.scalar(select(func.count()).select_from(m.Result)) or 0
            packed = packs.Expected(RECORD_FIELDS["result"], rows)
            replay.readers["result"] = packed.add
            found = replay.compare_part(session, ELSEWHERE, study, users)
            found.packs = derived.packs_out_of_step(session, packed)
            return found.to_json(replay.watched_entries.hexdigest())
    finally:
        engine.dispose()
