"""subjects.csv: all or nothing, every bad row named, re-import adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import ImportRowsError, ValidationError
from ltfu.services.subjects import import_subjects

TODAY = dt.date(2026, 11, 29)
HEADER = "subject_id,site,dose_level,infusion_date,birth_date,sex,given_name,family_name,language\n"


def write(tmp_path, body, header=HEADER, name="subjects.csv"):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def counts(db):
    with db.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in (m.Subject, m.Contact, m.Visit))


def test_good_file_enrols_and_plans_every_visit(db, tmp_path):
    path = write(
        tmp_path,
        "CD1922-101,BJ01,DL1,2025-01-31,1990-05-01,F,示例一,张,zh\nCD1922-102,SH02,DL2,2024-02-29,,m,Zoë,Démo,en\n",
    )
    summary = import_subjects(db, path, TODAY)
    assert (summary.added, summary.unchanged, summary.new_sites) == (2, 0, ("BJ01", "SH02"))
    assert counts(db) == (2, 2, 70)
    with db.session() as s:
        m1 = s.scalar(
            select(m.Visit.nominal_date)
            .join(m.Subject)
            .where(m.Subject.study_id == "CD1922-102", m.Visit.code == "M15")
        )
        assert m1 == dt.date(2025, 5, 29)
        contact = s.scalar(select(m.Contact).join(m.Subject).where(m.Subject.study_id == "CD1922-101"))
        assert (contact.family_name, contact.language) == ("张", "zh")
        # The audit trail records the creation but never copies the name.
        trail = " ".join(filter(None, s.scalars(select(m.AuditEvent.new_value))))
        assert "CD1922-101" in trail and "张" not in trail and "Zoë" not in trail


def test_reimporting_the_same_file_adds_nothing(db, tmp_path):
    path = write(tmp_path, "CD1922-101,BJ01,DL1,2025-01-31,,F,,,en\n")
    import_subjects(db, path, TODAY)
    again = import_subjects(db, path, TODAY)
    assert (again.added, again.unchanged) == (0, 1)
    assert counts(db) == (1, 1, 35)


def test_any_bad_row_changes_nothing_and_every_bad_row_is_named(db, tmp_path):
    path = write(
        tmp_path,
        "CD1922-101,BJ01,DL1,2025-01-31,,F,,,en\n"
        "CD1922-102,BJ01,DL1,2024-02-30,,F,,,en\n"
        "CD1922-103,BJ01,high,2025-01-01,,X,,,fr\n"
        "CD1922-101,BJ01,DL1,2025-01-31,,F,,,en\n"
        "CD1922-105,BJ01,DL1,2027-01-01,2028-01-01,F,,,en\n",
    )
    with pytest.raises(ImportRowsError) as caught:
        import_subjects(db, path, TODAY)
    problems = dict(caught.value.problems)
    assert "infusion_date '2024-02-30' is not a calendar date" in problems[3]
    assert {line for line, _ in caught.value.problems} == {3, 4, 5, 6}
    reasons = " | ".join(r for _, r in caught.value.problems)
    assert "sex 'X'" in reasons and "also on line 2" in reasons and "in the future" in reasons
    assert "subjects.csv" in str(caught.value) and "line 3" in str(caught.value)
    assert counts(db) == (0, 0, 0)


def test_a_changed_subject_in_a_reimport_is_refused(db, tmp_path):
    import_subjects(db, write(tmp_path, "CD1922-101,BJ01,DL1,2025-01-31,,F,,,en\n"), TODAY)
    with pytest.raises(ImportRowsError, match="dose_level DL2 differs from the enrolled DL1"):
        import_subjects(db, write(tmp_path, "CD1922-101,BJ01,DL2,2025-01-31,,F,,,en\n", name="b.csv"), TODAY)


def test_unknown_or_missing_columns_are_refused_before_any_row(db, tmp_path):
    with pytest.raises(
        ValidationError, match=r"line 1: missing column\(s\) infusion_date; unknown column\(s\) nickname"
    ):
        import_subjects(db, write(tmp_path, "x,BJ01,DL1,Bob\n", header="subject_id,site,dose_level,nickname\n"), TODAY)


def test_a_file_that_is_not_utf8_is_refused(db, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(HEADER.encode() + "CD1922-1,BJ01,DL1,2025-01-31,,F,Zoë,,en\n".encode("latin-1"))
    with pytest.raises(ValidationError, match="not UTF-8"):
        import_subjects(db, path, TODAY)


def test_a_site_code_in_another_case_is_the_same_site(db, tmp_path):
    """`bj01` beside BJ01 was a second site; a re-import of a subject as `bj01` a conflict."""
    import_subjects(db, write(tmp_path, "CD1922-101,BJ01,DL1,2025-01-31,,,,,en\n"), TODAY)
    summary = import_subjects(
        db, write(tmp_path, "CD1922-102,bj01,DL1,2025-02-01,,,,,en\nCD1922-101,bj01,DL1,2025-01-31,,,,,en\n"), TODAY
    )
    assert (summary.added, summary.unchanged, summary.new_sites) == (1, 1, ())
    with db.session() as s:
        assert s.scalars(select(m.Site.code)).all() == ["BJ01"]
        assert set(s.scalars(select(m.Subject.site_id))) == {s.scalar(select(m.Site.id))}
