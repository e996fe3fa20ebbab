"""Writing CSV that is safe to open in a spreadsheet.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel, LibreOffice and Google Sheets ("CSV injection"). Every CSV openpeel writes goes
through :func:`write_rows`, which prefixes such text with an apostrophe, the spreadsheet's own
mark for "this is text". Numbers are written as numbers, so a negative figure stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet should see it: text that would run as a formula is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(stream: TextIO, rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write a header and one line per row (missing keys blank), every text cell neutralised."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([neutralise(row.get(c)) for c in columns])
