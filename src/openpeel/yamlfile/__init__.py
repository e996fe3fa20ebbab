"""Reading the YAML files openpeel is given, with limits, and with the line of every value.

Every YAML file the product reads (frameworks, findings, question sets, surveys, report figures,
grading rules, the demo's published results, and uploads to the web workspace) comes through
:func:`read`. It does four things plain ``yaml.safe_load`` does not:

- **Limits.** The file's size, its nesting depth, the number of aliases and the number of values
  after aliases are expanded are all bounded (:data:`LIMITS`), so a "billion laughs" file or a
  deeply nested one is refused at once, in bounded memory, with a message naming the file and line.
  Binary files, and text that is not UTF-8 (UTF-16 from a spreadsheet export, say), are refused the
  same way.
- **Lines.** Events come from PyYAML's parser (libyaml's when it is installed, which is quick even
  for megabytes of text), each with its position; the document keeps the line of every key and
  value, so any later check can say "line 42".
- **No silent surprises.** A key given twice is an error rather than the last one winning; only
  ``true``/``false`` are booleans (YAML 1.2), so answers such as ``yes`` and ``no`` stay text;
  tags other than the plain scalar ones are refused.
- **Models.** :func:`validate` checks the data against a pydantic model describing the file's
  structure and turns each validation error into a problem at the line of the value at fault.

Problems are collected per file (:class:`Problems`) and raised together as a :class:`FileError`
(or a subclass naming the kind of file), so a user sees everything wrong at once.
"""

from openpeel.yamlfile.document import Document, Location, read
from openpeel.yamlfile.fields import Day, NonBlank, PeriodValue, Section, Text, number, one_or_many
from openpeel.yamlfile.problems import LIMITS, FileError, Limits, Problem, Problems, shown
from openpeel.yamlfile.validation import load, validate

__all__ = [
    "LIMITS",
    "Day",
    "Document",
    "FileError",
    "Limits",
    "Location",
    "NonBlank",
    "PeriodValue",
    "Problem",
    "Problems",
    "Section",
    "Text",
    "load",
    "number",
    "one_or_many",
    "read",
    "shown",
    "validate",
]
