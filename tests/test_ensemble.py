"""Vectorised batches, priors and ensembles: agreement with simulate, determinism, dask."""

from __future__ import annotations

import json

import numba
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import peacetrap as pt
from conftest import run_cli
from peacetrap.analysis.ensemble import QUANTILES, REPORTED, outputs, run_ensemble
from peacetrap.analysis.selection import SHORT, row_quantiles
from peacetrap.errors import InputError
from peacetrap.run.engine import STEPS_PER_QUARTER
from peacetrap.run.vectorised import run_batch, shared_steps
from peacetrap.run.timeline import HEADLINES, headlines
from peacetrap.analysis.uncertainty import priors
from peacetrap.core.vecmath import vexp, vlog, vlog1p_unit, vpow, vsoftplus

REL = 1e-9


@pytest.fixture(scope="module")
def pair(model):
    return pt.load_scenario(model, "sudden-peace"), pt.load_scenario(model, "long-grind")


@pytest.fixture(scope="module")
def draws(model, default_cal):
    return priors(model, default_cal).draw(300, 11)


@pytest.fixture(scope="module")
def ensemble(model, default_cal, pair, draws):
    return run_ensemble(model, default_cal, *pair, draws, 40, chunk=1000, progress=False)


# ---------------------------------------------------------------- vectorised maths
@settings(deadline=None)
@given(st.floats(-745.0, 709.7))
def test_vexp_matches_numpy(x):
    assert vexp(x) == pytest.approx(np.exp(x), rel=4.5e-16, abs=1e-322)


@settings(deadline=None)
@given(st.floats(1e-300, 1e300))
def test_vlog_matches_numpy(x):
    ref = np.log(x)
    assert abs(vlog(x) - ref) <= 3 * np.spacing(abs(ref)) + 1e-300


@settings(deadline=None)
@given(st.floats(-1e4, 1e4), st.floats(1e-3, 10.0))
def test_vsoftplus_matches_the_definition(x, s):
    ref = s * np.logaddexp(0.0, x / s)
    assert vsoftplus(x, s) == pytest.approx(ref, rel=1e-14, abs=1e-300)
    assert vsoftplus(x, s) - vsoftplus(-x, s) == pytest.approx(x, rel=1e-12, abs=1e-12 * s)


@settings(deadline=None)
@given(st.floats(1e-6, 1e6), st.floats(-3.0, 3.0))
def test_vpow_matches_numpy(a, b):
    assert vpow(a, b) == pytest.approx(a ** b, rel=1e-14)


@numba.njit
def _each(f, x, y):
    out = np.empty(x.size)
    for i in range(x.size):
        out[i] = f(x[i], y[i])
    return out


def _ulps(value, ref):
    """Error of float64 ``value`` against an extended-precision ``ref``, in ulp of the result."""
    return np.abs(value.astype(np.longdouble) - ref) \
        / np.spacing(np.abs(ref.astype(np.float64))).astype(np.longdouble)


needs_long = pytest.mark.skipif(np.finfo(np.longdouble).nmant < 63,
                                reason="no extended-precision reference on this platform")


@needs_long
def test_vlog1p_unit_is_within_two_ulp():
    rng = np.random.default_rng(5)
    e = np.concatenate([rng.uniform(0.0, 1.0, 200_000),
                        np.exp(rng.uniform(np.log(1e-310), 0.0, 200_000)),
                        [np.sqrt(2.0) - 1.0, np.nextafter(np.sqrt(2.0) - 1.0, 1.0), 1.0, 5e-324]])
    got = _each(numba.njit(lambda a, b: vlog1p_unit(a)), e, e)
    assert _ulps(got, np.log1p(e.astype(np.longdouble))).max() <= 2.0
    assert vlog1p_unit(0.0) == 0.0 and np.isnan(vlog1p_unit(np.nan))


@needs_long
def test_vsoftplus_is_within_four_ulp_over_the_double_range():
    # error for a given z = x/s (the rounding of x/s itself is not the kernel's)
    rng = np.random.default_rng(6)
    n = 200_000
    z = np.concatenate([rng.uniform(-745.0, 745.0, n), rng.uniform(-40.0, 40.0, n),
                        np.exp(rng.uniform(np.log(1e-300), np.log(700.0), n))
                        * rng.choice([-1.0, 1.0], n)])
    s = np.exp(rng.uniform(np.log(1e-3), np.log(10.0), z.size))
    x = z * s
    got = _each(numba.njit(lambda a, b: vsoftplus(a, b)), x, s)
    zl = (x / s).astype(np.longdouble)
    ref = s.astype(np.longdouble) * (np.maximum(zl, 0) + np.log1p(np.exp(-np.abs(zl))))
    normal = ref > np.finfo(np.float64).tiny
    # beyond |z| = 708 exp(-|z|) is subnormal and has fewer bits than a double (as before)
    inner = normal & (np.abs(zl) <= 708.0)
    assert _ulps(got[inner], ref[inner]).max() <= 4.0
    assert _ulps(got[normal], ref[normal]).max() <= 8.0


def test_special_values():
    assert vexp(-800.0) == 0.0 and vexp(800.0) == np.inf and np.isnan(vexp(np.nan))
    assert vlog(0.0) == -np.inf and np.isnan(vlog(-1.0)) and vlog(np.inf) == np.inf
    assert np.isnan(vlog(np.nan))


# ---------------------------------------------------------------- fastbatch
def test_batch_agrees_with_simulate(model, default_cal, pair, draws):
    """Odd batch size (not a multiple of the block), two threads, two scenarios."""
    vals = draws.iloc[:37].reset_index(drop=True)
    fast = run_batch(model, default_cal, list(pair), vals, 40, list(outputs(model)), threads=2)
    ok = np.flatnonzero(fast.ok)
    assert len(ok) >= 30
    sim = pt.simulate(model, default_cal, list(pair), vals.iloc[ok].reset_index(drop=True), 40)
    for j, i in enumerate(ok):
        for k in range(2):
            ref = sim.frame(k, j)[list(outputs(model))].to_numpy()
            got = fast.outputs[i, k]
            # relative to the value, or to a hundredth of the column's largest magnitude where
            # it crosses zero (the overhang is a difference of two stocks: its rounding is
            # theirs, not a share of a value near zero)
            scale = np.maximum(np.abs(ref), np.maximum(1e-2 * np.abs(ref).max(axis=0), 1e-6))
            err = np.abs(got - ref) / scale
            assert err.max() < REL, (i, k, err.max())
    assert list(fast.periods) == list(sim.periods)


def test_batch_is_identical_whatever_the_split(model, default_cal, pair, draws):
    vals = draws.iloc[:300]
    # the ensemble's outputs (gdp_real and cpi among them): the kernel the ensemble compiles
    names = list(outputs(model))
    whole = run_batch(model, default_cal, list(pair), vals, 12, names, threads=2)
    parts = [run_batch(model, default_cal, list(pair), vals.iloc[a:b].reset_index(drop=True), 12,
                       names, threads=1) for a, b in ((0, 1), (1, 129), (129, 300))]
    joined = np.concatenate([p.outputs for p in parts])
    np.testing.assert_array_equal(whole.outputs, joined)
    np.testing.assert_array_equal(whole.status, np.concatenate([p.status for p in parts]))


def test_failures_are_flagged_not_raised(model, default_cal, pair):
    vals = pd.DataFrame({"base_gdp": [135.8, 1e6, 135.8]})
    res = run_batch(model, default_cal, list(pair), vals, 8, list(outputs(model)))
    assert list(res.ok) == [True, False, True]
    code, var, step = res.status[1, 0]
    assert code in (1, 2) and model.layout.stocks[var] == "civilian_employment"


def test_history_is_shared_up_to_the_scenario_start(model, default_cal, pair):
    from peacetrap.run.setups import input_grid

    dt = 0.25 / 3
    n_steps = (default_cal.history_end - default_cal.epoch).n * 3 + 3 + 3 * 8
    starts = np.arange(n_steps) * dt
    grid = np.column_stack([starts, starts + dt / 2, starts + dt - 1e-9]).ravel()
    u = np.transpose(input_grid(model, default_cal, list(pair), grid), (0, 2, 1))
    assert shared_steps(u) == (default_cal.history_end - default_cal.epoch).n * 3 + 3
    assert shared_steps(u[:1]) == n_steps


def test_unknown_output_is_an_input_error(model, default_cal, pair):
    with pytest.raises(InputError, match="unknown output"):
        run_batch(model, default_cal, list(pair), pd.DataFrame({"wage_phillips": [0.1]}), 4,
                  ["gdp_reel"])


# ---------------------------------------------------------------- priors
def test_range_priors_stay_in_range_and_are_reproducible(model, default_cal):
    pri = priors(model, default_cal)
    assert "base_gdp" not in pri.names and "sanctions_scale" not in pri.names
    assert {"wage_phillips", "overhang_spending_rate", "precautionary_money"} <= set(pri.names)
    d = pri.draw(2000, 5)
    for p in pri.priors:
        assert d[p.name].between(p.low, p.high).all(), p.name
        assert abs(d[p.name].median() - p.centre) < 0.5 * (p.high - p.low), p.name
    pd.testing.assert_frame_equal(d, pri.draw(2000, 5))
    assert not d.equals(pri.draw(2000, 6))
    # the first draws do not depend on how many are drawn
    pd.testing.assert_frame_equal(d.iloc[:10], pri.draw(2000, 5).iloc[:10])


@settings(max_examples=200, deadline=None)
@given(centre=st.floats(-5, 5), scale=st.floats(1e-3, 10), lo=st.floats(0, 40),
       hi=st.floats(0, 40))
def test_prior_quantiles_are_the_truncated_normals(centre, scale, lo, hi):
    # the closed form of Prior.ppf against scipy's truncated normal (at most a few ulp apart
    # where scipy is itself accurate), monotone and inside the bounds
    from scipy.stats import truncnorm

    from peacetrap.analysis.uncertainty import Prior

    prior = Prior("x", centre, scale, centre - lo * scale, centre + hi * scale, "test")
    u = np.linspace(0.0, 1.0, 101)
    got = prior.ppf(u)
    assert np.all(np.diff(got) >= 0)
    assert np.all((got >= prior.low) & (got <= prior.high))
    if lo > 0 and hi > 0 and max(lo, hi) < 20:
        want = truncnorm.ppf(u, -lo, hi, loc=centre, scale=scale)
        assert np.allclose(got, want, rtol=1e-9, atol=1e-9 * scale)


def test_priors_use_standard_errors_of_a_calibration(model, tmp_path):
    text = ('[calibration]\nname = "c"\n'
            + '\n[estimates.wage_phillips]\nvalue = 0.12\nlow = 0.05\nhigh = 0.2\n'
              'kind = "parameter"\nstandard_error = 0.01\n'
              '\n[estimates."history.oil_price"]\nvalue = 1.0\nkind = "input_scale"\n'
              'standard_error = 0.1\n')
    path = tmp_path / "cal.toml"
    path.write_text(text)
    cal = pt.load_calibration(model, path)
    pri = priors(model, cal)
    p = {q.name: q for q in pri.priors}["wage_phillips"]
    assert (p.origin, p.centre, p.scale, p.low, p.high) == ("estimate", 0.12, 0.01, 0.05, 0.2)
    assert "history.oil_price" in pri.skipped
    only = priors(model, cal, source="estimates")
    assert only.names == ["wage_phillips"]
    plain = tmp_path / "plain.toml"
    plain.write_text('[calibration]\nname = "plain"\n')
    with pytest.raises(InputError, match="no \\[estimates\\]"):
        priors(model, pt.load_calibration(model, plain), source="estimates")
    with pytest.raises(InputError, match="did you mean 'wage_phillips'"):
        priors(model, cal, names=["wage_philips"])


@pytest.mark.parametrize("estimate, message", [
    ("value = 0.1\nlow = 0.5\nhigh = 0.01", "low = 0.5 is above high = 0.01"),
    ("value = 0.5\nlow = 0.4\nhigh = 0.6", "lies outside the model's range 0.01 to 0.3"),
    ("value = 0.9\nlow = 0.05\nhigh = 0.2", "value = 0.9 is outside 0.05 to 0.2"),
])
def test_inconsistent_estimates_are_input_errors(tmp_path, estimate, message):
    # they gave "values: wage_phillips is not finite" (NaN draws from an empty range)
    # or a centre silently clipped into the range
    cal = tmp_path / "cal.toml"
    cal.write_text('[calibration]\nname = "c"\n[estimates.wage_phillips]\n'
                   f'{estimate}\nstandard_error = 0.01\n')
    res = run_cli("ensemble", "sudden-peace", "--calibration", cal, "--draws", "8",
                  "--out", tmp_path / "o", "--quiet")
    assert res.returncode == 2, res.stderr
    assert "cal.toml: estimates.wage_phillips" in res.stderr and message in res.stderr
    assert "Traceback" not in res.stderr and not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", [["ensemble", "--draws", "8"],
                                     ["sensitivity", "--samples", "8"]])
def test_a_parameter_named_twice_is_an_input_error(tmp_path, command):
    # sensitivity stopped with SALib's RuntimeError; ensemble drew the parameter twice
    res = run_cli(command[0], "sudden-peace", *command[1:], "--parameters", "wage_phillips",
                  "wage_phillips", "--out", tmp_path / "o", "--quiet")
    assert res.returncode == 2, res.stderr
    assert "'wage_phillips' is named 2 times" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- ensemble
def test_ensemble_headlines_match_single_runs(model, default_cal, pair, draws, ensemble):
    h = ensemble.headlines
    assert list(h.columns) == ["draw", "ok"] + HEADLINES
    assert h["ok"].mean() > 0.9
    pick = np.flatnonzero(h["ok"])[:3]
    # the ensemble integrates every draw at the first pass's step (no refinement)
    sim = pt.simulate(model, default_cal, list(pair), draws.iloc[pick].reset_index(drop=True), 40,
                      steps_per_quarter=STEPS_PER_QUARTER)
    start = default_cal.history_end + 1
    for j, i in enumerate(pick):
        ref = headlines(sim.timeline(0, j), sim.timeline(1, j), start)
        for k, v in ref.items():
            if isinstance(v, float):
                assert h.loc[i, k] == pytest.approx(v, rel=1e-8, abs=1e-9), k
            elif v is None:
                assert np.isnan(h.loc[i, k]), k
            else:
                assert h.loc[i, k] == v, k


def test_quantiles_table(ensemble):
    q = ensemble.quantiles
    assert list(q.columns) == ["quarter", "variable", "q05", "q25", "q50", "q75", "q95"]
    assert q["quarter"].iloc[0] == "2021Q1" and q["quarter"].iloc[-1] == "2035Q4"
    assert set(q["variable"]) == set(REPORTED)
    body = q[q["quarter"] >= "2022Q1"]
    vals = body[["q05", "q25", "q50", "q75", "q95"]].to_numpy()
    assert (np.diff(vals, axis=1) >= -1e-9).all()
    gap = q[(q["variable"] == "gdp_gap_pct_vs_baseline") & (q["quarter"] < "2026Q1")]
    assert (gap[["q05", "q95"]].abs().to_numpy() < 1e-9).all()   # identical histories
    numbers = [h for h in HEADLINES if not h.endswith("_quarter")]
    assert list(ensemble.summary["headline"]) == numbers
    assert list(ensemble.summary_quarters["headline"]) == [h for h in HEADLINES
                                                           if h.endswith("_quarter")]
    s = ensemble.summary.set_index("headline")
    # ensembles run no defence-only counterfactual: the multipliers are undefined there
    mult = ["defence_multiplier_4q", "defence_multiplier_8q"]
    assert (s.loc[mult, "n"] == 0).all()
    s = s.drop(index=mult)
    assert (s["q05"] <= s["q50"]).all() and (s["q50"] <= s["q95"]).all()


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_row_quantiles_are_numpys_bit_for_bit(dtype):
    rng = np.random.default_rng(3)
    n = SHORT + 1234
    rows = rng.standard_normal((9, n)).astype(dtype)
    rows[1] = np.round(rows[1])                        # ties, and zeros of both signs
    rows[2] = 0.0                                      # one value (the histories' gaps)
    rows[3, 17] = np.nan
    rows[4] = np.sort(rows[4])                         # sorted: the sample is still one
    rows[5, :10], rows[5, 10:20] = np.inf, -np.inf
    rows[6] = rng.exponential(size=n) ** 3             # skewed
    rows[7, : n // 2] = 1.0                            # a bracket far wider than its room
    rows[8] = rng.standard_normal(n) * 1e-300          # subnormal products
    for q in [(0.05, 0.25, 0.5, 0.75, 0.95), (0.0, 0.001, 0.999), (0.3,)]:
        with np.errstate(all="ignore"):
            want, got = np.quantile(rows, q, axis=-1), row_quantiles(rows, q)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()
    short = rows[:, :100]                              # numpy itself
    with np.errstate(all="ignore"):
        assert row_quantiles(short, QUANTILES).tobytes() == np.quantile(short, QUANTILES,
                                                                          axis=-1).tobytes()


def test_same_seed_same_results_whatever_the_chunking(model, default_cal, pair, draws, ensemble):
    small = run_ensemble(model, default_cal, *pair, draws, 40, chunk=37, progress=False)
    pd.testing.assert_frame_equal(small.quantiles, ensemble.quantiles)
    pd.testing.assert_frame_equal(small.headlines, ensemble.headlines)


def test_dask_scheduler_gives_identical_results(model, default_cal, pair, draws, ensemble):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        res = run_ensemble(model, default_cal, *pair, draws, 40, chunk=100, client=client,
                           progress=False)
    pd.testing.assert_frame_equal(res.quantiles, ensemble.quantiles)
    pd.testing.assert_frame_equal(res.headlines, ensemble.headlines)
    assert res.scheduler.startswith("dask")


def test_ensemble_command(tmp_path):
    out = tmp_path / "ens"
    res = run_cli("ensemble", "sudden-peace", "--draws", "64", "--seed", "3", "--out", out,
                  "--quarters", "12", "--chunk", "20", "--save-draws")
    assert res.returncode == 0, res.stderr
    assert "its own baseline" not in res.stdout
    assert {p.name for p in out.iterdir()} >= {"quantiles.csv", "headlines.csv",
                                               "headline_summary.csv", "priors.csv",
                                               "headline_quarters.csv",
                                               "draws.csv", "fan.png", "headlines.png",
                                               "summary.json", "manifest.json"}
    q = pd.read_csv(out / "quantiles.csv")
    assert list(q.columns) == ["quarter", "variable", "q05", "q25", "q50", "q75", "q95"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["draws"] == 64 and summary["seed"] == 3
    assert json.loads((out / "manifest.json").read_text())["seed"] == 3
    again = run_cli("ensemble", "sudden-peace", "--draws", "64", "--seed", "3", "--out",
                    tmp_path / "ens2", "--quarters", "12", "--chunk", "64", "--quiet")
    assert again.returncode == 0, again.stderr
    for f in ("quantiles.csv", "headlines.csv", "headline_summary.csv", "headline_quarters.csv"):
        assert (out / f).read_bytes() == (tmp_path / "ens2" / f).read_bytes(), f


@pytest.mark.parametrize("args, message", [
    (["--draws", "0"], "--draws"),
    (["--chunk", "0"], "--chunk"),
    (["--spread", "-1"], "--spread"),
    (["--parameters", "wage_philips"], "did you mean 'wage_phillips'"),
    (["--scheduler", "tcp://127.0.0.1:1"], "cannot connect"),
])
def test_bad_ensemble_options_exit_2(tmp_path, args, message):
    out = tmp_path / "o"
    res = run_cli("ensemble", "sudden-peace", "--out", out, "--quiet", *args)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr and "Traceback" not in res.stderr
    assert not out.exists()


def test_estimates_only_needs_a_calibration_with_standard_errors(tmp_path):
    cal = tmp_path / "plain.toml"
    cal.write_text('[calibration]\nname = "plain"\n')
    res = run_cli("ensemble", "sudden-peace", "--calibration", cal, "--prior-source", "estimates",
                  "--out", tmp_path / "o", "--quiet")
    assert res.returncode == 2 and "no [estimates]" in res.stderr, res.stderr
    assert not (tmp_path / "o").exists()


def test_the_command_line_and_the_python_api_share_their_limits():
    # the CLI keeps its own copies so that it starts without pydantic; they must agree
    from peacetrap.cli import ranges
    from peacetrap.io import schemas

    assert (ranges.MAX_SEED, ranges.MAX_DRAWS) == (schemas.MAX_SEED, schemas.MAX_DRAWS)


def test_a_scenario_run_against_itself_says_its_effects_are_zero(tmp_path):
    # long-grind has no baseline of its own, so it is its own (the default): the gaps are
    # zero by construction, which the terminal says rather than printing zeros as findings
    res = run_cli("ensemble", "long-grind", "--draws", "8", "--quarters", "8",
                  "--out", tmp_path / "o", "--quiet")
    assert res.returncode == 0, res.stderr
    assert "long-grind is its own baseline here" in res.stdout
    # (test_ensemble_command checks that a scenario with a baseline prints no such note)
