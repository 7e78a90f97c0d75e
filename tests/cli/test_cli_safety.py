"""Scene 13 on the command line (USERS.md): a T-cell lymphoma in year 4, its case, its clocks.

Run on the embedded file and on a PostgreSQL server: every write is the same service.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ltfu.cli import main

D = dt.date
INFUSED = D(2022, 9, 1)
X = D(2026, 3, 10)  # the day the site knew: in year 4 of follow-up
ONSET = D(2026, 3, 2)
AE_HEADER = "subject_id,onset_date,awareness_date,term,grade,serious,related,category,resolution_date,dlt\n"


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "ltfu.sqlite3")
    return request.getfixturevalue("pg_url")


def run(capsys, url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", url, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def as_json(capsys, url: str, *argv: str) -> dict:
    code, out, err = run(capsys, url, "--json", *argv)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def study(url, tmp_path, capsys):
    subjects = tmp_path / "subjects.csv"
    subjects.write_text(
        f"subject_id,site,dose_level,infusion_date\nCD1922-004,BJ01,DL2,{INFUSED}\nCD1922-005,BJ01,DL2,{INFUSED}\n",
        encoding="utf-8",
    )
    assert run(capsys, url, "import", "subjects", str(subjects))[0] == 0
    return url


def test_a_t_cell_lymphoma_in_year_4_opens_its_case_and_clocks_until_the_report_is_sent(study, tmp_path, capsys):
    url = study
    lymphoma = tmp_path / "ae.csv"
    lymphoma.write_text(
        AE_HEADER + f"CD1922-004,{ONSET},{X},Peripheral T-cell lymphoma,3,yes,yes,t_cell_malignancy,,no\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, url, "import", "adverse-events", str(lymphoma))
    assert code == 0, err
    assert "1 added" in out

    safety = as_json(capsys, url, "safety", "--as-of", X.isoformat())
    [case] = safety["cases"]
    assert (case["study_id"], case["kind"], case["t_cell"], case["term"]) == (
        "CD1922-004",
        "malignancy",
        True,
        "Peripheral T-cell lymphoma",
    )
    assert case["awareness_date"] == X.isoformat()  # the day the site knew, not the onset
    steps = {s["code"]: (s["state"], s["due_date"]) for s in case["steps"]}
    day = lambda n: (X + dt.timedelta(days=n)).isoformat()  # noqa: E731
    assert steps == {
        "sponsor": ("open", day(1)),
        "tissue_blood": ("open", day(14)),
        "transgene_test": ("open", None),
        "integration_site": ("open", None),
        "archived_rcl": ("open", None),
        "ethics": ("open", day(7)),
        "regulator": ("not_applicable", None),  # the site is not the sponsor: the sponsor reports
    }
    clocks = {c["recipient"]: c for c in safety["clocks"]}
    assert set(clocks) == {"sponsor", "ethics_committee"}
    assert (clocks["sponsor"]["due_date"], clocks["sponsor"]["state"]) == (day(1), "due")

    # The next morning the sponsor clock is due today: red (blocking) on the worklist, not yet late.
    work = as_json(capsys, url, "worklist", "--today", day(1))
    [due] = [a for a in work["alerts"] if a["study_id"] == "CD1922-004" and a["kind"] == "report_due"]
    assert (due["detail"], due["blocking"], due["overdue"]) == ("sponsor", True, False)

    # The next morning but one: the sponsor clock is overdue, and blocks.
    work = as_json(capsys, url, "worklist", "--today", day(2))
    alerts = [a for a in work["alerts"] if a["study_id"] == "CD1922-004"]
    kinds = {(a["kind"], a["blocking"]) for a in alerts}
    assert ("malignancy", True) in kinds and ("report_due", True) in kinds
    [due] = [a for a in alerts if a["kind"] == "report_due"]
    assert (due["detail"], due["date"], due["overdue"]) == ("sponsor", day(1), True)
    assert "overdue" in due["message"]

    # The case does not close while steps are open, and says which.
    code, _, err = run(capsys, url, "case", "close", str(case["id"]))
    assert code == 1
    assert "6 step(s) still open: sponsor, tissue_blood, transgene_test, integration_site, archived_rcl, ethics" in err

    # The coordinator records the report as sent: the clock stops, late stays late.
    report = clocks["sponsor"]["id"]
    sent = as_json(
        capsys, url, "report-sent", str(report), "--on", day(2), "--to", "Sponsor safety desk", "--reference", "SAE-7"
    )
    assert (sent["state"], sent["sent_on"], sent["reference"]) == ("sent_late", day(2), "SAE-7")
    work = as_json(capsys, url, "worklist", "--today", day(2))
    assert not [a for a in work["alerts"] if a["kind"] == "report_due"]
    logged = as_json(capsys, url, "safety", "--as-of", day(30), "--log")
    states = {c["recipient"]: c["state"] for c in logged["reports_log"]}
    assert states == {"sponsor": "sent_late", "ethics_committee": "overdue"}
    [case] = logged["cases"]
    sponsor_step = next(s for s in case["steps"] if s["code"] == "sponsor")
    assert (sponsor_step["state"], sponsor_step["done_on"]) == ("done", day(2))
    assert "SAE-7" in sponsor_step["note"]

    # A second report of the same clock is refused; so is a step that is a report.
    code, _, err = run(capsys, url, "report-sent", str(report), "--on", day(3), "--to", "x", "--reference", "y")
    assert code == 1 and "already sent" in err
    code, _, err = run(capsys, url, "case", "step", str(case["id"]), "ethics", "--done", "--on", day(3))
    assert code == 1 and "record it as sent" in err

    # Working the case to its end: a negative transgene test closes the integration-site step.
    case_id = str(case["id"])
    steps_done = [
        ("tissue_blood", "--done", "--on", day(5), "--note", "tissue and blood shipped to the sponsor"),
        ("transgene_test", "--done", "--on", day(20), "--outcome", "negative"),
        ("archived_rcl", "--done", "--on", day(25), "--note", "three archived samples negative"),
    ]
    for code_, *options in steps_done:
        assert run(capsys, url, "case", "step", case_id, code_, *options)[0] == 0
    ethics = next(c for c in logged["reports_log"] if c["recipient"] == "ethics_committee")["id"]
    assert run(capsys, url, "report-sent", str(ethics), "--on", day(6), "--to", "EC", "--reference", "EC-1")[0] == 0
    closed = as_json(capsys, url, "case", "close", case_id, "--on", day(26))
    assert closed["state"] == "closed"
    integration = next(s for s in closed["steps"] if s["code"] == "integration_site")
    assert integration["state"] == "not_applicable" and "negative" in integration["note"]
    assert as_json(capsys, url, "safety", "--as-of", day(30))["cases"] == []
    code, out, err = run(capsys, url, "check")
    assert code == 0, out + err  # every change of the case is in the audit trail


def test_the_adverse_event_import_is_all_or_nothing_and_names_each_bad_line(study, tmp_path, capsys):
    url = study
    bad = tmp_path / "ae.csv"
    bad.write_text(
        AE_HEADER
        + f"CD1922-004,{ONSET},{X},Pneumonia,3,yes,no,serious_infection,,no\n"
        + f"CD1922-005,{ONSET},{ONSET - dt.timedelta(days=1)},Lymphoma,3,yes,yes,new_malignancy,,no\n"
        + f"CD1922-005,{ONSET},,Fatigue,9,no,no,,,no\n"
        + f"CD1922-005,{ONSET},,Fatigue,2,perhaps,no,,,no\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, url, "import", "adverse-events", str(bad))
    assert code == 1
    assert "ae.csv: 3 bad row(s), nothing imported" in err
    assert f"line 3: awareness date {ONSET - dt.timedelta(days=1)} is before the onset {ONSET}" in err
    assert "line 4: grade 9 is outside 1-5" in err
    assert "line 5: serious 'perhaps' must be yes or no" in err
    safety = as_json(capsys, url, "safety", "--as-of", X.isoformat(), "--log")
    assert safety["cases"] == [] and safety["reports_log"] == []

    # Fixed, it goes in whole; the serious pneumonia starts the sponsor clock from the day
    # the site knew, the malignancy opens its case; a second import adds nothing.
    good = tmp_path / "ae-fixed.csv"
    good.write_text(
        AE_HEADER
        + f"CD1922-004,{ONSET},{X},Pneumonia,3,yes,no,serious_infection,,no\n"
        + f"CD1922-005,{ONSET},{X},Lymphoma,3,yes,yes,new_malignancy,,no\n",
        encoding="utf-8",
    )
    assert run(capsys, url, "import", "adverse-events", str(good))[0] == 0
    code, out, _ = run(capsys, url, "import", "adverse-events", str(good))
    assert code == 0 and "0 added, 2 already present" in out
    safety = as_json(capsys, url, "safety", "--as-of", X.isoformat(), "--log")
    [case] = safety["cases"]
    assert (case["study_id"], case["t_cell"]) == ("CD1922-005", False)
    pneumonia = [c for c in safety["reports_log"] if c["study_id"] == "CD1922-004"]
    assert [(c["recipient"], c["due_date"], c["case_id"]) for c in pneumonia] == [
        ("sponsor", (X + dt.timedelta(days=1)).isoformat(), None)
    ]


def test_a_step_not_applicable_needs_its_reason_and_a_case_step_must_exist(study, tmp_path, capsys):
    url = study
    ae = tmp_path / "ae.csv"
    ae.write_text(AE_HEADER + f"CD1922-004,{ONSET},{X},Lymphoma,3,yes,yes,new_malignancy,,no\n", encoding="utf-8")
    assert run(capsys, url, "import", "adverse-events", str(ae))[0] == 0
    [case] = as_json(capsys, url, "safety", "--as-of", X.isoformat())["cases"]
    case_id = str(case["id"])
    code, _, err = run(capsys, url, "case", "step", case_id, "tissue_blood", "--not-applicable")
    assert code == 1 and "give the reason" in err
    code, _, err = run(capsys, url, "case", "step", case_id, "rcl_confirm", "--done")
    assert code == 1 and "has no step 'rcl_confirm'" in err
    code, _, err = run(capsys, url, "case", "step", case_id, "integration_site", "--done", "--on", X.isoformat())
    assert code == 1 and "waits for the transgene test" in err
    code, _, err = run(capsys, url, "case", "step", case_id, "transgene_test", "--done", "--on", X.isoformat())
    assert code == 1 and "give the outcome" in err
    changed = as_json(
        capsys,
        url,
        "case",
        "step",
        case_id,
        "tissue_blood",
        "--not-applicable",
        "--note",
        "no tissue: diagnosed by flow",
    )
    step = next(s for s in changed["steps"] if s["code"] == "tissue_blood")
    assert (step["state"], step["note"]) == ("not_applicable", "no tissue: diagnosed by flow")
    reopened = as_json(capsys, url, "case", "step", case_id, "tissue_blood", "--reopen", "--note", "biopsy planned")
    step = next(s for s in reopened["steps"] if s["code"] == "tissue_blood")
    assert (step["state"], step["done_on"]) == ("open", None)
    owned = as_json(capsys, url, "case", "step", case_id, "tissue_blood", "--owner", "pi", "--due", "2026-04-30")
    step = next(s for s in owned["steps"] if s["code"] == "tissue_blood")
    assert (step["owner"], step["due_date"]) == ("pi", "2026-04-30")
    code, _, err = run(capsys, url, "case", "step", case_id, "tissue_blood", "--owner", "nobody")
    assert code == 1 and "neither a role" in err
    with pytest.raises(SystemExit) as usage:  # a step only with 'case step'
        main(["--db", url, "case", "show", case_id, "sponsor"])
    assert usage.value.code == 2 and "with 'case step' only" in capsys.readouterr().err
