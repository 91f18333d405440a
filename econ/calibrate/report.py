"""Writing a calibration: ``fit.csv``, ``parameters.toml``, ``diagnostics.json``, manifest.

``parameters.toml`` is an ordinary calibration file (see
:mod:`peacetrap.run.setups`): ``[calibration]``, ``[parameters]`` and
``[initial]`` hold every value that differs from the model's defaults, and
``[history.<input>]`` every history path (scaled paths written out point by
point), so ``peacetrap run --calibration DIR/parameters.toml`` reproduces the
fitted history exactly.  Two extra tables, which the loader ignores, say how
it was made: ``[estimates.<free value>]`` (value, standard error, bounds,
kind) and ``[report]`` (objective, convergence, worst error, and whether the
fitted world has a balanced-growth point at peacetime inputs after its history).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import tomli_w

from peacetrap.core.model import Model
from peacetrap.io.outputs import manifest, write_json, write_table
from peacetrap.run.setups import Calibration

from peacetrap.calibrate.fit import FitResult
from peacetrap.calibrate.record import (RECORD, against_record, implied_year, own_figures,
                                       summary)
from peacetrap.calibrate.targets import TargetSet

FIT_COLUMNS = ["target", "period", "target_value", "model_value", "rel_error", "kind", "source"]


def calibration_document(model: Model, cal: Calibration, header: dict,
                         extra: dict | None = None) -> dict:
    """A calibration file's content as a TOML-ready dict (display units).

    Only values that differ from the model's defaults are listed.
    """
    q = model.quantities
    params: dict[str, float] = {}
    initial: dict[str, float] = {}
    for name, val in cal.values.items():
        if float(val) == q[str(name)].default_value:
            continue
        (params if q[str(name)].kind == "parameter" else initial)[str(name)] = float(val)
    doc: dict = {"calibration": {"name": cal.name, "description": cal.description,
                                 "history_start": str(cal.history_start),
                                 "history_end": str(cal.history_end), **header}}
    if params:
        doc["parameters"] = dict(sorted(params.items(), key=lambda kv: model.layout.parameters.index(kv[0])))
    if initial:
        doc["initial"] = dict(sorted(initial.items(), key=lambda kv: model.layout.stocks.index(kv[0])))
    if cal.history:
        doc["history"] = {}
        for name in model.layout.inputs:
            if name in cal.history:
                path = cal.history[name]
                entry: dict[str, object] = {"points": [[str(p), float(v)] for p, v in path.points]}
                if path.interpolation != "linear":
                    entry["interpolation"] = path.interpolation
                doc["history"][name] = entry
    if extra:
        doc.update(extra)
    return doc


def _history_toml(history: dict) -> str:
    """``[history.<input>]`` tables with one-line point lists (tomli_w spreads them out)."""
    out = []
    for name, entry in history.items():
        pts = ", ".join(f'["{q}", {float(v)!r}]' for q, v in entry["points"])
        out.append(f"[history.{name}]\npoints = [{pts}]\n")
        if "interpolation" in entry:
            out[-1] += f'interpolation = "{entry["interpolation"]}"\n'
    return "\n".join(out)


def write_calibration_file(path: Path, doc: dict, comment: str) -> None:
    """Write a calibration document with a leading comment block."""
    lines = "".join(f"# {ln}\n" if ln else "#\n" for ln in comment.splitlines())
    head = {k: v for k, v in doc.items() if k in ("calibration", "parameters", "initial")}
    tail = {k: v for k, v in doc.items() if k not in head and k != "history"}
    parts = [lines, tomli_w.dumps(head)]
    if doc.get("history"):
        parts.append(_history_toml(doc["history"]))
    if tail:
        parts.append(tomli_w.dumps(tail))
    Path(path).write_text("\n".join(parts))


def fit_table(result: FitResult) -> pd.DataFrame:
    """``fit.csv``: the contract columns, then stat, residual and weighting."""
    return result.fit[FIT_COLUMNS + ["stat", "residual", "weighting"]]


def balanced_growth(model: Model, calibration: Calibration) -> dict:
    """Whether the fitted world has a balanced-growth point at peacetime inputs after its
    history.

    The solve of ``peacetrap check`` (:func:`peacetrap.checks.steady.check_steady_state`)
    on the fitted calibration, in the economy its history leaves behind (the sanctions in
    force and productivity's level at the end of the history held), where every scenario's
    long run lies and the scoreboard's long-run rows are measured: ``found`` (bool), ``spending_propensity`` at the point (share
    of expected disposable income spent; its limit is 1, and a world near it loses the
    point under small changes) or ``None``, and the solver's one-line ``message``.  A fit
    whose world has no point has no long run: every long-run figure of its scoreboard reads
    a drift.
    """
    from peacetrap.checks.steady import check_steady_state

    check, _ = check_steady_state(model, calibration, after_history=True)
    return {"found": bool(check.passed),
            "spending_propensity": check.figures.get("spending_propensity"),
            "message": check.message}


def parameters_document(model: Model, result: FitResult, tset: TargetSet, command: str,
                        point: dict | None = None) -> dict:
    """The fitted calibration file's tables; ``point`` (:func:`balanced_growth` of the fit)
    closes ``[report]`` when given.  Episode fits (``peacetrap backtest``) give none: the
    model's peacetime inputs are the shipped economy's, not the episode's."""
    d = result.diagnostics
    se = d.get("standard_errors") or {}
    estimates = {}
    for name, info in d["free_values"].items():
        estimates[name] = {"value": info["value"], "low": info["low"], "high": info["high"],
                           "kind": info["kind"]}
        if info.get("from"):
            estimates[name]["from"] = info["from"]
        if name in se and np.isfinite(se[name]):
            estimates[name]["standard_error"] = float(se[name])
    report = {"objective": d["objective"], "converged": d["converged"],
              "starts": d["starts"], "starts_agree": d["starts_agree"],
              "max_abs_rel_error": d["max_abs_rel_error"] if d["max_abs_rel_error"] is not None else 0.0,
              "targets_outside_tolerance": d["targets_outside_tolerance"],
              "not_identified": sorted(d["not_identified"])}
    if point is not None:
        report["balanced_growth_point"] = point["found"]
        if point["spending_propensity"] is not None:
            report["spending_propensity_at_point"] = point["spending_propensity"]
        else:
            report["balanced_growth_message"] = point["message"]
    header = {"source": f"targets file {Path(tset.path).name if tset.path else tset.name} "
                        f"(sha256 {tset.sha256[:16]})",
              "method": "weighted least squares (scipy.optimize.least_squares, trf then dogbox), "
                        f"{d['starts']} starts; `{command}`"}
    return calibration_document(model, result.calibration, header,
                                {"estimates": estimates, "report": report})


def write_outputs(folder: Path, model: Model, result: FitResult, tset: TargetSet,
                  command: str, point: dict | None = None) -> None:
    """Write fit.csv, parameters.toml, diagnostics.json and manifest.json into ``folder``.

    A targets file with checks (``fit = false``) also gets ``checks.csv``: the
    checks evaluated on the fitted calibration, and a ``checks`` entry in the
    diagnostics.  A calibration fitted to figures other than the record (e.g. the essay's
    appendix) also gets ``record.csv``: every target of the 2021-2025 record it
    does not set itself, evaluated on the fitted calibration (not fitted to it),
    and a ``record`` entry in the diagnostics: what its world implies for the
    years the record covers.
    """
    folder = Path(folder)
    write_table(fit_table(result), folder / "fit")
    doc = parameters_document(model, result, tset, command, point)
    write_calibration_file(folder / "parameters.toml", doc,
                           f"Calibration '{tset.name}' produced by `{command}`.\n"
                           f"{tset.description}\n"
                           "Load with: peacetrap run SCENARIO --calibration <this file>")
    diagnostics = dict(result.diagnostics)
    if point is not None:
        diagnostics["balanced_growth"] = point
    if not result.checks.empty:
        write_table(result.checks, folder / "checks")
    if tset.name != RECORD:
        rec = against_record(model, result.calibration, own_figures(model, tset))
        write_table(rec, folder / "record")
        diagnostics["record"] = summary(rec)
        implied = implied_year(model, result.calibration)
        if not implied.empty:
            diagnostics["record"]["implies_2025"] = [
                {"variable": r.variable, "stat": r.stat, "model": float(r.model),
                 "record": None if r.record != r.record else float(r.record)}
                for r in implied.itertuples()]
    write_json(folder / "diagnostics.json", diagnostics)
    values = result.calibration.values
    write_json(folder / "manifest.json", manifest(
        command, values, [tset.path, tset.base_path], seed=tset.seed,
        targets=tset.name, free=list(result.theta.index),
        fitted={k: float(v) for k, v in result.theta.items()}))
