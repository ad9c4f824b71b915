"""Field encryption at rest (Fernet, with MultiFernet for key rotation)."""

from __future__ import annotations

import logging
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from registry.errors import ConfigurationError, KeyUnavailable
from registry.settings import get_settings, load_secrets

log = logging.getLogger("registry.crypto")

UNREADABLE = (
    "a stored field was encrypted with a key missing from FIELD_ENCRYPTION_KEYS; "
    "an administrator must add that key back (after the primary one)"
)


class FieldCipher:
    """Encrypts and decrypts single fields; the first key encrypts, every key decrypts."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        if not keys:
            raise ConfigurationError("no field-encryption key configured")
        self._primary = Fernet(keys[0])
        self._fernet = MultiFernet([self._primary, *(Fernet(k) for k in keys[1:])])

    def encrypt(self, value: str | None) -> str | None:
        """The token for VALUE, or None for None."""
        return None if value is None else self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str | None) -> str | None:
        """The clear text of TOKEN; KeyUnavailable (503) when no configured key opens it."""
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            # The API answers 503 without a traceback, so the operator learns of it here.
            log.error("field decryption failed: %s", UNREADABLE)
            raise KeyUnavailable(UNREADABLE) from exc

    def is_current(self, token: str) -> bool:
        """Whether TOKEN is already encrypted under the primary (first) key."""
        try:
            self._primary.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str | None) -> str | None:
        """TOKEN re-encrypted under the primary key; KeyUnavailable when no configured key opens it."""
        if token is None:
            return None
        try:
            return self._fernet.rotate(token.encode()).decode()
        except InvalidToken as exc:
            raise KeyUnavailable(UNREADABLE) from exc


@lru_cache
def field_cipher() -> FieldCipher:
    """The process-wide cipher built from the configured keys."""
    return FieldCipher(load_secrets(get_settings()).field_encryption_keys)
