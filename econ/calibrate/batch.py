"""Batches of runs that differ in parameters, initial stocks *and* history inputs.

:func:`peacetrap.run.simulate` shares one input block per scenario across a batch.
Calibration needs more: a finite-difference Jacobian perturbs scale factors of
history input paths too, so each member of a batch may carry its own history.
:func:`run_batch` builds one input block per distinct history, integrates the
whole batch with the model's RK4 kernel in one call, and marks members that
fail (a stock not finite or outside its bounds) instead of raising, so a search can treat
them as infeasible points.

The integration is the same as :func:`peacetrap.run.simulate` (same grid, same
kernel, same step), so a member's trajectory equals a single ``simulate`` run
with the same values and history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.run.setups import Calibration, Scenario, input_grid
from peacetrap.run.engine import (STEPS_PER_QUARTER, Grid, evaluate_derived, failure,
                                  integrate_members, refine_members, value_batch)


@dataclass
class Batch:
    """Quarterly trajectories of a batch (internal units).

    Attributes
    ----------
    states : numpy.ndarray
        ``(n_members, n_quarters, n_stocks)``, value at each quarter's end.
    derived : numpy.ndarray
        ``(n_members, n_quarters, n_derived)``; rows of failed members are NaN.
    ok : numpy.ndarray
        ``(n_members,)`` bool: the member integrated without failure.
    periods : pandas.PeriodIndex
        Quarter of each row, the spin-up year included.
    values : pandas.DataFrame
        Complete value sets (display units), one row per member.
    """

    model: Model
    states: np.ndarray
    derived: np.ndarray
    ok: np.ndarray
    periods: pd.PeriodIndex
    values: pd.DataFrame
    failures: list[str]


def with_history(cal: Calibration, history: dict[str, TimePath] | None) -> Calibration:
    """A copy of ``cal`` whose history paths are replaced by ``history``'s."""
    if not history:
        return cal
    merged = dict(cal.history)
    merged.update(history)
    return replace(cal, history=merged)


def run_batch(model: Model, cal: Calibration, values: pd.DataFrame,
              histories: list[dict[str, TimePath] | None] | None = None,
              scenario: Scenario | None = None, quarters: int = 0,
              steps_per_quarter: int | None = None) -> Batch:
    r"""Integrate a batch whose members may differ in history inputs.

    Parameters
    ----------
    model : Model
    cal : Calibration
        Base calibration: its values are overridden by ``values`` column by
        column, its history paths by each member's ``histories`` entry.
    values : pandas.DataFrame
        One row per member, parameters and initial stocks (display units).
    histories : list of dict or None, optional
        Per member: history paths replacing the calibration's (``None`` keeps them).
    scenario : Scenario, optional
        Inputs after the history (``None``: hold the history's last inputs).
    quarters : int
        Quarters simulated after the history.
    steps_per_quarter : int, optional
        RK4 steps a quarter for every member (default: chosen from the error
        estimates as :func:`peacetrap.run.simulate.simulate` does, one step for the
        whole batch: the most any member needs).

    Returns
    -------
    Batch
        Failed members are flagged in ``ok`` and described in ``failures``;
        nothing is raised for them.  A member with a NaN value (one the episode
        balancing could not settle) fails without being integrated.
    """
    n = len(values)
    histories = histories if histories is not None else [None] * n
    if len(histories) != n:
        raise ValueError(f"{len(histories)} histories for {n} value sets")
    # a member the episode balancing could not settle carries NaN values: it fails
    # without being integrated (its row runs on the calibration's own values meanwhile)
    unbalanced = values.isna().any(axis=1).to_numpy()
    if unbalanced.any():
        values = values.copy()
        ref = model.defaults()
        ref.update(cal.values)
        values.loc[unbalanced] = ref.reindex(values.columns).to_numpy()
    full = value_batch(model, cal, values)
    p, x0 = model.internal(full)
    grid = Grid.of(cal, quarters, steps_per_quarter or STEPS_PER_QUARTER)
    stages = grid.stage_times()
    calendars: list[Calibration] = []
    t_rec = np.arange(1, grid.n_quarters + 1) * 0.25
    # one input block per distinct history
    keys: dict[int, int] = {}
    blocks: list[np.ndarray] = []
    rec_blocks: list[np.ndarray] = []
    index = np.empty(n, dtype=np.int64)
    for m, hist in enumerate(histories):
        key = id(hist) if hist else 0
        if key not in keys:
            c = with_history(cal, hist)
            calendars.append(c)
            keys[key] = len(blocks)
            blocks.append(input_grid(model, c, [scenario], stages)[0])
            rec_blocks.append(input_grid(model, c, [scenario], t_rec - 1e-9)[0].T)
        index[m] = keys[key]
    u_all = np.stack(blocks)
    # the kernel pairs member b with block b % n_blocks: give every member its own block
    u = np.ascontiguousarray(u_all[index]) if len(blocks) > 1 else np.ascontiguousarray(u_all)
    out = np.full((n, grid.n_quarters + 1, len(model.layout.stocks)), np.nan)
    status = np.zeros((n, 3), dtype=np.int64)
    err = np.zeros(n)
    x0c, pc = np.ascontiguousarray(x0), np.ascontiguousarray(p)
    integrate_members(model, x0c, pc, u, grid, grid.steps_per_quarter, out, status, err)
    steps = np.full(n, grid.steps_per_quarter, dtype=np.int64)
    if steps_per_quarter is None:
        def inputs(g: Grid) -> np.ndarray:
            times = g.stage_times()
            per_block = np.stack([input_grid(model, c, [scenario], times)[0] for c in calendars])
            return np.ascontiguousarray(per_block[index] if len(calendars) > 1 else per_block)

        # the members of a calibration batch are finite-difference neighbours: one step
        # for all of them, so that their differences are those of one smooth function
        steps = refine_members(model, x0c, pc, inputs, grid, out, status, err, group=max(n, 1))
    states = out[:, 1:]
    ok = (status[:, 0] == 0) & ~unbalanced
    failures = [f"member {m}: no balanced initial state (the balancing's sweeps did not settle)"
                if unbalanced[m] else f"member {m}: "
                f"{failure(model, Grid(grid.epoch, grid.n_quarters, int(steps[m])), status[m])}"
                for m in np.flatnonzero(~ok)]
    u_rec = np.stack(rec_blocks)[index]
    safe = np.where(ok[:, None, None], states, np.nan_to_num(states[:, :1], nan=1.0))
    der = evaluate_derived(model, np.ascontiguousarray(safe), x0, p, u_rec)
    der[~ok] = np.nan
    states = states.copy()
    states[~ok] = np.nan
    return Batch(model=model, states=states, derived=der, ok=ok, periods=grid.periods,
                 values=full, failures=failures)
