"""Reading import files: broken quoting, line breaks, sizes and control characters.

Every importer reads through `csvio.read_rows`. A file is either imported exactly as
written or refused whole, with a message naming the line where the bad row starts,
and the database unchanged: on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, inspect, select, text

from ltfu.db import models as m
from ltfu.errors import ImportRowsError, ValidationError
from ltfu.services.database import open_database
from ltfu.services.imports import import_events, import_results, import_visits
from ltfu.services.subjects import NewSubject, enrol, import_subjects

D = dt.date
TODAY = D(2026, 12, 1)
HEADER = "subject_id,site,dose_level,infusion_date,given_name,address,city\n"
GOOD = "CD1922-001,BJ01,DL1,2024-01-15,Wei,12 Main St,Beijing\n"


def write(tmp_path: Path, content: str | bytes, name: str = "subjects.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def refused(call, *args) -> str:  # type: ignore[no-untyped-def]
    """The one-line message of a refused import (a traceback fails the test)."""
    with pytest.raises(ValidationError) as caught:
        call(*args)
    return str(caught.value)


def study_ids(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return sorted(s.scalars(select(m.Subject.study_id)))


def addresses(db) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return dict(s.execute(select(m.Subject.study_id, m.Contact.address).join(m.Contact)).all())


# --- one example per variant, through the real importers -------------------------


def test_an_unclosed_quote_does_not_swallow_the_rows_after_it(db, tmp_path):
    path = write(
        tmp_path,
        "subject_id,site,dose_level,infusion_date,address\n"
        'CD1922-001,BJ01,DL1,2024-01-15,"12 Main St\n'
        "CD1922-002,BJ01,DL1,2024-02-15,3 High St\n"
        "CD1922-003,BJ01,DL1,2024-03-15,4 Low St\n",
    )
    message = refused(import_subjects, db, path, TODAY)
    assert "line 2: the quote that opens address is never closed" in message
    assert study_ids(db) == []


def test_an_unclosed_quote_closed_by_a_stray_one_rows_later_is_refused(db, tmp_path):
    path = write(
        tmp_path,
        "subject_id,site,dose_level,infusion_date,address\n"
        "CD1922-001,BJ01,DL1,2024-01-15,1 Side St\n"
        'CD1922-002,BJ01,DL1,2024-01-15,"12 Main St\n'
        "CD1922-003,BJ01,DL1,2024-02-15,3 High St\n"
        'CD1922-004,BJ01,DL1,2024-03-15,4 Low St"\n',
    )
    message = refused(import_subjects, db, path, TODAY)
    assert "line 3: address runs over lines 3 to 5" in message and "closing quote missing" in message
    assert study_ids(db) == []


def test_an_unclosed_quote_closed_in_the_middle_of_a_later_row_is_refused(db, tmp_path):
    path = write(
        tmp_path,
        "subject_id,site,dose_level,infusion_date,address,city\n"
        'CD1922-001,BJ01,DL1,2024-01-15,"12 Main St,Beijing\n'
        'CD1922-002,BJ01,DL1,2024-02-15,3 High St",Shanghai\n',
    )
    message = refused(import_subjects, db, path, TODAY)
    assert "line 2: address runs over lines 2 to 3" in message and "closing quote missing" in message
    assert study_ids(db) == []


def test_a_quoted_address_over_several_lines_is_stored_as_written(db, tmp_path):
    path = write(
        tmp_path,
        HEADER + 'CD1922-001,BJ01,DL1,2024-01-15,Wei,"Flat 2, 12 Main St\r\nHaidian ""North""",Beijing\r\n'
        "CD1922-002,BJ01,DL1,2024-01-15,Li,,Shanghai\n",
    )
    assert import_subjects(db, path, TODAY).added == 2
    assert addresses(db) == {"CD1922-001": 'Flat 2, 12 Main St\nHaidian "North"', "CD1922-002": None}


def test_a_line_number_after_a_multi_line_address_is_the_physical_line(db, tmp_path):
    path = write(
        tmp_path,
        HEADER + 'CD1922-001,BJ01,DL1,2024-01-15,Wei,"Flat 2\nHaidian\nNorth",Beijing\n'
        "CD1922-002,BJ01,DL1,2024-13-15,Li,,Shanghai\n",
    )
    assert "line 5: infusion_date '2024-13-15'" in refused(import_subjects, db, path, TODAY)


def test_a_quote_inside_an_unquoted_value_is_refused(db, tmp_path):
    path = write(tmp_path, HEADER + GOOD + 'CD1922-002,BJ01,DL1,2024-01-15,Wei,12 "Main" St,Beijing\n')
    message = refused(import_subjects, db, path, TODAY)
    assert "line 3: a quote inside the unquoted value of address" in message
    assert study_ids(db) == []


def test_text_after_a_closing_quote_is_refused(db, tmp_path):
    path = write(tmp_path, HEADER + GOOD + 'CD1922-002,BJ01,DL1,2024-01-15,"Wei"Li,12 Main St,Beijing\n')
    assert "line 3: text after the closing quote of given_name" in refused(import_subjects, db, path, TODAY)
    assert study_ids(db) == []


def test_a_quoted_line_break_outside_the_address_is_refused(db, tmp_path):
    path = write(tmp_path, HEADER + 'CD1922-002,BJ01,DL1,2024-01-15,"Wei\nLi",12 Main St,Beijing\n' + GOOD)
    message = refused(import_subjects, db, path, TODAY)
    assert "line 2: given_name holds a line break" in message and "only address may span lines" in message
    assert study_ids(db) == []


def test_a_quoted_line_break_in_an_event_detail_is_refused(db, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2024, 1, 15)), TODAY)
    path = write(
        tmp_path, 'subject_id,date,event,detail\nCD1922-001,2024-06-01,death,"sepsis\nCD1922-001"\n', "events.csv"
    )
    message = refused(import_events, db, path, TODAY)
    assert "line 2: detail holds a line break" in message and "no value may span lines" in message


def test_a_quote_left_open_at_the_end_of_the_file_is_refused(db, tmp_path):
    path = write(tmp_path, HEADER + GOOD + 'CD1922-002,BJ01,DL1,2024-01-15,Wei,"12 Main St')
    assert "line 3: the quote that opens address is never closed" in refused(import_subjects, db, path, TODAY)
    assert study_ids(db) == []


def test_a_header_with_an_unclosed_quote_is_refused_at_line_1(db, tmp_path):
    path = write(tmp_path, 'subject_id,"site,dose_level,infusion_date\n' + GOOD)
    assert "subjects.csv line 1: the header cannot be read" in refused(import_subjects, db, path, TODAY)


@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_line_ends_of_every_kind_count_lines_alike(db, tmp_path, end):
    rows = [HEADER.strip(), GOOD.strip(), "CD1922-002,BJ01,DL1,2024-02-30,Li,,Shanghai"]
    path = write(tmp_path, end.join(rows) + end)
    assert "line 3: infusion_date '2024-02-30'" in refused(import_subjects, db, path, TODAY)
    path = write(tmp_path, end.join(rows[:2]) + end)
    assert import_subjects(db, path, TODAY).added == 1


def test_a_byte_order_mark_is_read_and_a_second_one_is_refused(db, tmp_path):
    assert import_subjects(db, write(tmp_path, "\ufeff" + HEADER + GOOD), TODAY).added == 1
    message = refused(import_subjects, db, write(tmp_path, "\ufeff\ufeff" + HEADER + GOOD), TODAY)
    assert "line 1: column 1 contains an invisible control character (U+FEFF)" in message


def test_a_file_that_is_not_utf8_names_the_line(db, tmp_path):
    path = write(tmp_path, (HEADER + GOOD).encode() + "CD1922-002,BJ01,DL1,2024-01-15,Zoé,,Paris\n".encode("latin-1"))
    assert "line 3: not UTF-8 text (byte 0xE9)" in refused(import_subjects, db, path, TODAY)
    path = write(tmp_path, (HEADER + GOOD).encode("utf-16"))
    assert "UTF-16" in refused(import_subjects, db, path, TODAY)


@pytest.mark.parametrize("size", [201, 200_000])
def test_a_value_over_its_column_size_is_refused_with_its_line(db, tmp_path, size):
    path = write(tmp_path, HEADER + GOOD + f"CD1922-002,BJ01,DL1,2024-01-15,{'W' * size},,Beijing\n")
    message = refused(import_subjects, db, path, TODAY)
    assert f"line 3: given_name is {size:,} characters long; at most 200 are allowed" in message
    assert study_ids(db) == []


@pytest.mark.parametrize("end", ["", "\n", "\r\n"])
def test_a_value_one_over_its_size_on_the_shortest_line_that_holds_it_is_refused(db, tmp_path, end):
    """A plain line's values are measured only when the line is long enough to hold one
    over the shortest limit (its length less the commas): the shortest such line is."""
    header = "subject_id,date,analyte,value,unit,qualifier,assay\n"
    path = write(tmp_path, header + ",,,,,," + "A" * 65 + end)
    assert "line 2: assay is 65 characters long; at most 64" in refused(import_results, db, path, TODAY)


def test_an_extremely_long_quoted_line_is_refused_with_its_line(db, tmp_path):
    path = write(tmp_path, HEADER + GOOD + 'CD1922-002,BJ01,DL1,2024-01-15,Wei,"' + '""' * 300_000 + '",Beijing\n')
    assert "line 3: address is 300,000 characters long; at most 500" in refused(import_subjects, db, path, TODAY)


def test_a_postal_code_longer_than_its_database_column_is_refused(db, tmp_path):
    path = write(tmp_path, "subject_id,site,dose_level,infusion_date,postal_code\nA1,BJ01,DL1,2024-01-15," + "9" * 33)
    assert "line 2: postal_code is 33 characters long; at most 32" in refused(import_subjects, db, path, TODAY)


@pytest.mark.parametrize(
    ("char", "said"),
    [
        ("\x00", "a NUL character"),
        ("\x1b", "an invisible control character (U+001B)"),
        ("\x0c", "an invisible control character (U+000C)"),
        ("\u202e", "an invisible control character (U+202E)"),
        ("\u200f", "an invisible control character (U+200F)"),
        ("\u200e", "an invisible control character (U+200E)"),
        ("\u061c", "an invisible control character (U+061C)"),
        ("\x85", "an invisible control character (U+0085)"),
        ("\t", "a tab"),
    ],
)
def test_control_characters_are_refused_with_line_and_column(db, tmp_path, char, said):
    path = write(tmp_path, HEADER + GOOD + f"CD1922-002,BJ01,DL1,2024-01-15,W{char}ei,,Beijing\n")
    message = refused(import_subjects, db, path, TODAY)
    assert f"line 3: given_name contains {said}" in message
    assert study_ids(db) == []


def test_a_nul_in_the_header_suggests_utf16(db, tmp_path):
    path = write(tmp_path, "subject_id,site\x00,dose_level,infusion_date\n" + GOOD)
    assert "line 1: column 2 contains a NUL character (is the file UTF-16?" in refused(import_subjects, db, path, TODAY)


def test_a_tab_in_a_free_text_reason_is_kept(db, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2024, 1, 15)), TODAY)
    path = write(
        tmp_path,
        "subject_id,visit_code,date,status,mode,reason\nCD1922-001,,2024-05-02,done,phone,called\tback\n",
        "visits.csv",
    )
    assert import_visits(db, path, TODAY).added == 1
    with db.session() as s:
        assert s.scalar(select(m.VisitStatusChange.reason)) == "called\tback"


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("CD1922-002,BJ01,DL1,2024-01-15,Wei,,Beijing,extra", "line 3: 8 fields where the header has 7"),
        ("CD1922-002,BJ01,DL1,2024-01-15,Wei,Beijing", "line 3: 6 fields where the header has 7"),
    ],
)
def test_a_row_with_a_comma_too_many_or_too_few_refuses_the_file(db, tmp_path, row, said):
    path = write(tmp_path, HEADER + GOOD + row + "\n" + GOOD.replace("001", "003"))
    assert said in refused(import_subjects, db, path, TODAY)
    assert study_ids(db) == []


def test_a_file_with_only_a_header_is_refused(db, tmp_path):
    assert "line 2: no data row under the header" in refused(import_subjects, db, write(tmp_path, HEADER), TODAY)
    assert "line 2: no data row" in refused(import_subjects, db, write(tmp_path, HEADER + "\n,,,,,,\n"), TODAY)
    assert "line 1: the file is empty" in refused(import_subjects, db, write(tmp_path, ""), TODAY)


def test_a_dlt_description_longer_than_the_adverse_event_term_is_refused(db, tmp_path):
    enrol(db, NewSubject("CD1922-001", "BJ01", "DL1", D(2024, 1, 15)), TODAY)
    path = write(tmp_path, f"subject_id,date,event,detail\nCD1922-001,2024-01-20,dlt,{'x' * 201}\n", "events.csv")
    assert "line 2: a dlt description is at most 200 characters" in refused(import_events, db, path, TODAY)


@pytest.mark.parametrize(
    "content",
    [
        'a,"b\n',
        '"',
        '""""',
        'subject_id,date,analyte,value,unit\n"',
        'subject_id,date,analyte,value,unit\nx,"y"z,"',
        "subject_id,date,analyte,value,unit\n\x00\n",
        "subject_id,date,analyte,value,unit\r\r\r",
        "\ufeff",
        "subject_id,date,analyte,value,unit\n" + '"' * 100_001,
    ],
)
def test_no_malformed_file_ends_in_a_traceback(db, tmp_path, content):
    message = refused(import_results, db, write(tmp_path, content, "results.csv"), TODAY)
    assert re.search(r"results\.csv.* line \d+", message)


# --- for any generated file: refused with a line and nothing changed, or stored exactly ---

SUBJECTS = {"HX-001": D(2024, 1, 15), "HX-002": D(2023, 6, 1), "HX-003": D(2025, 3, 10)}
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

words = (
    st.text(alphabet=st.sampled_from(list("abcXYZ019 ,;'\"-/éü张伟")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)
address_text = st.lists(words, min_size=1, max_size=3).map("\n".join)
days = st.integers(min_value=5, max_value=500)

CORRUPTIONS = (
    ['"', "\n", "\r", "\r\n", ",", "\x00", "\x1b", "\u202e", '"\n', '""', "\t"]
    + ["x" * 3, "x" * 70, "y" * 600, "z" * 2100, "w" * 200_000]
    + ["<delete>", "<truncate>", "<open quote>", "<close quote>"]
)
corruption = st.tuples(st.sampled_from(CORRUPTIONS), st.floats(min_value=0, max_value=1))


def render(header: list[str], rows: list[list[str]], end: str, bom: bool, damage: list) -> str:  # type: ignore[type-arg]
    """RFC 4180 (the csv module's writer leaves a \\n unquoted when the line end is \\r), then the damage."""

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if re.search(r'[,"\r\n]', value) else value

    content = "".join(",".join(map(cell, row)) + end for row in [header, *rows])
    for what, where in damage:
        at = int(where * len(content))
        if what == "<delete>":
            content = content[:at] + content[at + 1 :]
        elif what == "<truncate>":
            content = content[:at]
        elif what in ("<open quote>", "<close quote>"):
            # A quote where a value starts (after a comma) or ends (before a line end),
            # the nearest to `at`: how a quote left open swallows the rows after it.
            marks = (
                [i + 1 for i, c in enumerate(content) if c == ","]
                if what == "<open quote>"
                else [i for i, c in enumerate(content) if c in "\r\n"]
            )
            if marks:
                spot = min(marks, key=lambda i: abs(i - at))
                content = content[:spot] + '"' + content[spot:]
        else:
            content = content[:at] + what + content[at:]
    return ("\ufeff" if bom else "") + content


def as_written(content: str, multiline: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """What the file says, read by the csv module (independent of the program's reader)."""
    reader = csv.reader(io.StringIO(content.removeprefix("\ufeff"), newline=""), strict=True)
    header = [h.strip() for h in next(reader)]
    rows = []
    for values in reader:
        if not "".join(values).strip():
            continue
        assert len(values) == len(header), "a file with a row of the wrong width was imported"
        row = dict(zip(header, (v.strip() for v in values), strict=True))
        for column, value in row.items():
            assert CONTROL.search(value) is None, f"{column}: a control character was imported"
            if column in multiline:
                row[column] = re.sub(r"\r\n|\r", "\n", value)
            else:
                assert "\n" not in value and "\r" not in value, f"{column}: a line break was imported"
        rows.append(row)
    return rows


def table_rows(url: str) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    """Every row of every table, in a stable order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                table: sorted(
                    (tuple(map(repr, row)) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),
                )
                for table in sorted(inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


def sqlite_dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def assert_refused_with_line(exc: ValidationError, content: str) -> None:
    lines = len(re.findall(r"\r\n|\r|\n", content)) + 2
    if isinstance(exc, ImportRowsError):
        assert exc.problems and all(1 <= line <= lines for line, _ in exc.problems), str(exc)
    else:
        found = re.search(r" line (\d+)", str(exc))
        assert found and 1 <= int(found.group(1)) <= lines, str(exc)


class Scene:
    """One importer against one database kind: a prepared database, fresh per example
    on SQLite (a file copy), shared on PostgreSQL (every table compared around each
    import)."""

    def __init__(self, kind: str, folder: Path, pg_url: str | None, prepare) -> None:  # type: ignore[no-untyped-def]
        self.kind = kind
        self.folder = folder
        self.count = 0
        if kind == "sqlite":
            self.base = folder / "base.sqlite3"
            with open_database(str(self.base)) as db:
                self.context = prepare(db)
            self.base_dump = sqlite_dump(self.base)
            self.pg_db = None
        else:
            assert pg_url is not None
            self.url = pg_url
            self.pg_db = open_database(pg_url)
            self.context = prepare(self.pg_db)

    def run(self, importer, content: str, name: str, check, clean: bool) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        path = self.folder / f"{self.count}" / name
        path.parent.mkdir()
        path.write_text(content, encoding="utf-8", newline="")
        if self.kind == "sqlite":
            copy = self.folder / f"{self.count}" / "db.sqlite3"
            shutil.copyfile(self.base, copy)
            db = open_database(str(copy))
        else:
            db = self.pg_db
            before = table_rows(self.url)
        try:
            try:
                importer(db, path, TODAY)
            except ValidationError as exc:
                event("refused")
                assert not (clean and self.kind == "sqlite"), f"a valid file was refused: {exc}"
                assert_refused_with_line(exc, content)
                if self.kind == "sqlite":
                    db.dispose()
                    assert sqlite_dump(copy) == self.base_dump, "a refused import changed the database"
                else:
                    assert table_rows(self.url) == before, "a refused import changed the database"
                return
            event("damaged and imported" if not clean else "imported")
            check(db, as_written(content, ("address",)))
        finally:
            if self.kind == "sqlite":
                db.dispose()
                shutil.rmtree(path.parent)

    def close(self) -> None:
        if self.pg_db is not None:
            self.pg_db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def scene(request, tmp_path):
    """`scene(prepare)`: the test's Scene, made (and prepared) by the first example."""
    made: list[Scene] = []

    def make(prepare=lambda db: None) -> Scene:  # type: ignore[no-untyped-def]
        if not made:
            url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
            made.append(Scene(request.param, tmp_path, url, prepare))
            request.addfinalizer(made[0].close)
        return made[0]

    return make


def first_user(db) -> None:  # type: ignore[no-untyped-def]
    # Set-up mode records the operating-system login as the first user on the first
    # action, refused or not: that is the rights' business, not the file's.
    db.require("import")


def enrolled(db):  # type: ignore[no-untyped-def]
    for study_id, infusion in SUBJECTS.items():
        enrol(db, NewSubject(study_id, "BJ01", "DL2", infusion, birth_date=D(1990, 5, 5)), infusion)
    return plan_codes(db)


def draw_file(data, header: list[str], rows: list[list[str]]) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    """The rows as a CSV file with random line ends, maybe a BOM, and a few corruptions."""
    end = data.draw(st.sampled_from(["\n", "\r\n", "\r"]), label="line end")
    bom = data.draw(st.booleans(), label="bom")
    damage = data.draw(st.lists(corruption, max_size=3), label="damage")
    return render(header, rows, end, bom, damage), bool(damage)


HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

SUBJECT_HEADER = ["subject_id", "site", "dose_level", "infusion_date", "given_name", "address", "postal_code", "city"]
subject_row = st.tuples(
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["BJ01", "SH02"]),
    st.sampled_from(["DL1", "DL2", "DL3"]),
    st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 6, 30)),
    words,
    address_text | st.just(""),
    st.from_regex(r"\A[0-9]{6}\Z"),
    words,
)


@HYPOTHESIS
@given(data=st.data())
def test_any_subjects_file_is_stored_exactly_or_refused_unchanged(scene, data):
    run = scene(first_user)
    made = data.draw(st.lists(subject_row, min_size=1, max_size=6, unique_by=lambda r: r[0]))
    # Ids unique across examples: the PostgreSQL database is shared by all of them.
    rows = [[f"S{run.count}-{n}", site, dose, day.isoformat(), *rest] for n, site, dose, day, *rest in made]
    content, damaged = draw_file(data, SUBJECT_HEADER, rows)

    def check(db, written) -> None:  # type: ignore[no-untyped-def]
        with db.session() as s:
            for row in written:
                # The generated words never hold an id: one in a value is a swallowed row.
                assert not re.search(r"S\d+-\d", ",".join(row.values())[len(row["subject_id"]) :]), row
                stored = s.execute(
                    select(
                        m.Site.code,
                        m.Subject.dose_level,
                        m.Subject.enrolled_on,
                        m.Contact.given_name,
                        m.Contact.address,
                        m.Contact.postal_code,
                        m.Contact.city,
                    )
                    .join(m.Site, m.Site.id == m.Subject.site_id)
                    .join(m.Contact, m.Contact.subject_id == m.Subject.id)
                    .where(m.Subject.study_id == row["subject_id"])
                ).one()
                assert tuple(stored) == (
                    row["site"],
                    row["dose_level"],
                    D.fromisoformat(row["infusion_date"]),
                    *(row[c] or None for c in ("given_name", "address", "postal_code", "city")),
                )

    run.run(import_subjects, content, "subjects.csv", check, clean=not damaged)


def plan_codes(db) -> dict[str, list[tuple[str, dt.date]]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        found: dict[str, list[tuple[str, dt.date]]] = {}
        for study_id, code, nominal in s.execute(
            select(m.Subject.study_id, m.Visit.code, m.Visit.nominal_date)
            .join(m.Visit, m.Visit.subject_id == m.Subject.id)
            .where(m.Visit.code.is_not(None), m.Visit.nominal_date <= TODAY)
            .order_by(m.Visit.nominal_date)
        ):
            found.setdefault(study_id, []).append((code, nominal))
        return found


def completed_visits(db) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return set(
            s.execute(
                select(m.Subject.study_id, m.Visit.code)
                .join(m.Visit, m.Visit.subject_id == m.Subject.id)
                .where(m.Visit.state == "completed")
            ).all()
        )


@HYPOTHESIS
@given(data=st.data())
def test_any_visits_file_is_stored_exactly_or_refused_unchanged(scene, data):
    run = scene(enrolled)
    picks = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(SUBJECTS)), st.integers(0, 5), st.sampled_from(["clinic", "phone"]), words
            ),
            min_size=1,
            max_size=6,
            unique_by=lambda t: (t[0], t[1]),
        )
    )
    rows = []
    for study_id, index, mode, reason in picks:
        code, nominal = run.context[study_id][index]
        rows.append([study_id, code, nominal.isoformat(), "done", mode, reason])
    content, damaged = draw_file(data, ["subject_id", "visit_code", "date", "status", "mode", "reason"], rows)
    # On the shared PostgreSQL database a visit an earlier example recorded as done
    # on the same date is "already present": this file's mode and reason are not stored.
    already = completed_visits(run.pg_db) if run.pg_db is not None else set()

    def check(db, written) -> None:  # type: ignore[no-untyped-def]
        with db.session() as s:
            for row in written:
                if (row["subject_id"], row["visit_code"]) in already:
                    continue
                visit = s.execute(
                    select(m.Visit.id, m.Visit.state, m.Visit.actual_date, m.Visit.actual_mode)
                    .join(m.Subject, m.Subject.id == m.Visit.subject_id)
                    .where(m.Subject.study_id == row["subject_id"], m.Visit.code == row["visit_code"])
                ).one()
                assert tuple(visit)[1:] == ("completed", D.fromisoformat(row["date"]), row["mode"])
                reasons = s.scalars(
                    select(m.VisitStatusChange.reason).where(m.VisitStatusChange.visit_id == visit.id)
                ).all()
                assert row["reason"] in reasons

    run.run(import_visits, content, "visits.csv", check, clean=not damaged)


@HYPOTHESIS
@given(data=st.data())
def test_any_events_file_is_stored_exactly_or_refused_unchanged(scene, data):
    run = scene(enrolled)
    picks = data.draw(
        st.lists(
            st.tuples(st.sampled_from(sorted(SUBJECTS)), st.sampled_from(["alive", "dlt"]), days, words),
            min_size=1,
            max_size=6,
            unique_by=lambda t: (t[0], t[1], t[2] % 28 if t[1] == "dlt" else t[2]),
        )
    )
    rows = []
    for study_id, kind, after, detail in picks:
        # A DLT within the first four weeks; an alive contact any day after infusion, not later than today.
        offset = after % 28 + 1 if kind == "dlt" else after
        day = min(SUBJECTS[study_id] + dt.timedelta(days=offset), TODAY)
        rows.append([study_id, day.isoformat(), kind, detail])
    content, damaged = draw_file(data, ["subject_id", "date", "event", "detail"], rows)

    def check(db, written) -> None:  # type: ignore[no-untyped-def]
        with db.session() as s:
            for row in written:
                day = D.fromisoformat(row["date"])
                subject = m.Subject.study_id == row["subject_id"]
                if row["event"] == "dlt":
                    stored = s.scalars(
                        select(m.AdverseEvent.term)
                        .join(m.Subject, m.Subject.id == m.AdverseEvent.subject_id)
                        .where(subject, m.AdverseEvent.onset_date == day, m.AdverseEvent.dlt.is_(True))
                    ).all()
                else:
                    stored = s.scalars(
                        select(m.ClinicalEvent.detail)
                        .join(m.Subject, m.Subject.id == m.ClinicalEvent.subject_id)
                        .where(subject, m.ClinicalEvent.event_date == day, m.ClinicalEvent.kind == row["event"])
                    ).all()
                assert (row["detail"] or None) in stored

    run.run(import_events, content, "events.csv", check, clean=not damaged)


ANALYTES = {"car_copies": "copies/ug", "igg": "g/L", "rcl": ""}


@HYPOTHESIS
@given(data=st.data())
def test_any_results_file_is_stored_exactly_or_refused_unchanged(scene, data):
    run = scene(enrolled)
    picks = data.draw(
        st.lists(
            st.tuples(
                st.sampled_from(sorted(SUBJECTS)),
                st.sampled_from(sorted(ANALYTES)),
                days,
                st.integers(min_value=1, max_value=99_999),
                words | st.just(""),
            ),
            min_size=1,
            max_size=6,
            unique_by=lambda t: (t[0], t[1], t[2]),
        )
    )
    rows = []
    for study_id, analyte, after, number, assay in picks:
        day = min(SUBJECTS[study_id] + dt.timedelta(days=after), TODAY)
        value = (
            "negative" if analyte == "rcl" else (f"{number % 2900 / 100 + 1:g}" if analyte == "igg" else f"{number}.5")
        )
        rows.append([study_id, day.isoformat(), analyte, value, ANALYTES[analyte], assay])
    content, damaged = draw_file(data, ["subject_id", "date", "analyte", "value", "unit", "assay"], rows)

    def check(db, written) -> None:  # type: ignore[no-untyped-def]
        with db.session() as s:
            for row in written:
                stored = s.execute(
                    select(m.Result.value, m.Result.category, m.Result.unit, m.Result.assay)
                    .join(m.Subject, m.Subject.id == m.Result.subject_id)
                    .where(
                        m.Subject.study_id == row["subject_id"],
                        m.Result.result_date == D.fromisoformat(row["date"]),
                        m.Result.analyte == row["analyte"],
                    )
                ).all()
                value = (None, row["value"]) if row["analyte"] == "rcl" else (float(row["value"]), None)
                assert (*value, row["unit"], row["assay"] or None) in [tuple(r) for r in stored]

    run.run(import_results, content, "results.csv", check, clean=not damaged)


def test_a_header_of_a_million_columns_is_refused_quickly_and_briefly(db, tmp_path):
    path = write(tmp_path, HEADER.strip() + ",x" * 1_000_000 + "\n" + GOOD)
    message = refused(import_subjects, db, path, TODAY)
    assert message.endswith("line 1: unknown column(s) x; repeated column(s) x.")
    path = write(tmp_path, HEADER.strip() + "".join(f",x{i}" for i in range(100)) + "\n" + GOOD)
    assert "unknown column(s) x0, x1, x2, x3, x4, x5, x6, x7 and 92 more" in refused(import_subjects, db, path, TODAY)
    assert "line 1: column 8 has no name" in refused(
        import_subjects, db, write(tmp_path, HEADER.strip() + ",\n"), TODAY
    )


@pytest.fixture
def both(any_db):
    return any_db


def test_values_postgresql_cannot_store_are_refused_alike_on_both(both, tmp_path):
    """A NUL, or a value longer than its column, was a traceback on PostgreSQL (and stored on SQLite)."""
    header = "subject_id,site,dose_level,infusion_date,given_name,postal_code,country,phone\n"
    for row, said in [
        ("A1,BJ01,DL1,2024-01-15,W\x00ei,,,", "line 2: given_name contains a NUL character"),
        ("A1,BJ01,DL1,2024-01-15,Wei,123456789012345678901234567890123,,", "line 2: postal_code is 33 characters"),
        ("A1,BJ01,DL1,2024-01-15,Wei,," + "C" * 101 + ",", "line 2: country is 101 characters"),
        ("A1,BJ01,DL1,2024-01-15,Wei,,," + "1" * 65, "line 2: phone is 65 characters"),
    ]:
        assert said in refused(import_subjects, both, write(tmp_path, header + row + "\n"), TODAY)
    assert study_ids(both) == []
    enrol(both, NewSubject("CD1922-001", "BJ01", "DL1", D(2024, 1, 15)), TODAY)
    events = "subject_id,date,event,detail\nCD1922-001,2024-01-20,dlt,{}\n"
    assert "line 2: a dlt description is at most 200" in refused(
        import_events, both, write(tmp_path, events.format("x" * 201), "events.csv"), TODAY
    )
    assert "line 2: detail is 2,001 characters" in refused(
        import_events, both, write(tmp_path, events.format("x" * 2001), "events.csv"), TODAY
    )
    results = "subject_id,date,analyte,value,unit,assay\nCD1922-001,2024-02-01,igg,5,g/L,{}\n"
    assert "line 2: assay is 65 characters" in refused(
        import_results, both, write(tmp_path, results.format("q" * 65), "results.csv"), TODAY
    )
    assert import_results(both, write(tmp_path, results.format("q" * 64), "results.csv"), TODAY).added == 1
