"""Build the published report for a force: ``report.html`` and ``report.pdf`` in one folder.

Order matters for the store: the number register and the audit and survey evidence are read
first, then the indicator backend opens the store read only (DuckDB allows one configuration of
connections per file in a process). Files are written to a scratch folder beside ``out`` and moved
in only when both are complete, so a failed build leaves nothing half-written.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


from openpeel import forces, yamlfile
from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.errors import OpenpeelError
from openpeel.framework import (
    DEFAULT_FRAMEWORK,
    EvidenceKind,
    Inspection,
    KnownEvidence,
    load_framework,
    load_inspection,
)
from openpeel.framework.inspection_loader import inspections_dir
from openpeel.report import render
from openpeel.report.compose import Report, compose
from openpeel.report.evidence_values import EvidenceSnapshot, Figures
from openpeel.report.figure_specs import load_figure_specs
from openpeel.report.numbers import NumberRegister
from openpeel.settings import ComparisonSettings, load
from openpeel.store import Store


class ReportError(OpenpeelError, ValueError):
    """A report that cannot be built as asked (the message says why)."""


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path | None
    report: Report


def shipped_inspection(force_id: str) -> Path | None:
    """The latest shipped inspection of a force (by publication month), if there is one."""
    found = []
    for path in sorted(inspections_dir().glob("*.yaml")):
        document = yamlfile.read(path, yamlfile.Problems(path))
        if document is None or not isinstance(document.data, dict):
            continue  # a broken shipped file is reported when it is asked for by name
        head = document.data.get("inspection")
        head = head if isinstance(head, dict) else {}
        if head.get("force") == force_id:
            found.append((str(head.get("published") or ""), path))
    return max(found)[1] if found else None


def build_report(store: Store, force: str, out: Path, *, inspection: str | Path | None = None,
                 use_shipped: bool = True, known: KnownEvidence | None = None,
                 settings: ComparisonSettings | None = None, pdf: bool = True) -> ReportFiles:
    """Write the report for ``force`` into ``out``; ``inspection`` defaults to the shipped one."""
    force_ = forces.lookup(force)
    path = inspection if inspection is not None else (shipped_inspection(force_.id) if use_shipped else None)
    loaded = load_inspection(path, known=known or KnownEvidence.discover()) if path is not None else None
    if loaded is not None and loaded.force_id != force_.id:
        raise ReportError(f"{loaded.path} is an inspection of {loaded.force_id}, not of {force_.id}")
    framework = load_framework(loaded.framework_id if loaded else DEFAULT_FRAMEWORK)
    settings = settings or load().comparison

    register = NumberRegister(store)
    evidence = EvidenceSnapshot.read(store, force_.id, _evidence_periods(loaded))
    backend = duckdb_backend(store)
    try:
        figures = Figures(Assessor(backend, settings), evidence, force_.id, register)
        report = compose(force=force_, inspection=loaded, framework=framework, figures=figures,
                         specs=load_figure_specs(framework.id), about=about(force_, settings))
    finally:
        backend.con.disconnect()
    page = render.html(report)
    return _write(out, page, report, pdf)


def _evidence_periods(inspection: Inspection | None) -> set:
    if inspection is None:
        return set()
    return {ref.period for f in inspection.findings for ref in f.evidence if ref.kind is not EvidenceKind.INDICATOR}


def about(force: forces.Force, settings: ComparisonSettings) -> list[str]:
    world = ("the synthetic demonstration twins of the forces of England and Wales" if force.synthetic
             else "the forces of England and Wales")
    out = [
        f"Each figure for {force.name} is set against {world} that have data for the whole period. The median "
        f"is the middle value of those forces. The typical range is {settings.describe()}; a force above or "
        "below it is unusual, which is not in itself good or bad.",
        "openpeel computes every figure from the files loaded into its store, and the appendix 'Where the "
        "numbers come from' lists each number with the indicator or evidence it comes from, its period and "
        "its files. A figure with no data says so and is never estimated.",
        "Audit results count the cases reviewed that met a question's standard, leaving out cases where the "
        "question did not apply. Survey results count the respondents who agreed, out of those who answered.",
    ]
    out += list(force.warnings)
    return out


def _write(out: Path, page: str, report: Report, with_pdf: bool) -> ReportFiles:
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".openpeel-report-", dir=out.parent))
    try:
        (scratch / "report.html").write_text(page, encoding="utf-8")
        if with_pdf:
            (scratch / "report.pdf").write_bytes(render.pdf(page, str(out.resolve())))
        out.mkdir(parents=True, exist_ok=True)
        for name in ("report.html", "report.pdf"):
            if (scratch / name).exists():
                (scratch / name).replace(out / name)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return ReportFiles(out / "report.html", out / "report.pdf" if with_pdf else None, report)
