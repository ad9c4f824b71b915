"""Benchmark and threshold study of the matcher on a synthetic registry (not collected by pytest).

Run: .venv/bin/python -m tests.registry.matching.bench_matching --companies 50000 --mentions 4000
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time

from registry.matching import MATCH, REVIEW, MatchThresholds, NameIndex, decide
from registry.matching.decide import Candidate
from tests.registry.matching.synthetic import Company, make_registry, mention_of, name_rows, negative_mention


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(registry: list[Company]) -> NameIndex:
    rows = name_rows(registry)
    before = _rss_mb()
    started = time.perf_counter()
    index = NameIndex()
    index.add_many(rows)
    elapsed = time.perf_counter() - started
    print(
        f"built {len(rows)} names of {len(registry)} companies in {elapsed:.1f} s; "
        f"peak RSS {before:.0f} -> {_rss_mb():.0f} MB"
    )
    return index


def _mentions(registry: list[Company], count: int, seed: int) -> list[tuple[str, str | None]]:
    rng = random.Random(seed)
    taken = {company.identity for company in registry}
    out: list[tuple[str, str | None]] = []
    for _ in range(count):
        company = rng.choice(registry)
        out.append((mention_of(company, rng), company.key))
    while len(out) < count * 5 // 4:
        out.append((negative_mention(rng, taken), None))
    return out


def _search_all(index: NameIndex, mentions: list[tuple[str, str | None]]) -> list[list[Candidate]]:
    timings: list[float] = []
    results: list[list[Candidate]] = []
    for text, _ in mentions:
        started = time.perf_counter()
        results.append(index.search(text))
        timings.append(time.perf_counter() - started)
    timings.sort()
    total = sum(timings)
    print(
        f"{len(mentions)} lookups: {len(mentions) / total:.0f}/s, "
        f"p50 {statistics.median(timings) * 1000:.2f} ms, "
        f"p99 {timings[int(len(timings) * 0.99)] * 1000:.2f} ms, max {timings[-1] * 1000:.2f} ms"
    )
    return results


def _report(
    mentions: list[tuple[str, str | None]], results: list[list[Candidate]], th: MatchThresholds
) -> None:
    right = wrong = review = found = 0
    positives = sum(1 for _, key in mentions if key)
    for (_, key), candidates in zip(mentions, results, strict=True):
        result = decide(candidates, th)
        if result.decision == MATCH:
            right += result.company_key == key
            wrong += result.company_key != key
        review += result.decision == REVIEW
        found += key is not None and result.decision in (MATCH, REVIEW) and result.company_key == key
    precision = right / max(right + wrong, 1)
    print(
        f"match>={th.match:.2f} review>={th.review:.2f} margin {th.margin:.2f}: "
        f"auto precision {precision:.4f} "
        f"({wrong} wrong of {right + wrong}), auto recall {right / positives:.3f}, "
        f"found (match or review) {found / positives:.3f}, review rate {review / len(mentions):.3f}"
    )


def main() -> None:
    """Build, time and score the matcher on a synthetic registry."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=50000)
    parser.add_argument("--mentions", type=int, default=4000)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    registry = make_registry(args.companies)
    index = _build(registry)
    mentions = _mentions(registry, args.mentions, seed=11)
    results = _search_all(index, mentions)
    _report(mentions, results, MatchThresholds())
    if args.sweep:
        for match in (0.8, 0.84, 0.86, 0.88, 0.9, 0.92, 0.95):
            for margin in (0.05, 0.08, 0.12):
                _report(mentions, results, MatchThresholds(match=match, review=0.6, margin=margin))


if __name__ == "__main__":
    main()
