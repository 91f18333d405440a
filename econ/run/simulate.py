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

import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.errors import InputError, SimulationError
from peacetrap.run.engine import (STEPS_PER_QUARTER, Grid, evaluate_derived, failure,
                                  integrate_members, refine_members, value_batch)
from peacetrap.run.setups import (Calibration, Scenario, check_calibration, check_model,
                                   input_grid)

__all__ = ["STEPS_PER_QUARTER", "Simulation", "evaluate_derived", "simulate", "value_batch"]


def _names(names: list[str], most: int = 4) -> str:
    """Up to ``most`` names, shortened, and how many more there are."""
    shown = [n if len(n) <= 40 else n[:37] + "..." for n in names[:most]]
    more = f", ... ({len(names) - most} more)" if len(names) > most else ""
    return ", ".join(shown) + more


@dataclass(repr=False)
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
    steps : numpy.ndarray
        ``(n_sets,)``: RK4 steps a quarter each value set was integrated with.
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
    steps: np.ndarray | None = None

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

    def __repr__(self) -> str:
        n_sets, n_sc, n_t, _ = self.states.shape
        span = f"{self.periods[0]} to {self.periods[-1]}" if self.periods is not None \
            else f"{n_t} steps"
        return (f"Simulation: {n_sets} value set{'s' * (n_sets != 1)} x {n_sc} "
                f"scenario{'s' * (n_sc != 1)} x {n_t} quarters ({span})\n"
                f"  calibration: {_names([self.calibration.name], 1)}\n"
                f"  scenarios: {_names(self.scenario_names)}\n"
                "  .timeline(scenario), .frame(scenario), .to_xarray(), .plot()")

    def to_xarray(self, variables: list[str] | None = None) -> Any:
        """Every run as an :class:`xarray.Dataset`, dims ``member`` x ``scenario`` x ``quarter``.

        Parameters
        ----------
        variables : list of str, optional
            Stocks, flows and auxiliaries to include (default: all), display units;
            each variable's ``attrs`` give its ``units``, ``long_name`` and ``kind``.

        Returns
        -------
        xarray.Dataset
            Quarters from the spin-up year on (``"YYYYQn"``); ``.to_dataframe()``
            gives a long table.  See :mod:`peacetrap.run.dataset`.
        """
        from peacetrap.errors import InputError, suggest
        from peacetrap.run.dataset import dataset

        if self.periods is None:
            raise InputError("to_xarray needs a run recorded at quarter ends (record='quarters')")
        lay = self.model.layout
        names = variables if variables is not None else lay.stocks + lay.derived
        data = {}
        for n in names:
            if n in lay.stocks:
                raw = self.states[..., lay.stocks.index(n)]
            elif n in lay.derived:
                raw = self.derived[..., lay.derived.index(n)]
            else:
                raise InputError(f"to_xarray: unknown variable '{n}'"
                                 f"{suggest(n, lay.stocks + lay.derived)}")
            data[n] = raw * self.model.quantities[n].to_display
        return dataset(self.model, data, self.scenario_names, self.periods,
                       attrs={"calibration": self.calibration.name,
                              "scenario_start": str(self.calibration.history_end + 1)})

    def plot(self, scenarios: int | str | list[int | str] | None = None,
             member: int = 0) -> Any:
        """The timeline figure (nine panels) of some or all scenarios of one value set.

        ``scenarios``: names or positions (one, or a list); default all.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from peacetrap.analysis.figures import timeline_figure

        picks = (list(range(len(self.scenarios))) if scenarios is None
                 else [scenarios] if isinstance(scenarios, int | str) else scenarios)
        idx = [self._run(s, member) for s in picks]
        runs = {self.scenario_names[k]: self.timeline(k, member) for k in idx}
        return timeline_figure(runs, self.calibration.history_end + 1,
                               f"{_names(list(runs), 3)} (calibration: {self.calibration.name})")

    def _run(self, scenario: int | str, member: int) -> int:
        """The index of ``scenario`` (a name or a position), ``member`` checked too.

        Raises
        ------
        InputError
            An unknown scenario name, or a position or member out of range.
        """
        from peacetrap.errors import suggest

        names, n_sets = self.scenario_names, self.states.shape[0]
        if isinstance(scenario, str):
            if scenario not in names:
                raise InputError(f"unknown scenario '{scenario}'{suggest(scenario, names)}; "
                                 f"this simulation has: {_names(names, 10)}")
            k = names.index(scenario)
        else:
            k = int(scenario)
            if not -len(names) <= k < len(names):
                raise InputError(f"scenario {scenario}: out of range; this simulation has "
                                 f"{len(names)} scenario(s), 0 to {len(names) - 1}")
        if not -n_sets <= int(member) < n_sets:
            raise InputError(f"member {member}: out of range; this simulation has {n_sets} "
                             f"value set(s), 0 to {n_sets - 1}")
        return k % len(names)

    def frame(self, scenario: int | str = 0, member: int = 0) -> pd.DataFrame:
        """States and derived quantities of one run, display units, quarterly PeriodIndex.

        Rows are quarters (value at the quarter's end), the spin-up year included.

        Raises
        ------
        InputError
            An unknown scenario, or a scenario position or member out of range.
        """
        k = self._run(scenario, member)
        lay = self.model.layout
        q = self.model.quantities
        st = self.states[member, k] * np.array([q[n].to_display for n in lay.stocks])
        de = self.derived[member, k] * np.array([q[n].to_display for n in lay.derived])
        df = pd.DataFrame(np.hstack([st, de]), columns=lay.stocks + lay.derived,
                          index=self.periods)
        df.index.name = "quarter"
        return df

    def timeline(self, scenario: int | str = 0, member: int = 0) -> pd.DataFrame:
        """The contract timeline of one run (see :mod:`peacetrap.run.timeline`).

        Raises
        ------
        InputError
            An unknown scenario, or a scenario position or member out of range.
        """
        from peacetrap.run.timeline import timeline

        k = self._run(scenario, member)
        return timeline(self.model.info, self.frame(k, member), self.scenario_names[k],
                        self.calibration.history_start.year)


def _status_error(model: Model, grid: Grid, status: np.ndarray, names: list[str],
                  n_sc: int, steps: np.ndarray | None = None) -> SimulationError:
    bad = int(np.flatnonzero(status[:, 0])[0])
    if steps is not None:
        grid = Grid(grid.epoch, grid.n_quarters, int(steps[bad]))
    f = failure(model, grid, status[bad])
    member, k = divmod(bad, n_sc)
    return SimulationError(
        f"simulation failed: {f.variable} {f.what} in {f.quarter} (t = {f.years:.3f} years from "
        f"{grid.epoch}; scenario '{names[k]}', value set {member}). The parameters or inputs "
        "drive the model outside its valid region.",
        variable=f.variable, time=str(f.quarter))


#: Longest run from Python, in quarters after the history (2,500 years: the command line
#: takes 8 to 400; the validation file's peacetime run, from as late as 3000, 1,000 years).
MAX_QUARTERS = 10_000


def check_quarters(quarters: object) -> int:
    """``quarters``, a whole number from 0 to :data:`MAX_QUARTERS`.

    Raises
    ------
    InputError
        A bool, a fraction, text or a number out of range (named with what is allowed).
    """
    if isinstance(quarters, bool) or not isinstance(quarters, numbers.Integral):
        raise InputError(f"quarters = {quarters!r:.40}: not a whole number; allowed 0 to "
                         f"{MAX_QUARTERS}")
    if not 0 <= int(quarters) <= MAX_QUARTERS:
        raise InputError(f"quarters = {quarters}: out of range; allowed 0 to {MAX_QUARTERS}")
    return int(quarters)


def check_values(values: object) -> None:
    """``values`` is ``None``, a Series (one value set) or a DataFrame (one row per set)
    labelled by distinct names, holding real numbers (not booleans or text).

    Raises
    ------
    InputError
        Naming the label and the value, and what is allowed.
    """
    if values is None:
        return
    if not isinstance(values, pd.Series | pd.DataFrame):
        raise InputError(f"values: expected a pandas Series (one value set, indexed by "
                         f"names) or a DataFrame (one row per set, a column per name), got "
                         f"{type(values).__name__}")
    frame = values.to_frame().T if isinstance(values, pd.Series) else values
    if isinstance(values, pd.DataFrame) and len(values) == 0:
        raise InputError("values: a batch without rows; give one row per value set")
    labels = list(frame.columns)
    for name in labels:
        if not isinstance(name, str):
            raise InputError(f"values: label {name!r:.60} is not a name; label each value by "
                             "its parameter's or initial stock's name")
        if labels.count(name) > 1:
            raise InputError(f"values: {name!r} is given twice; give each name once")
    for name in labels:
        col = frame[name]
        if pd.api.types.is_bool_dtype(col.dtype):
            raise InputError(f"values: {name} = {bool(col.iloc[0])}: a boolean, not a number")
        if pd.api.types.is_numeric_dtype(col.dtype):
            continue
        for v in col:
            if v is None or (isinstance(v, float) and v != v):
                continue     # missing: refused as not finite, as from a file
            if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
                raise InputError(f"values: {name} = {v!r:.40}: not a number (got "
                                 f"{type(v).__name__})")


def simulate(model: Model, calibration: Calibration, scenarios: Sequence[Scenario | None],
             values: pd.Series | pd.DataFrame | None = None, quarters: int = 40, *,
             steps_per_quarter: int | None = None, record: str = "quarters") -> Simulation:
    r"""Integrate the model for every value set under every scenario.

    The state :math:`x` obeys :math:`\dot x = f(x, u(t), \theta)`, integrated
    with the classical fourth-order Runge–Kutta method at a fixed step
    :math:`h = 1/(4 n)` years (:math:`n` = ``steps_per_quarter``; by default
    chosen per value set: a first pass at :data:`STEPS_PER_QUARTER` steps, and
    again with the steps that bring its error estimate within
    :data:`peacetrap.run.engine.STEP_TOLERANCE` where it does not,
    see :func:`peacetrap.run.engine.refined_steps`).  Inputs
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
    steps_per_quarter : int, optional
        Integration steps per quarter for every value set, exactly: a member that fails
        at that step raises (default: chosen per value set from the error estimate, see
        above, and a member that fails at its step is integrated again at
        :data:`~peacetrap.run.engine.MAX_STEPS_PER_QUARTER` before it counts as failed).
    record : {"quarters", "steps"}
        Record the state at quarter ends, or after every step (for tests).

    Returns
    -------
    Simulation

    Raises
    ------
    InputError
        ``quarters`` not a whole number from 0 to :data:`MAX_QUARTERS`, no scenarios
        (or not Scenario objects), ``values`` not a Series or DataFrame of numbers labelled
        by distinct names, a batch without rows, or values that are unknown, not finite
        or out of range.
    SimulationError
        If any stock becomes non-finite, or leaves its declared bounds (negative
        where it may not be; smoothed inflation past the hyperinflation threshold),
        naming the variable and the quarter.
    """
    check_quarters(quarters)
    check_model(model)
    check_calibration(calibration)
    if isinstance(scenarios, str | Scenario) or not isinstance(scenarios, Sequence):
        raise InputError(f"scenarios: expected a list of Scenario objects, got "
                         f"{type(scenarios).__name__} {scenarios!r:.60}")
    if not len(scenarios):
        raise InputError("scenarios: none given; give at least one Scenario (None runs the "
                         "history with its last inputs held)")
    for j, sc in enumerate(scenarios):
        if sc is not None and not isinstance(sc, Scenario):
            raise InputError(f"scenarios[{j}]: {sc!r:.60} is not a Scenario; load a name or "
                             "a file with peacetrap.load_scenario(model, name_or_path)")
    check_values(values)
    batch = value_batch(model, calibration, values)
    p, x0 = model.internal(batch)
    n_sets, n_sc = len(batch), len(scenarios)
    auto = steps_per_quarter is None
    n0 = STEPS_PER_QUARTER if steps_per_quarter is None else steps_per_quarter
    grid = Grid.of(calibration, quarters, n0)

    def inputs(g: Grid) -> np.ndarray:
        return np.ascontiguousarray(input_grid(model, calibration, scenarios, g.stage_times()))

    members = n_sets * n_sc
    p_m = np.ascontiguousarray(np.repeat(p, n_sc, axis=0))
    x_m = np.ascontiguousarray(np.repeat(x0, n_sc, axis=0))
    steps = np.full(members, n0, dtype=np.int64)
    if auto and record != "quarters":
        # every member recorded at every step needs one grid: the finest any of them needs
        first = simulate(model, calibration, scenarios, values, quarters)
        n0 = int(first.steps.max()) if first.steps is not None else n0
        grid = Grid.of(calibration, quarters, n0)
        auto, steps = False, np.full(members, n0, dtype=np.int64)
    every = n0 if record == "quarters" else 1
    n_rec = grid.n_steps // every + 1
    out = np.full((members, n_rec, len(model.layout.stocks)), np.nan)
    status = np.zeros((members, 3), dtype=np.int64)
    err = np.zeros(members)
    integrate_members(model, x_m, p_m, inputs(grid), grid, every, out, status, err)
    if auto:
        steps = refine_members(model, x_m, p_m, inputs, grid, out, status, err, group=n_sc)
    names = [s.name if s is not None else "history" for s in scenarios]
    if status[:, 0].any():
        raise _status_error(model, grid, status, names, n_sc, steps)
    times = np.arange(n_rec) * grid.dt * every
    sl = slice(1, None) if record == "quarters" else slice(None)
    states = out.reshape(n_sets, n_sc, n_rec, -1)[:, :, sl]
    periods = grid.periods if record == "quarters" else None
    return Simulation(model=model, calibration=calibration, scenarios=list(scenarios),
                      values=batch, states=states, times=times[sl], periods=periods,
                      quarters=quarters, _x0=x_m, _p=p_m, steps=steps[::n_sc].copy())
