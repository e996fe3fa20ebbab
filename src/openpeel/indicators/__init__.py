"""Indicators: the catalogue machinery plus one module per subject declaring indicators.

Importing the package imports the modules in :data:`SUBJECTS`, in that order, which declares their
indicators and sources; adding an indicator is a declaration in the module for its subject, and a
new subject is a new module plus one line in the list (a test checks every module is in one list).
"""

import importlib

SUBJECTS = (
    "arrests",
    "asb",
    "bail",
    "calls",
    "crime_allocation",
    "crime_recording",
    "custody",
    "digital_forensics",
    "disproportionality",
    "encompass",
    "fraud",
    "missing_persons",
    "neighbourhood",
    "outcomes",
    "police_uk_crime",
    "protection_orders",
    "response",
    "stop_search",
    "stop_search_published",
    "stop_search_records",
    "use_of_force",
    "use_of_force_records",
    "wanted",
    "workforce",
    "workforce_tables",
)
MACHINERY = ("catalogue", "docs", "engine", "formulas")  # modules that declare no indicator

for _name in SUBJECTS:
    importlib.import_module(f"{__name__}.{_name}")
