r"""The run engine shared by every integrator: the time grid, stock floors and failures.

Three drivers integrate the model: :func:`peacetrap.run.simulate.simulate`
(scalar kernel, one input block per scenario), :func:`peacetrap.calibrate.batch.run_batch`
(scalar kernel, one input block per history) and
:func:`peacetrap.run.vectorised.run_batch` (vectorised kernel).  They share
what is defined here, so a run means the same thing whichever computes it:

* the grid (:class:`Grid`): a spin-up year, the calibration's history and the
  scenario quarters, :math:`n` RK4 steps of :math:`h = 1/(4n)` years a quarter,
  inputs read at each step's start, midpoint and the left limit of its end;
* the step (:func:`refined_steps`): a first pass at :data:`STEPS_PER_QUARTER`
  steps a quarter estimates each member's local error; a member whose estimate
  exceeds :data:`STEP_TOLERANCE` is integrated again with the steps that bring it
  within (fourth order: the estimate falls as :math:`h^4`);
* the limits (:func:`stock_limits`): the lowest and highest value a stock may
  take (its declared bounds, internal units); a stock outside them, or not
  finite, fails the run;
* the failure report (:func:`failure`): which stock failed, how, and in which quarter;
* the value sets (:func:`value_batch`) and the derived quantities along a run
  (:func:`evaluate_derived`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from peacetrap.core.info import ABOVE, BELOW, NOT_FINITE
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration

#: Integration steps per quarter (RK4) of a run's first pass (see :func:`refined_steps`).
STEPS_PER_QUARTER = 3
#: Largest local error estimate a run keeps: the kernels' embedded estimate (relative to
#: each stock's scale along the run); a member above it is integrated again with more
#: steps.  Measured: the step-halving change of the reported figures is 2-4 times the
#: estimate (default 1.5e-4 against 6.6e-5, appendix 5.4e-4 against 1.7e-4, observed
#: calibration 1.2e-2 against 3.1e-3), so the charter's bar on that change (1e-3) over
#: the largest ratio (4).
STEP_TOLERANCE = 2.5e-4
#: Most steps a quarter the refinement takes (eight times the first pass).
MAX_STEPS_PER_QUARTER = 8 * STEPS_PER_QUARTER


@dataclass(frozen=True)
class Grid:
    """The time grid of a run: spin-up year, history and ``quarters`` scenario quarters.

    Attributes
    ----------
    epoch : pandas.Period
        First quarter (of the spin-up year).
    n_quarters : int
        Quarters integrated, the spin-up year included.
    steps_per_quarter : int
        RK4 steps a quarter.
    """

    epoch: pd.Period
    n_quarters: int
    steps_per_quarter: int = STEPS_PER_QUARTER

    @classmethod
    def of(cls, calibration: Calibration, quarters: int,
           steps_per_quarter: int = STEPS_PER_QUARTER) -> Grid:
        """The grid of ``calibration``'s history followed by ``quarters`` quarters."""
        n_q = (calibration.history_end - calibration.epoch).n + 1 + quarters
        return cls(calibration.epoch, n_q, steps_per_quarter)

    @property
    def n_steps(self) -> int:
        return self.n_quarters * self.steps_per_quarter

    @property
    def dt(self) -> float:
        """Step length, years."""
        return 0.25 / self.steps_per_quarter

    @property
    def periods(self) -> pd.PeriodIndex:
        """The quarter of each recorded quarter end."""
        return pd.period_range(self.epoch, periods=self.n_quarters, freq="Q")

    def stage_times(self) -> np.ndarray:
        """Times at which the RK4 kernel reads inputs: per step its start (right limit),
        midpoint and end (left limit, 1e-9 years before the next step), in years."""
        starts = np.arange(self.n_steps) * self.dt
        return np.column_stack([starts, starts + self.dt / 2, starts + self.dt - 1e-9]).ravel()

    def quarter_of_step(self, step: int) -> pd.Period:
        """The quarter in which step ``step`` ends (steps counted from 1)."""
        return self.epoch + int(np.floor(step / self.steps_per_quarter - 1e-9))


def stock_limits(model: Model) -> np.ndarray:
    """Lowest (row 0) and highest (row 1) allowed value of each stock, ``(2, n_stocks)``
    in internal units (-inf and inf where unbounded; 1e-9 of slack for rounding)."""
    q = model.quantities
    bounds = [(q[n].bounds, model.factor(n)) for n in model.layout.stocks]
    return np.array([[-np.inf if lo is None else lo * f - 1e-9 for (lo, _), f in bounds],
                     [np.inf if hi is None else hi * f + 1e-9 for (_, hi), f in bounds]])


@dataclass(frozen=True)
class Failure:
    """The first failure of a member: ``variable`` ``what`` in ``quarter``."""

    variable: str
    what: str
    quarter: pd.Period
    years: float

    def __str__(self) -> str:
        return f"{self.variable} {self.what} in {self.quarter}"


def failure(model: Model, grid: Grid, status: np.ndarray) -> Failure:
    """Describe one kernel status row ``(code, stock, step)`` (code 0 is no failure)."""
    code, var, step = (int(v) for v in status)
    name = model.layout.stocks[var]
    q = model.quantity(name)
    lo, hi = q.bounds
    if code == NOT_FINITE:
        what = "is not finite"
    elif code == BELOW:
        what = "became negative" if not lo else f"fell below its lower bound {lo:g} {q.shown_unit}"
    elif code == ABOVE:
        what = f"rose above its upper bound {hi:g} {q.shown_unit}"
    else:
        what = "ok"
    return Failure(name, what, grid.quarter_of_step(step), step * grid.dt)


def value_batch(model: Model, calibration: Calibration,
                values: pd.Series | pd.DataFrame | None) -> pd.DataFrame:
    """Complete value sets: model defaults, overridden by the calibration's values,
    overridden by ``values`` (one set, or one row per set). Display units."""
    base = calibration.values
    if values is None:
        return model.complete(base if len(base) else None)
    if isinstance(values, pd.Series):
        merged = pd.concat([base[~base.index.isin(values.index)], values.astype(float)])
        return model.complete(merged)
    frame = values.reset_index(drop=True)
    missing = base[~base.index.isin(frame.columns)]
    if len(missing):
        frame = pd.concat([frame, pd.DataFrame({name: np.full(len(frame), float(val))
                                                for name, val in missing.items()},
                                               index=frame.index)], axis=1)
    return model.complete(frame.copy())


def refined_steps(err: np.ndarray, steps: int = STEPS_PER_QUARTER,
                  tolerance: float = STEP_TOLERANCE,
                  failed: np.ndarray | None = None) -> np.ndarray:
    r"""Steps a quarter that bring each member's error estimate within ``tolerance``.

    The kernels' estimate :math:`e` (see :func:`peacetrap.core.codegen.module_source`)
    is a local error of order :math:`h^4`, so :math:`n` steps give about
    :math:`e\,(n_0/n)^4`: :math:`n = \lceil n_0 (e / \mathrm{tol})^{1/4} \rceil`,
    at least ``steps`` (:math:`n_0`) and at most :data:`MAX_STEPS_PER_QUARTER`.
    A member without an estimate (``nan``) keeps ``steps``, unless its pass failed.

    A member whose pass failed (``failed``: a stock left its bounds or is not finite)
    gets the most steps: an explicit step too long for a fast member's dynamics
    overshoots by itself (RK4 is stable for :math:`|\lambda h| \lesssim 2.8`), so
    the member is declared failed only if it fails at :data:`MAX_STEPS_PER_QUARTER`
    too.
    """
    e = np.asarray(err, dtype=float)
    n = np.full(e.shape, steps, dtype=np.int64)
    if failed is not None:
        n[np.asarray(failed, dtype=bool)] = max(steps, MAX_STEPS_PER_QUARTER)
    over = e > tolerance                       # nan (no estimate) is not
    if over.any():
        with np.errstate(over="ignore", invalid="ignore"):
            need = np.ceil(steps * (e[over] / tolerance) ** 0.25 - 1e-9)
        top = max(steps, MAX_STEPS_PER_QUARTER)
        n[over] = np.maximum(n[over], np.where(np.isfinite(need), np.minimum(need, top),
                                               top).astype(np.int64))
    return n


def refine_members(model: Model, x0: np.ndarray, p: np.ndarray,
                   inputs: Callable[[Grid], np.ndarray], grid: Grid, out: np.ndarray,
                   status: np.ndarray, err: np.ndarray, group: int = 1) -> np.ndarray:
    """Integrate again, with more steps, the members whose first pass was not accurate
    or failed.

    ``out``, ``status`` and ``err`` hold the first pass (quarter ends, ``grid``'s
    steps); the members that need more steps (:func:`refined_steps`; the most any
    member of a ``group`` of consecutive members needs, for all of them: the
    scenarios of one value set share a step) are run again on a grid of that many
    steps, ``inputs(grid)`` giving its input blocks (one block, one per member or
    one per member of a group), and their rows replaced.

    Returns
    -------
    numpy.ndarray
        Steps a quarter of each member.
    """
    base = grid.steps_per_quarter
    need = refined_steps(err, base, failed=status[:, 0] != 0).reshape(-1, group).max(
        axis=1).repeat(group)
    for steps in np.unique(need[need > base]):
        idx = np.flatnonzero(need == steps)
        g = replace(grid, steps_per_quarter=int(steps))
        u = inputs(g)
        if u.shape[0] not in (1, group):
            u = np.ascontiguousarray(u[idx % u.shape[0]])
        o = np.full((len(idx),) + out.shape[1:], np.nan)
        st = np.zeros((len(idx), 3), dtype=np.int64)
        e = np.zeros(len(idx))
        integrate_members(model, np.ascontiguousarray(x0[idx]), np.ascontiguousarray(p[idx]),
                          u, g, int(steps), o, st, e)
        out[idx], status[idx], err[idx] = o, st, e
    return need


def integrate_members(model: Model, x0: np.ndarray, p: np.ndarray, u: np.ndarray, grid: Grid,
                      every: int, out: np.ndarray, status: np.ndarray,
                      err: np.ndarray | None = None) -> None:
    """Run the scalar RK4 kernel over members, in threads over chunks when the batch is large.

    Member ``b`` reads input block ``b % n_blocks`` of ``u``; ``out`` receives the
    state every ``every`` steps, ``status`` each member's first failure and ``err``
    (if given) each member's local error estimate.
    """
    if err is None:
        err = np.zeros(x0.shape[0])
    limits = stock_limits(model)
    dt, n_steps = grid.dt, grid.n_steps
    n = x0.shape[0]
    n_blocks = u.shape[0]
    kernel, compiled = model.kernels.integrator(n * n_steps)
    if not compiled:
        try:
            with np.errstate(all="ignore"):
                kernel(x0, p, u, dt, n_steps, every, limits, out, status, err)
            return
        except (ArithmeticError, ValueError):
            # plain Python raises where numba's numpy error model gives inf or nan
            # (math.exp overflow, log of a negative number): run it compiled instead
            status[:] = 0
            kernel, compiled = model.kernels.compiled()[1], True
    workers = 1 if n < 128 else min(os.cpu_count() or 1, n // 64)
    if workers == 1:
        kernel(x0, p, u, dt, n_steps, every, limits, out, status, err)
        return
    # chunk edges aligned to the scenario blocks so member b keeps input block b % n_blocks
    size = -(-n // workers)
    size += (-size) % n_blocks
    edges = list(range(0, n, size)) + [n]

    def run(lo: int, hi: int) -> None:
        kernel(x0[lo:hi], p[lo:hi], u, dt, n_steps, every, limits, out[lo:hi], status[lo:hi],
               err[lo:hi])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(run, edges[:-1], edges[1:]))


def evaluate_derived(model: Model, states: np.ndarray, x0: np.ndarray, p: np.ndarray,
                     u: np.ndarray) -> np.ndarray:
    """Every flow and auxiliary for ``states[m, t, :]`` (numpy, internal units).

    ``u`` holds input blocks ``(n_blocks, t, n_inputs)``; member ``m`` uses block
    ``m % n_blocks``.
    """
    members = states.shape[0]
    blocks = u[np.arange(members) % u.shape[0]]
    with np.errstate(all="ignore"):
        return model.kernels.derived(states, x0[:, None, :], p[:, None, :], blocks)
