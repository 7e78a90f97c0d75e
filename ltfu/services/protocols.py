"""Protocol versions: a definition file, registered by its content hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db.models import ProtocolVersion
from ltfu.schedule.protocol import Protocol


def register(session: Session, protocol: Protocol, effective_date: dt.date) -> int:
    """The id of this exact definition, registering it as a new version if it is new."""
    found = session.scalar(
        select(ProtocolVersion.id).where(
            ProtocolVersion.protocol_id == protocol.id,
            ProtocolVersion.content_hash == protocol.content_hash,
        )
    )
    if found is not None:
        return found
    version = ProtocolVersion(
        protocol_id=protocol.id,
        version_label=protocol.version_label,
        content_hash=protocol.content_hash,
        source_name=protocol.source_name,
        content=protocol.source,
        effective_date=effective_date,
    )
    session.add(version)
    session.flush()
    return version.id
