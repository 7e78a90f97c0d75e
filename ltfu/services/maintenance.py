"""Health of a database: `ltfu check` and the start-up checks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.migrate import current_revision
from ltfu.db.models import Base
from ltfu.db.schema import SCHEMA_HEAD
from ltfu.errors import MESSAGES
from ltfu.services import access, anchors, audit, trail, users
from ltfu.services.database import Database


@dataclass(frozen=True)
class CheckReport:
    database: str
    schema_version: str | None
    expected_schema: str
    integrity: str  # "ok" or SQLite's first complaint; "n/a" on PostgreSQL
    row_counts: dict[str, int]
    audit_entries: int
    audit_problem: str | None
    # Derived table -> study ids whose rows differ from their results (in step: absent).
    out_of_step: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Rows referring to a record that is not there ("result: 3 row(s) refer to a missing subject").
    orphans: tuple[str, ...] = ()
    anchors: int = 0  # copies of the audit head held outside the database, compared
    # Records whose current values the audit trail does not explain (replay), said plainly.
    unexplained: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return (
            self.integrity in ("ok", "n/a")
            and self.audit_problem is None
            and self.schema_version == self.expected_schema
            and not self.out_of_step
            and not self.orphans
            and not self.unexplained
        )

    @property
    def damage(self) -> str | None:
        """The first problem that makes the database damaged, in words; None when none.

        Derived tables out of step are not damage: `ltfu check --rebuild-derived`
        repairs them from the results, so the database stays writable for it. Nor are
        records the audit trail does not explain: `check` names them, and the way to
        set one right is a correction through the program, with its reason, which a
        read-only database would refuse.
        """
        if dataclasses.replace(self, out_of_step={}, unexplained=()).ok:
            return None
        if self.integrity not in ("ok", "n/a"):
            return f"integrity check: {self.integrity}"
        if self.audit_problem is not None:
            return f"audit trail: {self.audit_problem}"
        if self.schema_version != self.expected_schema:
            return f"schema version {self.schema_version}, expected {self.expected_schema}"
        if self.orphans:
            return "rows without their record: " + "; ".join(self.orphans[:3])
        return "the full check found a problem"

    @property
    def first_problem(self) -> str | None:
        """The first thing the check found, in words (damage first); None when all is well."""
        if self.ok:
            return None
        if self.damage is not None:
            return self.damage
        if self.unexplained:
            more = f" (and {len(self.unexplained) - 1} more)" if len(self.unexplained) > 1 else ""
            return f"not explained by the audit trail: {self.unexplained[0]}{more}"
        return "; ".join(f"{t} {self.derived_text(t)}" for t in sorted(self.out_of_step))

    def derived_text(self, table: str) -> str:
        """How the derived table stands against the results, for `ltfu check`."""
        ids = self.out_of_step.get(table, ())
        if not ids:
            return "in step with the results"
        shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
        return (
            f"out of step with the results for {len(ids)} subject(s) ({shown}); "
            "rebuild with `ltfu check --rebuild-derived`"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "database": self.database,
            "schema_version": self.schema_version,
            "expected_schema": self.expected_schema,
            "integrity": self.integrity,
            "row_counts": self.row_counts,
            "audit_entries": self.audit_entries,
            "audit_chain": "ok" if self.audit_problem is None else self.audit_problem,
            "audit_anchors": self.anchors,
            "records_against_audit": "not replayed"
            if self.audit_problem is not None
            else list(self.unexplained) or "ok",
            "safety_alerts": list(self.out_of_step.get("safety_alert", ())) or "ok",
            "result_packs": list(self.out_of_step.get("result_pack", ())) or "ok",
            "foreign_keys": list(self.orphans) or "ok",
            "ok": self.ok,
        }


def integrity(db: Database, quick: bool = False) -> str:
    """SQLite's verdict on the file: "ok", or its first complaints ("n/a" on PostgreSQL).

    A file too damaged to be checked at all raises `DatabaseError` saying so, and is
    marked damaged (read-only) like any read that meets a damaged page (`Database.session`).
    """
    if db.engine.dialect.name != "sqlite":
        return "n/a"
    pragma = "quick_check" if quick else "integrity_check"
    with db.session(read_only=True) as session:
        return _verdict(session.execute(text(f"PRAGMA {pragma}")))


def _integrity_beside(db: Database) -> tuple[str | None, tuple[str, ...] | None]:
    """`integrity`, then the foreign keys (`orphan_rows`), run beside the rest of `check`
    (on a connection of their own): SQLite's own loops, each one statement that returns
    its answer whole, so that this thread never waits for the interpreter between rows.
    Either is None when it could not be asked (`check` then asks it itself, as before:
    a file that cannot be checked at all is said, and marked, by `integrity`)."""
    file = db.sqlite_file
    if file is None:
        return ("n/a" if db.engine.dialect.name != "sqlite" else None), None
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    except Exception:
        return None, None
    try:
        try:
            conn.execute("PRAGMA cache_size = -256")  # a walk through every page once: no cache to keep
            verdict = _verdict(conn.execute("PRAGMA integrity_check"))
        except Exception:  # said, and the file marked, by `integrity` in `check` itself
            return None, None
        try:
            # Counted by SQLite per table and parent (a sort: every row is read before the first is returned).
            grouped = conn.execute('SELECT "table", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2')
            return verdict, _orphan_lines({(table, parent): n for table, parent, n in grouped})
        except Exception:  # asked again in `check`'s own unit of work, which says what it meets
            return verdict, None
    finally:
        conn.close()


def _verdict(found: Iterable[Any]) -> str:
    rows = [r[0] for r in found]
    return "ok" if rows == ["ok"] else "; ".join(rows[:3])


def start_up_check(db: Database, today: dt.date) -> tuple[str, str]:
    """The window's check at start-up: the quick integrity check, then (when it passes)
    today's backup. Returns the verdict and what stopped the backup ("" when nothing).

    A failed check marks the database damaged: from then on (and at every later
    opening) it is read-only.
    """
    from ltfu.services.backup import try_daily_backup

    verdict = integrity(db, quick=True)
    if verdict not in ("ok", "n/a"):
        db.mark_damaged(f"integrity check: {verdict}", "the start-up integrity check")
        return verdict, ""
    # A damaged database is not copied: its copy would push a good one out of the rotation.
    return verdict, try_daily_backup(db, today) or ""


def check(db: Database, anchor_files: Iterable[str | Path] = ()) -> CheckReport:
    """The whole check; `anchor_files` are more copies of the audit head (manifests,
    signed reports, anchor files) to hold the trail against, besides the anchor file
    and the log this program keeps."""
    from ltfu.services import derived, packs  # not at the top: the window's start-up check needs none of it

    stored = anchors.stored_anchors(db.url)
    found = list(stored)
    for path in anchor_files:
        found += anchors.read_anchor_file(path, db.url)
    counts: dict[str, int] = {}
    elsewhere: trail.Elsewhere | None = None
    with ThreadPoolExecutor(max_workers=1) as beside, db.session(read_only=True) as session:
        access.refuse_partial(session)  # the whole file is checked: whoever sees all of it
        # SQLite's own loops, without the interpreter: they run on another core meanwhile.
        verdict = beside.submit(_integrity_beside, db)
        tables = Base.metadata.tables
        results = session.scalar(select(func.count()).select_from(tables["result"])) or 0
        try:
            # The result table compared by a process of its own meanwhile (when large), started
            # before the other tables are counted: its answer is what this process waits for last.
            elsewhere = trail.Elsewhere.start(db.sqlite_file, results)
            for name, table in sorted(tables.items()):
                counts[name] = (
                    results if name == "result" else session.scalar(select(func.count()).select_from(table)) or 0
                )
            watched = elsewhere.tables if elsewhere is not None else ()
            entries, problem, replay, prints = _read_trail(session, found, watched)
            if problem is not None and anchors.stored_anchors(db.url) != stored:
                # A writer committed and anchored while this check read: read again once.
                found = [*anchors.stored_anchors(db.url), *found[len(stored) :]]
                entries, problem, replay, prints = _read_trail(session, found, watched)
            # Replayed only over a chain that holds: a broken one says so first. The replay
            # reads the whole result table: the packs it calls for are packed as it passes.
            packed = packs.Expected(trail.RECORD_FIELDS["result"], counts["result"])
            replay.readers["result"] = packed.add
            # What needs nothing of the process elsewhere is asked before its answer is awaited
            # (in `compare`): the stored alerts recomputed, the accounts, the protocols' texts.
            at_head = current_revision(db.engine) == SCHEMA_HEAD
            alerts_found = derived.alerts_out_of_step(session) if at_head else None
            prints_found = prints.problems(session) if problem is None else ()
            others = _protocols_not_as_registered(session) + _shared_password_hashes(session)
            unexplained = (
                tuple(replay.compare(session, elsewhere=elsewhere)) + prints_found if problem is None else ()
            ) + others
        finally:
            if elsewhere is not None:
                elsewhere.cancel()
        # The derived tables: recomputed here from the results and compared.
        differing = (
            derived.out_of_step(
                session,
                packed if problem is None else None,
                replay.delegated.packs if problem is None and replay.delegated is not None else None,
                alerts_found,
            )
            if at_head
            else {}
        )
        found_integrity, orphans_beside = verdict.result()
        orphans = orphans_beside if orphans_beside is not None else orphan_rows(session)
    return CheckReport(
        database=db.display_name,
        schema_version=current_revision(db.engine),
        expected_schema=SCHEMA_HEAD,
        # Any failure to check at all: again here, to be said and marked as `integrity` does.
        integrity=found_integrity if found_integrity is not None else integrity(db),
        row_counts=counts,
        audit_entries=entries,
        audit_problem=problem,
        out_of_step=differing,
        orphans=orphans,
        anchors=len(found),
        unexplained=unexplained,
    )


def _protocols_not_as_registered(session: Session) -> tuple[str, ...]:
    """Protocol versions whose text is not the file that was registered (its SHA-256 is
    kept beside it): the text plans every visit, so an edit in the file would move
    windows unseen. (Not replayed from the trail: an edit of both is not found here.)"""
    found = []
    for vid, label, digest, content in session.execute(
        select(
            m.ProtocolVersion.id,
            m.ProtocolVersion.version_label,
            m.ProtocolVersion.content_hash,
            m.ProtocolVersion.content,
        )
    ):
        data = content.encode("utf-8")
        # The hash is of the file's bytes: with the byte-order mark a Windows editor saves.
        if digest not in (hashlib.sha256(data).hexdigest(), hashlib.sha256(b"\xef\xbb\xbf" + data).hexdigest()):
            found.append(f"protocol_version {vid} ({label}): its text is not the registered file (SHA-256 differs)")
    return tuple(found)


def _shared_password_hashes(session: Session) -> tuple[str, ...]:
    """Accounts holding the very same password hash: Argon2 salts every hash, so two
    equal ones were copied in the file (one account's password made to open another).
    Hashes are not replayed from the trail: a hash made afresh is not found here."""
    holders: dict[str, list[str]] = {}
    for username, digest in session.execute(
        select(m.User.username, m.User.password_hash).where(m.User.password_hash.is_not(None))
    ):
        if digest is not None:  # the query asked for none; the type does not know
            holders.setdefault(digest, []).append(username)
    return tuple(
        f"user {', '.join(sorted(names))}: the same password hash (copied in the file)"
        for names in holders.values()
        if len(names) > 1
    )


def _read_trail(
    session: Session, found: list[anchors.Anchor], watched: tuple[str, ...] = ()
) -> tuple[int, str | None, trail.Replay, _PasswordPrints]:
    """The trail read once, in order: the chain held against the anchors, and each entry
    given to the replay (which digests the entries of the `watched` tables) and to the
    password fingerprints."""
    replay, prints = trail.Replay(watched=watched), _PasswordPrints()

    def see(entry: Any) -> None:  # an `audit.ChainEntry` (a namedtuple built at run time)
        replay(entry)
        prints(entry)

    entries, problem = audit.verify_chain(session, found, on_entry=see)
    return entries, problem, replay, prints


class _PasswordPrints:
    """Accounts whose stored password hash is not the one the program last set: every
    setting of a hash leaves its fingerprint in the trail (`users.password_print`), so
    a hash written into the file (to sign in as someone with a password one knows) is
    named. Accounts whose last setting predates fingerprints are not judged."""

    _PRINT = re.compile(r"sha256:([0-9a-f]{16})")

    def __init__(self) -> None:
        self.last: dict[int, str | None] = {}  # account id -> fingerprint of its last hash

    def __call__(self, entry: Any) -> None:  # an `audit.ChainEntry`
        if entry.table_name != "user" or entry.record_id is None:
            return
        if entry.action == "create":
            if users.PASSWORD_FIELD not in (entry.new_value or ""):
                return  # an account made without a password (set-up login, archive restore)
        elif entry.field != users.PASSWORD_FIELD:
            return
        found = self._PRINT.search(entry.new_value or "")
        self.last[entry.record_id] = found.group(1) if found else None

    def problems(self, session: Session) -> tuple[str, ...]:
        found = []
        for user_id, username, stored in session.execute(
            select(m.User.id, m.User.username, m.User.password_hash).where(m.User.password_hash.is_not(None))
        ):
            expected = self.last.get(user_id)
            if expected is None or stored is None:
                continue
            if not users.password_print(stored).endswith(f"sha256:{expected}"):
                found.append(f"user {username}: the password hash in the table is not the one ltfu last set")
        return tuple(found)


def orphan_rows(session: Session) -> tuple[str, ...]:
    """Rows whose foreign key points at no record, one line per table and parent.

    SQLite enforces foreign keys only on connections that switch them on, so a file
    edited elsewhere can hold such rows (PRAGMA foreign_key_check finds them); on
    PostgreSQL the same question is asked of every foreign key of the schema.
    """
    found: dict[tuple[str, str], int] = {}
    if session.get_bind().dialect.name == "sqlite":
        for table, _rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
            found[(table, parent)] = found.get((table, parent), 0) + 1
    else:
        for table in Base.metadata.sorted_tables:
            for fk in table.foreign_key_constraints:
                parent = fk.referred_table
                ref = parent.alias("ref")
                present = select(ref).where(*(ref.c[e.column.name] == e.parent for e in fk.elements)).exists()
                missing = (
                    select(func.count())
                    .select_from(table)
                    .where(*(e.parent.isnot(None) for e in fk.elements), ~present)
                )
                count = session.scalar(missing) or 0
                if count:
                    found[(table.name, parent.name)] = found.get((table.name, parent.name), 0) + count
    return _orphan_lines(found)


def _orphan_lines(found: dict[tuple[str, str], int]) -> tuple[str, ...]:
    return tuple(f"{table}: {n} row(s) refer to a missing {parent}" for (table, parent), n in sorted(found.items()))


def check_and_remember(db: Database, found_by: str, anchor_files: Iterable[str | Path] = ()) -> CheckReport:
    """`check`, and its verdict kept for every later opening: damaged means read-only
    until a clean check (`Database.mark_damaged`); a clean one lifts that."""
    report = check(db, anchor_files)
    if report.damage is not None:
        db.mark_damaged(report.damage, found_by)
    else:
        db.clear_damage()
    return report


def rebuild_derived(db: Database) -> dict[str, int]:
    """Rebuild the stored safety alerts and the packed results from the results,
    audited per table; returns the rows stored per table."""
    from ltfu.services import derived

    with db.session() as session:
        user_id = db.user_id(session, "maintain")
        counts = derived.rebuild(session)
        for table, count in counts.items():
            audit.record(
                session,
                user_id=user_id,
                action="update",
                table_name=table,
                changes=(audit.Change("rows", None, count),),
                reason=MESSAGES["reason.rebuilt"],
            )
    return counts
