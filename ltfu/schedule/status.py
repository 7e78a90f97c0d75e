"""Visit statuses on a given day, from a subject's course (DOMAIN.md 3.5-3.10).

Everything here is a pure function of its arguments: the caller (a service) reads the
subject's infusions, actual visits, status closures and events from the database,
builds a `SubjectCourse`, and asks `visit_states(protocol, course, today)`.

Rules where DOMAIN.md is silent, as implemented:

* Assignment of an actual visit with no code (3.5): the window that contains it; in two
  windows, the closer nominal date, ties to the earlier; a visit already taken by
  another (earlier) actual visit is skipped, and when every window holding the date is
  taken the visit is unscheduled. Outside every window it completes, out of window,
  the most recent visit whose window has already ended if that visit is still open
  (not done, not closed as missed): a late visit. Otherwise it is unscheduled. An early
  visit outside a window is never taken for a future visit, since that would hide the
  real visit (and its samples) from the worklist; the user can still record it against
  that code explicitly. An explicit code always wins, flagged out of window if needed.
  A second actual visit for a visit already done is unscheduled, never dropped.
* Cancellation covers a visit that is not completed and whose window has not ended
  before the event day (`window_end >= event date`); a visit whose window ended
  earlier and was not done stays overdue until someone closes it as missed. When
  several events cover a visit, the earliest gives the cause (same day: death,
  withdrawal, lost to follow-up, stop rule). Cancellation outranks a "missed" closure;
  a completed visit is always completed.
* Withdrawal `treatment`: nothing is cancelled. `visits`: later visits that include
  survival (S) continue as a survival contact by phone (mode "phone", assessments
  ("S",)); the others are cancelled. `all`: every later visit is cancelled.
* Lost to follow-up cancels later visits; its reversal date (when given) ends that:
  visits whose window ends before the reversal stay cancelled, later ones resume.
  Pass no date at all when the lost-to-follow-up record was voided as a mistake.
* Stop event: the protocol's stop assessments are removed from visits done after the
  event day, and from open visits whose window ends after it. A visit left with no
  assessment is cancelled (stop rule).
* RCL: `R-A` is shown as `R-T` on visits after a visit with a positive RCL result, and
  after a first-year visit with an indeterminate result (not shown negative). A missing
  first-year result changes nothing: R-A is the protocol's default. `rcl_alert` is set
  by any positive result. RCL results are keyed by visit code of the latest plan.
* Re-infusion: each infusion starts a new plan. Visits of an earlier plan keep their
  completed or missed status as history; the rest are cancelled with cause "reinfusion".
  Actual visits dated before a re-infusion belong to the earlier plan.
* Amendment (`ProtocolAmendment`): for each plan, the version in force the day before
  the infusion plans it; an amendment effective on day E keeps the visits whose window
  started on or before E and replaces the others by the new version's visits whose
  window starts after E. Visits completed before E therefore keep their version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from ltfu.errors import Message, ValidationError
from ltfu.schedule.plan import PlannedVisit, follow_up_end, plan
from ltfu.schedule.protocol import RCL_ARCHIVED, RCL_TESTED, Protocol
from ltfu.vocabulary import RESULT_CATEGORIES

SURVIVAL = "S"
RCL_RESULTS = RESULT_CATEGORIES


class VisitStatus(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    COMPLETED = "completed"
    MISSED = "missed"
    CANCELLED = "cancelled"


class CancelCause(StrEnum):
    DEATH = "death"
    WITHDRAWAL = "withdrawal"
    LOST_TO_FOLLOW_UP = "lost_to_follow_up"
    STOP_RULE = "stop_rule"
    # A planned visit a protocol amendment removed.
    REPLANNED = "replanned"
    # A visit of an earlier plan, superseded by a re-infusion (DOMAIN.md 3.9).
    REINFUSION = "reinfusion"


class WithdrawalScope(StrEnum):
    TREATMENT = "treatment"
    VISITS = "visits"
    ALL = "all"


# Same-day precedence of cancel causes: lower first.
_CAUSE_RANK = {
    CancelCause.DEATH: 0,
    CancelCause.WITHDRAWAL: 1,
    CancelCause.LOST_TO_FOLLOW_UP: 2,
    CancelCause.STOP_RULE: 3,
}


# -- inputs -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActualVisit:
    """A visit that took place.

    `id` is the caller's key (e.g. the visit row id), handed back in `VisitState`.
    `code` None: assign it by date (DOMAIN.md 3.5); a code: the user said which visit it
    was. `unscheduled` True: the user said it belongs to no planned visit.
    """

    id: object
    date: dt.date
    mode: str
    code: str | None = None
    unscheduled: bool = False


@dataclass(frozen=True)
class StatusClosure:
    """A user's closing of a visit as missed, or its reopening, with the reason.

    Closures are applied in order of `at` (ties: the order given); the last one for a
    visit decides. `infusion_date` names the plan (None: the latest infusion's plan).
    """

    code: str
    status: str  # "missed" or "reopened"
    at: dt.date
    reason: str = ""
    infusion_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.status not in ("missed", "reopened"):
            raise ValidationError(f"visit {self.code}: a closure is 'missed' or 'reopened', not {self.status!r}")


@dataclass(frozen=True)
class Withdrawal:
    date: dt.date
    scope: WithdrawalScope

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "scope", WithdrawalScope(self.scope))
        except ValueError:
            raise ValidationError(
                f"withdrawal scope {self.scope!r} is not one of: {', '.join(WithdrawalScope)}"
            ) from None


@dataclass(frozen=True)
class ProtocolAmendment:
    """A new protocol version, in force from `effective_date`."""

    effective_date: dt.date
    protocol: Protocol


@dataclass(frozen=True)
class SubjectCourse:
    """What happened to one subject, as the status rules need it.

    `infusion_dates`: every infusion (a re-infusion is a second date). `stop_event_date`:
    the date of the first event listed in the protocol's `stop_events` (relapse,
    progression, HSCT, new therapy). `rcl_results`: visit code ->
    negative | positive | indeterminate | archived. Lists are accepted and stored as
    tuples; infusion dates are sorted.
    """

    infusion_dates: tuple[dt.date, ...]
    actual_visits: tuple[ActualVisit, ...] = ()
    closures: tuple[StatusClosure, ...] = ()
    death_date: dt.date | None = None
    withdrawal: Withdrawal | None = None
    lost_to_follow_up_date: dt.date | None = None
    lost_to_follow_up_reversed_date: dt.date | None = None
    stop_event_date: dt.date | None = None
    rcl_results: Mapping[str, str] = field(default_factory=dict)
    amendments: tuple[ProtocolAmendment, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "infusion_dates", tuple(sorted(set(self.infusion_dates))))
        object.__setattr__(self, "actual_visits", tuple(self.actual_visits))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "amendments", tuple(sorted(self.amendments, key=lambda a: a.effective_date)))
        for code, result in self.rcl_results.items():
            if result not in RCL_RESULTS:
                raise ValidationError(f"RCL result of {code} is {result!r}, not one of: {', '.join(RCL_RESULTS)}")
        if self.lost_to_follow_up_reversed_date is not None:
            if self.lost_to_follow_up_date is None:
                raise ValidationError("a lost-to-follow-up reversal needs the lost-to-follow-up date")
            if self.lost_to_follow_up_reversed_date < self.lost_to_follow_up_date:
                raise ValidationError("lost to follow-up cannot be reversed before it was declared")


# -- outputs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitState:
    """A planned visit with its status on the day asked about.

    `assessments` are the effective ones (stop rule, RCL rule, withdrawal applied);
    `planned_assessments` as the protocol plans them. `mode` may differ from the
    protocol's when a withdrawal from visits turned the visit into a survival phone
    contact. `cause` is set exactly when `status` is CANCELLED. `out_of_window` is set
    for a completed visit done outside its window. `protocol_hash` is the content hash
    of the protocol version that planned the visit.
    """

    infusion_date: dt.date
    sequence: int
    code: str
    nominal_date: dt.date
    window_start: dt.date
    window_end: dt.date
    mode: str
    assessments: tuple[str, ...]
    planned_assessments: tuple[str, ...]
    status: VisitStatus
    cause: CancelCause | None
    actual_date: dt.date | None
    actual_mode: str | None
    actual_id: object | None
    out_of_window: bool
    protocol_hash: str
    protocol_version: str

    @property
    def is_open(self) -> bool:
        """Still to be done: upcoming, due or overdue."""
        return self.status in (VisitStatus.UPCOMING, VisitStatus.DUE, VisitStatus.OVERDUE)


@dataclass(frozen=True)
class SubjectSchedule:
    """All of a subject's planned visits (earlier plans first), in date order.

    `unscheduled`: actual visits that belong to no planned visit; `rcl_alert`: an RCL
    result is positive (a blocking safety alert); `rcl_first_year_negative`: every
    first-year RCL result is negative, so later R-A samples may be archived;
    `follow_up_end`: 15 years (the protocol's duration) after the latest infusion, None
    when the subject was never infused.
    """

    visits: tuple[VisitState, ...]
    unscheduled: tuple[ActualVisit, ...]
    rcl_alert: bool
    rcl_first_year_negative: bool
    follow_up_end: dt.date | None

    @property
    def current(self) -> tuple[VisitState, ...]:
        """The visits of the latest infusion's plan."""
        if not self.visits:
            return ()
        latest = self.visits[-1].infusion_date
        return tuple(visit for visit in self.visits if visit.infusion_date == latest)

    def visit(self, code: str) -> VisitState:
        """The latest plan's visit with this code; KeyError when there is none."""
        for visit in self.current:
            if visit.code == code:
                return visit
        raise KeyError(code)


# -- assignment ---------------------------------------------------------------------------


def _in_window(planned: Sequence[PlannedVisit], day: dt.date, taken: Iterable[int] = ()) -> int | None:
    """Index of the visit whose window contains `day`: closer nominal date, then earlier."""
    excluded = set(taken)
    best: tuple[int, dt.date, int] | None = None
    for index, visit in enumerate(planned):
        if index in excluded or not visit.window_start <= day <= visit.window_end:
            continue
        key = (abs((day - visit.nominal_date).days), visit.nominal_date, index)
        if best is None or key < best:
            best = key
    return None if best is None else best[2]


def _last_ended(planned: Sequence[PlannedVisit], day: dt.date) -> int | None:
    """Index of the most recent visit whose window ended before `day`."""
    best: int | None = None
    for index, visit in enumerate(planned):
        if visit.window_end < day and (best is None or visit.nominal_date >= planned[best].nominal_date):
            best = index
    return best


def assign_actual(planned: Sequence[PlannedVisit], day: dt.date) -> tuple[str | None, bool]:
    """Which visit of a plan an actual visit on `day` belongs to, and whether in window.

    Inside a window: (that code, True); two windows: the closer nominal date, ties to
    the earlier. Inside none: (the most recent visit whose window has ended, False), or
    (None, False) before the first window. This looks at the plan only; `visit_states`
    also skips visits already done (see the module's rules).
    """
    index = _in_window(planned, day)
    if index is not None:
        return planned[index].code, True
    index = _last_ended(planned, day)
    return (None if index is None else planned[index].code), False


def _assign(
    planned: Sequence[PlannedVisit], actuals: Sequence[ActualVisit], missed: set[str]
) -> tuple[dict[int, tuple[ActualVisit, bool]], list[ActualVisit]]:
    """Actual visits -> {plan index: (actual, in window)} and the unscheduled ones."""
    index_of = {visit.code: index for index, visit in enumerate(planned)}
    taken: dict[int, tuple[ActualVisit, bool]] = {}
    unscheduled: list[ActualVisit] = []
    by_date: list[ActualVisit] = []
    # Explicit codes first, so that a visit assigned by date cannot take their place.
    for actual in sorted(actuals, key=lambda a: a.date):
        if actual.unscheduled:
            unscheduled.append(actual)
        elif actual.code is not None and actual.code in index_of:
            index = index_of[actual.code]
            if index in taken:
                unscheduled.append(actual)
            else:
                taken[index] = (actual, planned[index].window_contains(actual.date))
        else:
            # No code, or a code this plan does not have: assign it by its date.
            by_date.append(actual)
    outside: list[ActualVisit] = []
    for actual in by_date:
        free = _in_window(planned, actual.date, taken)
        if free is not None:
            taken[free] = (actual, True)
        elif _in_window(planned, actual.date) is None:
            outside.append(actual)
        else:
            # In a window whose visit is already done: an extra visit, not a late one.
            unscheduled.append(actual)
    for actual in outside:
        late = _last_ended(planned, actual.date)
        if late is not None and late not in taken and planned[late].code not in missed:
            taken[late] = (actual, False)
        else:
            unscheduled.append(actual)
    return taken, unscheduled


# -- plans and versions -------------------------------------------------------------------


def _versioned_plan(
    protocol: Protocol, amendments: Sequence[ProtocolAmendment], infusion_date: dt.date
) -> list[tuple[PlannedVisit, Protocol]]:
    """The plan of one infusion, each visit with the protocol version that planned it."""
    current = protocol
    later: list[ProtocolAmendment] = []
    for amendment in amendments:
        if amendment.effective_date < infusion_date:
            current = amendment.protocol
        else:
            later.append(amendment)
    visits = [(visit, current) for visit in plan(current, infusion_date)]
    for amendment in later:
        effective = amendment.effective_date
        kept = [(visit, version) for visit, version in visits if visit.window_start <= effective]
        kept_codes = {visit.code for visit, _ in kept}
        new = [
            (visit, amendment.protocol)
            for visit in plan(amendment.protocol, infusion_date)
            if visit.window_start > effective and visit.code not in kept_codes
        ]
        merged = sorted(kept + new, key=lambda pair: pair[0].nominal_date)
        visits = [(visit._replace(sequence=number), version) for number, (visit, version) in enumerate(merged, 1)]
    return visits


def _protocol_on(protocol: Protocol, amendments: Sequence[ProtocolAmendment], day: dt.date) -> Protocol:
    for amendment in amendments:
        if amendment.effective_date <= day:
            protocol = amendment.protocol
    return protocol


# -- statuses -----------------------------------------------------------------------------


def _rcl_test_after(
    planned: Sequence[PlannedVisit], results: Mapping[str, str], first_year: Sequence[str]
) -> int | None:
    """Sequence after which R-A samples are tested, or None."""
    sequences = [
        visit.sequence
        for visit in planned
        if results.get(visit.code) == "positive"
        or (visit.code in first_year and results.get(visit.code) == "indeterminate")
    ]
    return min(sequences, default=None)


def _state(
    visit: PlannedVisit,
    version: Protocol,
    infusion_date: dt.date,
    *,
    status: VisitStatus,
    cause: CancelCause | None = None,
    assigned: tuple[ActualVisit, bool] | None = None,
    mode: str | None = None,
    assessments: tuple[str, ...] | None = None,
) -> VisitState:
    actual, in_window = assigned if assigned is not None else (None, True)
    return VisitState(
        infusion_date=infusion_date,
        sequence=visit.sequence,
        code=visit.code,
        nominal_date=visit.nominal_date,
        window_start=visit.window_start,
        window_end=visit.window_end,
        mode=mode or visit.mode,
        assessments=visit.assessments if assessments is None else assessments,
        planned_assessments=visit.assessments,
        status=status,
        cause=cause,
        actual_date=None if actual is None else actual.date,
        actual_mode=None if actual is None else actual.mode,
        actual_id=None if actual is None else actual.id,
        out_of_window=not in_window,
        protocol_hash=version.content_hash,
        protocol_version=version.version_label,
    )


def _current_state(
    visit: PlannedVisit,
    version: Protocol,
    infusion_date: dt.date,
    course: SubjectCourse,
    today: dt.date,
    assigned: tuple[ActualVisit, bool] | None,
    missed: bool,
    rcl_tested: bool,
) -> VisitState:
    """Status of one visit of the latest plan."""
    # The day the visit happened, or the last day it still could.
    reference = assigned[0].date if assigned is not None else visit.window_end
    assessments = visit.assessments
    stop = course.stop_event_date
    if stop is not None and reference > stop:
        assessments = tuple(code for code in assessments if code not in version.stop_assessments)
    if rcl_tested:
        assessments = tuple(RCL_TESTED if code == RCL_ARCHIVED else code for code in assessments)

    if assigned is not None:
        return _state(
            visit, version, infusion_date, status=VisitStatus.COMPLETED, assigned=assigned, assessments=assessments
        )

    # Every event that cancels this open visit, as (date, cause); the earliest wins.
    causes: list[tuple[dt.date, CancelCause]] = []
    if course.death_date is not None and visit.window_end >= course.death_date:
        causes.append((course.death_date, CancelCause.DEATH))
    mode = visit.mode
    withdrawal = course.withdrawal
    if withdrawal is not None and visit.window_end >= withdrawal.date:
        if withdrawal.scope is WithdrawalScope.ALL:
            causes.append((withdrawal.date, CancelCause.WITHDRAWAL))
        elif withdrawal.scope is WithdrawalScope.VISITS:
            if SURVIVAL in assessments:
                mode, assessments = "phone", (SURVIVAL,)
            else:
                causes.append((withdrawal.date, CancelCause.WITHDRAWAL))
    lost = course.lost_to_follow_up_date
    found = course.lost_to_follow_up_reversed_date
    if lost is not None and visit.window_end >= lost and (found is None or visit.window_end < found):
        causes.append((lost, CancelCause.LOST_TO_FOLLOW_UP))
    if stop is not None and visit.assessments and not assessments:
        causes.append((stop, CancelCause.STOP_RULE))
    if causes:
        _, cause = min(causes, key=lambda pair: (pair[0], _CAUSE_RANK[pair[1]]))
        return _state(
            visit, version, infusion_date, status=VisitStatus.CANCELLED, cause=cause, mode=mode, assessments=assessments
        )

    if missed:
        status = VisitStatus.MISSED
    elif today < visit.window_start:
        status = VisitStatus.UPCOMING
    elif today <= visit.window_end:
        status = VisitStatus.DUE
    else:
        status = VisitStatus.OVERDUE
    return _state(visit, version, infusion_date, status=status, mode=mode, assessments=assessments)


def visit_states(protocol: Protocol, course: SubjectCourse, today: dt.date) -> SubjectSchedule:
    """Every planned visit of the subject with its status on `today`.

    `protocol` is the version in force before any of `course.amendments`. The course is
    taken as given: to see the schedule as it stood on an earlier day, pass only the
    records known then. See the module docstring for the rules.
    """
    infusions = course.infusion_dates
    if not infusions:
        never_infused = tuple(sorted(course.actual_visits, key=lambda a: a.date))
        return SubjectSchedule((), never_infused, _any_positive(course), False, None)

    # Closures: the last one per (plan, code) decides whether the visit is closed missed.
    missed: dict[tuple[dt.date, str], bool] = {}
    for closure in sorted(course.closures, key=lambda c: c.at):
        plan_date = closure.infusion_date or infusions[-1]
        missed[(plan_date, closure.code)] = closure.status == "missed"

    states: list[VisitState] = []
    unscheduled: list[ActualVisit] = []
    for number, infusion_date in enumerate(infusions):
        next_infusion = infusions[number + 1] if number + 1 < len(infusions) else None
        latest = next_infusion is None
        versioned = _versioned_plan(protocol, course.amendments, infusion_date)
        planned = [visit for visit, _ in versioned]
        # Actual visits belong to the plan in force on their date; those before the first
        # infusion go to the first plan (they end up unscheduled).
        actuals = [
            actual
            for actual in course.actual_visits
            if (number == 0 or actual.date >= infusion_date) and (next_infusion is None or actual.date < next_infusion)
        ]
        missed_codes = {code for (plan_date, code), closed in missed.items() if closed and plan_date == infusion_date}
        taken, extra = _assign(planned, actuals, missed_codes)
        unscheduled.extend(extra)

        if not latest:
            for index, (visit, version) in enumerate(versioned):
                if index in taken:
                    states.append(
                        _state(visit, version, infusion_date, status=VisitStatus.COMPLETED, assigned=taken[index])
                    )
                elif visit.code in missed_codes:
                    states.append(_state(visit, version, infusion_date, status=VisitStatus.MISSED))
                else:
                    states.append(
                        _state(
                            visit, version, infusion_date, status=VisitStatus.CANCELLED, cause=CancelCause.REINFUSION
                        )
                    )
            continue

        in_force = _protocol_on(protocol, course.amendments, today)
        test_after = _rcl_test_after(planned, course.rcl_results, in_force.rcl_first_year)
        for index, (visit, version) in enumerate(versioned):
            rcl_tested = test_after is not None and visit.sequence > test_after
            states.append(
                _current_state(
                    visit,
                    version,
                    infusion_date,
                    course,
                    today,
                    taken.get(index),
                    visit.code in missed_codes,
                    rcl_tested,
                )
            )

    in_force = _protocol_on(protocol, course.amendments, today)
    first_year = in_force.rcl_first_year
    return SubjectSchedule(
        visits=tuple(states),
        unscheduled=tuple(sorted(unscheduled, key=lambda a: a.date)),
        rcl_alert=_any_positive(course),
        rcl_first_year_negative=bool(first_year)
        and all(course.rcl_results.get(code) == "negative" for code in first_year),
        follow_up_end=follow_up_end(in_force, infusions[-1]),
    )


def _any_positive(course: SubjectCourse) -> bool:
    return any(result == "positive" for result in course.rcl_results.values())


# -- lost to follow-up ----------------------------------------------------------------------

FAILED_ATTEMPTS_NEEDED = 3
CHANNELS_NEEDED = 2
SPAN_MONTHS_NEEDED = 3


class ContactAttempt(NamedTuple):
    date: dt.date
    channel: str
    success: bool


def lost_to_follow_up_allowed(attempts: Iterable[tuple[dt.date, str, bool]]) -> tuple[bool, str]:
    """Whether the contact attempts allow declaring the subject lost to follow-up.

    DOMAIN.md 3.7: 3 failed attempts, by at least 2 channels, the first and the last at
    least 3 calendar months apart. Only failed attempts after the latest successful
    contact count. Returns (allowed, a sentence saying why, for the user).
    """
    ordered = sorted((ContactAttempt(*attempt) for attempt in attempts), key=lambda a: a.date)
    last_success = max((a.date for a in ordered if a.success), default=None)
    failed = [a for a in ordered if not a.success and (last_success is None or a.date > last_success)]
    since = Message("lost.since", day=last_success) if last_success else ""
    if len(failed) < FAILED_ATTEMPTS_NEEDED:
        return False, Message("lost.too_few", count=len(failed), since=since, needed=FAILED_ATTEMPTS_NEEDED)
    channels = tuple(sorted({a.channel for a in failed}))
    if len(channels) < CHANNELS_NEEDED:
        return False, Message("lost.one_channel", since=since, channel=channels[0], needed=CHANNELS_NEEDED)
    first, last = failed[0].date, failed[-1].date
    earliest_last = first + relativedelta(months=SPAN_MONTHS_NEEDED)
    if last < earliest_last:
        return False, Message(
            "lost.short_span", first=first, last=last, months=SPAN_MONTHS_NEEDED, earliest=earliest_last
        )
    return True, Message("lost.allowed", count=len(failed), channels=channels, first=first, last=last)
