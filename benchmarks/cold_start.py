"""Cold start: `import realtime_sdk` and the first decode of an event type, each in a fresh process.

A new process pays once for what the codec prepares on first use. This script starts one Python process
per event type (the published GA server examples in tests/fixtures/openai-spec/ga, plus the beta and
translation `session.created`), and in each measures

  1. `import realtime_sdk` (wall time, `time.perf_counter` around the import),
  2. loading the modules behind the API: the package's `__init__` is lazy, so the first touch of
     `decode_server_event` (or of `Session`, measured as well) imports the models and the codec;
     an application pays this once, before its first event (when it builds its Session),
  3. the first `decode_server_event` of that event type (the cost a new process adds to its first event),
  4. the second and third decodes of the same payload (the third is the warm cost).

Target (issue 12, item 6): the first decode of any event type costs at most 30 ms.
Run: `python benchmarks/cold_start.py` (`--quick` measures a handful of types, `--repeat N` runs each
type N times and keeps the median).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

SPEC = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "openai-spec"
TARGET_MS = 30.0

_CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import realtime_sdk
t1 = time.perf_counter()
text, dialect = sys.argv[1], sys.argv[2]
realtime_sdk.decode_server_event  # the lazy `__init__` imports the codec and the models here
t_load = time.perf_counter()
realtime_sdk.Session  # and the rest of what a Session needs
t2 = time.perf_counter()
realtime_sdk.decode_server_event(text, dialect=dialect)
t3 = time.perf_counter()
realtime_sdk.decode_server_event(text, dialect=dialect)
t4 = time.perf_counter()
realtime_sdk.decode_server_event(text, dialect=dialect)
t5 = time.perf_counter()
print(json.dumps({
    "import": t1 - t0, "load": t_load - t1, "session": t2 - t_load,
    "first": t3 - t2, "second": t4 - t3, "third": t5 - t4,
}))
"""


def cases(quick: bool) -> list[tuple[str, str, str]]:
    """(label, payload, dialect) for each measured event type."""
    out = []
    for path in sorted((SPEC / "ga").glob("server_ga_*.json")):
        text = path.read_text()
        out.append((json.loads(text)["type"].strip(), text, "ga"))
    for dialect, folder in (("beta", "beta-2025-04-29"), ("translation", "translation")):
        for path in sorted((SPEC / folder).glob("server_*session.created.json")):
            text = path.read_text()
            out.append((f"{dialect}:{json.loads(text)['type']}", text, dialect))
    if quick:
        keep = {"session.created", "response.done", "response.output_audio.delta"}
        out = [c for c in out if c[0] in keep or ":" in c[0]]
    return out


def run_one(text: str, dialect: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, text, dialect],
        check=True,
        capture_output=True,
        text=True,
    )
    return {k: v * 1000 for k, v in json.loads(done.stdout).items()}


def main() -> None:
    quick = "--quick" in sys.argv
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    rows = []
    imports = []
    loads = []
    sessions = []
    for label, text, dialect in cases(quick):
        runs = [run_one(text, dialect) for _ in range(repeat)]
        imports += [r["import"] for r in runs]
        loads += [r["load"] for r in runs]
        sessions += [r["session"] for r in runs]
        rows.append(
            (
                label,
                statistics.median(r["first"] for r in runs),
                statistics.median(r["second"] for r in runs),
                statistics.median(r["third"] for r in runs),
            )
        )
    print(
        f"Python {sys.version.split()[0]}; {len(rows)} event types, median of {repeat} processes each"
    )
    print(
        f"import realtime_sdk: median {statistics.median(imports):.0f} ms, max {max(imports):.0f} ms"
    )
    print(
        f"first touch of decode_server_event (imports the codec and models): median "
        f"{statistics.median(loads):.0f} ms; then of Session (the rest): median "
        f"{statistics.median(sessions):.0f} ms"
    )
    print(f"{'event type':48} {'first decode':>14} {'second':>11} {'third':>10}")
    for label, first, second, third in sorted(rows, key=lambda r: -r[1]):
        print(f"{label:48} {first:11.2f} ms {second:8.2f} ms {third * 1000:7.1f} us")
    worst = max(r[1] for r in rows)
    verdict = "ok" if worst <= TARGET_MS else "OVER"
    print(f"worst first decode: {worst:.1f} ms (target <= {TARGET_MS:.0f} ms): {verdict}")


if __name__ == "__main__":
    main()
