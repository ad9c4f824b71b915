from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection
from typer.testing import CliRunner

from cli import blacklist
from cli.main import app
from registry.database import session_scope
from registry.models.types import utcnow
from registry.settings import Secrets
from tests.blacklist_support import listed, make_company

KEY = Ed25519PrivateKey.generate()
runner = CliRunner()


@pytest.fixture(autouse=True)
def _secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = Secrets((Fernet.generate_key().decode(),), KEY)
    monkeypatch.setattr(blacklist, "load_secrets", lambda _settings: secrets)


def _listed_company() -> None:
    with session_scope() as session:
        listed(session, make_company(session).id or 0, start=utcnow() - timedelta(days=40))


def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "public.pem"
    path.write_bytes(Secrets((), KEY).public_key_pem())
    return path


def test_publish_then_verify_and_detect_tampering(connection: Connection, tmp_path: Path) -> None:
    _listed_company()
    out = tmp_path / "publications"
    published = runner.invoke(app, ["blacklist", "publish", "--out", str(out), "--actor", "publisher"])
    assert published.exit_code == 0, published.output
    assert "published version 1: 1 listings (added 1, removed 0, changed 0)" in published.output
    folder = out / "v000001"
    verified = runner.invoke(
        app, ["blacklist", "verify", str(folder), "--public-key", str(_key_file(tmp_path))]
    )
    assert verified.exit_code == 0 and "OK: version 1" in verified.output
    assert runner.invoke(app, ["blacklist", "verify", str(folder)]).exit_code == 0
    target = folder / "blacklist.csv"
    target.chmod(0o644)
    target.write_bytes(target.read_bytes().replace(b"Retention", b"Retentiom"))
    tampered = runner.invoke(app, ["blacklist", "verify", str(folder)])
    assert tampered.exit_code == 1 and "TAMPERED: blacklist.csv was changed" in tampered.output
    again = runner.invoke(app, ["blacklist", "publish", "--out", str(out)])
    assert again.exit_code == 0 and "published version 2: 1 listings (added 0" in again.output


def test_verify_refuses_a_file_that_is_not_a_key(connection: Connection, tmp_path: Path) -> None:
    bogus = tmp_path / "key.pem"
    bogus.write_text("not a key")
    result = runner.invoke(app, ["blacklist", "verify", str(tmp_path), "--public-key", str(bogus)])
    assert result.exit_code == 2 and "does not hold an Ed25519 public key" in result.output


def test_expire(connection: Connection) -> None:
    _listed_company()
    assert "expired 0 listing(s)" in runner.invoke(app, ["blacklist", "expire"]).output
    later = (utcnow() + timedelta(days=3 * 365)).date().isoformat()
    result = runner.invoke(app, ["blacklist", "expire", "--today", later])
    assert result.exit_code == 0 and "expired 1 listing(s); 0 response deadline(s) passed" in result.output
