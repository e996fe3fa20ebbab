"""Readers for the formats publishers use.

Each module in :data:`READERS` declares the tables it fills and registers its readers; importing
the package imports them in that order, so a new format is one new module plus one line in the
list. :func:`openpeel.ingest.ingest` picks the reader for each file by its header.
"""

import importlib

from openpeel.sources.base import Problem, Reader, SourceError, detect, readers, register

__all__ = ["Problem", "Reader", "SourceError", "detect", "readers", "register"]

READERS = (
    "ethnicity_facts_stop_search",
    "hmicfrs_crime_data_integrity",
    "home_office_use_of_force",
    "home_office_workforce",
    "ons",
    "per_force_figures",
    "police_uk_stop_search",
    "police_uk_street",
)
# what readers share; no reader of their own
MACHINERY = ("archive", "base", "checks", "csvfile", "plausible", "sheets", "standardise")

for _name in READERS:
    importlib.import_module(f"{__name__}.{_name}")
# the reader of a force's own extracts lives beside its schemas; it registers here with the others
importlib.import_module("openpeel.records.reader")
