"""Benchmark of ``peacetrap validate``: the whole scoreboard, backtests included (bar: <= 60 s).

Usage: python benchmarks/bench_validate.py [--calibration NAME] [--workers N]

Figures, each in a fresh process (imports and numba compilation included):

* the command line end to end: ``peacetrap validate --out DIR`` (the bar), wall time,
  the CPU time of the process and its children, and the load average before the run
  (on a machine shared with other jobs the wall time grows with the load);
* its parts: import and model, then each group alone (long run, elasticities, backtests,
  history, scenarios, accounting).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from peacetrap.analysis.validate_spec import GROUP_KEYS
import reference  # benchmarks/reference.py: the machine's speed beside the figures

PARTS = """
import json, time
t0 = time.perf_counter()
import peacetrap as pt
from peacetrap.analysis.validate import validate
from peacetrap.analysis.validate_spec import GROUP_KEYS
model = pt.load_model()
cal = pt.load_calibration(model, {calibration!r})
t1 = time.perf_counter()
out = {{"import_and_model": t1 - t0}}
for g in GROUP_KEYS:
    t = time.perf_counter()
    board = validate(model, cal, [g], workers={workers})
    out[g] = time.perf_counter() - t
    out[g + "_rows"] = len(board.table)
print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calibration", default="appendix", help="calibration (default appendix)")
    ap.add_argument("--workers", type=int, default=2, help="backtest processes (default 2)")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}; load average before: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "board"
        cmd = [sys.executable, "-m", "peacetrap.cli", "validate", "--calibration",
               args.calibration, "--workers", str(args.workers), "--out", str(out), "--quiet"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        total = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if r.returncode not in (0, 1):
            sys.exit(f"peacetrap validate failed:\n{r.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        summary = r.stdout.strip().splitlines()[-2]
        print(f"peacetrap validate --calibration {args.calibration}, end to end (fresh process)"
              f"   {total:6.1f} s wall, {cpu:6.1f} s CPU   (bar: <= 60 s)")
        print(f"  {summary}")
    code = PARTS.format(calibration=args.calibration, workers=args.workers)
    r = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    parts = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"  {'import and model':32s} {parts['import_and_model']:6.2f} s")
    for g in GROUP_KEYS:
        print(f"  {g:32s} {parts[g]:6.2f} s   ({parts[g + '_rows']} rows)")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
