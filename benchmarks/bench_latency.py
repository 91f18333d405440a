"""Benchmark of how fast the package answers: prints its figures (issue 11's bar).

Usage: python benchmarks/bench_latency.py [--runs 5]

Figures:

* ``peacetrap run sudden-peace`` in a fresh process once the machine has run it before
  (the kernel cache is warm): wall and CPU time, median of ``--runs``;
* the same command on a fresh machine (an empty cache folder, ``$PEACETRAP_CACHE``):
  wall time of one run (it generates the kernels from the definition; a run that small
  integrates in plain Python, so nothing is compiled);
* ``peacetrap plot`` of one run folder: wall time;
* ``simulate`` of one scenario in a process that has run before: median of 200 calls;
* what a fresh process spends importing ``peacetrap`` and loading the model, and whether
  sympy was imported on the way (it should not be when the cache is warm).

The load average is printed alongside: on a machine shared with other jobs the wall
times are longer than the CPU times.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
import reference  # benchmarks/reference.py: the machine's speed beside the figures

PROBE = """
import sys, time
t0 = time.perf_counter()
import peacetrap as pt
m = pt.load_model()
t1 = time.perf_counter()
print(f"{t1 - t0:.4f} {int('sympy' in sys.modules)} {int('matplotlib' in sys.modules)}")
"""


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("peacetrap")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "peacetrap"]


def timed_run(out: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds of ``peacetrap run sudden-peace`` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([*_cli(), "run", "sudden-peace", "--out", str(out)],
                          capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"peacetrap run failed:\n{proc.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        # a fresh machine: an empty cache folder
        env = dict(os.environ, PEACETRAP_CACHE=str(tmp_path / "cache"))
        wall, cpu, err = timed_run(tmp_path / "fresh", env)
        said = ("compiled numba's kernels and said so" if "compiling" in err else
                 "generated the kernels, ran them as plain Python, nothing to compile")
        print(f"peacetrap run sudden-peace, fresh machine   {wall:7.2f} s wall {cpu:6.2f} s CPU"
              f"   (bar: <= 20 s; {said})")
        shutil.rmtree(tmp_path / "cache", ignore_errors=True)

        timed_run(tmp_path / "warm-up")          # the usual cache: make sure it is warm
        walls, cpus = [], []
        for i in range(args.runs):
            wall, cpu, _ = timed_run(tmp_path / f"warm-{i}")
            walls.append(wall)
            cpus.append(cpu)
        print(f"peacetrap run sudden-peace, warm (median of {args.runs}) "
              f"{statistics.median(walls):7.2f} s wall {statistics.median(cpus):6.2f} s CPU"
              f"   (bar: <= 1.5 s wall; runs: {', '.join(f'{w:.2f}' for w in walls)})")
        t = time.perf_counter()
        subprocess.run([*_cli(), "plot", str(tmp_path / "warm-0"), "--out",
                        str(tmp_path / "figure")], check=True, capture_output=True)
        print(f"peacetrap plot of that run                  {time.perf_counter() - t:7.2f} s wall"
              "   (matplotlib's import and the nine panels)")

    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         check=True)
    seconds, sympy, mpl = out.stdout.split()
    print(f"import peacetrap + load_model(), warm      {float(seconds):7.3f} s        "
          f"   (sympy imported: {'yes' if sympy == '1' else 'no'}, matplotlib imported: "
          f"{'yes' if mpl == '1' else 'no'})")

    import peacetrap as pt

    model = pt.load_model()
    cal = pt.load_calibration(model, "appendix")
    peace = pt.load_scenario(model, "sudden-peace")
    pt.simulate(model, cal, [peace])
    times = []
    for _ in range(200):
        t = time.perf_counter()
        pt.simulate(model, cal, [peace])
        times.append(time.perf_counter() - t)
    print(f"simulate one scenario, in process (median of 200) {1e3 * statistics.median(times):6.3f} ms"
          "   (bar: <= 1 ms; history + 40 quarters)")


if __name__ == "__main__":
    print(reference.line())
    main()
    print(reference.line())
