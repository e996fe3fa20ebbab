"""The report's structure, built from the shipped demo inspection over a small hand-worked world.

Independent of the demo's generated data: antisocial behaviour figures for seven demo twins (see
conftest), and the synthetic audit answers and survey returns for the demo force. Figures whose
indicators have no data here must be left out with a sentence; everything else must be filled.
"""

from __future__ import annotations

import re

import pytest

from openpeel import forces
from openpeel.areas import Area
from openpeel.framework import KnownEvidence, load_framework, load_inspection
from openpeel.report import build_report
from openpeel.report import render as render_module
from openpeel.report.figures import Figure, MissingFigure
from tests.framework.helpers import line_of
from tests.report.conftest import DEMO, demo_known, small_world
from tests.report.helpers import all_figures, flat, html_tables, pdf_pages, visible_text

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("report_structure")

SEED_GRADES = {
    "Good": {Area.POWERS},
    "Adequate": {Area.WORKFORCE, Area.PREVENTION, Area.SAFEGUARDING, Area.FRAUD, Area.CUSTODY},
    "Requires improvement": {Area.LEADERSHIP, Area.RESPONSE},
    "Inadequate": {Area.INVESTIGATION},
    "Outstanding": set(),
}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("structure")
    store = small_world(folder / "data")
    files = build_report(store, DEMO, folder / "report", known=demo_known())
    return store, files


@pytest.fixture(scope="module")
def built(world):
    _, files = world
    return files, files.html.read_text(encoding="utf-8")


def test_openpeel_grades_proposes_what_the_report_proposes(world, monkeypatch):
    """Facts are built in one place (framework.evidence_facts) for the command and the report."""
    import json

    from typer.testing import CliRunner

    from openpeel.cli import app

    store, files = world
    known = demo_known()
    monkeypatch.setattr(KnownEvidence, "discover", classmethod(lambda cls, **_: known))
    result = CliRunner().invoke(
        app,
        ["--db", str(store.path), "grades", "--inspection", "northamptonshire-demo-2025", "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    areas = {a["area"]: a for a in json.loads(result.stdout)["areas"]}
    assert files.report.judgements
    for j in files.report.judgements:
        assert areas[j.area.value]["proposed"] == j.proposal.to_dict(), j.area
    # the store's evidence is weighed: an audit fact and an indicator fact appear among the reasons
    sources = {r["source"] for r in areas["investigation"]["proposed"]["reasons"]}
    assert "audit:investigation.plan_completed" in sources
    assert "indicator:asb.rate_per_1000@ye-2025-03" in {r["source"] for r in areas["prevention"]["proposed"]["reasons"]}


def test_grades_table_places_each_area_under_its_recorded_grade(built):
    _, html = built
    framework = load_framework("peel-2025-27")
    (table,) = [t for t in html_tables(html) if t["class"] == "grades"]
    header, *rows = table["rows"]
    assert header == ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
    placed = {grade: {cells[i] for cells in rows if cells[i]} for i, grade in enumerate(header)}
    assert placed == {grade: {framework.area(a).title for a in areas} for grade, areas in SEED_GRADES.items()}


def test_every_area_has_its_findings_in_framework_order(built):
    files, html = built
    report = files.report
    inspection = load_inspection("northamptonshire-demo-2025", known=demo_known())
    assert [a.area.id for a in report.areas] == [a.id for a in load_framework("peel-2025-27").areas]
    for area in report.areas:
        shown = [f.id for group in area.groups for f in group.findings]
        assert sorted(shown) == sorted(f.id for f in inspection.findings_in(area.area.id)), area.area.id
        section = html.split(f'id="{area.anchor}"', 1)[1].split("<section", 1)[0]
        for finding in inspection.findings_in(area.area.id):
            assert f">{finding.title}</h4>" in section.replace("&#39;", "'")
    investigation = next(a for a in report.areas if a.area.id is Area.INVESTIGATION)
    assert [g.title for g in investigation.groups] == ["Cause of concern", "Main findings"]
    concern = investigation.groups[0].findings[0]
    assert (
        concern.recommendations[0].deadline == f"Within six months (by December 2026), {forces.get(DEMO).name} should:"
    )
    assert len(concern.recommendations[0].items) == 4


def test_findings_text_is_filled_from_the_evidence_store(built):
    files, html = built
    text = visible_text(html)
    assert not re.search(r"\{(indicator|audit|survey):", html)
    # an audit "x of y" and a survey "% (x of y)", as the seed published them
    assert "56 of 59" in text
    assert "86.2% (407 of 472)" in text
    # the reasonable-grounds estimate with the interval the review declared (90% Wald) and its sample;
    # the earlier review in the same sentence takes the same level (by hand: 180 of 202 is 89.1%,
    # 1.645 x sqrt(0.891 x 0.109 / 202) = 3.6 points), and the method is named once, in a note
    assert "98.5% (+/- 2.4 percentage points; 67 of 68 cases reviewed) of searches" in text
    assert "a significant improvement on 89.1% (+/- 3.6 percentage points; 180 of 202 cases reviewed)" in text
    assert "Note: The confidence interval is a 90% Wald (normal) interval, no finite population correction." in text
    # each filled figure links to its register entry, and every entry exists
    anchors = set(re.findall(r'<a class="num" href="#(number-\d+)"', html))
    assert anchors and all(f'id="{a}"' in html for a in anchors)


def test_asb_figure_against_the_hand_worked_comparison(built):
    files, html = built
    figures = {f.id: f for f in all_figures(files.report)}
    asb = figures["antisocial_behaviour_rate"]
    assert isinstance(asb, Figure)
    assert (
        asb.title
        == "Antisocial behaviour incidents recorded per 1,000 residents, by force, the year ending 31 March 2025"
    )
    mine = [r for r in asb.table.rows if r.highlight]
    assert [(r.header, r.cells) for r in mine] == [("Northamptonshire (this force)", ["16.4 per 1,000"])]
    assert len(asb.table.rows) == 7
    assert "The median of forces is 13.6 per 1,000. The typical range is 7.0 to 22.4 per 1,000." in asb.table.caption
    # by hand: 16.4 is the 3rd highest of 7, and 4 x 3 / 7 rounds up to 2, the second quarter
    assert (
        "Northamptonshire (demo)'s figure was 16.4 per 1,000, within the typical range of forces, 3rd highest "
        "of 7 (second quarter). The typical range, between the dashed lines, runs from 7.0 to 22.4 per 1,000; "
        "the median, the solid line, is 13.6 per 1,000."
    ) in asb.description
    # the chart is one accessible image named by the figure's title and described by its description
    svg = str(asb.svg)
    assert 'role="img"' in svg and "<title" in svg and flat(asb.description)[:60] in svg
    assert 'role="graphics' not in svg
    # it sits with the finding that cites the indicator
    prevention = next(a for a in files.report.areas if a.area.id is Area.PREVENTION)
    host = [f for g in prevention.groups for f in g.findings if f.figures]
    assert [f.id for f in host] == ["prevention.antisocial_behaviour_understanding"]
    # figures with no data here are left out with a sentence, and take no number
    missing = [f for f in figures.values() if isinstance(f, MissingFigure)]
    assert missing and all(f.reason for f in missing)
    assert asb.number == 1 and 'class="missing-figure"' in html


def test_register_names_evidence_ids_and_files(built):
    files, _ = built
    plan = [n for n in files.report.numbers if n.kind == "audit" and "investigation.plan_completed" in n.evidence]
    assert plan and plan[0].shown == "56 of 59"
    assert plan[0].evidence.startswith(f"audit/{DEMO}/peel-2025/investigation.plan_completed/")
    assert plan[0].files == ("audit-answers-synthetic.csv",)
    asb = [n for n in files.report.numbers if n.evidence == "asb.rate_per_1000" and n.shown == "16.4 per 1,000"]
    assert asb and asb[0].files == ("asb-figures-synthetic.csv",) and asb[0].period == "the year ending 31 March 2025"


def test_grade_proposal_weighs_the_cited_evidence(built):
    files, html = built
    by_area = {j.area: j for j in files.report.judgements}
    sources = {r.source for r in by_area[Area.INVESTIGATION].proposal.reasons}
    assert "audit:investigation.plan_completed" in sources
    prevention = {r.source: r for r in by_area[Area.PREVENTION].proposal.reasons}
    assert prevention["indicator:asb.rate_per_1000@ye-2025-03"].effect.value == "not_counted"
    # the recorded grade is what the report shows; the proposal goes to the internal working papers only
    assert files.report.judgements
    for j in files.report.judgements:
        assert j.recorded is not None
    assert "Working papers" not in html and "Proposed" not in html
    assert files.working_papers.parent != files.html.parent
    papers = files.working_papers.read_text(encoding="utf-8")
    assert "Internal." in papers and "not for publication" in papers
    for j in files.report.judgements:
        assert f"<h2>{j.title}</h2>" in papers and flat(j.proposal.basis) in visible_text(papers)


def test_pdf_has_the_key_figures_and_the_synthetic_warning_on_every_page(built):
    files, _ = built
    pages = pdf_pages(files.pdf)
    assert len(pages) > 10
    warning = flat(forces.SYNTHETIC_WARNING)
    assert all(warning in flat(page) for page in pages)
    text = flat(" ".join(pages))
    for key in ("16.4 per 1,000", "13.6 per 1,000", "7.0 to 22.4 per 1,000", "56 of 59", "Where the numbers come from"):
        assert key in text


def test_html_passes_the_accessibility_check(built):
    files, _ = built
    from tests.report.accessibility import serious_violations

    assert serious_violations(files.html) == []


def test_a_findings_file_with_an_error_is_refused_and_nothing_is_written(cli, tmp_path):
    shipped = load_inspection("northamptonshire-demo-2025", known=demo_known()).path
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        shipped.read_text(encoding="utf-8").replace("    area: custody\n", "    area: kustody\n", 1), encoding="utf-8"
    )
    out = tmp_path / "report"
    result = cli("report", "--force", DEMO, "--inspection", str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert f"{bad}:{line_of(bad, 'area: kustody')}:" in " ".join(result.stderr.split())
    assert not out.exists()


def test_a_failed_build_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    store = small_world(tmp_path / "data")
    out = tmp_path / "report"
    out.mkdir()
    (out / "report.html").write_text("earlier report", encoding="utf-8")

    def broken(page, base_url):
        raise RuntimeError("the PDF could not be written")

    monkeypatch.setattr(render_module, "pdf", broken)
    with pytest.raises(RuntimeError):
        build_report(store, DEMO, out, use_shipped=False)
    assert sorted(p.name for p in out.iterdir()) == ["report.html"]
    assert (out / "report.html").read_text(encoding="utf-8") == "earlier report"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".openpeel-report")] == []


def test_the_command_prints_where_the_files_are_even_with_an_empty_store(cli, tmp_path):
    out = tmp_path / "empty-report"
    result = cli("report", "--force", "kent", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert f"HTML: {out / 'report.html'}" in result.stdout and f"PDF:  {out / 'report.pdf'}" in result.stdout
    text = flat((out / "report.html").read_text(encoding="utf-8"))
    assert "The report shows no numbers: no data for Kent Police is loaded." in text
    assert text.count("No indicator for this area has data for Kent Police.") == len(Area)


def test_an_inspection_of_another_force_is_refused(cli, tmp_path, monkeypatch):
    known = demo_known()
    monkeypatch.setattr(KnownEvidence, "discover", classmethod(lambda cls, **_: known))
    result = cli(
        "report", "--force", "kent", "--inspection", "northamptonshire-demo-2025", "--out", str(tmp_path / "r")
    )
    assert result.exit_code == 2
    assert "is an inspection of northamptonshire-demo, not of kent" in " ".join(result.stderr.split())
    assert not (tmp_path / "r").exists()


def test_html_reflows_at_320_pixels(built):
    from tests.report.accessibility import scroll_widths

    files, _ = built
    narrow = scroll_widths(files.html, 320)
    assert narrow["viewport"] == 320 and narrow["page"] <= 320, narrow
    assert narrow["loose_tables"] == 0 and narrow["unfocusable_regions"] == 0
