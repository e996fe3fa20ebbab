"""The evidence, audit and survey commands, through the CLI in-process."""

import json

import pyarrow.csv as pacsv
import pytest
from conftest import write

from openpeel.cli import command_group
from openpeel.demo import published
from openpeel.evidence import synthesise_answers, synthesise_survey


def as_json(result):
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_estimate_json_reproduces_the_seed_interval(cli):
    got = as_json(
        cli("evidence", "estimate", "--successes", "67", "--sample", "68", "--level", "90", "--format", "json")
    )
    assert {k: got[k] for k in ("method", "level", "fpc")} == {"method": "wald", "level": 0.9, "fpc": False}
    assert round(got["estimate"] * 100, 1) == 98.5 and round(got["half_width"] * 100, 1) == 2.4
    assert got["high"] == 1.0 and round(got["low"], 4) == 0.9613
    assert "90% Wald (normal) interval, no finite population correction" in got["text"]


def test_estimate_json_with_a_population(cli):
    got = as_json(
        cli(
            "evidence",
            "estimate",
            "--successes",
            "10",
            "--sample",
            "25",
            "--population",
            "100",
            "--method",
            "wald",
            "--format",
            "json",
        )
    )
    assert got["fpc"] is True and got["population"] == 100
    assert (round(got["low"], 3), round(got["high"], 3)) == (0.233, 0.567)
    exact = as_json(
        cli("evidence", "estimate", "--successes", "0", "--sample", "1", "--method", "exact", "--format", "json")
    )
    assert (exact["estimate"], exact["low"], exact["high"]) == (0.0, 0.0, 0.975)


def test_estimate_table_names_method_level_and_correction(cli):
    result = cli("evidence", "estimate", "--successes", "180", "--sample", "202")
    assert result.exit_code == 0
    assert "89.1% (+/- 4.3 percentage points; 95% Wald (normal) interval, no finite population correction)" in " ".join(
        result.stdout.split()
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--successes", "5", "--sample", "10", "--population", "8"],
            "the sample (10) is bigger than the population (8)",
        ),
        (["--successes", "-1", "--sample", "10"], "successes must be between 0 and the sample size 10, got -1"),
        (["--successes", "11", "--sample", "10"], "successes must be between 0 and the sample size 10, got 11"),
    ],
)
def test_estimate_refuses_impossible_counts(cli, args, message):
    result = cli("evidence", "estimate", *args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())


def test_compare_json_finds_the_seeds_significant_improvement(cli):
    got = as_json(cli("evidence", "compare", "180/202", "67/68", "--format", "json"))
    assert got["significant"] is True
    assert got["wording"] == "a statistically significant improvement"
    assert got["test"] == "two-proportion z test"
    assert round(got["p_value"], 4) == 0.0161 and round(got["difference"], 4) == 0.0942
    fisher = as_json(cli("evidence", "compare", "180/202", "67/68", "--test", "fisher", "--format", "json"))
    assert fisher["test"] == "Fisher's exact test" and fisher["significant"] is True
    worse = as_json(cli("evidence", "compare", "180/202", "67/68", "--lower-is-better", "--format", "json"))
    assert worse["wording"] == "a statistically significant deterioration"
    small = as_json(cli("evidence", "compare", "3/4", "1/5", "--format", "json"))
    assert small["test"] == "Fisher's exact test" and small["wording"] == "no significant change"


def test_compare_refuses_malformed_counts(cli):
    assert cli("evidence", "compare", "180-202", "67/68").exit_code == 2
    result = cli("evidence", "compare", "203/202", "67/68")
    assert result.exit_code == 2 and "successes must be between 0 and the sample size 202" in result.stderr


def test_audit_load_and_results_json(cli, tmp_path):
    path = tmp_path / "answers.csv"
    pacsv.write_csv(synthesise_answers("northamptonshire", published.audits()), path)
    assert "loaded" in cli("audit", "load", str(path)).stdout
    assert "unchanged" in cli("audit", "load", str(path)).stdout
    got = as_json(
        cli(
            "audit",
            "results",
            "--force",
            "northamptonshire",
            "--audit",
            "investigation",
            "--period",
            "ye-2025-08",
            "--format",
            "json",
        )
    )
    plan = got[0]
    assert (plan["item"], plan["yes"], plan["of"], plan["area"]) == (
        "investigation.plan_completed",
        56,
        59,
        "investigation",
    )
    assert plan["evidence_id"] == "audit/northamptonshire/peel-2025/investigation.plan_completed/ye-2025-08"
    assert plan["synthetic"] is True and plan["result"] == "94.9% (56 of 59)"
    csv_text = cli("audit", "results", "--force", "northamptonshire", "--period", "2022", "--format", "csv").stdout
    assert csv_text.splitlines()[1].startswith(
        "audit/northamptonshire/peel-2025/stop_search_records.reasonable_grounds/2022,powers,stop_search_records,"
    )
    table = cli("audit", "results", "--force", "northamptonshire", "--audit", "fraud")
    assert "SYNTHETIC" in table.stdout


def test_audit_load_refusal_names_row_and_column(cli, tmp_path):
    bad = write(
        tmp_path / "bad.csv",
        "force,audit,case_reference,question_id,answer,auditor,date,note\n"
        "northamptonshire,fraud,F1,fraud.investigation_model_used,perhaps,AB,2025-01-01,\n",
    )
    result = cli("audit", "load", str(bad))
    assert result.exit_code == 2
    assert "bad.csv, row 2, column 'answer': 'perhaps' is not yes, no or not applicable" in result.stderr
    assert cli("audit", "results", "--force", "northamptonshire", "--format", "json").stdout.strip() == "[]"
    assert cli("audit", "results", "--force", "northamptonshire", "--audit", "golf").exit_code == 2


def test_survey_load_and_results_json(cli, tmp_path):
    made = synthesise_survey("northamptonshire", published.survey())
    path = tmp_path / "returns.csv"
    pacsv.write_csv(made.returns, path)
    too_many = cli("survey", "load", str(path), "--force", "northamptonshire", "--headcount", "400")
    assert too_many.exit_code == 2 and "has 472 responses but the headcount is 400" in too_many.stderr
    assert (
        cli(
            "survey", "load", str(path), "--force", "northamptonshire", "--headcount", "2793", "--closed", "2025-10-24"
        ).exit_code
        == 0
    )
    got = as_json(cli("survey", "results", "--force", "northamptonshire", "--format", "json"))
    assert (got["responses"], got["headcount"], round(got["response_rate"] * 100, 1)) == (472, 2793, 16.9)
    by_id = {s["item"]: s for s in got["statements"]}
    assert by_id["workforce.intends_to_leave"]["result"] == "24.0% (98 of 409)"
    assert by_id["workforce.overtime_used"]["result"] == "67.4% (318 of 472)"
    fraud = as_json(cli("survey", "results", "--force", "northamptonshire", "--role", "fraud", "--format", "json"))
    assert fraud["respondents"] == 70
    assert {s["item"]: s["result"] for s in fraud["statements"]}["fraud.not_trained"] == "70.0% (49 of 70)"
    table = cli("survey", "results", "--force", "northamptonshire")
    assert "472 responses, 16.9% of a workforce of 2,793" in " ".join(table.stdout.split())
    assert "SYNTHETIC" in table.stdout


def test_survey_results_without_returns_fail_cleanly(cli):
    result = cli("survey", "results", "--force", "northamptonshire")
    assert result.exit_code == 2 and "no PEEL 2025-27 workforce survey returns are loaded" in result.stderr


def test_every_command_and_option_has_help(cli):
    for group, commands in {
        "evidence": ["estimate", "compare"],
        "audit": ["load", "results"],
        "survey": ["load", "results"],
    }.items():
        assert cli(group, "--help").exit_code == 0
        for command in commands:
            click_command = command_group().commands[group].commands[command]
            assert click_command.help, f"{group} {command}"
            for param in click_command.params:
                if param.name != "ctx":
                    assert getattr(param, "help", None), f"{group} {command} {param.name}"
