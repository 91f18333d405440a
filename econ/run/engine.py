r"""The run engine shared by every integrator: the time grid, stock floors and failures.

Three drivers integrate the model: :func:`peacetrap.run.simulate.simulate`
(scalar kernel, one input block per scenario), :func:`peacetrap.calibrate.batch.run_batch`
(scalar kernel, one input block per history) and
:func:`peacetrap.run.vectorised.run_batch` (vectorised kernel).  They share
what is defined here, so a run means the same thing whichever computes it:

* the grid (:class:`Grid`): a spin-up year, the calibration's history and the
  scenario quarters, :math:`n` RK4 steps of :math:`h = 1/(4n)` years a quarter,
  inputs read at each step's start, midpoint and the left limit of its end;
* the floors (:func:`stock_floors`): the lowest value a stock may take
  (its declared lower bound, internal units); a stock below it, or not finite,
  fails the run;
* the failure report (:func:`failure`): which stock failed, how, and in which quarter;
* the value sets (:func:`value_batch`) and the derived quantities along a run
  (:func:`evaluate_derived`).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peacetrap.core.info import NEGATIVE, NOT_FINITE
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration
from peacetrap.run.start import balance_start

#: Integration steps per quarter (RK4); halving the step changes results by <0.1%.
STEPS_PER_QUARTER = 3


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


def stock_floors(model: Model) -> np.ndarray:
    """Lowest allowed value of each stock (internal units; -inf where unbounded)."""
    floors = [(model.quantities[n].bounds[0], model.factor(n)) for n in model.layout.stocks]
    return np.array([-np.inf if lo is None else lo * f - 1e-9 for lo, f in floors])


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
    what = "is not finite" if code == NOT_FINITE else "became negative" if code == NEGATIVE \
        else "ok"
    return Failure(model.layout.stocks[var], what, grid.quarter_of_step(step), step * grid.dt)


def value_batch(model: Model, calibration: Calibration,
                values: pd.Series | pd.DataFrame | None) -> pd.DataFrame:
    """Complete value sets: model defaults, overridden by the calibration's values,
    overridden by ``values`` (one set, or one row per set), then the parameters the
    initial state determines (:data:`peacetrap.run.start.DERIVED_AT_START`, such as the
    normal participation rate) derived for each set that does not give them. Display
    units."""
    base = calibration.values
    given = set(base.index)
    if values is None:
        full = model.complete(base if len(base) else None)
    elif isinstance(values, pd.Series):
        given |= set(values.index)
        merged = pd.concat([base[~base.index.isin(values.index)], values.astype(float)])
        full = model.complete(merged)
    else:
        given |= set(values.columns)
        frame = values.reset_index(drop=True).copy()
        for name, val in base.items():
            if name not in frame.columns:
                frame[name] = val
        full = model.complete(frame)
    return balance_start(model, calibration, full, given)


def integrate_members(model: Model, x0: np.ndarray, p: np.ndarray, u: np.ndarray, grid: Grid,
                      every: int, out: np.ndarray, status: np.ndarray) -> None:
    """Run the scalar RK4 kernel over members, in threads over chunks when the batch is large.

    Member ``b`` reads input block ``b % n_blocks`` of ``u``; ``out`` receives the
    state every ``every`` steps and ``status`` each member's first failure.
    """
    lower = stock_floors(model)
    dt, n_steps = grid.dt, grid.n_steps
    n = x0.shape[0]
    n_blocks = u.shape[0]
    kernel, compiled = model.kernels.integrator(n * n_steps)
    if not compiled:
        try:
            with np.errstate(all="ignore"):
                kernel(x0, p, u, dt, n_steps, every, lower, out, status)
            return
        except (ArithmeticError, ValueError):
            # plain Python raises where numba's numpy error model gives inf or nan
            # (math.exp overflow, log of a negative number): run it compiled instead
            status[:] = 0
            kernel, compiled = model.kernels.compiled()[1], True
    workers = 1 if n < 128 else min(os.cpu_count() or 1, n // 64)
    if workers == 1:
        kernel(x0, p, u, dt, n_steps, every, lower, out, status)
        return
    # chunk edges aligned to the scenario blocks so member b keeps input block b % n_blocks
    size = -(-n // workers)
    size += (-size) % n_blocks
    edges = list(range(0, n, size)) + [n]

    def run(lo: int, hi: int) -> None:
        kernel(x0[lo:hi], p[lo:hi], u, dt, n_steps, every, lower, out[lo:hi], status[lo:hi])

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
