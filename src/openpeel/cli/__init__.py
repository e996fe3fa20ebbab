"""The ``openpeel`` command: a thin layer over the library.

Each module listed in :data:`COMMANDS` adds its commands with a ``register(app)`` function. A new
command is a function in a module plus one line here, naming the module and the one-line summary
``openpeel --help`` shows (a test checks the summary against the command's own help). Modules are
imported only when one of their commands runs or shows its help, so ``openpeel --help`` starts
without the engine, the indicators or the readers. Commands parse arguments, call library
functions and print; they hold no logic of their own.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperCommand

from openpeel.cli.common import CommandGroup, State

# command -> (module in this package that registers it, the summary `openpeel --help` shows), in
# the order help lists them
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": (
        "assess",
        "A force's assessment: every measure by PEEL area, compared nationally and with the year before.",
    ),
    "indicators": ("indicators", "Every indicator for one force, each compared with the forces of England and Wales."),
    "compare": (
        "indicators",
        "One indicator across every force with data: median, typical range, positions and ranks.",
    ),
    "materialise": (
        "results",
        "Compute and store every indicator's results: values, comparison, change and default periods.",
    ),
    "export": ("indicators", "Write every store table as Parquet, for Spark or any other engine."),
    "catalogue": ("indicators", "Every indicator openpeel computes, with its definition and sources."),
    "forces": ("indicators", "The 43 territorial forces: id, name, region, and the population openpeel uses for them."),
    "fairness": ("fairness", "Whether powers are used fairly: ratios with intervals, outcome and darkness tests."),
    "download": ("download", "Fetch files from the publishers' own addresses into a download folder."),
    "ingest": ("ingest", "Load publisher files (data.police.uk, Home Office, ONS, force extracts) into the store."),
    "grades": ("judgement", "Each area's recorded grade beside the grade the evidence proposes, with its reasons."),
    "worklist": ("records", "Cases to act on: late incidents, missed targets, repeat callers, missing forms and more."),
    "demo": ("records", "Write the synthetic demo force's extracts and national figures, and load them."),
    "report": (
        "report",
        "Write the PEEL report for a force: grades, summary, findings, figures and where every number comes from.",
    ),
    "watch": ("watch", "Load new files from a folder as they arrive and show which of a force's figures moved."),
    "audit": ("audit", "Inspection audits: load case-level answers and count results."),
    "evidence": ("evidence", "Estimate a proportion from a sample, or compare two samples."),
    "findings": ("judgement", "Check inspection (findings) files."),
    "framework": ("judgement", "Look at an assessment framework."),
    "records": ("records", "The schemas of a force's own record extracts."),
    "serve": ("web", "Serve the national and force dashboard and its JSON API (open http://HOST:PORT/ in a browser)."),
    "users": ("web", "Accounts of the web service (kept beside the store)."),
    "publish": ("web", "Publish a report written by `openpeel report`: it is listed on the force's reports page."),
    "alerts": (
        "web",
        "A force's alerts over the last year: figures that left or re-entered the typical range,"
        " crossed a standard, or began to change significantly; newest first.",
    ),
    "survey": ("survey", "Workforce surveys: load returns and report agreement by statement."),
}
NOT_COMMANDS = ("common", "progress", "reference")  # modules of this package that register no command


class LazyGroup(CommandGroup):
    """The root group: a command's module is imported when the command is used, not before.

    While the root's own help is written, commands not yet imported stand in as their summaries.
    """

    _listing = False

    def list_commands(self, ctx: typer.Context) -> list[str]:
        return list(COMMANDS) + [name for name in self.commands if name not in COMMANDS]

    def get_command(self, ctx: typer.Context, name: str):
        if name not in self.commands and name in COMMANDS:
            if self._listing:
                summary = COMMANDS[name][1]
                return TyperCommand(name, help=summary, short_help=summary)
            self.load(COMMANDS[name][0])
        return super().get_command(ctx, name)

    def load(self, module: str) -> None:
        """Import one command module and add the commands it registers."""
        commands = typer.Typer()
        importlib.import_module(f"{__name__}.{module}").register(commands)
        for name, command in typer.main.get_group(commands).commands.items():
            self.add_command(command, name)

    def load_all(self) -> None:
        for module in dict.fromkeys(module for module, _ in COMMANDS.values()):
            self.load(module)

    def format_help(self, ctx: typer.Context, formatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="openpeel",
    cls=LazyGroup,
    help="Assess how well a police force works, from published and force data (PEEL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Optional[Path],
        typer.Option("--db", envvar="OPENPEEL_DB", help="DuckDB store file (default ./openpeel.duckdb)."),
    ] = None,
) -> None:
    ctx.obj = State(db=db)


def command_group() -> LazyGroup:
    """The click group behind ``openpeel`` with every command loaded (for the CLI reference)."""
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    group.load_all()
    return group


def main() -> None:
    app()
