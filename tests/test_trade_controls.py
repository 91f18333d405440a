"""Wartime trade controls and an exchange-rate peg: inputs that are 0 by default."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt


def _flows(model, history):
    from peacetrap.calibrate.episodes import _template_flows

    cal = pt.Calibration(name="t", description="", values=model.defaults(), history=history,
                         history_start=pd.Period("2021Q1", "Q"),
                         history_end=pd.Period("2021Q4", "Q"))
    return _template_flows(model, cal)


def _held(model, name, value):
    from peacetrap.io.paths import Path as TimePath

    return {name: TimePath([(pd.Period("2021Q1", "Q"), value)], "step")}


def test_controls_hold_back_their_share(model):
    """Export diversion takes its share off non-oil exports, import controls off civilian
    imports (procurement's import content is not licensed away)."""
    free = _flows(model, {})
    diverted = _flows(model, _held(model, "export_diversion", 40.0))
    assert diverted["nonoil_exports_usd"] == pytest.approx(
        0.6 * free["nonoil_exports_usd"], rel=1e-12)
    assert diverted["oil_exports_usd"] == pytest.approx(free["oil_exports_usd"], rel=1e-12)
    licensed = _flows(model, _held(model, "import_controls", 25.0))
    civilian = free["imports"] - free["defence_imports"]
    assert licensed["imports"] - licensed["defence_imports"] == pytest.approx(
        0.75 * civilian, rel=1e-12)
    assert licensed["defence_imports"] == pytest.approx(free["defence_imports"], rel=1e-12)


def test_a_peg_holds_the_exchange_rate(model, default_cal):
    """A peg of 100 % offsets all of the market pressure while reserves are ample: with a
    hundred times the default's reserves (the peg's hold 1 to ~1e-12) the exchange rate
    does not move through a sudden peace; with the default's (about 1.5 years of imports,
    hold 1 - 3e-4) it moves by less than 0.1 %; half a peg moves it less than a float."""
    start = default_cal.history_end + 1
    full = model.complete(default_cal.values if len(default_cal.values) else None).iloc[0]
    ample = pt.Calibration.from_series(
        pd.Series({"official_reserves": 100.0 * float(full["official_reserves"])}), "ample",
        model, base=default_cal)
    change = {}
    for cal in (default_cal, ample):
        for peg in (0.0, 50.0, 100.0):
            sc = pt.Scenario.from_dict({"name": f"peg{peg:g}", "inputs": {
                "defence_procurement": 3.1, "exchange_rate_peg": {
                    "points": [[str(start), peg]], "interpolation": "step"}}}, model)
            fr = pt.simulate(model, cal, [sc], quarters=12).frame(0)
            x = np.log(fr["exchange_rate"])
            change[cal.name, peg] = float(x.iloc[-1] - x.loc[start])
    for name in (default_cal.name, "ample"):
        assert abs(change[name, 0.0]) > 0.01
        assert abs(change[name, 50.0]) < abs(change[name, 0.0])
    assert change["ample", 100.0] == pytest.approx(0.0, abs=1e-9)
    assert abs(change[default_cal.name, 100.0]) < 1e-3
