"""Bounds of the ids a command takes: a number the database cannot hold is a usage error, not a crash."""

from __future__ import annotations

from typing import Any

import typer

# Ids are PostgreSQL integers; SQLite's driver cannot even bind a number past 64 bits.
MAX_ID = 2**31 - 1


def id_argument(help: str) -> Any:
    """A required positional id from 1 to MAX_ID (typer answers anything else with exit status 2)."""
    return typer.Argument(..., min=1, max=MAX_ID, help=help)


def id_option(*names: str, help: str) -> Any:
    """A required id option from 1 to MAX_ID."""
    return typer.Option(..., *names, min=1, max=MAX_ID, help=help)
