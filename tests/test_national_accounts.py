"""National accounts: what real GDP counts.

The armed forces' output is non-market output measured at cost; its volume is the number of
soldiers at the base year's pay per soldier, so a rise in pay rates raises nominal GDP and
not real GDP (issue "The real side", item 6).
"""

from __future__ import annotations

import sympy as sp


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
