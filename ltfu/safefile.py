"""Writing a file safely: owner-only from the first byte, whole or not at all.

Every file the program writes (backups, exports, archives, PDFs, letters, audit
trails) goes through here:

- it is first written to a temporary file in the same folder, created by `os.open`
  with mode 0600 (`tempfile.mkstemp`), so a copy of clinical data is never readable
  by others, not even for the moment between creating and closing it;
- it is flushed to the disk (`fsync`) and renamed over the target in one step, so a
  reader sees the old file or the new one, never half of one, and a hard link to the
  old file elsewhere keeps its content;
- a symbolic link at the target is refused, naming it (`refuse_link`): it was put
  there to send the write somewhere else;
- on any failure, a full disk or Ctrl+C (`KeyboardInterrupt`) included, the
  temporary file is removed and the target is left as it was.

A process killed outright (SIGKILL, power cut) cannot clean up: what it leaves is a
hidden ``.NAME.*.part`` file, still readable by its owner only (`remove_stale_parts`
clears old ones).

Only `ltfu.errors` is imported: the storage, reporting and window layers all use it.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ltfu.errors import LtfuError, Message

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
PART_SUFFIX = ".part"
# Files SQLite may create beside a database it writes (the temporary copy included).
_SQLITE_SIDECARS = ("-journal", "-wal", "-shm")


def refuse_link(path: str | Path, what: str = "write") -> None:
    """Refuse (naming it) a symbolic link at `path`, which would send the write elsewhere;
    `what`: "write", "export" or "write_into" (the message `link.<what>`)."""
    path = Path(path)
    if path.is_symlink():
        raise LtfuError(Message(f"link.{what}", path=str(path)))


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on the disk; not every
    # platform or file system can open a folder for that, which is no reason to fail.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    for name in (path, *(path.with_name(path.name + s) for s in _SQLITE_SIDECARS)):
        with contextlib.suppress(OSError):
            name.unlink()


def _new_part(target: Path) -> tuple[int, Path]:
    """A new, empty, owner-only temporary file beside `target`: (descriptor, path)."""
    # The name's start only: a long file name plus the suffix must stay a legal name.
    fd, name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=PART_SUFFIX, dir=target.parent)
    return fd, Path(name)


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """A temporary path to write `target` through, for code that needs a file name
    (SQLite's backup API, `zipfile`).

    The file exists already, empty and owner-only; write it (or replace its content)
    in the block. When the block ends normally it is flushed to the disk and renamed
    to `target`; when it raises, it is removed (with any SQLite journal beside it).
    """
    target = Path(target)
    refuse_link(target)
    fd, part = _new_part(target)
    os.close(fd)
    try:
        yield part
        os.chmod(part, PRIVATE_FILE)  # whatever wrote it (SQLite keeps the mode anyway)
        fd = os.open(part, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(part, target)
    except BaseException:
        _remove(part)
        raise
    _remove_sidecars(part)
    _fsync_folder(target.parent)


def _remove_sidecars(part: Path) -> None:
    for suffix in _SQLITE_SIDECARS:
        with contextlib.suppress(OSError):
            part.with_name(part.name + suffix).unlink()


@contextlib.contextmanager
def atomic_file(
    target: str | Path, mode: str = "wb", *, encoding: str | None = None, newline: str | None = None
) -> Iterator[IO[Any]]:
    """An open file (``"wb"`` or text ``"w"``) that becomes `target` when the block
    ends normally and is removed when it raises."""
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_file writes only ('wb' or 'w'), not {mode!r}")
    target = Path(target)
    refuse_link(target)
    fd, part = _new_part(target)
    try:
        with os.fdopen(fd, "wb") as raw:
            if mode == "w":
                # On failure the wrapper is dropped unflushed: closing `raw` disarms it.
                text = io.TextIOWrapper(raw, encoding=encoding or "utf-8", newline=newline)
                yield text
                text.detach()  # flushes
            else:
                yield raw
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(part, target)
    except BaseException:
        _remove(part)
        raise
    _fsync_folder(target.parent)


def write_atomic(target: str | Path, data: bytes) -> Path:
    """Write `data` to `target` safely (owner-only, whole or not at all); returns the path."""
    target = Path(target)
    with atomic_file(target) as handle:
        handle.write(data)
    return target


def private_folder(folder: str | Path) -> Path:
    """Create `folder` (and its parents) when missing; a folder this creates is owner-only."""
    folder = Path(folder)
    if not folder.is_dir():
        folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return folder


def remove_stale_parts(folder: str | Path, older_than_s: float = 3600.0) -> int:
    """Remove the temporary files a killed writer left in `folder`; returns how many.

    Only those older than `older_than_s`: a younger one may belong to a writer that
    is still running.
    """
    folder = Path(folder)
    removed = 0
    cutoff = time.time() - older_than_s
    try:
        candidates = list(folder.glob(f".*{PART_SUFFIX}*"))
    except OSError:
        return 0
    for path in candidates:
        if not path.name.endswith((PART_SUFFIX, *(PART_SUFFIX + s for s in _SQLITE_SIDECARS))):
            continue
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
