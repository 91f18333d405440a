"""Benchmark of the model core: prints its figures (the issue's performance bar).

Usage: python benchmarks/bench_model.py

Figures: a fresh process's first run (kernels loaded from the disk cache once the machine
has compiled them; benchmarks/bench_latency.py measures a fresh machine), one 10-year run after
the first (history + 40 quarters), a batch of 10,000 parameter sets in one call, and
the step-halving check (largest change of a reported figure).
"""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import pandas as pd
import reference  # benchmarks/reference.py: the machine's speed beside the figures

FIRST = """
import time
t0 = time.perf_counter()
import peacetrap as pt
m = pt.load_model(); cal = pt.load_calibration(m, "default"); sc = pt.load_scenario(m, "sudden-peace")
t1 = time.perf_counter()
pt.simulate(m, cal, [sc])
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
"""


def main() -> None:
    out = subprocess.run([sys.executable, "-c", FIRST], capture_output=True, text=True, check=True)
    imp, first = map(float, out.stdout.split())
    print(f"import and load (fresh process)         {imp:8.3f} s")
    print(f"first run in a fresh process            {first:8.3f} s   (kernels from the disk cache)")

    import peacetrap as pt
    from peacetrap.run.timeline import CONTRACT

    m = pt.load_model()
    cal = pt.load_calibration(m, "default")
    sc = pt.load_scenario(m, "sudden-peace")
    pt.simulate(m, cal, [sc])
    times = []
    for _ in range(50):
        t = time.perf_counter()
        pt.simulate(m, cal, [sc], quarters=40)
        times.append(time.perf_counter() - t)
    print(f"one 10-year run (median of 50)          {1e3 * np.median(times):8.2f} ms  (bar: <= 5 ms)")

    rng = np.random.default_rng(0)
    names = [n for n in m.layout.parameters if n not in m.info.scale_parameters]
    draws = pd.DataFrame({n: rng.uniform(*m.spec.quantities[n].bounds, 10_000) for n in names})
    defaults = pd.concat([m.defaults()[m.layout.parameters].to_frame().T] * 10_000,
                         ignore_index=True)
    for label, batch in (("defaults", defaults),):
        best = np.inf
        for _ in range(3):
            t = time.perf_counter()
            pt.simulate(m, cal, [sc], batch, quarters=40)
            best = min(best, time.perf_counter() - t)
        print(f"batch of 10,000 sets ({label}), best of 3 {best:8.3f} s   (bar: <= 2 s)")
    fails = 0
    for i in range(0, 10_000, 20):
        try:
            pt.simulate(m, cal, [sc], draws.iloc[i])
        except pt.SimulationError:
            fails += 1
    print(f"random draws over all ranges that fail  {100 * fails / 500:8.1f} %   (500 draws, "
          "each failure an error naming variable and quarter)")

    grind = pt.load_scenario(m, "long-grind")
    cols = [c for c in CONTRACT if c not in ("quarter", "scenario")]
    worst = 0.0
    for k in range(2):
        run = pt.simulate(m, cal, [sc, grind])
        a = run.timeline(k)[cols].to_numpy()
        b = pt.simulate(m, cal, [sc, grind], steps_per_quarter=2 * int(run.steps[0]))
        b = b.timeline(k)[cols].to_numpy()
        worst = max(worst, float(np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1.0))))
    print(f"step halving: largest change of a figure {100 * worst:8.4f} %   (bar: < 0.1 %)")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
