"""Short builders for subject records: dates are written as study days."""

from __future__ import annotations

from datetime import date, timedelta

from ltfu.analysis.records import AdverseEvent, Event, Result, SubjectRecord

D0 = date(2024, 1, 1)


def on(day: int, start: date = D0) -> date:
    """The date of a study day."""
    return start + timedelta(days=day)


def ev(day: int, kind: str, detail: str = "", start: date = D0) -> Event:
    return Event(on(day, start), kind, detail)


def res(
    day: int,
    analyte: str,
    value: float | None = None,
    *,
    category: str | None = None,
    blq: bool = False,
    lloq: float | None = None,
    start: date = D0,
) -> Result:
    return Result(on(day, start), analyte, value, category, "", blq, lloq)


def ae(day: int, term: str = "Pyrexia", grade: int = 1, start: date = D0, **kw) -> AdverseEvent:
    return AdverseEvent(on(day, start), term, grade, **kw)


def subject(
    sid: str = "S1",
    *,
    dose_level: str = "DL1",
    infusion: date = D0,
    events: tuple[Event, ...] | list[Event] = (),
    results: tuple[Result, ...] | list[Result] = (),
    aes: tuple[AdverseEvent, ...] | list[AdverseEvent] = (),
    alive: tuple[int, ...] | list[int] = (),
) -> SubjectRecord:
    """A subject; `alive` lists study days of completed visits."""
    return SubjectRecord(
        subject_id=sid,
        site="01",
        dose_level=dose_level,
        infusion_date=infusion,
        events=tuple(events),
        results=tuple(results),
        adverse_events=tuple(aes),
        alive_dates=tuple(on(d, infusion) for d in alive),
    )
