"""A protocol amendment re-plans future visits only; completed visits keep their version."""

from __future__ import annotations

import datetime as dt

import pytest

from ltfu.errors import ValidationError
from ltfu.schedule.protocol import bundled_protocol_path
from ltfu.services import visits
from ltfu.services.protocols import amend
from ltfu.services.subjects import NewSubject, enrol

D = dt.date


def amended_file(tmp_path):
    """Version 1.1: Y6..Y15 windows widened to 90/90, and a new yearly visit M66."""
    text = bundled_protocol_path().read_text(encoding="utf-8")
    text = text.replace('version = "1.0"', 'version = "1.1"')
    text = text.replace("early = 60\nlate = 60", "early = 90\nlate = 90")
    m66 = '[[visits]]\ncode = "M66"\nmonths = 66\nearly = 30\nlate = 30\nmode = "phone"\nassessments = ["Q", "S"]\n\n'
    text = text.replace('[[visits]]\ncode = "Y6"', m66 + '[[visits]]\ncode = "Y6"')
    path = tmp_path / "cd19-cd22-ph1-v1.1.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_amendment_replans_future_visits_only(db, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2020, 1, 15)), D(2020, 1, 15))
    visits.record_visit_done(db, "CD1922-001", D(2025, 1, 20), "phone", D(2025, 2, 1), code="M60")
    before = {v.code: v for v in visits.subject_schedule(db, "CD1922-001", D(2026, 1, 1)).visits}
    summary = amend(db, amended_file(tmp_path), D(2025, 6, 1), D(2025, 6, 1), "amendment 3")
    assert summary.subjects == 1 and summary.visits_changed > 0
    after = {v.code: v for v in visits.subject_schedule(db, "CD1922-001", D(2026, 1, 1)).visits}
    # Completed and earlier visits unchanged; later windows widened; the new visit is planned.
    assert after["M60"] == before["M60"]
    assert after["M24"].window_start == before["M24"].window_start
    assert (after["Y7"].window_start, after["Y7"].window_end) == (D(2026, 10, 17), D(2027, 4, 15))
    assert after["M66"].status in ("upcoming", "due", "overdue") and after["M66"].nominal_date == D(2025, 7, 15)
    assert "M66" not in before
    with pytest.raises(ValidationError, match="already registered"):
        amend(db, amended_file(tmp_path), D(2025, 7, 1), D(2025, 7, 1), "again")
