"""`ltfu` with no command opens the window, reading its two options without the parser of every command."""

from __future__ import annotations

import pytest

from ltfu import app, cli

WINDOW_STARTS = (
    [],
    ["--db", "site.sqlite3"],
    ["--db=postgresql+psycopg://nurse@/ltfu?host=/run/pg"],
    ["--screenshot", "shot.png", "--db", "site.sqlite3"],
    ["--db", ""],
)


@pytest.mark.parametrize("argv", WINDOW_STARTS)
def test_a_window_start_opens_the_window_the_parser_would_open(argv, monkeypatch):
    opened = []
    monkeypatch.setattr(app, "run_window", lambda db, screenshot=None: opened.append((db, screenshot)) or 0)
    assert cli.main(argv) == 0
    parsed = cli.build_parser().parse_args(argv)
    assert parsed.command is None
    assert opened == [(getattr(parsed, "db", None), parsed.screenshot)]


@pytest.mark.parametrize(
    "argv",
    (
        ["--db"],
        ["--db", "--screenshot", "x.png"],
        ["--db", "a", "--db", "b"],
        ["--d", "site.sqlite3"],
        ["--help"],
        ["--version"],
        ["--db", "site.sqlite3", "worklist"],
        ["--json"],
    ),
)
def test_anything_else_goes_to_the_parser(argv):
    assert cli.window_options(argv) is None


def test_a_window_option_without_its_value_is_refused_in_one_line(capsys, monkeypatch):
    monkeypatch.setattr(app, "run_window", lambda *a, **k: pytest.fail("the window opened"))
    with pytest.raises(SystemExit) as ended:
        cli.main(["--db"])
    assert ended.value.code == cli.EXIT_USAGE
    assert "--db" in capsys.readouterr().err
