"""One skeleton for every CSV import: parse, check against what is stored, write.

All or nothing: every row is parsed and checked against the file and the database
first; a single bad row means nothing is written, and every bad row is reported with
its line number and reason. Importing the same file again adds nothing.

`run_import` does the steps every import shares, in order; an `Importer` supplies the
rules of its kind of row. What is stored is read in bulk (`load_stored`: one query per
table for every 500 of the file's subjects, never one per subject), so checking a
file costs the same number of statements whatever the number of subjects in it.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Container, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy.orm import Session

from ltfu.db.engine import bulk_cache
from ltfu.errors import MESSAGES, Message, ValidationError, message_of
from ltfu.services.csvio import FieldKind, Problems, RowError, read_rows
from ltfu.services.database import Database
from ltfu.services.study_ids import fold_study_id, stored_study_ids


@dataclass(frozen=True)
class ImportSummary:
    file: str
    added: int
    unchanged: int
    new_sites: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self) -> str:
        if self.new_sites:
            return Message(
                "summary.import_sites",
                file=self.file,
                added=self.added,
                unchanged=self.unchanged,
                sites=tuple(self.new_sites),
            )
        return Message("summary.import", file=self.file, added=self.added, unchanged=self.unchanged)


@dataclass(frozen=True)
class Source:
    """The file being imported, as the write step needs it."""

    path: Path
    today: dt.date

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def reason(self) -> str:
        """The reason of every audit entry an import writes."""
        return MESSAGES["reason.import"].format(file=self.path.name)


class Line(NamedTuple):
    """One parsed row: its line in the file, its subject (the study id as written, and
    the primary key when that subject is stored) and what the importer made of it."""

    number: int
    study_id: str
    subject_id: int | None
    row: Any


class Unchanged:
    """`check`'s answer for a row already stored: counted, not written."""


UNCHANGED = Unchanged()


@dataclass(frozen=True)
class Refused:
    """`check`'s answer for a bad row: every reason (at least one)."""

    reasons: tuple[str, ...]

    @classmethod
    def because(cls, *reasons: str) -> Refused:
        return cls(reasons)


def verdict(line: Line, problems: Sequence[str]) -> object:
    """`check`'s answer for a row of a subject once its `problems` are known: refused for
    them, else the (subject, parsed row) to write."""
    return Refused(tuple(problems)) if problems else (line.subject_id, line.row)


def seen_before(key: object, stored: Container[object], in_file: dict[Any, int], line: Line, what: str) -> object:
    """UNCHANGED when `key` is stored already; Refused when an earlier line of the file
    has it (`in_file`: key -> line); else None, and `key` is noted for the lines after.
    `what`: result, event or adverse_event."""
    if key in stored:
        return UNCHANGED
    if key in in_file:
        return Refused.because(Message(f"row.same_{what}", line=in_file[key]))
    in_file[key] = line.number
    return None


StoredT = TypeVar("StoredT")


class Importer(ABC, Generic[StoredT]):
    """The rules of one kind of file. A fresh importer is made for each import, so
    the `StoredT` it loads may also remember what earlier rows of the file claimed."""

    columns: tuple[str, ...]  # required
    optional: tuple[str, ...] = ()
    kinds: Mapping[str, FieldKind] = {}  # what each column may hold (csvio); others: CODE
    # Rows of unknown subjects are refused ("unknown subject X"); False for the
    # subjects file, whose rows enrol them.
    needs_subject = True
    current_subjects_only = True  # False: voided subjects are looked up too
    bulk = False  # a large write: the larger SQLite page cache (`bulk_cache`)

    @abstractmethod
    def parse_row(self, raw: dict[str, str]) -> tuple[str, Any]:
        """(study id, row) from the file's values; RowError / ValidationError when bad."""

    def parse_file(self, path: Path, problems: Problems) -> list[tuple[int, str, Any]]:
        """(line, study id, row) of each row `parse_row` takes; why not, of the others, in `problems`."""
        parsed: list[tuple[int, str, Any]] = []
        for number, raw in read_rows(path, self.columns, self.optional, self.kinds):
            if "__error__" in raw:
                problems.add(number, raw["__error__"])
                continue
            try:
                study_id, row = self.parse_row(raw)
            except (RowError, ValidationError) as exc:
                problems.add(number, message_of(exc))
                continue
            parsed.append((number, study_id, row))
        return parsed

    @abstractmethod
    def load_stored(self, session: Session, lines: list[Line], today: dt.date) -> StoredT:
        """What the checks compare with, for all the file's subjects at once."""

    @abstractmethod
    def check(self, line: Line, stored: StoredT, today: dt.date) -> object:
        """UNCHANGED, Refused(reasons) or what `write` is to store for this row."""

    def check_all(self, lines: Sequence[Line], stored: StoredT, today: dt.date) -> Iterator[object]:
        """`check` of each line, in order (an importer of large files may answer the
        common case in one loop, and hand any other line to `check`)."""
        for line in lines:
            yield self.check(line, stored, today)

    @abstractmethod
    def write(self, session: Session, todo: list[Any], stored: StoredT, user_id: int, source: Source) -> Sequence[str]:
        """Store every checked row, with its audit entries; the names of the sites created."""


def run_import(db: Database, importer: Importer[Any], path: str | Path, today: dt.date) -> ImportSummary:
    """Parse the whole file, check every row against what is stored, refuse the file
    when any row is bad (`ImportRowsError` listing them all), else write it.

    Who may import is settled first, once, in the unit of work that writes (before
    the file is read: a user who may not import hears that, whatever the file holds).
    """
    path = Path(path)
    with db.session() as session, bulk_cache(session.connection()) if importer.bulk else nullcontext():
        user_id = db.user_id(session, "import")
        problems = Problems(path.name)
        parsed = importer.parse_file(path, problems)
        # Each study id once: a lab file names each subject on many rows.
        folded = {study_id: fold_study_id(study_id) for study_id in {s for _, s, _ in parsed}}
        ids = stored_study_ids(session, list(folded), current_only=importer.current_subjects_only)
        lines = [Line(number, study_id, ids.get(folded[study_id]), row) for number, study_id, row in parsed]
        stored = importer.load_stored(session, lines, today)
        todo: list[Any] = []
        unchanged = 0
        if importer.needs_subject:
            for line in lines:
                if line.subject_id is None:
                    problems.add(line.number, Message("row.unknown_subject", study_id=line.study_id))
            lines = [line for line in lines if line.subject_id is not None]
        for line, verdict in zip(lines, importer.check_all(lines, stored, today), strict=True):
            if verdict is UNCHANGED:
                unchanged += 1
            elif isinstance(verdict, Refused):
                for reason in verdict.reasons:
                    problems.add(line.number, reason)
            else:
                todo.append(verdict)
        problems.raise_if_any()
        new_sites = importer.write(session, todo, stored, user_id, Source(path, today))
    return ImportSummary(path.name, added=len(todo), unchanged=unchanged, new_sites=tuple(new_sites))


def subject_ids(lines: list[Line]) -> list[int]:
    """The stored subjects of a file's rows, each once, in order."""
    return sorted({line.subject_id for line in lines if line.subject_id is not None})
