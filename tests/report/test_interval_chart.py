"""The interval figure on the real files: every force's ratio with its interval, the England and
Wales ratio, the data table, and text large enough to read."""

import re

import pytest
from conftest import HOME_OFFICE, ONS, POLICE_UK

from openpeel.ingest import ingest
from openpeel.report import build_report
from openpeel.report.figures import Figure
from openpeel.store import Store

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("interval_chart")


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("intervals")
    store = Store(folder / "store.duckdb")
    ingest(
        [
            *sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv")),
            HOME_OFFICE / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods",
            ONS / "census2011-ethnicity-by-police-force-area.csv",
        ],
        store,
    )
    return build_report(store, "city-of-london", folder / "out", use_shipped=False, pdf=False).report


def figure(report, figure_id: str) -> Figure:
    found = [f for area in report.areas for f in area.figures if f.id == figure_id]
    assert found and isinstance(found[0], Figure), found
    return found[0]


def test_stop_and_search_ratio_with_its_interval(report):
    fig = figure(report, "stop_search_disproportionality")
    rows = {r.header: r.cells for r in fig.table.rows}
    # (195 / 193) / (695 / 5,799) = 8.43: more searches than residents, so the Poisson form
    assert rows["City of London (this force)"] == ["8.4", "7.2 to 9.9", ""]
    assert rows["England and Wales"][0] == "8.4"  # the one force with the whole year
    assert "95% confidence interval" in fig.description and "England and Wales ratio" in fig.description


def test_use_of_force_ratio_for_every_force_sorted_with_england_and_wales(report):
    fig = figure(report, "use_of_force_disproportionality")
    rows = fig.table.rows
    assert len(rows) == 44 and rows[-1].header == "England and Wales"
    values = [float(r.cells[0]) for r in rows[:-1] if r.cells[0] != "withheld"]
    assert values == sorted(values, reverse=True)
    assert all(re.fullmatch(r"\d+\.\d to \d+\.\d", r.cells[1]) for r in rows)


def test_chart_text_is_at_least_nine_points(report):
    svg = str(figure(report, "use_of_force_disproportionality").svg)
    sizes = {float(s) for s in re.findall(r'font-size="([0-9.]+)px"', svg)}
    assert sizes and min(sizes) >= 12  # 12 px = 9 pt
