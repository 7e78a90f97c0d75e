"""One declaration per vocabulary (`ltfu.vocabulary`): what is derived from it agrees.

A term declared there and missing from the database's CHECK constraints, the data
dictionary, the ODM metadata or the unit conversion fails here (the window's labels:
tests/ui/test_labels.py; the migrated database: tests/db/test_migrations.py).
"""

from __future__ import annotations

import pytest

from ltfu import vocabulary as v
from ltfu.db import models as m
from ltfu.services import export, odm, packs, users
from ltfu.services.records import normalise_result

# (table, column) -> the declared vocabulary its CHECK constraint must list.
CHECKED = {
    ("user", "role"): v.ROLES,
    ("subject", "sex"): v.SEXES,
    ("subject", "status"): v.SUBJECT_STATUSES,
    ("subject", "withdrawal_scope"): v.WITHDRAWAL_SCOPES,
    ("contact", "language"): v.LANGUAGES,
    ("contact", "preferred_channel"): v.CHANNELS,
    ("visit", "mode"): v.VISIT_MODES,
    ("visit", "state"): v.VISIT_STATES,
    ("visit", "cause"): v.CANCEL_CAUSES,
    ("result", "analyte"): v.ANALYTES,
    ("result", "category"): v.RESULT_CATEGORIES,
    ("clinical_event", "kind"): v.EVENT_KINDS,
    ("clinical_event", "response"): v.RESPONSES,
    ("adverse_event", "kind"): v.AE_KINDS,
    ("adverse_event", "special_interest"): v.SPECIAL_INTEREST,
    ("contact_attempt", "outcome"): v.CONTACT_OUTCOMES,
    ("letter", "language"): v.LANGUAGES,
    ("letter", "recipient"): v.LETTER_RECIPIENTS,
    ("safety_alert", "kind"): v.ALERT_KINDS,
    ("safety_case", "kind"): v.CASE_KINDS,
    ("safety_case", "state"): v.CASE_STATES,
    ("case_step", "code"): v.STEP_CODES,
    ("case_step", "state"): v.STEP_STATES,
    ("case_step", "outcome"): v.STEP_OUTCOMES,
    ("safety_report", "recipient"): v.REPORT_RECIPIENTS,
    ("audit_event", "action"): v.AUDIT_ACTIONS,
    ("medication", "kind"): v.MEDICATION_KINDS,
    ("consent", "consented_by"): v.CONSENTERS,
}


@pytest.mark.parametrize(("table", "column"), sorted(CHECKED))
def test_each_check_constraint_lists_the_declared_vocabulary(table, column):
    allowed = export.vocabularies(m.Base.metadata.tables[table])
    assert allowed[column] == ", ".join(CHECKED[table, column])


def test_each_analyte_declaration_is_whole():
    assert len(set(v.ANALYTES)) == len(v.ANALYTE_DECLARATIONS)
    for a in v.ANALYTE_DECLARATIONS:
        assert a.code == a.code.lower() and " " not in a.code, a.code
        assert a.described, a.code
        assert a.assessment in v.ASSESSMENTS, a.code
        if a.categorical:
            assert (a.unit, a.low, a.high, dict(a.accepted)) == ("", None, None, {"": 1.0}), a.code
            continue
        assert a.unit and a.unit_oid.startswith("MU."), a.code
        assert a.accepted[a.unit.lower()] == 1.0, f"{a.code}: its own unit must be accepted as is"
        assert all(k == k.lower() and "µ" not in k and f > 0 for k, f in a.accepted.items()), a.code
        assert a.low is not None and a.high is not None and a.low < a.high, a.code


def test_every_accepted_unit_spelling_is_converted_to_the_stored_unit():
    for a in v.ANALYTE_DECLARATIONS:
        if a.categorical:
            assert normalise_result(a.code, "positive", "") == (None, "positive", "", False, None)
            with pytest.raises(ValueError, match="does not apply"):  # no limit of quantification
                normalise_result(a.code, "positive", "", "<")
            continue
        for spelling, factor in a.accepted.items():
            for written in {spelling, spelling.upper(), spelling.replace("u", "µ")}:
                value, category, unit, blq, lloq = normalise_result(a.code, "0.5", written)
                assert (value, category, unit, blq) == (pytest.approx(0.5 * factor), None, a.unit, False), written
        value, _, unit, blq, lloq = normalise_result(a.code, "0.5", a.unit, "<")
        assert (blq, lloq, unit) == (True, value, a.unit)


def test_the_data_dictionary_names_every_analyte_with_its_unit():
    rows = {(r["table"], r["column"]): r for r in export.dictionary_rows()}
    analyte = rows["results", "analyte"]
    assert analyte["allowed_values"] == ", ".join(v.ANALYTES)
    units = rows["results", "unit"]["allowed_values"].split(", ")
    for a in v.ANALYTE_DECLARATIONS:
        # "code described" or "code, next_code described": the code, then its unit in words.
        assert a.code in analyte["meaning"] and a.described in analyte["meaning"], a.code
        assert a.categorical or a.unit in units, a.code
    category = rows["results", "category"]["meaning"]
    assert all(code in category for code in v.CATEGORICAL_ANALYTES)


def test_the_odm_metadata_declares_every_analyte_and_its_unit():
    assert odm.CODE_LISTS["CL.ANALYTE"][1] == v.ANALYTES
    lab = odm.GROUPS_BY_KEY["LAB"]
    value = next(item for item in lab.items if item.name == "VALUE")
    for a in v.ANALYTE_DECLARATIONS:
        if not a.categorical:
            assert odm.UNITS[a.unit] == a.unit_oid and a.unit in value.units, a.code


def test_the_endpoints_read_the_analytes_declared_analysed():
    assert packs.ANALYSED == tuple(sorted(a.code for a in v.ANALYTE_DECLARATIONS if a.analysed))
    assert len(packs.ANALYSED) < 16  # the packs' sort key holds an analyte code in 4 bits


def test_every_role_has_its_permissions_and_no_undeclared_role_has_any():
    assert tuple(users.PERMISSIONS) == v.ROLES
    assert set(users._GRANTED) == set(v.ROLES)
