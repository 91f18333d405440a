"""`peacetrap equations`, `variables` and `check` through a subprocess."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from conftest import run_cli
from peacetrap import checks, cli
from peacetrap.core import definition
from peacetrap.core import latex as lx
from test_latex import balanced


@pytest.fixture(scope="module")
def spec():
    return definition.build()


def test_equations_text_lists_every_stock_and_equation(spec):
    res = run_cli("equations")
    assert res.returncode == 0, res.stderr
    for q in spec.stocks:
        assert f"d({q.name})/dt = " in res.stdout, q.name
    for q in spec.derived:
        assert f"  {q.name} = " in res.stdout, q.name
    for block, _ in lx._blocks(spec):
        assert f"\n{block.upper()}\n" in res.stdout
    # meanings and units are printed with the equations
    q = spec.quantities["soldiers"]
    assert q.description in res.stdout and q.shown_unit in res.stdout


def test_equations_latex_is_valid_looking(spec):
    res = run_cli("equations", "--latex")
    assert res.returncode == 0, res.stderr
    tex = res.stdout
    assert balanced(tex)
    assert tex.count(r"\begin{align*}") == tex.count(r"\end{align*}") > 0
    assert tex.count(r"\begin{longtable}") == tex.count(r"\end{longtable}") == 1
    for q in spec.stocks:
        assert r"\dot{" + q.latex + "}" in tex


def test_variables_lists_every_parameter_with_unit_and_range(spec):
    res = run_cli("variables", "--kind", "parameter", "--format", "csv")
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(io.StringIO(res.stdout), keep_default_na=False).set_index("name")
    assert list(df.index) == [q.name for q in spec.parameters]
    assert set(df["kind"]) == {"parameter"}
    for q in spec.parameters:
        row = df.loc[q.name]
        assert row["unit"] == q.shown_unit
        assert float(row["default"]) == pytest.approx(q.default)
        assert float(row["low"]) == pytest.approx(q.bounds[0])
        assert float(row["high"]) == pytest.approx(q.bounds[1])
        assert row["source"] == q.source


def test_variables_text_has_every_quantity(spec):
    res = run_cli("variables")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == len(spec.quantities) + 1
    names = {ln.split()[0] for ln in lines[1:]}
    assert names == set(spec.quantities)
    q = spec.quantities["wage_phillips"]
    line = next(ln for ln in lines if ln.startswith("wage_phillips "))
    assert f"[{q.bounds[0]:g}, {q.bounds[1]:g}]" in line and q.shown_unit in line


def test_variables_rejects_an_unknown_kind():
    res = run_cli("variables", "--kind", "stocks")
    assert res.returncode == 2
    assert "invalid choice" in res.stderr and "Traceback" not in res.stderr


@pytest.mark.parametrize("calibration", [None, "observed"])
def test_check_passes_on_the_shipped_calibrations(calibration):
    """Both shipped fits have a steady state: a fit that moves trend growth without what must
    grow with it (world demand) leaves none, and no scoreboard row catches the drift."""
    res = run_cli("check", *(["--calibration", calibration] if calibration else []))
    assert res.returncode == 0, res.stdout + res.stderr
    out = res.stdout
    assert out.count("PASS") == 5 and "FAIL" not in out
    assert "pi_ss" in out and "all 5 checks passed" in out


def test_check_rejects_an_unknown_calibration():
    res = run_cli("check", "--calibration", "nonesuch")
    assert res.returncode == 2
    assert "unknown calibration 'nonesuch'" in res.stderr and "Traceback" not in res.stderr


def test_check_exits_1_on_a_failure(monkeypatch, capsys):
    def failing(model, calibration, scenario):
        return [checks.CheckResult("units", False, {"n_failed": 1}, "x: units differ", ["x"]),
                checks.CheckResult("accounting (symbolic)", True, {}, "ok")]

    monkeypatch.setattr(checks, "run_checks", failing)
    assert cli.main(["check"]) == 1
    out = capsys.readouterr().out
    assert "FAIL  units" in out and "1 of 2 checks failed: units" in out
