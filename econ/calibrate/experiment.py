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
targets outside tolerance, convergence) and the scenario's headline numbers
(:data:`peacetrap.run.timeline.HEADLINES`) and impact-of-peace indicators.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peacetrap.errors import InputError
from peacetrap.core.model import Model
from peacetrap.io.resources import resolve
from peacetrap.run.setups import Calibration, defence_only, load_calibration, load_scenario
from peacetrap.run.simulate import simulate
from peacetrap.run.timeline import finite_or_raise, headlines, impact_indicators
from peacetrap.io.tomlfiles import check_keys, number, read_toml, sha256, text

from peacetrap.calibrate.fit import FitResult, calibrate
from peacetrap.calibrate.targets import read_targets_raw, targets_from_dict

ENTRY_KEYS = ["name", "targets", "calibration", "drop", "add", "fixed", "free", "initial",
              "options"]


@dataclass
class CalibrationRun:
    """One calibration of an experiment: fitted (``fit``) or taken as it is."""

    name: str
    calibration: Calibration
    fit: FitResult | None
    files: list[Path]


def load_experiment(path_or_name: str | Path) -> tuple[dict, Path]:
    """Read and check an experiment file's top level."""
    path = resolve(str(path_or_name), "experiments", "experiment")
    raw = read_toml(path)
    where = str(path)
    check_keys(raw, ["experiment", "calibrations"], where)
    head = raw.get("experiment")
    if not isinstance(head, dict):
        raise InputError(f"{where}: missing [experiment] table (name, description, scenarios, "
                         "quarters)")
    check_keys(head, ["name", "description", "scenarios", "quarters"], f"{where} [experiment]")
    cals = raw.get("calibrations")
    if not isinstance(cals, list) or not cals:
        raise InputError(f"{where}: expected at least one [[calibrations]] entry")
    names = set()
    for j, c in enumerate(cals):
        w = f"{where} [[calibrations]][{j}]"
        if not isinstance(c, dict):
            raise InputError(f"{w}: expected a table")
        check_keys(c, ENTRY_KEYS, w)
        if ("targets" in c) == ("calibration" in c):
            raise InputError(f"{w}: give exactly one of 'targets' (fit) or 'calibration' (as is)")
        if "calibration" in c and any(k in c for k in ("drop", "add", "fixed", "free", "initial", "options")):
            raise InputError(f"{w}: drop/fixed/free/initial/options modify a targets file; "
                             "they do not apply to 'calibration'")
        name = text(c.get("name", ""), f"{w}.name")
        if not name or name in names:
            raise InputError(f"{w}.name: {name!r} is empty or used twice")
        names.add(name)
    return raw, path


def _modified_targets(model: Model, entry: dict, where: str):  # noqa: ANN202
    raw, path = read_targets_raw(entry["targets"])
    raw = copy.deepcopy(raw)
    drop = entry.get("drop", [])
    if not isinstance(drop, list):
        raise InputError(f"{where}.drop: expected a list of \"variable@period\" labels")
    targets = list(raw.get("targets", []))
    for label in drop:
        if not isinstance(label, str) or "@" not in label:
            raise InputError(f"{where}.drop: {label!r} must look like \"rub_per_usd@2025\"")
        var, per = label.split("@", 1)
        keep = [t for t in targets if not (t.get("variable") == var and str(t.get("period")) == per)]
        if len(keep) == len(targets):
            have = ", ".join(f"{t.get('variable')}@{t.get('period')}" for t in targets)
            raise InputError(f"{where}.drop: no target {label} in {path.name}; targets: {have}")
        targets = keep
    add = entry.get("add", [])
    if not isinstance(add, list):
        raise InputError(f"{where}.add: expected [[calibrations.add]] target tables")
    for new in add:
        if not isinstance(new, dict):
            raise InputError(f"{where}.add: expected target tables")
        key = (new.get("variable"), str(new.get("period")), new.get("stat"))
        targets = [t for t in targets
                   if (t.get("variable"), str(t.get("period")), t.get("stat")) != key]
        targets.append(new)
    raw["targets"] = targets
    fixed = entry.get("fixed", {})
    if not isinstance(fixed, dict):
        raise InputError(f"{where}.fixed: expected a table of values")
    free = dict(raw.get("free", {}))
    for k in fixed:
        free.pop(k, None)
    free.update(entry.get("free", {}))
    raw["free"] = free
    raw["fixed"] = {**raw.get("fixed", {}), **fixed}
    raw["initial"] = {**raw.get("initial", {}), **entry.get("initial", {})}
    raw["options"] = {**raw.get("options", {}), **entry.get("options", {})}
    free_names = set(free)
    raw["penalties"] = [p for p in raw.get("penalties", []) if p.get("parameter") in free_names]
    setup = dict(raw.get("setup", {}))
    setup["name"] = entry["name"]
    raw["setup"] = setup
    return targets_from_dict(model, raw, path, label=f"{where} (modifying {path.name})"), path


def run_calibrations(model: Model, raw: dict, path: Path) -> list[CalibrationRun]:
    """Fit (or load) every calibration of an experiment, in file order."""
    out = []
    for j, entry in enumerate(raw["calibrations"]):
        w = f"{path} [[calibrations]][{j}]"
        entry = dict(entry)
        if "calibration" in entry:
            cal = load_calibration(model, entry["calibration"])
            out.append(CalibrationRun(entry["name"], cal, None, [cal.path]))
            continue
        if not isinstance(entry["targets"], str):
            raise InputError(f"{w}.targets: must name a targets file; add targets with "
                             "[[calibrations.add]]")
        tset, tpath = _modified_targets(model, entry, w)
        res = calibrate(model, tset)
        res.calibration.name = entry["name"]
        out.append(CalibrationRun(entry["name"], res.calibration, res, [tpath]))
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
            "starts_agree", "max_abs_rel_error", "targets_outside_tolerance", "not_identified"]
    lead = [c for c in lead if c in table.columns]
    free = [c for c in table.columns if c.startswith("free:")]
    impact = [c for c in table.columns if c.startswith("impact:")]
    rest = [c for c in table.columns if c not in lead + free + impact]
    table = table[lead + free + rest + impact]
    return table, (pd.concat(fits, ignore_index=True) if fits else pd.DataFrame()), tls


def experiment_settings(raw: dict, path: Path) -> tuple[str, str, list[str], int]:
    """Name, description, scenario names and quarters of an experiment file."""
    head = raw["experiment"]
    where = f"{path} [experiment]"
    name = text(head.get("name", path.stem), f"{where}.name")
    desc = text(head.get("description", ""), f"{where}.description")
    scen = head.get("scenarios", ["sudden-peace"])
    if not isinstance(scen, list) or not scen or not all(isinstance(s, str) for s in scen):
        raise InputError(f"{where}.scenarios: expected a non-empty list of scenario names")
    quarters = int(number(head.get("quarters", 40), f"{where}.quarters", (1, 400), "quarters"))
    return name, desc, scen, quarters


__all__ = ["load_experiment", "run_calibrations", "compare", "experiment_settings", "sha256"]
