"""Small widgets shared by the pages: remembered tables, the safety-alert panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QAbstractProxyModel, QRect, QSettings, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ltfu.ui import look
from ltfu.ui.labels import alert_message, label

if TYPE_CHECKING:
    from ltfu.services.alerts import SafetyAlert
    from ltfu.ui.desk import Desk

# Room the window manager takes above a window (title bar) and below it (frame).
TITLE_BAR, FRAME = 40, 8


def screen_room(window: QWidget) -> QRect:
    """The free area (less panels) of the screen `window` opens on."""
    return window.screen().availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """`width` x `height` where the screen has room; on a 1366x768 laptop, the screen's free
    area less the title bar, so the window's foot (status bar, buttons) stays in sight."""
    room = screen_room(window)
    width, height = min(width, room.width()), min(height, room.height() - TITLE_BAR - FRAME)
    window.setGeometry(room.x() + (room.width() - width) // 2, room.y() + TITLE_BAR, width, height)


def keep_on_screen(window: QWidget) -> None:
    """At least what its layout needs, and its frame within the screen: a shown window the
    platform sized (at most 2/3 of the screen) or placed (over its parent) is set right."""
    room, shown, need = screen_room(window), window.geometry(), window.minimumSizeHint()
    width, height = max(shown.width(), need.width()), max(shown.height(), need.height())
    if room.contains(QRect(shown.x(), shown.y(), width, height).adjusted(0, -TITLE_BAR, 0, FRAME)):
        window.resize(width, height)
    else:
        fit_to_screen(window, width, height)


D = TypeVar("D", bound=QDialog)


class RecordWindow(QWidget):
    """A window of its own over one record (a subject's chart, a safety case): it opens
    one dialog at a time, kept as `dialog` and announced by `dialog_opened` (for tests)."""

    dialog_opened = Signal(object)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.desk = desk
        self.dialog: QDialog | None = None

    def _open(self, dialog: D) -> D:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog


class TableView(QTableView):
    """A read-only table whose column widths and order are remembered (QSettings).

    Enter or a double click emits `activated_row(source row)`.
    """

    activated_row = Signal(int)

    def __init__(
        self, settings_key: str, accessible_name: str, parent: QWidget | None = None, *, model: Any = None
    ) -> None:
        super().__init__(parent)
        self.settings_key = settings_key
        self.setAccessibleName(accessible_name)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table, as in any form
        self.setWordWrap(False)
        self.verticalHeader().hide()
        # Row height from the font, fixed: nothing to measure per row with 10,000 rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setHighlightSections(False)
        # Fitting columns to their content measures rows: a sample is enough.
        self.horizontalHeader().setResizeContentsPrecision(40)
        self.doubleClicked.connect(lambda index: self._activate(index.row()))
        self._restored = False
        self._fitted = False
        self._crushed: list[int] = []  # columns a restored layout left narrower than their title
        if model is not None:
            self.setModel(model)

    def setModel(self, model: Any) -> None:  # noqa: N802 - Qt override
        super().setModel(model)
        self.restore_layout()
        model.modelReset.connect(self.keep_whole_columns)
        model.layoutChanged.connect(self.keep_whole_columns)

    def sort_from_first_column(self) -> None:
        """Let a header click sort the rows; they start sorted by the first column, ascending."""
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    def keep_whole_columns(self) -> None:
        """Widen the columns that must never be cut (ids, dates, line numbers: `Column.whole`)
        to their widest text, whatever layout was restored or fitted to other rows."""
        source = self.model()
        while isinstance(source, QAbstractProxyModel):
            source = source.sourceModel()
        whole = getattr(source, "whole_columns", None)
        if whole is None:
            return
        # While a filter narrows the rows (`RowsModel.filtering`), the widest row is measured
        # and not a sample of every row: the sample costs a keystroke ~10 ms at 10,000 rows.
        sample = not getattr(source, "filtering", False)
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        for column, widest in whole().items():
            index = source.index(widest, column)
            need = max(
                self.sizeHintForColumn(column) if sample else 0,
                self.itemDelegateForIndex(index).sizeHint(option, index).width(),
                self.horizontalHeader().sectionSizeHint(column),
            )
            if self.columnWidth(column) < need:
                self.setColumnWidth(column, need)

    def source_row(self, view_row: int) -> int:
        model = self.model()
        index = model.index(view_row, 0)
        while isinstance(model, QAbstractProxyModel):
            index = model.mapToSource(index)
            model = model.sourceModel()
        return index.row()

    def _activate(self, view_row: int) -> None:
        if view_row >= 0:
            self.activated_row.emit(self.source_row(view_row))

    def current_source_row(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), index.parent()):
            return None
        return self.source_row(index.row())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        # Tabbing into a table with no current row would show no focus at all: the first
        # row becomes current and selected, so the user sees where Enter and the arrows act.
        keyboard = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        model = self.model()
        if keyboard and model is not None and model.rowCount() and not self.currentIndex().isValid():
            self.selectRow(0)
        super().focusInEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._activate(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def restore_layout(self) -> None:
        if self._restored or self.model() is None:
            return
        self._restored = True
        state = QSettings().value(f"tables/{self.settings_key}")
        header = self.horizontalHeader()
        if state is not None and header.restoreState(state):
            self._fitted = True  # the user's own widths win, unless they hide a column's title
            last = header.logicalIndex(header.count() - 1)
            self._crushed = [
                c
                for c in range(header.count())
                if c != last and not header.isSectionHidden(c) and header.sectionSize(c) < header.sectionSizeHint(c)
            ]
            for column in self._crushed:  # the titles at once; the rows' words when they arrive
                header.resizeSection(column, header.sectionSizeHint(column))

    def fit_columns_once(self) -> None:
        """Size the columns to their content the first time rows arrive: all of them without a
        saved layout; with one, those it left narrower than their title (a drag, another
        language, a smaller screen), whose words would show as "…"."""
        if self.model() is None or self.model().rowCount() == 0:
            return
        crushed, self._crushed = self._crushed, []
        for column in crushed:
            self.resizeColumnToContents(column)
        if self._fitted:
            self.keep_whole_columns()  # fitting measured a sample of rows
            return
        self._fitted = True
        self.fit_columns()

    def fit_columns(self) -> None:
        """Size the columns to their content now (a small table whose content changes)."""
        self.resizeColumnsToContents()
        # Fitting sized the last column too: let it take the rest of the width again.
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)
        self.keep_whole_columns()  # fitting measured a sample of rows: the widest may not be in it

    def save_layout(self) -> None:
        if self.model() is not None:
            QSettings().setValue(f"tables/{self.settings_key}", self.horizontalHeader().saveState())


def save_table_layouts(root: QWidget) -> None:
    for view in root.findChildren(TableView):
        view.save_layout()


# Alerts about a safety case or a reporting clock: they open the case (`AlertsPanel.open_case`).
W = TypeVar("W", bound=QWidget)

CASE_ALERTS = ("malignancy", "report_due", "rcl_positive")
CASE_LINK = "#case"


class AlertLine(QLabel):
    """One alert's line; a double click opens what it is about (`activated`)."""

    activated = Signal()

    def mouseDoubleClickEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.activated.emit()


class AlertsPanel(QFrame):
    """Safety alerts above the worklist: blocking ones first, framed and spelled out.

    Every blocking alert gets its own line, and so do the first `SHOWN` others; the
    rest (a large cohort has hundreds of low-IgG alerts) are counted, and listed in
    a table on demand. Each line names its subject as a link (`open_subject`); an
    alert about a safety case or report has a second link, and a double click on its
    line or its row, that open the case (`open_case(alert)`).
    """

    SHOWN = 3
    open_subject = Signal(str)
    open_case = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Safety alerts"))
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)
        self.labels: list[QLabel] = []
        self.more = QPushButton()
        self.more.setCheckable(True)
        self.more.setToolTip(self.tr("Show or hide every alert in a table"))
        from ltfu.ui.models import AlertsModel

        self.model = AlertsModel(self)
        self.table = TableView("alerts", self.tr("All safety alerts"), model=self.model)
        self.table.setSortingEnabled(True)
        self.table.setMaximumHeight(self.fontMetrics().height() * 14)
        self.table.activated_row.connect(lambda row: self._activate(self.model.row(row)))
        self.table.hide()
        self.more.toggled.connect(self._toggle_table)
        self.layout_.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(self.table)
        self.hide()

    def set_alerts(self, alerts: Sequence[SafetyAlert]) -> None:
        for old in self.labels:
            old.deleteLater()
        self.labels = []
        blocking = [a for a in alerts if a.blocking]
        others = [a for a in alerts if not a.blocking]
        for index, alert in enumerate(blocking + others[: self.SHOWN]):
            row = self._line(alert)
            self.layout_.insertWidget(index, row)
            self.labels.append(row)
        rest = len(alerts) - len(self.labels)
        self.more.setText(self.tr("All {0} alerts ({1} more)…").format(len(alerts), rest))
        self.more.setVisible(rest > 0)
        if rest <= 0:
            self.more.setChecked(False)
        self.model.set_rows(alerts if rest > 0 else ())
        self.setVisible(bool(alerts))

    def _activate(self, alert: SafetyAlert) -> None:
        if not alert.study_id:
            return  # about the study (the IND report's reminder): the message says what to do
        if alert.kind in CASE_ALERTS:
            self.open_case.emit(alert)
        else:
            self.open_subject.emit(alert.study_id)

    def _toggle_table(self, shown: bool) -> None:
        self.table.setVisible(shown)
        if shown:
            self.table.fit_columns_once()

    def _line(self, alert: SafetyAlert) -> AlertLine:
        pal = look.palette()
        text_colour = pal.color(QPalette.ColorRole.Text).name()
        colour = look.ALERT_COLOUR if alert.blocking else look.WARNING_COLOUR
        kind = label("alert", alert.kind)
        head = self.tr("BLOCKING SAFETY ALERT") if alert.blocking else self.tr("Alert")
        about = f'<a href="{alert.study_id}">{alert.study_id}</a> ({alert.site}): ' if alert.study_id else ""
        text = f"⚠ <b>{head}: {kind}</b> — {about}{_escape(alert_message(alert))}"
        if alert.kind in CASE_ALERTS:
            link = self.tr("Open the case…")
            text += f' <a href="{CASE_LINK}">{link}</a>'
        row = AlertLine(text)
        row.setTextFormat(Qt.TextFormat.RichText)
        row.setWordWrap(True)
        row.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        row.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.linkActivated.connect(
            lambda href: self._activate(alert) if href == CASE_LINK else self.open_subject.emit(href)
        )
        row.activated.connect(lambda: self._activate(alert))
        background = look.tint(colour, pal).name()
        border = look.mark_colour(colour, pal).name()
        width = 3 if alert.blocking else 1
        row.setStyleSheet(
            f"QLabel {{ background: {background}; color: {text_colour}; border: {width}px solid {border}; "
            "border-radius: 4px; padding: 0.35em 0.6em; }"
        )
        row.setAccessibleName(f"{head}: {kind}, {alert.study_id}: {alert_message(alert)}")
        row.setToolTip(
            self.tr("Double-click to open the case")
            if alert.kind in CASE_ALERTS
            else self.tr("Open the chart of {0}").format(alert.study_id)
        )
        return row


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def named(widget: W, accessible_name: str) -> W:
    """`widget` with the name a screen reader says for it."""
    widget.setAccessibleName(accessible_name)
    return widget


def wrapped_label(accessible_name: str = "") -> QLabel:
    """An empty label whose text, when set, wraps; named for screen readers when it says what it shows."""
    made = QLabel()
    made.setWordWrap(True)
    if accessible_name:
        made.setAccessibleName(accessible_name)
    return made


def tip_button(text: str, tooltip: str) -> QPushButton:
    """A push button with its tooltip (what pressing it does)."""
    made = QPushButton(text)
    made.setToolTip(tooltip)
    return made


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A form label whose &-key goes to `buddy`: a form row whose field is a layout gets no
    buddy by itself, and its label would show the "&" as it is."""
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def hbox(*widgets: QWidget | None, stretch_at: int | None = None) -> QHBoxLayout:
    layout = QHBoxLayout()
    for i, widget in enumerate(widgets):
        if stretch_at == i:
            layout.addStretch(1)
        if widget is not None:
            layout.addWidget(widget)
    if stretch_at is not None and stretch_at >= len(widgets):
        layout.addStretch(1)
    return layout


def stacked(*parts: QWidget | QLayout | tuple[QWidget, int], margins: bool = True) -> QWidget:
    """A widget holding `parts` one above the other: widgets, rows (layouts) and
    `(widget, stretch)` for a widget that takes `stretch` shares of the height left."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    if not margins:
        layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, tuple):
            layout.addWidget(*part)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return holder


def labelled_combo(
    text: str, accessible_name: str, choices: Sequence[tuple[str, str]] = ()
) -> tuple[QLabel, QComboBox]:
    """A drop-down list and its label (`text` with its & mnemonic), the label its buddy;
    `choices`: (code, title) of its first items."""
    combo = QComboBox()
    combo.setAccessibleName(accessible_name)
    for key, title in choices:
        combo.addItem(title, key)
    caption = QLabel(text)
    caption.setBuddy(combo)
    return caption, combo


def refill_choices(combo: QComboBox, values: tuple[str, ...]) -> None:
    """Replace a filter's choices (after the first, 'all') keeping the current one."""
    current = combo.currentData()
    if tuple(combo.itemData(i) for i in range(1, combo.count())) == values:
        return
    combo.blockSignals(True)
    while combo.count() > 1:
        combo.removeItem(1)
    for value in values:
        combo.addItem(value, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class StudyChoice(QWidget):
    """Which study an analysis or report is of: a label and a drop-down list of the
    desk's studies, shown only when the database holds several (`study` is then the one
    chosen; None with one study: the service takes the only one). `chosen` when changed."""

    chosen = Signal()

    def __init__(self, desk: Desk, text: str) -> None:
        super().__init__()
        self.desk = desk
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Study"))
        self.combo.setToolTip(self.tr("The study (protocol) whose subjects are counted"))
        caption = QLabel(text)
        caption.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(caption)
        layout.addWidget(self.combo)
        self.combo.currentIndexChanged.connect(lambda _index: self.chosen.emit())
        desk.studies_changed.connect(self._refill)
        self._refill()

    @property
    def study(self) -> str | None:
        return self.combo.currentData() if self.desk.several_studies else None

    def _refill(self) -> None:
        current = self.combo.currentData()
        self.combo.blockSignals(True)
        self.combo.clear()
        for study in self.desk.studies:
            self.combo.addItem(study, study)
        self.combo.setCurrentIndex(max(self.combo.findData(current), 0))
        self.combo.blockSignals(False)
        self.setVisible(self.desk.several_studies)
