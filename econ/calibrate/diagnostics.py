r"""Diagnostics of a fitted calibration: identification and the kind of each target.

Diagnostics at the solution
---------------------------
* Jacobian :math:`J = \partial r / \partial \theta` (residual units per
  unit of each free value) and its singular values in the unit box; the
  condition number is :math:`s_{max}/s_{min}`, the numerical rank counts
  :math:`s_k > 10^{-6} s_{max}`.  A free value is flagged *not identified*
  when no target moves it (its column is :math:`<10^{-8}` of the largest) or
  when it loads (:math:`|v| > 0.3`) on a direction with
  :math:`s_k < 10^{-4} s_{max}`; *weakly identified* when its standard
  error exceeds half its search range.
* Standard errors, when there are more informative residual rows than free
  values (:math:`n > k`): :math:`\operatorname{Cov}\hat\theta = \hat\sigma^2
  (J^\top J)^{-1}` with :math:`\hat\sigma^2 = \sum r_i^2/(n-k)` (classical
  weighted least squares), and the same with :math:`\hat\sigma^2 = 1`
  (tolerances read as standard deviations of the targets).
* The *kind* of each target: ``endogenous`` when some model parameter moves
  it (the model's behaviour produces it), otherwise ``input`` when a history
  input path moves it (cumulative casualties, sanctions in force: running
  totals of inputs) or ``initial`` when only initial stocks set it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.calibrate.problem import FD_STEP, Problem
from peacetrap.io.paths import Path as TimePath


def fit_table(problem: Problem, outputs: np.ndarray, resid: np.ndarray,
              kinds: list[str]) -> pd.DataFrame:
    """One row per target: the model's value against the target's.

    ``rel_error`` is ``(model - target) / |target|`` (NaN for a zero target),
    ``residual`` is ``(model - target) / scale`` and ``within_tolerance`` is
    ``|residual| <= 1``; also the target's period, statistic, kind, source and weighting.
    """
    targets = problem.tset.targets
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(problem.values != 0,
                       (outputs - problem.values) / np.abs(problem.values), np.nan)
    r = resid[:len(targets)]
    return pd.DataFrame({
        "target": [t.variable for t in targets],
        "period": [t.period for t in targets],
        "stat": [t.stat for t in targets],
        "target_value": problem.values,
        "model_value": outputs,
        "rel_error": rel,
        "residual": r,
        "within_tolerance": np.abs(r) <= 1.0,
        "kind": kinds,
        "source": [t.source for t in targets],
        "weighting": [t.weighting for t in targets],
    })


def target_kinds(problem: Problem, theta: np.ndarray, outputs: np.ndarray) -> list[str]:
    """Classify targets as endogenous / input / initial (see the module docstring)."""
    model, cal = problem.model, problem.cal
    base = problem.run(theta[None, :])
    vals = base.values.iloc[0]
    params = model.layout.parameters
    rows = []
    for name in params:
        v = float(vals[name])
        rows.append(v + FD_STEP * (abs(v) if v != 0 else 1.0))
    n_p = len(params)
    hist0 = problem._history(theta)
    base_hist = dict(cal.history)
    if hist0:
        base_hist.update(hist0)
    names = list(base_hist)
    thetas = np.repeat(theta[None, :], n_p + len(names), axis=0)
    extra = pd.DataFrame(np.repeat(vals[params].to_numpy()[None, :], len(thetas), axis=0),
                         columns=params)
    for j, name in enumerate(params):
        extra.iloc[j, j] = rows[j]
    histories = [hist0] * n_p
    for name in names:
        path = base_hist[name]
        bumped = dict(base_hist)
        bumped[name] = TimePath([(q, v * (1 + FD_STEP)) for q, v in path.points],
                                path.interpolation)
        histories.append(bumped)
    # keep bounds valid: clip bumped parameters at their upper bound
    for j, name in enumerate(params):
        lo, hi = model.spec.quantities[name].bounds
        if hi is not None and extra.iloc[j, j] > hi:
            extra.iloc[j, j] = float(vals[name]) - FD_STEP * abs(float(vals[name]))
    batch = problem.run(thetas, extra=extra, histories=histories)
    out = problem.outputs(batch)
    y = outputs
    tol = 1e-9 * np.maximum(np.abs(y), 1.0)
    by_par = np.nanmax(np.abs(out[:n_p] - y), axis=0) > tol
    by_inp = np.nanmax(np.abs(out[n_p:] - y), axis=0) > tol if names else np.zeros_like(by_par)
    return ["endogenous" if p else ("input" if i else "initial")
            for p, i in zip(by_par, by_inp)]


def identification(problem: Problem, jac_z: np.ndarray, resid: np.ndarray) -> dict:
    """Rank, condition number, flags and standard errors from the Jacobian."""
    names = problem.free_names
    informative = np.any(np.abs(jac_z) > 1e-10, axis=1)
    u, s, vt = np.linalg.svd(jac_z, full_matrices=False)
    smax = s[0] if len(s) else 0.0
    rank = int(np.sum(s > 1e-6 * smax)) if smax > 0 else 0
    cond = float(smax / s[-1]) if len(s) and s[-1] > 0 else float("inf")
    colnorm = np.linalg.norm(jac_z, axis=0)
    flagged: dict[str, str] = {}
    for j, n in enumerate(names):
        if colnorm[j] < 1e-8 * max(colnorm.max(), 1e-300):
            flagged[n] = "no target responds to it"
    weak = [k for k in range(len(s)) if s[k] < 1e-4 * smax]
    for k in weak:
        for j in np.flatnonzero(np.abs(vt[k]) > 0.3):
            flagged.setdefault(names[j], f"moves with others along a direction the targets "
                               f"barely see (singular value {s[k] / smax:.1e} of the largest)")
    n_rows, k = int(informative.sum()), len(names)
    jac_theta = jac_z / problem.span[None, :]
    se = se_tol = None
    corr = None
    if n_rows > k and rank == k:
        jtj_inv = np.linalg.pinv(jac_theta.T @ jac_theta)
        sigma2 = float(np.sum(resid[informative] ** 2) / (n_rows - k))
        se = dict(zip(names, np.sqrt(np.maximum(np.diag(jtj_inv) * sigma2, 0.0))))
        se_tol = dict(zip(names, np.sqrt(np.maximum(np.diag(jtj_inv), 0.0))))
        d = np.sqrt(np.maximum(np.diag(jtj_inv), 1e-300))
        corr = (jtj_inv / np.outer(d, d)).tolist()
    weak_se = {}
    if se is not None:
        for j, n in enumerate(names):
            if se[n] > 0.5 * problem.span[j]:
                weak_se[n] = (f"standard error {se[n]:.3g} exceeds half the search range "
                              f"{problem.span[j]:.3g}: the targets pin it down only loosely")
    return {
        "weakly_identified": weak_se,
        "jacobian": {"rows": None, "columns": names, "units": "residual per unit of the "
                     "free value (residual = (model - target) / scale)",
                     "values": jac_theta.tolist()},
        "singular_values_unit_box": s.tolist(),
        "condition_number": cond,
        "rank": rank,
        "n_free": k,
        "informative_rows": n_rows,
        "over_identified": n_rows > k,
        "not_identified": flagged,
        "standard_errors": se,
        "standard_errors_tolerance_as_sd": se_tol,
        "correlation": corr,
        "standard_errors_note": (
            "Cov = sigma^2 (J'J)^-1 with sigma^2 = SSR/(n - k) over informative rows; "
            "the second set takes the tolerances as the targets' standard deviations "
            "(sigma^2 = 1). Local (linearised) errors, conditional on the fixed values."
            if se is not None else
            "not computed: the problem is not over-identified (informative rows <= free "
            "values) or the Jacobian is rank deficient"),
    }
