"""The start of a run is balanced for participation at the calibration's own natural rate."""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap import load_calibration, load_model
from peacetrap.run.engine import value_batch
from peacetrap.run.setups import input_grid


def _labour_gap(model, cal, full: pd.DataFrame) -> np.ndarray:
    """labour_force / labour_force_target - 1 at the initial state of each set."""
    p, x0 = model.internal(full)
    u0 = input_grid(model, cal, [None], np.array([0.0]))[0][:, 0][None, None, :]
    der = model.kernels.derived(x0[:, None, :], x0[:, None, :], p[:, None, :], u0)[:, 0, :]
    lay = model.layout
    return (der[:, lay.derived.index("labour_force")]
            / der[:, lay.derived.index("labour_force_target")] - 1.0)


def test_shipped_starts_at_the_participation_target() -> None:
    model = load_model()
    for name in ("default", "appendix", "observed"):
        cal = load_calibration(model, name)
        full = value_batch(model, cal, None)
        assert abs(_labour_gap(model, cal, full)[0]) < 1e-12, name


def test_each_natural_rate_gets_its_own_normal_participation() -> None:
    model = load_model()
    cal = load_calibration(model, "default")
    draws = pd.DataFrame({"natural_unemployment": [3.0, 4.5, 6.0]})
    full = value_batch(model, cal, draws)
    assert np.all(np.abs(_labour_gap(model, cal, full)) < 1e-12)
    rate = full["participation_rate"].to_numpy()
    # a lower natural rate reads the same start as slacker: a higher normal participation
    # is needed for the labour force to be at its target
    assert rate[0] > rate[1] > rate[2]


def test_an_explicit_participation_rate_wins() -> None:
    model = load_model()
    cal = load_calibration(model, "observed")
    full = value_batch(model, cal, pd.Series({"participation_rate": 0.6}))
    assert full["participation_rate"].iloc[0] == 0.6
    assert abs(_labour_gap(model, cal, full)[0]) > 1e-3
