"""Placeholder syntax, the hand-typed-figure check and filling text for the report."""

from __future__ import annotations

from openpeel.framework import EvidenceKind, fill, hand_typed_figures, scan
from openpeel.periods import Period


def test_scan_reads_kind_id_period_and_aspect():
    text = (
        "{indicator:use_of_force.under_recorded@ye-2024-03} and {audit:investigation.plan_completed} "
        "and {survey:workforce.manager_inclusive|share} and "
        "{indicator:stop_search.sde_unknown_share@2024-09:2025-08|england_wales}"
    )
    found, problems = scan(text)
    assert problems == []
    assert [(p.kind, p.id, p.period, p.aspect) for p in found] == [
        (EvidenceKind.INDICATOR, "use_of_force.under_recorded", Period.year_ending(2024, 3), "value"),
        (EvidenceKind.AUDIT, "investigation.plan_completed", None, "x_of_y"),
        (EvidenceKind.SURVEY, "workforce.manager_inclusive", None, "share"),
        (EvidenceKind.INDICATOR, "stop_search.sde_unknown_share", Period.year_ending(2025, 8), "england_wales"),
    ]
    assert found[1].start == text.index("{audit:")


def test_scan_reports_what_is_wrong_with_a_brace_group():
    _, problems = scan("{report:x.y} {indicator:x.y|mean} {indicator:x.y@ye-2025-13} {just words}")
    assert [p.fragment for p in problems] == [
        "{report:x.y}",
        "{indicator:x.y|mean}",
        "{indicator:x.y@ye-2025-13}",
        "{just words}",
    ]
    assert "unknown kind of evidence 'report'" in problems[0].message
    assert "unknown aspect 'mean'" in problems[1].message
    assert "month 13 is not 01-12" in problems[2].message
    assert "is not a placeholder" in problems[3].message


def test_hand_typed_figures_are_found_outside_placeholders_only():
    text = "It answered {indicator:calls.emergency_answered_10s_share} of 999 calls, 2,554 fewer, 11.2 percent."
    assert [p.fragment for p in hand_typed_figures(text, ("999",))] == ["2,554", "11.2"]
    assert [p.fragment for p in hand_typed_figures(text)] == ["999", "2,554", "11.2"]


def test_allowed_names_with_digits_are_matched_whole():
    allowed = ("PIP 1", "PIP 2", "101")
    assert hand_typed_figures("PIP 2 posts and 101 calls", allowed) == []
    found = hand_typed_figures("PIP 21 posts, 1010 calls, 101.5", allowed)
    assert [p.fragment for p in found] == ["21", "1010", "101.5"]


def test_fill_replaces_each_placeholder():
    text = "Searches: {indicator:stop_search.searches} ({indicator:stop_search.searches|change})."
    values = {"value": "3,663", "change": "-16.7%"}
    assert fill(text, lambda p: values[p.aspect]) == "Searches: 3,663 (-16.7%)."
