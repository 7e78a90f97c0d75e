"""The audit trail, newest first: who changed what, when, from what to what, and why."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ltfu.ui.models import AuditModel
from ltfu.ui.widgets import TableView, hbox

if TYPE_CHECKING:
    from ltfu.ui.main_window import MainWindow

LIMIT = 2000


class AuditPage(QWidget):
    loaded = Signal()

    def __init__(self, main: MainWindow) -> None:
        super().__init__()
        self.main = main
        self.has_loaded = False
        heading = QLabel("<h2>" + self.tr("Audit trail") + "</h2>")
        intro = QLabel(
            self.tr(
                "The latest {0} entries. Every entry is chained to the one before it; `ltfu check` verifies the "
                "chain, and the full trail is part of the export. Names and addresses are audited by field only."
            ).format(LIMIT)
        )
        intro.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setClearButtonEnabled(True)
        self.filter.setPlaceholderText(self.tr("subject, user, field, reason …"))
        self.filter.setAccessibleName(self.tr("Filter the audit trail"))
        filter_label = QLabel(self.tr("&Filter:"))
        filter_label.setBuddy(self.filter)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.model = AuditModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = TableView("audit", self.tr("Audit trail"))
        self.table.setModel(self.proxy)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addLayout(hbox(filter_label, self.filter, self.refresh_button))
        layout.addWidget(self.table, 1)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.refresh_button.clicked.connect(self.refresh)

    def shown(self) -> None:
        if not self.has_loaded:
            self.refresh()

    def refresh_if_loaded(self) -> None:
        if self.has_loaded:
            self.refresh()

    def refresh(self) -> None:
        if self.main.db is None:
            return
        from ltfu.services.browse import audit_trail

        db = self.main.db
        self.main.runner.read(lambda job: audit_trail(db, LIMIT), on_done=self._show)

    def _show(self, rows: Any) -> None:
        self.model.set_rows(rows)
        self.table.fit_columns_once()
        self.has_loaded = True
        self.loaded.emit()
