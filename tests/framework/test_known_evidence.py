"""KnownEvidence: explicit id sets, and discovery from the catalogue and the audit and survey files."""

from __future__ import annotations

import sys
import types

import pytest

from openpeel.framework import EvidenceKind, EvidenceRef, KnownEvidence


def test_explicit_sets_check_their_sorts_and_leave_others_unchecked():
    known = KnownEvidence.of(indicators={"stop_search.searches"}, audits=set())
    assert known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "stop_search.searches")) is None
    assert (
        known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "stop_search.search"))
        == "unknown indicator id 'stop_search.search' (did you mean stop_search.searches?)"
    )
    assert (
        known.problem_with(EvidenceRef(EvidenceKind.AUDIT, "investigation.plan_completed"))
        == "unknown audit id 'investigation.plan_completed'"
    )
    assert known.problem_with(EvidenceRef(EvidenceKind.SURVEY, "anything.at_all")) is None
    assert known.unchecked() == {EvidenceKind.SURVEY: "no list of known ids was given"}


def test_discover_asks_the_catalogue_and_the_evidence_package(tmp_path, monkeypatch):
    audits, surveys = tmp_path / "audits", tmp_path / "surveys"
    audits.mkdir(), surveys.mkdir()
    (audits / "peel-2025.yaml").write_text("id: peel-2025\n")
    (audits / "extra.yaml").write_text("id: extra\n")
    (surveys / "peel-2025-workforce.yaml").write_text("id: peel-2025-workforce\n")
    monkeypatch.setitem(sys.modules, "openpeel.indicators.catalogue", _fake_catalogue(["stop_search.searches"]))
    monkeypatch.setitem(
        sys.modules,
        "openpeel.evidence",
        _fake_evidence(
            {
                "peel-2025.yaml": ["investigation.plan_completed", "victim_care.told_outcome"],
                "extra.yaml": ["custody.search_grounds_recorded"],
                "peel-2025-workforce.yaml": ["workforce.manager_inclusive"],
            }
        ),
    )
    known = KnownEvidence.discover(audits_dir=audits, surveys_dir=surveys)
    assert known.indicators == {"stop_search.searches"}
    assert known.audits == {
        "investigation.plan_completed",
        "victim_care.told_outcome",
        "custody.search_grounds_recorded",
    }
    assert known.surveys == {"workforce.manager_inclusive"}
    assert known.unchecked() == {}


def test_discover_says_which_sorts_it_could_not_check(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpeel.indicators.catalogue", None)  # import raises ModuleNotFoundError
    monkeypatch.setitem(sys.modules, "openpeel.evidence", None)
    (tmp_path / "audits").mkdir()
    (tmp_path / "audits" / "peel-2025.yaml").write_text("id: peel-2025\n")
    known = KnownEvidence.discover(audits_dir=tmp_path / "audits", surveys_dir=tmp_path / "absent")
    assert known.unchecked() == {
        EvidenceKind.INDICATOR: "the indicator catalogue (openpeel.indicators.catalogue) is not available",
        EvidenceKind.AUDIT: f"the evidence package (openpeel.evidence), which reads {tmp_path / 'audits'}, "
        "is not available",
        EvidenceKind.SURVEY: f"no survey definitions in {tmp_path / 'absent'}",
    }
    assert known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "made.up")) is None


def test_discover_names_a_definition_it_could_not_read(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("id: broken\n")
    monkeypatch.setitem(sys.modules, "openpeel.evidence", _fake_evidence({}))
    known = KnownEvidence.discover(audits_dir=tmp_path, surveys_dir=tmp_path)
    assert (
        known.unchecked()[EvidenceKind.AUDIT]
        == f"could not read audit ids from {tmp_path / 'broken.yaml'}: {tmp_path / 'broken.yaml'}:1: not a definition"
    )


def _fake_catalogue(ids):
    module = types.ModuleType("openpeel.indicators.catalogue")
    module.all_indicators = lambda: [types.SimpleNamespace(id=i) for i in ids]
    return module


def _fake_evidence(ids_by_file: dict[str, list[str]]):
    """Stands in for openpeel.evidence's public loaders: a definition per file name, with item ids."""
    module = types.ModuleType("openpeel.evidence")

    class DefinitionError(ValueError):
        pass

    def items(path):
        if path.name not in ids_by_file:
            raise DefinitionError(f"{path}:1: not a definition")
        return tuple(types.SimpleNamespace(id=i) for i in ids_by_file[path.name])

    module.DefinitionError = DefinitionError
    module.load_question_set = lambda path: types.SimpleNamespace(questions=items(path))
    module.load_survey_definition = lambda path: types.SimpleNamespace(statements=items(path))
    return module


def test_sets_are_frozen():
    known = KnownEvidence(indicators={"a.b"})
    assert isinstance(known.indicators, frozenset)
    with pytest.raises(AttributeError):
        known.indicators = frozenset()
