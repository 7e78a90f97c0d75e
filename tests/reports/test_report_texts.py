"""The editable text files: shipped ones complete and neutral, broken ones refused by name."""

from __future__ import annotations

import os
import re
import tomllib

import pytest
from report_samples import ALL_CODES, FORBIDDEN, make_batch, make_letter

from ltfu.errors import ValidationError
from ltfu.reports.letters import render_letters
from ltfu.reports.texts import default_folder, load_texts


@pytest.mark.parametrize("language", ["en", "zh"])
def test_shipped_texts_load_and_cover_every_protocol_code(language):
    texts = load_texts(language)
    for code in ALL_CODES:
        assert texts.assessment_phrases((code,))
        assert texts.assessment_name(code)
    assert texts.visit_label("M12") == {"en": "Month 12 visit", "zh": "第12个月随访"}[language]
    assert texts.visit_label("Y7") == {"en": "Year 7 visit", "zh": "第7年随访"}[language]


def test_both_languages_have_the_same_keys():
    def keys(language):
        data = tomllib.loads(default_folder().joinpath(f"{language}.toml").read_text("utf-8"))
        return {(section, key) for section, table in data.items() if isinstance(table, dict) for key in table}

    assert keys("en") == keys("zh")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_letter_texts_name_no_disease_or_therapy(language):
    data = tomllib.loads(default_folder().joinpath(f"{language}.toml").read_text("utf-8"))
    printed_on_letters = ("letter", "patient", "physician", "visit_labels", "modes", "assessments")
    text = repr([data[section] for section in printed_on_letters]).lower()
    assert [word for word in FORBIDDEN if word in text] == []


def test_identical_phrases_are_listed_once():
    texts = load_texts("en")
    assert texts.assessment_phrases(("B", "G", "P", "Ex", "H")) == ("blood tests", "a physical examination")


def _edit(folder, language, old, new):
    path = folder / f"{language}.toml"
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


def test_unknown_placeholder_names_file_section_and_key(texts_copy):
    path = _edit(texts_copy, "en", 'greeting = "Dear {recipient_name},"', 'greeting = "Dear {recipient_nmae},"')
    with pytest.raises(ValidationError) as error:
        load_texts("en", texts_copy)
    message = str(error.value)
    assert str(path) in message and "[patient] greeting" in message and "{recipient_nmae}" in message
    assert "{recipient_name}" in message  # the allowed ones are listed


def test_missing_key_is_named(texts_copy):
    path = _edit(texts_copy, "zh", 'subject = "您的下一次随访"\n', "")
    with pytest.raises(ValidationError, match=re.escape(f"{path}: [patient] missing key subject")):
        load_texts("zh", texts_copy)


def test_unknown_key_and_section_are_named(texts_copy):
    _edit(texts_copy, "en", 'closing = ["With kind regards,"]', 'closing = ["With kind regards,"]\nclosnig = "x"')
    with pytest.raises(ValidationError, match=r"\[patient\] closnig: unknown key"):
        load_texts("en", texts_copy)


def test_unknown_section_is_named(texts_copy):
    (texts_copy / "en.toml").write_text((texts_copy / "en.toml").read_text("utf-8") + "\n[extras]\na = 'b'\n", "utf-8")
    with pytest.raises(ValidationError, match="unknown section or key 'extras'"):
        load_texts("en", texts_copy)


def test_wrong_types_and_bad_syntax(texts_copy):
    _edit(texts_copy, "en", 'closing = ["With kind regards,"]', 'closing = "With kind regards,"')
    with pytest.raises(ValidationError, match=r"\[patient\] closing: must be a list of texts"):
        load_texts("en", texts_copy)
    _edit(texts_copy, "en", 'closing = "With kind regards,"', 'closing = ["With kind regards,"')
    with pytest.raises(ValidationError, match=r"en\.toml: .*line"):
        load_texts("en", texts_copy)


def test_stray_brace_and_format_spec_are_refused(texts_copy):
    _edit(texts_copy, "en", 'footer = "Visit dates', 'footer = "{data_cut:%Y} Visit dates')
    with pytest.raises(ValidationError, match=r"\[letter\] footer: placeholder \{data_cut\} takes no format"):
        load_texts("en", texts_copy)
    _edit(texts_copy, "en", 'footer = "{data_cut:%Y} Visit dates', 'footer = "} Visit dates')
    with pytest.raises(ValidationError, match=r"\[letter\] footer: .*brace"):
        load_texts("en", texts_copy)


def test_language_key_must_match_the_file(texts_copy):
    _edit(texts_copy, "zh", 'language = "zh"', 'language = "en"')
    with pytest.raises(ValidationError, match="key language must be 'zh'"):
        load_texts("zh", texts_copy)


def test_missing_language_file(tmp_path):
    with pytest.raises(ValidationError, match="file not found"):
        load_texts("en", tmp_path)


def test_unknown_assessment_code_in_a_letter_names_the_file(texts_copy):
    with pytest.raises(ValidationError) as error:
        render_letters(make_batch(make_letter(assessments=("Ex", "XRAY"))), texts_copy)
    assert "en.toml" in str(error.value) and "[assessments]" in str(error.value) and "'XRAY'" in str(error.value)


def test_a_site_edit_is_picked_up_and_printed(texts_copy):
    from report_samples import pdf_pages

    before = load_texts("en", texts_copy)
    path = _edit(texts_copy, "en", '"Thank you for taking part."', '"Thank you from all of us at {site_name}."')
    os.utime(path, ns=(before_ns := os.stat(path).st_mtime_ns + 10**9, before_ns))
    assert load_texts("en", texts_copy) is not before
    page = pdf_pages(render_letters(make_batch(make_letter()), texts_copy))[0]
    assert "Thank you from all of us at" in page


def test_texts_are_read_once():
    assert load_texts("en") is load_texts("en")
