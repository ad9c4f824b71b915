"""Name normalisation shared by storage (CompanyName.key) and the matcher."""

from __future__ import annotations

from registry.matching.errors import InvalidName
from registry.matching.parse import parse_name
from registry.matching.text import detect_script

__all__ = ["detect_script", "name_key"]

# Re-parsing a key can fold it further (a glued article split off on the first pass, say); a few
# passes reach the fixed point, which keeps name_key idempotent.
_MAX_PASSES = 4


def _one_pass(text: str) -> str:
    try:
        return parse_name(text).key
    except InvalidName:
        return ""


def name_key(text: str) -> str:
    """The comparison key of TEXT: folded content words in canonical form, without legal forms or articles."""
    key = _one_pass(text)
    for _ in range(_MAX_PASSES):
        again = _one_pass(key)
        if again == key:
            break
        key = again
    return key
