"""The trial's endpoints from what the database holds, as of a date.

Reads every subject's records in a handful of bulk queries, hands them to the pure
`ltfu.analysis.compute_endpoints`, and shapes the result for `ltfu endpoints`.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
import threading
from collections import defaultdict
from typing import Any

from sqlalchemy.orm import Session

from ltfu.analysis import AdverseEvent, DataProblem, Endpoints, Event, Result, SubjectRecord, compute_endpoints
from ltfu.analysis._json import jsonable, records_dicts
from ltfu.analysis.memory import collector_paused
from ltfu.analysis.pd import PdAnalysis
from ltfu.analysis.survival import TimeToEvent
from ltfu.db.days import Days
from ltfu.db.engine import driver_rows
from ltfu.errors import Message
from ltfu.schedule.protocol import DEFAULT_DLT_WINDOW_DAYS, Protocol
from ltfu.services import access, packs
from ltfu.services.database import Database
from ltfu.services.plausibility import EARLIEST_INFUSION
from ltfu.services.protocols import analysis_scope

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


def load_subject_records(
    session: Session,
    as_of: dt.date | None = None,
    problems: list[DataProblem] | None = None,
    dlt_window_days: int = DEFAULT_DLT_WINDOW_DAYS,
    study: str | None = None,
) -> list[SubjectRecord]:
    """Every enrolled subject (of `study` when given) as the analysis needs it; records
    after `as_of` are left out.

    A stored value no analysis can take (outside its plausible range, an infusion
    before any CAR-T was given) is left out; with `problems`, each is added to it with
    its reason, for the endpoints and the report to list.

    Reads with plain SQL through the driver, the results from their packs
    (`ltfu.services.packs`), with the cyclic collector paused: at 10,000 subjects,
    per-row Python code or a collection walking the rows already built would cost
    more than the statistics.
    """
    with collector_paused():
        return _load(session, as_of, problems, dlt_window_days, study)


def _load(
    session: Session,
    as_of: dt.date | None,
    problems: list[DataProblem] | None,
    dlt_window_days: int,
    study: str | None,
) -> list[SubjectRecord]:
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    limit = "9999-12-31" if as_of is None else as_of.isoformat()
    params: dict[str, object] = {"as_of": limit if sqlite else dt.date.fromisoformat(limit), "study": study}

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return driver_rows(conn, sql, params)

    day = Days()  # ISO text (SQLite) or dates (PostgreSQL) -> dates, each parsed once
    # A visit scan beats the worklist index here (most completed visits are read).
    visits = "visit NOT INDEXED" if sqlite else "visit"

    # Events and adverse events made as the tuples they are (`tuple.__new__`), without
    # their classes' keyword-taking constructors: ~70,000 of them at 10,000 subjects.
    new = tuple.__new__
    events: dict[int, list[Event]] = defaultdict(list)
    for r in rows(
        "SELECT subject_id, event_date, kind, detail, response, mrd_negative, cd19_status, cd22_status, "
        "lineage_switch FROM clinical_event WHERE voided_at IS NULL AND event_date <= :as_of "
        "AND kind != 'lost_to_follow_up_reversed'"
    ):
        events[r[0]].append(new(Event, (day[r[1]], r[2], _event_detail(*r[2:]))))
    aside: list[tuple[int, Result, str]] = []
    results = packs.load(session, as_of, aside)
    aes: dict[int, list[AdverseEvent]] = defaultdict(list)
    dlts: list[tuple[int, AdverseEvent]] = []
    for r in rows(
        "SELECT subject_id, onset_date, term, grade, kind, serious, related, dlt, special_interest, resolution_date "
        "FROM adverse_event WHERE voided_at IS NULL AND onset_date <= :as_of"
    ):
        if r[7]:
            dlts.append((r[0], AdverseEvent(day[r[1]], r[2], r[3], r[4])))
        aes[r[0]].append(
            new(
                AdverseEvent,
                (day[r[1]], r[2], r[3], r[4], bool(r[5]), bool(r[6]), bool(r[7]), r[8], None if r[9] is None else day[r[9]]),
            )
        )
    alive: dict[int, list[dt.date]] = defaultdict(list)
    for sid, last in rows(
        # Only the latest such date counts (last known alive), so only it is read.
        f"SELECT subject_id, max(actual_date) FROM {visits} WHERE state = 'completed' AND voided_at IS NULL "
        "AND actual_date <= :as_of GROUP BY subject_id UNION ALL SELECT subject_id, max(attempt_date) "
        "FROM contact_attempt WHERE outcome = 'reached' AND voided_at IS NULL AND attempt_date <= :as_of "
        "GROUP BY subject_id"
    ):
        alive[sid].append(day[last])
    first_infusion: dict[int, dt.date] = {}
    for sid, first in rows(
        "SELECT subject_id, min(infusion_date) FROM infusion WHERE voided_at IS NULL GROUP BY subject_id"
    ):
        first_infusion[sid] = day[first]
    subjects = rows(
        "SELECT subject.id, subject.study_id, site.code, subject.dose_level, subject.sex FROM subject "
        "JOIN site ON site.id = subject.site_id WHERE subject.voided_at IS NULL"
        + (
            ""
            if study is None
            else " AND subject.protocol_version_id IN (SELECT id FROM protocol_version WHERE protocol_id = :study)"
        )
        + " ORDER BY subject.study_id"
    )
    seen = access.subject_ids(session)
    if seen is not None:
        subjects = [r for r in subjects if r[0] in seen]
    found = _set_aside(aside, first_infusion, events, dlts, subjects, dlt_window_days)
    if problems is not None:
        problems.extend(found)
    return [
        SubjectRecord(
            subject_id=study_id,
            site=site,
            dose_level=dose_level,
            infusion_date=first_infusion[sid],
            sex=sex,
            events=tuple(events.get(sid, ())),
            results=results.get(sid, ()),
            adverse_events=tuple(aes.get(sid, ())),
            alive_dates=tuple(alive.get(sid, ())),
        )
        for sid, study_id, site, dose_level, sex in subjects
        if sid in first_infusion
    ]


def _set_aside(
    aside: list[tuple[int, Result, str]],
    first_infusion: dict[int, dt.date],
    events: dict[int, list[Event]],
    dlts: list[tuple[int, AdverseEvent]],
    subjects,
    dlt_window_days: int,
) -> list[DataProblem]:
    """Leave out what no analysis can take (in place), and say what and why.

    Results outside their plausible range were left out by `packs.load` (`aside`);
    here a subject whose infusion is before any CAR-T was given, and events dated
    before the infusion (a death on Day -300 would make a negative survival time).
    A DLT outside the DLT window stays (the 3+3 does not count it) and is listed.
    """
    study_ids = {sid: study_id for sid, study_id, *_ in subjects}
    found: list[DataProblem] = []
    for sid, result, reason in aside:
        if sid in study_ids:
            shown = result.category or "" if result.value is None else f"{result.value:g} {result.unit}".strip()
            what = Message("data.result", analyte=result.analyte)
            found.append(DataProblem(study_ids[sid], result.date, what, shown, reason))
    for sid, first in list(first_infusion.items()):
        if first < EARLIEST_INFUSION:
            del first_infusion[sid]
            if sid in study_ids:
                found.append(
                    DataProblem(
                        study_ids[sid],
                        first,
                        Message("data.infusion_date"),
                        str(first),
                        Message("data.implausible_infusion", earliest=EARLIEST_INFUSION),
                    )
                )
    for sid, evs in events.items():
        start = first_infusion.get(sid)
        if start is None or sid not in study_ids:
            continue
        early = [e for e in evs if e.date < start]
        if early:
            events[sid] = [e for e in evs if e.date >= start]
            found.extend(
                DataProblem(
                    study_ids[sid],
                    e.date,
                    Message("data.event", kind=e.kind.replace("_", " ")),
                    e.detail,
                    Message("data.before_infusion", infusion=start),
                )
                for e in early
            )
    for sid, ae in dlts:
        start = first_infusion.get(sid)
        if start is not None and sid in study_ids and not 0 <= (ae.onset - start).days <= dlt_window_days:
            found.append(
                DataProblem(
                    study_ids[sid],
                    ae.onset,
                    Message("data.dlt"),
                    Message("data.dlt_day", term=ae.term, day=(ae.onset - start).days),
                    Message("data.outside_dlt_window", days=dlt_window_days),
                )
            )
    return found


def compute(db: Database, as_of: dt.date, study: str | None = None) -> Endpoints:
    """All endpoints of `study`'s subjects as of `as_of`, by its protocol in force (its
    B-cell and IgG thresholds, DLT window, dose design). None: the database's only study
    (`protocols.analysis_scope`)."""
    return compute_with_records(db, as_of, study)[1]


def _import_meanwhile(module: str) -> None:
    """Import `module` on a thread of its own unless it is imported: the analyses need
    scipy.special (~0.2 s to import, most of it numpy submodules it walks), and reading
    the records leaves a core free while SQLite works. The analyses' own import of it
    waits for this one to finish, if it has not."""
    if module not in sys.modules:
        threading.Thread(target=importlib.import_module, args=(module,), name=f"import {module}", daemon=True).start()


def compute_with_records(
    db: Database, as_of: dt.date, study: str | None = None
) -> tuple[list[SubjectRecord], Endpoints, Protocol]:
    """`compute`, with the subject records it read and the protocol it used (for a
    caller that draws the records too)."""
    _import_meanwhile("scipy.special")
    # One pause for reading and computing: the records are freed before the collector
    # runs again, instead of being walked by it between the two.
    with collector_paused():
        problems: list[DataProblem] = []
        with db.session(read_only=True) as session:
            study, protocol = analysis_scope(session, study)
            records = load_subject_records(session, as_of, problems, protocol.dlt_window_days, study)
        endpoints = compute_endpoints(
            records,
            as_of,
            dlt_window_days=protocol.dlt_window_days,
            dose_design=protocol.dose_finding,
            b_cell_threshold=protocol.b_cell_aplasia_threshold,
            igg_threshold=protocol.igg_threshold,
            data_problems=problems,
        )
    return records, endpoints, protocol


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


def _dlt_summary(dlt: dict) -> dict[str, object]:
    """The dose decision: codes (`ltfu.analysis.dose_finding.Decision`), counts and
    subject ids; `boundaries` only for BOIN."""
    dose = dlt["dose"]
    design = dose["design"]
    boin = design["design"] == "boin"
    levels = {}
    for level in dlt["dose_levels"]:
        finding = level["dose_finding"]
        levels[level["dose_level"]] = {
            "treated": level["n_treated"],
            "evaluable": level["n_evaluable"],
            "pending": level["n_pending"],
            "not_evaluable": level["n_not_evaluable"],
            "dlt": level["n_dlt"],
            "dlt_subjects": level["dlt_subjects"],
            "dose_finding": finding["dose_finding"],
            "dose_finding_dlt": finding["n_dose_finding_dlt"],
            "dose_finding_pending": finding["n_dose_finding_pending"],
            "decision": level["decision"],
            "expansion": finding["expansion"],
        }
    return {
        "design": design["design"],
        "target": design["target"] if boin else None,
        "cohort_size": design["cohort_size"],
        "max_per_dose": design["max_per_dose"],
        "window_days": dlt["window_days"],
        "levels": levels,
        "history": dose["history"],
        "mtd": dose["mtd"],
        "mtd_status": dose["mtd_status"],
        **({"boundaries": dose["boundaries"]} if boin else {}),
    }


_PD_STATS = {
    "baseline": "baseline",
    "peak": "peak",
    "peak_day": "peak_day",
    "fold_change": "fold_change",
    "auc0_28": "auc_0_28",
}


def _pd_group(row: dict) -> dict[str, object]:
    """A PD summary row: the number of subjects, then median and range of each value."""
    out: dict[str, object] = {"n_subjects": row["n_subjects"]}
    for key, name in _PD_STATS.items():
        out[key] = _median_range(row[name])
    return out


def _median_range(stat: dict) -> dict[str, object]:
    """A `Descriptive` as n, median and range."""
    return {"n": stat["n"], "median": stat["median"], "min": stat["minimum"], "max": stat["maximum"]}


def _crs_icans(d: dict) -> dict[str, object]:
    """Per dose level (then "all"): subjects by worst CRS and ICANS grade (0 = none),
    and the onset day and duration of the first CRS."""
    timing = {row["dose_level"]: row for row in d["crs_timing"]}
    out: dict[str, object] = {}
    for row in d["crs_icans"]:
        t = timing[row["dose_level"]]
        out[row["dose_level"]] = {
            "subjects": row["n_subjects"],
            "crs": row["crs"],
            "icans": row["icans"],
            "crs_subjects": t["n_crs"],
            "crs_onset_day": _median_range(t["onset_day"]),
            "crs_duration_days": _median_range(t["duration_days"]),
            "crs_unresolved": t["n_unresolved"],
        }
    return out


# A subject's pharmacodynamic values in the document: key -> `PdParameters` field.
_PD_SUBJECT = {
    "dose_level": "dose_level",
    "worst_crs_grade": "worst_crs_grade",
    "n_samples": "n_samples",
    "baseline": "baseline",
    "baseline_day": "baseline_day",
    "baseline_blq": "baseline_blq",
    "peak": "peak",
    "peak_day": "peak_day",
    "fold_change": "fold_change",
    "fold_change_reason": "fold_change_reason",
    "auc0_28": "auc_0_28",
    "auc_reason": "auc_reason",
}


def _pd(pd: PdAnalysis) -> dict[str, object]:
    """Per PD analyte: its unit, every subject's values and the two summaries."""
    return {
        a.analyte: {
            "unit": a.unit,
            "subjects": dict(zip([p.subject_id for p in a.subjects], records_dicts(a.subjects, _PD_SUBJECT), strict=True)),
            "by_dose_level": {row["dose_level"]: _pd_group(row) for row in jsonable(a.by_dose_level)},
            "by_crs_grade": {str(row["crs_grade"]): _pd_group(row) for row in jsonable(a.by_crs_grade)},
        }
        for a in pd.analytes
    }


def summary(endpoints: Endpoints) -> dict[str, object]:
    """The `ltfu endpoints --json` shape: null where a value cannot be computed.

    Made JSON-ready part by part (what `Endpoints.to_dict` would give for them): the
    per-subject lists this document leaves out (times to event, adverse events, every
    B-cell course) are never converted.
    """
    with collector_paused():
        return _summary(endpoints)


def _km_of(block: TimeToEvent) -> dict[str, object]:
    return _km_summary({"km": block.km.to_dict()})


def _summary(endpoints: Endpoints) -> dict[str, object]:
    orr = endpoints.orr.to_dict()["overall"]
    pk: dict[str, dict[str, object]] = {}
    for parameters in endpoints.pk.subjects:
        if parameters.analyte == "car_copies":
            row = parameters.to_dict()
            pk[row["subject_id"]] = {
                "cmax": row["cmax"],
                "tmax_day": row["tmax_day"],
                "auc0_28": row["auc_0_28"],
                "reason": row.get("reason"),
            }
    pk_by_dose: dict[str, dict[str, object]] = {}
    for level in endpoints.pk.summaries:
        if level.analyte == "car_copies":
            row = level.to_dict()
            pk_by_dose[row["dose_level"]] = {k: row[k] for k in ("n_subjects", "cmax", "tmax_day", "auc_0_28")}
    b_cells = endpoints.b_cells
    safety = {"crs_icans": jsonable(endpoints.crs_icans), "crs_timing": jsonable(endpoints.crs_timing)}
    dlt = endpoints.dlt.to_dict()
    return {
        "as_of": endpoints.as_of.isoformat(),
        "orr": {
            "responders": orr["responders"],
            "evaluable": orr["evaluable"],
            "rate": orr["rate"],
            "ci95": [orr["lower"], orr["upper"]],
        },
        "os": _km_of(endpoints.os),
        "pfs": _km_of(endpoints.pfs),
        "pfs_censored_hsct": _km_of(endpoints.pfs_sensitivity),
        "dor": _km_of(endpoints.dor),
        "bcell_recovery": _km_of(b_cells.recovery),
        "pk": pk,
        "pk_by_dose_level": pk_by_dose,
        "pd": _pd(endpoints.pd),
        "bcell_recovery_day": {c.subject_id: jsonable(c.recovery_day) for c in b_cells.subjects},
        "hama": {s.subject_id: jsonable(s.category) for s in endpoints.hama.subjects},
        "rcl": endpoints.rcl.to_dict(),
        "dlt": _dlt_summary(dlt),
        "crs_icans": _crs_icans(safety),
        "mtd": dlt["mtd"],
        "data_problems": [p.to_dict() for p in endpoints.data_problems],
    }
