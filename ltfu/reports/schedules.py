"""Printed schedules: a subject's plan to year 15 with a wallet card, and the site calendar.

The subject schedule is a table of every planned visit (the header row repeats on each
page; a status is always a word, the row colour only repeats it) followed by one page
with a credit-card-sized wallet card: the next visits and the site's phone. The site
calendar lists the clinic's visits week by week, by study id only (no names).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, NamedTuple

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ltfu.reports.base import GREY, RULE, Job, Renderer
from ltfu.reports.content import CalendarEntry, CalendarWeek, ScheduleRow, SiteCalendar, SubjectSchedule
from ltfu.reports.dates import format_date, format_date_short, format_range_short
from ltfu.reports.fonts import fit_text, markup, runs, text_width
from ltfu.reports.layout import TextWriter, break_lines, fit_columns
from ltfu.vocabulary import LANGUAGE

# Row tints repeat the status word for a quick look; never the only signal.
_STATUS_FILL = {
    "due": colors.Color(1.0, 0.95, 0.75),
    "overdue": colors.Color(1.0, 0.86, 0.86),
    "completed": colors.Color(0.88, 0.96, 0.88),
    "missed": colors.Color(0.92, 0.92, 0.92),
    "cancelled": colors.Color(0.92, 0.92, 0.92),
}
_HEADER_FILL = colors.Color(0.85, 0.88, 0.92)
#: Statuses of visits still to be done, shown on the wallet card.
_OPEN = ("upcoming", "due", "overdue")


def _cell(job: Job, text: str, style: str = "cell") -> Paragraph:
    return Paragraph(markup(text, job.styles[style].fontName), job.styles[style])


#: Left plus right padding of a table cell (`_table_style`), and a point of slack for rounding.
_CELL_PADDING = 3 * mm + 1


def _plain(job: Job, text: str, font: str, width: float) -> str | Paragraph:
    """A table cell of `width` in the "cell" size: plain text, broken into the lines that fit
    inside its padding, for the table to draw in `font` (its FONTNAME); a Paragraph where
    the text needs a second font (characters `font` lacks)."""
    if runs(text, font) != ((font, text),):
        return _cell(job, text, "cell_bold" if font == job.bold else "cell")
    return "\n".join(break_lines(text, font, job.styles["cell"].fontSize, width - _CELL_PADDING + 1))  # the padding only


class _Grid(Table):
    """A table whose plain-text cells (`_plain`) are written through one text object per
    drawn piece of the table (`TextWriter`), each distinct text's operators made once per
    document, instead of one text object per cell."""

    _writer: TextWriter | None = None
    _color: Any = None

    def draw(self):
        with TextWriter(self.canv) as writer:
            self._writer, self._color = writer, None
            try:
                super().draw()
            finally:
                self._writer = None

    def _drawCell(self, cellval, cellstyle, pos, size):  # noqa: N802 - reportlab's name
        writer = self._writer
        if writer is None or not isinstance(cellval, str):
            return super()._drawCell(cellval, cellstyle, pos, size)
        # Where reportlab puts a string cell (left aligned, top): the first baseline a font
        # size below the top padding, each further line a leading lower.
        x = pos[0] + cellstyle.leftPadding
        y = pos[1] + size[1] - cellstyle.topPadding - cellstyle.fontsize
        if cellstyle.color is not self._color:  # one colour for all of them, in practice
            writer.fill(cellstyle.color)
            self._color = cellstyle.color
        writer.lines(x, y, tuple(cellval.split("\n")), cellstyle.fontname, cellstyle.fontsize, cellstyle.leading)
        return None


def _widths(millimetres: tuple[float, ...], total: float, need: Sequence[float] | None = None) -> list[float]:
    """Column widths in the proportions of `millimetres`, scaled to `total`, none narrower than its `need`."""
    return fit_columns(millimetres, total, need or [0.0] * len(millimetres))


def _whole(job: Job, cells: Sequence[Sequence[str]], columns: Sequence[int], count: int) -> list[float]:
    """The width each of `columns` needs so that none of its texts breaks (a date never
    breaks inside, "日" never alone on a line); 0 for the other columns."""
    size = job.styles["cell"].fontSize
    need = [0.0] * count
    for column in columns:
        texts = {line[column] for line in cells}
        widest = max((text_width(text, font, size) for text in texts for font in (job.font, job.bold)), default=0.0)
        need[column] = widest + _CELL_PADDING
    return need


def _table_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
        *extra,
    ])


class ScheduleRenderer(Renderer):
    """Renders a `SubjectSchedule`: the table pages, then the wallet card page."""

    document_title = "Visit schedule"
    #: Column widths of the visit table in mm (scaled to the text width), per language:
    #: visit, planned, window, how, what, status, done on.
    columns = {"latin": (12, 21, 35, 23, 34, 24, 21), "cjk": (10, 23, 39, 17, 44, 14, 23)}  # by script
    whole_columns = (0, 1, 2, 3, 6)
    """Columns never broken inside (visit, dates, how): widened to their widest text."""
    card_width = 85.6 * mm
    card_height = 54 * mm

    def language(self, content: SubjectSchedule) -> str:
        return content.language

    def running_title(self, job: Job) -> str:
        schedule: SubjectSchedule = job.content
        return f"{job.texts.text('schedule', 'title')} · {schedule.study_id}"

    def footer_note(self, job: Job) -> str:
        return job.texts.text("schedule", "footer", **self._values(job))

    def _values(self, job: Job) -> dict[str, str]:
        schedule: SubjectSchedule = job.content
        return {
            "study_id": schedule.study_id,
            "infusion_date": format_date(schedule.infusion_date, schedule.language),
            "protocol_title": schedule.protocol_title,
            "today": format_date(schedule.today, schedule.language),
        }

    def story(self, job: Job) -> list[Flowable]:
        schedule: SubjectSchedule = job.content
        texts = job.texts
        values = self._values(job)
        story: list[Flowable] = [
            _cell(job, texts.text("schedule", "title"), "title"),
            _cell(job, texts.text("schedule", "subtitle", **values), "small"),
            Spacer(0, 1.5 * mm),
            _cell(job, texts.text("schedule", "intro", **values), "small"),
            Spacer(0, 3 * mm),
        ]
        story.append(self._visit_table(job, schedule.rows))
        used = list(dict.fromkeys(code for row in schedule.rows for code in row.assessments))
        if used:
            story.append(_cell(job, texts.text("schedule", "legend"), "heading"))
            legend = [[_cell(job, code, "cell_bold"), _cell(job, texts.assessment_name(code))] for code in used]
            half = (len(legend) + 1) // 2
            left, right = legend[:half], legend[half:] + [["", ""]] * (2 * half - len(legend))
            width = self.text_width / 2
            table = Table([a + b for a, b in zip(left, right, strict=True)],
                          colWidths=(0.18 * width, 0.82 * width) * 2, hAlign="LEFT")
            table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                       ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm),
                                       ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm)]))
            story.append(table)
        story += [NextPageTemplate("later"), PageBreak()]
        story.append(_cell(job, texts.text("card", "page_title"), "title"))
        story.append(_cell(job, texts.text("card", "instructions"), "small"))
        story.append(Spacer(0, 8 * mm))
        story.append(WalletCard(self, job, self.card_rows(schedule)))
        return story

    def _visit_table(self, job: Job, rows: tuple[ScheduleRow, ...]) -> Table:
        texts = job.texts
        language = job.texts.language
        header = [_cell(job, texts.text("schedule", key), "cell_bold")
                  for key in ("visit", "planned", "window", "mode", "assessments", "status", "done")]
        cells = [
            [
                row.code,
                format_date_short(row.nominal_date, language),
                format_range_short(row.window_start, row.window_end, language),
                texts.text("modes", row.mode),
                ", ".join(row.assessments),
                texts.status_word(row.status, row.cause),
                format_date_short(row.actual_date, language) if row.actual_date else "",
            ]
            for row in rows
        ]
        data = [header]
        extra = []
        for number, (row, line) in enumerate(zip(rows, cells, strict=True), start=1):
            styles = ("cell_bold", "cell", "cell", "cell", "cell",
                      "cell_bold" if row.status in ("due", "overdue") else "cell", "cell")
            data.append([_cell(job, text, style) for text, style in zip(line, styles, strict=True)])
            if row.status in _STATUS_FILL:
                extra.append(("BACKGROUND", (0, number), (-1, number), _STATUS_FILL[row.status]))
        columns = self.columns[LANGUAGE[language].script]
        widths = _widths(columns, self.text_width, _whole(job, cells, self.whole_columns, len(columns)))
        table = Table(data, colWidths=widths, repeatRows=1)
        table.setStyle(_table_style(extra))
        return table

    def card_rows(self, schedule: SubjectSchedule) -> tuple[ScheduleRow, ...]:
        """The visits the wallet card lists: still to be done, window not yet over, soonest first."""
        coming = [row for row in schedule.rows if row.status in _OPEN and row.window_end >= schedule.today]
        coming.sort(key=lambda row: (row.window_start, row.nominal_date))
        return tuple(coming[: schedule.card_visits])


class CardLine(NamedTuple):
    """One line of text on the wallet card, placed in its box: `room` is the box's width."""

    x: float
    y: float
    text: str
    font: str
    size: float
    room: float
    fill: Any = colors.black


class WalletCard(Flowable):
    """Front and back of a credit-card-sized card side by side, to cut out and fold.

    On the back each visit's label, window and mode sit in columns as wide as their
    widest text, so the window (the line the patient needs most) gets the rest of the
    width whole; it is set smaller before it would ever be cut.
    """

    label_size, mode_size = 7.0, 6.5
    window_sizes = (7.5, 7.0, 6.5, 6.0, 5.5)
    gap = 2 * mm

    def __init__(self, renderer: ScheduleRenderer, job: Job, rows: tuple[ScheduleRow, ...]):
        super().__init__()
        self.renderer, self.job, self.rows = renderer, job, rows
        self.width = 2 * renderer.card_width
        self.height = renderer.card_height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def lines(self) -> list[CardLine]:
        """Every line of both sides, in card coordinates (front at x 0, back at x card width)."""
        r, job = self.renderer, self.job
        texts, font, bold = job.texts, job.font, job.bold
        schedule: SubjectSchedule = job.content
        language = schedule.language
        w, h = r.card_width, r.card_height
        pad = 4 * mm
        room = w - 2 * pad

        def fitted(x: float, y: float, text: str, face: str, size: float, width: float, fill=colors.black):
            return CardLine(x, y, fit_text(text, face, size, width), face, size, width, fill)

        # Front: who to call.
        printed = texts.text("card", "printed", study_id=schedule.study_id,
                             today=format_date_short(schedule.today, language), site_phone=schedule.site.phone)
        y = h - pad - 9
        lines = [
            fitted(pad, y, texts.text("card", "title"), bold, 11.5, room),
            fitted(pad, y - 5.5 * mm, schedule.site.site_name, font, 8, room, GREY),
            fitted(pad, y - 12.5 * mm, texts.text("card", "study"), font, 7, room, GREY),
            fitted(pad, y - 16.5 * mm, schedule.study_id, bold, 10, room),
            fitted(pad, y - 23.5 * mm, texts.text("card", "call"), font, 7, room, GREY),
            fitted(pad, y - 28.5 * mm, schedule.site.phone, bold, 12, room),
            fitted(pad, pad - 1 * mm, printed, font, 6, room, GREY),
        ]

        # Back: the next visits.
        x = w + pad
        y = h - pad - 8
        lines.append(fitted(x, y, texts.text("card", "next"), bold, 9, room))
        y -= 5.5 * mm
        if not self.rows:
            lines.append(fitted(x, y, texts.text("card", "none"), font, 7.5, room))
        labels = [texts.visit_label(row.code) for row in self.rows]
        windows = [format_range_short(row.window_start, row.window_end, language) for row in self.rows]
        modes = [texts.text("modes", row.mode) for row in self.rows]
        label_room = min(max((text_width(t, bold, self.label_size) for t in labels), default=0.0), 0.4 * room)
        mode_room = min(max((text_width(t, font, self.mode_size) for t in modes), default=0.0), 0.25 * room)
        window_room = room - label_room - mode_room - 2 * self.gap
        size = next((size for size in self.window_sizes
                     if all(text_width(t, font, size) <= window_room for t in windows)), self.window_sizes[-1])
        for label, window, mode in zip(labels, windows, modes, strict=True):
            lines += [
                fitted(x, y, label, bold, self.label_size, label_room),
                fitted(x + label_room + self.gap, y, window, font, size, window_room),
                fitted(x + room - mode_room, y, mode, font, self.mode_size, mode_room),
            ]
            y -= 5.6 * mm
        return lines

    def draw(self):
        canvas = self.canv
        w, h = self.renderer.card_width, self.renderer.card_height
        pad = 4 * mm
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        canvas.roundRect(0, 0, 2 * w, h, 3 * mm)
        canvas.setDash(2, 2)
        canvas.setStrokeColor(GREY)
        canvas.line(w, 0, w, h)
        canvas.setDash()
        with TextWriter(canvas) as writer:
            for line in self.lines():
                writer.fill(line.fill)
                writer.line(line.x, line.y, line.text, line.font, line.size)
        # A rule under each visit but the last (the rows start 13.5 mm below the top, 5.6 mm apart).
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        for number in range(len(self.rows) - 1):
            line_y = h - pad - 8 - 5.5 * mm - number * 5.6 * mm - 2 * mm
            canvas.line(w + pad, line_y, 2 * w - pad, line_y)


class CalendarRenderer(Renderer):
    """Renders a `SiteCalendar`: one section per week, study ids only."""

    document_title = "Visit calendar"
    #: Column widths in mm (scaled to the text width): study, visit, window, planned, how, status.
    columns = {"latin": (34, 17, 45, 29, 23, 22), "cjk": (34, 17, 45, 35, 20, 19)}  # by script
    whole_columns = (0, 1, 2, 3, 4)
    """Columns never broken inside (study, visit, dates, how): widened to their widest text."""

    keep_with_heading = 30 * mm
    """Room a week's heading needs below it (a few rows), or it starts on the next page."""

    def language(self, content: SiteCalendar) -> str:
        return content.language

    def running_title(self, job: Job) -> str:
        return f"{job.texts.text('calendar', 'title')} · {self._period(job)}"

    def footer_note(self, job: Job) -> str:
        calendar: SiteCalendar = job.content
        if calendar.data_cut is None:
            return ""
        return job.texts.text("calendar", "footer", **self._values(job, data_cut=format_date(
            calendar.data_cut, calendar.language)))

    def _values(self, job: Job, **values: str) -> dict[str, str]:
        calendar: SiteCalendar = job.content
        base = {"date_from": format_date(calendar.date_from, calendar.language),
                "date_to": format_date(calendar.date_to, calendar.language),
                "week_start": "", "week_end": "", "count": "", "data_cut": ""}
        return base | values

    def _period(self, job: Job) -> str:
        return job.texts.text("calendar", "period", **self._values(job))

    def story(self, job: Job) -> list[Flowable]:
        calendar: SiteCalendar = job.content
        texts = job.texts
        story: list[Flowable] = [
            _cell(job, texts.text("calendar", "title"), "title"),
            _cell(job, self._period(job), "body"),
            Spacer(0, 2 * mm),
        ]
        # One set of column widths for every week, wide enough for the widest dates of all.
        cells = [self._texts(job, entry) for week in calendar.weeks for entry in week.entries]
        columns = self.columns[LANGUAGE[calendar.language].script]
        widths = _widths(columns, self.text_width, _whole(job, cells, self.whole_columns, len(columns)))
        for week in calendar.weeks:
            story += self._week(job, week, widths)
        return story

    def _texts(self, job: Job, entry: CalendarEntry) -> list[str]:
        language = job.texts.language
        return [
            entry.study_id,
            entry.visit_code,
            format_range_short(entry.window_start, entry.window_end, language),
            format_date_short(entry.suggested_date, language, weekday=True),
            job.texts.text("modes", entry.mode),
            job.texts.status_word(entry.status),
        ]

    def _week(self, job: Job, week: CalendarWeek, widths: list[float]) -> list[Flowable]:
        texts, language = job.texts, job.texts.language
        values = self._values(
            job,
            week_start=format_date(week.week_start, language),
            week_end=format_date(week.week_start + timedelta(days=6), language),
            count=str(len(week.entries)),
        )
        heading = f"{texts.text('calendar', 'week', **values)} · {texts.text('calendar', 'count', **values)}"
        # The heading stays with the first rows (a long week's table still splits across pages).
        flowables: list[Flowable] = [CondPageBreak(self.keep_with_heading), _cell(job, heading, "week")]
        if not week.entries:
            flowables.append(_cell(job, texts.text("calendar", "empty"), "small"))
            return flowables
        header: list[Any] = [_cell(job, texts.text("calendar", key), "cell_bold")
                             for key in ("study", "visit", "window", "planned", "mode", "status")]
        cells = [self._texts(job, entry) for entry in week.entries]
        data = [header]
        cell = job.styles["cell"]
        # Body cells are plain text in the table's cell font (thousands of them: a Paragraph
        # each would be parsed and wrapped again and again): the study id and an overdue
        # status in bold, as their Paragraphs were.
        extra: list[tuple[Any, ...]] = [
            ("FONTNAME", (0, 1), (-1, -1), job.font),
            ("FONTNAME", (0, 1), (0, -1), job.bold),
            ("FONTSIZE", (0, 1), (-1, -1), cell.fontSize),
            ("LEADING", (0, 1), (-1, -1), cell.leading),
        ]
        for number, (entry, line) in enumerate(zip(week.entries, cells, strict=True), start=1):
            overdue = entry.status == "overdue"
            fonts = (job.bold, job.font, job.font, job.font, job.font, job.bold if overdue else job.font)
            data.append([_plain(job, text, font, width) for text, font, width in zip(line, fonts, widths, strict=True)])
            if overdue:
                extra.append(("FONTNAME", (5, number), (5, number), job.bold))
            if entry.status in _STATUS_FILL:
                extra.append(("BACKGROUND", (0, number), (-1, number), _STATUS_FILL[entry.status]))
        table = _Grid(data, colWidths=widths, repeatRows=1)
        table.setStyle(_table_style(extra))
        flowables.append(table)
        return flowables


def render_schedule(content: SubjectSchedule, texts_folder: Path | None = None) -> bytes:
    """A subject's schedule: the visit table (header repeated on each page), then the wallet card page."""
    return ScheduleRenderer(texts_folder).render(content)


def render_calendar(content: SiteCalendar, texts_folder: Path | None = None) -> bytes:
    """The site's visit calendar from `date_from` to `date_to`, one section per week."""
    return CalendarRenderer(texts_folder).render(content)
