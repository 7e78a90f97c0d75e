"""Visits as an iCalendar file for a clinic calendar: study ids only, never names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import LtfuError, Message, NotFoundError, ValidationError
from ltfu.safefile import write_atomic
from ltfu.schedule.plan import suggest_date
from ltfu.services.database import Database
from ltfu.services.protocols import of_study
from ltfu.services.subjects import subject_pk


@dataclass(frozen=True)
class IcalSummary:
    path: str
    events: int

    def to_dict(self) -> dict[str, object]:
        return {"output": self.path, "events": self.events}

    def describe(self) -> str:
        return Message("summary.ical", events=self.events, path=str(self.path))


def export_ical(
    db: Database,
    path: str | Path,
    date_from: dt.date,
    date_to: dt.date,
    site: str | None = None,
    subject: str | None = None,
    study: str | None = None,
) -> IcalSummary:
    """Open visits with a suggested date in the range, one all-day event each (of one
    site, subject or study when given).

    The event falls on the suggested day (the nominal date moved off a weekend, inside
    the window); the description gives the whole window, the mode and what is done.
    """
    db.require("export")
    if date_to < date_from:
        raise ValidationError(Message("range.backwards", end=date_to, start=date_from))
    with db.session(read_only=True) as session:
        query = (
            select(m.Visit, m.Subject.study_id, m.Site.code)
            .join(m.Subject, m.Subject.id == m.Visit.subject_id)
            .join(m.Site, m.Site.id == m.Subject.site_id)
            .where(
                m.Visit.state == "planned",
                m.Visit.code.is_not(None),
                m.Visit.voided_at.is_(None),
                m.Subject.voided_at.is_(None),
                m.Visit.window_end >= date_from,
                m.Visit.window_start <= date_to,
            )
            .order_by(m.Visit.nominal_date, m.Subject.study_id)
        )
        if site is not None:
            if session.scalar(select(m.Site.id).where(m.Site.code == site)) is None:
                raise NotFoundError(Message("missing.site", site=site))
            query = query.where(m.Site.code == site)
        if study is not None:
            query = query.where(of_study(session, study))
        if subject is not None:
            # The same lookup as every command: ids without regard to case; an unknown (or empty) one is named.
            query = query.where(m.Subject.id == subject_pk(session, subject))
        rows = session.execute(query).all()
    calendar = Calendar()
    calendar.add("prodid", "-//ltfu//follow-up visits//EN")
    calendar.add("version", "2.0")
    count = 0
    for visit, study_id, site_code in rows:
        assert visit.window_start is not None and visit.window_end is not None  # planned visits (the query)
        day = suggest_date(visit.window_start, visit.window_end, visit.nominal_date)
        if not date_from <= day <= date_to:
            continue
        event = Event()
        event.add("uid", f"visit-{visit.id}@ltfu")
        event.add("summary", f"{study_id} {visit.code} ({visit.mode})")
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("dtstamp", dt.datetime.combine(date_from, dt.time(0, 0), tzinfo=dt.UTC))
        event.add(
            "description",
            f"Window {visit.window_start.isoformat()} to {visit.window_end.isoformat()} "
            f"(nominal {visit.nominal_date.isoformat()}); site {site_code}; mode {visit.mode}; "
            f"assessments {visit.assessments}",
        )
        calendar.add_component(event)
        count += 1
    target = Path(path).expanduser()
    db.record_transfer(
        ("export",), "export", "ical", target, f"iCalendar export of {count} visit(s) to {target.resolve()}"
    )
    try:
        write_atomic(target, calendar.to_ical())
    except OSError as exc:
        raise LtfuError(Message("file.unwritable", path=str(target), reason=exc.strerror)) from exc
    return IcalSummary(str(target), count)
