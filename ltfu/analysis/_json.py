"""Turn result dataclasses into JSON-ready values (ISO dates, no NaN)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from datetime import date
from enum import Enum
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
    kind = type(value)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    out = {}
    for name in names:  # `jsonable` inlined for the plain values most fields hold
        item = getattr(value, name)
        kind = type(item)
        if kind in _PLAIN:
            out[name] = item
        elif kind is float:
            out[name] = item if math.isfinite(item) else None
        else:
            out[name] = jsonable(item)
    return out


class JsonRecord:
    """A result dataclass whose `to_dict` is every field of it, made JSON-ready."""

    __slots__ = ()

    def to_dict(self) -> JsonDict:
        return fields_dict(self)
