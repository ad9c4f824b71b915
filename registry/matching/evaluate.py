"""F1 of compare_names on a labelled pairs file (name1, name2, is_match), at given thresholds.

Run: python -m registry.matching.evaluate ../shared/benchmarks/data/org-name-pairs.csv
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from registry.matching.decide import DEFAULT_THRESHOLDS, MATCH, REVIEW, MatchThresholds
from registry.matching.matcher import compare_names


@dataclass(frozen=True, slots=True)
class PairStats:
    """Precision, recall and F1 of predicting is_match, counting MATCH (or also REVIEW) as yes."""

    pairs: int
    precision: float
    recall: float
    f1: float


def _stats(truth: list[bool], predicted: list[bool]) -> PairStats:
    hits = sum(1 for t, p in zip(truth, predicted, strict=True) if t and p)
    precision = hits / max(sum(predicted), 1)
    recall = hits / max(sum(truth), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairStats(len(truth), precision, recall, f1)


def evaluate(path: Path, thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> tuple[PairStats, PairStats]:
    """Stats on the pairs at PATH: MATCH as yes, then MATCH or REVIEW as yes."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    truth = [row["is_match"].strip().lower() == "true" for row in rows]
    decisions = [compare_names(row["name1"], row["name2"], thresholds)[1] for row in rows]
    strict = _stats(truth, [d == MATCH for d in decisions])
    loose = _stats(truth, [d in (MATCH, REVIEW) for d in decisions])
    return strict, loose


def main() -> None:
    """Print the stats for the pairs file named on the command line."""
    strict, loose = evaluate(Path(sys.argv[1]))
    for label, stats in (("match", strict), ("match or review", loose)):
        print(
            f"{label}: {stats.pairs} pairs, precision {stats.precision:.3f}, "
            f"recall {stats.recall:.3f}, F1 {stats.f1:.3f}"
        )


if __name__ == "__main__":
    main()
