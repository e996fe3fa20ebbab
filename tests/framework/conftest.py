"""Fixtures for the judgement layer: the shipped framework, the demo's evidence listing, a small valid inspection."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from openpeel.framework import KnownEvidence, load_framework

DATA = Path(__file__).parent / "data"

# A small inspection that loads cleanly; error tests change one thing in it.
SMALL_INSPECTION = """
inspection:
  id: small-2025
  title: A small inspection
  force: northamptonshire-demo
  framework: peel-2025-27
  published: 2026-06
  previous:
    id: small-2023
    title: The previous small inspection
summary: The force does some things well.
grades:
  investigation:
    grade: inadequate
    rationale: A cause of concern.
    decided_by: Test inspector
findings:
  - id: investigation.outcomes
    kind: cause_of_concern
    area: investigation
    status: remains
    previous: investigation.outcomes
    title: Outcomes are too low
    text: >
      Only {indicator:outcomes.positive_share} of outcomes were positive, and plans were
      completed in {audit:investigation.plan_completed} cases.
    evidence:
      - indicator: outcomes.positive_share
        period: ye-2025-09
      - audit: investigation.plan_completed
    recommendations:
      - months: 6
        text: Allocate investigations to capable teams.
  - id: response.attendance
    kind: area_for_improvement
    area: response
    title: Attend on time
    text: >
      Urgent incidents were attended on target in {indicator:response.grade1_urban_on_target_share}.
    evidence:
      - indicator: response.grade1_urban_on_target_share
        period: ye-2025-12
"""

SMALL_KNOWN = KnownEvidence.of(
    indicators={"outcomes.positive_share", "response.grade1_urban_on_target_share"},
    audits={"investigation.plan_completed"},
    surveys=set(),
)


@pytest.fixture(scope="session")
def framework():
    return load_framework("peel-2025-27")


@pytest.fixture(scope="session")
def demo_evidence_ids() -> dict[str, list[str]]:
    return yaml.safe_load((DATA / "demo_evidence_ids.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_known(demo_evidence_ids) -> KnownEvidence:
    return KnownEvidence.of(
        indicators=demo_evidence_ids["indicators"],
        audits=demo_evidence_ids["audits"],
        surveys=demo_evidence_ids["surveys"],
    )
