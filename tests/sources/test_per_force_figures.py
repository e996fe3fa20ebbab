"""Per-force figures feed the same catalogue and comparison as records."""

import pytest
from conftest import write

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.sources import SourceError

HEADER = "force,indicator,component,period_start,period_end,value,publisher\n"
YEAR = Period.parse("ye-2025-03")


def figures(rows):
    return HEADER + "".join(
        f"{force},stop_search.rate_per_1000,{comp},2024-04,2025-03,{value},test tables\n" for force, comp, value in rows
    )


FIVE = [
    ("Kent", 4000, 1_900_000),
    ("Essex", 3000, 1_900_000),
    ("Surrey", 1000, 1_200_000),
    ("Sussex", 2000, 1_700_000),
    ("Dorset", 900, 780_000),
]


def test_figures_give_values_comparison_and_national_total(store, tmp_path):
    rows = [(f, "searches", s) for f, s, _ in FIVE] + [(f, "population", p) for f, _, p in FIVE]
    ingest([write(tmp_path / "figures.csv", figures(rows))], store)
    assessor = Assessor(duckdb_backend(store))
    result = assessor.result(catalogue.get("stop_search.rate_per_1000"), "kent", YEAR)
    assert result.value.value == pytest.approx(1000 * 4000 / 1_900_000)
    assert result.value.source == "per-force figures"
    cmp = result.comparison
    assert cmp.forces_compared == 5
    assert cmp.england_and_wales.value == pytest.approx(1000 * 10900 / 7_480_000)
    # the comparison's default period comes from the figures
    assert assessor.comparison(catalogue.get("stop_search.rate_per_1000")).period == YEAR


def test_refigured_values_replace_earlier_ones_from_any_file(store, tmp_path):
    ingest([write(tmp_path / "a.csv", figures([("Kent", "searches", 4000), ("Kent", "population", 1_900_000)]))], store)
    ingest([write(tmp_path / "b.csv", figures([("Kent", "searches", 4100)]))], store)
    result = Assessor(duckdb_backend(store)).result(catalogue.get("stop_search.rate_per_1000"), "kent", YEAR)
    assert result.value.numerator == 4100 and result.value.denominator == 1_900_000


def test_a_missing_component_is_null_not_zero(store, tmp_path):
    ingest([write(tmp_path / "a.csv", figures([("Kent", "searches", 4000)]))], store)
    result = Assessor(duckdb_backend(store)).result(catalogue.get("stop_search.rate_per_1000"), "kent", YEAR)
    assert result.value.value is None and "population" in result.value.reason


def test_demo_forces_are_never_compared_with_real_ones(store, tmp_path):
    rows = [(f, "searches", s) for f, s, _ in FIVE] + [(f, "population", p) for f, _, p in FIVE]
    rows += [("Kent (demo)", "searches", 1), ("Kent (demo)", "population", 1000)]
    ingest([write(tmp_path / "figures.csv", figures(rows))], store)
    assessor = Assessor(duckdb_backend(store))
    real = assessor.comparison(catalogue.get("stop_search.rate_per_1000"), YEAR)
    assert "kent-demo" not in {f.force_id for f in real.forces} and real.forces_compared == 5
    demo = assessor.comparison(catalogue.get("stop_search.rate_per_1000"), YEAR, world="kent-demo")
    assert [f.force_id for f in demo.forces] == ["kent-demo"]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Kent,stop_search.rate_per_1000,umbrellas,2024-04,2025-03,1,x", "'umbrellas' is not a formula component"),
        (
            "Kent,stop_search.rate_per_1000,searches_black,2024-04,2025-03,1,x",
            "'searches_black' is not a component of stop_search.rate_per_1000",
        ),
        ("Kent,stop_search.nonsense,searches,2024-04,2025-03,1,x", "is not an indicator in the catalogue"),
        ("Atlantis,stop_search.searches,searches,2024-04,2025-03,1,x", "unknown force 'Atlantis'"),
        ("Kent,stop_search.searches,searches,2024-13,2025-03,1,x", "column 'period_start'"),
        ("Kent,stop_search.searches,searches,2024-04,2025-03,lots,x", "'lots' is not a number"),
    ],
)
def test_bad_figures_are_refused(store, tmp_path, line, expected):
    with pytest.raises(SourceError) as caught:
        ingest([write(tmp_path / "f.csv", HEADER + line + "\n")], store)
    assert expected in str(caught.value) and "row 2" in str(caught.value)
    assert store.count("indicator_components") == 0
