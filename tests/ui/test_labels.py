"""The window's own vocabularies match the declared ones (`ltfu.vocabulary`), with a label
in every shipped language."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ltfu import vocabulary
from ltfu.services import browse
from ltfu.ui import i18n
from ltfu.ui.labels import label, label_codes, unlabelled


def test_subject_statuses_in_the_window_are_the_databases(qapp):
    assert label_codes("subject_status") == tuple(browse.SUBJECT_STATUSES)


# Each label table of a declared vocabulary (`ltfu.vocabulary`).
DECLARED = {
    "sex": vocabulary.SEXES,
    "audit_action": vocabulary.AUDIT_ACTIONS,
    "cause": vocabulary.CANCEL_CAUSES,
    "subject_status": vocabulary.SUBJECT_STATUSES,
    "mode": vocabulary.VISIT_MODES,
    "channel": vocabulary.CHANNELS,
    "outcome": vocabulary.CONTACT_OUTCOMES,
    "event": vocabulary.EVENT_KINDS,
    "scope": vocabulary.WITHDRAWAL_SCOPES,
    "antigen": vocabulary.ANTIGEN_STATUSES,
    "analyte": vocabulary.ANALYTES,
    "category": vocabulary.RESULT_CATEGORIES,
    "alert": vocabulary.ALERT_KINDS
    + vocabulary.CASE_ALERT_KINDS
    + vocabulary.REPORT_ALERT_KINDS
    + vocabulary.COURSE_ALERT_KINDS,
    "medication_kind": vocabulary.MEDICATION_KINDS,
    "hsct_type": vocabulary.HSCT_TYPES,
    "therapy_type": vocabulary.NEW_THERAPY_TYPES,
    "consenter": vocabulary.CONSENTERS,
    "case_kind": vocabulary.CASE_KINDS,
    "case_state": vocabulary.CASE_STATES,
    "step": vocabulary.STEP_CODES,
    "step_state": vocabulary.STEP_STATES,
    "outcome_found": vocabulary.STEP_OUTCOMES,
    "report_recipient": vocabulary.REPORT_RECIPIENTS,
    "clock_state": vocabulary.CLOCK_STATES,
    "role": vocabulary.ROLES,
    "special_interest": vocabulary.SPECIAL_INTEREST,
    "ae_kind": vocabulary.AE_KINDS,
    "assessment": tuple(vocabulary.ASSESSMENTS),
    "meaning": vocabulary.SIGNATURE_MEANINGS,
    "recipient": vocabulary.LETTER_RECIPIENTS,
    "sample_type": vocabulary.SAMPLE_TYPES,
    "sample_state": vocabulary.SAMPLE_STATES,
    "screen_question": (*vocabulary.SCREEN_QUESTIONS, *vocabulary.SCREEN_EXTRAS),
    "screen_answer": vocabulary.SCREEN_ANSWERS,
    "screen_source": vocabulary.SCREEN_SOURCES,
}


def _translations(qt: str) -> dict[str, str]:
    """English -> finished translation of the labels' context in a shipped .ts file."""
    root = ET.parse(i18n.FOLDER / f"ltfu_{qt}.ts").getroot()
    return {
        message.findtext("source"): message.find("translation").text
        for context in root.iter("context")
        if context.findtext("name") == "Vocabulary"
        for message in context.iter("message")
        if message.find("translation").get("type") is None and message.find("translation").text
    }


def test_every_declared_term_has_a_label_in_every_shipped_language(qapp):
    i18n.install("en")
    assert unlabelled() == ()
    english = {table: {code: label(table, code) for code in codes} for table, codes in DECLARED.items()}
    for table, codes in DECLARED.items():
        assert label_codes(table) == codes, table
    shipped = [language.qt for language in vocabulary.LANGUAGE_DECLARATIONS if language.qt]
    assert shipped == list(i18n.TRANSLATED) == ["zh_CN"]
    try:
        for qt in shipped:
            translations = _translations(qt)
            assert i18n.install(qt) == qt
            for table, codes in DECLARED.items():
                for code in codes:
                    source = english[table][code]
                    assert source in translations, f"{table} {code}: {source!r} has no {qt} translation"
                    assert label(table, code) == translations[source], f"{table} {code} in {qt}"
    finally:
        i18n.install("en")
