r"""Balancing an episode's initial state on the model's own equations.

Balancing (:func:`balance_frame`)
---------------------------------
The initial state is then made consistent with the first quarter's inputs:
the stocks with dynamics of their own (:data:`AT_REST`: capacity, expected income,
the tax rate, the defence industry's capacity; then :data:`AFTER_REST`: capital) at rest
on their own equations, solved numerically on the model's generated right-hand side;
zero employment gaps (civilian employment below labour demand by just what keeps it
steady against the army's and the defence industry's recruiting, also by Newton steps on
the model's own rate), money holdings equal to money demand (so an overhang comes from the
episode's history, not from the template's money-demand ratio), the exchange-rate rule at
rest, nominal GDP at the (deflated) fact through the private-spending propensity, and the
optional national-accounts facts through the parameters of :data:`CLOSURES`.
Each value is clipped into the model's range and every clip is reported as a
note (the ranges of several structural ratios are the Russian calibration's
and exclude other economies, see docs/calibration.md); where the propensity
is at a bound, exports close the GDP level and the current-account fact is
not met.  With an exports fact (and the imports and current-account facts), the
current account less the facts' trade balance is the government's defence spending
abroad, :math:`G_a = (ex - im - ca) Y_n`, which sets the share of real procurement
spent abroad (``defence_abroad_share``); exports still close the current account, so
the exports fact is met whenever the imports fact is.  The balancing is part of the fit: every candidate of the search is
re-balanced with its own free values and history (``TargetSet.prepare``), so
a fitted procurement or rationing scale never starts from an unbalanced
state.  The values the balancing sets cannot be given in ``[parameters]`` or
freed.

"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any
from dataclasses import replace

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.errors import SteadyStateError
from peacetrap.run.setups import Calibration, input_grid


#: Initial values the balancing always sets (display units).
BALANCED = ("productivity", "civilian_employment", "defence_workers", "civilian_capacity",
            "expected_income", "propensity_to_consume", "money_demand_ratio",
            "reserve_ratio_target", "nonoil_exports", "debt_target",
            "effective_tax_rate", "participation_rate", "capital_capacity",
            "defence_capacity")
#: Relative change of a balanced value in the last of the sweeps above which the balancing
#: has not settled (the sweeps' own tolerance is 1e-11; slow linear convergence can leave
#: 1e-10 after 1000 sweeps, a drift or an oscillation leaves far more).
UNSETTLED = 1e-6
#: Optional facts (share of nominal GDP, %) and the parameter each one sets.  The exports
#: fact needs the imports and current-account facts: the current account less the trade
#: balance of the three facts is the government's spending abroad.
CLOSURES = {"current_account": "nonoil_exports", "imports": "import_propensity",
            "deficit": "tax_rate", "exports": "defence_abroad_share"}
#: Facts the exports fact needs.
EXPORTS_NEEDS = ("imports", "current_account")


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


def _state(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """Every flow and auxiliary, and every stock's rate of change, at the initial state,
    one row per member (compiled)."""
    return model.kernels.state_rows(x, x, p, u0[:, 0, :])


#: Stocks that start at rest on their own equations (steady growth at their declared
#: growth class), solved numerically on the generated right-hand side.
AT_REST = ("civilian_capacity", "expected_income", "effective_tax_rate",
           "defence_capacity", "money_demand_shift")
#: Stocks put at rest the same way just after those of :data:`AT_REST`, from the state
#: their steps reached (a Gauss-Seidel sweep): the capital in place is measured against
#: the capacity it is wanted for, and investment is part of the demand capacity follows,
#: so simultaneous steps on both would overshoot back and forth
AFTER_REST = ("capital_capacity",)


def steady_growth(model: Model, x: np.ndarray, p: np.ndarray, names: tuple[str, ...]
                  ) -> np.ndarray:
    r"""Steady growth rate :math:`\gamma_j` (per year) of stocks ``names``, one row per member.

    Inflation is each member's expected inflation; the rates of the growth classes are
    those of :func:`peacetrap.checks.steady.growth_rates` (0, :math:`\pi`,
    :math:`\pi + g_a`, :math:`\pi - \pi_f`, :math:`\pi_f` or :math:`g_a`).
    """
    if (model, names) not in _GROWTH:
        lay = model.layout
        trend = model.info.growth_parameters
        _GROWTH[model, names] = (lay.parameters.index(trend["productivity"]),
                                 lay.parameters.index(trend["foreign"]),
                                 lay.stocks.index("expected_inflation"),
                                 [model.quantities[n].growth for n in names])
    i_ga, i_pf, i_pi, classes = _GROWTH[model, names]
    g_a, pi_f, pi = p[:, i_ga], p[:, i_pf], x[:, i_pi]
    table = {"none": 0.0 * pi, "accumulator": 0.0 * pi, "price": pi, "wage": pi + g_a,
             "nominal": pi + g_a, "fx": pi - pi_f, "foreign": pi_f, "productivity": g_a}
    return np.column_stack([table[c] for c in classes])


#: Column indices and growth classes of :func:`steady_growth`, by (model, stocks).
_GROWTH: dict[tuple[Model, tuple[str, ...]], tuple[int, int, int, list[str]]] = {}


def own_slope(model: Model, name: str) -> Callable[[np.ndarray, np.ndarray, np.ndarray,
                                                    np.ndarray], np.ndarray]:
    r"""The partial derivative :math:`\partial f_j / \partial x_j` of stock ``name``'s rate
    in the definition, every other stock, flow and auxiliary held (sympy, once per model).

    Returns a function of ``(x, p, u, d)``: stocks, parameters, inputs and derived
    quantities (internal units, one row per member) giving one slope per member.
    """
    if (model, name) not in _SLOPES:
        import sympy as sp

        spec = model.spec
        q = spec.quantities[name]
        slope = sp.diff(q.expr, q.symbol)
        if slope.has(sp.Derivative):
            raise SteadyStateError(f"balancing: the rate of {name} has no closed-form "
                                   "derivative in it")
        lay = model.layout
        groups = {"stock": ("x", lay.stocks), "parameter": ("p", lay.parameters),
                  "input": ("u", lay.inputs)}
        where: list[tuple[str, int]] = []
        symbols = sorted(slope.free_symbols, key=str)
        by_symbol = {v.symbol: v for v in spec.quantities.values()}
        for sym in symbols:
            v = by_symbol.get(sym)
            if v is None:                                  # a reference value a_0
                where.append(("x", lay.stocks.index(str(sym)[:-2])))
            elif v.kind == "constant":
                where.append(("c", 0))
                slope = slope.subs(sym, v.default_value)
            elif v.kind in groups:
                arr, names = groups[v.kind]
                where.append((arr, names.index(v.name)))
            else:
                where.append(("d", lay.derived.index(v.name)))
        symbols = [s_ for s_, w in zip(symbols, where) if w[0] != "c"]
        where = [w for w in where if w[0] != "c"]
        func = sp.lambdify(symbols, slope, "numpy")

        def evaluate(x: np.ndarray, p: np.ndarray, u: np.ndarray, d: np.ndarray,
                     _f: Callable = func, _w: list = where) -> np.ndarray:
            arrays = {"x": x, "p": p, "u": u, "d": d}
            out = _f(*(arrays[a][:, j] for a, j in _w))
            return np.broadcast_to(np.asarray(out, dtype=float), (x.shape[0],))

        _SLOPES[model, name] = (evaluate, any(a == "d" for a, _ in where))
    return _SLOPES[model, name][0]


def slope_reads_derived(model: Model, name: str) -> bool:
    """Whether stock ``name``'s own slope (:func:`own_slope`) reads a flow or auxiliary."""
    own_slope(model, name)
    return _SLOPES[model, name][1]


#: Slope functions by (model, stock), each with whether it reads derived quantities (flows,
#: auxiliaries): the model object itself is the key (an id could be reused by another
#: model once this one is gone).
_SLOPES: dict[tuple[Model, str], tuple[Callable, bool]] = {}


def settle(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray, d: np.ndarray,
           rates: np.ndarray, names: tuple[str, ...] = AT_REST) -> None:
    r"""One Newton step, in place, putting each stock of ``names`` at rest on its own equation.

    For stock :math:`j` the residual is :math:`r_j(x) = f_j(x) - \gamma_j x_j`
    (:math:`f` the model's right-hand side, evaluated by the generated kernel;
    :math:`\gamma_j` its steady growth rate, :func:`steady_growth`), and
    :math:`x_j \leftarrow x_j - r_j / (\partial f_j / \partial x_j - \gamma_j)` with the
    partial derivative from the definition, other quantities held (:func:`own_slope`):
    the other stocks' feedback is left to the sweeps of :func:`balance_frame`, which
    adjust the level closures at the same time.  ``d`` holds the derived quantities at
    ``x`` and ``rates`` every stock's rate of change there.
    """
    gam = steady_growth(model, x, p, names)
    u = u0[:, 0, :]
    steps = []
    for k, n in enumerate(names):
        j = model.layout.stocks.index(n)
        slope = own_slope(model, n)(x, p, u, d) - gam[:, k]
        r0 = rates[:, j] - gam[:, k] * x[:, j]
        safe = np.where(slope != 0.0, slope, 1.0)
        steps.append((j, np.where(slope != 0.0, r0 / safe, 0.0)))
    for j, step in steps:
        x[:, j] -= step


def _labour_residuals(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray,
                      der: np.ndarray | None = None, rates: np.ndarray | None = None
                      ) -> np.ndarray:
    """Defence-industry hiring gap and civilian employment's rate of change, per member
    (from ``der`` and ``rates`` at ``x`` when given)."""
    lay = model.layout
    if der is None or rates is None:
        der, rates = _state(model, x, p, u0)
    return np.column_stack([der[:, lay.derived.index("defence_hiring_gap")],
                            rates[:, lay.stocks.index("civilian_employment")]])


def employ(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray, d: np.ndarray,
           rates: np.ndarray, memo: dict[str, Any]) -> None:
    r"""One Newton step, in place, on productivity :math:`a` and civilian employment
    :math:`E_c` (defence-industry employment :math:`E_d` taking the rest of the employed,
    whose number is a fact) such that the defence industry has no hiring gap and civilian
    employment is steady against the army's and the defence industry's recruiting.

    Both conditions are the model's own quantities (``defence_hiring_gap`` and the rate
    of ``civilian_employment``, from the generated code); the :math:`2 \times 2`
    Jacobian is taken by forward differences and kept in ``memo`` for
    :data:`JACOBIAN_AGE` steps (a chord method: the sweeps of :func:`balance_frame`
    change it slowly).  Productivity absorbs the level: the facts fix output and the
    employed, so labour demand fixes productivity.  ``d`` and ``rates`` are the derived
    quantities and the stocks' rates of change at ``x``.
    """
    lay = model.layout
    ia, ic, id_ = (lay.stocks.index(n) for n in ("productivity", "civilian_employment",
                                                "defence_workers"))
    r0 = _labour_residuals(model, x, p, u0, d, rates)
    if memo.get("age", JACOBIAN_AGE) >= JACOBIAN_AGE:
        jac = np.empty((x.shape[0], 2, 2))
        here = _labour_residuals(model, x, p, u0)
        for k, (j, other) in enumerate(((ia, None), (ic, id_))):
            h = 1e-7 * np.maximum(np.abs(x[:, j]), 1e-6)
            moved = x.copy()
            moved[:, j] += h
            if other is not None:
                moved[:, other] -= h
            jac[:, :, k] = (_labour_residuals(model, moved, p, u0) - here) / h[:, None]
        ok = np.abs(np.linalg.det(jac)) > 0.0
        jac[~ok] = np.eye(2)
        memo.update(jac=jac, ok=ok, age=0)
    memo["age"] += 1
    step = np.linalg.solve(memo["jac"], -r0[:, :, None])[:, :, 0]
    step[~memo["ok"]] = 0.0
    # damped: no step moves productivity or either employment by more than half its value
    # (a stale chord Jacobian far from the solution can otherwise overshoot to negative
    # productivity); near the solution the full step is taken
    room = np.minimum.reduce([0.5 * x[:, ia] / np.maximum(np.abs(step[:, 0]), 1e-300),
                              0.5 * x[:, ic] / np.maximum(np.abs(step[:, 1]), 1e-300),
                              0.5 * x[:, id_] / np.maximum(np.abs(step[:, 1]), 1e-300)])
    step *= np.minimum(1.0, room)[:, None]
    x[:, ia] += step[:, 0]
    x[:, ic] += step[:, 1]
    x[:, id_] -= step[:, 1]


#: Steps a Jacobian of :func:`employ` is used before it is taken again.
JACOBIAN_AGE = 20


def balance_frame(model: Model, cal: Calibration, frame: pd.DataFrame,
                  histories: list | None = None, closures: dict[str, float] | None = None,
                  iterations: int = 1000, tol: float = 1e-11, report: bool = True
                  ) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    r"""Balance the initial state of a batch of value sets (vectorised fixed point).

    A rescaled template with wartime stocks starts far from the model's
    adjustment targets (civilian demand above capacity, hiring gaps of whole
    labour forces, money holdings far from money demand), which is a numerical
    shock, not history.  Each sweep (every member with its own inputs at the
    start, so a fitted rationing or procurement scale is balanced too) puts the
    stocks of :data:`AT_REST` at rest on their own equations (:func:`settle`: a
    Newton step on the generated right-hand side, so a change of those equations
    needs no change here), moves the employment lag by a Newton step on civilian
    employment's own rate, and sets the level closures from the model's derived
    quantities: with :math:`Y_c` civilian demand and :math:`G_d` real procurement,

    .. math::

        a = \frac{Y_c + (1 - s_a)(1 - \mu_d) G_d / a_{dr}}{E_c + E_d - \omega_d L}, \quad
        E_c = Y_c / a, \quad E_d = \omega_d L + (1 - s_a)(1 - \mu_d) G_d/(a_{dr} a), \quad
        k_m \leftarrow k_m \frac{M}{M^d}, \quad
        b_n = \frac{CA - K_f}{Y_n}, \quad b^{*} = b_g

    (productivity absorbs the level; the defence industry's capacity is at rest on its
    output, so the industry starts without strain; both employment gaps start at zero; the money
    households hold is the money they want, so an overhang is built by the episode's
    history, not inherited from the template's money-demand ratio; the exchange-rate
    rule starts at rest; the fiscal rule's debt target is the inherited net debt; the
    participation rate :math:`\bar\pi_p \leftarrow \bar\pi_p L / L^*` puts the labour
    force at its target, so wartime participation is the episode's own), and,
    for each optional fact of :data:`CLOSURES` (shares of nominal GDP :math:`Y_n`),

    .. math::

        x_n \leftarrow x_n \frac{I_m + G_a + ca\, Y_n}{X_x}, \quad
        \mu_m \leftarrow \mu_m \frac{im\, Y_n}{I_m}, \quad
        \tau_h \leftarrow \tau_h + \frac{D - d\, Y_n}{Y_h}, \quad
        s_a \leftarrow \frac{(ex - im - ca) Y_n}{q_m P_d G_d}

    (the current account, the import share and the government deficit start
    at their facts; :math:`G_a = s_a q_m P_d G_d` is defence spending abroad, set by
    the exports fact, which needs the other two).  Every value is clipped into the model's range; soldiers,
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
    report : bool
        Whether to work out, for the first member, the propensity the accounts ask when it
        is at a bound and the current account is a fact (:func:`propensity_asked`; the
        fit's re-balancing of every candidate does not need it).

    Raises
    ------
    SteadyStateError
        When ``report`` is set and the first member is still moving by more than
        :data:`UNSETTLED` after ``iterations`` sweeps (naming the values still moving).

    Returns
    -------
    frame : pandas.DataFrame
        ``frame`` with the balanced values (display units); a member still moving by more
        than :data:`UNSETTLED` after ``iterations`` sweeps gets NaN stocks, so its run fails.
    clipped : dict
        For the first member, each value the model's range clipped:
        ``name -> (value wanted, value used)``; the propensity's wanted value is
        :func:`propensity_asked` when exports closed the GDP level against a
        current-account fact (``report``), ``inf`` when no propensity below 1 meets it.
    """
    # a member without a balanced state turns NaN and its run fails (below); numpy's
    # warnings about its NaN (all-NaN slices, the determinant of a NaN Jacobian) are
    # not news on the terminal
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore",
                                                over="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return _balance_frame(model, cal, frame, histories, closures, iterations, tol,
                              report)


def _balance_frame(model: Model, cal: Calibration, frame: pd.DataFrame,
                   histories: list | None, closures: dict[str, float] | None,
                   iterations: int, tol: float, report: bool
                   ) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    """:func:`balance_frame` without its warnings filter."""
    closures = closures or {}
    n = len(frame)
    histories = histories if histories is not None else [None] * n
    full = frame.reset_index(drop=True)
    missing = {name: val for name, val in cal.values.items() if name not in full.columns}
    full = pd.concat([full, pd.DataFrame(missing, index=full.index)], axis=1)
    full = model.complete(full)
    p, x = model.internal(full)
    u0 = _inputs_at_start(model, cal, histories)
    lay = model.layout
    si = {n_: lay.stocks.index(n_) for n_ in ("civilian_employment", "defence_workers",
                                              "productivity", "civilian_capacity",
                                              "expected_inflation",
                                              "expected_income", "broad_money",
                                              "effective_tax_rate", "capital_capacity",
                                              "defence_capacity")}
    pi = {n_: lay.parameters.index(n_) for n_ in ("defence_productivity_ratio", "base_gdp",
                                                  "civilian_hiring_time", "income_smoothing",
                                                  "productivity_growth",
                                                  "propensity_to_consume",
                                                  "money_demand_ratio",
                                                  "reserve_ratio_target",
                                                  "debt_target", "participation_rate",
                                                  *CLOSURES.values())}
    di = {n_: lay.derived.index(n_) for n_ in ("civilian_demand", "procurement_real",
                                               "private_spending", "hiring_fill",
                                               "household_income", "money_demand",
                                               "current_account", "capital_outflow",
                                               "gdp_nominal", "exports", "imports", "deficit",
                                               "net_debt_ratio", "tax_rule_rate",
                                               "labour_force", "labour_force_target",
                                               "defence_spending_abroad",
                                               "import_relative_price")}
    ip = lay.stocks.index("domestic_prices")
    # trend nominal growth at the start: the reserve ratio's accumulation is its multiple
    growth = p[:, pi["productivity_growth"]] + u0[:, 0, lay.inputs.index("inflation_target")]
    if (growth <= 1e-4).any():
        raise SteadyStateError(
            f"balancing '{cal.name}': trend nominal growth at the start (productivity growth "
            f"plus the inflation target) is {100 * float(growth.min()):.3g} % a year; the "
            "currency's reserve norm is the reserve ratio times it, so it must be positive")

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

    watch = ([("x", si[k]) for k in ("productivity", "civilian_employment", "civilian_capacity",
                                       "capital_capacity", "expected_income",
                                       "defence_capacity")]
             + [("p", pi[k]) for k in ("propensity_to_consume", "money_demand_ratio",
                                       "participation_rate", *CLOSURES.values())])

    def snapshot() -> np.ndarray:
        return np.column_stack([(x if a == "x" else p)[:, j] for a, j in watch])

    # stuck: the propensity is at a bound, so exports close the GDP level instead (and the
    # current-account fact, if any, cannot be met); decided after a first sweep
    stuck = np.zeros(n, dtype=bool)
    asked_c = np.full(n, np.nan)
    memo: dict[str, Any] = {}
    after_reads_derived = any(slope_reads_derived(model, n_) for n_ in AFTER_REST)
    for _sweep in range(2):
        for _ in range(iterations):
            der, rates = _state(model, x, p, u0)
            d = {k: der[:, j] for k, j in di.items()}
            old = snapshot()
            # one state, one evaluation: every update of this sweep is taken from it
            settle(model, x, p, u0, der, rates)    # capacity, expected income, tax at rest
            # the stocks after rest see the ones just settled: their rates are evaluated
            # again (the derived quantities with them, used when their own slopes read any)
            der2, rates2 = _state(model, x, p, u0)
            settle(model, x, p, u0, der2 if after_reads_derived else der, rates2, AFTER_REST)
            employ(model, x, p, u0, der, rates, memo)  # productivity, split of employment
            setp("money_demand_ratio",
                 p[:, pi["money_demand_ratio"]] * x[:, si["broad_money"]] / d["money_demand"])
            gdp = d["gdp_nominal"]
            target = p[:, pi["base_gdp"]]          # nominal GDP at the start (prices are 1)
            c = p[:, pi["propensity_to_consume"]]
            c_want = c * (1.0 + 0.5 * (target - gdp) / d["private_spending"])
            setp("propensity_to_consume", np.where(stuck, c, c_want))
            x_n = p[:, pi["nonoil_exports"]]
            if "current_account" in closures:
                free_x = x_n * (d["imports"] + d["defence_spending_abroad"]
                                + closures["current_account"] / 100.0 * gdp) / d["exports"]
            else:
                free_x = x_n
            setp("nonoil_exports",
                 np.where(stuck, x_n * (1.0 + 0.5 * (target - gdp) / d["exports"]), free_x))
            if "exports" in closures:
                # spending abroad is what the current-account fact leaves of the facts'
                # trade balance, G_a = (ex - im - ca) Y_n, over real procurement at the
                # relative price of imports (exports close the current account, so the
                # exports fact is met with the imports fact)
                setp("defence_abroad_share", (closures["exports"] - closures["imports"]
                                              - closures["current_account"]) / 100.0 * gdp
                     / (d["import_relative_price"] * x[:, ip] * d["procurement_real"]))
            if "imports" in closures:
                setp("import_propensity", p[:, pi["import_propensity"]]
                     * closures["imports"] / 100.0 * gdp / d["imports"])
            if "deficit" in closures:
                setp("tax_rate", p[:, pi["tax_rate"]]
                     + (d["deficit"] - closures["deficit"] / 100.0 * gdp) / d["household_income"])
            # the labour force starts at its participation target (the episode's normal
            # participation is what its wartime tightness and labour force imply)
            setp("participation_rate", p[:, pi["participation_rate"]] * d["labour_force"]
                 / d["labour_force_target"])
            # the reserve ratio whose accumulation at trend nominal growth is the episode's
            setp("reserve_ratio_target",
                 (d["current_account"] - d["capital_outflow"]) / gdp / growth)
            # the fiscal rule steers to the debt the episode inherits (no consolidation is
            # assumed) and the tax rate starts at the rule's
            setp("debt_target", d["net_debt_ratio"])
            now = snapshot()
            moving = np.abs(now - old) / np.maximum(np.abs(old), 1e-12)
            if np.nanmax(moving) < tol:
                break
        else:
            # out of sweeps: a member still converging (slowly, as near a propensity of 1)
            # keeps its state; one still moving by more than UNSETTLED a sweep has no
            # balanced state (it oscillates or drifts) and its run must fail, never start
            # off rest
            unsettled = ~(np.nanmax(moving, axis=1) < UNSETTLED)
            if report and unsettled[0]:
                names = [(lay.stocks if a == "x" else lay.parameters)[j]
                         for (a, j), m_ in zip(watch, moving[0]) if not m_ < UNSETTLED]
                raise SteadyStateError(
                    f"balancing '{cal.name}': no balanced initial state after {iterations} "
                    f"sweeps; still moving: {', '.join(names)} (a closure may be at the end "
                    "of its range; see the notes on clipped values)")
            x[unsettled] = np.nan
        lo, hi = bounds["propensity_to_consume"]
        new_stuck = ~stuck & ((c_want < lo * (1 - 1e-9)) | (c_want > hi * (1 + 1e-9)))
        if not new_stuck.any():
            break
        asked_c = np.where(new_stuck, c_want, asked_c)
        stuck |= new_stuck
    wanted["propensity_to_consume"] = np.where(stuck, asked_c, c_want)
    if stuck[0] and "current_account" in closures:
        wanted["nonoil_exports"] = np.array([np.nan])   # the current account was not met
        if report:
            wanted["propensity_to_consume"][0] = propensity_asked(
                model, x[:1], p[:1], u0[:1], closures["current_account"])
    base = frame.reset_index(drop=True)
    columns = {c: base[c].to_numpy(copy=True) for c in base.columns}
    for name in ("civilian_employment", "defence_workers", "productivity",
                 "civilian_capacity", "expected_income", "effective_tax_rate",
                 "capital_capacity", "defence_capacity"):
        columns[name] = x[:, si[name]] / model.factor(name)
    active = ["propensity_to_consume", "money_demand_ratio", "reserve_ratio_target",
              "nonoil_exports", "debt_target", "participation_rate"]
    active += [CLOSURES[c] for c in closures if CLOSURES[c] != "nonoil_exports"]
    for name in active:
        columns[name] = p[:, pi[name]] / model.factor(name)
    # one frame built at once (a column set at a time costs pandas a copy-on-write check
    # and a block rebuild per column)
    out = pd.DataFrame(columns, index=base.index)
    clipped: dict[str, tuple[float, float]] = {}
    if not np.isfinite(x[0]).all():                # the first member did not settle
        return out, clipped
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


def propensity_asked(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray,
                     current_account: float, steps: int = 60) -> float:
    r"""The private-spending propensity :math:`c_y` that meets a current-account fact at a
    balanced state whose GDP level exports closed (the propensity at a bound), one member.

    GDP is held (its level is the fact) and the gap between the current account
    :math:`CA` and its fact :math:`ca\,Y_n` moves from net exports to private spending:
    exports follow imports under the current-account closure, so the private spending
    the accounts ask is

    .. math::

        C^{*} = C + CA - ca\, Y_n ,

    every other flow, stock and parameter held (income, taxes, expected income and money
    demand depend on the GDP level only).  :math:`c_y` is found by bisection on the
    model's own ``private_spending`` (increasing in :math:`c_y`; the spending
    propensity tends to 1 as :math:`c_y` does, never more).

    Returns
    -------
    float
        :math:`c_y`, or ``inf`` when even a propensity of 1 (private spending equal to
        expected disposable income plus the overhang's spending) falls short of
        :math:`C^{*}`.
    """
    lay = model.layout
    ic = lay.parameters.index("propensity_to_consume")
    jc, jca, jy = (lay.derived.index(n) for n in ("private_spending", "current_account",
                                                  "gdp_nominal"))

    def spending(c: float) -> np.ndarray:
        q = p.copy()
        q[:, ic] = c
        return _state(model, x, q, u0)[0][0]

    der = spending(float(p[0, ic]))
    want = der[jc] + der[jca] - current_account / 100.0 * der[jy]
    lo, hi = 1e-9, 1.0 - 1e-12
    if spending(hi)[jc] < want:
        return float("inf")
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if spending(mid)[jc] < want else (lo, mid)
    return 0.5 * (lo + hi)


def balance(model: Model, cal: Calibration, closures: dict[str, float] | None = None,
            iterations: int = 1000) -> Calibration:
    """Balance one calibration's initial state (see :func:`balance_frame`)."""
    frame, _ = balance_frame(model, cal, cal.values.to_frame().T, None, closures, iterations)
    v = cal.values.copy()
    for c in frame.columns:
        v[c] = float(frame[c].iloc[0])
    return replace(cal, values=v)
