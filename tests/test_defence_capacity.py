"""The defence industry's capacity: a time to build, and labour at diminishing returns
while output runs beyond it.

Capacity ``K_d`` follows the industry's output ``Q_d`` with ``defence_capacity_time``; the
labour needed per unit of output is ``(Q_d / K_d)^(alpha_d / (1 - alpha_d))`` above
capacity (smoothly) and normal below it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt


@pytest.fixture(scope="module")
def runs(model, default_cal, peace, grind):
    batch = pd.DataFrame({"defence_capacity_time": [1.0, 4.0, 2.0, 2.0],
                          "defence_capital_share": [0.33, 0.33, 0.2, 0.5]})
    sim = pt.simulate(model, default_cal, [grind, peace], batch)
    return {(k, m): sim.frame(k, m) for k in ("long-grind", "sudden-peace") for m in range(4)}


def test_peacetime_start_is_unstrained(runs):
    """Before the war capacity is at rest on output: no strain, and defence employment
    stays near its 2.5 million whatever the two parameters."""
    for m in range(4):
        f = runs["long-grind", m]
        assert f["defence_capacity_strain"].loc["2021Q4"] == pytest.approx(1.0, abs=2e-3)
        assert f["defence_capacity"].loc["2021Q4"] == pytest.approx(
            f["defence_output"].loc["2021Q4"], rel=0.01)
        assert f["defence_workers"].loc["2021Q4"] == pytest.approx(2500.0, rel=0.01)


def test_capacity_lags_output_by_its_time_to_build(model, runs):
    """While orders rise capacity trails output, by more with a longer time to build, and
    the strain follows its definition: output over capacity to alpha_d / (1 - alpha_d)."""
    fast, slow = runs["long-grind", 0], runs["long-grind", 1]
    lag = [(f["defence_output"] / f["defence_capacity"]).loc["2023Q4"] for f in (fast, slow)]
    assert 1.0 < lag[0] < lag[1]
    s = model.quantities["capacity_smoothness"].default_value
    for m, alpha in ((2, 0.2), (3, 0.5)):
        f = runs["long-grind", m]
        ratio = (f["defence_output"] / f["defence_capacity"]).loc["2024Q4"]
        assert ratio > 1.2
        # the smooth positive part of log(Q_d / K_d), less its value at zero
        positive = s * np.logaddexp(0.0, np.log(ratio) / s) - s * np.log(2.0)
        beta = alpha / (1 - alpha)
        assert f["defence_capacity_strain"].loc["2024Q4"] == pytest.approx(
            np.exp(beta * positive), rel=1e-9)
        # this far above capacity that is the Cobb-Douglas requirement, less s ln 2 beta
        assert f["defence_capacity_strain"].loc["2024Q4"] == pytest.approx(
            ratio ** beta * np.exp(-beta * s * np.log(2.0)), rel=1e-6)
    low, high = runs["long-grind", 2], runs["long-grind", 3]
    assert high["defence_workers"].loc["2024Q4"] > low["defence_workers"].loc["2024Q4"] + 100


def test_idle_capacity_saves_no_labour(model, runs):
    """After a sudden peace output falls below capacity: the labour per unit returns to
    normal, within the smooth floor's exp(-s ln 2 alpha_d / (1 - alpha_d)) (0.7 % at the
    defaults), and does not fall further with the idle plants."""
    s = model.quantities["capacity_smoothness"].default_value
    for m, alpha in enumerate((0.33, 0.33, 0.2, 0.5)):
        f = runs["sudden-peace", m]
        assert (f["defence_output"] < f["defence_capacity"]).loc["2027Q4"]
        strain = f["defence_capacity_strain"].loc["2027Q1":"2029Q4"]
        floor = np.exp(-s * np.log(2.0) * alpha / (1 - alpha))
        assert np.all(strain >= floor * (1 - 1e-9)) and np.all(strain < 1.0)
        assert strain.min() == pytest.approx(floor, rel=1e-3)


def test_episode_starts_with_capacity_at_rest(model):
    """A war-start episode's capacity is its output, so the industry starts unstrained and
    the transplant's labour need (which omits the strain) is the definition's."""
    from peacetrap.calibrate.episodes import _template_flows, load_episode

    ep = load_episode(model, "uk-1945")
    f = _template_flows(model, ep.targets.base)
    v = ep.targets.base.values
    assert v["defence_capacity"] == pytest.approx(f["defence_output"], rel=1e-8)
    assert f["defence_capacity_strain"] == pytest.approx(1.0, abs=1e-12)
    assert f["defence_hiring_gap"] == pytest.approx(0.0, abs=1e-8)
