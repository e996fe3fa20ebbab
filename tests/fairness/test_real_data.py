"""Disproportionality for every group, the census view and the outcome test on the shipped real
files (City of London 2016), with the counts made independently here from the CSVs."""

import csv
import re

import pytest
from conftest import ONS, POLICE_UK

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.fairness.outcome import outcome_test
from openpeel.fairness.ratios import UNSTABLE, WITHHELD, across_forces, census_sensitivity, family_ratios
from openpeel.indicators import catalogue
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.settings import FairnessSettings
from openpeel.store import Store

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("fairness_real_data")

YEAR = Period.parse("2016")
CITY_2011 = {"white": 5799, "mixed": 289, "asian": 940, "black": 193, "other": 154}  # the 2011 census row
CITY_2021 = {"white": 5955, "mixed": 470, "asian": 1445, "black": 232, "other": 482}  # the 2021 census rows


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("fair") / "store.duckdb")
    ingest(
        [
            *sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv")),
            POLICE_UK / "2026-02-city-of-london-stop-and-search.csv",
            ONS / "census2011-ethnicity-by-police-force-area.csv",
            ONS / "census2021-ethnicity-by-police-force-area.csv",
        ],
        store,
    )
    return duckdb_backend(store)


def searches_by_group() -> dict[str, int]:
    """Searches of people in 2016 by self-defined group, read straight from the CSVs (2001 codes)."""
    letters = {"W": "white", "B": "black", "A": "asian", "M": "mixed"}
    counts = {g: 0 for g in CITY_2011}
    for path in sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv")):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                code = re.search(r"\(([A-Z]+)(\d)?\)$", row["Self-defined ethnicity"] or "")
                if row["Type"] == "Vehicle search" or not code or code[1] == "NS":
                    continue
                group = letters.get(code[1]) or ("asian" if code[0] == "(O1)" else "other")
                counts[group] += 1
    return counts


def test_the_counts_made_here_are_those_of_the_files():
    assert searches_by_group() == {"white": 695, "black": 195, "asian": 209, "mixed": 68, "other": 6}


def test_ratio_for_every_group_matches_the_files_and_the_2011_census(backend):
    counts = searches_by_group()
    ratios = family_ratios(
        Assessor(backend), "stop_search.disproportionality", "city-of-london", YEAR, FairnessSettings()
    )
    found = {r.member: r for r in ratios}
    assert set(found) == {"black", "asian", "mixed", "other"}
    for group, r in found.items():
        expected = (counts[group] / CITY_2011[group]) / (counts["white"] / CITY_2011["white"])
        assert r.value == pytest.approx(expected)
        assert r.counts == (counts[group], counts["white"])
        assert r.low < r.value < r.high
    assert round(found["black"].value, 2) == 8.43
    assert round(found["asian"].value, 2) == 1.86
    assert round(found["other"].value, 2) == 0.33
    assert UNSTABLE in found["other"].flags  # 6 searches
    assert found["black"].notes == ("2011 census usual residents",)


def test_public_output_withholds_a_ratio_under_the_disclosure_threshold(backend):
    ratios = family_ratios(
        Assessor(backend), "stop_search.disproportionality", "city-of-london", YEAR, FairnessSettings(), public=True
    )
    other = next(r for r in ratios if r.member == "other")
    assert other.withheld and other.as_dict()["value"] is None and other.as_dict()["count"] is None
    assert WITHHELD not in next(r for r in ratios if r.member == "black").flags


def test_a_2026_period_takes_the_2021_census(backend):
    ratio = family_ratios(
        Assessor(backend),
        "stop_search.disproportionality",
        "city-of-london",
        Period.parse("2026-02"),
        FairnessSettings(),
    )[0]
    black, white = ratio.counts
    assert ratio.populations == (232, 5955) and ratio.notes == ("2021 census usual residents",)
    assert ratio.value == pytest.approx((black / 232) / (white / 5955))


def test_census_sensitivity_gives_both_censuses_from_the_same_counts(backend):
    ind = catalogue.get("stop_search.disproportionality_black_white")
    (y1, r2011), (y2, r2021) = census_sensitivity(Assessor(backend), ind, "city-of-london", YEAR, FairnessSettings())
    assert (y1, y2) == (2011, 2021) and r2011.counts == r2021.counts == (195, 695)
    assert r2011.value == pytest.approx((195 / 193) / (695 / 5799))
    assert r2021.value == pytest.approx((195 / 232) / (695 / 5955))


def test_england_and_wales_ratio_sums_counts_over_forces(backend):
    cmp = across_forces(
        Assessor(backend), catalogue.get("stop_search.disproportionality.asian"), YEAR, FairnessSettings()
    )
    assert [r.force_id for r in cmp.forces] == ["city-of-london"]  # the only force with the whole year
    assert cmp.england_and_wales.value == pytest.approx(cmp.forces[0].value)


def test_powers_from_the_legislation_column(backend):
    ratios = {
        r.member: r
        for r in family_ratios(
            Assessor(backend), "stop_search.disproportionality_by_power", "city-of-london", YEAR, FairnessSettings()
        )
    }
    assert ratios["cjpoa_s60"].value is None and ratios["tact_s47a"].value is None  # no such searches in 2016
    assert ratios["mda_s23"].value > ratios["pace_s1"].value > 1


def test_age_and_sex_say_no_population_is_loaded(backend):
    settings = FairnessSettings()
    ages = family_ratios(Assessor(backend), "stop_search.disproportionality_by_age", "city-of-london", YEAR, settings)
    assert {r.reason for r in ages} == {"no population by age group is loaded for the force area"}
    sex = family_ratios(Assessor(backend), "stop_search.disproportionality_by_sex", "city-of-london", YEAR, settings)
    assert sex[0].reason == "no population by sex is loaded for the force area"


def test_outcome_test_by_group(backend):
    result = outcome_test(backend, "city-of-london", YEAR, FairnessSettings())
    groups = {g.group: g for g in result.groups}
    # outcome other than no further action, of outcomes recorded (every 2016 row has one)
    assert (groups["white"].find.hits, groups["white"].find.known) == (345, 695)
    assert (groups["black"].find.hits, groups["black"].find.known) == (93, 195)
    assert (groups["black"].linked.hits, groups["black"].linked.known) == (68, 92)
    black = groups["black"].find.against_white
    assert black.test == "z" and black.difference == pytest.approx(93 / 195 - 345 / 695)
    assert not black.significant
    # six searches of 'other' people: an expected count below 5 chooses Fisher's exact test
    assert groups["other"].find.against_white.test == "fisher"
    assert "infra-marginality" in result.as_dict()["caveat"]
