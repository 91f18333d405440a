r"""Fitting a calibration: weighted least squares over free values, multi-start.

Given targets :math:`y_i` with scales :math:`s_i` (see
:mod:`peacetrap.calibrate.targets`) and free values :math:`\theta` in a box
:math:`[\ell, h]`, the search solves

.. math::

    \min_{\ell \le \theta \le h} \tfrac12 \sum_i r_i(\theta)^2, \qquad
    r_i = \frac{m_i(\theta) - y_i}{s_i}, \qquad
    r_{\text{prior},j} = \frac{\theta_j - \bar\theta_j}{\sigma_j},

where :math:`m_i` is the model's value of target :math:`i` (a simulation of
the calibration's history) and the optional prior rows come from
``[[penalties]]``.  It runs :func:`scipy.optimize.least_squares` (the
reflective trust region; a start it leaves unconverged within its budget, as
happens when fitted values rest on their bounds, is continued by the dogleg
method for boxes) in the unit box :math:`z = (\theta - \ell)/(h - \ell)` with a
forward finite-difference Jacobian computed as *one* batch of :math:`k + 1`
simulations (:func:`peacetrap.calibrate.batch.run_batch`), from the file's
start and ``starts - 1`` scrambled Sobol points; it stops when a step changes
the objective by less than a relative 1e-8.  Nothing is
written while it searches.

Diagnostics are described in :mod:`peacetrap.calibrate.diagnostics`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy.optimize import OptimizeResult, least_squares
from scipy.stats import qmc
from tqdm.auto import tqdm

from peacetrap.calibrate.diagnostics import fit_table, identification, target_kinds
from peacetrap.calibrate.problem import Problem, keep_balanced_growth, scaled_history
from peacetrap.calibrate.record import compare_figures, summary
from peacetrap.calibrate.result import FitResult, StartResult
from peacetrap.calibrate.targets import TargetSet
from peacetrap.core.model import Model
from peacetrap.errors import CalibrationError
from peacetrap.io.progress import remaining_delay
from peacetrap.run.setups import Calibration

__all__ = ["FitResult", "Problem", "StartResult", "calibrate", "fitted_calibration"]


def _start_points(problem: Problem, n: int, seed: int) -> list[np.ndarray]:
    z0 = problem.z(np.array([f.start for f in problem.free]))
    pts = [np.clip(z0, 0.0, 1.0)]
    if n > 1:
        k = len(z0)
        # the first n - 1 points of a power-of-two draw: the same points as random(n - 1),
        # without scipy's warning that n - 1 is not a power of two (starts = 4, the default)
        m = int(np.ceil(np.log2(n - 1)))
        sob = qmc.Sobol(d=k, scramble=True, seed=seed).random_base2(m)[:n - 1]
        pts += [0.15 + 0.7 * row for row in sob]
    return pts


def fitted_calibration(problem: Problem, theta: np.ndarray, name: str | None = None) -> Calibration:
    """The calibration with the fitted values and scaled history paths."""
    cal = problem.cal
    values = cal.values.copy()
    for f, v in zip(problem.free, theta):
        if f.kind != "input_scale":
            values[f.name] = float(v)
    if "productivity_growth" in problem.free_names:
        frame = keep_balanced_growth(values.to_frame().T.reset_index(drop=True), problem.model,
                                     cal, problem.free_names)
        values["world_growth"] = float(frame["world_growth"].iloc[0])
    scaled = scaled_history(cal, problem.free, theta)
    hist = dict(cal.history)
    hist.update(scaled)
    if problem.tset.prepare is not None:
        frame = problem.tset.prepare(values.to_frame().T.reset_index(drop=True), [scaled or None])
        for c in frame.columns:
            values[c] = float(frame[c].iloc[0])
    return replace(cal, name=name or cal.name, values=values.astype(float), history=hist)


def _counting(step: Callable[[np.ndarray], np.ndarray], problem: Problem,
              bar: tqdm) -> Callable[..., np.ndarray]:
    """``step`` (the residuals or their Jacobian) moving ``bar`` by the simulations it ran."""
    def counted(z: np.ndarray, *rest: object) -> np.ndarray:
        before = problem.evaluations
        out = step(z, *rest)
        bar.update(problem.evaluations - before)
        return out
    return counted


def _max_rel_error(tset: TargetSet, rel: np.ndarray) -> float | None:
    """Largest absolute relative error over the targets scaled relative to their value.

    A target with an absolute tolerance (a growth rate, a rate in pp, a ceiling) is
    measured in its own unit: its relative error says nothing about the fit (a
    growth rate of 1 % missed by 0.7 pp is 70 % off).  When no target is scaled
    relatively, every target counts.
    """
    relative = np.array([not t.weighting.startswith("tolerance") for t in tset.targets])
    pick = rel[relative] if relative.any() else rel
    pick = pick[np.isfinite(pick)]
    return float(np.max(np.abs(pick))) if pick.size else None


def _search(fun: Callable[[np.ndarray], np.ndarray], jac: Callable[[np.ndarray], np.ndarray],
            z0: np.ndarray, budget: int) -> OptimizeResult:
    """One start's search in the unit box: the reflective trust region, and where it spends
    its ``budget`` of evaluations without converging, the dogleg method for boxes from the
    point it reached, with a budget of its own.

    The reflective method is the robust default; it crawls for hundreds of evaluations when
    fitted values rest on their bounds (the observed fit leaves three there), where the
    dogleg's steps, which handle active bounds directly, finish in a few.  The result
    carries both searches' evaluations.
    """
    opts = dict(jac=jac, bounds=(0.0, 1.0), x_scale="jac", ftol=1e-8, xtol=1e-8, gtol=1e-8,
                max_nfev=budget)
    sol = least_squares(fun, z0, method="trf", **opts)
    if sol.status == 0:
        first = sol
        sol = least_squares(fun, first.x, method="dogbox", **opts)
        sol.nfev += first.nfev
        sol.njev = (sol.njev or 0) + (first.njev or 0)
    return sol


def calibrate(model: Model, tset: TargetSet, starts: int | None = None,
              progress: bool = False) -> FitResult:
    """Fit the free values of ``tset`` to its targets.

    Parameters
    ----------
    model : Model
    tset : TargetSet
    starts : int, optional
        Number of starting points (default: the file's ``[options] starts``).
    progress : bool
        Show a tqdm bar on stderr counting the simulations run (after two seconds).

    Returns
    -------
    FitResult

    Raises
    ------
    CalibrationError
        When no start converges (the message gives the optimiser's reason and
        the targets furthest from their values), when the solution's
        simulation fails, or when a target marked ``require`` has another kind.
    """
    problem = Problem(model, tset)
    n_starts = starts or tset.starts
    results: list[StartResult] = []
    with tqdm(desc=f"calibrating {tset.name}", unit=" runs", delay=remaining_delay(), leave=False,
              disable=not progress) as bar:
        fun, jac = _counting(problem.fun, problem, bar), _counting(problem.jac, problem, bar)
        for k, z0 in enumerate(_start_points(problem, n_starts, tset.seed), 1):
            bar.set_postfix_str(f"start {k} of {n_starts}")
            try:
                sol = _search(fun, jac, z0, tset.max_evaluations)
            except (ValueError, np.linalg.LinAlgError) as exc:
                results.append(StartResult(z0, problem.theta(z0), np.inf, -1, str(exc), 0, 0,
                                           False))
                continue
            results.append(StartResult(z0, problem.theta(sol.x), float(sol.cost),
                                       int(sol.status), sol.message, int(sol.nfev),
                                       int(sol.njev or 0), bool(sol.status > 0)))
    ok = [r for r in results if r.success and np.isfinite(r.cost)]
    if not ok:
        best = min(results, key=lambda r: r.cost)
        th = best.theta
        out = problem.outputs(problem.run(th[None, :]))[0]
        err = np.abs(problem.target_residuals(out))
        worst = np.argsort(-np.nan_to_num(err, nan=np.inf))[:3]
        far = "; ".join(f"{tset.targets[i].label}: model {out[i]:.4g} vs {problem.values[i]:.4g}"
                        for i in worst)
        raise CalibrationError(
            f"calibration '{tset.name}' did not converge from any of {len(results)} starts: "
            f"{best.message} (best objective {best.cost:.4g}). Furthest targets: {far}. "
            "Widen the bounds, free other values or raise [options] max_evaluations.")
    best = min(ok, key=lambda r: r.cost)
    theta = best.theta
    batch = problem.run(theta[None, :])
    if not batch.ok[0]:
        raise CalibrationError(f"calibration '{tset.name}': the fitted values fail to "
                               f"simulate: {batch.failures[0]}")
    outputs = problem.outputs(batch)[0]
    resid = problem.residual_rows(outputs[None, :], theta[None, :])[0]
    jz = problem.jac_central(problem.z(theta))
    ident = identification(problem, jz, resid)
    labels = [t.label for t in tset.targets] + [f"prior:{p.parameter}" for p in tset.penalties]
    ident["jacobian"]["rows"] = labels
    kinds = target_kinds(problem, theta, outputs)
    for t, kd in zip(tset.targets, kinds):
        if t.require and t.require != kd:
            raise CalibrationError(
                f"{t.where}: target {t.label} must be {t.require} but the fit hits it as "
                f"'{kd}' (no model parameter moves it). Free a behavioural parameter that "
                "produces it instead of an input or initial value.")
    span = problem.span
    agree = [r for r in ok if r.cost <= best.cost * (1 + 1e-4) + 1e-10
             and np.max(np.abs((r.theta - theta) / span)) < 1e-3]
    same_cost_diff_theta = [r for r in ok if r.cost <= best.cost * (1 + 1e-4) + 1e-10
                            and not any(r is a for a in agree)]
    at_bound = [f.name for f, z in zip(tset.free, problem.z(theta)) if z < 1e-6 or z > 1 - 1e-6]
    table = fit_table(problem, outputs, resid, kinds)
    rel = table["rel_error"].to_numpy()
    within = table["within_tolerance"].to_numpy()
    fit = table[["target", "period", "target_value", "model_value", "rel_error", "kind",
                 "source", "stat", "residual", "weighting"]]
    diag = {
        "targets_file": tset.name,
        "objective": float(best.cost),
        "objective_definition": "0.5 * sum of squared residuals (targets and priors)",
        "converged": True,
        "status": best.status,
        "message": best.message,
        "iterations": best.njev,
        "function_evaluations": best.nfev,
        "simulations": problem.evaluations,
        "starts": len(results),
        "starts_converged": len(ok),
        "starts_agree": len(agree) == len(ok),
        "starts_reaching_best_objective_elsewhere": len(same_cost_diff_theta),
        "start_results": [{"start": dict(zip(problem.free_names,
                                             problem.theta(r.start).tolist())),
                           "theta": dict(zip(problem.free_names, r.theta.tolist())),
                           "objective": r.cost, "status": r.status, "message": r.message,
                           "converged": r.success, "function_evaluations": r.nfev}
                          for r in results],
        "free_values": {f.name: {"kind": f.kind, "value": float(v), "low": f.low,
                                 "high": f.high, "start": f.start,
                                 "from": str(f.start_quarter) if f.start_quarter else None,
                                 "at_bound": f.name in at_bound}
                        for f, v in zip(tset.free, theta)},
        "parameters_at_bounds": at_bound,
        "targets_outside_tolerance": [t.label for t, w in zip(tset.targets, within) if not w],
        "max_abs_rel_error": _max_rel_error(tset, rel),
        "max_abs_rel_error_definition": "largest |model - target| / |target| over the targets "
                                        "scaled relative to their value (rel_tolerance or "
                                        "weight); over every target when none is",
        "priors": [{"parameter": p.parameter, "value": p.value, "sd": p.sd, "source": p.source}
                   for p in tset.penalties],
        **ident,
    }
    if same_cost_diff_theta:
        diag["not_identified"].setdefault(
            "(several)", "different starts reach the same objective at different values")
    cal = fitted_calibration(problem, theta)
    checks = compare_figures(model, cal, replace(tset, targets=tset.checks))
    if tset.checks:
        diag["checks"] = summary(checks, tset.name)
    return FitResult(theta=pd.Series(theta, index=problem.free_names, dtype=float), fit=fit,
                     diagnostics=diag, calibration=cal, starts=results, checks=checks)
