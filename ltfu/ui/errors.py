"""Errors in the window: a message people can act on, a traceback only in the log.

`LtfuError` (refused input, a locked or full database, a conflict) is shown as is:
its message is written for the user (said from its code in the window's language when
it carries one, see `ltfu.errors.Message`). Anything else is a bug: the stack goes to the
log, without the exception's text (which might quote a name), and the user gets a
short message; the window keeps working.
"""

from __future__ import annotations

import logging
import sys
import time
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from ltfu.errors import LtfuError, log_bug, message_of
from ltfu.ui import messages
from ltfu.ui.labels import message_text

log = logging.getLogger(__name__)


_last_shown: tuple[str, float] = ("", 0.0)
REPEAT_SECONDS = 3.0


def _show_once(parent: QWidget | None, title: str, text: str) -> None:
    """Show a message unless the very same one was shown moments ago (a damaged
    database fails every list that loads at once: one message is enough)."""
    global _last_shown
    now = time.monotonic()
    if _last_shown[0] == text and now - _last_shown[1] < REPEAT_SECONDS:
        return
    _last_shown = (text, now)
    messages.error(parent, title, text)


def error_text(exc: BaseException) -> str:
    """What a known failure says, in the window's language (`labels.message_text`)."""
    return message_text(message_of(exc))


def report_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """Show `exc` to the user (and log it when it is a bug)."""
    if isinstance(exc, LtfuError):
        log.info("refused: %s", type(exc).__name__)
        _show_once(parent, title or QCoreApplication.translate("Errors", "Not done"), error_text(exc))
        return
    log_bug(exc)
    _show_once(
        parent,
        QCoreApplication.translate("Errors", "Something went wrong"),
        QCoreApplication.translate(
            "Errors",
            "An unexpected problem ({0}) stopped this action; nothing else was changed. "
            "The details are in the log file. You can go on working.",
        ).format(type(exc).__name__),
    )


def install_excepthook() -> None:
    """Route exceptions raised on the GUI thread (in slots, paint events) to `report_error`."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        try:
            report_error(QApplication.activeWindow(), exc)
        except Exception:  # the hook itself must never raise
            previous(kind, exc, tb)

    sys.excepthook = hook
