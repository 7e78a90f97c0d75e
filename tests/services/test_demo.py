"""The demo cohort: realistic, complete and the same for the same seed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.services.demo import build_demo
from ltfu.services.maintenance import check

TODAY = dt.date(2026, 11, 29)


def _snapshot(db):
    with db.session() as s:
        subjects = s.execute(
            select(m.Subject.study_id, m.Subject.dose_level, m.Subject.status).order_by(m.Subject.study_id)
        ).all()
        results = s.execute(
            select(m.Result.analyte, m.Result.result_date, m.Result.value, m.Result.category).order_by(m.Result.id)
        ).all()
    return subjects, results


def test_same_seed_same_cohort_other_seed_other_cohort(tmp_path):
    from ltfu.services.database import open_database

    dbs = [open_database(str(tmp_path / f"{i}.sqlite3")) for i in range(3)]
    for db, seed in zip(dbs, (7, 7, 8), strict=True):
        build_demo(db, subjects=25, seed=seed, today=TODAY)
    a, b, c = (_snapshot(db) for db in dbs)
    assert a == b
    assert a != c


def test_demo_has_what_the_follow_up_desk_needs(db):
    summary = build_demo(db, subjects=40, seed=1, today=TODAY)
    assert summary.subjects == 40
    with db.session() as s:

        def count(*where, model=m.Result):
            return s.scalar(select(func.count()).select_from(model).where(*where))

        assert count(model=m.Site) == 2
        assert set(s.scalars(select(m.Subject.dose_level).distinct())) == {"DL1", "DL2", "DL3"}
        assert count(model=m.Visit) == 40 * 35
        infusions = s.scalars(select(m.Infusion.infusion_date)).all()
        assert min(infusions) >= TODAY - dt.timedelta(days=6 * 366) and max(infusions) < TODAY
        # PK expansion with values below the limit of quantification, stored as BLQ + LLOQ.
        assert count(m.Result.analyte == "car_copies", m.Result.blq.is_(True), m.Result.lloq.is_not(None)) > 0
        peak_days = []
        for subject_id in s.scalars(select(m.Subject.id)):
            rows = s.execute(
                select(m.Result.result_date, m.Result.value).where(
                    m.Result.subject_id == subject_id, m.Result.analyte == "car_copies"
                )
            ).all()
            if len(rows) > 5:
                infusion = s.scalar(select(m.Infusion.infusion_date).where(m.Infusion.subject_id == subject_id))
                peak = max(rows, key=lambda r: r.value)
                peak_days.append((peak.result_date - infusion).days)
        assert peak_days and sorted(peak_days)[len(peak_days) // 2] in range(4, 22)
        # B-cell aplasia and some recoveries.
        assert count(m.Result.analyte == "cd19_b_cells", m.Result.value < 100) > 0
        assert count(m.Result.analyte == "cd19_b_cells", m.Result.value >= 100) > 0
        for analyte in ("il6", "crp", "il15", "igg", "rcl", "hama", "mrd", "car_cells", "cd22_b_cells"):
            assert count(m.Result.analyte == analyte) > 0, analyte
        assert count(m.Result.analyte == "rcl", m.Result.category == "archived") > 0
        kinds = set(s.scalars(select(m.ClinicalEvent.kind).distinct()))
        assert {"response", "relapse", "death"} <= kinds
        assert (
            count(m.ClinicalEvent.kind == "relapse", m.ClinicalEvent.cd19_status.is_not(None), model=m.ClinicalEvent)
            > 0
        )
        assert count(m.AdverseEvent.kind == "crs", model=m.AdverseEvent) > 0
        assert count(m.AdverseEvent.kind == "icans", model=m.AdverseEvent) > 0
        states = set(s.scalars(select(m.Visit.state).distinct()))
        assert {"completed", "missed", "planned", "cancelled"} <= states
        assert count(m.Visit.state == "cancelled", m.Visit.cause == "death", model=m.Visit) > 0
        # Every closed visit has its history.
        closed = count(m.Visit.state != "planned", model=m.Visit)
        assert count(model=m.VisitStatusChange) == closed
        # Names: some with accents, some in Chinese characters.
        names = s.scalars(select(m.Contact.given_name)).all()
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)
        assert any(any(ch in "ëéçáåøüíó" for ch in n.lower()) for n in names)
    assert check(db).ok


def test_demo_deaths_cancel_every_later_visit(db):
    build_demo(db, subjects=60, seed=3, today=TODAY)
    with db.session() as s:
        deaths = s.execute(
            select(m.ClinicalEvent.subject_id, m.ClinicalEvent.event_date).where(m.ClinicalEvent.kind == "death")
        ).all()
        assert deaths
        for subject_id, died in deaths:
            open_after = s.scalar(
                select(func.count())
                .select_from(m.Visit)
                .where(m.Visit.subject_id == subject_id, m.Visit.window_end > died, m.Visit.state == "planned")
            )
            assert open_after == 0
            assert s.scalar(select(m.Subject.status).where(m.Subject.id == subject_id)) == "dead"


def test_demo_refuses_a_database_that_has_subjects(db):
    build_demo(db, subjects=3, seed=1, today=TODAY)
    with pytest.raises(ValidationError, match="already holds 3 subjects"):
        build_demo(db, subjects=3, seed=2, today=TODAY)
    assert build_demo(db, subjects=3, seed=2, today=TODAY, if_empty=True) is None


def test_demo_states_are_exactly_what_the_status_rules_say(db):
    """The demo's visits agree with the rules the program applies to real data."""
    from ltfu.services.course import sync_subject

    build_demo(db, subjects=80, seed=5, today=TODAY)
    with db.session() as s:
        changed = sum(sync_subject(s, sid, None, TODAY, "check") for sid in s.scalars(select(m.Subject.id)))
        s.rollback()
    assert changed == 0


def test_the_further_studies_carry_course_records_and_the_third_is_the_bcma_trial(any_db):
    """`--studies 3`: the phase II and the BCMA trial have re-infusions (their plans restarted
    from the new Day 0), immunoglobulin replacement for subjects with a low IgG, a consent
    history (a guardian's for those infused as minors) and one move from SH02 to BJ01; the
    first study has none of these, and the whole database replays from its audit trail."""
    from ltfu.services.course import sync_subject
    from ltfu.services.course_records import consents, infusions, medications

    summary = build_demo(any_db, subjects=20, seed=1, today=TODAY, studies=3)
    assert summary is not None and summary.rows["subject_transfer"] == 1
    with any_db.session() as s:
        studies = dict(
            s.execute(select(m.Subject.study_id, m.ProtocolVersion.protocol_id).join(m.ProtocolVersion)).all()
        )
        reinfused = s.scalars(select(m.Subject.study_id).join(m.Infusion).where(m.Infusion.sequence == 2)).all()
        moved = s.scalars(select(m.Subject.study_id).join(m.SubjectTransfer)).all()
        changed = sum(sync_subject(s, sid, None, TODAY, "check") for sid in s.scalars(select(m.Subject.id)))
        s.rollback()
    assert changed == 0  # the re-infused subjects' plans are what the rules give
    assert set(studies.values()) == {"cd19-cd22-ph1", "cd19-cd22-ph2", "bcma-ph1"}
    assert 2 <= len(reinfused) <= 4 and all(studies[sid] != "cd19-cd22-ph1" for sid in reinfused)
    (one,) = moved
    assert studies[one] == "cd19-cd22-ph2"
    for study_id in reinfused:
        (first, second) = infusions(any_db, study_id)
        assert first.date < second.date <= TODAY
    further = [sid for sid, study in studies.items() if study != "cd19-cd22-ph1"]
    treated = [sid for sid in further if medications(any_db, sid)]
    assert treated and all(medications(any_db, sid)[0].kind == "ivig" for sid in treated)
    histories = {sid: consents(any_db, sid) for sid in studies}
    assert all(histories[sid] for sid in further) and not any(histories[sid] for sid in studies if sid not in further)
    assert any(h[0].consented_by == "guardian" for h in histories.values() if h)
    assert check(any_db).ok
