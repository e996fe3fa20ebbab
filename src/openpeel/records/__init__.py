"""A force's own record-level extracts: schemas, and the reader that loads them.

Each module in this package declares record schemas with :func:`openpeel.records.schema.record_schema`
(calls, incidents, searches, arrests, ...). A schema is the contract with a force's performance
team: its columns, types, allowed codes, meaning and an example, versioned and documented in
``docs/records.md`` (generated). Importing the package registers every schema and its table.
"""

import importlib
import pkgutil

_MACHINERY = {"schema", "reader", "docs"}

for _module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _module.name not in _MACHINERY and not _module.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_module.name}")

from openpeel.records import reader  # noqa: E402,F401  (registers the extract reader)
