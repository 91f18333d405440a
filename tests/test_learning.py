"""Learning by doing with organisational forgetting in the defence industry.

The industry's output builds an experience stock that it forgets at
``defence_forgetting_rate``; its marginal productivity rises with experience relative to
the experience it started with (at rest), both relative to trend, to
``defence_learning_elasticity``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt


@pytest.fixture(scope="module")
def runs(model, default_cal, peace, grind):
    batch = pd.DataFrame({"defence_learning_elasticity": [0.1, 0.5, 0.32, 0.32],
                          "defence_forgetting_rate": [40.0, 40.0, 10.0, 300.0]})
    sim = pt.simulate(model, default_cal, [grind, peace], batch)
    return {(k, m): sim.frame(k, m) for k in ("long-grind", "sudden-peace") for m in range(4)}


def test_peacetime_start_is_at_rest(runs):
    """In 2021 experience is at rest on peacetime output: the learning factor is 1 and
    defence employment stays at its 2.5 million whatever the learning parameters."""
    for m in range(4):
        f = runs["long-grind", m]
        assert f["defence_learning"].iloc[0] == pytest.approx(1.0, abs=1e-3)
        assert f["defence_learning"].loc["2021Q4"] == pytest.approx(1.0, abs=5e-3)
        assert f["defence_workers"].loc["2021Q4"] == pytest.approx(2500.0, rel=0.01)


def test_experience_accumulates_output_and_forgets(model, runs):
    """The experience stock's rate is (d_x + g_a) Q_d - d_x X_d: with output held it
    closes its gap to output at the forgetting rate, so faster forgetting follows a war's
    rise in output sooner."""
    slow, fast = runs["long-grind", 2], runs["long-grind", 3]
    for f in (slow, fast):
        assert (f["defence_experience"].loc["2025Q4"]
                > f["defence_experience"].loc["2022Q1"])
    gap = [abs(f["defence_experience"].loc["2025Q4"] / f["defence_output"].loc["2025Q4"] - 1)
           for f in (slow, fast)]
    assert gap[1] < 0.05 < gap[0]
    # after a sudden peace experience decays towards the lower output, faster with faster
    # forgetting
    p_slow, p_fast = runs["sudden-peace", 2], runs["sudden-peace", 3]
    drop = [f["defence_experience"].loc["2029Q4"] / f["defence_experience"].loc["2026Q1"]
            for f in (p_slow, p_fast)]
    assert drop[1] < drop[0] < 1.0


def test_learning_lowers_the_labour_need_of_a_war(model, default_cal, runs):
    """A higher learning elasticity means fewer defence workers for the same procurement,
    and the factor follows its definition: experience over its starting value, relative
    to trend, to the elasticity."""
    low, high = runs["long-grind", 0], runs["long-grind", 1]
    assert high["defence_workers"].loc["2025Q4"] < low["defence_workers"].loc["2025Q4"] - 100
    f = runs["long-grind", 2]
    v = model.complete(default_cal.values.to_frame().T).iloc[0]
    ratio = (f["defence_experience"] * v["base_gdp"]
             / (v["defence_experience"] * f["trend_gdp"])).loc["2025Q4"]
    assert ratio > 1.2
    assert f["defence_learning"].loc["2025Q4"] == pytest.approx(ratio ** 0.32, rel=1e-9)


def test_episode_starts_with_experience_at_rest(model):
    """A war-start episode's experience is balanced at rest on its output and is its own
    reference: the learning factor starts at 1, and the transplant's labour need (which
    omits it) is the definition's."""
    from peacetrap.calibrate.episodes import _template_flows, load_episode

    ep = load_episode(model, "uk-1945")
    f = _template_flows(model, ep.targets.base)
    v = ep.targets.base.values
    assert v["defence_experience"] == pytest.approx(f["defence_output"], rel=1e-8)
    assert f["defence_learning"] == pytest.approx(1.0, abs=1e-12)
    assert f["defence_hiring_gap"] == pytest.approx(0.0, abs=1e-8)
    assert np.isfinite(f["defence_labour_need"])
