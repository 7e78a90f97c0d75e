"""HSCT and new anticancer therapy entered by CSV: they stop the efficacy assessments
(DOMAIN.md 3.8), and the PFS sensitivity analysis censors the day before them while the
primary analysis does not (DOMAIN.md 5). The Kaplan-Meier numbers are worked by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.services.endpoints import compute
from ltfu.services.imports import import_file
from ltfu.services.subjects import NewSubject, enrol
from ltfu.services.visits import subject_schedule

D0 = dt.date(2024, 1, 1)
AS_OF = D0 + dt.timedelta(days=1000)


def on(day: int) -> str:
    return (D0 + dt.timedelta(days=day)).isoformat()


@pytest.fixture
def cohort(either_db, tmp_path):
    db = either_db
    for sid in "ABCD":
        enrol(db, NewSubject(f"CD1922-07{sid}", "BJ01", "DL1", D0), D0)
    rows = [
        ("A", 28, "response", "CR"), ("A", 200, "relapse", "CD19-CD22+"),
        ("B", 28, "response", "CR"), ("B", 90, "hsct", "allogeneic MSD"), ("B", 300, "relapse", ""),
        ("C", 28, "response", "CR"), ("C", 120, "response", "CR"), ("C", 150, "new_therapy", "antibody blinatumomab"),
        ("D", 28, "response", "CR"), ("D", 400, "death", "infection"),
    ]  # fmt: skip
    path = tmp_path / "events.csv"
    path.write_text(
        "subject_id,date,event,detail\n" + "".join(f"CD1922-07{s},{on(d)},{k},{t}\n" for s, d, k, t in rows),
        encoding="utf-8",
    )
    assert import_file(db, "events", path, AS_OF).added == len(rows)
    return db


def test_the_sensitivity_analysis_censors_the_day_before_hsct_or_new_therapy(cohort):
    endpoints = compute(cohort, AS_OF)
    primary = {s.subject_id: (s.days, s.event) for s in endpoints.pfs.subjects}
    sensitivity = {s.subject_id: (s.days, s.event) for s in endpoints.pfs_sensitivity.subjects}
    assert primary == {
        "CD1922-07A": (200, True),
        "CD1922-07B": (300, True),  # the relapse after the transplant counts
        "CD1922-07C": (120, False),  # the last disease assessment
        "CD1922-07D": (400, True),
    }
    assert sensitivity == {
        "CD1922-07A": (200, True),
        "CD1922-07B": (89, False),  # the day before the HSCT
        "CD1922-07C": (149, False),  # the day before the new therapy
        "CD1922-07D": (400, True),
    }
    # Primary: censored at 120 (4 -> 3 at risk), events at 200 (2/3), 300 (1/3), 400 (0).
    km = endpoints.pfs.km
    assert (km.median, km.at(365).survival) == (300, pytest.approx(1 / 3))
    # Sensitivity: censored at 89 and 149 (2 at risk), events at 200 (1/2) and 400 (0).
    km = endpoints.pfs_sensitivity.km
    assert (km.median, km.at(365).survival, km.events) == (200, pytest.approx(0.5), 2)


def test_a_transplant_or_new_therapy_stops_the_efficacy_assessments_only(cohort):
    hsct = {v.code: v for v in subject_schedule(cohort, "CD1922-07B", AS_OF).visits}
    assert hsct["M3"].assessments == ("Ex", "B", "G", "R-T", "AE")  # Day 91: after the HSCT on Day 90
    assert "P" in hsct["M2"].assessments  # its window closed (Day 68) before the transplant
    therapy = {v.code: v for v in subject_schedule(cohort, "CD1922-07C", AS_OF).visits}
    assert "D" in therapy["M3"].assessments and "P" in therapy["M3"].assessments  # before Day 150
    assert therapy["M6"].assessments == ("Ex", "B", "G", "R-T", "AE", "LT")  # D, P, H stop
