"""Reading and exporting the audit trail (per subject or whole), as CSV or PDF.

The one reader of the trail: the window's audit page, ``ltfu audit`` and both exports
read it through `audit_trail`, as `audit.AuditRow`s, with contact details withheld
unless asked for by someone who may export them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from ltfu.db import models as m
from ltfu.errors import LtfuError, Message
from ltfu.safefile import atomic_file, write_atomic
from ltfu.services import audit, csvsafe
from ltfu.services.database import Database
from ltfu.services.subjects import subject_pk


def _rights(with_contacts: bool, *more: str) -> tuple[str, ...]:
    return ("read_audit", *more, *(("export_contacts",) if with_contacts else ()))


def audit_trail(
    db: Database,
    study_id: str | None = None,
    limit: int | None = None,
    *,
    with_contacts: bool = False,
    newest_first: bool = False,
) -> tuple[audit.AuditRow, ...]:
    """The trail (needs ``read_audit``), of one subject or all: the latest `limit`
    entries (all when None), in the order written unless `newest_first`.

    Contact details are withheld (`audit.withheld`) unless `with_contacts`, which needs
    ``export_contacts`` too; the window never asks for them.
    """
    with db.session(read_only=True) as session:
        for right in _rights(with_contacts):
            db.user_id(session, right)
        subject_id = subject_pk(session, study_id) if study_id else None
        rows = audit.audit_rows(session, subject_id, limit, with_contacts=with_contacts)
    return rows[::-1] if newest_first else rows


def write_audit_csv(db: Database, path: str | Path, study_id: str | None = None, *, with_contacts: bool = False) -> int:
    """UTF-8 CSV, one row per entry, times in UTC; returns the number of entries.

    An export (needs ``read_audit`` and ``export``), audited with its target before it is
    written; contact details withheld unless `with_contacts`.
    """
    rights = _rights(with_contacts, "export")
    db.require(*rights)
    target = Path(path).expanduser()
    what = "audit trail csv" + (" with contacts" if with_contacts else "")
    scope = f" of {study_id}" if study_id else ""
    db.record_transfer(rights, "export", what, target, f"audit trail{scope} as CSV to {target.resolve()}")
    rows = audit_trail(db, study_id, with_contacts=with_contacts)
    try:
        with atomic_file(target, "w", newline="", encoding="utf-8") as handle:
            writer = csvsafe.safe_writer(handle)  # spreadsheet-safe cells
            writer.writerow(audit.AUDIT_COLUMNS)
            writer.writerows([csvsafe.safe_text(cell) for cell in audit.as_cells(row)] for row in rows)
    except OSError as exc:
        raise LtfuError(Message("file.unwritable", path=str(target), reason=exc.strerror)) from exc
    return len(rows)


def audit_pdf(
    db: Database,
    today: dt.date,
    study_id: str | None = None,
    *,
    with_contacts: bool = False,
    target: str | Path | None = None,
) -> bytes:
    """The trail as a printed table with the first site's letterhead.

    An export like the CSV (audited; `target` is where the caller writes it).
    """
    rights = _rights(with_contacts, "export")
    db.require(*rights)
    where = Path(target) if target is not None else "(PDF handed to the caller)"
    what = "audit trail pdf" + (" with contacts" if with_contacts else "")
    scope = f" of {study_id}" if study_id else ""
    db.record_transfer(rights, "export", what, where, f"audit trail{scope} as PDF to {where}")
    from ltfu.reports.tables import TableReport, render_table_report
    from ltfu.services.letters import letterhead

    rows = audit_trail(db, study_id, with_contacts=with_contacts)
    with db.session(read_only=True) as session:
        site = session.scalar(select(m.Site).order_by(m.Site.id).limit(1))
        head = letterhead(site) if site else None
        entries, problem = audit.verify_chain(session)
    if head is None:
        from ltfu.reports.content import Letterhead

        head = Letterhead(site_name="ltfu", address="", phone="")
    chain = "intact" if problem is None else f"BROKEN: {problem}"
    content = TableReport(
        title="Audit trail" + (f" of {study_id}" if study_id else ""),
        note=f"{len(rows)} entries; times in UTC; hash chain over all {entries} entries: {chain}.",
        columns=("#", "Time (UTC)", "User", "Action", "Record", "Subject", "Field", "Old", "New", "Reason"),
        widths_mm=(9, 30, 18, 18, 30, 24, 24, 40, 40, 40),
        rows=tuple(
            (c[0], c[1], c[2], c[3], f"{c[4]} {c[5]}".strip(), c[6], c[7], c[8][:200], c[9][:200], c[10][:200])
            for c in map(audit.as_cells, rows)
        ),
        site=head,
        data_cut=today,
    )
    return render_table_report(content)


def write_audit_pdf(
    db: Database, path: str | Path, today: dt.date, study_id: str | None = None, *, with_contacts: bool = False
) -> Path:
    """`audit_pdf` written to `path` (owner-only, whole or not at all); returns where."""
    target = Path(path).expanduser()
    pdf = audit_pdf(db, today, study_id, with_contacts=with_contacts, target=target)
    try:
        write_atomic(target, pdf)
    except OSError as exc:
        raise LtfuError(Message("file.unwritable", path=str(target), reason=exc.strerror)) from exc
    return target
