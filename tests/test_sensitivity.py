"""Global sensitivity (SALib): tables, plausibility of the indices, CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from conftest import run_cli
from peacetrap.errors import InputError
from peacetrap.analysis.sensitivity import OUTPUTS, design, run_sensitivity
from peacetrap.analysis.uncertainty import priors

PARAMS = ["overhang_spending_rate", "precautionary_money", "veteran_matching", "wage_phillips"]


@pytest.fixture(scope="module")
def pair(model):
    return pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")


@pytest.fixture(scope="module")
def sobol(model, default_cal, pair):
    pri = priors(model, default_cal, names=PARAMS)
    return run_sensitivity(model, default_cal, *pair, pri, "sobol", 256, 24, seed=1,
                           progress=False)


def test_sobol_table_has_indices_with_intervals(sobol):
    t = sobol.indices
    assert list(t.columns) == ["output", "parameter", "S1", "S1_conf", "ST", "ST_conf"]
    assert set(t["parameter"]) == set(PARAMS)
    assert set(t["output"]) <= set(OUTPUTS) and "inflation_peak_pct_vs_baseline" in set(t["output"])
    assert sobol.n_runs == 256 * (len(PARAMS) + 2)
    assert (t["S1_conf"] >= 0).all() and (t["ST_conf"] >= 0).all()
    # total effects are not smaller than first-order effects, beyond sampling error
    assert (t["ST"] + t["ST_conf"] + t["S1_conf"] >= t["S1"] - 0.05).all()


def test_sobol_ranks_the_mechanisms_as_the_model_says(sobol):
    """The overhang's size and release speed drive the extra inflation of peace; veterans'
    matching drives how many wait, and does not move the inflation excess."""
    t = sobol.indices.set_index(["output", "parameter"])
    infl = t.loc["inflation_peak_pct_vs_baseline", "ST"]
    assert infl[["overhang_spending_rate", "precautionary_money"]].min() > infl["veteran_matching"]
    vets = t.loc["veterans_unemployed_peak_thousands", "ST"]
    assert vets.idxmax() == "veteran_matching"


def test_morris_table(model, default_cal, pair):
    pri = priors(model, default_cal, names=PARAMS)
    res = run_sensitivity(model, default_cal, *pair, pri, "morris", 20, 24, seed=2,
                          progress=False)
    assert res.n_runs == 20 * (len(PARAMS) + 1)
    assert list(res.indices.columns) == ["output", "parameter", "mu", "mu_star", "mu_star_conf",
                                         "sigma", "sigma_conf"]
    t = res.indices.set_index(["output", "parameter"])
    assert (t["mu_star"] >= t["mu"].abs() - 1e-12).all()
    vets = t.loc["veterans_unemployed_peak_thousands", "mu_star"]
    assert vets.idxmax() == "veteran_matching"


def test_design_is_reproducible_and_validated(model, default_cal):
    pri = priors(model, default_cal, names=PARAMS)
    np.testing.assert_array_equal(design("sobol", pri, 64, 3), design("sobol", pri, 64, 3))
    with pytest.raises(InputError, match="power of two"):
        design("sobol", pri, 100, 0)
    with pytest.raises(InputError, match="--method"):
        design("fast", pri, 64, 0)


def test_sensitivity_command(tmp_path):
    out = tmp_path / "s"
    res = run_cli("sensitivity", "sudden-peace", "--method", "sobol", "--samples", "64",
                  "--parameters", *PARAMS, "--quarters", "16", "--out", out, "--quiet")
    assert res.returncode == 0, res.stderr
    assert {p.name for p in out.iterdir()} == {"sensitivity.csv", "runs.csv", "priors.csv",
                                               "sensitivity.png", "summary.json",
                                               "manifest.json"}
    t = pd.read_csv(out / "sensitivity.csv")
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(t.columns)
    assert json.loads((out / "summary.json").read_text())["runs"] == 64 * 6
    bad = run_cli("sensitivity", "sudden-peace", "--samples", "100", "--out", tmp_path / "b")
    assert bad.returncode == 2 and "power of two" in bad.stderr
    assert not (tmp_path / "b").exists()
