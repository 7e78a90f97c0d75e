"""A subject's planned visits: nominal dates and windows from the infusion date.

Rules (DOMAIN.md 3.1-3.4): Day 0 is the infusion date; every nominal date is computed
from that anchor, never from the previous visit; `day = N` adds N days, `months = N`
adds N calendar months (month-end clamped); windows are inclusive
`[nominal - early, nominal + late]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from ltfu.errors import ValidationError
from ltfu.schedule.protocol import Protocol


class PlannedVisit(NamedTuple):
    """One visit of a plan. `sequence` is its 1-based position in the plan.

    A named tuple rather than a frozen dataclass: it is built 350,000 times when the
    whole cohort is planned, and a tuple is several times cheaper to construct.
    """

    sequence: int
    code: str
    nominal_date: dt.date
    window_start: dt.date
    window_end: dt.date
    mode: str
    assessments: tuple[str, ...]

    def window_contains(self, day: dt.date) -> bool:
        return self.window_start <= day <= self.window_end


def plan(protocol: Protocol, infusion_date: dt.date) -> tuple[PlannedVisit, ...]:
    """Every visit of `protocol` for a subject infused on `infusion_date`, in order.

    Pure and cheap: it runs for every subject on every screen, so it does one date
    addition per visit (`relativedelta` for months, month-end clamped) and nothing
    else: the protocol's visits carry their deltas, built once.
    """
    if isinstance(infusion_date, dt.datetime):
        # A datetime would plan datetimes and then compare unequal to stored dates.
        raise TypeError("infusion_date must be a date, not a datetime")
    visits: list[PlannedVisit] = []
    append = visits.append
    for sequence, visit in enumerate(protocol.visits, 1):
        if visit.day_delta is not None:
            nominal = infusion_date + visit.day_delta
        else:
            nominal = infusion_date + visit.months_delta  # type: ignore[operator]  # set when day is None
        append(
            PlannedVisit(
                sequence,
                visit.code,
                nominal,
                nominal - visit.early_delta,
                nominal + visit.late_delta,
                visit.mode,
                visit.assessments,
            )
        )
    return tuple(visits)


def study_day(infusion_date: dt.date, day: dt.date) -> int:
    """Days from the infusion to `day`: 0 on the infusion date, negative before it."""
    return (day - infusion_date).days


def follow_up_end(protocol: Protocol, infusion_date: dt.date) -> dt.date:
    """The end of follow-up: `duration_years` calendar years after this infusion.

    Pass the latest infusion: a re-infusion moves the end date (DOMAIN.md 3.9).
    """
    return infusion_date + relativedelta(years=protocol.duration_years)


def sample_keep_until(protocol: Protocol, infusion_date: dt.date) -> dt.date:
    """The day an archived sample may be destroyed from: the end of follow-up (from the
    latest infusion) plus the protocol's sample retention (DOMAIN.md 7)."""
    return follow_up_end(protocol, infusion_date) + relativedelta(years=protocol.safety.retention_years)


def suggest_date(
    window_start: dt.date, window_end: dt.date, nominal: dt.date, closed_days: Collection[dt.date] = ()
) -> dt.date:
    """The suggested day of a visit: the nominal date, moved off a weekend.

    The one rule for the day a letter suggests, the iCalendar event falls on and the
    site calendar lists the visit on, so the three never disagree.

    A nominal date on a Saturday or Sunday (or on one of `closed_days`, e.g. public
    holidays) moves to the nearest open weekday inside the inclusive window
    [window_start, window_end]; it never leaves the window. Saturday therefore goes to
    Friday and Sunday to Monday when those are in the window, otherwise to the nearest
    open weekday on the other side. When two open weekdays are equally near (possible
    only with closed days) the later one wins: it keeps the visit at or after its
    nominal day, as the protocol's offsets intend. When the window holds no open
    weekday (a Day 0 window of 0/0 on a Saturday, a weekend-only window), the nominal
    date is kept: the visit must still happen on it.
    """
    if window_start > window_end:
        raise ValidationError(f"visit window {window_start} to {window_end} ends before it starts")
    if not window_start <= nominal <= window_end:
        raise ValidationError(f"nominal date {nominal} lies outside its window {window_start} to {window_end}")

    def is_open(day: dt.date) -> bool:
        return day.weekday() < 5 and day not in closed_days

    if is_open(nominal):
        return nominal
    reach = max((nominal - window_start).days, (window_end - nominal).days)
    for distance in range(1, reach + 1):
        later = nominal + dt.timedelta(days=distance)
        if later <= window_end and is_open(later):
            return later
        earlier = nominal - dt.timedelta(days=distance)
        if earlier >= window_start and is_open(earlier):
            return earlier
    return nominal
