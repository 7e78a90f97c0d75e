"""Visit letters: one A4 page per letter, for a window envelope.

The layout follows DIN 5008 form B, which fits C5, C6/5 and DL window envelopes with
the window 20 mm from the left and 45 mm from the top: the address zone shows through
the window, the page folds at the marks at 105 and 210 mm.

Privacy (DOMAIN.md section 6, HIPAA minimum necessary): what shows through the window
is the site's return line and the recipient; the letterhead shows only the site's
name, address and phone; the subject line and the body speak of "your follow-up visit"
in lay words. No disease or therapy is named anywhere in the shipped texts, and the
tests check every page of both languages for such words.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ltfu.reports.base import GREY, RULE, Job, Renderer
from ltfu.reports.content import LetterBatch, LetterContent
from ltfu.reports.dates import format_date as _format_date
from ltfu.reports.fonts import fit_text, text_width
from ltfu.reports.layout import TextWriter, break_lines
from ltfu.vocabulary import LANGUAGE, SCREEN_EXTRAS, SCREEN_QUESTIONS


class LetterRenderer(Renderer):
    """Renders a `LetterBatch`: one page per letter, in each letter's language.

    Every page carries the fold and punch marks; each letter's letterhead, window
    address, information block and footer are drawn by a zero-size flowable at the top
    of its page, since every letter may carry its own site and language.
    """

    document_title = "Follow-up letters"
    numbered = False  # each letter is one page; a batch total means nothing to a patient
    # DIN 5008 form B, measured from the top-left corner of the sheet.
    margin_left = 25 * mm
    """Left edge of the body text (and of the address, 5 mm inside the window)."""
    margin_right = 20 * mm
    margin_bottom = 20 * mm
    header_height = 45 * mm
    window_left = 20 * mm
    window_top = 45 * mm
    window_width = 85 * mm
    window_height = 45 * mm
    return_zone_height = 17.7 * mm
    """Top part of the window: the return address line sits at its bottom."""
    address_size = 10
    address_leading = 4.23 * mm
    info_left = 125 * mm
    info_top = 50 * mm
    body_top = 98.5 * mm
    questionnaire_top = 42 * mm
    """Top of the questionnaire page's text, below the site's letterhead only."""
    fold_marks = (105 * mm, 210 * mm)
    punch_mark = 148.5 * mm
    footer_baseline = 10 * mm
    body_size = 10
    body_leading = {"latin": 14, "cjk": 16}  # by script (`ltfu.vocabulary.Language`)
    subject_size = 11.5

    def language(self, content: LetterBatch) -> str:
        return content.letters[0].language

    def site(self, job: Job):
        return job.content.letters[0].site

    def render(self, content: LetterBatch) -> bytes:
        """All letters of the batch as one PDF, one page per letter.

        Drawn in one pass over the canvas, without reportlab's page layout: every page is
        known beforehand (a letter; its questionnaire on a page of its own), and a body
        too tall for its frame is scaled down, never split. Each page's parts are placed
        as reportlab's frame would place them (same operators, same PDF)."""
        job = self.make_job(content, self.language(content))
        buffer = io.BytesIO()
        doc = self.document(job, buffer)
        canvas = doc._makeCanvas()
        marks: list[str] = []
        for top, flowables in self.pages(job):
            self._marks(canvas, marks)
            y = self.page_height - top
            for flowable in flowables:  # down the text frame, from `top` to the bottom margin
                _, height = flowable.wrapOn(canvas, self.text_width, y - self.margin_bottom)
                y -= height
                flowable.drawOn(canvas, self.margin_left, y)
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()

    def _marks(self, canvas: Canvas, marks: list[str]) -> None:
        """Fold and punch marks at the left edge: the same operators on every page, made
        on the first (into `marks`) and repeated after. (What is drawn after them on the
        page sets its own colour and line width: nothing reads the canvas's record of them.)"""
        if marks:
            canvas._code.extend(marks)
            return
        start = len(canvas._code)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.4)
        for from_top in self.fold_marks:
            y = self.page_height - from_top
            canvas.line(4 * mm, y, 9 * mm, y)
        y = self.page_height - self.punch_mark
        canvas.line(4 * mm, y, 11 * mm, y)
        marks += canvas._code[start:]

    def pages(self, job: Job) -> Iterator[tuple[float, list[Flowable]]]:
        """Per page: where its text frame starts (from the page's top) and what it holds."""
        batch: LetterBatch = job.content
        jobs = {job.texts.language: job}
        forms: dict = {}  # (site, language) -> name of the form holding what their letters share
        for letter in batch.letters:
            if letter.language not in jobs:
                jobs[letter.language] = self.make_job(batch, letter.language)
            letter_job = jobs[letter.language]
            values = self.values(letter_job, letter)  # formatted once for the page's parts
            yield self.body_top, [
                _Furniture(self, letter_job, letter, forms, values),
                self._body(letter_job, letter, values),
            ]
            if letter.questionnaire:
                yield self.questionnaire_top, [
                    _QuestionnaireHead(self, letter_job, letter),
                    self._questionnaire(letter_job, letter, values),
                ]

    def _questionnaire(self, job: Job, letter: LetterContent, values: dict[str, str]) -> _LetterBody:
        """The health questionnaire: one page (scaled down rather than split), tick boxes
        yes / no / don't know for each question of the safety screen and the two of
        the questionnaire, room to write, and how to send it back."""
        texts = job.texts
        body = _LetterBody(job, self.body_size, self.body_leading[LANGUAGE[letter.language].script])

        def text(key: str) -> str:
            return texts.text("questionnaire", key, **values)

        body.para(text("title"), bold=True, size=self.subject_size, after=3 * mm)
        body.para(text("intro"))
        body.ticks(
            text("question"),
            (text("yes"), text("no"), text("dont_know")),
            tuple(f"{n}. {text(q)}" for n, q in enumerate((*SCREEN_QUESTIONS, *SCREEN_EXTRAS), start=1)),
        )
        body.para(text("details"), after=1 * mm)
        body.rules(5)
        body.para(text("filled_in"), after=3 * mm)
        body.para(text("return"))
        return body

    def values(self, job: Job, letter: LetterContent) -> dict[str, str]:
        """The placeholder values of one letter (dates and phone numbers never break across lines)."""
        batch: LetterBatch = job.content
        language = letter.language
        values = {
            "recipient_name": letter.recipient_name,
            "patient_name": letter.patient_name,
            "study_id": letter.study_id,
            "visit_code": letter.visit_code,
            "visit_label": letter.visit_label or job.texts.visit_label(letter.visit_code),
            "window_start": format_date(letter.window_start, language),
            "window_end": format_date(letter.window_end, language),
            "suggested_date": format_date(letter.suggested_date, language),
            "contact_phone": letter.contact_phone,
            "site_name": letter.site.site_name,
            "site_phone": letter.site.phone,
            "print_date": format_date(letter.print_date, language),
            "data_cut": format_date(batch.data_cut, language),
        }
        for key in _UNBROKEN:
            values[key] = values[key].replace(" ", "\u00a0")
        return values

    def _body(self, job: Job, letter: LetterContent, values: dict[str, str]) -> _LetterBody:
        texts = job.texts
        part = letter.recipient
        body = _LetterBody(job, self.body_size, self.body_leading[LANGUAGE[letter.language].script])
        body.para(texts.text(part, "subject", **values), bold=True, size=self.subject_size, after=3 * mm)
        body.para(texts.text(part, "greeting", **values))
        for text in texts.lines(part, "before", **values):
            body.para(text)
        if letter.window_start == letter.window_end:
            window = texts.text("letter", "window_text_single", **values)
        else:
            window = texts.text("letter", "window_text", **values)
        body.facts(
            (
                (texts.text("letter", "visit_label"), values["visit_label"]),
                (texts.text("letter", "window_label"), window),
                (texts.text("letter", "suggested_label"), values["suggested_date"]),
                (texts.text("letter", "mode_label"), texts.text("modes", letter.mode)),
            )
        )
        body.para(texts.text(part, f"mode_{letter.mode}", **values))
        phrases = texts.assessment_phrases(letter.assessments)
        if phrases:
            body.para(texts.text(part, "assessments_intro", **values), after=0.8 * mm)
            for phrase in phrases:
                body.bullet(phrase)
            body.gap(1.5 * mm)
        for text in texts.lines(part, "after", **values):
            body.para(text)
        body.gap(2 * mm)
        body.para("\n".join(texts.lines(part, "closing", **values)), after=body.leading)
        body.para("\n".join(texts.lines(part, "signature", **values)))
        return body


class _LetterBody(Flowable):
    """The body of one letter: paragraphs, bullets and a box of key facts.

    Laid out with `layout.break_lines` (no markup parsing; text drawn as given). A body
    too tall for the page (a site's longer texts) is scaled down to fit, never split:
    a letter is one page.
    """

    def __init__(self, job: Job, size: float, leading: float):
        super().__init__()
        self.job, self.size, self.leading = job, size, leading
        self._items: list[tuple] = []
        self._scale = 1.0

    def para(self, text: str, bold: bool = False, size: float | None = None, after: float | None = None) -> None:
        size = size or self.size
        leading = self.leading * size / self.size
        self._items.append(
            (
                "heading" if bold else "para",
                text,
                self.job.bold if bold else self.job.font,
                size,
                leading,
                self.leading * 0.45 if after is None else after,
            )
        )

    def bullet(self, text: str) -> None:
        self._items.append(("bullet", text, self.job.font, self.size, self.leading, 0.0))

    def gap(self, height: float) -> None:
        self._items.append(("gap", height))

    def facts(self, rows: tuple[tuple[str, str], ...]) -> None:
        self._items.append(("facts", rows))

    def ticks(self, heading: str, answers: tuple[str, ...], questions: tuple[str, ...]) -> None:
        """Questions, each with an empty tick box under every answer's column."""
        self._items.append(("ticks", heading, answers, questions))

    def rules(self, count: int) -> None:
        """Ruled lines to write on."""
        self._items.append(("rules", count))

    def _layout(self, width: float) -> float:
        """Break every text into lines at `width`; returns the height."""
        font, bold, size, leading = self.job.font, self.job.bold, self.size, self.leading
        placed: list[tuple] = []
        height = 0.0
        for item in self._items:
            kind = item[0]
            if kind == "gap":
                height += item[1]
            elif kind == "rules":
                placed.append(("rules", height, item[1], width))
                height += item[1] * _RULE_GAP + self.leading * 0.45
            elif kind == "ticks":
                _, heading, answers, questions = item
                column = max(max(text_width(a, bold, size) for a in answers) + 2 * mm, _TICK_COLUMN)
                text_room = width - column * len(answers) - 2 * mm
                broken = [break_lines(q, font, size, text_room) for q in questions]
                block = leading * 1.2 + sum(len(lines) * leading + _TICK_ROW_GAP for lines in broken)
                placed.append(("ticks", height, heading, answers, broken, column, width))
                height += block + self.leading * 0.6
            elif kind == "facts":
                label_width = min(max(text_width(label, bold, size) for label, _ in item[1]) + 5 * mm, 0.4 * width)
                value_width = width - label_width - _FACTS_INSET - 2 * _FACTS_PAD
                rows = [(label, break_lines(value, font, size, value_width)) for label, value in item[1]]
                box = sum(len(lines) * leading + _FACTS_ROW_GAP for _, lines in rows) + 2 * _FACTS_PAD
                placed.append(("facts", height, rows, label_width, width - _FACTS_INSET, box))
                height += box + self.leading * 0.6
            else:
                _, text, item_font, item_size, item_leading, after = item
                indent = _BULLET_INDENT if kind == "bullet" else 0.0
                lines = break_lines(text, item_font, item_size, width - indent)
                placed.append((kind, height, lines, item_font, item_size, item_leading, indent))
                height += len(lines) * item_leading + after
        self._placed = placed
        return height

    def _draw_boxes(self, canvas, placed: tuple) -> None:
        _, top, _, answers, rows, column, width = placed
        size, leading = self.size, self.leading
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.7)
        y = -top - leading * 1.2
        for lines in rows:
            for n in range(len(answers)):
                x = width - column * (len(answers) - n) + column / 2
                canvas.rect(x - _TICK_BOX / 2, y - size * 0.95, _TICK_BOX, _TICK_BOX, stroke=1, fill=0)
            y -= len(lines) * leading + _TICK_ROW_GAP
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.3)
            canvas.line(0, y + _TICK_ROW_GAP / 2, width, y + _TICK_ROW_GAP / 2)
            canvas.setStrokeColor(colors.black)
            canvas.setLineWidth(0.7)

    def wrap(self, available_width, available_height):
        self._scale = 1.0
        height = self._layout(available_width)
        for _ in range(6):
            if height * self._scale <= available_height:
                break
            self._scale = min(self._scale, available_height / height) * 0.99
            height = self._layout(available_width / self._scale)
        self._height = height
        return available_width, height * self._scale

    def draw(self):
        canvas = self.canv
        size, leading, font, bold = self.size, self.leading, self.job.font, self.job.bold
        canvas.translate(0, self._height * self._scale)
        canvas.scale(self._scale, self._scale)
        for placed in self._placed:  # boxes first: text must not be painted over
            if placed[0] == "ticks":
                self._draw_boxes(canvas, placed)
            elif placed[0] == "rules":
                _, top, count, width = placed
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.5)
                for n in range(1, count + 1):
                    y = -top - n * _RULE_GAP
                    canvas.line(0, y, width, y)
            if placed[0] == "facts":
                _, top, _, _, box_width, box = placed
                canvas.setFillColor(_FACTS_FILL)
                canvas.setStrokeColor(RULE)
                canvas.setLineWidth(0.6)
                canvas.rect(0, -top - box, box_width, box, stroke=1, fill=1)
        # A face without bold (Chinese) is emboldened by stroking the glyph outlines too.
        fake_bold = bold == font
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.35)
        with TextWriter(canvas) as writer:
            writer.fill(colors.black)
            for placed in self._placed:
                kind, top = placed[0], placed[1]
                if kind == "rules":
                    continue
                if kind == "ticks":
                    _, _, heading, answers, rows, column, width = placed
                    y = -top - size
                    writer.emphasis(fake_bold)
                    writer.line(0, y, heading, bold, size)
                    for n, answer in enumerate(answers):
                        x = width - column * (len(answers) - n) + column / 2
                        writer.line(x, y, fit_text(answer, bold, size, column), bold, size, align="centre")
                    writer.emphasis(False)
                    y -= leading * 1.2
                    for lines in rows:
                        writer.lines(0, y, tuple(lines), font, size, leading)
                        y -= len(lines) * leading + _TICK_ROW_GAP
                    continue
                if kind == "facts":
                    _, _, rows, label_width, _, _ = placed
                    y = -top - _FACTS_PAD - size
                    for label, lines in rows:
                        writer.emphasis(fake_bold)
                        writer.line(_FACTS_PAD, y, fit_text(label, bold, size, label_width - 2 * mm), bold, size)
                        writer.emphasis(False)
                        writer.lines(_FACTS_PAD + label_width, y, lines, font, size, leading)
                        y -= len(lines) * leading + _FACTS_ROW_GAP
                    continue
                _, _, lines, item_font, item_size, item_leading, indent = placed
                baseline = -top - item_size
                if kind == "bullet":
                    writer.line(_BULLET_INDENT * 0.3, baseline, "•", font, item_size)
                writer.emphasis(fake_bold and kind == "heading")
                writer.lines(indent, baseline, lines, item_font, item_size, item_leading)
                writer.emphasis(False)


_UNBROKEN = frozenset(
    {"window_start", "window_end", "suggested_date", "contact_phone", "site_phone", "print_date", "data_cut"}
)


# A batch prints the same few dozen days (windows, today) a thousand times: each day's
# words are made once per language.
format_date = functools.lru_cache(maxsize=4096)(_format_date)
_BULLET_INDENT = 6 * mm
_TICK_COLUMN = 16 * mm
_TICK_BOX = 3.6 * mm
_TICK_ROW_GAP = 2.2 * mm
_RULE_GAP = 7 * mm
_FACTS_INSET = 8 * mm
_FACTS_PAD = 2.5 * mm
_FACTS_ROW_GAP = 1.2 * mm
_FACTS_FILL = colors.Color(0.95, 0.95, 0.95)


class _Furniture(Flowable):
    """The fixed parts of one letter, drawn at their places on the sheet.

    It takes no room in the body frame: `drawOn` paints in page coordinates the
    letterhead, the return line and address in the envelope window, the information
    block (date, reference, phone) and the footer.
    """

    def __init__(self, renderer: LetterRenderer, job: Job, letter: LetterContent, forms: dict, values: dict[str, str]):
        super().__init__()
        self.renderer, self.job, self.letter, self.forms, self.values = renderer, job, letter, forms, values

    def wrap(self, available_width, available_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        r, job, letter = self.renderer, self.job, self.letter
        texts, font = job.texts, job.font
        top = r.page_height
        canvas.saveState()
        # The parts every letter of a site and language share are drawn once per
        # document as a form (a PDF XObject) and only placed on each page.
        key = (letter.site, letter.language)
        if key not in self.forms:
            self.forms[key] = f"ltfuLetterhead{len(self.forms)}"
            canvas.beginForm(self.forms[key])
            self._draw_shared(canvas)
            canvas.endForm()
        canvas.doForm(self.forms[key])
        room = r.window_width - 2 * (r.margin_left - r.window_left)
        with TextWriter(canvas) as writer:
            # Recipient: name and address, shrunk (not cut) to fit the window's width.
            writer.fill(colors.black)
            y_line = top - r.window_top - r.return_zone_height - 3.8 * mm
            for text in (letter.recipient_name, *letter.address_lines):
                size = r.address_size
                needed = text_width(text, font, size)
                if needed > room:
                    size = max(7.0, size * room / needed)
                writer.line(r.margin_left, y_line, fit_text(text, font, size, room), font, size)
                y_line -= r.address_leading

            # Information block values: date, reference, telephone.
            y_info = top - r.info_top - 3.6 * mm
            info_room = r.page_width - r.margin_right - r.info_left
            for value in (
                format_date(letter.print_date, letter.language),
                f"{letter.study_id} / {letter.visit_code}",
                letter.contact_phone,
            ):
                writer.line(r.info_left, y_info, fit_text(value, font, 9, info_room), font, 9)
                y_info -= 8.5 * mm

            # Footer: when the plan was read and the letter printed.
            footer = texts.text("letter", "footer", **self.values)
            writer.fill(GREY)
            writer.line(r.margin_left, r.footer_baseline, fit_text(footer, font, 7, r.text_width), font, 7)
        canvas.restoreState()

    def _draw_shared(self, canvas) -> None:
        """Letterhead, return line and the information block's labels."""
        r, job, site = self.renderer, self.job, self.letter.site
        texts, font = job.texts, job.font
        top = r.page_height
        right = r.page_width - r.margin_right
        r.draw_letterhead(canvas, job, r.window_left, top - 12 * mm, right, site=site)
        room = r.window_width - 2 * (r.margin_left - r.window_left)
        y_return = top - r.window_top - r.return_zone_height + 2 * mm
        with TextWriter(canvas) as writer:
            # Return line at the bottom of the window's top zone: the site only.
            writer.fill(GREY)
            line = " · ".join((site.site_name, *site.address_lines))
            return_width = writer.line(r.margin_left, y_return, fit_text(line, font, 6.5, room), font, 6.5)
            y_info = top - r.info_top
            info_room = r.page_width - r.margin_right - r.info_left
            for key in ("date_label", "reference_label", "phone_label"):
                label = texts.text("letter", key)
                writer.line(r.info_left, y_info, fit_text(label, font, 7.5, info_room), font, 7.5)
                y_info -= 8.5 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(r.window_left, top - r.header_height + 4 * mm, right, top - r.header_height + 4 * mm)
        canvas.setLineWidth(0.3)
        canvas.line(r.margin_left, y_return - 1 * mm, r.margin_left + return_width, y_return - 1 * mm)


class _QuestionnaireHead(Flowable):
    """The questionnaire page's head: the site's letterhead and a rule, nothing else
    (the page may show through an envelope window too)."""

    def __init__(self, renderer: LetterRenderer, job: Job, letter: LetterContent):
        super().__init__()
        self.renderer, self.job, self.letter = renderer, job, letter

    def wrap(self, available_width, available_height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        r = self.renderer
        top, right = r.page_height, r.page_width - r.margin_right
        canvas.saveState()
        r.draw_letterhead(canvas, self.job, r.window_left, top - 12 * mm, right, site=self.letter.site)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(r.window_left, top - r.questionnaire_top + 6 * mm, right, top - r.questionnaire_top + 6 * mm)
        canvas.restoreState()


def render_letters(batch: LetterBatch, texts_folder: Path | None = None) -> bytes:
    """The letters of `batch` as one PDF, one page per letter, each in its own language."""
    return LetterRenderer(texts_folder).render(batch)
