"""Wartime controls as inputs: price and wage controls (repressed inflation), an exchange-rate
peg, import controls and export diversion.

Each is an input a scenario or an episode sets (0 by default: the Russian calibrations do not
use them).  The tests check the bookkeeping of the held-back pressure, that the defaults
leave the model as it was, and the direction of each effect.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
import sympy as sp

import peacetrap as pt
from peacetrap.io.paths import Path as TimePath


def Q(s: str) -> pd.Period:
    return pd.Period(s, "Q")


def variant(base: pt.Scenario, name: str, **paths: TimePath) -> pt.Scenario:
    sc = copy.deepcopy(base)
    sc.name = name
    sc.inputs.update(paths)
    return sc


#: controls on for two years of the peace, then lifted at once
CONTROLS = TimePath([(Q("2026Q1"), 80.0), (Q("2028Q1"), 0.0)], "step")


@pytest.fixture(scope="module")
def runs(model, default_cal, peace):
    scs = [peace,
           variant(peace, "controls", price_controls=CONTROLS),
           variant(peace, "peg", exchange_rate_peg=TimePath([(Q("2026Q1"), 100.0)], "step")),
           variant(peace, "import controls",
                   import_controls=TimePath([(Q("2026Q1"), 50.0)], "step")),
           variant(peace, "export diversion",
                   export_diversion=TimePath([(Q("2026Q1"), 50.0)], "step"))]
    sim = pt.simulate(model, default_cal, scs, quarters=40)
    return {sc.name: sim.frame(k) for k, sc in enumerate(scs)}


@pytest.mark.parametrize("level, pressure", [("domestic_inflation", "price_pressure"),
                                             ("wage_inflation", "wage_pressure")])
def test_controls_defer_pressure_and_lose_none(model, level, pressure):
    """What controls hold back is carried forward, not lost: inflation plus the growth of the
    held-back gap is the pressure, whatever the controls (symbolically, on the definition)."""
    q = model.spec.quantities
    stock = "repressed_prices" if level == "domestic_inflation" else "repressed_wages"
    total = q[level].equation + q[stock].equation - q[pressure].symbol
    assert sp.simplify(total) == 0


def test_without_controls_nothing_is_held_back(runs):
    """The defaults (no controls) leave the gaps at zero, so the model is unchanged."""
    f = next(iter(runs.values()))
    assert np.allclose(f["repressed_prices"], 0.0)
    assert np.allclose(f["repressed_wages"], 0.0)


def test_controls_repress_then_release_inflation(runs):
    """Controls hold CPI inflation down while they last and build up a held-back gap; once
    they are lifted the gap is paid out (inflation above the uncontrolled run) and closes."""
    base = next(iter(runs.values()))
    ctl = runs["controls"]
    during = (ctl.index >= Q("2026Q1")) & (ctl.index < Q("2028Q1"))
    after = (ctl.index >= Q("2028Q1")) & (ctl.index < Q("2029Q1"))
    assert (ctl["inflation"][during].mean() < base["inflation"][during].mean())
    assert ctl["repressed_prices"][ctl.index == Q("2027Q4")].iloc[0] > 0.0
    assert ctl["inflation"][after].max() > base["inflation"][after].max()
    assert abs(ctl["repressed_prices"].iloc[-1]) < 0.05 * ctl["repressed_prices"].max()


def test_a_peg_holds_the_exchange_rate(runs):
    """With the peg at 100 % from 2026 the exchange rate does not move from its end-2025
    level; without it, it does."""
    base = next(iter(runs.values()))
    peg = runs["peg"]["exchange_rate"]
    fx = base["exchange_rate"]
    held = peg[peg.index >= Q("2025Q4")]
    assert np.allclose(held, held.iloc[0], rtol=1e-9)
    free = fx[fx.index >= Q("2025Q4")]
    assert free.max() / free.min() > 1.01


def test_trade_controls_hold_trade_back(runs):
    """Import controls cut imports, export diversion cuts non-oil exports (in the first
    quarter they apply, before feedbacks build up, by about the share set)."""
    base = next(iter(runs.values()))
    first = Q("2026Q1")
    ratio_m = runs["import controls"].loc[first, "imports"] / base.loc[first, "imports"]
    ratio_x = (runs["export diversion"].loc[first, "nonoil_exports_usd"]
               / base.loc[first, "nonoil_exports_usd"])
    assert ratio_m < 0.75
    assert 0.4 < ratio_x < 0.6
