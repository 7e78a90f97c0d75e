"""A subject's visits from Day 0 to year 15 on one line, with today marked.

The time axis is piecewise linear so that the first month (eleven visits) is as
readable as the fifteen years: Day 0-28, Day 28-year 1, years 1-5 and years 5-15
each get a share of the width. Each visit shows its window as a band and a status
mark (shape and colour, see `look.paint_mark`); a legend names the marks.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ltfu.ui import look
from ltfu.ui.labels import label, window_text

if TYPE_CHECKING:
    from ltfu.services.visits import SubjectScheduleView, VisitRow

YEAR = 365.25
# (study day, share of the width): piecewise-linear axis.
BREAKS = ((0.0, 0.0), (28.0, 0.22), (YEAR, 0.47), (5 * YEAR, 0.72), (15 * YEAR + 61, 1.0))
TICKS = (
    (0, "D0"),
    (7, "D7"),
    (14, "D14"),
    (28, "D28"),
    (91, "M3"),
    (183, "M6"),
    (274, "M9"),
    (365, "Y1"),
    (730, "Y2"),
    (1096, "Y3"),
    (1461, "Y4"),
    (1826, "Y5"),
    (2557, "Y7"),
    (3652, "Y10"),
    (5479, "Y15"),
)
LEGEND = ("completed", "due", "overdue", "upcoming", "missed", "cancelled", "unscheduled")


def axis_fraction(day: float) -> float:
    """Where study day `day` sits on the axis, 0..1 (clamped)."""
    days = [b[0] for b in BREAKS]
    if day <= 0:
        return 0.0
    if day >= days[-1]:
        return 1.0
    i = bisect_right(days, day) - 1
    (d0, f0), (d1, f1) = BREAKS[i], BREAKS[i + 1]
    return f0 + (f1 - f0) * (day - d0) / (d1 - d0)


class Timeline(QWidget):
    """Custom-painted visit timeline; click a mark to select its visit (`visit_clicked`)."""

    visit_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Visit timeline"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.visits: tuple[VisitRow, ...] = ()
        self.unscheduled: tuple[VisitRow, ...] = ()
        self.infusion: dt.date | None = None
        self.today: dt.date | None = None
        self.selected: str | None = None
        self._marks: list[tuple[QPointF, VisitRow]] = []

    def set_schedule(self, view: SubjectScheduleView, today: dt.date) -> None:
        self.today = today
        self.infusion = view.infusion_date
        current = [v for v in view.visits if v.infusion_date == view.infusion_date]
        self.visits = tuple(current)
        self.unscheduled = tuple(view.unscheduled)
        counts: dict[str, int] = {}
        for v in current:
            counts[v.status] = counts.get(v.status, 0) + 1
        summary = ", ".join(f"{label('visit_status', s)}: {n}" for s, n in counts.items())
        self.setAccessibleDescription(self.tr("{0} visits. {1}").format(len(current), summary))
        self.update()

    def select(self, code: str | None) -> None:
        self.selected = code
        self.update()

    # -- geometry -----------------------------------------------------------------

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        line = self._metrics().height()
        return QSize(800, int(line * 7.4))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(300, self.sizeHint().height())

    def _x(self, day: dt.date) -> float:
        assert self.infusion is not None
        margin = self._margin()
        width = self.width() - 2 * margin
        return margin + width * axis_fraction((day - self.infusion).days)

    def _margin(self) -> float:
        return self._metrics().horizontalAdvance("Y15") * 0.8 + 4

    # -- painting -----------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self._metrics()
        line = fm.height()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text_colour = pal.color(QPalette.ColorRole.Text)
        faint = pal.color(QPalette.ColorRole.PlaceholderText)
        self._marks = []
        if self.infusion is None:
            painter.setPen(faint)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No infusion recorded: no plan"))
            return
        today_y = fm.ascent() + 1
        axis_y = line * 2.3
        band_y = axis_y + line * 0.3
        band_h = line * 0.9
        mark_y = band_y + band_h / 2
        radius = line * 0.38
        code_y = band_y + band_h + line * 0.15

        # The axis and its ticks (labels skipped where they would overlap).
        margin = self._margin()
        painter.setPen(QPen(faint, 1))
        painter.drawLine(QPointF(margin, axis_y), QPointF(self.width() - margin, axis_y))
        last_right = -1e9
        for day, name in TICKS:
            x = self._x(self.infusion + dt.timedelta(days=day))
            painter.setPen(QPen(faint, 1))
            painter.drawLine(QPointF(x, axis_y - 3), QPointF(x, axis_y + 3))
            width = fm.horizontalAdvance(name)
            if x - width / 2 > last_right + 4:
                painter.setPen(text_colour)
                painter.drawText(QPointF(x - width / 2, axis_y - 5), name)
                last_right = x + width / 2

        # Windows as bands, then today, then the marks on top.
        for v in self.visits:
            if v.window_start is None or v.window_end is None:
                continue
            x0, x1 = self._x(v.window_start), self._x(v.window_end)
            colour = QColor(look.mark_colour(look.status_colour(v.status), pal))
            colour.setAlphaF(0.28)
            painter.fillRect(QRectF(x0, band_y, max(x1 - x0, 2.0), band_h), colour)
        if self.today is not None:
            x = self._x(self.today)
            highlight = pal.color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(highlight, 2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, today_y + 3), QPointF(x, band_y + band_h + 2))
            word = self.tr("Today {0}").format(self.today.isoformat())
            width = fm.horizontalAdvance(word)
            tx = min(max(x - width / 2, 0), self.width() - width)
            painter.setPen(highlight)
            painter.drawText(QPointF(tx, today_y), word)
        last_label_right = [-1e9, -1e9]
        for v in self.visits:
            when = v.actual_date if v.status == "completed" and v.actual_date else v.nominal_date
            centre = QPointF(self._x(when), mark_y)
            look.paint_mark(painter, v.status, centre, radius, pal)
            self._marks.append((centre, v))
            if v.code == self.selected:
                painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawEllipse(centre, radius * 1.7, radius * 1.7)
            # Codes on two rows, skipped where they would overlap.
            code = v.code or ""  # planned visits have one
            width = fm.horizontalAdvance(code)
            left = centre.x() - width / 2
            for row in (0, 1):
                if left > last_label_right[row] + 3:
                    painter.setPen(text_colour)
                    painter.drawText(QPointF(left, code_y + fm.ascent() + row * line), code)
                    last_label_right[row] = left + width
                    break
        for u in self.unscheduled:
            centre = QPointF(self._x(u.nominal_date), axis_y)  # an unscheduled visit's date
            look.paint_mark(painter, "unscheduled", centre, radius * 0.7, pal)
            self._marks.append((centre, u))

        # Legend: mark + word, so no status depends on its colour.
        x = margin
        y = self.height() - line * 0.75
        for status in LEGEND:
            look.paint_mark(painter, status, QPointF(x + radius, y), radius * 0.9, pal)
            word = label("visit_status", status)
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + radius * 2 + 4, y + fm.ascent() / 2 - 1), word)
            x += radius * 2 + 4 + fm.horizontalAdvance(word) + line
        painter.end()

    # -- interaction ---------------------------------------------------------------

    def _visit_at(self, pos: QPointF) -> VisitRow | None:
        best, best_d = None, (self._metrics().height() * 0.8) ** 2
        for centre, visit in self._marks:
            d = (centre.x() - pos.x()) ** 2 + (centre.y() - pos.y()) ** 2
            if d <= best_d:
                best, best_d = visit, d
        return best

    def describe(self, visit: VisitRow) -> str:
        if visit.code is None:
            return self.tr("Unscheduled visit on {0} ({1})").format(
                visit.nominal_date.isoformat(), label("mode", visit.actual_mode)  # its date
            )
        status = label("visit_status", visit.status)
        if visit.cause:
            status += f" ({label('cause', visit.cause)})"
        text = self.tr("{0}: {1}\nWindow {2} (nominal {3})").format(
            visit.code, status, window_text(visit.window_start, visit.window_end), visit.nominal_date.isoformat()
        )
        if visit.actual_date:
            text += "\n" + self.tr("Done on {0}").format(visit.actual_date.isoformat())
            if visit.out_of_window:
                text += " " + self.tr("(out of window)")
        return text

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)  # what a ToolTip event is
            visit = self._visit_at(QPointF(help_event.pos()))
            if visit is not None:
                QToolTip.showText(help_event.globalPos(), self.describe(visit), self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        visit = self._visit_at(event.position())
        if visit is not None and visit.code is not None:
            self.select(visit.code)
            self.visit_clicked.emit(visit.code)
        super().mousePressEvent(event)
