"""The command line refuses bad input with one clear line and a non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ltfu.cli import main


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ltfu", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_help_lists_every_command():
    done = run_cli("--help")
    assert done.returncode == 0
    for command in (
        "demo",
        "import",
        "plan",
        "schedule",
        "worklist",
        "endpoints",
        "letters",
        "report",
        "export",
        "backup",
        "check",
    ):
        assert command in done.stdout


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("frobnicate",), "invalid choice: 'frobnicate'"),
        (("demo", "--today", "2024-02-30"), "'2024-02-30' is not a calendar date"),
        (("demo", "--subjects", "0"), "0 is outside 1 to 100000"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args, fragment):
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and fragment in done.stderr
    assert "Traceback" not in done.stderr


def test_a_file_that_is_not_a_database_is_refused(tmp_path, capsys):
    not_db = tmp_path / "notes.sqlite3"
    not_db.write_text("shopping list\n")
    assert main(["--db", str(not_db), "check"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is not an ltfu database" in err
    assert not_db.read_text() == "shopping list\n"


def test_an_unreachable_database_path_is_refused(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "no" / "such" / "folder" / "x.db"), "check"]) == 1
    err = capsys.readouterr().err
    assert "folder" in err and "does not exist" in err


def test_an_unreadable_database_file_is_refused(tmp_path, capsys):
    if os.geteuid() == 0:
        # root reads any file; a folder in place of the file is the unreadable case here.
        path = tmp_path / "dir.db"
        path.mkdir()
    else:
        path = tmp_path / "locked.db"
        path.write_bytes(b"")
        path.chmod(0)
    assert main(["--db", str(path), "check"]) == 1
    assert capsys.readouterr().err.startswith("ltfu: ")


def test_a_corrupt_database_is_reported_by_check(tmp_path, capsys):
    path = tmp_path / "c.sqlite3"
    assert main(["--db", str(path), "check"]) == 0
    capsys.readouterr()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # wreck the schema page, keep the header
    path.write_bytes(bytes(data))
    code = main(["--db", str(path), "check"])
    err = capsys.readouterr().err
    assert code == 1 and "damaged" in err and "Traceback" not in err


def test_commands_of_later_versions_say_so(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.db"), "endpoints"]) in (0, 2)


def test_check_reports_schema_counts_and_integrity_as_json(tmp_path, capsys):
    path = tmp_path / "fresh.sqlite3"
    assert main(["--db", str(path), "--json", "check"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == report["expected_schema"]
    assert report["integrity"] == "ok"
    assert report["row_counts"]["subject"] == 0
    assert report["ok"] is True


def test_json_flag_is_accepted_after_the_command(tmp_path, capsys):
    assert main(["check", "--db", str(tmp_path / "y.db"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["integrity"] == "ok"


def test_ltfu_db_environment_variable_chooses_the_database(tmp_path):
    path = tmp_path / "env.sqlite3"
    done = run_cli("check", env={"LTFU_DB": f"sqlite:///{path}"})
    assert done.returncode == 0, done.stderr
    assert path.exists()


def test_screenshot_opens_the_window_and_saves_it_once_the_worklist_loaded(tmp_path):
    db = str(tmp_path / "demo.sqlite3")
    assert main(["--db", db, "demo", "--subjects", "5", "--today", "2026-12-06"]) == 0
    shot = tmp_path / "window.png"
    done = run_cli("--db", db, "--screenshot", str(shot), env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_of_a_database_that_cannot_open_saves_nothing_and_fails(tmp_path):
    bad = tmp_path / "not-a-database.sqlite3"
    bad.write_bytes(b"this is not SQLite" * 100)
    shot = tmp_path / "window.png"
    done = run_cli("--db", str(bad), "--screenshot", str(shot), env={"QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode != 0
    assert "not-a-database.sqlite3" in done.stderr or "database" in done.stderr.lower()
    assert not shot.exists()


def test_a_command_process_ends_with_its_output_and_its_writes_complete(tmp_path, capsys):
    """`python -m ltfu COMMAND` ends without the interpreter's teardown (cli.run): what it
    printed arrives whole and what it wrote is committed, its audit entry with it."""
    db = str(tmp_path / "demo.sqlite3")
    assert main(["--db", db, "demo", "--subjects", "5", "--today", "2026-12-06"]) == 0
    listed = run_cli("--db", db, "--json", "endpoints", "--as-of", "2026-12-06")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["as_of"] == "2026-12-06"
    exported = run_cli("--db", db, "export", "csv", str(tmp_path / "csv"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "csv" / "subjects.csv").read_text(encoding="utf-8").count("\n") >= 6
    capsys.readouterr()
    assert main(["--db", db, "--json", "check"]) == 0
    checked = json.loads(capsys.readouterr().out)
    assert checked["integrity"] == "ok"


def test_a_reader_that_closes_the_pipe_early_is_no_internal_error(tmp_path):
    """`ltfu ... | head`: the command stops quietly with 141 (128 + SIGPIPE), nothing said a bug."""
    db = str(tmp_path / "demo.sqlite3")
    assert main(["--db", db, "demo", "--subjects", "5", "--today", "2026-12-06"]) == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "ltfu", "--db", db, "--json", "endpoints", "--as-of", "2026-12-06"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdout.close()  # the reader is gone before the command prints
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141
    assert "internal error" not in err and "Traceback" not in err
