"""A report for a real force from the real shipped files: it shows what has data and says plainly what has not.

City of London in the shipped files: stop and search for 2016, the 2019/20 use of force tables,
the workforce tables and two months of street crime. There is no inspection of it, so there are
no grades or findings, and its per-resident rates carry the registry's warning.
"""

from __future__ import annotations

import pytest

from openpeel import forces
from openpeel.areas import Area
from openpeel.ingest import ingest
from openpeel.report import build_report
from openpeel.report.figures import MissingFigure
from openpeel.shipped import shipped_data_dir
from openpeel.store import Store
from tests.report.helpers import flat, html_tables, pdf_pages

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("city_of_london_report")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("city")
    store = Store(folder / "real.duckdb")
    ingest([shipped_data_dir()], store)
    files = build_report(store, "city-of-london", folder / "report")
    return files, files.html.read_text(encoding="utf-8")


def test_no_inspection_means_no_grades_and_says_so(built):
    files, html = built
    text = flat(html)
    assert files.report.inspection is None and files.report.judgements == []
    assert "No inspection findings are recorded for City of London Police" in text
    assert "No grades: there are no inspection findings for City of London Police." in text
    assert text.count("No inspection findings are recorded for this area.") == len(Area)
    assert '<table class="grades">' not in html


def test_every_area_says_what_has_no_data(built):
    files, _ = built
    assert len(files.report.areas) == 9
    assert any(area.figures for area in files.report.areas)
    for area in files.report.areas:
        assert area.findings_note == "No inspection findings are recorded for this area."
        if area.indicators.table is None:
            assert area.indicator_notes == ["No indicator for this area has data for City of London Police."]
        for figure in area.figures:
            # a figure with nothing to draw is left out with its reason, never drawn empty
            if isinstance(figure, MissingFigure):
                assert figure.reason
            else:
                assert figure.table.rows


def test_indicator_tables_show_the_real_figures(built):
    files, html = built
    powers = next(a for a in files.report.areas if a.area.id is Area.POWERS)
    rows = {r.header: r.cells for r in powers.indicators.table.rows}
    # 2,951 use of force incidents in 2019/20 (Home Office table 12)
    assert rows["Use of force incidents recorded"][:2] == ["the year ending 31 March 2020", "2,951"]
    # the latest year with stop and search is 2017/18 from the published national figures (Ethnicity
    # facts and figures): 1,223 searches of people; the median of the 43 forces is 2,197
    assert rows["Stop and searches of people"][:3] == ["the year ending 31 March 2018", "1,223", "2,197"]
    assert any(t["caption"].startswith("Using powers fairly") for t in html_tables(html))


def test_per_resident_rates_carry_the_city_of_london_warning(built):
    files, html = built
    warning = forces.CITY_OF_LONDON_WARNING
    tables = [area.indicators.table for area in files.report.areas if area.indicators.table is not None]
    assert tables and any("per 1,000" in r.header for t in tables for r in t.rows)
    for table in tables:
        per_resident = any("per 1,000" in r.header for r in table.rows)
        assert (warning in table.notes) == per_resident, table
    pages = pdf_pages(files.pdf)
    assert any(flat(warning) in flat(p) for p in pages)


def test_numbers_are_registered_with_their_files(built):
    files, html = built
    incidents = [n for n in files.report.numbers if n.evidence == "use_of_force.incidents" and n.shown == "2,951"]
    assert incidents and "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods" in incidents[0].files
    assert 'id="numbers"' in html and "2,951" in flat(html)
