"""Intervals and tests, checked against statsmodels and scipy and against printed figures."""

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from openpeel.stats import (
    DETERIORATION,
    IMPROVEMENT,
    NO_CHANGE,
    compare_proportions,
    min_expected_count,
    proportion_interval,
    two_proportion_z_test,
)

STATSMODELS_METHOD = {"wald": "normal", "wilson": "wilson", "exact": "beta"}


@st.composite
def counts(draw, max_n=2000):
    n = draw(st.integers(min_value=1, max_value=max_n))
    x = draw(st.one_of(st.just(0), st.just(n), st.integers(min_value=0, max_value=n)))
    return x, n


levels = st.sampled_from([0.5, 0.8, 0.9, 0.95, 0.99, 0.999]) | st.floats(min_value=0.5, max_value=0.999)


# -- the seed report's printed figures ------------------------------------------------------------


def test_seed_2024_25_stop_search_review_is_98_5_plus_or_minus_2_4_at_90_percent_wald():
    got = proportion_interval(67, 68, level=0.90, method="wald")
    assert round(got.estimate * 100, 1) == 98.5
    assert round(got.half_width * 100, 1) == 2.4
    assert got.describe().startswith("98.5% (+/- 2.4 percentage points; 90% Wald")
    assert "no finite population correction" in got.describe()


def test_seed_2022_stop_search_review_is_89_1_plus_or_minus_4_3_at_95_percent_wald():
    got = proportion_interval(180, 202, level=0.95, method="wald")
    assert (round(got.estimate * 100, 1), round(got.half_width * 100, 1)) == (89.1, 4.3)


def test_seed_change_between_the_two_reviews_is_a_significant_improvement():
    change = compare_proportions(180, 202, 67, 68)
    # expected failures in the smaller sample are 68 * 23 / 270 = 5.8, so the z test is used
    assert change.test == "z"
    assert round(change.p_value, 4) == 0.0161
    assert change.significant and change.wording == IMPROVEMENT
    assert round(change.difference * 100, 1) == 9.4
    # Fisher's exact test agrees
    fisher = compare_proportions(180, 202, 67, 68, test="fisher")
    assert fisher.significant and fisher.wording == IMPROVEMENT
    assert fisher.p_value == pytest.approx(scipy_stats.fisher_exact([[180, 22], [67, 1]]).pvalue)


def test_polarity_turns_a_rise_into_a_deterioration():
    assert compare_proportions(180, 202, 67, 68, higher_is_better=False).wording == DETERIORATION
    assert compare_proportions(67, 68, 180, 202).wording == DETERIORATION
    assert compare_proportions(50, 100, 52, 100).wording == NO_CHANGE


# -- finite population correction: worked examples -------------------------------------------------


def test_finite_population_correction_matches_a_published_worked_example():
    # Worked example "Confidence Intervals for One Proportion: Finite Population Corrections",
    # https://learn.liebler.xyz/c/ps/3931 : N = 100, n = 25, p-hat = 0.4 (10 of 25), 95%.
    # It prints SE = 0.0980 * 0.8704 = 0.0853, margin 1.96 * 0.0853 = 0.167, interval (0.233, 0.567).
    got = proportion_interval(10, 25, population=100, level=0.95, method="wald")
    assert round(got.half_width / 1.959964, 4) == 0.0853
    assert round(got.half_width, 3) == 0.167
    assert (round(got.low, 3), round(got.high, 3)) == (0.233, 0.567)
    assert got.fpc and "finite population correction for a population of 100" in got.describe()


def test_finite_population_correction_left_handed_students_exercise():
    # Textbook exercise (quoted at http://www.jiskha.com/display.cgi?id=1334718214): 90% interval for
    # left-handed students, N = 320 at the school, 7 of a sample of 80 drawn without replacement.
    # By hand: p = 0.0875, SE = sqrt(0.0875 * 0.9125 / 80) = 0.031594, FPC = sqrt(240 / 319) = 0.867382,
    # E = 1.644854 * 0.031594 * 0.867382 = 0.045077, so 0.0424 < p < 0.1326.
    got = proportion_interval(7, 80, population=320, level=0.90, method="wald")
    assert round(got.half_width, 4) == 0.0451
    assert (round(got.low, 4), round(got.high, 4)) == (0.0424, 0.1326)


@pytest.mark.parametrize("method", ["wald", "wilson", "exact"])
def test_a_census_has_no_sampling_error(method):
    got = proportion_interval(30, 40, population=40, method=method)
    assert got.low == got.high == 0.75


# -- against statsmodels and scipy, many inputs -----------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(counts(), levels, st.sampled_from(["wald", "wilson", "exact"]))
@example((0, 1), 0.95, "wald")
@example((1, 1), 0.95, "wilson")
@example((0, 1), 0.90, "exact")
@example((1, 1), 0.99, "exact")
@example((0, 2000), 0.95, "wilson")
@example((2000, 2000), 0.95, "exact")
def test_intervals_match_statsmodels(xn, level, method):
    x, n = xn
    got = proportion_interval(x, n, level=level, method=method)
    low, high = proportion_confint(x, n, alpha=1 - level, method=STATSMODELS_METHOD[method])
    assert got.low == pytest.approx(low, abs=1e-9)
    assert got.high == pytest.approx(high, abs=1e-9)
    assert 0 <= got.low <= got.estimate <= got.high <= 1
    assert not got.fpc


@settings(max_examples=200, deadline=None)
@given(counts(max_n=500), levels)
def test_wald_margin_is_z_standard_errors(xn, level):
    x, n = xn
    p = x / n
    z = scipy_stats.norm.ppf(1 - (1 - level) / 2)
    assert proportion_interval(x, n, level=level).half_width == pytest.approx(z * math.sqrt(p * (1 - p) / n))


@settings(max_examples=200, deadline=None)
@given(counts(max_n=400), st.integers(min_value=0, max_value=5000), levels)
def test_wilson_with_a_population_is_wilson_on_the_effective_sample(xn, extra, level):
    x, n = xn
    population = n + extra
    got = proportion_interval(x, n, population=population, level=level, method="wilson")
    if extra == 0:
        assert got.low == got.high == x / n
        return
    k = (population - 1) / (population - n)  # 1 / FPC squared
    low, high = proportion_confint(x * k, n * k, alpha=1 - level, method="wilson")
    assert got.low == pytest.approx(low, abs=1e-9)
    assert got.high == pytest.approx(high, abs=1e-9)
    plain = proportion_interval(x, n, level=level, method="wilson")
    assert got.high - got.low <= plain.high - plain.low + 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=1, max_value=30),
    st.integers(min_value=0, max_value=30),
    st.data(),
    st.sampled_from([0.8, 0.9, 0.95]),
)
def test_exact_with_a_population_is_the_set_of_population_counts_not_rejected(n, extra, data, level):
    population = n + extra
    x = data.draw(st.integers(min_value=0, max_value=n))
    got = proportion_interval(x, n, population=population, level=level, method="exact")
    alpha = 1 - level
    kept = [
        m
        for m in range(x, population - (n - x) + 1)
        if scipy_stats.hypergeom.cdf(x, population, m, n) > alpha / 2
        and scipy_stats.hypergeom.sf(x - 1, population, m, n) > alpha / 2
    ]
    assert (got.low, got.high) == (min(kept) / population, max(kept) / population)


@settings(max_examples=60, deadline=None)
@given(counts(max_n=60), st.sampled_from([0.9, 0.95]))
def test_exact_with_a_huge_population_approaches_clopper_pearson(xn, level):
    x, n = xn
    got = proportion_interval(x, n, population=10_000_000, level=level, method="exact")
    low, high = proportion_confint(x, n, alpha=1 - level, method="beta")
    assert got.low == pytest.approx(low, abs=2e-4)
    assert got.high == pytest.approx(high, abs=2e-4)


@settings(max_examples=200, deadline=None)
@given(counts(max_n=400), counts(max_n=400), st.sampled_from([0.9, 0.95, 0.99]))
def test_difference_interval_matches_statsmodels_newcombe(a, b, level):
    (x1, n1), (x2, n2) = a, b
    change = compare_proportions(x1, n1, x2, n2, level=level)
    # statsmodels gives p1 - p2, so pass the later sample first
    low, high = confint_proportions_2indep(x2, n2, x1, n1, method="newcomb", compare="diff", alpha=1 - level)
    assert change.low == pytest.approx(low, abs=1e-9)
    assert change.high == pytest.approx(high, abs=1e-9)
    assert change.difference == pytest.approx(x2 / n2 - x1 / n1)


@settings(max_examples=200, deadline=None)
@given(counts(max_n=300), counts(max_n=300))
def test_auto_chooses_fisher_exactly_when_an_expected_count_is_below_5(a, b):
    (x1, n1), (x2, n2) = a, b
    change = compare_proportions(x1, n1, x2, n2)
    table = [[x1, n1 - x1], [x2, n2 - x2]]
    if change.test == "fisher":
        assert min_expected_count(x1, n1, x2, n2) < 5
        assert change.p_value == pytest.approx(scipy_stats.fisher_exact(table).pvalue)
    else:
        assert scipy_stats.contingency.expected_freq(table).min() >= 5 - 1e-9
        assert change.p_value == pytest.approx(two_proportion_z_test(x1, n1, x2, n2).p_value)
        # the pooled z test is the chi-squared test without continuity correction
        chi2 = scipy_stats.chi2_contingency(table, correction=False)
        assert change.p_value == pytest.approx(chi2.pvalue, rel=1e-6, abs=1e-12)


# -- refusals --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: proportion_interval(5, 10, population=8), "sample (10) is bigger than the population (8)"),
        (lambda: proportion_interval(-1, 10), "successes must be between 0 and the sample size 10, got -1"),
        (lambda: proportion_interval(11, 10), "successes must be between 0 and the sample size 10, got 11"),
        (lambda: proportion_interval(0, 0), "sample size must be positive"),
        (lambda: proportion_interval(1, -3), "sample size must be positive"),
        (lambda: proportion_interval(1, 10, level=95), "confidence level must be between 0 and 1"),
        (lambda: proportion_interval(1, 10, method="bayes"), "unknown interval method 'bayes'"),
        (lambda: proportion_interval(1.5, 10), "must be a whole number"),
        (lambda: compare_proportions(5, 4, 1, 2), "successes must be between 0 and the sample size 4"),
        (lambda: compare_proportions(1, 4, 1, 2, test="t"), "unknown test 't'"),
    ],
)
def test_impossible_counts_are_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call()


def test_the_examples_in_the_docstrings_hold():
    import doctest

    import openpeel.stats

    assert doctest.testmod(openpeel.stats).failed == 0
