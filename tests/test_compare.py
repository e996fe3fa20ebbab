"""National comparison on small hand-worked cases."""

import pytest

from openpeel.areas import Area
from openpeel.compare import change, compare, typical_range
from openpeel.indicators.catalogue import Indicator, Polarity, Unit
from openpeel.indicators.engine import ForceValue, IndicatorRun
from openpeel.indicators.formulas import Rate, Share
from openpeel.periods import Period
from openpeel.settings import ComparisonSettings, SettingsError

YEAR = Period.parse("ye-2025-03")


def share_indicator():
    return Indicator(
        id="t.share",
        title="t",
        area=Area.POWERS,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        formula=Share("hits", "tries"),
        definition="test",
    )


def fv(force, hits, tries, months=12):
    ev = Share("hits", "tries").evaluate({"hits": hits, "tries": tries})
    return ForceValue(
        force, ev.value, ev.numerator, ev.denominator, ev.reason, {"hits": hits, "tries": tries}, "test", months, 12
    )


def test_whiskers_exclude_outliers_iqr_and_percentiles():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 100]
    # Q1 = 3, Q3 = 7, IQR = 4, fences -3 and 13: 100 lies outside
    assert typical_range(values, ComparisonSettings()) == (1.0, 8.0)
    assert typical_range(values, ComparisonSettings(typical_range="iqr")) == (3.0, 7.0)
    low, high = typical_range(values, ComparisonSettings(typical_range="percentile", percentiles=(10, 90)))
    assert (low, high) == pytest.approx((1.8, 26.4))


def test_bad_settings_are_refused():
    with pytest.raises(SettingsError):
        ComparisonSettings(typical_range="vibes")


def test_median_range_position_rank_and_national_total():
    run = IndicatorRun(
        share_indicator(),
        YEAR,
        {f"f{i}": fv(f"f{i}", hits, 100) for i, hits in enumerate([10, 20, 30, 40, 50, 60, 90])},
    )
    run.values["small"] = fv("small", 1, 2)  # 50% of a tiny force
    run.values["partial"] = fv("partial", 99, 100, months=3)  # not the whole year: left out
    cmp = compare(run)
    assert cmp.forces_compared == 8
    assert cmp.median == pytest.approx(45.0)
    assert cmp.of("f6").rank == 1 and cmp.of("f0").rank == 8
    assert cmp.of("f4").rank == cmp.of("small").rank == 3  # ties share the higher rank
    assert cmp.of("partial").compared is False and "3 of 12 months" in cmp.of("partial").note
    # national figure: (10+20+...+90+1) / (7*100+2), not the mean of the force rates
    assert cmp.england_and_wales.value == pytest.approx(100 * 301 / 702)
    assert cmp.typical_low == 10 and cmp.typical_high == 90
    assert cmp.of("f3").position == "within"


def test_too_few_forces_give_no_typical_range():
    run = IndicatorRun(share_indicator(), YEAR, {"a": fv("a", 1, 10), "b": fv("b", 2, 10)})
    cmp = compare(run)
    assert cmp.typical_low is None and cmp.of("a").position is None
    assert "at least 5" in cmp.note


def test_change_of_a_proportion_is_tested():
    run = IndicatorRun(share_indicator(), YEAR)
    # the seed's reasonable-grounds samples: 180 of 202, then 67 of 68
    result = change(run, fv("a", 67, 68), fv("a", 180, 202))
    assert result.difference == pytest.approx(100 * (67 / 68 - 180 / 202))
    assert result.significant is True and result.p_value == pytest.approx(0.0161, abs=1e-4)
    flat = change(run, fv("a", 50, 100), fv("a", 52, 100))
    assert flat.significant is False


def test_change_of_a_rate_is_not_tested_as_a_proportion():
    ind = Indicator(
        id="t.rate",
        title="t",
        area=Area.POWERS,
        unit=Unit.PER_1000,
        polarity=Polarity.NEUTRAL,
        formula=Rate("n", "population"),
        definition="test",
    )
    run = IndicatorRun(ind, YEAR)
    now = ForceValue("a", 4.5, 3663, 814000, None, {}, "t", 12, 12)
    before = ForceValue("a", 5.4, 4397, 814000, None, {}, "t", 12, 12)
    result = change(run, now, before)
    assert result.test is None and result.percent_change == pytest.approx(100 * (4.5 - 5.4) / 5.4)


def test_forces_below_a_standard_quartile_and_the_edge_of_the_typical_range():
    from openpeel.compare import national_change, ratios

    run = IndicatorRun(
        share_indicator(),
        YEAR,
        {f"f{i}": fv(f"f{i}", hits, 100) for i, hits in enumerate([10, 20, 30, 40, 50, 60, 90])},
    )
    run.values["partial"] = fv("partial", 1, 100, months=3)  # not compared, so never counted
    cmp = compare(run)
    assert cmp.below(35) == 3 and cmp.below(10) == 0 and cmp.below(91) == 7
    # ranks 1 (90%) to 7 (10%) of 7: quarter = ceil(4 x rank / 7)
    assert [cmp.quartile(f"f{i}") for i in range(7)] == [4, 4, 3, 3, 2, 2, 1]
    assert cmp.quartile("partial") is None
    # with no outlier the whiskers reach the lowest and highest forces, which set the range's ends
    assert cmp.edge("f0") == "low" and cmp.edge("f6") == "high" and cmp.edge("f3") is None
    # England and Wales: 300 of 700 this year against 350 of 700 a year earlier
    before = compare(
        IndicatorRun(
            share_indicator(),
            YEAR.previous(),
            {f"f{i}": fv(f"f{i}", hits, 100) for i, hits in enumerate([15, 25, 35, 45, 55, 65, 110])},
        )
    )
    moved = national_change(cmp, before)
    assert moved.difference == pytest.approx(100 * 300 / 700 - 100 * 350 / 700)
    assert moved.percent_change == pytest.approx(100 * (300 / 700 - 350 / 700) / (350 / 700))
    assert moved.previous_period == YEAR.previous()
    # each force's value of one indicator over another's, for forces compared on both
    assert ratios(cmp, cmp) == {f"f{i}": pytest.approx(1.0) for i in range(7)}


def test_change_since_an_earlier_period():
    run = IndicatorRun(share_indicator(), YEAR)
    two_years = YEAR.shift(-24)
    result = change(run, fv("a", 57, 1000), fv("a", 71, 1000), since=two_years)
    assert result.previous_period == two_years and result.difference == pytest.approx(-1.4)
