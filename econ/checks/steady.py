r"""Steady state of the model under constant peacetime inputs.

With every input at its default (the peacetime value) the model has trend
growth, so the steady state is a *balanced-growth path*: each stock grows at
the constant rate :math:`\gamma_j` of its growth class (``Quantity.growth``),

=============  ==============================================
class          :math:`\gamma_j` (per year)
=============  ==============================================
none           0
price          :math:`\pi_{ss}` (unknown, solved for)
wage, nominal  :math:`\pi_{ss} + g_a`
fx             :math:`\pi_{ss} - \pi_f`
foreign        :math:`\pi_f`
productivity   :math:`g_a`
accumulator    held fixed (its rate must be 0 at peacetime inputs)
=============  ==============================================

with :math:`g_a` = ``productivity_growth`` and :math:`\pi_f` =
``foreign_inflation``.  The conditions are :math:`f_j(x) = \gamma_j x_j`
for every stock, solved with :func:`scipy.optimize.root` (MINPACK ``hybr``)
for the stocks and :math:`\pi_{ss}`, with these closures:

* *accumulators* (growth ``accumulator``: casualties, sanctions) stay at their
  initial value; that their rate is 0 at peacetime inputs is verified;
* *exogenous trend stocks* -- stocks whose detrended rate
  :math:`f_j - \gamma_j x_j` is identically zero at peacetime inputs (foreign
  prices, productivity) -- have no level condition; they are held at their
  initial value;
* *nominal scale*: the model is (close to) homogeneous of degree one in the
  nominal scale, so the first ``price`` stock (domestic prices) is fixed at its
  initial value (1) and its equation determines :math:`\pi_{ss}`;
* *conserved totals*: an invariant of ``spec.invariants`` whose stocks all
  have :math:`\gamma = 0` (the people total) makes one of its equations
  redundant; that equation is replaced by "the total equals its initial
  value".

The reference values :math:`x_0` the equations use are the calibration's
initial stocks.  The steady state is the balanced-growth point at the
initial levels of the trend stocks.  Two economies can be asked for: the
calibration's had its history not happened (the default, ``peacetrap check``),
and the one its history leaves behind (``after_history``, the scoreboard's
long run): there the accumulators (the sanctions in force) and the trend
stocks' levels relative to one another (productivity lost to sanctions
against world demand) keep the values the history and ten peacetime years
reach, detrended.  It is a balanced-growth *path* when the
model is homogeneous in its trends: every real flow grows with productivity
(export volumes, oil's among them, with world demand, whose growth
``world_growth`` must then equal ``productivity_growth``, as in the shipped
calibrations and the episode files) and every nominal one with prices as
well.  With world demand growing at another rate there is no path, and no
point is found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.optimize as so
import sympy as sp

from peacetrap.checks.result import CheckResult
from peacetrap.core.model import Model
from peacetrap.core.symbolic import ModelSpec
from peacetrap.errors import PeacetrapError, SimulationError, SteadyStateError
from peacetrap.io.paths import Path as TimePath
from peacetrap.run.setups import Calibration, Scenario

#: Growth classes that scale with the nominal level (the homogeneity direction).
NOMINAL_CLASSES = ("price", "wage", "nominal", "fx")

#: Growth classes whose rate does not involve the unknown inflation.
_FIXED_RATE_CLASSES = ("none", "foreign", "productivity")

#: Largest relative residual (per year, relative to each stock's scale) of a steady state.
STEADY_TOL = 1e-8


@dataclass
class SteadyState:
    r"""A balanced-growth path of the model under constant inputs.

    Attributes
    ----------
    stocks : numpy.ndarray
        :math:`x^*`, internal units, in ``model.layout.stocks`` order.
    inflation : float
        :math:`\pi_{ss}`, per year (growth rate of the ``price`` stocks).
    growth : numpy.ndarray
        :math:`\gamma_j` of each stock, per year (0 for accumulators).
    residual : numpy.ndarray
        :math:`f_j(x^*) - \gamma_j x^*_j` per stock (internal unit per year;
        for the replaced pool equation, the error of the conserved total).
    relative_residual : numpy.ndarray
        ``residual`` over each stock's scale (per year).
    residual_norm : float
        Euclidean norm of ``residual`` over the equations solved.
    fixed : dict of str to str
        Stocks held at their initial value, with the reason.
    roles : dict of str to str
        Role of each held stock: ``accumulator``, ``trend`` or ``normalisation``.
    replaced : dict of str to str
        Stock whose equation was replaced, with the invariant replacing it.
    start : str
        Starting point the solver converged from.
    x0, p, u : numpy.ndarray
        Reference stocks, parameters and (peacetime) inputs, internal units.
    scale : numpy.ndarray
        Scale of each stock (largest initial magnitude among stocks of its unit).
    """

    stocks: np.ndarray
    inflation: float
    growth: np.ndarray
    residual: np.ndarray
    relative_residual: np.ndarray
    residual_norm: float
    fixed: dict[str, str]
    roles: dict[str, str]
    replaced: dict[str, str]
    start: str
    x0: np.ndarray
    p: np.ndarray
    u: np.ndarray
    scale: np.ndarray
    names: list[str]

    def series(self, model: Model) -> pd.Series:
        """The steady-state stocks in display units (initial levels of the trends)."""
        q = model.spec.quantities
        return pd.Series({n: v * q[n].to_display for n, v in zip(self.names, self.stocks)},
                         name="steady_state")


# ============================================================== helpers
def _peacetime_inputs(model: Model) -> np.ndarray:
    """Every input at its default (peacetime) value, internal units."""
    return np.array([model.quantities[n].default_value * model.factor(n)
                     for n in model.layout.inputs])


def _values(model: Model, calibration: Calibration) -> tuple[np.ndarray, np.ndarray]:
    """Parameters and initial stocks (internal units) of a calibration."""
    vals = calibration.values
    batch = model.complete(vals if len(vals) else None)
    p, x0 = model.internal(batch)
    return p[0].copy(), x0[0].copy()


def _scales(model: Model, x0: np.ndarray) -> np.ndarray:
    """Scale of each stock: the largest initial magnitude among stocks with the same unit."""
    q = model.spec.quantities
    units = [sp.srepr(q[n].unit) for n in model.layout.stocks]
    out = np.empty(len(units))
    for j, uj in enumerate(units):
        same = [abs(x0[k]) for k, uk in enumerate(units) if uk == uj]
        out[j] = max(max(same), 1e-12)
    return out


def _rhs(model: Model) -> Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]:
    """The compiled right-hand side as a function returning the rates (internal units)."""
    kernel = model.kernels.rhs

    def f(x: np.ndarray, x0: np.ndarray, p: np.ndarray, u: np.ndarray) -> np.ndarray:
        dx = np.empty_like(x)
        kernel(np.ascontiguousarray(x, dtype=float), x0, p, u, dx)
        return dx

    return f


def growth_rates(model: Model, inflation: float, p: np.ndarray) -> np.ndarray:
    r"""Steady growth rate :math:`\gamma_j` of every stock.

    Parameters
    ----------
    model : Model
    inflation : float
        :math:`\pi_{ss}`, per year.
    p : numpy.ndarray
        Parameters, internal units (:math:`g_a` and :math:`\pi_f` per year).

    Returns
    -------
    numpy.ndarray
        Per year: 0 (``none``, ``accumulator``), :math:`\pi` (``price``),
        :math:`\pi + g_a` (``wage``, ``nominal``), :math:`\pi - \pi_f` (``fx``),
        :math:`\pi_f` (``foreign``), :math:`g_a` (``productivity``).

    Raises
    ------
    PeacetrapError
        On an unknown growth class.
    """
    lay = model.layout
    trend = model.info.growth_parameters        # declared in the definition (trend_of)
    g_a = p[lay.parameters.index(trend["productivity"])]
    pi_f = p[lay.parameters.index(trend["foreign"])]
    table = {"none": 0.0, "accumulator": 0.0, "price": inflation, "wage": inflation + g_a,
             "nominal": inflation + g_a, "fx": inflation - pi_f, "foreign": pi_f,
             "productivity": g_a}
    out = []
    for n in lay.stocks:
        cls = model.spec.quantities[n].growth
        if cls not in table:
            raise PeacetrapError(f"stock {n}: unknown growth class '{cls}'; "
                                 f"known: {', '.join(table)}")
        out.append(table[cls])
    return np.array(out)


def linear_coefficients(spec: ModelSpec, expr: sp.Expr, stocks: list[str]) -> np.ndarray | None:
    """Coefficients :math:`c` with ``expr`` :math:`= c^T x`, or ``None`` if not linear."""
    syms = [spec.quantities[n].symbol for n in stocks]
    coeffs = []
    for s in syms:
        c = sp.diff(expr, s)
        if not c.is_number:
            return None
        coeffs.append(float(c))
    rest = sp.expand(expr - sum(sp.Float(c) * s for c, s in zip(coeffs, syms)))
    if rest != 0 and not (rest.is_number and abs(float(rest)) < 1e-12):
        return None
    return np.array(coeffs)


def _zero_growth_invariants(model: Model) -> dict[str, np.ndarray]:
    """Linear invariants whose stocks all have zero steady growth (none/accumulator)."""
    lay = model.layout
    out = {}
    for name, expr in model.spec.invariants.items():
        c = linear_coefficients(model.spec, expr, lay.stocks)
        if c is None:
            continue
        classes = {model.spec.quantities[lay.stocks[j]].growth for j in np.flatnonzero(c)}
        if classes <= {"none", "accumulator"}:
            out[name] = c
    return out


def _detrend_end(model: Model, states: np.ndarray, x0: np.ndarray, norm: int,
                 trends: dict[str, int]) -> tuple[np.ndarray, float]:
    """Bring a simulated state back to the initial levels of the trends; estimate pi."""
    lay = model.layout
    q = model.spec.quantities
    end, before = states[-1], states[-2]
    r_p = end[norm] / x0[norm]
    r_a = end[trends["productivity"]] / x0[trends["productivity"]] \
        if "productivity" in trends else 1.0
    r_f = end[trends["foreign"]] / x0[trends["foreign"]] if "foreign" in trends else 1.0
    factor = {"none": 1.0, "accumulator": 1.0, "price": r_p, "wage": r_p * r_a,
              "nominal": r_p * r_a, "fx": r_p / r_f, "foreign": r_f, "productivity": r_a}
    x = np.array([end[j] / factor[q[n].growth] for j, n in enumerate(lay.stocks)])
    pi = float(np.log(end[norm] / before[norm]) * 4.0)   # quarterly records
    return x, pi


# ========================================================= steady state
def steady_state(model: Model, calibration: Calibration, *, quarters: int = 40,
                 tol: float = STEADY_TOL, after_history: bool = False) -> SteadyState:
    r"""Balanced-growth path under constant peacetime inputs.

    Solves :math:`f_j(x) = \gamma_j(\pi_{ss})\,x_j` for the stocks and
    :math:`\pi_{ss}` (closures in the module notes) with
    :func:`scipy.optimize.root`.  Starting points are tried in turn until one
    converges: the detrended end of a ``quarters``-long simulation at
    peacetime inputs (trend stocks brought back to their initial level, the
    other stocks divided by the growth their class implies, :math:`\pi` from
    the last quarter's growth of the normalising price), the same after 400
    quarters, and the calibration's initial stocks.  Ten years is the default:
    the fast transients have died out.  Residuals are scaled by
    each stock's scale (largest initial magnitude among stocks of the same
    unit), so the tolerance is a relative rate per year.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        Parameters and initial stocks (also the reference values :math:`x_0`).
    quarters : int
        Length of the simulation that gives the first starting point.
    tol : float
        Largest accepted relative residual (per year).
    after_history : bool
        ``False`` (the default): the calibration's economy had its history not happened,
        accumulators at their initial values.  ``True``: the economy the calibration's
        history leaves behind, the world of the scoreboard's long-run group -- the
        starting simulations run the history and then every input at its peacetime
        default, and the held stocks (accumulators such as the sanctions in force, and
        the trend stocks' levels relative to one another, such as productivity lost to
        sanctions against world demand) keep the values that run reaches.

    Returns
    -------
    SteadyState

    Raises
    ------
    SteadyStateError
        If an accumulator changes at peacetime inputs, or no starting point
        converges; the message names the stock with the worst residual.
    """
    from peacetrap.run.simulate import simulate

    spec, lay = model.spec, model.layout
    q = spec.quantities
    names = lay.stocks
    n = len(names)
    p, x0 = _values(model, calibration)
    u = _peacetime_inputs(model)
    f = _rhs(model)
    scale = _scales(model, x0)
    classes = [q[k].growth for k in names]
    prices = [j for j in range(n) if classes[j] == "price"]
    if not prices:
        raise SteadyStateError("no stock of growth class 'price' to normalise the nominal scale")
    norm = prices[0]
    # the run that gives the starting points: peacetime inputs from the start, or the
    # calibration's history and then peacetime inputs
    if after_history:
        first = calibration.history_end + 1
        peace = Calibration(name=f"{calibration.name} (history, then peacetime inputs)",
                            values=calibration.values, history=calibration.history,
                            history_start=calibration.history_start,
                            history_end=calibration.history_end)
        scenario: Scenario | None = Scenario(
            "peacetime", "every input at its peacetime default after the history",
            {k: TimePath([(first, model.quantities[k].default_value)], "step")
             for k in lay.inputs})
    else:
        peace = Calibration(name=f"{calibration.name} (peacetime inputs)",
                            values=calibration.values, history={},
                            history_start=calibration.history_start,
                            history_end=calibration.history_end)
        scenario = None
    runs: dict[int, np.ndarray | None] = {}

    def detrended_run(qs: int) -> np.ndarray | None:
        """The end of a ``qs``-quarter run brought back to the trends' initial levels,
        with pi (last entry); ``None`` when the run fails."""
        if qs not in runs:
            try:
                sim = simulate(model, peace, [scenario], quarters=qs)
            except SimulationError:
                runs[qs] = None
            else:
                states = sim.states[0, 0]
                x_s, pi_s = _detrend_end(model, states, x0, norm, trends)
                runs[qs] = np.append(x_s, pi_s)
        return runs[qs]

    # accumulators: held, their rate must vanish at peacetime inputs
    acc = [j for j in range(n) if classes[j] == "accumulator"]
    fixed: dict[str, str] = {}
    roles: dict[str, str] = {}
    for j in acc:
        fixed[names[j]] = ("accumulator (rate 0 at peacetime inputs)" if not after_history
                           else "accumulator, at its value after the history (rate 0 at "
                           "peacetime inputs)")
        roles[names[j]] = "accumulator"

    # exogenous trend stocks: detrended rate identically zero (tested at three points)
    gam0 = growth_rates(model, 0.0, p)
    pattern = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    # a second, irregular pattern: two stocks of equal value and scale that one pattern
    # moves together (a rate that follows another stock) still differ at some point
    pattern3 = np.where(np.arange(n) % 3 == 0, 1.0, -1.0) * (1.0 + np.arange(n) / n)
    points = [x0, x0 * (1 + 0.05 * pattern) + 0.01 * scale,
              x0 * (1 - 0.03 * pattern) + 0.02 * scale,
              x0 * (1 + 0.04 * pattern3) + 0.015 * pattern3 * scale]
    trend_rows = set(j for j in range(n) if classes[j] in _FIXED_RATE_CLASSES)
    for pt in points:
        r = f(pt, x0, p, u) - gam0 * pt
        trend_rows = {j for j in trend_rows if abs(r[j]) <= 1e-13 * scale[j]}
    trends: dict[str, int] = {}
    for j in sorted(trend_rows):
        fixed[names[j]] = (f"exogenous trend: f = gamma x identically at peacetime inputs "
                           f"({classes[j]} class, gamma = {gam0[j]:.4g}/year)")
        roles[names[j]] = "trend"
        trends.setdefault(classes[j], j)

    # the held stocks' values: the calibration's initial stocks, or the run's after the
    # history (the reference values x0 the equations use stay the initial stocks)
    base = x0.copy()
    if after_history:
        end = detrended_run(quarters)
        if end is None or not np.all(np.isfinite(end)):
            raise SteadyStateError(
                f"no steady state after the history: the run of the history and "
                f"{quarters} peacetime quarters failed")
        held = acc + sorted(trend_rows)
        base[held] = end[:-1][held]
    d0 = f(base, x0, p, u)
    for j in acc:
        if abs(d0[j]) > 1e-12 * scale[j]:
            raise SteadyStateError(
                f"accumulator {names[j]} changes at peacetime inputs (rate {d0[j]:.3g} "
                f"{q[names[j]].unit_label}/year): no steady state with it held")

    fixed[names[norm]] = "normalisation of the nominal scale (its equation gives pi_ss)"
    roles[names[norm]] = "normalisation"

    # conserved totals replace one of their equations
    replaced: dict[str, str] = {}
    constraints: list[tuple[int, np.ndarray]] = []
    for inv, c in _zero_growth_invariants(model).items():
        cand = [j for j in np.flatnonzero(c) if names[j] not in fixed
                and names[j] not in replaced]
        if not cand:
            continue
        j = int(max(cand, key=lambda k: abs(x0[k])))
        replaced[names[j]] = inv
        constraints.append((j, c))

    free = [j for j in range(n) if names[j] not in fixed]
    eqs = [j for j in range(n) if names[j] not in fixed or j == norm]
    eqs = [j for j in eqs if j not in trend_rows and j not in acc]

    def full(z: np.ndarray) -> tuple[np.ndarray, float]:
        x = base.copy()
        x[free] = z[:-1]
        return x, float(z[-1])

    def residual(x: np.ndarray, pi: float) -> np.ndarray:
        r = f(x, x0, p, u) - growth_rates(model, pi, p) * x
        for j, c in constraints:
            r[j] = c @ (x - x0)
        return r

    def F(z: np.ndarray) -> np.ndarray:
        x, pi = full(z)
        return (residual(x, pi) / scale)[eqs]

    # starting points, tried in turn (simulations only run when needed)
    where = " after the history" if after_history else ""

    def starts():  # noqa: ANN202 - generator of (label, stocks, inflation)
        for qs in dict.fromkeys((quarters, 400)):
            end = detrended_run(qs)
            if end is not None and np.all(np.isfinite(end)):
                yield (f"simulation of {qs} quarters at peacetime inputs{where}", end[:-1],
                       float(end[-1]))
        yield "initial stocks", base.copy(), float(d0[norm] / x0[norm])

    best = None
    tried = 0
    for label, xs, pis in starts():
        tried += 1
        z0 = np.append(xs[free], pis)
        with np.errstate(all="ignore"):
            sol = so.root(F, z0, method="hybr", options={"xtol": 1e-13, "maxfev": 20000})
        x, pi = full(sol.x)
        with np.errstate(all="ignore"):
            res = residual(x, pi)
        rel = np.abs(res / scale)
        rel_eq = rel[eqs]
        worst = float(np.nanmax(rel_eq)) if np.all(np.isfinite(rel_eq)) else np.inf
        floors = [q[k].bounds[0] for k in names]
        lower_ok = all(lo is None or x[j] >= lo * model.factor(k) - 1e-9 * scale[j]
                       for j, (k, lo) in enumerate(zip(names, floors)))
        if best is None or worst < best[0]:
            best = (worst, label, x, pi, res, rel)
        if worst <= tol and lower_ok:
            res_eq = np.zeros(n)
            res_eq[eqs] = res[eqs]
            rel_out = np.zeros(n)
            rel_out[eqs] = rel[eqs]
            return SteadyState(stocks=x, inflation=pi, growth=growth_rates(model, pi, p),
                               residual=res_eq, relative_residual=rel_out,
                               residual_norm=float(np.linalg.norm(res[eqs])), fixed=fixed,
                               roles=roles,
                               replaced=replaced, start=label, x0=x0, p=p, u=u, scale=scale,
                               names=list(names))
    if best is None:
        raise SteadyStateError("no steady state found: no starting point to try")
    worst, label, x, pi, res, rel = best
    rel_eq = np.where(np.isin(np.arange(n), eqs), rel, 0.0)
    j = int(np.nanargmax(np.where(np.isfinite(rel_eq), rel_eq, np.inf)))
    labels = [names[k] for k in free] + ["pi_ss"]
    raise SteadyStateError(
        f"no steady state found: the solver did not converge from {tried} starting "
        f"points; best from {label}: worst residual in {names[j]} "
        f"({rel_eq[j]:.3g} of its scale per year), pi_ss = {pi:.4g}/year"
        + _flat_direction(F, np.append(x[free], pi), labels))


def central_jacobian(fun: Callable[[np.ndarray], np.ndarray], x: np.ndarray,
                     steps: np.ndarray) -> np.ndarray:
    r"""Jacobian of ``fun`` at ``x`` by central differences.

    :math:`J_{\cdot j} \approx (f(x + h_j e_j) - f(x - h_j e_j)) / (2 h_j)`, :math:`h_j` =
    ``steps[j]``.  Returns ``(len(fun(x)), len(x))``.
    """
    n = len(x)

    def column(j: int) -> np.ndarray:
        e = np.zeros(n)
        e[j] = steps[j]
        return (fun(x + e) - fun(x - e)) / (2 * steps[j])

    first = column(0)
    jac = np.empty((len(first), n))
    jac[:, 0] = first
    for j in range(1, n):
        jac[:, j] = column(j)
    return jac


def _flat_direction(F: Callable[[np.ndarray], np.ndarray], z: np.ndarray,
                    labels: list[str]) -> str:
    r"""Name the unknown the conditions stop answering to at ``z``, if any.

    The Jacobian :math:`\partial F / \partial z` by central differences (relative step
    :math:`10^{-7}`, :func:`central_jacobian`); when its smallest singular value is below :math:`10^{-10}` of the
    largest, the conditions are (numerically) one short, and the unknown with the largest
    weight in the right singular vector is where: e.g. a logistic share driven to its
    limit, so that its shift no longer moves it.  Returns a clause for the error message,
    or an empty string.
    """
    with np.errstate(all="ignore"):
        jac = central_jacobian(F, z, 1e-7 * np.maximum(1.0, np.abs(z)))
    if not np.all(np.isfinite(jac)):
        return ""
    _, sv, vt = np.linalg.svd(jac)
    if sv[0] == 0 or sv[-1] > 1e-10 * sv[0]:
        return ""
    k = int(np.argmax(np.abs(vt[-1])))
    return (f"; there the conditions no longer answer to {labels[k]} (the Jacobian is "
            f"singular along it, smallest singular value {sv[-1] / sv[0]:.1e} of the "
            "largest): a share at its limit, or a condition too few")



# ================================================================ checks
def check_steady_state(model: Model, calibration: Calibration, quarters: int = 40, *,
                       after_history: bool = False) -> tuple[CheckResult, SteadyState | None]:
    """Steady state under constant peacetime inputs (see :func:`steady_state`, whose
    ``after_history`` chooses the economy: without its history, or after it).

    Returns
    -------
    (CheckResult, SteadyState or None)
        Figures: ``residual_norm`` (internal units per year),
        ``max_relative_residual`` (per year), ``pi_ss_pct`` (% per year),
        ``expected_inflation_pct``, ``key_rate_pct``, ``unemployment_rate_pct`` and
        ``spending_propensity`` (share of expected disposable income households spend; a
        logistic whose limit is 1, so its margin to 1 says how near the point is to
        vanishing) at the steady state.
    """
    name = "steady state"
    try:
        ss = steady_state(model, calibration, quarters=quarters, after_history=after_history)
    except SteadyStateError as exc:
        return CheckResult(name, False, {}, str(exc)), None
    lay = model.layout
    j_worst = int(np.argmax(ss.relative_residual))
    figs: dict[str, object] = {
        "residual_norm": ss.residual_norm,
        "max_relative_residual": float(ss.relative_residual.max()),
        "worst_stock": lay.stocks[j_worst],
        "pi_ss_pct": 100 * ss.inflation,
    }
    for k in ("expected_inflation", "key_rate"):
        if k in lay.stocks:
            figs[f"{k}_pct"] = 100 * ss.stocks[lay.stocks.index(k)]
    with np.errstate(all="ignore"):
        der = np.asarray(model.kernels.derived(ss.stocks, ss.x0, ss.p, ss.u))
    if "unemployment_rate" in lay.derived:
        figs["unemployment_rate_pct"] = 100 * float(der[lay.derived.index("unemployment_rate")])
    if "spending_propensity" in lay.derived:
        figs["spending_propensity"] = float(der[lay.derived.index("spending_propensity")])
    details = [f"start: {ss.start}"]
    details += [f"held: {k} - {why}" for k, why in ss.fixed.items()]
    details += [f"equation of {k} replaced by: invariant '{inv}' equals its initial value"
                for k, inv in ss.replaced.items()]
    shown = ss.series(model)
    tiny = np.abs(ss.stocks) < 1e-9 * ss.scale
    shown[tiny] = 0.0
    details.append("steady state (display units, trend levels at the start): " + ", ".join(
        f"{k} {shown[k]:.4g}" for k in lay.stocks if k not in ss.fixed))
    msg = (f"converged: residual norm {ss.residual_norm:.2e}, max relative "
           f"{figs['max_relative_residual']:.1e}/year ({lay.stocks[j_worst]}); "
           f"pi_ss = {100 * ss.inflation:.3f} %/year")
    if "unemployment_rate_pct" in figs:
        msg += f", unemployment {figs['unemployment_rate_pct']:.2f} %"
    return CheckResult(name, True, figs, msg, details), ss
