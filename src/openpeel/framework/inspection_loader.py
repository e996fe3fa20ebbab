"""Load and validate an inspection (findings) file.

The whole file is checked before anything is returned: every problem is reported with the file and
line, and a file with any problem yields nothing. Checks: the force is known; the framework exists
and the areas and kinds of finding are its own; ids are unique; a cause of concern carries
recommendations with deadlines; evidence exists (as far as the :class:`KnownEvidence` given can
tell); placeholders in text refer to evidence listed on their finding; text carries no figure typed
by hand; a sentence reporting what people said cites only survey evidence, and no figure stands
next to a number-like name such as 999 (``wording``); recorded grades say why and who decided.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date
from importlib import resources
from pathlib import Path

from openpeel.areas import Area
from openpeel.forces import all_forces
from openpeel.framework.definition import Framework, RecommendationRule
from openpeel.framework.errors import InspectionFileError, Problems
from openpeel.framework.evidence_refs import EvidenceRef, read_evidence_ref
from openpeel.framework.framework_loader import UnknownFramework, load_framework
from openpeel.framework.inspection import (
    Finding,
    Inspection,
    PreviousInspection,
    Recommendation,
    RecordedGrade,
)
from openpeel.framework.known_evidence import KnownEvidence
from openpeel.framework.placeholders import Placeholder, TextProblem, hand_typed_figures, scan
from openpeel.framework.vocabulary import FindingKind, FindingStatus, Grade
from openpeel.framework.wording import figure_beside_numeral_problems, reported_speech_problems
from openpeel.framework.yaml_lines import (
    YamlDocument,
    YamlMap,
    YamlList,
    check_keys,
    date_field,
    int_field,
    list_field,
    map_field,
    mappings_in,
    read_yaml,
    text_field,
)
from openpeel.periods import Period, PeriodError

FINDING_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9_-]+)*")


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


def load_inspection(path: str | Path, *, known: KnownEvidence | None = None, forces: Iterable[str] | None = None,
                    framework: Framework | None = None) -> Inspection:
    """The inspection in ``path``, validated; raises :class:`InspectionFileError` naming every problem.

    ``known`` says which evidence ids exist (default: :meth:`KnownEvidence.discover`); ``forces`` the
    force ids accepted (default: :func:`default_force_ids`); ``framework`` the framework to check
    against (default: the one the file names).
    """
    path = inspection_path(path)
    problems = Problems(path)
    document = read_yaml(path, problems)
    inspection = None
    if document is not None:
        reader = _Reader(document, problems, known if known is not None else KnownEvidence.discover(),
                         frozenset(forces) if forces is not None else default_force_ids(), framework)
        inspection = reader.read()
    problems.raise_if_any(InspectionFileError)
    assert inspection is not None
    return inspection


class _Reader:
    def __init__(self, document: YamlDocument, problems: Problems, known: KnownEvidence, forces: frozenset[str],
                 framework: Framework | None) -> None:
        self.document = document
        self.problems = problems
        self.known = known
        self.forces = forces
        self.framework = framework
        self.previous: PreviousInspection | None = None

    def read(self) -> Inspection | None:
        root = self.document.root
        if not isinstance(root, YamlMap):
            self.problems.add(1, "an inspection file must be a mapping with 'inspection' and 'findings'")
            return None
        check_keys(root, self.problems, what="inspection file", required=("inspection", "findings"),
                   optional=("summary", "grades"))
        header = map_field(root, "inspection", self.problems, what="inspection file")
        if header is None:
            return None
        facts = self._header(header)
        if self.framework is None:
            return None
        findings = self._findings(list_field(root, "findings", self.problems, what="inspection file"))
        all_evidence = [ref for finding in findings for ref in finding.evidence]
        summary = text_field(root, "summary", self.problems, what="inspection file")
        if summary is not None:
            summary = _tidy(summary)
            self._check_text(root, "summary", summary, all_evidence, what="summary")
        grades = self._grades(map_field(root, "grades", self.problems, what="inspection file"), findings)
        if self.problems or facts is None:
            return None
        return Inspection(path=self.document.path, findings=tuple(findings), grades=tuple(grades), summary=summary,
                          framework_id=self.framework.id, previous=self.previous, **facts)

    # ---- the inspection header ----------------------------------------------------------------

    def _header(self, header: YamlMap) -> dict | None:
        what = "inspection"
        check_keys(header, self.problems, what=what, required=("id", "title", "force", "framework"),
                   optional=("fieldwork", "published", "previous", "inspector"))
        force = text_field(header, "force", self.problems, what=what)
        if force is not None and force not in self.forces:
            close = difflib.get_close_matches(force, sorted(self.forces), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            self.problems.add(header.line_of("force"), f"unknown force {force!r}{hint}")
        self._framework(header)
        fieldwork = self._period(header, "fieldwork", what=what)
        published = self._month(header, "published", what=what)
        previous = map_field(header, "previous", self.problems, what=what)
        if previous is not None:
            check_keys(previous, self.problems, what="previous inspection", required=("id", "title"),
                       optional=("published",))
            previous_id = text_field(previous, "id", self.problems, what="previous inspection")
            previous_title = text_field(previous, "title", self.problems, what="previous inspection")
            if previous_id and previous_title:
                self.previous = PreviousInspection(previous_id, _tidy(previous_title),
                                                   self._month(previous, "published", what="previous inspection"))
        facts = {"id": text_field(header, "id", self.problems, what=what),
                 "title": text_field(header, "title", self.problems, what=what),
                 "force_id": force, "fieldwork": fieldwork, "published": published,
                 "inspector": text_field(header, "inspector", self.problems, what=what)}
        return None if None in (facts["id"], facts["title"], force) else facts

    def _framework(self, header: YamlMap) -> None:
        framework_id = text_field(header, "framework", self.problems, what="inspection")
        if framework_id is None:
            self.framework = None
            return
        if self.framework is not None:
            if self.framework.id != framework_id:
                self.problems.add(header.line_of("framework"),
                                  f"the file is for framework {framework_id!r}, but {self.framework.id!r} was given")
            return
        try:
            self.framework = load_framework(framework_id)
        except UnknownFramework as exc:
            self.problems.add(header.line_of("framework"), str(exc))

    def _period(self, mapping: YamlMap, key: str, *, what: str) -> Period | None:
        raw = mapping.get(key)
        if raw is None:
            return None
        try:
            return Period.parse(str(raw))
        except PeriodError as exc:
            self.problems.add(mapping.line_of(key), f"{what}: {key!r}: {exc}")
            return None

    def _month(self, mapping: YamlMap, key: str, *, what: str) -> Period | None:
        raw = mapping.get(key)
        if isinstance(raw, date):
            return Period.month(raw.year, raw.month)
        period = self._period(mapping, key, what=what)
        if period is not None and period.months != 1:
            self.problems.add(mapping.line_of(key), f"{what}: {key!r} must be a month (YYYY-MM) or a date")
            return None
        return period

    # ---- findings -----------------------------------------------------------------------------

    def _findings(self, items: YamlList | None) -> list[Finding]:
        if items is None:
            return []
        findings, seen = [], {}
        for item, line in mappings_in(items, self.problems, what="finding"):
            finding = self._finding(item)
            if finding is None:
                continue
            if finding.id in seen:
                self.problems.add(item.line_of("id"),
                                  f"duplicate finding id {finding.id!r} (first given on line {seen[finding.id]})")
                continue
            seen[finding.id] = item.line_of("id")
            findings.append(finding)
        return findings

    def _finding(self, item: YamlMap) -> Finding | None:
        finding_id = text_field(item, "id", self.problems, what="finding")
        what = f"finding {finding_id}" if finding_id else f"finding on line {item.line}"
        before = len(self.problems.items)
        check_keys(item, self.problems, what=what, required=("id", "kind", "area", "title", "text"),
                   optional=("status", "previous", "evidence", "recommendations"))
        if finding_id is not None and not FINDING_ID.fullmatch(finding_id):
            self.problems.add(item.line_of("id"), f"{what}: ids are dotted lower-case words, such as 'area.topic'")
        kind = self._member(item, "kind", FindingKind, what=what, defined=lambda k: _has_kind(self.framework, k))
        area = self._member(item, "area", Area, what=what, defined=self.framework.has_area)
        status = self._member(item, "status", FindingStatus, what=what) or FindingStatus.NEW
        previous = self._previous_ids(item, status, what=what)
        fields_ok = len(self.problems.items) == before
        evidence = self._evidence(list_field(item, "evidence", self.problems, what=what), what=what)
        # When the evidence list itself is at fault, placeholders would only repeat that problem.
        evidence_known = fields_ok and len(self.problems.items) == before
        recommendations = self._recommendations(item, kind, what=what)
        title = text_field(item, "title", self.problems, what=what)
        text = text_field(item, "text", self.problems, what=what)
        if title is not None:
            self._check_text(item, "title", _tidy(title), (), what=f"{what}: title")
        if text is not None:
            text = _tidy(text)
            self._check_text(item, "text", text, evidence if evidence_known else None, what=what)
        if len(self.problems.items) > before or None in (finding_id, kind, area, title, text):
            return None
        return Finding(id=finding_id, kind=kind, area=area, title=_tidy(title), text=text, evidence=tuple(evidence),
                       recommendations=tuple(recommendations), status=status, previous=previous, line=item.line)

    def _member(self, item: YamlMap, key: str, enum: type, *, what: str, defined=None):
        raw = text_field(item, key, self.problems, what=what)
        if raw is None:
            return None
        try:
            member = enum(raw)
        except ValueError:
            member = None
        if member is None or (defined is not None and not defined(member)):
            noun = key.replace("_", " ")
            choices = [m.value for m in enum if defined is None or defined(m)]
            self.problems.add(item.line_of(key), f"{what}: unknown {noun} {raw!r} (known: {', '.join(choices)})")
            return None
        return member

    def _previous_ids(self, item: YamlMap, status: FindingStatus, *, what: str) -> tuple[str, ...]:
        raw = item.get("previous")
        if status is not FindingStatus.NEW and self.previous is None:
            self.problems.add(item.line_of("status"), f"{what}: status {status.value!r} needs the inspection's "
                                                       "'previous' to name the previous inspection")
        if raw is None:
            return ()
        ids = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, YamlList) else None
        if ids is None or not all(isinstance(i, str) and FINDING_ID.fullmatch(i) for i in ids):
            self.problems.add(item.line_of("previous"), f"{what}: 'previous' must be a finding id or a list of them")
            return ()
        if status is FindingStatus.NEW:
            self.problems.add(item.line_of("previous"),
                              f"{what}: a finding that follows on from an earlier one has status remains or resolved, "
                              "not new")
        return tuple(ids)

    def _evidence(self, items: YamlList | None, *, what: str) -> list[EvidenceRef]:
        if items is None:
            return []
        refs: list[EvidenceRef] = []
        for item, line in mappings_in(items, self.problems, what=f"{what}: evidence reference"):
            ref = read_evidence_ref(item, self.problems, what=f"{what}: evidence")
            if ref is None:
                continue
            if ref in refs:
                self.problems.add(line, f"{what}: evidence {ref} is listed twice")
                continue
            unknown = self.known.problem_with(ref)
            if unknown:
                self.problems.add(line, f"{what}: {unknown}")
                continue
            refs.append(ref)
        return refs

    def _recommendations(self, item: YamlMap, kind: FindingKind | None, *, what: str) -> list[Recommendation]:
        items = list_field(item, "recommendations", self.problems, what=what)
        recommendations = []
        entries = mappings_in(items, self.problems, what=f"{what}: recommendation") if items else []
        for entry, line in entries:
            check_keys(entry, self.problems, what=f"{what}: recommendation", required=("text", "months"))
            text = text_field(entry, "text", self.problems, what=f"{what}: recommendation")
            months = int_field(entry, "months", self.problems, what=f"{what}: recommendation", minimum=1)
            if text is not None:
                self._check_text(entry, "text", _tidy(text), (), what=f"{what}: recommendation")
            if text is not None and months is not None:
                recommendations.append(Recommendation(_tidy(text), months, line))
        if kind is None:
            return recommendations
        rule = self.framework.kind(kind).recommendations
        if rule is RecommendationRule.REQUIRED and not items:
            self.problems.add(item.line, f"{what}: a {kind.label.lower()} needs at least one recommendation, "
                                         "each with a deadline in months")
        if rule is RecommendationRule.NOT_ALLOWED and items:
            self.problems.add(item.key_line("recommendations"),
                              f"{what}: a {kind.label.lower()} carries no recommendations in {self.framework.id}")
        return recommendations

    # ---- recorded grades ----------------------------------------------------------------------

    def _grades(self, section: YamlMap | None, findings: list[Finding]) -> list[RecordedGrade]:
        if section is None:
            return []
        grades = []
        for key, value in section.items():
            line = section.key_line(key)
            try:
                area = Area(key)
            except ValueError:
                area = None
            if area is None or not self.framework.has_area(area):
                known = ", ".join(a.id.value for a in self.framework.areas)
                self.problems.add(line, f"grades: unknown area {key!r} (known: {known})")
                continue
            what = f"grade for {key}"
            if not isinstance(value, YamlMap):
                self.problems.add(line, f"{what} must give grade, rationale and decided_by")
                continue
            check_keys(value, self.problems, what=what, required=("grade", "rationale", "decided_by"),
                       optional=("decided_on",))
            grade = self._member(value, "grade", Grade, what=what)
            rationale = text_field(value, "rationale", self.problems, what=what)
            decided_by = text_field(value, "decided_by", self.problems, what=what)
            decided_on = date_field(value, "decided_on", self.problems, what=what)
            if rationale is not None:
                evidence = [ref for f in findings if f.area is area for ref in f.evidence]
                self._check_text(value, "rationale", _tidy(rationale), evidence, what=what)
            if grade is not None and rationale and decided_by:
                grades.append(RecordedGrade(area, grade, _tidy(rationale), decided_by, decided_on, value.line))
        return grades

    # ---- text ---------------------------------------------------------------------------------

    def _check_text(self, owner: YamlMap, key: str, text: str, evidence: Iterable[EvidenceRef] | None, *,
                    what: str) -> None:
        """Placeholders well formed and (unless ``evidence`` is None) listed; no figures typed by hand."""
        placeholders, text_problems = scan(text)
        text_problems += hand_typed_figures(text, self.framework.numerals_allowed)
        text_problems += reported_speech_problems(text, placeholders)
        text_problems += figure_beside_numeral_problems(text, placeholders, self.framework.numerals_allowed)
        if evidence is not None:
            evidence = list(evidence)
            for placeholder in placeholders:
                message = _placeholder_problem(placeholder, evidence)
                if message:
                    text_problems.append(TextProblem(placeholder.start, placeholder.raw, message))
        span = owner.span_of(key)
        cursor: dict[str, int] = {}
        for problem in sorted(text_problems, key=lambda p: p.start):
            line = owner.line_of(key)
            if span is not None:
                found = self.document.text.find(problem.fragment, cursor.get(problem.fragment, span[0]), span[1])
                if found >= 0:
                    line = self.document.line_at(found)
                    cursor[problem.fragment] = found + len(problem.fragment)
            self.problems.add(line, f"{what}: {problem.message}")


def _placeholder_problem(placeholder: Placeholder, evidence: list[EvidenceRef]) -> str | None:
    same = [ref for ref in evidence if ref.kind is placeholder.kind and ref.id == placeholder.id]
    if not same:
        return f"{placeholder.raw} refers to evidence not listed on it ({placeholder.kind.value} {placeholder.id})"
    periods = sorted({ref.period.code() if ref.period else "no period" for ref in same})
    if placeholder.period is not None:
        if not any(ref.period == placeholder.period for ref in same):
            return (f"{placeholder.raw} names period {placeholder.period.code()}, but the evidence lists "
                    f"{placeholder.id} for {', '.join(periods)}")
    elif len(same) > 1:
        return f"{placeholder.raw} is ambiguous: {placeholder.id} is listed for {', '.join(periods)}; add @period"
    return None


def _has_kind(framework: Framework, kind: FindingKind) -> bool:
    return any(k.kind is kind for k in framework.finding_kinds)


def _tidy(text: str) -> str:
    """Text with runs of spaces and single line breaks made single spaces; paragraphs kept."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)
