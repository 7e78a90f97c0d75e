"""A subject's results: a line chart per analyte (QtCharts) over a table of the values.

B cells show the aplasia threshold as a dashed line, IgG its replacement threshold;
CAR-T copies and CAR+ cells use a log axis (expansion spans orders of magnitude).
Values below the limit of quantification are plotted at the limit as hollow marks,
never as zero. RCL and HAMA are categories: table only.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QLogValueAxis,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QSplitter, QVBoxLayout, QWidget

from ltfu import vocabulary
from ltfu.ui import look
from ltfu.ui.labels import label
from ltfu.ui.models import ResultsModel
from ltfu.ui.widgets import TableView, hbox, labelled_combo, wrapped_label

if TYPE_CHECKING:
    from ltfu.services.browse import ResultRow, SubjectHeader

# From each analyte's declaration (`ltfu.vocabulary`): which use a log axis, and the
# order of the list (the categorical ones, table only, come last by name).
LOG_ANALYTES = tuple(a.code for a in vocabulary.ANALYTE_DECLARATIONS if a.log_scale)
PREFERRED = tuple(
    a.code for a in sorted(vocabulary.ANALYTE_DECLARATIONS, key=lambda a: a.chart_rank) if not a.categorical
)
LINE_COLOUR = "#1e88e5"
THRESHOLD_COLOUR = "#d32f2f"


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _ms(day: dt.date) -> float:
    return float(QDateTime(_qdate(day), QTime(12, 0)).toMSecsSinceEpoch())


class ResultsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results: tuple[ResultRow, ...] = ()
        self.header: SubjectHeader | None = None
        analyte_label, self.analyte = labelled_combo(self.tr("&Analyte:"), self.tr("Analyte"))
        self.analyte.setToolTip(self.tr("Which laboratory value to chart"))
        # Its items change with each subject: its width follows them, or a long name is cut.
        self.analyte.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.note = wrapped_label()
        self.chart, self.chart_view = new_chart(self, self.tr("Results chart"))
        self.model = ResultsModel(self)
        self.table = TableView("chart_results", self.tr("Results"), model=self.model)
        self.table.setSortingEnabled(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The chart first: squeezed, a log axis elides its labels ("1…") and its title.
        splitter.setSizes([3000, 2000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(hbox(analyte_label, self.analyte, self.note, stretch_at=3))
        layout.addWidget(splitter, 1)
        self.analyte.currentIndexChanged.connect(self._show_analyte)

    def set_results(self, results: tuple[ResultRow, ...], header: SubjectHeader) -> None:
        self.results, self.header = results, header
        present = {r.analyte for r in results}
        ordered = [a for a in PREFERRED if a in present] + sorted(present - set(PREFERRED))
        current = self.analyte.currentData()
        self.analyte.blockSignals(True)
        self.analyte.clear()
        for analyte in ordered:
            count = sum(1 for r in results if r.analyte == analyte)
            self.analyte.addItem(f"{label('analyte', analyte)} ({count})", analyte)
        index = self.analyte.findData(current) if current else -1
        self.analyte.setCurrentIndex(index if index >= 0 else 0)
        self.analyte.blockSignals(False)
        self._show_analyte()

    def current_analyte(self) -> str | None:
        return self.analyte.currentData()

    def _show_analyte(self) -> None:
        analyte = self.current_analyte()
        rows = [r for r in self.results if r.analyte == analyte]
        self.model.set_rows(rows)
        # A handful of rows whose widths change with the analyte: fit them each time.
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self._draw(analyte, rows)

    def _draw(self, analyte: str | None, rows: list[ResultRow]) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        dark = look.is_dark(self.palette())
        chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
        chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        if analyte is None:
            chart.setTitle(self.tr("No results recorded"))
            self.note.setText("")
            return
        unit = rows[0].unit if rows else ""
        name = label("analyte", analyte)
        chart.setTitle(f"{name} ({unit})" if unit else name)
        if analyte in vocabulary.CATEGORICAL_ANALYTES:
            self.note.setText(self.tr("{0} results are categories (negative, positive …): see the table.").format(name))
            return
        log_axis = analyte in LOG_ANALYTES
        points = [r for r in rows if r.value is not None and (r.value > 0 or not log_axis)]
        measured = QLineSeries()
        measured.setName(self.tr("measured"))
        colour = look.mark_colour(LINE_COLOUR, self.palette())
        measured.setPen(QPen(colour, 2))
        dots = QScatterSeries()
        dots.setName(self.tr("value"))
        dots.setMarkerSize(self.fontMetrics().height() * 0.55)
        dots.setColor(colour)
        dots.setBorderColor(colour)
        blq = QScatterSeries()
        blq.setName(self.tr("below LLOQ (plotted at the limit)"))
        blq.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
        blq.setMarkerSize(self.fontMetrics().height() * 0.6)
        blq.setColor(QColor(0, 0, 0, 0))
        blq.setBorderColor(colour)
        for r in points:
            x, y = _ms(r.date), r.value or 0.0  # `points` have a value
            measured.append(x, y)
            (blq if r.blq else dots).append(x, y)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("yyyy-MM")
        y_axis: Any
        if log_axis:
            y_axis = make_log_axis(self.palette())
        else:
            y_axis = QValueAxis()
            y_axis.setLabelFormat("%g")
        y_axis.setTitleText(unit)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series = [measured, dots]
        if blq.count():
            series.append(blq)
        threshold, threshold_name = self._threshold(analyte)
        if threshold is not None and points:
            line = QLineSeries()
            line.setName(threshold_name)
            pen = QPen(look.mark_colour(THRESHOLD_COLOUR, self.palette()), 2, Qt.PenStyle.DashLine)
            line.setPen(pen)
            first, last = min(r.date for r in points), max(r.date for r in points)
            line.append(_ms(first), threshold)
            line.append(_ms(last), threshold)
            series.append(line)
        for s in series:
            chart.addSeries(s)
            s.attachAxis(x_axis)
            s.attachAxis(y_axis)
        # The line and its dots are one thing in the legend.
        for marker in chart.legend().markers(dots):
            marker.setVisible(False)
        if points:
            values = [r.value for r in points if r.value is not None] + ([threshold] if threshold is not None else [])
            if log_axis:
                y_axis.setRange(*log_range(values))
            else:
                y_axis.setRange(0, max(values) * 1.1 or 1)
                y_axis.applyNiceNumbers()
            first, last = min(r.date for r in points), max(r.date for r in points)
            span = (last - first).days
            x_axis.setFormat("yyyy-MM-dd" if span < 240 else "yyyy-MM")
            pad = max(span // 30, 7)
            x_axis.setRange(
                QDateTime(_qdate(first - dt.timedelta(days=pad)), QTime(0, 0)),
                QDateTime(_qdate(last + dt.timedelta(days=pad)), QTime(0, 0)),
            )
        skipped = len(rows) - len(points)
        note = ""
        if skipped:
            note = self.tr("{0} value(s) of zero cannot be shown on the log scale.").format(skipped)
        self.note.setText(note)
        self.chart_view.setAccessibleDescription(
            self.tr("{0}: {1} values from {2} to {3}").format(
                name,
                len(points),
                points[0].date.isoformat() if points else "",
                points[-1].date.isoformat() if points else "",
            )
        )

    def _threshold(self, analyte: str) -> tuple[float | None, str]:
        if self.header is None:
            return None, ""
        if analyte == "cd19_b_cells":
            value = self.header.b_cell_threshold
            return value, self.tr("B-cell aplasia below {0:g} cells/µL").format(value)
        if analyte == "igg":
            value = self.header.igg_threshold
            return value, self.tr("IgG replacement below {0:g} g/L").format(value)
        return None, ""


def new_chart(owner: QWidget, accessible_name: str) -> tuple[QChart, QChartView]:
    """An empty chart (legend below) in an antialiased view at least 14 lines high."""
    chart = QChart()
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(accessible_name)
    view.setMinimumHeight(owner.fontMetrics().height() * 14)
    return chart, view


def make_log_axis(palette: QPalette) -> QLogValueAxis:
    """A base-10 log value axis with faint minor grid lines (expansion spans decades)."""
    axis = QLogValueAxis()
    axis.setBase(10)
    axis.setLabelFormat("%g")
    axis.setMinorTickCount(-1)
    faint = QColor(palette.color(QPalette.ColorRole.Mid))
    faint.setAlphaF(0.35)
    axis.setMinorGridLineColor(faint)
    return axis


def log_range(values: Iterable[float]) -> tuple[float, float]:
    """Whole decades around the positive `values`: a decade below the lowest, so a
    point at the limit of quantification is not on the edge."""
    positive = [v for v in values if v > 0]
    low, high = min(positive), max(positive)
    return 10 ** _floor_log(low * 0.999), 10 ** (_floor_log(high) + 1)


def _floor_log(value: float) -> int:
    return math.floor(math.log10(value))
