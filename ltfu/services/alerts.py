"""Safety alerts: what a subject's results raise, stored and kept in step with them.

Three alerts (DOMAIN.md, safety monitoring):
- an RCL positive: blocking, for good (a later negative does not clear it: the
  confirmatory culture assay and the expedited report are the PI's call);
- a low IgG: the latest IgG under the protocol's threshold, shown for
  `IGG_ALERT_DAYS` after it was drawn (an older one asks for a new value, not action);
- a B-cell recovery: the two latest CD19 counts at or above the aplasia threshold
  after an aplastic one (within `COUNT_LOOKBACK_DAYS`), shown for `RECOVERY_ALERT_DAYS`.

Every write of a result calls `refresh` for its subjects, so the worklist reads a few
hundred stored rows (`ltfu.services.worklist_alerts`) instead of a million results each
morning. The thresholds are those of the protocol version each subject was planned with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import bindparam, delete, insert, select, text
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked
from ltfu.db.days import Days
from ltfu.db.engine import driver_connection
from ltfu.services.course import protocol_for

# Alerts about a recovery stay on the list this long after the recovering count.
RECOVERY_ALERT_DAYS = 90
# The aplastic count before a recovery is looked for this far before it.
COUNT_LOOKBACK_DAYS = 730
# A low IgG older than this is stale: the alert asks for a new value, not for action.
IGG_ALERT_DAYS = 180
# The analytes that can raise an alert: a write of any other leaves the alerts alone.
ALERT_ANALYTES = ("rcl", "igg", "cd19_b_cells")


class SafetyAlert(NamedTuple):
    """One alert on the worklist (a named tuple: hundreds are built per refresh)."""

    study_id: str
    site: str
    # rcl_positive, igg_low, b_cell_recovery; from the cases: malignancy, report_due; ind_report_due;
    # from the course: igg_low_replacement, reconsent_due (`course_records`)
    kind: str
    date: dt.date  # malignancy: the day the site knew; report_due: the due date
    # The IgG or the first recovering CD19 count; malignancy: the open steps; report_due:
    # days overdue (negative: days left).
    value: float | None
    threshold: float | None  # the protocol's threshold it was judged against
    detail: str | None = None  # malignancy: its special interest; report_due: the recipient
    overdue: bool = False  # report_due: past its due date
    ref: int | None = None  # malignancy: the case; report_due: the report (services/safety.py)
    study: str | None = None  # ind_report_due: the study (protocol id) whose report is due

    @property
    def blocking(self) -> bool:
        """RCL positive and malignancy cases; a report on its due date or after it (USERS.md
        scene 13: the sponsor's clock is red the morning after the site knew)."""
        due_now = self.kind == "report_due" and self.value is not None and self.value >= 0
        return self.kind in ("rcl_positive", "malignancy") or self.overdue or due_now

    @property
    def message(self) -> str:
        if self.kind == "malignancy":
            what = "T-cell malignancy" if self.detail == "t_cell_malignancy" else "New malignancy"
            return f"{what} known on {self.date}: safety case {self.ref}, {self.value:.0f} step(s) open."
        if self.kind == "report_due":
            recipient = (self.detail or "").replace("_", " ")
            if self.overdue:
                return f"Report to the {recipient} was due on {self.date} ({self.value:.0f} day(s) overdue)."
            return f"Report to the {recipient} is due on {self.date}."
        if self.kind == "ind_report_due":
            if self.value is not None and self.value > 0:
                return (
                    f"IND annual report of {self.study} (period ending {self.detail}) was due on {self.date}: "
                    "not signed yet."
                )
            return f"IND annual report of {self.study} (period ending {self.detail}) is due on {self.date}: not signed yet."
        if self.kind == "rcl_positive":
            return (
                f"RCL positive on {self.date}: confirmatory culture assay and expedited safety "
                "report; later yearly samples are tested, not archived."
            )
        if self.kind == "igg_low_replacement":
            return (
                f"IgG {self.value:.1f} g/L on {self.date} (< {self.threshold:g}) under immunoglobulin replacement: "
                "a trough level; review the replacement's dose and interval."
            )
        if self.kind == "reconsent_due":
            return (
                f"Re-consent due since {self.date}: consented by a parent or guardian (version {self.detail}), "
                "now of age; record the subject's own consent."
            )
        if self.kind == "igg_low":
            return (
                f"IgG {self.value:.1f} g/L on {self.date} (< {self.threshold:g}): consider immunoglobulin replacement."
            )
        return f"B-cell recovery from {self.date} (CD19 {self.value:.0f} cells/uL): CAR-T cells may no longer persist."

    def to_dict(self) -> dict[str, object]:
        d = self._asdict()
        d["date"] = self.date.isoformat()
        d["message"] = self.message
        d["blocking"] = self.blocking
        return d


# The results an alert can come from, per subject: the first RCL positive, the latest
# IgG, the three latest CD19 counts. Each is an index seek on (subject_id, analyte,
# result_date), so refreshing 10,000 subjects reads ~40,000 rows, not ~230,000.
# PostgreSQL plans the correlated `IN (... LIMIT n)` as a scan of every result per
# subject (minutes at 1,000 subjects); a LATERAL join is the same seek there. SQLite
# has no LATERAL and seeks with the `IN` form.
_LATEST = {
    "sqlite": """
SELECT r.subject_id, r.analyte, r.result_date, r.value, r.blq, r.id FROM subject s JOIN result r ON r.id IN (
    SELECT x.id FROM result x WHERE x.subject_id = s.id AND x.analyte = '{analyte}' AND x.voided_at IS NULL
    AND {present} ORDER BY x.result_date {order}, x.id {order} LIMIT {n})
{only}""",
    "postgresql": """
SELECT r.subject_id, r.analyte, r.result_date, r.value, r.blq, r.id FROM subject s CROSS JOIN LATERAL (
    SELECT x.subject_id, x.analyte, x.result_date, x.value, x.blq, x.id FROM result x
    WHERE x.subject_id = s.id AND x.analyte = '{analyte}' AND x.voided_at IS NULL
    AND {present} ORDER BY x.result_date {order}, x.id {order} LIMIT {n}) r
{only}""",
}
_PICKS = (
    ("rcl", "x.category = 'positive'", "ASC", 1),
    ("igg", "x.value IS NOT NULL", "DESC", 1),
    ("cd19_b_cells", "x.value IS NOT NULL", "DESC", 3),
)


def refresh(session: Session, subject_ids: Iterable[int] | None = None) -> int:
    """Recompute the stored alerts of these subjects (everyone when None) from their
    current results; returns how many alerts they now have."""
    conn = session.connection()
    if subject_ids is None:
        rows = _derive(session, None)
        conn.execute(delete(m.SafetyAlert))
    else:
        # Only these subjects, however many (a lab file of thousands): a few hundred at a time.
        rows = []
        wanted = sorted(set(subject_ids))
        # Thousands of subjects (a lab file of the cohort): their thresholds in one read.
        thresholds = _thresholds(session, None) if len(wanted) > _THRESHOLDS_AT_ONCE else None
        for chunk in chunked(wanted):
            rows += _derive(session, chunk, thresholds)
            conn.execute(delete(m.SafetyAlert).where(m.SafetyAlert.subject_id.in_(chunk)))
    if rows:
        conn.execute(insert(m.SafetyAlert), rows)
    return len(rows)


# Each alert comes from one pick of `_PICKS` alone (its analyte's rows): the kind of each.
_KIND_OF_PICK = {"rcl": "rcl_positive", "igg": "igg_low", "cd19_b_cells": "b_cell_recovery"}


def refresh_added(session: Session, by_kind: Mapping[str, Iterable[int]]) -> None:
    """After results were added (none changed): recompute only the kinds of alert their
    analytes can change, of the subjects that got such a row (`kinds_added`). Each kind
    is derived from its own analyte's rows alone, so the others stay as they are: what
    `refresh` of those subjects would store, without reading what cannot have moved
    (every subject's RCL results, when the file holds no new positive one)."""
    conn = session.connection()
    wanted = {kind: sorted(set(ids)) for kind, ids in by_kind.items() if ids}
    everyone = set().union(*wanted.values())
    thresholds = _thresholds(session, None) if len(everyone) > _THRESHOLDS_AT_ONCE else None
    rows: list[dict[str, object]] = []
    sqlite = conn.dialect.name == "sqlite"
    for pick in _PICKS:
        kind = _KIND_OF_PICK[pick[0]]
        for chunk in chunked(wanted.get(kind, [])):
            rows += _derive(session, chunk, thresholds, (pick,))
            if sqlite:
                # Straight to the driver, the ids written out as `_derive` writes them (a lab
                # file of the cohort: dozens of these, each naming hundreds of subjects).
                driver_connection(conn).execute(
                    f"DELETE FROM safety_alert WHERE subject_id IN ({', '.join(str(int(i)) for i in chunk)}) "
                    "AND kind = ?",
                    (kind,),
                )
            else:
                conn.execute(
                    delete(m.SafetyAlert).where(m.SafetyAlert.subject_id.in_(chunk), m.SafetyAlert.kind == kind)
                )
    if rows:
        conn.execute(insert(m.SafetyAlert), rows)


def kinds_added(
    subject_ids: Sequence[int], analytes: Sequence[object], categories: Sequence[object]
) -> dict[str, set[int]]:
    """The kinds of alert new result rows (column by column) can change, and of whom: an
    RCL result only when positive (a later negative never clears an RCL alert, and only
    the first positive dates it), any IgG or CD19 count."""
    found: dict[str, set[int]] = {kind: set() for kind in _KIND_OF_PICK.values()}
    for subject_id, analyte, category in zip(subject_ids, analytes, categories, strict=True):
        if analyte in _KIND_OF_PICK and (analyte != "rcl" or category == "positive"):
            found[_KIND_OF_PICK[analyte]].add(subject_id)
    return found


def out_of_step(session: Session) -> tuple[str, ...]:
    """Study ids whose stored alerts differ from what their results raise now (none
    when every write kept them in step); `ltfu check` reports them."""
    columns = ("subject_id", "kind", "alert_date", "shown_until", "value", "threshold")
    stored = {tuple(row) for row in session.execute(select(*(getattr(m.SafetyAlert, c) for c in columns)))}
    derived = {tuple(row[c] for c in columns) for row in _derive(session, None)}
    differing = {row[0] for row in stored ^ derived}
    if not differing:
        return ()
    return tuple(
        session.scalars(select(m.Subject.study_id).where(m.Subject.id.in_(differing)).order_by(m.Subject.study_id))
    )


def _derive(
    session: Session,
    ids: list[int] | None,
    thresholds: dict[int, tuple[float, float]] | None = None,
    picks: tuple[tuple[str, str, str, int], ...] = _PICKS,
) -> list[dict[str, object]]:
    """The alert rows the results of these subjects (everyone when None) raise;
    `thresholds`: theirs (`_thresholds`), when already read; `picks`: only the alerts
    of these (`_PICKS`)."""
    conn = session.connection()
    sqlite = conn.dialect.name == "sqlite"
    only = ""
    if ids:
        # SQLite: the ids written out (whole numbers), the rows straight from the driver.
        only = f"WHERE s.id IN ({', '.join(str(int(i)) for i in ids)})" if sqlite else "WHERE s.id IN :ids"
    latest = _LATEST[conn.dialect.name]
    sql = (
        "\nUNION ALL\n".join(latest.format(analyte=a, present=p, order=o, n=n, only=only) for a, p, o, n in picks)
        + "\nORDER BY 1, 2, 3 DESC, 6 DESC"
    )
    if sqlite:
        found = driver_connection(conn).execute(sql).fetchall()
    else:
        query = text(sql)
        if ids:
            query = query.bindparams(bindparam("ids", expanding=True))
        found = conn.execute(query, {"ids": ids} if ids else {}).all()
    if thresholds is None:
        thresholds = _thresholds(session, ids)
    rows: list[dict[str, object]] = []

    def add(
        subject_id: int, kind: str, day: dt.date, days_shown: int | None, value: float | None, threshold: float | None
    ) -> None:
        until = None if days_shown is None else day + timedelta(days=days_shown)
        rows.append(
            {
                "subject_id": subject_id,
                "kind": kind,
                "alert_date": day,
                "shown_until": until,
                "value": value,
                "threshold": threshold,
            }
        )

    counts: dict[int, list[tuple[dt.date, float]]] = {}
    dates = Days()
    for subject_id, analyte, day, value, blq, _ in found:
        day = dates[day]
        if analyte == "rcl":
            add(subject_id, "rcl_positive", day, None, None, None)
            continue
        value = 0.0 if blq else value
        igg_threshold, b_threshold = thresholds[subject_id]
        if analyte == "igg":
            if value < igg_threshold:
                add(subject_id, "igg_low", day, IGG_ALERT_DAYS, value, igg_threshold)
        else:
            counts.setdefault(subject_id, []).append((day, value))  # newest first
    for subject_id, newest_first in counts.items():
        b_threshold = thresholds[subject_id][1]
        if len(newest_first) < 3:
            continue
        (_, last), (first_day, first), (aplastic_day, aplastic) = newest_first
        if (
            aplastic < b_threshold <= first
            and last >= b_threshold
            and (first_day - aplastic_day).days <= COUNT_LOOKBACK_DAYS
        ):
            add(subject_id, "b_cell_recovery", first_day, RECOVERY_ALERT_DAYS, first, b_threshold)
    return rows


# More subjects than this: `refresh` reads every subject's thresholds at once.
_THRESHOLDS_AT_ONCE = 2000


def _thresholds(session: Session, ids: list[int] | None) -> dict[int, tuple[float, float]]:
    """(IgG threshold, B-cell aplasia threshold) per subject, from its protocol version."""
    query = select(m.Subject.id, m.Subject.protocol_version_id)
    if ids:
        query = query.where(m.Subject.id.in_(ids))
    by_version: dict[int, tuple[float, float]] = {}
    out = {}
    for subject_id, version_id in session.execute(query):
        if version_id not in by_version:
            protocol = protocol_for(session, version_id)
            by_version[version_id] = (protocol.igg_threshold, protocol.b_cell_aplasia_threshold)
        out[subject_id] = by_version[version_id]
    return out
