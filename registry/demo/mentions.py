"""Labelled company-name mentions for benchmarking the matcher: what was written, and whom it meant."""

from __future__ import annotations

import random
from dataclasses import dataclass

from registry.demo.sampling import one_of
from registry.demo.writing import (
    RegistryIndex,
    Script,
    unregistered_parts,
    write_registered,
    write_unregistered,
)
from registry.schemas.company import CompanyCreate

_ARABIC_SHARE = 0.45


@dataclass(frozen=True, slots=True)
class LabelledMention:
    """A name as written somewhere, the company it means (None: not registered), and how it was altered."""

    mention_id: str
    name: str
    external_id: str | None
    # The transformations joined by "+", e.g. "spelling+legal_form_missing"; "exact" is the official name
    # unchanged, "cross_script" a name written in the script the registry does not hold for the company.
    variant: str


def _registered(rng: random.Random, index: RegistryIndex, mention_id: str) -> LabelledMention:
    known = one_of(rng, index.known)
    text, variant = write_registered(rng, known, index)
    return LabelledMention(mention_id, text, known.external_id, variant)


def _unregistered(rng: random.Random, index: RegistryIndex, mention_id: str) -> LabelledMention:
    parts = unregistered_parts(rng, index)
    script: Script = "ar" if rng.random() < _ARABIC_SHARE else "en"
    text, variant = write_unregistered(rng, parts, index, script)
    return LabelledMention(mention_id, text, None, variant)


def generate_mentions(
    companies: list[CompanyCreate], *, seed: int = 7, count: int = 2000, unregistered_share: float = 0.2
) -> list[LabelledMention]:
    """COUNT mentions, UNREGISTERED_SHARE of them naming companies outside COMPANIES; seeded."""
    if not 0.0 <= unregistered_share <= 1.0:
        raise ValueError("unregistered_share must be between 0 and 1")
    if not companies and unregistered_share < 1.0 and count:
        raise ValueError("mentions of registered companies need at least one company")
    rng = random.Random(seed)
    index = RegistryIndex(companies)
    outside = round(count * unregistered_share)
    flags = [True] * outside + [False] * (count - outside)
    rng.shuffle(flags)
    return [
        (_unregistered if unregistered else _registered)(rng, index, f"M-{number:06d}")
        for number, unregistered in enumerate(flags, start=1)
    ]
