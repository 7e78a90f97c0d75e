"""The endpoints compute scipy's Kaplan-Meier, exact binomial CI and beta tail
without importing `scipy.stats` (its import costs more than the endpoints at
10,000 subjects): the same floats as scipy's, to the bit, on many cohorts."""

from __future__ import annotations

import subprocess
import sys
import warnings

import numpy as np
import pytest
from scipy import stats

from ltfu.analysis.dose_finding import BOIN_ELIMINATION_PROBABILITY, boin_eliminates
from ltfu.analysis.response import clopper_pearson
from ltfu.analysis.survival import kaplan_meier


def _scipy_curve(t: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    fit = stats.ecdf(stats.CensoredData(uncensored=t[e], right=t[~e]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        ci = fit.sf.confidence_interval(0.95, method="log-log")
    return fit.sf.quantiles, fit.sf.probabilities, ci.low.probabilities, ci.high.probabilities


@pytest.mark.parametrize("censoring", ["none", "some", "all"])
@pytest.mark.parametrize("seed", range(12))
def test_kaplan_meier_is_scipys_to_the_bit(seed, censoring):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    t = rng.integers(0, 60, n).astype(float) * 7  # many tied times
    e = {"none": np.ones(n, bool), "all": np.zeros(n, bool), "some": rng.random(n) < 0.6}[censoring]
    times, sf, low, high = _scipy_curve(t, e)
    edge = (sf >= 1.0) | (sf <= 0.0)
    low[edge], high[edge] = sf[edge], sf[edge]
    km = kaplan_meier(t, e)
    start = 1 if times[0] > 0 else 0  # the curve is drawn from Day 0
    assert km.times[start:] == tuple(times.tolist())
    assert km.survival[start:] == tuple(sf.tolist())
    assert np.array_equal(np.array(km.lower[start:]), low, equal_nan=True)
    assert np.array_equal(np.array(km.upper[start:]), high, equal_nan=True)


def test_clopper_pearson_is_scipys_to_the_bit():
    for n in [*range(1, 60), 97, 250, 1000, 8871]:
        for k in sorted({0, 1, n // 7, n // 3, n // 2, (3 * n) // 4, n - 1, n}):
            ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="exact")
            assert clopper_pearson(k, n) == (float(ci.low), float(ci.high)), (k, n)
    ci = stats.binomtest(3, 20).proportion_ci(confidence_level=0.9, method="exact")
    assert clopper_pearson(3, 20, 0.9) == (float(ci.low), float(ci.high))


def test_boin_elimination_uses_scipys_beta_tail():
    for n in range(3, 19):
        for dlts in range(n + 1):
            for target in (0.2, 0.25, 0.3, 0.33):
                expected = float(stats.beta.sf(target, 1 + dlts, 1 + n - dlts)) > BOIN_ELIMINATION_PROBABILITY
                assert boin_eliminates(dlts, n, target) == expected


def test_the_endpoints_do_not_import_scipy_stats():
    """`ltfu endpoints` at 10,000 subjects: importing scipy.stats took longer than the
    statistics (the import alone ~1.5 s of a ~5 s command)."""
    code = (
        "import sys, ltfu.cli, ltfu.services.endpoints, ltfu.analysis; "
        "print(sorted(m for m in sys.modules if m.startswith(('scipy.stats', 'scipy.optimize'))))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
