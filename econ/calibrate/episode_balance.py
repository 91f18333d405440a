r"""Balancing an episode's initial state on the model's own equations.

Balancing (:func:`balance_frame`)
---------------------------------
The initial state is then made consistent with the first quarter's inputs:
zero employment and capacity gaps (civilian employment below labour demand
by just what keeps it steady against the army's and the defence industry's
recruiting), expected income on its steady-growth path, money holdings equal
to money demand (so an overhang comes from the episode's history, not from
the template's money-demand ratio), the exchange-rate rule at rest, nominal
GDP at the (deflated) fact through the private-spending propensity, and the
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

from dataclasses import replace

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, input_grid
from peacetrap.run.simulate import evaluate_derived


#: Initial values the balancing always sets (display units).
BALANCED = ("productivity", "civilian_employment", "defence_workers", *("hours",
            "defence_hours", "capital", "expected_demand", "expected_income"),
            "propensity_to_consume", "money_demand_ratio",
            "reserve_accumulation_norm", "nonoil_exports", "participation_rate")
#: Stocks with dynamics of their own that the balancing puts on their steady-growth path by
#: a Newton solve of their own rate equations (no hand-written steady states).
SOLVED_STOCKS = ("hours", "defence_hours", "capital", "expected_demand", "expected_income")
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


def _growth_rates(model: Model, x: np.ndarray, p: np.ndarray, i_pi: int) -> np.ndarray:
    """Steady growth rate (per year) of each stock and member: its growth class at trend
    productivity growth and, for nominal classes, the expected inflation of the start."""
    lay = model.layout
    g_a = p[:, lay.parameters.index("productivity_growth")]
    pi_e = x[:, i_pi]
    rates = {"none": 0.0 * g_a, "accumulator": 0.0 * g_a, "productivity": g_a,
             "price": pi_e, "wage": pi_e + g_a, "nominal": pi_e + g_a,
             "foreign": p[:, lay.parameters.index("foreign_inflation")]}
    out = np.zeros_like(x)
    for j, name in enumerate(lay.stocks):
        cls = model.spec.quantities[name].growth
        out[:, j] = rates.get(cls, 0.0 * g_a)
    return out


def _solve_stocks(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray,
                  cols: list[int], growth: np.ndarray, iterations: int = 20,
                  tol: float = 1e-12) -> None:
    r"""Put stocks on their steady-growth path, in place: :math:`f_j(x) = \gamma_j x_j`.

    A joint Newton solve, row by row of the batch, of the model's own rate equations
    :math:`F_j(x) = f_j(x) - \gamma_j x_j = 0` for the stocks ``cols`` (``f`` the compiled
    right-hand side, :math:`\gamma_j` the stock's steady growth rate), the others held; the
    Jacobian :math:`\partial F_j/\partial x_k` by forward differences (relative step
    :math:`10^{-6}`).  Steps are limited to halving or doubling a positive stock; stops when
    every :math:`|F_j| / |x_j|` is below ``tol`` per year or after ``iterations`` steps.
    """
    k = len(cols)
    idx = np.array(cols)
    for _ in range(iterations):
        f0 = _stock_rates(model, x, p, u0)[:, idx] - growth[:, idx] * x[:, idx]
        scale = np.maximum(np.abs(x[:, idx]), 1e-9)
        if np.all(np.abs(f0) / scale < tol):
            return
        jac = np.empty((x.shape[0], k, k))
        for c, j in enumerate(cols):
            h = 1e-6 * scale[:, c]
            x[:, j] += h
            f1 = _stock_rates(model, x, p, u0)[:, idx] - growth[:, idx] * x[:, idx]
            x[:, j] -= h
            jac[:, :, c] = (f1 - f0) / h[:, None]
        try:
            step = np.linalg.solve(jac, -f0[:, :, None])[:, :, 0]
        except np.linalg.LinAlgError:
            step = -f0 / np.where(np.abs(np.diagonal(jac, axis1=1, axis2=2)) > 0,
                                  np.diagonal(jac, axis1=1, axis2=2), 1.0)
        old = x[:, idx]
        new = old + step
        pos = old > 0
        x[:, idx] = np.where(pos, np.clip(new, 0.5 * old, 2.0 * old), new)


def balance_frame(model: Model, cal: Calibration, frame: pd.DataFrame,
                  histories: list | None = None, closures: dict[str, float] | None = None,
                  iterations: int = 1000, tol: float = 1e-11
                  ) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    r"""Balance the initial state of a batch of value sets (vectorised fixed point).

    A rescaled template with wartime stocks starts far from the model's
    adjustment targets (civilian demand above capacity, hiring gaps of whole
    labour forces, money holdings far from money demand), which is a numerical
    shock, not history.  With :math:`Y_c` civilian demand and :math:`G_d` real
    procurement at the initial state (each member with its own inputs at the
    start, so a fitted rationing or procurement scale is balanced too), the
    iteration sets

    .. math::

        a = \frac{Y_c + G_d / a_{dr}}{E_c + E_d}, \quad
        E_c = Y_c / a, \quad E_d = G_d/(a_{dr} a), \quad K_c = Y_c, \quad
        Y^e = Y_h, \quad k_m \leftarrow k_m \frac{M}{M^d}, \quad
        b_n = \frac{CA - K_f}{Y_n}

    (productivity absorbs the level; both employment gaps and the capacity
    gap start at zero; expected income equals income; the money households
    hold is the money they want, so an overhang is built by the episode's
    history, not inherited from the template's money-demand ratio; the
    exchange-rate rule starts at rest), and, for each optional fact of
    :data:`CLOSURES` (shares of nominal GDP :math:`Y_n`),

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
    full = frame.reset_index(drop=True).copy()
    for name, val in cal.values.items():
        if name not in full.columns:
            full[name] = val
    full = model.complete(full)
    p, x = model.internal(full)
    u0 = _inputs_at_start(model, cal, histories)
    lay = model.layout
    si = {n_: lay.stocks.index(n_) for n_ in ("civilian_employment", "defence_workers",
                                              "productivity", "expected_inflation",
                                              "broad_money", *SOLVED_STOCKS)}
    pi = {n_: lay.parameters.index(n_) for n_ in ("defence_productivity_ratio", "base_gdp",
                                                  "civilian_hiring_time", "income_smoothing",
                                                  "productivity_growth",
                                                  "propensity_to_consume",
                                                  "money_demand_ratio",
                                                  "reserve_accumulation_norm",
                                                  "participation_rate", "hours_response",
                                                  *CLOSURES.values())}
    di = {n_: lay.derived.index(n_) for n_ in ("civilian_demand", "procurement_real",
                                               "consumption", "hiring_fill",
                                               "civilian_labour_need", "defence_labour_need",
                                               "household_income", "money_demand",
                                               "current_account", "capital_outflow",
                                               "gdp_nominal", "exports", "imports", "deficit",
                                               "labour_force_target", "labour_force")}

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

    watch = ([("x", si[k]) for k in ("productivity", "civilian_employment", *SOLVED_STOCKS)]
             + [("p", pi[k]) for k in ("propensity_to_consume", "money_demand_ratio",
                                       *CLOSURES.values())])

    def snapshot() -> np.ndarray:
        return np.column_stack([(x if a == "x" else p)[:, j] for a, j in watch])

    # stuck: the propensity is at a bound, so exports close the GDP level instead (and the
    # current-account fact, if any, cannot be met); decided after a first sweep
    growth = _growth_rates(model, x, p, si["expected_inflation"])
    stuck = np.zeros(n, dtype=bool)
    asked_c = np.full(n, np.nan)
    lag = np.zeros(n)
    for _sweep in range(2):
        for _ in range(iterations):
            old = snapshot()
            # stocks with their own dynamics: on their steady-growth path (Newton on the
            # model's own rate equations)
            _solve_stocks(model, x, p, u0, [si[k] for k in SOLVED_STOCKS], growth)
            der = evaluate_derived(model, x[:, None, :], x, p, u0)[:, 0, :]
            d = {k: der[:, j] for k, j in di.items()}
            civil = x[:, si["civilian_employment"]] + x[:, si["defence_workers"]]
            # civilian employment sits below labour demand by just what keeps it steady
            # against the army's and the defence industry's recruiting (Newton step on the
            # model's own rate of change; d(rate)/d(lag) ~ hiring fill / hiring time)
            rate = _stock_rates(model, x, p, u0)[:, si["civilian_employment"]]
            # (hours absorb a share hours_response of the gap, so the slope is smaller)
            lag = lag - rate * p[:, pi["civilian_hiring_time"]] / np.maximum(
                d["hiring_fill"] * (1.0 - p[:, pi["hours_response"]]), 0.05)
            # productivity absorbs the level: both labour needs scale with 1/a except the
            # defence industry's quasi-fixed staff, which is read off the need at 1/a -> 0
            x_probe = x.copy()
            x_probe[:, si["productivity"]] *= 1e6
            fixed_d = evaluate_derived(model, x_probe[:, None, :], x_probe, p, u0)[:, 0, :][
                :, di["defence_labour_need"]]
            var = d["civilian_labour_need"] + d["defence_labour_need"] - fixed_d
            scale = var / (civil + lag - fixed_d)
            x[:, si["productivity"]] *= scale
            x[:, si["civilian_employment"]] = d["civilian_labour_need"] / scale - lag
            x[:, si["defence_workers"]] = civil - x[:, si["civilian_employment"]]
            setp("money_demand_ratio",
                 p[:, pi["money_demand_ratio"]] * x[:, si["broad_money"]] / d["money_demand"])
            gdp = d["gdp_nominal"]
            target = p[:, pi["base_gdp"]]          # nominal GDP at the start (prices are 1)
            c = p[:, pi["propensity_to_consume"]]
            c_want = c * (1.0 + 0.5 * (target - gdp) / d["consumption"])
            setp("propensity_to_consume", np.where(stuck, c, c_want))
            x_n = p[:, pi["nonoil_exports"]]
            if "current_account" in closures:
                free_x = x_n * (d["imports"] + closures["current_account"] / 100.0 * gdp) \
                    / d["exports"]
            else:
                free_x = x_n
            setp("nonoil_exports",
                 np.where(stuck, x_n * (1.0 + 0.5 * (target - gdp) / d["exports"]), free_x))
            if "imports" in closures:
                setp("import_propensity", p[:, pi["import_propensity"]]
                     * closures["imports"] / 100.0 * gdp / d["imports"])
            if "deficit" in closures:
                setp("tax_rate", p[:, pi["tax_rate"]]
                     + (d["deficit"] - closures["deficit"] / 100.0 * gdp) / d["household_income"])
            setp("reserve_accumulation_norm",
                 (d["current_account"] - d["capital_outflow"]) / gdp)
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
    for name in ("civilian_employment", "defence_workers", "productivity", *SOLVED_STOCKS):
        out[name] = x[:, si[name]] / model.factor(name)
    active = ["propensity_to_consume", "money_demand_ratio", "reserve_accumulation_norm",
              "nonoil_exports", "participation_rate"] + [CLOSURES[c] for c in closures if CLOSURES[c] != "nonoil_exports"]
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
