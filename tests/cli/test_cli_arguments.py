"""Every date and number a command takes is range-checked: exit 2 and one line, never a traceback.

The arguments are found by walking `build_parser()`, so a command or option added
later is covered without touching this file; one with an unchecked type fails here.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from ltfu.cli import EARLIEST_DATE, LATEST_DATE, MAX_SPAN_DAYS, build_parser, iso_date, main

BAD_DATES = ("9999-12-31", "0001-01-01", "1989-12-31", "2101-01-01", "2024-02-30", "tomorrow", "")
BAD_NUMBERS = ("99999999999999999999999", "-999999999", "1e3", "1.5", "seven", "")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (group,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(group.choices)


def _checked_arguments() -> list[tuple[str, argparse.Action]]:
    """(command, action) of every argument converted by a type: a date or a number."""
    found = []
    for name, sub in _subcommands().items():
        for action in sub._actions:
            if action.type is not None and action.type not in (str,):
                found.append((name, action))
    return found


BAD = "{bad}"  # where a positional under test goes among the others


def _valid_rest(command: str, skip: argparse.Action) -> list[str]:
    """Valid values for every positional and required option of `command` but `skip`
    (a positional `skip` is held in its place by `BAD`)."""
    argv = [command]
    for action in _subcommands()[command]._actions:
        if isinstance(action, argparse._HelpAction) or (action.option_strings and action.dest == skip.dest):
            continue
        if not action.option_strings:
            if action.dest == skip.dest:
                argv.append(BAD)
                continue
            number = action.type not in (None, str)
            argv.append(action.choices[0] if action.choices else "1" if number else "x")
        elif action.required:
            value = "2026-01-01" if action.type is iso_date else "out.pdf"
            argv += [action.option_strings[0], value]
    return argv


ARGUMENTS = _checked_arguments()


def test_every_date_and_number_argument_has_a_bounded_type():
    assert len(ARGUMENTS) >= 18  # --today, --days, --year, --subjects, --seed, --from, --to, --as-of ...
    for command, action in ARGUMENTS:
        assert action.type is iso_date or getattr(action.type, "bounds", None), (command, action.dest)


@pytest.mark.parametrize(
    "command, action",
    ARGUMENTS,
    ids=[f"{c} {a.option_strings[0] if a.option_strings else a.dest}" for c, a in ARGUMENTS],
)
def test_out_of_range_values_exit_2_with_one_line(command, action, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    if action.type is iso_date:
        bad_values = BAD_DATES
    else:
        low, high = action.type.bounds
        bad_values = (str(low - 1), str(high + 1), *BAD_NUMBERS)
    for bad in bad_values:
        argv = _valid_rest(command, action)
        argv = [bad if part == BAD else part for part in argv]
        argv += [action.option_strings[0], bad] if action.option_strings else []
        with pytest.raises(SystemExit) as stopped:
            main(["--db", str(tmp_path / "never.sqlite3"), *argv])
        err = capsys.readouterr().err
        assert stopped.value.code == 2, (argv, err)
        assert err.count("\n") == 1 and err.startswith("ltfu: "), (argv, err)
        assert "Traceback" not in err
        assert repr(bad) in err or bad in err, (argv, err)
    assert not (tmp_path / "never.sqlite3").exists()  # refused before any database is opened


def test_the_ends_of_each_range_are_taken():
    assert iso_date(EARLIEST_DATE.isoformat()) == EARLIEST_DATE
    assert iso_date(LATEST_DATE.isoformat()) == LATEST_DATE
    for _command, action in ARGUMENTS:
        if action.type is not iso_date:
            low, high = action.type.bounds
            assert (action.type(str(low)), action.type(str(high))) == (low, high)
    bounds = {(c, a.dest): a.type.bounds for c, a in ARGUMENTS if a.type is not iso_date}
    assert bounds[("worklist", "days")] == (0, MAX_SPAN_DAYS)
    assert bounds[("report", "year")] == (1990, 2100)


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (("letters", "--from", "2026-05-01", "--to", "2026-01-01", "-o", "x.pdf"), "is before --from"),
        (
            ("report", "calendar", "--site", "BJ01", "--from", "2026-05-01", "--to", "2026-04-30", "-o", "x.pdf"),
            "before",
        ),
        (("export", "ical", "x.ics", "--from", "1990-01-01", "--to", "2100-12-31"), f"more than {MAX_SPAN_DAYS} days"),
        (("export", "ical", "x.ics", "--to", "1990-01-02"), "is before --from"),  # --from defaults to today
    ],
)
def test_a_period_the_wrong_way_round_or_too_long_exits_2(argv, fragment, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(tmp_path / "never.sqlite3"), *argv])
    err = capsys.readouterr().err
    assert stopped.value.code == 2 and err.count("\n") == 1 and fragment in err, err


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "ltfu.sqlite3"
    assert main(["--db", str(path), "demo", "--subjects", "10", "--today", "2026-06-01"]) == 0
    return path


@pytest.mark.parametrize(
    "argv, unknown",
    [
        (("worklist", "--site", "NOPE"), "site 'NOPE'"),
        (("worklist", "--site", ""), "site ''"),
        (("export", "ical", "{tmp}/x.ics", "--site", "NOPE"), "site 'NOPE'"),
        (("export", "ical", "{tmp}/x.ics", "--subject", "NOPE"), "subject 'NOPE'"),
        (("export", "ical", "{tmp}/x.ics", "--subject", ""), "subject ''"),
        (("export", "ical", "{tmp}/x.ics", "--site", ""), "site ''"),
        (
            ("report", "calendar", "--site", "NOPE", "--from", "2026-01-01", "--to", "2026-02-01", "-o", "{tmp}/x.pdf"),
            "site 'NOPE'",
        ),
        (("report", "schedule", "NOPE", "-o", "{tmp}/x.pdf"), "subject 'NOPE'"),
        (("schedule", "NOPE"), "subject 'NOPE'"),
        (("audit", "NOPE"), "subject 'NOPE'"),
        (("audit", "NOPE", "--csv", "{tmp}/audit.csv"), "subject 'NOPE'"),
    ],
)
def test_an_unknown_site_or_subject_is_named_exit_1(argv, unknown, demo_db, capsys, tmp_path):
    capsys.readouterr()
    code = main(["--db", str(demo_db), *(a.replace("{tmp}", str(tmp_path)) for a in argv)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert unknown in err and err.count("\n") == 1 and not out
    assert not list(tmp_path.iterdir())  # no empty file left behind


def test_the_real_command_line_refuses_a_far_date_without_a_traceback(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "ltfu", "--db", str(tmp_path / "x.sqlite3"), "worklist", "--today", "9999-12-31"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "9999-12-31 is outside the dates ltfu takes (1990-01-01 to 2100-12-31)" in done.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ("worklist", "--today", "2100-12-31", "--days", str(MAX_SPAN_DAYS)),
        ("worklist", "--today", "1990-01-01", "--days", "0"),
        ("endpoints", "--as-of", "1990-01-01"),
        ("endpoints", "--as-of", "2100-12-31"),
        ("schedule", "CD1922-001", "--today", "2100-12-31"),
        ("plan", "--infusion", "2100-12-31"),
        ("export", "ical", "{tmp}/x.ics", "--from", "2100-12-31"),
        ("letters", "--from", "2091-01-02", "--to", "2100-12-31", "-o", "{tmp}/x.pdf"),
        ("report", "calendar", "--site", "BJ01", "--from", "2026-01-01", "--to", "2026-01-31", "-o", "{tmp}/x.pdf"),
        ("report", "annual", "--year", "2100", "-o", "{tmp}/x.pdf"),
        ("report", "annual", "--year", "1990", "--as-of", "2100-12-31", "-o", "{tmp}/x.pdf"),
        ("audit", "--last", "1000000"),
    ],
)
def test_the_ends_of_the_ranges_run_or_are_refused_in_words(argv, demo_db, capsys, tmp_path):
    code = main(["--db", str(demo_db), *(a.replace("{tmp}", str(tmp_path)) for a in argv)])
    err = capsys.readouterr().err
    assert code in (0, 1), err
    assert "unexpected error" not in err and "Traceback" not in err


def test_the_annual_report_prints_in_chinese_and_refuses_an_unknown_language(demo_db, capsys, tmp_path):
    from pypdf import PdfReader

    out = tmp_path / "annual-zh.pdf"
    argv = ["--db", str(demo_db), "report", "annual", "--year", "2026", "--as-of", "2026-06-01"]
    assert main([*argv, "--language", "zh", "-o", str(out)]) == 0
    cover = PdfReader(str(out)).pages[0].extract_text()
    assert "2026年度进展报告" in cover and "Annual status report" not in cover
    capsys.readouterr()
    assert main([*argv, "--language", "fr", "-o", str(tmp_path / "fr.pdf")]) == 1
    err = capsys.readouterr().err
    assert "no texts in language 'fr' (available: en, zh)" in err and err.count("\n") == 1
    assert not (tmp_path / "fr.pdf").exists()
