"""A subject moves to another site on a date: both sites keep their history.

``subject.site_id`` is the site that follows the subject now (letters, calendars and
the iCalendar print its address from the day of the move); `SubjectTransfer` rows keep
the moves. A user granted the former site still sees the subject, as transferred out
(`ltfu.services.access`): listed with that status and date, read-only, off the
worklist. A move is never dated in the future: it is recorded once it has happened,
so what is printed after it carries the new site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ltfu.db import models as m
from ltfu.errors import Message, NotFoundError, ValidationError
from ltfu.services import access, audit
from ltfu.services.database import Database
from ltfu.services.subjects import find_subject


@dataclass(frozen=True)
class Transfer:
    """One move of a subject: from which site to which, on which day, why."""

    study_id: str
    from_site: str
    to_site: str
    transfer_date: dt.date
    reason: str


def transfer_subject(db: Database, study_id: str, to_site: str, on: dt.date, reason: str, today: dt.date) -> Transfer:
    """Move `study_id` to the site coded `to_site` from `on` (not after `today`); audited."""
    with db.session() as session:
        user_id = db.user_id(session, "transfer")
        sid, shown = find_subject(session, study_id)
        subject = session.get(m.Subject, sid)
        assert subject is not None  # just found
        site = session.scalar(select(m.Site).where(m.Site.code == to_site))
        if site is None:
            raise NotFoundError(Message("missing.site", site=to_site))
        if site.id == subject.site_id:
            raise ValidationError(Message("transfer.same_site", study_id=shown, site=to_site))
        if not reason.strip():
            raise ValidationError(Message("transfer.no_reason", study_id=shown))
        if on > today:
            raise ValidationError(Message("transfer.future", day=on.isoformat()))
        earlier = _earliest_allowed(session, sid, subject)
        if earlier is not None and on < earlier:
            raise ValidationError(
                Message("transfer.too_early", day=on.isoformat(), study_id=shown, earlier=earlier.isoformat())
            )
        from_site = move(session, user_id, subject, site, on, reason)
        return Transfer(shown, from_site.code, site.code, on, reason.strip())


def move(session: Session, user_id: int | None, subject: m.Subject, site: m.Site, on: dt.date, reason: str) -> m.Site:
    """Record a checked move of `subject` to `site` from `on`, audited; returns the site left."""
    sid = subject.id
    from_site = session.get(m.Site, subject.site_id)
    assert from_site is not None  # a foreign key
    row = m.SubjectTransfer(
        subject_id=sid, from_site_id=subject.site_id, to_site_id=site.id, transfer_date=on, reason=reason.strip()
    )
    session.add(row)
    session.flush()
    values = {
        "subject_id": sid,
        "from_site_id": row.from_site_id,
        "to_site_id": site.id,
        "transfer_date": on,
        "reason": row.reason,
    }
    moved = audit.Entry("update", "subject", sid, sid, "site_id", subject.site_id, site.id, row.reason)
    # Audited (and checked: the user works at the site the subject leaves) before the move.
    audit.append(session, user_id, [audit.created("subject_transfer", row.id, values, subject_id=sid), moved])
    subject.site_id = site.id
    return from_site


def _earliest_allowed(session: Session, sid: int, subject: m.Subject) -> dt.date | None:
    """A move comes after the subject's last move, or else their enrolment."""
    last = session.scalar(
        select(m.SubjectTransfer.transfer_date)
        .where(m.SubjectTransfer.subject_id == sid)
        .order_by(m.SubjectTransfer.transfer_date.desc())
        .limit(1)
    )
    return last if last is not None else subject.enrolled_on


def transfers_of(session: Session, sid: int) -> tuple[Transfer, ...]:
    """A subject's moves, oldest first."""
    left, joined = aliased(m.Site), aliased(m.Site)
    query = (
        select(m.Subject.study_id, left.code, joined.code, m.SubjectTransfer.transfer_date, m.SubjectTransfer.reason)
        .join(m.Subject, m.Subject.id == m.SubjectTransfer.subject_id)
        .join(left, left.id == m.SubjectTransfer.from_site_id)
        .join(joined, joined.id == m.SubjectTransfer.to_site_id)
        .where(m.SubjectTransfer.subject_id == sid)
        .order_by(m.SubjectTransfer.transfer_date, m.SubjectTransfer.id)
    )
    return tuple(Transfer(*row) for row in session.execute(query))


def transferred_out(session: Session) -> dict[int, dt.date]:
    """Subject id -> the day they left, for the subjects the acting user sees only
    because they left one of the user's sites (empty for a user who sees everything)."""
    grants = access.session_grants(session)
    if not grants:
        return {}
    current = access.visible_subjects(grants, current_only=True)
    t = m.SubjectTransfer
    query = (
        select(t.subject_id, t.transfer_date)
        .where(t.subject_id.in_(access.visible_subjects(grants)), t.subject_id.not_in(current))
        .order_by(t.transfer_date)
    )
    return {sid: day for sid, day in session.execute(query, execution_options={access.ALL_SUBJECTS: True})}


Row = TypeVar("Row")


def up_to_move(session: Session, sid: int, rows: Iterable[Row], day: Callable[[Row], dt.date]) -> tuple[Row, ...]:
    """`rows` of subject `sid` as the acting user may see them: all of them, or, for a
    subject who left the user's site, those dated up to the day of the move (the later
    ones are the new site's)."""
    left = transferred_out(session).get(sid)
    return tuple(row for row in rows if left is None or day(row) <= left)


def subject_transfers(db: Database, study_id: str) -> tuple[Transfer, ...]:
    """The moves of `study_id`, oldest first (for the chart and ``ltfu transfer --show``)."""
    with db.session(read_only=True) as session:
        return transfers_of(session, find_subject(session, study_id)[0])


def left_on(db: Database, study_id: str) -> dt.date | None:
    """The day `study_id` left the acting user's site (their chart is then read-only),
    or None when the subject is at one of the user's sites."""
    with db.session(read_only=True) as session:
        return transferred_out(session).get(find_subject(session, study_id)[0])
