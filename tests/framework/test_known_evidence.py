"""KnownEvidence: explicit id sets, and discovery from the catalogue and the audit and survey files."""

from __future__ import annotations

import sys
import types

import pytest

from openpeel.framework import EvidenceKind, EvidenceRef, KnownEvidence

from tests.framework.helpers import write_yaml


def test_explicit_sets_check_their_sorts_and_leave_others_unchecked():
    known = KnownEvidence.of(indicators={"stop_search.searches"}, audits=set())
    assert known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "stop_search.searches")) is None
    assert known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "stop_search.search")) == \
        "unknown indicator id 'stop_search.search' (did you mean stop_search.searches?)"
    assert known.problem_with(EvidenceRef(EvidenceKind.AUDIT, "investigation.plan_completed")) == \
        "unknown audit id 'investigation.plan_completed'"
    assert known.problem_with(EvidenceRef(EvidenceKind.SURVEY, "anything.at_all")) is None
    assert known.unchecked() == {EvidenceKind.SURVEY: "no list of known ids was given"}


def test_discover_reads_audit_and_survey_files(tmp_path, monkeypatch):
    audits, surveys = tmp_path / "audits", tmp_path / "surveys"
    audits.mkdir(), surveys.mkdir()
    write_yaml(audits, "investigation.yaml", """
        id: investigation
        questions:
          - id: plan_completed
          - id: investigation.supervised
        """)
    write_yaml(surveys, "workforce_survey.yaml", """
        id: workforce_survey
        statements:
          - id: manager_inclusive
        """)
    monkeypatch.setitem(sys.modules, "openpeel.indicators.catalogue", _fake_catalogue(["stop_search.searches"]))
    known = KnownEvidence.discover(audits_dir=audits, surveys_dir=surveys)
    assert known.indicators == {"stop_search.searches"}
    assert known.audits == {"investigation.plan_completed", "investigation.supervised"}
    assert known.surveys == {"workforce_survey.manager_inclusive"}
    assert known.unchecked() == {}


def test_discover_says_which_sorts_it_could_not_check(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpeel.indicators.catalogue", None)  # import raises ModuleNotFoundError
    (tmp_path / "audits").mkdir()
    write_yaml(tmp_path / "audits", "odd.yaml", "title: no questions here\n")
    known = KnownEvidence.discover(audits_dir=tmp_path / "audits", surveys_dir=tmp_path / "absent")
    unchecked = known.unchecked()
    assert unchecked[EvidenceKind.INDICATOR] == \
        "the indicator catalogue (openpeel.indicators.catalogue) is not available"
    assert unchecked[EvidenceKind.AUDIT].startswith("could not read audit ids from")
    assert unchecked[EvidenceKind.SURVEY] == f"no survey files in {tmp_path / 'absent'}"
    assert known.problem_with(EvidenceRef(EvidenceKind.INDICATOR, "made.up")) is None


def _fake_catalogue(ids):
    module = types.ModuleType("openpeel.indicators.catalogue")
    module.all_indicators = lambda: [types.SimpleNamespace(id=i) for i in ids]
    return module


def test_sets_are_frozen():
    known = KnownEvidence(indicators={"a.b"})
    assert isinstance(known.indicators, frozenset)
    with pytest.raises(AttributeError):
        known.indicators = frozenset()
