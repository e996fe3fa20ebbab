"""Load and validate a framework file, by path or by id (``peel-2025-27``).

Shipped frameworks live in ``data/frameworks/<id>.yaml``; another framework year is another file
there (or anywhere, loaded by path). Every problem in the file is reported with its line, and a
file with any problem yields nothing. The file's structure is the :class:`FrameworkFile` model.
"""

from __future__ import annotations

from enum import Enum
from importlib import resources
from pathlib import Path
from typing import ClassVar

from openpeel.areas import Area
from openpeel.errors import OpenpeelError
from openpeel.framework.definition import (
    FindingKindDefinition,
    Framework,
    FrameworkArea,
    GradeDefinition,
    RecommendationRule,
)
from openpeel.framework.errors import FrameworkFileError
from openpeel.framework.grading_rules import GradingSection, rules_from
from openpeel.framework.vocabulary import FindingKind, Grade
from openpeel.yamlfile import Document, NonBlank, Problems, Section, Text, read, validate

DEFAULT_FRAMEWORK = "peel-2025-27"


class UnknownFramework(OpenpeelError, LookupError):
    """A framework id with no file among the shipped frameworks."""


# ---- the file's structure --------------------------------------------------------------------


class GradeEntry(Section):
    what: ClassVar[str] = "grade"
    id: NonBlank  # one of Grade, checked with the other ids so that duplicates and unknowns read alike
    title: NonBlank
    definition: NonBlank


class AreaEntry(Section):
    what: ClassVar[str] = "area"
    id: NonBlank  # one of Area
    title: NonBlank
    characteristics_of_good: list[NonBlank]


class KindEntry(Section):
    what: ClassVar[str] = "finding kind"
    id: NonBlank  # one of FindingKind
    title: NonBlank
    description: NonBlank
    recommendations: RecommendationRule


class TextRules(Section):
    what: ClassVar[str] = "text_rules"
    numerals_allowed: list[Text] = []  # names containing digits that finding text may use ("999")


class FrameworkFile(Section):
    what: ClassVar[str] = "framework"
    id: NonBlank
    title: NonBlank
    grades: list[GradeEntry]
    areas: list[AreaEntry]
    finding_kinds: list[KindEntry]
    grading: GradingSection
    text_rules: TextRules | None = None


# ---- loading ---------------------------------------------------------------------------------


def frameworks_dir() -> Path:
    return Path(str(resources.files("openpeel").joinpath("data/frameworks")))


def available_frameworks() -> list[str]:
    """Ids of the shipped frameworks, sorted."""
    return sorted(p.stem for p in frameworks_dir().glob("*.yaml"))


def framework_path(reference: str | Path) -> Path:
    """The file for a framework id, or the path itself if ``reference`` names a file."""
    if isinstance(reference, Path) or "/" in reference or reference.endswith((".yaml", ".yml")):
        return Path(reference)
    path = frameworks_dir() / f"{reference}.yaml"
    if not path.exists():
        known = ", ".join(available_frameworks()) or "none"
        raise UnknownFramework(f"unknown framework {reference!r} (shipped: {known})")
    return path


def load_framework(reference: str | Path = DEFAULT_FRAMEWORK) -> Framework:
    """The framework with this id or in this file, validated; raises :class:`FrameworkFileError`."""
    path = framework_path(reference)
    problems = Problems(path)
    framework = None
    document = read(path, problems)
    model = validate(document, FrameworkFile, problems) if document is not None else None
    if model is not None:
        framework = _framework(model, document, path, problems)
        loaded_by_id = not isinstance(reference, Path) and Path(reference) != path
        if framework is not None and loaded_by_id and framework.id != reference:
            problems.add(document.key_line(("id",)), f"file for framework {reference!r} declares id {framework.id!r}")
    problems.raise_if_any(FrameworkFileError)
    assert framework is not None
    return framework


def _framework(model: FrameworkFile, document: Document, path: Path, problems: Problems) -> Framework | None:
    grades = _members(model.grades, "grades", Grade, "grade", document, problems)
    areas = _members(model.areas, "areas", Area, "area", document, problems)
    kinds = _members(model.finding_kinds, "finding_kinds", FindingKind, "finding kind", document, problems)
    for missing in [g for g in Grade if g not in grades]:
        problems.add(document.key_line(("grades",)), f"the framework must define grade {missing.value!r}")
    for missing in [k for k in FindingKind if k not in kinds]:
        problems.add(
            document.key_line(("finding_kinds",)), f"the framework must define the kind of finding {missing.value!r}"
        )
    if not model.areas:
        problems.add(document.key_line(("areas",)), "the framework must list at least one area")
    rules = rules_from(model.grading, document, ("grading",), problems)
    if problems or rules is None:
        return None
    return Framework(
        id=model.id,
        title=model.title,
        path=path,
        areas=tuple(
            FrameworkArea(member, entry.title, tuple(" ".join(t.split()) for t in entry.characteristics_of_good))
            for member, entry in areas.items()
        ),
        grades=tuple(GradeDefinition(g, grades[g].title, grades[g].definition) for g in Grade if g in grades),
        finding_kinds=tuple(
            FindingKindDefinition(member, entry.title, " ".join(entry.description.split()), entry.recommendations)
            for member, entry in kinds.items()
        ),
        grading=rules,
        numerals_allowed=tuple(model.text_rules.numerals_allowed) if model.text_rules else (),
    )


def _members(entries: list, key: str, allowed: type[Enum], what: str, document: Document, problems: Problems) -> dict:
    """Entries by their id as a member of ``allowed``, each id once, in file order."""
    found: dict = {}
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = document.line((key, index, "id"))
        if entry.id in seen:
            problems.add(line, f"duplicate {what} id {entry.id!r} (first given on line {seen[entry.id]})")
            continue
        seen[entry.id] = line
        try:
            member = allowed(entry.id)
        except ValueError:
            problems.add(line, f"unknown {what} id {entry.id!r} (known: {', '.join(m.value for m in allowed)})")
            continue
        found[member] = entry
    return found
