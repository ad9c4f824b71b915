"""`agency-registry`: database, server, demo and company files."""

from __future__ import annotations

import typer

from cli import (
    accounts,
    audit,
    blacklist,
    chain,
    companies,
    db,
    demo,
    intake,
    jobs,
    matching,
    reports,
    risk,
    serve,
)

app = typer.Typer(
    help="Registry of recruitment agencies (Kuwait).", no_args_is_help=True, pretty_exceptions_enable=False
)
app.add_typer(db.app, name="db")
app.add_typer(companies.app, name="companies")
app.add_typer(intake.complaints_app, name="complaints")
app.add_typer(intake.inspections_app, name="inspections")
app.add_typer(intake.imports_app, name="imports")
app.command("serve")(serve.serve)
app.command("demo")(demo.demo)
app.command("match")(matching.match)
app.command("compare-names")(matching.compare_names)
app.add_typer(matching.review_app, name="review")
app.command("score")(risk.score)
app.add_typer(risk.model_app, name="model")
app.add_typer(blacklist.blacklist_app, name="blacklist")
app.add_typer(accounts.users_app, name="users")
app.add_typer(accounts.keys_app, name="apikeys")
app.add_typer(audit.audit_app, name="audit")
app.add_typer(jobs.jobs_app, name="jobs")
app.add_typer(reports.report_app, name="report")
app.add_typer(chain.agencies_app, name="agencies")
app.add_typer(chain.partnerships_app, name="partnerships")
app.add_typer(chain.courts_app, name="courts")
app.add_typer(chain.export_app, name="export")


if __name__ == "__main__":
    app()
