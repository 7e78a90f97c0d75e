"""Settings: the window's language, where things are kept, resetting the layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ltfu.ui import i18n

if TYPE_CHECKING:
    from ltfu.ui.main_window import MainWindow


class SettingsPage(QWidget):
    def __init__(self, main: MainWindow) -> None:
        super().__init__()
        self.main = main
        heading = QLabel("<h2>" + self.tr("Settings") + "</h2>")
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System language"), "system")
        self.language.addItem("English", "en")
        self.language.addItem("简体中文", "zh_CN")
        self.language.setCurrentIndex(max(self.language.findData(i18n.chosen()), 0))
        self.language_note = QLabel()
        self.language_note.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("Reset &window and table layouts"))
        self.reset_button.setToolTip(self.tr("Forget column widths and window sizes; they apply at the next start"))
        form = QFormLayout()
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow("", self.language_note)
        form.addRow("", self.reset_button)
        where = QLabel(self.tr("Settings are kept in {0}.").format(QSettings().fileName()))
        where.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(where)
        layout.addStretch(1)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.reset_button.clicked.connect(self._reset_layouts)

    def _language_chosen(self) -> None:
        choice = self.language.currentData()
        i18n.set_choice(choice)
        self.language_note.setText(self.tr("Saved. The window changes language when ltfu starts again."))

    def _reset_layouts(self) -> None:
        settings = QSettings()
        for key in ("tables", "main_window", "chart"):
            settings.remove(key)
        self.main.forget_layout = True
        self.language_note.setText(self.tr("Layouts will be reset when ltfu starts again."))
