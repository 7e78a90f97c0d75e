"""The protocol file's optional [dose_finding] section: 3+3 or BOIN, checked strictly."""

from __future__ import annotations

import pytest

from ltfu.errors import ProtocolError
from ltfu.schedule import bundled_protocol_path, load_bundled, parse_protocol
from ltfu.vocabulary import DoseFindingDesign

BUNDLED_TEXT = bundled_protocol_path().read_text(encoding="utf-8")
ANCHOR = "igg_g_per_l = 4.0\n"


def with_section(body: str) -> str:
    assert ANCHOR in BUNDLED_TEXT
    return BUNDLED_TEXT.replace(ANCHOR, f"{ANCHOR}\n[dose_finding]\n{body}\n", 1)


def parse(text: str):
    return parse_protocol(text.encode("utf-8"), "trial.toml")


def error(text: str) -> str:
    with pytest.raises(ProtocolError) as caught:
        parse(text)
    return str(caught.value)


def test_without_the_section_the_design_is_3_3():
    assert load_bundled().dose_finding == DoseFindingDesign("3+3", 0.30, 3, 6)
    assert parse(with_section('design = "3+3"')).dose_finding == DoseFindingDesign("3+3", 0.30, 3, 6)


def test_boin_takes_its_settings_and_defaults():
    assert parse(with_section('design = "boin"')).dose_finding == DoseFindingDesign("boin", 0.30, 3, 12)
    chosen = parse(with_section('design = "boin"\ntarget = 0.25\ncohort_size = 2\nmax_per_dose = 10')).dose_finding
    assert chosen == DoseFindingDesign("boin", 0.25, 2, 10)


def test_every_wrong_field_is_named_with_its_line():
    message = error(with_section('design = "boin"\ntarget = 0.6\ncohort_size = 0\nmax_per_dose = "nine"\nphi = 0.3'))
    assert message.startswith("trial.toml: ")
    line = BUNDLED_TEXT[: BUNDLED_TEXT.index(ANCHOR)].count("\n") + 4  # `design`, after a blank line and the header
    assert f"line {line + 1}: dose_finding.target: must be a DLT rate above 0 and below 0.5, not 0.6" in message
    assert f"line {line + 2}: dose_finding.cohort_size: cohort_size=0 must be >= 1" in message
    assert f"line {line + 3}: dose_finding.max_per_dose: max_per_dose must be a whole number, not 'nine'" in message
    assert f"line {line + 4}: [dose_finding]: unknown key 'phi'" in message


def test_an_unknown_design_and_boin_settings_under_3_3_are_refused():
    assert 'dose_finding.design: must be one of "3+3", "boin", not \'crm\'' in error(with_section('design = "crm"'))
    message = error(with_section('design = "3+3"\ntarget = 0.25'))
    assert 'dose_finding.target: only for design = "boin"' in message
    assert "dose_finding.design: must be one of" in error(with_section("target = 0.25"))


def test_max_per_dose_cannot_be_below_the_cohort_size():
    message = error(with_section('design = "boin"\ncohort_size = 3\nmax_per_dose = 2'))
    assert "dose_finding.max_per_dose: max_per_dose=2 must be >= 3" in message
