"""Figures declared as data, and finding text filled with figures (no store needed)."""

from __future__ import annotations

import pytest

from openpeel.areas import Area
from openpeel.indicators.catalogue import Unit
from openpeel.periods import Period
from openpeel.report import FigureSpecError, load_figure_specs
from openpeel.report.evidence_values import Shown
from openpeel.report.figure_specs import FigureSpec
from openpeel.report.figures import figure_period
from openpeel.report.text import paragraphs


def test_the_shipped_figures_follow_the_seed():
    specs = load_figure_specs("peel-2025-27")
    assert [(s.id, s.area, s.kind) for s in specs] == [
        ("finance", Area.LEADERSHIP, "table"),
        ("stop_search_finds", Area.POWERS, "stacked_columns"),
        ("use_of_force_recording", Area.POWERS, "target_columns"),
        ("stop_search_disproportionality", Area.POWERS, "intervals"),
        ("use_of_force_disproportionality", Area.POWERS, "intervals"),
        ("antisocial_behaviour_rate", Area.PREVENTION, "columns"),
        ("emergency_calls_answered", Area.RESPONSE, "columns"),
        ("positive_outcomes_trend", Area.INVESTIGATION, "trend"),
        ("outcome_types", Area.INVESTIGATION, "table"),
        ("serious_crime_outcomes", Area.INVESTIGATION, "change_table"),
    ]
    finance = specs[0]
    assert finance.select == "finance." and finance.heading == "Finance" and "no finance data" in finance.empty
    assert specs[-1].years_before == 2 and len(specs[-1].rows) == 6
    specs = specs[1:]
    calls = specs[5]
    assert calls.reference == "standard" and calls.indicators == ("calls.emergency_answered_10s_share",)
    assert specs[0].all_indicators == (
        "stop_search.linked_find_rate",
        "stop_search.unlinked_find_rate",
        "stop_search.find_rate",
    )


def test_a_framework_without_a_figures_file_has_no_figures():
    assert load_figure_specs("peel-1999") == []


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            "{id: x, area: powers, kind: pie, indicators: [a.b]}",
            "figure x: unknown kind 'pie' (known: columns, stacked_columns, target_columns, trend, table, change_table, intervals)",
        ),
        ("{id: x, area: nowhere, kind: columns, indicators: [a.b]}", "figure x: unknown area 'nowhere'"),
        (
            "{id: x, area: powers, kind: columns, indicators: [a.b, c.d]}",
            "figure x: a columns figure draws 1 indicator(s), not 2",
        ),
        ("{id: x, area: powers, kind: table}", "figure x: a table needs rows"),
        (
            "{id: x, area: powers, kind: columns, indicators: [a.b], colour: red}",
            "figure x has an unknown field 'colour'",
        ),
        ("{id: x, area: powers, kind: stacked_columns, indicators: [a.b, c.d, e.f]}", "draws two indicators"),
        ("{id: x, area: powers, kind: columns, indicators: [a.b], period: ye-2025-13}", "month 13 is not 01-12"),
        (
            "{id: x, area: powers, kind: trend, indicators: [a.b], points: many}",
            "figure x: 'points' must be a whole number, not 'many'",
        ),
    ],
)
def test_a_bad_figure_is_refused_naming_file_line_and_figure(tmp_path, entry, message):
    path = tmp_path / "figures.yaml"
    path.write_text(f"figures:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(FigureSpecError) as caught:
        load_figure_specs("any", path)
    assert [p.line for p in caught.value.problems] == [2]
    assert f"{path}:2: " in str(caught.value) and message in str(caught.value)


def test_a_figure_declared_twice_is_refused_at_its_second_line(tmp_path):
    path = tmp_path / "figures.yaml"
    entry = "{id: x, area: powers, kind: columns, indicators: [a.b]}"
    path.write_text(f"figures:\n  - {entry}\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(FigureSpecError, match=r"figures.yaml:3: figure 'x' is declared twice \(first on line 2\)"):
        load_figure_specs("any", path)


def test_a_figure_shows_the_period_the_findings_cite_unless_it_names_one():
    spec = FigureSpec("f", Area.POWERS, "columns", ("a.b",))
    cited = {"a.b": [Period.parse("ye-2024-03"), Period.parse("ye-2025-03")]}
    assert figure_period(spec, cited) == Period.parse("ye-2025-03")
    assert figure_period(spec, {}) is None  # then the latest period with data for the force
    fixed = FigureSpec("f", Area.POWERS, "columns", ("a.b",), period=Period.parse("2024"))
    assert figure_period(fixed, cited) == Period.parse("2024")


def _resolve(values):
    def resolve(placeholder, interval=None):
        text, bare, unit = values[placeholder.id]
        return Shown(text, bare=bare, unit=unit)

    return resolve


def test_text_splits_paragraphs_and_writes_a_unit_once():
    values = {
        "asb.rate_per_1000": ("16.4 per 1,000", "16.4", Unit.PER_1000),
        "stop_search.disproportionality_black_white": ("3.6 times", "3.6", Unit.RATIO),
        "outcomes.positive_share": ("11.2%", "11.2", Unit.PERCENT),
    }
    text = (
        "The force recorded {indicator:asb.rate_per_1000} per thousand residents, and\n"
        "{indicator:asb.rate_per_1000} in all.\n\n"
        "Black people were {indicator:stop_search.disproportionality_black_white} times as likely; "
        "{indicator:outcomes.positive_share} of outcomes were positive."
    )
    first, second = paragraphs(text, _resolve(values))
    assert (
        "".join(s.text for s in first) == "The force recorded 16.4 per thousand residents, and 16.4 per 1,000 in all."
    )
    assert "".join(s.text for s in second) == "Black people were 3.6 times as likely; 11.2% of outcomes were positive."


def test_a_figure_with_no_data_is_marked_with_its_reason():
    (paragraph,) = paragraphs(
        "Only {audit:x.y} cases.", lambda p, interval=None: Shown.none("no audit result for x.y is loaded")
    )
    assert paragraph[1].missing == "no audit result for x.y is loaded"
    assert paragraph[1].text == "[no figure: no audit result for x.y is loaded]"
