"""Turn result dataclasses into JSON-ready values (ISO dates, no NaN)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from itertools import repeat
from operator import attrgetter
from typing import Any

import numpy as np

JsonDict = dict[str, Any]
"""What a result's `to_dict` returns: field names to JSON-ready values."""

_PLAIN = frozenset({str, int, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def jsonable(value: Any) -> Any:
    """A JSON-ready copy of `value`: dataclasses become dicts (their own `to_dict`
    when they have one), dates ISO strings, enums their value, tuples lists, and a
    float that is NaN or infinite becomes None."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is date:
        return value.isoformat()
    if kind is tuple or kind is list:
        if len(value) > _COLUMNS_FROM and _plain_record(value):
            return records_dicts(value)
        return [jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if hasattr(kind, "__dataclass_fields__"):
        to_dict = getattr(value, "to_dict", None)
        return to_dict() if to_dict is not None else fields_dict(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int)):  # subclasses: bool-like, str-like
        return value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        return jsonable(value.item())
    raise TypeError(f"cannot make {kind.__name__} JSON-ready")


def fields_dict(value: Any) -> dict[str, Any]:
    """Every field of a dataclass instance, made JSON-ready."""
    out = {}
    for name in _names(type(value)):  # `jsonable` inlined for the plain values most fields hold
        item = getattr(value, name)
        kind = type(item)
        if kind in _PLAIN:
            out[name] = item
        elif kind is float:
            out[name] = item if math.isfinite(item) else None
        else:
            out[name] = jsonable(item)
    return out


# From how many records of one type a sequence is made JSON-ready a field at a time.
_COLUMNS_FROM = 64


def _plain_record(values: Sequence[Any]) -> bool:
    """Every item is of one dataclass type whose `to_dict`, if any, is `fields_dict`."""
    kind = type(values[0])
    return (
        hasattr(kind, "__dataclass_fields__")
        and getattr(kind, "to_dict", _fields_to_dict) is _fields_to_dict
        and all(type(v) is kind for v in values)
    )


def records_dicts(records: Sequence[Any], fields: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """`fields_dict` of each of `records` (instances of one dataclass): the same dicts,
    made a field at a time (tens of thousands of per-subject rows at 10,000 subjects).
    `fields`: only these fields, each under its key (key -> field name), in this order."""
    if not records:
        return []
    if fields is None:
        names = _names(type(records[0]))
        fields = dict(zip(names, names, strict=True))
    if len(fields) == 1:
        (key, name), = fields.items()
        return [{key: value} for value in _ready(list(map(attrgetter(name), records)))]
    columns = [_ready(column) for column in zip(*map(attrgetter(*fields.values()), records), strict=True)]
    return list(map(dict, map(zip, repeat(tuple(fields)), zip(*columns, strict=True))))


def _ready(column: Sequence[Any]) -> Sequence[Any]:
    """`jsonable` of each value of a column; the column itself when every value is plain."""
    kinds = set(map(type, column))
    if kinds <= _PLAIN or (kinds <= _PLAIN_OR_FLOAT and all(math.isfinite(v) for v in column if type(v) is float)):
        return column
    return [jsonable(v) for v in column]


_PLAIN_OR_FLOAT = _PLAIN | {float}


def _names(kind: type) -> tuple[str, ...]:
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return names


class JsonRecord:
    """A result dataclass whose `to_dict` is every field of it, made JSON-ready."""

    __slots__ = ()

    def to_dict(self) -> JsonDict:
        return fields_dict(self)


_fields_to_dict = JsonRecord.to_dict
