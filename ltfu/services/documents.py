"""Printed documents saved to a file from the preview: a copy that leaves the program.

Letters and schedules carry names and addresses, so a saved copy is recorded like an
export (who, when, which document, the file it went to) before any byte is written.
"""

from __future__ import annotations

from pathlib import Path

from ltfu.safefile import write_atomic
from ltfu.services.database import Database


def save_document(db: Database, data: bytes, target: str | Path, name: str) -> Path:
    """Write `data` (the exact bytes shown) to `target`; audited first. Needs "print".

    `name` says which document it is (its suggested file name, e.g. ``schedule-CD1922-017.pdf``).
    """
    path = Path(target).expanduser()
    db.record_transfer(("print",), "export", "document", path, f"document {name} saved to {path.resolve()}")
    return write_atomic(path, data)
