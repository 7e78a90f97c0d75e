"""Opening a database: checks, migrations, and the unit-of-work scope."""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ltfu.config import data_dir, resolve_db_url, sqlite_path
from ltfu.db.engine import begin_writing, check_sqlite_file, make_engine, make_session_factory
from ltfu.db.errors import Condition, condition, explain, refusal
from ltfu.db.migrate import current_revision, ensure_schema
from ltfu.db.models import User
from ltfu.errors import MESSAGES, ConflictError, DatabaseError, Message, PermissionDenied, recognised
from ltfu.safefile import private_folder, write_atomic
from ltfu.services import access, anchors, audit, users

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Damage:
    """Why a database is open read-only: what found it damaged, when, and what it found."""

    reason: str
    found_by: str
    found_on: str


def damage_marker(url: str) -> Path:
    """Where the damage mark of the database at `url` is kept.

    Beside a SQLite file (``ltfu.sqlite3.damaged``), so it travels with it; for a
    server database, in this workstation's data folder, named by the address.
    Reading it costs one file look-up, where a quick check of the whole file costs
    seconds at 10,000 subjects (docs/faults.md).
    """
    file = sqlite_path(url)
    if file is not None:
        return file.with_name(file.name + ".damaged")
    shown = make_url(url).render_as_string(hide_password=True)
    return data_dir() / "damaged" / (hashlib.sha256(shown.encode("utf-8")).hexdigest()[:24] + ".json")


_EARLIER = (Message("damage.by_earlier"), Message("damage.earlier_day"))


def damage_words(text: str) -> str:
    """A damage mark's reason or finder as a `Message` when the program wrote it (so the
    window says it in its language); a database engine's own diagnosis as it is."""
    return recognised(text, ("damage.",)) or text


def read_damage(url: str) -> Damage | None:
    """The damage mark of the database at `url`, or None when it has none."""
    marker = damage_marker(url)
    try:
        raw = marker.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:  # a mark that cannot be read is still a mark
        return Damage(Message("damage.mark_not_read", marker=marker, error=exc.strerror), *_EARLIER)
    try:
        data = json.loads(raw)
        return Damage(str(data["reason"]), str(data["found_by"]), str(data["found_on"]))
    except (ValueError, KeyError, TypeError):
        return Damage(Message("damage.mark_unreadable", marker=marker), *_EARLIER)


@dataclass
class Database:
    """An open, migrated database and the user acting on it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    migration: str = "current"
    username: str = field(default_factory=getpass.getuser)
    actor: users.Actor | None = None
    # Why the database is open read-only (found damaged), or None: see `mark_damaged`.
    damage: Damage | None = None

    def __post_init__(self) -> None:
        self._unguarded = threading.local()  # see `sign_in`
        event.listen(self.engine, "begin", self._on_begin)
        access.watch(self.sessions, lambda: self.actor.user_id if self.actor is not None else None)

    def _on_begin(self, conn) -> None:
        # Every transaction of a damaged database is read-only, whatever service runs
        # it (ORM, bulk inserts, raw SQL): the driver itself refuses the write.
        info = conn.connection.info
        guarded = self.damage is not None and not getattr(self._unguarded, "on", False)
        if conn.dialect.name == "sqlite":
            wanted = guarded
            if info.get("ltfu_query_only", False) != wanted:
                conn.exec_driver_sql(f"PRAGMA query_only = {int(wanted)}")
                info["ltfu_query_only"] = wanted
        elif guarded:
            conn.exec_driver_sql("SET TRANSACTION READ ONLY")

    @property
    def read_only(self) -> bool:
        return self.damage is not None

    def read_only_message(self) -> str:
        damage = self.damage
        assert damage is not None
        return Message(
            "db.damaged_read_only",
            where=self.display_name,
            found_by=damage_words(damage.found_by),
            day=damage_words(damage.found_on),
            reason=damage_words(damage.reason),
        )

    def mark_damaged(self, reason: str, found_by: str) -> None:
        """Open read-only from now on, here and at every later opening, saying why.

        The mark is a small file beside the database (`damage_marker`), so later
        openings learn it without re-checking the whole file; `clear_damage` (a clean
        `ltfu check`, a restore) removes it.
        """
        damage = Damage(
            reason=reason[:500], found_by=found_by, found_on=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        )
        self.damage = damage
        log.warning("database marked damaged by %s: %s", found_by, reason[:200])
        marker = damage_marker(self.url)
        try:
            private_folder(marker.parent)
            write_atomic(marker, json.dumps(damage.__dict__, ensure_ascii=False).encode("utf-8"))
        except OSError as exc:
            log.warning("could not write the damage mark %s: %s", marker, exc)

    def clear_damage(self) -> None:
        """Writable again: a full check found no problem, or a checked backup was restored."""
        if self.damage is not None:
            log.info("database no longer marked damaged")
        self.damage = None
        try:
            damage_marker(self.url).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not remove the damage mark: %s", exc)

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """Where the data lives, without any password."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on any error.

        A unit of work writes unless `read_only`: it holds the database's write lock
        from its start (`begin_writing`), so two workstations never write from the
        same stale reading. `read_only` ones read a snapshot and never wait for a
        writer; they must not write.

        Driver failures a person can act on (locked, read-only, full, corrupt: told
        apart by their error code, `ltfu.db.errors`) come out as `DatabaseError`; a
        save based on stale data as `ConflictError`. Any other driver error is a bug
        (a constraint the services should have checked, bad SQL): it goes on as it is,
        to be logged with its traceback where it is caught (`ltfu.errors.log_bug`).
        """
        session = self.sessions()
        try:
            if not read_only:
                begin_writing(session)
            yield session
            session.commit()
            if session.info.pop("audit_written", False):
                anchors.after_write(self.url, self.engine)
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError(Message("conflict.record")) from exc
        except SADatabaseError as exc:
            session.rollback()
            found = condition(exc)
            if found is None:
                raise  # not a condition of the database: a bug
            if self.damage is not None and found is Condition.READ_ONLY:
                raise DatabaseError(self.read_only_message()) from exc
            if self.damage is None and found is Condition.CORRUPT:
                # SQLite met a damaged page: read-only from now on, until a restore.
                self.mark_damaged(str(getattr(exc, "orig", exc)).strip()[:200], Message("damage.by_read"))
            raise DatabaseError(explain(found, self.display_name)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def refuse_if_read_only(self) -> None:
        """Refuse a write before any work when the database is open read-only."""
        if self.damage is not None:
            raise DatabaseError(self.read_only_message())

    def user_id(self, session: Session, permission: str, *, set_up_checked: bool = False) -> int:
        """The id of the user acting now, once they may do `permission`.

        Signed in: the account, if its role allows it (`users.PERMISSIONS`). Not
        signed in: allowed only while the database has no account yet (set-up mode),
        attributed to the operating-system login acting as administrator.
        `set_up_checked`: set-up mode was established before this transaction wrote
        accounts of its own (a handover archive being restored).
        """
        if self.actor is not None:
            users.check_permission(self.actor.role, permission, self.actor.username)
            access.refuse_whole_database(session, permission)
            return self.actor.user_id
        if not set_up_checked and users.has_accounts(session):
            raise PermissionDenied(Message("sign_in.needed"))
        refused = None if set_up_checked else users.set_up_refused(session)
        if refused:
            raise PermissionDenied(refused)
        found = session.scalar(select(User.id).where(User.username == self.username))
        if found is not None:
            return found
        user = User(username=self.username, full_name=self.username, role="admin")
        session.add(user)
        session.flush()
        audit.append(
            session,
            user.id,
            [
                audit.created(
                    "user",
                    user.id,
                    {"username": user.username, "full_name": user.full_name, "role": "admin", "active": True},
                    reason=MESSAGES["reason.set_up"],
                )
            ],
        )
        return user.id

    def sees_contacts(self) -> bool:
        """Whether the acting user may see names, phones and contact notes (`read_contacts`:
        every role but the monitor; set-up mode too)."""
        return self.actor is None or self.actor.may("read_contacts")

    def require(self, *permissions: str) -> None:
        """Refuse early, before any work, unless the acting user may do every one of `permissions`."""
        with self.session() as session:
            if self.damage is not None and self.actor is None and not users.has_accounts(session):
                return  # set-up mode, read-only: allowed, and no set-up account can be added
            for permission in permissions:
                self.user_id(session, permission)

    def record_transfer(
        self, permissions: Sequence[str], action: str, what: str, target: str | Path, note: str
    ) -> None:
        """Refuse unless the acting user holds every permission; else audit who copies what, where to.

        One entry (`action` backup, restore or export; table ``database``; field `what`;
        new value the target path), committed before any byte is written, so that every
        copy that may have left the program is on record, even one that then fails.
        """
        with self.session() as session:
            user_id = None
            for permission in permissions:
                user_id = self.user_id(session, permission)
            where = str(Path(target).expanduser().resolve()) if isinstance(target, Path) else str(target)
            audit.append(session, user_id, [audit.Entry(action, "database", None, None, what, None, where, note)])

    def needs_sign_in(self) -> bool:
        """True once the database has accounts and nobody is signed in."""
        if self.actor is not None:
            return False
        with self.session(read_only=True) as session:
            return users.has_accounts(session)

    def sign_in(self, username: str, password: str) -> users.Actor:
        """Authenticate and act as that user from now on.

        A failed attempt is committed too (failure count, lock-out, audit entry)
        before the refusal is raised.
        """
        # Read-only (damaged): the attempt is checked, and what it would record (the
        # audit entry, the failure count) is rolled back rather than refused.
        read_only = self.damage is not None
        self._unguarded.on = read_only
        session = self.sessions()
        keep = session.rollback if read_only else session.commit
        try:
            begin_writing(session)
            try:
                actor = users.authenticate(session, username, password)
            except PermissionDenied:
                keep()
                raise
            keep()
        except PermissionDenied:
            if not read_only and session.info.pop("audit_written", False):
                anchors.after_write(self.url, self.engine)
            raise
        except SADatabaseError as exc:
            session.rollback()
            known = refusal(exc, self.display_name)
            if known is None:
                raise
            raise known from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
            self._unguarded.on = False
        if not read_only and session.info.pop("audit_written", False):
            anchors.after_write(self.url, self.engine)
        self.actor = actor
        self.username = actor.username
        return actor

    def sign_out(self) -> None:
        self.actor = None

    def dispose(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dispose()


BASELINE_REASON = users.BASELINE_REASON
# The first schema whose audit trail holds whole records (replayed by `ltfu check`).
_WHOLE_RECORDS = "0006"


def _baseline_trail(session: Session) -> None:
    """Once, on a database from before schema 0006: the rows already there are taken as
    they are (their creation was audited in less detail), and replayed from now on."""
    from sqlalchemy import func

    from ltfu.db.models import AuditEvent
    from ltfu.services import audit, trail

    done = session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.reason == BASELINE_REASON))
    if done:
        return
    audit.append(session, None, trail.baseline_entries(session, BASELINE_REASON))


def open_database(url_or_path: str | None = None, *, migrate: bool = True) -> Database:
    """Open (creating or upgrading when needed) the database at `url_or_path`."""
    url = resolve_db_url(url_or_path)
    file = sqlite_path(url)
    if file is not None:
        check_sqlite_file(file)
    try:
        engine = make_engine(url)
    except (ArgumentError, ImportError, ValueError) as exc:  # a malformed URL, an unknown or missing driver
        raise DatabaseError(Message("database.address", address=str(url_or_path), reason=str(exc))) from exc
    try:
        before = current_revision(engine) if migrate else None
        migration = ensure_schema(engine, file) if migrate else "current"
    except SADatabaseError as exc:
        engine.dispose()
        known = refusal(exc, make_url(url).render_as_string(hide_password=True))
        if known is None:
            raise
        raise known from exc
    except BaseException:
        engine.dispose()
        raise
    db = Database(
        url=url, engine=engine, sessions=make_session_factory(engine), migration=migration, damage=read_damage(url)
    )
    if migration == "created":
        # A new trail from here on: anchors of an earlier database at this place are not its own.
        anchors.record(url, anchors.EMPTY, "database created")
    if migration == "upgraded" and db.damage is None:  # read-only: `check --rebuild-derived` after the restore
        from ltfu.services import derived  # only after a migration: start-up stays light

        with db.session() as session:
            derived.rebuild(session)  # derived tables a migration added start empty
            if before is not None and before < _WHOLE_RECORDS:
                # Only from before whole records: later, a row with no entry is a finding.
                _baseline_trail(session)
    return db
