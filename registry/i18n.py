"""Translations of the public texts: gettext catalogues under registry/locale, read with Babel.

A language is available when registry/locale/CODE/LC_MESSAGES/messages.po exists; translators add a
folder and nothing else (see README, "Translating the public pages"). English is the source language.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"

_cache: dict[str, Translations] = {}
_lock = threading.Lock()


def N_(message: str) -> str:  # noqa: N802 - the gettext convention pybabel extracts
    """Mark MESSAGE for extraction; it is translated later, where the language is known."""
    return message


@dataclass(frozen=True)
class Language:
    """A language the public pages speak: its code, its own name, and its writing direction."""

    code: str
    name: str
    direction: str


@cache
def available_languages() -> tuple[str, ...]:
    """Codes of the languages with a catalogue, sorted (read once per process)."""
    return tuple(sorted(path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def language(code: str) -> Language:
    """CODE's own name and direction (rtl for Arabic and Urdu), from the Unicode CLDR data."""
    try:
        locale = Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return Language(code, code, "ltr")
    rtl = locale.character_order == "right-to-left"
    return Language(code, locale.display_name or code, "rtl" if rtl else "ltr")


def supported(tag: str) -> str | None:
    """The available language a tag such as ar-KW or en_GB stands for (exact, then primary subtag)."""
    available = available_languages()
    code = tag.strip().replace("_", "-").lower()
    return next((c for c in (code, code.split("-")[0]) if c in available), None)


def negotiate(preferred: Iterable[str], *, default: str) -> str:
    """The first available language among PREFERRED, else DEFAULT (else the source language)."""
    for tag in preferred:
        found = supported(tag)
        if found is not None:
            return found
    return supported(default) or SOURCE_LANGUAGE


def translations(code: str) -> Translations:
    """The catalogue of CODE (the compiled .mo when it is current, else the .po compiled in memory)."""
    with _lock:
        found = _cache.get(code)
        if found is None:
            found = _cache[code] = _load(code)
        return found


def translate(code: str, message: str) -> str:
    """MESSAGE in language CODE (the English text when it has no translation)."""
    return translations(code).gettext(message)


def _load(code: str) -> Translations:
    folder = LOCALE_DIR / code / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if not po.exists():
        return Translations()
    # A fresh clone before `make setup`, or a .po edited since: compile it in memory, never fail.
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)
