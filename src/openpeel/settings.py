"""User settings, read from ``openpeel.toml`` in the working folder (or ``OPENPEEL_CONFIG``).

Only comparison settings exist so far::

    [comparison]
    typical_range = "whiskers"   # whiskers (default) | iqr | percentile
    whisker = 1.5                # whiskers: fences at Q1 - k*IQR and Q3 + k*IQR
    percentiles = [10, 90]       # percentile: the band between these percentiles
    min_forces = 5               # fewer forces with a value: no typical range, no position
    significance = 0.05          # p value below which a change is called significant

Environment variables override the file: ``OPENPEEL_TYPICAL_RANGE``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from openpeel.errors import OpenpeelError

RANGE_METHODS = ("whiskers", "iqr", "percentile")


class SettingsError(OpenpeelError, ValueError):
    pass


@dataclass(frozen=True)
class ComparisonSettings:
    typical_range: str = "whiskers"
    whisker: float = 1.5
    percentiles: tuple[float, float] = (10.0, 90.0)
    min_forces: int = 5
    significance: float = 0.05

    def __post_init__(self) -> None:
        if self.typical_range not in RANGE_METHODS:
            raise SettingsError(
                f"typical_range {self.typical_range!r} is not one of {', '.join(RANGE_METHODS)}"
            )
        low, high = self.percentiles
        if not 0 <= low < high <= 100:
            raise SettingsError(f"percentiles {self.percentiles} must be two numbers 0 <= low < high <= 100")

    def describe(self) -> str:
        if self.typical_range == "whiskers":
            return (
                f"forces' values within {self.whisker:g} x the interquartile range beyond the quartiles "
                "(the whiskers of a box plot)"
            )
        if self.typical_range == "iqr":
            return "the middle half of forces' values (lower to upper quartile)"
        low, high = self.percentiles
        return f"the {low:g}th to {high:g}th percentile of forces' values"


@dataclass(frozen=True)
class Settings:
    comparison: ComparisonSettings = field(default_factory=ComparisonSettings)


def load(path: str | os.PathLike | None = None) -> Settings:
    path = Path(path or os.environ.get("OPENPEEL_CONFIG", "openpeel.toml"))
    values: dict = {}
    if path.exists():
        try:
            values = tomllib.loads(path.read_text(encoding="utf-8")).get("comparison", {})
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: {exc}") from None
    if "percentiles" in values:
        values["percentiles"] = tuple(float(v) for v in values["percentiles"])
    try:
        comparison = ComparisonSettings(**values)
    except TypeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    if method := os.environ.get("OPENPEEL_TYPICAL_RANGE"):
        comparison = replace(comparison, typical_range=method)
    return Settings(comparison=comparison)
