"""Visit letters, rendered and read back: pages, names, dates, Chinese, privacy, layout."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from report_samples import ALL_CODES, FORBIDDEN, SITE, make_batch, make_letter, make_zh_letter, pdf_pages
from reportlab.lib.units import mm

from ltfu.errors import ValidationError
from ltfu.reports import LetterBatch, render_letters
from ltfu.reports.letters import LetterRenderer

PAGE_HEIGHT = 297 * mm


def placed_text(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(mm from the left, mm from the top, text) of every piece of text on a page."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x / mm, (PAGE_HEIGHT - y) / mm, text.strip()))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_one_page_per_letter_in_both_languages():
    letters = tuple(make_letter(study_id=f"CD1922-{n:03d}") if n % 2 else make_zh_letter(study_id=f"CD1922-{n:03d}")
                    for n in range(7))
    pages = pdf_pages(render_letters(make_batch(*letters)))
    assert len(pages) == 7
    for number, page in enumerate(pages):
        assert f"CD1922-{number:03d}" in page


def test_english_letter_prints_name_dates_and_lay_assessments():
    page = pdf_pages(render_letters(make_batch(make_letter())))[0]
    assert "Dear Zoë François," in page
    assert "between Monday 3 June 2024 and Tuesday 2 July 2024" in page
    assert "Friday 7 June 2024" in page  # the nominal Saturday 8 June, moved to the Friday
    assert "a bone marrow test" in page and "blood tests" in page
    assert page.count("blood tests") == 1  # several blood codes, one phrase
    assert "Month 12 visit" in page
    assert "+86 10 1234 5679" in page


def test_chinese_letter_text_extracts_as_chinese():
    page = pdf_pages(render_letters(make_batch(make_zh_letter())))[0]
    assert "尊敬的张示例一：" in page
    assert "2024年6月3日（星期一）至2024年7月2日（星期二）之间" in page
    assert "2024年6月7日（星期五）" in page
    assert "北京示例医院" in page
    assert "第12个月随访" in page and "骨髓检查" in page
    assert "北京市东城区示例路1号" in page


def test_chinese_name_in_an_english_letter_and_accents_in_a_chinese_one():
    pages = pdf_pages(render_letters(make_batch(
        make_letter(recipient_name="张示例一"),
        make_zh_letter(recipient_name="Zoë François"),
    )))
    assert "Dear 张示例一," in pages[0]
    assert "尊敬的Zoë François：" in pages[1]


def test_user_text_prints_literally():
    name = '<b>Tom & "Jerry"</b>'
    site = replace(SITE, site_name="A&B <Clinic>")
    page = pdf_pages(render_letters(make_batch(make_letter(recipient_name=name, site=site,
                                                           address_lines=("1 <i>Road</i> & Co",)))))[0]
    assert f"Dear {name}," in page
    assert "A&B <Clinic>" in page
    assert "1 <i>Road</i> & Co" in page


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("mode", ["clinic", "phone"])
@pytest.mark.parametrize("recipient", ["patient", "physician"])
def test_no_letter_names_the_disease_or_the_therapy(language, mode, recipient):
    make = make_letter if language == "en" else make_zh_letter
    letter = make(mode=mode, assessments=ALL_CODES, recipient=recipient,
                  patient_name="Zoë François" if recipient == "physician" else "")
    for page in pdf_pages(render_letters(make_batch(letter))):
        lowered = page.lower()
        assert [word for word in FORBIDDEN if word in lowered] == []


def test_address_shows_in_the_envelope_window_and_the_letterhead_is_only_the_site():
    renderer = LetterRenderer()
    pdf = render_letters(make_batch(make_letter()))
    placed = placed_text(pdf)
    window = [(x, y, text) for x, y, text in placed
              if renderer.window_left / mm <= x <= (renderer.window_left + renderer.window_width) / mm
              and renderer.window_top / mm <= y <= (renderer.window_top + renderer.window_height) / mm]
    shown = " ".join(text for _, _, text in window)
    assert "Zoë François" in shown and "75001 Paris" in shown and "France" in shown
    # Through the window: the site's return line and the recipient, nothing else.
    expected = {"Zoë François", "12 Rue de l'Exemple", "75001 Paris", "France"}
    others = [text for _, _, text in window if text not in expected]
    assert all("Beijing Example Hospital" in text or "北京示例医院" in text for text in others), others
    # The letterhead zone (above the window) holds the site's name, address and phone only.
    site_strings = (SITE.site_name, *SITE.address_lines, f"Tel. {SITE.phone}")
    head = [text for x, y, text in placed if y < renderer.window_top / mm and x < renderer.info_left / mm]
    assert head and all(any(text in string for string in site_strings) for text in head), head


def test_long_site_texts_still_fit_one_page(texts_copy):
    path = texts_copy / "en.toml"
    long = " ".join(["Please read this carefully."] * 40)
    path.write_text(path.read_text("utf-8").replace('"Thank you for taking part."', f'"{long}", "{long}"'), "utf-8")
    pages = pdf_pages(render_letters(make_batch(make_letter(), make_letter()), texts_copy))
    assert len(pages) == 2
    assert "Thank you" not in pages[0] and "With kind regards," in pages[0]


def test_letter_to_the_physician_names_the_patient():
    letter = make_letter(recipient="physician", recipient_name="Dr Anna Müller",
                         address_lines=("Praxis Dr Müller", "Hauptstraße 5", "10115 Berlin"),
                         patient_name="Zoë François")
    page = pdf_pages(render_letters(make_batch(letter)))[0]
    assert "Dear Dr Anna Müller," in page
    assert "Follow-up visit of your patient Zoë François" in page
    assert "Friday 7 June 2024" in page


def test_zero_width_window_prints_one_date():
    day = date(2024, 3, 4)
    letter = make_letter(visit_code="D0", window_start=day, window_end=day, suggested_date=day)
    page = pdf_pages(render_letters(make_batch(letter)))[0]
    assert "on Monday 4 March 2024" in page and "between" not in page
    assert "Day 0 visit" in page


def test_footer_has_print_date_and_data_cut():
    page = pdf_pages(render_letters(make_batch(make_letter())))[0]
    assert "Visit dates as planned on Wednesday 1 May 2024. Printed on Thursday 2 May 2024." in page


def test_a_logo_prints_and_a_missing_one_is_named(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (20, 90, 160)).save(logo)
    site = replace(SITE, logo_path=logo)
    pdf = render_letters(make_batch(make_letter(site=site), make_letter(site=site)))
    assert len(pdf_pages(pdf)) == 2
    with pytest.raises(ValidationError, match="nothere.png"):
        render_letters(make_batch(make_letter(site=replace(SITE, logo_path=tmp_path / "nothere.png"))))


def test_same_content_gives_the_same_bytes():
    batch = make_batch(make_letter(), make_zh_letter())
    assert render_letters(batch) == render_letters(batch)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"suggested_date": date(2024, 7, 3)}, "outside the window"),
        ({"window_end": date(2024, 6, 1)}, "ends before it starts"),
        ({"language": "fr"}, "language 'fr'"),
        ({"mode": "home"}, "mode 'home'"),
        ({"address_lines": ("a", "b", "c", "d", "e", "f")}, "at most 5 fit"),
        ({"address_lines": ()}, "the address is empty"),
        ({"recipient_name": " "}, "name is empty"),
        ({"recipient": "physician"}, "needs the patient's name"),
    ],
)
def test_bad_letters_are_refused(changes, message):
    with pytest.raises(ValidationError, match=message):
        make_letter(**changes)


def test_an_empty_batch_is_refused():
    with pytest.raises(ValidationError, match="no letters"):
        LetterBatch(letters=(), data_cut=date(2024, 5, 1))


def test_phone_numbers_and_dates_are_not_broken_across_lines():
    page = pdf_pages(render_letters(make_batch(make_letter(mode="phone"))))[0]
    lines = page.splitlines()
    assert any("+86 10 1234 5679." in line for line in lines)  # the body's sentence, whichever line it is on
    assert not any(line.rstrip().endswith(("+86", "+86 10")) for line in lines)
    assert any("Monday 3 June 2024" in line and "Tuesday 2 July 2024" in line for line in lines)
