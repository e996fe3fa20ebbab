"""Published reference results: what an inspection report printed for an audit question or a
survey statement, kept next to the definition so tests and the demo can check they reproduce it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from openpeel.evidence.yamlfile import DefinitionError, Node, check, known_keys
from openpeel.periods import Period, PeriodError
from openpeel.stats import METHODS

KEYS = {"yes", "of", "no", "percent", "period", "role", "interval", "note"}


@dataclass(frozen=True)
class PublishedInterval:
    method: str
    level: float
    half_width: float  # in percentage points, as printed


@dataclass(frozen=True)
class Published:
    """'x of y' as printed; or, where a report gave only the cases that failed, just ``no``."""

    yes: int | None
    of: int | None
    no: int | None = None
    period: Period | None = None
    role: str | None = None
    interval: PublishedInterval | None = None
    note: str | None = None
    line: int = 0
    percent: float | None = None  # the percentage as printed, which may not be yes / of rounded

    @property
    def complete(self) -> bool:
        return self.yes is not None and self.of is not None

    @property
    def failures(self) -> int | None:
        return self.of - self.yes if self.complete else self.no

    def count(self, answer: str) -> int | None:
        """How many cases had this answer ('yes' or 'no')."""
        return self.yes if answer == "yes" else self.failures

    def describe(self) -> str:
        if not self.complete:
            return f"{self.no} not met (sample size not published)"
        return f"{self.yes / self.of:.1%} ({self.yes} of {self.of})" if self.of else "0 of 0"


def parse_all(value, path: str | Path, line: int, what: str) -> tuple[Published, ...]:
    """One mapping or a list of them."""
    items = value if isinstance(value, list) else [value]
    return tuple(parse(check(item, Node, path, line, f"a published result of {what}"), path, what) for item in items)


def parse(node: Node, path: str | Path, what: str) -> Published:
    known_keys(node, KEYS, path, f"the published result of {what}")
    yes, of, no = (_count(node, k, path) for k in ("yes", "of", "no"))
    if of is not None:
        if yes is None:
            raise DefinitionError(path, node.line, f"the published result of {what} gives 'of' without 'yes'")
        if yes > of:
            raise DefinitionError(path, node.line_of("yes"), f"published yes ({yes}) is more than of ({of}) for {what}")
        if no is not None and no != of - yes:
            raise DefinitionError(path, node.line_of("no"), f"published no ({no}) is not of - yes ({of - yes}) for {what}")
    elif no is None or yes is not None:
        raise DefinitionError(path, node.line, f"the published result of {what} needs 'yes' and 'of' (or only 'no' "
                                               "when the report gave just the cases that failed)")
    period = None
    if "period" in node:
        try:
            period = Period.parse(str(node["period"]))
        except PeriodError as exc:
            raise DefinitionError(path, node.line_of("period"), str(exc)) from None
    role = check(node["role"], str, path, node.line_of("role"), "'role'") if "role" in node else None
    note = check(node["note"], str, path, node.line_of("note"), "'note'") if "note" in node else None
    interval = _interval(node["interval"], path, node.line_of("interval"), what) if "interval" in node else None
    percent = None
    if "percent" in node:
        percent = float(check(node["percent"], (int, float), path, node.line_of("percent"), "'percent'"))
    return Published(yes, of, no if of is None else of - yes, period, role, interval, note, node.line, percent)


def _count(node: Node, key: str, path: str | Path) -> int | None:
    if key not in node:
        return None
    value = check(node[key], int, path, node.line_of(key), f"{key!r}")
    if value < 0:
        raise DefinitionError(path, node.line_of(key), f"{key!r} cannot be negative, got {value}")
    return value


def _interval(value, path: str | Path, line: int, what: str) -> PublishedInterval:
    node = check(value, Node, path, line, "'interval'")
    known_keys(node, {"method", "level", "half_width"}, path, f"the published interval of {what}")
    method = check(node.get("method"), str, path, node.line, "the interval's 'method'")
    if method not in METHODS:
        raise DefinitionError(path, node.line_of("method"), f"unknown interval method {method!r} ({', '.join(METHODS)})")
    level = check(node.get("level"), (int, float), path, node.line, "the interval's 'level'")
    half = check(node.get("half_width"), (int, float), path, node.line, "the interval's 'half_width'")
    if not 0 < level < 1:
        raise DefinitionError(path, node.line_of("level"), f"level must be between 0 and 1, got {level}")
    return PublishedInterval(method, float(level), float(half))
