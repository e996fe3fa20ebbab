"""Disclosure control on small cases worked by hand, and the policy's table of who sees what."""

from __future__ import annotations

from openpeel.web import disclosure, policy
from openpeel.web.policy import PUBLIC, Action, Viewer
from openpeel.web.roles import Role


def test_a_small_numerator_hides_itself_and_the_rate_not_the_denominator():
    out = disclosure.suppress(
        {"value": 3 / 40 * 100, "numerator": 3, "denominator": 40, "rank": 2},
        unit="percent",
        proportion=True,
        linked=("rank",),
    )
    assert (out["value"], out["numerator"], out["denominator"], out["rank"]) == (None, None, 40, None)
    assert out["suppressed"] == ["numerator", "value"]


def test_a_small_complement_hides_the_numerator_and_share():
    out = disclosure.suppress(
        {"value": 67 / 68 * 100, "numerator": 67, "denominator": 68}, unit="percent", proportion=True
    )
    assert (out["value"], out["numerator"], out["denominator"]) == (None, None, 68)


def test_the_complement_is_only_tested_for_shares():
    rate = disclosure.suppress(
        {"value": 999.0, "numerator": 1000, "denominator": 1001}, unit="per_1000", proportion=False
    )
    assert rate["suppressed"] == [] and rate["value"] == 999.0


def test_a_small_denominator_hides_everything_and_a_small_count_itself():
    median = disclosure.suppress({"value": 11.5, "numerator": None, "denominator": 3}, unit="hours", proportion=False)
    assert median["suppressed"] == ["denominator", "numerator", "value"] and median["value"] is None
    count = disclosure.suppress({"value": 4.0, "numerator": 4.0, "denominator": None}, unit="count", proportion=False)
    assert count["value"] is None
    five = disclosure.suppress({"value": 5.0, "numerator": 5.0, "denominator": None}, unit="count", proportion=False)
    assert five["value"] == 5.0  # the threshold itself is shown
    ten = disclosure.suppress(
        {"value": 7.0, "numerator": 7.0, "denominator": None}, unit="count", proportion=False, threshold=10
    )
    assert ten["value"] is None


def test_change_size_is_dropped_but_direction_and_significance_stay():
    out = disclosure.without_change_size(
        {
            "change": -12.0,
            "previous_value": 93.0,
            "percent_change": -12.9,
            "change_p_value": 0.001,
            "change_significant": True,
        }
    )
    assert out == {
        "change": None,
        "previous_value": None,
        "percent_change": None,
        "change_p_value": None,
        "change_significant": True,
        "change_direction": "down",
    }


def test_policy_table():
    analyst = Viewer("a", Role.FORCE, "kent")
    inspector, admin = Viewer("i", Role.INSPECTOR), Viewer("d", Role.ADMIN)
    assert policy.allows(analyst, Action.WORKLISTS, "kent") and not policy.allows(analyst, Action.WORKLISTS, "essex")
    assert policy.allows(inspector, Action.ALERTS, "essex") and not policy.allows(admin, Action.ALERTS, "essex")
    assert not policy.allows(PUBLIC, Action.WORKLISTS, "kent") and policy.allows(PUBLIC, Action.REPORTS, "kent")
    assert policy.allows(admin, Action.ACCOUNTS) and not policy.allows(inspector, Action.ACCOUNTS)
    assert policy.exact(analyst, "kent") and not policy.exact(analyst, "essex") and not policy.exact(admin, "kent")
    record = {
        "force": "essex",
        "unit": "count",
        "value": 2.0,
        "numerator": 2.0,
        "denominator": None,
        "change": 1.0,
        "rank": 40,
    }
    assert policy.force_result(analyst, record, proportion=False, threshold=5)["value"] is None
    assert policy.force_result(inspector, record, proportion=False, threshold=5)["value"] == 2.0
