"""What the pages and API say: figures worked by hand (tests/web/world.py), hidden small counts,
alerts, downloads, bad input and the audit log."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from tests.web import world
from tests.web.conftest import PERIOD

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once

OWN, OTHER = world.DEMO, world.OTHER
ANSWERED = "calls.emergency_answered_10s_share"
BREACHES = "safeguarding.dvpo_breaches"


def _row(found: dict, force: str) -> dict:
    return next(r for r in found["comparison"]["forces"] if r["force"] == force)


def test_indicator_across_forces_worked_by_hand(clients):
    found = clients[None].get(f"/api/indicators/{ANSWERED}?period={PERIOD}").json()
    cmp = found["comparison"]
    assert cmp["forces_compared"] == 7
    # 81.0, 88, 89, 90, 91, 92, 94: median 90.0; 81.0 lies beyond the lower fence 84.0
    assert cmp["median"] == 90.0
    assert (cmp["typical_low"], cmp["typical_high"]) == (88.0, 94.0)
    mine = _row(found, OWN)
    assert (mine["value"], mine["numerator"], mine["denominator"]) == (81.0, 8100.0, 10000.0)
    assert (mine["position"], mine["rank"]) == ("below", 7)
    # England and Wales: (8,100 + 8,800 + 8,900 + 9,000 + 9,100 + 9,200 + 9,400) of 70,000
    assert cmp["england_and_wales"]["value"] == 100 * 62500 / 70000
    assert found["indicator"]["standard"] == 90.0


def test_small_counts_are_hidden_from_the_public_and_other_forces_only(clients):
    url = f"/api/indicators/{BREACHES}?period={PERIOD}"
    public = _row(clients[None].get(url).json(), OTHER)
    assert public["value"] is None and public["numerator"] is None and public["rank"] is None
    assert public["suppressed"] == ["numerator", "value"]
    assert "fewer than 5" in public["suppressed_reason"]
    assert _row(clients[None].get(url).json(), OWN)["value"] == 60.0  # not small: shown to all
    assert _row(clients["analyst"].get(url).json(), OTHER)["value"] is None  # another force's small count
    assert _row(clients["inspector"].get(url).json(), OTHER)["value"] == 3.0


def test_a_median_or_range_end_that_is_a_hidden_value_is_hidden_too(clients):
    """3, 40, 50, 60, 70, 80, 90: no value beyond the whiskers, so the typical range runs from Kent's
    hidden 3 to 90; shown as it is, its low end would give Kent's count away."""
    url = f"/api/indicators/{BREACHES}?period={PERIOD}"
    public = clients[None].get(url).json()["comparison"]
    assert (public["typical_low"], public["typical_high"], public["median"]) == (None, 90.0, 60.0)
    assert "typical_low" in public["suppressed"]
    inspector = clients["inspector"].get(url).json()["comparison"]
    assert (inspector["typical_low"], inspector["typical_high"]) == (3.0, 90.0)
    overview = clients[None].get(f"/api/overview?world=synthetic&period={PERIOD}").json()
    row = next(r for r in overview if r["id"] == BREACHES)
    assert row["typical_low"] is None and "forces" not in row  # no force's figures ride along
    areas = clients[None].get(f"/api/forces/{OWN}?period={PERIOD}").json()["areas"]
    mine = next(r for a in areas for r in a["results"] if r["id"] == BREACHES)
    assert mine["typical_low"] is None and mine["value"] == 60.0 and "forces" not in mine


def test_a_force_page_hides_change_sizes_from_the_public_but_not_from_the_forces_analysts(clients):
    def answered(viewer):
        areas = clients[viewer].get(f"/api/forces/{OWN}?period={PERIOD}").json()["areas"]
        return next(r for a in areas for r in a["results"] if r["id"] == ANSWERED)

    public, analyst = answered(None), answered("analyst")
    assert analyst["value"] == 81.0 and analyst["previous_value"] == 93.0 and analyst["change"] == -12.0
    assert analyst["change_significant"] is True
    assert public["value"] == 81.0  # 8,100 of 10,000: nothing small
    assert public["previous_value"] is None and public["change"] is None
    assert public["change_direction"] == "down" and public["change_significant"] is True


def test_alerts_worked_by_hand(clients):
    alerts = clients["analyst"].get(f"/api/forces/{OWN}/alerts").json()
    got = [(a["date"], a["kind"], a["indicator"]) for a in alerts]
    assert got == [
        ("2025-03-31", "significant_change", ANSWERED),
        ("2025-01-31", "left_range", ANSWERED),
        ("2024-07-31", "below_standard", ANSWERED),
    ]
    assert "moved below the typical range, to 83.0% (typical range 88.0% to 94.0%)" in alerts[1]["text"]
    page = clients["analyst"].get(f"/forces/{OWN}/alerts").text
    assert "31 July 2024" in page and "fell short of the standard of 90.0%" in page
    assert "timeline" in page and "<svg" in page


def test_alerts_command_lists_the_same(web_store, tmp_path):
    import shutil

    from typer.testing import CliRunner

    from openpeel.cli import app

    copy = tmp_path / "copy.duckdb"  # the session's app holds the store open read-only in this process
    shutil.copyfile(web_store, copy)
    result = CliRunner().invoke(app, ["--db", str(copy), "alerts", "--force", OWN, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"kind": "left_range"' in result.output and '"date": "2025-01-31"' in result.output


def test_worklist_page_csv_and_formula_injection(clients):
    api = clients["analyst"].get(f"/api/forces/{OWN}/worklists/missing.never_transferred").json()
    # the latest report (10 March, 09:30) is under 24 hours old as at the latest day: two listed
    assert api["total"] == 2 and [r["incident_ref"] for r in api["rows"]][0] == "INC-20250301-0001"
    text = clients["analyst"].get(f"/forces/{OWN}/worklists/missing.never_transferred/rows.csv").text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "incident_ref"
    assert rows[2][0] == '\'=HYPERLINK("http://example.invalid")'  # neutralised: text, not a formula


def test_assessment_downloads(clients):
    text = clients["analyst"].get(f"/forces/{OWN}/assessment.csv?period={PERIOD}").text
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[ANSWERED]["value"] == "81.0" and rows[ANSWERED]["change"] == "-12.0"
    ods = clients["analyst"].get(f"/forces/{OWN}/assessment.ods?period={PERIOD}")
    assert ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    with zipfile.ZipFile(io.BytesIO(ods.content)) as book:
        assert "81.0" in book.read("content.xml").decode() or "81" in book.read("content.xml").decode()


def test_indicator_page_chart_table_and_definition(clients):
    page = clients[None].get(f"/indicators/{ANSWERED}?period={PERIOD}&force={OWN}").text
    assert 'role="img"' in page and "<svg" in page  # the chart, drawn on the server
    assert "Northamptonshire (demo)" in page and "81.0%" in page and "88.0% to 94.0%" in page
    assert "at most 10 seconds after BT presented them" in page  # the catalogue's definition


def test_unknown_names_and_periods_say_what_exists(clients):
    page = clients[None].get("/forces/atlantis")
    assert page.status_code == 404 and "unknown force" in page.text and "northamptonshire-demo" in page.text
    assert clients[None].get("/indicators/no.such").status_code == 404
    api = clients[None].get(f"/api/forces/{OWN}?period=1999")
    assert api.status_code == 404 and "ye-2025-03" in api.json()["known"]


def test_malformed_queries_name_the_field(clients):
    answer = clients[None].get(f"/api/forces/{OWN}?period=last-year")
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"] == ["query", "period"]
    month = clients[None].get(f"/api/forces/{OWN}?period=2025-13")
    assert month.status_code == 422 and month.json()["detail"][0]["loc"] == ["query", "period"]
    page = clients[None].get(f"/forces/{OWN}/worklists/x?page=0")
    assert page.status_code in (303, 422)  # the public is sent to sign in before anything else
    bad = clients["analyst"].get(f"/forces/{OWN}/worklists/missing.never_transferred?page=zero")
    assert bad.status_code == 422 and "page" in bad.text and "Traceback" not in bad.text


def test_sign_in_failures_are_limited_and_audited(web_app):
    from fastapi.testclient import TestClient

    from tests.web.conftest import signed_in

    client = TestClient(web_app, follow_redirects=False)
    token = client.get("/sign-in").text.split('name="csrf_token" value="')[1].split('"')[0]
    codes = [
        client.post("/sign-in", data={"name": "admin", "password": "wrong password!", "csrf_token": token}).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    assert client.post("/sign-in", data={"name": "admin", "password": "x", "csrf_token": "forged"}).status_code == 403
    events = [e["event"] for e in web_app.state.web.audit(20)]
    assert events.count("sign-in failed") >= 5 and "sign-in refused (too many attempts)" in events
    web_app.state.web.clear_failures("name:admin")
    admin = signed_in(web_app, "admin")
    assert "Audit log" in admin.get("/admin/accounts").text


def test_downloads_are_audited(clients, web_app):
    clients["analyst"].get(f"/forces/{OWN}/worklists/missing.never_transferred/rows.csv")
    latest = web_app.state.web.audit(5)
    assert any(
        e["event"] == "download" and e["account"] == "analyst" and "missing.never_transferred" in e["detail"]
        for e in latest
    )


def test_published_report_is_listed_and_served(clients):
    page = clients[None].get(f"/forces/{OWN}/reports").text
    assert "PEEL 2025: Northamptonshire (demo)" in page and "Version 1" in page
    pdf = clients[None].get(f"/forces/{OWN}/reports/1/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert clients[None].get(f"/forces/{OTHER}/reports/1/report.pdf").status_code == 404


def test_every_response_carries_the_security_headers(clients):
    answer = clients[None].get("/forces")
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    cookie = clients["analyst"].cookies.jar
    assert any(c.name == "openpeel_session" for c in cookie)


def test_session_cookie_is_httponly_and_samesite(web_app):
    from fastapi.testclient import TestClient

    client = TestClient(web_app)
    answer = client.get("/sign-in")
    header = answer.headers["set-cookie"].lower()
    assert "httponly" in header and "samesite=strict" in header


def test_disproportionality_shows_each_force_interval_and_withholds_small_counts(clients):
    path = f"/api/indicators/stop_search.disproportionality_black_white?period={PERIOD}&world=synthetic"
    rows = {r["force"]: r for r in clients["inspector"].get(path).json()["comparison"]["forces"]}
    demo = rows[world.DEMO]
    assert demo["value"] == pytest.approx(5.0)
    assert (demo["interval_low"], demo["interval_high"]) == (
        pytest.approx(4.3971, abs=1e-4),
        pytest.approx(5.6856, abs=1e-4),
    )
    assert rows["essex-demo"]["interval_low"] == pytest.approx(1.6292, abs=1e-4)
    assert rows[world.OTHER]["interval_low"] is not None  # the inspectorate sees every interval
    public = {r["force"]: r for r in clients[None].get(path).json()["comparison"]["forces"]}
    assert public[world.OTHER]["interval_low"] is None and public[world.OTHER]["interval_withheld"]
    assert public[world.DEMO]["interval_high"] == pytest.approx(5.6856, abs=1e-4)
    page = clients[None].get(f"/indicators/stop_search.disproportionality_black_white?period={PERIOD}").text
    assert "95% interval" in page and "4.4 to 5.7" in page and "withheld" in page


def test_a_ratio_of_rates_is_withheld_by_its_counts_not_by_its_rates(clients):
    """The public sees the ratios, the median and the typical range of disproportionality: only
    Kent (demo), with 3 searches of Black people, is withheld. The rates inside a ratio (2.5 White
    people searched per 1,000 for most forces) are not counts and hide nothing."""
    ind = "stop_search.disproportionality_black_white"
    overview = clients[None].get(f"/api/overview?period={PERIOD}&world=synthetic").json()
    row = next(r for r in overview if r["id"] == ind)
    assert row["median"] == pytest.approx(2.0)
    assert row["typical_low"] is not None and row["typical_high"] is not None
    assert "median" not in row.get("suppressed", [])
    # England and Wales: 803 of 150,000 Black residents against 6,800 of 2,900,000 White
    assert row["england_and_wales"]["value"] == pytest.approx((803 / 150_000) / (6_800 / 2_900_000))
    comparison = clients[None].get(f"/api/indicators/{ind}?period={PERIOD}&world=synthetic").json()["comparison"]
    assert comparison["median"] == pytest.approx(2.0)
    assert {r["force"]: r["value"] for r in comparison["forces"]}["essex-demo"] == pytest.approx(2.0)

    def ratio_on_force_page(force_id):
        areas = clients[None].get(f"/api/forces/{force_id}?period={PERIOD}").json()["areas"]
        return next(r for a in areas for r in a["results"] if r["id"] == ind)

    essex = ratio_on_force_page("essex-demo")
    assert essex["value"] == pytest.approx(2.0) and essex["median"] == pytest.approx(2.0)
    kent = ratio_on_force_page(world.OTHER)
    assert kent["value"] is None and "value" in kent["suppressed"]
