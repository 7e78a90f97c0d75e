"""Protocol definition files: the bundled one, and every way a file can be wrong."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from ltfu.errors import ProtocolError, ValidationError
from ltfu.schedule import (
    DEFAULT_PROTOCOL_ID,
    bundled_protocol_ids,
    bundled_protocol_path,
    load_bundled,
    load_protocol,
    parse_protocol,
)
from ltfu.schedule.protocol import month_offset_day_range

BUNDLED_TEXT = bundled_protocol_path().read_text(encoding="utf-8")

# DOMAIN.md section 4, copied by hand: code: (offset, early, late, mode, assessments).
DOMAIN_TABLE = {
    "D0": ("day 0", 0, 0, "clinic", "P C Ex AE"),
    "D1": ("day 1", 0, 0, "clinic", "P C AE"),
    "D4": ("day 4", 1, 1, "clinic", "P C AE"),
    "D7": ("day 7", 1, 1, "clinic", "P C AE"),
    "D10": ("day 10", 1, 1, "clinic", "P C AE"),
    "D14": ("day 14", 2, 2, "clinic", "P C B AE"),
    "D21": ("day 21", 2, 2, "clinic", "P C B AE"),
    "D28": ("day 28", 3, 3, "clinic", "Ex D P C B G H AE DLT"),
    "M2": ("day 61", 7, 7, "clinic", "Ex P B G AE"),
    "M3": ("day 91", 7, 7, "clinic", "Ex D P B G H R-T AE"),
    "M4": ("day 122", 7, 7, "clinic", "Ex B G AE"),
    "M5": ("day 152", 7, 7, "clinic", "Ex B G AE"),
    "M6": ("day 183", 14, 14, "clinic", "Ex D P B G H R-T AE LT"),
    "M9": ("day 274", 14, 14, "clinic", "Ex D P B G AE LT"),
    "M12": ("day 365", 14, 30, "clinic", "Ex D P B G H R-T AE LT"),
    "M15": ("months 15", 21, 21, "clinic", "Ex D B G AE LT"),
    "M18": ("months 18", 21, 21, "clinic", "Ex D P B G AE LT"),
    "M21": ("months 21", 21, 21, "clinic", "Ex D B G AE LT"),
    "M24": ("months 24", 30, 30, "clinic", "Ex D P B G R-A S AE LT"),
    "M30": ("months 30", 30, 30, "clinic", "Ex S B G LT"),
    "M36": ("months 36", 30, 30, "clinic", "Ex S B G LT P R-A"),
    "M42": ("months 42", 30, 30, "clinic", "Ex S B G LT"),
    "M48": ("months 48", 30, 30, "clinic", "Ex S B G LT P R-A"),
    "M54": ("months 54", 30, 30, "clinic", "Ex S B G LT"),
    "M60": ("months 60", 30, 30, "clinic", "Ex S B G LT P R-A"),
    **{f"Y{year}": (f"months {12 * year}", 60, 60, "phone", "Q S LT R-A") for year in range(6, 16)},
}


def test_bundled_protocol_is_the_domain_table():
    protocol = load_bundled()

    assert protocol.id == DEFAULT_PROTOCOL_ID == "cd19-cd22-ph1"
    assert protocol.duration_years == 15
    assert len(protocol.visits) == 35
    table = {
        v.code: (
            f"day {v.day}" if v.months is None else f"months {v.months}",
            v.early,
            v.late,
            v.mode,
            " ".join(v.assessments),
        )
        for v in protocol.visits
    }
    assert table == DOMAIN_TABLE
    assert list(table) == list(DOMAIN_TABLE)
    assert protocol.stop_assessments == {"D", "P", "H"}
    assert protocol.stop_events == {"relapse", "progression", "hsct", "new_therapy"}
    assert protocol.rcl_first_year == ("M3", "M6", "M12")
    assert protocol.b_cell_aplasia_threshold == 100
    assert protocol.igg_threshold == 4.0


def test_bundled_protocol_is_found_through_the_package_and_hashed():
    # The phase II and a BCMA trial: example further studies (USERS.md scene 16).
    assert bundled_protocol_ids() == ("bcma-ph1", "cd19-cd22-ph1", "cd19-cd22-ph2")
    path = bundled_protocol_path("cd19-cd22-ph1")
    protocol = load_bundled()

    assert protocol.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert protocol.source == path.read_text(encoding="utf-8")
    assert protocol.source_name == "cd19-cd22-ph1.toml"
    assert load_protocol(path) == protocol
    # A stored version reloads identically from its text.
    assert parse_protocol(protocol.source.encode("utf-8"), "stored").content_hash == protocol.content_hash


def test_unknown_bundled_protocol_names_the_known_ones():
    with pytest.raises(ProtocolError, match="no bundled protocol named 'nope'.*cd19-cd22-ph1"):
        load_bundled("nope")


def test_protocol_error_is_a_validation_error():
    assert issubclass(ProtocolError, ValidationError)


def test_a_changed_comment_is_a_new_version(tmp_path):
    path = tmp_path / "copy.toml"
    path.write_text(BUNDLED_TEXT + "\n# amended\n", encoding="utf-8")

    assert load_protocol(path).content_hash != load_bundled().content_hash


# -- bad files ------------------------------------------------------------------------------


def visit_block(code: str) -> str:
    """The [[visits]] block of `code` in the bundled text."""
    match = re.search(rf'\[\[visits\]\]\ncode = "{code}"\n(?:[^\[\n].*\n)*', BUNDLED_TEXT)
    assert match, code
    return match.group(0)


def with_visit(code: str, old: str, new: str) -> str:
    block = visit_block(code)
    assert old in block
    return BUNDLED_TEXT.replace(block, block.replace(old, new, 1))


def error_for(tmp_path: Path, text: str, name: str = "bad.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProtocolError) as caught:
        load_protocol(path)
    message = str(caught.value)
    assert message.startswith(f"{name}: "), message
    return message


def line_of(text: str, code: str, key: str) -> int:
    """Line number of `key` inside the visit block of `code`."""
    start = text.index(f'code = "{code}"')
    offset = text.index(f"\n{key}", start) + 1
    return text.count("\n", 0, offset) + 1


def test_negative_window_names_file_line_visit_and_field(tmp_path):
    text = with_visit("D7", "early = 1", "early = -1")
    message = error_for(tmp_path, text, "cd19-cd22-ph1.toml")

    assert f"line {line_of(text, 'D7', 'early')}: visits[3] (D7): window early=-1 must be >= 0" in message


def test_negative_late_window(tmp_path):
    assert "visits[8] (M2): window late=-7 must be >= 0" in error_for(
        tmp_path, with_visit("M2", "late = 7", "late = -7")
    )


def test_window_reaching_before_day_0(tmp_path):
    message = error_for(tmp_path, with_visit("D1", "early = 0", "early = 2"))
    assert "visits[1] (D1): window early=2 starts before Day 0 (day=1)" in message


def test_window_as_text_is_refused(tmp_path):
    message = error_for(tmp_path, with_visit("D4", "early = 1", 'early = "1"'))
    assert "visits[2] (D4): window early must be a whole number of days, not '1'" in message


def test_unknown_top_level_key(tmp_path):
    text = BUNDLED_TEXT.replace("duration_years = 15\n", 'duration_years = 15\ncolour = "red"\n')
    message = error_for(tmp_path, text)
    assert "top level: unknown key 'colour'" in message
    line = text.splitlines().index('colour = "red"') + 1
    assert f"line {line}: top level" in message


def test_unknown_visit_key(tmp_path):
    message = error_for(tmp_path, with_visit("M6", "late = 14", "late = 14\nlatee = 3"))
    assert "visits[12] (M6): unknown key 'latee' (expected one of: code, day, months" in message


@pytest.mark.parametrize(
    ("section", "old", "new", "expected"),
    [
        (
            "[thresholds]",
            "igg_g_per_l = 4.0",
            "igg_g_per_l = 4.0\nigg_mg_per_dl = 400",
            "[thresholds]: unknown key 'igg_mg_per_dl'",
        ),
        (
            "[rcl]",
            'first_year_visits = ["M3", "M6", "M12"]',
            'first_year_visits = ["M3", "M6", "M12"]\narchive = true',
            "[rcl]: unknown key 'archive'",
        ),
        (
            "[stop_rules]",
            'assessments = ["D", "P", "H"]',
            'assessments = ["D", "P", "H"]\nwhen = "always"',
            "[stop_rules]: unknown key 'when'",
        ),
    ],
)
def test_unknown_section_keys(tmp_path, section, old, new, expected):
    assert section in BUNDLED_TEXT and old in BUNDLED_TEXT
    assert expected in error_for(tmp_path, BUNDLED_TEXT.replace(old, new, 1))


def test_duplicate_visit_code(tmp_path):
    message = error_for(tmp_path, with_visit("D10", 'code = "D10"', 'code = "D7"'))
    assert "visits[4] (D7): code 'D7' is used twice (also visits[3])" in message


def test_both_day_and_months(tmp_path):
    message = error_for(tmp_path, with_visit("M15", "months = 15", "months = 15\nday = 456"))
    assert "visits[15] (M15): give either day or months, not both" in message


def test_neither_day_nor_months(tmp_path):
    message = error_for(tmp_path, with_visit("M15", "months = 15\n", ""))
    assert "visits[15] (M15): missing offset: give day = N or months = N" in message


def test_assessment_outside_the_vocabulary(tmp_path):
    message = error_for(tmp_path, with_visit("M4", '"G", "AE"', '"G", "IgM", "AE"'))
    assert "visits[10] (M4): assessment 'IgM' is not in the vocabulary (Ex, Q, S, D" in message


def test_duplicate_assessment(tmp_path):
    message = error_for(tmp_path, with_visit("M4", '"G", "AE"', '"G", "G", "AE"'))
    assert "visits[10] (M4): assessments lists 'G' twice" in message


def test_unknown_mode(tmp_path):
    message = error_for(tmp_path, with_visit("Y6", 'mode = "phone"', 'mode = "home"'))
    assert "visits[25] (Y6): mode 'home' is not one of: clinic, phone" in message


def test_visits_out_of_order(tmp_path):
    text = with_visit("D4", "day = 4", "day = 8")
    message = error_for(tmp_path, text)
    assert (
        f"line {line_of(text, 'D7', 'day')}: visits[3] (D7): day=7 does not come after visits[2] (D4) day=8" in message
    )


def test_day_and_months_offsets_must_be_ordered_for_every_infusion_date(tmp_path):
    # months=15 spans 455 to 457 days, depending on the infusion date.
    message = error_for(tmp_path, with_visit("M12", "day = 365", "day = 456"))
    assert "visits[15] (M15): months=15 does not come after visits[14] (M12) day=456 for every infusion date" in (
        message
    )


def test_visit_after_the_end_of_follow_up(tmp_path):
    message = error_for(tmp_path, with_visit("Y15", "months = 180", "months = 192"))
    assert "visits[34] (Y15): months=192 is after the end of follow-up (duration_years=15)" in message


def test_toml_syntax_error_gives_the_line(tmp_path):
    text = BUNDLED_TEXT.replace('code = "M9"', 'code = "M9', 1)
    message = error_for(tmp_path, text)
    expected_line = text.splitlines().index('code = "M9') + 1
    assert "not valid TOML" in message
    assert f"line {expected_line}" in message


def test_missing_section(tmp_path):
    text = re.sub(r"\[rcl\]\n(#.*\n)*first_year_visits = .*\n", "", BUNDLED_TEXT)
    assert "[rcl]: missing section" in error_for(tmp_path, text)


def test_rcl_first_year_code_must_be_a_visit_with_an_rcl_sample(tmp_path):
    text = BUNDLED_TEXT.replace('["M3", "M6", "M12"]', '["M3", "M4", "M13"]')
    message = error_for(tmp_path, text)
    assert "rcl.first_year_visits: visit M4 takes no RCL sample (R-T or R-A)" in message
    assert "rcl.first_year_visits: 'M13' is not a visit code of this protocol" in message


def test_unknown_stop_event_and_threshold_below_zero(tmp_path):
    text = BUNDLED_TEXT.replace('"new_therapy"]', '"new_therapy", "remission"]').replace(
        "igg_g_per_l = 4.0", "igg_g_per_l = -4.0"
    )
    message = error_for(tmp_path, text)
    assert "stop_rules.events: 'remission' is not one of: relapse, progression, hsct, new_therapy" in message
    assert "thresholds.igg_g_per_l: igg_g_per_l must be a number > 0, not -4.0" in message


def test_every_problem_is_reported_at_once(tmp_path):
    text = with_visit("D7", "early = 1", "early = -1")
    text = text.replace('mode = "phone"', 'mode = "post"', 1)
    message = error_for(tmp_path, text)
    assert "visits[3] (D7): window early=-1" in message
    assert "visits[25] (Y6): mode 'post'" in message


def test_boolean_is_not_a_number_of_days(tmp_path):
    message = error_for(tmp_path, with_visit("D7", "late = 1", "late = true"))
    assert "visits[3] (D7): window late must be a whole number of days, not True" in message


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ProtocolError, match=r"^absent\.toml: cannot read the protocol file"):
        load_protocol(tmp_path / "absent.toml")
    path = tmp_path / "latin1.toml"
    path.write_bytes(BUNDLED_TEXT.replace("Human", "Hüman").encode("latin-1"))
    with pytest.raises(ProtocolError, match=r"^latin1\.toml: not UTF-8 text"):
        load_protocol(path)


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BUNDLED_TEXT.encode("utf-8"))
    assert len(load_protocol(path).visits) == 35


SAFETY_AT = "\n[[visits]]"  # the [safety] section goes before the first visit block


def with_safety(section: str) -> str:
    head, _, tail = BUNDLED_TEXT.partition(SAFETY_AT)
    return f"{head}\n{section}\n{SAFETY_AT}{tail}"


def test_sample_retention_defaults_to_2_years_and_the_safety_section_sets_it(tmp_path):
    from ltfu.schedule.plan import sample_keep_until

    assert load_bundled().safety.retention_years == 2
    assert sample_keep_until(load_bundled(), date(2024, 2, 29)) == date(2041, 2, 28)
    path = tmp_path / "five.toml"
    path.write_text(with_safety("[safety]\nretention_years = 5\n"), encoding="utf-8")
    protocol = load_protocol(path)
    assert protocol.safety.retention_years == 5
    assert sample_keep_until(protocol, date(2025, 11, 28)) == date(2045, 11, 28)


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("[safety]\nretention_years = -1\n", "safety.retention_years: retention_years=-1 must be >= 0"),
        ('[safety]\nretention_years = "2"\n', "safety.retention_years: retention_years must be a whole number"),
        ("[safety]\nretention_years = 2.5\n", "retention_years must be a whole number, not 2.5"),
        ("[safety]\nkeep_years = 2\n", "[safety]: unknown key 'keep_years'"),
    ],
)
def test_a_bad_retention_names_the_field(tmp_path, section, expected):
    assert expected in error_for(tmp_path, with_safety(section))


def test_month_offsets_span_every_calendar_case() -> None:
    # A month is 28 to 31 days, a year 365 or 366; four years hold one leap day, or none
    # when they hold 2100's February (a common year); a month from the 31st ends on a
    # shorter month's last day.
    assert month_offset_day_range(0) == (0, 0)
    assert month_offset_day_range(1) == (28, 31)
    assert month_offset_day_range(2) == (59, 62)
    assert month_offset_day_range(12) == (365, 366)
    assert month_offset_day_range(48) == (1460, 1461)
    assert month_offset_day_range(180) == (5477, 5479)  # 15 years: 2 leap days (2100 among them) to 4
