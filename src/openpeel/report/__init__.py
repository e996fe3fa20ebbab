"""The published report: a force's PEEL inspection as HTML and PDF, every number traceable.

:func:`build_report` writes ``report.html`` and ``report.pdf`` for a force: contents, the grades
table, the inspector's summary, then each area of the framework with its grade, findings (filled
from the catalogue and the evidence store), figures declared in ``data/reports/<framework>.yaml``
and indicator table, and two appendices: every number with its source, and the working papers
comparing recorded and proposed grades. Modules:

- ``evidence_values``: figures from the catalogue and evidence, as shown; ``numbers``: the register
- ``text``: finding text with placeholders filled; ``formatting``: how numbers are written
- ``figure_specs``, ``figures``, ``charts``, ``tables``: figures as data, built, drawn, tabulated
- ``grades``: facts for the grade proposal; ``compose``: the report model; ``render``, ``build``
"""

from openpeel.report.build import (
           ReportError,
           ReportFiles,
           build_report,
           shipped_inspection,
)
from openpeel.report.figure_specs import FigureSpec, FigureSpecError, load_figure_specs

__all__ = ["FigureSpec", "FigureSpecError", "ReportError", "ReportFiles", "build_report", "load_figure_specs",
           "shipped_inspection"]
