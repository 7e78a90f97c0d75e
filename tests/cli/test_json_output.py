"""`--json` output is written in pieces by `cli.write_json`: the same text as
`json.dumps(..., ensure_ascii=False, indent=2)`, whatever the document holds."""

from __future__ import annotations

import datetime as dt
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
