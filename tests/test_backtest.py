"""Backtests: episode files, the generic transplant, comparison output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import run_cli
from peacetrap.calibration.episodes import backtest, episode_names, load_episode
from peacetrap.errors import InputError


@pytest.fixture(scope="module")
def us(model):
    return backtest(model, load_episode(model, "us-1953"))


def test_shipped_episodes():
    assert {"uk-1945", "us-1953"} <= set(episode_names())


def test_episode_starts_balanced(model):
    from peacetrap.calibration.episodes import _template_flows

    ep = load_episode(model, "uk-1945")
    f = _template_flows(model, ep.targets.base)
    v = ep.targets.base.values
    assert f["civilian_utilisation"] == pytest.approx(1.0, abs=1e-8)
    assert f["defence_hiring_gap"] == pytest.approx(0.0, abs=1e-8)
    # civilian employment is steady: net hiring offsets the drain to the army and the
    # defence industry (the civilian hiring gap is what keeps it so)
    d_civil = (f["hires_unemployed_to_civilian"] + f["hires_veterans_to_civilian"]
               - f["separations_civilian"] - f["hires_civilian_to_defence"]
               + f["conversion_to_civilian"] - f["recruits_employed"])
    assert d_civil == pytest.approx(0.0, abs=1e-6)
    # nominal GDP starts at base_gdp (the deflated fact), unless a clip prevents it
    assert f["gdp_nominal"] == pytest.approx(v["base_gdp"], rel=1e-6)
    # expected income on its steady-growth path
    g = (v["expected_inflation"] + v["productivity_growth"]) / 100
    assert v["expected_income"] == pytest.approx(
        f["household_income"] / (1 + g * v["income_smoothing"]), rel=1e-6)


def test_comparison_contract(us):
    comp = us.comparison
    assert list(comp.columns[:4]) == ["period", "variable", "actual", "model"]
    peace = comp[comp.phase == "peace"]
    assert set(peace.period) == {"1954", "1955"}
    assert np.isfinite(comp.model).all()
    war = comp[comp.phase == "war (fitted)"].set_index("variable")
    assert abs(war.loc["defence_share_gdp_pct", "error"]) < 1.0


def test_money_unit_does_not_matter(tmp_path, model, us):
    """The same episode in cents instead of dollars gives the same comparison."""
    from peacetrap.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    for key, val in (("nominal_gdp", "389.218"), ("broad_money", "212.437"),
                     ("government_debt", "270.5")):
        text = text.replace(f"{key} = {{ value = {val},",
                            f"{key} = {{ value = {float(val) * 1e5!r},")
    p = tmp_path / "us-cents.toml"
    p.write_text(text.replace('money_unit = "bn USD"', 'money_unit = "10 mn USD cents"'))
    ep = load_episode(model, p)
    assert ep.money_scale != 1.0
    res = backtest(model, ep)
    a = us.comparison[us.comparison.variable != "gdp_nominal"]
    b = res.comparison[res.comparison.variable != "gdp_nominal"]
    np.testing.assert_allclose(a.model.to_numpy(), b.model.to_numpy(), rtol=1e-5, atol=1e-6)


def test_bad_episode_errors(tmp_path, model):
    from peacetrap.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    p = tmp_path / "bad.toml"
    p.write_text(text.replace("nominal_gdp = {", "nominal_gpd = {"))
    with pytest.raises(InputError, match="nominal_gpd"):
        load_episode(model, p)
    p.write_text(text.replace('period = "1955"\nvalue = 4.4', 'period = "1961"\nvalue = 4.4'))
    with pytest.raises(InputError, match="outside"):
        load_episode(model, p)


def test_backtest_cli(tmp_path):
    out = tmp_path / "bt"
    res = run_cli("backtest", "us-1953", "--out", out)
    assert res.returncode == 0, res.stderr
    comp = pd.read_csv(out / "comparison.csv", dtype={"period": str})
    assert list(comp.columns[:4]) == ["period", "variable", "actual", "model"]
    assert (out / "comparison.png").stat().st_size > 1000
    bad = run_cli("backtest", "no-such-war", "--out", tmp_path / "x")
    assert bad.returncode == 2 and "known:" in bad.stderr
