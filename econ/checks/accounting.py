"""Stock-flow accounting: people and money conserved, proved symbolically and along a run."""

from __future__ import annotations

import numpy as np
import sympy as sp

from peacetrap.checks.result import CheckResult
from peacetrap.checks.steady import _rhs, linear_coefficients
from peacetrap.core.model import Model
from peacetrap.core.symbolic import ModelSpec
from peacetrap.errors import PeacetrapError, SimulationError, failure_note
from peacetrap.run.setups import Calibration, Scenario, input_grid, load_scenario

#: Tolerance of the numeric accounting checks (relative).
ACCOUNTING_TOL = 1e-9

#: Scenario whose simulation the numeric accounting check uses (with its baseline).
ACCOUNTING_SCENARIO = "sudden-peace"


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
        e = q.equation.replace(softplus, lambda x, w: w * sp.log(1 + sp.exp(x / w)))
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
        for pool in (fl.source, fl.target):
            if pool is not None and pool not in pools:
                pools.append(pool)
    if pools:
        n += 1
        total = sum((p.equation for p in pools), sp.Integer(0))
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
    figs: dict[str, object] = {"n_identities": n, "n_failed": len(failures)}
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
        return CheckResult(name, False, {}, failure_note(exc))
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
        if c is None:
            return CheckResult(name, False, figs, f"net financial assets of {s} are not linear "
                               "in the stocks; not checked")
        change = rates @ c
        gross = np.abs(received) + np.abs(paid) + np.abs(rates) @ np.abs(c)
        res = received - paid - change
        rel = np.abs(res) / np.where(gross > 0, gross, 1.0)
        figs[f"tfm_{s}"] = float(rel.max())
        if rel.max() > worst:
            worst = float(rel.max())
            k, t = (int(i) for i in np.unravel_index(int(np.argmax(rel)), rel.shape))
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
