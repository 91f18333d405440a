r"""Stability of the detrended system at the steady state.

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

import numpy as np

from peacetrap.checks.result import CheckResult
from peacetrap.checks.steady import (NOMINAL_CLASSES, SteadyState, _rhs, _zero_growth_invariants,
                                    central_jacobian)
from peacetrap.core.model import Model

#: Eigenvalues with modulus below this (per year; a time constant over 1,000 years) are
#: counted as zero.
ZERO_TOL = 1e-3


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
    if scale is None:
        scale = np.maximum(np.abs(x), 1e-6)
    return central_jacobian(lambda z: f(z, x0, p, u), x, rel_step * np.asarray(scale))


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
