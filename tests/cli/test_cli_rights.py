"""Every command, for every role: refused or allowed exactly as the one permission table says.

The walk runs each command of `ltfu.cli.build_parser()` (and the options that need
more rights) as each of the four roles, signed in with --password-file, on a fresh
copy of a small study. A refusal is exit 1 with "may not", and leaves the database,
the files beside it and the target untouched; an allowed command does its work.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
from pathlib import Path

import pytest

from ltfu import cli
from ltfu.schedule.protocol import bundled_protocol_path
from ltfu.services import users

TODAY = "2026-11-29"
PASSWORD = "correct horse battery"
ACCOUNTS = {"nurse": "nina", "coordinator": "cora", "pi": "pete", "admin": "ada", "monitor": "mona"}

# Case -> (command line after `ltfu`, the rights it needs, what an allowed run gives:
# exit code and a fragment of its output, or None). {out} is a path that a refused
# run must not create; the other {names} are files made once for the whole walk.
CASES: dict[str, tuple[list[str], tuple[str, ...], tuple[int, str | None]]] = {
    "demo": (["demo", "--if-empty", "--today", TODAY], ("maintain",), (0, "demo skipped")),
    "import": (["import", "subjects", "{subjects_csv}"], ("import",), (0, None)),
    "plan": (["plan", "--infusion", "2026-01-05"], (), (0, "M3")),
    "schedule": (["schedule", "CD1922-001", "--today", TODAY], (), (0, "CD1922-001")),
    "worklist": (["worklist", "--today", TODAY], (), (0, "Worklist")),
    "endpoints": (["endpoints", "--as-of", TODAY], (), (0, "Endpoints")),
    "letters": (["letters", "--from", "2026-12-01", "--to", "2027-03-01", "-o", "{out}"], ("print",), (0, None)),
    "report": (["report", "schedule", "CD1922-001", "-o", "{out}"], ("print",), (0, "written to")),
    "report annual --sign": (
        ["report", "annual", "--year", "2026", "--as-of", TODAY, "--sign", "-o", "{out}"],
        ("print", "sign"),
        (0, "signed by"),
    ),
    "export csv": (["export", "csv", "{out}"], ("export",), (0, "without contacts")),
    "export csv --with-contacts": (
        ["export", "csv", "{out}", "--with-contacts"],
        ("export", "export_contacts"),
        (0, "with contacts"),
    ),
    "export ical": (["export", "ical", "{out}", "--from", TODAY], ("export",), (0, None)),
    "export odm": (["export", "odm", "{out}"], ("export",), (0, "ODM")),
    "archive": (["archive", "{out}"], ("archive",), (0, "archived")),
    "archive --with-contacts": (
        ["archive", "{out}", "--with-contacts"],
        ("archive", "export_contacts"),
        (0, "archived"),
    ),
    # The target must be new and empty: a signed-in user who may restore reaches that check.
    "restore-archive": (["restore-archive", "{archive}"], ("restore",), (1, "already holds data")),
    "backup": (["backup", "{out}"], ("backup",), (0, "backed up")),
    "restore": (["restore", "{backup}"], ("restore",), (0, "restored")),
    "check": (["check"], (), (0, "OK")),
    "check --rebuild-derived": (["check", "--rebuild-derived"], ("maintain",), (0, "OK")),
    "protocol amend": (
        ["protocol", "amend", "{protocol}", "--effective", "2026-12-01", "--reason", "amendment 1"],
        ("maintain",),
        (0, "re-planned"),
    ),
    "protocol add": (["protocol", "add", "{second_protocol}"], ("maintain",), (0, "added cd19-cd22-ph2")),
    "protocol list": (["protocol", "list"], (), (0, "cd19-cd22-ph1 version 1.0")),
    "verify": (["verify", "{unsigned_pdf}"], (), (1, "NOT VERIFIED")),
    "audit": (["audit"], ("read_audit",), (0, None)),
    "audit --with-contacts": (["audit", "--with-contacts"], ("read_audit", "export_contacts"), (0, None)),
    "audit --csv": (["audit", "--csv", "{out}"], ("read_audit", "export"), (0, "audit entries written")),
    "audit --pdf": (["audit", "--pdf", "{out}"], ("read_audit", "export"), (0, "written to")),
    "audit --csv --with-contacts": (
        ["audit", "--csv", "{out}", "--with-contacts"],
        ("read_audit", "export_contacts", "export"),  # in the order the command checks them
        (0, "audit entries written"),
    ),
    "safety": (["safety", "--as-of", TODAY], (), (0, "report(s) not yet sent")),
    "case show": (["case", "show", "1"], (), (1, "No safety case 1")),
    "case step": (["case", "step", "1", "sponsor", "--done"], ("safety",), (1, "No safety case 1")),
    "case close": (["case", "close", "1"], ("safety",), (1, "No safety case 1")),
    # The demo's one open clock (its latest serious adverse event, known the day before).
    "report-sent": (
        ["report-sent", "1", "--on", TODAY, "--to", "Sponsor safety desk", "--reference", "SAE-1"],
        ("safety",),
        (0, "sent on time"),
    ),
    "samples": (["samples", "CD1922-001"], (), (0, "CD1922-001-OT-20261102-1")),
    "sample record": (
        ["sample", "record", "CD1922-001", "--type", "tumour_tissue", "--date", "2026-11-20", "--freezer", "F2",
         "--rack", "R1", "--box", "B1", "--position", "A1"],
        ("record",),
        (0, "CD1922-001-TT-20261120-1"),
    ),
    "sample move": (
        ["sample", "move", "CD1922-001-OT-20261102-1", "--freezer", "F2", "--rack", "R1", "--box", "B1",
         "--position", "A2"],
        ("record",),
        (0, "position A2"),
    ),
    "sample ship": (["sample", "ship", "CD1922-001-OT-20261102-1", "--to", "Sponsor"], ("record",), (0, "shipped")),
    "sample test": (
        ["sample", "test", "CD1922-001-OT-20261102-1", "--test", "RCL culture", "--result", "negative"],
        ("record",),
        (0, "tested"),
    ),
    # Allowed to destroy, but not before the keep-until date: refused with the date.
    "sample destroy": (
        ["sample", "destroy", "CD1922-001-OT-20261102-1", "--reason", "freezer space"],
        ("destroy_samples",),
        (1, "kept until 2043-01-14"),
    ),
    "sample void": (
        ["sample", "void", "CD1922-001-OT-20261102-1", "--reason", "entered in error"],
        ("edit",),
        (0, "CD1922-001-OT-20261102-1 voided"),
    ),
    "query list": (["query", "list"], (), (0, "Queries")),
    "query raise": (
        ["query", "raise", "CD1922-001", "--dose-level", "--text", "Dose level per the batch record?"],
        ("review_queries",),
        (0, "open"),
    ),
    "query answer": (["query", "answer", "1", "--text", "as recorded"], ("answer_queries",), (1, "No query 1")),
    "query close": (["query", "close", "1"], ("review_queries",), (1, "No query 1")),
    "infusion add": (["infusion", "add", "CD1922-001", "--date", "2011-01-01"], ("enrol",), (1, "after the latest")),
    "infusion list": (["infusion", "list", "CD1922-001"], (), (0, "infusion 1 on")),
    "medication add": (
        ["medication", "add", "CD1922-001", "--kind", "ivig", "--date", TODAY, "--stop", "2026-11-01"],
        ("record",),
        (1, "is before the start date"),
    ),
    "medication stop": (["medication", "stop", "99999", "--date", TODAY], ("record",), (1, "no medication 99999")),
    "medication list": (["medication", "list", "CD1922-001"], (), (0, "none")),
    "consent add": (
        ["consent", "add", "CD1922-001", "--version", "2.0", "--date", "2100-01-01", "--by", "subject"],
        ("record",),
        (1, "is in the future"),
    ),
    "consent list": (["consent", "list", "CD1922-001"], (), (0, "none")),
    "report labels": (["report", "labels", "CD1922-001", "-o", "{out}"], ("print",), (0, "1 sample label(s)")),
    "sdv --progress": (["sdv", "--progress"], (), (0, "of")),
    "sdv": (["sdv", "CD1922-001", "D0", "D1"], ("verify_source",), (0, "verified by")),
    "freeze --list": (["freeze", "--list"], (), (0, "no data cut yet")),
    "freeze": (["freeze", "--as-of", TODAY, "--reason", "annual report 2026"], ("freeze_data",), (0, "frozen by")),
    "user list": (["user", "list"], ("list_users",), (0, "ada")),
    "user show": (["user", "show", "nina"], ("list_users",), (0, "every study at every site")),
    "user grant": (["user", "grant", "nina", "--site", "BJ01"], ("manage_users",), (0, "study (every study) at site BJ01")),
    "user revoke": (["user", "revoke", "nina", "--site", "BJ01"], ("manage_users",), (1, "holds no such grant")),
    "transfer": (
        ["transfer", "CD1922-001", "--to", "BJ01", "--on", TODAY, "--reason", "moved", "--today", TODAY],
        ("transfer",),
        (0, "CD1922-001: SH02 -> BJ01 on 2026-11-29 (moved)"),
    ),
    "user add": (
        ["user", "add", "newbie", "--role", "nurse", "--name", "New Nurse", "--new-password-file", "{password}"],
        ("manage_users",),
        (0, "created"),
    ),
}


def subcommands() -> set[str]:
    parser = cli.build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(action.choices)


def test_every_command_has_a_declared_right_and_a_case_in_the_walk():
    commands = subcommands()
    assert commands == set(cli.COMMAND_PERMISSIONS), "a command without a declared right cannot be run"
    walked = {argv[0] for argv, _, _ in CASES.values()}
    assert commands <= walked, f"commands the walk does not try: {sorted(commands - walked)}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_command_line_table_says_what_the_walk_declares(case):
    argv, rights, _ = CASES[case]
    args = cli.build_parser().parse_args([a if not a.startswith("{") else "x" for a in argv])
    assert set(cli.needed_permissions(args)) == set(rights)
    assert all(right in users.ACTION_WORDS for right in rights)


def test_the_roles_a_clinical_site_expects():
    holders = {p: {r for r, rights in users.PERMISSIONS.items() if p in rights} for p in users.ACTION_WORDS}
    for right in ("backup", "restore", "archive", "export_contacts", "manage_users", "maintain"):
        assert holders[right] == {"admin"}, right
    assert holders["export"] == {"coordinator", "pi", "admin"}
    assert holders["read_audit"] == {"coordinator", "pi", "admin", "monitor"}
    assert holders["list_users"] == {"pi", "admin"}
    assert holders["sign"] == {"pi"}
    assert holders["safety"] == {"coordinator", "pi", "admin"}
    assert users.PERMISSIONS["nurse"] == {"record", "print", "read_contacts", "answer_queries"}
    assert users.PERMISSIONS["monitor"] == {"review_queries", "read_audit", "verify_source"}  # changes no value
    assert holders["read_contacts"] == set(users.PERMISSIONS) - {"monitor"}
    assert holders["answer_queries"] == {"nurse", "coordinator", "pi"}
    assert holders["destroy_samples"] == {"coordinator", "pi", "admin"}
    assert holders["verify_source"] == {"coordinator", "pi", "monitor"}
    assert holders["freeze_data"] == {"pi"}
    assert holders["transfer"] == {"coordinator", "pi", "admin"}
    assert set().union(*users.PERMISSIONS.values()) == set(users.ACTION_WORDS)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A small study with one account per role, and the files the commands read."""
    from argon2 import PasswordHasher

    from ltfu.services.archive import write_archive
    from ltfu.services.database import open_database
    from ltfu.services.demo import build_demo

    folder = tmp_path_factory.mktemp("rights")
    template = folder / "study.sqlite3"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        with open_database(str(template)) as db:
            import datetime as dt

            build_demo(db, subjects=3, seed=1, today=dt.date.fromisoformat(TODAY))
            from ltfu.services.samples import NewSample, StoragePlace, record_sample

            where = StoragePlace("-80 F1", "R1", "B01", "A1")
            record_sample(db, "CD1922-001", NewSample("other", dt.date(2026, 11, 2), where), dt.date.fromisoformat(TODAY))
            with db.session() as s:
                users.create_user(s, db.user_id(s, "manage_users"), "ada", "Ada Admin", "admin", PASSWORD)
            db.sign_in("ada", PASSWORD)
            for role, name in ACCOUNTS.items():
                if role != "admin":
                    with db.session() as s:
                        users.create_user(s, db.user_id(s, "manage_users"), name, name.title(), role, PASSWORD)
            write_archive(db, folder / "study.zip", with_contacts=True)
    files = {"archive": folder / "study.zip", "password": folder / "password.txt"}
    files["password"].write_text(PASSWORD + "\n", encoding="utf-8")
    files["backup"] = folder / "saved.sqlite3"
    shutil.copyfile(template, files["backup"])
    files["subjects_csv"] = folder / "subjects.csv"
    files["subjects_csv"].write_text(
        "subject_id,site,dose_level,infusion_date\nCD1922-101,BJ01,DL1,2026-10-01\n", encoding="utf-8"
    )
    text = bundled_protocol_path().read_text(encoding="utf-8").replace('version = "1.0"', 'version = "1.1"')
    files["protocol"] = folder / "cd19-cd22-ph1-v1.1.toml"
    files["protocol"].write_text(text.replace("early = 60\nlate = 60", "early = 90\nlate = 90"), encoding="utf-8")
    files["second_protocol"] = bundled_protocol_path("cd19-cd22-ph2")
    files["unsigned_pdf"] = folder / "unsigned.pdf"
    files["unsigned_pdf"].write_bytes(b"%PDF-1.4\n% never signed\n")
    return template, files


@pytest.fixture(autouse=True)
def quick_hashing(monkeypatch):
    from argon2 import PasswordHasher

    monkeypatch.setattr(users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def state(db_file: Path) -> tuple[dict[str, int], list[tuple]]:
    """Row counts of every table, and the trail without its sign-in entries."""
    con = sqlite3.connect(db_file)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables if t != "audit_event"}
        trail = con.execute(
            "SELECT action, table_name, field, new_value FROM audit_event WHERE action != 'login' ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return counts, trail


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.name.endswith(("-wal", "-shm", ".anchors"))}  # the sign-in is audited, so anchored


@pytest.mark.parametrize("role", sorted(ACCOUNTS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_command_for_every_role(study, tmp_path, capsys, case, role):
    template, files = study
    argv, rights, (allowed_code, allowed_says) = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    db_file = work / "study.sqlite3"
    shutil.copyfile(template, db_file)
    out = tmp_path / "out"
    values = {name: str(path) for name, path in files.items()} | {"out": str(out)}
    command = [part.format(**values) for part in argv]
    before, listed = state(db_file), files_in(work)

    code = cli.main(["--db", str(db_file), "--user", ACCOUNTS[role], "--password-file", values["password"], *command])
    captured = capsys.readouterr()

    may = all(right in users.PERMISSIONS[role] for right in rights)
    if may:
        assert "may not" not in captured.err, captured.err
        assert code == allowed_code, captured.err
        if allowed_says:
            assert allowed_says in captured.out + captured.err
    else:
        missing = next(r for r in rights if r not in users.PERMISSIONS[role])
        assert code == 1
        assert f"{ACCOUNTS[role]} ({role}) may not {users.ACTION_WORDS[missing]}" in captured.err
        assert captured.err.count("\n") == 1 and captured.out == ""
        assert not out.exists()
        assert state(db_file) == before
        assert files_in(work) == listed


def test_an_archive_restores_into_a_new_or_empty_database_where_nobody_has_an_account(study, tmp_path, capsys):
    _, files = study
    from ltfu.services.database import open_database

    empty = tmp_path / "migrated-but-empty.sqlite3"
    open_database(str(empty)).dispose()  # e.g. a server database IT prepared
    for target in (tmp_path / "new.sqlite3", empty):
        assert cli.main(["--db", str(target), "restore-archive", str(files["archive"])]) == 0
        assert "audit chain intact" in capsys.readouterr().out


def test_user_list_as_a_nurse_is_refused_by_the_service_the_window_calls(study, tmp_path, capsys, monkeypatch):
    """The command's own table of rights is an early refusal only: without it the list
    is still refused, in the window's words, because both call `browse.user_list`."""
    from ltfu.errors import PermissionDenied
    from ltfu.services import browse
    from ltfu.services.database import open_database

    template, files = study
    db_file = tmp_path / "study.sqlite3"
    shutil.copyfile(template, db_file)
    with open_database(str(db_file)) as db:
        db.sign_in(ACCOUNTS["nurse"], PASSWORD)
        with pytest.raises(PermissionDenied) as window:
            browse.user_list(db)
    monkeypatch.setitem(cli.COMMAND_PERMISSIONS, "user", {"list": (), "add": ("manage_users",)})
    argv = ["--db", str(db_file), "--user", ACCOUNTS["nurse"], "--password-file", str(files["password"])]
    assert cli.main([*argv, "user", "list"]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"ltfu: {window.value}\n" and captured.out == ""
