"""Public company search under load: `agency-registry serve` on PostgreSQL with 50,000 companies, wrk.

    .venv/bin/python -m bench.public_search [--companies 50000] [--workers 2] [--seconds 30]
                                            [--connections 8,16,32] [--queries 3000] [--zipf 1.0]
                                            [--new-searches 100000] [--rate 500] [--rate-seconds 20]

A scratch database gets the demo registry (bulk inserts, 2% of companies listed); the server runs as
`agency-registry serve --workers N --no-access-log` on loopback; wrk (Debian's package: installed
with apt-get when missing and running as root) sends searches — demo mentions, i.e. names as people
write them: misspelled, abbreviated, in the other script, or not registered — at several connection
counts, in two workloads:

- every search new: the server's cache of recent answers is turned off and the searches are
  --new-searches demo mentions (100,000: more than the matcher's caches of recent parses hold), so each
  request parses its name afresh, runs the name matcher and reads the company's standing (the worst
  case: nobody ever searches the same name twice);
- popular searches: the cache is on (its default, 30 s) and the searches are drawn from the same
  mentions with Zipf's law (exponent --zipf), as search logs are: a few agencies are looked up by
  many workers, most by few.

Each line is printed beside a baseline under the same load in the same run: GET /healthz (one
`SELECT 1` through the same stack). Target: >= 500 requests/s with p99 <= 50 ms. wrk shares the
machine's two cores with the server, as on a real single host.

wrk keeps every connection busy (a closed loop): it finds the most the server does, and at that
point latency is queueing by construction. So each workload is also sent open-loop at --rate
requests/s (bench.blacklist's generator: each request leaves when it is due, late or not, and its
latency counts from then), which is how a latency target at a given rate is met or missed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._support import analyze, scratch_database  # noqa: E402
from bench.blacklist import _free_port, _open_loop  # noqa: E402
from bench.blacklist_data import load_companies, load_listings  # noqa: E402
from registry.database import build_engine  # noqa: E402
from registry.demo import generate_companies, generate_mentions  # noqa: E402

# Each wrk thread has its own Lua state: setup() gives each an offset so that the threads do not send
# the same sequence in step (which would make every other search a repeat).
_LUA = """
local threads = 0
function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local i = nil
request = function()
  -- Each run starts somewhere else, so that a run does not repeat the searches of the one before.
  if i == nil then
    math.randomseed(os.time() + (offset or 0))
    i = (offset or 0) * math.floor(#paths / 2) + math.random(#paths)
  end
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian when missing and we are root, else instructions."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "-o", "DPkg::Lock::Timeout=600", "update", "-qq"], check=True, env=env)
        subprocess.run(
            ["apt-get", "-o", "DPkg::Lock::Timeout=600", "install", "-y", "-qq", "wrk"], check=True, env=env
        )
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is missing: install Debian's package (sudo apt-get install wrk) and run again")
    return found


@contextmanager
def serve(url: str, workers: int, cache_seconds: float) -> Iterator[str]:
    """`agency-registry serve` over the database at URL; yields its base URL."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "PUBLIC_SEARCHES_PER_MINUTE": str(10**9),  # one client (wrk) sends everything: no per-client limit
        "DB_POOL_SIZE": "45",  # one connection per thread of the server's pool (40), as bench.blacklist
        "DB_MAX_OVERFLOW": "5",
        "PUBLIC_LOOKUP_CACHE_SECONDS": str(cache_seconds),
    }
    command = [str(Path(sys.executable).with_name("agency-registry")), "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), "--no-access-log"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: httpx.get(f"{base}/healthz", timeout=2).status_code == 200, 120)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def _wait(ready: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():  # type: ignore[operator]
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not get ready")


def warm_up(base: str, paths: list[str], workers: int) -> float:
    """Build every worker's name index (the first search in each builds it); seconds it took."""
    started, fast = time.perf_counter(), 0
    for path in paths * 3:
        sent = time.perf_counter()
        httpx.get(base + path, timeout=600)  # a new connection each time: it may reach any worker
        fast = fast + 1 if time.perf_counter() - sent < 0.05 else 0
        if fast >= 20 * workers:
            break
    return time.perf_counter() - started


def run_wrk(
    wrk: str, base: str, script: Path | None, path: str, connections: int, seconds: float
) -> dict[str, float]:
    """Requests/s and latency percentiles from one wrk run."""
    command = [
        wrk,
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds:.0f}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
    figures = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}  # type: ignore[union-attr]
    for share in ("50", "90", "99"):
        found = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
        assert found is not None, out
        value, unit = float(found.group(1)), found.group(2)
        figures[f"p{share}"] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non_2xx"] = float(errors.group(1)) if errors else 0.0
    return figures


def _script(folder: Path, name: str, paths: list[str]) -> Path:
    """A wrk Lua script cycling through PATHS."""
    (folder / f"{name}.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
    script = folder / f"{name}.lua"
    script.write_text(_LUA % (folder / f"{name}.txt"), encoding="utf-8")
    return script


def _line(label: str, figures: dict[str, float]) -> str:
    return (
        f"{label:<48} {figures['rps']:6.0f} req/s  p50 {figures['p50']:6.1f} ms  "
        f"p90 {figures['p90']:6.1f} ms  p99 {figures['p99']:6.1f} ms  non-2xx {figures['non_2xx']:.0f}"
    )


def zipf_draws(paths: list[str], exponent: float, count: int, seed: int = 11) -> list[str]:
    """COUNT searches drawn from PATHS with Zipf's law: the k-th most popular has weight 1 / k**EXPONENT."""
    weights = 1.0 / np.arange(1, len(paths) + 1) ** exponent
    picks = np.random.default_rng(seed).choice(len(paths), size=count, p=weights / weights.sum())
    return [paths[i] for i in picks]


def measure(wrk: str, base: str, scripts: dict[str, Path], connections: int, seconds: float) -> None:
    """The baseline, then each script, at CONNECTIONS; one line each and the load average."""
    print(
        _line(
            f"  baseline GET /healthz, {connections} connections",
            run_wrk(wrk, base, None, "/healthz", connections, seconds),
        )
    )
    for label, script in scripts.items():
        print(
            _line(
                f"  {label}, {connections} connections", run_wrk(wrk, base, script, "/", connections, seconds)
            )
        )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    """Load the registry, serve it, measure both workloads and the baseline at each connection count."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--connections", default="8,16,32")
    parser.add_argument(
        "--queries", type=int, default=3000, help="mentions the popular searches are drawn from"
    )
    parser.add_argument("--new-searches", type=int, default=100_000, help="mentions sent as new searches")
    parser.add_argument("--zipf", type=float, default=1.0)
    parser.add_argument("--rate", type=float, default=500, help="open-loop requests/s (0: skip)")
    parser.add_argument("--rate-seconds", type=float, default=20)
    args = parser.parse_args()
    wrk = ensure_wrk()
    generated = generate_companies(seed=42, count=args.companies)
    mentions = generate_mentions(generated, seed=7, count=max(args.queries, args.new_searches))
    names = list(dict.fromkeys(m.name for m in mentions))  # distinct, in the generator's order
    random.Random(3).shuffle(names)
    paths = [f"/api/v1/public/companies?q={quote(name)}&lang=en" for name in names]
    popular = zipf_draws(paths[: args.queries], args.zipf, 200_000)
    folder = Path(tempfile.mkdtemp())
    scripts = {
        "every search new": {
            "public search (JSON)": _script(folder, "search", paths[: len(paths) // 2]),
            "public search page (HTML)": _script(
                folder, "page", [_page(p) for p in paths[len(paths) // 2 :]]
            ),
        },
        "popular searches": {
            "public search (JSON)": _script(folder, "popular", popular),
            "public search page (HTML)": _script(folder, "popular_page", [_page(p) for p in popular]),
        },
    }
    print(
        f"popular searches: {len(set(popular[:10_000]))} distinct among the first 10,000 draws "
        f"(Zipf exponent {args.zipf} over {args.queries} mentions); {len(paths)} distinct new searches"
    )
    with scratch_database("bench_public") as url:
        engine = build_engine(url)
        ids = sorted(load_companies(engine, generated).values())
        load_listings(engine, random.Random(5).sample(ids, len(ids) // 50), [])
        analyze(engine)  # without statistics a company's standing scans every listing in force
        engine.dispose()
        print(f"{len(ids)} companies, {len(ids) // 50} listed")
        for workload, cache_seconds in (("every search new", 0.0), ("popular searches", 30.0)):
            with serve(url, args.workers, cache_seconds) as base:
                print(f"{workload} (answer cache {cache_seconds:.0f} s)")
                warm = warm_up(base, paths, args.workers)
                print(f"  warm-up (each worker builds its name index): {warm:.1f} s")
                for connections in (int(c) for c in args.connections.split(",")):
                    measure(wrk, base, scripts[workload], connections, args.seconds)
                if args.rate > 0:
                    sent = popular if cache_seconds else paths
                    open_loop(base, sent, args.rate, args.rate_seconds)


def open_loop(base: str, paths: list[str], rate: float, seconds: float) -> None:
    """The baseline, the JSON search and the page, each sent at RATE requests/s for SECONDS."""
    count = int(rate * seconds)
    half = len(paths) // 2  # the page gets other searches than the JSON API, lest it find them parsed
    for label, sent in (
        ("baseline GET /healthz", ["/healthz"]),
        ("public search (JSON)", paths[:half] or paths),
        ("public search page (HTML)", [_page(p) for p in paths[half:]]),
    ):
        requests = [("GET", sent[i % len(sent)], None) for i in range(count)]
        r = _open_loop(base, requests, rate)
        print(
            f"  {label}, open loop at {rate:.0f}/s: {r['rate']:.0f}/s served, p50 {r['p50_ms']:.1f} ms, "
            f"p99 {r['p99_ms']:.1f} ms, max {r['max_ms']:.0f} ms, statuses {r['statuses']}, generator "
            f"late p99 {r['late_p99_ms']:.1f} ms, client CPU {r['client_cpu_ms']:.2f} ms/request"
        )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def _page(path: str) -> str:
    return path.replace("/api/v1/public/companies", "/")


if __name__ == "__main__":
    main()
