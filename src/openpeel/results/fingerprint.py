"""Fingerprints: what a stored result was computed under.

An indicator's *values fingerprint* covers its declaration (id, formula, sources and their
preferences), the code of the modules its sources are written in (and the openpeel modules those
use), and the engine's own code. Its *settings fingerprint* covers the comparison settings (typical
range method, significance). A stored result whose fingerprints differ from today's is stale.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import sys
from functools import cache
from types import FunctionType, ModuleType

from openpeel.indicators.catalogue import Indicator
from openpeel.settings import ComparisonSettings

# The engine's own modules: a change to any of them can change any figure.
ENGINE_MODULES = (
    "openpeel.indicators.engine",
    "openpeel.indicators.formulas",
    "openpeel.indicators.catalogue",
    "openpeel.reference",
    "openpeel.periods",
    "openpeel.compare",
    # the alert rules and their series: alerts are stored with the results
    "openpeel.alerts",
    "openpeel.results.alerts",
)


def values_fingerprint(indicator: Indicator) -> str:
    parts = [
        repr(
            (indicator.id, indicator.unit.value, indicator.polarity.value, repr(indicator.formula), indicator.standard)
        )
    ]
    for source in indicator.ordered_sources():
        parts.append(repr((source.name, source.table, source.reference, source.preference)))
        parts.append(_module_digest(source.components.__module__))
    parts += [_module_digest(name) for name in ENGINE_MODULES]
    return _digest(parts)


def settings_fingerprint(settings: ComparisonSettings) -> str:
    return _digest([repr(settings)])


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


@cache
def _module_digest(name: str) -> str:
    """The code of a module and of the openpeel modules it takes names from."""
    module = importlib.import_module(name)
    used = {name} | {_home(value) for value in vars(module).values()} - {None}
    texts = []
    for other in sorted(u for u in used if u.startswith("openpeel")):
        try:
            texts.append(inspect.getsource(sys.modules[other]))
        except (OSError, TypeError, KeyError):
            texts.append(other)
    return _digest(texts)


def _home(value) -> str | None:
    if isinstance(value, ModuleType):
        return value.__name__
    if isinstance(value, (FunctionType, type)):
        return value.__module__
    return None
