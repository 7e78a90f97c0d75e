"""ltfu query list|raise|answer|close, and queries on ltfu worklist --json, by role."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from ltfu.cli import main
from ltfu.services import browse, users
from ltfu.services.database import open_database
from ltfu.services.records import NewResult, record_result
from ltfu.services.subjects import NewSubject, enrol

TODAY = dt.date.today()
PASSWORD = "correct horse battery"


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def db_file(tmp_path):
    path = str(tmp_path / "queries.sqlite3")
    infusion = TODAY - dt.timedelta(days=400)
    with open_database(path) as db:
        enrol(db, NewSubject("CD1922-017", "BJ01", "DL2", infusion, phone="+86 10 5555 0101"), infusion)
        record_result(
            db, "CD1922-017", NewResult("cd19_b_cells", TODAY - dt.timedelta(days=35), 12.0, unit="cells/uL"), TODAY
        )
        with db.session() as s:
            users.create_user(s, db.user_id(s, "manage_users"), "ada", "Ada Admin", "admin", PASSWORD)
        db.sign_in("ada", PASSWORD)
        browse.add_user(db, "mona", "Mona Monitor", "monitor", PASSWORD)
        browse.add_user(db, "nina", "Nina Nurse", "nurse", PASSWORD)
    (tmp_path / "password").write_text(PASSWORD, encoding="utf-8")
    return path


def as_user(db_file, name, *, as_json=True):
    password = str(Path(db_file).with_name("password"))
    return ("--db", db_file, "--user", name, "--password-file", password, *(("--json",) if as_json else ()))


def test_the_scene_on_the_command_line_raise_correct_close(capsys, db_file):
    code, out, err = run(
        capsys,
        *as_user(db_file, "mona"),
        "query",
        "raise",
        "CD1922-017",
        "--result",
        "1",
        "--field",
        "value",
        "--text",
        "B cells 12/uL? The source says 120.",
    )
    assert code == 0, err
    raised = json.loads(out)
    assert (raised["kind"], raised["state"], raised["target"], raised["raised_by"]) == (
        "query",
        "open",
        "result",
        "mona",
    )

    code, out, err = run(capsys, *as_user(db_file, "nina"), "worklist")
    assert code == 0, err
    waiting = json.loads(out)["queries"]
    assert [(q["kind"], q["id"], q["state"]) for q in waiting] == [("query", raised["id"], "open")]

    code, out, err = run(
        capsys,
        *as_user(db_file, "nina"),
        "query",
        "answer",
        str(raised["id"]),
        "--correct",
        "120",
        "--reason",
        "transcription error",
    )
    assert code == 0, err
    assert (json.loads(out)["state"], json.loads(out)["corrected"]) == ("answered", True)

    code, out, _ = run(capsys, *as_user(db_file, "mona"), "worklist")
    assert [q["id"] for q in json.loads(out)["queries"]] == [raised["id"]]
    code, out, err = run(capsys, *as_user(db_file, "mona"), "query", "close", str(raised["id"]), "--note", "ok")
    assert (code, json.loads(out)["state"]) == (0, "closed"), err
    code, out, _ = run(capsys, *as_user(db_file, "mona"), "query", "list", "--state", "closed")
    assert [q["id"] for q in json.loads(out)["queries"]] == [raised["id"]]

    code, out, _ = run(capsys, *as_user(db_file, "nina", as_json=False), "query", "list")
    assert code == 0 and "#" in out and "answer (corrected) by nina: transcription error" in out


@pytest.mark.parametrize(
    ("user", "args", "words"),
    [
        ("nina", ("query", "raise", "CD1922-017", "--dose-level", "--text", "?"), "may not raise"),
        ("mona", ("query", "answer", "1", "--text", "fine"), "may not answer"),
        ("mona", ("sample", "record", "CD1922-017", "--type", "rcl_archive"), "may not record"),
        ("mona", ("query", "raise", "CD1922-017", "--text", "which?"), "give one of --visit"),
        ("mona", ("query", "close", "x1"), "is not a query number"),
    ],
)
def test_refusals_name_the_right_or_the_mistake_and_change_nothing(capsys, db_file, user, args, words):
    code, _, err = run(capsys, *as_user(db_file, user), *args)
    assert code != 0 and words in err
    code, out, _ = run(capsys, *as_user(db_file, "ada"), "query", "list")
    assert json.loads(out)["queries"] == []
