"""The one-page health questionnaire after the letter of a telephone or questionnaire
visit (years 6 to 15), in English and Chinese: one page each, every question and the
return instructions on it, tick boxes, and nothing that names the illness or the
treatment, least of all through the envelope window or in the header."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest
from report_samples import FORBIDDEN, make_batch, make_letter, make_zh_letter, pdf_pages
from reportlab.lib.units import mm
from test_report_letters import placed_text

from ltfu.reports.letters import LetterRenderer, render_letters
from ltfu.reports.texts import default_folder
from ltfu.vocabulary import SCREEN_EXTRAS, SCREEN_QUESTIONS

# Names of the illness or the treatment that must not show on the outside (the brief).
OUTSIDE = ("car-t", "leukemia", "leukaemia", "cancer", "lymphoma", "gene therapy", "白血病", "淋巴瘤", "癌", "基因治疗")


def y6_letter(language: str, **changes):
    make = make_letter if language == "en" else make_zh_letter
    window = dict(window_start=date(2030, 1, 2), window_end=date(2030, 3, 3), suggested_date=date(2030, 1, 7))
    fixed = dict(visit_code="Y6", mode="phone", assessments=("Q", "S", "LT", "R-A"), questionnaire=True)
    return make(**fixed | window | changes)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_questionnaire_is_one_page_after_the_letter_with_every_question(language):
    texts = tomllib.loads(default_folder().joinpath(f"{language}.toml").read_text("utf-8"))["questionnaire"]
    pdf = render_letters(make_batch(y6_letter(language), y6_letter(language, study_id="CD1922-018")))
    pages = pdf_pages(pdf)
    assert len(pages) == 4  # letter, questionnaire, letter, questionnaire
    form = flat(pages[1])
    for key in (*SCREEN_QUESTIONS, *SCREEN_EXTRAS):
        assert flat(texts[key]) in form, key
    assert flat(texts["return"].split("{")[0]) in form  # the last words fit on the page
    assert "CD1922-017/Y6" in form and "CD1922-018/Y6" in flat(pages[3])
    assert "+861012345679" in form  # whom to call


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_longer_site_text_still_fits_the_questionnaire_on_one_page(language, texts_copy):
    path = texts_copy / f"{language}.toml"
    data = path.read_text("utf-8")
    long = " ".join(["Please write clearly in capital letters."] * 25)
    path.write_text(data.replace('filled_in = "', f'filled_in = "{long} ', 1), "utf-8")
    pages = pdf_pages(render_letters(make_batch(y6_letter(language)), texts_copy))
    assert len(pages) == 2
    assert "capital letters" in pages[1]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_questionnaire_names_no_disease_or_therapy(language):
    pdf = render_letters(make_batch(y6_letter(language)))
    for page in pdf_pages(pdf):
        lowered = page.lower()
        assert [word for word in FORBIDDEN if word in lowered] == []
        assert [word for word in OUTSIDE if word in lowered] == []


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_outside_of_the_questionnaire_page_shows_the_site_only(language):
    renderer = LetterRenderer()
    pdf = render_letters(make_batch(y6_letter(language)))
    head = [text for _, y, text in placed_text(pdf, 1) if y < renderer.questionnaire_top / mm]
    letter = make_letter()
    site_strings = (letter.site.site_name, *letter.site.address_lines, letter.site.phone)
    assert head and all(any(text in s or s in text for s in site_strings) for text in head), head
    # Through the window position of a folded page: nothing but the site's letterhead
    # above the questionnaire's title.
    window = [
        text for x, y, text in placed_text(pdf, 1)
        if renderer.window_top / mm <= y <= (renderer.window_top + renderer.window_height) / mm
        and renderer.window_left / mm <= x <= (renderer.window_left + renderer.window_width) / mm
    ]
    assert not [word for word in OUTSIDE if word in " ".join(window).lower()]


def test_only_letters_that_ask_for_it_carry_the_questionnaire():
    assert len(pdf_pages(render_letters(make_batch(make_letter(), y6_letter("en", questionnaire=False))))) == 2
