"""Opening a database: checks, migrations, and the unit-of-work scope."""

from __future__ import annotations

import getpass
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ltfu.config import resolve_db_url, sqlite_path
from ltfu.db.engine import (
    check_sqlite_file,
    explain_operational_error,
    make_engine,
    make_session_factory,
)
from ltfu.db.migrate import ensure_schema
from ltfu.db.models import User
from ltfu.errors import ConflictError, DatabaseError, PermissionDenied
from ltfu.services import anchors, users

log = logging.getLogger(__name__)


@dataclass
class Database:
    """An open, migrated database and the user acting on it."""

    url: str
    engine: Engine
    sessions: sessionmaker[Session]
    migration: str = "current"
    username: str = field(default_factory=getpass.getuser)
    actor: users.Actor | None = None

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        """Where the data lives, without any password."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed at the end, rolled back on any error.

        Driver failures a person can act on (locked, read-only, full, corrupt) come
        out as `DatabaseError`; a save based on stale data as `ConflictError`.
        """
        session = self.sessions()
        try:
            yield session
            session.commit()
            if session.info.pop("audit_written", False):
                anchors.after_write(self.url, self.engine)
        except StaleDataError as exc:
            session.rollback()
            raise ConflictError(
                "Someone else changed this record after you opened it; your change was "
                "not saved. Reopen the record and enter it again."
            ) from exc
        except IntegrityError:
            # A constraint the services should have checked first: a bug, not a
            # condition of the database.
            session.rollback()
            raise
        except SADatabaseError as exc:
            session.rollback()
            raise DatabaseError(explain_operational_error(exc, self.display_name)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

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
            return self.actor.user_id
        if not set_up_checked and users.has_accounts(session):
            raise PermissionDenied(
                "This database has user accounts: sign in first (in the window, or with "
                "'ltfu --user NAME ...' on the command line)."
            )
        refused = None if set_up_checked else users.set_up_refused(session)
        if refused:
            raise PermissionDenied(refused)
        found = session.scalar(select(User.id).where(User.username == self.username))
        if found is not None:
            return found
        user = User(username=self.username, full_name=self.username, role="admin")
        session.add(user)
        session.flush()
        from ltfu.services import audit

        audit.append(
            session,
            user.id,
            [
                audit.created(
                    "user",
                    user.id,
                    {"username": user.username, "full_name": user.full_name, "role": "admin", "active": True},
                    reason=f"{users.SET_UP_REASON}: the computer's login acts until the first administrator exists",
                )
            ],
        )
        return user.id

    def require(self, permission: str) -> None:
        """Refuse early, before any work, when the acting user may not do `permission`."""
        with self.session() as session:
            self.user_id(session, permission)

    def needs_sign_in(self) -> bool:
        """True once the database has accounts and nobody is signed in."""
        if self.actor is not None:
            return False
        with self.session() as session:
            return users.has_accounts(session)

    def sign_in(self, username: str, password: str) -> users.Actor:
        """Authenticate and act as that user from now on.

        A failed attempt is committed too (failure count, lock-out, audit entry)
        before the refusal is raised.
        """
        session = self.sessions()
        try:
            try:
                actor = users.authenticate(session, username, password)
            except PermissionDenied:
                session.commit()
                raise
            session.commit()
        except PermissionDenied:
            if session.info.pop("audit_written", False):
                anchors.after_write(self.url, self.engine)
            raise
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        if session.info.pop("audit_written", False):
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


BASELINE_REASON = "upgrade to schema 0006: the audit trail holds whole records from here on"


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
    except Exception as exc:  # a malformed URL, an unknown driver
        raise DatabaseError(f"Cannot use the database address {url_or_path!r}: {exc}") from exc
    try:
        migration = ensure_schema(engine, file) if migrate else "current"
    except SADatabaseError as exc:
        engine.dispose()
        where = make_url(url).render_as_string(hide_password=True)
        raise DatabaseError(explain_operational_error(exc, where)) from exc
    except BaseException:
        engine.dispose()
        raise
    db = Database(url=url, engine=engine, sessions=make_session_factory(engine), migration=migration)
    if migration == "created":
        # A new trail from here on: anchors of an earlier database at this place are not its own.
        anchors.record(url, anchors.EMPTY, "database created")
    if migration == "upgraded":
        from ltfu.services import derived  # only after a migration: start-up stays light

        with db.session() as session:
            derived.rebuild(session)  # derived tables a migration added start empty
            _baseline_trail(session)
    return db
