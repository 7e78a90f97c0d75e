"""The unit each analyte is stored in, and the units a lab file may give it in."""

# Analyte -> {accepted unit (lowercase, micro sign folded to u): factor to the stored unit}.
UNITS: dict[str, tuple[str, dict[str, float]]] = {
    "car_copies": ("copies/ug", {"copies/ug": 1.0}),
    "car_cells": ("cells/uL", {"cells/ul": 1.0}),
    "cd19_b_cells": ("cells/uL", {"cells/ul": 1.0}),
    "cd22_b_cells": ("cells/uL", {"cells/ul": 1.0}),
    "igg": ("g/L", {"g/l": 1.0, "mg/dl": 0.01}),
    "il6": ("pg/mL", {"pg/ml": 1.0}),
    "il15": ("pg/mL", {"pg/ml": 1.0}),
    "crp": ("mg/L", {"mg/l": 1.0}),
    "mrd": ("fraction", {"fraction": 1.0, "%": 0.01}),
    "rcl": ("", {"": 1.0}),
    "hama": ("", {"": 1.0}),
}
