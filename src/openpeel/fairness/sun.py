"""Sunset, dusk and the local clock for each distinct day and place, with astral.

astral computes the sun's position from date and place (NOAA's equations); dusk is the end of
civil twilight, when the sun is 6 degrees below the horizon. One row per distinct (date, place)
is computed here and joined to the searches in the engine, so no search row passes through Python.
Times are minutes after midnight UTC on that date; ``offset`` is what to add for UK clock time
(0 in winter, 60 in summer time).
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

import pandas as pd
from astral import Observer
from astral.sun import dusk, sunset

UK = ZoneInfo("Europe/London")
COLUMNS = ["day", "lat", "lon", "sunset", "dusk", "offset"]


def sun_times(places: pd.DataFrame) -> pd.DataFrame:
    """``places``: distinct day, lat, lon. Returns them with sunset, dusk (UTC minutes) and offset."""
    rows = []
    for day, lat, lon in places[["day", "lat", "lon"]].itertuples(index=False):
        day = day.date() if isinstance(day, datetime) else day
        observer = Observer(latitude=float(lat), longitude=float(lon))
        noon = datetime.combine(day, time(12), tzinfo=timezone.utc)
        rows.append(
            (
                day,
                lat,
                lon,
                _minutes(sunset(observer, day)),
                _minutes(dusk(observer, day)),
                int(noon.astimezone(UK).utcoffset().total_seconds() // 60),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _minutes(moment: datetime) -> float:
    moment = moment.astimezone(timezone.utc)
    return moment.hour * 60 + moment.minute + moment.second / 60
