"""The report as data: sections in the published report's order, every figure already filled.

``compose`` walks the framework's areas in order. For each it sets out the recorded grade, the
findings grouped by kind (causes of concern with their recommendations, areas for improvement,
innovative practice, main findings), the figures declared for the area placed after the first
finding that cites them (the others under their heading at the end of the area), and a table of
the area's indicators; indicators with no data are one sentence linking to their list. Wherever
there is nothing to show it says so in a sentence instead of leaving a gap. The first use of each
glossary term in a section links to the glossary. The grade proposal is composed too, but only
for the internal working papers: the public report shows the recorded grades.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from openpeel import forces
from openpeel.forces import Force
from openpeel.framework import (
    AreaJudgement,
    EvidenceKind,
    Finding,
    FindingKind,
    FindingStatus,
    Framework,
    FrameworkArea,
    Grade,
    Inspection,
)
from openpeel.periods import Period
from openpeel.report.evidence_values import Figures
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.figures import Figure, FigureBuilder, MissingFigure
from openpeel.report.glossary import Glossary
from openpeel.report.grades import judgements
from openpeel.report.numbers import Number
from openpeel.report.tables import IndicatorTable, indicator_table
from openpeel.report.text import Paragraph, paragraphs, resolver

GROUP_TITLES = {
    FindingKind.CAUSE_OF_CONCERN: ("Cause of concern", "Causes of concern"),
    FindingKind.AREA_FOR_IMPROVEMENT: ("Area for improvement", "Areas for improvement"),
    FindingKind.INNOVATIVE_PRACTICE: ("Innovative practice", "Innovative practice"),
    FindingKind.MAIN_FINDING: ("Main finding", "Main findings"),
}
RESOLVED_TITLE = "Put right since the previous inspection"


@dataclass
class RecommendationGroup:
    deadline: str  # 'Within six months (by December 2026)'
    items: list[list[Paragraph]]


@dataclass
class FindingView:
    id: str
    anchor: str
    title: str
    body: list[Paragraph]
    status: str | None
    recommendations: list[RecommendationGroup]
    figures: list[Figure | MissingFigure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # how the figures in the text were made


@dataclass
class FindingGroup:
    title: str
    findings: list[FindingView]


@dataclass
class AreaView:
    area: FrameworkArea
    anchor: str
    judgement: AreaJudgement | None
    rationale: list[Paragraph]
    groups: list[FindingGroup]
    figures: list[Figure | MissingFigure]  # declared for the area but cited by no finding
    indicators: IndicatorTable
    findings_note: str | None  # why there are no findings, when there are none
    indicator_notes: list[str]  # which indicators have no data

    @property
    def figure_groups(self) -> list[tuple[str, list[Figure | MissingFigure]]]:
        """The area's trailing figures by heading, in order of first appearance."""
        groups: dict[str, list[Figure | MissingFigure]] = {}
        for fig in self.figures:
            groups.setdefault(fig.heading or "Figures", []).append(fig)
        return list(groups.items())

    @property
    def no_data_anchor(self) -> str:
        return f"no-data-{self.area.id.value}"


@dataclass
class Report:
    force: Force
    title: str
    inspection: Inspection | None
    framework: Framework
    banner: list[str]  # warnings shown on every page
    grade_columns: list[str]
    grade_rows: list[list[tuple[str, str] | None]]  # (area title, anchor) under each grade
    summary: list[Paragraph]
    areas: list[AreaView]
    figures: list[Figure]
    numbers: list[Number]
    judgements: list[AreaJudgement]
    about: list[str]
    generated: date
    statements: list[str]
    glossary: Glossary = field(default_factory=Glossary.empty)

    @property
    def differing(self) -> list[AreaJudgement]:
        return [j for j in self.judgements if j.differs]

    @property
    def synthetic(self) -> bool:
        return self.force.synthetic


def cited_periods(inspection: Inspection | None) -> dict[str, list[Period]]:
    """For each indicator, the periods the findings cite it for."""
    cited: dict[str, list[Period]] = {}
    for finding in inspection.findings if inspection else ():
        for ref in finding.evidence:
            if ref.kind is EvidenceKind.INDICATOR and ref.period is not None:
                cited.setdefault(ref.id, [])
                if ref.period not in cited[ref.id]:
                    cited[ref.id].append(ref.period)
    return cited


def compose(
    *,
    force: Force,
    inspection: Inspection | None,
    framework: Framework,
    figures: Figures,
    specs: list[FigureSpec],
    about: list[str],
    glossary: Glossary | None = None,
) -> Report:
    glossary = glossary or Glossary.empty()
    cited = cited_periods(inspection)
    latest_cited = {i: max(ps, key=lambda p: (p.end, p.months)) for i, ps in cited.items()}
    builder = FigureBuilder(figures, force, cited)
    judged = judgements(inspection, framework, figures) if inspection else []
    by_area = {j.area: j for j in judged}
    built: list[Figure] = []
    areas = []
    for area in framework.areas:
        findings = inspection.findings_in(area.id) if inspection else []
        groups = _groups(findings, figures, force, inspection)
        seen: set[str] = set()  # glossary terms linked in this area
        for view in (v for g in groups for v in g.findings):
            view.body = glossary.link(view.body, seen)
        shown_order = [view for group in groups for view in group.findings]
        placed = [(spec, _host(spec, groups, findings)) for spec in specs if spec.area is area.id]
        # number figures in the order a reader meets them: after their finding, else at the end
        placed.sort(key=lambda sh: shown_order.index(sh[1]) if sh[1] else len(shown_order))
        trailing = []
        for spec, host in placed:
            target = host.figures if host else trailing
            figure = builder.build(spec, len(built) + 1)
            if isinstance(figure, Figure):
                built.append(figure)
            target.append(figure)
        judgement = by_area.get(area.id)
        rationale = []
        if judgement and judgement.recorded:
            rationale = paragraphs(judgement.recorded.rationale, resolver(figures, findings, f"Grade: {area.title}"))
        table = indicator_table(figures, area.id, force.short_name, latest_cited)
        areas.append(
            AreaView(
                area,
                f"area-{area.id.value}",
                judgement,
                rationale,
                groups,
                trailing,
                table,
                _findings_note(inspection, findings),
                _indicator_notes(force, table),
            )
        )
    summary = []
    if inspection and inspection.summary:
        summary = paragraphs(inspection.summary, resolver(figures, inspection.findings, "HM Inspector's summary"))
        summary = glossary.link(summary, set())
    columns, rows = _grades_table(framework, judged)
    return Report(
        force=force,
        title=inspection.title if inspection else f"PEEL indicators for {force.name}",
        inspection=inspection,
        framework=framework,
        banner=[forces.SYNTHETIC_WARNING] if force.synthetic else [],
        grade_columns=columns,
        grade_rows=rows,
        summary=summary,
        areas=areas,
        figures=built,
        numbers=figures.register.numbers(),
        judgements=judged,
        about=about,
        generated=date.today(),
        glossary=glossary,
        statements=[]
        if inspection
        else [
            f"No inspection findings are recorded for {force.name}, so this report has no grades, findings "
            "or inspector's summary: it shows the figures and indicators that have data."
        ],
    )


def _groups(
    findings: list[Finding], figures: Figures, force: Force, inspection: Inspection | None
) -> list[FindingGroup]:
    groups = []
    for kind, (one, many) in GROUP_TITLES.items():
        chosen = [f for f in findings if f.kind is kind and f.is_open]
        if chosen:
            groups.append(
                FindingGroup(
                    one if len(chosen) == 1 else many, [_finding(f, figures, force, inspection) for f in chosen]
                )
            )
    resolved = [f for f in findings if not f.is_open]
    if resolved:
        groups.append(FindingGroup(RESOLVED_TITLE, [_finding(f, figures, force, inspection) for f in resolved]))
    return groups


def _finding(finding: Finding, figures: Figures, force: Force, inspection: Inspection) -> FindingView:
    resolve = resolver(figures, [finding], f"Finding: {finding.title}")
    status = None
    earlier = inspection.previous.title if inspection and inspection.previous else "the previous inspection"
    if finding.status is FindingStatus.REMAINS:
        status = f"Raised in {earlier} and not yet put right: this remains."
    elif finding.status is FindingStatus.RESOLVED:
        status = f"Raised in {earlier} and now put right."
    recommendations: dict[str, RecommendationGroup] = {}
    for rec in finding.recommendations:
        deadline = rec.deadline.capitalize()
        if inspection and inspection.published:
            deadline += f" (by {rec.due(inspection.published).label()})"
        group = recommendations.setdefault(deadline, RecommendationGroup(f"{deadline}, {force.name} should:", []))
        group.items.append(paragraphs(rec.text, resolve))
    body = paragraphs(finding.text, resolve)
    return FindingView(
        finding.id,
        f"finding-{finding.id.replace('.', '-')}",
        finding.title,
        body,
        status,
        list(recommendations.values()),
        notes=list(resolve.notes),
    )


def _host(spec: FigureSpec, groups: list[FindingGroup], findings: list[Finding]) -> FindingView | None:
    """The first finding, in the order shown, whose evidence lists one of the figure's indicators."""
    wanted = set(spec.all_indicators)
    citing = {f.id for f in findings if any(r.kind is EvidenceKind.INDICATOR and r.id in wanted for r in f.evidence)}
    for group in groups:
        for view in group.findings:
            if view.id in citing:
                return view
    return None


def _grades_table(framework: Framework, judged: list[AreaJudgement]):
    """One column per grade, best first; each decided area listed under its grade."""
    columns = [g.title for g in framework.grades]
    under: dict[Grade, list[tuple[str, str]]] = {g.grade: [] for g in framework.grades}
    for j in judged:
        if j.recorded:
            under[j.recorded.grade].append((j.title, f"area-{j.area.value}"))
    depth = max((len(v) for v in under.values()), default=0)
    rows = [[under[g.grade][i] if i < len(under[g.grade]) else None for g in framework.grades] for i in range(depth)]
    return columns, rows


def _findings_note(inspection: Inspection | None, findings: list[Finding]) -> str | None:
    if inspection is None:
        return "No inspection findings are recorded for this area."
    if not findings:
        return "The inspection records no findings for this area."
    return None


def _indicator_notes(force: Force, table: IndicatorTable) -> list[str]:
    if table.table is None:
        return [f"No indicator for this area has data for {force.name}."]
    if table.without_data:
        n = len(table.without_data)
        return [
            f"{n} other indicator{'s' if n != 1 else ''} for this area {'have' if n != 1 else 'has'} no data "
            f"for {force.name}."
        ]
    return []
