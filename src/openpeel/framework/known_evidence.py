"""Which evidence ids exist, so that a finding cannot rest on evidence nobody can produce.

:class:`KnownEvidence` holds the known ids of each sort (indicators, audit questions, survey
statements). A sort given as ``None`` cannot be checked, and the resolver says so and why rather
than passing or failing silently. Build it from explicit sets (tests, or a caller that already has
the ids) or with :meth:`KnownEvidence.discover`, which asks the indicator catalogue and reads the
audit and survey files shipped with openpeel, when those exist.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from openpeel.framework.evidence_refs import EvidenceRef
from openpeel.framework.vocabulary import EvidenceKind

CATALOGUE_MODULE = "openpeel.indicators.catalogue"


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
    def of(cls, *, indicators: Iterable[str] | None = None, audits: Iterable[str] | None = None,
           surveys: Iterable[str] | None = None) -> KnownEvidence:
        """Known ids given explicitly; a sort left out stays unchecked."""
        return cls(frozenset(indicators) if indicators is not None else None,
                   frozenset(audits) if audits is not None else None,
                   frozenset(surveys) if surveys is not None else None)

    @classmethod
    def discover(cls, *, audits_dir: Path | None = None, surveys_dir: Path | None = None) -> KnownEvidence:
        """Ids from the indicator catalogue and the shipped audit and survey files, where they exist."""
        reasons: dict[EvidenceKind, str] = {}
        indicators = _catalogue_ids(reasons)
        audits = _yaml_ids(audits_dir or _data_dir("audits"), "questions", EvidenceKind.AUDIT, reasons)
        surveys = _yaml_ids(surveys_dir or _data_dir("surveys"), "statements", EvidenceKind.SURVEY, reasons)
        return cls(indicators, audits, surveys, reasons)

    def ids(self, kind: EvidenceKind) -> frozenset[str] | None:
        return {EvidenceKind.INDICATOR: self.indicators, EvidenceKind.AUDIT: self.audits,
                EvidenceKind.SURVEY: self.surveys}[kind]

    def unchecked(self) -> dict[EvidenceKind, str]:
        """Each sort of evidence that cannot be checked, with the reason."""
        return {kind: self.reasons.get(kind, "no list of known ids was given")
                for kind in EvidenceKind if self.ids(kind) is None}

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


def _catalogue_ids(reasons: dict[EvidenceKind, str]) -> frozenset[str] | None:
    try:
        catalogue = importlib.import_module(CATALOGUE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name and CATALOGUE_MODULE.startswith(exc.name):
            reasons[EvidenceKind.INDICATOR] = f"the indicator catalogue ({CATALOGUE_MODULE}) is not available"
            return None
        raise
    all_indicators = getattr(catalogue, "all_indicators", None)
    if all_indicators is None:
        reasons[EvidenceKind.INDICATOR] = f"{CATALOGUE_MODULE} has no all_indicators()"
        return None
    return frozenset(getattr(indicator, "id", indicator) for indicator in all_indicators())


def _yaml_ids(directory: Path, items_key: str, kind: EvidenceKind,
              reasons: dict[EvidenceKind, str]) -> frozenset[str] | None:
    """Ids '<file id>.<item id>' from every YAML file in ``directory`` listing ``items_key``."""
    files = sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml")) if directory.is_dir() else []
    if not files:
        reasons[kind] = f"no {kind.value} files in {directory}"
        return None
    ids: set[str] = set()
    for path in files:
        found = _ids_in(path, items_key)
        if found is None:
            reasons[kind] = (f"could not read {kind.value} ids from {path} (expected an 'id' and a list "
                             f"'{items_key}' of items each with an 'id')")
            return None
        ids |= found
    return frozenset(ids)


def _ids_in(path: Path, items_key: str) -> set[str] | None:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get(items_key), list):
        return None
    prefix = str(document.get("id") or path.stem)
    ids = set()
    for item in document[items_key]:
        if not isinstance(item, dict) or "id" not in item:
            return None
        item_id = str(item["id"])
        ids.add(item_id if item_id.startswith(prefix + ".") else f"{prefix}.{item_id}")
    return ids
