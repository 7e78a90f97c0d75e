"""What the statistics read: one frozen record per subject, built by the service layer.

Every date is a plain calendar date. Nothing here knows about the database; the
service converts rows into these records and passes them, with an as-of date, to
`ltfu.analysis.cohort.Cohort.build` or straight to `compute_endpoints`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

# Event, Result and AdverseEvent are named tuples, not frozen dataclasses: a cohort of
# 10,000 subjects brings about a million of them, and a tuple is several times cheaper
# to build. They are just as immutable.


class Event(NamedTuple):
    """A clinical event on a date; `kind` is one of `ltfu.vocabulary.EVENT_KINDS`."""

    date: date
    kind: str
    detail: str = ""


class Result(NamedTuple):
    """One laboratory result.

    Numeric analytes carry `value` (None when missing); a result below the limit of
    quantification has `blq=True` and its `lloq`, and counts as 0 in calculations.
    The categorical analytes (`ltfu.vocabulary.CATEGORICAL_ANALYTES`: `rcl`, `hama`) carry
    `category` (one of `ltfu.vocabulary.RESULT_CATEGORIES`) instead of a value.
    """

    date: date
    analyte: str
    value: float | None = None
    category: str | None = None
    unit: str = ""
    blq: bool = False
    lloq: float | None = None


class AdverseEvent(NamedTuple):
    """An adverse event; `grade` is CTCAE v5 (`kind='ctcae'`) or ASTCT (`crs`, `icans`)."""

    onset: date
    term: str
    grade: int
    kind: str = "ctcae"
    serious: bool = False
    related: bool = False
    dlt: bool = False
    special_interest: str | None = None
    resolved: date | None = None


class DataProblem(NamedTuple):
    """A stored value that cannot be analysed (a count of 1e100, a negative count, an
    infusion in year 1): the analyses leave it out, and list it so someone corrects it."""

    subject_id: str
    date: date | None
    what: str  # e.g. "car_copies result", "infusion date"
    value: str  # as stored, in words
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {
            "subject_id": self.subject_id,
            "date": None if self.date is None else self.date.isoformat(),
            "what": self.what,
            "value": self.value,
            "reason": self.reason,
        }

    def describe(self) -> str:
        when = f" of {self.date}" if self.date else ""
        return f"{self.subject_id}: {self.what}{when} {self.value}: {self.reason}"


@dataclass(frozen=True, slots=True)
class SubjectRecord:
    """Everything the endpoints need about one infused subject.

    `alive_dates` are the dates of completed visits and contacts that showed the
    subject alive; results and events add to them (see `Cohort`).
    """

    subject_id: str
    site: str
    dose_level: str
    infusion_date: date
    birth_date: date | None = None
    sex: str | None = None
    events: tuple[Event, ...] = ()
    results: tuple[Result, ...] = ()
    adverse_events: tuple[AdverseEvent, ...] = ()
    alive_dates: tuple[date, ...] = ()


_NUMBER = re.compile(r"(-?\d+(?:\.\d+)?)")


def dose_level_sort_key(dose_level: str) -> tuple[tuple[int, float | str], ...]:
    """Natural order of dose-level names: DL-1 < DL1 < DL2 < DL10.

    Numbers compare as numbers, the rest case-insensitively as text.
    """
    key: list[tuple[int, float | str]] = []
    for i, part in enumerate(_NUMBER.split(dose_level)):
        if i % 2:
            key.append((0, float(part)))
        elif part:
            key.append((1, part.casefold()))
    return tuple(key)
