"""The inspection list: mostly the riskiest companies, plus a random share drawn from everyone else.

The random picks let the authority measure what targeted inspections find compared with inspections
of ordinary companies, and they give the model labels that its own choices did not select. They are
spread evenly through the list rather than appended, so that a team that runs out of time before the
end of the list still inspects its share of random companies.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PriorityItem:
    """One company on the inspection list; reason is "risk" or "random"."""

    company_id: str
    rank: int
    reason: str


def _is_random_slot(position: int, total: int, randoms: int) -> bool:
    """Spread randoms evenly over total slots (one more each time the running share passes a whole)."""
    return (position + 1) * randoms // total > position * randoms // total


def _ranked(scores: Mapping[str, float]) -> list[str]:
    def key(company_id: str) -> tuple[float, str]:
        score = scores[company_id]
        return (math.inf if math.isnan(score) else -score, company_id)

    return sorted(scores, key=key)


def inspection_priorities(
    scores: Mapping[str, float], *, count: int, random_share: float = 0.10, rng: random.Random
) -> list[PriorityItem]:
    """Top-scored companies and a random share of the rest, ranked 1..count."""
    if not 0.0 <= random_share <= 1.0 or count < 0:
        raise ValueError("random_share must lie in [0, 1] and count must not be negative")
    ranked = _ranked(scores)
    count = min(count, len(ranked))
    randoms = round(count * random_share)
    by_risk = ranked[: count - randoms]
    picked = rng.sample(ranked[count - randoms :], randoms)
    risk_iter, random_iter = iter(by_risk), iter(picked)
    items = []
    for position in range(count):
        chosen_random = _is_random_slot(position, count, randoms)
        company = next(random_iter) if chosen_random else next(risk_iter)
        items.append(PriorityItem(company, position + 1, "random" if chosen_random else "risk"))
    return items
