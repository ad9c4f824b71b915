"""Users and API keys: a token is shown once and stored only as its hash; expiry, revocation, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import text
from sqlmodel import Session

from registry.access import RULES, Action, Principal, Protected, Role, may_read, permits
from registry.errors import Conflict, InvalidInput
from registry.models.types import utcnow
from registry.schemas.account import KeyIn, UserIn
from registry.services import accounts
from tests.conftest import both_backends

NOW = utcnow()


def _user(session: Session, username: str = "fatima.alenezi", role: Role = Role.INSPECTOR) -> None:
    accounts.create_user(session, data=UserIn(username=username, role=role), actor="admin", now=NOW)


@both_backends
def test_a_token_is_stored_only_as_its_hash(session: Session) -> None:
    _user(session)
    issued = accounts.issue_key(
        session, data=KeyIn(name="laptop", username="fatima.alenezi"), actor="a", now=NOW
    )
    assert issued.token.startswith("ar_") and len(issued.token) == 46 and issued.acts_as == "fatima.alenezi"
    session.flush()
    stored = session.execute(text("SELECT * FROM api_key")).all()
    assert all(issued.token not in str(value) for row in stored for value in row)
    assert any(accounts.token_hash(issued.token) in row for row in stored)
    found = accounts.authenticate(session, token=issued.token, now=NOW)
    assert found.problem is None and found.principal == Principal("fatima.alenezi", Role.INSPECTOR, issued.id)


@both_backends
def test_expired_revoked_disabled_unknown_and_malformed_tokens_are_refused(session: Session) -> None:
    _user(session)
    key = KeyIn(name="k", username="fatima.alenezi", expires_in_days=1)
    issued = accounts.issue_key(session, data=key, actor="a", now=NOW)
    assert accounts.authenticate(session, token=issued.token, now=NOW + timedelta(hours=23)).problem is None
    expired = accounts.authenticate(session, token=issued.token, now=NOW + timedelta(days=1))
    assert expired.problem == "the bearer token has expired" and expired.principal is not None
    accounts.revoke_key(session, key_id=issued.id, actor="a", now=NOW)
    assert (
        accounts.authenticate(session, token=issued.token, now=NOW).problem == "the bearer token was revoked"
    )
    other = accounts.issue_key(session, data=KeyIn(name="k2", username="fatima.alenezi"), actor="a", now=NOW)
    user = accounts.get_user(session, username="fatima.alenezi")
    accounts.disable_user(session, user_id=user.id or 0, actor="a", now=NOW)
    assert accounts.authenticate(session, token=other.token, now=NOW).problem is not None
    unknown = accounts.authenticate(session, token=accounts.new_token(), now=NOW)
    assert unknown.principal is None and unknown.problem == "the bearer token is not valid"
    for malformed in ("", "ar_short", "Bearer x", accounts.new_token() + "x", "ar_" + "é" * 43):
        assert (
            accounts.authenticate(session, token=malformed, now=NOW).problem
            == "the bearer token is malformed"
        )


def test_keys_carry_the_right_role(session: Session) -> None:
    _user(session, "pam.huda", Role.PAM_OFFICER)
    service = accounts.issue_key(
        session, data=KeyIn(name="PAM gateway", role=Role.PAM_OFFICER), actor="a", now=NOW
    )
    assert service.acts_as == "key:PAM gateway" and service.role is Role.PAM_OFFICER
    with pytest.raises(InvalidInput, match="needs a role"):
        accounts.issue_key(session, data=KeyIn(name="no role"), actor="a", now=NOW)
    with pytest.raises(InvalidInput, match="has the role pam_officer"):
        accounts.issue_key(
            session, data=KeyIn(name="x", username="pam.huda", role=Role.ADMIN), actor="a", now=NOW
        )
    with pytest.raises(Conflict):
        _user(session, "pam.huda")
    with pytest.raises(ValidationError):
        KeyIn(name="public", role=Role.PUBLIC)
    with pytest.raises(ValidationError):
        KeyIn(name="forever", role=Role.ADMIN, expires_in_days=10_000)


def test_tokens_do_not_repeat() -> None:
    tokens = {accounts.new_token() for _ in range(2000)}
    assert len(tokens) == 2000 and len({accounts.token_hash(t) for t in tokens}) == 2000


_NAMES = st.sampled_from(["insp.1", "insp.2", "prosecutor.1", "someone"])


@given(st.sampled_from(list(Role)), _NAMES, st.none() | _NAMES)
def test_only_investigators_and_the_assigned_inspector_see_identities(
    role: Role, name: str, assigned: str | None
) -> None:
    principal = Principal(name, role)
    sees = may_read(principal, Protected.COMPLAINANT_IDENTITY, assigned_inspector=assigned)
    assert sees == (role is Role.INVESTIGATOR or (role is Role.INSPECTOR and assigned == name))
    narrative = may_read(principal, Protected.NARRATIVE, assigned_inspector=assigned)
    assert narrative == (role in {Role.INSPECTOR, Role.INVESTIGATOR, Role.COMMITTEE, Role.ADMIN})


@given(st.sampled_from(list(Role)), st.sampled_from(list(Action)))
def test_the_public_does_only_public_things_and_admins_everything(role: Role, action: Action) -> None:
    if role is Role.ADMIN:
        assert permits(role, action)
    if role is Role.PUBLIC:
        assert permits(role, action) == RULES[action].public
    if RULES[action].public:
        assert permits(role, action)
