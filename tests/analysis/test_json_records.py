"""Many records of one type are made JSON-ready a field at a time: the same dicts as one by one."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from hypothesis import given, settings
from hypothesis import strategies as st

from ltfu.analysis._json import JsonRecord, fields_dict, jsonable, records_dicts


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclass(frozen=True, slots=True)
class Row(JsonRecord):
    name: str
    count: int | None
    value: float | None
    flag: bool
    when: date | None
    colour: Colour
    days: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Shown(JsonRecord):
    name: str

    def to_dict(self) -> dict[str, object]:
        return {"shown": self.name.upper()}


rows = st.builds(
    Row,
    name=st.text(max_size=5),
    count=st.none() | st.integers(),
    value=st.none() | st.floats(allow_nan=True, allow_infinity=True),
    flag=st.booleans(),
    when=st.none() | st.dates(),
    colour=st.sampled_from(Colour),
    days=st.lists(st.integers(0, 99), max_size=3).map(tuple),
)


@settings(max_examples=30)
@given(st.lists(rows, min_size=65, max_size=120))
def test_many_records_give_the_dicts_of_each(records: list[Row]) -> None:
    expected = [fields_dict(r) for r in records]
    assert jsonable(tuple(records)) == expected
    assert records_dicts(records) == expected
    # No NaN or infinity survives: JSON has neither.
    assert all(v is None or math.isfinite(v) for v in (d["value"] for d in expected))


def test_chosen_fields_under_their_keys_in_order() -> None:
    records = [Row(f"s{i}", i, i / 2, i % 2 == 0, date(2026, 1, 1 + i % 28), Colour.RED, ()) for i in range(100)]
    got = records_dicts(records, {"n": "count", "half": "value", "on": "when"})
    assert got[3] == {"n": 3, "half": 1.5, "on": "2026-01-04"}
    assert list(got[3]) == ["n", "half", "on"]
    assert records_dicts(records, {"n": "count"})[7] == {"n": 7}
    assert records_dicts([], {"n": "count"}) == []


def test_a_record_with_its_own_to_dict_keeps_it() -> None:
    assert jsonable(tuple(Shown(f"s{i}") for i in range(100)))[5] == {"shown": "S5"}
    mixed = (*[Row("a", 1, 1.0, True, None, Colour.BLUE, ())] * 70, Shown("b"))
    assert jsonable(mixed)[-1] == {"shown": "B"}
    assert jsonable(mixed)[0]["colour"] == "blue"
