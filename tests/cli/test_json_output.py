"""`--json` output is written in pieces by `cli.write_json`: the same text as
`json.dumps(..., ensure_ascii=False, indent=2)`, whatever the document holds."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from collections import OrderedDict
from enum import IntEnum, StrEnum
from typing import NamedTuple

import pytest

from ltfu import cli


class _Kind(StrEnum):
    A = "alpha"


class _Level(IntEnum):
    TWO = 2


class _Point(NamedTuple):
    x: int
    y: float


def _written(data) -> str:
    out = io.StringIO()
    cli.write_json(data, out.write)
    return out.getvalue()


def test_same_text_as_json_dumps():
    document = {
        "as_of": dt.date(2026, 11, 29),
        "empty": {},
        "none": [],
        "nested": [[], {}, [1, [2, {"x": None}]], ({"t": (1.5, -0.0)},)],
        "floats": [0.1, 1e-05, 1e100, 3.0, float("nan"), float("inf"), float("-inf"), 0.7403900349453275],
        "words": ["CD19+ 复发", 'quote " and \\ and \n', "\u2028", "emoji \U0001f600"],
        "flags": [True, False, None, 0, -7, 10**30],
        1: "int key",
        2.5: "float key",
        None: "null key",
        _Kind.A: [_Kind.A, _Level.TWO],
        "empty inside": {"positive_dates": [], "counts": {}, "n": 3},
        "subclasses": [OrderedDict(a=1, b=[]), OrderedDict(c={"d": 1}), _Point(1, 2.5), [_Point(3, 4)]],
        "many": {f"CD1922-{i:05d}": {"n": i, "peak": i / 7, "reason": None} for i in range(3000)},
    }
    document["bool keys"] = {True: 1, False: 0}
    expected = json.dumps(document, ensure_ascii=False, indent=2, default=cli._json_default)
    assert _written(document) == expected


def test_a_value_json_cannot_take_is_refused():
    with pytest.raises(TypeError):
        _written({"x": object()})


# sha256 of `ltfu --json endpoints --as-of 2026-11-29` on `ltfu demo --subjects 40 --today
# 2026-11-29`, as written before the endpoints and the JSON writer were made faster: a
# change of these bytes is a change of behaviour (a demo change needs it recomputed).
_ENDPOINTS_OF_40 = "1aecfa9eac9ac90ef83de4a3e885d66dc7bc9f03527430df4f5a1af4623d64d5"


def test_endpoints_json_of_a_small_demo_keeps_its_bytes(tmp_path, capsys):
    db = str(tmp_path / "demo.sqlite3")
    assert cli.main(["--db", db, "demo", "--subjects", "40", "--today", "2026-11-29"]) == 0
    capsys.readouterr()
    assert cli.main(["--db", db, "--json", "endpoints", "--as-of", "2026-11-29"]) == 0
    written = capsys.readouterr().out.encode()
    assert hashlib.sha256(written).hexdigest() == _ENDPOINTS_OF_40
