"""How long `import realtime_sdk` takes in a fresh interpreter, against baselines timed in the same run.

Each measurement is a new Python process (so nothing is cached in `sys.modules`) that times, with
`time.perf_counter()` around the statement, one of:

  1. `import asyncio` (the baseline: a standard-library package every async program loads anyway),
  2. `import realtime_sdk` (the package alone: public names load on first use),
  3. `import realtime_sdk; realtime_sdk.Session` (what a program that opens a session pays up front:
     the GA, beta and translation models, the codec, websockets and anyio),
  4. `import realtime_sdk; realtime_sdk.create_client_secret` (the REST helper; httpx itself is
     imported by the first request, so it is timed separately as 5.),
  5. `import httpx` (for reference: what the package no longer imports eagerly).

Rounds are interleaved (one process of each kind per round) so that load on a shared machine affects
every statement alike; the report gives the median per statement and its ratio to the baseline.
Run: `python benchmarks/import_time.py` (`--rounds N`, default 15). For a per-module breakdown use
`python -X importtime -c "import realtime_sdk"`.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys

CASES = {
    "import asyncio (baseline)": "import asyncio",
    "import realtime_sdk": "import realtime_sdk",
    "... + realtime_sdk.Session": "import realtime_sdk; realtime_sdk.Session",
    "... + realtime_sdk.create_client_secret": "import realtime_sdk; realtime_sdk.create_client_secret",
    "import httpx (reference)": "import httpx",
}

_PROBE = "import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def time_once(stmt: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(stmt=stmt)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    samples: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.rounds):
        for name, stmt in CASES.items():
            samples[name].append(time_once(stmt))
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    print(f"{args.rounds} fresh processes per statement, interleaved; medians")
    baseline = statistics.median(samples["import asyncio (baseline)"])
    width = max(map(len, CASES))
    for name in CASES:
        median = statistics.median(samples[name])
        low = min(samples[name])
        print(
            f"{name:<{width}}  {median * 1000:7.1f} ms  (min {low * 1000:6.1f})"
            f"  {median / baseline:5.2f} x baseline"
        )


if __name__ == "__main__":
    main()
