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
from ltfu.schedule.protocol import DEFAULT_PROTOCOL_ID, Protocol, ind_period, load_bundled, parse_protocol
from ltfu.services.alerts import SafetyAlert

#: The kind of the worklist's reminder (`ltfu.vocabulary.REPORT_ALERT_KINDS`).
ALERT_KIND = "ind_report_due"


def document_kind(period_end: dt.date) -> str:
    """The signature's document kind of the IND annual report ending on `period_end`."""
    return f"ind_report_{period_end.isoformat()}"


def protocol_in_force(session: Session, protocol_id: str = DEFAULT_PROTOCOL_ID) -> Protocol:
    """The latest registered version of the protocol (its stored text), else the bundled file."""
    row = session.execute(
        select(m.ProtocolVersion.content, m.ProtocolVersion.source_name)
        .where(m.ProtocolVersion.protocol_id == protocol_id)
        .order_by(m.ProtocolVersion.effective_date.desc(), m.ProtocolVersion.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return load_bundled(protocol_id)
    return parse_protocol(row[0].encode("utf-8"), row[1])


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
