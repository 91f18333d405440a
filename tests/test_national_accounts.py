"""National accounts: what real GDP counts.

The armed forces' output is non-market output measured at cost; its volume is the number of
soldiers at the base year's pay per soldier, so a rise in pay rates raises nominal GDP and
not real GDP (issue "The real side", item 6).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest
import sympy as sp
import tomli_w

from peacetrap.calibrate.episode_file import load_episode
from peacetrap.errors import InputError
from peacetrap.io.resources import resolve
from peacetrap.run.setups import calibration_from_dict


def _expanded(model, name: str) -> sp.Expr:
    """The equation of ``name`` with every flow and auxiliary replaced by its own."""
    defs = {q.symbol: q.equation for q in model.spec.derived}
    expr = model.spec.quantities[name].equation
    for _ in range(len(defs)):
        nxt = expr.xreplace(defs)
        if nxt == expr:
            return expr
        expr = nxt
    raise AssertionError(f"{name}: definitions do not terminate")


def test_pay_rates_move_nominal_gdp_not_real_gdp(model):
    q = model.spec.quantities
    pay_rate, bonus = q["soldier_pay_ratio"].symbol, q["signing_bonus"].symbol
    real, nominal = _expanded(model, "gdp_real"), _expanded(model, "gdp_nominal")
    assert pay_rate in nominal.free_symbols
    assert pay_rate not in real.free_symbols
    # signing bonuses are transfers: in neither GDP
    assert bonus not in nominal.free_symbols and bonus not in real.free_symbols


def test_soldiers_count_at_base_year_pay(model):
    q = model.spec.quantities
    real = _expanded(model, "gdp_real")
    soldiers = q["soldiers"].symbol
    base = q["base_soldier_pay_ratio"].symbol
    w0 = next(s for s in real.free_symbols if s.name == "nominal_wage_0")
    per_soldier = sp.simplify(sp.diff(real, soldiers))
    months, bn = q["months_per_year"].symbol, q["bn_per_tn"].symbol
    assert sp.simplify(per_soldier - base * w0 * months / bn) == 0


def test_base_pay_must_match_the_pay_ratio_at_the_start(model, tmp_path):
    """A calibration whose pay ratio starts off its base price is refused, with one line."""
    assert model.quantities["base_soldier_pay_ratio"].base_of == "soldier_pay_ratio"
    raw = tomllib.loads(resolve("default", "calibration", "calibration").read_text())
    raw["history"]["soldier_pay_ratio"] = {"points": [["2020Q1", 1.0], ["2023Q1", 2.0]]}
    with pytest.raises(InputError) as err:
        calibration_from_dict(model, raw, "custom.toml")
    msg = str(err.value)
    assert "parameters.base_soldier_pay_ratio = 0.8" in msg
    assert "history.soldier_pay_ratio starts at 1 " in msg
    raw.setdefault("parameters", {})["base_soldier_pay_ratio"] = 1.0
    assert calibration_from_dict(model, raw, "custom.toml").values["base_soldier_pay_ratio"] == 1.0
    raw["parameters"]["base_soldier_pay_ratio"] = 0.5
    bad = tmp_path / "bad.toml"
    bad.write_text(tomli_w.dumps(raw))
    out = subprocess.run([sys.executable, "-m", "peacetrap", "run", "sudden-peace",
                          "--calibration", str(bad), "--out", str(tmp_path / "o")],
                         capture_output=True, text=True)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "base_soldier_pay_ratio = 0.5" in lines[0]
    assert not (tmp_path / "o").exists()


def test_episode_pay_ratio_must_start_at_its_base_price(model, tmp_path):
    """An episode whose war-time pay ratio starts off the base price is refused too."""
    text = load_episode(model, "us-1953").path.read_text()
    assert "[war.soldier_pay_ratio]" not in text
    bad = tmp_path / "us-pay.toml"
    bad.write_text(text + '\n[war.soldier_pay_ratio]\npoints = [["1952Q1", 1.2]]\n')
    with pytest.raises(InputError, match="parameters.base_soldier_pay_ratio = 0.8 but "
                                         "war.soldier_pay_ratio starts at 1.2"):
        load_episode(model, bad)
