"""Non-oil export volumes follow the real exchange rate with a mean lag (exporters' sunk
costs of entering and leaving foreign markets); at rest the lag changes nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.analysis.validate_experiments import peacetime_scenarios
from peacetrap.analysis.validate_spec import load_spec

LAGS = [0.1, 0.5, 2.0]          # years: the range's ends and the default


@pytest.fixture(scope="module")
def collapse(model, default_cal):
    """The currency collapse (the rouble loses about half its value within a year) under
    three export lags."""
    sc = pt.load_scenario(model, "catastrophic-collapse")
    values = pd.DataFrame({"export_volume_lag": LAGS})
    sim = pt.simulate(model, default_cal, [sc], values)
    return [sim.frame(0, j).loc["2026Q1":"2028Q4"] for j in range(len(LAGS))]


def test_the_export_exchange_rate_trails_the_real_exchange_rate_by_the_lag(collapse):
    """The longer the lag, the further the rate export volumes answer to trails the real
    exchange rate during the collapse, and it trails it from below while the rouble falls."""
    gaps = [float((f["real_exchange_rate"] - f["export_exchange_rate"]).abs().mean())
            for f in collapse]
    assert gaps[0] < gaps[1] < gaps[2], gaps
    falling = collapse[1].loc["2026Q2":"2026Q4"]
    assert (falling["export_exchange_rate"] < falling["real_exchange_rate"]).all()


def test_export_volumes_answer_to_a_depreciation_over_quarters(collapse):
    """In the collapse's first year the rouble is weaker the longer the lag, yet non-oil
    exports are lower: the volume response is spread over time, not immediate."""
    year = slice("2026Q2", "2026Q4")
    q = [f.loc[year, "real_exchange_rate"].to_numpy() for f in collapse]
    x = [f.loc[year, "nonoil_exports_usd"].to_numpy() for f in collapse]
    assert (q[0] < q[2]).all()
    assert (x[0] > x[1]).all() and (x[1] > x[2]).all(), x


def test_the_lag_changes_nothing_at_rest(model, default_cal):
    """100 peacetime years: the export exchange rate sits on the real exchange rate, and
    the key rate and real GDP at the end do not depend on the lag (beyond the real exchange
    rate's slow drift, about 0.1 % a year, which a longer lag trails by lag times drift)."""
    scenarios, *_ = peacetime_scenarios(model, default_cal, load_spec(model))
    values = pd.DataFrame({"export_volume_lag": [LAGS[0], LAGS[2]]})
    sim = pt.simulate(model, default_cal, [scenarios[0]], values, quarters=400)
    tails = [sim.frame(0, j).iloc[-40:] for j in range(2)]
    for tail in tails:
        np.testing.assert_allclose(tail["export_exchange_rate"], tail["real_exchange_rate"],
                                   rtol=5e-3)
    np.testing.assert_allclose(tails[1]["key_rate"], tails[0]["key_rate"], atol=1e-2)   # pp
    np.testing.assert_allclose(tails[1]["gdp_real"], tails[0]["gdp_real"], rtol=1e-3)
