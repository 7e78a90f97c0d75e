"""The trial's endpoints from what the database holds, as of a date.

Reads every subject's records in a handful of bulk queries, hands them to the pure
`ltfu.analysis.compute_endpoints`, and shapes the result for `ltfu endpoints`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.analysis import AdverseEvent, Endpoints, Event, Result, SubjectRecord, compute_endpoints
from ltfu.db import models as m
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, load_bundled
from ltfu.services.database import Database

_MARK = {"positive": "+", "negative": "-", "dim": "dim"}


def _event_detail(
    kind: str,
    detail: str | None,
    response: str | None,
    mrd_negative: bool | None,
    cd19: str | None,
    cd22: str | None,
    lineage: bool | None,
) -> str:
    """The event detail in the events.csv vocabulary, rebuilt from the structured columns."""
    if kind == "response" and response:
        return f"{response} MRD-" if mrd_negative else response
    if kind == "relapse" and (cd19 or cd22):
        parts = [f"CD{n}{_MARK[s]}" for n, s in (("19", cd19), ("22", cd22)) if s]
        return " ".join(parts) + (" lineage switch" if lineage else "")
    return detail or ""


def load_subject_records(session: Session, as_of: dt.date | None = None) -> list[SubjectRecord]:
    """Every enrolled subject as the analysis needs it; records after `as_of` are left out."""

    def until(column):  # type: ignore[no-untyped-def]
        return True if as_of is None else column <= as_of

    events: dict[int, list[Event]] = defaultdict(list)
    for r in session.execute(
        select(
            m.ClinicalEvent.subject_id,
            m.ClinicalEvent.event_date,
            m.ClinicalEvent.kind,
            m.ClinicalEvent.detail,
            m.ClinicalEvent.response,
            m.ClinicalEvent.mrd_negative,
            m.ClinicalEvent.cd19_status,
            m.ClinicalEvent.cd22_status,
            m.ClinicalEvent.lineage_switch,
        ).where(
            m.ClinicalEvent.voided_at.is_(None),
            until(m.ClinicalEvent.event_date),
            m.ClinicalEvent.kind != "lost_to_follow_up_reversed",
        )
    ):
        events[r[0]].append(Event(r[1], r[2], _event_detail(*r[2:])))
    results: dict[int, list[Result]] = defaultdict(list)
    for r in session.execute(
        select(
            m.Result.subject_id,
            m.Result.result_date,
            m.Result.analyte,
            m.Result.value,
            m.Result.category,
            m.Result.unit,
            m.Result.blq,
            m.Result.lloq,
        ).where(m.Result.voided_at.is_(None), until(m.Result.result_date))
    ):
        results[r[0]].append(Result(r[1], r[2], r[3], r[4], r[5], r[6], r[7]))
    aes: dict[int, list[AdverseEvent]] = defaultdict(list)
    for r in session.execute(
        select(
            m.AdverseEvent.subject_id,
            m.AdverseEvent.onset_date,
            m.AdverseEvent.term,
            m.AdverseEvent.grade,
            m.AdverseEvent.kind,
            m.AdverseEvent.serious,
            m.AdverseEvent.related,
            m.AdverseEvent.dlt,
            m.AdverseEvent.special_interest,
            m.AdverseEvent.resolution_date,
        ).where(m.AdverseEvent.voided_at.is_(None), until(m.AdverseEvent.onset_date))
    ):
        aes[r[0]].append(AdverseEvent(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]))
    alive: dict[int, list[dt.date]] = defaultdict(list)
    for sid, day in session.execute(
        select(m.Visit.subject_id, m.Visit.actual_date).where(
            m.Visit.state == "completed", m.Visit.voided_at.is_(None), until(m.Visit.actual_date)
        )
    ):
        alive[sid].append(day)
    for sid, day in session.execute(
        select(m.ContactAttempt.subject_id, m.ContactAttempt.attempt_date).where(
            m.ContactAttempt.outcome == "reached",
            m.ContactAttempt.voided_at.is_(None),
            until(m.ContactAttempt.attempt_date),
        )
    ):
        alive[sid].append(day)
    first_infusion: dict[int, tuple[dt.date, str]] = {}
    for sid, day, dose in session.execute(
        select(m.Infusion.subject_id, m.Infusion.infusion_date, m.Infusion.dose_level)
        .where(m.Infusion.voided_at.is_(None))
        .order_by(m.Infusion.infusion_date.desc())
    ):
        first_infusion[sid] = (day, dose)
    subjects = session.execute(
        select(m.Subject.id, m.Subject.study_id, m.Site.code, m.Subject.dose_level, m.Subject.sex)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .where(m.Subject.voided_at.is_(None))
        .order_by(m.Subject.study_id)
    ).all()
    return [
        SubjectRecord(
            subject_id=study_id,
            site=site,
            dose_level=dose_level,
            infusion_date=first_infusion[sid][0],
            sex=sex,
            events=tuple(events.get(sid, ())),
            results=tuple(results.get(sid, ())),
            adverse_events=tuple(aes.get(sid, ())),
            alive_dates=tuple(alive.get(sid, ())),
        )
        for sid, study_id, site, dose_level, sex in subjects
        if sid in first_infusion
    ]


def compute(db: Database, as_of: dt.date, protocol_id: str = DEFAULT_PROTOCOL_ID) -> Endpoints:
    """All endpoints as of `as_of`, with the protocol's B-cell and IgG thresholds."""
    protocol = load_bundled(protocol_id)
    with db.session() as session:
        records = load_subject_records(session, as_of)
    return compute_endpoints(
        records, as_of, b_cell_threshold=protocol.b_cell_aplasia_threshold, igg_threshold=protocol.igg_threshold
    )


def _km_summary(block: dict) -> dict[str, object]:
    km = block["km"]
    landmarks = {str(int(lm["day"])): lm["survival"] for lm in km["landmarks"]}
    return {
        "n": km["n"],
        "events": km["events"],
        "median_days": km["median"],
        "median_ci95": km["median_ci"],
        "survival_at": {"365": landmarks.get("365"), "730": landmarks.get("730")},
        "at_risk": {str(int(a["day"])): a["at_risk"] for a in km["at_risk"]},
    }


def summary(endpoints: Endpoints) -> dict[str, object]:
    """The `ltfu endpoints --json` shape: null where a value cannot be computed."""
    d = endpoints.to_dict()
    efficacy = d["efficacy"]
    orr = efficacy["orr_3_months"]["overall"]
    pk: dict[str, dict[str, object]] = {}
    for row in d["pk"]["subjects"]:
        if row["analyte"] == "car_copies":
            pk[row["subject_id"]] = {
                "cmax": row["cmax"],
                "tmax_day": row["tmax_day"],
                "auc0_28": row["auc_0_28"],
                "reason": row.get("reason"),
            }
    pk_by_dose: dict[str, dict[str, object]] = {}
    for row in d["pk"]["summaries"]:
        if row["analyte"] == "car_copies":
            pk_by_dose[row["dose_level"]] = {k: row[k] for k in ("n_subjects", "cmax", "tmax_day", "auc_0_28")}
    b_cells = d["b_cells"]
    return {
        "as_of": d["as_of"],
        "orr": {
            "responders": orr["responders"],
            "evaluable": orr["evaluable"],
            "rate": orr["rate"],
            "ci95": [orr["lower"], orr["upper"]],
        },
        "os": _km_summary(efficacy["os"]),
        "pfs": _km_summary(efficacy["pfs"]),
        "pfs_censored_hsct": _km_summary(efficacy["pfs_sensitivity"]),
        "dor": _km_summary(efficacy["dor"]),
        "bcell_recovery": _km_summary(b_cells["recovery"]),
        "pk": pk,
        "pk_by_dose_level": pk_by_dose,
        "bcell_recovery_day": {s["subject_id"]: s.get("recovery_day") for s in b_cells["subjects"]},
        "hama": {s["subject_id"]: s["category"] for s in d["immunogenicity"]["hama"]["subjects"]},
        "rcl": d["immunogenicity"]["rcl"],
        "dlt": {
            level["dose_level"]: {
                "treated": level["n_treated"],
                "evaluable": level["n_evaluable"],
                "dlt": level["n_dlt"],
                "decision": level["decision_text"],
            }
            for level in d["safety"]["dlt"]["dose_levels"]
        },
        "mtd": d["safety"]["dlt"]["mtd"],
    }
