"""compute_endpoints as a whole: JSON shape, the as-of rule, purity."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from ltfu.analysis import Cohort, compute_endpoints
from ltfu.analysis.records import AdverseEvent, Event, Result

from .builders import ae, ev, on, res, subject
from .synthetic import make_cohort

AS_OF = date(2026, 6, 30)
PACKAGE = Path(__file__).resolve().parents[2] / "ltfu" / "analysis"


@pytest.fixture(scope="module")
def cohort():
    return make_cohort(1500, seed=3)


@pytest.fixture(scope="module")
def endpoints(cohort):
    return compute_endpoints(cohort, AS_OF)


def test_to_dict_is_strict_json_with_iso_dates(endpoints):
    d = json.loads(json.dumps(endpoints.to_dict(), allow_nan=False))
    assert set(d) == {
        "as_of",
        "subjects",
        "settings",
        "efficacy",
        "pk",
        "pd",
        "b_cells",
        "safety",
        "immunogenicity",
        "data_problems",
    }
    assert d["as_of"] == "2026-06-30"
    assert set(d["efficacy"]) == {"os", "pfs", "pfs_sensitivity", "dor", "orr_3_months", "relapses"}
    assert set(d["safety"]) == {"dlt", "crs_icans", "crs_timing", "adverse_events"}
    assert set(d["immunogenicity"]) == {"rcl", "hama"}
    assert set(d["efficacy"]["os"]) == {"name", "definition", "km", "subjects"}
    assert set(d["efficacy"]["os"]["km"]) == {
        "n",
        "events",
        "censored",
        "confidence_level",
        "median",
        "median_ci",
        "landmarks",
        "at_risk",
        "curve",
    }
    first = d["efficacy"]["os"]["subjects"][0]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", first["start"]) and isinstance(first["days"], int)
    assert list(d["subjects"]["infused_by_dose_level"]) == ["DL1", "DL2", "DL3", "DL10"]
    assert d["subjects"]["records"] == 1500


def test_numbers_are_plausible(endpoints):
    assert endpoints.n_infused == endpoints.os.km.n
    assert 0 < endpoints.os.km.events < endpoints.os.km.n
    assert endpoints.dor.km.n <= endpoints.n_infused
    assert endpoints.orr.overall.evaluable > 0
    assert endpoints.pfs.km.median is not None
    assert len(endpoints.pk.summaries) == 8  # 2 analytes x 4 dose levels
    assert len(endpoints.crs_icans) == 5  # 4 dose levels and "all"
    assert endpoints.b_cells.recovery.km.events > 0


def _later(record, as_of):
    """The same subject with more records dated after the as-of date."""
    after = as_of + timedelta(days=1)
    return dataclasses.replace(
        record,
        events=(*record.events, Event(after, "relapse", "CD19-CD22+"), Event(after + timedelta(days=5), "death")),
        results=(
            *record.results,
            Result(after, "car_copies", 1e9),
            Result(after, "cd19_b_cells", 500.0),
            Result(after + timedelta(days=1), "cd19_b_cells", 500.0),
            Result(after, "rcl", category="positive"),
            Result(after, "hama", category="positive"),
            Result(after, "igg", 1.0),
        ),
        adverse_events=(*record.adverse_events, AdverseEvent(after, "Sepsis", 5, serious=True, dlt=True)),
        alive_dates=(*record.alive_dates, after),
    )


def test_records_after_the_as_of_date_change_nothing(cohort, endpoints):
    as_of = date(2020, 3, 31)
    before = compute_endpoints(cohort[:300], as_of).to_dict()
    after = compute_endpoints([_later(r, as_of) for r in cohort[:300]], as_of).to_dict()
    assert after == before


def test_a_cohort_built_by_the_caller_gives_the_same_endpoints(cohort, endpoints):
    """The annual report builds the cohort once, for the endpoints and its own charts."""
    built = Cohort.build(cohort, AS_OF)
    assert compute_endpoints(built, AS_OF).to_dict() == endpoints.to_dict()
    with pytest.raises(ValueError):
        compute_endpoints(built, AS_OF - timedelta(days=1))


def test_small_cohort_end_to_end():
    subjects = [
        subject(
            "a",
            events=[ev(28, "response", "CR"), ev(91, "response", "CR"), ev(300, "death", "sepsis")],
            results=[res(0, "car_copies", None, blq=True), res(7, "car_copies", 1000.0), res(28, "car_copies", 100.0)],
            aes=[ae(3, "Cytokine release syndrome", 2, kind="crs")],
        ),
        subject("b", dose_level="DL2", events=[ev(28, "response", "NR")], alive=[28, 91, 183]),
    ]
    e = compute_endpoints(subjects, on(400))
    d = e.to_dict()
    assert d["efficacy"]["os"]["km"]["events"] == 1
    assert d["efficacy"]["orr_3_months"]["overall"]["responders"] == 1
    assert d["efficacy"]["dor"]["subjects"] == [
        {"subject_id": "a", "dose_level": "DL1", "start": "2024-01-29", "end": "2024-10-27", "days": 272, "event": True}
    ]
    assert d["safety"]["adverse_events"]["deaths"][0]["cause"] == "sepsis"
    assert d["safety"]["crs_icans"][0]["crs"]["2"] == 1
    (pk_a,) = [p for p in d["pk"]["subjects"] if p["subject_id"] == "a"]
    assert pk_a["cmax"] == 1000.0 and pk_a["tmax_day"] == 7


def test_empty_input():
    d = compute_endpoints([], AS_OF).to_dict()
    assert d["subjects"]["infused"] == 0
    assert d["efficacy"]["os"]["km"]["median"] is None
    json.dumps(d, allow_nan=False)


def test_the_package_never_reads_the_clock():
    pattern = re.compile(r"\b(?:today|now|utcnow)\s*\(|time\.time\b|time\.localtime\b")
    for path in PACKAGE.glob("*.py"):
        assert not pattern.search(path.read_text()), path.name


def test_the_package_imports_no_qt_database_or_sibling_layer():
    code = (
        "import sys, ltfu.analysis, ltfu.analysis.endpoints\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'reportlab')"
        " or m.startswith(('ltfu.db', 'ltfu.schedule', 'ltfu.reports', 'ltfu.services', 'ltfu.ui'))]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE.parents[1])
