"""Settings from the environment, and the secrets the registry needs to run."""

from __future__ import annotations

import base64
import json
import os
import tempfile
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from registry.errors import ConfigurationError

# Values that appear in documentation or examples; production refuses them.
KNOWN_DEFAULT_SECRETS = frozenset({"", "changeme", "change-me", "secret", "default", "test"})


class Mode(StrEnum):
    """How strictly the registry treats its configuration."""

    DEMO = "demo"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every setting, read from the environment (or a .env file)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(default="sqlite:///./data/registry.db")
    mode: Mode = Field(default=Mode.DEMO, alias="REGISTRY_MODE")
    data_dir: Path = Field(default=Path("./data"), alias="REGISTRY_DATA_DIR")
    field_encryption_keys: str = Field(default="", alias="FIELD_ENCRYPTION_KEYS")
    signing_key: str = Field(default="", alias="PUBLICATION_SIGNING_KEY")
    db_pool_size: int = Field(default=10, alias="DB_POOL_SIZE")
    db_max_overflow: int = Field(default=10, alias="DB_MAX_OVERFLOW")
    db_client_check_ms: int = Field(default=5000, ge=0, alias="DB_CLIENT_CHECK_MS")
    sql_echo: bool = Field(default=False, alias="SQL_ECHO")
    page_size_max: int = Field(default=200, alias="PAGE_SIZE_MAX")
    public_reports_per_hour: int = Field(default=10, ge=1, alias="PUBLIC_REPORTS_PER_HOUR")
    public_lookups_per_minute: int = Field(default=60, ge=1, alias="PUBLIC_LOOKUPS_PER_MINUTE")
    public_searches_per_minute: int = Field(default=30, ge=1, alias="PUBLIC_SEARCHES_PER_MINUTE")
    public_hotline: str = Field(default="", max_length=40, alias="PUBLIC_HOTLINE")
    public_default_language: str = Field(default="ar", alias="PUBLIC_DEFAULT_LANGUAGE")
    # Build the name index when an API process starts, so the first search does not wait for it
    # (about 14 s at 50,000 companies).
    name_index_at_start: bool = Field(default=True, alias="NAME_INDEX_AT_START")
    # The public lookup reads the name change log at most this often (a round trip less per search).
    public_index_max_age_seconds: float = Field(
        default=1.0, ge=0, le=60, alias="PUBLIC_INDEX_MAX_AGE_SECONDS"
    )
    public_lookup_cache_seconds: float = Field(default=30, ge=0, le=3600, alias="PUBLIC_LOOKUP_CACHE_SECONDS")
    # How old the public lookup's in-memory copy of every company's standing may grow before it is read
    # again (registry/services/public_snapshot.py); 0: every search reads the database.
    public_standing_max_age_seconds: float = Field(
        default=30, ge=0, le=3600, alias="PUBLIC_STANDING_MAX_AGE_SECONDS"
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1024, alias="MAX_BODY_BYTES")
    model_dir: Path = Field(default=Path("./data/models"), alias="MODEL_DIR")
    publication_dir: Path = Field(default=Path("./data/publications"), alias="PUBLICATION_DIR")
    max_upload_bytes: int = Field(default=200_000_000, ge=1024, alias="MAX_UPLOAD_BYTES")
    match_threshold: float = Field(default=0.88, ge=0, le=1, alias="MATCH_THRESHOLD")
    # Below it a mention goes to `none`, kept with its candidates in the unmatched list; at 0.60 the
    # review queue filled with other businesses of a registered owner (registry/matching/README.md).
    review_threshold: float = Field(default=0.75, ge=0, le=1, alias="REVIEW_THRESHOLD")
    # The public page offers names scoring this much as "similar": a worker's spelling is looser than
    # what an inspector's queue should hold.
    public_similar_threshold: float = Field(default=0.6, ge=0, le=1, alias="PUBLIC_SIMILAR_THRESHOLD")
    # Foreign agencies' names come in scripts transliterated less surely (एभरेस्ट for "Everest", 0.63),
    # and a country has a few hundred agencies: a person sees more of them.
    agency_review_threshold: float = Field(default=0.6, ge=0, le=1, alias="AGENCY_REVIEW_THRESHOLD")
    match_margin: float = Field(default=0.12, ge=0, le=1, alias="MATCH_MARGIN")
    cors_allow_origins: str = Field(default="", alias="CORS_ALLOW_ORIGINS")
    # Scheduled jobs (issue 8): a leader renews its lease every heartbeat; a standby takes over once the
    # lease has expired, so failover takes at most lease + heartbeat (75 s by default; the need is 120 s).
    jobs_lease_seconds: float = Field(default=60.0, gt=0, alias="JOBS_LEASE_SECONDS")
    jobs_heartbeat_seconds: float = Field(default=15.0, gt=0, alias="JOBS_HEARTBEAT_SECONDS")
    jobs_max_attempts: int = Field(default=3, ge=1, alias="JOBS_MAX_ATTEMPTS")
    jobs_schedule: str = Field(default="", alias="JOBS_SCHEDULE")
    jobs_enabled: str = Field(default="", alias="JOBS_ENABLED")
    report_dir: Path = Field(default=Path("./data/reports"), alias="REPORT_DIR")
    chromium: str = Field(default="/usr/bin/chromium", alias="CHROMIUM")

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> Settings:
        """Refuse review thresholds above the match threshold at start, not at the first match."""
        for name, value in (
            ("REVIEW_THRESHOLD", self.review_threshold),
            ("AGENCY_REVIEW_THRESHOLD", self.agency_review_threshold),
        ):
            if value > self.match_threshold:
                raise ValueError(f"{name} ({value}) must not exceed MATCH_THRESHOLD ({self.match_threshold})")
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the embedded SQLite store is configured."""
        return self.database_url.startswith("sqlite")

    @property
    def cors_origins(self) -> list[str]:
        """Origins whose pages may call the API from a browser; none unless configured."""
        return [origin.strip() for origin in self.cors_allow_origins.split(",") if origin.strip()]


@dataclass(frozen=True)
class Secrets:
    """Keys the registry works with: Fernet keys (newest first) and the Ed25519 signing key."""

    field_encryption_keys: tuple[str, ...]
    signing_key: Ed25519PrivateKey

    def public_key_pem(self) -> bytes:
        """The publication public key, PEM-encoded, safe to publish."""
        return self.signing_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()


def load_secrets(settings: Settings) -> Secrets:
    """Secrets from the environment; in demo mode missing ones are generated once and kept."""
    enc, sig = settings.field_encryption_keys.strip(), settings.signing_key.strip()
    if settings.mode is Mode.PRODUCTION:
        _refuse_defaults(enc, sig)
    else:
        stored = _demo_secrets(settings.data_dir)
        enc, sig = enc or stored["field_encryption_keys"], sig or stored["signing_key"]
    return Secrets(_parse_fernet_keys(enc), _parse_signing_key(sig))


def _refuse_defaults(enc: str, sig: str) -> None:
    for name, value in (("FIELD_ENCRYPTION_KEYS", enc), ("PUBLICATION_SIGNING_KEY", sig)):
        if value.lower() in KNOWN_DEFAULT_SECRETS:
            raise ConfigurationError(
                f"{name} is missing or a known default; production mode refuses to start"
            )


def _demo_secrets(data_dir: Path) -> dict[str, str]:
    path = data_dir / "secrets.json"
    if path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    raw_key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    fresh = {
        "field_encryption_keys": Fernet.generate_key().decode(),
        "signing_key": base64.b64encode(raw_key).decode(),
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    # Written whole to a private temporary file (mode 0600), then linked into place: the link fails if
    # another process starting together got there first, so both use one set of keys, and no process
    # ever reads a file the other is still writing (an empty file created first, then filled, was).
    with tempfile.NamedTemporaryFile("w", dir=data_dir, prefix=".secrets-", delete=False) as handle:
        json.dump(fresh, handle)
    try:
        os.link(handle.name, path)
    except FileExistsError:
        return _demo_secrets(data_dir)
    finally:
        os.unlink(handle.name)
    return fresh


def _parse_fernet_keys(value: str) -> tuple[str, ...]:
    keys = tuple(part.strip() for part in value.split(",") if part.strip())
    try:
        for key in keys:
            Fernet(key)
    except ValueError as exc:
        raise ConfigurationError("FIELD_ENCRYPTION_KEYS holds a key that is not a Fernet key") from exc
    return keys


def _parse_signing_key(value: str) -> Ed25519PrivateKey:
    try:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(value, validate=True))
    except ValueError as exc:
        raise ConfigurationError("PUBLICATION_SIGNING_KEY must be a base64 raw Ed25519 private key") from exc
