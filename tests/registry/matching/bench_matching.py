"""Benchmark of the matcher on a synthetic registry and on the demo registry (not collected by pytest).

Run: .venv/bin/python -m tests.registry.matching.bench_matching --companies 50000 --mentions 4000

For each data set it prints the build time and memory, lookups per second (wall clock, and per CPU
second, which another process on the machine does not skew), p50/p99 latency, the rate of the naive
baseline (rapidfuzz extractOne with WRatio over every name) on a sample of the same mentions and the
speed ratio, then automatic-match precision, recall and review rate at the default thresholds.
Last, precision/recall/F1 on ../shared/benchmarks/data/org-name-pairs.csv at the default.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from registry.matching import MATCH, REVIEW, MatchThresholds, NameIndex, decide
from registry.matching.decide import Candidate
from registry.matching.evaluate import evaluate
from tests.registry.matching.synthetic import make_registry, mention_of, name_rows, negative_mention

PAIRS = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "data" / "org-name-pairs.csv"
Mention = tuple[str, str | None]


@dataclass(frozen=True)
class Dataset:
    """Registered names as (name_id, company_key, text) rows, and labelled mentions."""

    label: str
    rows: list[tuple[int, str, str]]
    mentions: list[Mention]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return _peak_rss_mb()


def synthetic(companies: int, count: int, seed: int = 11) -> Dataset:
    """The synthetic registry of tests/registry/matching/synthetic.py, 20% of mentions unregistered."""
    registry = make_registry(companies)
    rng = random.Random(seed)
    taken = {company.identity for company in registry}
    mentions: list[Mention] = []
    for _ in range(count):
        company = rng.choice(registry)
        mentions.append((mention_of(company, rng), company.key))
    while len(mentions) < count * 5 // 4:
        mentions.append((negative_mention(rng, taken), None))
    return Dataset("synthetic", name_rows(registry), mentions)


def demo(companies: int, count: int, seed: int = 11) -> Dataset | None:
    """The product demo registry and its labelled mentions (registry.demo), if that package is there."""
    try:
        # Imported late: the demo package is another engineer's and may be absent.
        from registry.demo import generate_companies, generate_mentions
    except ImportError:
        return None
    registry = generate_companies(seed=7, count=companies)
    labelled = generate_mentions(registry, seed=seed, count=count * 5 // 4, unregistered_share=0.2)
    rows: list[tuple[int, str, str]] = []
    for company in registry:
        names = [company.name_en, company.name_ar, *company.aliases]
        rows.extend((len(rows) + 1, company.external_id, n) for n in dict.fromkeys(n for n in names if n))
    return Dataset("demo", rows, [(m.name, m.external_id) for m in labelled])


def build(data: Dataset) -> NameIndex:
    """The index of DATA's names, with its build time and memory printed."""
    before = _rss_mb()
    started, cpu = time.perf_counter(), time.process_time()
    index = NameIndex()
    index.add_many(data.rows)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"[{data.label}] built {len(data.rows)} names of {index.company_count} companies in {wall:.1f} s "
        f"({cpu:.1f} s CPU); RSS {before:.0f} -> {_rss_mb():.0f} MB (peak {_peak_rss_mb():.0f} MB)"
    )
    return index


def _latency(timings: list[float]) -> str:
    ms = sorted(t * 1000 for t in timings)
    return f"p50 {statistics.median(ms):.2f} ms, p99 {ms[int(len(ms) * 0.99)]:.2f} ms, max {ms[-1]:.2f} ms"


def lookups(index: NameIndex, data: Dataset) -> tuple[list[list[Candidate]], float]:
    """Every mention looked up once; prints the rates and latencies and returns the CPU-second rate."""
    wall: list[float] = []
    cpu: list[float] = []
    results: list[list[Candidate]] = []
    for text, _ in data.mentions:
        started, cpu_started = time.perf_counter(), time.process_time()
        results.append(index.search(text))
        cpu.append(time.process_time() - cpu_started)
        wall.append(time.perf_counter() - started)
    rate = len(cpu) / sum(cpu)
    print(f"[{data.label}] {len(wall)} lookups: {len(wall) / sum(wall):.0f}/s wall ({_latency(wall)})")
    print(f"[{data.label}] {rate:.0f}/s per CPU second ({_latency(cpu)} of CPU)")
    return results, rate


def baseline(data: Dataset, sample: int, rate: float) -> None:
    """The naive baseline on SAMPLE of the mentions: extractOne with WRatio over every registered name."""
    names = [text for _, _, text in data.rows]
    queries = random.Random(3).sample([text for text, _ in data.mentions], min(sample, len(data.mentions)))
    cpu = time.process_time()
    for query in queries:
        process.extractOne(query, names, scorer=fuzz.WRatio)
    naive = len(queries) / (time.process_time() - cpu)
    print(f"[{data.label}] naive WRatio baseline: {naive:.1f}/s per CPU second; index: {rate / naive:.0f}x")


def report(data: Dataset, results: list[list[Candidate]], thresholds: MatchThresholds) -> None:
    """Automatic-match precision and recall, share found at all, and review rate at THRESHOLDS."""
    right = wrong = review = found = 0
    positives = sum(1 for _, key in data.mentions if key)
    for (_, key), candidates in zip(data.mentions, results, strict=True):
        result = decide(candidates, thresholds)
        if result.decision == MATCH:
            right += result.company_key == key
            wrong += result.company_key != key
        review += result.decision == REVIEW
        found += key is not None and result.decision in (MATCH, REVIEW) and result.company_key == key
    print(
        f"[{data.label}] match>={thresholds.match:.2f} review>={thresholds.review:.2f} "
        f"margin {thresholds.margin:.2f}: automatic-match precision {right / max(right + wrong, 1):.4f} "
        f"({wrong} wrong of {right + wrong}), recall {right / positives:.3f}, "
        f"found (match or review) {found / positives:.3f}, review rate {review / len(data.mentions):.3f}"
    )


def run(data: Dataset, args: argparse.Namespace) -> None:
    """Build, time, compare with the baseline and score one data set."""
    index = build(data)
    results, rate = lookups(index, data)
    baseline(data, args.baseline, rate)
    report(data, results, MatchThresholds())
    for match in (0.84, 0.88, 0.92) if args.sweep else ():
        for margin in (0.05, 0.08, 0.12):
            report(data, results, MatchThresholds(match=match, review=0.6, margin=margin))


def pairs() -> None:
    """The shared labelled pairs at the default thresholds."""
    if not PAIRS.exists():
        print("org-name-pairs.csv not found")
        return
    strict, loose = evaluate(PAIRS)
    print(
        f"[org-name-pairs] {strict.pairs} pairs at the default: precision {strict.precision:.3f}, "
        f"recall {strict.recall:.3f}, F1 {strict.f1:.3f} (match or review: F1 {loose.f1:.3f})"
    )


def main() -> None:
    """Benchmark the data sets asked for."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=50000)
    parser.add_argument("--mentions", type=int, default=4000, help="mentions of registered companies")
    parser.add_argument("--baseline", type=int, default=60, help="mentions to time the naive baseline on")
    parser.add_argument("--data", choices=("synthetic", "demo", "both"), default="both")
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    if args.data in ("synthetic", "both"):
        run(synthetic(args.companies, args.mentions), args)
    if args.data in ("demo", "both"):
        found = demo(args.companies, args.mentions)
        if found is None:
            print("registry.demo is not importable: demo mentions skipped")
        else:
            run(found, args)
    pairs()


if __name__ == "__main__":
    main()
