"""Calibration: target extraction, recovery of known values, fit contract, bad targets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import peacetrap as pt
from peacetrap.calibrate.batch import run_batch
from peacetrap.calibrate.columns import NUMERIC_CONTRACT, column
from peacetrap.calibrate.estimation import CAPACITY_TIME, capacity_gap, estimate, estimate_all
from peacetrap.calibrate.fit import calibrate
from peacetrap.calibrate.problem import Problem, scaled_history
from peacetrap.calibrate.targets import load_targets
from peacetrap.errors import CalibrationError, InputError
from peacetrap.io.resources import folder


@pytest.fixture(scope="module")
def appendix(model):
    tset = load_targets(model, "appendix")
    return tset, calibrate(model, tset)


def test_batch_columns_equal_the_timeline(model, default_cal):
    sim = pt.simulate(model, default_cal, [None], quarters=0)
    tl = sim.timeline(0)
    batch = run_batch(model, default_cal, pd.DataFrame(index=[0]))
    keep = np.asarray(batch.periods.year >= default_cal.history_start.year)
    for name in NUMERIC_CONTRACT:
        got = column(batch, name, default_cal.history_start.year)[0, keep]
        np.testing.assert_allclose(got, tl[name].to_numpy(), rtol=1e-10, atol=1e-10,
                                   err_msg=name)


def test_batch_members_with_own_history_match_single_runs(model, default_cal):
    tset = load_targets(model, "appendix")
    free = tset.free
    by_name = {"history.defence_procurement": 1.2, "history.casualty_rate": 1.3,
               "history.sanctions_new": 0.9}
    theta = np.array([by_name.get(f.name, f.start) for f in free])
    hist = scaled_history(tset.base, free, theta)
    b = run_batch(model, tset.base, pd.DataFrame({"fx_sanctions_premium": [0.5, 0.5]}),
                  [hist, None])
    from dataclasses import replace
    sim = pt.simulate(model, replace(tset.base, history={**tset.base.history, **hist}), [None],
                      pd.Series({"fx_sanctions_premium": 0.5}), quarters=0)
    np.testing.assert_allclose(b.states[0], sim.states[0, 0], rtol=1e-12)
    assert not np.allclose(b.states[1], sim.states[0, 0])


def _synthetic_file(tmp_path, model, truth: dict[str, float]) -> str:
    """Targets simulated with known values, in a targets file that starts elsewhere."""
    cal = pt.load_calibration(model, "default")
    tset = load_targets(model, "appendix")
    hist = scaled_history(cal, [f for f in tset.free if f.name == "history.casualty_rate"],
                          np.array([truth["history.casualty_rate"]]))
    from dataclasses import replace
    cal2 = replace(cal, history={**cal.history, **hist})
    vals = pd.Series({k: v for k, v in truth.items() if not k.startswith("history.")})
    tl = pt.simulate(model, cal2, [None], vals, quarters=0).timeline(0)
    rows = []
    for var, per in [("rub_per_usd", "2023"), ("rub_per_usd", "2025"),
                     ("real_wage_growth_yoy_pct", "2024"), ("unemployment_rate_pct", "2024"),
                     ("casualties_cumulative_thousands", "2025"),
                     ("cpi_inflation_yoy_pct", "2023")]:
        v = float(tl.loc[tl.index.year == int(per), var].mean())
        rows.append(f'[[targets]]\nvariable = "{var}"\nperiod = "{per}"\nvalue = {v!r}\n'
                    f'rel_tolerance = 0.01\nsource = "synthetic"\n')
    text = f"""[setup]
name = "synthetic"
base = "default"
[free.fx_sanctions_premium]
low = 0.0
high = 1.5
start = 0.9
[free.wage_phillips]
low = 0.02
high = 0.25
start = 0.05
[free."history.casualty_rate"]
low = 0.3
high = 3.0
start = 2.0
[options]
starts = 2
""" + "\n".join(rows)
    path = tmp_path / "synthetic.toml"
    path.write_text(text)
    return str(path)


def test_recovers_known_values_from_synthetic_targets(tmp_path, model):
    truth = {"fx_sanctions_premium": 0.45, "wage_phillips": 0.13, "history.casualty_rate": 1.4}
    tset = load_targets(model, _synthetic_file(tmp_path, model, truth))
    res = calibrate(model, tset)
    for k, v in truth.items():
        assert res.theta[k] == pytest.approx(v, rel=1e-4), k
    d = res.diagnostics
    assert d["objective"] < 1e-12
    # the file's start (0.9, 0.05, 2.0) ends in a local minimum at a bound: multi-start
    # finds the truth and the diagnostics say the starts disagree
    objectives = sorted(r["objective"] for r in d["start_results"])
    assert objectives[0] < 1e-12
    assert d["starts_agree"] == (objectives[-1] < 1e-10)
    assert d["rank"] == 3 and not d["not_identified"]
    assert d["over_identified"] and set(d["standard_errors"]) == set(truth)


def test_appendix_fit_contract(appendix):
    tset, res = appendix
    fit = res.fit
    assert list(fit.columns[:7]) == ["target", "period", "target_value", "model_value",
                                     "rel_error", "kind", "source"]
    essay = {"defence_share_gdp_pct", "casualties_cumulative_thousands", "sanctions_count",
             "rub_per_usd"}
    y25 = fit[fit.period.str.startswith("2025")].set_index("target")
    # the essay's four 2025 figures, and where the essay is silent the record's path:
    # real growth near the record's, unemployment at most 5 % (a ceiling)
    assert set(y25.index) == essay | {"gdp_real", "unemployment_rate_pct"}
    assert (y25.loc[sorted(essay), "rel_error"].abs() < 0.01).all()
    growth = fit[fit.target == "gdp_real"]
    assert list(growth.period) == ["2022", "2023", "2024", "2025"]
    assert ((growth.model_value - growth.target_value).abs() < 3.0).all()
    jobless = fit[fit.target == "unemployment_rate_pct"]
    assert list(jobless.period) == ["2022", "2023", "2024", "2025"]
    assert (jobless.model_value <= 5.0).all()
    assert (jobless.residual >= 0).all()          # a ceiling: no residual below it
    assert y25.loc["defence_share_gdp_pct", "kind"] == "endogenous"
    assert y25.loc["rub_per_usd", "kind"] == "endogenous"
    assert y25.loc["casualties_cumulative_thousands", "kind"] == "input"
    y21 = fit[fit.period == "2021"].set_index("target")
    assert y21.loc["casualties_cumulative_thousands", "kind"] == "initial"
    assert set(fit.kind) <= {"endogenous", "input", "initial"}
    d = res.diagnostics
    for key in ("objective", "converged", "iterations", "starts", "starts_agree", "jacobian",
                "condition_number", "rank", "not_identified", "standard_errors"):
        assert key in d
    assert np.array(d["jacobian"]["values"]).shape == (len(tset.targets) + len(tset.penalties),
                                                       len(tset.free))


def test_progress_bar_counts_every_simulation_of_the_search(model):
    """The calibration's bar moves by the simulations each residual and Jacobian call ran."""
    import io

    from tqdm import tqdm

    from peacetrap.calibrate.fit import _counting

    problem = Problem(model, load_targets(model, "appendix"))
    z = np.full(len(problem.free), 0.5)
    with tqdm(file=io.StringIO(), mininterval=0) as bar:
        _counting(problem.fun, problem, bar)(z)
        assert bar.n == problem.evaluations == 1
        _counting(problem.jac, problem, bar)(z)
        assert bar.n == problem.evaluations == 1 + len(z) + 1


def test_shipped_appendix_calibration_hits_the_appendix(model):
    cal = pt.load_calibration(model, "appendix")
    tl = pt.simulate(model, cal, [None], quarters=0).timeline(0)
    y = tl.loc[tl.index.year == 2025]
    assert y["defence_share_gdp_pct"].mean() == pytest.approx(9.2, rel=0.01)
    assert y["rub_per_usd"].mean() == pytest.approx(140, rel=0.01)
    assert y["casualties_cumulative_thousands"].iloc[-1] == pytest.approx(650, rel=0.01)
    assert y["sanctions_count"].iloc[-1] == pytest.approx(18000, rel=0.01)


@pytest.mark.parametrize("name", ["appendix", "observed"])
def test_shipped_header_names_every_free_value_left_at_a_bound(name):
    """A fitted value at the edge of its search range is a finding the reader must see."""
    import tomllib

    path = folder("calibration") / f"{name}.toml"
    text = path.read_text()
    doc = tomllib.loads(text)
    at_bound = [n for n, e in doc["estimates"].items() if e.get("kind") == "parameter"
                and min(abs(e["value"] - e["low"]), abs(e["high"] - e["value"]))
                <= 1e-6 * (e["high"] - e["low"])]
    header = [line for line in text.splitlines() if line.startswith("# Free values")]
    if at_bound:
        assert header and all(n in header[0] for n in at_bound)
    else:
        assert not header


def test_run_defaults_to_the_appendix_calibration():
    from peacetrap.cli import parser
    from peacetrap.run.setups import DEFAULT_CALIBRATION

    assert DEFAULT_CALIBRATION == "appendix"
    for command in ("run", "compare", "decompose", "ensemble", "sensitivity"):
        assert parser().parse_args([command, "sudden-peace"]).calibration == "appendix"
    assert parser().parse_args(["check"]).calibration == "appendix"


def test_unidentified_value_is_flagged(tmp_path, model):
    p = tmp_path / "t.toml"
    p.write_text("""[setup]
base = "default"
[free.fx_sanctions_premium]
low = 0.0
high = 1.5
[free.veteran_exit_rate]
low = 0.0
high = 0.5
[[targets]]
variable = "rub_per_usd"
period = "2025"
value = 120.0
source = "test"
[options]
starts = 1
""")
    res = calibrate(model, load_targets(model, p))
    assert "veteran_exit_rate" in res.diagnostics["not_identified"]


def test_non_convergence_raises(tmp_path, model):
    p = tmp_path / "t.toml"
    p.write_text("""[setup]
base = "default"
[free.fx_sanctions_premium]
low = 0.0
high = 1.5
start = 0.0
[free.wage_phillips]
low = 0.02
high = 0.3
start = 0.02
[free.import_share_cpi]
low = 0.1
high = 0.6
start = 0.6
[[targets]]
variable = "rub_per_usd"
period = "2025"
value = 130.0
source = "test"
[[targets]]
variable = "real_wage_growth_yoy_pct"
period = "2024"
value = 6.0
tolerance = 0.1
source = "test"
[[targets]]
variable = "cpi_inflation_yoy_pct"
period = "2024"
value = 30.0
tolerance = 0.1
source = "test"
[options]
starts = 1
max_evaluations = 5
""")
    with pytest.raises(CalibrationError, match="did not converge"):
        calibrate(model, load_targets(model, p))


def _ceiling_file(tmp_path, value: float, side: str, start: float = 0.75) -> str:
    p = tmp_path / f"ceiling-{side}.toml"
    p.write_text(f"""[setup]
base = "default"
[free.fx_sanctions_premium]
low = 0.0
high = 1.5
start = {start!r}
[[targets]]
variable = "rub_per_usd"
period = "2025"
value = {value!r}
tolerance = 1.0
side = "{side}"
source = "test"
""")
    return str(p)


def test_one_sided_targets_cost_nothing_on_their_allowed_side(tmp_path, model):
    """A ceiling's residual is the miss above it, a floor's the miss below it, else 0."""
    base = load_targets(model, _ceiling_file(tmp_path, 100.0, "both"))
    prob = Problem(model, base)
    z = prob.z(np.array([0.5]))
    rub = float(prob.outputs(prob.run(prob.theta(z)[None, :]))[0, 0])
    for value, side, expected in [(rub + 5.0, "at_most", 0.0), (rub - 5.0, "at_most", 5.0),
                                  (rub - 5.0, "at_least", 0.0), (rub + 5.0, "at_least", -5.0),
                                  (rub + 5.0, "both", -5.0)]:
        tset = load_targets(model, _ceiling_file(tmp_path, value, side))
        got = Problem(model, tset).fun(z)
        assert got[0] == pytest.approx(expected, abs=1e-9), (side, value)
    assert load_targets(model, _ceiling_file(tmp_path, 90.0, "at_most")).targets[0].label \
        == "rub_per_usd@2025[mean]<="


def test_a_ceiling_pulls_a_fit_below_it(tmp_path, model):
    """From a premium that puts the rouble far above a ceiling, the fit brings it under."""
    tset = load_targets(model, _ceiling_file(tmp_path, 90.0, "at_most", start=1.4))
    prob = Problem(model, tset)
    start = prob.fun(prob.z(np.array([1.4])))[0]
    assert start > 10.0                          # 10 tolerances above the ceiling
    res = calibrate(model, tset, starts=1)
    assert float(res.fit.model_value.iloc[0]) <= 90.0 + 1e-3
    assert res.diagnostics["targets_outside_tolerance"] == []


def test_bad_side_raises_input_error(tmp_path, model):
    p = _ceiling_file(tmp_path, 90.0, "below")
    with pytest.raises(InputError, match="side") as err:
        load_targets(model, p)
    assert p in str(err.value)


def test_own_figures_exclude_the_records_and_ceilings(model):
    from peacetrap.calibrate.record import own_figures

    own = own_figures(model, load_targets(model, "appendix"))
    assert own == {"defence_share_gdp_pct", "casualties_cumulative_thousands",
                   "sanctions_count", "rub_per_usd"}
    assert own_figures(model, load_targets(model, "observed")) == set()


BAD = {
    "unknown variable": ('variable = "rub_per_eur"', "unknown variable 'rub_per_eur'"),
    "unknown period": ('period = "2031"', "not inside the history window"),
    "bad quarter": ('period = "2025Q5"', "not a quarter"),
    "bad stat": ('stat = "median"', "is not allowed"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_targets_raise_input_error(tmp_path, model, case):
    line, msg = BAD[case]
    target = {"variable": 'variable = "rub_per_usd"', "period": 'period = "2025"',
              "stat": ""}
    key = line.split(" =")[0]
    target[key] = line
    p = tmp_path / "t.toml"
    p.write_text(f"""[setup]
base = "default"
[free.fx_sanctions_premium]
low = 0.0
high = 1.5
[[targets]]
{target['variable']}
{target['period']}
{target['stat']}
value = 120.0
source = "test"
""")
    with pytest.raises(InputError, match=msg) as err:
        load_targets(model, p)
    assert str(p) in str(err.value)


def test_checks_are_figures_not_targets(tmp_path, model):
    head = ('[setup]\nbase = "default"\n[free.fx_sanctions_premium]\nlow = 0.0\n'
            'high = 1.5\n')
    tgt = '[[targets]]\nvariable = "rub_per_usd"\nperiod = "2025"\nvalue = 120.0\nsource = "t"\n'
    chk = ('[[targets]]\nvariable = "rub_per_usd"\nperiod = "2024"\nvalue = 90.0\n'
           'source = "c"\nfit = false\n')
    p = tmp_path / "t.toml"
    p.write_text(head + chk + tgt)
    ts = load_targets(model, p)
    assert [t.period for t in ts.targets] == ["2025"]
    assert [t.period for t in ts.checks] == ["2024"]
    assert [t.period for t in ts.figures] == ["2025", "2024"]
    p.write_text(head + chk)
    with pytest.raises(InputError, match="every target has fit = false"):
        load_targets(model, p)
    p.write_text(head + chk + chk.replace("90.0", "91.0") + tgt)
    with pytest.raises(InputError, match="duplicate target rub_per_usd in 2024"):
        load_targets(model, p)
    p.write_text(head + chk.replace("fit = false", "fit = 0") + tgt)
    with pytest.raises(InputError, match="fit"):
        load_targets(model, p)


def test_duplicate_and_infeasible_bounds(tmp_path, model):
    head = '[setup]\nbase = "default"\n'
    tgt = '[[targets]]\nvariable = "rub_per_usd"\nperiod = "2025"\nvalue = 120.0\nsource = "t"\n'
    p = tmp_path / "dup.toml"
    p.write_text(head + '[free.fx_sanctions_premium]\nlow = 0.0\nhigh = 1.5\n' + tgt + tgt)
    with pytest.raises(InputError, match="duplicate target rub_per_usd"):
        load_targets(model, p)
    p.write_text(head + '[free.fx_sanctions_premium]\nlow = 1.0\nhigh = 0.5\n' + tgt)
    with pytest.raises(InputError, match="infeasible bounds"):
        load_targets(model, p)
    p.write_text(head + '[free.fx_sanctions_premium]\nlow = 0.0\nhigh = 9.0\n' + tgt)
    with pytest.raises(InputError, match="out of range"):
        load_targets(model, p)
    p.write_text(head + '[free."history.casualty_rate"]\nlow = 0.5\nhigh = 100.0\n' + tgt)
    with pytest.raises(InputError, match="allowed maximum"):
        load_targets(model, p)
    p.write_text(head + '[free.no_such_parameter]\nlow = 0.0\nhigh = 1.0\n' + tgt)
    with pytest.raises(InputError, match="unknown parameter or stock"):
        load_targets(model, p)


def test_observed_targets_match_the_data_file(model):
    tset = load_targets(model, "observed")
    data = pd.read_csv(folder("data") / "russia_observed.csv", dtype={"period": str})
    assert len(tset.figures) == len(data)
    for t, (_, row) in zip(tset.figures, data.iterrows()):
        assert (t.variable, t.period) == (row.variable, row.period)
        assert t.value == pytest.approx(row.value)
        assert row.source in t.source
    assert len(tset.targets) > len(tset.free)


def test_observed_uses_the_shipped_estimates(model):
    table, _ = estimate_all()
    shipped = pd.read_csv(folder("data") / "estimates.csv")
    np.testing.assert_allclose(table.estimate, shipped.estimate, rtol=1e-4)
    tset = load_targets(model, "observed")
    free = {f.name: f for f in tset.free}
    slope, _ = estimate(table, "wage_phillips")
    assert free["wage_phillips"].low == pytest.approx(slope, rel=1e-3)
    pen = {p.parameter: p for p in tset.penalties}
    pt2, se2 = estimate(table, "passthrough_2y")
    assert (pen["import_share_cpi"].value, pen["import_share_cpi"].sd) == \
        (pytest.approx(pt2, rel=1e-3), pytest.approx(se2, rel=1e-3))
    md, mse = estimate(table, "money_demand_rate", "RUS")
    assert (pen["money_demand_rate"].value, pen["money_demand_rate"].sd) == \
        (pytest.approx(md, rel=1e-3), pytest.approx(mse, rel=1e-3))
    pw, pse = estimate(table, "precautionary_money", "RUS")
    assert (pen["precautionary_money"].value, pen["precautionary_money"].sd) == \
        (pytest.approx(pw, rel=1e-2), pytest.approx(pse, rel=1e-2))


def test_price_phillips_regressor_is_the_models_utilisation(model):
    # the capacity lag is the definition's own, so the slope estimates price_utilisation
    assert CAPACITY_TIME == model.quantities["capacity_time"].default
    # on a steady growth path capacity equals output: no gap
    assert np.allclose(capacity_gap(0.02 * np.arange(30.0)), 0.0, atol=1e-12)
    # a level jump of output on a growth path opens a gap that capacity closes at its lag
    g = 0.02 * np.arange(30.0)
    gap = capacity_gap(g + np.r_[np.zeros(5), np.full(25, 0.1)]) - capacity_gap(g)
    assert gap[5] > 0.09 and gap[6] < gap[5] and gap[-1] < 0.02
    table, _ = estimate_all()
    slope, se = estimate(table, "price_utilisation")
    assert 0.0 < slope < 2.0 and se > 0


def test_problem_jacobians_match_one_sided_differences(model):
    from peacetrap.calibrate.problem import FD_STEP

    tset = load_targets(model, "appendix")
    pb = Problem(model, tset)
    z = pb.z(np.array([f.start for f in tset.free]))
    central, forward = pb.jac_central(z), pb.jac(z)
    for j in range(len(z)):
        zp = z.copy()
        zp[j] += 1e-6
        np.testing.assert_allclose(central[:, j], (pb.fun(zp) - pb.fun(z)) / 1e-6,
                                   rtol=1e-3, atol=1e-5)
        zp = z.copy()
        zp[j] += FD_STEP
        np.testing.assert_allclose(forward[:, j], (pb.fun(zp) - pb.fun(z)) / FD_STEP,
                                   rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("starts", [2, 3, 4, 5, 6])
def test_start_points_without_scipy_warning(recwarn, starts):
    # an episode or targets file without [options] (starts = 4) printed scipy's "The balance
    # properties of Sobol' points require n to be a power of 2" on every fit; the points
    # are the same as before
    import warnings
    from types import SimpleNamespace

    from scipy.stats import qmc

    from peacetrap.calibrate.fit import _start_points

    problem = SimpleNamespace(z=lambda x: x, free=[SimpleNamespace(start=0.5)] * 3)
    pts = _start_points(problem, starts, seed=7)
    assert not [w for w in recwarn if "power of 2" in str(w.message)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        old = qmc.Sobol(d=3, scramble=True, seed=7).random(starts - 1)
    assert len(pts) == starts and np.array_equal(np.array(pts[1:]), 0.15 + 0.7 * old)


def test_search_continues_an_unconverged_start_with_the_dogleg_method():
    """Rosenbrock's valley ending in the unit box's corner: the reflective method, given
    five evaluations, stops short; the dogleg method continues from its point, the
    evaluations add up and the cost does not rise. With a budget the reflective method
    converges within, the result is its own."""
    from scipy.optimize import least_squares

    from peacetrap.calibrate.fit import _search

    def fun(z):
        return np.array([10.0 * (z[1] - z[0] ** 2), 1.0 - z[0]])

    def jac(z):
        return np.array([[-20.0 * z[0], 10.0], [-1.0, 0.0]])

    z0 = np.array([0.1, 0.9])
    short = least_squares(fun, z0, jac=jac, bounds=(0.0, 1.0), method="trf", x_scale="jac",
                          ftol=1e-8, xtol=1e-8, gtol=1e-8, max_nfev=5)
    assert short.status == 0
    sol = _search(fun, jac, z0, 5)
    assert sol.nfev > short.nfev
    assert sol.cost <= short.cost
    full = _search(fun, jac, z0, 1000)
    assert full.status > 0 and full.nfev < 1000
    np.testing.assert_allclose(full.x, [1.0, 1.0], atol=1e-4)
