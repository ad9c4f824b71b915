"""`agency-registry`: database, server, demo and company files."""

from __future__ import annotations

import typer

from cli import companies, db, demo, serve

app = typer.Typer(
    help="Registry of recruitment agencies (Kuwait).", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(db.app, name="db")
app.add_typer(companies.app, name="companies")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)


if __name__ == "__main__":
    app()
