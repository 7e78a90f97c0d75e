"""Laboratory results and adverse events: validation shared by entry and import.

The same checks serve a dialog (one record) and a CSV (every row): a result needs a
unit that fits its analyte, categories only for RCL and HAMA, no date in the future
or after death; an adverse event needs a grade in range for its grading system.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.errors import Message, ValidationError, refusal
from ltfu.services import audit, safety
from ltfu.services.course import sync_subject
from ltfu.services.csvio import joined, number_problem, plain_number
from ltfu.services.database import Database
from ltfu.services.plausibility import (
    LYMPHODEPLETION_DAYS,
    SubjectDates,
    date_problem,
    dlt_problem,
    subject_dates,
)
from ltfu.services.subjects import subject_pk
from ltfu.services.units import ANALYTES, UNITS, implausible, plausible_range_text
from ltfu.vocabulary import fold_unit

__all__ = ["SubjectDates", "date_problem", "subject_dates"]  # re-exported for the importers

AE_GRADE_LIMITS = {"ctcae": (1, 5), "crs": (1, 5), "icans": (1, 5)}


@dataclass(frozen=True)
class NewResult:
    analyte: str
    date: dt.date
    value: float | None = None
    category: str | None = None
    unit: str = ""
    blq: bool = False
    lloq: float | None = None
    assay: str | None = None
    time: str | None = None


def normalise_result(
    analyte: str, raw_value: str, unit: str, qualifier: str = ""
) -> tuple[float | None, str | None, str, bool, float | None]:
    """(value, category, stored unit, blq, lloq) from what a lab file says; ValueError says why not."""
    if analyte not in UNITS:
        raise ValueError(Message("result.analyte", analyte=analyte, analytes=tuple(UNITS)))
    stored_unit, accepted = UNITS[analyte]
    key = fold_unit(unit)
    if key not in accepted:
        if analyte in m.CATEGORICAL_ANALYTES:
            raise ValueError(Message("result.unit_empty", unit=unit, analyte=analyte))
        units = joined([repr(u) for u in accepted], "result.or")
        raise ValueError(Message("result.unit", unit=unit, analyte=analyte, units=units))
    if analyte in m.CATEGORICAL_ANALYTES:
        if qualifier:
            raise ValueError(Message("result.qualifier_category", qualifier=qualifier, analyte=analyte))
        if raw_value not in m.RESULT_CATEGORIES:
            raise ValueError(
                Message("result.not_category", analyte=analyte, value=raw_value, categories=tuple(m.RESULT_CATEGORIES))
            )
        return None, raw_value, stored_unit, False, None
    problem = number_problem(raw_value, "value")
    if problem:
        raise ValueError(problem)
    number = float(raw_value)
    number *= accepted[key]
    if implausible(analyte, number):
        given = f"{raw_value} {unit.strip()}".strip()
        raise ValueError(
            Message("result.implausible", analyte=analyte, given=given, range=plausible_range_text(analyte))
        )
    if qualifier == "<":
        # Below the limit of quantification: stored as BLQ with the limit, never as 0.
        return number, None, stored_unit, True, number
    if qualifier:
        raise ValueError(Message("result.qualifier", qualifier=qualifier))
    return number, None, stored_unit, False, None


# How `ResultReader` reads the values of one (analyte, unit, qualifier): the stored
# unit, the factor to it (None: a category), the plausible range in the stored unit
# (the largest floats when the analyte has none: an infinite value still fails), BLQ.
_Plan = tuple[str, float | None, float, float, bool]


class ResultReader:
    """`normalise_result` for the many rows of a lab file: each (analyte, unit,
    qualifier) looked up once, a value read and held against its range with one
    comparison. A row the quick way does not take goes through `normalise_result`,
    so a bad row is refused with the same message."""

    def __init__(self) -> None:
        # (analyte, unit, qualifier) -> how to read its values, once met (None: every
        # value is refused); a reader of many rows may read them itself from here.
        self.plans: dict[tuple[str, str, str], _Plan | None] = {}

    def __call__(
        self, analyte: str, raw_value: str, unit: str, qualifier: str = ""
    ) -> tuple[float | None, str | None, str, bool, float | None]:
        key = (analyte, unit, qualifier)
        if key not in self.plans:
            self.plans[key] = _plan(analyte, unit, qualifier)
        plan = self.plans[key]
        if plan is not None:
            stored_unit, factor, low, high, blq = plan
            if factor is None:
                if raw_value in m.RESULT_CATEGORIES:
                    return None, raw_value, stored_unit, False, None
            elif (number := plain_number(raw_value)) is not None and low <= (number := number * factor) <= high:
                return number, None, stored_unit, blq, number if blq else None
        return normalise_result(analyte, raw_value, unit, qualifier)


def _plan(analyte: str, unit: str, qualifier: str) -> _Plan | None:
    """None when every value with this analyte, unit and qualifier is refused."""
    if analyte not in UNITS:
        return None
    stored_unit, accepted = UNITS[analyte]
    factor = accepted.get(fold_unit(unit))
    if factor is None:
        return None
    if analyte in m.CATEGORICAL_ANALYTES:
        return None if qualifier else (stored_unit, None, 0.0, 0.0, False)
    if qualifier not in ("", "<"):
        return None
    low, high = ANALYTES[analyte].low, ANALYTES[analyte].high
    if low is None or high is None:
        low, high = -sys.float_info.max, sys.float_info.max
    return stored_unit, factor, low, high, qualifier == "<"


def result_row(subject_id: int, r: NewResult, source_file: str | None) -> dict[str, object]:
    return {
        "subject_id": subject_id,
        "result_date": r.date,
        "result_time": r.time,
        "analyte": r.analyte,
        "value": r.value,
        "category": r.category,
        "unit": r.unit,
        "blq": r.blq,
        "lloq": r.lloq,
        "assay": r.assay,
        "source_file": source_file,
    }


RESULT_KEY_COLUMNS = ("subject_id", "result_date", "analyte", "value", "category", "blq", "assay")


def result_key(row: dict[str, object]) -> tuple:
    """What makes two results the same measurement (so a re-import adds nothing).

    Dates as ISO text and flags as booleans, whether they come from a file or from
    either database driver.
    """
    return key_of_result(*map(row.__getitem__, RESULT_KEY_COLUMNS))


def key_of_result(
    subject_id: object, day: object, analyte: object, value: object, category: object, blq: object, assay: object
) -> tuple:
    """`result_key` of the values of `RESULT_KEY_COLUMNS`, in that order (a stored row as read)."""
    return (
        subject_id,
        str(day),
        analyte,
        None if value is None else round(float(cast(float, value)), 9),
        category,
        bool(blq),
        assay or None,
    )


def record_result(db: Database, study_id: str, result: NewResult, today: dt.date) -> int:
    """Record one result (value with unit, or an RCL/HAMA category)."""
    try:
        raw = result.category if result.category is not None else ("" if result.value is None else repr(result.value))
        value, category, unit, blq, lloq = normalise_result(
            result.analyte, raw or "", result.unit, "<" if result.blq else ""
        )
    except ValueError as exc:
        raise ValidationError(refusal("result", [exc.args[0]])) from None
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        problem = date_problem("result", result.date, subject_dates(session, [subject_id])[subject_id], today)
        if problem:
            raise ValidationError(refusal("result", [problem]))
        wanted = result_key(
            result_row(
                subject_id,
                NewResult(result.analyte, result.date, value, category, unit, blq, lloq, result.assay, result.time),
                None,
            )
        )
        stored = session.execute(
            select(*(getattr(m.Result, c) for c in RESULT_KEY_COLUMNS)).where(
                m.Result.subject_id == subject_id,
                m.Result.analyte == result.analyte,
                m.Result.result_date == result.date,
                m.Result.voided_at.is_(None),
            )
        ).all()
        if any(key_of_result(*row) == wanted for row in stored):
            raise ValidationError(
                refusal(
                    "result",
                    [Message("result.recorded", analyte=result.analyte, day=result.date, study_id=study_id)],
                )
            )
        user_id = db.user_id(session, "record")
        row = m.Result(
            subject_id=subject_id,
            result_date=result.date,
            result_time=result.time,
            analyte=result.analyte,
            value=value,
            category=category,
            unit=unit,
            blq=blq,
            lloq=lloq,
            assay=result.assay,
        )
        session.add(row)
        session.flush()
        written = result_row(
            subject_id,
            NewResult(result.analyte, result.date, value, category, unit, blq, lloq, result.assay, result.time),
            None,
        )
        audit.append(session, user_id, [audit.created("result", row.id, written, subject_id)])
        if result.analyte == "rcl":
            sync_subject(session, subject_id, user_id, today, "RCL result recorded")
        # Here, not at the top: the window's lists import this module, and the packed
        # results bring numpy and the statistics with them.
        from ltfu.services import derived

        derived.results_added(session, [written | {"id": row.id}])
        safety.rcl_positives_recorded(session, user_id, [written | {"id": row.id}], today)
        return row.id


@dataclass(frozen=True)
class NewAdverseEvent:
    term: str
    grade: int
    onset: dt.date
    kind: str = "ctcae"
    resolution: dt.date | None = None
    serious: bool = False
    related: bool = False
    dlt: bool = False
    special_interest: str | None = None
    awareness: dt.date | None = None  # the day the site first knew; None: the day it is recorded
    unexpected: bool = False  # not in the reference safety information (serious + related: a SUSAR)


def adverse_event_problems(ae: NewAdverseEvent, dates: SubjectDates, today: dt.date) -> list[str]:
    problems: list[str] = []
    if not ae.term.strip():
        problems.append(Message("ae.no_term"))
    if ae.kind not in m.AE_KINDS:
        problems.append(Message("ae.kind", value=ae.kind, allowed=m.AE_KINDS))
    else:
        low, high = AE_GRADE_LIMITS[ae.kind]
        if not low <= ae.grade <= high:
            system = "CTCAE v5" if ae.kind == "ctcae" else "ASTCT 2019"
            problems.append(Message("ae.grade", grade=ae.grade, low=low, high=high, system=system))
    if ae.special_interest is not None and ae.special_interest not in m.SPECIAL_INTEREST:
        problems.append(Message("ae.special_interest", value=ae.special_interest, allowed=m.SPECIAL_INTEREST))
    # CRS, ICANS and DLTs follow the infusion; other AEs may start at lymphodepletion.
    post = ae.kind in ("crs", "icans") or ae.dlt
    problem = date_problem("onset", ae.onset, dates, today, post_infusion=post)
    if problem:
        problems.append(problem)
    elif (
        not post and dates.infusion is not None and ae.onset < dates.infusion - dt.timedelta(days=LYMPHODEPLETION_DAYS)
    ):
        problems.append(Message("ae.before_lymphodepletion", onset=ae.onset, infusion=dates.infusion))
    elif ae.dlt:
        problem = dlt_problem(ae.onset, dates)
        if problem:
            problems.append(problem)
    if ae.resolution is not None and ae.resolution < ae.onset:
        problems.append(Message("ae.resolution_before_onset", resolution=ae.resolution, onset=ae.onset))
    if ae.resolution is not None and ae.resolution > today:
        problems.append(Message("ae.resolution_future", resolution=ae.resolution))
    if ae.awareness is not None and ae.awareness < ae.onset:
        problems.append(Message("ae.awareness_before_onset", awareness=ae.awareness, onset=ae.onset))
    if ae.awareness is not None and ae.awareness > today:
        problems.append(Message("ae.awareness_future", awareness=ae.awareness))
    return problems


def adverse_event_key(subject_id: int, ae: NewAdverseEvent) -> tuple:
    """What makes two adverse events the same report (so a re-import adds nothing)."""
    return (subject_id, ae.onset, ae.kind, ae.term.strip().casefold(), ae.grade)


def stored_adverse_event_keys(session: Session, subject_ids: list[int]) -> set[tuple]:
    return {
        (sid, onset, kind, term.strip().casefold(), grade)
        for sid, onset, kind, term, grade in session.execute(
            select(
                m.AdverseEvent.subject_id,
                m.AdverseEvent.onset_date,
                m.AdverseEvent.kind,
                m.AdverseEvent.term,
                m.AdverseEvent.grade,
            ).where(m.AdverseEvent.subject_id.in_(subject_ids), m.AdverseEvent.voided_at.is_(None))
        )
    }


def adverse_event_row(
    subject_id: int, ae: NewAdverseEvent, source_file: str | None, today: dt.date
) -> dict[str, object]:
    """The row to store; the awareness date defaults to the day it is recorded (`today`),
    never to the onset."""
    return {
        "subject_id": subject_id,
        "kind": ae.kind,
        "term": ae.term.strip(),
        "grade": ae.grade,
        "onset_date": ae.onset,
        "resolution_date": ae.resolution,
        "serious": ae.serious,
        "related": ae.related,
        "dlt": ae.dlt,
        "special_interest": ae.special_interest,
        "source_file": source_file,
        "awareness_date": ae.awareness or today,
        "unexpected": ae.unexpected,
    }


def record_adverse_event(db: Database, study_id: str, ae: NewAdverseEvent, today: dt.date) -> int:
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        problems = adverse_event_problems(ae, subject_dates(session, [subject_id])[subject_id], today)
        if adverse_event_key(subject_id, ae) in stored_adverse_event_keys(session, [subject_id]):
            problems.append(Message("ae.recorded", term=ae.term.strip(), grade=ae.grade, onset=ae.onset))
        if problems:
            raise ValidationError(refusal("adverse_event", problems))
        values = adverse_event_row(subject_id, ae, None, today)
        row = m.AdverseEvent(**values)
        session.add(row)
        session.flush()
        user_id = db.user_id(session, "record")
        audit.append(session, user_id, [audit.created("adverse_event", row.id, values, subject_id)])
        safety.adverse_event_recorded(session, user_id, row)
        return row.id
