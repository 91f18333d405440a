"""``peacetrap paper``: bundle, determinism, macros and table cells vs their CSVs, pdflatex.

The bundle is built twice per module with a reduced size (200 draws, 32 Sobol
samples, 24 quarters, 3 scenarios): once in this process through the Python
API and once through the command line in a fresh process, and the two must
be byte-identical.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from conftest import run_cli
from peacetrap.errors import InputError
from peacetrap.core.latex import escape_latex
from peacetrap.paper.format import MINUS, macro_name, number_latex, parse_latex_number

pytestmark = pytest.mark.heavy      # two paper bundles (in-process and the command)

REDUCED = """
[paper]
title = "Test paper"
scenarios = ["sudden-peace", "phased-peace", "escalation"]
quarters = 24
experiment = "small-experiment.toml"

[ensemble]
draws = 200
seed = 7

[sensitivity]
samples = 32
seed = 11
top = 4

[validation]                  # the backtests are tested in test_validate.py
groups = ["long-run", "elasticities", "history", "accounting"]
"""

#: A calibration experiment: one calibration fitted, one used as shipped.
EXPERIMENT = """
[experiment]
name = "small"
scenarios = ["sudden-peace"]
quarters = 24

[[calibrations]]
name = "appendix-refit"
targets = "appendix"

[[calibrations]]
name = "observed-as-shipped"
calibration = "observed"
"""

TABLES = ["parameters", "calibration", "scenarios", "decomposition", "sensitivity",
          "uncertainty", "appendix", "experiment", "validation"]
FIGURES = ["timelines", "scenarios", "decomposition", "fan", "sensitivity"]
COMMAND = "peacetrap paper --experiment reduced.toml"


@pytest.fixture(scope="module")
def paper_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("paperfile")
    (folder / "small-experiment.toml").write_text(EXPERIMENT)
    path = folder / "reduced.toml"
    path.write_text(REDUCED)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, paper_file):
    """(bundle folder, PaperResults) built in this process."""
    from peacetrap.paper.bundle import build
    from peacetrap.paper.settings import load_settings

    out = tmp_path_factory.mktemp("paper") / "bundle"
    res = build(out, load_settings(paper_file), command=COMMAND)
    return out, res


@pytest.fixture(scope="module")
def bundle(built) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def results(built):
    return built[1]


@pytest.fixture(scope="module")
def bundle_cli(tmp_path_factory, paper_file) -> Path:
    out = tmp_path_factory.mktemp("paper-cli") / "bundle"
    r = run_cli("paper", "--out", out, "--experiment", paper_file)
    assert r.returncode == 0, r.stderr
    assert "bundle written to" in r.stdout
    return out


# ----------------------------------------------------------------- parsing
def body_rows(tex: str) -> list[list[str]]:
    """Cells of the body rows of a booktabs tabular or longtable (see peacetrap.paper.booktabs)."""
    lines = tex.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == r"\midrule")
    rows = []
    for ln in lines[start + 1:]:
        s = ln.strip()
        if s == r"\bottomrule":
            break
        if s in (r"\midrule", r"\endhead", "") or s.startswith("%"):
            continue
        assert s.endswith(r"\\"), f"body line does not end a row: {s!r}"
        rows.append([c.strip() for c in re.split(r"(?<!\\)&", s[:-2])])
    return rows


def half_unit(text: str) -> float:
    """Half a unit of the last digit a number's text shows (e.g. '1.25' -> 0.005)."""
    t = text.strip().replace(MINUS, "-").replace("{,}", "").replace("$", "")
    t = t.replace(r"\pm", "")
    mant, _, exp = t.lower().partition("e")
    decimals = len(mant.partition(".")[2])
    return 0.5 * 10.0 ** (-decimals + (int(exp) if exp else 0))


def assert_shows(text: str, value: float, where: str) -> None:
    """A cell or macro shows ``value`` rounded to the digits it prints."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        assert text == "--", f"{where}: {text!r} but the CSV has no value"
        return
    shown = parse_latex_number(text)
    tol = half_unit(text) * (1 + 1e-9) + 1e-12 * max(1.0, abs(value))
    assert abs(shown - value) <= tol, f"{where}: shows {text!r}, CSV has {value!r}"


def text_matches(cell: str, value: object) -> bool:
    v = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if v == "":
        return cell == "--"
    return cell in (escape_latex(v), f"${v}$", v)


# ----------------------------------------------------------------- contents
def test_bundle_has_every_file(bundle):
    for name in ["equations.tex", "numbers.tex", "numbers.csv", "main.tex", "manifest.json"]:
        assert (bundle / name).is_file(), name
    for t in TABLES:
        assert (bundle / "tables" / f"{t}.tex").is_file(), t
        assert (bundle / "tables" / f"{t}.csv").is_file(), t
    for f in FIGURES:
        assert (bundle / "figures" / f"{f}.pdf").read_bytes()[:5] == b"%PDF-", f
        assert (bundle / "figures" / f"{f}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f
    for d in ["timelines", "decomposition", "quantiles", "ensemble_summary", "sensitivity",
              "priors", "fit", "observed", "run_facts"]:
        assert (bundle / "data" / f"{d}.csv").is_file(), d


def test_manifest_lists_every_file_with_its_hash(bundle):
    import hashlib

    man = json.loads((bundle / "manifest.json").read_text())
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert set(man["files"]) == files - {"manifest.json"}
    for name, sha in man["files"].items():
        assert hashlib.sha256((bundle / name).read_bytes()).hexdigest() == sha, name
    assert man["settings"]["ensemble"] == {"draws": 200, "seed": 7}
    assert man["settings"]["sensitivity"]["samples"] == 32
    assert man["command"] == COMMAND
    assert "appendix.toml" in man["input_sha256"]
    assert man["ensemble"]["failed"] < man["ensemble"]["draws"]


def test_tables_are_booktabs_with_units_in_headers(bundle):
    for t in TABLES:
        tex = (bundle / "tables" / f"{t}.tex").read_text()
        for rule in (r"\toprule", r"\midrule", r"\bottomrule"):
            assert rule in tex, (t, rule)
        assert r"\hline" not in tex, t
    head = (bundle / "tables" / "scenarios.tex").read_text().split(r"\midrule")[0]
    for unit in [r"(\%)", "(pp)", "(thousand)", "(LCU/USD)"]:
        assert unit in head


def test_equations_come_from_the_symbolic_model(bundle, model):
    from peacetrap.core.latex import equations_latex, symbol_legend_latex

    eq = (bundle / "equations.tex").read_text()
    assert equations_latex(model.spec) in eq
    assert symbol_legend_latex(model.spec) in eq
    assert eq.count(r"\begin{align*}") >= 5


def test_appendix_reproduces_the_essay_with_observed_and_proxies(bundle, results):
    app = pd.read_csv(bundle / "tables" / "appendix.csv")
    assert list(dict.fromkeys(app["variable"])) == ["defence_share_gdp_pct",
                                                    "casualties_cumulative_thousands",
                                                    "sanctions_count", "rub_per_usd"]
    assert set(app["impact"]) == {"Recession", "Social unrest", "Elite dissatisfaction",
                                  "Inflation shock"}
    assert app["proxy"].str.startswith("proxy:").all()
    # the model's 2025 column hits the essay's figures within 1 % (the calibration's bar)
    late = app.groupby("variable")[["late_war_2025", "essay_2025"]].first()
    assert (abs(late["late_war_2025"] / late["essay_2025"] - 1) < 0.01).all()
    # impact indicators are timeline.impact_indicators of the main scenario
    from peacetrap.run.timeline import impact_indicators

    ind = impact_indicators(results.timeline, results.baseline_timeline, results.start)
    for _, r in app.iterrows():
        assert r["value"] == pytest.approx(ind[r["indicator"]], rel=1e-9, abs=1e-9)
    # the observed column prints data/russia_observed.csv with its sources
    obs = pd.read_csv(bundle / "data" / "observed.csv")
    tex = (bundle / "tables" / "appendix.tex").read_text()
    for _, r in obs.iterrows():
        assert f"{number_latex(r['value'], int(r['decimals']))} ({r['period']})" in tex
        assert escape_latex(r["source"]) in tex


def test_calibration_table_is_the_appendix_fit(bundle):
    cal = pd.read_csv(bundle / "tables" / "calibration.csv")
    assert set(cal["kind"]) <= {"endogenous", "input", "initial"}
    y25 = cal[cal["period"].astype(str).str.startswith("2025")]
    # the essay's four 2025 figures, and the record's path where the essay is silent
    # (2025 real growth near the record's, unemployment under its 5 % ceiling)
    essay = {"defence_share_gdp_pct", "casualties_cumulative_thousands", "sanctions_count",
             "rub_per_usd"}
    assert set(y25["variable"]) == essay | {"gdp_real", "unemployment_rate_pct"}
    assert (y25[y25["variable"].isin(essay)]["error_pct"].abs() < 1.0).all()
    kinds = dict(zip(y25["variable"], y25["kind"]))
    assert kinds["defence_share_gdp_pct"] == "endogenous"
    assert kinds["rub_per_usd"] == "endogenous"


def test_experiment_table_compares_calibrations(bundle):
    ex = pd.read_csv(bundle / "tables" / "experiment.csv")
    assert list(ex["calibration"]) == ["appendix-refit", "observed-as-shipped"]
    assert list(ex["fitted"]) == [True, False]
    # the refit hits every appendix target within its own tolerance but the 2021 defence
    # share (3.41 for 3.5, tolerance 2%): the spin-up year's real rate is below the neutral
    # rate, so the spending preference rises and 2021 GDP with it (the 2025 figures, which
    # the appendix is about, are hit within 0.2%: test_calibration_table_is_the_appendix_fit),
    # and two of the record's growth rates it keeps to (2022: +1.1 for -1.2; 2024: 2.6 for
    # 4.2), missed by more than their 1.5 pp tolerance but within the 3 pp band of issue 10;
    # the largest relative error is over the targets scaled relative to their value
    assert ex.loc[0, "outside_tolerance"] <= 3 and ex.loc[0, "max_error_pct"] < 3.0
    assert pd.isna(ex.loc[1, "max_error_pct"])
    assert ex["gdp_trough_pct_vs_baseline"].nunique() == 2      # the calibrations differ
    main = (bundle / "main.tex").read_text()
    assert r"\CalibObservedAsShippedSuddenPeacePeakUnemployment" in main
    man = json.loads((bundle / "manifest.json").read_text())
    assert man["experiment"] == "small"
    assert "small-experiment.toml" in man["input_sha256"]


def test_a_calibration_experiment_file_is_accepted_as_experiment():
    from peacetrap.paper.settings import PaperSettings, load_settings

    s = load_settings("appendix-vs-observed")
    assert s.experiment.endswith("appendix-vs-observed.toml")
    assert s.draws == PaperSettings().draws


# ----------------------------------------------------------------- agreement
def test_every_table_cell_shows_its_csv_cell(bundle):
    for t in TABLES:
        tex = (bundle / "tables" / f"{t}.tex").read_text()
        csv = pd.read_csv(bundle / "tables" / f"{t}.csv")
        rows = body_rows(tex)
        assert len(rows) == len(csv), t
        shown = csv.columns[:len(rows[0])]
        prev: list[str] = [""] * len(shown)
        for i, cells in enumerate(rows):
            assert len(cells) == len(shown), (t, i, cells)
            for j, (col, cell) in enumerate(zip(shown, cells)):
                value = csv.at[i, col]
                where = f"tables/{t}.tex row {i + 1} column {col}"
                if cell == "" and i > 0:           # a group column below its first row
                    assert csv.at[i - 1, col] == value or (
                        pd.isna(value) and pd.isna(csv.at[i - 1, col])), where
                    continue
                if pd.api.types.is_numeric_dtype(csv[col]) and not \
                        pd.api.types.is_bool_dtype(csv[col]):
                    assert_shows(cell, float(value), where)
                else:
                    assert text_matches(cell, value), f"{where}: {cell!r} vs {value!r}"
                prev[j] = cell


def test_every_macro_shows_its_csv_cell(bundle):
    tex = (bundle / "numbers.tex").read_text()
    defs = re.findall(r"^\\newcommand\{\\([^}]*)\}\{(.*)\} %", tex, flags=re.M)
    assert len(defs) == len(re.findall(r"\\newcommand", tex))
    table = pd.read_csv(bundle / "numbers.csv", keep_default_na=False).set_index("macro")
    assert len(defs) == len(table) > 100
    for name, body in defs:
        assert re.fullmatch(r"[A-Za-z]+", name), f"macro name \\{name} is not letters only"
        row = table.loc[name]
        assert body == row["text"], name
        csv = pd.read_csv(bundle / row["file"])
        mask = pd.Series(True, index=csv.index)
        for pair in row["row"].split(";"):
            k, _, v = pair.partition("=")
            mask &= csv[k].astype(str) == v
        assert mask.sum() == 1, (name, row["row"])
        value = csv.loc[mask, row["column"]].iloc[0]
        where = f"\\{name} ({row['file']} [{row['row']}] {row['column']})"
        if row["kind"] == "number":
            assert_shows(body, float(value), where)
            if not pd.isna(value):
                assert float(row["value"]) == float(value), where
        elif row["kind"] == "math":
            assert body == r"\ensuremath{" + str(value) + "}", where
        else:
            assert text_matches(body, value), where


def test_validation_table_and_macros_match_the_scoreboard(bundle, results):
    t = pd.read_csv(bundle / "tables" / "validation.csv", keep_default_na=False)
    board = results.validation
    assert len(t) == len(board.table) >= 15
    assert (t["source"].str.strip() != "").all()
    assert set(t["group"]) == {"long run", "elasticities", "history", "accounting"}
    tex = (bundle / "numbers.tex").read_text()
    passed = t["passed"].astype(str)             # "True", "False" or "" (not applicable)
    for macro, n in (("ValidChecks", int((passed != "").sum())),
                     ("ValidPassed", int((passed == "True").sum())),
                     ("ValidFailed", int((passed == "False").sum())),
                     ("ValidNotApplicable", int((passed == "").sum()))):
        assert f"\\newcommand{{\\{macro}}}{{{n}}}" in tex, macro
    # each shown value is the CSV value in three significant digits
    for shown, value in zip(t["value_shown"], t["value"]):
        if shown != "--":
            v = float(shown.strip("$").replace("{,}", "").replace("\\times10^{", "e")
                      .rstrip("}"))
            assert v == pytest.approx(float(value), rel=5e-3, abs=1e-300), shown
    main = (bundle / "main.tex").read_text()
    assert "\\section{Validation}" in main and "\\ValidFailed" in main


def test_headline_macros_of_the_main_scenario(bundle, results):
    tex = (bundle / "numbers.tex").read_text()
    h = results.headlines
    for name, key, dec in [("PeakUnemployment", "unemployment_peak_pct", 2),
                           ("GDPTrough", "gdp_trough_pct_vs_baseline", 2),
                           ("PeakInflation", "inflation_peak_pct", 2),
                           ("PeakVeteransWaiting", "veterans_unemployed_peak_thousands", 0)]:
        assert f"\\newcommand{{\\{name}}}{{{number_latex(h[key], dec)}}}" in tex
    assert f"\\newcommand{{\\PeakUnemploymentQuarter}}{{{h['unemployment_peak_quarter']}}}" in tex


def test_csv_results_agree_with_the_package(bundle, results, model):
    """The tables' CSVs hold what compare, decompose, ensemble and sensitivity return."""
    from peacetrap.analysis.compare import compare

    cal = results.calibration
    sc = pd.read_csv(bundle / "tables" / "scenarios.csv").set_index("name")
    comp = compare(model, cal, ["sudden-peace", "phased-peace", "escalation"], "long-grind", 24)
    for name, row in comp.headlines.iterrows():
        for col in ("unemployment_peak_pct", "inflation_peak_pct", "rub_per_usd_peak"):
            if pd.isna(row[col]):                   # still moving at the window's end
                assert pd.isna(sc.at[name, col]), (name, col)
            else:
                assert sc.at[name, col] == pytest.approx(row[col], rel=1e-9)
    long = pd.read_csv(bundle / "data" / "decomposition.csv")
    dec = pd.read_csv(bundle / "tables" / "decomposition.csv")
    for _, r in dec.iterrows():
        sel = long[(long["quarter"] == r["quarter"]) & (long["variable"] == r["variable"])]
        for ch, v in zip(sel["channel"], sel["contribution"]):
            assert r[ch] == pytest.approx(v, rel=1e-9, abs=1e-12)
        assert sel["contribution"].sum() == pytest.approx(r["total"], abs=1e-8)
    summ = pd.read_csv(bundle / "data" / "ensemble_summary.csv").set_index("headline")
    unc = pd.read_csv(bundle / "tables" / "uncertainty.csv")
    for _, r in unc.iterrows():
        for q in ("q05", "q50", "q95"):
            assert r[q] == pytest.approx(float(summ.at[r["output"], q]), rel=1e-9)
    sens = pd.read_csv(bundle / "data" / "sensitivity.csv")
    top = pd.read_csv(bundle / "tables" / "sensitivity.csv")
    for out, grp in top.groupby("output", sort=False):
        full = sens[sens["output"] == out].sort_values("ST", ascending=False)
        assert list(grp["parameter"]) == list(full["parameter"].head(len(grp)))


# ----------------------------------------------------------------- determinism
def test_two_builds_are_byte_identical(bundle, bundle_cli):
    a = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    b = sorted(p.relative_to(bundle_cli).as_posix() for p in bundle_cli.rglob("*")
               if p.is_file())
    assert a == b
    differ = [n for n in a if (bundle / n).read_bytes() != (bundle_cli / n).read_bytes()]
    if differ == ["manifest.json"]:
        # the checkout's commit may move between the two builds (other work being committed);
        # everything else in the manifest must be the same
        ma, mb = (json.loads((d / "manifest.json").read_text()) for d in (bundle, bundle_cli))
        ma.pop("git_commit")
        mb.pop("git_commit")
        assert ma == mb
        differ = []
    assert differ == [], f"files differ between two builds: {differ}"


def test_no_dates_in_the_bundle(bundle):
    assert b"CreationDate" not in (bundle / "figures" / "fan.pdf").read_bytes()
    assert b"Matplotlib" not in (bundle / "figures" / "fan.png").read_bytes()
    assert "\\date{}" in (bundle / "main.tex").read_text()


# ----------------------------------------------------------------- LaTeX
def test_main_tex_compiles_with_pdflatex(bundle, tmp_path):
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        pytest.skip("pdflatex is not installed: install a TeX distribution (e.g. apt-get "
                    "install texlive-latex-base texlive-latex-recommended "
                    "texlive-fonts-recommended) to test that main.tex compiles")
    work = tmp_path / "bundle"
    shutil.copytree(bundle, work)
    for run in (1, 2):
        r = subprocess.run([pdflatex, "-interaction=nonstopmode", "-halt-on-error", "main.tex"],
                           cwd=work, capture_output=True, text=True, timeout=300)
        log = (work / "main.log").read_text(errors="replace")
        errors = [ln for ln in log.splitlines() if ln.startswith("!")]
        assert r.returncode == 0 and not errors, f"pdflatex run {run}: {errors}\n{r.stdout[-3000:]}"
    assert "undefined references" not in log
    assert "Undefined control sequence" not in log
    assert (work / "main.pdf").stat().st_size > 50_000


def test_main_tex_uses_every_table_figure_and_the_numbers(bundle):
    main = (bundle / "main.tex").read_text()
    assert r"\input{numbers.tex}" in main and r"\input{equations.tex}" in main
    for t in TABLES:
        assert rf"\input{{tables/{t}.tex}}" in main, t
    for f in FIGURES:
        assert rf"\includegraphics[width=\linewidth]{{figures/{f}.pdf}}" in main, f
    used = set(re.findall(r"\\([A-Za-z]+)", main))
    defined = set(re.findall(r"\\newcommand\{\\([A-Za-z]+)\}",
                             (bundle / "numbers.tex").read_text()))
    assert {"PeakUnemployment", "GDPTrough", "PeakInflation"} <= used & defined


# ----------------------------------------------------------------- Python API
def test_tables_and_figures_from_python(results):
    from peacetrap import paper
    from peacetrap.paper.figures import FIGURES as MAKERS

    tabs = paper.tables(results)
    assert set(tabs) == set(TABLES)
    for t in tabs.values():
        assert isinstance(t.latex(), str) and r"\bottomrule" in t.latex()
        assert isinstance(t.csv_frame(), pd.DataFrame)
    for name, make in MAKERS.items():
        fig = make(results)
        try:
            assert isinstance(fig, plt.Figure), name
            for ax in fig.axes:
                if ax.get_visible() and ax.has_data():
                    assert ax.get_xlabel() or ax.get_ylabel(), (name, ax.get_title())
        finally:
            plt.close(fig)


@pytest.mark.parametrize("name", FIGURES)
def test_figures_are_greyscale(bundle, name):
    rgb = plt.imread(bundle / "figures" / f"{name}.png")[..., :3]
    assert np.abs(rgb - rgb.mean(axis=2, keepdims=True)).max() < 0.02


# ----------------------------------------------------------------- settings and errors
def test_shipped_paper_file_spells_out_the_defaults():
    from peacetrap.paper.settings import PaperSettings, load_settings

    assert load_settings("paper") == PaperSettings()


@pytest.mark.parametrize("text, message", [
    ("[paper]\nquartrs = 8\n", "did you mean 'quarters'"),
    ("[sensitivity]\nsamples = 100\n", "power of two"),
    ("[ensemble]\ndraws = 'many'\n", "whole number"),
    ("[sensitivity]\noutputs = ['gdp']\n", "not a headline number"),
    ("[paper\n", "malformed TOML"),
    ("[paper]\nexperiment = 'no-such-experiment'\n", "unknown experiment"),
    # the key is named, not the command line's --only
    ("[validation]\ngroups = ['long-rn']\n", "validation.groups 'long-rn': unknown group"),
    # an empty list was reported as "--only '-': unknown group"
    ("[validation]\ngroups = []\n", r"validation.groups = \[\]: expected a non-empty list"),
])
def test_bad_paper_files_are_input_errors(tmp_path, text, message):
    from peacetrap.paper.settings import load_settings

    p = tmp_path / "bad.toml"
    p.write_text(text)
    with pytest.raises(InputError, match=message):
        load_settings(p)


def test_cli_errors_exit_2_and_write_nothing(tmp_path, bundle):
    bad = tmp_path / "bad.toml"
    bad.write_text("[paper]\nscenario = 'no-such-scenario'\n")
    out = tmp_path / "out"
    r = run_cli("paper", "--out", out, "--experiment", bad)
    assert r.returncode == 2 and "no-such-scenario" in r.stderr
    assert not out.exists()
    r = run_cli("paper", "--out", bundle)
    assert r.returncode == 2 and "--force" in r.stderr


def test_macro_names_are_letters_only():
    assert macro_name("sudden-peace", "PeakUnemployment") == "SuddenPeacePeakUnemployment"
    assert macro_name("ceasefire-2027") == "CeasefireTwoZeroTwoSeven"
    assert macro_name("GDP", "trough") == "GDPTrough"
    assert number_latex(-0.004, 2) == "0.00"
    assert number_latex(-1234.5, 1) == MINUS + "1{,}234.5"
    assert number_latex(float("nan"), 2) == "--"


def test_a_sensitivity_output_undefined_in_most_runs_is_named_not_fatal(model, default_cal,
                                                                        grind):
    """Civil purchases cut against the long grind: no defence change, so no defence
    multiplier in any run. The indices cover the other headline and the info names the
    missing one; with no headline defined there is nothing to report, and that is an
    error."""
    import peacetrap as pt
    from peacetrap.analysis.uncertainty import priors
    from peacetrap.errors import SimulationError
    from peacetrap.paper.document import _undefined_sentence
    from peacetrap.paper.results import sobol_indices

    start = str(default_cal.history_end + 1)
    cut = pt.Scenario.from_dict({"name": "civil-cut", "inputs": {
        **{k: v for k, v in grind.inputs.items()},
        "civil_spending": {"points": [[start, 14.0]], "interpolation": "step"}}}, model)
    pri = priors(model, default_cal)
    table, info = sobol_indices(model, default_cal, cut, grind, pri, 4, 1,
                                ("gdp_trough_pct_vs_baseline", "defence_multiplier_4q"), 12)
    assert info["undefined"] == ["defence_multiplier_4q"]
    assert set(table["output"]) == {"gdp_trough_pct_vs_baseline"}
    assert np.isfinite(table["ST"]).all()
    assert "no indices" in _undefined_sentence(info["undefined"])
    assert _undefined_sentence([]) == ""
    with pytest.raises(SimulationError, match="defence_multiplier_4q not defined"):
        sobol_indices(model, default_cal, cut, grind, pri, 4, 1,
                      ("defence_multiplier_4q",), 12)
