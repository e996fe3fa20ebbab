"""Loading the open data shipped with openpeel: the README's main job (`openpeel ingest --shipped`)."""

from pathlib import Path

from conftest import OPEN

from openpeel.ingest import find_files, ingest


def test_every_shipped_file_loads(store):
    files = find_files([OPEN])
    report = ingest([OPEN], store)
    assert report.files == len(files) == 25
    # every file gave rows to at least one table
    assert {Path(o.path).name for o in report.outcomes} == {f.name for f in files}
    counts = {t: store.count(t) for t in (
        "stop_search", "street_crime", "police_uk_outcomes", "uof_incidents", "uof_tactics", "census_ethnicity",
        "population", "area_lookup", "workforce", "crime_recording_inspections", "published_stop_search",
    )}
    assert counts == {
        "stop_search": 12804,
        "street_crime": 646 + 778,
        "police_uk_outcomes": 376,
        "uof_incidents": 43,
        "uof_tactics": 43 * 38 * 7 + 43 * 35 * 9,
        "census_ethnicity": 43 * 6,
        "population": 39 * 11,
        "area_lookup": 348,
        "workforce": 31 * 43,
        "crime_recording_inspections": 14,
        "published_stop_search": 43 * 3,  # 2017/18: all, black and white for the 43 forces
    }
