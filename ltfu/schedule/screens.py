"""The safety screens a follow-up owes (DOMAIN.md section 7), counted on an as-of date.

Pure, like the visit statuses it follows: the visits and their screens come in as
`ScreenedVisit`s, the date is passed in. (Here rather than in `ltfu.analysis`, whose
statistics the window's first screens must not load.)

A visit from Day 28 on carries a screen when it is a follow-up contact: a completed
clinic visit, phone visit or questionnaire (a visit filled in from medical records
reached nobody, and a cancelled visit is no longer owed). A planned visit owes its
screen too, and so does one closed as missed: the absence of a screen is never a
negative answer. On the as-of date an owed screen without answers is `due` while its
window is open and `missing` once the window has closed; a screen recorded on a visit
that owed none (an unscheduled visit) still counts as done.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from ltfu.vocabulary import SCREEN_FROM_DAY, SCREEN_SOURCE_OF_MODE


class ScreenedVisit(NamedTuple):
    """One visit as the count reads it. `answers`: its current screen's answers
    (None: no screen), `screened_on` the screen's contact date. (A named tuple: a
    large cohort's tally reads a couple of hundred thousand.)"""

    study_id: str
    visit_code: str | None
    infusion_date: dt.date
    nominal_date: dt.date
    window_start: dt.date | None
    window_end: dt.date | None
    state: str
    actual_date: dt.date | None
    actual_mode: str | None
    answers: tuple[str, ...] | None = None
    screened_on: dt.date | None = None


@dataclass(frozen=True)
class MissingScreen:
    study_id: str
    visit_code: str
    window_end: dt.date

    def to_dict(self) -> dict[str, object]:
        return {"subject": self.study_id, "visit": self.visit_code, "window_end": self.window_end.isoformat()}


@dataclass(frozen=True)
class ScreenYear:
    """One follow-up year: screens owed by the as-of date (`expected` = done + missing),
    done, done with every answer "no", missing, and still due (window open)."""

    year: int
    expected: int
    done: int
    all_no: int
    missing: int
    due: int


@dataclass(frozen=True)
class ScreenTally:
    as_of: dt.date
    years: tuple[ScreenYear, ...]
    missing: tuple[MissingScreen, ...]


def follow_up_year(infusion_date: dt.date, day: dt.date) -> int:
    """Year 1 runs from Day 0 to the first anniversary (inclusive), year 2 to the second..."""
    # The year ends on the first anniversary on or after `day`: the one in day's calendar
    # year, or the next when that one comes before `day` in the calendar. (The anniversary
    # of 29 February falls on the 28th in other years; no real day of such a year lies
    # between the two, so the comparison by month and day holds for it too.) Visits are
    # counted by the hundred thousand: no date arithmetic per visit.
    year = day.year - infusion_date.year
    if (infusion_date.month, infusion_date.day) < (day.month, day.day):
        year += 1
    return max(1, year)


def owes_screen(visit: ScreenedVisit) -> bool:
    """Whether a planned visit owes a safety screen, whatever its answers."""
    if visit.visit_code is None or visit.window_end is None:
        return False
    if (visit.nominal_date - visit.infusion_date).days < SCREEN_FROM_DAY:
        return False
    if visit.state == "completed":
        return visit.actual_mode in SCREEN_SOURCE_OF_MODE
    return visit.state in ("planned", "missed")


def screen_status(visit: ScreenedVisit, as_of: dt.date) -> str | None:
    """`done`, `missing`, `due`, or None (owed no screen, or not yet on `as_of`)."""
    if visit.answers is not None and visit.screened_on is not None and visit.screened_on <= as_of:
        return "done"
    if not owes_screen(visit):
        return None
    assert visit.window_end is not None  # owes_screen: a planned visit with a window
    if as_of > visit.window_end or visit.state == "missed":
        return "missing"
    if visit.state == "completed" and visit.actual_date is not None and visit.actual_date <= as_of:
        return "due"  # done, its screen not entered yet: still possible inside the window
    if visit.state == "planned" and visit.window_start is not None and visit.window_start <= as_of:
        return "due"
    return None


NO_DONE_SCREENS: Mapping[int, tuple[int, int]] = MappingProxyType({})


def tally_screens(
    visits: Iterable[ScreenedVisit], as_of: dt.date, done: Mapping[int, tuple[int, int]] = NO_DONE_SCREENS
) -> ScreenTally:
    """Per follow-up year: screens expected, done, all-no, missing, due; the missing ones listed.

    `done`: screens done by `as_of` counted already (follow-up year -> (done, all "no")),
    of visits not among `visits` (a large cohort's are counted where they are stored)."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: {"done": 0, "all_no": 0, "missing": 0, "due": 0})
    for y, (n, all_no) in done.items():
        counts[y]["done"] += n
        counts[y]["all_no"] += all_no
    missing: list[MissingScreen] = []
    for visit in visits:
        status = screen_status(visit, as_of)
        if status is None:
            continue
        day = visit.screened_on if status == "done" and visit.screened_on else visit.nominal_date
        year = counts[follow_up_year(visit.infusion_date, day)]
        year[status] += 1
        if status == "done" and visit.answers and visit.answers.count("no") == len(visit.answers):
            year["all_no"] += 1
        if status == "missing":
            assert visit.visit_code is not None and visit.window_end is not None  # owes_screen
            missing.append(MissingScreen(visit.study_id, visit.visit_code, visit.window_end))
    years = tuple(
        ScreenYear(y, c["done"] + c["missing"], c["done"], c["all_no"], c["missing"], c["due"])
        for y, c in sorted(counts.items())
    )
    missing.sort(key=lambda s: (s.window_end, s.study_id, s.visit_code))
    return ScreenTally(as_of, years, tuple(missing))
