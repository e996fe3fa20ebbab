"""User settings, read from ``openpeel.toml`` in the working folder (or ``OPENPEEL_CONFIG``).

Comparison and fairness settings::

    [comparison]
    typical_range = "whiskers"   # whiskers (default) | iqr | percentile
    whisker = 1.5                # whiskers: fences at Q1 - k*IQR and Q3 + k*IQR
    percentiles = [10, 90]       # percentile: the band between these percentiles
    min_forces = 5               # fewer forces with a value: no typical range, no position
    significance = 0.05          # p value below which a change is called significant

    [fairness]
    level = 0.95                 # confidence level of every disproportionality interval and test
    unstable_below = 20          # a ratio resting on fewer events of either group is called unstable
    disclosure_below = 10        # public outputs withhold a ratio resting on fewer events than this
    darkness_min_searches = 200  # veil of darkness: fewest searches in the inter-twilight window
    darkness_min_each = 30       # ... and fewest in daylight and in darkness each

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
            raise SettingsError(f"typical_range {self.typical_range!r} is not one of {', '.join(RANGE_METHODS)}")
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
class FairnessSettings:
    level: float = 0.95
    unstable_below: int = 20
    disclosure_below: int = 10
    darkness_min_searches: int = 200
    darkness_min_each: int = 30

    def __post_init__(self) -> None:
        if not 0 < self.level < 1:
            raise SettingsError(f"fairness level {self.level!r} must be between 0 and 1, e.g. 0.95")
        for name in ("unstable_below", "disclosure_below", "darkness_min_searches", "darkness_min_each"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise SettingsError(f"fairness {name} must be a whole number of at least 0, got {value!r}")


@dataclass(frozen=True)
class Settings:
    comparison: ComparisonSettings = field(default_factory=ComparisonSettings)
    fairness: FairnessSettings = field(default_factory=FairnessSettings)


def load(path: str | os.PathLike | None = None) -> Settings:
    path = Path(path or os.environ.get("OPENPEEL_CONFIG", "openpeel.toml"))
    document: dict = {}
    if path.exists():
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise SettingsError(f"{path}: {exc}") from None
    values = dict(document.get("comparison", {}))
    if "percentiles" in values:
        values["percentiles"] = tuple(float(v) for v in values["percentiles"])
    try:
        comparison = ComparisonSettings(**values)
    except TypeError as exc:
        raise SettingsError(f"{path}: {exc}") from None
    if method := os.environ.get("OPENPEEL_TYPICAL_RANGE"):
        comparison = replace(comparison, typical_range=method)
    try:
        fairness = FairnessSettings(**document.get("fairness", {}))
    except TypeError as exc:
        raise SettingsError(f"{path}: [fairness] {exc}") from None
    return Settings(comparison=comparison, fairness=fairness)
