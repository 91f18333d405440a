"""Calibration performance figures (a script, not a timed test).

Prints the wall time of the appendix and observed calibrations (the search
only, after the one-off numba compilation, which is timed separately), the
number of simulations they ran and the cost of one simulation and of one
batch.  Targets from the issue: appendix <= 2 s, observed <= 10 s.

    python benchmarks/bench_calibration.py
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

import peacetrap as pt
from peacetrap.calibrate.batch import run_batch
from peacetrap.calibrate.fit import calibrate
from peacetrap.calibrate.targets import load_targets
import reference  # benchmarks/reference.py: the machine's speed beside the figures


def main() -> None:
    t0 = time.perf_counter()
    model = pt.load_model()
    cal = pt.load_calibration(model, "default")
    model.kernels.compiled()              # a calibration's work soon passes the plain-Python budget
    pt.simulate(model, cal, [None], quarters=0)
    print(f"model build + numba compile      {time.perf_counter() - t0:7.2f} s (once per process)")
    n = 50
    t = time.perf_counter()
    for _ in range(n):
        pt.simulate(model, cal, [None], quarters=0)
    print(f"one simulation (simulate)        {1e3 * (time.perf_counter() - t) / n:7.2f} ms")
    frame = pd.DataFrame({"wage_phillips": np.linspace(0.05, 0.12, 24)})
    t = time.perf_counter()
    for _ in range(10):
        run_batch(model, cal, frame)
    print(f"batch of 24 (run_batch)          {1e3 * (time.perf_counter() - t) / 10:7.2f} ms")
    for name, budget in (("appendix", 2.0), ("observed", 10.0)):
        tset = load_targets(model, name)
        times = []
        for _ in range(3):
            t = time.perf_counter()
            res = calibrate(model, tset)
            times.append(time.perf_counter() - t)
        d = res.diagnostics
        best = min(times)
        print(f"{name:9s} calibration            {best:7.2f} s (best of 3; budget {budget:g} s, "
              f"{'OK' if best <= budget else 'OVER'}); {d['starts']} starts, "
              f"{d['simulations'] if 'simulations' in d else '?'} simulated sets, "
              f"objective {d['objective']:.4g}, largest |rel. error| "
              f"{100 * (d['max_abs_rel_error'] or 0):.3g}%")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
