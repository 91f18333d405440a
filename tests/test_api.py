"""The Python API: functions over Scenario objects, short reprs, xarray results, FitResult."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import numpy as np
import pandas as pd
import pytest

import peacetrap as pt

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def cal(model):
    return pt.load_calibration(model)


@pytest.fixture(scope="module")
def homemade(peace):
    """A scenario built in Python (here a copy of sudden peace under another name)."""
    return pt.Scenario("homemade", inputs=dict(peace.inputs), baseline="long-grind")


def test_import_is_light_when_the_cache_is_warm():
    code = ("import sys, peacetrap as pt; pt.load_model(); "
            "print(*(m in sys.modules for m in ('sympy', 'scipy', 'matplotlib', 'SALib', "
            "'statsmodels', 'dask', 'xarray')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False"] * 7


def test_simulation_repr_is_short_and_says_what_it_is(model, cal, peace, grind):
    batch = pd.DataFrame({"wage_phillips": np.linspace(0.05, 0.2, 50)})
    many = [pt.Scenario(f"scenario-number-{k}-with-a-rather-long-name-indeed",
                        inputs=dict(peace.inputs)) for k in range(30)]
    sim = pt.simulate(model, cal, [peace, grind] + many, batch)
    text = repr(sim)
    assert len(text) < 500
    assert "50 value sets x 32 scenarios x 64 quarters" in text
    assert "calibration: appendix" in text and "(28 more)" in text


def test_simulation_to_xarray_has_member_scenario_quarter_and_units(model, cal, peace, grind):
    batch = pd.DataFrame({"wage_phillips": [0.05, 0.1, 0.2]})
    sim = pt.simulate(model, cal, [peace, grind], batch)
    ds = sim.to_xarray(["unemployment_rate", "cpi", "soldiers"])
    assert dict(ds.sizes) == {"member": 3, "scenario": 2, "quarter": len(sim.periods)}
    assert ds["unemployment_rate"].dims == ("member", "scenario", "quarter")
    assert ds["unemployment_rate"].attrs["units"] == model.quantities["unemployment_rate"].shown_unit
    assert ds.attrs["calibration"] == "appendix"
    frame = sim.frame("long-grind", member=2)
    got = ds["soldiers"].sel(member=2, scenario="long-grind").to_numpy()
    np.testing.assert_array_equal(got, frame["soldiers"].to_numpy())
    long = ds.to_dataframe()
    assert list(long.index.names) == ["member", "scenario", "quarter"]
    assert len(long) == 3 * 2 * len(sim.periods)
    with pytest.raises(pt.InputError, match="did you mean 'unemployment_rate'"):
        sim.to_xarray(["unemployment_rat"])


def test_decompose_and_compare_take_scenario_objects(model, cal, peace, homemade):
    by_object = pt.decompose(model, cal, homemade, quarters=12)
    by_name = pt.decompose(model, cal, "sudden-peace", quarters=12)
    pd.testing.assert_frame_equal(by_object.difference, by_name.difference)
    assert by_object.scenario.name == "homemade" and by_object.calibration == "appendix"
    assert len(repr(by_object)) < 500
    res = pt.compare(model, cal, [peace, homemade], quarters=12)
    assert list(res.headlines.index) == ["long-grind", "sudden-peace", "homemade"]
    np.testing.assert_allclose(res.headlines.loc["homemade", "unemployment_peak_pct"],
                               res.headlines.loc["sudden-peace", "unemployment_peak_pct"])
    assert len(repr(res)) < 500 and "calibration: appendix" in repr(res)


def test_a_misspelt_input_in_a_scenario_object_is_named_with_a_suggestion(model, cal, peace):
    bad = pt.Scenario("typo", inputs={"defence_procurment": peace.inputs["defence_procurement"]})
    with pytest.raises(pt.InputError, match="did you mean 'defence_procurement'"):
        pt.decompose(model, cal, bad)


@pytest.mark.parametrize("value", [3.0, float("nan"), "3.0",
                                   pd.Series([3.0], index=pd.PeriodIndex(["2026Q1"], freq="Q"))])
def test_a_scenario_object_with_a_raw_value_is_an_input_error(model, cal, value):
    # a number, text or Series in place of a time path stopped simulate with
    # AttributeError: ... has no attribute 'points'
    bad = pt.Scenario("raw", inputs={"defence_procurement": value})
    with pytest.raises(pt.InputError, match=r"\[inputs.defence_procurement\]: a \w+ is not"):
        pt.simulate(model, cal, [bad])


@pytest.mark.parametrize("scenarios, values, message", [
    ([], None, "scenarios: none given"),
    (["peace"], pd.DataFrame({"wage_phillips": []}), "values: a batch without rows"),
    (["peace"], pd.DataFrame(), "values: a batch without rows"),
])
def test_simulate_without_scenarios_or_value_sets_is_an_input_error(model, cal, peace,
                                                                   scenarios, values, message):
    # numpy's ValueError "cannot reshape array of size 0" came through
    with pytest.raises(pt.InputError, match=message):
        pt.simulate(model, cal, [peace for _ in scenarios], values)


def test_compare_takes_a_single_scenario_name(model, cal, tmp_path, monkeypatch):
    # a string was taken as a list of one-letter scenario names: "unknown scenario 's'",
    # or, with a folder named "s" in the working folder, "scenario file s: is a folder"
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s").mkdir()
    res = pt.compare(model, cal, "sudden-peace", quarters=8)
    assert list(res.headlines.index) == ["long-grind", "sudden-peace"]


def test_picking_a_run_that_is_not_there_is_an_input_error(model, cal, peace):
    # ValueError "'x' is not in list" and numpy's IndexError came through
    sim = pt.simulate(model, cal, [peace], quarters=8)
    with pytest.raises(pt.InputError, match="unknown scenario 'sudden-pace'.*'sudden-peace'"):
        sim.timeline("sudden-pace")
    with pytest.raises(pt.InputError, match="scenario 5: out of range"):
        sim.frame(5)
    with pytest.raises(pt.InputError, match="member 3: out of range"):
        sim.timeline(0, member=3)
    pd.testing.assert_frame_equal(sim.timeline(-1), sim.timeline("sudden-peace"))


def test_ensemble_is_an_xarray_dataset(model, cal, homemade):
    res = pt.ensemble(model, cal, homemade, draws=40, seed=3)
    assert len(repr(res)) < 500 and "calibration: appendix" in repr(res)
    ds = res.to_xarray()
    assert ds["unemployment_rate_pct"].dims == ("member", "scenario", "quarter")
    assert ds.sizes["member"] == 40 - res.n_failed
    assert list(ds["scenario"].values) == ["homemade"]
    assert ds["rub_per_usd"].attrs["units"] == model.info.reports["rub_per_usd"].unit
    assert ds["unemployment_rate_pct"].attrs["units"] == \
        model.info.reports["unemployment_rate_pct"].unit
    assert ds["gdp_gap_pct_vs_baseline"].attrs["units"] == "%"
    # the dataset holds the draws the quantiles were computed from
    q50 = res.quantiles.query("variable == 'key_rate_pct'").set_index("quarter")["q50"]
    median = ds["key_rate_pct"].median("member").sel(scenario="homemade").to_series()
    np.testing.assert_allclose(median.loc[q50.index].to_numpy(), q50.to_numpy(), rtol=1e-6)
    assert len(ds.to_dataframe()) == ds.sizes["member"] * ds.sizes["quarter"]
    again = pt.ensemble(model, cal, homemade, draws=res.draws)
    pd.testing.assert_frame_equal(again.headlines, res.headlines)


@pytest.mark.parametrize("kwargs, message", [
    ({"draws": 8, "seed": -1}, "--seed -1: out of range"),
    ({"draws": 8, "seed": 1.5}, "--seed 1.5: not a whole number"),
    ({"draws": 8, "seed": True}, "--seed True: not a whole number"),
    ({"draws": -3}, "--draws -3: out of range"),
    ({"draws": 2.5}, "--draws 2.5: not a whole number"),
])
def test_ensemble_checks_draws_and_seed(model, cal, kwargs, message):
    # numpy's ValueError / TypeError came through (a negative or fractional seed, negative
    # draws), and 2.5 draws were silently taken as 2
    with pytest.raises(pt.InputError, match=message):
        pt.ensemble(model, cal, "sudden-peace", **kwargs)


@pytest.mark.parametrize("quarters", [0, -1])
def test_ensemble_and_sensitivity_check_the_quarters(model, cal, quarters):
    # numpy's "attempt to get argmin of an empty sequence" came through
    with pytest.raises(pt.InputError, match=f"quarters = {quarters}: must be 1 or more"):
        pt.ensemble(model, cal, "sudden-peace", draws=4, quarters=quarters)
    with pytest.raises(pt.InputError, match=f"quarters = {quarters}: must be 1 or more"):
        pt.sensitivity(model, cal, "sudden-peace", method="morris", samples=2,
                       quarters=quarters)


@pytest.mark.parametrize("seed", [-1, 1.5])
def test_sensitivity_checks_the_seed(model, cal, seed):
    with pytest.raises(pt.InputError, match="--seed"):
        pt.sensitivity(model, cal, "sudden-peace", method="morris", samples=2, seed=seed)


def test_sensitivity_takes_a_scenario_object(model, cal, homemade):
    res = pt.sensitivity(model, cal, homemade, method="morris", samples=4, seed=1)
    assert res.scenario.name == "homemade" and res.calibration == "appendix"
    assert len(repr(res)) < 500
    assert set(res.indices["output"]) == set(res.outputs.columns)


def test_calibrate_returns_a_result_with_attributes_and_a_summary(model):
    import peacetrap.calibrate.fit  # noqa: F401 - the submodules must not shadow the call

    res = pt.calibrate(model, "appendix")
    assert isinstance(res, pt.FitResult)
    assert len(repr(res)) < 500
    d = res.diagnostics
    assert res.converged == d["converged"] and res.rank == d["rank"]
    assert res.objective == d["objective"] and res.nobs == d["informative_rows"]
    assert list(res.bse.index) == list(res.params.index)
    assert res.bse.to_dict() == d["standard_errors"]
    text = res.summary()
    for name in res.params.index:
        assert name in text
    assert "std err" in text and "Condition number" in text
    tex = res.summary("latex")
    assert tex.startswith(r"\begin{tabular}") and r"\bottomrule" in tex
    assert r"fx\_sanctions\_premium" in tex
    with pytest.raises(pt.InputError):
        res.summary("html")


def test_result_objects_plot(model, cal, peace, grind):
    from matplotlib.figure import Figure

    sim = pt.simulate(model, cal, [peace, grind])
    dec = pt.decompose(model, cal, peace, quarters=8,
                       variables=["gdp_real_index", "unemployment_rate_pct"])
    for fig in (sim.plot(), dec.plot()):
        assert isinstance(fig, Figure)
        assert "calibration: appendix" in fig.get_suptitle()
    # one scenario by name is that scenario, not a list of its letters
    one = sim.plot("long-grind")
    assert one.get_suptitle().startswith("long-grind (")
    with pytest.raises(pt.InputError, match="unknown scenario 'nope'"):
        sim.plot("nope")


@pytest.mark.parametrize("module", ["peacetrap", "peacetrap.run.dataset",
                                    "peacetrap.analysis.compare", "peacetrap.analysis.decompose",
                                    "peacetrap.analysis.ensemble",
                                    "peacetrap.analysis.sensitivity", "peacetrap.calibrate",
                                    "peacetrap.core.model"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    res = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
