"""The central bank's two rules of the long run and the slump: the policy rule eases as
unemployment rises, and official reserves are kept at a ratio to GDP, not a fixed flow."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.analysis.validate_experiments import peacetime_scenarios
from peacetrap.analysis.validate_spec import load_spec


@pytest.fixture(scope="module")
def peacetime(model, default_cal):
    """Peacetime, peacetime with a 2 pp lower target and with a demand cut, 100 years."""
    scenarios, peace, shock, quarters = peacetime_scenarios(model, default_cal,
                                                            load_spec(model))
    return scenarios, shock, quarters


def test_the_rule_eases_sooner_in_a_slump_when_it_answers_to_unemployment_rise(
        model, default_cal, peacetime):
    """A permanent demand cut in peacetime: while unemployment runs above its smoothed
    level (the slump's first three quarters) the response to its rise cuts the key rate
    further from where it stood the quarter before the cut (the two runs' levels differ by
    then: ten years of the response have moved the path) and holds real GDP higher, and the
    unemployment peak is no higher."""
    scenarios, shock, _ = peacetime
    values = pd.DataFrame({"rule_unemployment_change": [0.0, 1.0]})
    quarters = (shock - default_cal.history_end).n + 40
    sim = pt.simulate(model, default_cal, [scenarios[2]], values, quarters=quarters)
    slump = pd.period_range(shock, periods=3, freq="Q")
    without, with_ = (sim.frame(0, j).loc[slump] for j in range(2))
    before = [sim.frame(0, j).loc[shock - 1, "key_rate"] for j in range(2)]
    assert (with_["unemployment_rate"] > with_["smoothed_unemployment"]).all()
    assert (with_["key_rate"] - before[1] < without["key_rate"] - before[0]).all()
    assert (with_["gdp_real"] > without["gdp_real"]).all()
    peak = [sim.timeline(0, j).loc[shock:, "unemployment_rate_pct"].max() for j in range(2)]
    assert peak[1] <= peak[0], peak


def test_the_rule_is_unchanged_at_rest(model, default_cal, peacetime):
    """Unemployment at its smoothed level: the response adds nothing, whatever its size."""
    scenarios, _, quarters = peacetime
    values = pd.DataFrame({"rule_unemployment_change": [0.0, 3.0]})
    sim = pt.simulate(model, default_cal, [scenarios[0]], values, quarters=quarters)
    tail = [sim.frame(0, j)["key_rate"].iloc[-40:].to_numpy() for j in range(2)]
    np.testing.assert_allclose(tail[1], tail[0], atol=1e-3)   # percentage points


def test_reserves_settle_at_their_ratio_whatever_the_inflation_target(model, default_cal,
                                                                      peacetime):
    """A fixed flow of reserve accumulation would raise reserves over GDP as a lower target
    slows nominal growth (flow / growth: about 31 % of GDP at a 4 % target, 51 % at 2 %); a
    ratio target keeps them at the ratio, its flow the ratio times trend nominal growth."""
    scenarios, _, quarters = peacetime
    sim = pt.simulate(model, default_cal, scenarios[:2], quarters=quarters)
    values = model.complete(default_cal.values).iloc[0]
    ratio, growth = values["reserve_ratio_target"], values["productivity_growth"]
    held = []
    for k, target in enumerate((4.0, 2.0)):             # % a year: the peacetime target, 2 pp lower
        fr = sim.frame(k).iloc[-40:]
        held.append(float((100 * fr["official_reserves"] / fr["gdp_nominal"]).mean()))
        np.testing.assert_allclose(fr["reserve_accumulation_norm"],
                                   ratio * (growth + target) / 100, rtol=1e-9)
    assert held[1] == pytest.approx(held[0], rel=0.02), held
    assert held[0] == pytest.approx(ratio, rel=0.05), (held, ratio)
