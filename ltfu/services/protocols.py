"""Protocol versions: a definition file, registered by its content hash."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ltfu.db.models import ProtocolVersion, Subject
from ltfu.errors import ValidationError
from ltfu.schedule.protocol import Protocol, load_protocol
from ltfu.services import audit
from ltfu.services.course import sync_subjects

if TYPE_CHECKING:
    from ltfu.services.database import Database


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


@dataclass(frozen=True)
class AmendmentSummary:
    protocol_id: str
    version_label: str
    content_hash: str
    effective_date: dt.date
    subjects: int
    visits_changed: int

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "effective_date": self.effective_date.isoformat()}

    def describe(self) -> str:
        return (
            f"{self.protocol_id} version {self.version_label} in force from {self.effective_date}: "
            f"{self.visits_changed} future visit(s) of {self.subjects} subject(s) re-planned"
        )


def amend(db: Database, path: str | Path, effective_date: dt.date, today: dt.date, reason: str) -> AmendmentSummary:
    """Register a changed protocol file as an amendment and re-plan future visits only.

    Visits whose window opened on or before `effective_date` keep their version and
    window (completed ones always do); later ones follow the new version.
    """
    if not reason.strip():
        raise ValidationError("A protocol amendment needs a reason (e.g. the amendment number).")
    protocol = load_protocol(path)
    db.require("maintain")
    with db.session() as session:
        user_id = db.user_id(session, "maintain")
        known = session.scalars(select(ProtocolVersion).where(ProtocolVersion.protocol_id == protocol.id)).all()
        if not known:
            raise ValidationError(f"{Path(path).name}: no subject follows protocol {protocol.id!r}; nothing to amend.")
        if any(v.content_hash == protocol.content_hash for v in known):
            raise ValidationError(f"{Path(path).name}: this exact version of {protocol.id} is already registered.")
        if effective_date <= max(v.effective_date for v in known):
            raise ValidationError(f"The amendment must take effect after {max(v.effective_date for v in known)}.")
        version_id = register(session, protocol, effective_date)
        audit.append(
            session,
            user_id,
            [
                audit.created(
                    "protocol_version",
                    version_id,
                    {
                        "protocol_id": protocol.id,
                        "version_label": protocol.version_label,
                        "content_hash": protocol.content_hash,
                        "effective_date": effective_date,
                    },
                    None,
                    reason,
                )
            ],
        )
        subject_ids = session.scalars(
            select(Subject.id)
            .join(ProtocolVersion, ProtocolVersion.id == Subject.protocol_version_id)
            .where(ProtocolVersion.protocol_id == protocol.id, Subject.voided_at.is_(None))
        ).all()
        changed = sync_subjects(session, subject_ids, user_id, today, reason)
    return AmendmentSummary(
        protocol.id, protocol.version_label, protocol.content_hash, effective_date, len(subject_ids), changed
    )
