"""Worklists: the cases behind a measure that a performance team acts on.

A rate says how a force is doing; a worklist says which incidents, officers or people need
attention today. Each module in :data:`DECLARING` declares worklists with :func:`worklist`; they are
imported, in that order, the first time a worklist is asked for. ``openpeel worklist NAME --force
ID`` prints one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from openpeel.areas import Area
from openpeel.errors import UnknownName
from openpeel.worklists.errors import WorklistError


@dataclass(frozen=True)
class Worklist:
    name: str
    title: str
    area: Area
    description: str  # what is listed and why it matters
    table: str  # the store table it reads
    build: Callable  # (backend, force_id, as_of: date | None, options: dict) -> Ibis table of rows to act on
    options: dict[str, object] | None = None  # option name -> default (e.g. threshold)


_WORKLISTS: dict[str, Worklist] = {}

DECLARING = ("bail", "encompass", "investigations", "missing_persons", "powers", "response", "wanted")
MACHINERY = ("_dates", "_moments", "errors")  # modules that declare no worklist


def worklist(*, name: str, title: str, area: Area, description: str, table: str, options: dict | None = None):
    """Decorator declaring a worklist builder."""

    def attach(build: Callable) -> Callable:
        if name in _WORKLISTS:
            raise ValueError(f"worklist {name!r} is declared twice")
        _WORKLISTS[name] = Worklist(name, title, area, description, table, build, options or {})
        return build

    return attach


def get(name: str) -> Worklist:
    _load()
    try:
        return _WORKLISTS[name]
    except KeyError:
        raise UnknownName(f"no worklist named {name!r}; known: {', '.join(sorted(_WORKLISTS))}") from None


def all_worklists() -> list[Worklist]:
    _load()
    return sorted(_WORKLISTS.values(), key=lambda w: w.name)


def run(name: str, backend, force_id: str, as_of: date | None = None, **options):
    """The worklist's rows for a force as a pandas DataFrame.

    ``as_of`` is the day the list is drawn up; builders take the latest day in the data when it is
    None, so a list made from last month's extract is not empty just because time has passed.
    """
    wl = get(name)
    if not backend.has(wl.table):
        raise WorklistError(f"worklist {name} needs table {wl.table}, which has no data loaded")
    settings = {**(wl.options or {}), **{k: v for k, v in options.items() if v is not None}}
    return wl.build(backend, force_id, as_of, settings).to_pandas()


def _load() -> None:
    for name in DECLARING:
        importlib.import_module(f"{__name__}.{name}")
