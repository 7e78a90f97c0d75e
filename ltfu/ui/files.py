"""File dialogs and the system's viewer, behind functions a test can replace.

Like `messages`: every file or folder the window asks for, and every document it
hands to another program, goes through here, so a test answers without a dialog and
sees what would have been opened.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from ltfu.safefile import write_atomic


def save_file(parent: QWidget | None, title: str, suggested: Path, filters: str) -> str:
    """The path to write to, or "" when the user cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), filters)
    return name


def open_file(parent: QWidget | None, title: str, start: Path, filters: str) -> str:
    """An existing file to read, or "" when the user cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start), filters)
    return name


def choose_folder(parent: QWidget | None, title: str, start: Path) -> str:
    """A folder, or "" when the user cancelled."""
    return QFileDialog.getExistingDirectory(parent, title, str(start))


def open_in_viewer(path: Path) -> bool:
    """Open `path` with the program the system uses for it; False when none would."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def documents_folder() -> Path:
    """Where save dialogs start."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


class PrivateFolder:
    """A temporary folder only this user can read, for documents handed to a viewer.

    Letters and schedules carry names and addresses: they are written here (0600)
    rather than to a shared temp folder, and removed when the window closes.
    """

    def __init__(self) -> None:
        self._path: Path | None = None

    def write(self, name: str, data: bytes) -> Path:
        if self._path is None:
            self._path = Path(tempfile.mkdtemp(prefix="ltfu-"))
            os.chmod(self._path, 0o700)
        return write_atomic(self._path / name, data)

    def remove(self) -> None:
        if self._path is not None:
            shutil.rmtree(self._path, ignore_errors=True)
            self._path = None
