"""data.police.uk's stop and search API answer (``stops-force``) written as the monthly CSV that
data.police.uk's download page gives, so the stop and search reader loads it unchanged.

The API answers with a JSON list, one object per search, holding the same facts as the CSV under
other names (``self_defined_ethnicity`` for 'Self-defined ethnicity', a ``location`` object for
latitude and longitude, ``outcome_object.name`` for the outcome label). True and false are written
as the CSV writes them.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpeel.csv_output import write_rows
from openpeel.download.registry import DownloadError

COLUMNS = [
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
]
REQUIRED = ("type", "datetime")


def stops_json_to_csv(raw: Path, out: Path) -> int:
    """Write ``out`` from the API answer in ``raw``; the number of searches written."""
    try:
        stops = json.loads(raw.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{raw.name}: the data.police.uk API did not answer with JSON ({exc})") from None
    if not isinstance(stops, list):
        raise DownloadError(
            f"{raw.name}: the data.police.uk API answered with {type(stops).__name__}, not a list of searches"
        )
    rows = [_row(raw, number, stop) for number, stop in enumerate(stops, start=1)]
    buffer = io.StringIO()
    write_rows(buffer, rows, COLUMNS)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    return len(rows)


def _row(raw: Path, number: int, stop) -> dict:
    if not isinstance(stop, dict) or any(k not in stop for k in REQUIRED):
        raise DownloadError(
            f"{raw.name}: search {number} has no {' or '.join(REQUIRED)}; the API's layout may have changed"
        )
    location = stop.get("location") or {}
    outcome = (stop.get("outcome_object") or {}).get("name") or stop.get("outcome")
    return {
        "Type": stop["type"],
        "Date": stop["datetime"],
        "Part of a policing operation": _flag(stop.get("operation")),
        "Policing operation": stop.get("operation_name"),
        "Latitude": _number(location.get("latitude")),
        "Longitude": _number(location.get("longitude")),
        "Gender": stop.get("gender"),
        "Age range": stop.get("age_range"),
        "Self-defined ethnicity": stop.get("self_defined_ethnicity"),
        "Officer-defined ethnicity": stop.get("officer_defined_ethnicity"),
        "Legislation": stop.get("legislation"),
        "Object of search": stop.get("object_of_search"),
        "Outcome": outcome if isinstance(outcome, str) else None,
        "Outcome linked to object of search": _flag(stop.get("outcome_linked_to_object_of_search")),
        "Removal of more than just outer clothing": _flag(stop.get("removal_of_more_than_outer_clothing")),
    }


def _flag(value) -> str | None:
    return None if value is None else ("True" if value else "False")


def _number(value):
    """A coordinate the API sends as text, as a number (so it is written as a number, digits kept)."""
    if value is None or isinstance(value, (int, float)):
        return value
    try:
        return Decimal(value)
    except InvalidOperation:
        return value
