"""Errors a person can act on.

Every exception the program raises on purpose derives from `LtfuError`; its message
is a complete sentence naming what and where, shown as is in the window and printed as
one line by the command line. Anything else is a bug: logged with a traceback.
"""


class LtfuError(Exception):
    """A known failure with a message meant for the user."""


class ValidationError(LtfuError):
    """Input that was refused; nothing was changed."""


class ProtocolError(ValidationError):
    """A protocol definition file that cannot be used."""


class ImportRowsError(ValidationError):
    """A CSV file with one or more bad rows; carries every (line, reason)."""

    def __init__(self, file_name: str, problems: list[tuple[int, str]]):
        self.file_name = file_name
        self.problems = problems
        shown = "; ".join(f"line {line}: {reason}" for line, reason in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{file_name}: {len(problems)} bad row(s), nothing imported: {shown}{more}")


class NotFoundError(LtfuError):
    """A record named by the user does not exist."""


class DatabaseError(LtfuError):
    """The database cannot be used: locked, read-only, full, corrupt or too new."""


class ConflictError(LtfuError):
    """Someone else changed the record first; nothing was overwritten."""


class PermissionDenied(LtfuError):
    """The signed-in user's role does not allow this action."""


# -- bugs -----------------------------------------------------------------------------


def describe_bug(exc: BaseException) -> str:
    """What a log may say about an unexpected exception: its type and, for a database
    error, the driver's error code, what it names (table, column, constraint) and the
    statement without its values; never the exception's own text.

    A message may quote what was being stored: SQLAlchemy's (with its parameters),
    PostgreSQL's DETAIL ("Key (…)=(…)", "Failing row contains (…)") or a primary
    message such as ``invalid input syntax for type date: "…"``.
    """
    orig = getattr(exc, "orig", None)
    parts = [type(exc).__name__]
    if orig is not None:
        parts.append(f"from {type(orig).__module__}.{type(orig).__name__}")
    driver = orig if orig is not None else exc
    code = getattr(driver, "sqlite_errorname", None) or getattr(driver, "sqlstate", None)
    if code:
        parts.append(f"code {code}")
    diag = getattr(driver, "diag", None)
    for name in ("schema_name", "table_name", "column_name", "constraint_name"):
        value = getattr(diag, name, None)
        if value:
            parts.append(f"{name.removesuffix('_name')} {value}")
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):
        parts.append(f"in SQL: {' '.join(statement.split())[:400]}")
    return "; ".join(parts)


def bug_report(exc: BaseException) -> str:
    """`describe_bug` and the stack of `exc` and of each exception it came from (no messages)."""
    import traceback

    blocks: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        stack = "".join(traceback.format_list(traceback.extract_tb(current.__traceback__))).rstrip()
        blocks.append(f"{describe_bug(current)}\n{stack}" if stack else describe_bug(current))
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\nwhich came from: ".join(blocks)


def log_bug(exc: BaseException, where: str = "") -> None:
    """Log an unexpected exception (a bug): what it was and its whole stack, never its
    message (which might quote a name or a statement's values)."""
    import logging

    logging.getLogger("ltfu.bug").error(
        "unexpected %s%s: %s", type(exc).__name__, f" in {where}" if where else "", bug_report(exc)
    )
