"""The PI's annual status report (IND annual report, 21 CFR 312.33) as a PDF.

    render_annual(AnnualReportContent) -> bytes

A cover (study, sites, reporting period, data cut, the SHA-256 of the data, contents,
the signature block), then eleven sections: enrolment and status, follow-up
completeness, deaths, relapses, response and survival (with Kaplan-Meier plots and
numbers at risk), PK with the expansion plot, B-cell aplasia, RCL and HAMA, adverse
events with CRS/ICANS and DLTs, delayed adverse events of special interest, and the
safety screens per follow-up year (then data problems, when there are any).

Every number arrives in the content, computed by the analysis; this module formats
and places it. Every word comes from ``resources/letters/annual_<language>.toml``
(English and Chinese ship): the content names what it counts by codes and `Term`s, and
the words are chosen here, in the report's language. Subjects appear by study id only. The output is deterministic: the same content (signature included)
gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import string
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ltfu.errors import Message, ValidationError
from ltfu.reports.annual_content import (
    ALL,
    AnnualReportContent,
    CountTable,
    IndReportContent,
    KmSummary,
    Label,
    Landmark,
    Listing,
    SafetyReports,
    Term,
)
from ltfu.reports.base import RULE, Job, Renderer
from ltfu.reports.charts import DAYS_PER_MONTH, expansion_chart, km_chart
from ltfu.reports.content import Letterhead
from ltfu.reports.dates import format_date, format_date_short
from ltfu.reports.fonts import markup, text_width
from ltfu.reports.layout import fit_columns
from ltfu.reports.texts import default_folder
from ltfu.rows import Descriptive, PdSummary, ResponseRate, SubjectDay, TermCount

_HEADER_FILL = colors.Color(0.85, 0.88, 0.92)
_GROUP_FILL = colors.Color(0.94, 0.95, 0.97)
_NOTE = colors.Color(0.3, 0.3, 0.3)
#: The shipped languages of the annual report; each has resources/letters/annual_<language>.toml.
LANGUAGES = ("en", "zh")
REFERENCE_LANGUAGE = "en"
"""Every language's file has exactly the keys of this one."""


def texts_file(language: str) -> str:
    return f"annual_{language}.toml"


# --- texts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnnualTexts:
    """The checked words of the annual report."""

    source: str
    sections: Mapping[str, Mapping[str, str]]

    def text(self, section: str, key: str, **values: object) -> str:
        template = self.sections[section][key]
        try:
            return template.format_map(values)
        except KeyError as missing:
            raise ValidationError(
                f"{self.source}: [{section}] {key}: unknown placeholder {{{missing.args[0]}}}"
            ) from None

    def category(self, code: str) -> str:
        return self.sections["categories"].get(code, code.replace("_", " "))

    def term(self, item: Term) -> str:
        """A `Term` in words (its values that are `Term`s too)."""
        values = {name: self.term(v) if isinstance(v, Term) else v for name, v in item.values}
        return self.text(item.section, item.key, **values)

    def label(self, item: Label) -> str:
        """A label as printed: a `Term` in words, data as it is."""
        return self.term(item) if isinstance(item, Term) else item


def mtd_text(t: AnnualTexts, mtd: str | None, status: str, boin: bool, most: int) -> str:
    """The MTD line in `t`'s language: the level and the rule that chose it, or why
    there is none (`status` an `ltfu.analysis.dose_finding.MtdStatus` code)."""
    if mtd is not None:
        return t.text("safety", "mtd_boin" if boin else "mtd", mtd=mtd, most=most)
    if status == "none_tolerated":
        return t.text("safety", "mtd_none_tolerated_boin" if boin else "mtd_none_tolerated")
    return t.text("safety", "mtd_open")


def load_annual_texts(folder: str | Path | None = None, language: str = REFERENCE_LANGUAGE) -> AnnualTexts:
    """The annual report's words in `language` from `folder` (default: the shipped
    files), checked against the shipped English file: the same sections and keys, text
    values only."""
    if language not in LANGUAGES:
        raise ValidationError(f"annual report: no texts in language {language!r} (shipped: {', '.join(LANGUAGES)})")
    shipped = default_folder().joinpath(texts_file(REFERENCE_LANGUAGE))
    reference = _parse(str(shipped), shipped.read_bytes(), REFERENCE_LANGUAGE)
    if folder is None:
        if language == REFERENCE_LANGUAGE:
            return reference
        own = default_folder().joinpath(texts_file(language))
        texts = _parse(str(own), own.read_bytes(), language)
        _check_keys(str(own), texts, reference)
        return texts
    path = Path(folder) / texts_file(language)
    if not path.is_file():
        raise ValidationError(f"{path}: the annual report's texts are missing (file not found)")
    stat = path.stat()
    texts = _load_file(str(path), stat.st_mtime_ns, stat.st_size, language)
    _check_keys(str(path), texts, reference)
    return texts


def _check_keys(path: str, texts: AnnualTexts, reference: AnnualTexts) -> None:
    for section, keys in reference.sections.items():
        if section not in texts.sections:
            raise ValidationError(f"{path}: missing section [{section}]")
        for key in keys:
            if key not in texts.sections[section]:
                raise ValidationError(f"{path}: [{section}] missing key {key}")
        for key in texts.sections[section]:
            if key not in keys and section != "categories":
                raise ValidationError(f"{path}: [{section}] unknown key {key}")
    for section in texts.sections:
        if section not in reference.sections:
            raise ValidationError(f"{path}: unknown section [{section}]")


@functools.lru_cache(maxsize=8)
def _load_file(path: str, _mtime_ns: int, _size: int, language: str) -> AnnualTexts:
    return _parse(path, Path(path).read_bytes(), language)


@functools.lru_cache(maxsize=4)
def _parse(source: str, data: bytes, language: str) -> AnnualTexts:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValidationError(f"{source}: {error}") from None
    if raw.pop("language", None) != language:
        raise ValidationError(f'{source}: key language must be "{language}"')
    sections: dict[str, dict[str, str]] = {}
    for name, table in raw.items():
        if not isinstance(table, dict):
            raise ValidationError(f"{source}: {name} must be a [{name}] section")
        for key, value in table.items():
            if not isinstance(value, str):
                raise ValidationError(f"{source}: [{name}] {key}: must be text in quotes")
            try:
                list(string.Formatter().parse(value))
            except ValueError as error:
                raise ValidationError(f"{source}: [{name}] {key}: {error} (write {{{{ or }}}} for a brace)") from None
        sections[name] = dict(table)
    return AnnualTexts(source, sections)


# --- number formats -----------------------------------------------------------------------


def _pct(x: float | None, none: str) -> str:
    return none if x is None else f"{100 * x:.1f}%"


def _pct_ci(lower: float | None, upper: float | None, none: str) -> str:
    if lower is None or upper is None:
        return none
    return f"{100 * lower:.1f}–{100 * upper:.1f}%"


def _days(x: float | None, none: str) -> str:
    if x is None:
        return none
    return str(int(x)) if float(x).is_integer() else f"{x:.1f}"


def _months(x: float) -> str:
    return f"{x / DAYS_PER_MONTH:.1f}"


def _sig(x: float | None, digits: int = 3) -> str:
    """A measured value to about three significant digits, with thousands separators."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    if magnitude >= 7 or magnitude <= -4:
        return f"{x:.{digits - 1}e}"
    return f"{x:,.{max(0, digits - 1 - magnitude)}f}"


def _unit(unit: str) -> str:
    return unit.replace("ug", "µg").replace("uL", "µL")


#: Runs a table header may not be broken inside: a CJK character each, else a word.
_CJK_WORDS = re.compile(r"[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+")


def _words(text: str, cjk: bool) -> list[str]:
    return _CJK_WORDS.findall(text) if cjk else text.split()


@functools.lru_cache(maxsize=4)
def _styles(font: str, bold: str, cjk: bool = False) -> dict[str, ParagraphStyle]:
    # Chinese has no spaces: lines may break between any two characters.
    wrap = {"wordWrap": "CJK"} if cjk else {}
    body = ParagraphStyle("a_body", fontName=font, fontSize=9, leading=12.5, **wrap)
    return {
        "body": body,
        "cover_title": ParagraphStyle(
            "a_cover_title", parent=body, fontName=bold, fontSize=22, leading=27, spaceAfter=2 * mm
        ),
        "cover_subtitle": ParagraphStyle("a_cover_subtitle", parent=body, fontSize=11, leading=15, spaceAfter=6 * mm),
        "section": ParagraphStyle(
            "a_section",
            parent=body,
            fontName=bold,
            fontSize=13,
            leading=17,
            spaceBefore=2 * mm,
            spaceAfter=2 * mm,
            keepWithNext=1,
        ),
        "heading": ParagraphStyle(
            "a_heading",
            parent=body,
            fontName=bold,
            fontSize=9.5,
            leading=13,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
        ),
        "note": ParagraphStyle(
            "a_note", parent=body, fontSize=7.5, leading=10, textColor=_NOTE, spaceBefore=1 * mm, spaceAfter=1 * mm
        ),
        "cell": ParagraphStyle("a_cell", parent=body, fontSize=8, leading=10),
        "command": ParagraphStyle("a_command", parent=body, fontName=bold, fontSize=7.5, leading=10, textColor=_NOTE),
        "cell_right": ParagraphStyle("a_cell_right", parent=body, fontSize=8, leading=10, alignment=TA_RIGHT),
        "para": ParagraphStyle("a_para", parent=body, spaceBefore=2 * mm, spaceAfter=1 * mm),
        "cell_bold": ParagraphStyle("a_cell_bold", parent=body, fontName=bold, fontSize=8, leading=10),
        "head": ParagraphStyle("a_head", parent=body, fontName=bold, fontSize=7.5, leading=9.5),
        "head_right": ParagraphStyle(
            "a_head_right", parent=body, fontName=bold, fontSize=7.5, leading=9.5, alignment=TA_RIGHT
        ),
        "hash": ParagraphStyle("a_hash", parent=body, fontName=bold, fontSize=9, leading=12.5),
    }


# --- the renderer -------------------------------------------------------------------------


class AnnualRenderer(Renderer):
    """Renders an `AnnualReportContent`."""

    document_title = "Annual status report"
    margin_top = 14 * mm
    kaplan_meier_height = 74 * mm
    expansion_height = 92 * mm
    keep_with_heading = 28 * mm
    """Room a heading needs below it (its table's first rows), or it starts a new page."""
    short_table_rows = 16
    """A table of up to this many rows stays on one page with its heading."""

    def __init__(self, texts_folder: Path | None = None, language: str = REFERENCE_LANGUAGE):
        super().__init__(None)
        self._language = language
        self._t = load_annual_texts(texts_folder, language)
        self.document_title = self._t.text(self.head_section, "document_title")

    def language(self, content: AnnualReportContent) -> str:
        return self._language

    def make_job(self, content, language):
        job = super().make_job(content, language)
        self._s = _styles(job.font, job.bold, language == "zh")
        return job

    # --- words for numbers ----------------------------------------------------------------
    def _pct(self, x: float | None) -> str:
        return _pct(x, self._t.text("efficacy", "not_estimable"))

    def _pct_ci(self, lower: float | None, upper: float | None) -> str:
        return _pct_ci(lower, upper, self._t.text("efficacy", "not_estimable"))

    def _days(self, x: float | None) -> str:
        return _days(x, self._t.text("efficacy", "not_reached"))

    def _landmark_label(self, day: float) -> str:
        years = day / 365
        if years.is_integer():
            if years == 1:
                return self._t.text("efficacy", "landmark_year")
            return self._t.text("efficacy", "landmark_years", years=f"{years:.0f}")
        return self._t.text("efficacy", "landmark_day", day=self._days(day))

    # --- page decoration ----------------------------------------------------------------
    def site(self, job: Job) -> Letterhead:
        content: AnnualReportContent = job.content
        return Letterhead(
            site_name=self._t.text(
                self.head_section, "running_head", year=content.year, protocol_id=content.protocol_id
            ),
            address="",
            phone="",
        )

    def running_title(self, job: Job) -> str:
        content: AnnualReportContent = job.content
        return self._t.text("report", "running_right", data_cut=format_date_short(content.period_end, self._language))

    def pdf_subject(self, job: Job) -> str:
        signature = job.content.signature
        if signature is None or signature.audit_entries is None:
            return ""
        return f"ltfu audit head: entries={signature.audit_entries} hash={signature.audit_hash}"

    def footer_note(self, job: Job) -> str:
        content: AnnualReportContent = job.content
        signature = content.signature
        if signature is None:
            state = self._t.text("report", "not_signed")
        else:
            state = self._t.text(
                "report",
                "signed",
                printed_name=signature.printed_name,
                meaning=self._meaning(signature.meaning),
                signed_at=signature.signed_at_utc.strftime("%Y-%m-%d %H:%M"),
            )
        return self._t.text("report", "footer", sha_short=content.data_sha256[:16], signature_state=state)

    def page_templates(self, job: Job) -> list[PageTemplate]:
        templates = super().page_templates(job)
        # The cover has no letterhead: the title block is the first thing on it.
        cover = self._frame("cover", self.page_height - self.margin_top)
        return [PageTemplate("first", [cover], autoNextPageTemplate="later"), templates[1]]

    # --- building blocks ----------------------------------------------------------------
    def _p(self, text: str, style: str = "body") -> Paragraph:
        s = self._s[style]
        return Paragraph(markup(text, s.fontName), s)

    def _grid(
        self,
        job: Job,
        header: Sequence[str],
        body: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        numeric: Sequence[int] = (),
        wrap: Sequence[int] = (0,),
        kinds: Sequence[str] | None = None,
    ) -> Table:
        """A table: header row repeated on each page; `numeric` columns right-aligned,
        `wrap` columns set as paragraphs; `kinds` marks rows as `total` or `group`."""
        numeric_set, wrap_set = set(numeric), set(wrap)
        data: list[list] = [[self._p(h, "head_right" if i in numeric_set else "head") for i, h in enumerate(header)]]
        style: list[tuple] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), _HEADER_FILL),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ("BOX", (0, 0), (-1, -1), 0.5, RULE),
            ("FONT", (0, 1), (-1, -1), job.font, 8, 10),
            ("LEFTPADDING", (0, 0), (-1, -1), 1.4 * mm),
            ("RIGHTPADDING", (0, 0), (-1, -1), 1.4 * mm),
            ("TOPPADDING", (0, 0), (-1, -1), 0.8 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.0 * mm),
        ]
        for column in numeric_set:
            style.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
        for number, row in enumerate(body, start=1):
            kind = kinds[number - 1] if kinds else "row"
            if kind == "group":
                data.append([self._p(row[0], "cell_bold")] + [""] * (len(header) - 1))
                style += [("SPAN", (0, number), (-1, number)), ("BACKGROUND", (0, number), (-1, number), _GROUP_FILL)]
                continue
            cells = []
            for i, value in enumerate(row):
                if i in wrap_set:
                    style_name = "cell_bold" if kind == "total" else "cell_right" if i in numeric_set else "cell"
                    cells.append(self._p(value, style_name))
                else:
                    cells.append(value)
            data.append(cells)
            if kind == "total":
                style += [
                    ("FONT", (0, number), (-1, number), job.bold, 8, 10),
                    ("LINEABOVE", (0, number), (-1, number), 0.8, RULE),
                ]
        table = Table(
            data, colWidths=self._fit_widths(job, header, body, widths, wrap_set, kinds), repeatRows=1, hAlign="LEFT"
        )
        table.setStyle(TableStyle(style))
        return table

    def _fit_widths(
        self,
        job: Job,
        header: Sequence[str],
        body: Sequence[Sequence[str]],
        widths: Sequence[float],
        wrap: set[int],
        kinds: Sequence[str] | None,
    ) -> list[float]:
        """Column widths in proportion to `widths`, but never narrower than the longest
        header word or the widest unwrapped cell (so no word is split); the room comes
        from the columns that have some to spare."""
        pad = 2.8 * mm + 1
        head = self._s["head"]
        need = []
        for i, title in enumerate(header):
            words = [text_width(w, head.fontName, head.fontSize) for w in _words(title, self._language == "zh")] or [
                0.0
            ]
            cells = [0.0]
            for number, row in enumerate(body):
                if i >= len(row) or (kinds and kinds[number] == "group"):
                    continue
                font = job.bold if kinds and kinds[number] == "total" else job.font
                if i in wrap:
                    cells.append(
                        max((text_width(w, font, 8) for w in _words(row[i], self._language == "zh")), default=0.0)
                    )
                else:
                    cells.append(text_width(row[i], font, 8))
            need.append(max(max(words), max(cells)) + pad)
        return fit_columns(widths, self.text_width, need)

    def _count_table(self, job: Job, table: CountTable, first: str, label_width: float = 34) -> Table:
        label = self._t.label
        header = [first, *(label(c) for c in table.columns)]
        body: list[list[str]] = []
        kinds: list[str] = []
        group: Label | None = None
        for row in table.rows:
            if row.group and row.group != group:
                body.append([label(row.group)])
                kinds.append("group")
                group = row.group
            body.append([label(row.label), *(str(n) for n in row.counts)])
            kinds.append("row")
        if table.total is not None:
            body.append([label(table.total.label), *(str(n) for n in table.total.counts)])
            kinds.append("total")
        widths = [label_width] + [max(14.0, (170 - label_width) / max(1, len(table.columns)))] * len(table.columns)
        numeric = range(1, len(header))
        return self._grid(job, header, body, widths, numeric=numeric, kinds=kinds)

    def _listing(
        self,
        job: Job,
        listing: Listing,
        section: str,
        columns: Sequence[str],
        cells: Callable[[Any], Sequence[str]],
        widths: Sequence[float],
        *,
        header_values: Mapping[str, object] | None = None,
        **grid: Any,
    ) -> list[Flowable]:
        """A listing as a table (header words: `columns` of `[section]`, filled with
        `header_values`), then how many rows are not listed; "None." when it is empty."""
        if not listing.rows:
            return [self._none()]
        header = [self._t.text(section, k, **(header_values or {})) for k in columns]
        body = [list(cells(row)) for row in listing.rows]
        return [self._grid(job, header, body, widths, **grid), *self._more(listing)]

    def _meaning(self, meaning: str) -> str:
        """A signature's meaning (`approved`, `reviewed`, `authored`) in words."""
        return self._t.sections["signature"].get(f"meaning_{meaning}", meaning)

    def _yes_no(self, section: str, value: bool) -> str:
        return self._t.text(section, "yes" if value else "no")

    def _subject_day(self, row: SubjectDay) -> tuple[str, str, str, str]:
        """The columns a listing of dated subject events opens with."""
        return row.subject_id, row.dose_level, format_date_short(row.date, self._language), str(row.study_day)

    def _more(self, listing: Listing) -> list[Flowable]:
        if listing.not_listed <= 0:
            return []
        return [self._p(self._t.text("report", "listing_more", count=listing.not_listed), "note")]

    def _none(self) -> Paragraph:
        return self._p(self._t.text("report", "none"), "body")

    # --- the story ----------------------------------------------------------------------
    def story(self, job: Job) -> list[Flowable]:
        """The cover, then the sections; a heading never ends a page (it moves on with
        its table when less than `keep_with_heading` is left below it)."""
        flowables = self._sections(job)
        story: list[Flowable] = []
        i = 0
        while i < len(flowables):
            flowable = flowables[i]
            following = flowables[i + 1] if i + 1 < len(flowables) else None
            i += 1
            if isinstance(flowable, Paragraph) and flowable.style.name in ("a_heading", "a_section"):
                if isinstance(following, Table) and len(following._cellvalues) <= self.short_table_rows:
                    story.append(KeepTogether([flowable, following]))  # a short table is never split
                    i += 1
                    continue
                story.append(CondPageBreak(self.keep_with_heading))
            story.append(flowable)
        return story

    def _sections(self, job: Job) -> list[Flowable]:
        return self._after_cover(
            job,
            self._enrolment,
            self._follow_up,
            self._deaths,
            self._relapses,
            CondPageBreak(90 * mm),
            self._efficacy,
            CondPageBreak(90 * mm),
            self._pk,
            self._pd,
            self._b_cells,
            self._immunogenicity,
            CondPageBreak(90 * mm),
            self._safety,
            self._delayed,
            self._screens,
            self._safety_reports,
            self._data_problems,
            self._corrections,
        )

    def _after_cover(self, job: Job, *parts: Callable[[Job], list[Flowable]] | Flowable) -> list[Flowable]:
        """The cover, a page break, then each part in turn: a section built for `job`, or a flowable."""
        story: list[Flowable] = [*self._cover(job), PageBreak()]
        for part in parts:
            story += [part] if isinstance(part, Flowable) else part(job)
        return story

    def _section(self, key: str) -> Paragraph:
        return self._p(self._t.text(self.contents_section, key), "section")

    def _cover_titles(self, job: Job) -> tuple[str, str]:
        """The cover's title and subtitle."""
        return self._t.text(self.head_section, "title", year=job.content.year), self._t.text(
            self.head_section, "subtitle"
        )

    def _cover_subjects(self, job: Job) -> list[str]:
        c: AnnualReportContent = job.content
        return [self._t.text("cover", "subjects_value", entered=c.subjects_entered, infused=c.subjects_infused)]

    def _cover_more_facts(self, job: Job) -> list[tuple[str, list[str]]]:
        """Further (label, lines) rows of the cover's table, after the subjects."""
        return []

    def _rebuild_command(self, job: Job) -> str:
        c: AnnualReportContent = job.content
        return self._t.text("cover", "rebuild", year=c.year, as_of=c.period_end.isoformat())

    status_note_section = "enrolment"
    """The section whose `status_note` explains the status table."""
    dropout_reasons = False
    """Whether the dropout listing prints each withdrawal's recorded reason."""
    head_section = "report"
    """The section of the texts with the title, subtitle, running head and document title."""
    contents_section = "sections"
    """The section of the texts whose entries are the report's contents."""

    def _cover(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        t = self._t
        title, subtitle = self._cover_titles(job)
        story: list[Flowable] = [
            Spacer(0, 6 * mm),
            self._p(title, "cover_title"),
            self._p(subtitle, "cover_subtitle"),
        ]
        site_lines = [t.text("cover", "site_line", code=s.code, name=s.name, subjects=s.subjects) for s in c.sites]
        facts = [
            (t.text("cover", "study"), [c.study_title]),
            (
                t.text("cover", "protocol"),
                [t.text("cover", "protocol_value", protocol_id=c.protocol_id, protocol_version=c.protocol_version)],
            ),
            (t.text("cover", "sites"), site_lines or ["–"]),
            (
                t.text("cover", "period"),
                [
                    t.text(
                        "cover",
                        "period_value",
                        period_start=format_date(c.period_start, self._language),
                        period_end=format_date(c.period_end, self._language),
                    )
                ],
            ),
            (
                t.text("cover", "data_cut"),
                [t.text("cover", "data_cut_value", data_cut=format_date(c.period_end, self._language))],
            ),
            (t.text("cover", "subjects"), self._cover_subjects(job)),
            *self._cover_more_facts(job),
        ]
        rows = []
        for label, values in facts:
            rows.append([self._p(label, "cell_bold"), [self._p(v, "body") for v in values]])
        # The hash on one line (for copying), as large as the column allows.
        room = self.text_width - 34 * mm - 2 * 6
        size = min(9.0, room / text_width(c.data_sha256, job.bold, 1.0))
        hash_style = ParagraphStyle("a_hash_fit", parent=self._s["hash"], fontSize=size, leading=size * 1.4)
        rows.append(
            [
                self._p(t.text("cover", "hash"), "cell_bold"),
                [
                    Paragraph(markup(c.data_sha256, job.bold), hash_style),
                    self._p(t.text("cover", "hash_note"), "note"),
                    self._p(self._rebuild_command(job), "command"),
                ],
            ]
        )
        table = Table(rows, colWidths=[34 * mm, self.text_width - 34 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.6 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8 * mm),
                ]
            )
        )
        story.append(table)
        story.append(self._p(t.text("cover", "privacy"), "note"))
        story.append(self._p(t.text("cover", "contents"), "heading"))
        for key in t.sections[self.contents_section]:
            story.append(self._p(t.text(self.contents_section, key), "body"))
        story.append(Spacer(0, 6 * mm))
        story.append(self._signature_block(job))
        return story

    def _signature_block(self, job: Job) -> Flowable:
        c: AnnualReportContent = job.content
        t = self._t
        signature = c.signature
        if signature is None:
            values = ["", "", "", t.text("signature", "unsigned")]
            note = t.text("signature", "unsigned_note")
        else:
            values = [
                signature.printed_name,
                signature.signed_at_utc.strftime("%Y-%m-%d %H:%M:%S"),
                self._meaning(signature.meaning),
                t.text("signature", "signed")
                + (
                    t.text(
                        "signature",
                        "audit_head",
                        entries=f"{signature.audit_entries:,}",
                        hash=(signature.audit_hash or "")[:16],
                    )
                    if signature.audit_entries
                    else ""
                ),
            ]
            note = t.text("signature", "signed_note")
        labels = [t.text("signature", k) for k in ("name", "time", "meaning", "status")]
        rows = [[self._p(t.text("signature", "heading"), "heading"), "", ""]]
        rows += [
            [self._p(label, "cell_bold"), self._p(value, "body"), ""]
            for label, value in zip(labels, values, strict=True)
        ]
        rows.append([self._p(note, "note"), "", ""])
        table = Table(
            rows,
            colWidths=[40 * mm, self.text_width - 45 * mm, 5 * mm],
            rowHeights=[None, 9 * mm, 9 * mm, 9 * mm, None, None],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, colors.black),
                    ("SPAN", (0, 0), (-1, 0)),
                    ("SPAN", (0, -1), (-1, -1)),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LINEBELOW", (1, 1), (1, 3), 0.5, RULE),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ]
            )
        )
        return KeepTogether([table])

    # --- 1 enrolment ----------------------------------------------------------------------
    def _enrolment(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        e = c.enrolment
        t = self._t
        story: list[Flowable] = [
            self._section("enrolment"),
            self._p(t.text("enrolment", "status"), "heading"),
            self._count_table(job, e.status, t.text("enrolment", "col_dose"), label_width=18),
            self._p(t.text(self.status_note_section, "status_note"), "note"),
        ]
        if e.not_infused:
            story.append(self._p(t.text("enrolment", "not_infused", count=e.not_infused), "note"))
        story += [
            self._p(t.text("enrolment", "demographics"), "heading"),
            self._count_table(job, e.demographics, "", label_width=40),
            self._p(t.text("enrolment", "demographics_note"), "note"),
            self._p(t.text("enrolment", "dropouts"), "heading"),
        ]
        story += self._listing(
            job,
            e.dropouts,
            "enrolment",
            ("col_subject", "col_dose", "col_date", "col_kind", "col_scope", "col_due_to_ae")
            + (("col_reason",) if self.dropout_reasons else ()),
            lambda d: (
                (
                    d.subject_id,
                    d.dose_level,
                    format_date_short(d.date, self._language),
                    t.text("enrolment", "withdrawn" if d.kind == "withdrawn" else "lost"),
                    t.label(d.scope) if d.scope else "–",
                    self._yes_no("enrolment", d.due_to_ae),
                )
                + ((d.reason or "–",) if self.dropout_reasons else ())
            ),
            [30, 18, 24, 30, 18, 18] + ([40] if self.dropout_reasons else []),
            wrap=(0, 6) if self.dropout_reasons else (0,),
        )
        story.append(self._p(t.text("enrolment", "dropouts_ae", count=e.dropouts_due_to_ae), "para"))
        return story

    # --- 2 follow-up completeness ---------------------------------------------------------------
    def _follow_up_table(self, job: Job, rows, with_time: bool) -> Table:
        """Follow-up time per dose level (`with_time`), or the visit counts."""
        t = self._t
        if with_time:
            keys = ["col_level", "col_subjects", "col_observed", "col_potential", "col_completeness"]
        else:
            keys = [
                "col_level",
                "col_expected",
                "col_completed",
                "col_missed",
                "col_overdue",
                "col_cancelled",
                "col_done",
            ]
        header = [t.text("follow_up", k) for k in keys]
        body, kinds = [], []
        for r in rows:
            if with_time:
                cells = [
                    t.label(r.label),
                    str(r.subjects),
                    f"{r.observed_years:,.1f}",
                    f"{r.potential_years:,.1f}",
                    self._pct(r.completeness),
                ]
            else:
                cells = [
                    t.label(r.label),
                    str(r.visits_expected),
                    str(r.visits_completed),
                    str(r.visits_missed),
                    str(r.visits_overdue),
                    str(r.visits_cancelled),
                    self._pct(r.completed_fraction),
                ]
            body.append(cells)
            kinds.append("total" if r.label == ALL else "row")
        widths = [24] + [24] * (len(header) - 1)
        return self._grid(job, header, body, widths, numeric=range(1, len(header)), kinds=kinds)

    def _follow_up(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        f = c.follow_up
        t = self._t
        story: list[Flowable] = [
            CondPageBreak(60 * mm),
            self._section("follow_up"),
            self._p(t.text("follow_up", "table"), "heading"),
            self._follow_up_table(job, f.rows, True),
            self._p(t.text("follow_up", "visits_table"), "heading"),
            self._follow_up_table(job, f.rows, False),
            self._p(
                t.text(
                    "follow_up",
                    "period_table",
                    period_start=format_date_short(c.period_start, self._language),
                    period_end=format_date_short(c.period_end, self._language),
                ),
                "heading",
            ),
            self._follow_up_table(job, f.period_rows, False),
            self._p(t.text("follow_up", "note", duration=f.duration_years), "note"),
            self._p(t.text("follow_up", "overdue", count=f.overdue.total), "heading"),
        ]
        story += self._listing(
            job,
            f.overdue,
            "follow_up",
            ("col_subject", "col_level", "col_visit", "col_window_end", "col_days_overdue"),
            lambda v: (
                v.subject_id,
                v.dose_level,
                v.visit_code,
                format_date_short(v.window_end, self._language),
                str(v.days_overdue),
            ),
            [34, 20, 16, 28, 22],
            numeric=(4,),
        )
        story.append(self._p(t.text("follow_up", "at_risk", count=f.at_risk.total), "heading"))
        story.append(self._p(t.text("follow_up", "at_risk_note", days=f.at_risk_overdue_days), "note"))
        story += self._listing(
            job,
            f.at_risk,
            "follow_up",
            ("col_subject", "col_level", "col_last_alive", "col_failed", "col_worst", "col_days_overdue"),
            lambda a: (
                a.subject_id,
                a.dose_level,
                format_date_short(a.last_known_alive, self._language),
                str(a.failed_attempts),
                a.most_overdue_visit or "–",
                "–" if a.days_overdue is None else str(a.days_overdue),
            ),
            [30, 18, 26, 22, 22, 20],
            numeric=(3, 5),
        )
        return story

    def _opening(self, key: str, intro: str, keep: float) -> list[Flowable]:
        """A section's start: kept on a page with what follows it (`keep`), its heading, its
        first paragraph."""
        return [CondPageBreak(keep), self._section(key), self._p(intro, "body")]

    # --- 3 deaths, 4 relapses ------------------------------------------------------------------
    def _deaths(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        d = c.deaths
        t = self._t
        summary = t.text("deaths", "summary", total=d.total, in_period=d.in_period.total)
        story = [*self._opening("deaths", summary, 50 * mm), self._p(t.text("deaths", "listing"), "heading")]
        story += self._listing(
            job,
            d.in_period,
            "deaths",
            ("col_subject", "col_dose", "col_date", "col_day", "col_cause"),
            lambda r: (*self._subject_day(r), r.cause or t.text("deaths", "not_recorded")),
            [28, 18, 24, 16, 60],
            numeric=(3,),
            wrap=(0, 4),
        )
        if d.total:
            story += [
                self._p(t.text("deaths", "by_cause"), "heading"),
                self._count_table(job, d.by_cause, t.text("deaths", "col_cause_group"), label_width=50),
            ]
        return story

    def _relapses(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        r = c.relapses
        t = self._t
        summary = t.text("relapses", "summary", total=r.total, subjects=r.subjects, in_period=r.in_period)
        story = [*self._opening("relapses", summary, 50 * mm), self._p(t.text("relapses", "note"), "note")]
        if r.first_relapse_phenotypes:
            story.append(self._p(t.text("relapses", "phenotypes"), "heading"))
            body = [[t.term(phenotype), str(n)] for phenotype, n in r.first_relapse_phenotypes]
            story.append(
                self._grid(
                    job,
                    [t.text("relapses", "col_phenotype"), t.text("relapses", "col_subjects")],
                    body,
                    [80, 20],
                    numeric=(1,),
                )
            )
        story.append(self._p(t.text("relapses", "listing"), "heading"))

        def antigen(status: str | None) -> str:
            return t.text("relapses", f"antigen_{status}" if status else "not_recorded")

        listing = self._listing(
            job,
            r.listing,
            "relapses",
            ("col_subject", "col_dose", "col_date", "col_day", "col_cd19", "col_cd22", "col_lineage", "col_in_period"),
            lambda x: (
                *self._subject_day(x),
                antigen(x.cd19),
                antigen(x.cd22),
                self._yes_no("relapses", x.lineage_switch),
                self._yes_no("relapses", x.date >= c.period_start),
            ),
            [28, 16, 22, 14, 20, 20, 18, 16],
            header_values={"year": c.year},
            numeric=(3,),
        )
        return story + listing

    # --- 5 efficacy -------------------------------------------------------------------------------
    def _efficacy(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        resp = c.response
        t = self._t
        level = f"{100 * resp.confidence_level:g}"
        story: list[Flowable] = [
            self._section("efficacy"),
            self._p(t.text("efficacy", "orr", last_day=resp.last_day), "heading"),
        ]
        header = [
            t.text("efficacy", "col_group"),
            t.text("efficacy", "col_orr"),
            t.text("efficacy", "col_rate"),
            t.text("efficacy", "col_ci", level=level),
            t.text("efficacy", "col_mrd"),
        ]

        def rate_row(label: Label, r: ResponseRate) -> list[str]:
            return [
                t.label(label),
                f"{r.responders}/{r.evaluable}",
                self._pct(r.rate),
                self._pct_ci(r.lower, r.upper),
                str(r.mrd_negative),
            ]

        body = [*(rate_row(r.label, r) for r in resp.by_dose_level), rate_row(ALL, resp.overall)]
        kinds = ["row"] * len(resp.by_dose_level) + ["total"]
        story.append(self._grid(job, header, body, [22, 30, 20, 30, 22], numeric=(1, 2, 3, 4), kinds=kinds))
        story.append(self._p(t.text("efficacy", "orr_note", last_day=resp.last_day, level=level), "note"))
        story.append(self._p(t.text("efficacy", "best_response", last_day=resp.last_day), "heading"))
        story.append(self._count_table(job, resp.best_response, t.text("efficacy", "col_group"), label_width=22))

        story.append(self._p(t.text("efficacy", "km_table"), "heading"))
        story.append(self._km_table(job, c.survival))
        km_level = f"{100 * c.survival[0].confidence_level:g}" if c.survival else "95"
        story.append(self._p(t.text("efficacy", "km_note", level=km_level), "note"))
        for summary in c.survival:
            if summary.curve is not None:
                x_label = t.text("efficacy", "chart_x_dor" if summary.key == "dor" else "chart_x_os")
                story.append(self._km_figure(job, summary, x_label, t.text("efficacy", "chart_y")))
        return story

    def _km_cells(self, s: KmSummary) -> list[str]:
        none = self._t.text("efficacy", "not_reached")
        median = none if s.median is None else f"{self._days(s.median)} ({_months(s.median)})"
        ci = f"{self._days(s.median_lower)}–{self._days(s.median_upper)}"

        def at(p: Landmark) -> str:
            if p.survival is None:
                return self._t.text("efficacy", "not_estimable")
            return f"{self._pct(p.survival)} ({self._pct_ci(p.lower, p.upper)})"

        return [str(s.n), str(s.events), median, ci, *(at(p) for p in s.landmarks)]

    def _km_table(self, job: Job, summaries: Sequence[KmSummary]) -> Table:
        t = self._t
        level = f"{100 * summaries[0].confidence_level:g}" if summaries else "95"
        landmarks = summaries[0].landmarks if summaries else ()
        header = [
            t.text("efficacy", "col_endpoint"),
            t.text("efficacy", "col_n"),
            t.text("efficacy", "col_events"),
            t.text("efficacy", "col_median"),
            t.text("efficacy", "col_median_ci", level=level),
        ]
        header += [t.text("efficacy", "col_landmark", when=self._landmark_label(p.day), level=level) for p in landmarks]
        body = [[t.text("survival", s.key), *self._km_cells(s)] for s in summaries]
        widths = [40, 9, 12, 22, 20] + [32] * len(landmarks)
        return self._grid(job, header, body, widths, numeric=range(1, len(header)), wrap=(0, *range(5, len(header))))

    def _km_figure(self, job: Job, s: KmSummary, x_label: str, y_label: str) -> Flowable:
        assert s.curve is not None
        t = self._t
        level = f"{100 * s.confidence_level:g}"
        key = "chart_caption" if len(s.curve.censored) <= 400 else "chart_caption_many"
        drawing = km_chart(
            s.curve,
            width=self.text_width,
            height=self.kaplan_meier_height,
            font=job.font,
            bold=job.bold,
            y_label=y_label,
            x_label=x_label,
            at_risk_label=t.text("efficacy", "at_risk"),
        )
        none = t.text("efficacy", "not_reached")
        median = none if s.median is None else t.text("efficacy", "median_days", days=self._days(s.median))
        summary = t.text(
            "efficacy",
            "chart_summary",
            n=s.n,
            events=s.events,
            median=median,
            level=level,
            lower=self._days(s.median_lower),
            upper=self._days(s.median_upper),
        )
        title = t.text("survival", s.key)
        return KeepTogether(
            [
                self._p(title, "heading"),
                drawing,
                self._p(
                    summary + t.text("efficacy", key, title=title, definition=t.term(s.definition), level=level),
                    "note",
                ),
            ]
        )

    # --- 6 PK --------------------------------------------------------------------------------------
    def _pk(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        pk = c.pk
        t = self._t
        story: list[Flowable] = [self._section("pk")]
        for table in pk.tables:
            unit = _unit(table.unit)
            story.append(self._p(t.text("pk", "table", title=t.text("analytes", table.analyte), unit=unit), "heading"))
            header = [
                t.text("pk", k)
                for k in ("col_level", "col_n", "col_cmax", "col_cmax_range", "col_tmax", "col_auc", "col_auc_n")
            ]

            def geo(stat: Descriptive) -> str:
                if stat.geometric_mean is None:
                    return "–"
                cv = "" if stat.geometric_cv_percent is None else f" ({stat.geometric_cv_percent:.0f}%)"
                return _sig(stat.geometric_mean) + cv

            med = self._median_range
            body = [
                [
                    r.dose_level,
                    str(r.n_subjects),
                    geo(r.cmax),
                    med(r.cmax),
                    med(r.tmax_day, False),
                    geo(r.auc_0_28),
                    str(r.auc_0_28.n),
                ]
                for r in table.rows
            ]
            story.append(self._grid(job, header, body, [16, 9, 28, 36, 24, 28, 12], numeric=range(1, 7)))
            notes = [t.text("pk", "summary_note", unit=unit)]
            if table.not_computed:
                notes.append(t.text("pk", "not_computed", reasons=self._reasons(table.not_computed)))
            story.append(self._p(" ".join(notes), "note"))
        story.append(self._p(t.text("pk", "rule"), "note"))
        chart = pk.expansion
        if chart is not None and chart.series:
            unit = _unit(chart.unit)
            drawing = expansion_chart(
                chart,
                width=self.text_width,
                height=self.expansion_height,
                font=job.font,
                bold=job.bold,
                x_label=t.text("pk", "chart_x"),
                y_label=t.text("pk", "chart_y", unit=unit),
                blq_label=t.text("pk", "blq"),
            )
            caption = t.text(
                "pk",
                "chart_caption_subjects" if chart.mode == "subjects" else "chart_caption_median",
                subjects=chart.subjects,
            )
            story.append(
                KeepTogether(
                    [
                        self._p(t.text("pk", "chart_title", title=t.text("analytes", chart.analyte)), "heading"),
                        drawing,
                        self._p(caption, "note"),
                    ]
                )
            )
        return story

    def _median_range(self, stat: Descriptive, digits: bool = True) -> str:
        """Median (minimum–maximum): measured values to three significant digits, days as days."""
        if stat.median is None:
            return "–"
        fmt = _sig if digits else self._days
        return f"{fmt(stat.median)} ({fmt(stat.minimum)}–{fmt(stat.maximum)})"

    def _reasons(self, reasons: Sequence[tuple[Label, int]]) -> str:
        """Why values were not computed: "n subjects (reason)", joined."""
        t = self._t
        return t.text("pk", "reasons_separator").join(
            t.text("pk", "subjects_one" if n == 1 else "subjects_many", n=n, reason=t.label(reason))
            for reason, n in reasons
        )

    # --- 7 PD ---------------------------------------------------------------------------------------
    def _pd(self, job: Job) -> list[Flowable]:
        """Per analyte, medians and ranges by dose level and by worst CRS grade."""
        pd = job.content.pd
        t = self._t
        story: list[Flowable] = [CondPageBreak(60 * mm), self._section("pd")]
        if not pd.tables:
            return [*story, self._none()]
        columns = ("col_group", "col_n", "col_baseline", "col_peak", "col_peak_day", "col_fold", "col_auc")
        header = [t.text("pd", k) for k in columns]
        med = self._median_range

        def cells(group: Label, r: PdSummary) -> list[str]:
            values = (med(r.baseline), med(r.peak), med(r.peak_day, False), med(r.fold_change), med(r.auc_0_28))
            return [t.label(group), str(r.n_subjects), *values]

        for table in pd.tables:
            unit = _unit(table.unit)
            title = t.text("analytes", table.analyte)
            story.append(self._p(t.text("pd", "table", title=title, unit=unit, end_day=pd.end_day), "heading"))
            body: list[list[str]] = []
            kinds: list[str] = []
            for key, rows in (("by_dose_level", table.by_dose_level), ("by_crs_grade", table.by_crs_grade)):
                body.append([t.text("pd", key)])
                kinds.append("group")
                body += [cells(group, r) for group, r in rows]
                kinds += ["row"] * len(rows)
            widths = [22, 8, 26, 30, 20, 28, 32]
            story.append(self._grid(job, header, body, widths, numeric=range(1, 7), wrap=(), kinds=kinds))
            notes = [t.text("pd", "summary_note", unit=unit)]
            not_computed = {"fold_not_computed": table.fold_not_computed, "auc_not_computed": table.auc_not_computed}
            for key, reasons in not_computed.items():
                if reasons:
                    notes.append(t.text("pd", key, reasons=self._reasons(reasons)))
            story.append(self._p(" ".join(notes), "note"))
        story.append(self._p(t.text("pd", "rule"), "note"))
        return story

    # --- 8 B cells ----------------------------------------------------------------------------------
    def _b_cells(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        b = c.b_cells
        t = self._t
        story: list[Flowable] = [
            CondPageBreak(60 * mm),
            self._section("b_cells"),
            self._p(
                t.text("b_cells", "table", threshold=f"{b.b_cell_threshold:g}", igg=f"{b.igg_threshold:g}"), "heading"
            ),
            self._count_table(job, b.by_dose_level, t.text("pk", "col_level"), label_width=22),
            self._p(t.text("b_cells", "note"), "note"),
            self._p(t.text("b_cells", "km"), "heading"),
            self._km_table(job, (b.recovery,)),
        ]
        if b.recovery.curve is not None:
            story.append(self._km_figure(job, b.recovery, t.text("b_cells", "chart_x"), t.text("b_cells", "chart_y")))
        return story

    # --- 8 RCL, HAMA -------------------------------------------------------------------------------
    def _immunogenicity(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        im = c.immunogenicity
        t = self._t
        story: list[Flowable] = [
            CondPageBreak(70 * mm),
            self._section("immunogenicity"),
            self._p(t.text("immunogenicity", "rcl"), "heading"),
            self._count_table(job, im.rcl_status, t.text("immunogenicity", "col_dose"), label_width=22),
            self._p(
                t.text("immunogenicity", "rcl_note", tested=im.rcl_samples_tested, archived=im.rcl_samples_archived),
                "note",
            ),
            self._p(t.text("immunogenicity", "rcl_alerts"), "heading"),
        ]
        if im.rcl_alerts:
            header = [t.text("immunogenicity", k) for k in ("col_subject", "col_dose", "col_date", "col_day")]
            body = [list(self._subject_day(a)) for a in im.rcl_alerts]
            story.append(self._grid(job, header, body, [34, 20, 28, 18], numeric=(3,)))
            story.append(self._p(t.text("immunogenicity", "rcl_alert_message"), "note"))
        else:
            story.append(self._p(t.text("immunogenicity", "rcl_none"), "body"))
        story += [
            self._p(t.text("immunogenicity", "hama"), "heading"),
            self._count_table(job, im.hama, t.text("immunogenicity", "col_dose"), label_width=22),
            self._p(t.text("immunogenicity", "hama_note"), "note"),
        ]
        return story

    # --- 9 safety ------------------------------------------------------------------------------------
    def _terms(self, job: Job, rows: Sequence[TermCount], first: str) -> Table:
        t = self._t
        header = [first, t.text("safety", "col_subjects"), t.text("safety", "col_events_n")]
        body = [[r.term, str(r.subjects), str(r.events)] for r in rows]
        return self._grid(job, header, body, [110, 20, 20], numeric=(1, 2))

    def _safety(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        s = c.safety
        t = self._t
        story: list[Flowable] = [
            self._section("safety"),
            self._p(t.text("safety", "overview"), "heading"),
            self._p(
                t.text(
                    "safety",
                    "overview_text",
                    events=s.n_events,
                    subjects_with_ae=s.n_subjects_with_ae,
                    subjects=s.n_subjects,
                    serious_events=s.serious_events,
                    serious_subjects=s.serious_subjects,
                    related_events=s.related_events,
                ),
                "body",
            ),
            self._p(t.text("safety", "grades"), "heading"),
        ]
        events = dict(s.events_by_grade)
        worst = dict(s.subjects_by_worst_grade)
        grades = sorted(set(events) | set(worst))
        body = [
            [
                t.text("safety", "no_ae") if g == 0 else str(g),
                "–" if g == 0 else str(events.get(g, 0)),
                str(worst.get(g, 0)),
            ]
            for g in grades
        ]
        story.append(
            self._grid(
                job,
                [t.text("safety", k) for k in ("col_grade", "col_events", "col_worst")],
                body,
                [30, 25, 35],
                numeric=(1, 2),
            )
        )
        story.append(self._p(t.text("safety", "most_frequent"), "heading"))
        story.append(
            self._terms(job, s.most_frequent, t.text("safety", "col_term")) if s.most_frequent else self._none()
        )
        story.append(self._p(t.text("safety", "most_serious"), "heading"))
        story.append(self._terms(job, s.most_serious, t.text("safety", "col_term")) if s.most_serious else self._none())
        story += [
            CondPageBreak(45 * mm),
            self._p(t.text("safety", "crs"), "heading"),
            self._count_table(job, s.crs, t.text("safety", "col_level"), label_width=22),
            CondPageBreak(45 * mm),
            self._p(t.text("safety", "icans"), "heading"),
            self._count_table(job, s.icans, t.text("safety", "col_level"), label_width=22),
            CondPageBreak(45 * mm),
        ]
        design = (
            t.text("safety", "design_boin", target=f"{s.boin.target:.2f}")
            if s.boin is not None
            else t.text("safety", "design_3_3")
        )
        story.append(self._p(t.text("safety", "dlt", days=s.dlt_window_days, design=design), "heading"))
        header = [
            t.text("safety", k)
            for k in (
                "col_level",
                "col_treated",
                "col_evaluable",
                "col_pending",
                "col_not_evaluable",
                "col_dlt",
                "col_decision",
            )
        ]
        body = [
            [
                d.dose_level,
                str(d.treated),
                str(d.evaluable),
                str(d.pending),
                str(d.not_evaluable),
                str(d.dlt),
                t.term(d.decision),
            ]
            for d in s.dlt
        ]
        story.append(self._grid(job, header, body, [16, 14, 16, 16, 16, 14, 60], numeric=range(1, 6), wrap=(0, 6)))
        story += self._dose_decision(job)
        return story

    def _dose_decision(self, job: Job) -> list[Flowable]:
        """After the per-level table: the MTD, the rule, the history, the expansion
        cohorts and, for BOIN, the boundary table."""
        s = job.content.safety
        t = self._t
        boin = s.boin
        most = boin.max_per_dose if boin is not None else 6
        mtd = mtd_text(t, s.mtd, s.mtd_status, boin is not None, most)
        story: list[Flowable] = [self._p(mtd, "para")]
        if boin is not None:
            story.append(self._p(t.text("safety", "rule_boin", most=most, size=boin.cohort_size), "note"))
        else:
            story.append(self._p(t.text("safety", "rule_3_3"), "note"))

        story += [CondPageBreak(40 * mm), self._p(t.text("safety", "history"), "heading")]
        if s.dlt_history:
            header = [
                t.text("safety", k)
                for k in ("col_step", "col_level", "col_cohort", "col_cohort_subjects", "col_step_decision")
            ]
            body = [
                [str(c.step), c.dose_level, str(c.cohort), ", ".join(c.subjects), t.term(c.decision)]
                for c in s.dlt_history
            ]
            story.append(self._grid(job, header, body, [12, 18, 14, 60, 66], numeric=(0, 2), wrap=(0, 3, 4)))
        else:
            story.append(self._p(t.text("safety", "history_none"), "para"))

        story += [CondPageBreak(35 * mm), self._p(t.text("safety", "expansion"), "heading")]
        if s.dlt_expansion:
            header = [
                t.text("safety", k)
                for k in (
                    "col_level",
                    "col_expansion_subjects",
                    "col_expansion_dlt",
                    "col_overall",
                    "col_overall_rate",
                    "col_overall_ci",
                    "col_flag",
                )
            ]
            body = [
                [
                    x.dose_level,
                    str(x.subjects),
                    str(x.dlt),
                    f"{x.overall_dlt}/{x.overall_evaluable}",
                    self._pct(x.rate),
                    self._pct_ci(x.lower, x.upper),
                    t.text("safety", "flag_yes" if x.flagged else "flag_no"),
                ]
                for x in s.dlt_expansion
            ]
            story.append(self._grid(job, header, body, [18, 20, 18, 30, 20, 30, 34], numeric=range(1, 6), wrap=(0, 6)))
        else:
            story.append(self._p(t.text("safety", "expansion_none"), "para"))

        if boin is not None:
            story += [
                CondPageBreak(50 * mm),
                self._p(t.text("safety", "boin"), "heading"),
                self._p(
                    t.text(
                        "safety",
                        "boin_rule",
                        lambda_e=f"{boin.lambda_e:.3f}",
                        lambda_d=f"{boin.lambda_d:.3f}",
                        target=f"{boin.target:.2f}",
                    ),
                    "para",
                ),
            ]
            never = t.text("safety", "boin_never")
            header = [
                t.text("safety", k)
                for k in ("col_boin_n", "col_boin_escalate", "col_boin_de_escalate", "col_boin_eliminate")
            ]
            body = [
                [
                    str(r.n),
                    never if r.escalate_at_most is None else str(r.escalate_at_most),
                    str(r.de_escalate_at_least),
                    never if r.eliminate_at_least is None else str(r.eliminate_at_least),
                ]
                for r in boin.rows
            ]
            story.append(self._grid(job, header, body, [40, 36, 36, 36], numeric=range(4)))
        return story

    def _delayed(self, job: Job) -> list[Flowable]:
        c: AnnualReportContent = job.content
        s = c.safety
        t = self._t
        story: list[Flowable] = [
            CondPageBreak(60 * mm),
            self._section("delayed"),
            self._p(t.text("delayed", "intro", day=s.delayed_after_day, total=s.delayed_total), "body"),
            self._p(t.text("delayed", "by_category"), "heading"),
        ]
        if s.delayed_by_category:
            rows = [
                TermCount(t.category(r.term), r.subjects, r.events) for r in s.delayed_by_category
            ]
            story.append(self._terms(job, rows, t.text("delayed", "col_category")))
        else:
            story.append(self._none())
        story.append(self._p(t.text("delayed", "listing"), "heading"))
        story += self._listing(
            job,
            s.delayed,
            "delayed",
            (
                "col_subject",
                "col_dose",
                "col_onset",
                "col_day",
                "col_term",
                "col_grade",
                "col_category",
                "col_serious",
                "col_resolved",
            ),
            lambda d: (
                d.subject_id,
                d.dose_level,
                format_date_short(d.onset, self._language),
                str(d.study_day),
                d.term,
                str(d.grade),
                t.category(d.category),
                self._yes_no("delayed", d.serious),
                format_date_short(d.resolved, self._language) if d.resolved else t.text("delayed", "ongoing"),
            ),
            [24, 13, 20, 12, 34, 11, 28, 13, 20],
            numeric=(3, 5),
            wrap=(0, 4, 6),
        )
        return story

    def _safety_reports(self, job: Job) -> list[Flowable]:
        log: SafetyReports = job.content.safety_reports
        t = self._t
        counts = {"on_time": log.on_time, "late": log.late, "not_sent": log.not_sent, "overdue": log.overdue}
        return [
            CondPageBreak(50 * mm),
            self._section("safety_reports"),
            self._p(t.text("safety_reports", "intro", total=log.listing.total, **counts), "body"),
            self._p(t.text("safety_reports", "cases"), "heading"),
            *self._listing(
                job,
                log.cases,
                "safety_reports",
                ("col_case", "col_subject", "col_kind", "col_aware", "col_case_state"),
                lambda r: (
                    str(r.case_id),
                    r.subject_id,
                    t.text("safety_reports", f"kind_{r.kind}"),
                    format_date_short(r.aware, self._language),
                    t.text("safety_reports", "closed_on", day=format_date_short(r.closed, self._language))
                    if r.closed
                    else t.text("safety_reports", "open_steps", count=r.open_steps),
                ),
                [14, 26, 44, 26, 40],
                wrap=(2, 4),
            ),
            self._p(t.text("safety_reports", "reports"), "heading"),
            *self._listing(
                job,
                log.listing,
                "safety_reports",
                ("col_subject", "col_recipient", "col_aware", "col_due", "col_sent", "col_reference", "col_state"),
                lambda r: (
                    r.subject_id,
                    t.text("safety_reports", f"to_{r.recipient}"),
                    format_date_short(r.aware, self._language),
                    format_date_short(r.due, self._language),
                    format_date_short(r.sent, self._language) if r.sent else "",
                    r.reference or "",
                    t.text("safety_reports", f"state_{r.state}"),
                ),
                [24, 24, 22, 22, 22, 30, 28],
                wrap=(0, 1, 5, 6),
            ),
        ]

    def _screens(self, job: Job) -> list[Flowable]:
        """Safety screens per follow-up year: owed, done, all "no", missing; the missing listed."""
        screens = job.content.screens
        t = self._t
        columns = ("col_year", "col_expected", "col_done", "col_all_no", "col_missing", "col_due")
        story: list[Flowable] = [CondPageBreak(60 * mm), self._section("screens"), self._p(t.text("screens", "intro"))]
        if screens.years:
            body = [[t.text("screens", "year", year=y.year), *(str(n) for n in y.counts)] for y in screens.years]
            header = [t.text("screens", c) for c in columns]
            story.append(self._grid(job, header, body, [30, 28, 28, 28, 28, 28], numeric=range(1, 6)))
        else:
            story.append(self._none())
        story.append(self._p(t.text("screens", "listing"), "heading"))
        story += self._listing(
            job,
            screens.missing,
            "screens",
            ("col_subject", "col_visit", "col_window_end"),
            lambda r: (r.subject_id, r.visit_code, format_date_short(r.window_end, self._language)),
            [40, 30, 40],
        )
        return story

    def _data_problems(self, job: Job) -> list[Flowable]:
        listing: Listing = job.content.data_problems
        if not listing.total:
            return []
        return [
            CondPageBreak(50 * mm),
            self._section("data_problems"),
            self._p(self._t.text("data_problems", "intro", total=listing.total), "body"),
            *self._listing(
                job,
                listing,
                "data_problems",
                ("col_subject", "col_date", "col_what", "col_value", "col_reason"),
                lambda r: (
                    r.subject_id,
                    format_date_short(r.date, self._language) if r.date else "",
                    self._problem_words(r.what),
                    self._problem_words(r.value),
                    self._problem_words(r.reason),
                ),
                [24, 20, 28, 34, 64],
                wrap=(0, 2, 3, 4),
            ),
        ]

    def _problem_words(self, text: Any) -> Any:
        """A data problem's words in the report's language: a `data.` message of
        `ltfu.errors` from `[data_problem_words]` (an event's kind from its `kind_` key),
        any other text (a value as stored) as it is."""
        if not isinstance(text, Message) or not text.code.startswith("data."):
            return text
        params = {name: self._problem_param(name, value) for name, value in text.params.items()}
        return self._t.text("data_problem_words", text.code.removeprefix("data."), **params)

    def _problem_param(self, name: str, value: object) -> object:
        if isinstance(value, Message):
            return self._problem_words(value)
        if isinstance(value, dt.date):
            return format_date_short(value, self._language)
        if name == "kind":  # written as words ("new therapy")
            return self._t.text("data_problem_words", f"kind_{str(value).replace(' ', '_')}")
        return value

    def _corrections(self, job: Job) -> list[Flowable]:
        """Changes after a frozen data cut to what it froze (printed only when there is one)."""
        listing: Listing = getattr(job.content, "corrections", Listing(rows=(), total=0))
        if not listing.total:
            return []
        t = self._t
        return [
            CondPageBreak(50 * mm),
            self._section("corrections"),
            self._p(t.text("corrections", "intro", total=listing.total), "body"),
            *self._listing(
                job,
                listing,
                "corrections",
                ("col_cut", "col_subject", "col_record", "col_change", "col_day", "col_reason"),
                lambda r: (
                    t.text("corrections", "cut", cut=r.cut_id, day=format_date_short(r.cut_as_of, self._language)),
                    r.subject_id,
                    t.text("corrections", f"record_{r.record}"),
                    f"{self._field_word(r.field)}: {self._value_word(r.old)} → {self._value_word(r.new)}",
                    format_date_short(r.day, self._language),
                    r.reason,
                ),
                [26, 22, 22, 44, 20, 36],
                wrap=(0, 2, 3, 5),
            ),
        ]

    def _value_word(self, value: str) -> str:
        """A corrected value as the trail wrote it; a yes/no flag in words."""
        flag = {"True": "value_true", "False": "value_false"}.get(value)
        return self._t.text("corrections", flag) if flag else value

    def _field_word(self, field: str) -> str:
        """A corrected field in words; a field the texts do not name yet, as its column."""
        key = f"field_{field}"
        return self._t.text("corrections", key) if key in self._t.sections["corrections"] else field


def render_annual(
    content: AnnualReportContent | IndReportContent,
    texts_folder: Path | None = None,
    language: str = REFERENCE_LANGUAGE,
) -> bytes:
    """The annual status report (or, given an `IndReportContent`, the IND annual report) as
    PDF bytes in `language` (deterministic for the same content)."""
    if isinstance(content, IndReportContent):
        from ltfu.reports.ind import IndRenderer

        return IndRenderer(texts_folder, language).render(content)
    return AnnualRenderer(texts_folder, language).render(content)
