"""Benchmark of ``peacetrap paper``: prints the time of the whole bundle (bar: <= 60 s on 2 cores).

Usage: python benchmarks/bench_paper.py [--draws N] [--samples N]

Figures, each in a fresh process (so numba compilation and imports are included):

* the command line end to end: ``peacetrap paper --out DIR`` (the bar);
* its parts: import and model, then each computing step (fit, scenarios,
  decomposition, ensemble, Sobol sensitivity) and writing the bundle (tables,
  numbers, equations, figures, main.tex);
* ``pdflatex main.tex`` twice on the bundle, when pdflatex is installed (not part of the bar).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
import reference  # benchmarks/reference.py: the machine's speed beside the figures

PARTS = """
import json, sys, tempfile, time
from dataclasses import replace
from pathlib import Path
t0 = time.perf_counter()
import peacetrap as pt
from peacetrap.paper.bundle import compute, write_bundle
from peacetrap.paper.settings import PaperSettings
model = pt.load_model()
t1 = time.perf_counter()
s = PaperSettings()
if {draws} is not None: s = replace(s, draws={draws})
if {samples} is not None: s = replace(s, samples={samples})
res = compute(s, model)
t2 = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    write_bundle(Path(d), res)
t3 = time.perf_counter()
print(json.dumps({{"import_and_model": t1 - t0, **res.timings, "write_bundle": t3 - t2,
                  "total": t3 - t0, "draws": s.draws, "failed_draws": res.ensemble.n_failed,
                  "samples": s.samples, "sobol_runs": res.sensitivity_info["runs"],
                  "failed_runs": res.sensitivity_info["failed"],
                  "parameters": res.sensitivity_info["parameters"],
                  "n_scenarios": len(res.comparison.scenarios)}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=None, help="ensemble draws (default 2000)")
    ap.add_argument("--samples", type=int, default=None, help="Sobol base samples (default 512)")
    args = ap.parse_args()
    print(f"cores: {os.cpu_count()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bundle"
        cmd = [sys.executable, "-m", "peacetrap.cli", "paper", "--out", str(out)]
        if args.draws:
            cmd += ["--draws", str(args.draws)]
        if args.samples:
            cmd += ["--samples", str(args.samples)]
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, text=True)
        total = time.perf_counter() - t
        print(f"peacetrap paper, end to end (fresh process)   {total:7.1f} s   (bar: <= 60 s)")

        code = PARTS.format(draws=args.draws, samples=args.samples)
        r = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                           text=True)
        parts = json.loads(r.stdout.strip().splitlines()[-1])
        print(f"  sizes: {parts['n_scenarios']} scenarios; ensemble {parts['draws']} draws "
              f"({parts['failed_draws']} failed); Sobol N = {parts['samples']}, "
              f"{parts['parameters']} parameters, {parts['sobol_runs']} runs "
              f"({parts['failed_runs']} failed)")
        for key, label in [("import_and_model", "import and model"),
                           ("fit", "calibration fit (incl. first compile)"),
                           ("scenarios", "scenario library, one batch"),
                           ("decomposition", "decomposition (Shapley, 2^k runs)"),
                           ("ensemble", "ensemble"), ("sensitivity", "Sobol sensitivity"),
                           ("validation", "validation scoreboard (incl. backtests)"),
                           ("write_bundle", "tables, numbers, figures, main.tex"),
                           ("total", "total (parts, fresh process)")]:
            print(f"  {label:40s} {parts[key]:7.2f} s")

        pdflatex = shutil.which("pdflatex")
        if pdflatex is None:
            print("pdflatex main.tex (twice): pdflatex not installed")
            return
        t = time.perf_counter()
        for _ in range(2):
            subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "main.tex"],
                           cwd=out, check=True, capture_output=True)
        print(f"pdflatex main.tex, twice (not in the bar)     {time.perf_counter() - t:7.1f} s")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
