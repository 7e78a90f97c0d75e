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

import bisect
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, cast, literal_column, select
from sqlalchemy import Integer as SAInteger
from sqlalchemy import Text as SAText
from sqlalchemy.orm import Session

from ltfu.db import models as m

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
    "result": (
        "subject_id",
        "result_date",
        "result_time",
        "analyte",
        "value",
        "category",
        "unit",
        "blq",
        "lloq",
        "assay",
        "source_file",
        *_VOID,
    ),
    "clinical_event": (
        "subject_id",
        "event_date",
        "kind",
        "detail",
        "response",
        "mrd_negative",
        "cd19_status",
        "cd22_status",
        "lineage_switch",
        "death_cause",
        "withdrawal_scope",
        "source_file",
        *_VOID,
    ),
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
        *_VOID,
    ),
    "contact_attempt": ("subject_id", "attempt_date", "channel", "outcome", "user_id", *_VOID),
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


def _kind(column) -> str:  # type: ignore[no-untyped-def]
    kind = column.type
    if isinstance(kind, Boolean):
        return "b"
    if isinstance(kind, DateTime):
        return "t"
    if isinstance(kind, Date):
        return "d"
    if isinstance(kind, Float):
        return "f"
    if isinstance(kind, Integer):
        return "i"
    return "s"


KINDS: dict[str, tuple[str, ...]] = {
    t: tuple(_kind(m.Base.metadata.tables[t].c[f]) for f in fs) for t, fs in RECORD_FIELDS.items()
}


# -- one value, the same whichever way it comes -----------------------------------------


def from_python(kind: str, value: object) -> object:
    """A value as the trail compares it, from a Python value a service wrote."""
    if value is None:
        return None
    if kind == "b":
        return int(bool(value))
    if kind == "f":
        return float(value)  # type: ignore[arg-type]
    if kind == "i":
        return int(value)  # type: ignore[call-overload]
    if kind == "d":
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if kind == "t":
        return 1  # a time stamp counts by being there (its own entry says when)
    return str(value)


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


def _select(table_name: str):  # type: ignore[no-untyped-def]
    """The table's id and record fields, each cast so both databases give the same values."""
    table = m.Base.metadata.tables[table_name]
    columns = [table.c.id]
    for name, kind in zip(RECORD_FIELDS[table_name], KINDS[table_name], strict=True):
        column = table.c[name]
        if kind == "b":
            columns.append(cast(column, SAInteger))
        elif kind == "d":
            columns.append(cast(column, SAText))
        elif kind == "t":
            columns.append(literal_column(f'CASE WHEN "{name}" IS NULL THEN NULL ELSE 1 END'))
        else:
            columns.append(column)
    return select(*columns).select_from(table).order_by(table.c.id)


def _print(values: tuple) -> bytes:
    return hashlib.sha256(repr(values).encode("utf-8")).digest()


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
    return {name: getattr(row, name) for name in RECORD_FIELDS[row.__table__.name]}  # type: ignore[attr-defined]


def _defaults(table_name: str) -> dict[str, object]:
    table = m.Base.metadata.tables[table_name]
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.name in RECORD_FIELDS[table_name] and c.default is not None and not c.default.is_callable
    }


def with_defaults(table_name: str, row: Mapping[str, object]) -> dict[str, object]:
    """A bulk-inserted row as stored: the columns it leaves out take their defaults."""
    return _defaults(table_name) | dict(row)


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


def content_text(table_name: str, rows: Iterable[Mapping[str, object]]) -> str:
    """ "; content sha256 H; row prints P" for rows written in bulk (each with its id)."""
    kinds = KINDS[table_name]
    names = RECORD_FIELDS[table_name]
    defaults = _defaults(table_name)
    total = hashlib.sha256()
    prints = []
    for row in sorted(rows, key=lambda r: r["id"]):  # type: ignore[arg-type, return-value]
        values = (row["id"], *(from_python(k, row.get(n, defaults.get(n))) for n, k in zip(names, kinds, strict=True)))
        digest = _print(values)
        total.update(digest)
        prints.append(digest[:2].hex())
    return f"; content sha256 {total.hexdigest()}; row prints {''.join(prints)}"


def bulk_text(table_name: str, rows: list[Mapping[str, object]], what: str = "") -> str:
    """The new value of a bulk entry: how many rows, their ids, and their content."""
    ids = sorted(int(r["id"]) for r in rows)  # type: ignore[call-overload]
    return f"{len(ids)} {table_name} row(s), ids {id_ranges(ids)}{what}" + content_text(table_name, rows)


# -- replay --------------------------------------------------------------------------------

_IDS = re.compile(r"ids ((?:\d+(?:-\d+)?(?:, )?)+)")
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
    hasher: object = field(default_factory=hashlib.sha256)
    named: bool = False


@dataclass
class _Record:
    values: dict[str, object]
    complete: bool
    entry_id: int


@dataclass
class Replay:
    """The trail as read by `audit.verify_chain`'s `on_entry`, then compared."""

    created: dict[tuple[str, int], _Record] = field(default_factory=dict)
    # (table, id) -> field -> [first old value, latest new value] (text as in the trail)
    updates: dict[tuple[str, int], dict[str, list]] = field(default_factory=dict)
    bulks: list[_Bulk] = field(default_factory=list)
    ranges: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # start, end, bulk, offset
    legacy: set[str] = field(default_factory=set)  # tables covered by an entry naming no ids

    def __call__(self, entry) -> None:  # type: ignore[no-untyped-def]
        table = entry.table_name
        if table not in RECORD_FIELDS:
            return
        action = entry.action
        if entry.field == "rows" and entry.record_id is None:
            self._bulk(entry)
        elif action == "create" and entry.record_id is not None:
            try:
                values = json.loads(entry.new_value or "{}")
            except ValueError:
                values = {}
            fields = RECORD_FIELDS[table]
            self.created[(table, entry.record_id)] = _Record(values, all(f in values for f in fields), entry.id)
            self.updates.pop((table, entry.record_id), None)
        elif action in ("update", "void") and entry.record_id is not None and entry.field:
            per = self.updates.setdefault((table, entry.record_id), {})
            if entry.field in per:
                per[entry.field][1] = entry.new_value
            else:
                per[entry.field] = [entry.old_value, entry.new_value]

    def _bulk(self, entry) -> None:  # type: ignore[no-untyped-def]
        text = entry.new_value or ""
        ids_match = _IDS.search(text)
        if ids_match is None:
            self.legacy.add(entry.table_name)
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

    def compare(self, session: Session, limit: int = 20) -> list[str]:
        """Every record the trail does not explain (at most `limit`, the first ones)."""
        problems: list[str] = []
        study = dict(session.execute(select(m.Subject.id, m.Subject.study_id)).all())
        users = dict(session.execute(select(m.User.id, m.User.username)).all())
        for table in REPLAYED:
            self._table(session, table, study, users, problems)
        for bulk in self.bulks:
            missing = bulk.n - sum(bulk.seen)
            who = self._who(bulk.table, bulk.subject_id, study)
            if missing:
                problems.append(
                    f"{who}{missing} {bulk.table} row(s) that audit entry {bulk.entry_id} ({bulk.reason}) "
                    "wrote are not in the table: deleted outside the program"
                )
            elif bulk.digest and bulk.hasher.hexdigest() != bulk.digest and not bulk.named:  # type: ignore[attr-defined]
                problems.append(
                    f"{who}{bulk.table} rows differ from what audit entry {bulk.entry_id} ({bulk.reason}) "
                    "wrote: changed outside the program"
                )
        for (table, record_id), record in self.created.items():
            if not record.values.get("_seen"):
                subject = record.values.get("subject_id")
                who = self._who(table, int(subject) if subject else None, study)
                problems.append(
                    f"{who}{self._thing(table, record_id, record.values, users)} is in the audit trail "
                    f"(entry {record.entry_id}) but not in the table: deleted outside the program"
                )
        return problems[:limit] + ([f"... and {len(problems) - limit} more"] if len(problems) > limit else [])

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

    def _table(
        self, session: Session, table: str, study: dict[int, str], users: dict[int, str], problems: list[str]
    ) -> None:
        names = RECORD_FIELDS[table]
        kinds = KINDS[table]
        ranges = sorted(self.ranges.get(table, ()))
        starts = [r[0] for r in ranges]
        subject_at = names.index("subject_id") if "subject_id" in names else None
        created = self.created
        updates = self.updates
        for row in session.execute(_select(table)):
            record_id = row[0]
            current = row[1:]
            key = (table, record_id)
            record = created.get(key)
            changed = updates.get(key)
            subject = current[subject_at] if subject_at is not None else (record_id if table == "subject" else None)
            if record is not None:
                record.values["_seen"] = True
                values = record.values
                for i, name in enumerate(names):
                    if name in values:
                        expected = from_text(kinds[i], values[name])
                    elif record.complete:
                        expected = None
                    else:
                        continue  # an entry written before the trail held whole records
                    if changed and name in changed:
                        expected = from_text(kinds[i], changed[name][1])
                    if current[i] != expected:
                        problems.append(
                            self._differs(table, record_id, values, name, current[i], expected, subject, study, users)
                        )
                continue
            position = bisect.bisect_right(starts, record_id) - 1
            if position >= 0 and ranges[position][0] <= record_id <= ranges[position][1]:
                start, _end, index, offset = ranges[position]
                bulk = self.bulks[index]
                at = offset + record_id - start
                bulk.seen[at] = 1
                original = list(current)
                as_stored = dict(zip(names, current, strict=True))
                if changed:
                    for i, name in enumerate(names):
                        if name in changed:
                            expected = from_text(kinds[i], changed[name][1])
                            if current[i] != expected:
                                problems.append(
                                    self._differs(
                                        table, record_id, as_stored, name, current[i], expected, subject, study, users
                                    )
                                )
                            original[i] = from_text(kinds[i], changed[name][0])
                digest = _print((record_id, *original))
                bulk.hasher.update(digest)  # type: ignore[attr-defined]
                if bulk.prints and bulk.prints[at * 4 : at * 4 + 4] != digest[:2].hex():
                    bulk.named = True
                    thing = self._thing(table, record_id, as_stored, users)
                    problems.append(
                        f"{self._who(table, subject, study)}{thing} differs from the row audit entry "
                        f"{bulk.entry_id} ({bulk.reason}) wrote: changed outside the program"
                    )
                continue
            if table in self.legacy:
                continue
            thing = self._thing(table, record_id, dict(zip(names, current, strict=True)), users)
            problems.append(f"{self._who(table, subject, study)}{thing} has no audit entry: added outside the program")

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
