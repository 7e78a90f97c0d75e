"""The printed words of each language, read from editable TOML files.

``ltfu/resources/letters/<language>.toml`` holds every word a letter, schedule, wallet
card or calendar prints in that language (see the comments in ``en.toml``). A site can
edit the files or point the renderers at its own folder. A file is read and checked
once (again only when it changes): every key must be there, no unknown key or
placeholder is accepted, and every error names the file and the key.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from ltfu.errors import ValidationError
from ltfu.vocabulary import LANGUAGE, SCREEN_EXTRAS, SCREEN_QUESTIONS

_LETTER = frozenset(
    {
        "recipient_name",
        "patient_name",
        "study_id",
        "visit_code",
        "visit_label",
        "window_start",
        "window_end",
        "suggested_date",
        "contact_phone",
        "site_name",
        "site_phone",
        "print_date",
        "data_cut",
    }
)
_LETTER_BODY = {
    "subject": "text",
    "greeting": "text",
    "before": "lines",
    "mode_clinic": "text",
    "mode_phone": "text",
    "assessments_intro": "text",
    "after": "lines",
    "closing": "lines",
    "signature": "lines",
}
_STATUSES = ("upcoming", "due", "overdue", "completed", "missed", "cancelled")
_DATE_FIELDS = frozenset(
    {
        "year",
        "month",
        "month_number",
        "month_short",
        "day",
        "weekday",
        "weekday_short",
        "start",
        "end",
        "start_day",
        "start_month_short",
        "start_month_number",
        "end_day",
        "end_month_short",
        "end_month_number",
    }
)

# section -> (placeholders its texts may use, {key: "text" | "lines"}); None: any key (codes).
_SCHEMA: dict[str, tuple[frozenset[str], dict[str, str] | None]] = {
    "letter": (
        _LETTER,
        dict.fromkeys(
            (
                "date_label",
                "reference_label",
                "phone_label",
                "visit_label",
                "window_label",
                "window_text",
                "window_text_single",
                "suggested_label",
                "mode_label",
                "footer",
            ),
            "text",
        ),
    ),
    "patient": (_LETTER, _LETTER_BODY),
    "physician": (_LETTER, _LETTER_BODY),
    "questionnaire": (
        _LETTER,
        dict.fromkeys(
            (
                "title",
                "intro",
                "question",
                "yes",
                "no",
                "dont_know",
                *SCREEN_QUESTIONS,
                *SCREEN_EXTRAS,
                "details",
                "filled_in",
                "return",
            ),
            "text",
        ),
    ),
    "visit_labels": (frozenset({"n", "code"}), dict.fromkeys(("day", "month", "year", "other"), "text")),
    "modes": (frozenset(), dict.fromkeys(("clinic", "phone", "questionnaire", "records"), "text")),
    "assessments": (frozenset(), None),
    "assessment_names": (frozenset(), None),
    "statuses": (frozenset(), dict.fromkeys(_STATUSES, "text")),
    "causes": (frozenset(), None),
    "schedule": (
        frozenset({"study_id", "infusion_date", "protocol_title", "today"}),
        dict.fromkeys(
            (
                "title",
                "subtitle",
                "intro",
                "visit",
                "planned",
                "window",
                "mode",
                "assessments",
                "status",
                "done",
                "legend",
                "footer",
            ),
            "text",
        ),
    ),
    "card": (
        frozenset({"study_id", "today", "site_phone"}),
        dict.fromkeys(("page_title", "instructions", "title", "study", "call", "next", "none", "printed"), "text"),
    ),
    "calendar": (
        frozenset({"date_from", "date_to", "week_start", "week_end", "count", "data_cut"}),
        dict.fromkeys(
            (
                "title",
                "period",
                "week",
                "count",
                "empty",
                "study",
                "visit",
                "window",
                "planned",
                "mode",
                "status",
                "footer",
            ),
            "text",
        ),
    ),
    "page": (frozenset({"page", "pages"}), dict.fromkeys(("number", "phone"), "text")),
    "dates": (
        _DATE_FIELDS,
        {
            "weekdays": "lines",
            "weekdays_short": "lines",
            "months": "lines",
            "months_short": "lines",
            "long": "text",
            "short": "text",
            "short_weekday": "text",
            "range_same_year": "text",
            "range": "text",
        },
    ),
}
# A site's own file may leave these out: the shipped file's are used (`ltfu.reports.dates`).
_OPTIONAL = frozenset({"dates"})
# How many words each list of [dates] holds.
_DATE_LISTS = {"weekdays": 7, "weekdays_short": 7, "months": 12, "months_short": 12}


def default_folder() -> Traversable:
    """The folder of the texts that ship with the program."""
    return files("ltfu").joinpath("resources", "letters")


@dataclass(frozen=True)
class Texts:
    """The checked words of one language file."""

    source: str
    """The file, as named in error messages."""
    language: str
    sections: Mapping[str, Mapping[str, str | tuple[str, ...]]]

    def text(self, section: str, key: str, **values: object) -> str:
        """One text with its placeholders filled in."""
        template = self.sections[section][key]
        assert isinstance(template, str), (section, key)
        return self._fill(section, key, template, values)

    def lines(self, section: str, key: str, **values: object) -> tuple[str, ...]:
        templates = self.sections[section][key]
        assert isinstance(templates, tuple), (section, key)
        return tuple(self._fill(section, key, template, values) for template in templates)

    def _fill(self, section: str, key: str, template: str, values: Mapping[str, object]) -> str:
        try:
            return template.format_map(values)
        except KeyError as missing:  # the file was checked, so this is a caller that did not pass a value
            raise ValidationError(
                f"{self.source}: [{section}] {key}: no value for placeholder {{{missing.args[0]}}}"
            ) from None

    def visit_label(self, code: str) -> str:
        """ "Month 12 visit" for M12 (by the file's [visit_labels])."""
        from ltfu.reports.dates import visit_number

        parsed = visit_number(code)
        if parsed is None:
            return self.text("visit_labels", "other", code=code, n="")
        unit, number = parsed
        return self.text("visit_labels", unit, n=number, code=code)

    def assessment_phrases(self, codes: tuple[str, ...]) -> tuple[str, ...]:
        """The lay phrase of each code, each phrase once, in the order of the codes."""
        phrases: dict[str, None] = {}
        for code in codes:
            phrases[self._code("assessments", code)] = None
        return tuple(phrases)

    def assessment_name(self, code: str) -> str:
        return self._code("assessment_names", code)

    def _code(self, section: str, code: str) -> str:
        try:
            return self.sections[section][code]  # type: ignore[return-value]  # a code section holds texts (checked on load)
        except KeyError:
            raise ValidationError(
                f"{self.source}: [{section}] has no entry for assessment code {code!r}; add one to the file"
            ) from None

    def status_word(self, status: str, cause: str | None = None) -> str:
        word = self.text("statuses", status)
        if status == "cancelled" and cause:
            causes = self.sections["causes"]
            shown = causes.get(cause, cause.replace("_", " "))
            return f"{word}（{shown}）" if LANGUAGE[self.language].script == "cjk" else f"{word} ({shown})"
        return word


def load_texts(language: str, folder: str | Path | Traversable | None = None) -> Texts:
    """The checked texts of `language` from `folder` (default: the shipped ones).

    Read once per file version: a changed file is read again on the next call.
    """
    if isinstance(folder, str):
        folder = Path(folder)
    path = (folder if folder is not None else default_folder()).joinpath(f"{language}.toml")
    if not path.is_file():
        raise ValidationError(f"{path}: no printed texts for language {language!r} (file not found)")
    if isinstance(path, Path):
        stat = path.stat()
        return _load_file(str(path), language, stat.st_mtime_ns, stat.st_size)
    return _parse(str(path), language, path.read_bytes())


@functools.lru_cache(maxsize=16)
def _load_file(path: str, language: str, _mtime_ns: int, _size: int) -> Texts:
    return _parse(path, language, Path(path).read_bytes())


def _parse(source: str, language: str, data: bytes) -> Texts:
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ValidationError(f"{source}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ValidationError(f"{source}: {error}") from None
    if raw.get("language") != language:
        raise ValidationError(f"{source}: key language must be {language!r}, found {raw.get('language')!r}")
    sections: dict[str, dict[str, str | tuple[str, ...]]] = {}
    for name, value in raw.items():
        if name == "language":
            continue
        if name not in _SCHEMA:
            raise ValidationError(f"{source}: unknown section or key {name!r} (known: {', '.join(_SCHEMA)})")
        if not isinstance(value, dict):
            raise ValidationError(f"{source}: {name} must be a [{name}] section")
        sections[name] = _check_section(source, name, value)
    for name in _SCHEMA:
        if name not in sections and name not in _OPTIONAL:
            raise ValidationError(f"{source}: missing section [{name}]")
    for key, count in _DATE_LISTS.items():
        found = sections.get("dates", {}).get(key)
        if found is not None and len(found) != count:
            raise ValidationError(f"{source}: [dates] {key} must list {count} words, not {len(found)}")
    return Texts(source=source, language=language, sections=sections)


def _check_section(source: str, section: str, table: dict) -> dict[str, str | tuple[str, ...]]:
    placeholders, keys = _SCHEMA[section]
    checked: dict[str, str | tuple[str, ...]] = {}
    for key, value in table.items():
        kind = "text" if keys is None else keys.get(key)
        where = f"{source}: [{section}] {key}"
        if kind is None:
            raise ValidationError(f"{where}: unknown key (known: {', '.join(keys or ())})")
        if kind == "text":
            if not isinstance(value, str):
                raise ValidationError(f"{where}: must be text in quotes")
            _check_placeholders(where, value, placeholders)
            checked[key] = value
        else:
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValidationError(f'{where}: must be a list of texts, like ["first", "second"]')
            for item in value:
                _check_placeholders(where, item, placeholders)
            checked[key] = tuple(value)
    for key in keys or ():
        if key not in checked:
            raise ValidationError(f"{source}: [{section}] missing key {key}")
    return checked


def _check_placeholders(where: str, text: str, allowed: frozenset[str]) -> None:
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError(f"{where}: {error} (write {{{{ or }}}} for a literal brace)") from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if spec or conversion:
            raise ValidationError(f"{where}: placeholder {{{field}}} takes no format or conversion")
        if field not in allowed:
            shown = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
            raise ValidationError(f"{where}: unknown placeholder {{{field}}} (allowed here: {shown})")
