"""Reason codes: the few largest contributions behind a score, worded for inspectors and judges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from scoring.encode import FloatArray
from scoring.points import Contribution, PointsResult
from scoring.texts import feature_text

_FLAGS = frozenset({"workforce_unknown", "registration_date_unknown"})
_WHOLE = frozenset(
    {
        "serious_inspections",
        "links_to_listed",
        "partners_flagged",
        "days_since_last_complaint",
        "days_since_last_finding",
    }
)


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a score; weight is in log-odds for the model and in points for points."""

    code: str
    text_en: str
    text_ar: str
    weight: float


def _value(name: str, value: float) -> str:
    if name == "max_reporter_share":
        return f"{value:.0%}"
    if name in _WHOLE:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def feature_reason(name: str, value: float, typical: float, weight: float) -> Reason:
    """A reason naming a feature, the company's value and the average company's value."""
    label_en, label_ar = feature_text(name)
    if name in _FLAGS or name.startswith("licence_"):
        return Reason(name, label_en, label_ar, weight)
    shown, avg = _value(name, value), _value(name, typical)
    return Reason(
        name,
        f"{label_en}: {shown} (average company: {avg})",
        f"{label_ar}: {shown} (متوسط الشركات: {avg})",
        weight,
    )


def top_reasons(
    contributions: FloatArray,
    values: FloatArray,
    names: Sequence[str],
    typical: Sequence[float],
    *,
    max_reasons: int,
    min_weight: float,
) -> list[list[Reason]]:
    """Per row, up to max_reasons features that raised the score most, largest first."""
    if contributions.shape[1] == 0:
        return [[] for _ in range(contributions.shape[0])]
    order = np.argsort(-contributions, axis=1, kind="stable")[:, :max_reasons]
    out: list[list[Reason]] = []
    for row, columns in enumerate(order):
        reasons = []
        for col in columns:
            weight = float(contributions[row, col])
            if weight < min_weight:
                break
            reasons.append(feature_reason(names[col], float(values[row, col]), typical[col], weight))
        out.append(reasons)
    return out


def contribution_reasons(contributions: Sequence[Contribution]) -> list[Reason]:
    """Point contributions as reasons, weight in points, in the order given."""
    return [Reason(c.code, *c.texts(), c.decayed) for c in contributions if c.decayed > 0]


def points_reasons(result: PointsResult, max_reasons: int) -> list[Reason]:
    """The heaviest point contributions of a company as reasons."""
    return contribution_reasons(
        sorted(result.contributions, key=lambda c: c.decayed, reverse=True)[:max_reasons]
    )
