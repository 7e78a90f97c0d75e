"""Electronic signatures (21 CFR 11.50, 11.70, 11.200).

Signing re-checks the signer's password (both components of the signature, every
time), renders the document with the printed name, date and time and meaning on it,
and stores a signature row bound to the SHA-256 of exactly those bytes. A document
changed after signing no longer matches any signature, so it no longer verifies.

Every signature row has its audit entry ("sign", with the document's SHA-256) and
keeps the audit trail's head at the moment of signing, which is also printed on the
document: a signature row written into the file by hand has no such entry and is
reported as forged, never as a signer's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Select, select

from ltfu.db import models as m
from ltfu.errors import Message, PermissionDenied, ValidationError
from ltfu.services import anchors, audit, users
from ltfu.services.database import Database
from ltfu.vocabulary import SIGNATURE_MEANINGS

MEANINGS = SIGNATURE_MEANINGS


@dataclass(frozen=True)
class SignatureInfo:
    """What a signature says, as printed on the document and stored."""

    printed_name: str
    username: str
    meaning: str
    signed_at: dt.datetime  # UTC
    document_kind: str
    document_sha256: str = ""
    data_hash: str | None = None
    audit_head: anchors.Head | None = None  # the trail's head when signed (printed on it)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sign_document(
    db: Database,
    password: str,
    meaning: str,
    document_kind: str,
    render: Callable[[SignatureInfo], bytes],
    data_hash: str | None = None,
    now: dt.datetime | None = None,
) -> tuple[bytes, SignatureInfo]:
    """Sign as the signed-in user: password again, then render, hash and record."""
    if meaning not in MEANINGS:
        raise ValidationError(Message("sign.meaning", allowed=MEANINGS, value=meaning))
    actor = db.actor
    if actor is None:
        raise PermissionDenied(Message("sign.signed_out"))
    users.check_permission(actor.role, "sign", actor.username)
    # Re-authenticate: a failure is committed (count, audit) by sign_in itself.
    db.sign_in(actor.username, password)
    with db.engine.connect() as conn:
        head = anchors.head_of(conn)
    info = SignatureInfo(
        printed_name=actor.full_name,
        username=actor.username,
        meaning=meaning,
        signed_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        document_kind=document_kind,
        data_hash=data_hash,
        audit_head=head,
    )
    pdf = render(info)
    digest = sha256(pdf)
    with db.session() as session:
        user_id = db.user_id(session, "sign")
        row = m.Signature(
            user_id=user_id,
            printed_name=info.printed_name,
            meaning=meaning,
            signed_at=info.signed_at,
            document_kind=document_kind,
            document_sha256=digest,
            data_hash=data_hash,
            audit_entries=head.entries,
            audit_hash=head.hash,
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            user_id,
            [
                audit.Entry("sign", "signature", row.id, None, "document_sha256", None, digest, meaning),
                audit.created("signature", row.id, {}, reason=meaning),  # the whole row, for the replay
            ],
            at=info.signed_at,
        )
    return pdf, SignatureInfo(
        info.printed_name, info.username, meaning, info.signed_at, document_kind, digest, data_hash, head
    )


def verify_document(db: Database, pdf: bytes) -> SignatureInfo | None:
    """The signature these exact bytes carry, or None when they match none it can vouch for."""
    info, problem = verify_details(db, pdf)
    return info if problem is None else None


def verify_details(db: Database, pdf: bytes) -> tuple[SignatureInfo | None, str | None]:
    """(the signature row matching these bytes, why it cannot be trusted or None).

    A signature is trusted only when its audit entry exists (same signer, same
    document hash), the trail holds against its anchors, and the head stored with it
    is in the trail (and, when the document prints one, is the same).
    """
    digest = sha256(pdf)
    with db.session() as session:
        found = session.execute(
            _with_username().where(m.Signature.document_sha256 == digest).order_by(m.Signature.id)
        ).first()
        if found is None:
            return None, None
        row, username = found
        info = _info(row, username)
        signed_at = info.signed_at
        entries = session.execute(
            select(m.AuditEvent.user_id, m.AuditEvent.new_value).where(
                m.AuditEvent.action == "sign",
                m.AuditEvent.table_name == "signature",
                m.AuditEvent.record_id == row.id,
            )
        ).all()
        if not any(user_id == row.user_id and value == digest for user_id, value in entries):
            return info, (
                f"signature row {row.id} has no audit entry of its signing: it was written into the "
                "database by hand (forged), not signed in ltfu"
            )
        head = info.audit_head
        printed = anchors.read_embedded(pdf)
        if printed is not None and head is not None and printed != (head.entries, head.hash):
            return info, "the audit head printed on the document differs from the one stored with its signature"
        found_anchors = anchors.stored_anchors(db.url)
        if head is not None and head.entries:
            found_anchors.append(anchors.Anchor(head, signed_at.isoformat(), f"signature {row.id}"))
        _entries, problem = audit.verify_chain(session, found_anchors)
        if problem is not None:
            return info, f"the audit trail does not hold ({problem}), so the signature cannot be vouched for"
        return info, None


def existing_signature(
    db: Database, document_kind: str, data_hash: str, render: Callable[[SignatureInfo], bytes]
) -> tuple[bytes, SignatureInfo] | None:
    """The signed document a signer already made of this very document, with its signature.

    A document rebuilt from the same data (same kind, same data hash) is rendered again with
    each earlier signature printed on it; the one whose bytes hash to that signature's
    `document_sha256`, and which `verify_details` vouches for, is the existing signature of
    exactly these pages. None when nobody signed them (or only in another language).
    """
    with db.session(read_only=True) as session:
        found = session.execute(
            _with_username()
            .where(m.Signature.document_kind == document_kind, m.Signature.data_hash == data_hash)
            .order_by(m.Signature.id.desc())
        ).all()
        candidates = [_info(row, username) for row, username in found]
    for info in candidates:
        pdf = render(info)
        if sha256(pdf) == info.document_sha256 and verify_details(db, pdf)[1] is None:
            return pdf, info
    return None


def _with_username() -> Select[m.Signature, str]:
    return select(m.Signature, m.User.username).outerjoin(m.User, m.User.id == m.Signature.user_id)


def _info(row: m.Signature, username: str | None) -> SignatureInfo:
    signed_at = row.signed_at if row.signed_at.tzinfo else row.signed_at.replace(tzinfo=dt.UTC)
    head = anchors.Head(row.audit_entries, None, row.audit_hash) if row.audit_entries is not None else None
    return SignatureInfo(
        row.printed_name,
        username or "?",
        row.meaning,
        signed_at,
        row.document_kind,
        row.document_sha256,
        row.data_hash,
        head,
    )
