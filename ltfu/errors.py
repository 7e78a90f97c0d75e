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


class NotYetAvailable(LtfuError):
    """A command that a later version of the program provides."""
