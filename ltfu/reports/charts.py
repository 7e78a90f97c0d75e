"""Plots for the annual report, drawn with reportlab's own graphics (no matplotlib).

    km_chart(curve, ...)         a Kaplan-Meier step curve with its pointwise CI band,
                                 censoring ticks and the numbers at risk under the axis
    expansion_chart(chart, ...)  CAR-T expansion on a log axis, coloured by dose level

Both return a `reportlab.graphics.shapes.Drawing` (a flowable). They only draw the
numbers they are given. Colours are the Okabe-Ito palette (distinguishable with the
common colour-vision deficiencies); every line also has a printed label or legend.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from ltfu.reports.annual_content import ExpansionChart, KmCurve
from ltfu.reports.fonts import runs, text_width

PALETTE = (
    colors.HexColor("#0072B2"),  # blue
    colors.HexColor("#E69F00"),  # orange
    colors.HexColor("#009E73"),  # green
    colors.HexColor("#CC79A7"),  # purple
    colors.HexColor("#D55E00"),  # vermillion
    colors.HexColor("#56B4E9"),  # sky blue
    colors.HexColor("#000000"),
)
INK = colors.Color(0.15, 0.15, 0.15)
AXIS = colors.Color(0.35, 0.35, 0.35)
GRID = colors.Color(0.88, 0.88, 0.88)
DAYS_PER_MONTH = 365.25 / 12
#: Censoring ticks are drawn up to this many distinct censoring times (beyond, they
#: would only blacken the curve).
MAX_CENSOR_TICKS = 400


def dose_level_colour(index: int) -> colors.Color:
    return PALETTE[index % len(PALETTE)]


def _text(
    group: Group,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    anchor: str = "start",
    colour: colors.Color = INK,
) -> None:
    """One line of text; characters the font lacks are set in its fallback font."""
    width = text_width(text, font, size)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    for name, piece in runs(text, font):
        group.add(String(x, y, piece, fontName=name, fontSize=size, fillColor=colour))
        x += text_width(piece, name, size)


def _steps(times: Sequence[float], values: Sequence[float], sx, sy) -> list[float]:
    """Flat points of a right-continuous step function, at 0.1 pt resolution.

    Points that lie inside a straight horizontal or vertical run are dropped: a
    10,000-subject curve has thousands of steps, most of them closer together than
    the width of the line.
    """
    corners: list[tuple[float, float]] = []
    previous = None
    for t, v in zip(times, values, strict=True):
        x, y = round(sx(t), 1), round(sy(v), 1)
        if previous is not None:
            corners.append((x, previous))
        corners.append((x, y))
        previous = y
    kept: list[tuple[float, float]] = []
    for point in corners:
        if kept and point == kept[-1]:
            continue
        if len(kept) >= 2:
            (x0, y0), (x1, y1) = kept[-2], kept[-1]
            if (x0 == x1 == point[0]) or (y0 == y1 == point[1]):
                kept[-1] = point
                continue
        kept.append(point)
    return [c for point in kept for c in point]


def km_chart(
    curve: KmCurve,
    *,
    width: float,
    height: float,
    font: str,
    bold: str,
    y_label: str,
    x_label: str,
    at_risk_label: str,
    colour: colors.Color = PALETTE[0],
) -> Drawing:
    """A Kaplan-Meier plot: the estimate, its CI band, censoring ticks, and the
    numbers at risk printed under the x axis at the days they were counted."""
    drawing = Drawing(width, height)
    g = Group()
    drawing.add(g)
    left, right, top = 44.0, 12.0, 8.0
    bottom = 56.0  # room for tick labels, the axis title and the at-risk rows
    plot_w, plot_h = width - left - right, height - bottom - top
    x_max = max(curve.x_max_days, max(curve.times, default=0.0), 1.0)

    def sx(day: float) -> float:
        return left + min(day, x_max) / x_max * plot_w

    def sy(p: float) -> float:
        return bottom + max(0.0, min(1.0, p)) * plot_h

    # Grid and y axis (0-100 %).
    for k in range(5):
        p = k / 4
        y = sy(p)
        g.add(Line(left, y, left + plot_w, y, strokeColor=GRID, strokeWidth=0.4))
        _text(g, left - 4, y - 2.5, f"{k * 25}%", font, 7, "end", AXIS)
    tick_days = [day for day, _ in curve.at_risk] or [0.0, x_max]
    for day in tick_days:
        x = sx(day)
        g.add(Line(x, bottom, x, bottom - 3, strokeColor=AXIS, strokeWidth=0.5))
        _text(g, x, bottom - 11, f"{day / DAYS_PER_MONTH:.0f}", font, 7, "middle", AXIS)
    g.add(Line(left, bottom, left + plot_w, bottom, strokeColor=AXIS, strokeWidth=0.6))
    g.add(Line(left, bottom, left, bottom + plot_h, strokeColor=AXIS, strokeWidth=0.6))
    _text(g, left + plot_w / 2, bottom - 22, x_label, font, 7.5, "middle", INK)
    label = Group(transform=(0, 1, -1, 0, 11, bottom + plot_h / 2))
    _text(label, 0, 0, y_label, font, 7.5, "middle", INK)
    g.add(label)

    if curve.times:
        times, survival = list(curve.times), list(curve.survival)
        lower = [lo if math.isfinite(lo) else s for lo, s in zip(curve.lower, survival, strict=True)]
        upper = [hi if math.isfinite(hi) else s for hi, s in zip(curve.upper, survival, strict=True)]
        top_edge = _steps(times, upper, sx, sy)
        bottom_edge = _steps(times, lower, sx, sy)
        back = []
        for i in range(len(bottom_edge) - 2, -1, -2):
            back += [bottom_edge[i], bottom_edge[i + 1]]
        g.add(Polygon(top_edge + back, fillColor=colour, fillOpacity=0.16, strokeColor=None, strokeWidth=0))
        g.add(PolyLine(_steps(times, survival, sx, sy), strokeColor=colour, strokeWidth=1.3))
        if len(curve.censored) <= MAX_CENSOR_TICKS:
            index = 0
            for day in curve.censored:
                while index + 1 < len(times) and times[index + 1] <= day:
                    index += 1
                x, y = sx(day), sy(survival[index])
                g.add(Line(x, y - 2.2, x, y + 2.2, strokeColor=colour, strokeWidth=0.7))

    # Numbers at risk, under the axis title.
    _text(g, 2, 16, at_risk_label, bold, 7, "start", INK)
    for day, n in curve.at_risk:
        _text(g, sx(day), 5, f"{n}", font, 7, "middle", INK)
    return drawing


def _nice_log_range(values: Sequence[float]) -> tuple[int, int]:
    positive = [v for v in values if v > 0]
    if not positive:
        return 0, 1
    low = math.floor(math.log10(min(positive)))
    high = math.ceil(math.log10(max(positive)))
    return low, max(high, low + 1)


_DAY_TICKS = (0, 7, 14, 28, 91, 183, 365, 730, 1095, 1461, 1826, 2557, 3652, 5479)


def expansion_chart(
    chart: ExpansionChart,
    *,
    width: float,
    height: float,
    font: str,
    bold: str,
    x_label: str,
    y_label: str,
    blq_label: str,
) -> Drawing:
    """Values over study day, both on log axes (x as log10(day + 1)); values of 0
    (below the limit of quantification) on a separate BLQ row under the lowest decade.
    One line per series, coloured by dose level, with a legend."""
    drawing = Drawing(width, height)
    g = Group()
    drawing.add(g)
    left, right, top, bottom = 50.0, 12.0, 22.0, 34.0
    plot_w, plot_h = width - left - right, height - bottom - top
    all_values = [v for s in chart.series for v in s.values]
    low, high = _nice_log_range(all_values)
    decades = high - low
    blq_gap = 0.6  # of a decade, between the BLQ row and the lowest decade
    span = decades + blq_gap
    max_day = max((d for s in chart.series for d in s.days), default=28.0)
    x_max = math.log10(max(max_day, 28.0) + 1)

    def sx(day: float) -> float:
        return left + math.log10(max(day, 0.0) + 1) / x_max * plot_w

    def sy(value: float) -> float:
        if value <= 0:
            return bottom
        return bottom + (math.log10(value) - low + blq_gap) / span * plot_h

    for k in range(decades + 1):
        y = bottom + (k + blq_gap) / span * plot_h
        g.add(Line(left, y, left + plot_w, y, strokeColor=GRID, strokeWidth=0.4))
        exponent = low + k
        label = f"1e{exponent}" if not -3 <= exponent <= 6 else f"{10.0**exponent:,.{max(0, -exponent)}f}"
        _text(g, left - 4, y - 2.5, label, font, 7, "end", AXIS)
    g.add(Line(left, bottom, left + plot_w, bottom, strokeColor=GRID, strokeWidth=0.4, strokeDashArray=(2, 2)))
    _text(g, left - 4, bottom - 2.5, blq_label, font, 7, "end", AXIS)
    g.add(Line(left, bottom - 6, left + plot_w, bottom - 6, strokeColor=AXIS, strokeWidth=0.6))
    g.add(Line(left, bottom - 6, left, bottom + plot_h, strokeColor=AXIS, strokeWidth=0.6))
    last_right = -100.0
    for tick in _DAY_TICKS:
        if tick > max(max_day, 28.0):
            break
        x = sx(tick)
        g.add(Line(x, bottom - 6, x, bottom - 9, strokeColor=AXIS, strokeWidth=0.5))
        half = text_width(str(tick), font, 7) / 2
        if x - half >= last_right + 3:  # a label only where it does not touch the previous one
            _text(g, x, bottom - 17, str(tick), font, 7, "middle", AXIS)
            last_right = x + half
    _text(g, left + plot_w / 2, bottom - 28, x_label, font, 7.5, "middle", INK)
    label = Group(transform=(0, 1, -1, 0, 10, bottom + plot_h / 2))
    _text(label, 0, 0, y_label, font, 7.5, "middle", INK)
    g.add(label)

    colour_of = {level: dose_level_colour(i) for i, level in enumerate(chart.dose_levels)}
    median = chart.mode == "median"
    for series in chart.series:
        points: list[float] = []
        for day, value in zip(series.days, series.values, strict=True):
            points += [sx(day), sy(value)]
        colour = colour_of.get(series.dose_level, INK)
        if len(points) >= 4:
            g.add(
                PolyLine(
                    points,
                    strokeColor=colour,
                    strokeWidth=1.6 if median else 0.7,
                    strokeOpacity=1.0 if median else 0.85,
                )
            )
        if median or len(points) == 2:
            for i in range(0, len(points), 2):
                g.add(Circle(points[i], points[i + 1], 1.8, fillColor=colour, strokeColor=None))

    # Legend, above the plot.
    x = left
    y = height - 12
    for level in chart.dose_levels:
        g.add(Rect(x, y, 12, 3, fillColor=colour_of[level], strokeColor=None))
        _text(g, x + 15, y - 1, level, bold, 7.5, "start", INK)
        x += 15 + text_width(level, bold, 7.5) + 12
    return drawing
