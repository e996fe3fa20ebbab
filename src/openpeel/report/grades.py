"""Grades: the inspector's recorded grade, and the proposal the evidence points to.

The facts the proposal weighs are built by :func:`openpeel.framework.evidence_facts.facts_for`,
the same as for ``openpeel grades``, from the report's cached figures and evidence. The recorded
grade is always the one the report shows; the proposal goes to the internal working papers.
"""

from __future__ import annotations

from openpeel.framework import AreaJudgement, Framework, Inspection, judge
from openpeel.framework.evidence_facts import facts_for
from openpeel.report.evidence_values import Figures


def judgements(inspection: Inspection, framework: Framework, figures: Figures) -> list[AreaJudgement]:
    facts = facts_for(inspection, figures.result, lambda ref: figures.evidence.result(ref.kind, ref.id, ref.period))
    return judge(inspection, framework, facts=facts)
