"""The dose-level review's service: the same endpoints as `ltfu endpoints`, the curves of
each level, the decision in the annual report's words, and who may read it."""

from __future__ import annotations

import datetime as dt
import tomllib
from importlib.resources import files

import pytest

from ltfu.errors import PermissionDenied
from ltfu.services import browse, users
from ltfu.services.database import open_database
from ltfu.services.demo import build_demo
from ltfu.services.dose_levels import CURVE_ANALYTES, dose_levels, dose_words
from ltfu.services.endpoints import compute, summary

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize("any_db", ["sqlite", "postgresql"], indirect=True)
def test_the_review_holds_the_endpoints_and_a_curve_per_subject_and_level(any_db):
    build_demo(any_db, subjects=24, seed=3, today=TODAY)
    review = dose_levels(any_db, TODAY)
    expected = summary(compute(any_db, TODAY))
    assert summary(review.endpoints) == expected
    assert review.dose_levels == tuple(expected["dlt"]["levels"])
    for analyte in CURVE_ANALYTES:
        curves = review.curves_of(analyte)
        for level in review.dose_levels:
            subjects, median = curves.of_level(level)
            assert subjects, (analyte, level)
            assert {c.dose_level for c in subjects} == {level}
            assert median is not None and list(median.days) == sorted(median.days)
            # The median at each visit lies within the level's values.
            values = [v for c in subjects for v in c.values]
            assert min(values) <= min(median.values) and max(median.values) <= max(values)
    # Every treated subject of a level has an expansion curve.
    car = review.curves_of("car_copies")
    for level, block in expected["dlt"]["levels"].items():
        assert {c.subject_id for c in car.of_level(level)[0]} == set(block["dose_finding"]) | set(
            (block["expansion"] or {}).get("subjects", ())
        )


def test_the_decisions_are_the_annual_reports_sentences_in_both_languages(tmp_path):
    with open_database(str(tmp_path / "demo.sqlite3")) as db:
        build_demo(db, subjects=40, seed=1, today=TODAY)
        review = dose_levels(db, TODAY)
    for language in ("en", "zh"):
        texts = tomllib.loads(files("ltfu").joinpath("resources", "letters", f"annual_{language}.toml").read_text())
        words = dose_words(review.endpoints, language)
        for d in review.endpoints.dlt.dose_levels:
            template = texts["decisions"][d.decision.value]
            counts = {"dlts": d.dose_finding.n_dose_finding_dlt, "evaluable": d.dose_finding.n_dose_finding}
            assert words.decisions[d.dose_level] == template.format(**counts)
        assert len(words.steps) == len(review.endpoints.dlt.dose.history)
        mtd = review.endpoints.dlt.mtd
        assert words.mtd in {
            texts["safety"][k].format(mtd=mtd, most=6) for k in ("mtd", "mtd_open", "mtd_none_tolerated")
        }


def test_a_nurse_may_not_read_the_review_a_pi_and_a_coordinator_may(tmp_path):
    with open_database(str(tmp_path / "demo.sqlite3")) as db:
        build_demo(db, subjects=12, seed=2, today=TODAY)
        with db.session() as session:
            users.create_user(session, None, "ada", "Ada Admin", "admin", "admin-password-1")
        db.sign_in("ada", "admin-password-1")
        for name, role in (("nurse.a", "nurse"), ("pi.a", "pi"), ("coord.a", "coordinator")):
            browse.add_user(db, name, name, role, "a-password-123")
        with pytest.raises(PermissionDenied, match="may not review dose-level safety"):
            dose_levels(db, TODAY)  # the administrator has no clinical role
        db.sign_in("nurse.a", "a-password-123")
        with pytest.raises(PermissionDenied, match="may not review dose-level safety"):
            dose_levels(db, TODAY)
        for name in ("pi.a", "coord.a"):
            db.sign_in(name, "a-password-123")
            assert dose_levels(db, TODAY).endpoints.dlt.dose_levels
