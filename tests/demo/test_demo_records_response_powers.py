"""The demo end to end: `openpeel demo` builds a store, and the system computes the seed report's
Force records I figures from it, each at the period the report gives, to the precision it prints.

The demo is built once for the module, with a seed other than the default: the figures are placed
by construction, so they must not depend on it.
"""

import json
import shutil

import pytest
from typer.testing import CliRunner

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue
from openpeel.periods import Period
from openpeel.store import Store

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("demo_records_response_powers")

DEMO = "northamptonshire-demo"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from openpeel.cli import app

    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.duckdb"
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    built = run("demo", "--out", str(folder / "files"), "--seed", "11")
    assert "synthetic files" in built.output
    run.folder = folder
    # the library reads a copy, so its open connection never stands in the commands' way
    copy = folder / "read.duckdb"
    shutil.copyfile(db, copy)
    run.assessor = Assessor(duckdb_backend(Store(copy)))
    return run


def result(built, indicator_id: str, period: str):
    return built.assessor.result(catalogue.get(indicator_id), DEMO, Period.parse(period))


def shown(built, indicator_id: str, period: str) -> str:
    """The force's value as the report prints it."""
    r = result(built, indicator_id, period)
    return r.indicator.format(r.value.value)


def national(built, indicator_id: str, period: str):
    return built.assessor.comparison(catalogue.get(indicator_id), Period.parse(period), world=DEMO)


SEED_FIGURES = [
    # (indicator, period, as printed in the seed report)
    ("stop_search.searches", "ye-2025-03", "3,663"),
    ("stop_search.rate_per_1000", "ye-2025-03", "4.5 per 1,000"),
    ("stop_search.find_rate", "ye-2025-03", "32.2%"),
    ("stop_search.linked_find_rate", "ye-2025-03", "26.2%"),
    ("stop_search.unlinked_find_rate", "ye-2025-03", "6.0%"),
    ("stop_search.linked_find_rate", "ye-2024-03", "24.8%"),
    ("stop_search.disproportionality_black_white", "ye-2025-03", "3.6 times"),
    ("use_of_force.disproportionality_black_white", "ye-2025-03", "3.1 times"),
    ("use_of_force.reports", "ye-2025-03", "10,689"),
    ("arrests.count", "ye-2025-03", "9,353"),
    ("use_of_force.expected", "ye-2025-03", "16,336"),
    ("use_of_force.under_recorded", "ye-2025-03", "5,647"),
    ("use_of_force.under_recorded", "ye-2024-03", "2,554"),
    ("calls.emergency_per_1000", "ye-2026-01", "178 per 1,000"),
    ("calls.emergency_answered_10s_share", "ye-2026-01", "92.9%"),
    ("calls.emergency_answered_10s_share", "ye-2023-06", "78.5%"),
    ("calls.non_emergency_per_1000", "ye-2025-09", "206 per 1,000"),
    ("calls.non_emergency_abandoned_share", "ye-2025-12", "12.9%"),
    ("calls.non_emergency_abandoned_share", "ye-2023-08", "25.6%"),
    ("response.grade1_urban_on_target_share", "ye-2025-12", "49%"),
    ("response.grade1_rural_on_target_share", "ye-2025-12", "59%"),
    ("asb.incidents", "ye-2025-03", "13,384"),
    ("asb.rate_per_1000", "ye-2025-03", "16.4 per 1,000"),
    ("asb.personal_share", "ye-2025-03", "24.5%"),
    ("asb.environmental_share", "ye-2025-03", "23.1%"),
    ("asb.nuisance_share", "ye-2025-03", "52.4%"),
    ("asb.orders_per_1000", "ye-2025-09", "0.09 per 1,000"),
    ("neighbourhood.officer_time_in_community_share", "ye-2025-12", "63.4%"),
    ("neighbourhood.pcso_time_in_community_share", "ye-2025-12", "70.3%"),
]


@pytest.mark.parametrize("indicator_id, period, printed", SEED_FIGURES)
def test_seed_figures(built, indicator_id, period, printed):
    assert shown(built, indicator_id, period) == printed


def test_self_defined_ethnicity_unknown(built):
    # the force's twelve months of records, September 2024 to August 2025: 11%
    assert round(result(built, "stop_search.sde_unknown_share", "2024-09:2025-08").value.value) == 11
    # England and Wales in the year to March 2025: 18%
    assert round(national(built, "stop_search.sde_unknown_share", "ye-2025-03").england_and_wales.value) == 18


def test_changes_on_the_year_before(built):
    searches = result(built, "stop_search.searches", "ye-2025-03").change
    assert round(searches.percent_change, 1) == -16.7
    reports = result(built, "use_of_force.reports", "ye-2025-03").change
    assert round(reports.percent_change, 1) == -8.6
    linked = result(built, "stop_search.linked_find_rate", "ye-2025-03").change
    assert round(linked.previous_value, 1) == 24.8 and linked.test == "two-proportion z test"
    # England and Wales searches: down 1.3%
    now = national(built, "stop_search.searches", "ye-2025-03").england_and_wales.value
    before = national(built, "stop_search.searches", "ye-2024-03").england_and_wales.value
    assert round(100 * (now / before - 1), 1) == -1.3


MEASURES = sorted(
    {(i, p) for i, p, _ in SEED_FIGURES if p not in ("ye-2024-03", "ye-2023-06", "ye-2023-08")}
    | {("stop_search.sde_unknown_share", "2024-09:2025-08")}
)


@pytest.mark.parametrize("indicator_id, period", MEASURES)
def test_every_measure_has_a_change_on_a_whole_previous_year(built, indicator_id, period):
    r = result(built, indicator_id, period)
    assert r.value.complete and r.change.previous_value is not None and r.change.difference is not None
    previous = built.assessor.run(r.indicator, Period.parse(period).previous()).values[DEMO]
    assert previous.complete, f"{indicator_id}: the previous period is only partly covered"
    assert (r.change.test is not None) == r.indicator.formula.is_proportion


def test_national_comparisons(built):
    emergency = national(built, "calls.emergency_answered_10s_share", "ye-2026-01")
    assert emergency.forces_compared == 43
    assert sum(f.value < 90 for f in emergency.forces if f.compared) == 15
    assert emergency.of(DEMO).value >= catalogue.get("calls.emergency_answered_10s_share").standard
    asb = national(built, "asb.rate_per_1000", "ye-2025-03")
    assert (round(asb.median, 1), round(asb.typical_low, 1), round(asb.typical_high, 1)) == (13.6, 7.0, 22.4)
    assert asb.range_method == "whiskers"
    positions = {
        ("asb.rate_per_1000", "ye-2025-03"): "within",
        ("asb.personal_share", "ye-2025-03"): "within",
        ("asb.environmental_share", "ye-2025-03"): "above",
        ("asb.nuisance_share", "ye-2025-03"): "below",
        ("asb.orders_per_1000", "ye-2025-09"): "below",
        ("stop_search.rate_per_1000", "ye-2025-03"): "within",
        ("stop_search.linked_find_rate", "ye-2025-03"): "within",
        ("calls.emergency_per_1000", "ye-2026-01"): "within",
        ("calls.non_emergency_per_1000", "ye-2025-09"): "within",
    }
    for (indicator_id, period), position in positions.items():
        assert national(built, indicator_id, period).of(DEMO).position == position, indicator_id
    ss = national(built, "stop_search.disproportionality_black_white", "ye-2025-03").england_and_wales.value
    uof = national(built, "use_of_force.disproportionality_black_white", "ye-2025-03").england_and_wales.value
    assert (round(ss, 1), round(uof, 1)) == (3.7, 3.0)
    assert result(built, "asb.orders_per_1000", "ye-2025-09").value.numerator == 76


def test_sources_are_the_force_extracts_and_everything_is_marked_synthetic(built):
    assert result(built, "stop_search.searches", "ye-2025-03").value.source == "force stop and search extract"
    assert result(built, "calls.emergency_answered_10s_share", "ye-2023-06").value.source == "per-force figures"
    files = sorted(p.name for p in (built.folder / "files").iterdir())
    assert files and all("synthetic" in name for name in files)
    figures = (built.folder / "files" / "synthetic-per-force-figures-records-i.csv").read_text().splitlines()
    assert all(line.endswith(",openpeel demo (synthetic)") for line in figures[1:])


def test_indicators_and_assess_commands_show_the_figures(built):
    out = json.loads(
        built(
            "indicators",
            "--force",
            "Northamptonshire (demo)",
            "--period",
            "ye-2025-03",
            "--area",
            "powers",
            "--format",
            "json",
        ).stdout
    )
    rows = {r["id"]: r for r in out}
    assert rows["stop_search.searches"]["value"] == 3663
    assert rows["use_of_force.reports"]["value"] == 10689
    # every figure of a synthetic force says so, counts as well as rates
    assert all("Synthetic demonstration force" in r["warnings"][0] for r in out)
    areas = json.loads(built("assess", "--force", DEMO, "--period", "ye-2026-01", "--format", "json").stdout)
    assert [a["area"] for a in areas][:3] == ["leadership", "workforce", "powers"]
    response = {i["id"]: i for a in areas if a["area"] == "response" for i in a["indicators"]}
    assert round(response["calls.emergency_answered_10s_share"]["value"], 1) == 92.9
    assert response["calls.emergency_answered_10s_share"]["previous_value"] is not None
    table = built("assess", "--force", DEMO).output
    assert "Responding to the public" in table and "Synthetic demonstration force" in table


@pytest.mark.parametrize(
    "name", ["rethrive_due", "grade1_missed", "repeat_callers", "bwv_not_used", "use_of_force_missing"]
)
def test_worklists_have_cases_in_the_demo(built, name):
    out = json.loads(built("worklist", name, "--force", DEMO, "--format", "json").stdout)
    assert out, f"{name} lists nothing for the demo force"
    assert "Synthetic demonstration force" in built("worklist", name, "--force", DEMO).output


def test_the_random_seed_changes_detail_not_figures(tmp_path):
    from openpeel.demo import DemoContext, records_powers

    first = records_powers.generate(DemoContext(out=tmp_path / "a", seed=1))
    second = records_powers.generate(DemoContext(out=tmp_path / "b", seed=2))
    assert [p.read_bytes() != q.read_bytes() for p, q in zip(first, second)] == [True, True, True]
