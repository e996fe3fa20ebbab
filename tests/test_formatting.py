"""One way to write numbers for the CLI, the report and the web (openpeel.formatting)."""

import pytest

from openpeel import formatting as fmt
from openpeel.areas import Area
from openpeel.indicators.catalogue import Indicator, Polarity, Unit
from openpeel.indicators.formulas import Count, Rate, RatioOfRates, Share
from openpeel.stats import proportion_interval


def ind(unit: Unit, decimals: int = 1) -> Indicator:
    formula = {
        Unit.COUNT: Count("n"),
        Unit.PER_1000: Rate("n", "population"),
        Unit.PERCENT: Share("a", "b"),
        Unit.RATIO: RatioOfRates("a", "b", "c", "d"),
        Unit.HOURS: Count("n"),
    }[unit]
    return Indicator(
        id=f"t.{unit.value}",
        title="t",
        area=Area.POWERS,
        unit=unit,
        polarity=Polarity.NEUTRAL,
        formula=formula,
        definition="test",
        decimals=decimals,
    )


def test_values_and_ranges_keep_the_unit_once():
    assert fmt.value(ind(Unit.PER_1000), 16.4) == "16.4 per 1,000"
    assert fmt.value(ind(Unit.COUNT), 10689) == "10,689"
    assert fmt.value(ind(Unit.PERCENT), None) == "no value" and fmt.value_or_none(ind(Unit.PERCENT), None) is None
    assert fmt.span(ind(Unit.PER_1000), 7.0, 22.4) == "7.0 to 22.4 per 1,000"


def test_no_typical_range_for_counts_and_none_below_zero():
    # the examples: a range of arrests "80 to 28,367", and one reaching -7,583
    assert fmt.typical_range(ind(Unit.COUNT), 80, 28367) is None
    assert fmt.typical_range(ind(Unit.PER_1000), -7.6, 22.4) == "0.0 to 22.4 per 1,000"
    assert fmt.typical_range(ind(Unit.PERCENT), None, 3.0) is None
    assert not fmt.comparable(ind(Unit.COUNT)) and fmt.comparable(ind(Unit.RATIO))


@pytest.mark.parametrize(
    "unit, difference, percent, expected",
    [
        (Unit.COUNT, -734, -16.7, "-734 (-16.7%)"),  # counts: difference and relative change
        (Unit.PER_1000, -0.9, -16.666, "-0.9 per 1,000 (-16.7%)"),  # rates: the same
        (Unit.HOURS, 2.5, 20.0, "+2.5 hours (+20.0%)"),
        (Unit.PERCENT, 1.4, 12.0, "+1.4 percentage points"),  # shares: never a percentage of a percentage
        (Unit.RATIO, 0.4, 12.5, "+0.4"),  # ratios: already relative
        (Unit.COUNT, 5, None, "+5"),  # nothing to divide by: no bracket
    ],
)
def test_when_a_change_shows_a_percentage(unit, difference, percent, expected):
    assert fmt.change(ind(unit), difference, percent) == expected


def test_change_says_when_it_is_significant_and_is_none_without_a_difference():
    assert fmt.change(ind(Unit.PERCENT), 1.4, None, significant=True) == "+1.4 percentage points (significant)"
    assert fmt.change(ind(Unit.COUNT), None, 3.0) is None


def test_cli_and_report_print_a_change_the_same_way():
    from openpeel.cli.common import indicator_rows

    class Result:
        indicator = ind(Unit.COUNT)
        value = object()
        period = None

    rows, _ = indicator_rows(
        [Result()],
        [
            {
                "value": 3663,
                "reason": None,
                "complete": True,
                "median": 5000,
                "typical_low": 80,
                "typical_high": 28367,
                "change": -734,
                "percent_change": -16.7,
                "change_significant": None,
            }
        ],
    )
    assert rows[0]["change"] == fmt.change(ind(Unit.COUNT), -734, -16.7) == "-734 (-16.7%)"
    assert rows[0]["typical range"] is None  # a count: not set against other forces' counts


def test_rank_quartile_and_estimate():
    assert [fmt.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 43)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "43rd",
    ]
    assert fmt.rank(12, 43, 2) == "12th highest of 43 (second quarter)" and fmt.rank(None, 43) is None
    # the seed: 67 of 68 records, 90% Wald: 98.5% (+/- 2.4 percentage points)
    estimate = proportion_interval(67, 68, level=0.90, method="wald")
    assert (
        fmt.estimate(estimate, sample="67 of 68 cases reviewed")
        == "98.5% (+/- 2.4 percentage points; 67 of 68 cases reviewed)"
    )
