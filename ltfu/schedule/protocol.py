"""Protocol definitions: a trial's visit table and follow-up rules, read from TOML.

A protocol file (`ltfu/resources/protocols/<id>.toml`, layout described at the top of
the bundled `cd19-cd22-ph1.toml`) is data a site data manager edits, so every problem
in it is reported as a `ProtocolError` naming the file, the line when it can be found,
and the field, e.g.
``cd19-cd22-ph1.toml: line 42: visits[3] (D7): window early=-1 must be >= 0``.
All problems found are reported together (``; ``-separated), so one edit fixes them all.

A loaded `Protocol` is immutable and carries the sha256 of the file bytes: a changed
file is a new protocol version (DOMAIN.md 3.10), whatever its `version` label says.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

from ltfu import vocabulary
from ltfu.errors import Message, ProtocolError, joined, recognised
from ltfu.vocabulary import DOSE_FINDING_DESIGNS, THREE_PLUS_THREE, DoseFindingDesign

DEFAULT_PROTOCOL_ID = "cd19-cd22-ph1"

# The assessment vocabulary (DOMAIN.md 4). Analyses and letters rely on these codes, so
# a protocol file may choose among them but not invent new ones.
ASSESSMENTS: Mapping[str, str] = vocabulary.ASSESSMENTS
RCL_TESTED = "R-T"
RCL_ARCHIVED = "R-A"
VISIT_MODES = ("clinic", "phone")
STOP_EVENTS = ("relapse", "progression", "hsct", "new_therapy")

_TOP_KEYS = (
    "id",
    "title",
    "version",
    "duration_years",
    "stop_rules",
    "rcl",
    "thresholds",
    "dose_finding",
    "safety",
    "ind",
    "edit_checks",
    "visits",
)
_VISIT_KEYS = ("code", "day", "months", "early", "late", "mode", "assessments")
_SECTION_KEYS = {
    "stop_rules": ("events", "assessments"),
    "rcl": ("first_year_visits",),
    "thresholds": ("b_cell_aplasia_cells_per_ul", "igg_g_per_l"),
    "dose_finding": ("design", "target", "cohort_size", "max_per_dose"),
    "safety": ("site_is_sponsor", "ethics_days", "retention_years"),
    "ind": ("anniversary", "planned_subjects"),
    "edit_checks": ("on",),
}
_BOIN_ONLY = ("target", "cohort_size", "max_per_dose")
BOIN_DEFAULT_MAX_PER_DOSE = 12
"""A BOIN level's dose-finding subjects when the protocol does not say."""
_MAX_PROBLEMS_SHOWN = 10
_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]*")
_ANNIVERSARY = re.compile(r"(\d\d)-(\d\d)")
_CODE_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_TOML_WHERE = re.compile(r" \(at line (\d+), column (\d+)\)$")


@dataclass(frozen=True, slots=True)
class VisitDefinition:
    """One row of the visit table. Exactly one of `day` and `months` is set.

    `day = N`: Day 0 + N days. `months = N`: Day 0 + N calendar months (month-end
    clamped). The window is `[nominal - early, nominal + late]` days, inclusive.
    """

    code: str
    day: int | None
    months: int | None
    early: int
    late: int
    mode: str
    assessments: tuple[str, ...]
    # Built once here so that planning 10,000 subjects creates no per-visit helpers.
    day_delta: dt.timedelta | None = field(init=False, repr=False, compare=False)
    months_delta: relativedelta | None = field(init=False, repr=False, compare=False)
    early_delta: dt.timedelta = field(init=False, repr=False, compare=False)
    late_delta: dt.timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if (self.day is None) == (self.months is None):
            raise ValueError(f"visit {self.code}: give exactly one of day and months")
        object.__setattr__(self, "day_delta", None if self.day is None else dt.timedelta(days=self.day))
        object.__setattr__(self, "months_delta", None if self.months is None else relativedelta(months=self.months))
        object.__setattr__(self, "early_delta", dt.timedelta(days=self.early))
        object.__setattr__(self, "late_delta", dt.timedelta(days=self.late))

    @property
    def offset_label(self) -> str:
        """`day=61` or `months=15`, as written in the protocol file."""
        return f"day={self.day}" if self.months is None else f"months={self.months}"


@dataclass(frozen=True, slots=True)
class SafetySettings:
    """The protocol's `[safety]` section (DOMAIN.md 7), each key optional with these defaults.

    `site_is_sponsor`: an investigator-initiated trial: the sponsor's clocks (the
    regulator's expedited reports) are the site's, and there is no sponsor to notify.
    `ethics_days`: the ethics committee's reporting rule, days from awareness.
    `retention_years`: archived samples are kept this long after follow-up ends.
    """

    site_is_sponsor: bool = False
    ethics_days: int = 7
    retention_years: int = 2


@dataclass(frozen=True, slots=True)
class IndSettings:
    """The protocol's optional `[ind]` section (21 CFR 312.33; DOMAIN.md 7).

    `anniversary`: (month, day) of the IND anniversary, from ``anniversary = "MM-DD"``;
    None when the file sets none (then no IND annual report can be built).
    `planned_subjects`: how many subjects the protocol plans to enter, when it says.
    """

    anniversary: tuple[int, int] | None = None
    planned_subjects: int | None = None


IND_REPORT_DUE_DAYS = 60
"""21 CFR 312.33: the IND annual report is due within 60 days of the anniversary."""


@dataclass(frozen=True, slots=True)
class IndPeriod:
    """An IND annual report's period (`start` to `end`, the anniversary) and due date."""

    start: dt.date
    end: dt.date
    due: dt.date


def anniversary_in(anniversary: tuple[int, int], year: int) -> dt.date:
    """The anniversary's date in `year` (29 February is kept on 28 February in other years)."""
    month, day = anniversary
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return dt.date(year, month, day)


def ind_period(anniversary: tuple[int, int], on: dt.date) -> IndPeriod:
    """The latest IND reporting period ended by `on`: the year ending on the last
    anniversary on or before `on`, due `IND_REPORT_DUE_DAYS` after it."""
    end = anniversary_in(anniversary, on.year)
    if end > on:
        end = anniversary_in(anniversary, on.year - 1)
    start = anniversary_in(anniversary, end.year - 1) + dt.timedelta(days=1)
    return IndPeriod(start, end, end + dt.timedelta(days=IND_REPORT_DUE_DAYS))


DEFAULT_DLT_WINDOW_DAYS = 28
"""DOMAIN.md 5: DLTs are counted from Day 0 to Day 28."""


@dataclass(frozen=True, slots=True)
class Protocol:
    """A loaded, validated protocol definition.

    `visits` are in strictly increasing offset order for every possible infusion date.
    `stop_assessments` stop after any of `stop_events` (DOMAIN.md 3.8).
    `rcl_first_year` are the visit codes whose RCL results decide whether later `R-A`
    samples stay archived. `content_hash` is the sha256 (hex) of the file bytes and
    `source` the file's text, so a version can be stored and reloaded without the file;
    `source_name` is the file name used in error messages.
    """

    id: str
    title: str
    version_label: str
    duration_years: int
    visits: tuple[VisitDefinition, ...]
    stop_assessments: frozenset[str]
    rcl_first_year: tuple[str, ...]
    b_cell_aplasia_threshold: float
    igg_threshold: float
    content_hash: str
    source: str
    stop_events: frozenset[str] = frozenset(STOP_EVENTS)
    source_name: str = ""
    dose_finding: DoseFindingDesign = THREE_PLUS_THREE
    """The optional `[dose_finding]` section; 3+3 when the file has none."""
    safety: SafetySettings = SafetySettings()
    ind: IndSettings = IndSettings()
    edit_checks: tuple[str, ...] = vocabulary.EDIT_CHECKS
    """The optional `[edit_checks]` section's `on` list: the edit checks that raise
    automatic queries (`ltfu.vocabulary.EDIT_CHECKS`); every one when the file has none."""

    def visit(self, code: str) -> VisitDefinition:
        """The visit definition with this code; KeyError when there is none."""
        for visit in self.visits:
            if visit.code == code:
                return visit
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(visit.code for visit in self.visits)

    @property
    def dlt_window_days(self) -> int:
        """The DLT window, Day 0 to this day: the study day of the visit holding the DLT
        review (D28 in the default protocol); `DEFAULT_DLT_WINDOW_DAYS` when none does."""
        days = [v.day for v in self.visits if "DLT" in v.assessments and v.day is not None]
        return max(days) if days else DEFAULT_DLT_WINDOW_DAYS


def load_protocol(path: str | Path) -> Protocol:
    """Read and validate a protocol file; ProtocolError says what is wrong and where."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProtocolError(Message("protocol.unreadable", name=path.name, reason=exc.strerror or str(exc))) from None
    return parse_protocol(data, path.name)


def parse_protocol(data: bytes, source_name: str) -> Protocol:
    """Validate protocol text given as bytes (e.g. a version stored in the database).

    `source_name` is the file name shown in error messages.
    """
    try:
        # utf-8-sig: editors on Windows may save a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProtocolError(Message("protocol.not_utf8", name=source_name, byte=exc.start)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The parser's message ends "(at line L, column C)": the line and column are parameters.
        where = _TOML_WHERE.search(str(exc))
        line, column = (int(where[1]), int(where[2])) if where else (text.count("\n") + 1, 1)
        detail = _TOML_WHERE.sub("", str(exc)).removesuffix(" (at end of document)")
        said = recognised(detail, ("toml.",)) or detail  # in the window's language when it is a known one
        raise ProtocolError(
            Message("protocol.not_toml", name=source_name, line=line, column=column, detail=said)
        ) from None
    return _Validator(text, source_name).protocol(document, hashlib.sha256(data).hexdigest())


def _protocols_folder() -> Traversable:
    # Through importlib.resources so that it also works from an installed wheel.
    return resources.files("ltfu") / "resources" / "protocols"


def bundled_protocol_ids() -> tuple[str, ...]:
    """Ids of the protocol definitions shipped with the program, sorted."""
    names = (entry.name for entry in _protocols_folder().iterdir())
    return tuple(sorted(name.removesuffix(".toml") for name in names if name.endswith(".toml")))


def _bundled_resource(protocol_id: str) -> Traversable:
    resource = _protocols_folder() / f"{protocol_id}.toml"
    if not resource.is_file():
        raise ProtocolError(Message("protocol.not_bundled", protocol_id=protocol_id, known=bundled_protocol_ids()))
    return resource


def bundled_protocol_path(protocol_id: str = DEFAULT_PROTOCOL_ID) -> Path:
    """The file of a bundled protocol, for showing or copying it.

    Valid when the package is installed as files (a normal or editable install);
    `load_bundled` also works from a zipped package.
    """
    return Path(str(_bundled_resource(protocol_id)))


def load_bundled(protocol_id: str = DEFAULT_PROTOCOL_ID) -> Protocol:
    """Load a protocol shipped with the program (by default DOMAIN.md section 4's)."""
    resource = _bundled_resource(protocol_id)
    return parse_protocol(resource.read_bytes(), resource.name)


def _span_anchors() -> tuple[dt.date, ...]:
    """Days 1, 28, 29, 30 and 31 of every month of 2096-2104 (see `month_offset_day_range`)."""
    anchors: list[dt.date] = []
    for year in range(2096, 2105):
        for month in range(1, 13):
            last = calendar.monthrange(year, month)[1]
            anchors.extend(dt.date(year, month, day) for day in (1, 28, 29, 30, 31) if day <= last)
    return tuple(anchors)


_SPAN_ANCHORS = _span_anchors()


@cache  # 540 date additions a call, asked twice per visit of every protocol parsed
def month_offset_day_range(months: int) -> tuple[int, int]:
    """Fewest and most days that `months` calendar months can span, over all anchors.

    Anchors on days 1, 28, 29, 30 and 31 of every month of 2096-2104 cover every case:
    days 2-27 behave like day 1, and the span holds leap years and the common year 2100.
    """
    step = relativedelta(months=months)  # one object for every anchor: making it costs more than adding it
    spans = [(anchor + step - anchor).days for anchor in _SPAN_ANCHORS]
    return min(spans), max(spans)


def _day_range(visit: VisitDefinition) -> tuple[int, int]:
    if visit.day is not None:
        return visit.day, visit.day
    return month_offset_day_range(visit.months or 0)


class _Validator:
    """Checks a parsed TOML document and collects every problem with its line."""

    def __init__(self, text: str, source_name: str):
        self.text = text
        self.source_name = source_name
        self.lines = text.splitlines()
        self.problems: list[Message] = []
        self._visit_headers = [
            number for number, line in enumerate(self.lines, 1) if re.match(r"\s*\[\[\s*visits\s*\]\]", line)
        ]

    # -- where things are -------------------------------------------------------------

    def _block(self, start: int) -> Iterator[int]:
        """Line numbers after the header on line `start`, up to the next header."""
        for number in range(start + 1, len(self.lines) + 1):
            if re.match(r"\s*\[", self.lines[number - 1]):
                return
            yield number

    def _key_line(self, key: str | None, header: int | None) -> int | None:
        """The line of `key` in the section starting at `header` (None: top level)."""
        if key is None:
            return header
        numbers: Iterator[int] | range
        if header is None:
            first_header = next(
                (n for n, line in enumerate(self.lines, 1) if re.match(r"\s*\[", line)), len(self.lines) + 1
            )
            numbers = range(1, first_header)
        else:
            numbers = self._block(header)
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        for number in numbers:
            if pattern.match(self.lines[number - 1]):
                return number
        if header is None:
            # A top-level key may also be written as a [key] or [[key]] header.
            table = re.compile(rf"\s*\[\[?\s*{re.escape(key)}\s*\]")
            return next((n for n, line in enumerate(self.lines, 1) if table.match(line)), None)
        return header

    def _section_header(self, name: str) -> int | None:
        pattern = re.compile(rf"\s*\[\s*{re.escape(name)}\s*\]")
        return next((n for n, line in enumerate(self.lines, 1) if pattern.match(line)), None)

    def _visit_header(self, index: int) -> int | None:
        # Only when the visits are written as [[visits]] blocks, as in the bundled file.
        return self._visit_headers[index] if index < len(self._visit_headers) else None

    # -- reporting ----------------------------------------------------------------------

    def _offset_problem(self, index: int, visit: VisitDefinition, code: str, /, **params: object) -> None:
        """A problem with visit `index`'s offset, placed on the line of its offset key."""
        self.problem(
            f"visits[{index}] ({visit.code})",
            code,
            self._key_line(visit.offset_label.split("=")[0], self._visit_header(index)),
            offset=visit.offset_label,
            **params,
        )

    def problem(self, where: str, code: str, line: int | None, /, **params: object) -> None:
        """A problem of the field `where` (on `line` when known): the message `code` with `params`."""
        said = Message(code, **params)
        self.problems.append(
            Message("protocol.at", where=where, problem=said)
            if line is None
            else Message("protocol.at_line", line=line, where=where, problem=said)
        )

    def raise_if_any(self) -> None:
        if not self.problems:
            return
        shown = joined(self.problems[:_MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - _MAX_PROBLEMS_SHOWN
        if more > 0:
            raise ProtocolError(Message("protocol.problems_more", name=self.source_name, problems=shown, more=more))
        raise ProtocolError(Message("protocol.problems", name=self.source_name, problems=shown))

    # -- generic checks -----------------------------------------------------------------

    def _unknown_keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], where: str, header: int | None) -> None:
        for key in table:
            if key not in allowed:
                self.problem(where, "protocol.unknown_key", self._key_line(key, header), key=key, allowed=allowed)

    def _string(self, table: Mapping[str, Any], key: str, where: str, header: int | None) -> str | None:
        value = table.get(key)
        if value is None:
            self.problem(where, "protocol.missing", header, key=key)
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(where, "protocol.not_text", self._key_line(key, header), key=key, value=value)
            return None
        return value

    def _whole(self, value: Any, key: str, where: str, line: int | None, *, minimum: int) -> int | None:
        # bool is an int in Python but `true` is never a number of days.
        if type(value) is not int:
            self.problem(where, "protocol.not_whole", line, key=key, value=value)
            return None
        if value < minimum:
            self.problem(where, "protocol.below", line, key=key, value=value, minimum=minimum)
            return None
        return value

    def _positive_number(self, table: Mapping[str, Any], key: str, where: str, header: int | None) -> float | None:
        value = table.get(key)
        line = self._key_line(key, header)
        if value is None:
            self.problem(where, "protocol.missing", header, key=key)
            return None
        if type(value) not in (int, float) or not value > 0:
            self.problem(where, "protocol.not_positive", line, key=key, value=value)
            return None
        return float(value)

    def _string_list(self, table: Mapping[str, Any], key: str, where: str, header: int | None) -> list[str] | None:
        value = table.get(key)
        line = self._key_line(key, header)
        if value is None:
            self.problem(where, "protocol.missing", header, key=key)
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.problem(where, "protocol.not_list", line, key=key, value=value)
            return None
        for item in sorted({item for item in value if value.count(item) > 1}):
            self.problem(where, "protocol.listed_twice", line, key=key, value=item)
        return value

    def _section(self, document: Mapping[str, Any], name: str) -> tuple[Mapping[str, Any] | None, int | None]:
        header = self._section_header(name)
        table = document.get(name)
        if table is None:
            self.problem(f"[{name}]", "protocol.missing_section", None)
            return None, None
        if not isinstance(table, dict):
            self.problem(f"[{name}]", "protocol.not_section", self._key_line(name, None), key=name, value=table)
            return None, None
        self._unknown_keys(table, _SECTION_KEYS[name], f"[{name}]", header)
        return table, header

    def _optional_section(self, document: Mapping[str, Any], name: str) -> tuple[Mapping[str, Any] | None, int | None]:
        """A section the protocol may leave out: (None, None) when it does."""
        if name not in document:
            return None, None
        return self._section(document, name)

    # -- the document -------------------------------------------------------------------

    def protocol(self, document: Mapping[str, Any], content_hash: str) -> Protocol:
        top = Message("protocol.top_level")
        self._unknown_keys(document, _TOP_KEYS, top, None)
        protocol_id = self._string(document, "id", top, None)
        if protocol_id is not None and not _ID_PATTERN.fullmatch(protocol_id):
            self.problem(top, "protocol.bad_id", self._key_line("id", None), value=protocol_id)
        title = self._string(document, "title", top, None)
        version = self._string(document, "version", top, None)
        duration = document.get("duration_years")
        if duration is None:
            self.problem(top, "protocol.missing", None, key="duration_years")
        else:
            duration = self._whole(duration, "duration_years", top, self._key_line("duration_years", None), minimum=1)
        visits, all_visits_valid = self._visits(document.get("visits"), duration)
        stop_events, stop_assessments = self._stop_rules(document)
        rcl_first_year = self._rcl(document, visits, all_visits_valid)
        b_cell, igg = self._thresholds(document)
        dose_finding = self._dose_finding(document)
        safety = self._safety(document)
        ind = self._ind(document)
        edit_checks = self._edit_checks(document)
        self.raise_if_any()
        # Every None below was reported as a problem, so none is left here.
        assert protocol_id and title and version and duration and stop_events is not None
        return Protocol(
            id=protocol_id,
            title=title,
            version_label=version,
            duration_years=duration,
            visits=tuple(visits),
            stop_assessments=frozenset(stop_assessments or ()),
            rcl_first_year=tuple(rcl_first_year or ()),
            b_cell_aplasia_threshold=b_cell or 0.0,
            igg_threshold=igg or 0.0,
            content_hash=content_hash,
            source=self.text,
            stop_events=frozenset(stop_events),
            source_name=self.source_name,
            dose_finding=dose_finding,
            safety=safety,
            ind=ind,
            edit_checks=edit_checks,
        )

    def _visits(self, raw: Any, duration_years: int | None) -> tuple[list[VisitDefinition], bool]:
        """The valid visits, and whether every visit was valid."""
        if raw is None:
            self.problem("visits", "protocol.no_visits", None)
            return [], False
        if not isinstance(raw, list) or not raw or not all(isinstance(item, dict) for item in raw):
            self.problem("visits", "protocol.visit_blocks", self._key_line("visits", None))
            return [], False
        checked = [(index, self._visit(index, table)) for index, table in enumerate(raw)]
        visits = [(index, visit) for index, visit in checked if visit is not None]

        first_use: dict[str, int] = {}
        for index, visit in visits:
            if visit.code in first_use:
                self.problem(
                    f"visits[{index}] ({visit.code})",
                    "protocol.code_twice",
                    self._key_line("code", self._visit_header(index)),
                    code=visit.code,
                    first=first_use[visit.code],
                )
            else:
                first_use[visit.code] = index

        # Order is only meaningful once every visit is valid; otherwise it would report
        # neighbours of a broken visit.
        if len(visits) == len(raw):
            for (before_index, before), (index, visit) in zip(visits, visits[1:], strict=False):
                if _day_range(before)[1] >= _day_range(visit)[0]:
                    self._offset_problem(
                        index,
                        visit,
                        "protocol.order",
                        index=before_index,
                        code=before.code,
                        before=before.offset_label,
                    )
        if duration_years is not None and visits:
            index, last = visits[-1]
            end_months = 12 * duration_years
            if last.months is not None:
                too_late = last.months > end_months
            else:
                too_late = _day_range(last)[1] > month_offset_day_range(end_months)[0]
            if too_late:
                self._offset_problem(index, last, "protocol.after_end", years=duration_years)
        return [visit for _, visit in visits], len(visits) == len(raw)

    def _visit(self, index: int, table: Mapping[str, Any]) -> VisitDefinition | None:
        header = self._visit_header(index)
        raw_code = table.get("code")
        where = f"visits[{index}] ({raw_code})" if isinstance(raw_code, str) and raw_code else f"visits[{index}]"
        before = len(self.problems)
        self._unknown_keys(table, _VISIT_KEYS, where, header)

        code = self._string(table, "code", where, header)
        if code is not None and not _CODE_PATTERN.fullmatch(code):
            self.problem(where, "protocol.bad_code", self._key_line("code", header), code=code)

        day = months = None
        if "day" in table and "months" in table:
            self.problem(where, "protocol.day_and_months", self._key_line("months", header))
        elif "day" in table:
            day = self._whole(table["day"], "day", where, self._key_line("day", header), minimum=0)
        elif "months" in table:
            months = self._whole(table["months"], "months", where, self._key_line("months", header), minimum=0)
        else:
            self.problem(where, "protocol.no_offset", header)

        early = late = None
        for key in ("early", "late"):
            if key not in table:
                self.problem(where, "protocol.no_window", header, key=key)
                continue
            value = table[key]
            line = self._key_line(key, header)
            if type(value) is not int:
                self.problem(where, "protocol.window_not_whole", line, key=key, value=value)
            elif value < 0:
                self.problem(where, "protocol.window_negative", line, key=key, value=value)
            elif key == "early":
                early = value
            else:
                late = value

        mode = table.get("mode")
        if mode is None:
            self.problem(where, "protocol.missing", header, key="mode")
        elif mode not in VISIT_MODES:
            self.problem(where, "protocol.bad_mode", self._key_line("mode", header), value=mode, allowed=VISIT_MODES)

        assessments = self._string_list(table, "assessments", where, header)
        if assessments is not None:
            line = self._key_line("assessments", header)
            if not assessments:
                self.problem(where, "protocol.no_assessment", line)
            for item in assessments:
                if item not in ASSESSMENTS:
                    self.problem(where, "protocol.unknown_assessment", line, value=item, allowed=tuple(ASSESSMENTS))

        if len(self.problems) > before:
            return None
        assert code is not None and early is not None and late is not None and assessments is not None
        visit = VisitDefinition(code, day, months, early, late, str(mode), tuple(assessments))
        # A window reaching before Day 0 would have the visit before the infusion.
        if early > _day_range(visit)[0]:
            self.problem(
                where,
                "protocol.before_day_0",
                self._key_line("early", header),
                early=early,
                offset=visit.offset_label,
            )
            return None
        return visit

    def _stop_rules(self, document: Mapping[str, Any]) -> tuple[list[str] | None, list[str] | None]:
        table, header = self._section(document, "stop_rules")
        if table is None:
            return None, None
        events = self._checked_list(
            table,
            "stop_rules",
            "events",
            header,
            STOP_EVENTS,
            "protocol.not_one_of",
        )
        assessments = self._checked_list(
            table,
            "stop_rules",
            "assessments",
            header,
            ASSESSMENTS,
            "protocol.unknown_assessment",
        )
        return events, assessments

    def _checked_list(
        self,
        table: Mapping[str, Any],
        section: str,
        key: str,
        header: int | None,
        allowed: Collection[str],
        unknown: str,
    ) -> list[str] | None:
        """The list `key` of `[section]`, each item checked against `allowed` (the message
        `unknown`, its fields `value` and `allowed`, says why not)."""
        where = f"{section}.{key}"
        items = self._string_list(table, key, where, header)
        for item in items or ():
            if item not in allowed:
                self.problem(where, unknown, self._key_line(key, header), value=item, allowed=tuple(allowed))
        return items

    def _rcl(
        self, document: Mapping[str, Any], visits: list[VisitDefinition], all_visits_valid: bool
    ) -> list[str] | None:
        table, header = self._section(document, "rcl")
        if table is None:
            return None
        codes = self._string_list(table, "first_year_visits", "rcl.first_year_visits", header)
        by_code = {visit.code: visit for visit in visits}
        line = self._key_line("first_year_visits", header)
        for code in codes or ():
            visit = by_code.get(code)
            if visit is None:
                # Skip when that visit itself was rejected: its own problem is reported.
                if all_visits_valid:
                    self.problem("rcl.first_year_visits", "protocol.unknown_visit", line, code=code)
            elif RCL_TESTED not in visit.assessments and RCL_ARCHIVED not in visit.assessments:
                self.problem("rcl.first_year_visits", "protocol.no_rcl_sample", line, code=code)
        return codes

    def _thresholds(self, document: Mapping[str, Any]) -> tuple[float | None, float | None]:
        table, header = self._section(document, "thresholds")
        if table is None:
            return None, None
        b_cell = self._positive_number(
            table, "b_cell_aplasia_cells_per_ul", "thresholds.b_cell_aplasia_cells_per_ul", header
        )
        igg = self._positive_number(table, "igg_g_per_l", "thresholds.igg_g_per_l", header)
        return b_cell, igg

    def _dose_finding(self, document: Mapping[str, Any]) -> DoseFindingDesign:
        """The optional [dose_finding] section: design "3+3" (its cohorts are fixed) or
        "boin" with target 0 < phi < 0.5 (default 0.30), cohort_size >= 1 (default 3)
        and max_per_dose >= cohort_size (default 12)."""
        table, header = self._optional_section(document, "dose_finding")
        if table is None:
            return THREE_PLUS_THREE
        design = table.get("design")
        if design not in DOSE_FINDING_DESIGNS:
            choices = tuple(f'"{d}"' for d in DOSE_FINDING_DESIGNS)
            line = self._key_line("design", header)
            self.problem("dose_finding.design", "protocol.bad_design", line, allowed=choices, value=design)
            return THREE_PLUS_THREE
        if design == "3+3":
            for key in _BOIN_ONLY:
                if key in table:
                    self.problem(f"dose_finding.{key}", "protocol.boin_only", self._key_line(key, header))
            return THREE_PLUS_THREE
        target = table.get("target", 0.30)
        if type(target) not in (int, float) or not 0 < target < 0.5:
            self.problem(
                "dose_finding.target",
                "protocol.bad_target",
                self._key_line("target", header),
                value=target,
            )
            target = 0.30
        size = self._whole(
            table.get("cohort_size", 3),
            "cohort_size",
            "dose_finding.cohort_size",
            self._key_line("cohort_size", header),
            minimum=1,
        )
        most = self._whole(
            table.get("max_per_dose", BOIN_DEFAULT_MAX_PER_DOSE),
            "max_per_dose",
            "dose_finding.max_per_dose",
            self._key_line("max_per_dose", header),
            minimum=size or 1,
        )
        return DoseFindingDesign("boin", float(target), size or 3, most or BOIN_DEFAULT_MAX_PER_DOSE)

    def _safety(self, document: Mapping[str, Any]) -> SafetySettings:
        """The optional [safety] section; DOMAIN.md 7's defaults for what it leaves out."""
        table, header = self._optional_section(document, "safety")
        if table is None:
            return SafetySettings()
        defaults = SafetySettings()
        sponsor = table.get("site_is_sponsor", defaults.site_is_sponsor)
        if not isinstance(sponsor, bool):
            self.problem(
                "safety.site_is_sponsor",
                "protocol.not_flag",
                self._key_line("site_is_sponsor", header),
                key="site_is_sponsor",
                value=sponsor,
            )
            sponsor = defaults.site_is_sponsor
        numbers = {}
        for key, minimum in (("ethics_days", 1), ("retention_years", 0)):
            value = table.get(key, getattr(defaults, key))
            checked = self._whole(value, key, f"safety.{key}", self._key_line(key, header), minimum=minimum)
            numbers[key] = getattr(defaults, key) if checked is None else checked
        return SafetySettings(sponsor, numbers["ethics_days"], numbers["retention_years"])

    def _edit_checks(self, document: Mapping[str, Any]) -> tuple[str, ...]:
        """The optional [edit_checks] section: `on`, the checks that raise queries."""
        table, header = self._optional_section(document, "edit_checks")
        if table is None:
            return vocabulary.EDIT_CHECKS
        known = vocabulary.EDIT_CHECKS
        checks = self._checked_list(table, "edit_checks", "on", header, known, "protocol.not_edit_check")
        checks = checks or []
        return tuple(check for check in vocabulary.EDIT_CHECKS if check in checks)

    def _ind(self, document: Mapping[str, Any]) -> IndSettings:
        """The optional [ind] section: the IND anniversary ("MM-DD") and the planned subjects."""
        table, header = self._optional_section(document, "ind")
        if table is None:
            return IndSettings()
        anniversary = None
        value = table.get("anniversary")
        if value is not None:
            line = self._key_line("anniversary", header)
            match = _ANNIVERSARY.fullmatch(value) if isinstance(value, str) else None
            month, day = (int(match[1]), int(match[2])) if match else (0, 0)
            if match is None or not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2000, month)[1]:
                self.problem(
                    "ind.anniversary",
                    "protocol.bad_anniversary",
                    line,
                    value=value,
                )
            else:
                anniversary = (month, day)
        planned = table.get("planned_subjects")
        if planned is not None:
            line = self._key_line("planned_subjects", header)
            planned = self._whole(planned, "planned_subjects", "ind.planned_subjects", line, minimum=1)
        return IndSettings(anniversary, planned)
