"""The command line: every command documented, JSON shapes as promised, errors without tracebacks."""

import json
from pathlib import Path

from conftest import POLICE_UK, write

from openpeel.cli import app
from openpeel.indicators.docs import catalogue_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_every_command_and_option_has_help():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, f"command {name} has no help"
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"option {param.name} of {name} has no help"


def test_docs_indicators_md_is_current():
    assert (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/indicators.md is stale: run `openpeel catalogue --markdown > docs/indicators.md`"
    )


def test_ingest_then_indicators_json(cli):
    result = cli("ingest", *map(str, sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv"))))
    assert result.exit_code == 0, result.output
    assert "12 files read" in result.output
    again = cli("ingest", str(POLICE_UK / "2016-01-city-of-london-stop-and-search.csv"))
    assert "1 unchanged" in again.output
    out = cli("indicators", "--force", "city-of-london", "--period", "2016", "--format", "json")
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    searches = rows["stop_search.searches"]
    for key in (
        "id",
        "title",
        "value",
        "numerator",
        "denominator",
        "unit",
        "period_start",
        "period_end",
        "median",
        "typical_low",
        "typical_high",
        "position",
        "rank",
        "forces_compared",
    ):
        assert key in searches
    assert (
        searches["value"] == 1330
        and searches["period_start"] == "2016-01-01"
        and searches["period_end"] == "2016-12-31"
    )
    assert rows["stop_search.linked_outcome_rate"]["numerator"] == 448


def test_compare_json(cli):
    cli("ingest", str(POLICE_UK / "2015-05-metropolitan-stop-and-search.csv"))
    out = cli("compare", "stop_search.outcome_rate", "--period", "2015-05", "--format", "json")
    data = json.loads(out.stdout)
    for key in (
        "indicator",
        "period_start",
        "period_end",
        "median",
        "typical_low",
        "typical_high",
        "england_and_wales",
        "forces",
    ):
        assert key in data
    (met,) = data["forces"]
    assert {"force", "value", "numerator", "denominator", "position", "rank"} <= set(met)
    assert (met["numerator"], met["denominator"]) == (3484, 11236)


def test_csv_output(cli):
    cli("ingest", str(POLICE_UK / "2026-02-city-of-london-stop-and-search.csv"))
    out = cli("indicators", "--force", "city-of-london", "--period", "2026-02", "--format", "csv")
    header, *lines = out.stdout.strip().splitlines()
    assert header.startswith("id,title,area")
    assert any(line.startswith("stop_search.searches,") for line in lines)


def test_errors_are_messages_with_exit_status_2(cli, tmp_path):
    bad = write(tmp_path / "2016-01-city-of-london-stop-and-search.csv", "")
    result = cli("ingest", str(bad))
    assert result.exit_code == 2
    assert "file is empty" in result.output and "Traceback" not in result.output
    assert cli("indicators", "--force", "atlantis").exit_code == 2
    assert cli("indicators", "--force", "city-of-london", "--period", "2016-13").exit_code == 2
    assert cli("compare", "stop_search.nonsense").exit_code == 2


def test_forces_lists_43(cli):
    out = cli("forces", "--format", "json")
    assert len(json.loads(out.stdout)) == 43


def test_docs_records_md_is_current():
    from openpeel.records.docs import records_markdown

    assert (ROOT / "docs" / "records.md").read_text(encoding="utf-8") == records_markdown(), (
        "docs/records.md is stale: run `openpeel records docs > docs/records.md`"
    )


def test_forces_show_population_year_census_fallback_and_warnings(cli):
    from conftest import ONS

    cli("ingest", str(ONS))
    rows = {r["id"]: r for r in json.loads(cli("forces", "--format", "json").stdout)}
    assert rows["northamptonshire"]["population"] == 753278
    assert rows["northamptonshire"]["population_source"] == "ONS mid-2019 population estimate"
    assert rows["gwent"]["population"] == 576754 and "2011 census" in rows["gwent"]["population_source"]
    assert rows["city-of-london"]["warnings"] and not rows["kent"]["warnings"]


def test_missing_dates_print_blank_not_nat(cli, tmp_path):
    bail = write(
        tmp_path / "pre_charge_bail.csv",
        "arrest_ref,suspect_ref,arrested_at,officer_ref,bail_start,bail_due,answered_on,lapsed_on\n"
        "A1,P1,2025-09-01T10:00:00,O1,2025-09-01,,,\n",
    )
    assert cli("ingest", str(bail), "--force", "northamptonshire-demo").exit_code == 0
    out = cli("worklist", "bail.due_soon", "--force", "northamptonshire-demo", "--format", "csv").stdout
    assert "NaT" not in out and "A1,P1,O1,2025-09-01T00:00:00,,,no due date set" in out


def test_a_users_error_is_one_message_with_status_2(cli):
    result = cli("indicators", "--force", "atlantis", "--period", "2016")
    assert result.exit_code == 2
    assert "unknown force 'atlantis'" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_a_fault_in_openpeel_is_one_line_and_a_traceback_file(cli, monkeypatch):
    import openpeel.forces

    def broken(text):
        raise RuntimeError("something inside went wrong")

    monkeypatch.setattr(openpeel.forces, "lookup", broken)
    result = cli("indicators", "--force", "kent", "--period", "2016")
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert line.count("\n") <= 1 and "internal error: RuntimeError: something inside went wrong" in " ".join(
        line.split()
    )
    trace = Path(line.split("the traceback is in ")[1].split(")")[0].replace("\n", ""))
    assert "RuntimeError: something inside went wrong" in trace.read_text(encoding="utf-8")


def test_markup_in_an_error_is_shown_as_typed(cli):
    result = cli("indicators", "--force", "[bold]kent[/]", "--period", "2016")
    assert result.exit_code == 2
    assert "[bold]kent[/]" in result.stderr


def test_a_store_that_is_not_a_store_is_refused_and_left_alone(tmp_path):
    from typer.testing import CliRunner

    csv = write(tmp_path / "searches.csv", "a,b\n1,2\n")
    junk = tmp_path / "junk.duckdb"
    junk.write_bytes(b"\x00" * 64 + b"not a database")
    folder = tmp_path / "folder"
    folder.mkdir()
    for db, words in (
        (csv, "is not an openpeel store"),
        (junk, "is not an openpeel store"),
        (folder, "is a folder"),
        (tmp_path / "missing" / "s.duckdb", "does not exist"),
    ):
        result = CliRunner().invoke(
            app, ["--db", str(db), "ingest", str(POLICE_UK / "2016-01-city-of-london-stop-and-search.csv")]
        )
        assert result.exit_code == 2, result.output
        assert words in " ".join(result.stderr.split()) and "Traceback" not in result.output
    assert csv.read_text() == "a,b\n1,2\n"


def test_ingest_shows_values_as_typed_and_logs_progress_off_a_terminal(cli, tmp_path):
    text = (POLICE_UK / "2016-01-city-of-london-stop-and-search.csv").read_text(encoding="utf-8")
    bad = write(
        tmp_path / "2016-01-city-of-london-stop-and-search.csv", text.replace("Suspect arrested", "[bold]x[/]", 1)
    )
    result = cli("ingest", str(bad))
    assert result.exit_code == 2 and "'[bold]x[/]' is not a known search outcome" in result.stderr
    good = cli("ingest", str(POLICE_UK / "2016-02-city-of-london-stop-and-search.csv"))
    assert good.exit_code == 0
    assert "ingest: 1/1 files" in good.stderr and "rows written" in good.stderr  # a plain log line, no bar


def test_docs_cli_md_is_current():
    from openpeel.cli.reference import cli_markdown

    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == cli_markdown(), (
        "docs/cli.md is stale: run `python -m openpeel.cli.reference > docs/cli.md`"
    )
