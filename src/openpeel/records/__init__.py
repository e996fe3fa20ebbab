"""A force's own record-level extracts: schemas, and the reader that loads them.

Each module in :data:`SCHEMAS` declares record schemas with :func:`openpeel.records.schema.record_schema`
(calls, incidents, searches, arrests, ...). A schema is the contract with a force's performance
team: its columns, types, allowed codes, meaning and an example, versioned and documented in
``docs/records.md`` (generated). Importing the package imports the listed modules in order, which
registers every schema and its table. The extract reader (``reader``, with Arrow and the checks) is
imported by :mod:`openpeel.sources` with the other readers, so an indicator that only needs a
schema's codes does not load the reading machinery. A new extract is a declaration in a module
plus, for a new module, one line in the list.
"""

import importlib

SCHEMAS = (
    "arrests",
    "asb",
    "bail",
    "calls",
    "crimes",
    "custody",
    "digital_forensics",
    "encompass",
    "fraud",
    "incidents",
    "missing_persons",
    "neighbourhood",
    "protection_orders",
    "stop_search",
    "use_of_force",
    "wanted",
    "workforce",
)
MACHINERY = ("docs", "ethnicity", "reader", "schema")  # modules that declare no schema

for _name in SCHEMAS:
    importlib.import_module(f"{__name__}.{_name}")
