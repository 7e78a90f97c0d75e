"""Bundled fonts, font runs for mixed scripts, escaping, and line breaking."""

from __future__ import annotations

import time
from importlib.resources import files

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from ltfu.reports.fonts import CJK, SANS, SANS_BOLD, markup, register_fonts, runs, text_width
from ltfu.reports.layout import break_lines


def test_fonts_and_their_licences_ship_inside_the_package():
    folder = files("ltfu").joinpath("resources", "fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "wqy-microhei.ttc", "LICENSE-DejaVu.txt",
                 "LICENSE-WenQuanYi-MicroHei.txt", "LICENSE-Apache-2.0.txt", "README.md"):
        assert folder.joinpath(name).is_file(), name
    size = sum(folder.joinpath(name).stat().st_size for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                                    "wqy-microhei.ttc"))
    assert size < 10_000_000


def test_registration_happens_once():
    register_fonts()
    started = time.perf_counter()
    for _ in range(1000):
        register_fonts()
    assert time.perf_counter() - started < 0.05


def test_runs_pick_the_font_that_has_the_glyphs():
    assert runs("Zoë François", SANS) == ((SANS, "Zoë François"),)
    assert runs("Dear 张示例一,", SANS) == ((SANS, "Dear "), (CJK, "张示例一"), (SANS, ","))
    assert runs("尊敬的Zoë：", CJK) == ((CJK, "尊敬的Zoë："),)  # Micro Hei has Latin letters too
    assert runs("北京 示例", SANS_BOLD) == ((CJK, "北京 示例"),)  # the space stays in the run


def test_markup_escapes_before_choosing_fonts():
    assert markup('<b>Tom & "Jerry"</b>', SANS) == '&lt;b&gt;Tom &amp; "Jerry"&lt;/b&gt;'
    assert markup("A&B 张", SANS) == f'A&amp;B <font name="{CJK}">张</font>'
    style = ParagraphStyle("t", fontName=SANS)
    paragraph = Paragraph(markup('<b>Tom & "Jerry"</b> 张', SANS), style)
    paragraph.wrap(500, 100)  # parses without treating the name as markup


def test_latin_lines_break_at_spaces_within_the_width():
    text = "It is time to plan your Month 12 visit. This letter tells you when it is and what we will do."
    lines = break_lines(text, SANS, 10, 200)
    assert len(lines) > 1
    assert " ".join(lines) == text
    assert all(text_width(line, SANS, 10) <= 200 for line in lines)


def test_chinese_lines_never_start_with_closing_punctuation():
    text = "您的第12个月随访快到了。本信告诉您随访的时间和内容，请妥善保存至随访时。（星期一）" * 3
    for width in range(60, 300, 7):
        lines = break_lines(text, CJK, 10, width)
        assert "".join(lines) == text
        for line in lines:
            assert text_width(line, CJK, 10) <= width
            assert line[0] not in "，。）：；！？、"
            assert line[-1] != "（"


def test_a_word_wider_than_the_line_is_cut():
    lines = break_lines("x" * 80, SANS, 10, 100)
    assert "".join(lines) == "x" * 80
    assert all(text_width(line, SANS, 10) <= 100 for line in lines)
