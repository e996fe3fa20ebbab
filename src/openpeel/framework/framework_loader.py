"""Load and validate a framework file, by path or by id (``peel-2025-27``).

Shipped frameworks live in ``data/frameworks/<id>.yaml``; another framework year is another file
there (or anywhere, loaded by path). Every problem in the file is reported with its line, and a
file with any problem yields nothing.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from openpeel.areas import Area
from openpeel.errors import OpenpeelError
from openpeel.framework.definition import (
    FindingKindDefinition,
    Framework,
    FrameworkArea,
    GradeDefinition,
    RecommendationRule,
)
from openpeel.framework.errors import FrameworkFileError, Problems
from openpeel.framework.grading_rules import read_rules
from openpeel.framework.vocabulary import FindingKind, Grade
from openpeel.framework.yaml_lines import (
    YamlList,
    YamlMap,
    check_keys,
    list_field,
    map_field,
    mappings_in,
    read_yaml,
    text_field,
)

DEFAULT_FRAMEWORK = "peel-2025-27"


class UnknownFramework(OpenpeelError, LookupError):
    """A framework id with no file among the shipped frameworks."""


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
    document = read_yaml(path, problems)
    if document is not None:
        framework = _read(document.root, path, problems)
        loaded_by_id = not isinstance(reference, Path) and Path(reference) != path
        if framework is not None and loaded_by_id and framework.id != reference:
            problems.add(document.root.key_line("id"),
                         f"file for framework {reference!r} declares id {framework.id!r}")
    problems.raise_if_any(FrameworkFileError)
    assert framework is not None
    return framework


def _read(root, path: Path, problems: Problems) -> Framework | None:
    if not isinstance(root, YamlMap):
        problems.add(1, "a framework file must be a mapping with id, title, grades, areas, finding_kinds, grading")
        return None
    what = "framework"
    check_keys(root, problems, what=what, required=("id", "title", "grades", "areas", "finding_kinds", "grading"),
               optional=("text_rules",))
    framework_id = text_field(root, "id", problems, what=what)
    title = text_field(root, "title", problems, what=what)
    grades = _grades(list_field(root, "grades", problems, what=what), root.key_line("grades"), problems)
    areas = _areas(list_field(root, "areas", problems, what=what), root.key_line("areas"), problems)
    kinds = _kinds(list_field(root, "finding_kinds", problems, what=what), root.key_line("finding_kinds"), problems)
    section = map_field(root, "grading", problems, what=what)
    rules = read_rules(section, problems) if section is not None else None
    numerals = _numerals(map_field(root, "text_rules", problems, what=what), problems)
    if problems or None in (framework_id, title, rules):
        return None
    return Framework(id=framework_id, title=title, path=path, areas=areas, grades=grades, finding_kinds=kinds,
                     grading=rules, numerals_allowed=numerals)


def _unique_ids(items: YamlList | None, problems: Problems, *, what: str, allowed: type,
                required: tuple[str, ...], optional: tuple[str, ...] = ()) -> list[tuple[YamlMap, object]]:
    """Items of a list of mappings whose ``id`` is a member of the ``allowed`` enum, each id once."""
    if items is None:
        return []
    seen: dict[str, int] = {}
    found = []
    for item, line in mappings_in(items, problems, what=what):
        check_keys(item, problems, what=what, required=("id", *required), optional=optional)
        raw = text_field(item, "id", problems, what=what)
        if raw is None:
            continue
        if raw in seen:
            problems.add(item.line_of("id"), f"duplicate {what} id {raw!r} (first given on line {seen[raw]})")
            continue
        seen[raw] = item.line_of("id")
        try:
            member = allowed(raw)
        except ValueError:
            choices = ", ".join(m.value for m in allowed)
            problems.add(item.line_of("id"), f"unknown {what} id {raw!r} (known: {choices})")
            continue
        found.append((item, member))
    return found


def _grades(items: YamlList | None, line: int, problems: Problems) -> tuple[GradeDefinition, ...]:
    what = "grade"
    found = _unique_ids(items, problems, what=what, allowed=Grade, required=("title", "definition"))
    for missing in [g for g in Grade if g not in {member for _, member in found}]:
        if items is not None:
            problems.add(line, f"the framework must define grade {missing.value!r}")
    defined = {member: GradeDefinition(member, text_field(item, "title", problems, what=what) or "",
                                       text_field(item, "definition", problems, what=what) or "")
               for item, member in found}
    return tuple(defined[g] for g in Grade if g in defined)


def _areas(items: YamlList | None, line: int, problems: Problems) -> tuple[FrameworkArea, ...]:
    what = "area"
    found = _unique_ids(items, problems, what=what, allowed=Area, required=("title", "characteristics_of_good"))
    if items is not None and not items:
        problems.add(line, "the framework must list at least one area")
    areas = []
    for item, member in found:
        characteristics = list_field(item, "characteristics_of_good", problems, what=f"area {member.value}") or []
        texts = []
        for text, text_line in zip(characteristics, getattr(characteristics, "item_lines", [])):
            if not isinstance(text, str) or not text.strip():
                problems.add(text_line, f"area {member.value}: each characteristic of good must be a sentence")
            else:
                texts.append(" ".join(text.split()))
        areas.append(FrameworkArea(member, text_field(item, "title", problems, what=what) or "", tuple(texts)))
    return tuple(areas)


def _kinds(items: YamlList | None, line: int, problems: Problems) -> tuple[FindingKindDefinition, ...]:
    what = "finding kind"
    found = _unique_ids(items, problems, what=what, allowed=FindingKind,
                        required=("title", "description", "recommendations"))
    for missing in [k for k in FindingKind if k not in {member for _, member in found}]:
        if items is not None:
            problems.add(line, f"the framework must define the kind of finding {missing.value!r}")
    kinds = []
    for item, member in found:
        raw = text_field(item, "recommendations", problems, what=what)
        try:
            rule = RecommendationRule(raw)
        except ValueError:
            choices = ", ".join(r.value for r in RecommendationRule)
            problems.add(item.line_of("recommendations"),
                         f"finding kind {member.value}: 'recommendations' must be one of {choices}, not {raw!r}")
            continue
        title = text_field(item, "title", problems, what=what) or ""
        description = " ".join((text_field(item, "description", problems, what=what) or "").split())
        kinds.append(FindingKindDefinition(member, title, description, rule))
    return tuple(kinds)


def _numerals(section: YamlMap | None, problems: Problems) -> tuple[str, ...]:
    if section is None:
        return ()
    what = "text_rules"
    check_keys(section, problems, what=what, optional=("numerals_allowed",))
    items = list_field(section, "numerals_allowed", problems, what=what) or []
    terms = []
    for term, line in zip(items, getattr(items, "item_lines", [])):
        if isinstance(term, (YamlMap, YamlList)) or term is None:
            problems.add(line, "text_rules: each allowed numeral must be a word or short name, such as '999'")
        else:
            terms.append(str(term))
    return tuple(terms)
