"""`ltfu check` as a person reads it: what it could and could not compare."""

from __future__ import annotations

import json
import sqlite3

import pytest

from ltfu.cli import main

# What `check` says is the same whether the result table is compared in its process or in one of its own.
pytestmark = pytest.mark.usefixtures("where_results_are_compared")


def _cut_last_audit_entry(db_file) -> None:
    con = sqlite3.connect(db_file)
    try:
        for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
            con.execute(f'DROP TRIGGER "{name}"')
        con.execute("DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
        con.commit()
    finally:
        con.close()


def test_a_cut_trail_is_named_and_the_records_are_not_claimed_replayed(tmp_path, capsys):
    db_file = tmp_path / "ltfu.sqlite3"
    assert main(["--db", str(db_file), "demo", "--subjects", "3", "--today", "2026-12-01"]) == 0
    assert main(["--db", str(db_file), "check"]) == 0
    capsys.readouterr()
    _cut_last_audit_entry(db_file)

    assert main(["--db", str(db_file), "check"]) == 1
    out = capsys.readouterr().out
    assert "is missing: entries were deleted" in out
    assert "not replayed: the audit trail itself does not hold" in out
    assert "every current value has its audit entry" not in out
    assert out.rstrip().endswith("PROBLEMS FOUND")

    assert main(["--db", str(db_file), "--json", "check"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["records_against_audit"] == "not replayed" and report["ok"] is False
