"""`openpeel fairness`: JSON as promised, and a refusal as a message with exit 2."""

import json

from conftest import ONS, POLICE_UK


def test_ratios_json_and_darkness_refusal(cli):
    assert (
        cli(
            "ingest",
            str(POLICE_UK / "2016-01-city-of-london-stop-and-search.csv"),
            str(ONS / "census2011-ethnicity-by-police-force-area.csv"),
        ).exit_code
        == 0
    )
    result = cli(
        "fairness",
        "ratios",
        "--force",
        "city-of-london",
        "--period",
        "2016-01",
        "--family",
        "stop_search.disproportionality",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = {r["member"]: r for r in json.loads(result.output)}
    assert set(rows) == {"black", "asian", "mixed", "other"}
    black = rows["black"]
    assert black["interval_low"] < black["value"] < black["interval_high"] and black["interval_level"] == 0.95
    refused = cli("fairness", "darkness", "--force", "city-of-london", "--period", "2016-01")
    assert refused.exit_code == 2
    assert "veil-of-darkness" in refused.output and "Traceback" not in refused.output
