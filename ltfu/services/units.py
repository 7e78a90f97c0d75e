"""Each analyte: the unit it is stored in, the units a lab file may give it in, and the
range of values that can be real.

The ranges and units are declared with each analyte in `ltfu.vocabulary`. Entry
(`records.normalise_result`, used by the window and every import) refuses a value
outside its range with a message; the
endpoints (`endpoints.load_subject_records`) set aside a stored value outside it as a
data problem instead of analysing it, so a value typed wrong years ago never breaks a
report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ltfu.errors import Message
from ltfu.vocabulary import ANALYTE, Analyte

ANALYTES: Mapping[str, Analyte] = ANALYTE
"""Code -> its declaration (`ltfu.vocabulary.Analyte`: `unit`, `accepted`, `low`, `high` ...)."""

# Analyte -> (stored unit, {accepted unit: factor to the stored unit}).
UNITS: dict[str, tuple[str, Mapping[str, float]]] = {name: (a.unit, a.accepted) for name, a in ANALYTES.items()}


def _shown(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) and abs(number) < 1e15 else f"{number:g}"


def plausible_range_text(analyte: str) -> str:
    """"0 to 150 g/L" (also in per cent where the analyte accepts them), said in the
    window's or the report's language."""
    a = ANALYTES[analyte]
    assert a.low is not None and a.high is not None and a.unit
    low, high = _shown(a.low), _shown(a.high)
    if "%" in a.accepted:
        percent = {"low_percent": _shown(a.low * 100), "high_percent": _shown(a.high * 100)}
        return Message("data.range_percent", low=low, high=high, unit=a.unit, **percent)
    return Message("data.range", low=low, high=high, unit=a.unit)


def implausible(analyte: str, value: float | None) -> str | None:
    """Why `value` (in the analyte's stored unit) cannot be real, or None when it can."""
    a = ANALYTES.get(analyte)
    if a is None:
        return Message("result.unknown_analyte", analyte=analyte)
    if value is None or a.low is None or a.high is None:
        return None
    if not math.isfinite(value):
        return Message("result.not_finite", analyte=analyte, value=value)
    if not a.low <= value <= a.high:
        return Message(
            "result.outside", analyte=analyte, value=f"{value:g}", unit=a.unit, range=plausible_range_text(analyte)
        )
    return None
