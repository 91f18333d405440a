r"""Balancing an episode's initial state on the model's own equations.

Balancing (:func:`balance_frame`)
---------------------------------
The initial state is then made consistent with the first quarter's inputs:
the stocks with dynamics of their own (:data:`AT_REST`: hours per worker, the
capital stock, expected demand and income, the tax rate) at rest on their own
equations and zero employment gaps (civilian employment below labour demand by just
what keeps it steady against the army's and the defence industry's recruiting), solved
jointly by Newton steps on the model's generated right-hand side; money holdings equal
to money demand (so an overhang comes from the episode's history, not from
the template's money-demand ratio), the exchange-rate rule at rest, nominal
GDP at the (deflated) fact through the consumption propensity, the participation
rate at which the labour force the episode inherits is the one people want, and the
optional national-accounts facts through the parameters of :data:`CLOSURES`.
Each value is clipped into the model's range and every clip is reported as a
note (the ranges of several structural ratios are the Russian calibration's
and exclude other economies, see docs/calibration.md); where the propensity
is at a bound, exports close the GDP level and the current-account fact is
not met.  The balancing is part of the fit: every candidate of the search is
re-balanced with its own free values and history (``TargetSet.prepare``), so
a fitted procurement or rationing scale never starts from an unbalanced
state.  The values the balancing sets cannot be given in ``[parameters]`` or
freed.

"""

from __future__ import annotations

from typing import Any
from dataclasses import replace

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, input_grid
from peacetrap.run.simulate import evaluate_derived


#: Initial values the balancing always sets (display units).
BALANCED = ("productivity", "civilian_employment", "defence_workers", "hours",
            "defence_hours", "capital", "expected_demand", "expected_income",
            "propensity_to_consume", "money_demand_ratio", "reserve_accumulation_norm",
            "nonoil_exports", "debt_target", "effective_tax_rate", "participation_rate")
#: Optional facts (share of nominal GDP, %) and the parameter each one sets.
CLOSURES = {"current_account": "nonoil_exports", "imports": "import_propensity",
            "deficit": "tax_rate"}


def _inputs_at_start(model: Model, cal: Calibration, histories: list) -> np.ndarray:
    """Inputs (internal units) at the first instant, one row per member."""
    from peacetrap.calibrate.batch import with_history

    cache: dict[int, np.ndarray] = {}
    rows = []
    for hist in histories:
        key = id(hist) if hist else 0
        if key not in cache:
            cache[key] = input_grid(model, with_history(cal, hist), [None],
                                    np.array([0.0]))[0][:, 0]
        rows.append(cache[key])
    return np.array(rows)[:, None, :]


def _stock_rates(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray) -> np.ndarray:
    """Rates of change of every stock at the initial state, one row per member."""
    rhs = model.kernels.rhs
    out = np.empty_like(x)
    for m in range(x.shape[0]):
        rhs(x[m], x[m], p[m], u0[m, 0], out[m])
    return out


#: Stocks that start at rest on their own equations (steady growth at their declared
#: growth class), solved numerically on the generated right-hand side.
AT_REST = ("hours", "defence_hours", "capital", "expected_demand", "expected_income",
           "effective_tax_rate")


def steady_growth(model: Model, x: np.ndarray, p: np.ndarray, names: tuple[str, ...]
                  ) -> np.ndarray:
    r"""Steady growth rate :math:`\gamma_j` (per year) of stocks ``names``, one row per member.

    Inflation is each member's expected inflation; the rates of the growth classes are
    those of :func:`peacetrap.checks.steady.growth_rates` (0, :math:`\pi`,
    :math:`\pi + g_a`, :math:`\pi - \pi_f`, :math:`\pi_f` or :math:`g_a`).
    """
    lay = model.layout
    trend = model.info.growth_parameters
    g_a = p[:, lay.parameters.index(trend["productivity"])]
    pi_f = p[:, lay.parameters.index(trend["foreign"])]
    pi = x[:, lay.stocks.index("expected_inflation")]
    table = {"none": 0.0 * pi, "accumulator": 0.0 * pi, "price": pi, "wage": pi + g_a,
             "nominal": pi + g_a, "fx": pi - pi_f, "foreign": pi_f, "productivity": g_a}
    return np.column_stack([table[model.quantities[n].growth] for n in names])


def _residuals(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray,
               names: tuple[str, ...], der: np.ndarray | None = None,
               rates: np.ndarray | None = None) -> np.ndarray:
    r"""The conditions of a state at rest, per member: for each stock of ``names`` its rate
    less its steady growth, :math:`f_j(x) - \gamma_j x_j`; the defence industry's hiring
    gap; civilian employment's rate of change (from ``der`` and ``rates`` at ``x`` when
    given)."""
    lay = model.layout
    if der is None or rates is None:
        der = evaluate_derived(model, x[:, None, :], x, p, u0)[:, 0, :]
        rates = _stock_rates(model, x, p, u0)
    cols = [lay.stocks.index(n) for n in names]
    gam = steady_growth(model, x, p, names)
    return np.column_stack([rates[:, cols] - gam * x[:, cols],
                            der[:, lay.derived.index("defence_hiring_gap")],
                            rates[:, lay.stocks.index("civilian_employment")]])


def rest(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray, d: np.ndarray | None,
         rates: np.ndarray | None, memo: dict[str, Any],
         names: tuple[str, ...] = AT_REST) -> None:
    r"""One Newton step, in place, putting the stocks of ``names`` at rest on their own
    equations and the employed where labour demand keeps them.

    The unknowns are the stocks of ``names`` (:data:`AT_REST`), productivity :math:`a`
    and civilian employment :math:`E_c` (defence-industry employment :math:`E_d` taking
    the rest of the employed, whose number is a fact); the conditions
    (:func:`_residuals`) are each such stock on its steady-growth path,
    :math:`f_j(x) = \gamma_j x_j` (:math:`f` the model's right-hand side, evaluated by the
    generated kernel; :math:`\gamma_j` its steady growth rate, :func:`steady_growth`),
    no defence hiring gap, and civilian employment steady against the army's and the
    defence industry's recruiting.  All are the model's own quantities, so a change of
    their equations needs no change here.  The Jacobian is taken jointly (the stocks
    are coupled: hours follow the labour need, which capital and expected demand set,
    and productivity sets both) by forward differences on the generated code, and kept
    in ``memo`` for :data:`JACOBIAN_AGE` steps unless the residuals grew (a chord method:
    the sweeps of :func:`balance_frame`, which set the level closures at the same time,
    change it slowly); a step is halved, up to :data:`BACKTRACK` times, until the
    residuals (relative to the stocks, per worker for the labour conditions) shrink.
    Positive unknowns are solved for in logs (labour need scales with :math:`1/a`,
    hours with a power of need over staff).  Productivity absorbs the level: the facts fix output and the employed, so
    labour demand fixes productivity.  A positive unknown moves by at most a factor of
    two a step, and civilian employment by at most half of defence employment.  ``d`` and ``rates`` are the derived quantities and the stocks' rates of
    change at ``x``.
    """
    lay = model.layout
    ic, id_ = lay.stocks.index("civilian_employment"), lay.stocks.index("defence_workers")
    cols = [lay.stocks.index(n) for n in names] + [lay.stocks.index("productivity"), ic]
    k = len(cols)
    r0 = _residuals(model, x, p, u0, names, d, rates)
    scale = np.maximum(np.abs(x[:, cols]), 1e-9)
    scale[:, -2:] = (x[:, ic] + x[:, id_])[:, None]   # the labour conditions: per worker
    merit = np.sum((r0 / scale) ** 2, axis=1)
    fresh = memo.get("age", JACOBIAN_AGE) >= JACOBIAN_AGE or "merit" not in memo \
        or memo["merit"].shape != merit.shape or np.any(merit > memo["merit"])
    if fresh:
        jac = np.empty((x.shape[0], k, k))
        for c, j in enumerate(cols):
            h = 1e-7 * np.maximum(np.abs(x[:, j]), 1e-6)
            moved = x.copy()
            moved[:, j] += h
            if j == ic:
                moved[:, id_] -= h
            # in the log of a positive unknown (labour need scales with 1/a, hours with
            # a power of need over staff): Newton takes far better steps there
            jac[:, :, c] = (_residuals(model, moved, p, u0, names) - r0) / h[:, None] \
                * np.where(x[:, j] > 0.0, x[:, j], 1.0)[:, None]
        ok: np.ndarray = np.asarray(np.isfinite(jac).all(axis=(1, 2)), dtype=bool)
        ok[ok] = np.abs(np.linalg.det(jac[ok])) > 0.0
        jac[~ok] = np.eye(k)
        memo.update(jac=jac, ok=ok, age=0)
    memo["age"] += 1
    step = np.linalg.solve(memo["jac"], -r0[:, :, None])[:, :, 0]
    step[~memo["ok"]] = 0.0
    old = x[:, cols].copy()
    # backtracking: halve the step of a member until its scaled residuals shrink
    lam = np.ones(x.shape[0])
    for _ in range(BACKTRACK):
        new = np.where(old > 0.0, old * np.exp(np.clip(lam[:, None] * step, -LOG2, LOG2)),
                       old + lam[:, None] * step)
        # the defence industry takes the rest of the employed: at most half of it moves
        new[:, -1] = np.minimum(new[:, -1], old[:, -1] + 0.5 * x[:, id_])
        trial = x.copy()
        trial[:, cols] = new
        trial[:, id_] -= new[:, -1] - old[:, -1]
        with np.errstate(all="ignore"):
            r1 = _residuals(model, trial, p, u0, names)
            m1 = np.sum((r1 / scale) ** 2, axis=1)
        worse = ~(m1 < merit)
        if not worse.any():
            break
        lam = np.where(worse, 0.5 * lam, lam)
    x[:, cols] = new
    x[:, id_] -= new[:, -1] - old[:, -1]
    memo["merit"] = np.where(np.isfinite(m1), m1, merit)


#: Steps a Jacobian of :func:`rest` is used before it is taken again.
JACOBIAN_AGE = 20
LOG2 = float(np.log(2.0))
#: Newton steps of :func:`rest` a sweep of :func:`balance_frame` takes at most, and the
#: sum of squared relative residuals at which it stops.
INNER = 6
INNER_TOL = 1e-26
#: Sweeps of :func:`balance_frame` a slope of nominal GDP to its level closure is used.
LEVEL_AGE = 10
#: Halvings of a Newton step of :func:`rest` tried before it is taken anyway.
BACKTRACK = 8


def _bounded_newton(jac: np.ndarray, r0: np.ndarray, v: np.ndarray, lo: np.ndarray,
                    hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    r"""A Newton step :math:`J \Delta = -r` for closures ``v`` kept in ``[lo, hi]``, per member.

    A closure the step would push out of its range is held at the bound and its own
    condition is given up (the note of :func:`balance_frame` reports it); the others are
    solved with it held.  Returns the step taken, the step of the full system (what
    the conditions ask for) and which closures were held at a bound.
    """
    n, k = v.shape
    step = np.zeros_like(v)
    asked = np.zeros_like(v)
    held_at = np.zeros((n, k), dtype=bool)
    for m in range(n):
        try:
            full = np.linalg.solve(jac[m], -r0[m])
        except np.linalg.LinAlgError:
            continue
        asked[m] = full
        st = full
        fixed = np.zeros(k, dtype=bool)
        for _ in range(k):
            out = ((v[m] + st < lo[m]) | (v[m] + st > hi[m])) & ~fixed
            if not out.any():
                break
            fixed |= out
            held = np.clip(v[m] + st, lo[m], hi[m]) - v[m]
            free = ~fixed
            st = np.where(fixed, held, 0.0)
            if free.any():
                rhs = -(r0[m, free] + jac[m][np.ix_(free, fixed)] @ held[fixed])
                st[free] = np.linalg.lstsq(jac[m][np.ix_(free, free)], rhs, rcond=None)[0]
        step[m] = st
        held_at[m] = fixed
    return step, asked, held_at


def _closure_residuals(d: dict[str, np.ndarray], target: np.ndarray,
                       closures: dict[str, float], stuck: np.ndarray) -> np.ndarray:
    """Nominal GDP less its fact, then each national-accounts fact of ``closures`` missed
    (money a year), one row per member (the current account: 0 where the propensity is
    stuck and exports close the level instead)."""
    gdp = d["gdp_nominal"]
    rows = [gdp - target]
    for k, fact in closures.items():
        miss = d[k] - fact / 100.0 * gdp
        rows.append(np.where(stuck, 0.0, miss) if k == "current_account" else miss)
    return np.column_stack(rows)


def balance_frame(model: Model, cal: Calibration, frame: pd.DataFrame,
                  histories: list | None = None, closures: dict[str, float] | None = None,
                  iterations: int = 1000, tol: float = 1e-11
                  ) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    r"""Balance the initial state of a batch of value sets (vectorised fixed point).

    A rescaled template with wartime stocks starts far from the model's
    adjustment targets (civilian demand above capacity, hiring gaps of whole
    labour forces, money holdings far from money demand), which is a numerical
    shock, not history.  Each sweep (every member with its own inputs at the
    start, so a fitted rationing or procurement scale is balanced too) puts the
    stocks of :data:`AT_REST` at rest on their own equations and the employed
    where labour demand keeps them (:func:`rest`: a joint Newton step on the generated
    right-hand side, so a change of those equations needs no change here), and sets
    the level closures from the model's derived
    quantities: with :math:`Y_c` civilian demand and :math:`G_d` real procurement,

    .. math::

        a = \frac{Y_c + G_d / a_{dr}}{E_c + E_d}, \quad
        E_c = Y_c / a, \quad E_d = G_d/(a_{dr} a), \quad
        k_m \leftarrow k_m \frac{M}{M^d}, \quad
        b_n = \frac{CA - K_f}{Y_n}, \quad b^{*} = b_g, \quad
        \bar\pi_p \leftarrow \bar\pi_p \frac{L}{L^*}

    (productivity absorbs the level; both employment gaps start at zero; the labour
    force the episode inherits is the one people want at its tightness; the money
    households hold is the money they want, so an overhang is built by the episode's
    history, not inherited from the template's money-demand ratio; the exchange-rate
    rule starts at rest; the fiscal rule's debt target is the inherited net debt), and,
    for each optional fact of :data:`CLOSURES` (shares of nominal GDP :math:`Y_n`),

    .. math::

        x_n \leftarrow x_n \frac{I_m + ca\, Y_n}{X_x}, \quad
        \mu_m \leftarrow \mu_m \frac{im\, Y_n}{I_m}, \quad
        \tau_h \leftarrow \tau_h + \frac{D - d\, Y_n}{Y_h}

    (the current account, the import share and the government deficit start
    at their facts).  Every value is clipped into the model's range; soldiers,
    unemployment, money, debt, prices and rates keep their facts.

    Parameters
    ----------
    frame : pandas.DataFrame
        Value sets (display units), one row per member; missing columns come
        from ``cal``.
    histories : list, optional
        Per member history paths replacing ``cal``'s (``None`` keeps them).
    closures : dict, optional
        Facts of :data:`CLOSURES` (% of nominal GDP).

    Returns
    -------
    frame : pandas.DataFrame
        ``frame`` with the balanced values (display units).
    clipped : dict
        For the first member, each value the model's range clipped:
        ``name -> (value wanted, value used)``.
    """
    closures = closures or {}
    n = len(frame)
    histories = histories if histories is not None else [None] * n
    full = frame.reset_index(drop=True)
    missing = {name: val for name, val in cal.values.items() if name not in full.columns}
    if missing:                            # one concat, not a column at a time
        full = pd.concat([full, pd.DataFrame(missing, index=full.index)], axis=1)
    full = model.complete(full.copy())
    p, x = model.internal(full)
    u0 = _inputs_at_start(model, cal, histories)
    lay = model.layout
    si = {n_: lay.stocks.index(n_) for n_ in ("civilian_employment", "defence_workers",
                                              "productivity", "expected_inflation",
                                              "broad_money", *AT_REST)}
    pi = {n_: lay.parameters.index(n_) for n_ in ("defence_productivity_ratio", "base_gdp",
                                                  "civilian_hiring_time", "income_smoothing",
                                                  "productivity_growth",
                                                  "propensity_to_consume",
                                                  "money_demand_ratio",
                                                  "reserve_accumulation_norm",
                                                  "debt_target", "participation_rate",
                                                  *CLOSURES.values())}
    di = {n_: lay.derived.index(n_) for n_ in ("civilian_demand", "procurement_real",
                                               "consumption", "hiring_fill",
                                               "labour_force", "labour_force_target",
                                               "household_income", "money_demand",
                                               "current_account", "capital_outflow",
                                               "gdp_nominal", "exports", "imports", "deficit",
                                               "net_debt_ratio", "tax_rule_rate")}

    def rng(name: str) -> tuple[float, float]:
        lo, hi = model.spec.quantities[name].bounds
        f = model.factor(name)
        return (-np.inf if lo is None else lo * f, np.inf if hi is None else hi * f)

    bounds = {n_: rng(n_) for n_ in pi}
    wanted: dict[str, np.ndarray] = {}

    def setp(name: str, val: np.ndarray) -> None:
        wanted[name] = val.copy()
        lo, hi = bounds[name]
        p[:, pi[name]] = np.clip(val, lo, hi)

    watch = ([("x", si[k]) for k in ("productivity", "civilian_employment", *AT_REST)]
             + [("p", pi[k]) for k in ("propensity_to_consume", "money_demand_ratio",
                                       *CLOSURES.values())])

    def snapshot() -> np.ndarray:
        return np.column_stack([(x if a == "x" else p)[:, j] for a, j in watch])

    # stuck: the propensity is at a bound, so exports close the GDP level instead (and the
    # current-account fact, if any, cannot be met); decided after a first sweep
    stuck = np.zeros(n, dtype=bool)
    asked_c = np.full(n, np.nan)
    memo: dict[str, Any] = {}
    for _sweep in range(2):
        level: dict[str, Any] = {}
        for _ in range(iterations):
            old = snapshot()
            # the stocks at rest and employment steady at the current closures (Newton)
            for _inner in range(INNER):
                rest(model, x, p, u0, None, None, memo)
                if np.all(memo["merit"] < INNER_TOL):
                    break
            der = evaluate_derived(model, x[:, None, :], x, p, u0)[:, 0, :]
            d = {k: der[:, j] for k, j in di.items()}
            setp("money_demand_ratio",
                 p[:, pi["money_demand_ratio"]] * x[:, si["broad_money"]] / d["money_demand"])
            gdp = d["gdp_nominal"]
            target = p[:, pi["base_gdp"]]          # nominal GDP at the start (prices are 1)
            # the level closure (the propensity, or exports where it is stuck) and the
            # national-accounts closures by Newton steps on their facts at rest: the
            # Jacobian from small moves of each closure with the stocks re-settled (the
            # investment accelerator and expected income make the multiplier large), kept
            # for LEVEL_AGE sweeps
            c = p[:, pi["propensity_to_consume"]]
            x_n = p[:, pi["nonoil_exports"]]
            params = [np.where(stuck, pi["nonoil_exports"], pi["propensity_to_consume"])]
            params += [np.full(n, pi[CLOSURES[k]]) for k in closures]
            now_v = np.column_stack([p[np.arange(n), j] for j in params])
            r0 = _closure_residuals(d, target, closures, stuck)
            if level.get("age", LEVEL_AGE) >= LEVEL_AGE:
                k_ = len(params)
                jac = np.empty((n, k_, k_))

                def settled(pt: np.ndarray) -> np.ndarray:
                    xt = x.copy()
                    side: dict[str, Any] = {}
                    for _inner in range(2 * INNER):
                        rest(model, xt, pt, u0, None, None, side)
                        if np.all(side["merit"] < INNER_TOL):
                            break
                    moved = evaluate_derived(model, xt[:, None, :], xt, pt, u0)[:, 0, :]
                    return _closure_residuals({k: moved[:, jj] for k, jj in di.items()},
                                              target, closures, stuck)

                base = settled(p)
                for col, j in enumerate(params):
                    pt = p.copy()
                    bump = 1e-4 * np.maximum(np.abs(now_v[:, col]), 1e-3)
                    pt[np.arange(n), j] += bump
                    jac[:, :, col] = (settled(pt) - base) / bump[:, None]
                # where the propensity is stuck, exports close the level and the current
                # account is not a condition
                if "current_account" in closures:
                    cc = 1 + list(closures).index("current_account")
                    jac[stuck, cc, :] = 0.0
                    jac[stuck, :, cc] = 0.0
                    jac[stuck, cc, cc] = 1.0
                ok = np.asarray(np.isfinite(jac).all(axis=(1, 2)), dtype=bool)
                ok[ok] = np.abs(np.linalg.det(jac[ok])) > 0.0
                jac[~ok] = np.eye(k_)
                level.update(jac=jac, ok=ok, age=0)
            level["age"] += 1
            lo_v = np.column_stack([np.array([bounds[lay.parameters[j_]][0] for j_ in j])
                                    for j in params])
            hi_v = np.column_stack([np.array([bounds[lay.parameters[j_]][1] for j_ in j])
                                    for j in params])
            step, asked, held_at = _bounded_newton(level["jac"], r0, now_v, lo_v, hi_v)
            first = now_v[:, 0] * (1.0 + 0.5 * (target - gdp)
                                   / np.where(stuck, d["exports"], d["consumption"]))
            want = np.where(level["ok"], now_v[:, 0] + step[:, 0], first)
            # a level closure held at its bound asks for what the full system asks
            asked_lev = np.where(level["ok"] & held_at[:, 0], now_v[:, 0] + asked[:, 0], want)
            setp("propensity_to_consume", np.where(stuck, c, want))
            c_want = np.where(stuck, c, asked_lev)
            wanted["propensity_to_consume"] = c_want
            free_x, ask_x = x_n, x_n
            for col, k in enumerate(closures, start=1):
                new_v = now_v[:, col] + np.where(level["ok"], step[:, col], 0.0)
                ask_v = np.where(held_at[:, col],
                                 now_v[:, col] + np.where(level["ok"], asked[:, col], 0.0),
                                 new_v)
                if k == "current_account":
                    free_x, ask_x = new_v, ask_v
                else:
                    setp(CLOSURES[k], new_v)
                    wanted[CLOSURES[k]] = ask_v
            setp("nonoil_exports", np.where(stuck, now_v[:, 0] + step[:, 0], free_x))
            wanted["nonoil_exports"] = np.where(stuck, asked_lev, ask_x)
            setp("reserve_accumulation_norm",
                 (d["current_account"] - d["capital_outflow"]) / gdp)
            # the fiscal rule steers to the debt the episode inherits (no consolidation is
            # assumed) and the tax rate starts at the rule's
            setp("debt_target", d["net_debt_ratio"])
            # the labour force the episode inherits is the one people want at its tightness
            setp("participation_rate", p[:, pi["participation_rate"]] * d["labour_force"]
                 / d["labour_force_target"])
            now = snapshot()
            if np.nanmax(np.abs(now - old) / np.maximum(np.abs(old), 1e-12)) < tol:
                break
        lo, hi = bounds["propensity_to_consume"]
        new_stuck = ~stuck & ((c_want < lo * (1 - 1e-9)) | (c_want > hi * (1 + 1e-9)))
        if not new_stuck.any():
            break
        asked_c = np.where(new_stuck, c_want, asked_c)
        stuck |= new_stuck
    wanted["propensity_to_consume"] = np.where(stuck, asked_c, c_want)
    if stuck[0] and "current_account" in closures:
        wanted["nonoil_exports"] = np.array([np.nan])   # the current account was not met
    out = frame.reset_index(drop=True).copy()
    for name in ("civilian_employment", "defence_workers", "productivity", *AT_REST):
        out[name] = x[:, si[name]] / model.factor(name)
    active = ["propensity_to_consume", "money_demand_ratio", "reserve_accumulation_norm",
              "nonoil_exports", "debt_target", "participation_rate"] + [
                  CLOSURES[c] for c in closures
                                                  if CLOSURES[c] != "nonoil_exports"]
    for name in active:
        out[name] = p[:, pi[name]] / model.factor(name)
    clipped = {}
    for name in active:
        w, used = float(wanted[name][0]), float(p[0, pi[name]])
        if name == "nonoil_exports" and np.isnan(w):
            ca0 = float(100 * d["current_account"][0] / d["gdp_nominal"][0])
            clipped["current_account"] = (closures["current_account"], ca0)
            continue
        if not np.isclose(w, used, rtol=1e-9, atol=0.0):
            f = model.factor(name)
            clipped[name] = (w / f, used / f)
    return out, clipped


def balance(model: Model, cal: Calibration, closures: dict[str, float] | None = None,
            iterations: int = 1000) -> Calibration:
    """Balance one calibration's initial state (see :func:`balance_frame`)."""
    frame, _ = balance_frame(model, cal, cal.values.to_frame().T, None, closures, iterations)
    v = cal.values.copy()
    for c in frame.columns:
        v[c] = float(frame[c].iloc[0])
    return replace(cal, values=v)
