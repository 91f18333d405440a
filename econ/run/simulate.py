"""Running the model: batches of value sets times scenarios, integrated with RK4.

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> cal = pt.load_calibration(model, "default")
>>> peace = pt.load_scenario(model, "sudden-peace")
>>> sim = pt.simulate(model, cal, [peace], quarters=40)
>>> sim.frame().loc["2026Q4", "unemployment_rate"]      # doctest: +SKIP
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from peacetrap.core.info import NOT_FINITE
from peacetrap.errors import SimulationError
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, Scenario, input_grid

#: Integration steps per quarter (RK4); halving the step changes results by <0.1%.
STEPS_PER_QUARTER = 3


@dataclass
class Simulation:
    """Trajectories of a batch of value sets under one or more scenarios.

    Attributes
    ----------
    states : numpy.ndarray
        ``(n_sets, n_scenarios, n_times, n_stocks)``, internal units, at the
        recorded times (quarter ends, or every step).
    derived : numpy.ndarray
        ``(n_sets, n_scenarios, n_times, n_derived)``, internal units; computed
        on first access.
    times : numpy.ndarray
        Years since the start of the spin-up year, one per recorded time.
    periods : pandas.PeriodIndex
        Quarter each recorded time ends (quarter-end recording only).
    """

    model: Model
    calibration: Calibration
    scenarios: list[Scenario | None]
    values: pd.DataFrame
    states: np.ndarray
    times: np.ndarray
    periods: pd.PeriodIndex | None
    quarters: int
    _x0: np.ndarray
    _p: np.ndarray

    @cached_property
    def derived(self) -> np.ndarray:
        n_sets, n_sc, n_t, n_s = self.states.shape
        # inputs just before each recorded time: a quarter's value, not the next one's
        u_rec = np.transpose(input_grid(self.model, self.calibration, self.scenarios,
                                        np.maximum(self.times - 1e-9, 0.0)), (0, 2, 1))
        flat = self.states.reshape(n_sets * n_sc, n_t, n_s)
        der = evaluate_derived(self.model, flat, self._x0, self._p, u_rec)
        bad = ~np.isfinite(der)
        if bad.any():
            m_i, t_i, v_i = (int(a[0]) for a in np.nonzero(bad))
            quarter = self.calibration.epoch + int(np.floor(self.times[t_i] * 4 - 1e-9))
            variable = self.model.layout.derived[v_i]
            raise SimulationError(
                f"simulation failed: {variable} is not finite in {quarter} "
                f"(scenario '{self.scenario_names[m_i % n_sc]}')", variable, str(quarter))
        return der.reshape(n_sets, n_sc, n_t, -1)

    @property
    def scenario_names(self) -> list[str]:
        return [s.name if s is not None else "history" for s in self.scenarios]

    def frame(self, scenario: int | str = 0, member: int = 0) -> pd.DataFrame:
        """States and derived quantities of one run, display units, quarterly PeriodIndex.

        Rows are quarters (value at the quarter's end), the spin-up year included.
        """
        k = self.scenario_names.index(scenario) if isinstance(scenario, str) else scenario
        lay = self.model.layout
        q = self.model.quantities
        st = self.states[member, k] * np.array([q[n].to_display for n in lay.stocks])
        de = self.derived[member, k] * np.array([q[n].to_display for n in lay.derived])
        df = pd.DataFrame(np.hstack([st, de]), columns=lay.stocks + lay.derived,
                          index=self.periods)
        df.index.name = "quarter"
        return df

    def timeline(self, scenario: int | str = 0, member: int = 0) -> pd.DataFrame:
        """The contract timeline of one run (see :mod:`peacetrap.run.timeline`)."""
        from peacetrap.run.timeline import timeline

        k = self.scenario_names.index(scenario) if isinstance(scenario, str) else scenario
        return timeline(self.frame(k, member), self.scenario_names[k],
                        self.calibration.history_start.year)


def _status_error(sim_model: Model, cal: Calibration, status: np.ndarray, dt: float,
                  names: list[str], n_sc: int) -> SimulationError:
    bad = int(np.flatnonzero(status[:, 0])[0])
    code, var, step = (int(v) for v in status[bad])
    t = step * dt
    quarter = cal.epoch + int(np.floor(t * 4 - 1e-9))
    variable = sim_model.layout.stocks[var]
    what = "is not finite" if code == NOT_FINITE else "became negative"
    member, k = divmod(bad, n_sc)
    return SimulationError(
        f"simulation failed: {variable} {what} in {quarter} (t = {t:.3f} years from "
        f"{cal.epoch}; scenario '{names[k]}', value set {member}). The parameters or inputs "
        "drive the model outside its valid region.",
        variable=variable, time=str(quarter))


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
    frame = values.reset_index(drop=True).copy()
    for name, val in base.items():
        if name not in frame.columns:
            frame[name] = val
    return model.complete(frame)


def stage_times(n_steps: int, dt: float) -> np.ndarray:
    """Times at which the RK4 kernel reads inputs: per step its start (right limit),
    midpoint and end (left limit, 1e-9 years before the next step), in years."""
    starts = np.arange(n_steps) * dt
    return np.column_stack([starts, starts + dt / 2, starts + dt - 1e-9]).ravel()


def stock_floors(model: Model) -> np.ndarray:
    """Lowest allowed value of each stock (internal units; -inf where unbounded)."""
    return np.array([
        (model.quantities[n].bounds[0] * model.factor(n) - 1e-9)
        if model.quantities[n].bounds[0] is not None else -np.inf
        for n in model.layout.stocks])


def _integrate(model: Model, x0: np.ndarray, p: np.ndarray, u: np.ndarray, dt: float,
               n_steps: int, every: int, lower: np.ndarray, out: np.ndarray,
               status: np.ndarray) -> None:
    """Run the RK4 kernel, in threads over chunks of the batch when it is large."""
    kernel = model.kernels.integrate
    n = x0.shape[0]
    n_blocks = u.shape[0]
    workers = min(os.cpu_count() or 1, max(1, n // 64))
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


def simulate(model: Model, calibration: Calibration, scenarios: list[Scenario | None],
             values: pd.Series | pd.DataFrame | None = None, quarters: int = 40, *,
             steps_per_quarter: int = STEPS_PER_QUARTER, record: str = "quarters") -> Simulation:
    r"""Integrate the model for every value set under every scenario.

    The state :math:`x` obeys :math:`\dot x = f(x, u(t), \theta)`, integrated
    with the classical fourth-order Runge–Kutta method at a fixed step
    :math:`h = 1/(4 n)` years (:math:`n` = ``steps_per_quarter``).  Inputs
    :math:`u(t)` are evaluated at the stage times exactly (the last stage takes
    the left limit, so paths that jump at a quarter's start are integrated exactly).  The run covers a
    spin-up year, the calibration's history and ``quarters`` scenario quarters.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        Values, initial stocks and the history of inputs.
    scenarios : list of Scenario or None
        ``None`` runs the history with its last inputs held.
    values : pandas.Series or pandas.DataFrame, optional
        Value set (or batch, one row per set) overriding the calibration's.
    quarters : int
        Scenario length in quarters (after the history).
    steps_per_quarter : int
        Integration steps per quarter.
    record : {"quarters", "steps"}
        Record the state at quarter ends, or after every step (for tests).

    Returns
    -------
    Simulation

    Raises
    ------
    SimulationError
        If any stock becomes non-finite, or negative where it may not be,
        naming the variable and the quarter.
    """
    if quarters < 0:
        from peacetrap.errors import InputError

        raise InputError(f"quarters = {quarters}: must be 0 or more")
    batch = value_batch(model, calibration, values)
    p, x0 = model.internal(batch)
    n_sets, n_sc = len(batch), len(scenarios)
    n_q = (calibration.history_end - calibration.epoch).n + 1 + quarters
    n_steps = n_q * steps_per_quarter
    dt = 0.25 / steps_per_quarter
    grid = stage_times(n_steps, dt)
    u = np.ascontiguousarray(input_grid(model, calibration, scenarios, grid))
    every = steps_per_quarter if record == "quarters" else 1
    n_rec = n_steps // every + 1
    members = n_sets * n_sc
    p_m = np.ascontiguousarray(np.repeat(p, n_sc, axis=0))
    x_m = np.ascontiguousarray(np.repeat(x0, n_sc, axis=0))
    lower = stock_floors(model)
    out = np.full((members, n_rec, len(model.layout.stocks)), np.nan)
    status = np.zeros((members, 3), dtype=np.int64)
    _integrate(model, x_m, p_m, u, dt, n_steps, every, lower, out, status)
    names = [s.name if s is not None else "history" for s in scenarios]
    if status[:, 0].any():
        raise _status_error(model, calibration, status, dt, names, n_sc)
    times = np.arange(n_rec) * dt * every
    sl = slice(1, None) if record == "quarters" else slice(None)
    states = out.reshape(n_sets, n_sc, n_rec, -1)[:, :, sl]
    periods = pd.period_range(calibration.epoch, periods=n_q, freq="Q") \
        if record == "quarters" else None
    return Simulation(model=model, calibration=calibration, scenarios=list(scenarios),
                      values=batch, states=states, times=times[sl], periods=periods,
                      quarters=quarters, _x0=x_m, _p=p_m)
