"""Shipped scenarios reproduce their recorded figures, and show the essay's three shocks."""

from __future__ import annotations

import json

import pytest

import peacetrap as pt
from regression import FILE, figures


def test_shipped_scenarios_match_recorded_figures():
    recorded = json.loads(FILE.read_text())
    now = figures()
    for scenario, block in recorded.items():
        for q, cols in block["timeline"].items():
            for c, v in cols.items():
                assert now[scenario]["timeline"][q][c] == pytest.approx(v, rel=1e-7, abs=1e-9), \
                    (scenario, q, c)
    for k, v in recorded["sudden-peace"]["headlines"].items():
        got = now["sudden-peace"]["headlines"][k]
        assert got == (pytest.approx(v, rel=1e-7) if isinstance(v, float) else v), k


@pytest.mark.parametrize("calibration", [
    pytest.param("default", marks=pytest.mark.xfail(
        strict=True, reason="unfitted default: the release of the overhang offsets the end of "
        "procurement in the first year (GDP gap +0.04% on average, -0.46% at worst) since "
        "investment got its own demand equation")),
    "appendix"])
def test_sudden_peace_shows_the_three_shocks(model, peace, grind, calibration):
    """Demand: GDP below the baseline in the first year; supply: unemployment above the
    baseline's (the participation margin and hours keep the rise small, as in the record);
    inflation: CPI inflation above the baseline within eight quarters.  Under the default
    parameters and under the appendix calibration ``peacetrap run`` uses by default."""
    default_cal = pt.load_calibration(model, calibration)
    sim = pt.simulate(model, default_cal, [peace, grind])
    p, b = sim.timeline(0), sim.timeline(1)
    start = default_cal.history_end + 1
    first_year = (p.index >= start) & (p.index < start + 4)
    gap = p.loc[first_year, "gdp_real_index"] / b.loc[first_year, "gdp_real_index"] - 1
    assert gap.mean() < 0 and gap.min() < -0.005
    two_years = (p.index >= start) & (p.index < start + 8)
    # unemployment stays above the baseline's for two years; the size of the rise is damped
    # by the participation margin (the unemployed leave the labour force as the market
    # loosens) and by hours, as after real demobilisations (the appendix world's unemployment
    # falls in both runs, from 4.2% before peace)
    excess_u = p.loc[two_years, "unemployment_rate_pct"] - b.loc[two_years, "unemployment_rate_pct"]
    assert (excess_u > 0).all() and excess_u.max() > 0.25
    excess = p.loc[two_years, "cpi_inflation_yoy_pct"] - b.loc[two_years, "cpi_inflation_yoy_pct"]
    assert excess.max() > 0.5
