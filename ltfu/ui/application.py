"""Application-wide set-up for the window: language and the GUI thread's error hook.

Called by the composition root (`ltfu.app.run_window`) once the QApplication exists
and before the main window is made.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from ltfu.ui import errors, i18n


def prepare_application(app: QApplication) -> None:
    """Install the chosen language and route GUI-thread exceptions to a message and the log."""
    if not app.applicationName():
        app.setApplicationName("ltfu")
    if not app.organizationName():
        app.setOrganizationName("ltfu")
    i18n.install()
    errors.install_excepthook()
