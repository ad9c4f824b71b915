"""Order-free keys of a name's content words, and the name slots that share each key.

The exact key is the words themselves (glued articles removed): a mention with a registered exact
key spells that name word for word. The sound key is each word's consonant skeleton (or concept, for
glossary words): names sharing it may be the same name in another spelling or script.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from registry.matching.parse import DESCRIPTOR, DISTINCTIVE, NUMBER, Token
from registry.matching.sound import coarse, skeleton

Key = tuple[str, ...]


def exact_key(tokens: Sequence[Token]) -> Key:
    """The content words in canonical order, glued articles removed: equal keys mean the same words."""
    return tuple(sorted(t.forms[-1] for t in tokens))


# Tokens are shared (parse.make_token), so their keys are worth remembering: every name and
# mention reads them.
@lru_cache(maxsize=262144)
def _sound(token: Token) -> str:
    if token.concept and token.kind != DISTINCTIVE:
        return token.concept
    return coarse(skeleton(token.sounds[-1])) if token.sounds else token.text


def sound_key(tokens: Sequence[Token]) -> Key:
    """The content words as consonant skeletons or concepts, in canonical order: alike across scripts."""
    return tuple(sorted(_sound(t) for t in tokens))


def word_keys(tokens: Sequence[Token]) -> frozenset[str]:
    """The sound keys of the words that tell companies apart: proper nouns, qualifiers, numbers."""
    return frozenset(_sound(t) for t in tokens if t.kind in (DISTINCTIVE, DESCRIPTOR, NUMBER))


class KeyIndex:
    """Name slots by key."""

    def __init__(self) -> None:
        self._slots: dict[Key, set[int]] = {}

    def add(self, key: Key, slot: int) -> None:
        """File SLOT under KEY."""
        self._slots.setdefault(key, set()).add(slot)

    def remove(self, key: Key, slot: int) -> None:
        """Take SLOT out of KEY."""
        slots = self._slots[key]
        slots.discard(slot)
        if not slots:
            del self._slots[key]

    def get(self, key: Key) -> set[int]:
        """The slots filed under KEY (empty if none)."""
        return self._slots.get(key, set())
