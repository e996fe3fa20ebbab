"""Which evidence ids exist, so that a finding cannot rest on evidence nobody can produce.

:class:`KnownEvidence` holds the known ids of each sort (indicators, audit questions, survey
statements). A sort given as ``None`` cannot be checked, and the resolver says so and why rather
than passing or failing silently. Build it from explicit sets (tests, or a caller that already has
the ids) or with :meth:`KnownEvidence.discover`, which asks the stages that own the ids through
their public functions: the indicator catalogue (``all_indicators()``) and the evidence package,
which reads the audit question sets (``data/audits``) and survey definitions (``data/surveys``).
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import ModuleType

from openpeel.framework.evidence_refs import EvidenceRef
from openpeel.framework.vocabulary import EvidenceKind

CATALOGUE_MODULE = "openpeel.indicators.catalogue"
EVIDENCE_PACKAGE = "openpeel.evidence"


@dataclass(frozen=True)
class KnownEvidence:
    indicators: frozenset[str] | None = None
    audits: frozenset[str] | None = None
    surveys: frozenset[str] | None = None
    reasons: dict[EvidenceKind, str] = field(default_factory=dict, compare=False)  # why a sort is unchecked

    def __post_init__(self) -> None:
        for name in ("indicators", "audits", "surveys"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))

    @classmethod
    def of(
        cls,
        *,
        indicators: Iterable[str] | None = None,
        audits: Iterable[str] | None = None,
        surveys: Iterable[str] | None = None,
    ) -> KnownEvidence:
        """Known ids given explicitly; a sort left out stays unchecked."""
        return cls(
            frozenset(indicators) if indicators is not None else None,
            frozenset(audits) if audits is not None else None,
            frozenset(surveys) if surveys is not None else None,
        )

    @classmethod
    def discover(cls, *, audits_dir: Path | None = None, surveys_dir: Path | None = None) -> KnownEvidence:
        """Ids from the indicator catalogue and from every audit and survey definition file.

        ``audits_dir`` and ``surveys_dir`` default to the shipped ``data/audits`` and ``data/surveys``.
        """
        reasons: dict[EvidenceKind, str] = {}
        indicators = _catalogue_ids(reasons)
        audits = _definition_ids(
            audits_dir or _data_dir("audits"), EvidenceKind.AUDIT, "load_question_set", "questions", reasons
        )
        surveys = _definition_ids(
            surveys_dir or _data_dir("surveys"), EvidenceKind.SURVEY, "load_survey_definition", "statements", reasons
        )
        return cls(indicators, audits, surveys, reasons)

    def ids(self, kind: EvidenceKind) -> frozenset[str] | None:
        return {
            EvidenceKind.INDICATOR: self.indicators,
            EvidenceKind.AUDIT: self.audits,
            EvidenceKind.SURVEY: self.surveys,
        }[kind]

    def unchecked(self) -> dict[EvidenceKind, str]:
        """Each sort of evidence that cannot be checked, with the reason."""
        return {
            kind: self.reasons.get(kind, "no list of known ids was given")
            for kind in EvidenceKind
            if self.ids(kind) is None
        }

    def problem_with(self, ref: EvidenceRef) -> str | None:
        """Why ``ref`` names evidence that does not exist, or None if it exists or cannot be checked."""
        known = self.ids(ref.kind)
        if known is None or ref.id in known:
            return None
        close = difflib.get_close_matches(ref.id, sorted(known), n=3, cutoff=0.7)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        return f"unknown {ref.kind.value} id {ref.id!r}{hint}"


def _data_dir(name: str) -> Path:
    return Path(str(resources.files("openpeel").joinpath(f"data/{name}")))


def _optional_module(name: str) -> ModuleType | None:
    """The module, or None if it (or a package above it) does not exist; other import errors propagate."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name and name.startswith(exc.name):
            return None
        raise


def _catalogue_ids(reasons: dict[EvidenceKind, str]) -> frozenset[str] | None:
    catalogue = _optional_module(CATALOGUE_MODULE)
    if catalogue is None:
        reasons[EvidenceKind.INDICATOR] = f"the indicator catalogue ({CATALOGUE_MODULE}) is not available"
        return None
    all_indicators = getattr(catalogue, "all_indicators", None)
    if all_indicators is None:
        reasons[EvidenceKind.INDICATOR] = f"{CATALOGUE_MODULE} has no all_indicators()"
        return None
    return frozenset(getattr(indicator, "id", indicator) for indicator in all_indicators())


def _definition_ids(
    directory: Path, kind: EvidenceKind, loader_name: str, items: str, reasons: dict[EvidenceKind, str]
) -> frozenset[str] | None:
    """The ids of the ``items`` of every definition file in ``directory``, read by the evidence package."""
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml")) if directory.is_dir() else []
    if not files:
        reasons[kind] = f"no {kind.value} definitions in {directory}"
        return None
    evidence = _optional_module(EVIDENCE_PACKAGE)
    if evidence is None:
        reasons[kind] = f"the evidence package ({EVIDENCE_PACKAGE}), which reads {directory}, is not available"
        return None
    load = getattr(evidence, loader_name, None)
    if load is None:
        reasons[kind] = f"{EVIDENCE_PACKAGE} has no {loader_name}()"
        return None
    unreadable = tuple(e for e in (getattr(evidence, "DefinitionError", None), OSError) if e is not None)
    ids: set[str] = set()
    for path in files:
        try:
            definition = load(path)
        except unreadable as exc:
            reasons[kind] = f"could not read {kind.value} ids from {path}: {exc}"
            return None
        ids |= {item.id for item in getattr(definition, items)}
    return frozenset(ids)
