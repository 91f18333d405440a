"""A fixed reference workload, so that the machine's speed can be told from the code's.

The benchmarks' figures are wall times on a shared machine whose speed moves between days
and within minutes (other tenants, frequency scaling).  A figure that changes between two
commits is a change of the code only if the machine ran at the same speed, so every
benchmark prints this workload's time before and after its own figures, and the README
records them together.

The workload never changes (a changed workload would make the recorded figures
incomparable) and uses nothing of peacetrap:

* ``vector``: numpy's exp and log over 2,000,000 doubles, four passes (SIMD transcendental
  arithmetic, as in the vectorised kernel), one thread;
* ``interpreter``: 300,000 iterations of a Python loop with float arithmetic, attribute
  and dict look-ups (as in the scalar paths of ``simulate`` and the command line);
* ``two threads``: the vector workload on two threads at once, one copy each (numpy
  releases the GIL), as the batch, the ensemble and the backtests use both cores.  On an
  idle two-core machine it takes as long as ``vector``; when another tenant holds part of
  the second core it takes longer, and the multi-threaded figures slow with it while the
  one-thread figures do not (added on 2026-12-02, when the ensemble ran 1.7 times slower
  than in the morning with ``vector`` unchanged).

Each is the minimum of seven repetitions in milliseconds.  A figure divided by the
reference taken beside it compares across machines and days to within the noise of
both.

    python benchmarks/reference.py
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

REPEAT = 7


def _vector(x: np.ndarray) -> float:
    y = np.exp(-x)
    y = np.log1p(y)
    y += np.log(x) * 0.5
    return float(np.exp(-y).sum())


def _interpreter(n: int = 300_000) -> float:
    table = {"a": 1.0001, "b": 0.9999}
    acc = 0.0
    for i in range(n):
        acc = acc * table["a"] + (i % 7) * table["b"] - acc * 1e-4
    return acc


def _best(f, *args) -> float:  # noqa: ANN001 - any callable
    best = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        f(*args)
        best = min(best, time.perf_counter() - t0)
    return best * 1e3


def measure() -> tuple[float, float, float]:
    """Milliseconds of the vector, interpreter and two-thread workloads (minimum of seven
    each).

    Returns
    -------
    tuple of float
        ``(vector_ms, interpreter_ms, two_threads_ms)``.
    """
    x = np.linspace(0.01, 20.0, 2_000_000)
    copies = [x, x.copy()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        two = _best(lambda: list(pool.map(_vector, copies)))
    return _best(_vector, x), _best(_interpreter), two


def line() -> str:
    """One printable line: ``reference workload: vector X ms, interpreter Y ms, two threads
    Z ms (<UTC time>, commit <hash>)``, the time and the checkout's commit (where the
    package runs from a git checkout) being what a recorded figure is dated by."""
    from datetime import datetime, timezone

    from peacetrap.io.outputs import git_commit

    v, i, t = measure()
    commit = git_commit()
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"reference workload: vector {v:6.1f} ms, interpreter {i:6.1f} ms, "
            f"two threads {t:6.1f} ms ({when}, commit {commit[:7] if commit else 'unknown'})")


if __name__ == "__main__":
    print(line())
