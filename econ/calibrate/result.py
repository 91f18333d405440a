"""The result of a calibration fit: values, standard errors, diagnostics, ``summary()``.

:func:`peacetrap.calibrate.fit.calibrate` returns a :class:`FitResult`.  Its
attributes are the fit's numbers (``params``, ``bse``, ``objective``, ``rank`` ...);
:meth:`FitResult.summary` prints them as a table, in text or LaTeX, the way a
regression package reports an estimate.  ``diagnostics`` keeps every figure in
the JSON-ready form ``peacetrap calibrate`` writes to ``diagnostics.json``.

Examples
--------
>>> import peacetrap as pt
>>> res = pt.calibrate(pt.load_model(), "appendix")            # doctest: +SKIP
>>> res.params["fx_sanctions_premium"], res.bse["fx_sanctions_premium"]  # doctest: +SKIP
>>> print(res.summary())                                        # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.run.setups import Calibration


@dataclass
class StartResult:
    """One start of the optimiser: where it began, where it ended, how."""

    start: np.ndarray
    theta: np.ndarray
    cost: float
    status: int
    message: str
    nfev: int
    njev: int
    success: bool


def _series(d: dict | None, index: list[str]) -> pd.Series | None:
    return None if d is None else pd.Series([d[n] for n in index], index=index, dtype=float)


@dataclass(repr=False)
class FitResult:
    """Outcome of :func:`peacetrap.calibrate.fit.calibrate`.

    Attributes
    ----------
    theta : pandas.Series
        Fitted free values (display units; input scales are factors); also ``params``.
    fit : pandas.DataFrame
        One row per target: target, period, target_value, model_value,
        rel_error, kind, source (and stat, residual, weighting).
    diagnostics : dict
        Every diagnostic in JSON-ready form (the ``diagnostics.json`` file); the
        properties below read the same figures.
    calibration : Calibration
        The fitted calibration (values and history) ready to simulate.
    starts : list of StartResult
        Every start of the optimiser.
    checks : pandas.DataFrame
        The targets file's checks (``fit = false``) on the fitted calibration, one row
        each (columns of :func:`peacetrap.calibrate.record.compare_figures`); empty
        when the file has none.
    """

    theta: pd.Series
    fit: pd.DataFrame
    diagnostics: dict
    calibration: Calibration
    starts: list[StartResult] = field(default_factory=list)
    checks: pd.DataFrame = field(default_factory=pd.DataFrame)

    # -------------------------------------------------------------- the numbers
    @property
    def params(self) -> pd.Series:
        """Fitted free values (display units)."""
        return self.theta

    @property
    def bse(self) -> pd.Series | None:
        r"""Standard errors: :math:`\hat\sigma^2 (J'J)^{-1}` with
        :math:`\hat\sigma^2 = SSR/(n-k)` over informative rows (``None`` when the
        problem is not over-identified or the Jacobian is rank deficient)."""
        return _series(self.diagnostics.get("standard_errors"), list(self.theta.index))

    @property
    def bse_tolerance(self) -> pd.Series | None:
        """Standard errors taking the targets' tolerances as their standard deviations."""
        return _series(self.diagnostics.get("standard_errors_tolerance_as_sd"),
                       list(self.theta.index))

    @property
    def correlation(self) -> pd.DataFrame | None:
        """Correlation of the estimates (from :math:`(J'J)^{-1}`)."""
        corr = self.diagnostics.get("correlation")
        names = list(self.theta.index)
        return None if corr is None else pd.DataFrame(corr, index=names, columns=names)

    @property
    def targets_file(self) -> str:
        """Name of the targets file that was fitted."""
        return str(self.diagnostics["targets_file"])

    @property
    def objective(self) -> float:
        """Half the sum of squared residuals (targets and priors) at the solution."""
        return float(self.diagnostics["objective"])

    @property
    def converged(self) -> bool:
        """Whether the best start converged."""
        return bool(self.diagnostics["converged"])

    @property
    def rank(self) -> int:
        """Numerical rank of the Jacobian of the residuals in the free values."""
        return int(self.diagnostics["rank"])

    @property
    def n_free(self) -> int:
        """Number of free values."""
        return int(self.diagnostics["n_free"])

    @property
    def nobs(self) -> int:
        """Residual rows some free value moves (informative rows)."""
        return int(self.diagnostics["informative_rows"])

    @property
    def condition_number(self) -> float:
        """Condition number of the Jacobian in the unit box of the free values."""
        return float(self.diagnostics["condition_number"])

    @property
    def not_identified(self) -> dict[str, str]:
        """Free values the targets cannot pin down, with the reason."""
        return dict(self.diagnostics["not_identified"])

    @property
    def weakly_identified(self) -> dict[str, str]:
        """Free values whose standard error exceeds half their search range."""
        return dict(self.diagnostics["weakly_identified"])

    @property
    def parameters_at_bounds(self) -> list[str]:
        """Free values that ended on a bound of their search range."""
        return list(self.diagnostics["parameters_at_bounds"])

    @property
    def targets_outside_tolerance(self) -> list[str]:
        """Targets whose residual exceeds one tolerance."""
        return list(self.diagnostics["targets_outside_tolerance"])

    @property
    def max_abs_rel_error(self) -> float | None:
        """Largest relative error of a target scaled relative to its value (every target
        when none is; see ``diagnostics["max_abs_rel_error_definition"]``)."""
        v = self.diagnostics["max_abs_rel_error"]
        return None if v is None else float(v)

    @property
    def starts_agree(self) -> bool:
        """Whether every converged start reached the same values."""
        return bool(self.diagnostics["starts_agree"])

    # -------------------------------------------------------------- display
    def __repr__(self) -> str:
        se = "standard errors" if self.bse is not None else "no standard errors"
        return (f"FitResult: calibration '{self.calibration.name}' fitted to "
                f"'{self.targets_file}'\n"
                f"  {self.n_free} free values, {len(self.fit)} targets, objective "
                f"{self.objective:.4g}, rank {self.rank}, {se}\n"
                "  .params, .bse, .fit, .summary(), .plot(), .calibration")

    def params_table(self) -> pd.DataFrame:
        """Free values: estimate, standard error, search range, whether at a bound."""
        free = self.diagnostics["free_values"]
        bse, tol = self.bse, self.bse_tolerance
        rows = []
        for n, v in self.theta.items():
            f = free.get(n, {})
            rows.append({"value": float(v),
                         "std_err": float(bse[n]) if bse is not None else np.nan,
                         "std_err_tolerance": float(tol[n]) if tol is not None else np.nan,
                         "low": f.get("low"), "high": f.get("high"),
                         "at_bound": bool(f.get("at_bound", False))})
        return pd.DataFrame(rows, index=pd.Index(list(self.theta.index), name="free value"))

    def _facts(self) -> list[tuple[str, str]]:
        d = self.diagnostics
        return [
            ("Targets file", self.targets_file),
            ("Calibration", self.calibration.name),
            ("Converged", "yes" if self.converged else "no"),
            ("Objective (0.5 SSR)", f"{self.objective:.6g}"),
            ("Free values", str(self.n_free)),
            ("Targets", str(len(self.fit))),
            ("Informative rows", str(self.nobs)),
            ("Jacobian rank", str(self.rank)),
            ("Condition number", f"{self.condition_number:.3g}"),
            ("Starts (converged)", f"{d['starts']} ({d['starts_converged']})"),
            ("Starts agree", "yes" if self.starts_agree else "no"),
            ("Simulations", str(d["simulations"])),
            ("Largest relative error", "n/a" if self.max_abs_rel_error is None
             else f"{100 * self.max_abs_rel_error:.3g} %"),
        ]

    def _notes(self) -> list[str]:
        notes = [f"{n}: {why}" for n, why in self.not_identified.items()]
        notes += [f"{n}: {why}" for n, why in self.weakly_identified.items()]
        if self.parameters_at_bounds:
            notes.append("at a bound of the search range: " + ", ".join(self.parameters_at_bounds))
        if self.targets_outside_tolerance:
            notes.append("targets outside their tolerance: "
                         + ", ".join(self.targets_outside_tolerance))
        notes.append(str(self.diagnostics.get("standard_errors_note", "")))
        return [n for n in notes if n]

    def summary(self, fmt: str = "text") -> str:
        """The fit as a table: facts, free values with standard errors, targets, notes.

        Parameters
        ----------
        fmt : {"text", "latex"}
            Plain text (fixed width) or a LaTeX ``tabular`` (booktabs rules).
        """
        if fmt not in ("text", "latex"):
            from peacetrap.errors import InputError

            raise InputError(f"summary(fmt={fmt!r}): allowed 'text' or 'latex'")
        params = self.params_table()
        targets = self.fit[["target", "period", "target_value", "model_value", "rel_error",
                            "kind"]]
        return _latex(self, params, targets) if fmt == "latex" else \
            _text(self, params, targets)

    def plot(self) -> Any:
        """Bar chart of each target's relative error (model against target), in %."""
        from matplotlib.figure import Figure

        rel = 100.0 * self.fit["rel_error"].to_numpy(dtype=float)
        labels = [f"{t} {p}" for t, p in zip(self.fit["target"], self.fit["period"])]
        fig = Figure(figsize=(7.0, 0.25 * len(labels) + 1.2))
        ax = fig.subplots()
        ax.barh(np.arange(len(rel)), np.nan_to_num(rel), color="0.4")
        ax.set_yticks(np.arange(len(rel)), labels, fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0.0, color="black", linewidth=0.8)
        ax.set_xlabel("model against target (%)")
        ax.set_title(f"Fit of '{self.calibration.name}' to '{self.targets_file}'", fontsize=10)
        fig.tight_layout()
        return fig


def _text(res: FitResult, params: pd.DataFrame, targets: pd.DataFrame) -> str:
    width = 78
    facts = res._facts()
    half = (len(facts) + 1) // 2
    left, right = facts[:half], facts[half:] + [("", "")] * (2 * half - len(facts))
    lines = ["Calibration fit".center(width), "=" * width]
    for (a, b), (c, d) in zip(left, right):
        lines.append(f"{a + ':':<24}{b:>14}   {c + ':' if c else '':<24}{d:>13}")
    lines.append("=" * width)
    lines.append(f"{'':<28}{'value':>12}{'std err':>12}{'low':>10}{'high':>10}  bound")
    lines.append("-" * width)
    for n, r in params.iterrows():
        se = "" if np.isnan(r["std_err"]) else f"{r['std_err']:.4g}"
        lo = "" if r["low"] is None else f"{r['low']:.4g}"
        hi = "" if r["high"] is None else f"{r['high']:.4g}"
        lines.append(f"{str(n)[:28]:<28}{r['value']:>12.5g}{se:>12}{lo:>10}{hi:>10}  "
                     f"{'*' if r['at_bound'] else ''}")
    lines.append("-" * width)
    lines.append(f"{'target':<30}{'period':>9}{'target':>12}{'model':>12}{'rel err':>9}  kind")
    lines.append("-" * width)
    for r in targets.itertuples(index=False):
        rel = "" if not np.isfinite(r.rel_error) else f"{100 * r.rel_error:.2f}%"
        lines.append(f"{str(r.target)[:30]:<30}{str(r.period):>9}{r.target_value:>12.5g}"
                     f"{r.model_value:>12.5g}{rel:>9}  {r.kind}")
    lines.append("=" * width)
    lines += [f"Note: {n}" for n in res._notes()]
    return "\n".join(lines)


def _tex(s: object) -> str:
    return str(s).replace("\\", r"\textbackslash{}").replace("_", r"\_").replace("%", r"\%") \
        .replace("&", r"\&").replace("#", r"\#")


def _latex(res: FitResult, params: pd.DataFrame, targets: pd.DataFrame) -> str:
    out = [r"\begin{tabular}{lrrrrl}", r"\toprule",
           r"\multicolumn{6}{l}{Calibration fit: " + _tex(res.calibration.name) + " to "
           + _tex(res.targets_file) + r"} \\", r"\midrule"]
    for a, b in res._facts():
        out.append(f"{_tex(a)} & \\multicolumn{{5}}{{l}}{{{_tex(b)}}} \\\\")
    out += [r"\midrule", r"Free value & Value & Std.\ err. & Low & High & Bound \\", r"\midrule"]
    for n, r in params.iterrows():
        se = "" if np.isnan(r["std_err"]) else f"{r['std_err']:.4g}"
        lo = "" if r["low"] is None else f"{r['low']:.4g}"
        hi = "" if r["high"] is None else f"{r['high']:.4g}"
        out.append(f"{_tex(n)} & {r['value']:.5g} & {se} & {lo} & {hi} & "
                   f"{'yes' if r['at_bound'] else ''} \\\\")
    out += [r"\midrule", r"Target & Period & Target & Model & Rel.\ err. (\%) & Kind \\",
            r"\midrule"]
    for r in targets.itertuples(index=False):
        rel = "" if not np.isfinite(r.rel_error) else f"{100 * r.rel_error:.2f}"
        out.append(f"{_tex(r.target)} & {_tex(r.period)} & {r.target_value:.5g} & "
                   f"{r.model_value:.5g} & {rel} & {_tex(r.kind)} \\\\")
    out.append(r"\bottomrule")
    out.append(r"\end{tabular}")
    notes = res._notes()
    if notes:
        out.append("")
        out += [f"% Note: {n}" for n in notes]
    return "\n".join(out)
