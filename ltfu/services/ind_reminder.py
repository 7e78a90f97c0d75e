"""The worklist's reminder of the IND annual report, kept apart from the report itself so
the worklist loads without the statistics behind the report.

    protocol_in_force(session, protocol_id) -> Protocol
    ind_report_alerts(session, today) -> the reminder, while the report is not signed
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.schedule.protocol import ind_period
from ltfu.services.alerts import SafetyAlert
from ltfu.services.protocols import protocol_in_force

#: The kind of the worklist's reminder (`ltfu.vocabulary.REPORT_ALERT_KINDS`).
ALERT_KIND = "ind_report_due"


def document_kind(period_end: dt.date) -> str:
    """The signature's document kind of the IND annual report ending on `period_end`."""
    return f"ind_report_{period_end.isoformat()}"


def ind_report_alerts(session: Session, today: dt.date) -> tuple[SafetyAlert, ...]:
    """The reminder (not blocking) from `IND_REPORT_DUE_DAYS` before the report is due (its
    period's end, the anniversary) until it is signed: none when the protocol sets no
    anniversary. `value`: days past the due date (negative: days left); `detail`: the
    period's end."""
    protocol = protocol_in_force(session)
    if protocol.ind.anniversary is None:
        return ()
    period = ind_period(protocol.ind.anniversary, today)
    signed = session.scalar(
        select(m.Signature.id).where(m.Signature.document_kind == document_kind(period.end)).limit(1)
    )
    if signed is not None:
        return ()
    days_left = (period.due - today).days
    return (
        SafetyAlert(
            "",
            "",
            ALERT_KIND,
            period.due,
            float(-days_left),
            None,
            period.end.isoformat(),
            False,  # a reminder, never blocking: `value` says when it is late
            None,
        ),
    )
