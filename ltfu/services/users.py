"""Users, roles and sign-in (21 CFR 11.10(d), (g); 11.300).

Who may do what is one table, `PERMISSIONS`, checked in the services (through
`Database.user_id(session, permission)`), not only in the window. Passwords are
hashed with Argon2 (argon2-cffi, the OWASP recommendation; never hand-rolled).
Repeated failures lock the account for a while; every sign-in and failure is in the
audit trail.

A database that never had an account is in set-up mode: the operating-system login
acts, as an administrator, until the first administrator account is created. From then
on every action needs a signed-in user, for good: an account that is made inactive (or
a password hash removed in the file) never reopens set-up mode, because the account's
creation stays in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, exists, func, or_, select
from sqlalchemy.orm import Session

from ltfu.db import models as m
from ltfu.db.bulk import chunked
from ltfu.errors import MESSAGES, Message, NotFoundError, PermissionDenied, ValidationError
from ltfu.services import access, audit
from ltfu.services.audit import GENESIS

_CLINICAL = {"record", "print", "read_contacts"}
_GRANTED: dict[str, frozenset[str]] = {
    "nurse": frozenset(_CLINICAL | {"answer_queries"}),
    "coordinator": frozenset(
        _CLINICAL
        | {"enrol", "edit", "import", "export", "read_audit", "safety", "review_safety", "destroy_samples"}
        | {"answer_queries", "verify_source", "transfer"}
    ),
    "pi": frozenset(
        _CLINICAL
        | {"enrol", "edit", "export", "read_audit", "list_users", "sign", "safety", "review_safety", "destroy_samples"}
        | {"write_plan", "answer_queries", "verify_source", "freeze_data", "transfer"}
    ),
    "admin": frozenset(
        _CLINICAL
        | {"enrol", "edit", "import", "export", "export_contacts", "read_audit", "list_users", "manage_users"}
        | {"safety", "destroy_samples"}
        | {"maintain", "backup", "restore", "archive", "transfer"}
    ),
    # Reads everything but contact details, changes no clinical value.
    "monitor": frozenset({"review_queries", "read_audit", "verify_source"}),
}
PERMISSIONS: dict[str, frozenset[str]] = {role: _GRANTED[role] for role in m.ROLES}
"""Role (`ltfu.vocabulary.ROLES`) -> what it may do: the one table the window, the
services and every command check.

- record: visits, results, events, contacts, archived samples (record, move, ship,
  test: the nurse at the freezer); destroy_samples: destroying an archived sample
  after its keep-until date (coordinator, PI, administrator: it cannot be undone); enrol: new subjects and infusions; edit:
  change or undo saved data (with a reason); import: CSV files; print: letters and
  reports; sign: electronic signatures (the PI's); write_plan: the IND annual report's
  plan for the coming year (the PI's); safety: work a safety case (mark
  its steps, close it) and record a safety report as sent (coordinator, PI,
  administrator; recording the adverse event or result that opens one is `record`);
  transfer: move a subject to another site (coordinator, PI, administrator).
- export: data out of the program (CSV with its dictionary, ODM, iCalendar, the audit
  trail as CSV or PDF): coordinator, PI and administrator, who answer to the sponsor
  and the statistician. A nurse works inside the program only.
- export_contacts: names, addresses, phones and birth dates out of the program (the
  contacts in a CSV export or an archive, the old and new values of contact changes in
  the audit trail), and only together with the explicit ``--with-contacts`` choice:
  the administrator alone, the minimum necessary for PHI.
- read_audit: read the audit trail (coordinator for data quality, PI for oversight,
  administrator); every role that may export holds it, since the export carries the
  trail. review_safety: the dose-level safety review in the window (the dose
  decision, CRS/ICANS, expansion and cytokine curves): the PI who decides and the
  coordinator who prepares the safety meeting; not the nurse (the worklist is their
  desk), not the administrator (no clinical role). list_users: see the accounts and
  their roles (the PI keeps the delegation log); manage_users: create them
  (administrator).
- read_contacts: see names and phone numbers in the window (the chart's header, the
  search by name): every role but the monitor, who reads the clinical data only.
- review_queries: raise queries on recorded values, close and re-open them (the monitor);
  answer_queries: answer one, with a text or by correcting the value with a reason
  (the site's clinical staff: nurse, coordinator, PI), never the monitor.
- verify_source: mark records as checked against the source (coordinator, PI, the
  monitor); freeze_data: freeze a data cut before a report is built and signed (the PI).
- backup, restore, archive: a whole copy of the database (backup, handover archive),
  or replacing it: the administrator, as for maintain (demo data, protocol
  amendments, rebuilding derived tables). Each backup, restore, archive and export
  is itself an audit entry: who, when, what, and the file it went to.
"""

# What each right allows, in words (`ltfu.errors.MESSAGES`, "action.<right>").
ACTION_WORDS = {code.removeprefix("action."): text for code, text in MESSAGES.items() if code.startswith("action.")}
MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
UNKNOWN_USER = audit.UNKNOWN_USER

_hasher = PasswordHasher()
SET_UP_REASON = "set-up mode"
# The entries an upgrade to schema 0006 writes for the rows already there: not accounts.
BASELINE_REASON = MESSAGES["reason.baseline"]


@dataclass(frozen=True)
class Actor:
    """The signed-in user on whose behalf the services act."""

    user_id: int
    username: str
    full_name: str
    role: str

    def may(self, permission: str) -> bool:
        return permission in PERMISSIONS[self.role]


def has_accounts(session: Session) -> bool:
    """True once the database has ever had an account (so set-up mode is over for good).

    Any user row with a password (active or not) counts, and so does any audit entry
    of an account being created, changed or signing in (since the database was last
    rebuilt from a handover archive): clearing the users in the file does not bring
    set-up mode back.
    """
    if session.scalar(select(exists().where(m.User.password_hash.is_not(None)))):
        return True
    # The set-up login's own row is audited too, with a reason saying so: not an account.
    # A database rebuilt from a handover archive gets its accounts back without
    # passwords: the accounts before that restore are the previous keeper's.
    restored = (
        select(func.max(m.AuditEvent.id))
        .where(m.AuditEvent.action == "restore", m.AuditEvent.table_name == "database")
        .scalar_subquery()
    )
    if session.scalar(
        select(
            exists().where(
                m.AuditEvent.table_name == "user",
                m.AuditEvent.action.in_(("create", "login", "update")),
                or_(
                    m.AuditEvent.reason.is_(None),
                    (m.AuditEvent.reason.not_like(f"{SET_UP_REASON}%")) & (m.AuditEvent.reason != BASELINE_REASON),
                ),
                m.AuditEvent.id > func.coalesce(restored, 0),
            )
        )
    ):
        return True
    # A trail with entries cut out of it (their account entries, say) does not count as
    # "never had an account": set-up mode needs an unbroken chain.
    return _trail_cut(session)


def set_up_refused(session: Session) -> str | None:
    """Why set-up mode is closed on a database without accounts, or None.

    A trail that no longer holds a head anchored outside the file was cut back or
    rewritten: perhaps to remove its accounts, so nobody acts as administrator on it.
    """
    if _anchors_ahead(session):
        return Message("sign_in.set_up_closed")
    return None


def _anchors_ahead(session: Session) -> bool:
    """True when a head anchored outside the database is not in its trail (cut back)."""
    from ltfu.services import anchors

    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    heads = [a.head for a in anchors.stored_anchors(engine.url.render_as_string(hide_password=False))]
    heads = [h for h in heads if h.entries and h.hash]
    if not heads:
        return False
    # Read on a connection of its own, after the anchors: it sees every commit they
    # name (this session's snapshot may be older than another process's last write).
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(m.AuditEvent)) or 0
        hashes = {h.hash for h in heads}
        found = set(conn.scalars(select(m.AuditEvent.hash).where(m.AuditEvent.hash.in_(hashes))))
    return any(h.entries > count or h.hash not in found for h in heads)


# Trails found whole, by database and head: (url, entries, last id, last hash). Set-up mode
# asks before every action (`require`), and the walk reads every entry (~0.35 s at 130,000);
# entries only ever come after the head, so a trail found whole is whole while its head and its
# count stay as they were (an entry removed or added changes the count, a new head the rest).
_WHOLE_TRAILS: set[tuple[str, int, int, str]] = set()


def _trail_cut(session: Session) -> bool:
    """True when some entry's predecessor is missing, or two entries start the chain."""
    bind = session.get_bind()
    url = (bind if isinstance(bind, Engine) else bind.engine).url.render_as_string(hide_password=False)
    last_id = session.scalar(select(func.max(m.AuditEvent.id)))
    if last_id is None:
        return False
    entries = session.scalar(select(func.count()).select_from(m.AuditEvent)) or 0
    head = (url, entries, last_id, session.scalar(select(m.AuditEvent.hash).where(m.AuditEvent.id == last_id)) or "")
    if head in _WHOLE_TRAILS:
        return False
    if _trail_walk_cut(session):
        return True
    _WHOLE_TRAILS.add(head)
    return False


def _trail_walk_cut(session: Session) -> bool:
    later = m.AuditEvent.__table__
    before = later.alias("before")
    # Nearly every entry links to the one numbered just before it: found by its id (one
    # primary-key step each), those need no search by hash. Only the others (a gap in
    # the numbering: a PostgreSQL sequence skips ids) are looked up by their link, a
    # few hundred at a time: a fifth of the time of a search by hash for every entry.
    # The entries that start a chain (GENESIS as their link) come out of the same pass:
    # two of them are a cut too (one read of the trail instead of two).
    odd = (
        select(later.c.prev_hash)
        .select_from(later.outerjoin(before, before.c.id == later.c.id - 1))
        .where(or_(later.c.prev_hash == GENESIS, before.c.hash.is_(None), before.c.hash != later.c.prev_hash))
    )
    links = list(session.scalars(odd))
    wanted = sorted({link for link in links if link != GENESIS})
    for chunk in chunked(wanted):
        if len(set(session.scalars(select(later.c.hash).where(later.c.hash.in_(chunk))))) < len(chunk):
            return True
    return links.count(GENESIS) > 1


def check_permission(role: str, permission: str, who: str) -> None:
    if permission not in PERMISSIONS[role]:
        raise PermissionDenied(Message("permission.denied", who=who, role=role, action=Message(f"action.{permission}")))


def _validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(Message("user.short_password", least=MIN_PASSWORD))


def create_user(
    session: Session, acting_user_id: int | None, username: str, full_name: str, role: str, password: str
) -> int:
    """A new account; the first one on a database must be an administrator."""
    if not USERNAME.match(username):
        raise ValidationError(Message("user.bad_name", username=username))
    if role not in PERMISSIONS:
        raise ValidationError(Message("user.bad_role", role=role, roles=tuple(PERMISSIONS)))
    if not full_name.strip():
        raise ValidationError(Message("user.no_full_name"))
    _validate_password(password)
    if not has_accounts(session) and role != "admin":
        raise ValidationError(Message("user.first_admin"))
    existing = session.scalar(select(m.User).where(m.User.username == username))
    if existing is not None and existing.password_hash is not None:
        raise ValidationError(Message("user.exists", username=username))
    if existing is None:
        existing = m.User(username=username, full_name=full_name.strip(), role=role)
        session.add(existing)
    else:  # a login that acted in set-up mode becomes a real account
        existing.full_name, existing.role = full_name.strip(), role
    existing.password_hash = _hasher.hash(password)
    existing.active = True
    session.flush()
    audit.append(
        session,
        acting_user_id or existing.id,
        [
            audit.created(
                "user",
                existing.id,
                {
                    "username": username,
                    "full_name": full_name.strip(),
                    "role": role,
                    "active": True,
                    PASSWORD_FIELD: password_print(existing.password_hash),
                },
            )
        ],
    )
    return existing.id


PASSWORD_FIELD = "password"


def password_print(password_hash: str) -> str:
    """What the audit trail keeps of a stored password hash: "(set) sha256:<16 hex>", a
    one-way fingerprint of the Argon2 hash (never the hash itself), so that `ltfu check`
    can tell a hash written into the file from the one the program set."""
    return f"(set) sha256:{hashlib.sha256(password_hash.encode('utf-8')).hexdigest()[:16]}"


def authenticate(session: Session, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check the password; count failures and lock the account after too many."""
    now = now or dt.datetime.now(dt.UTC)
    user = session.scalar(select(m.User).where(m.User.username == username))
    refused = PermissionDenied(Message("sign_in.wrong"))
    if user is None:
        # What was typed is never stored: a password typed into the user-name field
        # must not reach the audit trail, its exports or the log.
        audit.append(
            session, None, [audit.Entry("login_failed", "user", None, None, "username", None, UNKNOWN_USER)], at=now
        )
        raise refused
    if user.password_hash is None or not user.active:
        why = MESSAGES["reason.account_disabled" if not user.active else "reason.no_password"]
        audit.append(session, user.id, [audit.Entry("login_failed", "user", user.id, reason=why)], at=now)
        raise refused
    locked_until = user.locked_until
    if locked_until is not None and locked_until.tzinfo is None:
        locked_until = locked_until.replace(tzinfo=dt.UTC)
    if locked_until is not None and locked_until > now:
        audit.append(
            session,
            user.id,
            [audit.Entry("login_failed", "user", user.id, reason=MESSAGES["reason.account_locked"])],
            at=now,
        )
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        raise PermissionDenied(Message("sign_in.locked", username=username, minutes=minutes))
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until = now + LOCKOUT
            user.failed_logins = 0
        audit.append(session, user.id, [audit.Entry("login_failed", "user", user.id)], at=now)
        raise refused from None
    user.failed_logins = 0
    user.locked_until = None
    entries = [audit.Entry("login", "user", user.id)]
    if _hasher.check_needs_rehash(user.password_hash):
        before = password_print(user.password_hash)
        user.password_hash = _hasher.hash(password)
        # The same password under new hashing settings: still a change of the stored hash.
        entries.append(
            audit.Entry("update", "user", user.id, None, PASSWORD_FIELD, before, password_print(user.password_hash))
        )
    audit.append(session, user.id, entries, at=now)
    return Actor(user.id, user.username, user.full_name, user.role)


def change_password(session: Session, actor: Actor, old: str, new: str) -> None:
    authenticate(session, actor.username, old)
    _validate_password(new)
    user = session.get(m.User, actor.user_id)
    assert user is not None
    before = password_print(user.password_hash) if user.password_hash else None
    user.password_hash = _hasher.hash(new)
    audit.append(
        session,
        actor.user_id,
        [audit.Entry("update", "user", user.id, None, PASSWORD_FIELD, before, password_print(user.password_hash))],
    )


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    role: str
    active: bool
    has_password: bool
    # What the account sees: (study, site) per current grant, None for "all"; empty: everything.
    grants: tuple[tuple[str | None, str | None], ...] = ()


def list_users(session: Session) -> tuple[UserRow, ...]:
    held: dict[int, list[tuple[str | None, str | None]]] = {}
    query = (
        select(m.UserGrant.user_id, m.UserGrant.protocol_id, m.Site.code)
        .outerjoin(m.Site, m.Site.id == m.UserGrant.site_id)
        .where(m.UserGrant.voided_at.is_(None))
        .order_by(m.UserGrant.id)
    )
    for user_id, study, site in session.execute(query):
        held.setdefault(user_id, []).append((study, site))
    return tuple(
        UserRow(u.username, u.full_name, u.role, u.active, u.password_hash is not None, tuple(held.get(u.id, ())))
        for u in session.scalars(select(m.User).order_by(m.User.username))
    )


# -- grants: who sees what (`ltfu.services.access`) -------------------------------------


def _account(session: Session, username: str) -> m.User:
    user = session.scalar(select(m.User).where(m.User.username == username))
    if user is None:
        raise NotFoundError(Message("missing.user", username=username))
    return user


def _grant_scope(session: Session, study: str | None, site: str | None) -> tuple[str | None, int | None]:
    """(protocol id, site id) of a grant, each checked to exist (None = all)."""
    if study is not None and not session.scalar(
        select(exists().where(m.ProtocolVersion.protocol_id == study))
    ):
        raise NotFoundError(Message("missing.study", study=study))
    site_id = None
    if site is not None:
        site_id = session.scalar(select(m.Site.id).where(m.Site.code == site))
        if site_id is None:
            raise NotFoundError(Message("missing.site", site=site))
    return study, site_id


def grant(session: Session, acting_user_id: int, username: str, study: str | None, site: str | None) -> int:
    """Let `username` see `study` (or every study) at `site` (or every site); audited."""
    user = _account(session, username)
    protocol_id, site_id = _grant_scope(session, study, site)
    for g in session.scalars(select(m.UserGrant).where(m.UserGrant.user_id == user.id, m.UserGrant.voided_at.is_(None))):
        if (g.protocol_id, g.site_id) == (protocol_id, site_id):
            raise ValidationError(Message("grant.exists", username=username))
    row = m.UserGrant(user_id=user.id, protocol_id=protocol_id, site_id=site_id)
    session.add(row)
    session.flush()
    audit.append(
        session,
        acting_user_id,
        [audit.created("user_grant", row.id, {"user_id": user.id, "protocol_id": protocol_id, "site_id": site_id})],
    )
    return row.id


def revoke(session: Session, acting_user_id: int, username: str, study: str | None, site: str | None) -> None:
    """Take back the grant of `username` for exactly `study` and `site`; audited (the row is voided)."""
    user = _account(session, username)
    protocol_id, site_id = _grant_scope(session, study, site)
    found = [
        g
        for g in session.scalars(select(m.UserGrant).where(m.UserGrant.user_id == user.id, m.UserGrant.voided_at.is_(None)))
        if (g.protocol_id, g.site_id) == (protocol_id, site_id)
    ]
    if not found:
        raise NotFoundError(Message("missing.grant", username=username))
    audit.void_record(session, acting_user_id, found[0], MESSAGES["reason.grant_revoked"])


def grant_rows(session: Session, username: str) -> tuple[access.GrantRow, ...]:
    """The current grants of `username` (none: the account sees every subject)."""
    user = _account(session, username)
    query = (
        select(m.UserGrant.protocol_id, m.Site.code)
        .outerjoin(m.Site, m.Site.id == m.UserGrant.site_id)
        .where(m.UserGrant.user_id == user.id, m.UserGrant.voided_at.is_(None))
        .order_by(m.UserGrant.id)
    )
    return tuple(access.GrantRow(username, study, site) for study, site in session.execute(query))
