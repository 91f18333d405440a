"""Units: scaled units, conversions and the dimensional check."""

import pytest
import sympy as sp

from peacetrap.core import units as un
from peacetrap.errors import UnitsError


def test_conversion_factor_between_scales():
    assert un.conversion_factor(un.mn * un.person, un.k * un.person) == pytest.approx(1000)
    # a million persons a year is 83.33 thousand persons a month
    assert un.conversion_factor(un.mn * un.person / un.year,
                                un.k * un.person / un.month) == pytest.approx(1000 / 12)
    assert un.conversion_factor(un.ONE, un.percent) == pytest.approx(100)


def test_conversion_between_dimensions_is_refused():
    with pytest.raises(UnitsError, match="dimensions differ"):
        un.conversion_factor(un.person, un.LCU)


def test_sum_of_unlike_terms_is_an_error():
    a, b = sp.symbols("a b")
    units = {a: un.tn * un.LCU, b: un.bn * un.LCU}
    with pytest.raises(UnitsError, match="different units"):
        un.unit_of(a + b, units, "eq")


def test_exp_needs_a_pure_number():
    a, b = sp.symbols("a b")
    units = {a: un.year, b: 1 / un.year}
    assert un.unit_of(sp.exp(a * b), units, "eq") == 1
    with pytest.raises(UnitsError, match="dimensionless"):
        un.unit_of(sp.exp(a), units, "eq")


def test_product_and_scale_carry_through():
    x, w = sp.symbols("x w")
    units = {x: un.LCU / un.USD, w: un.bn * un.USD / un.year}
    assert sp.simplify(un.unit_of(x * w, units, "eq") / (un.bn * un.LCU / un.year)) == 1


def test_every_model_equation_has_consistent_units(model):
    spec = model.spec
    units = spec.symbol_units()
    for ref in model.layout.references:
        units[sp.Symbol(f"{ref}_0", real=True)] = spec.quantities[ref].unit
    for q in spec.quantities.values():
        if q.expr is None:
            continue
        got = un.unit_of(q.expr, units, q.name)
        want = q.unit / un.year if q.kind == "stock" else q.unit
        assert sp.simplify(got / want - 1) == 0, q.name
