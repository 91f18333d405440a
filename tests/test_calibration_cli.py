"""CLI: peacetrap calibrate / experiment (subprocess)."""

from __future__ import annotations

import json
import tomllib

import pandas as pd
import pytest

from conftest import run_cli


def test_calibrate_appendix_writes_the_contract(tmp_path):
    out = tmp_path / "app"
    res = run_cli("calibrate", "--targets", "appendix", "--out", out)
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["diagnostics.json", "fit.csv",
                                                     "manifest.json", "parameters.toml",
                                                     "record.csv"]
    fit = pd.read_csv(out / "fit.csv", dtype={"period": str})
    assert list(fit.columns[:7]) == ["target", "period", "target_value", "model_value",
                                     "rel_error", "kind", "source"]
    diag = json.loads((out / "diagnostics.json").read_text())
    assert diag["converged"] and diag["rank"] == diag["n_free"]
    # what the appendix world implies for the record years: the record's targets it does not
    # set itself, evaluated (never fitted), counted in the diagnostics and printed
    rec = pd.read_csv(out / "record.csv", dtype={"period": str})
    assert {"defence_share_gdp_pct", "rub_per_usd"}.isdisjoint(rec["variable"])
    assert {"gdp_real", "cpi_inflation_yoy_pct", "key_rate_pct"} <= set(rec["variable"])
    miss = (rec["model"] - rec["record"]) / rec["tolerance"]
    assert (miss - rec["miss"]).abs().max() < 1e-6
    assert diag["record"]["compared"] == len(rec)
    assert diag["record"]["within_tolerance"] == int(rec["within"].sum())
    assert f"{diag['record']['within_tolerance']} of {len(rec)} targets within" in res.stdout
    # the fitted world's long run: its balanced-growth point, in the diagnostics, the file's
    # report and the printout
    point = diag["balanced_growth"]
    assert point["found"] is True and 0.5 < point["spending_propensity"] < 1.0
    report = tomllib.loads((out / "parameters.toml").read_text())["report"]
    assert report["balanced_growth_point"] is True
    assert report["spending_propensity_at_point"] == pytest.approx(point["spending_propensity"])
    assert "balanced-growth point at peacetime inputs after the history: found" in res.stdout
    # parameters.toml is a calibration file that reproduces the fit
    run = run_cli("run", "long-grind", "--calibration", out / "parameters.toml",
                  "--out", tmp_path / "run", "--quarters", "8")
    assert run.returncode == 0, run.stderr
    tl = pd.read_csv(tmp_path / "run" / "timeline.csv")
    y = tl[tl.quarter.str.startswith("2025")]
    assert abs(y.defence_share_gdp_pct.mean() / 9.2 - 1) < 0.01
    assert abs(y.rub_per_usd.mean() / 140 - 1) < 0.01


def test_bad_targets_exit_2(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('[setup]\nbase = "default"\n[free.fx_sanctions_premium]\nlow = 0.0\n'
                 'high = 1.5\n[[targets]]\nvariable = "gdp_realz"\nperiod = "2025"\n'
                 'value = 1.0\nsource = "t"\n')
    res = run_cli("calibrate", "--targets", p, "--out", tmp_path / "o")
    assert res.returncode == 2
    assert "unknown variable 'gdp_realz'" in res.stderr and "did you mean" in res.stderr
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_calibrate_manifest_records_the_seed_and_starts(tmp_path):
    # the manifest had "seed": null and a command without --starts, though the starting
    # points are scrambled Sobol points drawn with the file's [options] seed
    p = tmp_path / "fx.toml"
    p.write_text('[setup]\nbase = "default"\n[free.exchange_rate]\nlow = 55.0\nhigh = 95.0\n'
                 '[[targets]]\nvariable = "rub_per_usd"\nperiod = "2021"\nvalue = 73.7\n'
                 'rel_tolerance = 0.01\nsource = "t"\n[options]\nseed = 5\n')
    res = run_cli("calibrate", "--targets", p, "--starts", "2", "--out", tmp_path / "o")
    assert res.returncode == 0, res.stderr
    man = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert man["seed"] == 5
    assert man["command"] == f"peacetrap calibrate --targets {p} --starts 2"


def test_checks_are_evaluated_not_fitted(tmp_path):
    # a target with fit = false is a check: kept out of the objective, evaluated on the fit,
    # written to checks.csv and diagnostics.json and printed
    p = tmp_path / "fx.toml"
    p.write_text('[setup]\nbase = "default"\n[free.exchange_rate]\nlow = 55.0\nhigh = 95.0\n'
                 '[[targets]]\nvariable = "rub_per_usd"\nperiod = "2021"\nvalue = 73.7\n'
                 'rel_tolerance = 0.01\nsource = "t"\n[[targets]]\nvariable = "rub_per_usd"\n'
                 'period = "2021Q1"\nvalue = 60.0\nrel_tolerance = 0.01\nsource = "c"\n'
                 'fit = false\n[options]\nstarts = 1\n')
    res = run_cli("calibrate", "--targets", p, "--out", tmp_path / "o")
    assert res.returncode == 0, res.stderr
    fit = pd.read_csv(tmp_path / "o" / "fit.csv", dtype={"period": str})
    assert list(fit["period"]) == ["2021"]
    assert abs(fit["model_value"].iloc[0] / 73.7 - 1) < 0.01
    chk = pd.read_csv(tmp_path / "o" / "checks.csv", dtype={"period": str})
    assert list(chk["period"]) == ["2021Q1"] and not chk["within"].iloc[0]
    assert abs(chk["model"].iloc[0] / 60.0 - 1) > 0.05
    diag = json.loads((tmp_path / "o" / "diagnostics.json").read_text())
    assert diag["checks"]["compared"] == 1 and diag["checks"]["within_tolerance"] == 0
    assert "checks (kept out of the fit, checks.csv): 0 of 1 within tolerance" in res.stdout


def test_non_convergence_exits_1(tmp_path):
    p = tmp_path / "hard.toml"
    p.write_text('[setup]\nbase = "default"\n[free.fx_sanctions_premium]\nlow = 0.0\n'
                 'high = 1.5\nstart = 0.0\n[free.wage_phillips]\nlow = 0.02\nhigh = 0.3\n'
                 '[[targets]]\nvariable = "rub_per_usd"\nperiod = "2025"\nvalue = 130.0\n'
                 'source = "t"\n[[targets]]\nvariable = "real_wage_growth_yoy_pct"\n'
                 'period = "2024"\nvalue = 6.0\ntolerance = 0.1\nsource = "t"\n'
                 '[options]\nstarts = 1\nmax_evaluations = 5\n')
    res = run_cli("calibrate", "--targets", p, "--out", tmp_path / "o")
    assert res.returncode == 1
    assert "did not converge" in res.stderr
    assert not (tmp_path / "o").exists()


def test_experiment_table_and_figure(tmp_path):
    exp = tmp_path / "exp.toml"
    exp.write_text("""[experiment]
name = "mini"
scenarios = ["sudden-peace"]
quarters = 8
[[calibrations]]
name = "shipped"
calibration = "appendix"
[[calibrations]]
name = "refit-fx"
targets = "appendix"
drop = ["rub_per_usd@2025"]
options = { starts = 1 }
[[calibrations.add]]
variable = "rub_per_usd"
period = "2024"
value = 92.6
rel_tolerance = 0.01
source = "Bank of Russia (brief)"
""")
    out = tmp_path / "out"
    res = run_cli("experiment", exp, "--out", out)
    assert res.returncode == 0, res.stderr
    table = pd.read_csv(out / "comparison.csv")
    assert list(table.calibration) == ["shipped", "refit-fx"]
    assert "free:fx_sanctions_premium" in table.columns
    assert "gdp_trough_pct_vs_baseline" in table.columns
    assert (out / "comparison.png").stat().st_size > 1000
    fits = pd.read_csv(out / "fits.csv", dtype={"period": str})
    r = fits[(fits.target == "rub_per_usd") & (fits.period == "2024")]
    assert abs(r.model_value.iloc[0] / 92.6 - 1) < 0.01


@pytest.mark.parametrize("quarters", [1, 7])
def test_experiment_with_too_few_quarters_exits_2(tmp_path, quarters):
    # under 8 quarters the headline numbers (the 8-quarter multiplier, the extremes over
    # the first 12 quarters) are not defined: refused as 'peacetrap run --quarters' is
    exp = tmp_path / "exp.toml"
    exp.write_text(f'[experiment]\nname = "x"\nquarters = {quarters}\n[[calibrations]]\n'
                   'name = "a"\ncalibration = "appendix"\n')
    res = run_cli("experiment", exp, "--out", tmp_path / "o")
    assert res.returncode == 2, res.stderr
    assert "experiment.quarters" in res.stderr and "from 8 to 400" in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()


def test_experiment_with_a_scenario_listed_twice_exits_2(tmp_path):
    # it wrote every row twice (exit 0), as compare refuses to
    exp = tmp_path / "exp.toml"
    exp.write_text('[experiment]\nname = "x"\nscenarios = ["sudden-peace", "sudden-peace"]\n'
                   '[[calibrations]]\nname = "a"\ncalibration = "appendix"\n')
    res = run_cli("experiment", exp, "--out", tmp_path / "o")
    assert res.returncode == 2, res.stderr
    assert "experiment.scenarios[1] = 'sudden-peace': listed twice" in res.stderr
    assert not (tmp_path / "o").exists()


def test_experiment_bad_entry_exits_2(tmp_path):
    exp = tmp_path / "exp.toml"
    exp.write_text('[experiment]\nname = "x"\n[[calibrations]]\nname = "a"\n'
                   'targets = "appendix"\ncalibration = "appendix"\n')
    res = run_cli("experiment", exp, "--out", tmp_path / "o")
    assert res.returncode == 2 and "exactly one of" in res.stderr


def test_a_fit_without_a_long_run_says_so(model):
    """A fitted world with no balanced-growth point is reported as such, with the solver's
    message: here trend productivity growth at 2 % a year with world demand left at 1 %
    (its non-oil and oil exports fall behind the economy for ever)."""
    import pandas as pd

    from peacetrap.calibrate.report import balanced_growth
    from peacetrap.run.setups import Calibration, load_calibration

    cal = load_calibration(model, "appendix")
    assert balanced_growth(model, cal)["found"] is True
    drifting = Calibration.from_series(pd.Series({"productivity_growth": 2.0}), model=model,
                                       base=cal)
    point = balanced_growth(model, drifting)
    assert point["found"] is False and point["spending_propensity"] is None
    assert "no steady state found" in point["message"]
