"""Outcome shares worked by hand on a small crimes and outcomes extract, and the quarterly series."""

import pytest
from conftest import write
from records.extracts import FORCE, load

from openpeel.assess import Assessor
from openpeel.indicators import catalogue
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.trends import quarterly_series

YEAR = Period.parse("ye-2025-09")

CRIMES = """
    crime_ref,crime_type,victim_based,recorded_on,domestic_abuse,allocated_team,team_level,required_level
    C1,robbery,true,2024-12-10,false,CID,pip2,pip2
    C2,rape,true,2025-02-01,true,CID,pip2,pip2
    C3,violence_with_injury,true,2025-03-03,true,Response,pip1,pip2
    C4,shoplifting,true,2025-04-04,false,Response,pip1,pip1
    C5,drug_offences,false,2025-05-05,false,Response,pip1,pip1
    C6,violence_with_injury,true,2023-05-01,false,,,
    C7,shoplifting,true,2025-09-20,false,Response,pip1,pip1
    C8,other_theft,true,2024-08-01,false,Response,pip1,pip1
"""
# C6's crime was recorded long before the year: its outcome still counts, by the day it was assigned.
# C7's outcome falls after the year and C8's before it; C9 has no crime record, so it cannot be classed.
OUTCOMES = """
    crime_ref,outcome_type,assigned_on
    C1,1,2025-01-05
    C2,15,2025-03-01
    C3,8,2025-03-20
    C4,3,2025-04-30
    C5,7,2025-05-06
    C6,18,2025-09-30
    C7,1,2025-10-01
    C8,2,2024-09-30
    C9,1,2025-06-01
"""


@pytest.fixture
def assessor(store, tmp_path):
    return Assessor(load(store, tmp_path, crimes=CRIMES, crime_outcomes=OUTCOMES))


@pytest.mark.parametrize(
    "indicator_id, numerator, denominator",
    [
        ("outcomes.positive_share", 3, 5),  # C1 charged, C3 community resolution, C4 caution
        ("outcomes.unresolved_share", 2, 5),  # C2 (15) and C6 (18)
        ("outcomes.resolved_share", 0, 5),
        ("outcomes.charged_share", 1, 5),
        ("outcomes.caution_share", 1, 5),
        ("outcomes.tic_share", 0, 5),
        ("outcomes.community_resolution_share", 1, 5),
        ("outcomes.positive_share.robbery", 1, 1),
        ("outcomes.positive_share.rape", 0, 1),
        ("outcomes.positive_share.violence_with_injury", 1, 2),
        ("outcomes.charged_share.violence_with_injury", 0, 2),
        ("outcomes.unresolved_share.violence_with_injury", 1, 2),
    ],
)
def test_shares_of_outcomes_assigned_in_the_period(assessor, indicator_id, numerator, denominator):
    value = assessor.result(catalogue.get(indicator_id), FORCE, YEAR).value
    assert (value.numerator, value.denominator) == (numerator, denominator)
    assert value.value == pytest.approx(100 * numerator / denominator)


def test_a_crime_group_with_no_outcomes_has_no_value(store, tmp_path):
    moved = OUTCOMES.replace("C1,1,2025-01-05", "C1,1,2024-01-05")  # the only robbery outcome leaves the year
    assessor = Assessor(load(store, tmp_path, crimes=CRIMES, crime_outcomes=moved))
    value = assessor.result(catalogue.get("outcomes.positive_share.robbery"), FORCE, YEAR).value
    assert value.value is None and "no outcomes were assigned to robbery" in value.reason


def test_every_share_has_one_declaration_per_crime_group():
    ids = {i.id for i in catalogue.all_indicators() if i.id.startswith("outcomes.")}
    assert len(ids) == 7 * 4
    assert {
        "outcomes.positive_share.robbery",
        "outcomes.positive_share.rape",
        "outcomes.positive_share.violence_with_injury",
        "outcomes.charged_share.violence_with_injury",
        "outcomes.tic_share",
        "outcomes.community_resolution_share",
    } <= ids


def _monthly_outcomes(months: list[str], positive_per_month: list[int], per_month: int = 10) -> tuple[str, str]:
    crimes, outcomes = ["crime_ref,crime_type,victim_based,recorded_on"], ["crime_ref,outcome_type,assigned_on"]
    for month, positives in zip(months, positive_per_month):
        for i in range(per_month):
            ref = f"{month}-{i}"
            crimes.append(f"{ref},other_theft,true,{month}-01")
            outcomes.append(f"{ref},{1 if i < positives else 18},{month}-15")
    return "\n".join(crimes), "\n".join(outcomes)


def test_quarterly_series_gives_the_force_and_the_median_of_its_world(store, tmp_path):
    # Fifteen months, ten outcomes each: one positive a month until March 2025, then two a month.
    months = [f"{y}-{m:02d}" for y, m in [(2024, m) for m in range(1, 13)] + [(2025, m) for m in range(1, 4)]]
    crimes, outcomes = _monthly_outcomes(months, [1] * 12 + [2] * 3)
    load(store, tmp_path, crimes=crimes, crime_outcomes=outcomes)
    figures = "force,indicator,component,period_start,period_end,value,publisher\n"
    for force, positives in [("kent-demo", 30), ("essex-demo", 40), ("surrey-demo", 50), ("dorset-demo", 60)]:
        for start, end, extra in [("2024-01", "2024-12", 0), ("2024-04", "2025-03", 5)]:
            figures += f"{force},outcomes.positive_share,positive_outcomes,{start},{end},{positives + extra},test\n"
            figures += f"{force},outcomes.positive_share,outcomes,{start},{end},1000,test\n"
    figures += "kent,outcomes.positive_share,positive_outcomes,2024-01,2024-12,900,real\n"
    figures += "kent,outcomes.positive_share,outcomes,2024-01,2024-12,1000,real\n"
    ingest([write(tmp_path / "figures.csv", figures)], store)
    from openpeel.backends import duckdb_backend

    points = quarterly_series(
        Assessor(duckdb_backend(store)), "outcomes.positive_share", FORCE, "ye-2024-12", "ye-2025-03"
    )
    assert [p.period.code() for p in points] == ["2024", "ye-2025-03"]
    assert [p.value for p in points] == pytest.approx([10.0, 12.5])  # 12/120, then (9 + 6)/120
    # the median is of the five demo forces (the real Kent is another world)
    assert [p.median for p in points] == pytest.approx([5.0, 5.5])  # of 3, 4, 5, 6 and 10; then 3.5 ... 12.5
    assert [p.forces_compared for p in points] == [5, 5]


def test_series_needs_whole_quarter_steps():
    from openpeel.periods import PeriodError
    from openpeel.trends import rolling_years

    assert [p.code() for p in rolling_years("ye-2023-12", "ye-2024-06")] == ["2023", "ye-2024-03", "ye-2024-06"]
    with pytest.raises(PeriodError):
        rolling_years("ye-2023-12", "ye-2024-02")
