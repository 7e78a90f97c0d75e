"""The digests `ltfu check` compares, held to their definitions: an entry's hash is SHA-256
over its fields' text joined by a unit separator (None as nothing); a created record's
print is the digest of its fields' values, in `RECORD_FIELDS` order, as `from_text` reads them."""

from __future__ import annotations

import enum
import hashlib
import json

import pytest

from ltfu.services import audit, trail


class _Kind(enum.StrEnum):
    CREATE = "create"


def _joined(*fields: object) -> str:
    text = "\x1f".join("" if f is None else f if type(f) is str else str(f) for f in fields)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_an_entry_hash_is_its_fields_joined_whatever_their_types():
    cases = [
        ("0" * 64, "2026-11-29T09:04:51.359157+00:00", 1, "create", "subject", 7, 7, None, None, '{"a": "é"}', "r"),
        ("ab", "at", None, _Kind.CREATE, "result", None, None, "rows", "(set)", 3.5, None),
        ("ab", "at", True, "update", "visit", 0, -1, "state", "", "x\x1fy", "why\nnot"),
    ]
    for fields in cases:
        assert audit._digest(*fields) == _joined(*fields)


def test_a_created_record_print_is_its_fields_as_the_replay_reads_them():
    for table, fields in trail.RECORD_FIELDS.items():
        kinds = trail.KINDS[table]
        for value in (None, "1", "True", "2026-01-02", "x"):
            values = {name: value for name in fields}
            expected = tuple(trail.from_text(kind, value) for kind in kinds)
            assert trail._expected_print(table, values) == trail._values_print(expected)
        assert trail._expected_print(table, {name: None for name in fields[1:]}) is None  # not complete


@pytest.mark.parametrize(
    "stored",
    [
        '{"a": 1, "b": "x"}',
        '{"a":1}x',
        '{"a":1}{"b":2}',
        ' {"a": 1}',
        '{"a": 1} ',
        "[1]",
        '"text"',
        "",
        None,
        "{",
        "\ufeff{}",
        '{"a": "\\ud800"}',
        "{}",
        "not json",
    ],
)
def test_a_create_entry_reads_as_json_loads_reads_it(stored):
    """The check's replay reads a create entry's record exactly as `json.loads` does ({}
    when it refuses the text): trailing data or a second document is never taken."""
    try:
        expected = json.loads(stored or "{}")
    except ValueError:
        expected = {}
    got = trail._created_values(stored)
    assert got == expected and type(got) is type(expected)
