"""Load and validate an inspection (findings) file.

The file's structure is the :class:`InspectionFile` model (format in ``docs/findings.md``). The
whole file is checked before anything is returned: every problem is reported with the file and
line, and a file with any problem yields nothing. Beyond its structure: the force is known; the
framework exists and the areas and kinds of finding are its own; ids are unique; a cause of
concern carries recommendations with deadlines; evidence exists (as far as the
:class:`KnownEvidence` given can tell); placeholders in text refer to evidence listed on their
finding; text carries no figure typed by hand; a sentence reporting what people said cites only
survey evidence, and no figure stands next to a number-like name such as 999 (``wording``); recorded grades say why and who decided.
"""

from __future__ import annotations

import difflib
import heapq
import itertools
import re
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, BeforeValidator

from openpeel.areas import Area
from openpeel.forces import all_forces
from openpeel.framework.definition import Framework, RecommendationRule
from openpeel.framework.errors import InspectionFileError
from openpeel.framework.evidence_refs import EvidenceEntry, EvidenceRef
from openpeel.framework.framework_loader import UnknownFramework, load_framework
from openpeel.framework.inspection import (
    Finding,
    Inspection,
    PreviousInspection,
    Recommendation,
    RecordedGrade,
)
from openpeel.framework.known_evidence import KnownEvidence
from openpeel.framework.placeholders import Placeholder, TextProblem, figure_problem, figures_in, scan
from openpeel.framework.vocabulary import FindingKind, FindingStatus, Grade
from openpeel.framework.wording import figure_beside_numeral_problems, reported_speech_problems
from openpeel.periods import Period
from openpeel.yamlfile import (
    Day,
    Document,
    NonBlank,
    PeriodValue,
    Problems,
    Section,
    Text,
    number,
    one_or_many,
    read,
    validate,
)

FINDING_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9_-]+)*")


# ---- the file's structure --------------------------------------------------------------------


def _finding_id(value: Any) -> Any:
    if isinstance(value, str) and not FINDING_ID.fullmatch(value.strip()):
        raise ValueError("must be dotted lower-case words, such as 'area.topic'")
    return value


def _month(value: Any) -> Any:
    """A month written YYYY-MM, or a date in it."""
    if isinstance(value, date):
        return Period.month(value.year, value.month)
    return value


def _one_month(period: Period) -> Period:
    if period.months != 1:
        raise ValueError("must be a month (YYYY-MM) or a date")
    return period


FindingId = Annotated[NonBlank, BeforeValidator(_finding_id)]
Month = Annotated[PeriodValue, BeforeValidator(_month), AfterValidator(_one_month)]


class PreviousEntry(Section):
    what: ClassVar[str] = "previous inspection"
    id: NonBlank
    title: NonBlank
    published: Month | None = None


class Header(Section):
    what: ClassVar[str] = "inspection"
    id: NonBlank
    title: NonBlank
    force: NonBlank
    framework: NonBlank
    fieldwork: PeriodValue | None = None
    published: Month | None = None
    previous: PreviousEntry | None = None
    inspector: NonBlank | None = None  # who signs the summary


class RecommendationEntry(Section):
    what: ClassVar[str] = "recommendation"
    text: NonBlank
    months: number(minimum=1, maximum=120, whole=True)  # the deadline, in months from publication


class FindingEntry(Section):
    what: ClassVar[str] = "finding"
    id: FindingId
    kind: NonBlank  # one of the framework's kinds of finding
    area: NonBlank  # one of the framework's areas
    title: NonBlank
    text: NonBlank
    status: FindingStatus = FindingStatus.NEW
    previous: Annotated[list[FindingId], BeforeValidator(one_or_many)] = []
    evidence: list[EvidenceEntry] = []
    recommendations: list[RecommendationEntry] | None = None


class RecordedGradeEntry(Section):
    what: ClassVar[str] = "grade for"
    named_by_key: ClassVar[bool] = True
    grade: Grade
    rationale: NonBlank
    decided_by: NonBlank
    decided_on: Day | None = None


class InspectionFile(Section):
    what: ClassVar[str] = "inspection file"
    inspection: Header
    findings: list[FindingEntry]
    summary: Text | None = None
    grades: dict[str, RecordedGradeEntry] = {}


# ---- loading ---------------------------------------------------------------------------------


def default_force_ids() -> frozenset[str]:
    """Every force in the registry, synthetic twins included."""
    return frozenset(f.id for f in all_forces(include_synthetic=True))


def inspections_dir() -> Path:
    return Path(str(resources.files("openpeel").joinpath("data/inspections")))


def inspection_path(reference: str | Path) -> Path:
    """A file path as given, or the shipped inspection with this name (``northamptonshire-demo-2025``)."""
    path = Path(reference)
    if path.exists() or isinstance(reference, Path) or "/" in str(reference) or path.suffix in (".yaml", ".yml"):
        return path
    shipped = inspections_dir() / f"{reference}.yaml"
    return shipped if shipped.exists() else path


def load_inspection(
    path: str | Path,
    *,
    known: KnownEvidence | None = None,
    forces: Iterable[str] | None = None,
    framework: Framework | None = None,
) -> Inspection:
    """The inspection in ``path``, validated; raises :class:`InspectionFileError` naming every problem.

    ``known`` says which evidence ids exist (default: :meth:`KnownEvidence.discover`); ``forces`` the
    force ids accepted (default: :func:`default_force_ids`); ``framework`` the framework to check
    against (default: the one the file names).
    """
    path = inspection_path(path)
    problems = Problems(path)
    document = read(path, problems)
    model = validate(document, InspectionFile, problems) if document is not None else None
    inspection = None
    if model is not None:
        reader = _Reader(
            document,
            problems,
            known if known is not None else KnownEvidence.discover(),
            frozenset(forces) if forces is not None else default_force_ids(),
            framework,
        )
        inspection = reader.read(model)
    problems.raise_if_any(InspectionFileError)
    assert inspection is not None
    return inspection


class _Reader:
    """The checks beyond the file's structure, each problem at the line of the value at fault."""

    def __init__(
        self,
        document: Document,
        problems: Problems,
        known: KnownEvidence,
        forces: frozenset[str],
        framework: Framework | None,
    ) -> None:
        self.document = document
        self.problems = problems
        self.known = known
        self.forces = forces
        self.framework = framework

    def read(self, model: InspectionFile) -> Inspection | None:
        header = model.inspection
        self._force(header.force)
        self._framework(header.framework)
        if self.framework is None:
            return None
        previous = None
        if header.previous is not None:
            previous = PreviousInspection(header.previous.id, _tidy(header.previous.title), header.previous.published)
        findings = self._findings(model.findings, previous)
        summary = None
        if model.summary:
            summary = _tidy(model.summary)
            all_evidence = [ref for finding in findings for ref in finding.evidence]
            self._check_text(("summary",), summary, all_evidence, what="summary")
        grades = self._grades(model.grades, findings)
        if self.problems:
            return None
        return Inspection(
            id=header.id,
            title=header.title,
            force_id=header.force,
            framework_id=self.framework.id,
            path=self.document.path,
            findings=tuple(findings),
            grades=tuple(grades),
            summary=summary,
            fieldwork=header.fieldwork,
            published=header.published,
            previous=previous,
            inspector=header.inspector,
        )

    # ---- the inspection header ----------------------------------------------------------------

    def _force(self, force: str) -> None:
        if force not in self.forces:
            close = difflib.get_close_matches(force, sorted(self.forces), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            self.problems.add(self.document.line(("inspection", "force")), f"unknown force {force!r}{hint}")

    def _framework(self, framework_id: str) -> None:
        line = self.document.line(("inspection", "framework"))
        if self.framework is not None:
            if self.framework.id != framework_id:
                self.problems.add(
                    line, f"the file is for framework {framework_id!r}, but {self.framework.id!r} was given"
                )
            return
        try:
            self.framework = load_framework(framework_id)
        except UnknownFramework as exc:
            self.problems.add(line, str(exc))

    # ---- findings -----------------------------------------------------------------------------

    def _findings(self, entries: list[FindingEntry], previous: PreviousInspection | None) -> list[Finding]:
        findings, seen = [], {}
        for index, entry in enumerate(entries):
            at = ("findings", index)
            if entry.id in seen:
                self.problems.add(
                    self.document.line((*at, "id")),
                    f"duplicate finding id {entry.id!r} (first given on line {seen[entry.id]})",
                )
                continue
            seen[entry.id] = self.document.line((*at, "id"))
            finding = self._finding(entry, at, previous)
            if finding is not None:
                findings.append(finding)
        return findings

    def _finding(self, entry: FindingEntry, at: tuple, previous: PreviousInspection | None) -> Finding | None:
        what = f"finding {entry.id}"
        before = len(self.problems)
        kind = self._member(
            entry.kind,
            (*at, "kind"),
            FindingKind,
            "kind",
            what,
            defined=lambda k: any(d.kind is k for d in self.framework.finding_kinds),
        )
        area = self._member(entry.area, (*at, "area"), Area, "area", what, defined=self.framework.has_area)
        if entry.status is not FindingStatus.NEW and previous is None:
            self.problems.add(
                self.document.line((*at, "status")),
                f"{what}: status {entry.status.value!r} needs the inspection's 'previous' to name the "
                "previous inspection",
            )
        if entry.previous and entry.status is FindingStatus.NEW:
            self.problems.add(
                self.document.line((*at, "previous")),
                f"{what}: a finding that follows on from an earlier one has status remains or resolved, not new",
            )
        fields_ok = len(self.problems) == before
        evidence = self._evidence(entry.evidence, at, what)
        # When the evidence list itself is at fault, placeholders would only repeat that problem.
        evidence_known = fields_ok and len(self.problems) == before
        recommendations = self._recommendations(entry, at, kind, what)
        title = _tidy(entry.title)
        text = _tidy(entry.text)
        self._check_text((*at, "title"), title, (), what=f"{what}: title")
        self._check_text((*at, "text"), text, evidence if evidence_known else None, what=what)
        if len(self.problems) > before or kind is None or area is None:
            return None
        return Finding(
            id=entry.id,
            kind=kind,
            area=area,
            title=title,
            text=text,
            evidence=tuple(evidence),
            recommendations=tuple(recommendations),
            status=entry.status,
            previous=tuple(entry.previous),
            line=self.document.line(at),
        )

    def _member(self, raw: str, at: tuple, enum: type, noun: str, what: str, defined=None):
        try:
            member = enum(raw)
        except ValueError:
            member = None
        if member is None or (defined is not None and not defined(member)):
            choices = [m.value for m in enum if defined is None or defined(m)]
            self.problems.add(self.document.line(at), f"{what}: unknown {noun} {raw!r} (known: {', '.join(choices)})")
            return None
        return member

    def _evidence(self, entries: list[EvidenceEntry], at: tuple, what: str) -> list[EvidenceRef]:
        refs: list[EvidenceRef] = []
        for index, entry in enumerate(entries):
            line = self.document.line((*at, "evidence", index))
            ref = entry.ref(line)
            if ref in refs:
                self.problems.add(line, f"{what}: evidence {ref} is listed twice")
                continue
            unknown = self.known.problem_with(ref)
            if unknown:
                self.problems.add(line, f"{what}: {unknown}")
                continue
            refs.append(ref)
        return refs

    def _recommendations(
        self, entry: FindingEntry, at: tuple, kind: FindingKind | None, what: str
    ) -> list[Recommendation]:
        recommendations = []
        for index, item in enumerate(entry.recommendations or ()):
            here = (*at, "recommendations", index)
            text = _tidy(item.text)
            self._check_text((*here, "text"), text, (), what=f"{what}: recommendation")
            recommendations.append(Recommendation(text, item.months, self.document.line(here)))
        if kind is None:
            return recommendations
        rule = self.framework.kind(kind).recommendations
        if rule is RecommendationRule.REQUIRED and not entry.recommendations:
            self.problems.add(
                self.document.line(at),
                f"{what}: a {kind.label.lower()} needs at least one recommendation, each with a deadline in months",
            )
        if rule is RecommendationRule.NOT_ALLOWED and entry.recommendations:
            self.problems.add(
                self.document.key_line((*at, "recommendations")),
                f"{what}: a {kind.label.lower()} carries no recommendations in {self.framework.id}",
            )
        return recommendations

    # ---- recorded grades ----------------------------------------------------------------------

    def _grades(self, entries: dict[str, RecordedGradeEntry], findings: list[Finding]) -> list[RecordedGrade]:
        grades = []
        for key, entry in entries.items():
            at = ("grades", key)
            try:
                area = Area(key)
            except ValueError:
                area = None
            if area is None or not self.framework.has_area(area):
                known = ", ".join(a.id.value for a in self.framework.areas)
                self.problems.add(self.document.key_line(at), f"grades: unknown area {key!r} (known: {known})")
                continue
            rationale = _tidy(entry.rationale)
            evidence = [ref for f in findings if f.area is area for ref in f.evidence]
            self._check_text((*at, "rationale"), rationale, evidence, what=f"grade for {key}")
            grades.append(
                RecordedGrade(area, entry.grade, rationale, entry.decided_by, entry.decided_on, self.document.line(at))
            )
        return grades

    # ---- text ---------------------------------------------------------------------------------

    def _check_text(self, at: tuple, text: str, evidence: Iterable[EvidenceRef] | None, *, what: str) -> None:
        """Placeholders well formed and (unless ``evidence`` is None) listed; no figures typed by hand.

        Each problem is placed on the line where its fragment appears in the file. Every step is linear
        in the length of the text: a search resumes after the last find of the same fragment, and a
        line is found by binary search, so a text of megabytes with a million figures is checked in
        seconds, not hours.
        """
        placeholders, text_problems = scan(text)
        text_problems += reported_speech_problems(text, placeholders)
        text_problems += figure_beside_numeral_problems(text, placeholders, self.framework.numerals_allowed)
        if evidence is not None:
            evidence = list(evidence)
            for placeholder in placeholders:
                message = _placeholder_problem(placeholder, evidence)
                if message:
                    text_problems.append(TextProblem(placeholder.start, placeholder.raw, message))
        text_problems.sort(key=lambda p: p.start)
        found = heapq.merge(
            text_problems,
            figures_in(text, self.framework.numerals_allowed),
            key=lambda p: p.start if isinstance(p, TextProblem) else p.start(),
        )
        cursor: dict[str, int] = {}
        for problem in itertools.islice(found, self.problems.room):
            if not isinstance(problem, TextProblem):
                problem = figure_problem(problem)
            line, cursor[problem.fragment] = self.document.line_of_fragment(
                at, problem.fragment, cursor.get(problem.fragment, 0)
            )
            self.problems.add(line, f"{what}: {problem.message}")
        self.problems.more += sum(1 for _ in found)  # counted, not listed


def _placeholder_problem(placeholder: Placeholder, evidence: list[EvidenceRef]) -> str | None:
    same = [ref for ref in evidence if ref.kind is placeholder.kind and ref.id == placeholder.id]
    if not same:
        return f"{placeholder.raw} refers to evidence not listed on it ({placeholder.kind.value} {placeholder.id})"
    periods = sorted({ref.period.code() if ref.period else "no period" for ref in same})
    if placeholder.period is not None:
        if not any(ref.period == placeholder.period for ref in same):
            return (
                f"{placeholder.raw} names period {placeholder.period.code()}, but the evidence lists "
                f"{placeholder.id} for {', '.join(periods)}"
            )
    elif len(same) > 1:
        return f"{placeholder.raw} is ambiguous: {placeholder.id} is listed for {', '.join(periods)}; add @period"
    return None


def _tidy(text: str) -> str:
    """Text with runs of spaces and single line breaks made single spaces; paragraphs kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)
