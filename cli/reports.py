"""`agency-registry report ...`: the committee's annual report and the research export."""

from __future__ import annotations

import typer

report_app = typer.Typer(help="Reports for the national committee.", no_args_is_help=True)
