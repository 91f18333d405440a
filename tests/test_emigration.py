"""Wartime emigration: the emigrant pool, its split over the labour force, the return flow."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import peacetrap as pt

from test_simulate import assert_conserved


def _without_emigration(cal: pt.Calibration) -> pt.Calibration:
    out = copy.copy(cal)
    out.history = {k: v for k, v in cal.history.items() if k != "emigration"}
    return out


def test_peacetime_default_is_no_emigration(model):
    q = model.quantities["emigration"]
    assert q.default == 0.0
    assert model.quantities["emigrants"].default == 0.0


def test_people_conserved_with_emigration_on(model, default_cal, peace):
    assert "emigration" in default_cal.history
    sim = pt.simulate(model, default_cal, [peace], record="steps")
    assert_conserved(model, sim)
    f = pt.simulate(model, default_cal, [peace]).frame(0)
    ea = f["emigrants"]
    assert ea.loc["2021Q4"] == 0.0
    # 217,000 over the first half of 2022 and 650,000 in 2022Q4, less the returns
    assert 600.0 < ea.loc["2022Q4"] < 867.0
    # peace sets no emigration: the pool only returns
    later = f.loc["2026Q1":]
    assert np.all(later["emigration_employed"] == 0.0)
    assert np.all(np.diff(later["emigrants"].to_numpy()) < 0.0)


def test_emigration_split_pro_rata(model, default_cal):
    f = pt.simulate(model, default_cal, [None], quarters=4).frame(0)
    row = f.loc["2022Q1"]                     # inside the first plateau (36.2 thousand a month)
    total = row["emigration_employed"] + row["emigration_unemployed"]
    to_year = model.quantities["emigration"].to_display          # display per internal
    flow_display = model.quantities["emigration_employed"].to_display
    assert total / flow_display == pytest.approx(36.2 / to_year, rel=1e-9)
    share = row["civilian_employment"] / (row["civilian_employment"] + row["unemployed"])
    assert row["emigration_employed"] / total == pytest.approx(share, rel=1e-9)


def test_return_flow_empties_the_pool_into_job_search(model, default_cal):
    cal = _without_emigration(default_cal)
    values = model.complete(None).iloc[0].copy()
    values["emigrants"] = 500.0                               # thousand abroad at the start
    rate = values["emigrant_return_rate"]
    sim = pt.simulate(model, cal, [None], values=values, quarters=4, record="steps")
    assert_conserved(model, sim)
    f = pt.simulate(model, cal, [None], values=values, quarters=4).frame(0)
    years = np.arange(1, len(f) + 1) / 4.0
    assert f["emigrants"].to_numpy() == pytest.approx(500.0 * np.exp(-rate * years), rel=1e-6)
    factor = model.quantities["emigrant_returns"].to_display / model.quantities[
        "emigrants"].to_display
    assert f["emigrant_returns"].to_numpy() == pytest.approx(
        rate * f["emigrants"].to_numpy() * factor, rel=1e-9)
    # the returns raise job search against a run without emigrants abroad
    base = pt.simulate(model, cal, [None], quarters=4).frame(0)
    assert f["unemployed"].iloc[0] > base["unemployed"].iloc[0]
