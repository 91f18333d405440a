"""A parity regime (the gold standard): an anchor for expectations and a policy rule."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import peacetrap as pt


def _sym(spec, name):
    return spec.quantities[name].symbol


def test_parity_is_inert_at_zero_weights(model):
    """With credibility and rule weight 0 the parity, its horizon and its response drop out
    of expectations, the rule and the exchange rate: the model is inflation targeting."""
    spec = model.spec
    zero = {_sym(spec, "parity_credibility"): 0, _sym(spec, "parity_rule_weight"): 0}
    gone = {_sym(spec, n) for n in ("parity_exchange_rate", "parity_horizon",
                                    "parity_rate_response")}
    for name in ("expected_inflation", "key_rate", "exchange_rate"):
        expr = spec.quantities[name].expr
        for q in spec.derived:                   # inline the auxiliaries the rate uses
            expr = expr.subs(q.symbol, q.expr)
        assert not (sp.simplify(expr.subs(zero)).free_symbols & gone), name


def test_full_credibility_pulls_expectations_to_the_parity(model):
    """At full credibility expectations close their gap to the inflation the parity implies,
    pi_g = pi_f + pi_f^x - ln(X / X_g) / tau_g, in tau_e."""
    spec = model.spec
    rate = spec.quantities["expected_inflation"].expr.subs(_sym(spec, "parity_credibility"), 1)
    pi_g = spec.quantities["parity_inflation"]
    want = (pi_g.symbol - _sym(spec, "expected_inflation")) / _sym(spec, "expectations_time")
    assert sp.simplify(rate - want) == 0
    gap = spec.quantities["parity_gap"].symbol
    assert sp.simplify(pi_g.expr - (_sym(spec, "foreign_inflation")
                                    + _sym(spec, "foreign_inflation_gap")
                                    - gap / _sym(spec, "parity_horizon"))) == 0


def test_a_credible_parity_below_the_rate_lowers_inflation_and_the_rule_raises_the_rate(
        model, default_cal):
    """A currency 20 % below a credible parity: expected and CPI inflation fall below the
    float's, and the parity rule's key rate is above the neutral real rate by phi_g times
    the gap."""
    start = default_cal.history_end + 1
    x0 = float(model.complete(default_cal.values if len(default_cal.values) else None)
               ["exchange_rate"].iloc[0])
    out = {}
    for name, inputs in (("float", {}),
                         ("anchor", {"parity_credibility": 100.0,
                                     "parity_exchange_rate": x0 * 0.8}),
                         ("rule", {"parity_rule_weight": 100.0,
                                   "parity_exchange_rate": x0 * 0.8})):
        paths = {k: {"points": [[str(start), v]], "interpolation": "step"}
                 for k, v in inputs.items()}
        sc = pt.Scenario.from_dict({"name": name, "inputs": paths}, model)
        out[name] = pt.simulate(model, default_cal, [sc], quarters=8).frame(0).loc[start:]
    assert (out["anchor"]["expected_inflation"].iloc[1:]
            < out["float"]["expected_inflation"].iloc[1:]).all()
    assert out["anchor"]["inflation"].iloc[1:].mean() < out["float"]["inflation"].iloc[1:].mean()
    rule = out["rule"]
    want = 3.0 + 19.0 * np.log(rule["exchange_rate"] / (x0 * 0.8))      # display units
    assert rule["key_rate_rule"].to_numpy() == pytest.approx(want.to_numpy(), abs=0.05)


def test_episode_parity_is_converted_to_internal_units(model):
    """An episode gives its parity in currency per USD; the loader converts it as the
    exchange-rate fact is (the internal rate starts at the template's)."""
    from peacetrap.calibrate.episode_file import load_episode

    ep = load_episode(model, "uk-1918")
    cal = ep.targets.base
    path = cal.history["parity_exchange_rate"]
    x_tpl = float(cal.values["exchange_rate"])
    value = float(path.evaluate(np.array([0.0]), cal.epoch)[0])
    assert value == pytest.approx(0.2055 * x_tpl / 0.2099, rel=1e-12)
