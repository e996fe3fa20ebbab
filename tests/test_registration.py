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
        f"add new modules of {package} to {listed_name} (or, if they declare nothing, to {left_name})")


def test_listed_modules_declare_something_and_the_others_do_not():
    from openpeel import demo, worklists
    from openpeel.records import schema
    from openpeel.sources import readers

    assert {r.__module__.rsplit(".", 1)[1] for r in map(type, readers())} - {"reader"} == \
        set(importlib.import_module("openpeel.sources").READERS)
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


def test_help_starts_without_the_engine_indicators_or_readers():
    code = ("import sys\nsys.argv = ['openpeel', '--help']\nimport openpeel.cli\n"
            "try:\n    openpeel.cli.main()\nexcept SystemExit:\n    pass\n"
            "print(' '.join(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC.parent)})
    assert done.returncode == 0, done.stderr
    assert "assess" in done.stdout and "ingest" in done.stdout
    loaded = set(done.stderr.split())
    heavy = {"pandas", "ibis", "duckdb", "pyarrow", "pandera", "scipy", "pydantic", "openpeel.indicators",
             "openpeel.sources", "openpeel.store", "openpeel.assess", "openpeel.evidence", "openpeel.framework"}
    assert not heavy & loaded, sorted(heavy & loaded)


def test_a_commands_own_help_loads_its_module(cli):
    result = cli("evidence", "estimate", "--help")
    assert result.exit_code == 0 and "--population" in result.output
