"""The demo force's report against the published report it is calibrated to (the seed).

The demo is built once into a temporary store for this module, then the report is built from the
shipped demo inspection. Each figure's data table must carry the seed's numbers for the force,
the PDF must print them, and the grades table must match the seed's.
"""

from __future__ import annotations

import pytest

from openpeel.demo import DEMO_FORCE, build, generators
from openpeel.framework import load_framework
from openpeel.report import build_report
from openpeel.report import load_figure_specs
from openpeel.report.evidence_values import indicator_or_none
from openpeel.report.figures import Figure, MissingFigure
from openpeel.store import Store
from tests.report.conftest import demo_known
from tests.report.helpers import all_figures, flat, html_tables, pdf_pages
from tests.report.test_report_structure import SEED_GRADES

FORCE_ROW = "Northamptonshire (this force)"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    if not list(generators()):
        pytest.skip("the demo force's data generators are not installed")
    folder = tmp_path_factory.mktemp("demo")
    store = Store(folder / "demo.duckdb")
    build(store, folder / "data")
    files = build_report(store, DEMO_FORCE, folder / "report", known=demo_known())
    return files, files.html.read_text(encoding="utf-8")


def figure(files, figure_id: str) -> Figure:
    """The drawn figure; if an indicator it needs is not in the catalogue yet, the report must say so."""
    found = {f.id: f for f in all_figures(files.report)}[figure_id]
    spec = next(s for s in load_figure_specs("peel-2025-27") if s.id == figure_id)
    absent = [i for i in spec.all_indicators if indicator_or_none(i) is None]
    if absent and spec.kind != "table" or spec.kind == "table" and len(absent) == len(spec.rows):
        assert isinstance(found, MissingFigure) and "not in this openpeel's catalogue" in found.reason
        pytest.skip(f"{figure_id}: the catalogue has no {', '.join(absent)} yet; the report says so")
    assert isinstance(found, Figure), f"{figure_id} was left out: {getattr(found, 'reason', '')}"
    return found


def mine(fig: Figure) -> list[str]:
    (row,) = [r for r in fig.table.rows if r.highlight]
    assert row.header == FORCE_ROW
    return row.cells


def test_grades_table_matches_the_seed(demo):
    _, html = demo
    framework = load_framework("peel-2025-27")
    (table,) = [t for t in html_tables(html) if t["class"] == "grades"]
    header, *rows = table["rows"]
    placed = {grade: {cells[i] for cells in rows if cells[i]} for i, grade in enumerate(header)}
    assert placed == {grade: {framework.area(a).title for a in areas} for grade, areas in SEED_GRADES.items()}


def test_each_area_has_its_findings(demo):
    files, _ = demo
    assert len(files.report.areas) == 9 and files.report.inspection.findings
    for area in files.report.areas:
        shown = {f.id for group in area.groups for f in group.findings}
        assert shown == {f.id for f in files.report.inspection.findings_in(area.area.id)}, area.area.id


def test_figure_1_linked_and_not_linked_finds(demo):
    fig = figure(demo[0], "stop_search_finds")
    assert mine(fig) == ["26.2%", "6.0%"]
    assert "linked find 26.2% and not linked find 6.0%" in fig.description


def test_figure_2_use_of_force_recorded_against_expected(demo):
    fig = figure(demo[0], "use_of_force_recording")
    assert mine(fig) == ["10,689", "16,336"]
    assert "10,689 (recorded), fewer than the 16,336 expected" in fig.description


def test_figure_3_antisocial_behaviour_against_median_and_typical_range(demo):
    fig = figure(demo[0], "antisocial_behaviour_rate")
    assert mine(fig) == ["16.4 per 1,000"]
    assert "The median of forces is 13.6 per 1,000. The typical range is 7.0 to 22.4 per 1,000." in fig.table.caption
    assert "16.4 per 1,000, within the typical range" in fig.description


def test_figure_4_emergency_calls_against_the_standard(demo):
    fig = figure(demo[0], "emergency_calls_answered")
    assert mine(fig) == ["92.9%"]
    assert "92.9%, above the standard of 90.0%" in fig.description


def test_figure_5_positive_outcomes_against_the_median(demo):
    fig = figure(demo[0], "positive_outcomes_trend")
    last = fig.table.rows[-1]
    assert last.header == "the year ending 30 September 2025"
    assert last.cells == ["11.2%", "12.2%"]
    assert fig.table.rows[0].header == "the year ending 31 December 2023"


def test_figure_6_outcome_types(demo):
    fig = figure(demo[0], "outcome_types")
    rows = {r.header: r.cells for r in fig.table.rows}
    assert rows["Unresolved (outcomes 11 to 18)"] == ["85.8%", "84.2%"]
    assert rows["Resolved (outcomes 5, 9, 10 and 20 to 22)"] == ["3.1%", "3.3%"]
    assert rows["Positive (outcomes 1 to 4 and 8), made up of:"] == ["11.2%", "12.2%"]
    assert rows["Charged or summonsed (outcome 1)"] == ["8.8%", "9.0%"]
    assert rows["Community resolution (outcome 8)"] == ["1.4%", "2.1%"]


KEY_FIGURES = {
    "stop_search_finds": ("26.2%", "6.0%"),
    "use_of_force_recording": ("10,689", "16,336"),
    "antisocial_behaviour_rate": ("16.4 per 1,000", "13.6 per 1,000", "7.0 to 22.4 per 1,000"),
    "emergency_calls_answered": ("92.9%",),
    "positive_outcomes_trend": ("11.2%", "12.2%"),
}


def test_pdf_prints_the_key_figures(demo):
    files, _ = demo
    text = flat(" ".join(pdf_pages(files.pdf)))
    drawn = {f.id for f in all_figures(files.report) if isinstance(f, Figure)}
    assert drawn  # figures whose indicators exist are drawn (checked one by one above)
    for figure_id in drawn & set(KEY_FIGURES):
        for key in KEY_FIGURES[figure_id]:
            assert key in text, (figure_id, key)


def test_every_placeholder_is_filled(demo):
    files, html = demo
    assert "{indicator:" not in html and "{audit:" not in html and "{survey:" not in html
    # the demo loads every indicator, audit and survey its findings cite, so nothing is left unfilled
    findings = [finding for area in files.report.areas for group in area.groups for finding in group.findings]
    assert len(findings) == len(files.report.inspection.findings) > 0
    for finding in findings:
        gaps = [s.missing for p in finding.body for s in p if s.missing]
        assert not gaps, (finding.id, gaps)
    assert 'class="no-figure"' not in html
    text = flat(html)
    assert "56 of 59" in text and "86.2% (407 of 472)" in text


def test_demo_html_passes_the_accessibility_check(demo):
    from tests.report.accessibility import serious_violations

    assert serious_violations(demo[0].html) == []
