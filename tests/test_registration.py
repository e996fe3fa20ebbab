"""Registration is explicit: each package lists the modules it imports, and ``openpeel --help`` is quick.

Readers, indicators, record schemas, worklists, demo generators and commands register themselves
when their module is imported; each package imports an explicit list of modules. These tests keep
the lists honest: every module of a package is either listed or deliberately left out.
"""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import openpeel

SRC = Path(openpeel.__file__).parent

LISTS = {  # package: (attribute naming the modules it imports, attribute naming those it leaves out)
    "openpeel.indicators": ("SUBJECTS", "MACHINERY"),
    "openpeel.records": ("SCHEMAS", "MACHINERY"),
    "openpeel.sources": ("READERS", "MACHINERY"),
    "openpeel.worklists": ("DECLARING", "MACHINERY"),
    "openpeel.demo": ("GENERATORS", "NOT_GENERATORS"),
}


def _modules(package: str) -> set[str]:
    return {m.name for m in pkgutil.iter_modules([str(SRC / package.split(".", 1)[1])])}


@pytest.mark.parametrize("package", LISTS)
def test_every_module_is_listed_or_deliberately_left_out(package):
    listed_name, left_name = LISTS[package]
    module = importlib.import_module(package)
    listed, left_out = getattr(module, listed_name), getattr(module, left_name)
    assert listed and len(set(listed)) == len(listed)
    assert not set(listed) & set(left_out)
    assert set(listed) | set(left_out) == _modules(package), (
        f"add new modules of {package} to {listed_name} (or, if they declare nothing, to {left_name})"
    )


def test_listed_modules_declare_something_and_the_others_do_not():
    from openpeel import demo, worklists
    from openpeel.records import schema
    from openpeel.sources import readers

    assert {r.__module__.rsplit(".", 1)[1] for r in map(type, readers())} - {"reader"} == set(
        importlib.import_module("openpeel.sources").READERS
    )
    assert len(schema.all_schemas()) >= len(importlib.import_module("openpeel.records").SCHEMAS)
    assert {w.build.__module__.rsplit(".", 1)[1] for w in worklists.all_worklists()} == set(worklists.DECLARING)
    assert all(hasattr(importlib.import_module(f"openpeel.demo.{m}"), "generate") for m in demo.GENERATORS)
    assert not any(hasattr(importlib.import_module(f"openpeel.demo.{m}"), "generate") for m in demo.NOT_GENERATORS)


def test_every_command_module_is_listed():
    from openpeel import cli

    assert {module for module, _ in cli.COMMANDS.values()} | set(cli.NOT_COMMANDS) == _modules("openpeel.cli")


def test_each_commands_summary_is_its_own_help():
    from openpeel import cli

    group = cli.command_group()
    assert set(group.commands) == set(cli.COMMANDS), "every command is declared in openpeel.cli.COMMANDS"
    for name, (module, summary) in cli.COMMANDS.items():
        command = group.commands[name]
        first = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == summary, f"{name}: update its summary in openpeel.cli.COMMANDS"
        callback = command.callback or next(iter(command.commands.values())).callback
        assert callback.__module__ == f"openpeel.cli.{module}"


def _modules_loaded_by(*args: str) -> tuple[str, set[str]]:
    """Run ``openpeel ARGS`` in a fresh interpreter: its output and the modules it imported."""
    code = (
        f"import sys\nsys.argv = ['openpeel', *{list(args)!r}]\nimport openpeel.cli\n"
        "try:\n    openpeel.cli.main()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(SRC.parent)},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, set(done.stderr.split())


# what takes a large part of a second to import, kept out of commands that do not compute
HEAVY = {"pandas", "ibis", "pyarrow", "scipy", "sqlglot"}


def test_help_starts_without_the_engine_indicators_or_readers():
    output, loaded = _modules_loaded_by("--help")
    assert "assess" in output and "ingest" in output
    heavy = HEAVY | {
        "duckdb",
        "pandera",
        "pydantic",
        "openpeel.indicators",
        "openpeel.sources",
        "openpeel.store",
        "openpeel.assess",
        "openpeel.evidence",
        "openpeel.framework",
    }
    assert not heavy & loaded, sorted(heavy & loaded)


def test_forces_and_catalogue_start_without_ibis_pandas_or_the_readers(tmp_path):
    output, loaded = _modules_loaded_by("--db", str(tmp_path / "none.duckdb"), "forces", "--format", "json")
    assert '"northamptonshire"' in output and not (tmp_path / "none.duckdb").exists()
    assert not (HEAVY | {"openpeel.sources"}) & loaded, sorted((HEAVY | {"openpeel.sources"}) & loaded)
    output, loaded = _modules_loaded_by("catalogue", "--format", "json")
    assert '"stop_search.rate_per_1000"' in output
    assert not (HEAVY | {"duckdb", "openpeel.sources"}) & loaded, sorted(
        (HEAVY | {"duckdb", "openpeel.sources"}) & loaded
    )


def test_stored_results_are_answered_without_ibis_or_pandas(cli):
    from conftest import POLICE_UK

    files = sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv"))
    assert cli("ingest", *map(str, files)).exit_code == 0  # stores every standard period's results
    for args in (
        ("indicators", "--force", "city-of-london", "--period", "ye-2016-12", "--format", "json"),
        ("compare", "stop_search.searches", "--period", "ye-2016-12", "--format", "json"),
    ):
        output, loaded = _modules_loaded_by("--db", str(cli.db), *args)
        assert '"city-of-london"' in output
        assert not HEAVY & loaded, (args[0], sorted(HEAVY & loaded))


def test_a_commands_own_help_loads_its_module(cli):
    result = cli("evidence", "estimate", "--help")
    assert result.exit_code == 0 and "--population" in result.output


def test_every_figure_kind_a_declaration_may_name_is_drawn():
    from openpeel.report.figure_specs import KINDS
    from openpeel.report.figures import kinds

    assert sorted(kinds()) == sorted(KINDS)
