"""Name-matching benchmark (issue 3).

Builds registries with the demo generator and reports, in one run: index build time and memory,
mentions per second and single-lookup p50/p99 beside a naive baseline (rapidfuzz `process.extractOne`
with `WRatio` over all names) on the same data; precision, recall and review rate on the project's own
labelled mentions; and F1 on the shared org-name-pairs file at the shipped default thresholds.

    .venv/bin/python -m bench.matching --companies 50000 --mentions 4000
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import Counter
from pathlib import Path

from rapidfuzz import fuzz, process

from bench._support import percentile
from registry.demo import generate_companies, generate_mentions
from registry.demo.mentions import LabelledMention
from registry.matching import MATCH, REVIEW, Matcher, parse_name
from registry.matching.evaluate import evaluate
from registry.matching.keys import sound_key
from registry.schemas.company import CompanyCreate

PAIRS = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "benchmarks" / "data" / "org-name-pairs.csv"
)


def name_rows(companies: list[CompanyCreate]) -> list[tuple[int, str, str]]:
    """(name_id, company_key, text) for every official name and alias."""
    rows: list[tuple[int, str, str]] = []
    for company in companies:
        for text in (company.name_en, company.name_ar, *company.aliases):
            if text:
                rows.append((len(rows) + 1, company.external_id, text))
    return rows


def build(rows: list[tuple[int, str, str]]) -> tuple[Matcher, float, float]:
    """The matcher, its build seconds, and the resident memory it added (MB)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    matcher = Matcher.from_rows(rows)
    seconds = time.perf_counter() - started
    return matcher, seconds, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024


def lookups(
    matcher: Matcher, mentions: list[LabelledMention]
) -> tuple[list[float], list[tuple[str, str | None]]]:
    """Per-lookup seconds and (decision, company) for each mention."""
    times, outcomes = [], []
    for mention in mentions:
        started = time.perf_counter()
        result = matcher.match(mention.name)
        times.append(time.perf_counter() - started)
        outcomes.append((result.decision, result.company_key))
    return times, outcomes


def baseline(rows: list[tuple[int, str, str]], mentions: list[LabelledMention]) -> list[float]:
    """Per-lookup seconds of the naive WRatio scan over every name."""
    names = [text for _, _, text in rows]
    times = []
    for mention in mentions:
        started = time.perf_counter()
        process.extractOne(mention.name, names, scorer=fuzz.WRatio)
        times.append(time.perf_counter() - started)
    return times


def quality(mentions: list[LabelledMention], outcomes: list[tuple[str, str | None]]) -> dict[str, float]:
    """Automatic-match precision and recall, review rate, and wrong matches by variant."""
    matched = [(m, c) for m, (d, c) in zip(mentions, outcomes, strict=True) if d == MATCH]
    right = sum(1 for m, c in matched if m.external_id is not None and c == m.external_id)
    registered = sum(1 for m in mentions if m.external_id is not None)
    reviews = sum(1 for d, _ in outcomes if d == REVIEW)
    return {
        "precision": right / len(matched) if matched else 1.0,
        "recall": right / registered,
        "review_rate": reviews / len(mentions),
        "matched": len(matched),
        "wrong": len(matched) - right,
    }


def wrong_by_variant(mentions: list[LabelledMention], outcomes: list[tuple[str, str | None]]) -> Counter[str]:
    """How many automatic matches were wrong, per kind of mention."""
    return Counter(
        m.variant if m.external_id else "unregistered"
        for m, (d, c) in zip(mentions, outcomes, strict=True)
        if d == MATCH and c != m.external_id
    )


def twin_share(companies: list[CompanyCreate]) -> float:
    """The share of companies whose name in one script has another company's words, spelling and form aside.

    Such twins, equal by the index's sound key ("Al-Mulla Golden Manpower Services" and "Al-Amal Golden
    Manpower Services"; "Domestic Help" and "Domestic Labour" are one activity), send a mention that
    names one of them to review however well written.
    """
    owners: dict[tuple[str, ...], set[str]] = {}
    for company in companies:
        for text in (company.name_en, company.name_ar):
            if text:
                owners.setdefault(sound_key(parse_name(text).content), set()).add(company.external_id)
    twins = set().union(*(keys for keys in owners.values() if len(keys) > 1))
    return len(twins) / len(companies)


def main() -> None:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--mentions", type=int, default=4_000)
    parser.add_argument("--baseline-sample", type=int, default=200)
    parser.add_argument("--mention-seed", type=int, default=22, help="another seed draws other mentions")
    options = parser.parse_args()
    companies = generate_companies(seed=21, count=options.companies)
    mentions = generate_mentions(companies, seed=options.mention_seed, count=options.mentions)
    rows = name_rows(companies)
    matcher, build_seconds, memory = build(rows)
    times, outcomes = lookups(matcher, mentions)
    naive = baseline(rows, mentions[: options.baseline_sample])
    ours_rate, naive_rate = len(times) / sum(times), len(naive) / sum(naive)
    unregistered = sum(m.external_id is None for m in mentions) / len(mentions)
    print(
        f"registry: {options.companies:,} companies, {len(rows):,} names; {len(mentions):,} labelled "
        f"mentions ({unregistered:.0%} not registered)"
    )
    print(
        f"index build {build_seconds:.1f} s, +{memory:.0f} MB resident (peak RSS "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    print(
        f"matcher: {ours_rate:,.0f} mentions/s, p50 {percentile(times, 0.5) * 1e3:.2f} ms, "
        f"p99 {percentile(times, 0.99) * 1e3:.2f} ms"
    )
    print(
        f"naive WRatio extractOne over all names: {naive_rate:,.1f} mentions/s, p50 "
        f"{percentile(naive, 0.5) * 1e3:.1f} ms  -> speed-up {ours_rate / naive_rate:,.0f}x"
    )
    figures = quality(mentions, outcomes)
    print(
        f"labelled mentions: automatic-match precision {figures['precision']:.4f} "
        f"({figures['wrong']:.0f} wrong of {figures['matched']:.0f}), recall {figures['recall']:.3f}, "
        f"review rate {figures['review_rate']:.1%}"
    )
    print(f"wrong automatic matches by kind: {dict(wrong_by_variant(mentions, outcomes).most_common(8))}")
    print(
        f"companies whose name has another company's words (spelling and legal form aside): "
        f"{twin_share(companies):.0%}"
    )
    strict, loose = evaluate(PAIRS)
    print(
        f"org-name-pairs ({strict.pairs} pairs) at the default thresholds: precision {strict.precision:.3f}, "
        f"recall {strict.recall:.3f}, F1 {strict.f1:.3f}  (OpenSanctions logic-v2: 0.865); "
        f"match or review counted as found (screening): precision {loose.precision:.3f}, "
        f"recall {loose.recall:.3f}, F1 {loose.f1:.3f}"
    )


if __name__ == "__main__":
    main()
