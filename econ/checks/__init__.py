r"""Model checks: steady state, stability, units and stock-flow accounting.

Every check returns a :class:`CheckResult` (name, pass/fail, figures, message)
so the command line (``peacetrap check``), the tests and other commands can
use them.  :func:`run_checks` runs them all.

Steady state under constant peacetime inputs
---------------------------------------------
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
initial levels of the trend stocks.  It is a balanced-growth *path* only if
the model is homogeneous in its trends; it is not exactly: the oil price and
export volume are fixed in US dollars and barrels while foreign prices and
productivity grow, so a very long run at peacetime inputs drifts away from
the point found here (the point itself is exact, the path is not).

Stability
---------
The Jacobian :math:`J = \partial f/\partial x` at the steady state is
computed by central finite differences of the compiled right-hand side; the
detrended system :math:`\dot z = f(z) - \Gamma z` has Jacobian
:math:`A = J - \operatorname{diag}(\gamma)`.  :math:`A` has structural zero
eigenvalues: one per accumulator and per exogenous trend stock (zero rows),
one per invariant with :math:`\gamma = 0` on its stocks (a left null
vector; an invariant over growing stocks, such as the banks' balance sheet,
gives the eigenvalue :math:`-\gamma` instead), counted as the rank of these
left null vectors, plus one for the nominal-scale homogeneity (right null
vector :math:`S x^*`, :math:`S` the indicator of the nominal classes).  The
steady state is stable if exactly that many eigenvalues are near zero
(:math:`|\lambda| <` :data:`ZERO_TOL`) and all the others have negative
real parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.optimize as so
import sympy as sp

from peacetrap.core import units as un
from peacetrap.errors import PeacetrapError, SimulationError, SteadyStateError, UnitsError
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, Scenario, input_grid, load_scenario
from peacetrap.core.symbolic import ModelSpec

#: Parameters giving the trend growth rates of the ``productivity`` and ``foreign`` classes.
GROWTH_PARAMETERS = {"productivity": "productivity_growth", "foreign": "foreign_inflation"}

#: Growth classes that scale with the nominal level (the homogeneity direction).
NOMINAL_CLASSES = ("price", "wage", "nominal", "fx")

#: Growth classes whose rate does not involve the unknown inflation.
_FIXED_RATE_CLASSES = ("none", "foreign", "productivity")

#: Eigenvalues with modulus below this (per year; a time constant over 1,000 years) are
#: counted as zero.
ZERO_TOL = 1e-3

#: Largest relative residual (per year, relative to each stock's scale) of a steady state.
STEADY_TOL = 1e-8

#: Tolerance of the numeric accounting checks (relative).
ACCOUNTING_TOL = 1e-9

#: Scenario whose simulation the numeric accounting check uses (with its baseline).
ACCOUNTING_SCENARIO = "sudden-peace"


@dataclass
class CheckResult:
    """Outcome of one check.

    Attributes
    ----------
    name : str
        Short name (``steady state``, ``eigenvalues``, ``units``, ...).
    passed : bool
    figures : dict
        The numbers the check is judged on (names say the unit).
    message : str
        One line saying what was found.
    details : list of str
        Further lines (failures, breakdowns).
    """

    name: str
    passed: bool
    figures: dict[str, object] = field(default_factory=dict)
    message: str = ""
    details: list[str] = field(default_factory=list)


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
    return np.array([float(model.spec.quantities[n].default) * model.factor(n)
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


def _rhs(model: Model):  # noqa: ANN202 - returns a closure
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
    g_a = p[lay.parameters.index(GROWTH_PARAMETERS["productivity"])]
    pi_f = p[lay.parameters.index(GROWTH_PARAMETERS["foreign"])]
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
                 tol: float = STEADY_TOL) -> SteadyState:
    r"""Balanced-growth path under constant peacetime inputs.

    Solves :math:`f_j(x) = \gamma_j(\pi_{ss})\,x_j` for the stocks and
    :math:`\pi_{ss}` (closures in the module notes) with
    :func:`scipy.optimize.root`.  Starting points are tried in turn until one
    converges: the detrended end of a ``quarters``-long simulation at
    peacetime inputs (trend stocks brought back to their initial level, the
    other stocks divided by the growth their class implies, :math:`\pi` from
    the last quarter's growth of the normalising price), the same after 400
    quarters, and the calibration's initial stocks.  Ten years is the default:
    the fast transients have died out, while much longer runs drift away from
    the balanced path because the model is not exactly homogeneous in its
    trends (oil revenue is fixed in US dollars, for one).  Residuals are scaled by
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

    # accumulators: held, their rate must vanish at peacetime inputs
    acc = [j for j in range(n) if classes[j] == "accumulator"]
    fixed: dict[str, str] = {}
    roles: dict[str, str] = {}
    d0 = f(x0, x0, p, u)
    for j in acc:
        if abs(d0[j]) > 1e-12 * scale[j]:
            raise SteadyStateError(
                f"accumulator {names[j]} changes at peacetime inputs (rate {d0[j]:.3g} "
                f"{q[names[j]].unit_label}/year): no steady state with it held")
        fixed[names[j]] = "accumulator (rate 0 at peacetime inputs)"
        roles[names[j]] = "accumulator"

    # exogenous trend stocks: detrended rate identically zero (tested at three points)
    gam0 = growth_rates(model, 0.0, p)
    pattern = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    points = [x0, x0 * (1 + 0.05 * pattern) + 0.01 * scale,
              x0 * (1 - 0.03 * pattern) + 0.02 * scale]
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

    prices = [j for j in range(n) if classes[j] == "price"]
    if not prices:
        raise SteadyStateError("no stock of growth class 'price' to normalise the nominal scale")
    norm = prices[0]
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
        j = max(cand, key=lambda k: abs(x0[k]))
        replaced[names[j]] = inv
        constraints.append((j, c))

    free = [j for j in range(n) if names[j] not in fixed]
    eqs = [j for j in range(n) if names[j] not in fixed or j == norm]
    eqs = [j for j in eqs if j not in trend_rows and j not in acc]

    def full(z: np.ndarray) -> tuple[np.ndarray, float]:
        x = x0.copy()
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
    peace = Calibration(name=f"{calibration.name} (peacetime inputs)", values=calibration.values,
                        history={}, history_start=calibration.history_start,
                        history_end=calibration.history_end)

    def starts():  # noqa: ANN202 - generator of (label, stocks, inflation)
        for qs in dict.fromkeys((quarters, 400)):
            try:
                sim = simulate(model, peace, [None], quarters=qs)
            except SimulationError:
                continue
            x_s, pi_s = _detrend_end(model, sim.states[0, 0], x0, norm, trends)
            if np.all(np.isfinite(x_s)) and np.isfinite(pi_s):
                yield f"simulation of {qs} quarters at peacetime inputs", x_s, pi_s
        yield "initial stocks", x0.copy(), float(d0[norm] / x0[norm])

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
        lower_ok = all(q[k].bounds[0] is None or x[j] >= q[k].bounds[0] * model.factor(k)
                       - 1e-9 * scale[j] for j, k in enumerate(names))
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
    worst, label, x, pi, res, rel = best
    rel_eq = np.where(np.isin(np.arange(n), eqs), rel, 0.0)
    j = int(np.nanargmax(np.where(np.isfinite(rel_eq), rel_eq, np.inf)))
    raise SteadyStateError(
        f"no steady state found: the solver did not converge from {tried} starting "
        f"points; best from {label}: worst residual in {names[j]} "
        f"({rel_eq[j]:.3g} of its scale per year), pi_ss = {pi:.4g}/year")


def jacobian(model: Model, x: np.ndarray, x0: np.ndarray, p: np.ndarray, u: np.ndarray,
             scale: np.ndarray | None = None, rel_step: float = 1e-6) -> np.ndarray:
    r"""Jacobian :math:`J_{ij} = \partial f_i / \partial x_j` by central differences.

    :math:`J_{\cdot j} \approx (f(x + h_j e_j) - f(x - h_j e_j)) / (2 h_j)` with
    :math:`h_j` = ``rel_step`` times the stock's scale, on the compiled
    right-hand side (reference values ``x0``, parameters ``p``, inputs ``u``,
    internal units).  Entry :math:`(i, j)` is in unit of stock :math:`i` per
    year per unit of stock :math:`j`.

    Returns
    -------
    numpy.ndarray
        ``(n_stocks, n_stocks)``.
    """
    f = _rhs(model)
    n = len(x)
    if scale is None:
        scale = np.maximum(np.abs(x), 1e-6)
    J = np.empty((n, n))
    for j in range(n):
        h = rel_step * scale[j]
        e = np.zeros(n)
        e[j] = h
        J[:, j] = (f(x + e, x0, p, u) - f(x - e, x0, p, u)) / (2 * h)
    return J


# ================================================================ checks
def check_steady_state(model: Model, calibration: Calibration,
                       quarters: int = 40) -> tuple[CheckResult, SteadyState | None]:
    """Steady state under constant peacetime inputs (see :func:`steady_state`).

    Returns
    -------
    (CheckResult, SteadyState or None)
        Figures: ``residual_norm`` (internal units per year),
        ``max_relative_residual`` (per year), ``pi_ss_pct`` (% per year),
        ``expected_inflation_pct`` and ``key_rate_pct`` at the steady state.
    """
    name = "steady state"
    try:
        ss = steady_state(model, calibration, quarters=quarters)
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


def check_eigenvalues(model: Model, ss: SteadyState | None) -> CheckResult:
    r"""Stability of the detrended system at the steady state.

    Eigenvalues of :math:`A = J - \operatorname{diag}(\gamma)` (per year).
    Expected zeros (see the module notes): accumulators, exogenous trend
    stocks, invariants with zero growth on their stocks (rank of these left
    null vectors), plus one for nominal-scale homogeneity.  Passes when
    exactly that many eigenvalues have :math:`|\lambda| <` :data:`ZERO_TOL`
    and all others have negative real parts.

    Figures: ``max_real`` (all eigenvalues), ``max_real_others`` (excluding
    the expected zeros), ``n_near_zero``, ``n_expected_zero``,
    ``nominal_eigenvalue`` (the near-zero eigenvalue of largest modulus: a
    measure of how far homogeneity is broken) and ``homogeneity_defect``
    (largest :math:`|(A S x^*)_i|` over stock :math:`i`'s scale, per year).
    """
    name = "eigenvalues"
    if ss is None:
        return CheckResult(name, False, {}, "not run: no steady state")
    lay = model.layout
    n = len(lay.stocks)
    J = jacobian(model, ss.stocks, ss.x0, ss.p, ss.u, ss.scale)
    A = J - np.diag(ss.growth)
    ev = np.linalg.eigvals(A)
    q = model.spec.quantities
    classes = [q[k].growth for k in lay.stocks]

    vectors = []
    why: dict[str, int] = {}
    for j, k in enumerate(lay.stocks):
        role = ss.roles.get(k)
        if role in ("accumulator", "trend"):
            vectors.append(np.eye(n)[j])
            label = "accumulators" if role == "accumulator" else "exogenous trends"
            why[label] = why.get(label, 0) + 1
    for inv, c in _zero_growth_invariants(model).items():
        vectors.append(c)
        why[f"invariant '{inv}'"] = 1
    n_struct = int(np.linalg.matrix_rank(np.array(vectors), tol=1e-9)) if vectors else 0
    nominal = np.array([1.0 if c in NOMINAL_CLASSES else 0.0 for c in classes])
    n_hom = 1 if nominal.any() else 0
    if n_hom:
        why["nominal scale"] = 1
    n_expected = n_struct + n_hom
    if n_struct < sum(why.values()) - n_hom:
        why["(dependent, not counted)"] = n_struct - (sum(why.values()) - n_hom)

    order = np.argsort(np.abs(ev))
    expected, others = ev[order[:n_expected]], ev[order[n_expected:]]
    n_near = int(np.sum(np.abs(ev) < ZERO_TOL))
    defect = float(np.max(np.abs(A @ (nominal * ss.stocks)) / ss.scale)) if n_hom else 0.0
    nominal_ev = expected[np.argmax(np.abs(expected))] if len(expected) else 0.0
    max_other = float(others.real.max()) if len(others) else -np.inf
    figs: dict[str, object] = {
        "max_real": float(ev.real.max()),
        "max_real_others": max_other,
        "n_near_zero": n_near,
        "n_expected_zero": n_expected,
        "nominal_eigenvalue": float(np.real(nominal_ev)),
        "homogeneity_defect": defect,
    }
    passed = n_near == n_expected and max_other < 0
    breakdown = ", ".join(f"{v} {k}" for k, v in why.items())
    if passed:
        msg = (f"stable: {n_near} of {n} eigenvalues near zero as expected ({breakdown}); "
               f"largest real part of the others {max_other:.4g}/year")
    elif n_near != n_expected:
        msg = (f"{n_near} eigenvalues near zero (|lambda| < {ZERO_TOL:g}/year), expected "
               f"{n_expected} ({breakdown}); largest real part {figs['max_real']:.4g}/year")
    else:
        msg = (f"unstable: an eigenvalue has real part {max_other:.4g}/year > 0 "
               f"(expected zeros: {breakdown})")
    details = ["eigenvalues (per year, by modulus): " + ", ".join(
        f"{z.real:.4g}{z.imag:+.3g}i" if abs(z.imag) > 1e-12 else f"{z.real:.4g}"
        for z in ev[order])]
    if n_hom:
        details.append(f"nominal-scale eigenvalue {figs['nominal_eigenvalue']:.3g}/year; "
                       f"homogeneity defect |A S x*| = {defect:.3g} of scale per year "
                       "(0 if the model were exactly homogeneous in the nominal scale)")
    return CheckResult(name, passed, figs, msg, details)


def _unit_table(spec: ModelSpec) -> dict[sp.Symbol, sp.Expr]:
    from peacetrap.core.definition import REFERENCES

    units = spec.symbol_units()
    for r in REFERENCES:
        if r in spec.quantities:
            units[sp.Symbol(f"{r}_0", real=True)] = spec.quantities[r].unit
    return units


def _same_unit(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a / b - 1) == 0


def check_units(spec: ModelSpec) -> CheckResult:
    r"""Dimensional consistency of every equation.

    For each flow and auxiliary :math:`y = f(\cdot)` the unit of
    :math:`f` (:func:`peacetrap.core.units.unit_of`: sums of like units only,
    dimensionless arguments of ``exp``/``log`` and exponents) must equal the
    declared unit of :math:`y`, scale included; for each stock the unit of
    its rate must be the stock's unit per year.  The invariants and the
    sector savings must be consistent sums too (savings in the unit of the
    transactions).

    Figures: ``n_checked``, ``n_failed``.
    """
    units = _unit_table(spec)
    failures: list[str] = []
    n = 0
    for q in spec.quantities.values():
        if q.expr is None or q.kind not in ("stock", "flow", "auxiliary"):
            continue
        n += 1
        where = f"d({q.name})/dt" if q.kind == "stock" else q.name
        want = q.unit / un.year if q.kind == "stock" else q.unit
        try:
            got = un.unit_of(q.expr, units, where)
        except UnitsError as exc:
            failures.append(str(exc))
            continue
        if not _same_unit(got, want):
            failures.append(f"{where}: right-hand side is in [{un.describe(got)}], declared "
                            f"[{un.describe(want)}]")
    flow_unit = spec.transactions[0].quantity.unit if spec.transactions else None
    for label, expr, want in (
            [(f"invariant {k}", e, None) for k, e in spec.invariants.items()]
            + [(f"saving of {k}", e, flow_unit) for k, e in spec.sector_saving.items()]):
        n += 1
        try:
            got = un.unit_of(sp.sympify(expr), units, label)
        except UnitsError as exc:
            failures.append(str(exc))
            continue
        if want is not None and sp.sympify(expr) != 0 and not _same_unit(got, want):
            failures.append(f"{label}: in [{un.describe(got)}], transactions are in "
                            f"[{un.describe(want)}]")
    if failures:
        return CheckResult("units", False, {"n_checked": n, "n_failed": len(failures)},
                           f"{len(failures)} of {n} equations inconsistent: {failures[0]}",
                           failures)
    return CheckResult("units", True, {"n_checked": n, "n_failed": 0},
                       f"all {n} equations dimensionally consistent")


# ------------------------------------------------------------ accounting
def random_point(spec: ModelSpec, seed: int) -> dict[sp.Symbol, sp.Expr]:
    """Values of every symbol at a random point, for numeric tests of identities.

    Every stock, parameter, input, constant and reference value is drawn from
    [0.5, 2]; flows and auxiliaries are evaluated from their definitions in
    order, to 30 digits, in complex arithmetic (a logarithm of a negative
    number is no obstacle: an identity holds on every branch used
    consistently).
    """
    from peacetrap.core.symbolic import softplus

    rng = np.random.default_rng(seed)
    defs = {q.symbol: q.expr for q in spec.derived}
    base: set[sp.Symbol] = set()
    for q in spec.quantities.values():
        if q.symbol not in defs:
            base.add(q.symbol)
        if q.expr is not None:
            base |= q.expr.free_symbols - defs.keys()
    for e in list(spec.invariants.values()) + list(spec.sector_saving.values()):
        base |= sp.sympify(e).free_symbols - defs.keys()
    vals: dict[sp.Symbol, sp.Expr] = {s: sp.Float(rng.uniform(0.5, 2.0), 30)
                                       for s in sorted(base, key=str)}
    for q in spec.derived:
        e = q.expr.replace(softplus, lambda x, w: w * sp.log(1 + sp.exp(x / w)))
        vals[q.symbol] = sp.N(e.xreplace(vals), 30)
    return vals


def _numerically_zero(expr: sp.Expr, point: dict[sp.Symbol, sp.Expr]) -> bool:
    """Whether ``expr`` vanishes at ``point`` to 1e-12 of the size of its terms."""
    terms = [complex(sp.N(t.xreplace(point), 30)) for t in sp.Add.make_args(expr)]
    if not all(np.isfinite(t) for t in terms):
        return False
    return abs(sum(terms)) <= 1e-12 * max(sum(abs(t) for t in terms), 1e-300)


def is_identically_zero(expr: sp.Expr, spec: ModelSpec,
                        points: list[dict[sp.Symbol, sp.Expr]] | None = None,
                        max_ops: int = 2000) -> bool:
    """Whether an expression over model symbols is identically zero.

    A numeric screen first: the expression must vanish at random points
    (:func:`random_point`; pass ``points`` to reuse them over many calls).
    Then a proof: flows and auxiliaries are replaced by their definitions one
    at a time, latest-defined first, expanding after each, so identities that
    hold a few levels up (e.g. profits defined as a residual of spending)
    cancel before the quantities they cancel (spending) are ever expanded;
    when no definitions are left, :func:`sympy.simplify` decides.  Should the
    expansion grow beyond ``max_ops`` operations, the numeric screen's
    verdict stands.
    """
    expr = sp.sympify(expr)
    if expr == 0:
        return True
    if points is None:
        points = [random_point(spec, 1)]
    if not all(_numerically_zero(expr, pt) for pt in points):
        return False
    order = {q.symbol: k for k, q in enumerate(spec.derived)}
    defs = {q.symbol: q.expr for q in spec.derived}
    e = sp.expand(expr)
    for _ in range(10 * len(defs) + 1):
        if e == 0:
            return True
        present = e.free_symbols & defs.keys()
        if not present:
            return sp.simplify(e) == 0
        last = max(present, key=order.__getitem__)      # latest definition first
        e = sp.expand(e.xreplace({last: defs[last]}))
        if sp.count_ops(e) > max_ops:
            break
    return True


def _time_derivative(spec: ModelSpec, expr: sp.Expr) -> sp.Expr:
    r""":math:`\mathrm{d}E/\mathrm{d}t = \sum_j \partial E/\partial x_j \, \dot x_j`."""
    return sum((sp.diff(expr, q.symbol) * q.expr for q in spec.stocks
                if q.symbol in sp.sympify(expr).free_symbols), sp.Integer(0))


def sector_assets(spec: ModelSpec) -> dict[str, sp.Expr]:
    """Net financial assets of each sector as an expression in the stocks (from the model)."""
    return dict(spec.sector_assets)


def _column(spec: ModelSpec, sector: str) -> sp.Expr:
    """Receipts minus payments of a sector in the transactions-flow matrix."""
    col = sp.Integer(0)
    for t in spec.transactions:
        if t.payee == sector:
            col += t.quantity.symbol
        if t.payer == sector:
            col -= t.quantity.symbol
    return col


def check_accounting_symbolic(spec: ModelSpec) -> CheckResult:
    r"""Stock-flow consistency, proved symbolically.

    * people: :math:`\sum_{\text{pools}} \dot X = 0` (every flow leaves one
      pool and enters another, or the system);
    * each invariant of ``spec.invariants`` has :math:`\mathrm{d}I/\mathrm{d}t = 0`
      (and the banks' balance sheet :math:`M + R - B - F_b`);
    * transactions-flow matrix: every row has a payer and a payee among the
      sectors (so rows sum to zero); each sector's column (receipts minus
      payments) equals ``spec.sector_saving`` (0 for firms and banks);
    * each sector's saving equals the change of its net financial assets
      (:func:`sector_assets`), which sum to zero over the sectors.

    "Equals" is :func:`is_identically_zero` of the difference, with flows and
    auxiliaries substituted by their definitions.

    Figures: ``n_identities``, ``n_failed``.
    """
    failures: list[str] = []
    n = 0
    points = [random_point(spec, seed) for seed in (1, 2)]

    def zero(e: sp.Expr) -> bool:
        return is_identically_zero(e, spec, points)

    pools = []
    for fl in spec.people_flows:
        for s in (fl.source, fl.target):
            if s is not None and s not in pools:
                pools.append(s)
    if pools:
        n += 1
        total = sum((p.expr for p in pools), sp.Integer(0))
        if not zero(total):
            failures.append("people: the rates of the pools do not sum to zero "
                            f"({sp.sstr(sp.expand(total))})")
    identities = dict(spec.invariants)
    identities.setdefault("bank_balance_sheet", spec.balance_sheet)
    if all(sp.expand(e - spec.balance_sheet) != 0 for e in spec.invariants.values()):
        identities["balance_sheet"] = spec.balance_sheet
    for name, expr in identities.items():
        n += 1
        if not zero(_time_derivative(spec, expr)):
            failures.append(f"invariant {name}: d/dt({sp.sstr(expr)}) is not zero")
    for t in spec.transactions:
        n += 1
        if t.payer not in spec.sectors or t.payee not in spec.sectors or t.payer == t.payee:
            failures.append(f"transaction {t.quantity.name}: payer '{t.payer}' and payee "
                            f"'{t.payee}' must be two different sectors of {spec.sectors}")
    try:
        assets = sector_assets(spec)
    except PeacetrapError as exc:
        assets = {}
        failures.append(str(exc))
    for s in spec.sectors:
        n += 1
        saving = sp.sympify(spec.sector_saving.get(s, 0))
        if not zero(_column(spec, s) - saving):
            failures.append(f"transactions-flow matrix: column of {s} (receipts - payments) "
                            f"differs from its saving {sp.sstr(saving)}")
        if s in assets:
            n += 1
            if not zero(saving - _time_derivative(spec, assets[s])):
                failures.append(f"{s}: saving differs from the change of its net financial "
                                f"assets {sp.sstr(assets[s])}")
    if assets:
        n += 1
        if sp.expand(sum(assets.values(), sp.Integer(0))) != 0:
            failures.append("net financial assets of the sectors do not sum to zero: "
                            f"{sp.sstr(sp.expand(sum(assets.values(), sp.Integer(0))))}")
    figs = {"n_identities": n, "n_failed": len(failures)}
    if failures:
        return CheckResult("accounting (symbolic)", False, figs,
                           f"{len(failures)} of {n} identities fail: {failures[0]}", failures)
    return CheckResult("accounting (symbolic)", True, figs,
                       f"all {n} identities hold: people conserved, invariants constant, "
                       f"transactions-flow matrix balanced for {len(spec.sectors)} sectors")


def check_accounting_numeric(model: Model, calibration: Calibration,
                             scenario: str | Scenario = ACCOUNTING_SCENARIO,
                             quarters: int = 40) -> CheckResult:
    r"""Stock-flow consistency along a simulated run, at every integration step.

    Simulates the calibration's history and ``scenario`` (and its baseline)
    with ``record="steps"`` and checks

    * each linear invariant :math:`I = c^T x` of ``spec.invariants``:
      :math:`\max_t |I(x_t) - I(x_0)| / \max_t \sum_j |c_j x_{j,t}|`
      :math:`\le` :data:`ACCOUNTING_TOL`;
    * the transactions-flow matrix from ``Simulation.derived``: for each
      sector, receipts :math:`-` payments :math:`-` the change of its net
      financial assets (:func:`sector_assets`; stock rates from the compiled
      right-hand side at the same state and inputs), relative to the sum of
      the absolute values of those terms, :math:`\le` :data:`ACCOUNTING_TOL`.

    Figures: ``drift_<invariant>`` (relative), ``tfm_max_relative``,
    ``n_steps`` (recorded states per run), ``runs``.
    """
    from peacetrap.run.simulate import simulate

    name = "accounting (numeric)"
    spec, lay = model.spec, model.layout
    sc = load_scenario(model, scenario) if isinstance(scenario, str) else scenario
    runs: list[Scenario | None] = [sc]
    if sc.baseline and sc.baseline != sc.name:
        try:
            runs.append(load_scenario(model, sc.baseline))
        except PeacetrapError:
            pass
    try:
        sim = simulate(model, calibration, runs, quarters=quarters, record="steps")
        derived = sim.derived
    except SimulationError as exc:
        return CheckResult(name, False, {}, f"simulation failed: {exc}")
    states = sim.states[0]                                  # (n_runs, n_t, n_stocks)
    figs: dict[str, object] = {"runs": ", ".join(sim.scenario_names),
                               "n_steps": int(states.shape[1])}
    failures: list[str] = []
    for inv, expr in spec.invariants.items():
        c = linear_coefficients(spec, expr, lay.stocks)
        if c is None:
            failures.append(f"invariant {inv} is not linear in the stocks; not checked")
            continue
        vals = states @ c
        scale = (np.abs(states) @ np.abs(c)).max(axis=1)
        drift = np.abs(vals - vals[:, :1]).max(axis=1) / scale
        figs[f"drift_{inv}"] = float(drift.max())
        if drift.max() > ACCOUNTING_TOL:
            k = int(np.argmax(drift))
            t = int(np.argmax(np.abs(vals[k] - vals[k, 0])))
            failures.append(f"invariant {inv} drifts by {drift.max():.2e} (relative) in run "
                            f"'{sim.scenario_names[k]}', worst at t = {sim.times[t]:.3f} years")

    # stock rates at the recorded states, with the inputs Simulation.derived uses
    p, x0 = model.internal(sim.values)
    u_rec = input_grid(model, calibration, runs, np.maximum(sim.times - 1e-9, 0.0))
    f = _rhs(model)
    rates = np.empty_like(states)
    for k in range(states.shape[0]):
        for t in range(states.shape[1]):
            rates[k, t] = f(states[k, t], x0[0], p[0], np.ascontiguousarray(u_rec[k, :, t]))
    der = derived[0]                                        # (n_runs, n_t, n_derived)
    worst, where = 0.0, ""
    try:
        assets = sector_assets(spec)
    except PeacetrapError as exc:
        return CheckResult(name, False, figs, str(exc))
    for s in spec.sectors:
        received = np.zeros(states.shape[:2])
        paid = np.zeros(states.shape[:2])
        for tr in spec.transactions:
            col = der[:, :, lay.derived.index(tr.quantity.name)]
            if tr.payee == s:
                received += col
            if tr.payer == s:
                paid += col
        c = linear_coefficients(spec, assets[s], lay.stocks)
        change = rates @ c
        gross = np.abs(received) + np.abs(paid) + np.abs(rates) @ np.abs(c)
        res = received - paid - change
        rel = np.abs(res) / np.where(gross > 0, gross, 1.0)
        figs[f"tfm_{s}"] = float(rel.max())
        if rel.max() > worst:
            worst = float(rel.max())
            k, t = np.unravel_index(int(np.argmax(rel)), rel.shape)
            where = f"{s}, run '{sim.scenario_names[k]}', t = {sim.times[t]:.3f} years"
    figs["tfm_max_relative"] = worst
    if worst > ACCOUNTING_TOL:
        failures.append(f"transactions-flow matrix does not balance: {worst:.2e} (relative) "
                        f"in {where}")
    drifts = {k: v for k, v in figs.items() if k.startswith("drift_")}
    summary = ", ".join(f"{k[6:]} drift {v:.1e}" for k, v in drifts.items())
    if failures:
        return CheckResult(name, False, figs, failures[0], failures)
    return CheckResult(name, True, figs,
                       f"{summary}; transactions-flow matrix balanced to {worst:.1e} over "
                       f"{figs['n_steps']} steps of {figs['runs']}")


def run_checks(model: Model, calibration: Calibration,
               scenario: str | Scenario = ACCOUNTING_SCENARIO) -> list[CheckResult]:
    """Run every check: steady state, eigenvalues, units, accounting (symbolic, numeric).

    Parameters
    ----------
    model : Model
    calibration : Calibration
    scenario : str or Scenario
        Scenario whose run the numeric accounting check uses.

    Returns
    -------
    list of CheckResult
    """
    res_ss, ss = check_steady_state(model, calibration)
    return [res_ss, check_eigenvalues(model, ss), check_units(model.spec),
            check_accounting_symbolic(model.spec),
            check_accounting_numeric(model, calibration, scenario)]


def format_results(results: list[CheckResult], verbose: bool = False) -> str:
    """Lines ``PASS|FAIL  name  message`` (with details when failing or ``verbose``)."""
    width = max(len(r.name) for r in results) if results else 0
    lines = []
    for r in results:
        lines.append(f"{'PASS' if r.passed else 'FAIL'}  {r.name:<{width}}  {r.message}")
        if verbose or not r.passed:
            lines += [f"      {d}" for d in r.details]
    return "\n".join(lines) + "\n"
