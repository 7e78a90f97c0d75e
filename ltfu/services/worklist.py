"""The nurse's worklist: who is due, overdue or coming up, and the safety alerts.

One indexed query over the stored visit states (kept in step with the rules by
every write), so the morning screen is instant on 350,000 visits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import NamedTuple

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, load_bundled
from ltfu.services.database import Database

# Alerts about a recovery stay on the list this long after the recovering count.
RECOVERY_ALERT_DAYS = 90
# The aplastic count before a recovery is looked for this far back.
COUNT_LOOKBACK_DAYS = 730
# A low IgG older than this is stale: the alert asks for a new value, not for action.
IGG_ALERT_DAYS = 180


class WorklistRow(NamedTuple):
    """One open visit on the worklist (a named tuple: thousands are built per refresh)."""

    study_id: str
    site: str
    dose_level: str
    code: str
    nominal_date: dt.date
    window_start: dt.date
    window_end: dt.date
    mode: str
    assessments: tuple[str, ...]
    status: str  # due, overdue, upcoming
    days_overdue: int
    days_left: int  # days until the window closes (due) or opens (upcoming)

    def to_dict(self) -> dict[str, object]:
        d = self._asdict()
        for key in ("nominal_date", "window_start", "window_end"):
            d[key] = d[key].isoformat()
        d["assessments"] = list(self.assessments)
        return d


@dataclass(frozen=True)
class SafetyAlert:
    study_id: str
    site: str
    kind: str  # rcl_positive, igg_low, b_cell_recovery
    date: dt.date
    message: str
    blocking: bool

    def to_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["date"] = self.date.isoformat()
        return d


@dataclass(frozen=True)
class Worklist:
    today: dt.date
    days: int
    site: str | None
    rows: tuple[WorklistRow, ...]
    alerts: tuple[SafetyAlert, ...]

    def by_status(self, status: str) -> tuple[WorklistRow, ...]:
        return tuple(r for r in self.rows if r.status == status)

    def to_dict(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "days": self.days,
            "site": self.site,
            "due": [r.to_dict() for r in self.by_status("due")],
            "overdue": [r.to_dict() for r in self.by_status("overdue")],
            "upcoming": [r.to_dict() for r in self.by_status("upcoming")],
            "alerts": [a.to_dict() for a in self.alerts],
        }


def worklist_query(today: dt.date, days: int, site: str | None):  # type: ignore[no-untyped-def]
    """Open visits whose window is open today, opens within `days`, or has closed."""
    horizon = today + timedelta(days=days)
    query = (
        select(
            m.Subject.study_id,
            m.Site.code,
            m.Subject.dose_level,
            m.Visit.code,
            m.Visit.nominal_date,
            m.Visit.window_start,
            m.Visit.window_end,
            m.Visit.mode,
            m.Visit.assessments,
        )
        .join(m.Subject, m.Subject.id == m.Visit.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .where(
            m.Visit.state == "planned",
            m.Visit.window_start <= horizon,
            m.Visit.voided_at.is_(None),
            m.Subject.voided_at.is_(None),
        )
        .order_by(m.Visit.window_end, m.Subject.study_id)
    )
    if site:
        query = query.where(m.Site.code == site)
    return query


def _alerts(session: Session, today: dt.date, site: str | None, igg_threshold: float, b_threshold: float):
    live = and_(m.Subject.voided_at.is_(None), m.Subject.status != "dead")
    site_filter = (m.Site.code == site) if site else True
    alerts: list[SafetyAlert] = []
    # RCL: every positive stays a blocking alert. A later negative does not clear it:
    # the confirmatory culture assay and the expedited report are the PI's call.
    rcl = session.execute(
        select(m.Subject.study_id, m.Site.code, func.min(m.Result.result_date))
        .join(m.Subject, m.Subject.id == m.Result.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .where(
            m.Result.analyte == "rcl",
            m.Result.category == "positive",
            m.Result.voided_at.is_(None),
            m.Result.result_date <= today,
            live,
            site_filter,
        )
        .group_by(m.Subject.study_id, m.Site.code)
    ).all()
    for study_id, site_code, first in rcl:
        alerts.append(
            SafetyAlert(
                study_id,
                site_code,
                "rcl_positive",
                first,
                f"RCL positive on {first}: confirmatory culture assay and expedited safety "
                "report; later yearly samples are tested, not archived.",
                True,
            )
        )
    # The latest IgG (only recent ones matter) and the last three CD19 counts of the
    # subjects with a recent count; both read through the (analyte, result_date) index.
    since_igg = today - timedelta(days=IGG_ALERT_DAYS)
    since_count = today - timedelta(days=RECOVERY_ALERT_DAYS)
    # Only a subject with a recent non-aplastic count can have just recovered.
    recent_counts = select(m.Result.subject_id).where(
        m.Result.analyte == "cd19_b_cells",
        m.Result.result_date.between(since_count, today),
        m.Result.value >= b_threshold,
    )
    latest = (
        select(
            m.Result.subject_id,
            m.Result.analyte,
            m.Result.result_date,
            m.Result.value,
            func.row_number()
            .over(
                partition_by=(m.Result.subject_id, m.Result.analyte),
                order_by=(m.Result.result_date.desc(), m.Result.id.desc()),
            )
            .label("n"),
        )
        .where(
            m.Result.voided_at.is_(None),
            m.Result.result_date <= today,
            or_(
                and_(m.Result.analyte == "igg", m.Result.result_date >= since_igg),
                and_(
                    m.Result.analyte == "cd19_b_cells",
                    m.Result.result_date >= today - timedelta(days=COUNT_LOOKBACK_DAYS),
                    m.Result.subject_id.in_(recent_counts),
                ),
            ),
        )
        .subquery()
    )
    recent = session.execute(
        select(m.Subject.study_id, m.Site.code, latest.c.analyte, latest.c.result_date, latest.c.value, latest.c.n)
        .join(m.Subject, m.Subject.id == latest.c.subject_id)
        .join(m.Site, m.Site.id == m.Subject.site_id)
        .where(latest.c.n <= 3, live, site_filter)
        .order_by(m.Subject.study_id, latest.c.analyte, latest.c.n)
    ).all()
    counts: dict[str, list] = {}
    for row in recent:
        if row.analyte == "igg" and row.n == 1 and row.value is not None and row.value < igg_threshold:
            alerts.append(
                SafetyAlert(
                    row.study_id,
                    row.code,
                    "igg_low",
                    row.result_date,
                    f"IgG {row.value:.1f} g/L on {row.result_date} (< {igg_threshold:g}): "
                    "consider immunoglobulin replacement.",
                    False,
                )
            )
        elif row.analyte == "cd19_b_cells":
            counts.setdefault(row.study_id, []).append(row)
    for study_id, rows in counts.items():
        # rows newest first: recovery = the two latest counts non-aplastic after an aplastic one.
        if len(rows) == 3 and all(r.value >= b_threshold for r in rows[:2]) and rows[2].value < b_threshold:
            first = rows[1]
            if (today - first.result_date).days <= RECOVERY_ALERT_DAYS:
                alerts.append(
                    SafetyAlert(
                        study_id,
                        first.code,
                        "b_cell_recovery",
                        first.result_date,
                        f"B-cell recovery from {first.result_date} (CD19 {first.value:.0f} "
                        f"cells/uL): CAR-T cells may no longer persist.",
                        False,
                    )
                )
    return sorted(alerts, key=lambda a: (not a.blocking, a.study_id, a.kind))


def worklist(
    db: Database,
    today: dt.date,
    days: int = 7,
    site: str | None = None,
    protocol_id: str = DEFAULT_PROTOCOL_ID,
    alerts: bool = True,
) -> Worklist:
    """Visits due today, due within `days`, overdue; and safety alerts, for one site or all.

    The IgG and B-cell thresholds are the protocol's.
    """
    rows = []
    with db.session() as session:
        # Core rather than ORM execution: plain rows, half the overhead.
        for r in session.connection().execute(worklist_query(today, days, site)).all():
            if r.window_end < today:
                status, overdue, left = "overdue", (today - r.window_end).days, 0
            elif r.window_start <= today:
                status, overdue, left = "due", 0, (r.window_end - today).days
            else:
                status, overdue, left = "upcoming", 0, (r.window_start - today).days
            rows.append(
                WorklistRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8].split()), status, overdue, left)
            )
        found = []
        if alerts:
            protocol = load_bundled(protocol_id)
            found = _alerts(session, today, site, protocol.igg_threshold, protocol.b_cell_aplasia_threshold)
    return Worklist(today, days, site, tuple(rows), tuple(found))
