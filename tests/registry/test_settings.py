from __future__ import annotations

import base64
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.errors import ConfigurationError
from registry.settings import Mode, Settings, load_secrets


def _signing_key() -> str:
    raw = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return base64.b64encode(raw).decode()


def _settings(tmp_path: Path, **values: str) -> Settings:
    return Settings(REGISTRY_DATA_DIR=tmp_path, **values)  # type: ignore[call-arg]


def test_default_database_is_the_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Settings(_env_file=None).database_url == "sqlite:///./data/registry.db"  # type: ignore[call-arg]


def test_postgres_url_is_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert not settings.is_sqlite


def _fernet_keys_in(folder: Path) -> tuple[str, ...]:
    return load_secrets(_settings(folder)).field_encryption_keys


def test_processes_starting_together_share_one_set_of_demo_secrets(tmp_path: Path) -> None:
    # Two jobs processes started at once: one read the secrets file the other had created but not yet
    # filled, and stopped on a JSON error.
    for attempt in range(20):
        folder = tmp_path / str(attempt)
        with ThreadPoolExecutor(max_workers=8) as pool:
            keys = set(pool.map(_fernet_keys_in, [folder] * 8))
        assert len(keys) == 1
        assert [p.name for p in folder.iterdir()] == ["secrets.json"]


def test_demo_mode_generates_secrets_once_and_reuses_them(tmp_path: Path) -> None:
    first = load_secrets(_settings(tmp_path))
    second = load_secrets(_settings(tmp_path))
    assert first.field_encryption_keys == second.field_encryption_keys
    assert first.public_key_pem() == second.public_key_pem()
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("enc, sig", [("", ""), ("changeme", "x"), ("k", "secret")])
def test_production_refuses_missing_or_default_secrets(tmp_path: Path, enc: str, sig: str) -> None:
    settings = _settings(
        tmp_path, REGISTRY_MODE="production", FIELD_ENCRYPTION_KEYS=enc, PUBLICATION_SIGNING_KEY=sig
    )
    with pytest.raises(ConfigurationError):
        load_secrets(settings)
    assert not (tmp_path / "secrets.json").exists()


def test_production_accepts_real_secrets_and_several_fernet_keys(tmp_path: Path) -> None:
    keys = f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}"
    settings = _settings(
        tmp_path,
        REGISTRY_MODE="production",
        FIELD_ENCRYPTION_KEYS=keys,
        PUBLICATION_SIGNING_KEY=_signing_key(),
    )
    secrets = load_secrets(settings)
    assert settings.mode is Mode.PRODUCTION
    assert len(secrets.field_encryption_keys) == 2


def test_a_malformed_fernet_key_is_refused(tmp_path: Path) -> None:
    settings = _settings(
        tmp_path,
        REGISTRY_MODE="production",
        FIELD_ENCRYPTION_KEYS="not-a-fernet-key",
        PUBLICATION_SIGNING_KEY=_signing_key(),
    )
    with pytest.raises(ConfigurationError, match="Fernet"):
        load_secrets(settings)


@pytest.mark.parametrize("setting", ["REVIEW_THRESHOLD", "AGENCY_REVIEW_THRESHOLD"])
def test_a_review_threshold_above_the_match_threshold_is_refused_at_start(
    tmp_path: Path, setting: str
) -> None:
    with pytest.raises(ValueError, match=setting):
        _settings(tmp_path, MATCH_THRESHOLD="0.7", **{"REVIEW_THRESHOLD": "0.6", setting: "0.72"})
    assert _settings(tmp_path, MATCH_THRESHOLD="0.7", REVIEW_THRESHOLD="0.65").review_threshold == 0.65
