"""Price and wage controls: inputs that are 0 by default, with the pressure they hold back
carried in two stocks and released after decontrol (repressed inflation)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sympy as sp

import peacetrap as pt


def _run(model, cal, **inputs):
    """A sudden peace from the calibration's end with the given input paths (name: points)."""
    spec = {"defence_procurement": 3.1}
    for name, points in inputs.items():
        spec[name] = {"points": [[str(q), v] for q, v in points], "interpolation": "step"}
    sc = pt.Scenario.from_dict({"name": "-".join(inputs) or "free", "inputs": spec}, model)
    return pt.simulate(model, cal, [sc], quarters=32).frame(0)


@pytest.mark.parametrize("rate, pressure, stock", [
    ("domestic_inflation", "price_pressure", "repressed_prices"),
    ("wage_inflation", "wage_pressure", "repressed_wages")])
def test_controls_defer_pressure_and_lose_none(model, rate, pressure, stock):
    """Inflation plus the growth of the held-back gap is the pressure, whatever the controls
    (on the sympy definition): what controls hold back is deferred, never lost."""
    q = model.spec.quantities
    total = q[rate].equation + q[stock].equation - q[pressure].symbol
    assert sp.simplify(total) == 0


@pytest.fixture(scope="module")
def runs(model, default_cal):
    start = default_cal.history_end + 1
    lift = start + 8
    return start, lift, {
        "free": _run(model, default_cal),
        "prices": _run(model, default_cal, price_controls=[(start, 80.0), (lift, 0.0)]),
        "wages": _run(model, default_cal, wage_controls=[(start, 80.0), (lift, 0.0)]),
    }


def test_without_controls_nothing_is_held_back(runs):
    """The defaults hold nothing back: both gaps stay at zero."""
    f = runs[2]["free"]
    assert np.allclose(f["repressed_prices"], 0.0)
    assert np.allclose(f["repressed_wages"], 0.0)


def test_price_controls_repress_then_release(runs):
    """Price controls hold CPI inflation down while they last and build a held-back gap; once
    lifted the gap is paid out (inflation above the uncontrolled run's) and closes."""
    start, lift, r = runs
    free, ctl = r["free"], r["prices"]
    during = (ctl.index >= start) & (ctl.index < lift)
    after = (ctl.index >= lift) & (ctl.index < lift + 4)
    assert ctl["inflation"][during].mean() < free["inflation"][during].mean() - 0.01
    assert ctl.loc[lift - 1, "repressed_prices"] > 0.01
    assert ctl["inflation"][after].mean() > free["inflation"][after].mean()
    assert abs(ctl["repressed_prices"].iloc[-1]) < 0.05 * ctl["repressed_prices"].max()
    assert np.allclose(ctl["repressed_wages"], 0.0)


def test_wage_controls_act_on_wages_only(runs):
    """Wage controls hold nominal wage growth down and build the wage gap, not the price gap;
    it is paid out once they are lifted."""
    start, lift, r = runs
    free, ctl = r["free"], r["wages"]
    during = (ctl.index >= start) & (ctl.index < lift)
    after = (ctl.index >= lift) & (ctl.index < lift + 4)
    assert ctl["wage_inflation"][during].mean() < free["wage_inflation"][during].mean() - 0.01
    assert ctl.loc[lift - 1, "repressed_wages"] > 0.01
    assert np.allclose(ctl["repressed_prices"], 0.0)
    assert ctl["wage_inflation"][after].mean() > free["wage_inflation"][after].mean()


def test_full_price_controls_hold_consumer_prices(model, default_cal):
    """Controls at 100 % stop domestic and import price inflation altogether (the whole
    pressure goes into the gap), so the CPI does not move while they last."""
    start = default_cal.history_end + 1
    f = _run(model, default_cal, price_controls=[(start, 100.0)])
    cpi = f["cpi"][f.index >= start]
    assert np.allclose(cpi, cpi.iloc[0], rtol=1e-6)
    assert isinstance(f.index[0], pd.Period)
