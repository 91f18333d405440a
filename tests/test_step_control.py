"""The integrator's step: fourth-order convergence, the error estimate and the step it chooses.

Under the observed calibration the fast monetary loop (Jacobian eigenvalues up to about
7 a year) is excited by the 2022 shocks; at three RK4 steps a quarter halving the step
moved a reported figure by 1.2 %. The integrator now estimates each run's local error
and integrates again, with more steps, a run whose estimate is above the tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.run.engine import (MAX_STEPS_PER_QUARTER, STEP_TOLERANCE, STEPS_PER_QUARTER,
                                  Grid, integrate_members, refined_steps)
from peacetrap.run.setups import input_grid
from peacetrap.run.timeline import CONTRACT

COLS = [c for c in CONTRACT if c not in ("quarter", "scenario")]


@pytest.fixture(scope="module")
def observed(model: pt.Model) -> pt.Calibration:
    return pt.load_calibration(model, "observed")


def _change(a: pd.DataFrame, b: pd.DataFrame) -> float:
    """The step-halving measure: relative change, figures on a floor of 1 in their unit."""
    x, y = a[COLS].to_numpy(dtype=float), b[COLS].to_numpy(dtype=float)
    return float(np.nanmax(np.abs(x - y) / np.maximum(np.abs(y), 1.0)))


def _estimate(model: pt.Model, cal: pt.Calibration, scenario: pt.Scenario,
              steps: int) -> float:
    """The scalar kernel's error estimate of one run at ``steps`` steps a quarter."""
    batch = pt.simulate(model, cal, [scenario], quarters=8, steps_per_quarter=steps)
    grid = Grid.of(cal, 8, steps)
    u = np.ascontiguousarray(input_grid(model, cal, [scenario], grid.stage_times()))
    out = np.full((1, grid.n_quarters + 1, len(model.layout.stocks)), np.nan)
    status = np.zeros((1, 3), dtype=np.int64)
    err = np.zeros(1)
    integrate_members(model, batch._x0, batch._p, u, grid, steps, out, status, err)
    assert status[0, 0] == 0
    return float(err[0])


def test_halving_the_step_under_the_observed_calibration_changes_figures_by_under_0_1_pct(
        model, observed, peace):
    run = pt.simulate(model, observed, [peace])
    steps = int(run.steps[0])
    half = pt.simulate(model, observed, [peace], steps_per_quarter=2 * steps)
    change = _change(run.timeline(0), half.timeline(0))
    assert steps > STEPS_PER_QUARTER, "the observed run needs more than the first pass's steps"
    assert change < 1e-3, f"step halving changes a reported figure by {change:.2e}"


def test_fixed_steps_converge_at_fourth_order(model, observed, peace):
    # errors against 48 steps a quarter fall about 16-fold per halving (true convergence:
    # no jump inside a step, no input read at the wrong time)
    ref = pt.simulate(model, observed, [peace], quarters=8, steps_per_quarter=48).timeline(0)
    errs = [_change(pt.simulate(model, observed, [peace], quarters=8,
                                steps_per_quarter=n).timeline(0), ref) for n in (3, 6, 12)]
    ratios = [errs[0] / errs[1], errs[1] / errs[2]]
    assert all(12.0 < r < 24.0 for r in ratios), (errs, ratios)


def test_error_estimate_falls_at_fourth_order_and_flags_the_observed_run(model, observed,
                                                                          default_cal, peace):
    e3, e6 = (_estimate(model, observed, peace, n) for n in (3, 6))
    assert 10.0 < e3 / e6 < 24.0, (e3, e6)
    assert e3 > STEP_TOLERANCE
    assert _estimate(model, default_cal, peace, 3) < STEP_TOLERANCE


def test_refined_steps():
    err = np.array([0.0, STEP_TOLERANCE, 16 * STEP_TOLERANCE, 17 * STEP_TOLERANCE, np.nan,
                    np.inf, 1e9])
    n = refined_steps(err, 3)
    assert n.tolist() == [3, 3, 6, 7, 3, MAX_STEPS_PER_QUARTER, MAX_STEPS_PER_QUARTER]
    # a member whose pass failed gets the most steps, whatever its estimate
    failed = np.array([True, False, True, False, True, False, False])
    n = refined_steps(err, 3, failed=failed)
    assert n.tolist() == [MAX_STEPS_PER_QUARTER, 3, MAX_STEPS_PER_QUARTER, 7,
                          MAX_STEPS_PER_QUARTER, MAX_STEPS_PER_QUARTER, MAX_STEPS_PER_QUARTER]


def test_a_draw_that_fails_only_at_the_first_step_runs_at_the_most_steps(model, peace, grind):
    """A prior draw (tests/data/step_failure_draw.csv, from an appendix ensemble) whose
    economy is stable but whose three-step pass blows up: simulate and the ensembles'
    batches integrate it again at the most steps instead of failing it."""
    from pathlib import Path

    from peacetrap.analysis.ensemble import outputs
    from peacetrap.run.vectorised import run_batch

    cal = pt.load_calibration(model, "appendix")
    table = pd.read_csv(Path(__file__).parent / "data" / "step_failure_draw.csv")
    values = pd.DataFrame([table.set_index("parameter")["value"]]).reset_index(drop=True)
    sim = pt.simulate(model, cal, [peace, grind], values)
    assert sim.steps.tolist() == [MAX_STEPS_PER_QUARTER]
    assert np.isfinite(sim.timeline("sudden-peace")[COLS].to_numpy(dtype=float)).all()
    # the premise: at three steps a quarter the same draw's sudden peace blows up
    grid = Grid.of(cal, 40, STEPS_PER_QUARTER)
    u = np.ascontiguousarray(input_grid(model, cal, [peace], grid.stage_times()))
    out = np.full((1, grid.n_quarters + 1, len(model.layout.stocks)), np.nan)
    status = np.zeros((1, 3), dtype=np.int64)
    x0, p = sim._x0[:1], sim._p[:1]                   # the value set's sudden-peace member
    integrate_members(model, np.ascontiguousarray(x0), np.ascontiguousarray(p), u, grid,
                      STEPS_PER_QUARTER, out, status)
    assert status[0, 0] != 0
    vec = run_batch(model, cal, [peace, grind], values, 40, list(outputs(model)),
                    steps_per_quarter=STEPS_PER_QUARTER)
    assert vec.ok.all() and vec.steps.tolist() == [MAX_STEPS_PER_QUARTER]


def test_scalar_and_vectorised_kernels_choose_the_same_steps_and_agree(model, observed,
                                                                      peace, grind):
    from peacetrap.analysis.ensemble import outputs
    from peacetrap.run.vectorised import run_batch

    values = model.complete(observed.values).iloc[[0, 0, 0]].reset_index(drop=True)
    values.loc[1, "fx_balance_response"] = 2.0
    values.loc[2, "rule_inflation"] = 1.5
    sim = pt.simulate(model, observed, [peace, grind], values, quarters=12)
    # the ensemble's outputs (key_rate and exchange_rate among them): the kernel it compiles
    names = list(outputs(model))
    vec = run_batch(model, observed, [peace, grind], values, 12, names)
    assert sim.steps is not None and vec.steps is not None
    assert sim.steps.tolist() == vec.steps.tolist()
    for name in ("key_rate", "exchange_rate"):
        col = sim.states[..., model.layout.stocks.index(name)] * model.quantities[name].to_display
        got = vec.outputs[..., names.index(name)]
        assert np.allclose(got, col, rtol=1e-9, atol=0.0)


def test_a_set_in_a_batch_is_integrated_as_on_its_own(model, observed, peace):
    values = model.complete(observed.values).iloc[[0, 0]].reset_index(drop=True)
    values.loc[1, "fx_balance_response"] = 2.0
    both = pt.simulate(model, observed, [peace], values, quarters=8)
    alone = pt.simulate(model, observed, [peace], values.iloc[[1]], quarters=8)
    assert both.steps[1] == alone.steps[0]
    assert np.array_equal(both.states[1], alone.states[0])
