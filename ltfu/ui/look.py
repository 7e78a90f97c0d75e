"""Colours, status marks and badges: never colour alone, readable light or dark.

Every status has a colour, a shape and a word. Table rows get a light tint of the
status colour blended into the palette's base colour, so the palette's own text
colour stays readable on it in light and dark themes; marks (icons, timeline) use
the full colour with a shape that tells the status without it.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QApplication, QLabel, QSizePolicy, QWidget

# Mid-saturation colours that read on white and on near-black (contrast >= 3:1 on both
# for marks; text is never drawn in them).
STATUS_COLOURS = {
    "overdue": "#d32f2f",
    "due": "#e68a00",
    "upcoming": "#1e88e5",
    "completed": "#2e7d32",
    "missed": "#8e24aa",
    "cancelled": "#808080",
    "unscheduled": "#00897b",
}
SUBJECT_STATUS_COLOURS = {
    "active": "#2e7d32",
    "completed": "#1e88e5",
    "withdrawn": "#e68a00",
    "lost_to_follow_up": "#8e24aa",
    "dead": "#606060",
}
ALERT_COLOUR = "#d32f2f"
WARNING_COLOUR = "#e68a00"


def palette() -> QPalette:
    return QApplication.palette()


def is_dark(pal: QPalette | None = None) -> bool:
    pal = pal or palette()
    return pal.color(QPalette.ColorRole.Window).lightness() < 128


def mark_colour(name: str, pal: QPalette | None = None) -> QColor:
    """The full colour for a mark, a little lighter on a dark theme."""
    colour = QColor(name)
    return colour.lighter(135) if is_dark(pal) else colour


def blend(base: QColor, colour: QColor, amount: float) -> QColor:
    return QColor.fromRgbF(
        base.redF() + (colour.redF() - base.redF()) * amount,
        base.greenF() + (colour.greenF() - base.greenF()) * amount,
        base.blueF() + (colour.blueF() - base.blueF()) * amount,
    )


def tint(name: str, pal: QPalette | None = None) -> QColor:
    """A row background for a status: the base colour with a little of the status colour."""
    pal = pal or palette()
    base = pal.color(QPalette.ColorRole.Base)
    return blend(base, QColor(name), 0.30 if is_dark(pal) else 0.16)


@cache
def _tint_brush(status: str, base: str, dark: bool) -> QBrush:
    return QBrush(tint(status_colour(status)))


def tint_brush(status: str) -> QBrush:
    """The row background of a status (cached: asked for on every paint)."""
    pal = palette()
    return _tint_brush(status, pal.color(QPalette.ColorRole.Base).name(), is_dark(pal))


def status_colour(status: str) -> str:
    return STATUS_COLOURS.get(status, STATUS_COLOURS["cancelled"])


# -- status marks (shape + colour) ----------------------------------------------------


def _round_pen(colour: QColor, width: float) -> QPen:
    pen = QPen(colour, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def paint_mark(painter: QPainter, status: str, centre: QPointF, radius: float, pal: QPalette | None = None) -> None:
    """Draw the mark of a visit status: its shape says the status without the colour.

    overdue: triangle with "!"; due: filled circle; upcoming: hollow circle;
    completed: check mark in a circle; missed: cross; cancelled: slashed circle;
    unscheduled: diamond.
    """
    pal = pal or palette()
    colour = mark_colour(status_colour(status), pal)
    outline = pal.color(QPalette.ColorRole.Base)
    r = radius
    x, y = centre.x(), centre.y()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    thin = _round_pen(colour, max(1.0, r / 4))
    if status == "overdue":
        triangle = QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r * 0.8), QPointF(x - r, y + r * 0.8)])
        painter.setPen(QPen(outline, 1))
        painter.setBrush(colour)
        painter.drawPolygon(triangle)
        painter.setPen(QPen(outline, max(1.0, r / 4)))
        painter.drawLine(QPointF(x, y - r * 0.35), QPointF(x, y + r * 0.2))
        painter.drawPoint(QPointF(x, y + r * 0.5))
    elif status == "due":
        painter.setPen(QPen(outline, 1))
        painter.setBrush(colour)
        painter.drawEllipse(centre, r, r)
    elif status == "upcoming":
        painter.setPen(thin)
        painter.setBrush(outline)
        painter.drawEllipse(centre, r * 0.85, r * 0.85)
    elif status == "completed":
        painter.setPen(QPen(outline, 1))
        painter.setBrush(colour)
        painter.drawEllipse(centre, r, r)
        path = QPainterPath(QPointF(x - r * 0.5, y))
        path.lineTo(x - r * 0.1, y + r * 0.4)
        path.lineTo(x + r * 0.55, y - r * 0.4)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(_round_pen(outline, max(1.2, r / 3.5)))
        painter.drawPath(path)
    elif status == "missed":
        painter.setPen(_round_pen(colour, max(1.5, r / 2.5)))
        painter.drawLine(QPointF(x - r * 0.75, y - r * 0.75), QPointF(x + r * 0.75, y + r * 0.75))
        painter.drawLine(QPointF(x - r * 0.75, y + r * 0.75), QPointF(x + r * 0.75, y - r * 0.75))
    elif status == "unscheduled":
        diamond = QPolygonF([QPointF(x, y - r), QPointF(x + r, y), QPointF(x, y + r), QPointF(x - r, y)])
        painter.setPen(QPen(outline, 1))
        painter.setBrush(colour)
        painter.drawPolygon(diamond)
    else:  # cancelled
        painter.setPen(thin)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r * 0.8, r * 0.8)
        painter.drawLine(QPointF(x - r * 0.55, y + r * 0.55), QPointF(x + r * 0.55, y - r * 0.55))
    painter.restore()


@cache
def _icon(status: str, dark: bool) -> QIcon:
    icon = QIcon()
    for size in (16, 24, 32):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        paint_mark(painter, status, QPointF(size / 2, size / 2), size * 0.42)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


def status_icon(status: str) -> QIcon:
    return _icon(status, is_dark())


def clear_cache() -> None:
    """After a palette change (light <-> dark)."""
    _icon.cache_clear()
    _tint_brush.cache_clear()


# -- badges ---------------------------------------------------------------------------


class Badge(QLabel):
    """A word on a coloured pill: the word carries the meaning, the colour helps.

    Sized by the font (no pixel font sizes), so it scales with the display.
    """

    def __init__(self, text: str = "", colour: str = "#808080", tooltip: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set(text, colour, tooltip)

    def set(self, text: str, colour: str, tooltip: str = "") -> None:
        self.setText(text)
        self.setToolTip(tooltip or text)
        self.setAccessibleName(text)
        self.setAccessibleDescription(tooltip or text)
        pal = palette()
        background = tint(colour, pal)
        border = mark_colour(colour, pal)
        text_colour = pal.color(QPalette.ColorRole.Text)
        self.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {text_colour.name()}; "
            f"border: 2px solid {border.name()}; border-radius: 0.6em; padding: 0.15em 0.6em; "
            "font-weight: bold; }"
        )
        self.setVisible(bool(text))

    def set_if(self, shown: bool, text: str, colour: str, tooltip: str = "") -> None:
        """`set` when `shown`, else hide the badge (no text)."""
        self.set(text if shown else "", colour, tooltip if shown else "")
