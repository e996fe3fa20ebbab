"""The published report: a force's PEEL inspection as HTML and PDF, every number traceable.

:func:`build_report` writes, for a force, the public ``report.html``, ``report.pdf`` (tagged,
PDF/UA-1) and the number register as ``numbers.csv`` and ``numbers.ods``: contents, the grades
table, the PEEL cycle explained, the inspector's summary signed and dated, then each area of the
framework with its grade, findings (filled from the catalogue and the evidence store), figures
declared in ``data/reports/<framework>.yaml`` and indicator table, and a glossary. The working
papers comparing recorded and proposed grades go to a separate internal folder. Modules:

- ``evidence_values``: figures from the assessment, comparison and evidence, as shown;
  ``numbers``: the register; ``downloads``: the register as CSV and ODS
- ``text``: finding text with placeholders filled; ``glossary``: explainer and glossary links;
  numbers are written by :mod:`openpeel.formatting`
- ``figure_specs``, ``figures``, ``charts``, ``tables``: figures as data, built, drawn, tabulated
- ``grades``: the grade proposal (facts from :mod:`openpeel.framework.evidence_facts`);
  ``compose``: the report model; ``render``, ``build``
"""

from openpeel.report.build import (
    ReportError,
    ReportFiles,
    build_report,
    shipped_inspection,
)
from openpeel.report.figure_specs import FigureSpec, FigureSpecError, load_figure_specs

__all__ = [
    "FigureSpec",
    "FigureSpecError",
    "ReportError",
    "ReportFiles",
    "build_report",
    "load_figure_specs",
    "shipped_inspection",
]
