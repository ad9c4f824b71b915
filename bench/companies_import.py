"""Company import benchmark (issue 2): streaming keeps memory flat, re-import changes nothing.

Writes demo company files of two sizes, imports each with `agency-registry companies import` in its
own process on PostgreSQL, and prints rows per second and peak memory beside a baseline that only reads
the same file with the csv module in the same kind of process.

    .venv/bin/python -m bench.companies_import --small 5000 --large 50000
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._support import run_cli, scratch_database
from registry.demo import generate_companies
from registry.services.company_export import EXPORT_COLUMNS

_READ_ONLY = (
    "import csv, sys\nfor _ in csv.reader(open(sys.argv[1], newline='', encoding='utf-8')):\n    pass\n"
)


def write_companies(path: Path, count: int, seed: int) -> None:
    """COUNT demo companies in the import format."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(EXPORT_COLUMNS))
        writer.writeheader()
        for company in generate_companies(seed=seed, count=count):
            officers = "|".join(f"{o.full_name};{o.role};{o.id_type}:{o.id_number}" for o in company.officers)
            row = company.model_dump(include=set(EXPORT_COLUMNS))
            writer.writerow(
                {
                    **row,
                    "aliases": "|".join(company.aliases),
                    "phone": "|".join(company.phones),
                    "officers": officers,
                }
            )


def read_only(path: Path) -> float:
    """Seconds a process takes just to read the file with csv (the floor for any import)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _READ_ONLY, str(path)], check=True)
    return time.perf_counter() - started


def main() -> None:
    """Import a small and a large file, then the large one again; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=5_000)
    parser.add_argument("--large", type=int, default=50_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, scratch_database("bench_companies") as url:
        small, large = Path(folder) / "small.csv", Path(folder) / "large.csv"
        write_companies(small, options.small, seed=1)
        write_companies(large, options.large, seed=2)
        rows = {}
        for label, path in (("small", small), ("large", large), ("large again", large)):
            seconds, peak, out = run_cli(["companies", "import", str(path)], database_url=url)
            rows[label] = (seconds, peak, out.strip().splitlines()[-1] if out.strip() else "?")
        floor = read_only(large)
    for label, (seconds, peak, summary) in rows.items():
        count = options.small if label == "small" else options.large
        print(
            f"{label:12} {count:>7,} rows  {seconds:6.1f} s  {count / seconds:7.0f} rows/s  "
            f"peak RSS {peak:5.0f} MB  [{summary}]"
        )
    print(f"baseline: reading the large file with csv alone takes {floor:.1f} s")


if __name__ == "__main__":
    main()
