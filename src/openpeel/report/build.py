"""Build the published report for a force, and its internal working papers, in two folders.

The public folder ``out`` gets ``report.html``, ``report.pdf`` and the number register as
``numbers.csv`` and ``numbers.ods``. The working papers (the grade openpeel proposes beside the
recorded one, with raw evidence ids) go to a separate folder, ``internal`` (default: ``out``'s
name with ``-internal``), so they can never be published with the report by accident.

Order matters for the store: the number register and the audit and survey evidence are read
first, then the indicator backend opens the store read only (DuckDB allows one configuration of
connections per file in a process). Files are written to scratch folders and moved in only when
all are complete, so a failed build leaves nothing half-written.
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
from openpeel.report import downloads, render
from openpeel.report.compose import Report, compose
from openpeel.report.evidence_values import EvidenceSnapshot, Figures
from openpeel.report.figure_specs import load_figure_specs
from openpeel.report.glossary import load_glossary
from openpeel.report.numbers import NumberRegister
from openpeel.settings import ComparisonSettings, load
from openpeel.store import Store


class ReportError(OpenpeelError, ValueError):
    """A report that cannot be built as asked (the message says why)."""


PUBLIC_FILES = ("report.html", "report.pdf", downloads.CSV_NAME, downloads.ODS_NAME)
WORKING_PAPERS = "working-papers.html"


@dataclass(frozen=True)
class ReportFiles:
    html: Path
    pdf: Path | None
    report: Report
    downloads: tuple[Path, ...] = ()  # numbers.csv, numbers.ods
    working_papers: Path | None = None  # internal: never in the public folder


def internal_folder(out: Path) -> Path:
    """Where the working papers go by default: beside ``out``, never inside it."""
    out = Path(out)
    return out.with_name(out.name + "-internal")


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


def build_report(
    store: Store,
    force: str,
    out: Path,
    *,
    inspection: str | Path | None = None,
    use_shipped: bool = True,
    known: KnownEvidence | None = None,
    settings: ComparisonSettings | None = None,
    pdf: bool = True,
    internal: Path | None = None,
) -> ReportFiles:
    """Write the report for ``force`` into ``out`` and its working papers into ``internal``;
    ``inspection`` defaults to the shipped one."""
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
        report = compose(
            force=force_,
            inspection=loaded,
            framework=framework,
            figures=figures,
            specs=load_figure_specs(framework.id),
            about=about(force_, settings),
            glossary=load_glossary(framework.id),
        )
    finally:
        backend.con.disconnect()
    return _write(Path(out), Path(internal) if internal else internal_folder(out), report, pdf)


def _evidence_periods(inspection: Inspection | None) -> set:
    if inspection is None:
        return set()
    return {ref.period for f in inspection.findings for ref in f.evidence if ref.kind is not EvidenceKind.INDICATOR}


def about(force: forces.Force, settings: ComparisonSettings) -> list[str]:
    world = (
        "the synthetic demonstration twins of the forces of England and Wales"
        if force.synthetic
        else "the forces of England and Wales"
    )
    out = [
        f"Each figure for {force.name} is set against {world} that have data for the whole period. The median "
        f"is the middle value of those forces. The typical range is {settings.describe()}; a force above or "
        "below it is unusual, which is not in itself good or bad.",
        "openpeel computes every figure from the files loaded into its store. The downloads numbers.csv and "
        "numbers.ods list each number with what it is, its kind, its period and its files. A figure with no "
        "data says so and is never estimated. Counts, such as arrests, depend on the size of the force, so they "
        "are not set against other forces' counts.",
        "Audit results count the cases reviewed that met a question's standard, leaving out cases where the "
        "question did not apply. Survey results count the respondents who agreed, out of those who answered.",
    ]
    out += list(force.warnings)
    return out


def _write(out: Path, internal: Path, report: Report, with_pdf: bool) -> ReportFiles:
    if internal.resolve() == out.resolve() or out.resolve() in internal.resolve().parents:
        raise ReportError(f"the working papers must not go into the public folder {out}: choose another folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    internal.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".openpeel-report-", dir=out.parent))
    scratch_internal = Path(tempfile.mkdtemp(prefix=".openpeel-report-", dir=internal.parent))
    try:
        (scratch / "report.html").write_text(render.html(report, "screen"), encoding="utf-8")
        downloads.write(scratch, report.numbers, f"Numbers in {report.title}")
        if with_pdf:
            (scratch / "report.pdf").write_bytes(render.pdf(render.html(report, "print"), str(out.resolve())))
        (scratch_internal / WORKING_PAPERS).write_text(render.working_papers(report), encoding="utf-8")
        out.mkdir(parents=True, exist_ok=True)
        internal.mkdir(parents=True, exist_ok=True)
        for name in PUBLIC_FILES:
            if (scratch / name).exists():
                (scratch / name).replace(out / name)
        (scratch_internal / WORKING_PAPERS).replace(internal / WORKING_PAPERS)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(scratch_internal, ignore_errors=True)
    return ReportFiles(
        out / "report.html",
        out / "report.pdf" if with_pdf else None,
        report,
        (out / downloads.CSV_NAME, out / downloads.ODS_NAME),
        internal / WORKING_PAPERS,
    )
