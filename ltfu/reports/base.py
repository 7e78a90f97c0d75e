"""What every printed document shares: page geometry, letterhead, footer, fonts, styles.

A renderer is a class whose page geometry is plain attributes (a site or a subclass can
change the margins without touching the drawing code) and whose `render(content)`
returns the PDF as bytes. Documents of several pages get a letterhead on the first page,
a running head on later ones, and a footer with the data-cut date and "Page X of Y".

PDFs are written with reportlab's `invariant` mode: the same content gives the same
bytes (no creation time read from the clock, no random document id).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from ltfu.errors import ValidationError
from ltfu.reports.content import Letterhead
from ltfu.reports.fonts import draw_text, fit_text, primary_fonts, register_fonts
from ltfu.reports.layout import TextWriter
from ltfu.reports.texts import Texts, load_texts
from ltfu.vocabulary import LANGUAGE

GREY = colors.Color(0.35, 0.35, 0.35)
RULE = colors.Color(0.6, 0.6, 0.6)


@dataclass(frozen=True)
class Job:
    """One render call: the content, its language's texts and fonts."""

    content: Any
    texts: Texts
    font: str
    bold: str
    styles: dict[str, ParagraphStyle]


@functools.lru_cache(maxsize=4)
def paragraph_styles(language: str) -> dict[str, ParagraphStyle]:
    """The paragraph styles of a document in `language` (shared; never modify them)."""
    register_fonts()
    font, bold = primary_fonts(language)
    cjk = LANGUAGE[language].script == "cjk"
    wrap = {"wordWrap": "CJK"} if cjk else {}
    # Chinese has no bold face here: headings are set larger instead.
    grow = 1.0 if not cjk else 1.1
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14 if not cjk else 16, **wrap)
    return {
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
        "subject": ParagraphStyle(
            "subject", parent=body, fontName=bold, fontSize=11.5 * grow, leading=16, spaceAfter=3 * mm
        ),
        "title": ParagraphStyle("title", parent=body, fontName=bold, fontSize=15 * grow, leading=20, spaceAfter=1 * mm),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontName=bold,
            fontSize=11 * grow,
            leading=15,
            spaceBefore=4 * mm,
            spaceAfter=1.5 * mm,
            keepWithNext=1,
        ),
        "week": ParagraphStyle(
            "week", parent=body, fontName=bold, fontSize=11 * grow, leading=15, spaceBefore=4 * mm, spaceAfter=1.5 * mm
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", parent=body, fontName=bold, fontSize=8, leading=10),
        "bullet": ParagraphStyle(
            "bullet", parent=body, leftIndent=6 * mm, bulletIndent=1.5 * mm, bulletFontName=font, spaceBefore=0.5 * mm
        ),
    }


@functools.lru_cache(maxsize=8)
def _logo(path: str) -> ImageReader:
    try:
        return ImageReader(path)
    except Exception as error:  # reportlab raises plain IOError/OSError and PIL errors alike
        raise ValidationError(f"letterhead: the logo {path} cannot be read as an image ({error})") from None


class _NumberedCanvas(Canvas):
    """Keeps each page until the end so the footer can say "Page X of Y"."""

    def __init__(self, *args, footer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer = footer

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if self._footer is not None:
                self._footer(self, number, total)
            super().showPage()
        super().save()


class Renderer:
    """Base of the PDF renderers: page geometry, fonts, letterhead and footer.

    Subclasses implement `language(content)` and `story(job)`; documents of several
    pages use `page_templates` as they are (letterhead first, running head after).
    """

    pagesize = A4
    margin_left = 20 * mm
    margin_right = 20 * mm
    margin_top = 12 * mm
    margin_bottom = 20 * mm
    letterhead_height = 28 * mm
    """Band at the top of the first page: site name, address, phone, logo."""
    running_head_height = 10 * mm
    """Band at the top of later pages: site name and document title."""
    footer_baseline = 10 * mm
    logo_max_width = 45 * mm
    logo_max_height = 18 * mm
    document_title = "ltfu"
    numbered = True
    """Draw "Page X of Y" (keeps pages in memory until the end; small documents only)."""

    def __init__(self, texts_folder: Path | None = None):
        self.texts_folder = texts_folder

    # --- to implement -------------------------------------------------------------
    def language(self, content: Any) -> str:
        raise NotImplementedError

    def story(self, job: Job) -> list[Flowable]:
        raise NotImplementedError

    def footer_note(self, job: Job) -> str:
        """The left part of the footer (the data-cut date)."""
        return ""

    def running_title(self, job: Job) -> str:
        return ""

    def site(self, job: Job) -> Letterhead:
        return job.content.site

    # --- rendering ----------------------------------------------------------------
    @property
    def page_width(self) -> float:
        return self.pagesize[0]

    @property
    def page_height(self) -> float:
        return self.pagesize[1]

    @property
    def text_width(self) -> float:
        return self.page_width - self.margin_left - self.margin_right

    def render(self, content: Any) -> bytes:
        """The document as PDF bytes."""
        job = self.make_job(content, self.language(content))
        buffer = io.BytesIO()
        doc = self.document(job, buffer)
        doc.addPageTemplates(self.page_templates(job))
        story = self.story(job)
        if self.numbered:
            doc.build(
                story, canvasmaker=functools.partial(_NumberedCanvas, footer=functools.partial(self.draw_footer, job))
            )
        else:
            doc.build(story)
        return buffer.getvalue()

    def document(self, job: Job, buffer: io.BytesIO) -> BaseDocTemplate:
        """The document writing into `buffer`: page size, margins, metadata (title, site,
        subject), invariant output."""
        return BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            title=self.document_title,
            author=self.site(job).site_name,
            creator="ltfu",
            subject=self.pdf_subject(job),
            invariant=1,
            leftMargin=self.margin_left,
            rightMargin=self.margin_right,
            topMargin=self.margin_top,
            bottomMargin=self.margin_bottom,
        )

    def pdf_subject(self, job: Job) -> str:
        """The PDF's subject metadata (a signed report carries the audit head there)."""
        return ""

    def make_job(self, content: Any, language: str) -> Job:
        register_fonts()
        font, bold = primary_fonts(language)
        return Job(
            content=content,
            texts=load_texts(language, self.texts_folder),
            font=font,
            bold=bold,
            styles=paragraph_styles(language),
        )

    def _frame(self, name: str, top: float) -> Frame:
        """The text frame of a page: full text width, from the bottom margin to `top`."""
        bottom = self.margin_bottom
        return Frame(
            self.margin_left,
            bottom,
            self.text_width,
            top - bottom,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    def page_templates(self, job: Job) -> list[PageTemplate]:
        first_top = self.page_height - self.margin_top - self.letterhead_height
        later_top = self.page_height - self.margin_top - self.running_head_height
        first = self._frame("first", first_top)
        later = self._frame("later", later_top)
        return [
            PageTemplate(
                "first", [first], onPage=functools.partial(self._first_page, job), autoNextPageTemplate="later"
            ),
            PageTemplate("later", [later], onPage=functools.partial(self._later_page, job)),
        ]

    def _first_page(self, job: Job, canvas: Canvas, doc) -> None:
        top = self.page_height - self.margin_top
        self.draw_letterhead(canvas, job, self.margin_left, top, self.page_width - self.margin_right)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        rule_y = top - self.letterhead_height + 3 * mm
        canvas.line(self.margin_left, rule_y, self.page_width - self.margin_right, rule_y)

    def _later_page(self, job: Job, canvas: Canvas, doc) -> None:
        y = self.page_height - self.margin_top - 4 * mm
        right = self.page_width - self.margin_right
        canvas.setFillColor(GREY)
        title = self.running_title(job)
        title_width = draw_text(canvas, right, y, title, job.font, 8, align="right") if title else 0
        name = fit_text(self.site(job).site_name, job.bold, 8, self.text_width - title_width - 5 * mm)
        draw_text(canvas, self.margin_left, y, name, job.bold, 8)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(self.margin_left, y - 2 * mm, right, y - 2 * mm)
        canvas.setFillColor(colors.black)

    def draw_letterhead(
        self, canvas: Canvas, job: Job, left: float, top: float, right: float, site: Letterhead | None = None
    ) -> None:
        """Site name, address and phone at the top left; the logo at the top right.

        Only the site: a letterhead never names the trial, the disease or the therapy.
        """
        site = site or self.site(job)
        logo_width = 0.0
        if site.logo_path is not None:
            image = _logo(str(site.logo_path))
            width, height = image.getSize()
            scale = min(self.logo_max_width / width, self.logo_max_height / height)
            logo_width = width * scale
            canvas.drawImage(image, right - logo_width, top - height * scale, logo_width, height * scale, mask="auto")
        room = right - left - logo_width - 5 * mm
        lines = list(site.address_lines)
        if site.phone:
            lines.append(f"{job.texts.text('page', 'phone')} {site.phone}")
        with TextWriter(canvas) as writer:
            writer.fill(colors.black)
            y = top - 12
            writer.line(left, y, fit_text(site.site_name, job.bold, 13, room), job.bold, 13)
            y -= 5.5 * mm
            writer.fill(GREY)
            for line in lines[:4]:
                writer.line(left, y, fit_text(line, job.font, 8.5, room), job.font, 8.5)
                y -= 3.8 * mm

    def draw_footer(self, job: Job, canvas: Canvas, page: int, pages: int) -> None:
        canvas.saveState()
        canvas.setFillColor(GREY)
        y = self.footer_baseline
        right = self.page_width - self.margin_right
        number = job.texts.text("page", "number", page=page, pages=pages)
        width = draw_text(canvas, right, y, number, job.font, 7.5, align="right")
        note = self.footer_note(job)
        if note:
            draw_text(
                canvas,
                self.margin_left,
                y,
                fit_text(note, job.font, 7.5, self.text_width - width - 5 * mm),
                job.font,
                7.5,
            )
        canvas.restoreState()
