"""plan, schedule, worklist and import from the command line agree with the services."""

from __future__ import annotations

import json

from ltfu.cli import main
from ltfu.services.database import open_database
from ltfu.services.worklist import worklist

HAND_COMPUTED = {  # DOMAIN.md section 4 from an infusion on 2024-02-29
    "D0": ("2024-02-29", "2024-02-29", "2024-02-29"),
    "M2": ("2024-04-30", "2024-04-23", "2024-05-07"),
    "M12": ("2025-02-28", "2025-02-14", "2025-03-30"),
    "M15": ("2025-05-29", "2025-05-08", "2025-06-19"),
    "M24": ("2026-02-28", "2026-01-29", "2026-03-30"),
    "M48": ("2028-02-29", "2028-01-30", "2028-03-30"),
    "Y6": ("2030-02-28", "2029-12-30", "2030-04-29"),
    "Y15": ("2039-02-28", "2038-12-30", "2039-04-29"),
}


def run(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_plan_json_for_a_leap_day_infusion(capsys):
    code, out, _ = run(capsys, "plan", "--infusion", "2024-02-29", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["protocol"] == "cd19-cd22-ph1" and data["infusion_date"] == "2024-02-29"
    assert len(data["visits"]) == 35
    by_code = {v["code"]: v for v in data["visits"]}
    for code_, (nominal, start, end) in HAND_COMPUTED.items():
        assert (by_code[code_]["nominal_date"], by_code[code_]["window_start"], by_code[code_]["window_end"]) == (
            nominal,
            start,
            end,
        ), code_
    assert by_code["Y15"]["mode"] == "phone" and by_code["M3"]["assessments"][-2:] == ["R-T", "AE"]


def test_worklist_cli_and_service_agree_on_the_demo(capsys, tmp_path):
    db_file = str(tmp_path / "demo.sqlite3")
    assert run(capsys, "--db", db_file, "demo", "--today", "2026-11-29")[0] == 0
    code, out, _ = run(capsys, "--db", db_file, "--json", "worklist", "--today", "2026-11-29", "--days", "14")
    assert code == 0
    data = json.loads(out)
    with open_database(db_file) as db:
        service = worklist(db, __import__("datetime").date(2026, 11, 29), 14)
    for status in ("due", "overdue", "upcoming"):
        assert [(r["study_id"], r["code"]) for r in data[status]] == [
            (r.study_id, r.code) for r in service.by_status(status)
        ]
    assert any(a["kind"] == "rcl_positive" and a["blocking"] for a in data["alerts"])
    # Text output names the sections a nurse reads.
    code, text, _ = run(capsys, "--db", db_file, "worklist", "--today", "2026-11-29")
    assert "Overdue (" in text and "Safety alerts:" in text


def test_schedule_cli_json_has_status_cause_and_actuals(capsys, tmp_path):
    db_file = str(tmp_path / "demo.sqlite3")
    run(capsys, "--db", db_file, "demo", "--today", "2026-11-29", "--subjects", "30")
    code, out, _ = run(capsys, "--db", db_file, "--json", "schedule", "CD1922-001", "--today", "2026-11-29")
    assert code == 0
    data = json.loads(out)
    assert len(data["visits"]) == 35
    assert {
        "code",
        "nominal_date",
        "window_start",
        "window_end",
        "mode",
        "assessments",
        "status",
        "cause",
        "actual_date",
        "actual_mode",
    } <= set(data["visits"][0])
    assert data["visits"][0]["status"] == "completed"
    code, _, err = run(capsys, "--db", db_file, "schedule", "NOPE-1")
    assert code == 1 and "No subject 'NOPE-1'" in err


def test_import_lists_every_bad_row_and_exits_1(capsys, tmp_path):
    db_file = str(tmp_path / "x.sqlite3")
    csv = tmp_path / "subjects.csv"
    csv.write_text("subject_id,site,dose_level,infusion_date\nA-1,BJ01,DL1,2024-02-30\nA-2,BJ01,DLx,2024-01-01\n")
    code, _, err = run(capsys, "--db", db_file, "import", "subjects", str(csv))
    assert code == 1
    assert "2 bad row(s), nothing imported" in err
    assert "line 2: infusion_date '2024-02-30' is not a calendar date" in err and "line 3: dose_level" in err


def test_endpoints_json_has_every_key_and_text_reads_for_a_pi(capsys, tmp_path):
    db_file = str(tmp_path / "demo.sqlite3")
    run(capsys, "--db", db_file, "demo", "--today", "2026-11-29")
    code, out, _ = run(capsys, "--db", db_file, "--json", "endpoints", "--as-of", "2026-11-29")
    assert code == 0
    data = json.loads(out)
    for key in (
        "as_of",
        "orr",
        "os",
        "pfs",
        "pfs_censored_hsct",
        "dor",
        "bcell_recovery",
        "pk",
        "pk_by_dose_level",
        "bcell_recovery_day",
        "hama",
        "rcl",
        "dlt",
        "mtd",
    ):
        assert key in data, key
    assert set(data["orr"]) == {"responders", "evaluable", "rate", "ci95"}
    assert {"n", "events", "median_days", "median_ci95", "survival_at", "at_risk"} <= set(data["os"])
    assert set(data["os"]["survival_at"]) == {"365", "730"}
    some = next(iter(data["pk"].values()))
    assert {"cmax", "tmax_day", "auc0_28"} <= set(some)
    assert set(data["dlt"]["levels"]) == {"DL1", "DL2", "DL3"}
    code, text, _ = run(capsys, "--db", db_file, "endpoints", "--as-of", "2026-11-29")
    assert "ORR at 3 months" in text and "Overall survival" in text and "MTD:" in text
    # As of an earlier date the later records are ignored.
    _, early, _ = run(capsys, "--db", db_file, "--json", "endpoints", "--as-of", "2022-01-01")
    assert json.loads(early)["os"]["n"] < data["os"]["n"]


def test_letters_and_reports_from_the_command_line(capsys, tmp_path):
    from pypdf import PdfReader

    db_file = str(tmp_path / "demo.sqlite3")
    run(capsys, "--db", db_file, "demo", "--today", "2026-11-29")
    letters = tmp_path / "letters.pdf"
    code, out, _ = run(capsys, "--db", db_file, "--json", "letters", "--from", "2026-12-01", "--to", "2026-12-31",
                       "-o", str(letters))
    assert code == 0
    data = json.loads(out)
    assert len(PdfReader(letters).pages) == len(data["letters"]) > 0
    assert all(s["reason"] for s in data["skipped"])
    schedule = tmp_path / "schedule.pdf"
    assert run(capsys, "--db", db_file, "report", "schedule", "CD1922-001", "-o", str(schedule))[0] == 0
    assert "CD1922-001" in PdfReader(schedule).pages[0].extract_text()
    code, _, err = run(capsys, "--db", db_file, "report", "calendar", "-o", str(tmp_path / "c.pdf"))
    assert code == 1 and "needs --site, --from and --to" in err


def test_export_archive_and_restore_from_the_command_line(capsys, tmp_path):
    db_file = str(tmp_path / "demo.sqlite3")
    run(capsys, "--db", db_file, "demo", "--today", "2026-11-29", "--subjects", "15")
    assert run(capsys, "--db", db_file, "export", "csv", str(tmp_path / "csv"))[0] == 0
    assert (tmp_path / "csv" / "dictionary.csv").exists() and not (tmp_path / "csv" / "contacts.csv").exists()
    assert run(capsys, "--db", db_file, "export", "odm", str(tmp_path / "study.xml"))[0] == 0
    archive = tmp_path / "handover.zip"
    assert run(capsys, "--db", db_file, "archive", str(archive))[0] == 0
    import zipfile

    names = zipfile.ZipFile(archive).namelist()
    assert "manifest.json" in names and any(n.endswith(".pdf") for n in names)
    restored = str(tmp_path / "restored.sqlite3")
    code, out, _ = run(capsys, "--db", restored, "--json", "restore-archive", str(archive))
    assert code == 0 and json.loads(out)["row_counts"]["subject"] == 15
    _, before, _ = run(capsys, "--db", db_file, "--json", "endpoints", "--as-of", "2026-11-29")
    _, after, _ = run(capsys, "--db", restored, "--json", "endpoints", "--as-of", "2026-11-29")
    assert json.loads(before) == json.loads(after)
