"""Release leave: veterans on paid leave are a part of the veterans waiting, outside the
labour force and the unemployment rate, paid as soldiers; people stay conserved."""

from __future__ import annotations

import numpy as np
import pandas as pd

import peacetrap as pt
from peacetrap.run.scenario_library import invariant_drift


def _values(model: pt.Model, leave: float) -> pd.DataFrame:
    """The default parameters with ``release_leave`` set to ``leave`` (years)."""
    row = model.defaults()[model.layout.parameters].to_frame().T.reset_index(drop=True)
    row["release_leave"] = leave
    return row


def test_release_leave_keeps_veterans_out_of_the_labour_force(model, default_cal):
    sc = pt.load_scenario(model, "sudden-peace")
    values = pd.concat([_values(model, 0.0), _values(model, 0.2)], ignore_index=True)
    run = pt.simulate(model, default_cal, [sc], values, quarters=40)
    none, leave = run.frame(0, 0), run.frame(0, 1)
    # stocks are shown in thousands, auxiliaries of people in millions, rates in percent
    k = 1000.0
    on_leave = leave["veterans_on_leave"].to_numpy()
    waiting = leave["veterans_waiting"].to_numpy() / k
    assert np.all(none["veterans_on_leave"].to_numpy() == 0.0)
    # a part of the veterans waiting, never more, and present while soldiers are demobilised
    assert np.all(on_leave >= 0.0) and np.all(on_leave <= waiting + 1e-12)
    assert on_leave.max() > 0.05 * waiting.max() > 0.0
    # outside the labour force and the unemployment rate
    civilian = (leave["civilian_employment"] + leave["defence_workers"] + leave["unemployed"]
                + leave["veterans_waiting"]).to_numpy() / k - on_leave
    np.testing.assert_allclose(leave["labour_force"].to_numpy(), civilian, rtol=1e-9)
    searching = (leave["unemployed"] + leave["veterans_waiting"]).to_numpy() / k - on_leave
    np.testing.assert_allclose(leave["unemployment_rate"].to_numpy() / 100.0,
                               searching / civilian,
                               rtol=1e-9)
    # people are conserved with the leave
    drift = invariant_drift(model, default_cal, [sc], values=_values(model, 0.2).iloc[0])
    assert float(drift["people"].max()) < 1e-9
