"""Calibration experiments: several calibrations, the same scenarios, one table.

An experiment file (``experiments/*.toml``) is TOML read as data::

    [experiment]
    name = "appendix-vs-observed"
    description = "How much the sudden-peace numbers depend on the targets."
    scenarios = ["sudden-peace"]      # each run with its own baseline (e.g. long-grind)
    quarters = 40

    [[calibrations]]
    name = "appendix"
    targets = "appendix"              # fit this targets file (name or path) ...

    [[calibrations]]
    name = "as-shipped"
    calibration = "observed"          # ... or use a calibration file as it is (no fit)

    [[calibrations]]
    name = "appendix-observed-fx"
    targets = "appendix"
    drop = ["rub_per_usd@2025"]       # remove targets by variable@period
    fixed = { fx_balance_response = 3.0 }   # hold values (a free one stops being free)
    [calibrations.free.fx_balance_response]  # free more values (same schema as [free])
    low = 0.1
    high = 10.0
    [[calibrations.add]]              # add targets, or replace same variable/period/stat
    variable = "rub_per_usd"
    period = "2024"
    value = 92.6
    rel_tolerance = 0.002
    source = "Bank of Russia (brief)"

The comparison table has one row per calibration and scenario: the fitted
free values (``free:<name>``), the fit (objective, largest relative error,
targets outside tolerance, the checks outside tolerance when the targets file
has checks, convergence) and the scenario's headline numbers
(:data:`peacetrap.run.timeline.HEADLINES`) and impact-of-peace indicators.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from peacetrap.errors import InputError
from peacetrap.core.model import Model
from peacetrap.io.resources import resolve
from peacetrap.run.setups import Calibration, defence_only, load_calibration, load_scenario
from peacetrap.run.simulate import simulate
from peacetrap.run.timeline import finite_or_raise, headlines, impact_indicators
from peacetrap.io.schemas import experiment_schema
from peacetrap.io.tomlfiles import read_toml, sha256
from peacetrap.io.validation import dump, validate

from peacetrap.calibrate.targets import TargetSet, read_targets_raw, targets_from_dict

if TYPE_CHECKING:  # pragma: no cover - the fit (scipy) is imported when a calibration is fitted
    from peacetrap.calibrate.fit import FitResult


@dataclass
class CalibrationRun:
    """One calibration of an experiment: fitted (``fit``) or taken as it is."""

    name: str
    calibration: Calibration
    fit: FitResult | None
    files: list[Path]


def _near(ref: str, path: Path, known: dict[str, Path]) -> str:
    """A reference inside the file: shipped name, absolute path, or relative to the file."""
    if ref in known or Path(ref).is_absolute() or not ("/" in ref or ref.endswith(".toml")):
        return ref
    return str(path.parent / ref)


def load_experiment(path_or_name: str | Path, model: Model | None = None) -> tuple[dict, Path]:
    """Read an experiment file and check it against its schema, before anything runs.

    Returns the file's content (the keys it sets, relative paths made relative to
    the file) and its path.  Every scenario it names must exist.

    Raises
    ------
    InputError
        Naming the file, the key path, the value and what is allowed.
    """
    from peacetrap.core.model import load_model
    from peacetrap.io.resources import shipped, shipped_with

    path = resolve(str(path_or_name), "experiments", "experiment",
                   known=shipped_with("experiments", "experiment"))
    where = str(path)
    data = validate(experiment_schema(model or load_model()), read_toml(path), where)
    raw = dump(data)
    names = set()
    scen_known = shipped_with("experiments", "scenario")
    head = raw["experiment"]
    head["scenarios"] = [_near(s, path, scen_known) for s in data.experiment.scenarios]
    for j, s in enumerate(head["scenarios"]):
        if s in head["scenarios"][:j]:
            raise InputError(f"{where}: experiment.scenarios[{j}] = {s!r}: listed twice; "
                             "name each scenario once")
        resolve(s, "experiments", "scenario", known=scen_known,
                where=f"{where}: experiment.scenarios[{j}]")
    for j, c in enumerate(raw["calibrations"]):
        if c["name"] in names:
            raise InputError(f"{where}: calibrations[{j}].name = {c['name']!r}: used twice; "
                             "each calibration needs its own name")
        names.add(c["name"])
        if "targets" in c:
            c["targets"] = _near(c["targets"], path, shipped("calibration", "targets"))
            resolve(c["targets"], "calibration", "targets file", subdir="targets",
                    where=f"{where}: calibrations[{j}].targets")
        if "calibration" in c:
            c["calibration"] = _near(c["calibration"], path, shipped("calibration"))
            resolve(c["calibration"], "calibration", "calibration",
                    where=f"{where}: calibrations[{j}].calibration")
    return raw, path


def _modified_targets(model: Model, entry: dict, where: str) -> tuple[TargetSet, Path]:
    raw, path = read_targets_raw(entry["targets"])
    raw = copy.deepcopy(raw)
    targets = list(raw.get("targets", [])) if isinstance(raw.get("targets"), list) else []
    for label in entry.get("drop", []):
        if "@" not in label:
            raise InputError(f"{where}.drop: {label!r} must look like \"rub_per_usd@2025\"")
        var, per = label.split("@", 1)
        keep = [t for t in targets if not (isinstance(t, dict) and t.get("variable") == var
                                           and str(t.get("period")) == per)]
        if len(keep) == len(targets):
            have = ", ".join(f"{t.get('variable')}@{t.get('period')}" for t in targets
                             if isinstance(t, dict))
            raise InputError(f"{where}.drop: no target {label} in {path.name}; targets: {have}")
        targets = keep
    for new in entry.get("add", []):
        key = (new.get("variable"), str(new.get("period")), new.get("stat"))
        targets = [t for t in targets if not isinstance(t, dict) or
                   (t.get("variable"), str(t.get("period")), t.get("stat")) != key]
        targets.append(new)
    raw["targets"] = targets
    fixed = entry.get("fixed", {})
    free = dict(raw.get("free", {})) if isinstance(raw.get("free"), dict) else {}
    for k in fixed:
        free.pop(k, None)
    free.update(entry.get("free", {}))
    raw["free"] = free

    def merged(key: str) -> dict:
        base = raw.get(key, {})
        return {**(base if isinstance(base, dict) else {}), **entry.get(key, {})}

    raw["fixed"] = merged("fixed")
    raw["initial"] = merged("initial")
    raw["options"] = merged("options")
    free_names = set(free)
    raw["penalties"] = [p for p in raw.get("penalties", [])
                        if isinstance(p, dict) and p.get("parameter") in free_names]
    setup = dict(raw.get("setup", {})) if isinstance(raw.get("setup"), dict) else {}
    setup["name"] = entry["name"]
    raw["setup"] = setup
    return targets_from_dict(model, raw, path, label=f"{where} (modifying {path.name})"), path


def run_calibrations(model: Model, raw: dict, path: Path) -> list[CalibrationRun]:
    """Fit (or load) every calibration of an experiment, in file order.

    Every calibration is set up (and so checked) before the first fit starts.
    """
    setups: list[tuple[dict, Calibration | TargetSet, Path | None]] = []
    for j, entry in enumerate(raw["calibrations"]):
        w = f"{path}: calibrations[{j}]"
        if "calibration" in entry:
            setups.append((entry, load_calibration(model, entry["calibration"]), None))
        else:
            setups.append((entry, *_modified_targets(model, entry, w)))
    from peacetrap.calibrate.fit import calibrate

    out = []
    for entry, obj, tpath in setups:
        if isinstance(obj, Calibration):
            out.append(CalibrationRun(entry["name"], obj, None,
                                      [obj.path] if obj.path is not None else []))
            continue
        res = calibrate(model, obj)
        res.calibration.name = entry["name"]
        out.append(CalibrationRun(entry["name"], res.calibration, res,
                                  [tpath] if tpath is not None else []))
    return out


def compare(model: Model, runs: list[CalibrationRun], scenarios: list[str],
            quarters: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Comparison table, long fit table and timelines (for the figure).

    Returns
    -------
    table : pandas.DataFrame
        One row per calibration and scenario.
    fits : pandas.DataFrame
        Every calibration's ``fit.csv`` rows with a ``calibration`` column.
    timelines : dict
        ``(calibration, scenario) -> timeline``.
    """
    rows, fits, tls = [], [], {}
    for run in runs:
        info: dict = {"calibration": run.name}
        if run.fit is not None:
            d = run.fit.diagnostics
            info.update({"fitted": True, "objective": d["objective"],
                         "converged": d["converged"], "starts_agree": d["starts_agree"],
                         "max_abs_rel_error": d["max_abs_rel_error"],
                         "targets_outside_tolerance": len(d["targets_outside_tolerance"]),
                         "not_identified": ";".join(sorted(d["not_identified"]))})
            if not run.fit.checks.empty:
                info["checks_outside_tolerance"] = int((~run.fit.checks["within"]).sum())
            for k, v in run.fit.theta.items():
                info[f"free:{k}"] = v
            f = run.fit.fit.copy()
            f.insert(0, "calibration", run.name)
            fits.append(f)
        else:
            info.update({"fitted": False})
        for sname in scenarios:
            sc = load_scenario(model, sname)
            base = load_scenario(model, sc.baseline) if sc.baseline and sc.baseline != sc.name else None
            cf = defence_only(sc, base) if base else None
            sim = simulate(model, run.calibration,
                           [sc] + ([base] if base else []) + ([cf] if cf else []),
                           quarters=quarters)
            tl = sim.timeline(0)
            finite_or_raise(tl)
            btl = sim.timeline(1) if base else None
            start = run.calibration.history_end + 1
            row = {**info, "scenario": sc.name, "baseline": base.name if base else None}
            row.update(headlines(tl, btl, start, sim.timeline(2) if cf else None))
            if btl is not None:
                row.update({f"impact:{k}": v for k, v in impact_indicators(tl, btl, start).items()})
            rows.append(row)
            tls[(run.name, sc.name)] = tl
    table = pd.DataFrame(rows)
    lead = ["calibration", "scenario", "baseline", "fitted", "objective", "converged",
            "starts_agree", "max_abs_rel_error", "targets_outside_tolerance",
            "checks_outside_tolerance", "not_identified"]
    lead = [c for c in lead if c in table.columns]
    free = [c for c in table.columns if c.startswith("free:")]
    impact = [c for c in table.columns if c.startswith("impact:")]
    rest = [c for c in table.columns if c not in lead + free + impact]
    table = table[lead + free + rest + impact]
    return table, (pd.concat(fits, ignore_index=True) if fits else pd.DataFrame()), tls


def experiment_settings(raw: dict, path: Path) -> tuple[str, str, list[str], int]:
    """Name, description, scenario names and quarters of a checked experiment file."""
    head = raw["experiment"]
    return (head.get("name", path.stem), head.get("description", ""),
            head.get("scenarios", ["sudden-peace"]), head.get("quarters", 40))


__all__ = ["load_experiment", "run_calibrations", "compare", "experiment_settings", "sha256"]
