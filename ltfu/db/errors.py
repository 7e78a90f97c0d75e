"""Database failures a person can act on, told apart by the driver's error code.

SQLite names its errors (``sqlite3`` exceptions carry ``sqlite_errorname``, such as
``SQLITE_BUSY`` or the extended ``SQLITE_IOERR_SHORT_READ``); PostgreSQL gives a
SQLSTATE (``psycopg`` exceptions carry ``sqlstate``). Never the English message text:
it changes between versions and languages. A code not listed here is not a condition
of the database but a bug, and is left to surface as one.
"""

from __future__ import annotations

from enum import Enum

from ltfu.errors import DatabaseError, Message


class Condition(Enum):
    """A known condition of the database, each with its plain sentence (`explain`)."""

    LOCKED = "locked"
    READ_ONLY = "read_only"
    FULL = "full"
    CORRUPT = "corrupt"
    CANNOT_OPEN = "cannot_open"
    IO_ERROR = "io_error"
    UNREACHABLE = "unreachable"
    OVERLOADED = "overloaded"


SQLITE_CONDITIONS: dict[str, Condition] = {
    "SQLITE_BUSY": Condition.LOCKED,
    "SQLITE_LOCKED": Condition.LOCKED,
    "SQLITE_READONLY": Condition.READ_ONLY,
    "SQLITE_FULL": Condition.FULL,
    "SQLITE_CORRUPT": Condition.CORRUPT,
    "SQLITE_NOTADB": Condition.CORRUPT,
    "SQLITE_CANTOPEN": Condition.CANNOT_OPEN,
    "SQLITE_PERM": Condition.CANNOT_OPEN,
    "SQLITE_IOERR": Condition.IO_ERROR,
}
"""SQLite primary result codes (by name) -> condition; extended codes count as their primary
(``SQLITE_BUSY_SNAPSHOT`` is ``SQLITE_BUSY``, ``SQLITE_READONLY_DBMOVED`` is ``SQLITE_READONLY``)."""

SQLSTATE_CONDITIONS: dict[str, Condition] = {
    "40001": Condition.LOCKED,  # serialization_failure
    "40P01": Condition.LOCKED,  # deadlock_detected
    "55P03": Condition.LOCKED,  # lock_not_available (lock_timeout)
    "57014": Condition.LOCKED,  # query_canceled (statement_timeout)
    "25006": Condition.READ_ONLY,  # read_only_sql_transaction (a standby, a damaged database)
    "53100": Condition.FULL,  # disk_full
    "XX001": Condition.CORRUPT,  # data_corrupted
    "XX002": Condition.CORRUPT,  # index_corrupted
    "58030": Condition.IO_ERROR,  # io_error
    "28000": Condition.UNREACHABLE,  # invalid_authorization_specification
    "28P01": Condition.UNREACHABLE,  # invalid_password
    "3D000": Condition.UNREACHABLE,  # invalid_catalog_name: no such database
    "57P01": Condition.UNREACHABLE,  # admin_shutdown
    "57P02": Condition.UNREACHABLE,  # crash_shutdown
    "57P03": Condition.UNREACHABLE,  # cannot_connect_now (starting up)
    "53000": Condition.OVERLOADED,  # insufficient_resources
    "53200": Condition.OVERLOADED,  # out_of_memory
    "53300": Condition.OVERLOADED,  # too_many_connections
}
"""PostgreSQL SQLSTATE -> condition; the whole class 08 (connection exception) is UNREACHABLE."""


def driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception inside a SQLAlchemy one (or `exc` itself)."""
    return getattr(exc, "orig", None) or exc


def _psycopg_client_side(orig: BaseException) -> bool:
    """A psycopg OperationalError the server did not send (no SQLSTATE): the connection
    could not be made or was lost (refused, no such host, a server that went away)."""
    kind = type(orig)
    return (
        kind.__module__.split(".")[0] == "psycopg"
        and any(k.__name__ == "OperationalError" for k in kind.__mro__)
        and getattr(orig, "sqlstate", None) is None
    )


def condition(exc: BaseException) -> Condition | None:
    """The known condition behind a driver error (wrapped by SQLAlchemy or not), or None
    when it is none of them: then it is a bug."""
    orig = driver_error(exc)
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        primary = "_".join(name.split("_")[:2])  # SQLITE_IOERR_SHORT_READ -> SQLITE_IOERR
        return SQLITE_CONDITIONS.get(primary)
    state = getattr(orig, "sqlstate", None)
    if state:
        if state.startswith("08"):
            return Condition.UNREACHABLE
        return SQLSTATE_CONDITIONS.get(state)
    if _psycopg_client_side(orig):
        return Condition.UNREACHABLE
    return None


# The message code of each known condition (`ltfu.errors.MESSAGES`).
_EXPLAINED = {
    Condition.LOCKED: "db.locked",
    Condition.READ_ONLY: "db.read_only",
    Condition.FULL: "db.full",
    Condition.CORRUPT: "db.corrupt",
    Condition.CANNOT_OPEN: "db.cannot_open",
    Condition.IO_ERROR: "db.io_error",
    Condition.UNREACHABLE: "db.unreachable",
    Condition.OVERLOADED: "db.overloaded",
}


def explain(found: Condition, where: str) -> str:
    """The plain sentence for a known condition of the database at `where`."""
    return Message(_EXPLAINED[found], where=where)


def explain_known(exc: BaseException, where: str) -> str | None:
    """The plain sentence for `exc` when it is a known condition, else None (a bug)."""
    found = condition(exc)
    return None if found is None else explain(found, where)


def refusal(exc: BaseException, where: str) -> DatabaseError | None:
    """`exc` as the `DatabaseError` a person can act on, or None when it is a bug.

    The caller raises the refusal ``from exc``, or re-raises `exc` itself when None.
    """
    message = explain_known(exc, where)
    return None if message is None else DatabaseError(message)
