"""Dimensional consistency of every equation of the model."""

from __future__ import annotations

import sympy as sp

from peacetrap.checks.result import CheckResult
from peacetrap.core import units as un
from peacetrap.core.symbolic import ModelSpec
from peacetrap.errors import UnitsError


def _unit_table(spec: ModelSpec) -> dict[sp.Symbol, sp.Expr]:
    units = spec.symbol_units()
    for r in spec.references:
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
