"""What the seed report published for its audits and workforce survey: the demo's own data.

The product's question set and survey say what is asked of any force; what one report printed for
one force belongs to the demo, which reproduces it (``data/published-*.yaml`` in this package).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from openpeel.evidence import (
    PublishedAudits,
    PublishedSurvey,
    load_published_audits,
    load_published_survey,
    load_question_set,
    load_survey_definition,
)


def _data(name: str) -> Path:
    return Path(str(resources.files("openpeel.demo").joinpath(f"data/{name}")))


AUDITS_PATH = _data("published-audits-peel-2025.yaml")
SURVEY_PATH = _data("published-survey-peel-2025-workforce.yaml")


@cache
def audits() -> PublishedAudits:
    """The seed report's audit results, checked against the shipped question set."""
    return load_published_audits(AUDITS_PATH, load_question_set())


@cache
def survey() -> PublishedSurvey:
    """The seed report's survey response and statement results, checked against the shipped survey."""
    return load_published_survey(SURVEY_PATH, load_survey_definition())
