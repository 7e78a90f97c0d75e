"""Each analyte: the unit it is stored in, the units a lab file may give it in, and the
range of values that can be real.

This is the one place a plausible range is declared. Entry (`records.normalise_result`,
used by the window and every import) refuses a value outside it with a message; the
endpoints (`endpoints.load_subject_records`) set aside a stored value outside it as a
data problem instead of analysing it, so a value typed wrong years ago never breaks a
report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Analyte:
    """`accepted`: unit as a file gives it (lowercase, micro sign folded to u) -> factor
    to `unit`. `low`/`high`: the plausible values in `unit`, inclusive (None for the
    categorical analytes)."""

    unit: str
    accepted: dict[str, float]
    low: float | None = None
    high: float | None = None


ANALYTES: dict[str, Analyte] = {
    # 1 ug of genomic DNA holds ~150,000 diploid genomes; even 10 copies per cell in
    # every cell stays below 2e6. Above 1e7 it is a typing or unit error.
    "car_copies": Analyte("copies/ug", {"copies/ug": 1.0}, 0.0, 1e7),
    # Blood holds at most a few hundred thousand white cells per uL (hyperleukocytosis).
    "car_cells": Analyte("cells/uL", {"cells/ul": 1.0}, 0.0, 1e6),
    "cd19_b_cells": Analyte("cells/uL", {"cells/ul": 1.0}, 0.0, 1e6),
    "cd22_b_cells": Analyte("cells/uL", {"cells/ul": 1.0}, 0.0, 1e6),
    # Normal IgG is 7-16 g/L; myeloma rarely exceeds 100.
    "igg": Analyte("g/L", {"g/l": 1.0, "mg/dl": 0.01}, 0.0, 150.0),
    # IL-6 reaches tens of thousands of pg/mL in severe CRS.
    "il6": Analyte("pg/mL", {"pg/ml": 1.0}, 0.0, 1e6),
    "il15": Analyte("pg/mL", {"pg/ml": 1.0}, 0.0, 1e5),
    "crp": Analyte("mg/L", {"mg/l": 1.0}, 0.0, 1000.0),
    # A fraction of the nucleated marrow cells: 0 to 1 (0 to 100 %).
    "mrd": Analyte("fraction", {"fraction": 1.0, "%": 0.01}, 0.0, 1.0),
    "rcl": Analyte("", {"": 1.0}),
    "hama": Analyte("", {"": 1.0}),
}

# Analyte -> (stored unit, {accepted unit: factor to the stored unit}).
UNITS: dict[str, tuple[str, dict[str, float]]] = {name: (a.unit, a.accepted) for name, a in ANALYTES.items()}


def _shown(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) and abs(number) < 1e15 else f"{number:g}"


def plausible_range_text(analyte: str) -> str:
    a = ANALYTES[analyte]
    assert a.low is not None and a.high is not None
    text = f"{_shown(a.low)} to {_shown(a.high)} {a.unit}".rstrip()
    if "%" in a.accepted:
        text += f" ({_shown(a.low * 100)} to {_shown(a.high * 100)} %)"
    return text


def implausible(analyte: str, value: float | None) -> str | None:
    """Why `value` (in the analyte's stored unit) cannot be real, or None when it can."""
    a = ANALYTES.get(analyte)
    if a is None:
        return f"analyte {analyte!r} is unknown"
    if value is None or a.low is None or a.high is None:
        return None
    if not math.isfinite(value):
        return f"{analyte} value {value} is not a finite number"
    if not a.low <= value <= a.high:
        return f"{analyte} value {value:g} {a.unit} is outside the plausible range {plausible_range_text(analyte)}"
    return None
