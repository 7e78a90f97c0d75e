"""Message boxes, behind functions a test can replace.

Every message the window shows goes through here. The boxes are window-modal but
opened without a nested event loop (`open`, not `exec`), so the window keeps
painting and the background work keeps reporting while one is up. A question takes
the action to run on "Yes" rather than returning the answer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def _box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    return box


def error(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Critical, title, text).open()


def warning(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Warning, title, text).open()


def information(parent: QWidget | None, title: str, text: str) -> None:
    _box(parent, QMessageBox.Icon.Information, title, text).open()


def about(parent: QWidget | None, title: str, rich_text: str) -> None:
    box = _box(parent, QMessageBox.Icon.Information, title, rich_text)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    box.open()


def question(parent: QWidget | None, title: str, text: str, on_yes: Callable[[], object]) -> None:
    """Ask; run `on_yes` when the answer is Yes."""
    box = _box(parent, QMessageBox.Icon.Question, title, text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)

    def answered(button: int) -> None:
        if button == QMessageBox.StandardButton.Yes:
            on_yes()

    box.finished.connect(answered)
    box.open()
