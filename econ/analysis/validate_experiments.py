r"""The model experiments of the scoreboard: long run and elasticities.

Two families of runs, each a batch of scenarios integrated together:

*Peacetime* (long run, Okun, sacrifice ratio, neutrality).  The calibration's
history through its last quarter, then **every input at its declared
peacetime default** (the definition's input defaults describe peacetime) from
``peace_start`` (the quarter after the history) for ``long_run_years``.
Shocks start at ``shock_start`` (after ten years of peace) on top of that
path: a permanently lower inflation target, and a permanent cut of civilian
government purchases (the demand shock).

*Status quo* (multiplier, pass-through).  The calibration's history with its
last inputs held (the economy as the history leaves it), against the same
with one input moved from the quarter after the history: defence procurement
cut permanently by 1% of trend GDP; and a one-quarter pulse of the input that
moves the currency's risk premium (``risk_input``; today
``currency_risk_premium``, a pure exchange-rate shock), scaled so the currency
is ``depreciation`` % weaker after 4 quarters.  A pulse that cannot be scaled to
within :data:`SCALE_TOLERANCE` of that (a currency that jumps and returns whatever
the pulse's size, or an input at the end of its range) leaves the pass-through
unmeasured: its rows fail with a note giving the depreciation reached.

The measurements themselves are the pure functions of
:mod:`peacetrap.analysis.measures`; ``docs/validation.md`` states every formula.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.analysis import measures as ms
from peacetrap.analysis.validate_spec import ValidationSpec, make_row
from peacetrap.core.model import Model
from peacetrap.errors import MeasurementError, SimulationError, failure_note
from peacetrap.io.paths import Path as TimePath
from peacetrap.run.setups import Calibration, Scenario
from peacetrap.run.simulate import Simulation, simulate


#: Largest relative miss of the 4-quarter depreciation the risk pulse is scaled to at which
#: the pass-through is still measured (a ratio at another size of move is another figure).
SCALE_TOLERANCE = 0.25


def held_value(model: Model, cal: Calibration, name: str) -> float:
    """Value (display units) an input has when the history ends and is held."""
    hist = cal.history.get(name)
    if hist is None:
        return model.quantities[name].default_value
    t_s = (cal.history_end + 1 - cal.epoch).n / 4.0
    return float(hist.evaluate(np.array([t_s]), cal.epoch)[0])


def reference_value(model: Model, cal: Calibration, name: str) -> float:
    """A range's centre: an input's peacetime default or the calibration's parameter."""
    if name in model.layout.inputs:
        return model.quantities[name].default_value
    return float(model.complete(cal.values if len(cal.values) else None)[name].iloc[0])


def _clip(model: Model, name: str, value: float) -> float:
    lo, hi = model.spec.quantities[name].bounds
    lo = -np.inf if lo is None else lo
    hi = np.inf if hi is None else hi
    return float(min(max(value, lo), hi))


def peacetime_scenarios(model: Model, cal: Calibration, spec: ValidationSpec
                        ) -> tuple[list[Scenario], pd.Period, pd.Period, int]:
    """Peacetime, peacetime with a lower target, peacetime with a demand cut.

    Returns the scenarios, the peace start, the shock start (both moved later
    when the calibration's history ends later than ``peace_start``) and the
    number of quarters after the history to simulate.
    """
    ex = spec.experiments
    first = cal.history_end + 1
    offset = max(0, (first - ex["peace_start"]).n)
    peace, shock = ex["peace_start"] + offset, ex["shock_start"] + offset
    base = {n: TimePath([(peace, model.quantities[n].default_value)], "step")
            for n in model.layout.inputs}

    def moved(name: str, change: float) -> dict[str, TimePath]:
        d = model.quantities[name].default_value
        out = dict(base)
        out[name] = TimePath([(peace, d), (shock, _clip(model, name, d + change))], "step")
        return out

    scenarios = [
        Scenario("peacetime", "every input at its peacetime default", base),
        Scenario("lower-target", "peacetime, inflation target permanently lower",
                 moved("inflation_target", ex["target_change"])),
        Scenario("demand-cut", "peacetime, civilian purchases permanently lower",
                 moved(ex["demand_input"], ex["demand_change"])),
    ]
    quarters = (peace - first).n + 4 * ex["long_run_years"]
    return scenarios, peace, shock, quarters


def _tl(sim: Simulation, k: int) -> pd.DataFrame:
    return sim.timeline(k)


def long_run_and_peacetime(model: Model, cal: Calibration, spec: ValidationSpec
                           ) -> tuple[list[dict], dict[str, dict]]:
    """Long-run rows and the peacetime elasticities (Okun, sacrifice ratio).

    Returns the long-run rows and a map ``id -> row`` for the two peacetime
    elasticities (the caller orders the elasticity rows).
    """
    ex, chk, name = spec.experiments, spec.checks, cal.name
    scenarios, peace, shock, quarters = peacetime_scenarios(model, cal, spec)
    ids = ["long_run.inflation", "long_run.unemployment", "long_run.money_drift",
           "long_run.debt_drift", "long_run.real_fx_drift", "long_run.neutrality",
           "long_run.new_target", "long_run.rate_settles", "long_run.overhang"]
    try:
        sim = simulate(model, cal, scenarios, quarters=quarters)
        base, low_t, demand = (_tl(sim, k) for k in range(3))
    except SimulationError as exc:
        note = failure_note(exc)
        rows = [make_row(chk[i], name, float("nan"), note=note) for i in ids]
        return rows, {i: make_row(chk[i], name, float("nan"), note=note)
                      for i in ("elasticity.okun", "elasticity.sacrifice_ratio")}
    run = base.loc[base.index >= peace]
    rows = []
    for cid, col in (("long_run.inflation", "cpi_inflation_yoy_pct"),
                     ("long_run.unemployment", "unemployment_rate_pct")):
        c = chk[cid]
        centre = reference_value(model, cal, c.relative_to) if c.relative_to else 0.0
        val = ms.tail_mean(run[col], ex["mean_years"])
        rows.append(make_row(c, name, val, centre=centre,
                             note=f"{c.relative_to} = {centre:.4g}" if c.relative_to else ""))
    ratios = {"long_run.money_drift": run["broad_money"] / run["gdp_nominal"],
              "long_run.debt_drift": run["government_debt"] / run["gdp_nominal"],
              "long_run.real_fx_drift": run["real_exchange_rate"]}
    for cid, series in ratios.items():
        val = ms.drift(series, ex["drift_years"])
        rows.append(make_row(chk[cid], name, val,
                             note=f"level at the end {float(series.iloc[-1]):.4g}"))
    h = 4 * ex["neutrality_years"]
    gap = ms.level_gap_pct(low_t["gdp_real"], base["gdp_real"], shock, h)
    rows.append(make_row(chk["long_run.neutrality"], name, gap,
                         note=f"target {ex['target_change']:+g} pp from {shock}; gap in "
                              f"{shock + h - 1}"))
    # a new target is reached, and the key rate settles (no wind-up of the rule's intercept)
    c = chk["long_run.new_target"]
    centre = reference_value(model, cal, "inflation_target") + ex["target_change"]
    rows.append(make_row(c, name, ms.tail_mean(low_t["cpi_inflation_yoy_pct"], ex["mean_years"]),
                         centre=centre, note=f"new target {centre:.4g} from {shock}"))
    trends = {}
    for label, tl in (("peacetime", base), ("lower target", low_t)):
        window = tl["key_rate_pct"].iloc[-4 * ex["drift_years"]:]
        trends[label] = (float(np.polyfit(np.arange(len(window)) / 4.0,
                                          window.to_numpy(float), 1)[0]),
                         float(window.iloc[0]), float(window.iloc[-1]))
    worst = max(trends, key=lambda k: abs(trends[k][0]))
    rows.append(make_row(chk["long_run.rate_settles"], name, trends[worst][0],
                         note="; ".join(f"{k}: {a:.4g} -> {b:.4g} % ({t:+.3g} pp a year)"
                                        for k, (t, a, b) in trends.items())
                              + f" over the last {ex['drift_years']} years"))
    overhang = run["monetary_overhang_pct_gdp"]
    rows.append(make_row(chk["long_run.overhang"], name,
                         ms.tail_mean(overhang, ex["mean_years"]),
                         note=f"{overhang.index[0]}: {overhang.iloc[0]:.3g} % of GDP; "
                              f"{overhang.index[-1]}: {overhang.iloc[-1]:.3g} %"))
    peace_rows = {}
    f, last = ex["okun_quarters"]
    try:
        val = ms.okun(demand["unemployment_rate_pct"], base["unemployment_rate_pct"],
                      demand["gdp_real"], base["gdp_real"], shock, f, last)
        note = f"{ex['demand_input']} {ex['demand_change']:+g} pp of trend GDP from {shock}"
    except MeasurementError as exc:
        val, note = float("nan"), str(exc)
    peace_rows["elasticity.okun"] = make_row(chk["elasticity.okun"], name, val, note=note)
    try:
        val = ms.sacrifice_ratio(low_t["gdp_real"], base["gdp_real"],
                                 low_t["cpi_inflation_yoy_pct"], base["cpi_inflation_yoy_pct"],
                                 shock, ex["sacrifice_years"])
        note = f"inflation target {ex['target_change']:+g} pp from {shock}"
    except MeasurementError as exc:
        val, note = float("nan"), str(exc)
    peace_rows["elasticity.sacrifice_ratio"] = make_row(chk["elasticity.sacrifice_ratio"],
                                                        name, val, note=note)
    return rows, peace_rows


def steady_state_rows(model: Model, cal: Calibration, spec: ValidationSpec) -> list[dict]:
    r"""The balanced-growth point at peacetime inputs and its local stability.

    The point solves :math:`f_j(x^*) = \gamma_j x^*_j` for every stock (the conditions of
    :func:`peacetrap.checks.steady.steady_state`, the solve of ``peacetrap check``) in the
    economy the calibration's history leaves behind, which the group's 100 peacetime years
    run in (``after_history``: the sanctions in force and productivity's level at the end
    of the history are held); its row's value is the largest residual, each over its
    stock's scale (per year).  The note also gives households' spending propensity at the
    point of the economy without its history (the ``peacetrap check`` solve), or says
    there is none.  The
    stability row's value is the largest real part (per year) of the eigenvalues of the
    detrended Jacobian :math:`J - \operatorname{diag}(\gamma)` at that point, the
    structural zeros set aside (:func:`peacetrap.checks.stability.check_eigenvalues`); it
    is NaN, and fails, when the point is not found or the zeros do not number as expected.
    """
    from peacetrap.checks.stability import check_eigenvalues
    from peacetrap.checks.steady import check_steady_state

    chk, name = spec.checks, cal.name
    result, ss = check_steady_state(model, cal, after_history=True)
    before, _ = check_steady_state(model, cal)
    without = (f"without the history {before.figures['spending_propensity']:.3f}"
               if before.passed and "spending_propensity" in before.figures
               else "without the history no point")
    if ss is None:
        return [make_row(chk["long_run.steady_state"], name, float("nan"), note=result.message),
                make_row(chk["long_run.stable"], name, float("nan"),
                         note="not measured: no balanced-growth point")]
    note = (f"worst in {result.figures['worst_stock']}; steady inflation "
            f"{result.figures['pi_ss_pct']:.4g} % a year")
    if "spending_propensity" in result.figures:
        # how close the point is to losing itself: households' spending propensity, a
        # logistic, has its limit at 1
        note += (f"; households spend {result.figures['spending_propensity']:.3f} of "
                 f"expected disposable income there (the limit is 1; {without})")
    rows = [make_row(chk["long_run.steady_state"], name, result.figures["max_relative_residual"],
                     note=note)]
    eig = check_eigenvalues(model, ss)
    f = eig.figures
    counted = f["n_near_zero"] == f["n_expected_zero"]
    rows.append(make_row(chk["long_run.stable"], name,
                         f["max_real_others"] if counted else float("nan"), note=eig.message))
    return rows


def _applied(model: Model, cal: Calibration, name: str, size: float) -> float:
    """The pulse of ``size`` on top of the held value of input ``name``, as applied (the
    input stops at the end of its range)."""
    held = held_value(model, cal, name)
    return _clip(model, name, held + size) - held


def _pulse(model: Model, cal: Calibration, spec: ValidationSpec, size: float) -> Scenario:
    ex = spec.experiments
    name = ex["risk_input"]
    first = cal.history_end + 1
    held = held_value(model, cal, name)
    path = TimePath([(first, held + _applied(model, cal, name, size)),
                     (first + ex["risk_pulse_quarters"], held)], "step")
    return Scenario("risk-premium", f"{name} pulse", {name: path})


def status_quo(model: Model, cal: Calibration, spec: ValidationSpec) -> dict[str, dict]:
    """Multiplier and pass-through rows (``id -> row``), from the held history."""
    ex, chk, name = spec.experiments, spec.checks, cal.name
    first = cal.history_end + 1
    held = held_value(model, cal, "defence_procurement")
    cut = Scenario("procurement-cut", "defence procurement permanently lower",
                   {"defence_procurement": TimePath(
                       [(first, _clip(model, "defence_procurement",
                                      held + ex["procurement_change"]))], "step")})
    q = max(ex["experiment_quarters"], max(ex["multiplier_quarters"]),
            max(ex["passthrough_quarters"]), 4)
    out: dict[str, dict] = {}
    ids_m = [f"elasticity.multiplier_{h}q" for h in ex["multiplier_quarters"]]
    ids_p = [f"elasticity.passthrough_{h}q" for h in ex["passthrough_quarters"]]
    pilot = ex["risk_pilot"]
    try:
        sim = simulate(model, cal, [None, cut, _pulse(model, cal, spec, pilot)], quarters=q)
        base, low_g, risk = (_tl(sim, k) for k in range(3))
        size = pilot
        for _ in range(3):  # rescale the pulse until the currency is ~depreciation % weaker
            dep = ms.depreciation_pct(risk["rub_per_usd"], base["rub_per_usd"], first, 4)
            if dep <= 1e-9 or abs(dep - ex["depreciation"]) < 0.05:
                break
            size *= ex["depreciation"] / dep
            # at the step of the runs it is compared with
            risk = _tl(simulate(model, cal, [_pulse(model, cal, spec, size)], quarters=q,
                                steps_per_quarter=_steps(sim)), 0)
    except SimulationError as exc:
        for cid in ids_m + ids_p:
            if cid in chk:
                out[cid] = make_row(chk[cid], name, float("nan"),
                                    note=failure_note(exc))
        return out
    for h, cid in zip(ex["multiplier_quarters"], ids_m):
        if cid not in chk:
            continue
        try:
            val = ms.cumulative_multiplier(low_g["gdp_real"], base["gdp_real"],
                                           low_g["procurement_real"], base["procurement_real"],
                                           first, h)
            note = f"procurement {ex['procurement_change']:+g} pp of trend GDP from {first}"
        except MeasurementError as exc:
            val, note = float("nan"), str(exc)
        out[cid] = make_row(chk[cid], name, val, note=note)
    dep4 = ms.depreciation_pct(risk["rub_per_usd"], base["rub_per_usd"], first, 4)
    scaled = abs(dep4 - ex["depreciation"]) <= SCALE_TOLERANCE * abs(ex["depreciation"])
    size = _applied(model, cal, ex["risk_input"], size)
    unit = model.quantities[ex["risk_input"]].shown_unit
    for h, cid in zip(ex["passthrough_quarters"], ids_p):
        if cid not in chk:
            continue
        if not scaled:
            out[cid] = make_row(chk[cid], name, float("nan"), note=(
                f"not measured: the {ex['risk_input']} pulse could not be scaled to a currency "
                f"{ex['depreciation']:g}% weaker after 4 quarters (within "
                f"{100 * SCALE_TOLERANCE:g}%): {dep4:.3g}% at +{size:.4g} {unit} in {first}"))
            continue
        try:
            val = ms.passthrough(risk["cpi"], base["cpi"], risk["rub_per_usd"],
                                 base["rub_per_usd"], first, h)
            dep_h = ms.depreciation_pct(risk["rub_per_usd"], base["rub_per_usd"], first, h)
            note = (f"{ex['risk_input']} +{size:.4g} {unit} in {first}: currency "
                    f"{dep_h:.3g}% weaker after {h} quarter(s), {dep4:.3g}% after 4")
        except MeasurementError as exc:
            val, note = float("nan"), str(exc)
        out[cid] = make_row(chk[cid], name, val, note=note)
    return out


def _steps(sim: Simulation) -> int | None:
    """Steps a quarter of a one-set run (``None``: let the integrator choose)."""
    return int(sim.steps[0]) if sim.steps is not None else None


def elasticity_rows(model: Model, cal: Calibration, spec: ValidationSpec,
                    peace_rows: dict[str, dict]) -> list[dict]:
    """The elasticity rows in the order of the validation file."""
    rows = {**status_quo(model, cal, spec), **peace_rows}
    return [rows[cid] for cid in spec.checks if cid in rows]
