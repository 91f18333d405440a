"""The validation scoreboard: its data file, its row logic and the command's contract."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, check_episode, run_cli
from peacetrap.analysis.validate_record import episode_rows
from peacetrap.analysis.validate_spec import (CHECK_IDS, GROUPS, default_path, load_spec,
                                              make_row, parse_groups)
from peacetrap.errors import InputError

SPEC_TEXT = default_path().read_text()


@pytest.fixture(scope="module")
def spec(model):
    return load_spec(model)


def write_spec(tmp_path, text):  # noqa: ANN001, ANN201
    p = tmp_path / "validation.toml"
    p.write_text(text)
    return p


def test_shipped_file_has_every_check_with_a_source(spec):
    assert set(spec.checks) == {c for ids in CHECK_IDS.values() for c in ids}
    assert all(c.source.strip() for c in spec.checks.values())
    assert "ValidationSpec(validation.toml" in str(spec)


@pytest.mark.parametrize("old, new, message", [
    ('id = "long_run.inflation"', 'id = "long_run.inflatoin"', "unknown check"),
    ('low = 0.3\nhigh = 1.0', 'low = 1.3\nhigh = 1.0', "below low"),
    ('risk_input = "currency_risk_premium"', 'risk_input = "currency_risk_premia"',
     "unknown model input"),
    ('source = "Ball (1994): about 1.4 on average (OECD, quarterly)"', 'source = "  "',
     "empty"),
    ('relative_to = "natural_unemployment"', 'relative_to = "natural_rate"',
     "not a model input or parameter"),
    ('peace_start = "2026Q1"', 'peace_start = "2026-01"', "not a quarter"),
    ('group = "elasticities"', 'group = "long run"', "belongs to"),
    ("bands.gdp_real = { pp = 1.5 }", "bands.gdp_real = { pp = 0.0 }", "accepts nothing"),
    ("bands.gdp_real = { pp = 1.5 }", "bands.gdp_real = { ppp = 1.5 }", "ppp"),
    ("years = [2022, 2025]", "years = [2025, 2022]", "two years in order"),
    ("bands.key_rate_pct = { pp = 3.0 }", "bands.key_rate_pc = { pp = 3.0 }", "unknown variable"),
    ("quarters = 4\n", "quarters = 0\n", "out of range"),
])
def test_bad_validation_file_names_key_and_value(model, tmp_path, old, new, message):
    assert old in SPEC_TEXT
    p = write_spec(tmp_path, SPEC_TEXT.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as exc:
        load_spec(model, p)
    assert str(p) in str(exc.value)


@pytest.mark.parametrize("new, message", [
    ('name = "{0}: real GDP', "'{0}' is not a field"),
    ('name = "{episode.__class__}: real GDP', "is not a field"),
    ('name = "{episode:>999999999}: real GDP', "is not a field"),
    ('name = "{: real GDP', "is not a field"),
])
def test_a_name_is_filled_in_never_formatted(model, tmp_path, new, message):
    old = 'name = "{episode}: real GDP'
    assert old in SPEC_TEXT
    p = write_spec(tmp_path, SPEC_TEXT.replace(old, new, 1))
    with pytest.raises(InputError, match=re.escape(message)) as exc:
        load_spec(model, p)
    assert str(p) in str(exc.value) and ".name" in str(exc.value)
    from peacetrap.analysis.validate_spec import fill

    assert fill("{a.__class__} {a} {b}", {"a": 1}) == "{a.__class__} 1 {b}"


@pytest.mark.parametrize("old, new, message", [
    ('record = "observed"', 'record = "obsreved"', "did you mean|known: "),
    ('scenario = "catastrophic-collapse"', 'scenario = "catastrophic-colapse"', "known: "),
    ('stat = "', 'stat = "median', "use one of mean"),
    ('period = "', 'period = "20x', "not a quarter or a year"),
    ("quarters = 4\n", "quarters = 4.5\n", "whole number"),
])
def test_names_and_periods_a_check_refers_to_are_checked_on_load(model, tmp_path, old, new,
                                                                  message):
    assert old in SPEC_TEXT
    p = write_spec(tmp_path, SPEC_TEXT.replace(old, new, 1))
    with pytest.raises(InputError, match=message) as exc:
        load_spec(model, p)
    assert str(p) in str(exc.value)


def test_a_bar_on_an_episode_not_backtested_is_an_error(model, tmp_path):
    from peacetrap.analysis.validate_spec import check_bar_episodes

    spec = load_spec(model, write_spec(tmp_path, SPEC_TEXT.replace(
        'episode = "us-1953"\nyear = 1954', 'episode = "us-1935"\nyear = 1954', 1)))
    with pytest.raises(InputError, match="'us-1935' is not an episode of this scoreboard "
                                         "\\(did you mean 'us-1953'"):
        check_bar_episodes(spec, ["uk-1918", "uk-1945", "us-1953", "us-1990"])
    check_bar_episodes(load_spec(model), ["uk-1918", "uk-1945", "us-1953", "us-1990"])


def test_a_measured_check_without_an_entry_is_an_error(model, tmp_path):
    start = SPEC_TEXT.index('[[check]]\nid = "elasticity.okun"')
    end = SPEC_TEXT.index("[[check]]", start + 5)
    p = write_spec(tmp_path, SPEC_TEXT[:start] + SPEC_TEXT[end:])
    with pytest.raises(InputError, match="no \\[\\[check\\]\\] entry for elasticity.okun"):
        load_spec(model, p)


def test_groups_from_only_names():
    assert parse_groups(None) == list(GROUPS)
    assert parse_groups(["history", "long-run"]) == ["long run", "history"]
    with pytest.raises(InputError, match="unknown group"):
        parse_groups(["longrun!"])


def test_rows_pass_fail_and_not_applicable(spec):
    c = spec.checks["elasticity.okun"]
    assert make_row(c, "x", -0.3)["passed"] is True
    assert make_row(c, "x", -0.7)["passed"] is False
    assert make_row(c, "x", float("nan"))["passed"] is False
    na = make_row(c, "x", None, note="not applicable: no data")
    assert na["passed"] is None and pd.isna(na["value"])
    rel = make_row(spec.checks["long_run.inflation"], "x", 4.1, centre=4.0)
    assert (rel["low"], rel["high"], rel["passed"]) == (3.75, 4.25, True)


def comparison(gdp, unemp, cpi, war_year=1945):  # noqa: ANN001, ANN201
    rows = [{"period": str(war_year), "variable": "gdp_real", "actual": 1.0, "model": 1.0,
             "stat": "growth_mean", "phase": "war (fitted)", "source": "war"}]
    for var, stat, pairs in (("gdp_real", "growth_mean", gdp),
                             ("unemployment_rate_pct", "mean", unemp),
                             ("cpi", "growth_mean", cpi)):
        for j, (rec, mod) in enumerate(pairs, start=1):
            rows.append({"period": str(war_year + j), "variable": var, "actual": rec,
                         "model": mod, "stat": stat, "phase": "peace",
                         "source": f"record {var} {war_year + j}"})
    return pd.DataFrame(rows)


def test_backtest_rows_from_a_known_record(spec):
    comp = comparison(gdp=[(-4.0, -5.0), (-2.0, -20.0)], unemp=[(1.9, 20.0), (1.4, 30.0)],
                      cpi=[(3.0, 4.0), (7.0, 9.0)])
    rows = {r["check"]: r for r in episode_rows(spec, "toy", comp, 1, 4)}
    y1 = rows["toy: real GDP per head in 1946 vs 1945"]
    assert y1["value"] == pytest.approx(-5.0) and y1["passed"] is True
    assert (y1["low"], y1["high"]) == pytest.approx((-8.0, -2.0))
    y2 = rows["toy: real GDP per head in 1947 vs 1945"]
    assert y2["value"] == pytest.approx(100 * (0.95 * 0.8 - 1))
    assert y2["passed"] is False
    assert rows["toy: real GDP per head in 1948 vs 1945"]["passed"] is None  # no record
    u = rows["toy: unemployment peak, 1946-1947"]
    assert (u["value"], u["passed"]) == (30.0, False)
    assert (u["low"], u["high"]) == pytest.approx((0.95, 3.8))
    assert "record unemployment_rate_pct 1946" in u["source"]
    cpi = rows["toy: CPI inflation peak, 1946-1947"]
    assert (cpi["value"], cpi["passed"]) == (9.0, True)
    fit = rows["toy: last war year fitted (targets within tolerance)"]
    assert (fit["value"], fit["passed"]) == (0.75, False)
    assert fit["note"] == "3 of 4 within tolerance"


BAR_SPEC = """
[[check.bar]]
episode = "toy"
years = [1946, 1946]
low = 2.0
high = 25.0
source = "a bar on the toy episode"
"""


def spec_with_bars(model, tmp_path, extra):  # noqa: ANN001, ANN201
    anchor = 'source = "rule: within a factor of 2 and 2 pp (project brief); record: {record}"\n'
    assert anchor in SPEC_TEXT
    return load_spec(model, write_spec(tmp_path, SPEC_TEXT.replace(anchor, anchor + extra, 1)))


def test_an_episode_bar_narrows_the_rule_and_sets_the_peak_window(model, tmp_path):
    comp = comparison(gdp=[(-4.0, -5.0)], unemp=[(1.9, 20.0), (1.4, 30.0)],
                      cpi=[(3.0, 4.0)])
    spec = spec_with_bars(model, tmp_path, BAR_SPEC)
    rows = {r["key"]: r for r in episode_rows(spec, "toy", comp, 0, 4)}
    u = rows["backtest.unemployment_peak[toy]"]
    # the window keeps 1946 only (model 20); the rule's [0.95, 3.8] and the bar's [2, 25]
    # give [2, 3.8]
    assert u["value"] == 20.0 and u["check"] == "toy: unemployment peak, 1946"
    assert (u["low"], u["high"], u["passed"]) == (2.0, 3.8, False)
    assert "a bar on the toy episode" in u["source"]
    # another episode keeps the rule alone, over every recorded year
    other = {r["key"]: r for r in episode_rows(spec, "other", comp, 0, 4)}
    assert other["backtest.unemployment_peak[other]"]["value"] == 30.0
    assert (other["backtest.unemployment_peak[other]"]["low"],
            other["backtest.unemployment_peak[other]"]["high"]) == pytest.approx((0.95, 3.8))
    # a bar can turn a passing row into a failing one, never the reverse
    loose = spec_with_bars(model, tmp_path, BAR_SPEC.replace("high = 25.0", "high = 50.0")
                           .replace("low = 2.0", "low = 0.0"))
    row = {r["key"]: r for r in episode_rows(loose, "toy", comp, 0, 4)}
    assert (row["backtest.unemployment_peak[toy]"]["low"],
            row["backtest.unemployment_peak[toy]"]["high"]) == pytest.approx((0.95, 3.8))


def test_a_bar_without_a_row_to_narrow_gets_a_row_that_says_so(model, tmp_path):
    comp = comparison(gdp=[(-4.0, -5.0)], unemp=[(1.9, 20.0), (1.4, 30.0)], cpi=[(3.0, 4.0)])
    gdp_rule = ('source = "rule: sign right and size within a factor of 2 (project brief); '
                'record: {record}"\n')
    assert gdp_rule in SPEC_TEXT
    late = ('\n[[check.bar]]\nepisode = "toy"\nyear = 1950\nhigh = 0.0\n'
            'source = "a bar on a year after the rows"\n')
    spec = load_spec(model, write_spec(tmp_path, SPEC_TEXT.replace(gdp_rule, gdp_rule + late, 1)))
    rows = {r["key"]: r for r in episode_rows(spec, "toy", comp, 0, 4)}
    r = rows["backtest.gdp[toy,1950]"]
    assert r["passed"] is None and np.isnan(r["value"])
    assert "a bar is set on 1950, but the rows cover 1946-1948" in r["note"]
    # the rows it could not narrow are measured by the rule alone, as before
    assert rows["backtest.gdp[toy,1946]"]["passed"] is True
    # a peak window the record does not reach is named as the bar's
    far = spec_with_bars(model, tmp_path, BAR_SPEC.replace("[1946, 1946]", "[1950, 1951]"))
    u = {r["key"]: r for r in episode_rows(far, "toy", comp, 0, 4)}[
        "backtest.unemployment_peak[toy]"]
    assert u["passed"] is None and "in the bar's years 1950-1951" in u["note"]


def test_the_shipped_bars_are_the_real_side_issues(spec):
    u = spec.checks["backtest.unemployment_peak"]
    assert [(b.years, b.low, b.high) for b in u.bars_for("us-1953")] == [((1954, 1955), 4.0, 7.5)]
    assert [(b.years, b.high) for b in u.bars_for("us-1990")] == [((1991, 1993), 9.0)]
    g = spec.checks["backtest.gdp"]
    assert [b.high for b in g.bars_for("us-1953", 1954)] == [0.0]
    assert g.bars_for("us-1953", 1955) == []
    s = spec.checks["backtest.inflation_signs"].bars_for("uk-1918")
    assert [(b.positive, b.negative) for b in s] == [((1919, 1920), (1921, 1922))]


def test_inflation_sign_rows_count_the_years_of_the_right_sign(model, tmp_path):
    comp = comparison(gdp=[(-4.0, -5.0)], unemp=[(1.9, 1.9)],
                      cpi=[(3.0, 4.0), (-7.0, 2.0), (-1.0, -0.5)])
    anchor = 'id = "backtest.inflation_signs"'
    assert anchor in SPEC_TEXT
    head, tail = SPEC_TEXT.split(anchor, 1)
    entry = 'episode = "uk-1918"'
    tail = tail.replace(entry, 'episode = "toy"', 1).replace(
        "positive = [1919, 1920]\nnegative = [1921, 1922]",
        "positive = [1946]\nnegative = [1947, 1948]", 1)
    spec = load_spec(model, write_spec(tmp_path, head + anchor + tail))
    rows = {r["key"]: r for r in episode_rows(spec, "toy", comp, 0, 4)}
    r = rows["backtest.inflation_signs[toy]"]
    assert r["value"] == pytest.approx(2 / 3) and r["passed"] is False
    assert "wrong sign in 1947" in r["note"]
    assert r["check"] == "toy: CPI inflation positive in 1946, negative in 1947-1948"
    # an episode without a sign bar gets no such row
    assert not [k for k in (x["key"] for x in episode_rows(spec, "other", comp, 0, 4))
                if k.startswith("backtest.inflation_signs")]
    # a year the record does not cover makes the row not applicable
    short = comparison(gdp=[(-4.0, -5.0)], unemp=[(1.9, 1.9)], cpi=[(3.0, 4.0)])
    r = {x["key"]: x for x in episode_rows(spec, "toy", short, 0, 4)}[
        "backtest.inflation_signs[toy]"]
    assert r["passed"] is None and "no CPI inflation for 1947" in r["note"]


@pytest.mark.parametrize("bar, message", [
    ('episode = "toy"\nhigh = 1.0\n', "missing 'source'"),
    ('episode = "toy"\nsource = "s"\n', "give low, high or both"),
    ('episode = "toy"\nlow = 3.0\nhigh = 1.0\nsource = "s"\n', "below low"),
    ('episode = "toy"\nyear = 1946\nhigh = 1.0\nsource = "s"\n', "only a bar of backtest.gdp"),
    ('episode = "toy"\nyears = [1947, 1946]\nhigh = 1.0\nsource = "s"\n', "in order"),
    ('episode = "toy"\npositive = [1946]\nsource = "s"\n', "is a range"),
    ('episode = "toy"\nhigh = 1.0\nsource = "s"\nlimit = 2\n', "limit"),
])
def test_a_bad_episode_bar_names_key_and_value(model, tmp_path, bar, message):
    with pytest.raises(InputError, match=message):
        spec_with_bars(model, tmp_path, "\n[[check.bar]]\n" + bar)


def test_backtest_command_says_how_the_war_year_fit_went():
    from peacetrap.cli.backtest import war_fit_line

    assert war_fit_line({"targets_outside_tolerance": [],
                         "parameters_at_bounds": []}) is None
    note = war_fit_line({"targets_outside_tolerance": [],
                         "parameters_at_bounds": ["wage_phillips"]})
    assert note.startswith("  note: the last war year is reproduced with free values at a "
                           "bound of their search range: wage_phillips")
    warning = war_fit_line({"targets_outside_tolerance": ["cpi@1945[growth_mean]"],
                            "parameters_at_bounds": []})
    assert warning.startswith("  warning: the last war year is not reproduced: "
                              "cpi@1945[growth_mean] outside tolerance; free values at "
                              "bounds: none")


def test_war_fit_row_names_free_values_at_a_bound(spec):
    comp = comparison(gdp=[(-4.0, -4.0)], unemp=[(1.9, 1.9)], cpi=[(3.0, 3.0)])
    rows = episode_rows(spec, "toy", comp, 0, 4, ["wage_phillips"])
    fit = [r for r in rows if r["check"].startswith("toy: last war year")][0]
    assert fit["passed"] is True
    assert fit["note"] == ("4 of 4 within tolerance; at a bound of their search range: "
                           "wage_phillips")
    rows = episode_rows(spec, "toy", comp, 0, 4, [], ["backtest.gdp[toy,1919]"])
    fit = [r for r in rows if r["check"].startswith("toy: last war year")][0]
    assert fit["note"].endswith("the war year keeps its fit: backtest.gdp[toy,1919]")
    rows = episode_rows(spec, "toy", comp, 0, 4, [], [])
    fit = [r for r in rows if r["check"].startswith("toy: last war year")][0]
    assert fit["note"].endswith("the war year keeps its fit: none")


def test_backtest_rows_pass_when_the_model_matches_the_record(spec):
    comp = comparison(gdp=[(-4.0, -4.0), (-2.0, -2.0), (2.0, 2.0)], unemp=[(1.9, 1.9)],
                      cpi=[(3.0, 3.0)])
    rows = episode_rows(spec, "toy", comp, 0, 4)
    assert [r["passed"] for r in rows] == [True] * 6


# ------------------------------------------------------------------ the command
@pytest.mark.heavy
def test_validate_writes_the_four_files(full_run):
    res, out = full_run
    assert res.returncode in (0, 1), res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "validation.csv",
                                                     "validation.md", "validation.png"]
    t = pd.read_csv(out / "validation.csv", keep_default_na=False)
    assert list(t.columns[:9]) == ["group", "check", "calibration", "value", "low", "high",
                                   "unit", "passed", "source"]
    assert len(t) >= 15
    assert t["key"].is_unique                    # one row per key: two commits' boards join
    assert t["key"].str.startswith(tuple(t["id"].unique())).all()
    assert "backtest.gdp[uk-1945,1946]" in set(t["key"])
    assert set(t["group"]) == set(GROUPS)
    assert (t["source"].str.strip() != "").all()
    assert set(t["passed"].astype(str)) <= {"True", "False", ""}
    man = json.loads((out / "manifest.json").read_text())
    passed = t["passed"].astype(str)
    assert man["checks"] == int((passed != "").sum())
    assert man["passed"] == int((passed == "True").sum())
    assert "validation.toml" in man["input_sha256"]
    assert "targets/observed.toml" in man["targets_sha256"]
    md = (out / "validation.md").read_text()
    assert f"{man['passed']} of {man['checks']} checks pass" in md


@pytest.mark.heavy
def test_strict_exit_code_matches_the_csv(full_run):
    res, out = full_run
    t = pd.read_csv(out / "validation.csv", keep_default_na=False)
    failed = int((t["passed"].astype(str) == "False").sum())
    assert res.returncode == (1 if failed else 0)
    assert re.search(rf"\b{failed} failed\b", res.stdout)


@pytest.mark.heavy
def test_every_shipped_episode_is_backtested(full_run):
    from peacetrap.calibrate.episodes import episode_names

    _, out = full_run
    t = pd.read_csv(out / "validation.csv", keep_default_na=False)
    cals = set(t.loc[t["group"] == "backtests", "calibration"])
    assert cals == {f"episode {e}" for e in episode_names()} | {"episode check-1953"}
    # the file that is not shipped is measured by the rules alone: the bars are set on
    # the shipped episodes by name
    peak = t.set_index("key").loc[["backtest.unemployment_peak[us-1953]",
                                   "backtest.unemployment_peak[check-1953]"]]
    assert list(peak["value"].astype(float)) == pytest.approx([peak["value"].astype(float)
                                                               .iloc[0]] * 2)
    assert list(peak["low"].astype(float)) == [4.0, 3.5]
    man = json.loads((out / "manifest.json").read_text())
    assert "check-1953.toml" in json.dumps(man)


def test_an_episode_file_is_checked_before_the_scoreboard_runs(model, tmp_path):
    from peacetrap.analysis.validate import extra_episodes

    assert extra_episodes(model, [check_episode(tmp_path)]) == {
        "check-1953": str(tmp_path / "check-1953.toml")}
    with pytest.raises(InputError, match="already a shipped episode's"):
        extra_episodes(model, [ROOT / "calibration" / "episodes" / "us-1953.toml"])
    with pytest.raises(InputError, match="already the name of"):
        extra_episodes(model, [check_episode(tmp_path)] * 2)
    bad = tmp_path / "bad.toml"
    bad.write_text("[episode]\nname = 1\n")
    with pytest.raises(InputError, match=str(bad)):
        extra_episodes(model, [bad])


def test_observed_calibration_and_a_subset(tmp_path):
    out = tmp_path / "obs"
    res = run_cli("validate", "--calibration", "observed", "--only", "history", "accounting",
                  "--out", out, "--quiet", cwd=ROOT)
    assert res.returncode == 0, res.stderr       # not strict: failures do not fail the run
    t = pd.read_csv(out / "validation.csv", keep_default_na=False)
    assert set(t["group"]) == {"history", "accounting"}
    assert set(t["calibration"]) == {"observed"}
    # the appendix's figures do not apply to the observed calibration: n/a, never passed
    app = t[t["id"] == "history.appendix"]
    assert len(app) == 1 and str(app["passed"].iloc[0]) == ""


@pytest.mark.parametrize("args", [["--only", "nonsense"], ["--calibration", "nosuch"],
                                  ["--workers", "0"], ["--spec", "missing.toml"],
                                  ["--episode", "missing.toml"],
                                  ["--only", "history", "--episode",
                                   "calibration/episodes/us-1953.toml"]])
def test_bad_options_exit_2(tmp_path, args):
    res = run_cli("validate", *args, "--out", tmp_path / "o", "--quiet", cwd=ROOT)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_scoreboard_figure_is_greyscale_and_marks_every_kind_of_row(spec, tmp_path):
    import matplotlib.pyplot as plt
    import numpy as np

    from peacetrap.analysis.validate_figure import position, scoreboard_figure
    from peacetrap.io.outputs import save_figure

    c = spec.checks["elasticity.okun"]
    rows = [make_row(c, "x", -0.3), make_row(c, "x", -40.0), make_row(c, "x", None),
            make_row(c, "x", float("nan")), make_row(spec.checks["accounting.symbolic"], "x", 0)]
    fig = scoreboard_figure(pd.DataFrame(rows), "test")
    save_figure(fig, tmp_path / "v.png")
    plt.close(fig)
    rgb = plt.imread(tmp_path / "v.png")[..., :3]
    assert np.abs(rgb - rgb.mean(axis=2, keepdims=True)).max() < 0.02
    assert position(-0.3, -0.5, -0.1) == pytest.approx(0.5)
    assert position(0.0, 0.0, 0.0) == pytest.approx(0.5)


def test_horizons_without_a_check_are_an_error(model, tmp_path):
    p = write_spec(tmp_path, SPEC_TEXT.replace("multiplier_quarters = [4, 8]",
                                               "multiplier_quarters = [4, 12]"))
    with pytest.raises(InputError, match="multiplier_quarters"):
        load_spec(model, p)


def test_path_and_scenario_checks_measure_what_they_say(model, spec):
    """The level check reads the timeline's annual mean; the depreciation check the largest
    rise of LCU per USD in the first four quarters against 2025Q4; the band check the
    largest miss over the band, from the same evaluation as the fit."""
    import peacetrap as pt
    from peacetrap.analysis.validate_paths import band_rows, ceiling_rows, level_rows
    from peacetrap.calibrate.record import evaluate_targets
    from peacetrap.analysis.validate_scenarios import depreciation_row
    from peacetrap.calibrate.targets import load_targets

    cal = pt.load_calibration(model, "observed")
    tl = pt.simulate(model, cal, [pt.load_scenario(model, "catastrophic-collapse")],
                     quarters=8).timeline(0)
    # the level reads the history as the record's figures do (a run whose scenario after the
    # history asks no finer step: the collapse run chooses its own, 5 steps a quarter against
    # 6, which moves the history by about 1e-7 relative)
    history = pt.simulate(model, cal, [pt.load_scenario(model, "long-grind")],
                          quarters=4).timeline(0)
    (lvl,) = level_rows(model, cal, spec.checks["history.level"])
    assert lvl["value"] == pytest.approx(
        history["defence_workers_thousands"].loc["2025Q1":"2025Q4"].mean(), rel=1e-9)
    dep = depreciation_row(model, cal, spec.checks["scenarios.depreciation"])
    x = tl["rub_per_usd"]
    assert dep["value"] == pytest.approx(100 * (x.loc["2026Q1":"2026Q4"].max()
                                                / x.loc["2025Q4"] - 1), rel=1e-9)
    rows = {r["key"]: r for r in band_rows(model, cal, spec.checks["history.band"])}
    rec = load_targets(model, "observed")
    kept = [t for t in rec.targets if t.variable == "unemployment_rate_pct"
            and 2022 <= int(t.period[:4]) <= 2025]
    from dataclasses import replace
    ev = evaluate_targets(model, cal, replace(rec, targets=kept))
    assert rows["history.band[unemployment_rate_pct]"]["value"] == pytest.approx(
        (ev["model"] - ev["value"]).abs().max() / 0.7)
    # the record's checks (fit = false) are its figures too: the current account's band
    # compares the two quarters of 2022-25, in pp of GDP, with the timeline's column
    checks = [t for t in rec.checks if t.variable == "current_account_pct_gdp"
              and 2022 <= int(t.period[:4]) <= 2025]
    assert [t.period for t in checks] == ["2023Q3", "2024Q3"]
    tl_h = pt.simulate(model, cal, [pt.load_scenario(model, "long-grind")],
                       quarters=4).timeline(0)
    miss = max(abs(tl_h.loc[t.period, "current_account_pct_gdp"] - t.value) for t in checks)
    assert rows["history.band[current_account_pct_gdp]"]["value"] == pytest.approx(
        miss / 3.0, rel=1e-6)
    # the appendix-only checks do not apply to the observed calibration
    (ceil,) = ceiling_rows(model, cal, spec.checks["history.ceiling"])
    assert ceil["passed"] is None and "not applicable" in ceil["note"]


def test_text_says_why_a_row_has_no_value(spec):
    # a row not applicable, or of a backtest that failed, printed "[, ]" and no reason
    from peacetrap.analysis.validate import Scoreboard
    from peacetrap.analysis.validate_spec import COLUMNS

    comp = comparison(gdp=[(-4.0, -5.0)], unemp=[(1.9, 2.0)], cpi=[(3.0, 4.0)])
    rows = episode_rows(spec, "toy", comp, 0, 4)
    table = pd.DataFrame(rows)[COLUMNS]
    text = Scoreboard(table, "x", ["backtests"], spec).text()
    assert "  n/a   toy: real GDP per head in 1947 vs 1945: not applicable: the episode file " \
           "records no annual real GDP growth (gdp_real, growth_mean) for 1947, which the " \
           "chain 1946-1947 needs\n" in text
    assert "  PASS  toy: real GDP per head in 1946 vs 1945: -5 [-8, -2] %\n" in text
    assert "[, ]" not in text


def test_a_failed_backtest_is_named_by_its_episode(tmp_path, model, spec, monkeypatch):
    # its rows were labelled with the file's path ("/tmp/x/mine.toml: real GDP per head in -
    # vs -") and printed no reason; the fit's error named no file
    import peacetrap.calibrate.episode_backtest as eb
    import peacetrap.calibrate.episodes as eps
    from peacetrap.analysis.validate_record import backtest_one
    from peacetrap.errors import CalibrationError

    def fails(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise CalibrationError("calibration 'mine': the fitted values fail to simulate")

    p = tmp_path / "mine-file.toml"
    p.write_text((ROOT / "calibration" / "episodes" / "us-1953.toml").read_text().replace(
        'name = "us-1953"', 'name = "mine"', 1))
    monkeypatch.setattr(eb, "calibrate", fails)
    ep = eps.load_episode(model, p)
    with pytest.raises(CalibrationError, match=re.escape(f"{p}: calibration 'mine'")):
        eb.backtest(model, ep)
    rows = backtest_one(model, spec, str(p))
    assert {r["calibration"] for r in rows} == {"episode mine"}
    assert all(r["check"].startswith("mine: ") and r["passed"] is False for r in rows)
    assert rows[0]["note"].startswith(f"backtest failed: {p}: calibration 'mine'")


def test_a_gap_in_the_growth_record_is_named(spec):
    # a two-quarter peace read "no real GDP growth for every year 1970-1970"
    comp = comparison(gdp=[], unemp=[(1.9, 2.0)], cpi=[(3.0, 4.0)])
    notes = [r["note"] for r in episode_rows(spec, "toy", comp, 0, 4)
             if r["id"] == "backtest.gdp"]
    assert notes[0].endswith("growth_mean) for 1946, which the row needs")
    assert notes[2].endswith("growth_mean) for 1946, 1947, 1948, which the chain 1946-1948 "
                             "needs")


def test_a_lowest_value_in_the_last_quarter_still_falling_is_said_to_be_so():
    """The scenario rows' lowest value names its quarter; a lowest value reached in the
    horizon's last quarter while the series is still falling says that its verdict depends
    on where the horizon ends, and a trough inside the horizon does not."""
    from peacetrap.analysis.validate_scenarios import lowest

    idx = pd.period_range("2026Q1", periods=4, freq="Q")
    value, note = lowest(pd.Series([3.0, 2.0, 1.0, 0.5], index=idx))
    assert value == 0.5 and note.startswith("lowest in 2026Q4") and "still falling" in note
    value, note = lowest(pd.Series([3.0, 0.2, 1.0, 0.5], index=idx))
    assert value == 0.2 and note == "lowest in 2026Q2"
    value, note = lowest(pd.Series([3.0, 1.0, 0.5, 0.5], index=idx))
    assert value == 0.5 and note == "lowest in 2026Q3"         # flat at the end: a trough


def test_a_risk_pulse_that_cannot_be_scaled_leaves_the_pass_through_unmeasured(model, spec):
    """A depreciation no pulse of the risk input reaches (here 500 % after four quarters:
    the input stops at the end of its range) fails both pass-through rows with a note
    saying what was reached, instead of a ratio measured at another size of move."""
    import copy

    from peacetrap.analysis.validate_experiments import status_quo
    from peacetrap.run.setups import load_calibration

    cal = load_calibration(model, "appendix")
    unreachable = copy.deepcopy(spec)
    unreachable.experiments["depreciation"] = 500.0
    rows = status_quo(model, cal, unreachable)
    for cid in ("elasticity.passthrough_1q", "elasticity.passthrough_4q"):
        assert rows[cid]["passed"] is False and np.isnan(rows[cid]["value"])
        assert "could not be scaled" in rows[cid]["note"] and "500%" in rows[cid]["note"]
        assert "+200 %/year" in rows[cid]["note"]    # the pulse as applied (its range end)
    assert rows["elasticity.multiplier_4q"]["passed"] is not None    # the rest is measured
    # the shipped target is reached: the rows are measured
    ok = status_quo(model, cal, spec)
    assert np.isfinite(ok["elasticity.passthrough_4q"]["value"])


def test_the_balanced_growth_rows_pass_on_the_shipped_fit_and_fail_without_a_path(model, spec):
    """The long-run group carries ``peacetrap check``'s balanced-growth point and its
    stability: both pass under the appendix fit; trend productivity growth at 2 % a year
    with world demand left growing at 1 % has no balanced-growth path (non-oil exports
    fall behind the economy for ever), and both rows fail with the solver's message
    instead of a value."""
    from peacetrap.analysis.validate_experiments import steady_state_rows
    from peacetrap.run.setups import Calibration, load_calibration

    cal = load_calibration(model, "appendix")
    point, stable = steady_state_rows(model, cal, spec)
    assert point["id"] == "long_run.steady_state" and point["passed"] is True
    assert 0 <= point["value"] <= 1e-8 and "steady inflation" in point["note"]
    assert "households spend 0.9" in point["note"] and "(the limit is 1;" in point["note"]
    # the economy without its history is reported beside it, not scored
    assert "without the history 0.9" in point["note"]
    assert stable["id"] == "long_run.stable" and stable["passed"] is True
    assert -1.0 < stable["value"] < 0 and "near zero as expected" in stable["note"]

    drifting = Calibration.from_series(pd.Series({"productivity_growth": 2.0}), model=model,
                                       base=cal)
    point, stable = steady_state_rows(model, drifting, spec)
    assert point["passed"] is False and np.isnan(point["value"])
    assert "no steady state found" in point["note"]
    # the message names where the conditions went flat: households' spending propensity,
    # a logistic, driven to its limit of 1 trying to buy the faster-growing output
    assert "no longer answer to spending_preference" in point["note"]
    assert stable["passed"] is False and "no balanced-growth point" in stable["note"]
