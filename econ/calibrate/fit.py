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
``[[penalties]]``.  It runs :func:`scipy.optimize.least_squares` (trust
region reflective) in the unit box :math:`z = (\theta - \ell)/(h - \ell)`
with a central finite-difference Jacobian computed as *one* batch of
:math:`2k` simulations (:func:`peacetrap.calibrate.batch.run_batch`), from
the file's start and ``starts - 1`` scrambled Sobol points.  Nothing is
written while it searches.

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

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from scipy.optimize import least_squares
from scipy.stats import qmc

from peacetrap.errors import CalibrationError
from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.run.setups import Calibration

from peacetrap.calibrate.batch import Batch, run_batch
from peacetrap.calibrate.columns import column
from peacetrap.calibrate.targets import Free, TargetSet

#: Residual given to a target when its simulation fails (a wall the search avoids).
FAILED_RESIDUAL = 1e3
FD_STEP = 1e-4


def scaled_history(cal: Calibration, free: list[Free], theta: np.ndarray) -> dict[str, TimePath]:
    """History paths with the ``input_scale`` free values applied (display units)."""
    out: dict[str, TimePath] = {}
    for f, v in zip(free, theta):
        if f.kind != "input_scale":
            continue
        path = out.get(f.model_name, cal.history[f.model_name])
        pts = [(q, val * v if (f.start_quarter is None or q >= f.start_quarter) else val)
               for q, val in path.points]
        out[f.model_name] = TimePath(pts, path.interpolation)
    return out


class Problem:
    """The calibration problem of a :class:`TargetSet`: residuals and Jacobians.

    Parameters
    ----------
    model : Model
    tset : TargetSet
    """

    def __init__(self, model: Model, tset: TargetSet) -> None:
        self.model = model
        self.tset = tset
        self.cal = tset.base
        self.free = tset.free
        self.low = np.array([f.low for f in self.free])
        self.high = np.array([f.high for f in self.free])
        self.span = self.high - self.low
        periods = pd.period_range(self.cal.epoch, self.cal.history_end, freq="Q")
        self.base_year = self.cal.history_start.year
        pos = {p: i for i, p in enumerate(periods)}
        self._index = []
        for t in tset.targets:
            if t.stat == "quarter":
                self._index.append(([pos[pd.Period(t.period, "Q")]], None))
                continue
            y = int(t.period)
            cur = [pos[pd.Period(f"{y}Q{k}", "Q")] for k in range(1, 5)]
            prev = [pos.get(pd.Period(f"{y - 1}Q{k}", "Q")) for k in range(1, 5)]
            if t.stat.startswith("growth") and any(p is None for p in prev):
                from peacetrap.errors import InputError

                raise InputError(f"{t.where}: {t.stat} of {y} needs {y - 1}, which is before "
                                 f"the simulation start {self.cal.epoch}")
            self._index.append((cur, prev))
        self.values = np.array([t.value for t in tset.targets])
        self.scales = np.array([t.scale for t in tset.targets])
        self.prior_idx = np.array([self.free_names.index(p.parameter) for p in tset.penalties],
                                  dtype=int)
        self.prior_val = np.array([p.value for p in tset.penalties])
        self.prior_sd = np.array([p.sd for p in tset.penalties])
        self._hist_cache: dict[tuple, dict] = {}
        self.evaluations = 0

    @property
    def free_names(self) -> list[str]:
        return [f.name for f in self.free]

    def theta(self, z: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(z) * self.span

    def z(self, theta: np.ndarray) -> np.ndarray:
        return (np.asarray(theta) - self.low) / self.span

    # ------------------------------------------------------------------ batches
    def _history(self, theta: np.ndarray) -> dict | None:
        key = tuple(round(float(v), 15) for f, v in zip(self.free, theta)
                    if f.kind == "input_scale")
        if not key:
            return None
        if key not in self._hist_cache:
            if len(self._hist_cache) > 256:
                self._hist_cache.clear()
            self._hist_cache[key] = scaled_history(self.cal, self.free, theta)
        return self._hist_cache[key]

    def value_frame(self, thetas: np.ndarray) -> pd.DataFrame:
        """Value sets (display units) of a batch of free-value vectors."""
        cols = {f.name: thetas[:, j] for j, f in enumerate(self.free) if f.kind != "input_scale"}
        return pd.DataFrame(cols, index=range(len(thetas)))

    def run(self, thetas: np.ndarray, extra: pd.DataFrame | None = None,
            histories: list | None = None) -> Batch:
        """Simulate a batch of free-value vectors (rows of ``thetas``)."""
        thetas = np.atleast_2d(thetas)
        frame = self.value_frame(thetas)
        if extra is not None:
            for c in extra.columns:
                frame[c] = extra[c].to_numpy()
        hist = histories if histories is not None else [self._history(t) for t in thetas]
        if self.tset.prepare is not None:
            frame = self.tset.prepare(frame, hist)
        self.evaluations += len(thetas)
        return run_batch(self.model, self.cal, frame, hist)

    def outputs(self, batch: Batch) -> np.ndarray:
        """Model values of every target, ``(n_members, n_targets)``; NaN for failures."""
        cols: dict[str, np.ndarray] = {}
        out = np.empty((batch.states.shape[0], len(self.tset.targets)))
        for i, (t, (cur, prev)) in enumerate(zip(self.tset.targets, self._index)):
            if t.variable not in cols:
                cols[t.variable] = column(batch, t.variable, self.base_year)
            c = cols[t.variable]
            if t.stat == "quarter":
                out[:, i] = c[:, cur[0]]
            elif t.stat == "mean":
                out[:, i] = c[:, cur].mean(axis=1)
            elif t.stat == "end":
                out[:, i] = c[:, cur[-1]]
            elif t.stat == "growth_mean":
                out[:, i] = 100.0 * (c[:, cur].mean(axis=1) / c[:, prev].mean(axis=1) - 1.0)
            else:
                out[:, i] = 100.0 * (c[:, cur[-1]] / c[:, prev[-1]] - 1.0)
        return out

    def residual_rows(self, outputs: np.ndarray, thetas: np.ndarray) -> np.ndarray:
        r = (outputs - self.values) / self.scales
        r = np.where(np.isfinite(r), r, FAILED_RESIDUAL)
        if len(self.prior_idx):
            pr = (thetas[:, self.prior_idx] - self.prior_val) / self.prior_sd
            r = np.hstack([r, pr])
        return r

    # --------------------------------------------------------- for the solver
    def fun(self, z: np.ndarray) -> np.ndarray:
        th = self.theta(z)[None, :]
        return self.residual_rows(self.outputs(self.run(th)), th)[0]

    def jac(self, z: np.ndarray, *_: object) -> np.ndarray:
        """Central differences in the unit box (one-sided at the box's faces)."""
        k = len(z)
        zs = []
        steps = np.empty(k)
        for j in range(k):
            up, dn = z.copy(), z.copy()
            hu = min(FD_STEP, 1.0 - z[j])
            hd = min(FD_STEP, z[j])
            if hu <= 0:
                hu, hd = 0.0, FD_STEP
            if hd <= 0:
                hd = 0.0
                hu = FD_STEP
            up[j] += hu
            dn[j] -= hd
            zs += [up, dn]
            steps[j] = hu + hd
        th = np.array([self.theta(v) for v in zs])
        rows = self.residual_rows(self.outputs(self.run(th)), th)
        return ((rows[0::2] - rows[1::2]) / steps[:, None]).T


@dataclass
class StartResult:
    start: np.ndarray
    theta: np.ndarray
    cost: float
    status: int
    message: str
    nfev: int
    njev: int
    success: bool


@dataclass
class FitResult:
    """Outcome of :func:`calibrate`.

    Attributes
    ----------
    theta : pandas.Series
        Fitted free values (display units; input scales are factors).
    fit : pandas.DataFrame
        One row per target: target, period, target_value, model_value,
        rel_error, kind, source (and stat, residual, weighting).
    diagnostics : dict
        See the module docstring.
    calibration : Calibration
        The fitted calibration (values and history) ready to simulate.
    """

    theta: pd.Series
    fit: pd.DataFrame
    diagnostics: dict
    calibration: Calibration
    starts: list[StartResult] = field(default_factory=list)


def _start_points(problem: Problem, n: int, seed: int) -> list[np.ndarray]:
    z0 = problem.z(np.array([f.start for f in problem.free]))
    pts = [np.clip(z0, 0.0, 1.0)]
    if n > 1:
        k = len(z0)
        sob = qmc.Sobol(d=k, scramble=True, seed=seed).random(n - 1)
        pts += [0.15 + 0.7 * row for row in sob]
    return pts


def _kinds(problem: Problem, theta: np.ndarray, outputs: np.ndarray) -> list[str]:
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


def fitted_calibration(problem: Problem, theta: np.ndarray, name: str | None = None) -> Calibration:
    """The calibration with the fitted values and scaled history paths."""
    cal = problem.cal
    values = cal.values.copy()
    for f, v in zip(problem.free, theta):
        if f.kind != "input_scale":
            values[f.name] = float(v)
    scaled = scaled_history(cal, problem.free, theta)
    hist = dict(cal.history)
    hist.update(scaled)
    if problem.tset.prepare is not None:
        frame = problem.tset.prepare(values.to_frame().T.reset_index(drop=True), [scaled or None])
        for c in frame.columns:
            values[c] = float(frame[c].iloc[0])
    return replace(cal, name=name or cal.name, values=values.astype(float), history=hist)


def calibrate(model: Model, tset: TargetSet, starts: int | None = None) -> FitResult:
    """Fit the free values of ``tset`` to its targets.

    Parameters
    ----------
    model : Model
    tset : TargetSet
    starts : int, optional
        Number of starting points (default: the file's ``[options] starts``).

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
    for z0 in _start_points(problem, n_starts, tset.seed):
        try:
            sol = least_squares(problem.fun, z0, jac=problem.jac, bounds=(0.0, 1.0),
                                method="trf", x_scale="jac", ftol=1e-10, xtol=1e-10,
                                gtol=1e-10, max_nfev=tset.max_evaluations)
        except (ValueError, np.linalg.LinAlgError) as exc:
            results.append(StartResult(z0, problem.theta(z0), np.inf, -1, str(exc), 0, 0, False))
            continue
        results.append(StartResult(z0, problem.theta(sol.x), float(sol.cost), int(sol.status),
                                   sol.message, int(sol.nfev), int(sol.njev or 0),
                                   bool(sol.status > 0)))
    ok = [r for r in results if r.success and np.isfinite(r.cost)]
    if not ok:
        best = min(results, key=lambda r: r.cost)
        th = best.theta
        out = problem.outputs(problem.run(th[None, :]))[0]
        err = np.abs((out - problem.values) / problem.scales)
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
    jz = problem.jac(problem.z(theta))
    ident = identification(problem, jz, resid)
    labels = [t.label for t in tset.targets] + [f"prior:{p.parameter}" for p in tset.penalties]
    ident["jacobian"]["rows"] = labels
    kinds = _kinds(problem, theta, outputs)
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
    with np.errstate(divide="ignore", invalid="ignore"):
        rel = np.where(problem.values != 0,
                       (outputs - problem.values) / np.abs(problem.values), np.nan)
    fit = pd.DataFrame({
        "target": [t.variable for t in tset.targets],
        "period": [t.period for t in tset.targets],
        "target_value": problem.values,
        "model_value": outputs,
        "rel_error": rel,
        "kind": kinds,
        "source": [t.source for t in tset.targets],
        "stat": [t.stat for t in tset.targets],
        "residual": resid[:len(tset.targets)],
        "weighting": [t.weighting for t in tset.targets],
    })
    within = np.abs(resid[:len(tset.targets)]) <= 1.0
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
        "max_abs_rel_error": float(np.nanmax(np.abs(rel))) if np.isfinite(rel).any() else None,
        "priors": [{"parameter": p.parameter, "value": p.value, "sd": p.sd, "source": p.source}
                   for p in tset.penalties],
        **ident,
    }
    if same_cost_diff_theta:
        diag["not_identified"].setdefault(
            "(several)", "different starts reach the same objective at different values")
    cal = fitted_calibration(problem, theta)
    return FitResult(theta=pd.Series(theta, index=problem.free_names, dtype=float), fit=fit,
                     diagnostics=diag, calibration=cal, starts=results)
