"""``openpeel serve`` (the dashboard and API), ``users``, ``publish`` and ``alerts``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel import forces
from openpeel.cli.common import Format, console, emit, store_of


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        ctx: typer.Context,
        host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
        threshold: Annotated[
            int,
            typer.Option(
                "--disclosure-threshold",
                envvar="OPENPEEL_DISCLOSURE_THRESHOLD",
                help="Counts below this are hidden from the public.",
            ),
        ] = 5,
        secure_cookies: Annotated[
            bool, typer.Option("--secure-cookies", help="Send the session cookie over HTTPS only (behind a TLS proxy).")
        ] = False,
    ) -> None:
        """Serve the national and force dashboard and its JSON API (open http://HOST:PORT/ in a browser)."""
        import uvicorn

        from openpeel.settings import load
        from openpeel.web.app import create_app

        store = store_of(ctx)
        web = create_app(store.path, threshold=threshold, secure_cookies=secure_cookies, settings=load().comparison)
        console.print(
            f"openpeel serving {escape(str(store.path))} at http://{host}:{port}/ (Ctrl+C stops it)", highlight=False
        )
        uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)

    users = typer.Typer(help="Accounts of the web service (kept beside the store).", no_args_is_help=True)
    app.add_typer(users, name="users")

    @users.command("add")
    def users_add(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="Account name (letters, digits, . _ @ -).")],
        role: Annotated[str, typer.Option(help="force, inspector or admin.")],
        force: Annotated[
            Optional[str], typer.Option(help="For a force account: the force whose figures it sees.")
        ] = None,
        password: Annotated[
            str,
            typer.Option(
                prompt=True,
                hide_input=True,
                confirmation_prompt=True,
                envvar="OPENPEEL_NEW_PASSWORD",
                help="Asked for when not given (at least 12 characters).",
            ),
        ] = "",
    ) -> None:
        """Add an account; the password is asked for twice and kept as an argon2 hash."""
        from openpeel.web.state import WebState

        state = WebState.beside(store_of(ctx).path)
        account = state.add_account(name, role, password, force)
        state.record("account added", detail=f"{account.name} ({account.role.value}) from the command line")
        console.print(
            f"account {escape(account.name)} added ({account.role.value}"
            f"{', ' + escape(account.force_id) if account.force_id else ''})",
            highlight=False,
        )

    @users.command("list")
    def users_list(
        ctx: typer.Context,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """List the accounts: name, role, force and when each was made."""
        from openpeel.web.state import WebState

        state = WebState.beside(store_of(ctx).path)
        emit(
            [
                {"name": a.name, "role": a.role.value, "force": a.force_id, "created": a.created_at}
                for a in state.accounts()
            ],
            fmt,
            columns=["name", "role", "force", "created"],
        )

    @app.command()
    def publish(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force the report is about.")],
        source: Annotated[
            Path, typer.Option("--from", help="Folder that openpeel report wrote (report.html, report.pdf).")
        ],
        title: Annotated[
            Optional[str], typer.Option(help="Title to list it under (default: the report's own).")
        ] = None,
    ) -> None:
        """Publish a report written by `openpeel report`: it is listed on the force's reports page."""
        from openpeel.web.app import reports_dir
        from openpeel.web.publish import publish as publish_report
        from openpeel.web.state import WebState

        store = store_of(ctx)
        state = WebState.beside(store.path)
        published = publish_report(state, reports_dir(store.path), forces.lookup(force).id, source, title=title)
        state.record(
            "report published", force_id=published.force_id, detail=f"version {published.version} from the command line"
        )
        console.print(
            f"published {escape(published.title)} as version {published.version} for {published.force_id}",
            highlight=False,
        )

    @app.command()
    def alerts(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name.")],
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """A force's alerts over the last year: figures that left or re-entered the typical range,
        crossed a standard, or began to change significantly; newest first."""
        from openpeel.cli.common import assessor_of
        from openpeel.web import data

        force_id = forces.lookup(force).id
        assessor = assessor_of(ctx)
        found = data.alerts(data.Query(assessor), force_id)
        emit(
            found,
            fmt,
            columns=["date", "title", "indicator", "text"] if fmt is Format.table else None,
            title=f"Alerts: {forces.get(force_id).name}",
            data=found,
        )
