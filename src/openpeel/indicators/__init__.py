"""Indicators: the catalogue machinery plus one module per subject declaring indicators.

Importing the package imports every module in it, which declares their indicators and sources;
adding an indicator is a declaration in the module for its subject.
"""

import importlib
import pkgutil

_MACHINERY = {"catalogue", "formulas", "engine", "docs"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in _MACHINERY and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")
