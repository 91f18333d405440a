"""Backtests of whole episodes, each fitting an episode of its own: the command's contract,
Britain 1945, a far start of the US 1953 balancing. Episode files, balancing and the US 1953
backtest the `us` fixture shares are in test_backtest.py (two files: under
``--dist loadfile`` each is one unit of work of about half a minute of fits)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import run_cli
from peacetrap.calibrate.episodes import backtest, load_episode


@pytest.mark.heavy
def test_backtest_cli(tmp_path):
    # the command's contract, on the shipped episode that fits fastest (us-1953 is
    # backtested in this process by the `us` fixture, every episode by `validate`)
    out = tmp_path / "bt"
    res = run_cli("backtest", "uk-1918", "--out", out)
    assert res.returncode == 0, res.stderr
    comp = pd.read_csv(out / "comparison.csv", dtype={"period": str})
    assert list(comp.columns[:4]) == ["period", "variable", "actual", "model"]
    assert (out / "comparison.png").stat().st_size > 1000
    sens = pd.read_csv(out / "sensitivity.csv")
    assert sens["free"].iloc[0] == "fitted" and len(sens) > 1
    assert "sensitivity (sensitivity.csv):" in res.stdout
    # no long-run claim for an episode: the model's peacetime inputs are the shipped
    # economy's, not the episode's, so a balanced-growth point there says nothing of it
    assert "balanced_growth" not in (out / "diagnostics.json").read_text()
    assert "balanced_growth" not in (out / "parameters.toml").read_text()
    bad = run_cli("backtest", "no-such-war", "--out", tmp_path / "x")
    assert bad.returncode == 2 and "known:" in bad.stderr


@pytest.mark.heavy
def test_uk_rationing_and_war_year(model):
    """Britain's rationing (consumption's part) and its investment controls are inputs of
    the history that peace removes; the 1945 fit gets the size of the war economy (nominal
    GDP) right.

    Since the participation margin and the hidden-slack term of wage setting (wartime
    entrants above normal participation press on wages), the fit is no longer interior:
    `overhang_spending_rate` and `precautionary_money` go to their bounds while it tries to
    hold 1945 wage growth (14 % in the model against -2.4 % recorded under wartime wage
    controls, which the model does not have) and unemployment (2.9 % against 0.5 %).  No
    other free value may reach a bound."""
    ep = load_episode(model, "uk-1945")
    hist = ep.targets.base.history["rationing"]
    assert max(v for _, v in hist.points) == pytest.approx(12.0)
    assert ep.peace.inputs["rationing"].points[-1][1] == 0.0
    controls = ep.targets.base.history["investment_controls"]
    assert max(v for _, v in controls.points) == pytest.approx(73.0)
    assert ep.peace.inputs["investment_controls"].points[-1][1] == 0.0
    res = backtest(model, ep)
    d = res.fit.diagnostics
    assert set(d["parameters_at_bounds"]) <= {"overhang_spending_rate", "precautionary_money"}
    war = res.comparison[res.comparison.phase.str.startswith("war")].set_index("variable")
    assert abs(war.loc["gdp_nominal", "model"] / war.loc["gdp_nominal", "actual"] - 1) < 0.03


@pytest.mark.heavy
def test_balancing_survives_a_far_start(model, tmp_path):
    """The balancing's Newton steps on productivity and employment are damped: with a defence
    import share of 0.08 the US 1953 fit once drove productivity negative (a stale chord
    Jacobian overshooting from a fit candidate far from the solution) and the backtest
    stopped with an error; now it balances every candidate and finishes."""
    from pathlib import Path

    text = Path("calibration/episodes/us-1953.toml").read_text()
    text = text.replace("[parameters]\n", "[parameters]\ndefence_import_share = 0.08\n", 1)
    path = tmp_path / "us-1953-imports.toml"
    path.write_text(text)
    res = backtest(model, load_episode(model, path))
    assert res.fit.calibration.values["productivity"] > 0
    war = res.comparison[res.comparison.phase.str.startswith("war")].set_index("variable")
    assert abs(war.loc["gdp_nominal", "model"] / war.loc["gdp_nominal", "actual"] - 1) < 0.01
