"""Laboratory results and adverse events: validation shared by entry and import.

The same checks serve a dialog (one record) and a CSV (every row): a result needs a
unit that fits its analyte, categories only for RCL and HAMA, no date in the future
or after death; an adverse event needs a grade in range for its grading system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.errors import ValidationError
from ltfu.services import audit
from ltfu.services.course import sync_subject
from ltfu.services.database import Database
from ltfu.services.subjects import subject_pk
from ltfu.services.units import UNITS

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
        raise ValueError(f"analyte {analyte!r} is not one of {', '.join(UNITS)}")
    stored_unit, accepted = UNITS[analyte]
    key = unit.strip().replace("µ", "u").replace("μ", "u").lower()
    if key not in accepted:
        shown = " or ".join(repr(u) for u in accepted) if analyte not in m.CATEGORICAL_ANALYTES else "empty"
        raise ValueError(f"unit {unit!r} does not fit {analyte} (use {shown})")
    raw_value = raw_value.strip()
    if analyte in m.CATEGORICAL_ANALYTES:
        if qualifier:
            raise ValueError(f"qualifier {qualifier!r} does not apply to {analyte}")
        if raw_value not in m.RESULT_CATEGORIES:
            raise ValueError(f"{analyte} value {raw_value!r} is not one of {', '.join(m.RESULT_CATEGORIES)}")
        return None, raw_value, stored_unit, False, None
    try:
        number = float(raw_value)
    except ValueError:
        raise ValueError(f"value {raw_value!r} is not a number") from None
    if number != number or number in (float("inf"), float("-inf")) or number < 0:
        raise ValueError(f"value {raw_value!r} must be a number of zero or more")
    number *= accepted[key]
    if qualifier == "<":
        # Below the limit of quantification: stored as BLQ with the limit, never as 0.
        return number, None, stored_unit, True, number
    if qualifier:
        raise ValueError(f"qualifier {qualifier!r} must be '<' (below the limit of quantification) or empty")
    return number, None, stored_unit, False, None


@dataclass(frozen=True)
class SubjectDates:
    """What date checks need about one subject."""

    subject_id: int
    birth: dt.date | None
    infusion: dt.date | None
    death: dt.date | None


def subject_dates(session: Session, subject_ids: list[int]) -> dict[int, SubjectDates]:
    births = dict(
        session.execute(
            select(m.Contact.subject_id, m.Contact.birth_date).where(m.Contact.subject_id.in_(subject_ids))
        ).all()
    )
    infusions: dict[int, dt.date] = {}
    for sid, day in session.execute(
        select(m.Infusion.subject_id, m.Infusion.infusion_date).where(
            m.Infusion.subject_id.in_(subject_ids), m.Infusion.voided_at.is_(None)
        )
    ):
        infusions[sid] = min(day, infusions.get(sid, day))
    deaths = dict(
        session.execute(
            select(m.ClinicalEvent.subject_id, m.ClinicalEvent.event_date).where(
                m.ClinicalEvent.subject_id.in_(subject_ids),
                m.ClinicalEvent.kind == "death",
                m.ClinicalEvent.voided_at.is_(None),
            )
        ).all()
    )
    return {sid: SubjectDates(sid, births.get(sid), infusions.get(sid), deaths.get(sid)) for sid in subject_ids}


def date_problem(
    what: str, day: dt.date, dates: SubjectDates, today: dt.date, post_infusion: bool = False
) -> str | None:
    """Why `day` cannot be the date of `what`, or None."""
    if day > today:
        return f"{what} date {day} is in the future"
    if dates.birth is not None and day < dates.birth:
        return f"{what} date {day} is before the subject's birth"
    if post_infusion and dates.infusion is not None and day < dates.infusion:
        return f"{what} date {day} is before the infusion on {dates.infusion}"
    if dates.death is not None and day > dates.death:
        return f"{what} date {day} is after the subject's death on {dates.death}"
    return None


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
    value = row["value"]
    return (
        row["subject_id"],
        str(row["result_date"]),
        row["analyte"],
        None if value is None else round(float(value), 9),
        row["category"],
        bool(row["blq"]),
        row["assay"] or None,
    )


def record_result(db: Database, study_id: str, result: NewResult, today: dt.date) -> int:
    """Record one result (value with unit, or an RCL/HAMA category)."""
    try:
        raw = result.category if result.category is not None else ("" if result.value is None else repr(result.value))
        value, category, unit, blq, lloq = normalise_result(
            result.analyte, raw or "", result.unit, "<" if result.blq else ""
        )
    except ValueError as exc:
        raise ValidationError(f"Cannot record the result: {exc}.") from None
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        problem = date_problem("result", result.date, subject_dates(session, [subject_id])[subject_id], today)
        if problem:
            raise ValidationError(f"Cannot record the result: {problem}.")
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


def adverse_event_problems(ae: NewAdverseEvent, dates: SubjectDates, today: dt.date) -> list[str]:
    problems = []
    if not ae.term.strip():
        problems.append("the term is empty")
    if ae.kind not in m.AE_KINDS:
        problems.append(f"kind {ae.kind!r} is not one of {', '.join(m.AE_KINDS)}")
    else:
        low, high = AE_GRADE_LIMITS[ae.kind]
        if not low <= ae.grade <= high:
            system = "CTCAE v5" if ae.kind == "ctcae" else "ASTCT 2019"
            problems.append(f"grade {ae.grade} is outside {low}-{high} ({system})")
    if ae.special_interest is not None and ae.special_interest not in m.SPECIAL_INTEREST:
        problems.append(
            f"special-interest category {ae.special_interest!r} is not one of {', '.join(m.SPECIAL_INTEREST)}"
        )
    # CRS, ICANS and DLTs follow the infusion; other AEs may start at lymphodepletion.
    post = ae.kind in ("crs", "icans") or ae.dlt
    problem = date_problem("onset", ae.onset, dates, today, post_infusion=post)
    if problem:
        problems.append(problem)
    elif not post and dates.infusion is not None and ae.onset < dates.infusion - dt.timedelta(days=7):
        problems.append(f"onset {ae.onset} is before lymphodepletion (infusion on {dates.infusion})")
    if ae.resolution is not None and ae.resolution < ae.onset:
        problems.append(f"resolution {ae.resolution} is before the onset {ae.onset}")
    if ae.resolution is not None and ae.resolution > today:
        problems.append(f"resolution {ae.resolution} is in the future")
    return problems


def adverse_event_row(subject_id: int, ae: NewAdverseEvent, source_file: str | None) -> dict[str, object]:
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
    }


def record_adverse_event(db: Database, study_id: str, ae: NewAdverseEvent, today: dt.date) -> int:
    with db.session() as session:
        subject_id = subject_pk(session, study_id)
        problems = adverse_event_problems(ae, subject_dates(session, [subject_id])[subject_id], today)
        if problems:
            raise ValidationError("Cannot record the adverse event: " + "; ".join(problems) + ".")
        values = adverse_event_row(subject_id, ae, None)
        row = m.AdverseEvent(**values)
        session.add(row)
        session.flush()
        audit.append(
            session, db.user_id(session, "record"), [audit.created("adverse_event", row.id, values, subject_id)]
        )
        return row.id
