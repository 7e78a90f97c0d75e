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
import queue
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
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


class WriteBehind:
    """Bytes handed to `write` in the order they come, on a thread of its own.

    What a large export does with its bytes besides making them (hashing them, compressing
    them into a zip entry, the system's write) runs in C with the interpreter's lock released,
    beside the Python that makes the next ones. Pieces are gathered to about `chunk` bytes
    first: a hand-over per small piece would cost more than it saves. `close` waits for the
    last byte and raises what `write` raised (a full disk); `abort` drops what is not written."""

    def __init__(self, write: Callable[[bytes], object], chunk: int = 1 << 23) -> None:
        self._write = write
        self._chunk = chunk
        self._pieces: list[bytes] = []
        self._held = 0
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
        self._error: BaseException | None = None
        self._dropped = False
        self._thread = threading.Thread(target=self._run, name="ltfu-write-behind", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is None and not self._dropped:
                try:
                    self._write(data)
                except BaseException as exc:  # raised again in the writing thread
                    self._error = exc

    def write(self, data: bytes) -> None:
        self._pieces.append(data)
        self._held += len(data)
        if self._held >= self._chunk:
            self._hand_over()

    def _hand_over(self) -> None:
        if self._error is not None:
            raise self._error
        if self._pieces:
            self._queue.put(self._pieces[0] if len(self._pieces) == 1 else b"".join(self._pieces))
            self._pieces = []
            self._held = 0

    def close(self) -> None:
        """Every byte written (`write`'s error raised here)."""
        try:
            self._hand_over()
        except BaseException:
            self.abort()
            raise
        self._queue.put(None)
        self._thread.join()
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        """Stops, leaving unwritten what was not written yet (the file is being dropped)."""
        self._dropped = True
        self._pieces = []
        self._queue.put(None)
        self._thread.join()
