"""Readers for the formats publishers use.

Each module in this package declares the tables it fills and registers its readers; importing the
package registers them all, so a new format is one new module. :func:`openpeel.ingest.ingest`
picks the reader for each file by its header.
"""

import importlib
import pkgutil

from openpeel.sources.base import (
    Problem,
    Reader,
    SourceError,
    detect,
    readers,
    register,
)

__all__ = ["Problem", "Reader", "SourceError", "detect", "readers", "register"]

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name not in {"archive", "base", "csvfile", "checks", "plausible", "sheets", "standardise"}:
        importlib.import_module(f"{__name__}.{_module.name}")
