"""The audit trail: written in the same transaction as the change it records.

Entries are hash-chained: each stores the previous entry's hash and its own hash over
its content and that link, so editing, deleting or reordering any entry breaks the
chain at that point, which `verify_chain` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, cast

from sqlalchemy import Table, select, text
from sqlalchemy.orm import Session

from ltfu.db.bulk import bulk_insert
from ltfu.db.engine import WRITING, driver_connection
from ltfu.db.models import AuditEvent, Base, Subject, User, utc_now
from ltfu.services import access
from ltfu.services.access import ALL_SUBJECTS

if TYPE_CHECKING:
    from ltfu.services.anchors import Anchor

GENESIS = "0" * 64

# -- what the trail may show without the contacts permission and choice --------------

UNKNOWN_USER = "(unknown user)"
"""Recorded by a failed sign-in whose user name is no account: the typed text never is."""
WITHHELD = "(withheld: contact details)"
WITHHELD_TYPED = "(withheld: text typed at a failed sign-in)"
PHI_TABLES = frozenset({"contact"})
"""Tables whose every audited value is contact details (PHI)."""
PHI_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "birth_date",
        "address",
        "postal_code",
        "city",
        "phone",
        "email",
        "alternate_contacts",
        "local_physician",
        "note",  # a contact attempt's free text
    }
)
"""Fields that hold PHI in whatever table they appear (but see `STAFF_TABLES`)."""
NOT_PHI_FIELDS = frozenset({"rows", "language", "preferred_channel", "confidential_address"})
"""Fields of a PHI table that say nothing about who the subject is (a count of imported rows...)."""
STAFF_TABLES = frozenset({"site", "user"})
"""An institution's address and phone, a member of staff's name: not a subject's PHI."""
_MARKERS = frozenset({"(set)", "(changed)"})
# Any PHI field's name in quotes, as a key of a record's JSON holds it: one scan of the text.
_PHI_KEY = re.compile("|".join(re.escape(f'"{name}"') for name in sorted(PHI_FIELDS)))


def withheld(action: str, table_name: str, field: str | None, value: str | None) -> str | None:
    """`value` (an old or new value of an entry) as it may leave without contact details.

    Contact-table values and PHI fields are replaced by `WITHHELD` (inside a created
    record's JSON, only the PHI keys); what a failed sign-in stored from the user-name
    field by an older version (possibly a password) by `WITHHELD_TYPED`.
    """
    if value is None or value in _MARKERS:
        return value
    if action == "login_failed":
        return value if value == UNKNOWN_USER else WITHHELD_TYPED
    if table_name in STAFF_TABLES:
        return value
    whole_record = table_name in PHI_TABLES
    if field is not None:
        return WITHHELD if field in PHI_FIELDS or (whole_record and field not in NOT_PHI_FIELDS) else value
    if value.startswith("{"):
        if not whole_record and _PHI_KEY.search(value) is None:
            return value  # no PHI key in the record's JSON (read without parsing it: a million entries)
        try:
            content = json.loads(value)
        except ValueError:
            content = None
        if isinstance(content, dict):
            if not whole_record and not PHI_FIELDS.intersection(content):
                return value
            masked = {
                k: WITHHELD
                if v not in _MARKERS and (k in PHI_FIELDS or (whole_record and k not in NOT_PHI_FIELDS))
                else v
                for k, v in content.items()
            }
            return json.dumps(masked, ensure_ascii=False, sort_keys=True)
    return WITHHELD if whole_record else value


def withheld_reason(action: str, table_name: str, reason: str | None) -> str | None:
    """The reason typed for a change of contact details may quote them: withheld with them.

    (A new record's or an import's reason is the one of its whole enrolment: it stays.)"""
    return WITHHELD if reason and table_name in PHI_TABLES and action == "update" else reason


def _canonical(value: object) -> str:
    """The text a value is hashed and stored as (exact types first: this runs millions of times)."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[return-value]  # kind is str (identity: faster than isinstance)
    if value is None:
        return ""
    if kind is float:
        return repr(value)
    if kind is dt.date:
        return value.isoformat()  # type: ignore[attr-defined]  # kind is type(value): a date
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def entry_hash(
    prev_hash: str,
    at: dt.datetime,
    user_id: int | None,
    action: str,
    table_name: str,
    record_id: int | None,
    subject_id: int | None,
    field: str | None,
    old_value: str | None,
    new_value: str | None,
    reason: str | None,
) -> str:
    return _digest(
        prev_hash,
        _canonical(at),
        user_id,
        action,
        table_name,
        record_id,
        subject_id,
        field,
        old_value,
        new_value,
        reason,
    )


def _digest(
    prev: str,
    at: str,
    user_id: object,
    action: object,
    table_name: object,
    record_id: object,
    subject_id: object,
    field: object,
    old_value: object,
    new_value: object,
    reason: object,
) -> str:
    """SHA-256 over the fields joined by a unit separator (so "ab","c" and "a","bc" differ);
    None as nothing, anything else as its str() (what an f-string writes of it: one string
    built at once, no list per entry; `verify_chain` runs this for every entry)."""
    text = (
        f"{prev}\x1f{at}\x1f{'' if user_id is None else user_id}\x1f{'' if action is None else action}"
        f"\x1f{'' if table_name is None else table_name}\x1f{'' if record_id is None else record_id}"
        f"\x1f{'' if subject_id is None else subject_id}\x1f{'' if field is None else field}"
        f"\x1f{'' if old_value is None else old_value}\x1f{'' if new_value is None else new_value}"
        f"\x1f{'' if reason is None else reason}"
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _last_hash(session: Session) -> str:
    if not session.connection().get_execution_options().get(WRITING):
        # A read-only unit of work may read an old snapshot (the export's REPEATABLE
        # READ): chaining onto it would fork the chain when another workstation wrote.
        raise RuntimeError("audit entries are written only in a writing unit of work (db.session())")
    if session.get_bind().dialect.name == "postgresql":
        # Workstations sharing a server append one at a time, so the chain never forks.
        session.execute(text("SELECT pg_advisory_xact_lock(72117)"))
    last = session.scalar(
        select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1), execution_options={ALL_SUBJECTS: True}
    )
    return last or GENESIS


def head(session: Session) -> tuple[int, str]:
    """(id, hash) of the trail's last entry ((0, GENESIS) when empty), held until the
    caller's writing transaction ends: nothing is appended meanwhile on a shared server."""
    _last_hash(session)
    last = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return (last[0], last[1]) if last else (0, GENESIS)


@dataclass(frozen=True)
class Change:
    """One field's change, as the audit trail records it."""

    field: str | None
    old_value: object
    new_value: object


@dataclass(frozen=True)
class Entry:
    """What one audit entry says, before it is chained."""

    action: str
    table_name: str
    record_id: int | None = None
    subject_id: int | None = None
    field: str | None = None
    old_value: object = None
    new_value: object = None
    reason: str | None = None
    whole: bool = False  # a "create" whose new_value is already the whole record (bulk writers)


def created(
    table_name: str, record_id: int, values: dict[str, object], subject_id: int | None = None, reason: str | None = None
) -> Entry:
    """The entry for a new record: its whole content, as canonical JSON."""
    content = json.dumps(
        {k: _canonical(v) for k, v in sorted(values.items()) if v is not None}, ensure_ascii=False, sort_keys=True
    )
    return Entry("create", table_name, record_id, subject_id, None, None, content, reason)


def created_row(
    table_name: str,
    record_id: int,
    row: Mapping[str, object],
    keys: Iterable[str],
    subject_id: int | None = None,
    reason: str | None = None,
    named: Mapping[str, object] | None = None,
) -> Entry:
    """The "create" entry of a row written in bulk, never read back: the whole record
    as `append` would read it for `created` (`row`, and the defaults the insert gave
    the columns none of the batch's rows named: `keys` are the columns it was given),
    with what `named` adds that is not a field of the record."""
    from ltfu.services import trail

    extra = {k: v for k, v in (named or {}).items() if k not in trail.RECORD_FIELDS[table_name]}
    content = trail.record_json(table_name, trail.with_defaults(table_name, row, keys), extra)
    return Entry("create", table_name, record_id, subject_id, None, None, content, reason, whole=True)


_MODELS: dict[str, type] = {}


def _whole_record(session: Session, e: Entry) -> Entry:
    """A "create" entry of a replayed table carries the whole record, read from the row
    itself (what the caller named is kept too), so `ltfu check` can replay it."""
    from ltfu.services import trail

    if not _MODELS:
        _MODELS.update({cast(Table, mp.local_table).name: mp.class_ for mp in Base.registry.mappers})
    row = session.get(_MODELS[e.table_name], e.record_id)
    if row is None:
        return e
    try:
        named = json.loads(e.new_value) if isinstance(e.new_value, str) else {}
    except ValueError:
        named = {}
    extra = {k: v for k, v in named.items() if k not in trail.RECORD_FIELDS[e.table_name]}
    content = trail.record_json(e.table_name, trail.record_of(row), extra)
    return Entry(e.action, e.table_name, e.record_id, e.subject_id, e.field, e.old_value, content, e.reason)


def append(session: Session, user_id: int | None, entries: Iterable[Entry], at: dt.datetime | None = None) -> int:
    """Chain and write entries in one bulk insert, inside the caller's transaction.

    Every change of a record passes here, so here a change to a record inside a frozen
    data cut is refused without a reason, and a change clears the record's source
    verification (with entries of its own: `review.on_changes`)."""
    from ltfu.services.review import on_changes
    from ltfu.services.trail import RECORD_FIELDS

    entries = list(entries)
    access.check_subjects(session, {e.subject_id for e in entries if e.subject_id is not None})
    entries += on_changes(session, user_id, entries)
    prev = _last_hash(session)
    when = at or dt.datetime.now(dt.UTC)
    when_s = _canonical(when)  # one time for the whole batch
    rows = []
    for e in entries:
        if e.action == "create" and e.record_id is not None and not e.whole and e.table_name in RECORD_FIELDS:
            session.flush()
            e = _whole_record(session, e)
        old_s = None if e.old_value is None else _canonical(e.old_value)
        new_s = None if e.new_value is None else _canonical(e.new_value)
        digest = _digest(
            prev, when_s, user_id, e.action, e.table_name, e.record_id, e.subject_id, e.field, old_s, new_s, e.reason
        )
        rows.append(
            {
                "at": when,
                "user_id": user_id,
                "action": e.action,
                "table_name": e.table_name,
                "record_id": e.record_id,
                "subject_id": e.subject_id,
                "field": e.field,
                "old_value": old_s,
                "new_value": new_s,
                "reason": e.reason,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    if rows:
        session.flush()
        bulk_insert(session.connection(), Base.metadata.tables["audit_event"], rows)
        session.info["audit_written"] = True  # anchored once the transaction commits
    return len(rows)


def record(
    session: Session,
    *,
    user_id: int | None,
    action: str,
    table_name: str,
    record_id: int | None = None,
    subject_id: int | None = None,
    changes: Iterable[Change] = (Change(None, None, None),),
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Append one audit entry per changed field."""
    append(
        session,
        user_id,
        (Entry(action, table_name, record_id, subject_id, c.field, c.old_value, c.new_value, reason) for c in changes),
        at,
    )


def changed(row: object, values: Mapping[str, object]) -> list[Change]:
    """A `Change` for each of `values` that differs from what `row` holds."""
    return [Change(name, getattr(row, name), value) for name, value in values.items() if getattr(row, name) != value]


def update_record(
    session: Session,
    user_id: int | None,
    table_name: str,
    row: object,
    values: Mapping[str, object],
    reason: str | None = None,
    changes: Iterable[Change] = (),
) -> None:
    """Set `values` on a subject's `row` and append one "update" entry per field that
    changed (after `changes`, already made by the caller)."""
    _set_and_record(session, user_id, "update", table_name, row, values, reason, changes)


def void_record(session: Session, user_id: int, row: object, reason: str) -> None:
    """Void a `row` (kept, with who, when and why): one "void" entry per field."""
    values = {"voided_at": utc_now(), "voided_by": user_id, "void_reason": reason}
    table_name = row.__tablename__  # type: ignore[attr-defined]  # a mapped row
    _set_and_record(session, user_id, "void", table_name, row, values, reason)


def _set_and_record(
    session: Session,
    user_id: int | None,
    action: str,
    table_name: str,
    row: object,
    values: Mapping[str, object],
    reason: str | None,
    changes: Iterable[Change] = (),
) -> None:
    entries = [*changes, *changed(row, values)]
    for name, value in values.items():
        setattr(row, name, value)
    session.flush()
    record(
        session,
        user_id=user_id,
        action=action,
        table_name=table_name,
        record_id=row.id,  # type: ignore[attr-defined]  # a mapped row
        subject_id=getattr(row, "subject_id", None),  # None: a row of no subject (a user's grant)
        changes=entries,
        reason=reason,
    )


_CHAIN_COLUMNS = (
    "id",
    "at",
    "user_id",
    "action",
    "table_name",
    "record_id",
    "subject_id",
    "field",
    "old_value",
    "new_value",
    "reason",
    "prev_hash",
    "hash",
)
ChainEntry = namedtuple("ChainEntry", _CHAIN_COLUMNS)  # type: ignore[misc]  # fields: the SELECT's columns


def _at_text(at: object) -> str:
    """The time of an entry as it was hashed, from what the driver returns."""
    if type(at) is str:
        # SQLite keeps UTC as "YYYY-MM-DD HH:MM:SS.ffffff" (SQLAlchemy's storage format)
        if len(at) == 26 and at[10] == " ":
            return f"{at[:10]}T{at[11:]}+00:00"
        at = dt.datetime.fromisoformat(at)
    if at.tzinfo is None:  # type: ignore[attr-defined]  # not text: the driver's datetime
        at = at.replace(tzinfo=dt.UTC)  # type: ignore[attr-defined]  # the same datetime
    return _canonical(at)


def verify_chain(
    session: Session,
    anchors: Iterable[Anchor] = (),
    on_entry: Callable[[ChainEntry], None] | None = None,
) -> tuple[int, str | None]:
    """Check every entry in order; returns (entries checked, first problem or None).

    `anchors` (`ltfu.services.anchors.Anchor`, heads kept outside the database) must
    each find their entry with their hash: a trail cut short or rewritten and re-hashed
    from some point on still chains, but no longer matches what was anchored before.
    `on_entry` sees every entry (the replay of `ltfu check` reads the trail only once).
    Rows come straight from the driver: a trail of a million entries is read in seconds.
    """
    from ltfu.services.anchors import first_divergence

    anchors = list(anchors)
    wanted = {a.head.entries for a in anchors}
    hash_at: dict[int, str] = {}
    prev = GENESIS
    count = 0
    conn = session.connection()
    driver = driver_connection(conn)
    # On a server, rows arrive in batches (a named cursor), not all at once.
    cursor = driver.cursor(name="ltfu_chain") if conn.dialect.name == "postgresql" else driver.cursor()
    try:
        cursor.execute(f"SELECT {', '.join(_CHAIN_COLUMNS)} FROM audit_event ORDER BY id")
        while True:
            batch = cursor.fetchmany(5000)
            if not batch:
                break
            for row in batch:
                count += 1
                entry_id, at, user_id, action, table_name, record_id, subject_id, field, old, new, reason, link, own = (
                    row
                )
                if link != prev:
                    return (
                        count,
                        f"audit entry {entry_id} does not follow entry before it (deleted or reordered entries)",
                    )
                expected = _digest(
                    link, _at_text(at), user_id, action, table_name, record_id, subject_id, field, old, new, reason
                )
                if expected != own:
                    return count, f"audit entry {entry_id} was altered after it was written"
                if count in wanted:
                    hash_at[count] = own
                if on_entry is not None:
                    on_entry(ChainEntry._make(row))
                prev = own
    finally:
        cursor.close()
    return count, first_divergence(hash_at, count, anchors)


@dataclass(frozen=True)
class AuditRow:
    """One audit entry as a reviewer reads it: who, when (UTC), what, old and new, why."""

    entry_id: int
    at: dt.datetime
    username: str | None
    action: str
    table_name: str
    record_id: int | None
    study_id: str | None
    field: str | None
    old_value: str | None
    new_value: str | None
    reason: str | None


AUDIT_COLUMNS = (
    "entry",
    "time_utc",
    "user",
    "action",
    "table",
    "record",
    "subject",
    "field",
    "old_value",
    "new_value",
    "reason",
)


def audit_rows(
    session: Session, subject_id: int | None = None, limit: int | None = None, *, with_contacts: bool = False
) -> tuple[AuditRow, ...]:
    """The trail in the order it was written, for one subject or all; newest last.

    Contact details are withheld (`masked`) unless `with_contacts`: the caller checks
    that the acting user may see them and asked to.
    """
    query = (
        select(AuditEvent, User.username, Subject.study_id)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Subject, Subject.id == AuditEvent.subject_id)
        .order_by(AuditEvent.id)
    )
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    if limit is not None:
        query = query.order_by(None).order_by(AuditEvent.id.desc()).limit(limit)
    rows = [
        AuditRow(
            e.id,
            e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC),
            user,
            e.action,
            e.table_name,
            e.record_id,
            study_id,
            e.field,
            e.old_value,
            e.new_value,
            e.reason,
        )
        for e, user, study_id in session.execute(query)
    ]
    if not with_contacts:
        rows = [masked(r) for r in rows]
    return tuple(sorted(rows, key=lambda r: r.entry_id))


def masked(row: AuditRow) -> AuditRow:
    """The row with its contact details withheld (see `withheld`)."""
    old = withheld(row.action, row.table_name, row.field, row.old_value)
    new = withheld(row.action, row.table_name, row.field, row.new_value)
    reason = withheld_reason(row.action, row.table_name, row.reason)
    if (old, new, reason) == (row.old_value, row.new_value, row.reason):
        return row
    return replace(row, old_value=old, new_value=new, reason=reason)


def as_cells(row: AuditRow) -> tuple[str, ...]:
    def text(value: object) -> str:
        return "" if value is None else str(value)

    return (
        str(row.entry_id),
        row.at.strftime("%Y-%m-%d %H:%M:%S"),
        text(row.username),
        row.action,
        row.table_name,
        text(row.record_id),
        text(row.study_id),
        text(row.field),
        text(row.old_value),
        text(row.new_value),
        text(row.reason),
    )
