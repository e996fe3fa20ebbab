"""Spreadsheets (.ods, .xlsx) as publishers lay them out, read once per process.

Publishers put a title in cell A1, a header row somewhere below it, then data rows, then notes.
:func:`read_workbook` gives every sheet as a headerless DataFrame whose index + 1 is the row number
the spreadsheet shows; the helpers here find the header row and the data below it and turn them
into Arrow text columns with a ``_row`` column, ready for :func:`openpeel.sources.checks.validate`.

Parsing an .ods with odfpy takes seconds, so a workbook is opened once per process (keyed by its
content) and each sheet is parsed only when a reader asks for it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import pyarrow as pa
import pyarrow.compute as pc

from openpeel.sources.base import Problem, SourceError
from openpeel.sources.checks import collect

ENGINES = {".ods": "odf", ".xlsx": "openpyxl"}
SUFFIXES = frozenset(ENGINES)
TITLE_ROWS = 6  # a sheet's title is in its first few rows
HEADER_ROWS = 40  # how far down a header row may be
_CACHE_SIZE = 8
S = TypeVar("S")
T = TypeVar("T")


if TYPE_CHECKING:  # pandas is imported when a spreadsheet is opened, not when openpeel starts
    import pandas as pd


class Workbook(Mapping[str, Any]):
    """Sheet name -> headerless DataFrame of cell values, each sheet parsed on first use."""

    def __init__(self, path: Path, raw: bytes):
        self.path = path
        engine = ENGINES.get(path.suffix.lower())
        if engine is None:
            raise SourceError(Problem(str(path), f"is not a spreadsheet ({', '.join(sorted(ENGINES))})"))
        import pandas as pd

        try:
            self._file = pd.ExcelFile(io.BytesIO(raw), engine=engine)
        except Exception as exc:  # odfpy and openpyxl raise many kinds of error on a broken file
            raise SourceError(
                Problem(str(path), f"is not a readable {path.suffix} spreadsheet ({type(exc).__name__}: {exc})")
            ) from None
        self.names: list[str] = [str(n) for n in self._file.sheet_names]
        self._sheets: dict[str, pd.DataFrame] = {}
        self._tops: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._sheets:
            if name not in self.names:
                raise KeyError(name)
            import pandas as pd

            self._sheets[name] = pd.read_excel(self._file, sheet_name=name, header=None, dtype=object)
        return self._sheets[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def top(self, name: str) -> pd.DataFrame:
        """The first rows of a sheet, without parsing the rest (enough to recognise it)."""
        if name in self._sheets:
            return self._sheets[name].head(TITLE_ROWS)
        if name not in self._tops:
            import pandas as pd

            self._tops[name] = pd.read_excel(self._file, sheet_name=name, header=None, dtype=object, nrows=TITLE_ROWS)
        return self._tops[name]

    def title(self, name: str) -> str:
        """The first text in column A of a sheet: publishers put the table's title there."""
        top = self.top(name)
        if top.shape[1] == 0:
            return ""
        return next((clean(v) for v in top.iloc[:, 0] if clean(v)), "")

    def find(self, phrase: str) -> list[str]:
        """Names of the sheets whose title contains ``phrase`` (case and spacing ignored)."""
        want = _fold(phrase)
        return [n for n in self.names if want in _fold(self.title(n))]


_cache: dict[str, Workbook] = {}


def read_workbook(path: str | Path) -> Workbook:
    """The workbook at ``path``, opened once per process for the same content."""
    path = Path(path)
    raw = path.read_bytes()
    key = path.suffix.lower() + ":" + hashlib.sha256(raw).hexdigest()
    if key not in _cache:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        _cache[key] = Workbook(path, raw)
    return _cache[key]


# -- cells ------------------------------------------------------------------------------------


def clean(value) -> str:
    """A cell as text with runs of spaces collapsed; '' for an empty cell."""
    import pandas as pd

    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return " ".join(str(value).split())


def _fold(text: str) -> str:
    return clean(text).casefold()


def is_date(value) -> bool:
    import pandas as pd

    return isinstance(value, (datetime, date, pd.Timestamp)) and value is not pd.NaT


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


# -- layout -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    """Where a table's header is: its row (frame index) and the column index of each label."""

    row: int
    columns: dict[str, int]

    @property
    def number(self) -> int:
        """The row number the spreadsheet shows."""
        return self.row + 1

    @property
    def letters(self) -> dict[str, str]:
        """Each column's letter, so problems can name the cell ('D46')."""
        return {name: column_letter(col) for name, col in self.columns.items()}


def find_header(
    frame: pd.DataFrame, required: Sequence[str], *, path: str, sheet: str, optional: Sequence[str] = ()
) -> Header:
    """The first row holding every ``required`` label (case and spacing ignored).

    If no row has them all, the problems name the row that came closest and each missing label.
    """
    wanted = {_fold(c): c for c in [*required, *optional]}
    best: tuple[int, dict[str, int]] | None = None
    for row in range(min(HEADER_ROWS, len(frame))):
        found = {}
        for col, value in enumerate(frame.iloc[row]):
            label = wanted.get(_fold(clean(value)))
            if label is not None and label not in found:
                found[label] = col
        if all(c in found for c in required):
            return Header(row, found)
        if found and (best is None or len(found) > len(best[1])):
            best = (row, found)
    if best is None:
        raise SourceError(
            Problem(path, f"no header row with the columns {', '.join(map(repr, required))} found", sheet=sheet)
        )
    row, found = best
    seen = ", ".join(clean(v) for v in frame.iloc[row] if clean(v))
    raise SourceError(
        [
            Problem(path, f"required column is missing (found: {seen})", row=row + 1, column=c, sheet=sheet)
            for c in required
            if c not in found
        ]
    )


def body_end(frame: pd.DataFrame, start: int, columns: Sequence[int] | None = None) -> int:
    """The index of the first row at or after ``start`` that is blank in all ``columns`` (default:
    every column): where the table ends and notes begin ('Source: ...' may sit beside the last row)."""
    body = frame.iloc[start:] if columns is None else frame.iloc[start:, list(columns)]
    text = body.astype("string").apply(lambda column: column.str.strip())
    blank = (text.isna() | text.eq("")).all(axis=1)
    hits = blank[blank].index
    return int(hits[0]) if len(hits) else len(frame)


def to_table(frame: pd.DataFrame, columns: Mapping[str, int], start: int, end: int) -> pa.Table:
    """Rows ``start``..``end`` (frame indexes) of the given columns as trimmed text (blank -> null),
    plus ``_row``, the row number the spreadsheet shows."""
    body = frame.iloc[start:end]
    data = {}
    for name, col in columns.items():
        text = pa.array(body.iloc[:, col].astype("string"), pa.string())
        text = pc.utf8_trim_whitespace(text)
        data[name] = pc.if_else(pc.equal(text, ""), None, text)
    data["_row"] = pa.array(body.index.to_numpy() + 1, pa.int64())
    return pa.table(data)


def rows_below(frame: pd.DataFrame, header: Header, *, path: str, sheet: str) -> pa.Table:
    """The data rows under a header, down to the first blank row, as :func:`to_table` gives them."""
    end = body_end(frame, header.row + 1, list(header.columns.values()))
    if end == header.row + 1:
        raise SourceError(Problem(path, "has a header but no rows below it", row=header.number, sheet=sheet))
    return to_table(frame, header.columns, header.row + 1, end)


def read_each(items: Sequence[S], read: Callable[[S], T]) -> list[T]:
    """``read(item)`` for every item (e.g. sheet), raising once with the problems of all of them."""
    return collect(*(partial(read, item) for item in items))
