"""A summary of a validated inspection: findings by area and kind, grades recorded, evidence checked."""

from __future__ import annotations

from openpeel.framework.definition import Framework
from openpeel.framework.inspection import Inspection
from openpeel.framework.known_evidence import KnownEvidence
from openpeel.framework.vocabulary import EvidenceKind, FindingKind


def summarise(inspection: Inspection, framework: Framework, known: KnownEvidence) -> dict:
    """Counts of findings by area and kind, which areas are graded, and which evidence was checked."""
    counts = []
    for area in framework.areas:
        findings = inspection.findings_in(area.id)
        row = {"area": area.id.value}
        row.update({kind.value: sum(1 for f in findings if f.kind is kind) for kind in FindingKind})
        row["total"] = len(findings)
        counts.append(row)
    unchecked = known.unchecked()
    evidence = {}
    for kind in EvidenceKind:
        refs = [ref for f in inspection.findings for ref in f.evidence if ref.kind is kind]
        evidence[kind.value] = {
            "references": len(refs),
            "ids": len({ref.id for ref in refs}),
            "checked": kind not in unchecked,
            "not_checked_because": unchecked.get(kind),
        }
    return {
        "inspection": inspection.id,
        "title": inspection.title,
        "force": inspection.force_id,
        "framework": inspection.framework_id,
        "findings": len(inspection.findings),
        "by_area": counts,
        "by_kind": {kind.value: sum(1 for f in inspection.findings if f.kind is kind) for kind in FindingKind},
        "areas_without_findings": [row["area"] for row in counts if row["total"] == 0],
        "areas_graded": [g.area.value for g in inspection.grades],
        "areas_not_yet_decided": [a.id.value for a in framework.areas if inspection.recorded_grade(a.id) is None],
        "recommendations": sum(len(f.recommendations) for f in inspection.findings),
        "evidence": evidence,
    }
