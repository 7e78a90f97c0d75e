"""Letter languages: each declared one (`ltfu.vocabulary.LANGUAGE_DECLARATIONS`) prints
from its own text file, dates included; a new one is one text file plus one entry."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from report_samples import make_batch, make_letter, make_schedule, pdf_text

from ltfu import vocabulary
from ltfu.errors import ValidationError
from ltfu.reports import dates, render_letters, texts
from ltfu.reports.letters import LetterRenderer
from ltfu.reports.schedules import CalendarRenderer, ScheduleRenderer


def test_every_declared_language_has_its_texts_dates_and_a_known_script():
    for language in vocabulary.LANGUAGE_DECLARATIONS:
        loaded = texts.load_texts(language.code)
        assert "dates" in loaded.sections, language.code
        assert language.script in vocabulary.SCRIPTS, language.code
        assert dates.format_date(date(2024, 6, 3), language.code)
    assert set(LetterRenderer.body_leading) == set(vocabulary.SCRIPTS)
    assert set(ScheduleRenderer.columns) == set(CalendarRenderer.columns) == set(vocabulary.SCRIPTS)


def test_a_language_without_its_text_file_is_refused_not_printed_in_english():
    with pytest.raises(ValidationError, match="no printed texts for language 'fr'"):
        dates.format_date(date(2024, 6, 3), "fr")
    with pytest.raises(ValidationError, match="language 'fr' is not one of en, zh"):
        make_letter(language="fr")


FRENCH_DATES = """
[dates]
weekdays = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
weekdays_short = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
months_short = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]
long = "{weekday} {day} {month} {year}"
short = "{day} {month_short} {year}"
short_weekday = "{weekday_short} {day} {month_short} {year}"
range_same_year = "{start_day} {start_month_short} – {end}"
range = "{start} – {end}"
"""


@pytest.fixture
def french(tmp_path, monkeypatch):
    """French as a site would add it: fr.toml beside the shipped files, one declared entry."""
    folder = tmp_path / "letters"
    shutil.copytree(texts.default_folder(), folder)
    english = (folder / "en.toml").read_text(encoding="utf-8")
    head, _, _ = english.partition("\n[dates]")
    french = head.replace('language = "en"', 'language = "fr"').replace('"Dear {recipient_name},"', '"Madame, Monsieur,"')
    (folder / "fr.toml").write_text(french + FRENCH_DATES, encoding="utf-8")
    monkeypatch.setattr(texts, "default_folder", lambda: folder)
    entry = vocabulary.Language("fr", None, "French", "Français", "latin")
    monkeypatch.setitem(vocabulary._LANGUAGE_BY_CODE, "fr", entry)
    dates._words.cache_clear()
    yield
    dates._words.cache_clear()


def test_a_new_letter_language_is_one_text_file_plus_one_entry(french):
    letter = pdf_text(render_letters(make_batch(make_letter(language="fr"))))
    assert "Madame, Monsieur," in letter
    assert "lundi 3 juin 2024" in letter and "mardi 2 juillet 2024" in letter
    schedule = pdf_text(ScheduleRenderer().render(make_schedule(language="fr")))
    assert "4 mars 2024" in schedule
