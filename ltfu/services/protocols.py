"""Protocol versions: a definition file, registered by its content hash; and studies.

A study is a protocol id (`protocol_version.protocol_id`): a subject belongs to the study
of the protocol version it was planned with. One database may hold several studies;
with one, nothing asks which.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import BindParameter, ColumnElement, func, select, true
from sqlalchemy.orm import Session

from ltfu.db.models import ProtocolVersion, Subject
from ltfu.errors import MESSAGES, Message, NotFoundError, ValidationError
from ltfu.schedule.protocol import (
    DEFAULT_PROTOCOL_ID,
    Protocol,
    bundled_protocol_ids,
    load_bundled,
    load_protocol,
)
from ltfu.services import audit
from ltfu.services.course import stored_protocol, sync_subjects

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


def _register_audited(session: Session, user_id: int, protocol: Protocol, effective_date: dt.date, reason: str) -> None:
    """Register a new version of a protocol, with its audit entry."""
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


class _InForce:
    """A dataclass of a protocol version in force from `effective_date`, as JSON."""

    effective_date: dt.date

    def to_dict(self) -> dict[str, object]:
        return {**asdict(cast(Any, self)), "effective_date": self.effective_date.isoformat()}


@dataclass(frozen=True)
class AmendmentSummary(_InForce):
    protocol_id: str
    version_label: str
    content_hash: str
    effective_date: dt.date
    subjects: int
    visits_changed: int

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
        _register_audited(session, user_id, protocol, effective_date, reason)
        subject_ids = session.scalars(
            select(Subject.id)
            .join(ProtocolVersion, ProtocolVersion.id == Subject.protocol_version_id)
            .where(ProtocolVersion.protocol_id == protocol.id, Subject.voided_at.is_(None))
        ).all()
        changed = sync_subjects(session, subject_ids, user_id, today, reason)
    return AmendmentSummary(
        protocol.id, protocol.version_label, protocol.content_hash, effective_date, len(subject_ids), changed
    )


def protocol_in_force(session: Session, protocol_id: str = DEFAULT_PROTOCOL_ID) -> Protocol:
    """The latest registered version of the protocol (its stored text, parsed once per
    process and version), else the bundled file."""
    row = session.execute(
        select(ProtocolVersion.content_hash, ProtocolVersion.content, ProtocolVersion.source_name)
        .where(ProtocolVersion.protocol_id == protocol_id)
        .order_by(ProtocolVersion.effective_date.desc(), ProtocolVersion.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return load_bundled(protocol_id)
    return stored_protocol(*row)


def study_ids(session: Session) -> tuple[str, ...]:
    """The studies of this database (every registered protocol id), sorted."""
    return tuple(session.scalars(select(ProtocolVersion.protocol_id).distinct().order_by(ProtocolVersion.protocol_id)))


def in_study(study: str | BindParameter[str] | None) -> ColumnElement[bool]:
    """A condition on `Subject`: the subject belongs to `study` (every subject when None;
    a bound parameter: the study given when the statement runs)."""
    if study is None:
        return true()
    return Subject.protocol_version_id.in_(select(ProtocolVersion.id).where(ProtocolVersion.protocol_id == study))


def of_study(session: Session, study: str | None) -> ColumnElement[bool]:
    """`in_study` for a filter a user asked for: an unknown study is named (NotFoundError)."""
    if study is not None and study not in study_ids(session):
        raise NotFoundError(Message("missing.study", study=study))
    return in_study(study)


def _unknown_study(study: str, known: tuple[str, ...]) -> ValidationError:
    if not known:
        return ValidationError(Message("study.unknown_none", study=study))
    return ValidationError(Message("study.unknown", study=study, known=known))


def _the_study(known: tuple[str, ...], study: str | None, how_to_choose: Message) -> str:
    """`study`, or the only one of `known` (the default protocol in an empty database);
    refused, saying `how_to_choose`, when there are several to choose from."""
    if study is not None:
        return study
    if len(known) > 1:
        raise ValidationError(Message("study.choose", count=len(known), known=known, how=how_to_choose))
    return known[0] if known else DEFAULT_PROTOCOL_ID


def analysis_scope(session: Session, study: str | None) -> tuple[str | None, Protocol]:
    """(the study to filter on, its protocol in force) for an analysis or a report.

    `study` None is the database's only study (no filter); a database holding several
    refuses it, so that no number ever mixes two trials.
    """
    known = study_ids(session)
    chosen = _the_study(known, study, Message("study.choose_option"))
    if study is not None and study not in known:
        raise _unknown_study(study, known)
    return study, protocol_in_force(session, chosen)


def enrolment_protocol(session: Session, study: str | None) -> Protocol:
    """The protocol a new subject of `study` is planned with: its version in force, or a
    bundled file of that id not yet registered. None: the database's only study (the
    default protocol in an empty database); refused when it holds several."""
    known = study_ids(session)
    chosen = _the_study(known, study, Message("study.choose_column"))
    if chosen in known:
        return protocol_in_force(session, chosen)
    if chosen in bundled_protocol_ids():
        return load_bundled(chosen)
    raise _unknown_study(chosen, known)


@dataclass(frozen=True)
class StudyProtocol(_InForce):
    """A study's protocol version in force, as `ltfu protocol list` shows it."""

    protocol_id: str
    title: str
    version_label: str
    content_hash: str
    effective_date: dt.date
    versions: int
    subjects: int
    added: bool = False
    """From `add`: this call registered it (False: it was already there, unchanged)."""

    def describe(self) -> str:
        return (
            f"{self.protocol_id} version {self.version_label} ({self.content_hash[:8]}, from {self.effective_date}): "
            f"{self.title}; {self.subjects} subject(s)"
        )


def _studies(session: Session) -> tuple[StudyProtocol, ...]:
    counts: dict[str, int] = {}
    for study, n in session.execute(
        select(ProtocolVersion.protocol_id, func.count(Subject.id))
        .join(Subject, Subject.protocol_version_id == ProtocolVersion.id)
        .where(Subject.voided_at.is_(None))
        .group_by(ProtocolVersion.protocol_id)
    ):
        counts[study] = n
    versions: dict[str, int] = {}
    for study, n in session.execute(
        select(ProtocolVersion.protocol_id, func.count()).group_by(ProtocolVersion.protocol_id)
    ):
        versions[study] = n
    found = []
    for study in study_ids(session):
        latest = session.scalars(
            select(ProtocolVersion)
            .where(ProtocolVersion.protocol_id == study)
            .order_by(ProtocolVersion.effective_date.desc(), ProtocolVersion.id.desc())
            .limit(1)
        ).one()
        found.append(
            StudyProtocol(
                study,
                protocol_in_force(session, study).title,
                latest.version_label,
                latest.content_hash,
                latest.effective_date,
                versions[study],
                counts.get(study, 0),
            )
        )
    return tuple(found)


def list_studies(db: Database) -> tuple[StudyProtocol, ...]:
    """Every study of the database with its protocol version in force and its subjects."""
    with db.session(read_only=True) as session:
        return _studies(session)


def add(db: Database, path: str | Path, today: dt.date) -> StudyProtocol:
    """Load a new study's protocol file (validated as the bundled one is) and register it,
    in force from `today`. The same file again changes nothing; a changed file of a study
    already here is an amendment (`amend`), refused here."""
    protocol = load_protocol(path)
    db.require("maintain")
    with db.session() as session:
        user_id = db.user_id(session, "maintain")
        known = session.scalars(select(ProtocolVersion).where(ProtocolVersion.protocol_id == protocol.id)).all()
        added = not any(v.content_hash == protocol.content_hash for v in known)
        if known and added:
            raise ValidationError(Message("study.other_version", name=Path(path).name, study=protocol.id))
        if added:
            _register_audited(session, user_id, protocol, today, MESSAGES["reason.protocol_added"].format(file=Path(path).name))
        study = next(s for s in _studies(session) if s.protocol_id == protocol.id)
    return dataclasses.replace(study, added=added)
