"""`agency-registry users ...` and `apikeys ...`: accounts and bearer tokens, each change audited."""

from __future__ import annotations

import getpass
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer
from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from cli.errors import domain_errors
from registry.access import Action, Role
from registry.database import session_scope
from registry.models.types import utcnow
from registry.repositories import accounts as account_repo
from registry.schemas.account import MAX_KEY_DAYS, IssuedKey, KeyIn, UserIn
from registry.services import accounts, audit
from registry.services.audit import AuditEntry, Outcome

users_app = typer.Typer(help="People who use the registry, each with a role.", no_args_is_help=True)
keys_app = typer.Typer(help="Bearer tokens (API keys): issue, list, revoke.", no_args_is_help=True)

_DAYS = typer.Option(90, min=1, max=MAX_KEY_DAYS, help="Days until the token expires.")
Model = TypeVar("Model", bound=BaseModel)


def operator() -> str:
    """The name CLI changes are recorded under: whoever runs the command on the server."""
    return f"cli:{getpass.getuser()}"


@users_app.command("create")
def create_user(
    username: str = typer.Argument(..., help="Lowercase login name, e.g. fatima.alenezi."),
    role: Role = typer.Option(..., help="inspector, investigator, pam_officer, committee or admin."),
    full_name: str | None = typer.Option(None, help="Shown to admins."),
    token: bool = typer.Option(True, help="Also issue the user's first token (printed once)."),
    expires_in_days: int = _DAYS,
) -> None:
    """Add a user and (by default) print their first token, once: it is not kept anywhere."""
    data = _valid(UserIn, username=username, role=role, full_name=full_name)
    first = _valid(
        KeyIn, name=f"first token of {username}", username=username, expires_in_days=expires_in_days
    )
    with _unit_of_work() as session:
        user = accounts.create_user(session, data=data, actor=operator(), now=utcnow())
        _audit(session, "user", str(user.id), username=username, role=role.value)
        issued = _issue(session, first) if token else None
    typer.echo(f"user {user.username} ({user.role}) created")
    if issued is not None:
        _show(issued)


@users_app.command("list")
def list_users() -> None:
    """Every user, with role and state."""
    with _unit_of_work() as session:
        for user in accounts.users_view(session):
            state = f"disabled {user.disabled_at:%Y-%m-%d}" if user.disabled_at else "active"
            typer.echo(f"{user.username}\t{user.role}\t{state}\t{user.full_name or ''}")


@users_app.command("disable")
def disable_user(username: str = typer.Argument(...)) -> None:
    """Stop a user and revoke every key of theirs (the record stays)."""
    with _unit_of_work() as session:
        user = accounts.get_user(session, username=username)
        accounts.disable_user(session, user_id=user.id or 0, actor=operator(), now=utcnow())
        _audit(session, "user", str(user.id), username=username, change="disabled")
    typer.echo(f"user {username} disabled; their keys are revoked")


@keys_app.command("create")
def create_key(
    role: Role | None = typer.Option(None, help="The key's role (a user's key takes the user's role)."),
    name: str = typer.Option(..., help="What the key is for, e.g. 'PAM visa gateway'."),
    user: str | None = typer.Option(None, help="Act as this user instead of as a service."),
    expires_in_days: int = _DAYS,
) -> None:
    """Issue a key and print its token once: only a hash of it is kept."""
    data = _valid(KeyIn, name=name, role=role, username=user, expires_in_days=expires_in_days)
    with _unit_of_work() as session:
        issued = _issue(session, data)
    _show(issued)


@keys_app.command("list")
def list_keys(show_revoked: bool = typer.Option(False, "--all", help="Include revoked keys.")) -> None:
    """Keys with id, role, owner and expiry (tokens are not kept, so never shown)."""
    with _unit_of_work() as session:
        for key in accounts.keys_view(session, include_revoked=show_revoked):
            state = (
                f"revoked {key.revoked_at:%Y-%m-%d}"
                if key.revoked_at
                else f"expires {key.expires_at:%Y-%m-%d}"
            )
            owner = f"user {key.user_id}" if key.user_id else "service"
            typer.echo(f"{key.id}\t{key.role}\t{owner}\t{state}\t{key.name}")


@keys_app.command("revoke")
def revoke_key(key_id: int = typer.Argument(..., help="The id `apikeys list` shows.")) -> None:
    """Make a key stop working at once."""
    with _unit_of_work() as session:
        accounts.revoke_key(session, key_id=key_id, actor=operator(), now=utcnow())
        _audit(session, "key", str(key_id), change="revoked")
    typer.echo(f"key {key_id} revoked")


def issue_demo_tokens(data_dir: Path) -> Path:
    """One demo user per role with a fresh 30-day token (older ones revoked), written to a 0600 file."""
    tokens: dict[str, dict[str, str]] = {}
    with _unit_of_work() as session:
        for role in sorted(set(Role) - {Role.PUBLIC}):
            username = f"demo.{role.value.replace('_', '-')}"
            found = account_repo.user_by_name(session, username)
            if found is None:
                found = accounts.create_user(
                    session, data=UserIn(username=username, role=role), actor=operator(), now=utcnow()
                )
                _audit(session, "user", str(found.id), username=username, role=role.value)
            for key in account_repo.live_keys_of(session, found.id or 0):
                accounts.revoke_key(session, key_id=key.id or 0, actor=operator(), now=utcnow())
                _audit(session, "key", str(key.id), change="revoked")
            issued = _issue(
                session, KeyIn(name=f"demo token of {username}", username=username, expires_in_days=30)
            )
            tokens[role.value] = {"user": username, "token": issued.token}
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "demo-tokens.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an older file may have been made with wider rights
    with os.fdopen(fd, "w") as handle:
        json.dump(tokens, handle, indent=2)
    return path


def _issue(session: Session, data: KeyIn) -> IssuedKey:
    issued = accounts.issue_key(session, data=data, actor=operator(), now=utcnow())
    _audit(session, "key", str(issued.id), role=issued.role.value, acts_as=issued.acts_as)
    return issued


def _show(issued: IssuedKey) -> None:
    typer.echo(
        f"key {issued.id} ({issued.role}, acts as {issued.acts_as}), expires {issued.expires_at:%Y-%m-%d}"
    )
    typer.echo("token (shown this once; send it as 'Authorization: Bearer <token>'):", err=True)
    typer.echo(issued.token)


def _audit(session: Session, object_type: str, object_id: str, **detail: Any) -> None:
    entry = AuditEntry(
        actor=operator(),
        role=Role.ADMIN.value,
        action=Action.ACCOUNTS_WRITE.value,
        outcome=Outcome.OK,
        object_type=object_type,
        object_id=object_id,
        detail=detail,
    )
    audit.append(session, entry=entry, now=utcnow())


def _valid(model: type[Model], **values: Any) -> Model:
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        typer.echo(f"error: {problems}", err=True)
        raise typer.Exit(2) from exc


@contextmanager
def _unit_of_work() -> Iterator[Session]:
    with domain_errors(), session_scope() as session:
        yield session
