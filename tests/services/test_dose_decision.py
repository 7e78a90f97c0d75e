"""The demo cohort's dose decision, as `ltfu endpoints` gives it (JSON and text).

The demo's dose levels were not enrolled as a 3+3 trial would be (DL3 first), which
makes it a good test of a table that must not contradict itself. Worked out by hand
from the demo's infusion order (seed 1, today 2026-11-29):
DL3: 005 033 001 (0/3), 022 035* 021 (1/6), then 9 more with 3 DLTs;
DL2: 003 034 029 (0/3), 031* 032 039 (1/6), then 9 more without DLT;
DL1: 023* 037* 030 (2/3), 009 017 014 (2/6), then 007 and 3 still in the DLT window.
"""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.cli import main
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.endpoints import compute, summary

TODAY = dt.date(2026, 11, 29)
HISTORY = [
    ("DL3", 1, "0/3", "escalate"),
    ("DL2", 1, "0/3", "escalate"),
    ("DL3", 2, "1/6", "escalate"),
    ("DL1", 1, "2/3", "exceeds_mtd"),
    ("DL2", 2, "1/6", "stopped"),
    ("DL1", 2, "2/6", "exceeds_mtd"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("dose") / "demo.sqlite3"
    database = open_database(str(path))
    build_demo(database, subjects=40, seed=1, today=TODAY)
    yield path, summary(compute(database, TODAY))
    database.dispose()


def test_the_demo_decisions_history_and_mtd(demo):
    _, result = demo
    dlt = result["dlt"]
    assert dlt["design"] == "3+3" and "boundaries" not in dlt
    levels = dlt["levels"]
    assert {k: (v["dose_finding_dlt"], len(v["dose_finding"]), v["decision"]) for k, v in levels.items()} == {
        "DL1": (2, 6, "exceeds_mtd"),
        "DL2": (1, 6, "stopped"),
        "DL3": (1, 6, "stopped"),
    }
    assert levels["DL1"]["dose_finding"][:3] == ["CD1922-023", "CD1922-037", "CD1922-030"]
    got = [(c["dose_level"], c["number"], f"{c['level_dlt']}/{c['level_n']}", c["decision"]) for c in dlt["history"]]
    assert got == HISTORY
    assert (dlt["mtd"], dlt["mtd_status"], result["mtd"]) == (None, "none_tolerated", None)

    expansion = {k: v["expansion"] for k, v in levels.items()}
    assert (len(expansion["DL3"]["subjects"]), expansion["DL3"]["n_dlt"]) == (9, 3)
    assert (expansion["DL3"]["overall_dlt"], expansion["DL3"]["overall_evaluable"]) == (4, 15)
    # R: binom.test(4, 15)$conf.int = 0.0779 0.5510
    assert (round(expansion["DL3"]["lower"], 4), round(expansion["DL3"]["upper"], 4)) == (0.0779, 0.5510)
    assert not any(x["flagged"] for x in expansion.values())
    assert (len(expansion["DL1"]["subjects"]), expansion["DL1"]["overall_evaluable"]) == (4, 7)


def test_the_demo_table_does_not_contradict_itself(demo):
    _, result = demo
    levels = result["dlt"]["levels"]
    order = list(levels)
    exceeded = [i for i, level in enumerate(order) if levels[level]["decision"] == "exceeds_mtd"]
    for i, level in enumerate(order):
        if exceeded and i > min(exceeded):
            # Above a level that exceeded: never "escalate", never the MTD.
            assert levels[level]["decision"] in ("stopped", "exceeds_mtd"), level
    mtd = result["mtd"]
    assert mtd is None or all(order.index(mtd) < i for i in exceeded)


def test_the_text_output_prints_the_history(demo, capsys):
    path, _ = demo
    assert main(["--db", str(path), "endpoints", "--as-of", TODAY.isoformat()]) == 0
    text = capsys.readouterr().out
    assert "DLT by dose level (3+3; DLTs from Day 0 to Day 28):" in text
    assert (
        "    4. DL1 cohort 1 (CD1922-023, CD1922-037, CD1922-030): 2/3 DLT at the level: "
        "the dose exceeds the MTD; de-escalate"
    ) in text
    assert "5. DL2 cohort 2 (CD1922-031, CD1922-032, CD1922-039): 1/6 DLT at the level: stopped" in text
    assert "expansion cohort: 9 subject(s), 3 DLT; overall DLT rate 4/15 = 27% (exact 95% CI 8-55%)" in text
    assert "  MTD: none: the lowest dose level treated exceeds the MTD" in text


def test_boin_chosen_by_the_protocol_reaches_the_json_with_its_boundaries():
    from ltfu.analysis import AdverseEvent, SubjectRecord, compute_endpoints
    from ltfu.schedule import bundled_protocol_path, parse_protocol

    text = bundled_protocol_path().read_text(encoding="utf-8")
    text = text.replace(
        "igg_g_per_l = 4.0\n", 'igg_g_per_l = 4.0\n\n[dose_finding]\ndesign = "boin"\nmax_per_dose = 6\n'
    )
    design = parse_protocol(text.encode("utf-8"), "boin.toml").dose_finding

    def record(n: int, level: str, dlt: bool) -> SubjectRecord:
        infused = dt.date(2024, 1, 1) + dt.timedelta(days=n)
        aes = (AdverseEvent(infused + dt.timedelta(days=5), "Neurotoxicity", 3, dlt=True),) if dlt else ()
        return SubjectRecord(f"S-{n:02}", "01", level, infused, adverse_events=aes)

    # DL1: 0/3 escalate; DL2: 1/3 stay, then 1/6 = 0.17 <= 0.236 with 6 treated.
    records = [record(i, "DL1", False) for i in range(3)]
    records += [record(3 + i, "DL2", i == 0) for i in range(6)]
    result = summary(compute_endpoints(records, dt.date(2025, 1, 1), dose_design=design))["dlt"]
    assert (result["design"], result["target"], result["max_per_dose"]) == ("boin", 0.30, 6)
    assert [c["decision"] for c in result["history"]] == ["escalate", "stay", "escalate"]
    assert (result["mtd"], result["mtd_status"]) == ("DL2", "declared")
    table = result["boundaries"]["table"]
    assert [(r["n"], r["escalate_at_most"], r["de_escalate_at_least"], r["eliminate_at_least"]) for r in table] == [
        (1, 0, 1, None),
        (2, 0, 1, None),
        (3, 0, 2, 3),
        (4, 0, 2, 3),
        (5, 1, 2, 4),
        (6, 1, 3, 4),
    ]
