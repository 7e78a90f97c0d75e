"""Study ids: how they are compared (without regard to case) and looked up in bulk."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import IN_CHUNK, chunked


def fold_study_id(study_id: str) -> str:
    """The form study ids are compared in: without regard to case (CD1922-002 and
    cd1922-002 are one subject). Study ids are ASCII (`STUDY_ID`); a lookalike with a
    non-ASCII letter (the Kelvin sign lowers to k) is left as it is, so it matches none."""
    key = study_id.strip()
    return key.lower() if key.isascii() else key


def same_study_id(study_id: str) -> ColumnElement[bool]:
    """The condition "this subject has `study_id`" (see `fold_study_id`)."""
    return func.lower(m.Subject.study_id) == fold_study_id(study_id)


def stored_study_ids(session: Session, study_ids: list[str], current_only: bool = False) -> dict[str, int]:
    """Folded study id (`fold_study_id`) -> subject primary key, for those of `study_ids` stored."""
    wanted = sorted({fold_study_id(s) for s in study_ids})
    found: dict[str, int] = {}
    query = select(m.Subject.study_id, m.Subject.id)
    if current_only:
        query = query.where(m.Subject.voided_at.is_(None))
    if len(wanted) > IN_CHUNK:
        # More than one chunk (a lab file of the whole cohort): each IN (...) would scan
        # every subject again (no index holds the folded ids); one read of them all
        # costs a tenth, each picked as the IN would (the database's own lower()).
        wanted_set = set(wanted)
        for study_id, pk, lowered in session.execute(query.add_columns(func.lower(m.Subject.study_id))):
            if lowered in wanted_set:
                found[fold_study_id(study_id)] = pk
        return found
    for chunk in chunked(wanted):
        for study_id, pk in session.execute(query.where(func.lower(m.Subject.study_id).in_(chunk))):
            found[fold_study_id(study_id)] = pk
    return found
