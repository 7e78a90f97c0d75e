"""Table models: plain rows (frozen dataclasses from the services) shown as columns.

`RowsModel` holds a list of rows and, per row, the display texts computed once when
the rows arrive, so `data()` is a tuple lookup; sorting is done here in Python with
precomputed keys (a proxy asking `data()` for every comparison would be slow with
10,000 subjects). `SubjectsModel` filters itself on lowercase search keys.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import EllipsisType
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QIcon

from ltfu.ui import look
from ltfu.ui.labels import (
    alert_message,
    assessments_text,
    date_text,
    days_text,
    label,
    label_codes,
    message_text,
    stored_text,
    window_text,
)
from ltfu.vocabulary import LANGUAGE, SCREEN_QUESTIONS

if TYPE_CHECKING:  # the row types; the modules load with the pages that read them
    from ltfu.services.alerts import SafetyAlert
    from ltfu.services.audit import AuditRow
    from ltfu.services.browse import AdverseEventRow, EventRow, HistoryRow, ResultRow, SubjectRow
    from ltfu.services.events import ContactAttemptRow
    from ltfu.services.letters import LetterLogRow, SkippedSubject
    from ltfu.services.review import Mark
    from ltfu.services.safety import CaseDetail, ClockView, StepView
    from ltfu.services.samples import SampleRow
    from ltfu.services.screens import ScreenRow
    from ltfu.services.users import UserRow
    from ltfu.services.visits import VisitRow
    from ltfu.services.worklist import WorklistRow

ROW_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The roles `RowsModel.data` answers; the view asks for about ten per cell it paints,
# so the others (font, colours, check state, size) are turned away first.
_ANSWERED = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.AccessibleTextRole,
        ROW_ROLE,
        SORT_ROLE,
    }
)

_MARKED = (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole)
Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")
"""The row type of a table: a service's frozen dataclass or named tuple."""
Prepared = tuple[list[R], list[tuple[str, ...]]]
"""Rows with their display texts (`RowsModel.prepare`, on a worker thread)."""


@dataclass(frozen=True)
class Column(Generic[R]):
    """How one column shows a row: text, sort key, tooltip and icon."""

    title: str
    text: Callable[[R], str]
    sort: Callable[[R], Any] | None = None  # Any: whatever compares (dates, numbers, tuples)
    tooltip: Callable[[R], str | None] | None = None
    icon: Callable[[R], QIcon | None] | None = None
    right: bool = False
    # Never cut (ids, dates, line numbers, who): the view keeps it as wide as its widest text.
    whole: bool = False


def date_column(title: str, day: Callable[[R], dt.date | None]) -> Column[R]:
    """A column of dates, sorted as dates (empty last), never cut."""
    return Column(title, lambda row: date_text(day(row)), sort=day, whole=True)


def when_column(at: Callable[[R], dt.datetime]) -> Column[R]:
    """When something was done, in local time, sorted by the instant, never cut."""
    return Column(QCoreApplication.translate("Models", "When"), lambda row: local_time(at(row)), sort=at, whole=True)


def _key(value: Any) -> tuple[bool, Any]:
    """Sort key with empty values last."""
    return (value is None or value == "", value if value is not None else 0)


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table of rows; subclasses say what the columns are.

    `marks` (set before the rows): row key (`mark_key`) -> why the row's value is in
    question (an open data query): a mark and that text on column `mark_column`.
    """

    mark_column = 0
    # True while the rows shown change to others of the same rows (a filter): the view
    # then widens the never-cut columns to the widest row shown without sampling them all.
    filtering = False

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column[R]] = self.make_columns()
        self._rows: list[R] = []
        self._texts: list[tuple[str, ...]] = []
        self.marks: dict[Any, str] = {}

    def mark_key(self, row: R) -> Any:
        """The key of `row` in `marks` (None: rows of this table are never marked)."""
        return None

    def _mark(self, row: R, role: int) -> Any:
        text = self.marks.get(self.mark_key(row))
        if text is None:
            return None
        return look.status_icon("overdue") if role == Qt.ItemDataRole.DecorationRole else text

    def make_columns(self) -> list[Column[R]]:
        raise NotImplementedError

    def status_of(self, row: R) -> str | None:
        """The status whose tint colours the row (None: no tint)."""
        return None

    # -- content --------------------------------------------------------------------

    def set_rows(self, rows: Iterable[R]) -> None:
        self.set_prepared(self.prepare(rows))

    def prepare(self, rows: Iterable[R]) -> Prepared[R]:
        """Rows with their display texts; pure Python, so a worker thread may call it."""
        rows = list(rows)
        columns = self.columns
        return rows, [tuple(column.text(row) for column in columns) for row in rows]

    def set_prepared(self, prepared: Prepared[R]) -> None:
        self.beginResetModel()
        self._rows, self._texts = prepared
        self.endResetModel()

    @property
    def rows(self) -> list[R]:
        return self._rows

    def row(self, index: int) -> R:
        return self._rows[index]

    def text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def whole_columns(self) -> dict[int, int]:
        """Column -> the row of its longest text, for the columns that must never be cut."""
        texts = self._texts
        found: dict[int, int] = {}
        for c, column in enumerate(self.columns):
            if column.whole and texts:
                lengths = [len(row[c]) for row in texts]
                found[c] = lengths.index(max(lengths))
        return found

    # -- Qt -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED or not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[r][c]
        column = self.columns[c]
        row = self._rows[r]
        if self.marks and c == self.mark_column and role in _MARKED:
            marked = self._mark(row, role)
            if marked is not None:
                return marked
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        if role == Qt.ItemDataRole.DecorationRole:
            return column.icon(row) if column.icon else None
        if role == Qt.ItemDataRole.BackgroundRole:
            status = self.status_of(row)
            return look.tint_brush(status) if status else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.right:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            tip = column.tooltip(row) if column.tooltip else ""
            return f"{self._texts[r][c]}. {tip}" if tip else self._texts[r][c]
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return _key(column.sort(row)) if column.sort else self._texts[r][c]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return self.columns[section].title
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(self.columns)) or not self._rows:
            return
        order_of = self._order(self._rows, self._texts, column, order)
        self.layoutAboutToBeChanged.emit()
        new_row = [0] * len(order_of)
        for new, old in enumerate(order_of):
            new_row[old] = new
        old_indexes = self.persistentIndexList()
        self._rows = [self._rows[i] for i in order_of]
        self._texts = [self._texts[i] for i in order_of]
        self.changePersistentIndexList(old_indexes, [self.index(new_row[i.row()], i.column()) for i in old_indexes])
        self.layoutChanged.emit()

    def _order(self, rows: list[R], texts: list[tuple[str, ...]], column: int, order: Qt.SortOrder) -> list[int]:
        """Row positions in the order of `column`; empty values last in both directions."""
        spec = self.columns[column]
        if spec.sort is not None:
            keys = [_key(spec.sort(row)) for row in rows]
        else:
            keys = [_key(t[column].lower()) for t in texts]
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(
            range(len(rows)),
            key=lambda i: (keys[i][0], keys[i][1]) if not descending else (not keys[i][0], keys[i][1]),
            reverse=descending,
        )


# -- the worklist ------------------------------------------------------------------------

STATUS_ORDER = {"overdue": 0, "due": 1, "upcoming": 2}


def worklist_status_text(row: WorklistRow) -> str:
    if row.status == "overdue":
        return QCoreApplication.translate("Models", "Overdue {0}").format(days_text(row.days_overdue))
    if row.status == "due":
        return QCoreApplication.translate("Models", "Due, {0} left").format(days_text(row.days_left))
    return QCoreApplication.translate("Models", "Upcoming, opens in {0}").format(days_text(row.days_left))


def worklist_status_tooltip(row: WorklistRow) -> str:
    if row.status == "overdue":
        return QCoreApplication.translate(
            "Models", "Overdue: the window closed on {0}, {1} ago; not done and not closed."
        ).format(row.window_end.isoformat(), days_text(row.days_overdue))
    if row.status == "due":
        return QCoreApplication.translate("Models", "Due now: the window is open until {0}.").format(
            row.window_end.isoformat()
        )
    return QCoreApplication.translate("Models", "Upcoming: the window opens on {0}.").format(
        row.window_start.isoformat()
    )


STUDY_COLUMN = -1
"""The worklist's and the subject list's study column: their last (hidden with one study)."""


class WorklistModel(RowsModel["WorklistRow"]):
    """The worklist: overdue first (longest overdue on top), then due, then upcoming."""

    def make_columns(self) -> list[Column[WorklistRow]]:
        return [
            Column(
                QCoreApplication.translate("Models", "Status"),
                worklist_status_text,
                sort=lambda r: (STATUS_ORDER[r.status], -r.days_overdue, r.days_left),
                tooltip=worklist_status_tooltip,
                icon=lambda r: look.status_icon(r.status),
                whole=True,  # "Overdue 12 days": the nurse's first column
            ),
            Column(QCoreApplication.translate("Models", "Subject"), lambda r: r.study_id, whole=True),
            Column(QCoreApplication.translate("Models", "Site"), lambda r: r.site, whole=True),
            Column(QCoreApplication.translate("Models", "Dose"), lambda r: r.dose_level, whole=True),
            Column(
                QCoreApplication.translate("Models", "Visit"),
                lambda r: r.code,
                sort=lambda r: r.nominal_date,
                whole=True,
            ),
            Column(
                QCoreApplication.translate("Models", "Window"),
                lambda r: window_text(r.window_start, r.window_end),
                sort=lambda r: (r.window_start, r.window_end),
                tooltip=lambda r: QCoreApplication.translate("Models", "Nominal date {0}").format(
                    r.nominal_date.isoformat()
                ),
                whole=True,
            ),
            Column(QCoreApplication.translate("Models", "Mode"), lambda r: label("mode", r.mode), whole=True),
            Column(
                QCoreApplication.translate("Models", "To do"),
                lambda r: " ".join(r.assessments),
                tooltip=lambda r: assessments_text(r.assessments),
            ),
            # Last: shown when the database holds several studies (`STUDY_COLUMN`).
            Column(QCoreApplication.translate("Models", "Study"), lambda r: r.study, whole=True),
        ]

    def status_of(self, row: WorklistRow) -> str | None:
        return row.status

    def prepare(self, rows: Iterable[WorklistRow]) -> tuple[list[WorklistRow], list[tuple[str, ...]]]:
        ordered = sorted(rows, key=lambda r: (STATUS_ORDER[r.status], -r.days_overdue, r.days_left, r.study_id))
        return super().prepare(ordered)


class AlertsModel(RowsModel["SafetyAlert"]):
    """Safety alerts, blocking first (the worklist's alert table)."""

    def make_columns(self) -> list[Column[SafetyAlert]]:
        return [
            Column(
                QCoreApplication.translate("Models", "Alert"),
                lambda a: (
                    label("alert", a.kind) + (QCoreApplication.translate("Models", " (blocking)") if a.blocking else "")
                ),
                sort=lambda a: (not a.blocking, a.kind),
                icon=lambda a: look.status_icon("overdue") if a.blocking else None,
            ),
            Column(QCoreApplication.translate("Models", "Subject"), lambda a: a.study_id, whole=True),
            Column(QCoreApplication.translate("Models", "Site"), lambda a: a.site, whole=True),
            date_column(QCoreApplication.translate("Models", "Date"), lambda a: a.date),
            Column(QCoreApplication.translate("Models", "Message"), alert_message, tooltip=alert_message),
        ]


# -- the subject list ------------------------------------------------------------------------


def subject_status_text(row: SubjectRow) -> str:
    """The follow-up status; "transferred out (date)" where the subject left the user's site."""
    if row.transferred_out is not None:
        return QCoreApplication.translate("Models", "transferred out {day}").format(day=row.transferred_out.isoformat())
    return label("subject_status", row.status)


def next_visit_text(row: SubjectRow) -> str:
    if row.next_code is None:
        return "—"
    return f"{row.next_code}  {window_text(row.next_window_start, row.next_window_end)}"


def alerts_text(row: SubjectRow) -> str:
    parts = []
    if row.rcl_positive:
        parts.append(QCoreApplication.translate("Models", "RCL positive"))
    if row.overdue_count:
        parts.append(QCoreApplication.translate("Models", "{0} overdue").format(row.overdue_count))
    return ", ".join(parts)


class SubjectsModel(RowsModel["SubjectRow"]):
    """Every subject; the rows shown are those matching the filter (`set_filter`).

    The model filters itself instead of sitting under a QSortFilterProxyModel: a
    proxy asks Python whether each of 10,000 rows is accepted on every keystroke and
    then maps the changes row by row; here a keystroke is one list comprehension over
    precomputed lowercase keys and a reset, after which the view asks only for the
    rows it paints.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        self._all_rows: list[SubjectRow] = []
        self._all_texts: list[tuple[str, ...]] = []
        self._keys: list[str] = []
        self._chosen: list[int] = []  # positions in the full list of the rows shown
        self._needle = ""
        self._every_row_shown = False  # since the rows came (the view fitted the never-cut columns to them)
        self._site: str | None = None
        self._dose_level: str | None = None
        self._status: str | None = None
        self._study: str | None = None
        super().__init__(parent)

    def make_columns(self) -> list[Column[SubjectRow]]:
        return [
            Column(QCoreApplication.translate("Models", "Subject"), lambda r: r.study_id, whole=True),
            Column(QCoreApplication.translate("Models", "Site"), lambda r: r.site, whole=True),
            Column(QCoreApplication.translate("Models", "Dose level"), lambda r: r.dose_level, whole=True),
            date_column(QCoreApplication.translate("Models", "Infusion"), lambda r: r.infusion_date),
            Column(
                QCoreApplication.translate("Models", "Years"),
                lambda r: f"{r.years_followed:.1f}",
                sort=lambda r: r.years_followed,
                tooltip=lambda r: QCoreApplication.translate("Models", "Years of follow-up since the first infusion"),
                right=True,
            ),
            Column(
                QCoreApplication.translate("Models", "Status"),
                subject_status_text,
                tooltip=lambda r: (
                    label("scope", r.withdrawal_scope)
                    if r.withdrawal_scope
                    else subject_status_text(r)
                    if r.transferred_out
                    else None
                ),
            ),
            Column(
                QCoreApplication.translate("Models", "Next visit"),
                next_visit_text,
                sort=lambda r: r.next_window_end,
                tooltip=lambda r: label("visit_status", r.next_status) if r.next_status else None,
                icon=lambda r: look.status_icon(r.next_status) if r.next_status else None,
            ),
            Column(
                QCoreApplication.translate("Models", "Alerts"),
                alerts_text,
                sort=lambda r: (not r.rcl_positive, -r.overdue_count),
                tooltip=lambda r: alerts_text(r) or None,
                icon=lambda r: look.status_icon("overdue") if (r.rcl_positive or r.overdue_count) else None,
            ),
            Column(
                QCoreApplication.translate("Models", "Queries"),
                lambda r: str(r.open_queries) if r.open_queries else "",
                sort=lambda r: r.open_queries,
                tooltip=lambda r: QCoreApplication.translate("Models", "{0} open data query(ies)").format(
                    r.open_queries
                )
                if r.open_queries
                else None,
                right=True,
                whole=True,
            ),
            # Last: shown when the database holds several studies (`STUDY_COLUMN`).
            Column(QCoreApplication.translate("Models", "Study"), lambda r: r.study, whole=True),
        ]

    @property
    def total(self) -> int:
        """Every subject, shown or not."""
        return len(self._all_rows)

    @property
    def all_rows(self) -> list[SubjectRow]:
        return self._all_rows

    def set_prepared(self, prepared: tuple[list[SubjectRow], list[tuple[str, ...]]]) -> None:
        self.beginResetModel()
        self._all_rows, self._all_texts = prepared
        self._keys = [row.search_key for row in self._all_rows]
        self._select()
        self.endResetModel()
        self._every_row_shown = len(self._chosen) == len(self._all_rows)

    def set_filter(
        self,
        text: str | None = None,
        site: str | None | EllipsisType = ...,
        dose_level: str | None | EllipsisType = ...,
        status: str | None | EllipsisType = ...,
        study: str | None | EllipsisType = ...,
    ) -> None:
        """Show the rows with `text` in the study id or name and the chosen values;
        an argument left out keeps its current value."""
        if text is not None:
            self._needle = text
        if not isinstance(site, EllipsisType):
            self._site = site
        if not isinstance(dose_level, EllipsisType):
            self._dose_level = dose_level
        if not isinstance(status, EllipsisType):
            self._status = status
        if not isinstance(study, EllipsisType):
            self._study = study
        chosen = self._matching()
        if chosen == self._chosen:
            return  # the same rows ("c", "cd", ... match every subject): nothing to repaint
        self.filtering = True
        try:
            self.beginResetModel()
            self._show(chosen)
            self.endResetModel()
        finally:
            self.filtering = False
        self._every_row_shown = self._every_row_shown or len(chosen) == len(self._all_rows)

    def _select(self) -> None:
        self._show(self._matching())

    def whole_columns(self) -> dict[int, int]:
        # A filter shows some of the rows, whose never-cut columns the view already fitted
        # when it last showed them all: nothing to widen (and no pass over them per key).
        return {} if self.filtering and self._every_row_shown else super().whole_columns()

    def _show(self, chosen: list[int]) -> None:
        rows, texts = self._all_rows, self._all_texts
        self._chosen = chosen
        self._rows = [rows[i] for i in chosen]
        self._texts = [texts[i] for i in chosen]

    def _matching(self) -> list[int]:
        needle = self._needle.strip().lower()
        site, dose_level, status, study = self._site, self._dose_level, self._status, self._study
        rows, keys = self._all_rows, self._keys
        if not (site or dose_level or status or study):
            return [i for i, key in enumerate(keys) if needle in key] if needle else list(range(len(rows)))
        return [
            i
            for i, row in enumerate(rows)
            if needle in keys[i]
            and (site is None or row.site == site)
            and (dose_level is None or row.dose_level == dose_level)
            and (status is None or row.status == status)
            and (study is None or row.study == study)
        ]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every subject (shown or not), keeping the selection on the same rows."""
        if not (0 <= column < len(self.columns)) or not self._all_rows:
            return
        order_of = self._order(self._all_rows, self._all_texts, column, order)
        self.layoutAboutToBeChanged.emit()
        old_indexes = self.persistentIndexList()
        kept = [self._rows[i.row()] for i in old_indexes]
        self._all_rows = [self._all_rows[i] for i in order_of]
        self._all_texts = [self._all_texts[i] for i in order_of]
        self._keys = [self._keys[i] for i in order_of]
        self._select()
        where = {id(row): n for n, row in enumerate(self._rows)}
        self.changePersistentIndexList(
            old_indexes, [self.index(where[id(row)], i.column()) for row, i in zip(kept, old_indexes, strict=True)]
        )
        self.layoutChanged.emit()


# -- the subject chart ------------------------------------------------------------------------


def visit_status_text(row: VisitRow) -> str:
    text = label("visit_status", row.status)
    if row.cause:
        text += f" ({label('cause', row.cause)})"
    return text


def verification_text(mark: Mark | None) -> str:
    """A record's source verification in a cell: a tick, or when a change cleared it."""
    if mark is None:
        return ""
    if mark.verified:
        return "✓"
    assert mark.cleared_at is not None  # not verified: cleared
    return QCoreApplication.translate("Models", "verification cleared by change on {0}").format(
        date_text(mark.cleared_at.astimezone().date())
    )


def verification_tooltip(mark: Mark | None) -> str | None:
    if mark is None:
        return None
    verified = QCoreApplication.translate("Models", "Verified against the source by {0} on {1}").format(
        mark.verified_by, local_time(mark.verified_at)
    )
    if mark.verified:
        return verified
    assert mark.cleared_at is not None  # not verified: cleared
    cleared = QCoreApplication.translate("Models", "Cleared by {0} on {1}: {2}").format(
        mark.cleared_by or "", local_time(mark.cleared_at), mark.clear_reason or ""
    )
    return f"{verified}\n{cleared}"


class VerifiedRowsModel(RowsModel[R]):
    """Rows of records a monitor verifies against the source: their last column says so
    (`verifications`: record id -> its latest mark, set before the rows)."""

    def __init__(self, parent: QObject | None = None) -> None:
        self.verifications: dict[int, Mark] = {}
        super().__init__(parent)

    def verified_column(self, record_id: Callable[[R], int | None]) -> Column[R]:
        def mark(row: R) -> Mark | None:
            found = record_id(row)
            return self.verifications.get(found) if found is not None else None

        return Column(
            QCoreApplication.translate("Models", "Verified"),
            lambda r: verification_text(mark(r)),
            tooltip=lambda r: verification_tooltip(mark(r)),
        )


class VisitsModel(VerifiedRowsModel["VisitRow"]):
    """A subject's planned visits and then the unscheduled ones, with their source verification."""

    def make_columns(self) -> list[Column[VisitRow]]:
        return [
            Column(
                QCoreApplication.translate("Models", "Visit"),
                lambda r: r.code or QCoreApplication.translate("Models", "unscheduled"),
                sort=lambda r: r.nominal_date,
                whole=True,
            ),
            Column(
                QCoreApplication.translate("Models", "Window"),
                lambda r: window_text(r.window_start, r.window_end),
                sort=lambda r: r.window_start or r.nominal_date,
                tooltip=lambda r: QCoreApplication.translate("Models", "Nominal date {0}").format(
                    r.nominal_date.isoformat()
                ),
                whole=True,
            ),
            Column(
                QCoreApplication.translate("Models", "Status"),
                visit_status_text,
                icon=lambda r: look.status_icon(r.status if r.code else "unscheduled"),
                tooltip=lambda r: (
                    QCoreApplication.translate("Models", "Done out of its window") if r.out_of_window else None
                ),
            ),
            Column(QCoreApplication.translate("Models", "Mode"), lambda r: label("mode", r.mode)),
            Column(
                QCoreApplication.translate("Models", "To do"),
                lambda r: " ".join(r.assessments),
                tooltip=lambda r: assessments_text(r.assessments),
            ),
            Column(
                QCoreApplication.translate("Models", "Done on"),
                lambda r: date_text(r.actual_date) + (" ⚠" if r.out_of_window else ""),
                sort=lambda r: r.actual_date,
                tooltip=lambda r: (
                    QCoreApplication.translate("Models", "Done out of its window") if r.out_of_window else None
                ),
                whole=True,
            ),
            Column(QCoreApplication.translate("Models", "Done how"), lambda r: label("mode", r.actual_mode)),
            self.verified_column(lambda r: r.visit_id),
        ]

    def status_of(self, row: VisitRow) -> str | None:
        return row.status if row.status in ("overdue", "due") else None

    def mark_key(self, row: VisitRow) -> Any:
        return ("visit", row.visit_id)


def number_text(value: float | None) -> str:
    """Four significant digits, without an exponent between 0.001 and a million."""
    if value is None:
        return "—"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e6:
        decimals = max(0, 3 - math.floor(math.log10(abs(value))))
        text = f"{value:.{decimals}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:.3e}"


def result_value_text(row: ResultRow) -> str:
    if row.category is not None:
        return label("category", row.category)
    if row.blq:
        return QCoreApplication.translate("Models", "< {0} (below LLOQ)").format(number_text(row.lloq))
    return number_text(row.value)


class ResultsModel(RowsModel["ResultRow"]):
    mark_column = 3  # the value

    def mark_key(self, row: ResultRow) -> Any:
        return ("result", row.id)

    def make_columns(self) -> list[Column[ResultRow]]:
        return [
            date_column(QCoreApplication.translate("Models", "Date"), lambda r: r.date),
            Column(
                QCoreApplication.translate("Models", "Day"),
                lambda r: "" if r.study_day is None else str(r.study_day),
                sort=lambda r: r.study_day,
                right=True,
            ),
            Column(QCoreApplication.translate("Models", "Analyte"), lambda r: label("analyte", r.analyte)),
            Column(
                QCoreApplication.translate("Models", "Value"),
                result_value_text,
                sort=lambda r: r.value if r.value is not None else -1.0,
                right=True,
            ),
            Column(QCoreApplication.translate("Models", "Unit"), lambda r: r.unit),
            Column(QCoreApplication.translate("Models", "Assay"), lambda r: r.assay or ""),
        ]


def event_detail_text(row: EventRow) -> str:
    if row.kind == "response":
        return (row.response or "") + (" MRD-" if row.mrd_negative else "")
    if row.kind == "relapse":
        parts = []
        if row.cd19_status:
            parts.append(f"CD19 {label('antigen', row.cd19_status)}")
        if row.cd22_status:
            parts.append(f"CD22 {label('antigen', row.cd22_status)}")
        if row.lineage_switch:
            parts.append(QCoreApplication.translate("Models", "lineage switch"))
        return ", ".join(parts) or (row.detail or "")
    if row.kind == "death":
        return row.death_cause or row.detail or ""
    if row.kind == "withdrawal":
        return label("scope", row.withdrawal_scope)
    if row.kind in _THERAPY_TYPES and row.detail:
        # Stored as "<type code> <what was given>" (the event dialog writes it so).
        code, _, given = row.detail.partition(" ")
        table = _THERAPY_TYPES[row.kind]
        if code in label_codes(table):
            return f"{label(table, code)} {given}".strip()
    return row.detail or ""


_THERAPY_TYPES = {"hsct": "hsct_type", "new_therapy": "therapy_type"}


class EventsModel(VerifiedRowsModel["EventRow"]):
    def mark_key(self, row: EventRow) -> Any:
        return ("clinical_event", row.id)

    def make_columns(self) -> list[Column[EventRow]]:
        return [
            date_column(QCoreApplication.translate("Models", "Date"), lambda r: r.date),
            Column(QCoreApplication.translate("Models", "Event"), lambda r: label("event", r.kind)),
            Column(QCoreApplication.translate("Models", "Detail"), event_detail_text),
            self.verified_column(lambda r: r.id or None),
        ]


def _yes(value: bool) -> str:
    return QCoreApplication.translate("Models", "yes") if value else ""


class AdverseEventsModel(VerifiedRowsModel["AdverseEventRow"]):
    def mark_key(self, row: AdverseEventRow) -> Any:
        return ("adverse_event", row.id)

    def make_columns(self) -> list[Column[AdverseEventRow]]:
        return [
            date_column(QCoreApplication.translate("Models", "Onset"), lambda r: r.onset),
            date_column(QCoreApplication.translate("Models", "Resolved"), lambda r: r.resolution),
            Column(QCoreApplication.translate("Models", "Term"), lambda r: r.term),
            Column(
                QCoreApplication.translate("Models", "Grade"),
                lambda r: f"{r.grade} ({label('ae_kind', r.kind)})",
                sort=lambda r: r.grade,
            ),
            Column(QCoreApplication.translate("Models", "Serious"), lambda r: _yes(r.serious)),
            Column(QCoreApplication.translate("Models", "Related"), lambda r: _yes(r.related)),
            Column(QCoreApplication.translate("Models", "DLT"), lambda r: _yes(r.dlt)),
            Column(
                QCoreApplication.translate("Models", "Special interest"),
                lambda r: label("special_interest", r.special_interest),
            ),
            self.verified_column(lambda r: r.id or None),
        ]


class ContactsModel(RowsModel["ContactAttemptRow"]):
    def make_columns(self) -> list[Column[ContactAttemptRow]]:
        return [
            date_column(QCoreApplication.translate("Models", "Date"), lambda r: r.date),
            Column(QCoreApplication.translate("Models", "Channel"), lambda r: label("channel", r.channel)),
            Column(QCoreApplication.translate("Models", "Outcome"), lambda r: label("outcome", r.outcome)),
            Column(QCoreApplication.translate("Models", "By"), lambda r: r.user or "", whole=True),
            # Last: a note takes the rest of the width, and its tooltip shows it whole.
            Column(QCoreApplication.translate("Models", "Note"), lambda r: r.note or "", tooltip=lambda r: r.note or None),
        ]


def sample_place_text(row: SampleRow) -> str:
    place = row.place
    return QCoreApplication.translate("Models", "{0} / rack {1} / box {2} / {3}").format(
        place.freezer, place.rack, place.box, place.position
    )


def sample_state_text(row: SampleRow) -> str:
    if row.state == "shipped":
        return QCoreApplication.translate("Models", "shipped {0} to {1}").format(
            date_text(row.shipped_on), row.shipped_to or ""
        )
    if row.state == "destroyed":
        return QCoreApplication.translate("Models", "destroyed {0}").format(date_text(row.destroyed_on))
    return label("sample_state", row.state)


def sample_tests_text(row: SampleRow) -> str:
    return "; ".join(f"{date_text(t.test_date)} {t.test_name}: {t.result_text}" for t in row.tests)


class SamplesModel(RowsModel["SampleRow"]):
    """A subject's archived samples: where each is, until when, and what became of it."""

    def make_columns(self) -> list[Column[SampleRow]]:
        return [
            Column(QCoreApplication.translate("Models", "Sample"), lambda r: r.sample_code, whole=True),
            Column(QCoreApplication.translate("Models", "Type"), lambda r: label("sample_type", r.sample_type)),
            date_column(QCoreApplication.translate("Models", "Drawn"), lambda r: r.draw_date),
            Column(QCoreApplication.translate("Models", "Aliquots"), lambda r: str(r.aliquots), right=True),
            Column(QCoreApplication.translate("Models", "Position"), sample_place_text),
            Column(QCoreApplication.translate("Models", "State"), sample_state_text),
            date_column(QCoreApplication.translate("Models", "Keep until"), lambda r: r.keep_until),
            Column(
                QCoreApplication.translate("Models", "Tests"),
                sample_tests_text,
                tooltip=lambda r: sample_tests_text(r) or None,
            ),
        ]


class ScreensModel(RowsModel["ScreenRow"]):
    """Each visit's safety screen: a column per question, yes first to catch the eye."""

    def make_columns(self) -> list[Column[ScreenRow]]:
        def answer(code: str) -> Column[ScreenRow]:
            return Column(label("screen_question", code), lambda r: label("screen_answer", r.answers[code]))

        return [
            Column(QCoreApplication.translate("Models", "Visit"), lambda r: r.visit_code or "", whole=True),
            date_column(QCoreApplication.translate("Models", "Date"), lambda r: r.contact_date),
            Column(QCoreApplication.translate("Models", "How"), lambda r: label("screen_source", r.source)),
            *(answer(code) for code in SCREEN_QUESTIONS),
        ]


def local_time(at: dt.datetime) -> str:
    """An audit time (UTC) in the workstation's local time."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _state_text(state: str | None) -> str:
    if state in (None, "planned"):
        return QCoreApplication.translate("Models", "open") if state else "—"
    return label("visit_status", state)


def history_what(row: HistoryRow) -> str:
    if row.visits:
        codes = [code or QCoreApplication.translate("Models", "unscheduled") for code in row.visits]
        shown = ", ".join(codes) if len(codes) <= 4 else f"{codes[0]} … {codes[-1]}"
        return QCoreApplication.translate("Models", "{0} visits: {1}").format(len(codes), shown)
    if row.what == "visit":
        return QCoreApplication.translate("Models", "Visit {0}").format(
            row.label or QCoreApplication.translate("Models", "unscheduled")
        )
    if row.what == "subject":
        return QCoreApplication.translate("Models", "Subject status")
    return QCoreApplication.translate("Models", "Event: {0}").format(label("event", row.label))


def history_change(row: HistoryRow) -> str:
    if row.what == "visit":
        text = f"{_state_text(row.old)} → {_state_text(row.new)}"
        return text + (f" ({label('cause', row.cause)})" if row.cause else "")
    if row.what == "subject":
        return f"{label('subject_status', row.old)} → {label('subject_status', row.new)}"
    return QCoreApplication.translate("Models", "recorded, dated {0}").format(row.new or "")


class HistoryModel(RowsModel["HistoryRow"]):
    """Status changes of a subject and its visits, with who, when and why."""

    def make_columns(self) -> list[Column[HistoryRow]]:
        return [
            when_column(lambda r: r.at),
            Column(QCoreApplication.translate("Models", "Who"), lambda r: r.user or "", whole=True),
            Column(
                QCoreApplication.translate("Models", "What"),
                history_what,
                tooltip=lambda r: ", ".join(code or "" for code in r.visits) or None,
            ),
            Column(QCoreApplication.translate("Models", "Change"), history_change),
            Column(
                QCoreApplication.translate("Models", "Reason"),
                lambda r: stored_text(r.reason),
                tooltip=lambda r: stored_text(r.reason) or None,
            ),
        ]


class AuditModel(RowsModel["AuditRow"]):
    def make_columns(self) -> list[Column[AuditRow]]:
        return [
            when_column(lambda r: r.at),
            Column(QCoreApplication.translate("Models", "Who"), lambda r: r.username or "", whole=True),
            Column(QCoreApplication.translate("Models", "Action"), lambda r: label("audit_action", r.action)),
            Column(
                QCoreApplication.translate("Models", "Record"),
                lambda r: f"{label('record', r.table_name)} {r.record_id or ''}".strip(),
            ),
            Column(QCoreApplication.translate("Models", "Subject"), lambda r: r.study_id or "", whole=True),
            Column(QCoreApplication.translate("Models", "Field"), lambda r: label("field", r.field)),
            Column(
                QCoreApplication.translate("Models", "Old value"),
                lambda r: r.old_value or "",
                tooltip=lambda r: r.old_value or None,
            ),
            Column(
                QCoreApplication.translate("Models", "New value"),
                lambda r: r.new_value or "",
                tooltip=lambda r: r.new_value or None,
            ),
            Column(
                QCoreApplication.translate("Models", "Reason"),
                lambda r: stored_text(r.reason),
                tooltip=lambda r: stored_text(r.reason) or None,
            ),
        ]


# -- safety cases and reporting clocks ---------------------------------------------------------

# How a clock's state tints its row: late is red (overdue or sent late), due soon amber.
CLOCK_TINTS = {"overdue": "overdue", "sent_late": "overdue", "due": "due", "sent_on_time": "completed"}


def owner_text(owner: str) -> str:
    """A step's owner: a role's word, or the user's name as it is."""
    from ltfu.vocabulary import ROLES

    return label("role", owner) if owner in ROLES else owner


def case_kind_text(case: CaseDetail) -> str:
    if case.kind == "malignancy" and case.t_cell:
        return label("special_interest", "t_cell_malignancy")
    return label("case_kind", case.kind)


def step_state_text(step: StepView) -> str:
    text = label("step_state", step.state)
    if step.outcome:
        text += f" ({label('outcome_found', step.outcome)})"
    if step.overdue:
        text += " — " + label("clock_state", "overdue")
    return text


def clock_state_text(clock: ClockView) -> str:
    text = label("clock_state", clock.state)
    if clock.state == "overdue":
        text += " " + QCoreApplication.translate("Models", "({0})").format(days_text(-clock.days_left))
    elif clock.state in ("due", "open"):
        text += " " + QCoreApplication.translate("Models", "({0} left)").format(days_text(clock.days_left))
    return text


class CasesModel(RowsModel["CaseDetail"]):
    """Safety cases: kind, subject, the day the site knew, open steps, state."""

    def make_columns(self) -> list[Column[CaseDetail]]:
        return [
            Column(QCoreApplication.translate("Models", "Case"), lambda c: str(c.id), sort=lambda c: c.id, right=True),
            Column(QCoreApplication.translate("Models", "Kind"), case_kind_text),
            Column(QCoreApplication.translate("Models", "Subject"), lambda c: c.study_id, whole=True),
            Column(QCoreApplication.translate("Models", "Site"), lambda c: c.site, whole=True),
            date_column(QCoreApplication.translate("Models", "Site aware on"), lambda c: c.awareness_date),
            Column(QCoreApplication.translate("Models", "Term"), lambda c: c.term or ""),
            Column(
                QCoreApplication.translate("Models", "Open steps"),
                lambda c: "; ".join(label("step", s.code) for s in c.open_steps),
                sort=lambda c: len(c.open_steps),
                tooltip=lambda c: "\n".join(label("step", s.code) for s in c.open_steps) or None,
            ),
            Column(
                QCoreApplication.translate("Models", "State"),
                lambda c: label("case_state", c.state) + (f" {date_text(c.closed_on)}" if c.closed_on else ""),
                icon=lambda c: look.status_icon("overdue" if c.state == "open" else "completed"),
            ),
        ]

    def status_of(self, row: CaseDetail) -> str | None:
        return "overdue" if any(s.overdue for s in row.steps) else None


class StepsModel(RowsModel["StepView"]):
    """The steps of one case, in their order."""

    def make_columns(self) -> list[Column[StepView]]:
        return [
            Column(QCoreApplication.translate("Models", "Step"), lambda s: label("step", s.code)),
            date_column(QCoreApplication.translate("Models", "Due"), lambda s: s.due_date),
            Column(QCoreApplication.translate("Models", "Owner"), lambda s: owner_text(s.owner)),
            Column(
                QCoreApplication.translate("Models", "State"),
                step_state_text,
                icon=lambda s: (
                    look.status_icon("overdue" if s.overdue else "completed" if s.state == "done" else "cancelled")
                    if s.state != "open" or s.overdue
                    else None
                ),
            ),
            date_column(QCoreApplication.translate("Models", "Done on"), lambda s: s.done_on),
            Column(QCoreApplication.translate("Models", "By"), lambda s: s.done_by or "", whole=True),
            Column(
                QCoreApplication.translate("Models", "Note or reason"),
                lambda s: stored_text(s.note),
                tooltip=lambda s: stored_text(s.note) or None,
            ),
        ]

    def status_of(self, row: StepView) -> str | None:
        return "overdue" if row.overdue else None


class ClocksModel(RowsModel["ClockView"]):
    """Reporting clocks: the report to send, its due date, when and how it was sent."""

    def make_columns(self) -> list[Column[ClockView]]:
        return [
            Column(
                QCoreApplication.translate("Models", "State"),
                clock_state_text,
                sort=lambda k: (CLOCK_ORDER[k.state], k.due_date),
                icon=lambda k: look.status_icon(CLOCK_TINTS[k.state]) if k.state in CLOCK_TINTS else None,
            ),
            Column(QCoreApplication.translate("Models", "Report to"), lambda k: label("report_recipient", k.recipient)),
            Column(QCoreApplication.translate("Models", "Subject"), lambda k: k.study_id, whole=True),
            Column(
                QCoreApplication.translate("Models", "Case"),
                lambda k: "" if k.case_id is None else str(k.case_id),
                sort=lambda k: k.case_id,
            ),
            date_column(QCoreApplication.translate("Models", "Site aware on"), lambda k: k.awareness_date),
            date_column(QCoreApplication.translate("Models", "Due"), lambda k: k.due_date),
            date_column(QCoreApplication.translate("Models", "Sent on"), lambda k: k.sent_on),
            Column(QCoreApplication.translate("Models", "Sent to"), lambda k: k.sent_to or ""),
            Column(QCoreApplication.translate("Models", "Reference"), lambda k: k.reference or ""),
        ]

    def status_of(self, row: ClockView) -> str | None:
        return CLOCK_TINTS.get(row.state)


# Late first, then due soon, open, and the sent ones.
CLOCK_ORDER = {"overdue": 0, "due": 1, "open": 2, "sent_late": 3, "sent_on_time": 4}


# -- imports ----------------------------------------------------------------------------------


class CsvPreviewModel(QAbstractTableModel):
    """The first rows of a CSV file as they are, under its own header."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.lines: list[tuple[int, list[str]]] = []

    def set_content(self, header: list[str], lines: list[tuple[int, list[str]]]) -> None:
        self.beginResetModel()
        self.header, self.lines = header, lines
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.header)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not (0 <= index.row() < len(self.lines)):
            return None
        values = self.lines[index.row()][1]
        return values[index.column()] if index.column() < len(values) else ""

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.header[section] if 0 <= section < len(self.header) else None
        # Row headers are the file's line numbers, as the import's problems name them.
        return str(self.lines[section][0]) if 0 <= section < len(self.lines) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str


class ProblemsModel(RowsModel["Problem"]):
    """Bad rows of a refused import: line number and reason."""

    def make_columns(self) -> list[Column[Problem]]:
        return [
            Column(
                QCoreApplication.translate("Models", "Line"),
                lambda p: QCoreApplication.translate("Models", "line {0}").format(p.line),
                sort=lambda p: p.line,
                whole=True,
            ),
            Column(
                QCoreApplication.translate("Models", "Problem"),
                lambda p: message_text(p.reason),
                tooltip=lambda p: message_text(p.reason),
            ),
        ]


# -- reports and accounts --------------------------------------------------------------


class LettersLogModel(RowsModel["LetterLogRow"]):
    """What letter runs printed, newest first, and which letters came back."""

    def make_columns(self) -> list[Column[LetterLogRow]]:
        return [
            Column(
                QCoreApplication.translate("Models", "Printed"),
                lambda r: date_text(r.printed_on),
                sort=lambda r: (r.printed_on, r.letter_id),
                whole=True,
            ),
            Column(QCoreApplication.translate("Models", "Subject"), lambda r: r.study_id, whole=True),
            Column(QCoreApplication.translate("Models", "Visit"), lambda r: r.visit_codes, whole=True),
            Column(QCoreApplication.translate("Models", "To"), lambda r: label("recipient", r.recipient)),
            Column(
                QCoreApplication.translate("Models", "Language"),
                lambda r: LANGUAGE[r.language].autonym if r.language in LANGUAGE else r.language,
            ),
            Column(QCoreApplication.translate("Models", "By"), lambda r: r.printed_by or "", whole=True),
            Column(
                QCoreApplication.translate("Models", "Returned"),
                lambda r: (
                    QCoreApplication.translate("Models", "returned {0}").format(date_text(r.returned_on))
                    if r.returned_mail
                    else ""
                ),
                sort=lambda r: r.returned_on,
                icon=lambda r: look.status_icon("missed") if r.returned_mail else None,
            ),
        ]


class SkippedModel(RowsModel["SkippedSubject"]):
    """Subjects a letter run left out, and why."""

    def make_columns(self) -> list[Column[SkippedSubject]]:
        return [
            Column(QCoreApplication.translate("Models", "Subject"), lambda s: s.study_id, whole=True),
            Column(
                QCoreApplication.translate("Models", "Why no letter"), lambda s: message_text(s.reason), tooltip=lambda s: message_text(s.reason)
            ),
        ]


class UsersModel(RowsModel["UserRow"]):
    """The accounts of the database (an administrator's view)."""

    def make_columns(self) -> list[Column[UserRow]]:
        return [
            Column(QCoreApplication.translate("Models", "User name"), lambda u: u.username, whole=True),
            Column(QCoreApplication.translate("Models", "Full name"), lambda u: u.full_name),
            Column(QCoreApplication.translate("Models", "Role"), lambda u: label("role", u.role)),
            Column(
                QCoreApplication.translate("Models", "Account"),
                lambda u: (
                    QCoreApplication.translate("Models", "inactive")
                    if not u.active
                    else QCoreApplication.translate("Models", "active")
                    if u.has_password
                    else QCoreApplication.translate("Models", "set-up login (no password)")
                ),
            ),
            Column(QCoreApplication.translate("Models", "Sees"), grants_text),
        ]


def grants_text(user: UserRow) -> str:
    """What an account sees: "all subjects" (no grant), or its grants one by one."""
    every_study = QCoreApplication.translate("Models", "every study")
    every_site = QCoreApplication.translate("Models", "every site")
    if not user.grants:
        return QCoreApplication.translate("Models", "all subjects")
    return "; ".join(
        QCoreApplication.translate("Models", "{0} at {1}").format(study or every_study, site or every_site)
        for study, site in user.grants
    )
