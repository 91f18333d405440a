"""Performance of the experiments (a script that prints its figures, not a timed test).

Bars from issue 4 (2 cores): an ensemble of 100,000 draws x 40 quarters in at most 10 s,
and Sobol' indices with 1,024 base samples in at most 30 s.

    python benchmarks/bench_experiments.py [--draws 100000] [--samples 1024] [--threads N]

Figures printed:

* kernel preparation: generating and compiling the vectorised kernel (a cold cache
  compiles it once per machine and model version; a warm cache loads it);
* the scalar kernel of ``simulate`` on 10,000 draws, for comparison, and the vectorised
  kernel with the step refined per draw (the ensemble keeps three steps a quarter);
* the ensemble: draws x (history + 40 quarters), scenario and baseline, every
  draw's headline numbers and the per-quarter quantiles; also the integration alone
  with one scenario (the bar's literal reading);
* Sobol': 1,024 base samples x (k + 2) design points (k uncertain parameters), each
  run under scenario and baseline, and SALib's analysis of every headline number.

The machine's load average is printed first: the figures are wall times and other
processes on a shared machine slow them down.
"""

from __future__ import annotations

import argparse
import os
import time

import peacetrap as pt
from peacetrap.analysis.ensemble import outputs, run_ensemble
from peacetrap.core.fastbatch import kernels
from peacetrap.run.engine import STEPS_PER_QUARTER as n0
from peacetrap.run.vectorised import run_batch
from peacetrap.analysis.sensitivity import run_sensitivity
from peacetrap.analysis.uncertainty import priors
import reference  # benchmarks/reference.py: the machine's speed beside the figures


class clock:
    """Wall time and process CPU time of a block (CPU time / cores estimates an idle machine)."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.extra = ""

    def __enter__(self) -> "clock":
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.w0
        self.cpu = time.process_time() - self.c0
        cores = os.cpu_count() or 1
        print(f"  {self.label:52s} wall {self.wall:7.2f} s   cpu {self.cpu:7.2f} s "
              f"(cpu/{cores} {self.cpu / cores:6.2f} s) {self.extra}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--samples", type=int, default=1024)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--scenario", default="sudden-peace")
    args = ap.parse_args()

    print(f"cores {os.cpu_count()}, load average {os.getloadavg()[0]:.2f} "
          f"(1 min) before the run, peacetrap {pt.__version__}")
    model = pt.load_model()
    cal = pt.load_calibration(model, "default")
    sc = pt.load_scenario(model, args.scenario)
    base = pt.load_scenario(model, sc.baseline or "long-grind")
    pri = priors(model, cal)
    print(f"{len(pri.names)} uncertain parameters; quarters: spin-up + history "
          f"{(cal.history_end - cal.epoch).n + 1} + scenario 40")

    print("kernels")
    with clock("vectorised kernel ready (generate, compile or load)"):
        kernels(model, outputs(model))
        run_batch(model, cal, [sc, base], pri.draw(8, 0), 40, list(outputs(model)))
    with clock("scalar kernel ready (simulate's numba compile)"):
        pt.simulate(model, cal, [sc], quarters=0)

    print(f"for comparison, 10,000 draws x 40 quarters, one scenario, {n0} steps a quarter "
          "(as the ensemble)")
    d10 = pri.draw(10_000, 1)
    first = run_batch(model, cal, [sc], d10, 40, ["gdp_real"], steps_per_quarter=n0)
    # the draws that run at the ensemble's step (run_batch integrates a draw that fails
    # there again at 24 steps; simulate at a given step does not)
    d10 = d10[first.ok & (first.steps == n0)].reset_index(drop=True)
    with clock("scalar kernel: simulate(), states only"):
        pt.simulate(model, cal, [sc], d10, 40, steps_per_quarter=n0)
    with clock("vectorised kernel: run_batch()"):
        run_batch(model, cal, [sc], d10, 40, ["gdp_real"], steps_per_quarter=n0,
                  threads=args.threads)
    with clock("vectorised kernel, steps refined per draw") as c:
        run = run_batch(model, cal, [sc], d10, 40, ["gdp_real"], threads=args.threads)
        c.extra = f"(mean {run.steps.mean():.2f} steps a quarter)"

    n = args.draws
    draws = pri.draw(n, 2)
    print(f"ensemble: {n:,} draws x 40 quarters, {args.scenario} against {base.name}")
    with clock("integration only, one scenario"):
        run_batch(model, cal, [sc], draws, 40, ["gdp_real"], steps_per_quarter=n0,
                  threads=args.threads)
    with clock("full ensemble (scenario + baseline, headlines, quantiles)") as c:
        res = run_ensemble(model, cal, sc, base, draws, 40, progress=False)
        c.extra = f"({res.n_failed} draws failed)"

    print(f"sensitivity: Sobol', {args.samples} base samples")
    with clock("design, runs and SALib analysis") as c:
        sens = run_sensitivity(model, cal, sc, base, pri, "sobol", args.samples, 40, seed=0,
                               progress=False)
        c.extra = f"({sens.n_runs:,} runs x 2 scenarios, {sens.n_failed} failed)"
    print(f"  {'of which runs (wall)':52s} {sens.seconds:7.2f} s")
    print(f"load average after the run {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
