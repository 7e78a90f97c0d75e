"""The audit trail's head (entry count and last hash), anchored outside the database.

Someone with the database file can rewrite the hash-chained trail from any point on
and re-hash the rest, or cut its end off: the chain alone then still verifies. What
they cannot reach as easily is every copy of the head written elsewhere over time:

- after every write, a line in the anchor file beside the SQLite database
  (``<db>.anchors``; for a server database, in the user's state folder, keyed by the
  server address without its password) and a line in the log;
- in every backup, archive and export manifest, and on every signed report.

`ltfu check` reads every anchor it can find (and the files given with ``--anchor``)
and requires that entry N of the trail exists and has the hash the anchor names.
The anchors hold no health information: counts and hashes only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import sqlite3
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from ltfu.config import log_dir, sqlite_path
from ltfu.errors import LtfuError, Message
from ltfu.safefile import write_atomic

log = logging.getLogger(__name__)

_HEAD_SQL = "SELECT (SELECT count(*) FROM audit_event), id, hash FROM audit_event ORDER BY id DESC LIMIT 1"
# One line of an anchor file or the log: "... audit head of DB: entries=N last_id=I hash=H"
_LINE = re.compile(
    r"(?P<at>\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d)\S*\s.*?"
    r"(?P<kind>audit head|audit trail restored|database created)(?: of (?P<db>.+?))?: "
    r"entries=(?P<entries>\d+)(?: last_id=(?P<last_id>\d+|None))? hash=(?P<hash>[0-9a-f]{64}|None)"
)
# The head a signed report carries in its PDF subject (written by `AnnualRenderer.pdf_subject`).
_EMBEDDED = re.compile(rb"ltfu audit head: entries=(\d+) hash=([0-9a-f]{64})")


@dataclass(frozen=True)
class Head:
    """The end of the audit trail: how many entries, and the last one's id and hash."""

    entries: int
    last_id: int | None
    hash: str | None

    def describe(self) -> str:
        return f"entries={self.entries} last_id={self.last_id} hash={self.hash}"


@dataclass(frozen=True)
class Anchor:
    """One copy of a head, with when and where it was found."""

    head: Head
    at: str  # when it was written, as the source says (may be "")
    source: str  # "anchor file X", "log X", "backup manifest X" ...
    last: bool = False  # the newest line of a SQLite database's own anchor file


EMPTY = Head(0, None, None)


def head_of(conn: Connection) -> Head:
    """The head as one statement sees it (one snapshot on PostgreSQL too)."""
    row = conn.execute(text(_HEAD_SQL)).first()
    return EMPTY if row is None else Head(int(row[0]), int(row[1]), row[2])


def head_of_file(path: Path) -> Head:
    """The head of a SQLite file (a backup), read directly."""
    # immutable: reading a closed copy leaves no -wal/-shm files beside it
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        row = con.execute(_HEAD_SQL).fetchone()
    finally:
        con.close()
    return EMPTY if row is None else Head(int(row[0]), int(row[1]), row[2])


def _state_dir() -> Path:
    from platformdirs import user_state_path

    return user_state_path("ltfu", appauthor=False)


def database_key(url: str) -> str:
    """How the anchors name a database: the file, or the server address without password."""
    file = sqlite_path(url)
    if file is not None:
        return str(file.resolve())
    return make_url(url).render_as_string(hide_password=True)


def anchor_file(url: str) -> Path:
    file = sqlite_path(url)
    if file is not None:
        return file.with_name(file.name + ".anchors")
    key = database_key(url)
    return _state_dir() / "anchors" / f"{hashlib.sha256(key.encode()).hexdigest()[:24]}.anchors"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _append_line(url: str, line: str) -> None:
    path = anchor_file(url)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
    except OSError as exc:  # a full disk must not undo the write it anchors
        log.warning("could not write the audit anchor file %s: %s", path, exc.strerror or exc)


def record(url: str, head: Head, kind: str = "audit head") -> None:
    """Anchor `head` in the anchor file and the log."""
    key = database_key(url)
    _append_line(url, f"{_now()} {kind} of {key}: {head.describe()}")
    log.info("%s of %s: %s", kind, key, head.describe())


def record_current(url: str, conn: Connection, kind: str = "audit head") -> Head:
    head = head_of(conn)
    record(url, head, kind)
    return head


def after_write(url: str, engine) -> None:
    """Anchor the head once a transaction that appended audit entries has committed."""
    try:
        with engine.connect() as conn:
            record_current(url, conn)
    except Exception as exc:  # never let anchoring turn a saved change into an error
        log.warning("could not anchor the audit head: %s", exc)


# -- reading anchors back ---------------------------------------------------------------


def _lines_anchors(lines: Iterable[str], source: str, key: str | None) -> list[Anchor]:
    """Anchors of database `key` in text lines, from the last restore or creation on."""
    found: list[Anchor] = []
    for line in lines:
        match = _LINE.search(line)
        if match is None:
            continue
        if key is not None and match["db"] is not None and match["db"] != key:
            continue
        if match["kind"] != "audit head":
            found = []  # a restore or a new database: what came before was another trail
        last_id = match["last_id"]
        head = Head(
            int(match["entries"]),
            int(last_id) if last_id and last_id != "None" else None,
            None if match["hash"] == "None" else match["hash"],
        )
        found.append(Anchor(head, match["at"], source))
    return found


def _read_text(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def stored_anchors(url: str) -> list[Anchor]:
    """The anchors this program wrote for the database: its anchor file and the log."""
    key = database_key(url)
    path = anchor_file(url)
    # The anchor file is the database's own (it moves with a SQLite file): every line counts.
    anchors = _lines_anchors(_read_text(path), f"anchor file {path}", None)
    if anchors and sqlite_path(url) is not None:
        # One file, one anchor file beside it: every write of the program lands here.
        # The longest head, not the last line: two writers may append their lines in
        # the other order than they committed.
        at = max(range(len(anchors)), key=lambda i: (anchors[i].head.entries, i))
        newest = anchors[at]
        anchors[at] = Anchor(newest.head, newest.at, newest.source, last=True)
    try:
        folder = log_dir()
    except OSError:
        return anchors
    # Oldest rotated file first (ltfu.log.5 ... ltfu.log.1, ltfu.log).
    logs = sorted(folder.glob("ltfu.log*"), key=lambda p: -int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0)
    lines: list[str] = []
    for log_file in logs:
        lines += _read_text(log_file)
    anchors += _lines_anchors(lines, f"log {folder / 'ltfu.log'}", key)
    return anchors


def _manifest_anchor(document: object, source: str) -> Anchor | None:
    if not isinstance(document, dict):
        return None
    trail = document.get("audit_trail")
    if not isinstance(trail, dict) or not isinstance(trail.get("entries"), int):
        return None
    return Anchor(
        Head(trail["entries"], trail.get("last_id"), trail.get("last_hash")),
        str(document.get("written_at") or trail.get("written_at") or ""),
        source,
    )


def read_anchor_file(path: str | Path, url: str | None = None) -> list[Anchor]:
    """Anchors in a file given with ``--anchor``: a manifest, an archive, a signed PDF,
    a backup (its manifest beside it), an anchor file or a log."""
    path = Path(path).expanduser()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LtfuError(Message("anchor.unreadable", path=str(path), reason=exc.strerror or str(exc))) from exc
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(path) as archive:
                document = json.loads(archive.read("manifest.json"))
        except (KeyError, ValueError, zipfile.BadZipFile):
            document = None
        found = _manifest_anchor(document, f"archive manifest {path}")
        return [found] if found else []
    if data[:16] == b"SQLite format 3\x00":
        side = backup_manifest_path(path)
        return read_anchor_file(side, url) if side.exists() else []
    if data[:5] == b"%PDF-":
        return [Anchor(Head(int(n), None, h.decode()), "", f"signed report {path}") for n, h in _EMBEDDED.findall(data)]
    try:
        document = json.loads(data)
    except ValueError:
        document = None
    if document is not None:
        kind = document.get("kind", "export") if isinstance(document, dict) else "export"
        found = _manifest_anchor(document, f"{kind} manifest {path}")
        return [found] if found else []
    # A copied anchor file or log: the lines of this database only (a log names several).
    key = database_key(url) if url else None
    return _lines_anchors(data.decode("utf-8", errors="replace").splitlines(), f"anchors in {path}", key)


def backup_manifest_path(backup: Path) -> Path:
    """``<backup>.manifest.json`` beside a backup; the rotating daily ones keep theirs in
    ``manifests/`` so the backup folder lists backups only."""
    if "-daily-" in backup.name:
        return backup.parent / "manifests" / (backup.name + ".manifest.json")
    return backup.with_name(backup.name + ".manifest.json")


def read_embedded(document: bytes) -> tuple[int, str] | None:
    """The head a signed document carries in its metadata, or None."""
    match = _EMBEDDED.search(document)
    return None if match is None else (int(match[1]), match[2].decode())


def write_backup_manifest(backup: Path) -> Head | None:
    """The backup's manifest: its SHA-256 and its audit head (an anchor)."""
    try:
        head = head_of_file(backup)
        digest = hashlib.sha256()
        with backup.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        document = {
            "format": "ltfu-backup",
            "kind": "backup",
            "file": backup.name,
            "sha256": digest.hexdigest(),
            "written_at": _now(),
            "audit_trail": {"entries": head.entries, "last_id": head.last_id, "last_hash": head.hash},
        }
        side = backup_manifest_path(backup)
        side.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # owner-only, as the backups
        write_atomic(side, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
        return head
    except (OSError, sqlite3.Error, LtfuError) as exc:
        log.warning("could not write the backup manifest of %s: %s", backup, exc)
        return None


# -- comparing ---------------------------------------------------------------------------


def _where(anchor: Anchor) -> str:
    when = f" of {anchor.at}" if anchor.at else ""
    return f"named in the anchor{when} ({anchor.source})"


def first_divergence(hash_at: dict[int, str], total: int, anchors: Iterable[Anchor]) -> str | None:
    """The first anchor the trail does not keep (lowest entry first), said plainly.

    `hash_at` maps each position an anchor names (1-based) to the hash found there;
    `total` is how many entries the trail has. An anchor marked `last` is the newest
    line of a SQLite database's own anchor file: every write through the program
    anchors there, so entries beyond it were added some other way.
    """
    problems: list[tuple[int, str]] = []
    for anchor in anchors:
        if anchor.last and total > anchor.head.entries:
            first = anchor.head.entries + 1
            span = f"entry {first:,} comes" if first == total else f"entries {first:,} to {total:,} come"
            problems.append(
                (
                    first,
                    f"audit {span} after the last head the program anchored "
                    f"({anchor.at}, {anchor.source}): added outside the program",
                )
            )
        n = anchor.head.entries
        if n == 0 or anchor.head.hash is None:
            continue
        if n > total:
            problems.append(
                (n, f"audit entry {n:,} {_where(anchor)} is missing: entries were deleted (the trail has {total:,})")
            )
        elif hash_at.get(n) != anchor.head.hash:
            problems.append((n, f"audit entry {n:,} {_where(anchor)} differs: the trail was rewritten"))
    if not problems:
        return None
    problems.sort(key=lambda p: p[0])
    more = f" (and {len(problems) - 1} more anchor(s) disagree)" if len(problems) > 1 else ""
    return problems[0][1] + more
