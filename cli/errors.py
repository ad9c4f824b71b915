"""How the command line reports a domain error: its detail on stderr, exit status 1."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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
