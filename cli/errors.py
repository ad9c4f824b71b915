"""How the command line reports errors: a domain error exits 1, input the user got wrong exits 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer

from registry.errors import DomainError


@contextmanager
def domain_errors() -> Iterator[None]:
    """Turn a DomainError raised in the block into `error: DETAIL` and exit status 1."""
    try:
        yield
    except DomainError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from exc


def refuse(message: str) -> NoReturn:
    """Report MESSAGE as `error: …` and stop with exit status 2 (the user's input is at fault)."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)
