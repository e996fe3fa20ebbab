"""The veil-of-darkness test on synthetic searches made with a known effect of darkness, and its
refusal when too few searches fall in the inter-twilight window."""

import math
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import duckdb
import numpy as np
import pandas as pd
import pytest
from astral import Observer
from astral.sun import dusk, sunset

from openpeel.backends import duckdb_backend
from openpeel.fairness import FairnessError
from openpeel.fairness.darkness import darkness_test
from openpeel.periods import Period
from openpeel.settings import FairnessSettings
from openpeel.store import Store

UK = ZoneInfo("Europe/London")
YEAR = Period.parse("2019")
CELLS = [(51.5, -0.1), (51.6, -0.3), (51.4, 0.1)]  # three places in London, one grid cell each


def searches(n: int, log_odds_dark: float, seed: int) -> pd.DataFrame:
    """``n`` searches in 2019 between 15:00 and 23:00 clock time. The log odds of the person being
    Black (not White) are -1 + 0.4 sin(clock) + 0.2 for the second place + ``log_odds_dark`` after dusk."""
    rng = np.random.default_rng(seed)
    days = [date(2019, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 365, n)]
    cells = rng.integers(0, len(CELLS), n)
    clock = rng.uniform(15 * 60, 23 * 60, n)
    rows, dark = [], []
    sun = {}
    for day, cell, minutes in zip(days, cells, clock):
        local = datetime(day.year, day.month, day.day, tzinfo=UK) + timedelta(minutes=float(minutes))
        at = local.astimezone(timezone.utc).replace(tzinfo=None)
        if (day, cell) not in sun:
            place = Observer(*CELLS[cell])
            sun[day, cell] = (dusk(place, day).replace(tzinfo=None), sunset(place, day).replace(tzinfo=None))
        dark.append(at >= sun[day, cell][0])
        rows.append((at, *CELLS[cell]))
    log_odds = -1 + 0.4 * np.sin(clock / 60) + 0.2 * (cells == 1) + log_odds_dark * np.array(dark)
    black = rng.random(n) < 1 / (1 + np.exp(-log_odds))
    frame = pd.DataFrame(rows, columns=["occurred_at", "latitude", "longitude"])
    frame["ode_group"] = np.where(black, "black", "white")
    frame["sde_group"] = frame.ode_group
    frame["force_id"] = "metropolitan"
    frame["month"] = [date(d.year, d.month, 1) for d in days]
    frame["of_person"] = True
    frame["search_type"] = "person"
    frame["source_key"] = "synthetic"
    frame["load_id"] = 1
    return frame


def backend_with(tmp_path, frame: pd.DataFrame):
    store = Store(tmp_path / "dark.duckdb")
    store.ensure_schema(["stop_search"])
    con = duckdb.connect(str(store.path))  # test rows written straight in (the store's own connections read)
    try:
        con.register("generated", frame)
        con.execute("INSERT INTO stop_search BY NAME SELECT * FROM generated")
    finally:
        con.close()
    return duckdb_backend(store)


def test_recovers_a_known_effect_of_darkness_within_its_interval(tmp_path):
    truth = math.log(0.6)  # the Black share of searches falls in the dark
    result = darkness_test(
        backend_with(tmp_path, searches(30000, truth, seed=7)), "metropolitan", YEAR, FairnessSettings()
    )
    assert result.low < 0.6 < result.high
    assert result.high < 1 and result.p_value < 0.001
    assert "smaller share" in result.words
    assert result.areas == 3 and result.placed_by_force == 0
    assert result.in_darkness > 1000 and result.in_daylight > 1000
    # the earliest and latest dusk of 2019 in London, in clock time (December; June, in summer time)
    assert result.window == ("16:31", "22:11")
    assert result.searches == result.in_darkness + result.in_daylight


def test_shows_no_effect_where_there_is_none(tmp_path):
    result = darkness_test(
        backend_with(tmp_path, searches(30000, 0.0, seed=11)), "metropolitan", YEAR, FairnessSettings()
    )
    assert result.low < 1 < result.high
    assert result.words.startswith("no difference")


def test_refuses_with_too_few_searches_in_the_window(tmp_path):
    with pytest.raises(FairnessError, match=r"too few searches in the inter-twilight window.*needs at least 200"):
        darkness_test(backend_with(tmp_path, searches(150, 0.0, seed=3)), "metropolitan", YEAR, FairnessSettings())


def test_refuses_without_times_and_places(tmp_path):
    frame = searches(50, 0.0, seed=5).assign(latitude=None, longitude=None)
    with pytest.raises(FairnessError, match="with a time and a place"):
        darkness_test(backend_with(tmp_path, frame), "metropolitan", YEAR, FairnessSettings())
