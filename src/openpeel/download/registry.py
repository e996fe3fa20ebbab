"""The sources ``openpeel download`` knows, read from ``data/downloads.yaml``, and the files a
request for one of them comes to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import cache
from importlib import resources

import yaml

from openpeel import forces
from openpeel.errors import OpenpeelError, UnknownName
from openpeel.periods import Period, add_months


class DownloadError(OpenpeelError):
    """A download that cannot be made or cannot be trusted; the message says what to do."""


class Per(str, Enum):
    FILE = "file"  # one fixed file
    ARCHIVE = "archive"  # archives named by their last month, each covering some months before it
    FORCE_MONTH = "force-month"  # one file per force and month


@dataclass(frozen=True)
class DownloadSource:
    id: str
    title: str
    url: str
    file: str
    per: Per
    sha256: str | None = None
    size: int | None = None
    months_covered: int | None = None
    convert: str | None = None


@dataclass(frozen=True)
class Planned:
    """One file to fetch: where from, where to, and what it must be."""

    source: DownloadSource
    url: str
    relative: str
    sha256: str | None = None
    size: int | None = None


@cache
def sources() -> dict[str, DownloadSource]:
    text = resources.files("openpeel").joinpath("data/downloads.yaml").read_text(encoding="utf-8")
    return {
        key: DownloadSource(id=key, **{**spec, "per": Per(spec["per"])}) for key, spec in yaml.safe_load(text).items()
    }


def get(source_id: str) -> DownloadSource:
    try:
        return sources()[source_id]
    except KeyError:
        raise UnknownName(f"no download source {source_id!r}; known: {', '.join(sources())}") from None


def plan(source_id: str, months: str | None = None, force: str | None = None) -> list[Planned]:
    """The files a request comes to, in the order to fetch them."""
    source = get(source_id)
    if source.per is Per.FILE:
        _refuse(source, months=months, force=force)
        return [Planned(source, source.url, source.file, source.sha256, source.size)]
    period = _period(source, months)
    if source.per is Per.ARCHIVE:
        _refuse(source, force=force)
        return [_month_file(source, month) for month in archives_covering(period, source.months_covered or 1)]
    if force is None:
        raise DownloadError(f"{source.id} is published one force at a time: name one with --force")
    force_id = forces.lookup(force).id
    return [_month_file(source, month, force_id) for month in _months(period)]


def archives_covering(period: Period, covered: int) -> list[date]:
    """The fewest archives (named by their last month) whose months cover the period, latest first."""
    chosen, end = [], period.end
    while end >= period.start:
        chosen.append(end)
        end = add_months(end, -covered)
    return chosen


def _months(period: Period) -> list[date]:
    return [add_months(period.start, i) for i in range(period.months)]


def _month_file(source: DownloadSource, month: date, force_id: str | None = None) -> Planned:
    values = {"month": f"{month:%Y-%m}", "force": force_id or ""}
    return Planned(source, source.url.format(**values), source.file.format(**values))


def _period(source: DownloadSource, months: str | None) -> Period:
    if not months:
        raise DownloadError(f"{source.id} is published month by month: say which with --months YYYY-MM:YYYY-MM")
    return Period.parse(months)


def _refuse(source: DownloadSource, *, months: str | None = None, force: str | None = None) -> None:
    if months:
        raise DownloadError(f"{source.id} is one file covering every month it holds; --months does not apply")
    if force:
        raise DownloadError(f"{source.id} holds every force in one file; --force does not apply")
