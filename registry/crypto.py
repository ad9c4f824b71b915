"""Field encryption at rest (Fernet, with MultiFernet for key rotation)."""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from registry.errors import ConfigurationError
from registry.settings import get_settings, load_secrets


class FieldCipher:
    """Encrypts and decrypts single fields; the first key encrypts, every key decrypts."""

    def __init__(self, keys: tuple[str, ...]) -> None:
        if not keys:
            raise ConfigurationError("no field-encryption key configured")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    def encrypt(self, value: str | None) -> str | None:
        """The token for VALUE, or None for None."""
        return None if value is None else self._fernet.encrypt(value.encode()).decode()

    def decrypt(self, token: str | None) -> str | None:
        """The clear text of TOKEN; a token no configured key opens is a configuration error."""
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise ConfigurationError("a stored field cannot be decrypted with the configured keys") from exc

    def rotate(self, token: str | None) -> str | None:
        """TOKEN re-encrypted under the newest key (after a new key was put first)."""
        return None if token is None else self._fernet.rotate(token.encode()).decode()


@lru_cache
def field_cipher() -> FieldCipher:
    """The process-wide cipher built from the configured keys."""
    return FieldCipher(load_secrets(get_settings()).field_encryption_keys)
