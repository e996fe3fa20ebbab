"""Proportions, intervals and significance tests.

Every function here is pure and works on counts, so the same numbers come out whether the counts
came from DuckDB, Spark or an audit spreadsheet.

Estimating a population from a sample (:func:`proportion_interval`) offers three methods:

- ``wald``: the estimate plus or minus z standard errors. Inspection reports print this form
  ("98.5 percent (+/- 2.4 percentage points)"). It collapses to a single point at 0 or n of n and
  covers too rarely for small samples, so prefer the other two there.
- ``wilson``: the score interval; stays inside 0..1 and behaves well at small n and at 0 or n.
- ``exact``: Clopper-Pearson from the binomial; never covers less than the stated level.

When the population size is known (say 3,663 searches in a year, of which 68 were reviewed) the
finite population correction narrows the interval: Wald multiplies the standard error by
sqrt((N - n) / (N - 1)); Wilson inverts the score test with that corrected variance (the same as
using an effective sample size n (N - 1) / (N - n)); exact uses the hypergeometric distribution,
which is what sampling without replacement follows. A census (n = N) gives the observed share
exactly.

Comparing two samples (:func:`compare_proportions`) uses the two-proportion z test, or Fisher's
exact test when any expected cell count of the 2 x 2 table is below 5 (Cochran's rule, where the
normal approximation stops being trustworthy), and gives the difference with Newcombe's hybrid
score interval and the words a report should use.

A ratio of two rates (:func:`rate_ratio_interval`, e.g. searches of Black people per Black
resident over searches of White people per White resident) gets the log (Katz) interval: the log
of the ratio is close to normal with standard error sqrt(1/a - 1/n1 + 1/b - 1/n2). Searches are
events, not people, so a group can be searched more times than it has residents (City of London);
then the counts are not shares of people and the Poisson form sqrt(1/a + 1/b) is used instead, and
named. The two agree closely whenever the counts are small beside the populations.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

from openpeel.errors import OpenpeelError

METHODS = ("wald", "wilson", "exact")
METHOD_NAMES = {"wald": "Wald (normal)", "wilson": "Wilson score", "exact": "Clopper-Pearson exact"}
TESTS = ("auto", "z", "fisher")
TEST_NAMES = {"z": "two-proportion z test", "fisher": "Fisher's exact test"}
MIN_EXPECTED = 5

IMPROVEMENT = "a statistically significant improvement"
DETERIORATION = "a statistically significant deterioration"
NO_CHANGE = "no significant change"


class StatsError(OpenpeelError, ValueError):
    """Numbers that a proportion, an interval or a test cannot be computed from."""


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
    # two-sided normal tail: 2 * (1 - Phi(|z|)) = erfc(|z| / sqrt 2), without loading scipy
    return ProportionTest(p2 - p1, z, math.erfc(abs(z) / math.sqrt(2)), "two-proportion z test")


# -- estimating a population proportion from a sample ---------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A sample proportion with its interval, and everything needed to say how it was made."""

    successes: int
    sample: int
    population: int | None
    level: float
    method: str
    estimate: float
    low: float
    high: float
    half_width: float  # Wald: the margin z * se; otherwise half of high - low (those are not symmetric)

    @property
    def fpc(self) -> bool:
        """Whether the finite population correction was applied (it is whenever N is known)."""
        return self.population is not None

    def settings(self) -> str:
        """'90% Wald (normal) interval, no finite population correction'."""
        correction = (
            f"finite population correction for a population of {self.population:,}"
            if self.fpc
            else "no finite population correction"
        )
        return f"{_percent_label(self.level)} {METHOD_NAMES[self.method]} interval, {correction}"

    def describe(self) -> str:
        """The estimate as a report prints it, naming method, level and correction."""
        if self.method == "wald":
            return f"{self.estimate:.1%} (+/- {self.half_width * 100:.1f} percentage points; {self.settings()})"
        return f"{self.estimate:.1%} ({self.low:.1%} to {self.high:.1%}; {self.settings()})"

    def as_dict(self) -> dict:
        return {
            "successes": self.successes,
            "sample": self.sample,
            "population": self.population,
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "half_width": self.half_width,
            "method": self.method,
            "level": self.level,
            "fpc": self.fpc,
            "text": self.describe(),
        }


def proportion_interval(
    successes: int,
    sample: int,
    *,
    population: int | None = None,
    level: float = 0.95,
    method: str = "wald",
) -> Estimate:
    """The share of a population estimated from ``successes`` of ``sample``, with an interval.

    ``population`` is the size of what the sample was drawn from; giving it applies the finite
    population correction.

    >>> proportion_interval(67, 68, level=0.90).describe()
    '98.5% (+/- 2.4 percentage points; 90% Wald (normal) interval, no finite population correction)'
    """
    _check_counts(successes, sample)
    _check_level(level)
    if population is not None:
        _check_whole("population", population)
        if population < sample:
            raise StatsError(
                f"the sample ({sample:,}) is bigger than the population ({population:,}) it was drawn "
                "from: check both counts"
            )
    if method not in METHODS:
        raise StatsError(f"unknown interval method {method!r}: use one of {', '.join(METHODS)}")
    p = successes / sample
    if method == "exact":
        low, high = (
            _exact(successes, sample, level)
            if population is None
            else _exact_finite(successes, sample, population, level)
        )
        return Estimate(successes, sample, population, level, method, p, low, high, (high - low) / 2)
    correction = _fpc(sample, population)
    z = _z(level)
    if method == "wald":
        margin = z * math.sqrt(p * (1 - p) / sample) * correction
        return Estimate(
            successes, sample, population, level, method, p, max(0.0, p - margin), min(1.0, p + margin), margin
        )
    low, high = _wilson(p, sample, z, correction)
    return Estimate(successes, sample, population, level, method, p, low, high, (high - low) / 2)


def _z(level: float) -> float:
    from scipy import stats as _scipy  # imported when needed: it is slow to load

    return float(_scipy.norm.ppf(1 - (1 - level) / 2))


def _fpc(sample: int, population: int | None) -> float:
    """sqrt((N - n) / (N - 1)); 1 without a population, 0 for a census."""
    if population is None:
        return 1.0
    if population == sample:
        return 0.0
    return math.sqrt((population - sample) / (population - 1))


def _wilson(p: float, n: int, z: float, correction: float) -> tuple[float, float]:
    if correction == 0:
        return p, p
    m = n / correction**2  # the effective sample size the corrected variance implies
    z2 = z * z
    centre = (p + z2 / (2 * m)) / (1 + z2 / m)
    half = z / (1 + z2 / m) * math.sqrt(p * (1 - p) / m + z2 / (4 * m * m))
    # at 0 or n of n one bound is exactly the estimate; rounding must not push it past
    low = 0.0 if p == 0 else min(p, max(0.0, centre - half))
    high = 1.0 if p == 1 else max(p, min(1.0, centre + half))
    return low, high


def _exact(x: int, n: int, level: float) -> tuple[float, float]:
    from scipy import stats as _scipy  # imported when needed: it is slow to load

    alpha = 1 - level
    low = 0.0 if x == 0 else float(_scipy.beta.ppf(alpha / 2, x, n - x + 1))
    high = 1.0 if x == n else float(_scipy.beta.ppf(1 - alpha / 2, x + 1, n - x))
    return low, high


def _exact_finite(x: int, n: int, population: int, level: float) -> tuple[float, float]:
    """Bounds on M/N, M the successes in the population, from the hypergeometric tails.

    M is in the interval when neither one-sided tail at the observed x falls below alpha / 2.
    P(X <= x | M) falls as M grows and P(X >= x | M) rises, so each bound is a binary search.
    """
    from scipy import stats as _scipy  # imported when needed: it is slow to load

    alpha = 1 - level
    lowest, highest = x, population - (n - x)  # the population must hold what the sample held

    def upper_tail(m: int) -> float:
        return float(_scipy.hypergeom.sf(x - 1, population, m, n))

    def lower_tail(m: int) -> float:
        return float(_scipy.hypergeom.cdf(x, population, m, n))

    # smallest M whose upper tail exceeds alpha/2
    lo, hi = lowest, highest
    while lo < hi:
        mid = (lo + hi) // 2
        if upper_tail(mid) > alpha / 2:
            hi = mid
        else:
            lo = mid + 1
    m_low = lo
    # largest M whose lower tail exceeds alpha/2
    lo, hi = lowest, highest
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if lower_tail(mid) > alpha / 2:
            lo = mid
        else:
            hi = mid - 1
    return m_low / population, lo / population


# -- comparing two samples ------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """From a first sample x1/n1 ("before") to a second x2/n2 ("after")."""

    before: tuple[int, int]
    after: tuple[int, int]
    difference: float  # p2 - p1, as a fraction
    low: float  # Newcombe hybrid score interval for the difference
    high: float
    p_value: float
    test: str  # "z" or "fisher"
    reason: str  # why this test was used
    level: float
    higher_is_better: bool

    @property
    def significant(self) -> bool:
        return self.p_value < 1 - self.level

    @property
    def wording(self) -> str:
        """The words a report uses; which way is better decides improvement or deterioration."""
        if not self.significant or self.difference == 0:
            return NO_CHANGE
        return IMPROVEMENT if (self.difference > 0) == self.higher_is_better else DETERIORATION

    def describe(self) -> str:
        (x1, n1), (x2, n2) = self.before, self.after
        return (
            f"{x1 / n1:.1%} ({x1} of {n1}) to {x2 / n2:.1%} ({x2} of {n2}): {self.wording} "
            f"(difference {self.difference * 100:+.1f} percentage points, {_percent_label(self.level)} "
            f"interval {self.low * 100:+.1f} to {self.high * 100:+.1f}; {TEST_NAMES[self.test]}, "
            f"p = {self.p_value:.4f})"
        )

    def as_dict(self) -> dict:
        return {
            "before": {"successes": self.before[0], "sample": self.before[1]},
            "after": {"successes": self.after[0], "sample": self.after[1]},
            "difference": self.difference,
            "low": self.low,
            "high": self.high,
            "p_value": self.p_value,
            "test": TEST_NAMES[self.test],
            "reason": self.reason,
            "level": self.level,
            "higher_is_better": self.higher_is_better,
            "significant": self.significant,
            "wording": self.wording,
            "text": self.describe(),
        }


def compare_proportions(
    x1: int,
    n1: int,
    x2: int,
    n2: int,
    *,
    level: float = 0.95,
    test: str = "auto",
    higher_is_better: bool = True,
) -> Change:
    """Whether x2/n2 differs significantly from x1/n1, and the words to say so.

    ``test="auto"`` uses Fisher's exact test when any expected cell count is below 5, else the
    two-proportion z test. ``higher_is_better=False`` for measures where a rise is bad.

    >>> compare_proportions(180, 202, 67, 68).wording
    'a statistically significant improvement'
    """
    _check_counts(x1, n1)
    _check_counts(x2, n2)
    _check_level(level)
    if test not in TESTS:
        raise StatsError(f"unknown test {test!r}: use one of {', '.join(TESTS)}")
    smallest = min_expected_count(x1, n1, x2, n2)
    if test == "auto":
        test = "fisher" if smallest < MIN_EXPECTED else "z"
        reason = (
            f"chosen automatically: the smallest expected cell count is {smallest:.1f}, "
            f"{'below' if test == 'fisher' else 'at least'} {MIN_EXPECTED}"
        )
    else:
        reason = "chosen by option"
    if test == "z":
        p_value = two_proportion_z_test(x1, n1, x2, n2).p_value
    else:
        from scipy import stats as _scipy  # imported when needed: it is slow to load

        p_value = float(_scipy.fisher_exact([[x1, n1 - x1], [x2, n2 - x2]]).pvalue)
    low, high = newcombe_interval(x1, n1, x2, n2, level)
    return Change((x1, n1), (x2, n2), x2 / n2 - x1 / n1, low, high, p_value, test, reason, level, higher_is_better)


def min_expected_count(x1: int, n1: int, x2: int, n2: int) -> float:
    """The smallest cell count the 2 x 2 table would have if both samples shared one proportion."""
    total = n1 + n2
    yes, no = x1 + x2, total - x1 - x2
    return min(n * k / total for n in (n1, n2) for k in (yes, no))


def newcombe_interval(x1: int, n1: int, x2: int, n2: int, level: float = 0.95) -> tuple[float, float]:
    """Newcombe's hybrid score interval (his method 10) for p2 - p1, from two Wilson intervals."""
    z = _z(level)
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = _wilson(p1, n1, z, 1.0)
    l2, u2 = _wilson(p2, n2, z, 1.0)
    d = p2 - p1
    return d - math.sqrt((p2 - l2) ** 2 + (u1 - p1) ** 2), d + math.sqrt((u2 - p2) ** 2 + (p1 - l1) ** 2)


# -- ratio of two rates ---------------------------------------------------------------------------

KATZ = "log (Katz) interval"
POISSON_LOG = "log interval for a ratio of Poisson counts (a count exceeds its population)"


@dataclass(frozen=True)
class RatioInterval:
    """(a / n1) / (b / n2) with its interval on the log scale."""

    ratio: float
    low: float
    high: float
    level: float
    method: str

    @property
    def includes_one(self) -> bool:
        """Whether no difference between the two rates can be shown at this level."""
        return self.low <= 1 <= self.high

    def describe(self) -> str:
        return (
            f"{self.ratio:.2f} ({_percent_label(self.level)} interval {self.low:.2f} to {self.high:.2f}; {self.method})"
        )


def rate_ratio_interval(
    a: int | float, n1: int | float, b: int | float, n2: int | float, level: float = 0.95
) -> RatioInterval:
    """The ratio of rate a/n1 to rate b/n2 and its log-method interval.

    >>> r = rate_ratio_interval(30, 1000, 60, 4000)
    >>> round(r.ratio, 3), round(r.low, 3), round(r.high, 3)
    (2.0, 1.297, 3.083)
    """
    _check_level(level)
    for name, value in (("first count", a), ("first population", n1), ("second count", b), ("second population", n2)):
        if value is None or value != value or value < 0:
            raise StatsError(f"the {name} must be a number of at least 0, got {value!r}")
    if n1 == 0 or n2 == 0:
        raise StatsError("a population is zero, so its rate is undefined")
    if a == 0 or b == 0:
        raise StatsError("a count is zero: the log interval needs at least one event in each group")
    if a <= n1 and b <= n2:
        variance, method = 1 / a - 1 / n1 + 1 / b - 1 / n2, KATZ
    else:
        variance, method = 1 / a + 1 / b, POISSON_LOG
    ratio = (a / n1) / (b / n2)
    margin = _z(level) * math.sqrt(variance)
    return RatioInterval(ratio, ratio * math.exp(-margin), ratio * math.exp(margin), level, method)


# -- checks ---------------------------------------------------------------------------------------


def _check_whole(name: str, value) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise StatsError(f"{name} must be a whole number, got {value!r}")


def _check_counts(x: int, n: int) -> None:
    _check_whole("the number of successes", x)
    _check_whole("the sample size", n)
    if n <= 0:
        raise StatsError(f"sample size must be positive, got {n}")
    if x < 0 or x > n:
        raise StatsError(f"successes must be between 0 and the sample size {n}, got {x}")


def _check_level(level: float) -> None:
    if not 0 < level < 1:
        raise StatsError(f"confidence level must be between 0 and 1 (e.g. 0.95), got {level}")


def _percent_label(level: float) -> str:
    return f"{level * 100:.10g}%"
