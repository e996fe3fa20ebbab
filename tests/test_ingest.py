"""Loading the open data shipped with openpeel: the README's main job (`openpeel ingest --shipped`)."""

from pathlib import Path

from conftest import OPEN

from openpeel.ingest import find_files, ingest


def test_every_shipped_file_loads(store):
    files = find_files([OPEN])
    report = ingest([OPEN], store)
    assert report.files == len(files) == 26
    # every file gave rows to at least one table
    assert {Path(o.path).name for o in report.outcomes} == {f.name for f in files}
    counts = {
        t: store.count(t)
        for t in (
            "stop_search",
            "street_crime",
            "police_uk_outcomes",
            "uof_incidents",
            "uof_tactics",
            "census_ethnicity",
            "population",
            "area_lookup",
            "workforce",
            "crime_recording_inspections",
            "published_stop_search",
        )
    }
    assert counts == {
        "stop_search": 12804,
        "street_crime": 646 + 778,
        "police_uk_outcomes": 376,
        "uof_incidents": 43,
        "uof_tactics": 43 * 38 * 7 + 43 * 35 * 9,
        "census_ethnicity": 43 * 6 * 2,  # 2011 and 2021 censuses
        "population": 39 * 11,
        "area_lookup": 348,
        "workforce": 31 * 43,
        "crime_recording_inspections": 14,
        "published_stop_search": 43 * 3,  # 2017/18: all, black and white for the 43 forces
    }


# -- archives, conflicts, progress -------------------------------------------------------------------

import zipfile  # noqa: E402

import duckdb  # noqa: E402
import pytest  # noqa: E402
from conftest import POLICE_UK, write  # noqa: E402

from openpeel.sources import SourceError  # noqa: E402


def bulk_archive(path: Path) -> Path:
    """A zip laid out as data.police.uk's bulk download: YYYY-MM/YYYY-MM-<force>-<kind>.csv."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for csv in sorted(POLICE_UK.glob("*.csv")):
            archive.write(csv, f"{csv.name[:7]}/{csv.name}")
        archive.writestr("2016-12/2016-12-btp-street.csv", "Crime ID,Month\n")  # a body openpeel does not assess
    return path


def test_a_police_uk_archive_loads_without_unpacking(store, tmp_path):
    archive = bulk_archive(tmp_path / "police-uk-bulk.zip")
    seen = []
    report = ingest([archive], store, on_progress=seen.append)
    assert report.files == 17 and report.rows == 12804 + 646 + 778 + 376
    assert report.notes == ["police-uk-bulk.zip: 1 files of bodies openpeel does not assess were left out (btp)"]
    assert store.count("stop_search") == 12804 and store.count("street_crime") == 646 + 778
    assert not list(tmp_path.glob("20*")), "nothing is unpacked to disk"
    # progress: every member counted, bytes add up to the members' sizes
    assert seen[-1].files == seen[-1].files_total == 17 and seen[-1].bytes == seen[-1].bytes_total
    # the same archive again: every member is known and skipped
    assert len(ingest([archive], store).skipped) == 17


def test_two_files_for_the_same_force_and_month_must_agree(store, tmp_path):
    name = "2016-01-city-of-london-stop-and-search.csv"
    original = (POLICE_UK / name).read_text(encoding="utf-8")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    write(a / name, original)
    write(b / name, original)
    assert store.count("stop_search") == 0
    assert ingest([a, b], store).rows == 150  # the same content twice: loaded once
    write(b / name, "\n".join(original.splitlines()[:3]) + "\n")
    with pytest.raises(SourceError) as caught:
        ingest([a, b], store, force="city-of-london")
    assert f"b/{name}" in caught.value.problems[0].path and str(a / name) in caught.value.problems[0].message


def test_an_empty_folder_or_a_folder_named_like_a_csv_is_named(store, tmp_path):
    folder = tmp_path / "march.csv"
    folder.mkdir()
    with pytest.raises(SourceError, match="march.csv: is a folder with no readable files"):
        ingest([folder], store)


def test_warnings_are_listed_and_kept_with_the_load(store, tmp_path):
    text = (POLICE_UK / "2016-01-city-of-london-stop-and-search.csv").read_text(encoding="utf-8").splitlines()
    header, first = text[0], text[1].split(",")
    first[4], first[5] = "57.15", "-2.09"  # Aberdeen
    path = write(
        tmp_path / "2016-01-city-of-london-stop-and-search.csv", "\n".join([header, ",".join(first), *text[2:]]) + "\n"
    )
    report = ingest([path], store)
    (warning,) = report.warnings
    assert (warning.row, warning.column) == (
        2,
        "Latitude",
    ) and "outside England and Wales ('57.15, -2.09')" in warning.message
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        kept = con.execute(
            'SELECT l.source_key, w."row", w."column" FROM _load_warnings w JOIN _loads l USING (load_id)'
        ).fetchall()
    finally:
        con.close()
    assert kept == [("police-uk/stop-and-search/city-of-london/2016-01", 2, "Latitude")]


def test_old_mac_line_endings_and_a_header_with_trailing_spaces_load(store, tmp_path):
    lines = (POLICE_UK / "2016-03-city-of-london-stop-and-search.csv").read_text(encoding="utf-8").splitlines()
    spaced = ",".join(f"{name}  " for name in lines[0].split(","))
    path = write(tmp_path / "2016-03-city-of-london-stop-and-search.csv", "\r".join([spaced, *lines[1:]]) + "\r")
    assert ingest([path], store).rows == 114 == len(lines) - 1
