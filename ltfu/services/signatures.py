"""Electronic signatures (21 CFR 11.50, 11.70, 11.200).

Signing re-checks the signer's password (both components of the signature, every
time), renders the document with the printed name, date and time and meaning on it,
and stores a signature row bound to the SHA-256 of exactly those bytes. A document
changed after signing no longer matches any signature, so it no longer verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import PermissionDenied, ValidationError
from ltfu.services import audit, users
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
        raise ValidationError(f"The meaning of a signature is one of {', '.join(MEANINGS)}, not {meaning!r}.")
    actor = db.actor
    if actor is None:
        raise PermissionDenied("Sign in before signing: a signature belongs to a signed-in user.")
    users.check_permission(actor.role, "sign", actor.username)
    # Re-authenticate: a failure is committed (count, audit) by sign_in itself.
    db.sign_in(actor.username, password)
    info = SignatureInfo(
        printed_name=actor.full_name,
        username=actor.username,
        meaning=meaning,
        signed_at=(now or dt.datetime.now(dt.UTC)).replace(microsecond=0),
        document_kind=document_kind,
        data_hash=data_hash,
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
        )
        session.add(row)
        session.flush()
        audit.append(
            session,
            user_id,
            [
                audit.Entry("sign", "signature", row.id, None, "document_sha256", None, digest, meaning),
            ],
            at=info.signed_at,
        )
    return pdf, SignatureInfo(
        info.printed_name, info.username, meaning, info.signed_at, document_kind, digest, data_hash
    )


def verify_document(db: Database, pdf: bytes) -> SignatureInfo | None:
    """The signature these exact bytes carry, or None when they match none."""
    digest = sha256(pdf)
    with db.session() as session:
        found = session.execute(
            select(m.Signature, m.User.username)
            .join(m.User, m.User.id == m.Signature.user_id)
            .where(m.Signature.document_sha256 == digest)
        ).first()
        if found is None:
            return None
        row, username = found
        signed_at = row.signed_at if row.signed_at.tzinfo else row.signed_at.replace(tzinfo=dt.UTC)
        return SignatureInfo(
            row.printed_name, username, row.meaning, signed_at, row.document_kind, row.document_sha256, row.data_hash
        )
