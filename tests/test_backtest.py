"""Backtests: episode files, the generic transplant, comparison output."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from conftest import ROOT
from peacetrap.calibrate.episodes import backtest, episode_names, load_episode
from peacetrap.errors import InputError


@pytest.fixture(scope="module")
def us(model):
    """The US 1953 backtest, made once per worker that needs it: every test that reads it (or
    ``us_sens``) is marked heavy, so that they all run on the worker that starts the heavy
    tests and the fit is not made a second time by the other."""
    return backtest(model, load_episode(model, "us-1953"))


def test_shipped_episodes():
    assert {"uk-1945", "us-1953"} <= set(episode_names())


def test_episode_starts_balanced(model):
    from peacetrap.calibrate.episodes import _template_flows

    ep = load_episode(model, "uk-1945")
    f = _template_flows(model, ep.targets.base)
    v = ep.targets.base.values
    assert f["civilian_utilisation"] == pytest.approx(1.0, abs=1e-8)
    assert f["defence_hiring_gap"] == pytest.approx(0.0, abs=1e-8)
    # civilian employment is steady: net hiring offsets the drain to the army, the
    # defence industry and out of the labour force (the civilian hiring gap is what keeps
    # it so; the labour force starts at its participation target)
    d_civil = (f["hires_unemployed_to_civilian"] + f["hires_veterans_to_civilian"]
               - f["separations_civilian"] - f["hires_civilian_to_defence"]
               + f["conversion_to_civilian"] - f["recruits_employed"]
               - f["labour_force_exit_employed"])
    assert d_civil == pytest.approx(0.0, abs=1e-6)
    # nominal GDP starts at base_gdp (the deflated fact), unless a clip prevents it
    assert f["gdp_nominal"] == pytest.approx(v["base_gdp"], rel=1e-6)
    # expected income on its steady-growth path
    g = (v["expected_inflation"] + v["productivity_growth"]) / 100
    assert v["expected_income"] == pytest.approx(
        f["household_income"] / (1 + g * v["income_smoothing"]), rel=1e-6)


@pytest.mark.heavy
def test_comparison_contract(us):
    comp = us.comparison
    assert list(comp.columns[:4]) == ["period", "variable", "actual", "model"]
    peace = comp[comp.phase == "peace"]
    assert set(peace.period) == {"1954", "1955"}
    assert np.isfinite(comp.model).all()
    war = comp[comp.phase == "war (fitted)"].set_index("variable")
    assert abs(war.loc["defence_share_gdp_pct", "error"]) < 1.0


@pytest.mark.heavy
def test_money_unit_does_not_matter(tmp_path, model, us):
    """The same episode in cents instead of dollars gives the same comparison."""
    from peacetrap.io.resources import folder

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
    from peacetrap.io.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    p = tmp_path / "bad.toml"
    p.write_text(text.replace("nominal_gdp = {", "nominal_gpd = {"))
    with pytest.raises(InputError, match="nominal_gpd"):
        load_episode(model, p)
    p.write_text(text.replace('period = "1955"\nvalue = 4.4', 'period = "1961"\nvalue = 4.4'))
    with pytest.raises(InputError, match="outside"):
        load_episode(model, p)


@pytest.mark.parametrize("fact, value", [("unemployment_rate", "150"),
                                         ("defence_share", "100")])
def test_a_share_fact_of_100_percent_or_more_is_refused(tmp_path, model, fact, value):
    # unemployment at 150 % was reported as "the facts leave no room for
    # civilian_employment ... (check labour_force, soldiers, defence_share)"; a defence
    # share of 100 % or more scaled the civilian capacity by zero or less, unchecked
    import re

    from peacetrap.io.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    p = tmp_path / "bad.toml"
    p.write_text(re.sub(rf"^{fact} = {{ value = [0-9.]+", f"{fact} = {{ value = {value}",
                        text, count=1, flags=re.M))
    with pytest.raises(InputError, match=rf"bad.toml: facts.{fact}.value = {value}: out of "
                                         "range; allowed 0 to below 100"):
        load_episode(model, p)


@pytest.mark.parametrize("fact", ["labour_force", "soldiers"])
def test_a_head_count_fact_beyond_the_pools_range_is_refused(tmp_path, model, fact):
    # a labour force of 1e12 thousand was reported as "values: civilian_employment =
    # 1.85e+07 is out of range", naming neither the file nor the fact
    import re

    from peacetrap.io.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    p = tmp_path / "bad.toml"
    p.write_text(re.sub(rf"^{fact} = {{ value = [0-9.]+", f"{fact} = {{ value = 2e12", text,
                        count=1, flags=re.M))
    bound = model.quantities["civilian_employment"].bounds[1]
    with pytest.raises(InputError, match=rf"bad.toml: facts.{fact}.value = 2e\+12: out of "
                                         rf"range; allowed up to {re.escape(f'{bound:g}')}"):
        load_episode(model, p)


def test_a_war_path_point_after_the_history_is_refused(tmp_path, model):
    # it ran on into the peace: recruitment at 200,000 a month in 1955 changed us-1953's
    # peace although [peace] did not set it
    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "late.toml"
    p.write_text(text.replace('points = [["1952Q1", 90.0]]',
                              'points = [["1952Q1", 90.0], ["1955Q1", 200.0]]', 1))
    with pytest.raises(InputError, match=r"late.toml: war.recruitment: point 1955Q1 is after "
                                         r"episode.history_end 1953Q4"):
        load_episode(model, p)


def folder_of_episodes():
    from peacetrap.io.resources import folder

    return folder("calibration") / "episodes"


# ---------------------------------------------------------------- balancing and facts


def _flows(model, cal):
    from peacetrap.calibrate.episodes import _template_flows

    return _template_flows(model, cal)


def _balanced(model, closures, **start_values):
    """Balance the defaults against ``closures``: (balanced values, their flows, clipped)."""
    from dataclasses import replace

    from peacetrap.calibrate.episodes import balance_frame

    cal = pt.Calibration(name="t", description="", values=model.defaults(), history={},
                         history_start=pd.Period("2021Q1", "Q"),
                         history_end=pd.Period("2021Q4", "Q"))
    start = model.defaults().to_frame().T.reset_index(drop=True)
    for k, x in start_values.items():
        start[k] = x
    frame, clipped = balance_frame(model, cal, start, None, closures)
    v = model.defaults()
    for c in frame.columns:
        v[c] = float(frame[c].iloc[0])
    return v, _flows(model, replace(cal, values=v)), clipped


def test_unsettled_balance_is_an_error_or_a_failed_member(model):
    """Sweeps that do not settle never hand back a state off rest: the first (reported)
    member raises naming what still moves; in a fit's batch the member gets NaN stocks, so
    its run fails and is counted as a failure."""
    from peacetrap.calibrate.episodes import balance_frame
    from peacetrap.errors import SteadyStateError

    cal = pt.Calibration(name="t", description="", values=model.defaults(), history={},
                         history_start=pd.Period("2021Q1", "Q"),
                         history_end=pd.Period("2021Q4", "Q"))
    start = model.defaults().to_frame().T.reset_index(drop=True)
    start["base_gdp"] = 150.0                          # far from the defaults' rest
    with pytest.raises(SteadyStateError, match="no balanced initial state after 2 sweeps; "
                                               "still moving: .*productivity"):
        balance_frame(model, cal, start, None, {}, iterations=2)
    frame, _ = balance_frame(model, cal, start, None, {}, iterations=2, report=False)
    assert frame[["productivity", "civilian_employment"]].isna().all(axis=None)
    settled, _ = balance_frame(model, cal, start, None, {})
    assert settled[["productivity", "civilian_employment"]].notna().all(axis=None)
    # in a batch, the unsettled member fails with its reason; the others run
    from peacetrap.calibrate.batch import run_batch

    batch = run_batch(model, cal, pd.concat([frame, settled], ignore_index=True))
    assert batch.ok.tolist() == [False, True]
    assert batch.failures == ["member 0: no balanced initial state (the balancing's sweeps "
                              "did not settle)"]
    assert np.isnan(batch.states[0]).all() and np.isfinite(batch.states[1]).all()


def test_balance_meets_national_accounts_facts_within_ranges(model):
    """Closures hit their facts exactly when the ranges allow; money equals money demand."""
    closures = {"current_account": 10.0, "imports": 17.0, "deficit": 1.5}
    v, f, clipped = _balanced(model, closures, base_gdp=128.0)
    assert clipped == {}
    gdp = f["gdp_nominal"]
    assert gdp == pytest.approx(128.0, rel=1e-8)
    assert 100 * f["current_account"] / gdp == pytest.approx(10.0, abs=1e-6)
    assert 100 * f["imports"] / gdp == pytest.approx(17.0, abs=1e-6)
    assert 100 * f["deficit"] / gdp == pytest.approx(1.5, abs=1e-6)
    assert f["money_demand"] == pytest.approx(v["broad_money"], rel=1e-8)
    assert 100 * (f["current_account"] - f["capital_outflow"]) / gdp == pytest.approx(
        f["reserve_accumulation_norm"], abs=1e-6)
    assert f["civilian_utilisation"] == pytest.approx(1.0, abs=1e-8)


def test_exports_fact_sets_spending_abroad(model):
    """With exports, imports and the current account as facts, the current account less the
    facts' trade balance is defence spending abroad: every fact is met."""
    closures = {"current_account": 10.0, "imports": 17.0, "exports": 28.0}
    v, f, clipped = _balanced(model, closures)
    assert clipped == {}
    assert v["defence_abroad_share"] > 0.1
    gdp = f["gdp_nominal"]
    assert 100 * f["current_account"] / gdp == pytest.approx(10.0, abs=1e-6)
    assert 100 * f["imports"] / gdp == pytest.approx(17.0, abs=1e-6)
    assert 100 * f["exports"] / gdp == pytest.approx(28.0, abs=1e-6)
    assert 100 * f["defence_spending_abroad"] / gdp == pytest.approx(1.0, abs=1e-6)


def test_spending_abroad_is_not_domestic_demand(model):
    """A share of procurement spent abroad leaves total defence spending and the deficit as
    they are, and takes its value out of GDP and the current account; procurement's own
    import content and the defence industry's labour need apply to the part bought at home
    only (no double counting)."""
    cal = pt.Calibration(name="t", description="", values=model.defaults(), history={},
                         history_start=pd.Period("2021Q1", "Q"),
                         history_end=pd.Period("2021Q4", "Q"))
    from dataclasses import replace

    v0 = model.defaults()
    v0["defence_abroad_share"] = 0.0
    v1 = v0.copy()
    v1["defence_abroad_share"] = 0.3
    f0, f1 = _flows(model, replace(cal, values=v0)), _flows(model, replace(cal, values=v1))
    g_a = f1["defence_spending_abroad"]
    mu_d = v0["defence_import_share"]
    assert f0["defence_spending_abroad"] == 0.0
    assert f1["import_relative_price"] == pytest.approx(1.0, abs=1e-12)
    assert g_a == pytest.approx(0.3 * f0["procurement"], rel=1e-12)
    assert f1["procurement"] == pytest.approx(0.7 * f0["procurement"], rel=1e-12)
    # total defence spending is unchanged; the deficit rises by the taxes on the domestic
    # income spending abroad does not create
    assert f1["defence_share"] * f1["gdp_nominal"] == pytest.approx(
        f0["defence_share"] * f0["gdp_nominal"], rel=1e-12)
    assert f1["deficit"] - f0["deficit"] == pytest.approx(
        f0["household_taxes"] - f1["household_taxes"], rel=1e-9)
    assert f1["defence_imports"] == pytest.approx(0.7 * f0["defence_imports"], rel=1e-12)
    assert f1["current_account"] - f0["current_account"] == pytest.approx(
        -(1 - mu_d) * g_a, rel=1e-9)
    assert f1["gdp_nominal"] - f0["gdp_nominal"] == pytest.approx(-(1 - mu_d) * g_a, rel=1e-9)
    fixed = v0["defence_fixed_staff"] / 100 * f0["labour_force"]
    # the industry's output, and with it the labour it needs at given strain, is the part
    # bought at home; capacity (the same initial stock) is strained in neither
    assert f1["defence_output"] == pytest.approx(0.7 * f0["defence_output"], rel=1e-12)
    assert f1["defence_labour_need"] - fixed == pytest.approx(
        0.7 * (f0["defence_labour_need"] - fixed) * f1["defence_capacity_strain"]
        / f0["defence_capacity_strain"], rel=1e-9)


def test_exports_fact_needs_the_trade_facts(tmp_path, model):
    from peacetrap.io.resources import folder

    text = (folder("calibration") / "episodes" / "uk-1945.toml").read_text()
    p = tmp_path / "bad.toml"
    lines = [ln for ln in text.splitlines() if not ln.startswith("imports = {")]
    p.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match="facts.exports needs facts imports"):
        load_episode(model, p)


def test_clipped_balancing_is_reported(model):
    ep = load_episode(model, "us-1953")
    text = " ".join(ep.notes)
    # US imports were 4% of GDP; the model's import propensity cannot go below 0.15
    assert "import_propensity" in text and "clipped" in text
    # the propensity is at its bound, so the current-account fact gives way to the GDP level
    assert "current_account" in text


def test_spin_up_starts_from_deflated_money_facts(model):
    ep = load_episode(model, "us-1953")
    v = ep.targets.base.values
    growth = (ep.facts["inflation"] + v["productivity_growth"]) / 100
    want = ep.facts["nominal_gdp"] / ep.money_scale * np.exp(-1.625 * growth)
    assert v["base_gdp"] == pytest.approx(want, rel=1e-9)
    # ratios of the money facts are kept
    assert v["broad_money"] / v["base_gdp"] == pytest.approx(
        ep.facts["broad_money"] / ep.facts["nominal_gdp"], rel=1e-9)


@pytest.mark.parametrize("table, key", [("parameters", "money_demand_ratio"),
                                        ("parameters", "tax_rate"),
                                        ("free", "propensity_to_consume")])
def test_balanced_values_cannot_be_set_or_freed(tmp_path, model, table, key):
    from peacetrap.io.resources import folder

    text = (folder("calibration") / "episodes" / "us-1953.toml").read_text()
    if table == "parameters":
        value = model.spec.quantities[key].bounds[1]      # allowed, but balanced: refused
        text = text.replace("[parameters]\n", f"[parameters]\n{key} = {value}\n", 1)
    else:
        text = text.replace("[free.wage_phillips]", f"[free.{key}]\nlow = 0.8\nhigh = 0.85\n\n"
                            "[free.wage_phillips]", 1)
    p = tmp_path / "bad.toml"
    p.write_text(text)
    with pytest.raises(InputError, match="balancing"):
        load_episode(model, p)


@pytest.mark.heavy
def test_fitted_start_is_rebalanced(model, us):
    """The fit re-balances every candidate: the fitted start has no gaps either."""
    cal = us.fit.calibration
    assert us.fit.theta["history.defence_procurement"] != pytest.approx(1.0, abs=1e-3)
    f = _flows(model, cal)
    assert f["civilian_utilisation"] == pytest.approx(1.0, abs=1e-8)
    assert f["defence_hiring_gap"] == pytest.approx(0.0, abs=1e-8)
    # money equals money demand unless the money-demand ratio is clipped at its range
    km_hi = model.spec.quantities["money_demand_ratio"].bounds[1]
    assert (f["money_demand"] == pytest.approx(cal.values["broad_money"], rel=1e-8)
            or cal.values["money_demand_ratio"] == pytest.approx(km_hi))


@pytest.mark.heavy
def test_us_war_year_reproduced(us):
    d = us.fit.diagnostics
    assert d["parameters_at_bounds"] == []
    assert d["targets_outside_tolerance"] == []



def test_reported_propensity_meets_the_current_account(monkeypatch):
    """The propensity a clipped balancing reports is the one the accounts ask: with the
    range opened to it, the balancing meets the current-account fact at that propensity."""
    from dataclasses import replace

    from peacetrap.core.model import Model

    fresh = Model()
    ep = load_episode(fresh, "us-1953")
    note = next(n for n in ep.notes if n.startswith("propensity_to_consume"))
    asked = float(note.split("asks for ")[1].split(",")[0])
    assert 0.89 < asked < 1.0
    name = "propensity_to_consume"
    monkeypatch.setitem(fresh.spec.quantities, name,
                        replace(fresh.spec.quantities[name], bounds=(0.8, 0.9999)))
    monkeypatch.setitem(fresh.quantities, name,
                        replace(fresh.quantities[name], bounds=(0.8, 0.9999)))
    fresh.__dict__.pop("_value_arrays", None)
    opened = load_episode(fresh, "us-1953")
    assert not any(n.startswith(name) or n.startswith("current_account")
                   for n in opened.notes)
    assert opened.targets.base.values[name] == pytest.approx(asked, rel=1e-3)
    f = _flows(fresh, opened.targets.base)
    assert 100 * f["current_account"] / f["gdp_nominal"] == pytest.approx(-0.5, abs=1e-4)


@pytest.mark.heavy           # reads the `us` backtest: on the worker that made it
def test_backtests_page_shows_the_run(us):
    from peacetrap.paper.backtest_page import backtests_markdown, peace_errors

    page = backtests_markdown([us], "0123456789abcdef")
    assert "Inputs key: `0123456789abcdef`" in page
    assert "## us-1953" in page
    for name, f in us.fit.diagnostics["free_values"].items():
        assert f"| `{name}` | {f['value']:.4f} |" in page
    for r in us.comparison.itertuples(index=False):
        assert f"| {r.period} | `{r.variable}` | {r.stat} | {r.phase} | {r.actual:.2f} | " \
               f"{r.model:.2f} | {r.error:.2f} |" in page
    mae = peace_errors(us)
    war = us.comparison[us.comparison.phase == "war (fitted)"]
    inside = len(war) - len(us.fit.diagnostics["targets_outside_tolerance"])
    bounds = ", ".join(f"`{b}`" for b in us.fit.diagnostics["parameters_at_bounds"]) or "none"
    assert (f"| us-1953 | {inside} of {len(war)} | {bounds} | {mae['gdp_real']:.2f} | "
            f"{mae['unemployment_rate_pct']:.2f} | {mae['cpi']:.2f} |") in page


@pytest.fixture(scope="module")
def us_sens(model, us):
    from peacetrap.analysis.backtest_sensitivity import free_value_sensitivity

    return free_value_sensitivity(model, us)


@pytest.fixture(scope="module")
def us_sensitivity(us_sens):
    return us_sens.table


@pytest.mark.heavy           # reads the `us` backtest: on the worker that made it
def test_sensitivity_band_spans_the_sets_that_keep_the_war_year(us, us_sens):
    import numpy as np

    t, m = us_sens.table, us_sens.models
    assert list(m.index) == list(us.comparison.index) and m.shape[1] == len(t)
    np.testing.assert_allclose(m["fitted"], us.comparison["model"], rtol=1e-9)
    band = us_sens.band()
    kept = (t["war_within"] >= t["war_within"].iloc[0]).to_numpy()
    np.testing.assert_allclose(band["low"], m.loc[:, kept].min(axis=1))
    np.testing.assert_allclose(band["high"], m.loc[:, kept].max(axis=1))
    assert (band["low"] <= us.comparison["model"] + 1e-12).all()
    assert (band["high"] >= us.comparison["model"] - 1e-12).all()
    peace = us.comparison["phase"] == "peace"
    assert (band["high"] - band["low"])[peace].max() > 0    # the moves do move the peace


@pytest.mark.heavy           # reads the `us` backtest: on the worker that made it
def test_sensitivity_at_the_fitted_values_is_the_backtest(model, us, us_sensitivity):
    from peacetrap.analysis.validate_record import episode_rows
    from peacetrap.analysis.validate_spec import load_spec

    d = us.fit.diagnostics
    rows = episode_rows(load_spec(model), "us-1953", us.comparison,
                        len(d["targets_outside_tolerance"]), len(us.episode.targets.targets))
    fitted = us_sensitivity.iloc[0]
    assert fitted["free"] == "fitted"
    assert fitted["war_within"] == len(us.episode.targets.targets) - \
        len(d["targets_outside_tolerance"])
    assert fitted["war_objective"] == pytest.approx(d["objective"], rel=1e-6)
    shown = [r for r in rows if r["key"] in us_sensitivity.attrs["checks"]]
    assert shown
    for r in shown:
        assert fitted[r["key"]] == pytest.approx(r["value"], nan_ok=True)
        assert fitted[f"{r['key']} passed"] == r["passed"]


@pytest.mark.heavy           # reads the `us` backtest: on the worker that made it
def test_sensitivity_moves_one_value_at_a_time_within_its_range(us, us_sensitivity):
    free = us.fit.diagnostics["free_values"]
    moved = us_sensitivity.iloc[1:]
    assert len(moved) == 2 * len(free)        # no value of us-1953 sits at a bound
    assert list(moved["free"].drop_duplicates()) == list(free)
    for r in moved.itertuples():
        f = free[r.free]
        assert f["low"] - 1e-12 <= r.value <= f["high"] + 1e-12
        assert r.value != pytest.approx(f["value"], rel=1e-9)
    # a steeper wage Phillips curve moves the peace's inflation peak
    key = next(k for k in us_sensitivity.attrs["checks"] if k.startswith("backtest.inflation"))
    wp = us_sensitivity[us_sensitivity["free"] == "wage_phillips"].set_index("side")[key]
    assert wp["+1 se"] > wp["-1 se"] + 0.1


def test_sensitivity_line_counts_only_moves_that_keep_the_war_year():
    import pandas as pd

    from peacetrap.cli.backtest import sensitivity_line

    k = "backtest.gdp[x,1]"
    sens = pd.DataFrame({"free": ["fitted", "a", "a", "b", "b"],
                         "war_within": [3, 3, 3, 2, 3],
                         k: [1.0, 1.5, 0.5, 9.0, 1.1],
                         f"{k} passed": [True, True, True, False, True]})
    sens.attrs["checks"] = {k: "x: real GDP per head in 1 vs 0"}
    assert "0 of the 1 scoreboard peace rows turn" in sensitivity_line(sens)
    assert "(3 of 4 moves)" in sensitivity_line(sens)
    sens.loc[2, f"{k} passed"] = False
    assert sensitivity_line(sens).endswith(f"1 of the 1 scoreboard peace rows turns when a "
                                           "free value moves (by one standard error, or to an "
                                           "end of its range without one) and the war year "
                                           f"keeps its fit (3 of 4 moves): {k}")


@pytest.mark.heavy           # reads the `us` backtest: on the worker that made it
def test_backtests_page_shows_the_sensitivity(us, us_sensitivity):
    from peacetrap.paper.backtest_page import backtests_markdown

    page = backtests_markdown([us], "0123456789abcdef", [us_sensitivity])
    assert "**How the peace depends on the free values.**" in page
    for r in us_sensitivity.iloc[1:].itertuples():
        assert f"| `{r.free}` | {r.side}: {r.value:.4f} |" in page


def test_a_value_at_a_bound_is_moved_only_inward():
    from types import SimpleNamespace

    from peacetrap.analysis.backtest_sensitivity import moved_values

    free = {"wage_phillips": {"value": 0.01, "low": 0.01, "high": 0.3},
            "overhang_spending_rate": {"value": 0.4, "low": 0.02, "high": 1.5}}
    res = SimpleNamespace(fit=SimpleNamespace(diagnostics={"free_values": free}))
    assert moved_values(res) == [("wage_phillips", "high end", 0.3),
                                 ("overhang_spending_rate", "low end", 0.02),
                                 ("overhang_spending_rate", "high end", 1.5)]
    res.fit.diagnostics["standard_errors_tolerance_as_sd"] = {"wage_phillips": 0.05,
                                                              "overhang_spending_rate": 0.1}
    assert moved_values(res) == [("wage_phillips", "+1 se", pytest.approx(0.06)),
                                 ("overhang_spending_rate", "-1 se", pytest.approx(0.3)),
                                 ("overhang_spending_rate", "+1 se", pytest.approx(0.5))]


@pytest.mark.parametrize("fact, value, allowed", [
    ("inflation", "5000", "-50 to 200 (% a year)"),
    ("short_rate", "900", "0 to 100 (% a year)"),
    ("current_account", "-300", "-100 to 100 (% of GDP)"),
    ("imports", "496", "0 to 100 (% of GDP)"),
    ("exports", "120", "0 to 100 (% of GDP)"),
    ("deficit", "500", "-100 to 100 (% of GDP)")])
def test_a_rate_or_share_fact_beyond_its_range_is_refused(tmp_path, model, fact, value, allowed):
    # inflation at 5000 % a year failed in the fit ("calibration 'us-1953': the fitted values
    # fail to simulate", exit 1, no file named); a short rate of 900 % failed the balancing
    # with numpy warnings; a current account of -300 % of GDP or a deficit of 500 % ran,
    # with the balancing clipping what they asked for
    import re

    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "bad.toml"
    p.write_text(re.sub(rf"^{fact} = {{ value = [-0-9.]+", f"{fact} = {{ value = {value}",
                        text, count=1, flags=re.M))
    with pytest.raises(InputError, match=re.escape(f"bad.toml: facts.{fact}.value = {value}: "
                                                   f"out of range; allowed {allowed}")):
        load_episode(model, p)


def test_facts_without_a_balanced_state_name_the_file(tmp_path, model, monkeypatch, recwarn):
    # a short rate of 900 % (beyond FACT_RANGES now; allowed here) ended in "balancing
    # 'us-1953': no balanced initial state after 1000 sweeps" (exit 1, no file named)
    # after three numpy RuntimeWarnings on stderr
    import peacetrap.calibrate.episode_file as ef

    monkeypatch.setitem(ef.FACT_RANGES, "short_rate", (0.0, 1000.0))
    p = tmp_path / "restless.toml"
    p.write_text((folder_of_episodes() / "us-1953.toml").read_text().replace(
        "short_rate = { value = 3.06", "short_rate = { value = 900", 1))
    with pytest.raises(InputError, match=r"restless.toml: the facts give no balanced initial "
                                         r"state \(balancing 'us-1953': no balanced initial "
                                         r"state after 1000 sweeps"):
        load_episode(model, p)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_no_trend_nominal_growth_has_no_reserve_ratio_and_names_the_file(tmp_path, model):
    # the reserve norm is the reserve ratio times trend nominal growth: at zero growth no
    # ratio brings the balance of payments to rest (a division by zero before the check)
    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "still.toml"
    p.write_text(text.replace('points = [["1952Q1", 2.0]]', 'points = [["1952Q1", 0.0]]', 1)
                 .replace("productivity_growth = 2.5 ", "productivity_growth = 0.0 ", 1))
    with pytest.raises(InputError, match=r"still.toml: the facts give no balanced initial "
                                         r"state \(balancing 'us-1953': trend nominal growth at "
                                         r"the start .* is 0 % a year"):
        load_episode(model, p)


def test_no_money_is_refused(tmp_path, model):
    # broad_money = 0 ran, with money demand clipped to its floor and a current account of
    # 27 % of GDP at the start
    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "nomoney.toml"
    p.write_text(text.replace("broad_money = { value = 212.437", "broad_money = { value = 0", 1))
    with pytest.raises(InputError, match="nomoney.toml: facts.broad_money.value = 0: must be "
                                         "positive"):
        load_episode(model, p)


def test_a_war_year_record_is_not_scored_as_peace(tmp_path, model):
    # an [[actual]] unemployment of 9.9 % in 1953 (the last war year) was labelled "peace"
    # and became the scoreboard's recorded unemployment peak (1953-1955)
    from peacetrap.analysis.validate_record import episode_rows
    from peacetrap.analysis.validate_spec import load_spec
    from peacetrap.calibrate.episode_backtest import compare

    p = tmp_path / "war-record.toml"
    p.write_text((folder_of_episodes() / "us-1953.toml").read_text().replace(
        'name = "us-1953"', 'name = "war-record"', 1) + '\n[[actual]]\nvariable = '
        '"unemployment_rate_pct"\nperiod = "1953"\nvalue = 9.9\nsource = "a war-year record"\n')
    ep = load_episode(model, p)
    comp, _ = compare(model, ep, ep.targets.base, [0.0] * len(ep.targets.targets))
    row = comp[comp["source"] == "a war-year record"].iloc[0]
    assert row["phase"] == "war (record)" and np.isfinite(row["model"])
    assert (comp[comp["phase"] == "peace"]["period"].astype(int) > 1953).all()
    peak = {r["key"]: r for r in episode_rows(load_spec(model), ep.name, comp, 0, 6)}
    peak = peak["backtest.unemployment_peak[war-record]"]
    assert peak["note"].startswith("record peak 5.5 in 1954")


def test_a_peace_point_inside_the_history_is_refused_before_the_fit(tmp_path, model):
    # it was found after the war year's fit, as "... [inputs.civil_spending]: point 1953Q3 is
    # before the scenario start 1954Q1", naming a table the file does not have
    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "early.toml"
    p.write_text(text.replace('points = [["1954Q1", 9.7], ["1955Q1", 9.5]]',
                              'points = [["1953Q3", 9.7], ["1955Q1", 9.5]]', 1))
    with pytest.raises(InputError, match=r"early.toml: peace.civil_spending: point 1953Q3 is not "
                                         r"after episode.history_end 1953Q4; allowed: points "
                                         r"from 1954Q1 \(inputs up to it belong to \[war\]\)"):
        load_episode(model, p)


def test_peace_rows_count_from_the_declared_last_war_year(tmp_path, model):
    # with history_end one quarter past last_war_year and a record of that quarter, the
    # scoreboard's GDP rows read "1971 vs 1970" (the latest war row's year) for a war that
    # ended in 1953 -> here 1954 vs 1953 is kept
    from peacetrap.analysis.validate_record import episode_rows
    from peacetrap.analysis.validate_spec import load_spec
    from peacetrap.calibrate.episode_backtest import compare

    text = (folder_of_episodes() / "us-1953.toml").read_text()
    p = tmp_path / "midyear.toml"
    p.write_text(text.replace('history_end = "1953Q4"', 'history_end = "1954Q1"', 1)
                 .replace('peace_quarters = 8', 'peace_quarters = 7', 1)
                 .replace('["1954Q1", 0.1]', '["1954Q2", 0.1]', 1)
                 .replace('["1954Q1", 9.7]', '["1954Q2", 9.7]', 1)
                 + '\n[[actual]]\nvariable = "unemployment_rate_pct"\nperiod = "1954Q1"\n'
                   'value = 4.7\nsource = "a record inside the history window"\n')
    ep = load_episode(model, p)
    assert ep.last_war_year == 1953
    comp, _ = compare(model, ep, ep.targets.base, [0.0] * len(ep.targets.targets))
    rows = episode_rows(load_spec(model), ep.name, comp, 0, 6, last_war_year=ep.last_war_year)
    gdp = [r["check"] for r in rows if r["id"] == "backtest.gdp"]
    assert gdp[0] == "us-1953: real GDP per head in 1954 vs 1953"


def test_report_lines_of_a_file_without_country_and_in_scaled_money():
    # "backtest us-1953-minimal (): ..." for a file without [episode].country; the table's
    # nominal GDP of 1017.6 bn USD read 101.76 with nothing saying it is in 10 bn USD
    from types import SimpleNamespace

    from peacetrap.cli.backtest import money_unit_line, title_line

    ep = SimpleNamespace(name="mini", country="", money_scale=10.0, money_unit="bn USD")
    assert title_line(ep) == "backtest mini: last war year fitted, peace simulated"
    assert money_unit_line(ep).startswith("  gdp_nominal is in units of 10 bn USD")
    ep = SimpleNamespace(name="us", country="United States", money_scale=1.0, money_unit="")
    assert title_line(ep) == "backtest us (United States): last war year fitted, peace simulated"
    assert money_unit_line(ep) is None
    # the generated page says the same (docs/backtests.md: uk-1918's 5.072 bn GBP reads 507.2)
    from peacetrap.calibrate.episode_file import fit_money_unit

    assert fit_money_unit(SimpleNamespace(money_scale=0.01, money_unit="bn GBP")) == \
        "0.01 bn GBP"
    assert "`gdp_nominal` is in units of 0.01 bn GBP" in (ROOT / "docs" / "backtests.md") \
        .read_text()
