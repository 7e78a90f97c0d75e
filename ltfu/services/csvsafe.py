"""Files a person opens: CSV cells a spreadsheet cannot run, and no writing through links.

Spreadsheet safety (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins
with `=`, `+`, `-` or `@` as a formula, and tab, carriage return and line feed at the
start of a cell open the same door; so do the full-width and small forms of the four
(typed by Chinese and Japanese input methods), `|` (DDE), and any of them after
blanks that a spreadsheet trims on import. So, in every CSV a coordinator may open (the
export, the audit trail, the data dictionary):

- a text cell that begins with one of those characters gets a single quote `'` in
  front, so the spreadsheet shows it as text. To keep this reversible, a text cell that
  begins with quotes followed by one of them (`'=x`) gets one more; a reader removes
  exactly one leading `'` from a cell that begins with `'` + quotes + such a character
  (`original`), and gets the stored text back;
- every cell is wrapped in double quotes, a double quote inside doubled, so that a
  separator inside a value (`,` or the `;` a spreadsheet uses in many countries) can
  never start a new cell that begins with one of those characters;
- numbers (integer and number columns) are written as numbers: -5 stays -5. They come
  from numeric values, which cannot hold a formula; a text stored in a numeric column
  (only possible by editing the database file) is treated as text.

The handover archive is not for spreadsheets and writes every value exactly.

Links: every file ltfu writes goes through `ltfu.safefile`, which refuses a symbolic
link at its path with a message naming it and replaces an existing file by renaming, so
a hard link elsewhere keeps its content. Inside an export folder, a linked subfolder is
refused too (`path_inside`). The folders above the path the user names
may themselves be reached through links (as /tmp or a home folder often are): that
path is the user's choice, not something placed in the export.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Sequence
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from ltfu.errors import LtfuError, Message
from ltfu.safefile import refuse_link

# OWASP's list: the characters a cell must not begin with; with the full-width and
# small forms of = + - @ (a Chinese or Japanese input method types them, and a
# spreadsheet in those locales may read them as the ASCII ones) and the DDE pipe.
FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",
    "\uff0b",
    "\uff0d",
    "\uff20",
    "\ufe66",
    "\ufe62",
    "\ufe63",
    "\ufe6b",
    "|",
)
# Blanks before one of them count too: a spreadsheet that trims cells on import
# (LibreOffice's "trim spaces") would otherwise run ` =1+2`.
_BLANKS = " \u00a0\u3000"
_MARKED = re.compile(f"'*[{_BLANKS}]*[{re.escape(''.join(FORMULA_STARTS))}]")
_FIRST = frozenset(FORMULA_STARTS) | {"'"} | frozenset(_BLANKS)
_STARTS = tuple(sorted(_FIRST))  # for str.startswith

RULE = (
    "Spreadsheet safety (OWASP CSV injection): every cell is quoted, and a text cell whose value begins with "
    "=, +, -, @ (or their full-width or small forms), |, a tab, a carriage return or a line feed (after any ' "
    "characters and blanks) is written with one ' in front, "
    "so that a spreadsheet shows it as text and never runs it as a formula. Remove that one ' to get the stored "
    "text. Numbers (types integer and number) are written as numbers: -5 stays -5."
)


def safe_text(text: str) -> str:
    """A text value as a spreadsheet-safe cell (see the module docstring)."""
    if text and text[0] in _FIRST and _MARKED.match(text):
        return "'" + text
    return text


def original(cell: str) -> str:
    """The stored text of a cell `safe_text` wrote (the inverse: one mark removed)."""
    if cell.startswith("'") and _MARKED.match(cell, 1):
        return cell[1:]
    return cell


def safe_cells(values: Iterable[object], formatted: Callable[[object], str]) -> list[str]:
    """One row's cells: text made safe, every other value as `formatted` writes it."""
    return [safe_text(v) if type(v) is str else formatted(v) for v in values]


def safe_column(values: Sequence[object], formatted: Callable[[object], str]) -> Sequence[object]:
    """`safe_cells` of one column's values, with None left for the writer (an empty cell).

    A column of text (or None) is looked at one distinct value at a time, and given back
    as it is when no value needs a mark (the common case: codes repeat by the million)."""
    distinct = set(values)
    distinct.discard(None)
    if not set(map(type, distinct)) <= {str}:  # a number in a text column: each value as it comes
        first = _FIRST
        return [
            v
            if v is None or (type(v) is str and v[:1] not in first)
            else safe_text(v)
            if type(v) is str
            else formatted(v)
            for v in values
        ]
    texts: set[str] = distinct  # type: ignore[assignment]  # only str, as just checked
    if not any(map(str.startswith, texts, repeat(_STARTS))):
        return values
    marked = {v: safe_text(v) for v in texts if v.startswith(_STARTS)}
    return list(map(marked.get, values, values))  # type: ignore[arg-type]  # get(v, v): the cell, or v itself


def safe_writer(handle: SupportsWrite[str]):
    """A `csv.writer` for a CSV a person may open in a spreadsheet: every cell quoted.
    Give it cells made with `safe_cells` or `safe_text`."""
    return csv.writer(handle, quoting=csv.QUOTE_ALL)


# -- no writing through links ----------------------------------------------------------------


def path_inside(folder: Path, name: str) -> Path:
    """Where the file `name` ("protocols/x.toml") goes inside `folder`, its folders made.

    A linked folder on the way is refused, and so is a name that would leave `folder`.
    """
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or ".." in parts:
        raise LtfuError(Message("file.leads_out", name=name, folder=str(folder)))
    here = folder
    for part in parts[:-1]:
        here = here / part
        refuse_link(here, "write_into")
        if not here.is_dir():
            here.mkdir(mode=0o700)  # owner-only, as the export folder
    return here / parts[-1]
