"""The log (Katz) interval for a ratio of two rates, against statsmodels and against hand working."""

import math

import pytest
from statsmodels.stats.contingency_tables import Table2x2

from openpeel.indicators.formulas import RatioOfRates
from openpeel.stats import KATZ, POISSON_LOG, StatsError, rate_ratio_interval


@pytest.mark.parametrize("a, n1, b, n2", [(30, 1000, 60, 4000), (7, 120, 3, 400), (195, 5799, 695, 5799)])
def test_katz_interval_matches_statsmodels_risk_ratio(a, n1, b, n2):
    expected = Table2x2([[a, n1 - a], [b, n2 - b]])
    low, high = expected.riskratio_confint(alpha=0.05)
    found = rate_ratio_interval(a, n1, b, n2, 0.95)
    assert found.method == KATZ
    assert found.ratio == pytest.approx(expected.riskratio)
    assert (found.low, found.high) == (pytest.approx(low), pytest.approx(high))


def test_katz_interval_by_hand_at_90_percent():
    # (30 / 1000) / (60 / 4000) = 2; se = sqrt(1/30 - 1/1000 + 1/60 - 1/4000) = sqrt(0.04875) = 0.220794
    # z(90%) = 1.644854; margin 0.363174; 2 * exp(-+0.363174) = 1.3909 and 2.8758
    found = rate_ratio_interval(30, 1000, 60, 4000, 0.90)
    assert (round(found.low, 4), round(found.high, 4)) == (1.3909, 2.8758)


def test_more_searches_than_residents_uses_the_poisson_form():
    # City of London 2016: 195 searches of Black people, 193 Black residents in the 2011 census
    found = rate_ratio_interval(195, 193, 695, 5799)
    assert found.method == POISSON_LOG
    se = math.sqrt(1 / 195 + 1 / 695)
    ratio = (195 / 193) / (695 / 5799)
    assert found.ratio == pytest.approx(8.4303, abs=1e-4)
    assert found.low == pytest.approx(ratio * math.exp(-1.959964 * se), rel=1e-6)
    assert found.high == pytest.approx(ratio * math.exp(1.959964 * se), rel=1e-6)
    assert (round(found.low, 2), round(found.high, 2)) == (7.19, 9.88)


def test_no_interval_from_a_zero_count():
    with pytest.raises(StatsError, match="count is zero"):
        rate_ratio_interval(0, 100, 5, 100)


def test_formula_interval_from_components_and_none_where_it_cannot():
    formula = RatioOfRates("searches_black", "residents_black", "searches_white", "residents_white")
    parts = {"searches_black": 30, "residents_black": 1000, "searches_white": 60, "residents_white": 4000}
    low, high = formula.interval(parts, 0.95)
    assert (round(low, 4), round(high, 4)) == (1.2974, 3.083)
    assert formula.interval({**parts, "residents_black": None}) is None
    assert formula.interval({**parts, "searches_black": 0}) is None


def test_a_missing_population_says_which_population():
    formula = RatioOfRates(
        "searches_10_17",
        "residents_age_10_17",
        "searches_over_34",
        "residents_age_over_34",
        absent="no population by age group is loaded for the force area",
    )
    found = formula.evaluate(
        {"searches_10_17": 89, "searches_over_34": 270, "residents_age_10_17": None, "residents_age_over_34": None}
    )
    assert found.value is None and found.reason == "no population by age group is loaded for the force area"
