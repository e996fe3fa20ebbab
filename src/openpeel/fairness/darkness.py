"""The veil-of-darkness test: is a group's share of searches lower after dark, when officers can
less easily see who they are stopping?

Grogger and Ridgeway's idea, as the Stanford Open Policing Project applies it: keep searches made
in the inter-twilight window, the clock times that are in daylight on some days of the year and in
darkness on others (between the earliest and the latest dusk), leave out those between sunset and
dusk (neither light nor dark), and compare at the same clock time the share of a group among
searches made in darkness with its share among those made in daylight. The seasons move sunset
while people's routines keep to the clock, so who is out at 6 pm changes much less than whether
it is dark at 6 pm.

A logistic regression (statsmodels) of "the person searched is of the group, not White" on
darkness, with a natural cubic spline of clock time (6 degrees of freedom) and the area of the
search as controls, gives the estimate: a darkness odds ratio below 1 means the group makes up a
smaller share of searches in the dark, which is what discrimination on sight would produce.

Limits (docs/disproportionality.md): street lighting weakens the veil; who is out, and where,
may itself change with darkness and season; the test speaks only of the window's hours and of the
places with searches then; it needs enough searches in the window, and refuses to run without
them; and a null result does not show that searches are fair at other times.

The engine does the work: the searches are filtered, placed and counted per clock minute,
darkness and area in DuckDB (or Spark); sunset and dusk are computed once per distinct day and
place (:mod:`.sun`) and joined there. Python fits the model on those counts, which gives the same
estimates as fitting it on one row per search.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import ibis
import pandas as pd

from openpeel import tables
from openpeel.backends import Backend
from openpeel.fairness import FairnessError
from openpeel.fairness.sun import sun_times
from openpeel.indicators.engine import period_rows
from openpeel.periods import Period
from openpeel.settings import FairnessSettings
from openpeel.vocab import EthnicGroup

GRID = 10  # places rounded to 1/10 of a degree (about 11 km by 7 km): sunset differs by under a minute within
MIN_AREA = 20  # areas with fewer searches in the window are pooled, so every area term is estimable
ETHNICITY = {"officer": "ode_group", "self": "sde_group"}
LIMITS = (
    "Street lighting means darkness hides less than it would; who is out and where can change with the seasons "
    "as well as with the light; the estimate covers only the hours of the inter-twilight window and the places "
    "searched then; and finding no difference does not show that searches are fair at other hours."
)


@dataclass(frozen=True)
class DarknessTest:
    force_id: str
    period: Period
    group: str
    ethnicity: str  # officer or self
    searches: int  # in the window, in daylight or darkness, of the group or White
    in_darkness: int
    in_daylight: int
    of_group: int
    between_sunset_and_dusk: int  # left out
    window: tuple[str, str]  # clock times, e.g. ('16:05', '21:31')
    areas: int
    placed_by_force: int  # searches with no coordinates, placed at the force's usual search location
    coefficient: float  # darkness, on the log-odds scale
    odds_ratio: float
    low: float  # odds ratio interval
    high: float
    p_value: float
    level: float
    limits: str = LIMITS

    @property
    def words(self) -> str:
        who = self.group.capitalize()
        if self.low <= 1 <= self.high:
            return f"no difference in the {who} share of searches between darkness and daylight can be shown"
        side = "smaller" if self.odds_ratio < 1 else "larger"
        return (
            f"{who} people make up a {side} share of searches in darkness than in daylight at the same clock "
            "time" + (", as discrimination on sight would produce" if side == "smaller" else "")
        )

    def as_dict(self) -> dict:
        return {
            "force": self.force_id,
            "period": self.period.label(),
            "period_code": self.period.code(),
            "group": self.group,
            "compared_with": EthnicGroup.WHITE.value,
            "ethnicity": self.ethnicity,
            "searches": self.searches,
            "in_darkness": self.in_darkness,
            "in_daylight": self.in_daylight,
            "of_group": self.of_group,
            "between_sunset_and_dusk_left_out": self.between_sunset_and_dusk,
            "window": {"from": self.window[0], "to": self.window[1]},
            "areas": self.areas,
            "placed_at_force_location": self.placed_by_force,
            "darkness_coefficient": self.coefficient,
            "odds_ratio": self.odds_ratio,
            "odds_ratio_low": self.low,
            "odds_ratio_high": self.high,
            "p_value": self.p_value,
            "level": self.level,
            "model": MODEL,
            "words": self.words,
            "limits": self.limits,
        }


MODEL = (
    "logistic regression of group (against White) on darkness, with a natural cubic spline of clock time "
    "(6 degrees of freedom) and area as controls (statsmodels GLM, binomial)"
)


def darkness_test(
    backend: Backend,
    force_id: str,
    period: Period,
    settings: FairnessSettings,
    *,
    group: str = EthnicGroup.BLACK.value,
    ethnicity: str = "officer",
) -> DarknessTest:
    """The veil-of-darkness test for a force's data.police.uk searches of people in a period."""
    if ethnicity not in ETHNICITY:
        raise FairnessError(f"ethnicity must be officer or self, not {ethnicity!r}")
    if group not in {g.value for g in EthnicGroup} - {EthnicGroup.WHITE.value, EthnicGroup.UNKNOWN.value}:
        raise FairnessError(f"group must be black, asian, mixed or other, not {group!r}")
    if not backend.has("stop_search"):
        raise FairnessError("no data.police.uk stop and search records are loaded")
    raw = backend.table("stop_search")
    t = period_rows(raw, tables.get("stop_search"), period)
    eth = t[ETHNICITY[ethnicity]]
    t = t.filter(
        (t.force_id == force_id) & t.of_person & t.occurred_at.notnull() & eth.isin([group, EthnicGroup.WHITE.value])
    )
    placed, fallback = _placed(t, raw, force_id, ETHNICITY[ethnicity], group)
    places = placed.select("day", "lat", "lon").distinct().to_pandas()
    if places.empty:
        raise FairnessError(
            f"no searches of {group} or White people with a time and a place for {force_id} in "
            f"{period.label()}: the veil-of-darkness test cannot run"
        )
    sun = sun_times(places)
    earliest, latest = float((sun.dusk + sun.offset).min()), float((sun.dusk + sun.offset).max())
    joined = placed.inner_join(ibis.memtable(sun), ["day", "lat", "lon"])
    clock = joined.utc_minute + joined.offset
    light = joined.utc_minute < joined.sunset
    dark = joined.utc_minute >= joined.dusk
    windowed = joined.mutate(clock=clock.floor(), dark=dark.cast("int64"), light=light).filter(
        (clock >= earliest) & (clock <= latest)
    )
    between = windowed.filter(~windowed.light & (windowed.dark == 0)).count().execute()
    kept = windowed.filter(windowed.light | (windowed.dark == 1))
    counts = (
        kept.group_by(["clock", "dark", "area"])
        .agg(of_group=kept.target.sum(), searches=kept.count(), unplaced=kept.unplaced.sum())
        .to_pandas()
    )
    total, in_dark = int(counts.searches.sum()), int(counts.searches[counts.dark == 1].sum())
    in_light = total - in_dark
    if total < settings.darkness_min_searches or min(in_dark, in_light) < settings.darkness_min_each:
        raise FairnessError(
            f"too few searches in the inter-twilight window for the veil-of-darkness test: {total:,} of {group} or "
            f"White people between {_clock(earliest)} and {_clock(latest)} ({in_dark:,} in darkness, {in_light:,} "
            f"in daylight); it needs at least {settings.darkness_min_searches:,} in all and "
            f"{settings.darkness_min_each:,} in each (settings: fairness.darkness_min_searches, "
            "fairness.darkness_min_each). A longer period, or a force with more searches, may have enough."
        )
    fit = _fit(counts, settings.level)
    return DarknessTest(
        force_id,
        period,
        group,
        ethnicity,
        total,
        in_dark,
        in_light,
        int(counts.of_group.sum()),
        int(between),
        (_clock(earliest), _clock(latest)),
        fit["areas"],
        int(counts.unplaced.sum()) if fallback else 0,
        fit["coefficient"],
        math.exp(fit["coefficient"]),
        math.exp(fit["low"]),
        math.exp(fit["high"]),
        fit["p_value"],
        settings.level,
    )


def _placed(t, raw, force_id: str, column: str, group: str):
    """Searches with day, UTC minute, grid place and area; those without coordinates are placed at
    the median location of the force's located searches (any period), or left out if it has none."""
    located = raw.filter((raw.force_id == force_id) & raw.latitude.notnull() & raw.longitude.notnull())
    centre = located.agg(lat=located.latitude.median(), lon=located.longitude.median(), n=located.count()).to_pandas()
    has_centre = int(centre.n.iloc[0]) > 0
    if has_centre:
        lat = t.latitude.fill_null(float(centre.lat.iloc[0]))
        lon = t.longitude.fill_null(float(centre.lon.iloc[0]))
    else:
        t = t.filter(t.latitude.notnull() & t.longitude.notnull())
        lat, lon = t.latitude, t.longitude
    lat_cell = (lat * GRID).round().cast("float64") / GRID
    lon_cell = (lon * GRID).round().cast("float64") / GRID
    at = t.occurred_at
    placed = t.mutate(
        day=at.date(),
        utc_minute=at.hour() * 60 + at.minute() + at.second() / 60,
        lat=lat_cell,
        lon=lon_cell,
        area=lat_cell.cast("string").concat(",", lon_cell.cast("string")),
        target=(t[column] == group).cast("int64"),
        unplaced=(t.latitude.isnull() | t.longitude.isnull()).cast("int64"),
    )
    return placed, has_centre


def _fit(counts: pd.DataFrame, level: float) -> dict:
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    frame = counts.groupby(["clock", "dark", "area"], as_index=False)[["of_group", "searches"]].sum()
    sizes = frame.groupby("area").searches.transform("sum")
    frame["area"] = frame.area.where(sizes >= MIN_AREA, "pooled")
    frame["white"] = frame.searches - frame.of_group
    areas = frame.area.nunique()
    formula = "of_group + white ~ dark + cr(clock, df=6, constraints='center')" + (" + C(area)" if areas > 1 else "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels' convergence chatter; the fit is checked below
        result = smf.glm(formula, data=frame, family=sm.families.Binomial()).fit()
    low, high = result.conf_int(alpha=1 - level).loc["dark"]
    coefficient = float(result.params["dark"])
    if not all(map(math.isfinite, (coefficient, low, high))):
        raise FairnessError("the veil-of-darkness model could not be estimated from these searches")
    return {
        "coefficient": coefficient,
        "low": float(low),
        "high": float(high),
        "p_value": float(result.pvalues["dark"]),
        "areas": areas,
    }


def _clock(minutes: float) -> str:
    minutes = int(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
