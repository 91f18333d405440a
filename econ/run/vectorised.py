r"""Large batches on shared input paths: the vectorised kernel over value sets × scenarios.

The kernel (:mod:`peacetrap.core.fastbatch`) integrates members along its fast
axis with the same RK4 scheme as :func:`peacetrap.run.simulate`.  Two savings,
both exact: the history is integrated once per value set and each scenario
continues from the first step where the scenarios' inputs differ; only the
requested outputs are kept.  A member that fails (a stock not finite or
outside its bounds) is integrated again at the most steps a quarter, and if it fails there
too it is flagged in ``status`` rather than raising, so an ensemble can count
and drop it.
"""

from __future__ import annotations

from collections.abc import Sequence
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peacetrap.core.fastbatch import BLOCK, kernels
from peacetrap.core.model import Model
from peacetrap.errors import InputError
from peacetrap.run.engine import (STEPS_PER_QUARTER, Grid, failure, refined_steps, stock_limits,
                                  value_batch)
from peacetrap.run.setups import Calibration, Scenario, input_grid


@dataclass
class BatchRun:
    """Outputs of a large batch.

    Attributes
    ----------
    outputs : numpy.ndarray
        ``(n_sets, n_scenarios, n_quarters, n_outputs)`` in display units, at
        quarter ends from the first spin-up quarter on.
    names : list of str
        Output names (stocks, flows or auxiliaries of the model).
    periods : pandas.PeriodIndex
        Quarter of each row.
    status : numpy.ndarray
        ``(n_sets, n_scenarios, 3)`` int: failure code (0 ok, 1 non-finite,
        2 below its lower bound, 3 above its upper bound), stock index and step of the
        first failure.
    steps : numpy.ndarray
        ``(n_sets,)``: RK4 steps a quarter each set was integrated with (the step of
        ``status``).
    """

    outputs: np.ndarray
    names: list[str]
    periods: pd.PeriodIndex
    status: np.ndarray
    steps: np.ndarray | None = None

    @property
    def ok(self) -> np.ndarray:
        """``(n_sets,)``: the set ran without failure under every scenario."""
        return (self.status[..., 0] == 0).all(axis=1)


def shared_steps(u: np.ndarray) -> int:
    """Leading steps whose inputs are the same in every scenario block.

    ``u`` is ``(n_scenarios, 3 n_steps, n_inputs)`` (start, midpoint and end of each step).
    """
    n_steps = u.shape[1] // 3
    if u.shape[0] == 1:
        return n_steps
    same = (u == u[:1]).all(axis=(0, 2)).reshape(n_steps, 3).all(axis=1)
    return int(np.argmin(same)) if not same.all() else n_steps


def run_batch(model: Model, calibration: Calibration, scenarios: Sequence[Scenario | None],
              values: pd.DataFrame, quarters: int, outputs: list[str], *,
              steps_per_quarter: int | None = None, threads: int | None = None,
              block: int = BLOCK) -> BatchRun:
    r"""Integrate every value set under every scenario; keep only ``outputs``.

    Same model, grid and RK4 scheme as :func:`peacetrap.run.simulate`; see the
    module docstring for what differs (vectorised kernel, shared history,
    outputs only, failures flagged not raised).

    Parameters
    ----------
    values : pandas.DataFrame
        One row per value set (display units); missing names take the
        calibration's values, then the model's defaults.
    outputs : list of str
        Stocks, flows or auxiliaries to record at quarter ends.
    steps_per_quarter : int, optional
        RK4 steps a quarter for every set (default: chosen per set from its error
        estimate, as :func:`peacetrap.run.simulate.simulate` does: sets above the
        tolerance are integrated again, grouped by the steps they need).  Either way
        a set that fails is integrated again at
        :data:`~peacetrap.run.engine.MAX_STEPS_PER_QUARTER` and is flagged only if it
        fails there too (``steps`` records the step each set ran at).
    threads : int, optional
        Threads over which the batch is split (default: all cores).
    block : int
        Members integrated together (cache blocking).

    Returns
    -------
    BatchRun
    """
    known = set(model.layout.stocks) | set(model.layout.derived)
    for n in outputs:
        if n not in known:
            raise InputError(f"unknown output '{n}'")
    batch = value_batch(model, calibration, values)
    p, x0 = model.internal(batch)
    P = np.ascontiguousarray(p.T)
    X0 = np.ascontiguousarray(x0.T)
    n0 = steps_per_quarter or STEPS_PER_QUARTER
    grid = Grid.of(calibration, quarters, n0)
    n = P.shape[1]
    n_sc = len(scenarios)
    out = np.empty((n_sc, grid.n_quarters, len(outputs), n))   # every member is written
    status = np.zeros((n_sc, 3, n), dtype=np.int64)
    err = np.zeros((n_sc, n))
    # the error estimate is needed only to choose the steps
    _integrate(model, calibration, scenarios, outputs, grid, P, X0, out, status, err,
               threads, block, estimate=steps_per_quarter is None)
    # a set that failed under any scenario is integrated again at the most steps (its step,
    # not its economy, may have failed), whether or not the step is otherwise refined
    failed = (status[:, 0, :] != 0).any(axis=0)
    if steps_per_quarter is None:
        steps = refined_steps(err.max(axis=0), n0, failed=failed)
    else:
        steps = refined_steps(np.full(n, np.nan), n0, failed=failed)
    for k_steps in np.unique(steps[steps > n0]):
        idx = np.flatnonzero(steps == k_steps)
        o = np.empty(out.shape[:3] + (len(idx),))
        st = np.zeros((n_sc, 3, len(idx)), dtype=np.int64)
        e = np.zeros((n_sc, len(idx)))
        _integrate(model, calibration, scenarios, outputs,
                   Grid.of(calibration, quarters, int(k_steps)),
                   np.ascontiguousarray(P[:, idx]), np.ascontiguousarray(X0[:, idx]),
                   o, st, e, threads, block, estimate=False)
        out[..., idx], status[..., idx] = o, st
    q = model.quantities
    scale = np.array([q[o].to_display for o in outputs])
    out *= scale[None, None, :, None]
    res = np.transpose(out, (3, 0, 1, 2))             # a view, no copy
    return BatchRun(outputs=res, names=list(outputs), periods=grid.periods,
                    status=np.transpose(status, (2, 0, 1)), steps=steps)


def _integrate(model: Model, calibration: Calibration, scenarios: Sequence[Scenario | None],
               outputs: list[str], grid: Grid, P: np.ndarray, X0: np.ndarray, out: np.ndarray,
               status: np.ndarray, err: np.ndarray, threads: int | None, block: int,
               estimate: bool) -> None:
    """One pass of the vectorised kernel over every set at ``grid``'s step (``err`` written
    only with ``estimate``)."""
    n_steps, dt, every = grid.n_steps, grid.dt, grid.steps_per_quarter
    u = np.ascontiguousarray(np.transpose(input_grid(model, calibration, scenarios,
                                                     grid.stage_times()),
                                          (0, 2, 1)))          # (n_sc, 3 n_steps, n_in)
    n_shared = shared_steps(u)
    # the shared phase must end on a recorded quarter so rows are copied whole
    n_shared -= n_shared % every
    limits = stock_limits(model)
    k = kernels(model, tuple(outputs), block)
    n = P.shape[1]
    workers = max(1, min(threads or os.cpu_count() or 1, -(-n // block)))
    n_blocks = -(-n // block)
    edges = [min(n, (n_blocks * w // workers) * block) for w in range(workers)] + [n]

    def work(lo: int, hi: int) -> None:
        k.integrate(P, X0, u, lo, hi, n_shared, n_steps, dt, every, limits, out, status, err,
                    estimate)

    if workers == 1:
        work(0, n)
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(work, edges[:-1], edges[1:]))


def describe_failure(model: Model, calibration: Calibration, status: np.ndarray,
                     steps_per_quarter: int = STEPS_PER_QUARTER) -> str:
    """``"<stock> became negative in <quarter>"`` (or another failure, see
    :func:`peacetrap.run.engine.failure`) for one status row ``(code, stock, step)``."""
    return str(failure(model, Grid.of(calibration, 0, steps_per_quarter), status))
