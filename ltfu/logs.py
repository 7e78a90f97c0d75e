"""The log file: one rotating file in the user log folder, owner-only, never a name.

Set up by the command line before each command, and by the window right after its
first paint (the handlers' imports are not needed for the first frame).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys

_configured = False


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file; when it cannot be written (a full disk), one line says so on
    stderr, once, instead of a traceback per record."""

    _warned = False

    def _open(self):
        # Owner-only from its creation, like every file the program writes.
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115 (the handler keeps it)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 (logging's name)
        if not _LogFile._warned:
            _LogFile._warned = True
            exc = sys.exc_info()[1]
            reason = getattr(exc, "strerror", None) or exc
            sys.stderr.write(f"ltfu: warning: cannot write the log file {self.baseFilename} ({reason}).\n")


def configure_logging(level: int = logging.INFO) -> None:
    """Log to a rotating file in the user log folder; never names, only record ids."""
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(level)
    try:
        from ltfu.config import log_dir

        handler: logging.Handler = _LogFile(log_dir() / "ltfu.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def log_file() -> str | None:
    """The file the log is written to (None before `configure_logging`, or on stderr)."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, _LogFile):
            return handler.baseFilename
    return None
