"""Official reserves: official loans and grants add to them, a peg is paid for out of them,
and they never go below zero (the rate gives way and the call they cannot meet waits)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.calibrate.episode_file import episode_names, load_episode
from peacetrap.run.scenario_library import ORDER, invariant_drift

#: Lowest official reserves allowed, share of a year's nominal GDP: zero, less the tail of
#: the smooth availability function (its value at zero reserves is ~1e-6, not exactly 0)
FLOOR = -1e-5


def _lowest_reserves(frame: pd.DataFrame) -> float:
    return float((frame["official_reserves"] / frame["gdp_nominal"]).min())


def _step(start: pd.Period, value: float, quarters: int = 8) -> dict:
    return {"points": [[str(start), value], [str(start + quarters), 0.0]],
            "interpolation": "step"}


@pytest.mark.parametrize("calibration", ["appendix", "observed"])
def test_reserves_never_below_zero_in_the_library(model, calibration):
    cal = pt.load_calibration(model, calibration)
    scenarios = [pt.load_scenario(model, n) for n in ORDER]
    sim = pt.simulate(model, cal, scenarios, quarters=40)
    for k, name in enumerate(ORDER):
        assert _lowest_reserves(sim.frame(k)) >= FLOOR, (calibration, name)


@pytest.mark.parametrize("name", episode_names())
def test_reserves_never_below_zero_in_the_shipped_episodes(model, name):
    ep = load_episode(model, name)
    fr = pt.simulate(model, ep.targets.base, [ep.peace], quarters=ep.peace_quarters).frame(0)
    assert _lowest_reserves(fr) >= FLOOR, name


def test_loans_and_grants_add_to_the_reserves_only_loans_are_owed(model, default_cal):
    """Two years of official financing at 20 bn USD a year under a peg (a float would turn
    part of it into an appreciation): the reserves rise by about its value in local
    currency, the official external debt by the loans' only, and the accounts still
    balance at every step."""
    start = default_cal.history_end + 1
    peg = {"exchange_rate_peg": {"points": [[str(start), 100.0]], "interpolation": "step"}}
    runs = {}
    for name, inputs in (("none", {}), ("loans", {"official_loans": _step(start, 20.0)}),
                         ("grants", {"official_grants": _step(start, 20.0)})):
        runs[name] = pt.Scenario.from_dict({"name": name, "inputs": {**peg, **inputs}}, model)
    sim = pt.simulate(model, default_cal, list(runs.values()), quarters=12)
    fr = {n: sim.frame(k) for k, n in enumerate(runs)}
    end = start + 8
    lcu = float((fr["none"].loc[start:end, "exchange_rate"]).mean()) * 20.0 * 2.0 / 1000.0
    for n in ("loans", "grants"):
        gain = fr[n].loc[end, "official_reserves"] - fr["none"].loc[end, "official_reserves"]
        # the financing's value in LCU, less what the economy's response spends of it
        assert 0.8 * lcu < gain < 1.2 * lcu, n
    assert fr["loans"].loc[end, "official_external_debt"] == pytest.approx(lcu, rel=0.05)
    assert fr["grants"]["official_external_debt"].abs().max() == 0.0
    assert fr["none"]["official_external_debt"].abs().max() == 0.0
    drift = invariant_drift(model, default_cal, list(runs.values()), quarters=12)
    assert (drift.to_numpy() < 1e-9).all(), drift


def test_a_peg_gives_way_when_the_reserves_run_out(model):
    """The defaults without the war, reserves of 2 % of their default (0.9 tn), a full peg
    and an oil-price collapse: the peg holds while the reserves last, then the rate gives
    way (the attack's premium) and the reserves stop short of zero, the call they cannot
    meet rationed."""
    cal = pt.Calibration.from_series(pd.Series({"official_reserves": 0.9}), "low", model)
    start = cal.history_end + 1
    sc = pt.Scenario.from_dict({"name": "pegged-collapse", "inputs": {
        "exchange_rate_peg": {"points": [[str(start), 100.0]], "interpolation": "step"},
        "oil_price": {"points": [[str(start), 69.0], [str(start + 2), 20.0]]}}}, model)
    fr = pt.simulate(model, cal, [sc], quarters=24).frame(0).loc[start:]
    assert _lowest_reserves(fr) >= FLOOR
    assert fr["reserve_availability"].iloc[0] > 0.99
    assert fr["reserve_availability"].min() < 0.7
    assert fr["fx_rationed"].max() > 0.0
    held = fr.loc[:start + 2, "exchange_rate"]
    assert np.log(held.iloc[-1] / held.iloc[0]) < 0.01
    assert np.log(fr["exchange_rate"].iloc[-1] / fr["exchange_rate"].iloc[0]) > 0.2


def test_frozen_reserves_are_kept_but_cannot_defend_a_peg(model):
    """Reserves of 2 tn, a full peg and an oil-price collapse, with and without 15 bn USD of
    them frozen abroad: the cover counts usable reserves only, so the frozen part is never
    spent and the peg gives way sooner."""
    cal = pt.Calibration.from_series(pd.Series({"official_reserves": 2.0}), "low", model)
    start = cal.history_end + 1

    def run(frozen: float) -> pd.DataFrame:
        sc = pt.Scenario.from_dict({"name": "pegged", "inputs": {
            "exchange_rate_peg": {"points": [[str(start), 100.0]], "interpolation": "step"},
            "frozen_reserves": {"points": [[str(start), frozen]], "interpolation": "step"},
            "oil_price": {"points": [[str(start), 69.0], [str(start + 2), 20.0]]}}}, model)
        return pt.simulate(model, cal, [sc], quarters=16).frame(0).loc[start:]

    free, frozen = run(0.0), run(15.0)
    usable = frozen["official_reserves"] - frozen["exchange_rate"] * 15.0 / 1000.0
    payments = frozen["imports"] + frozen["defence_spending_abroad"]
    np.testing.assert_allclose(frozen["reserve_cover"], usable / payments, rtol=1e-9)
    assert usable.min() > 0.0                                 # the frozen part is kept
    first = slice(0, 6)
    assert (frozen["reserve_availability"].iloc[first].min()
            < free["reserve_availability"].iloc[first].min())
    assert frozen["exchange_rate"].iloc[6] > 1.03 * free["exchange_rate"].iloc[6]


def test_capital_controls_hold_back_the_private_outflow(model):
    """Controls lifted, or stopping half the outflow wanted, from 2026Q1 in the default
    calibration (whose history ends with 30 % in force): the first quarter's outflow is about
    half the uncontrolled one (the state it is evaluated at has moved by then), the money
    that stays at home lands in the official reserves and the rouble is stronger."""
    cal = pt.load_calibration(model, "default")
    start = cal.history_end + 1

    def controls(share: float) -> pt.Scenario:
        return pt.Scenario.from_dict({"name": f"controls {share}", "inputs": {
            "capital_controls": {"points": [[str(start), share]], "interpolation": "step"}}},
            model)

    sim = pt.simulate(model, cal, [controls(0.0), controls(50.0)], quarters=8)
    none, half = (sim.frame(k).loc[start:] for k in range(2))
    ratio = half["capital_outflow"].iloc[0] / none["capital_outflow"].iloc[0]
    assert 0.4 < ratio < 0.6
    assert (half["official_reserves"] > none["official_reserves"]).all()
    assert (half["exchange_rate"] < none["exchange_rate"]).all()


def test_sanctions_news_moves_capital_abroad_past_the_controls(model):
    """New designations (6,000 a year for a year from 2026Q1 in the default calibration)
    raise the private outflow by the sanctions flight, ``kappa_z`` years of nominal trend
    GDP per unit of sanctions news, scaled like the rest of the outflow by the money
    households hold; capital controls, which halve the normal outflow, do not stop it (the
    record's 2022 outflow left despite them). Relief brings back only its credible share."""
    cal = pt.load_calibration(model, "default")
    start = cal.history_end + 1
    k_z = model.quantities["sanctions_flight"].default_value
    k_m = cal.values.get("money_demand_ratio", model.quantities["money_demand_ratio"].default_value)

    def scenario(new: float, controls: float, relief: float = 0.0) -> pt.Scenario:
        return pt.Scenario.from_dict({"name": f"news {new} {controls} {relief}", "inputs": {
            "sanctions_new": {"points": [[str(start), new], [str(start + 4), 0.0]],
                              "interpolation": "step"},
            "sanctions_relief": {"points": [[str(start), relief]], "interpolation": "step"},
            "capital_controls": {"points": [[str(start), controls]],
                                 "interpolation": "step"}}}, model)

    sim = pt.simulate(model, cal, [scenario(0, 0), scenario(6000, 0), scenario(0, 50),
                                   scenario(6000, 50)], quarters=8)
    f = [sim.frame(k).loc[start] for k in range(4)]
    flight = []
    for quiet, burst in ((f[0], f[1]), (f[2], f[3])):
        scale = burst["broad_money"] / (burst["broad_money"]
                                        + k_m * burst["expected_income"] / 10)
        expected = (k_z * burst["sanctions_news"] * burst["domestic_prices"]
                    * burst["trend_gdp"] * scale)
        extra = burst["capital_outflow"] - quiet["capital_outflow"]
        assert burst["sanctions_news"] > 0.1
        assert extra == pytest.approx(expected, rel=0.15)
        flight.append(extra)
    assert flight[1] == pytest.approx(flight[0], rel=0.1)        # the controls do not stop it
    # relief (a quarter of the designations lifted a year, nothing new): the news is the
    # credible share of the intensity's fall, so capital comes back at that share only
    relief = pt.simulate(model, cal, [scenario(0, 0, 0.25)], quarters=4).frame(0).loc[start]
    c_r = model.quantities["relief_credibility"].default_value
    assert relief["sanctions_intensity_change"] < 0
    assert relief["sanctions_news"] == pytest.approx(c_r * relief["sanctions_intensity_change"],
                                                     rel=1e-9)
