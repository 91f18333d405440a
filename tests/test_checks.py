"""Model checks: steady state, eigenvalues, units and accounting, on good and broken specs."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import peacetrap as pt
from peacetrap import checks
from peacetrap.core import definition
from peacetrap.errors import SteadyStateError


@pytest.fixture(scope="module")
def results(model, default_cal):
    return {r.name: r for r in checks.run_checks(model, default_cal)}


@pytest.fixture()
def spec():
    """A fresh copy of the model's specification, free to break."""
    return definition.build()


def test_every_check_passes_on_the_default_calibration(results):
    failed = {n: r.message for n, r in results.items() if not r.passed}
    assert not failed
    assert set(results) == {"steady state", "eigenvalues", "units", "accounting (symbolic)",
                            "accounting (numeric)"}


def test_steady_state_figures(results):
    f = results["steady state"].figures
    assert f["max_relative_residual"] < checks.STEADY_TOL
    assert np.isfinite(f["residual_norm"]) and f["residual_norm"] < 1e-6
    assert -5.0 < f["pi_ss_pct"] < 20.0


def test_steady_state_is_a_balanced_growth_path(model, default_cal):
    ss = checks.steady_state(model, default_cal, quarters=40)
    lay = model.layout
    dx = np.empty_like(ss.stocks)
    model.kernels.rhs(ss.stocks, ss.x0, ss.p, ss.u, dx)
    solved = [j for j, n in enumerate(lay.stocks)
              if ss.roles.get(n) in (None, "normalisation") and n not in ss.replaced]
    gap = (dx - ss.growth * ss.stocks)[solved] / ss.scale[solved]
    assert np.max(np.abs(gap)) < checks.STEADY_TOL
    # held stocks keep their initial values; the people total is conserved
    for n in ss.fixed:
        j = lay.stocks.index(n)
        assert ss.stocks[j] == ss.x0[j]
    people = checks.linear_coefficients(model.spec, model.spec.invariants["people"], lay.stocks)
    assert people @ ss.stocks == pytest.approx(people @ ss.x0, rel=1e-12)
    i_pd = lay.stocks.index("domestic_prices")
    assert ss.growth[i_pd] == pytest.approx(ss.inflation)


def test_the_point_after_the_history_is_where_the_peacetime_run_goes(model):
    """``after_history`` solves the economy the calibration's history leaves behind: the
    sanctions in force at its end are held, and the point is the limit of the
    scoreboard's long-run run (history, then 200 peacetime years), not the point of the
    economy without the war (whose sanctions and spending propensity differ)."""
    from peacetrap.io.paths import Path as TimePath
    from peacetrap.run.setups import Scenario, load_calibration
    from peacetrap.run.simulate import simulate

    cal = load_calibration(model, "appendix")
    lay = model.layout
    before = checks.steady_state(model, cal)
    after = checks.steady_state(model, cal, after_history=True)
    first = cal.history_end + 1
    peace = Scenario("peacetime", "inputs at their defaults", {
        k: TimePath([(first, model.quantities[k].default_value)], "step") for k in lay.inputs})
    end_war = simulate(model, cal, [peace], quarters=1).frame(0).iloc[-1]
    run = simulate(model, cal, [peace], quarters=800).frame(0).iloc[-1]
    z = lay.stocks.index("sanctions")
    assert after.stocks[z] * model.quantities["sanctions"].to_display == pytest.approx(
        end_war["sanctions"], rel=1e-9)
    assert after.stocks[z] > 2 * before.stocks[z]

    def propensity(ss):
        der = np.asarray(model.kernels.derived(ss.stocks, ss.x0, ss.p, ss.u))
        return float(der[lay.derived.index("spending_propensity")])

    assert propensity(after) == pytest.approx(run["spending_propensity"], abs=1e-4)
    assert abs(propensity(before) - run["spending_propensity"]) > 0.01


def test_eigenvalues_stable_with_the_expected_zeros(results):
    f = results["eigenvalues"].figures
    assert f["n_near_zero"] == f["n_expected_zero"] >= 4
    assert f["max_real_others"] < 0
    assert abs(f["nominal_eigenvalue"]) < checks.ZERO_TOL


def test_numeric_accounting_figures(results):
    f = results["accounting (numeric)"].figures
    assert f["drift_people"] < 1e-9 and f["drift_bank_balance_sheet"] < 1e-9
    assert f["tfm_max_relative"] < 1e-9
    assert f["n_steps"] > 100


def test_units_check_names_the_broken_equation(spec):
    assert checks.check_units(spec).passed
    q = spec.quantities["soldier_pay"]
    q.expr = q.expr / spec.quantities["months_per_year"].symbol      # pay per month, not year
    res = checks.check_units(spec)
    assert not res.passed and res.figures["n_failed"] == 1
    assert "soldier_pay" in res.message


def test_units_check_catches_a_stock_rate_in_the_wrong_unit(spec):
    rf = spec.quantities["reserve_fund"]
    rf.expr = rf.expr + rf.symbol                                     # tn LCU added to tn LCU/year
    res = checks.check_units(spec)
    assert not res.passed and "d(reserve_fund)/dt" in res.message


def test_accounting_fails_when_a_transaction_is_dropped(spec):
    assert checks.check_accounting_symbolic(spec).passed
    spec.transactions = [t for t in spec.transactions if t.quantity.name != "benefits"]
    res = checks.check_accounting_symbolic(spec)
    assert not res.passed
    assert any("column of households" in d for d in res.details)
    assert any("column of government" in d for d in res.details)


def test_accounting_fails_when_a_people_flow_is_dropped(spec):
    ec = spec.quantities["civilian_employment"]
    flow = spec.quantities["hires_unemployed_to_civilian"].symbol
    ec.expr = ec.expr - flow                                          # hires vanish from E_c
    res = checks.check_accounting_symbolic(spec)
    assert not res.passed and "people" in res.message


def test_accounting_fails_when_a_stock_misses_a_flow(spec):
    m = spec.quantities["broad_money"]
    m.expr = m.expr + spec.quantities["capital_outflow"].symbol       # outflow kept as deposits
    res = checks.check_accounting_symbolic(spec)
    assert not res.passed
    assert any("bank_balance_sheet" in d for d in res.details)
    assert any("households: saving differs" in d for d in res.details)


def test_is_identically_zero_substitutes_definitions(spec):
    q = spec.quantities
    assert checks.is_identically_zero(q["household_income"].symbol - q["household_saving"].symbol
                                      - q["household_taxes"].symbol
                                      - q["private_spending"].symbol
                                      - q["investment_adjustment"].symbol, spec)
    assert not checks.is_identically_zero(q["household_income"].symbol, spec)


def test_steady_state_error_when_an_accumulator_moves(spec, default_cal):
    z = spec.quantities["sanctions"]
    z.expr = z.expr + sp.Rational(1, 10) * z.symbol * spec.quantities["sanctions_relief"].symbol \
        + spec.quantities["sanctions_scale"].symbol / spec.quantities["capacity_time"].symbol
    broken = pt.Model(spec)
    # this throwaway model's kernels run as plain Python: the generated source numba would
    # compile, with the same arithmetic (test_cache.py checks the two agree to the bit),
    # without compiling a model of its own (about 7 s on an idle machine)
    plain = broken.kernels._module
    broken.kernels._compiled = (plain.rhs, plain.integrate, plain.state_rows)
    with pytest.raises(SteadyStateError, match="sanctions"):
        checks.steady_state(broken, default_cal)
    res, ss = checks.check_steady_state(broken, default_cal)
    assert not res.passed and ss is None
    assert not checks.check_eigenvalues(broken, ss).passed


def test_a_failed_simulation_is_named_once(model, default_cal):
    # the check's detail read "simulation failed: simulation failed: ..."
    from peacetrap.checks.accounting import check_accounting_numeric

    bad = pt.Calibration.from_dict({"parameters": {"base_gdp": 1e6, "wage_phillips": 0.3,
                                                   "propensity_to_consume": 0.89}})
    res = check_accounting_numeric(model, bad, "sudden-peace")
    assert not res.passed
    assert res.message.startswith("simulation failed: civilian_employment is not finite")
    assert res.message.count("simulation failed") == 1


def test_failure_note_names_a_simulation_failure_once():
    from peacetrap.errors import SimulationError, failure_note

    once = failure_note(SimulationError("simulation failed: broad_money is not finite in 2027Q1"))
    assert once == "simulation failed: broad_money is not finite in 2027Q1"
    assert failure_note(ValueError("no scenario 'x'")) == "simulation failed: no scenario 'x'"
