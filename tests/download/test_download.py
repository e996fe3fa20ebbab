"""``openpeel download`` against a local HTTP server on loopback that serves the shipped files at
the publishers' paths. No test reaches the internet."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest
from conftest import HOME_OFFICE, OPEN

from openpeel.download import DownloadError, download, plan

WORKFORCE = HOME_OFFICE / "police-workforce-sep19-tables.ods"
WORKFORCE_PATH = "/government/uploads/system/uploads/attachment_data/file/861796/police-workforce-sep19-tables.ods"
EFFS = OPEN / "ethnicity-facts-figures" / "stop-and-search-by-ethnicity-and-force-2017-18.csv"
EFFS_PATH = "/crime-justice-and-the-law/policing/stop-and-search/latest/downloads/by-ethnicity-and-area-table.csv"
STOPS_PATH = "/api/stops-force?force=northamptonshire&date=2017-06"
# Two searches as the API gives them (field names of its stops-force answer), made by hand
STOPS = [
    {
        "age_range": "18-24",
        "outcome": "Arrest",
        "involved_person": True,
        "self_defined_ethnicity": "Black/African/Caribbean/Black British - Any other Black/African/Caribbean background",
        "gender": "Male",
        "legislation": "Misuse of Drugs Act 1971 (section 23)",
        "outcome_linked_to_object_of_search": True,
        "datetime": "2017-06-03T08:05:00+00:00",
        "removal_of_more_than_outer_clothing": False,
        "outcome_object": {"id": "bu-arrest", "name": "Arrest"},
        "location": {
            "latitude": "52.240",
            "street": {"id": 1, "name": "On or near Gold Street"},
            "longitude": "-0.897",
        },
        "operation": False,
        "officer_defined_ethnicity": "Black",
        "type": "Person search",
        "operation_name": None,
        "object_of_search": "Controlled drugs",
    },
    {
        "age_range": None,
        "outcome": "A no further action disposal",
        "involved_person": False,
        "self_defined_ethnicity": None,
        "gender": None,
        "legislation": "Police and Criminal Evidence Act 1984 (section 1)",
        "outcome_linked_to_object_of_search": None,
        "datetime": "2017-06-20T23:10:00+00:00",
        "removal_of_more_than_outer_clothing": None,
        "outcome_object": {"id": "bu-no-further-action", "name": "A no further action disposal"},
        "location": None,
        "operation": None,
        "officer_defined_ethnicity": None,
        "type": "Vehicle search",
        "operation_name": None,
        "object_of_search": "Stolen goods",
    },
]


class Publisher(BaseHTTPRequestHandler):
    """Serves ``files`` (path with query -> bytes) with byte ranges; ``cut_after`` breaks a
    transfer after that many bytes, ``ignore_range`` answers every request with the whole file."""

    files: dict[str, bytes] = {}
    cut_after: int | None = None
    ignore_range = False
    requests: list[tuple[str, str | None]] = []

    def do_GET(self):  # noqa: N802  (the standard library's name)
        Publisher.requests.append((self.path, self.headers.get("Range")))
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        start = 0
        ranged = self.headers.get("Range")
        if ranged and not self.ignore_range:
            start = int(ranged.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(body) - start))
        self.end_headers()
        payload = body[start:]
        if self.cut_after is not None:
            payload = payload[: self.cut_after]
        self.wfile.write(payload)
        self.wfile.flush()
        if self.cut_after is not None:
            self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture
def publisher():
    Publisher.files = {
        WORKFORCE_PATH: WORKFORCE.read_bytes(),
        EFFS_PATH: EFFS.read_bytes(),
        STOPS_PATH: json.dumps(STOPS).encode(),
    }
    Publisher.cut_after, Publisher.ignore_range, Publisher.requests = None, False, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Publisher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_pinned_file_is_fetched_checked_and_then_served_from_the_cache(publisher, tmp_path):
    (got,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert got.status == "downloaded" and got.path.read_bytes() == WORKFORCE.read_bytes()
    assert got.sha256 == "58eb598329a52536c6a950c68bd0dc13e572911f7a4ad2ed5eb3337204cb29d3" and got.size == 133124
    record = json.loads(got.path.with_name(got.path.name + ".json").read_text())
    assert record["url"].startswith("https://assets.publishing.service.gov.uk/") and record["size"] == 133124
    (again,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert again.status == "cached"
    assert len(Publisher.requests) == 1  # the cached copy was checked on disk, not fetched


def test_a_damaged_copy_is_fetched_again(publisher, tmp_path):
    (got,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    got.path.write_bytes(b"garbled" + got.path.read_bytes()[7:])
    (again,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert again.status == "downloaded" and again.path.read_bytes() == WORKFORCE.read_bytes()


def test_an_interrupted_download_resumes_with_a_range_request(publisher, tmp_path):
    Publisher.cut_after = 50_000
    with pytest.raises(DownloadError, match="broke off after 50,000 bytes.*run the command again to resume"):
        download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    part = tmp_path / "home-office" / "police-workforce-sep19-tables.ods.part"
    assert part.stat().st_size == 50_000
    assert not (tmp_path / "home-office" / "police-workforce-sep19-tables.ods").exists()
    Publisher.cut_after = None
    (got,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert got.status == "resumed" and Publisher.requests[-1] == (WORKFORCE_PATH, "bytes=50000-")
    assert got.path.read_bytes() == WORKFORCE.read_bytes() and not part.exists()


def test_a_server_that_ignores_the_range_sends_the_whole_file_again(publisher, tmp_path):
    part = tmp_path / "home-office" / "police-workforce-sep19-tables.ods.part"
    part.parent.mkdir(parents=True)
    part.write_bytes(WORKFORCE.read_bytes()[:1000])
    Publisher.ignore_range = True
    (got,) = download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert got.status == "downloaded" and sha256(got.path.read_bytes()) == sha256(WORKFORCE.read_bytes())


def test_a_file_that_is_not_the_known_one_is_refused_and_not_kept(publisher, tmp_path):
    Publisher.files[WORKFORCE_PATH] = WORKFORCE.read_bytes()[:-10] + b"0123456789"
    with pytest.raises(DownloadError, match="has SHA-256 .* not the 58eb5983.*publisher may have replaced it"):
        download("home-office-workforce-sep19", tmp_path, mirror=publisher)
    assert list((tmp_path / "home-office").iterdir()) == []


def test_offline_is_said_plainly(tmp_path):
    with socket.socket() as s:  # a loopback port that nothing listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    with pytest.raises(DownloadError, match="cannot reach 127.0.0.1:.*seems to be offline"):
        download("home-office-workforce-sep19", tmp_path, mirror=f"http://127.0.0.1:{closed}")


def test_a_missing_file_names_the_publishers_answer(publisher, tmp_path):
    with pytest.raises(DownloadError, match="answered 404 Not Found for .*hosb3720-tables.ods"):
        download("home-office-use-of-force-2019-20", tmp_path, mirror=publisher)


def test_api_searches_become_the_download_csv_that_ingest_reads(publisher, tmp_path, store):
    from openpeel.ingest import ingest

    (got,) = download("police-uk-stop-search", tmp_path, months="2017-06", force="Northamptonshire", mirror=publisher)
    assert got.path == tmp_path / "police-uk" / "2017-06-northamptonshire-stop-and-search.csv"
    assert Publisher.requests == [(STOPS_PATH, None)]
    ingest([got.path], store)
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        found = con.execute(
            "SELECT force_id, strftime(month, '%Y-%m'), of_person, outcome, sde_group FROM stop_search ORDER BY of_person"
        ).fetchall()
    finally:
        con.close()
    assert found == [
        ("northamptonshire", "2017-06", False, "no_further_action", "unknown"),
        ("northamptonshire", "2017-06", True, "arrest", "black"),
    ]


def test_requests_name_the_files_at_the_publishers_addresses():
    archives = plan("police-uk-archive", months="2021-01:2025-03")
    # each archive holds the 36 months to its name: 2025-03 covers from 2022-04, 2022-03 from 2019-04
    assert [p.url for p in archives] == [
        "https://data.police.uk/data/archive/2025-03.zip",
        "https://data.police.uk/data/archive/2022-03.zip",
    ]
    months = plan("police-uk-stop-search", months="2025-01:2025-03", force="city-of-london")
    assert [p.url for p in months][0] == "https://data.police.uk/api/stops-force?force=city-of-london&date=2025-01"
    assert len(months) == 3
    with pytest.raises(DownloadError, match="--force does not apply"):
        plan("home-office-workforce-sep19", force="kent")
    with pytest.raises(DownloadError, match="name one with --force"):
        plan("police-uk-stop-search", months="2025-01")
    with pytest.raises(DownloadError, match="--months YYYY-MM:YYYY-MM"):
        plan("police-uk-archive")


def test_the_command_downloads_and_loads(publisher, tmp_path, cli):
    result = cli(
        "download", "ethnicity-facts-stop-search", "--to", str(tmp_path / "dl"), "--mirror", publisher, "--ingest"
    )
    assert result.exit_code == 0, result.output
    assert "downloaded" in result.output and "stop-and-search-by-ethnicity-and-area.csv" in result.output
    assert "loaded 1 file, 129 rows written" in result.output
    listed = cli("download")
    assert "police-uk-archive" in listed.output and "ethnicity-facts-stop-search" in listed.output


def test_the_command_reports_offline_as_a_user_error(tmp_path, cli):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    result = cli(
        "download", "home-office-workforce-sep19", "--to", str(tmp_path), "--mirror", f"http://127.0.0.1:{closed}"
    )
    assert result.exit_code == 2
    assert "seems to be offline" in result.output
