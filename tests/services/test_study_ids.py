"""Study ids looked up in bulk: a file naming more subjects than one IN (...) holds
finds exactly what the lookup chunk by chunk finds (case folded, voided subjects
left out when asked)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update

from ltfu.db import models as m
from ltfu.services import study_ids
from ltfu.services.study_ids import stored_study_ids
from ltfu.services.subjects import NewSubject, enrol

D = dt.date


def test_many_study_ids_are_found_as_chunk_by_chunk(any_db, monkeypatch):
    db = any_db
    for n, site in ((17, "BJ01"), (18, "BJ01"), (19, "SH02")):
        enrol(db, NewSubject(f"CD1922-{n:03d}", site, "DL2", D(2026, 1, n)), D(2026, 1, n))
    with db.session() as s:
        s.execute(
            update(m.Subject)
            .where(m.Subject.study_id == "CD1922-019")
            .values(voided_at=dt.datetime.now(dt.UTC), void_reason="test")
        )
    # More names than one IN (...) takes: the file's subjects among many unknown ones.
    names = ["cd1922-017", "CD1922-018", " CD1922-019 ", "Cd1922-017"] + [f"X-{i}" for i in range(study_ids.IN_CHUNK)]
    with db.session(read_only=True) as s:
        once = {current: stored_study_ids(s, names, current_only=current) for current in (False, True)}
        monkeypatch.setattr(study_ids, "IN_CHUNK", 10 * len(names))  # one chunk: the IN (...) path
        chunked = {current: stored_study_ids(s, names, current_only=current) for current in (False, True)}
    assert once == chunked
    assert set(once[False]) == {"cd1922-017", "cd1922-018", "cd1922-019"}
    assert set(once[True]) == {"cd1922-017", "cd1922-018"}
