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
from typing import Any

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
from ltfu.reports.content import CalendarWeek, ScheduleRow, SiteCalendar, SubjectSchedule
from ltfu.reports.dates import format_date, format_date_short, format_range_short
from ltfu.reports.fonts import fit_text, markup
from ltfu.reports.layout import TextWriter
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


def _widths(millimetres: tuple[float, ...], total: float) -> list[float]:
    scale = total / (sum(millimetres) * mm)
    return [width * mm * scale for width in millimetres]


def _table_style(extra: Sequence[tuple[Any, ...]] = ()) -> TableStyle:
    return TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("BOX", (0, 0), (-1, -1), 0.6, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.5 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 1 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
            *extra,
        ]
    )


class ScheduleRenderer(Renderer):
    """Renders a `SubjectSchedule`: the table pages, then the wallet card page."""

    document_title = "Visit schedule"
    #: Column widths of the visit table in mm (scaled to the text width), per language:
    #: visit, planned, window, how, what, status, done on.
    columns = {"latin": (12, 21, 35, 23, 34, 24, 21), "cjk": (10, 23, 39, 17, 44, 14, 23)}  # by script
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
            table = Table(
                [a + b for a, b in zip(left, right, strict=True)],
                colWidths=(0.18 * width, 0.82 * width) * 2,
                hAlign="LEFT",
            )
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("TOPPADDING", (0, 0), (-1, -1), 0.5 * mm),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5 * mm),
                        ("LEFTPADDING", (0, 0), (-1, -1), 1.5 * mm),
                    ]
                )
            )
            story.append(table)
        story += [NextPageTemplate("later"), PageBreak()]
        story.append(_cell(job, texts.text("card", "page_title"), "title"))
        story.append(_cell(job, texts.text("card", "instructions"), "small"))
        story.append(Spacer(0, 8 * mm))
        story.append(_WalletCard(self, job, self.card_rows(schedule)))
        return story

    def _visit_table(self, job: Job, rows: tuple[ScheduleRow, ...]) -> Table:
        texts = job.texts
        language = job.texts.language
        header = [
            _cell(job, texts.text("schedule", key), "cell_bold")
            for key in ("visit", "planned", "window", "mode", "assessments", "status", "done")
        ]
        data = [header]
        extra = []
        for number, row in enumerate(rows, start=1):
            status_style = "cell_bold" if row.status in ("due", "overdue") else "cell"
            data.append(
                [
                    _cell(job, row.code, "cell_bold"),
                    _cell(job, format_date_short(row.nominal_date, language)),
                    _cell(job, format_range_short(row.window_start, row.window_end, language)),
                    _cell(job, texts.text("modes", row.mode)),
                    _cell(job, ", ".join(row.assessments)),
                    _cell(job, texts.status_word(row.status, row.cause), status_style),
                    _cell(job, format_date_short(row.actual_date, language) if row.actual_date else ""),
                ]
            )
            if row.status in _STATUS_FILL:
                extra.append(("BACKGROUND", (0, number), (-1, number), _STATUS_FILL[row.status]))
        table = Table(data, colWidths=_widths(self.columns[LANGUAGE[language].script], self.text_width), repeatRows=1)
        table.setStyle(_table_style(extra))
        return table

    def card_rows(self, schedule: SubjectSchedule) -> tuple[ScheduleRow, ...]:
        """The visits the wallet card lists: still to be done, window not yet over, soonest first."""
        coming = [row for row in schedule.rows if row.status in _OPEN and row.window_end >= schedule.today]
        coming.sort(key=lambda row: (row.window_start, row.nominal_date))
        return tuple(coming[: schedule.card_visits])


class _WalletCard(Flowable):
    """Front and back of a credit-card-sized card side by side, to cut out and fold."""

    def __init__(self, renderer: ScheduleRenderer, job: Job, rows: tuple[ScheduleRow, ...]):
        super().__init__()
        self.renderer, self.job, self.rows = renderer, job, rows
        self.width = 2 * renderer.card_width
        self.height = renderer.card_height

    def wrap(self, available_width, available_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        r, job = self.renderer, self.job
        texts, font, bold = job.texts, job.font, job.bold
        schedule: SubjectSchedule = job.content
        site = schedule.site
        w, h = r.card_width, r.card_height
        pad = 4 * mm
        room = w - 2 * pad
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        canvas.roundRect(0, 0, 2 * w, h, 3 * mm)
        canvas.setDash(2, 2)
        canvas.setStrokeColor(GREY)
        canvas.line(w, 0, w, h)
        canvas.setDash()
        language = schedule.language
        with TextWriter(canvas) as writer:
            # Front: who to call.
            y = h - pad - 9
            writer.fill(colors.black)
            writer.line(pad, y, fit_text(texts.text("card", "title"), bold, 11.5, room), bold, 11.5)
            y -= 5.5 * mm
            writer.fill(GREY)
            writer.line(pad, y, fit_text(site.site_name, font, 8, room), font, 8)
            y -= 7 * mm
            writer.line(pad, y, fit_text(texts.text("card", "study"), font, 7, room), font, 7)
            writer.fill(colors.black)
            writer.line(pad, y - 4 * mm, fit_text(schedule.study_id, bold, 10, room), bold, 10)
            y -= 11 * mm
            writer.fill(GREY)
            writer.line(pad, y, fit_text(texts.text("card", "call"), font, 7, room), font, 7)
            writer.fill(colors.black)
            writer.line(pad, y - 5 * mm, fit_text(site.phone, bold, 12, room), bold, 12)
            writer.fill(GREY)
            printed = texts.text(
                "card",
                "printed",
                study_id=schedule.study_id,
                today=format_date_short(schedule.today, language),
                site_phone=site.phone,
            )
            writer.line(pad, pad - 1 * mm, fit_text(printed, font, 6, room), font, 6)

            # Back: the next visits.
            x = w + pad
            y = h - pad - 8
            writer.fill(colors.black)
            writer.line(x, y, fit_text(texts.text("card", "next"), bold, 9, room), bold, 9)
            y -= 5.5 * mm
            if not self.rows:
                writer.line(x, y, fit_text(texts.text("card", "none"), font, 7.5, room), font, 7.5)
            label_room, window_room = 0.36 * room, 0.42 * room
            separators = []
            for row in self.rows:
                writer.line(x, y, fit_text(texts.visit_label(row.code), bold, 7, label_room - 1 * mm), bold, 7)
                window = format_range_short(row.window_start, row.window_end, language)
                writer.line(x + label_room, y, fit_text(window, font, 7, window_room - 1 * mm), font, 7)
                mode = texts.text("modes", row.mode)
                writer.line(
                    x + label_room + window_room,
                    y,
                    fit_text(mode, font, 6.5, room - label_room - window_room),
                    font,
                    6.5,
                )
                separators.append(y - 2 * mm)
                y -= 5.6 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.3)
        for line_y in separators[:-1]:
            canvas.line(w + pad, line_y, 2 * w - pad, line_y)


class CalendarRenderer(Renderer):
    """Renders a `SiteCalendar`: one section per week, study ids only."""

    document_title = "Visit calendar"
    #: Column widths in mm (scaled to the text width): study, visit, window, planned, how, status.
    columns = {"latin": (34, 17, 45, 29, 23, 22), "cjk": (34, 17, 45, 35, 20, 19)}  # by script

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
        return job.texts.text(
            "calendar", "footer", **self._values(job, data_cut=format_date(calendar.data_cut, calendar.language))
        )

    def _values(self, job: Job, **values: str) -> dict[str, str]:
        calendar: SiteCalendar = job.content
        base = {
            "date_from": format_date(calendar.date_from, calendar.language),
            "date_to": format_date(calendar.date_to, calendar.language),
            "week_start": "",
            "week_end": "",
            "count": "",
            "data_cut": "",
        }
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
        for week in calendar.weeks:
            story += self._week(job, week)
        return story

    def _week(self, job: Job, week: CalendarWeek) -> list[Flowable]:
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
        header = [
            _cell(job, texts.text("calendar", key), "cell_bold")
            for key in ("study", "visit", "window", "planned", "mode", "status")
        ]
        data = [header]
        extra = []
        for number, entry in enumerate(week.entries, start=1):
            data.append(
                [
                    _cell(job, entry.study_id, "cell_bold"),
                    _cell(job, entry.visit_code),
                    _cell(job, format_range_short(entry.window_start, entry.window_end, language)),
                    _cell(job, format_date_short(entry.nominal_date, language, weekday=True)),
                    _cell(job, texts.text("modes", entry.mode)),
                    _cell(job, texts.status_word(entry.status), "cell_bold" if entry.status == "overdue" else "cell"),
                ]
            )
            if entry.status in _STATUS_FILL:
                extra.append(("BACKGROUND", (0, number), (-1, number), _STATUS_FILL[entry.status]))
        table = Table(data, colWidths=_widths(self.columns[LANGUAGE[language].script], self.text_width), repeatRows=1)
        table.setStyle(_table_style(extra))
        flowables.append(table)
        return flowables


def render_schedule(content: SubjectSchedule, texts_folder: Path | None = None) -> bytes:
    """A subject's schedule: the visit table (header repeated on each page), then the wallet card page."""
    return ScheduleRenderer(texts_folder).render(content)


def render_calendar(content: SiteCalendar, texts_folder: Path | None = None) -> bytes:
    """The site's visit calendar from `date_from` to `date_to`, one section per week."""
    return CalendarRenderer(texts_folder).render(content)
