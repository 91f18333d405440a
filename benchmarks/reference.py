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
  and dict look-ups (as in the scalar paths of ``simulate`` and the command line).

Each is the minimum of seven repetitions in milliseconds.  A figure divided by the
reference taken beside it compares across machines and days to within the noise of
both.

    python benchmarks/reference.py
"""

from __future__ import annotations

import time

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


def measure() -> tuple[float, float]:
    """Milliseconds of the vector and the interpreter workloads (minimum of seven each).

    Returns
    -------
    tuple of float
        ``(vector_ms, interpreter_ms)``.
    """
    x = np.linspace(0.01, 20.0, 2_000_000)
    return _best(_vector, x), _best(_interpreter)


def line() -> str:
    """One printable line: ``reference workload: vector X ms, interpreter Y ms``."""
    v, i = measure()
    return f"reference workload: vector {v:6.1f} ms, interpreter {i:6.1f} ms"


if __name__ == "__main__":
    print(line())
