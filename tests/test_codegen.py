"""The scalar printer: softplus evaluated once per pair, small powers as products."""

from __future__ import annotations

import math

import pytest
import sympy as sp

from peacetrap.core import codegen
from peacetrap.core.codegen import _RhsPrinter, small_power
from peacetrap.core.symbolic import softplus


@pytest.mark.parametrize("ex, expected", [
    (sp.Integer(4), 4), (sp.Float(4.0), 4), (sp.Integer(-2), -2), (sp.Float(3.0), 3),
    (sp.Float(4.5), None), (sp.Rational(1, 2), None), (sp.Integer(5), None),
    (sp.Symbol("a"), None),
])
def test_small_power(ex: sp.Expr, expected: int | None) -> None:
    assert small_power(ex) == expected


def _run(lines: list[str], env: dict[str, float]) -> dict[str, float]:
    scope: dict[str, object] = {"math": math, "_softplus": _softplus, **env}
    exec("\n".join(line.strip() for line in lines), scope)       # generated from sympy only
    return scope  # type: ignore[return-value]


def _softplus(x: float, s: float) -> float:
    return s * math.log1p(math.exp(x / s))


def test_softplus_pairs_cost_one_evaluation() -> None:
    x, y, s = sp.symbols("x y s", real=True)
    pr = _RhsPrinter({x: "x", y: "y", s: "s"})
    lines = pr.line("hires", 2 + softplus(x - y, s))
    lines += pr.line("leavers", 2 + softplus(y - x, s))            # the mirror
    lines += pr.line("again", softplus(x - y, s) ** sp.Float(4.0))   # the same call
    lines += pr.line("other", softplus(x + y, s))
    code = "\n".join(lines)
    assert code.count("_softplus(") == 2
    assert "**" not in code
    env = {"x": 0.3, "y": 0.1, "s": 0.05}
    got = _run(lines, env)
    sp_xy = _softplus(0.2, 0.05)
    assert got["hires"] == pytest.approx(2 + sp_xy, rel=1e-14)
    assert got["leavers"] == pytest.approx(2 + _softplus(-0.2, 0.05), rel=1e-12)
    assert got["again"] == pytest.approx(sp_xy ** 4, rel=1e-14)
    assert got["other"] == pytest.approx(_softplus(0.4, 0.05), rel=1e-14)


def test_softplus_inside_softplus_keeps_both_values() -> None:
    # a smooth ceiling on a smooth floor: the inner call is kept before the outer one is
    # named, so neither overwrites the other's local
    x, c, s = sp.symbols("x c s", real=True)
    pr = _RhsPrinter({x: "x", c: "c", s: "s"})
    inner = softplus(x, s)
    lines = pr.line("excess", softplus(inner - c, s))      # the outer call printed first
    lines += pr.line("floor", inner)                        # the inner one read later
    env = {"x": 0.3, "c": 0.2, "s": 0.05}
    got = _run(lines, env)
    sp_x = _softplus(0.3, 0.05)
    assert got["floor"] == pytest.approx(sp_x, rel=1e-14)
    assert got["excess"] == pytest.approx(_softplus(sp_x - 0.2, 0.05), rel=1e-14)


def test_model_rhs_has_no_repeated_softplus() -> None:
    from peacetrap.core import definition

    src = codegen.source(definition.build())
    calls = [line.split("=", 1)[1].strip() for line in src.splitlines()
             if "_softplus(" in line]
    assert all(c.startswith("_softplus(") for c in calls)    # each call is its own local
    assert len(calls) == len(set(calls))


def test_state_rows_agree_with_numpy_derived_and_rhs(model, default_cal) -> None:
    """The compiled row-by-row flows and auxiliaries (the episode balancing's) equal the
    numpy ones the timelines use, to rounding, and its rates equal ``rhs``'s bit for bit, at
    every state of a war-and-peace run."""
    import numpy as np

    import peacetrap as pt
    from peacetrap.run.setups import input_grid

    sim = pt.simulate(model, default_cal, [pt.load_scenario(model, "sudden-peace")],
                      quarters=12)
    states = sim.states[0, 0]                                    # (time, stocks)
    u = np.ascontiguousarray(np.transpose(input_grid(model, default_cal, sim.scenarios,
                                                     np.maximum(sim.times - 1e-9, 0.0)),
                                          (0, 2, 1))[0])
    x0 = np.repeat(sim._x0[:1], len(states), axis=0)
    p = np.repeat(sim._p[:1], len(states), axis=0)
    derived, rates = model.kernels.state_rows(states, x0, p, u)
    whole = sim.derived[0, 0]
    assert derived.shape == whole.shape
    np.testing.assert_allclose(derived, whole, rtol=1e-11, atol=1e-12)
    one = np.empty(states.shape[1])
    for t in range(len(states)):
        model.kernels.rhs(states[t], x0[t], p[t], u[t], one)
        assert np.array_equal(rates[t], one)
