"""``openpeel findings check``, ``openpeel framework show`` and ``openpeel grades``.

The commands find known evidence with ``KnownEvidence.discover()``; here it is replaced by the
demo's listing of evidence ids, so these tests do not depend on how complete the catalogue and the
evidence definitions are (``test_demo_inspection`` reconciles the listing with them).
"""

from __future__ import annotations

import json

import pytest

from openpeel.framework import KnownEvidence
from tests.framework.conftest import SMALL_INSPECTION
from tests.framework.helpers import line_of, write_yaml


@pytest.fixture(autouse=True)
def known_evidence(monkeypatch, demo_known):
    def use(known: KnownEvidence) -> None:
        monkeypatch.setattr(KnownEvidence, "discover", classmethod(lambda cls, **_: known))

    use(demo_known)
    return use


DEMO = "northamptonshire-demo-2025"
SEED_GRADES = {
    "leadership": "requires_improvement",
    "workforce": "adequate",
    "powers": "good",
    "prevention": "adequate",
    "response": "requires_improvement",
    "investigation": "inadequate",
    "safeguarding": "adequate",
    "fraud": "adequate",
    "custody": "adequate",
}


def test_findings_check_summarises_the_demo(cli):
    result = cli("findings", "check", DEMO)
    assert result.exit_code == 0, result.output
    assert "68 findings, 4 recommendations" in result.output
    assert "grades recorded for 9 of 9 areas" in result.output
    assert "indicator evidence: 46 ids in 59 references, checked" in result.output
    assert "audit evidence: 55 ids in 56 references, checked" in result.output
    row = next(line for line in result.output.splitlines() if "investigation" in line)
    assert row.split("│")[2:7] == [" 1        ", " 0          ", " 0          ", " 7    ", " 8     "]


def test_findings_check_says_which_evidence_it_could_not_check(cli, known_evidence, demo_evidence_ids):
    known_evidence(KnownEvidence.of(indicators=demo_evidence_ids["indicators"], audits=demo_evidence_ids["audits"]))
    result = cli("findings", "check", DEMO)
    assert result.exit_code == 0
    assert "survey evidence: 14 ids in 16 references, NOT CHECKED: no list of known ids was given" in result.output


def test_findings_check_refuses_evidence_that_does_not_exist(cli, known_evidence, demo_evidence_ids):
    known_evidence(KnownEvidence.of(indicators=set(demo_evidence_ids["indicators"]) - {"arrests.count"}))
    result = cli("findings", "check", DEMO)
    assert result.exit_code == 2
    assert "finding powers.use_of_force_recording: unknown indicator id 'arrests.count'" in result.stderr


def test_findings_check_json(cli):
    result = cli("findings", "check", DEMO, "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["by_kind"] == {
        "cause_of_concern": 1,
        "area_for_improvement": 14,
        "innovative_practice": 4,
        "main_finding": 49,
    }
    assert summary["areas_without_findings"] == [] and summary["areas_not_yet_decided"] == []
    assert summary["evidence"]["survey"] == {"references": 16, "ids": 14, "checked": True, "not_checked_because": None}


def test_findings_check_reports_errors_with_file_and_line(cli, tmp_path):
    path = write_yaml(tmp_path, "bad.yaml", SMALL_INSPECTION.replace("    area: response", "    area: responding"))
    result = cli("findings", "check", str(path))
    assert result.exit_code == 2
    assert (
        f"{path}:{line_of(path, 'area: responding')}: finding response.attendance: unknown area 'responding'"
        in " ".join(result.stderr.split())
    )


def test_findings_check_of_a_missing_file(cli, tmp_path):
    result = cli("findings", "check", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_framework_show(cli):
    result = cli("framework", "show")
    assert result.exit_code == 0
    assert "PEEL assessment framework 2025–27" in result.output
    assert "requires_improvement" in result.output and "Grading rules" in result.output
    data = json.loads(cli("framework", "show", "--framework", "peel-2025-27", "--format", "json").stdout)
    assert [a["id"] for a in data["areas"]] == list(SEED_GRADES)
    assert [g["id"] for g in data["grades"]] == [
        "outstanding",
        "good",
        "adequate",
        "requires_improvement",
        "inadequate",
    ]
    assert data["grading"]["requires_improvement_from"] == 3


def test_framework_show_unknown_framework(cli):
    result = cli("framework", "show", "--framework", "peel-1999")
    assert result.exit_code == 2 and "unknown framework 'peel-1999'" in result.stderr


def test_grades_for_the_demo_match_the_seed(cli):
    table = cli("grades", "--inspection", DEMO)
    assert table.exit_code == 0
    assert table.output.count("agrees") >= 9 and "DIFFERS" not in table.output
    data = json.loads(cli("grades", "--inspection", DEMO, "--format", "json").stdout)
    assert {a["area"]: a["recorded"]["grade"] for a in data["areas"]} == SEED_GRADES
    assert {a["area"]: a["proposed"]["grade"] for a in data["areas"]} == SEED_GRADES
    investigation = next(a for a in data["areas"] if a["area"] == "investigation")
    assert investigation["proposed"]["reasons"][0] == {
        "effect": "cause_of_concern",
        "source": "investigation.outcomes_for_victims",
        "text": "Cause of concern: Victims of crime do not reliably get appropriate outcomes",
        "weight": 0.0,
    }


def test_grades_show_both_when_they_differ(cli, tmp_path):
    rules = write_yaml(tmp_path, "rules.yaml", "grading:\n  requires_improvement_from: 2\n")
    result = cli("grades", "--inspection", DEMO, "--rules", str(rules))
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "fraud: differs from proposal" in text
    assert "recorded Adequate by HM Inspector of Constabulary (demo): The threat is understood" in text
    assert "proposed: score 2 reaches 2: requires improvement" in text


def test_grades_report_areas_not_yet_decided(cli, tmp_path):
    path = write_yaml(tmp_path, "small.yaml", SMALL_INSPECTION)
    data = json.loads(cli("grades", "--inspection", str(path), "--format", "json").stdout)
    by_area = {a["area"]: a for a in data["areas"]}
    assert by_area["response"]["status"] == "not yet decided"
    assert by_area["response"]["recorded"] is None
    assert by_area["response"]["proposed"]["grade"] == "adequate"
    assert by_area["investigation"]["status"] == "agrees with proposal"
    table = cli("grades", "--inspection", str(path))
    assert "not yet decided" in table.output


def test_every_command_has_help(cli):
    for args in (["findings", "check"], ["framework", "show"], ["grades"]):
        result = cli(*args, "--help")
        assert result.exit_code == 0
        assert len(result.output.split("Options")[0].split("Usage")[1]) > 60, args
