"""Proportions, intervals and significance tests.

Every function here is pure and works on counts, so the same numbers come out whether the counts
came from DuckDB, Spark or an audit spreadsheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats as _scipy


@dataclass(frozen=True)
class ProportionTest:
    """The change from a first proportion x1/n1 to a second x2/n2."""

    difference: float  # p2 - p1, as a fraction
    z: float | None
    p_value: float
    test: str


def two_proportion_z_test(x1: int, n1: int, x2: int, n2: int) -> ProportionTest:
    """Two-sided z test of p1 = p2 with the pooled standard error.

    >>> round(two_proportion_z_test(180, 202, 67, 68).p_value, 4)
    0.0161
    """
    _check_counts(x1, n1)
    _check_counts(x2, n2)
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return ProportionTest(p2 - p1, None, 1.0, "two-proportion z test")
    z = (p2 - p1) / se
    return ProportionTest(p2 - p1, z, float(2 * _scipy.norm.sf(abs(z))), "two-proportion z test")


def _check_counts(x: int, n: int) -> None:
    if n <= 0:
        raise ValueError(f"sample size must be positive, got {n}")
    if x < 0 or x > n:
        raise ValueError(f"successes must be between 0 and the sample size {n}, got {x}")
