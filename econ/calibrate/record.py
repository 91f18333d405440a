r"""A calibration against the record: the record's targets evaluated, never fitted.

:func:`evaluate_targets` evaluates any targets file's figures on a calibration
as it is (the same statistics as the fit); :func:`against_record` compares a
calibration with the observed record of 2021-2025, so a calibration built to
other figures (the essay's appendix) reports what its world implies for the
years the record covers.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration

if TYPE_CHECKING:
    from peacetrap.calibrate.targets import TargetSet

#: The targets file holding the record.
RECORD = "observed"


def evaluate_targets(model: Model, cal: Calibration, tset: TargetSet) -> pd.DataFrame:
    """Model values of a target set's targets under ``cal`` (no fitting).

    Returns one row per target: variable, period, stat, value (the record),
    scale (its tolerance), model, residual ``(model - value) / scale``, source.
    """
    from peacetrap.calibrate.problem import Problem

    ts = replace(tset, base=cal, free=[], penalties=[], prepare=None)
    prob = Problem(model, ts)
    out = prob.outputs(prob.run(np.zeros((1, 0))))[0]
    return pd.DataFrame({
        "variable": [t.variable for t in ts.targets], "period": [t.period for t in ts.targets],
        "stat": [t.stat for t in ts.targets], "value": [t.value for t in ts.targets],
        "scale": [t.scale for t in ts.targets], "model": out,
        "residual": prob.target_residuals(out),
        "source": [t.source for t in ts.targets]})


def own_figures(model: Model, tset: TargetSet, record: str = RECORD) -> set[str]:
    """Variables ``tset`` sets to figures of its own, not the record's.

    A variable is its own when one of its two-sided targets is not a target of
    the record (same variable, period, statistic and value); targets that
    repeat the record's figures, and one-sided targets (a ceiling or a floor),
    keep the variable in the comparison with the record.
    """
    from peacetrap.calibrate.targets import load_targets

    if tset.name == record:
        return set()
    rec = {(t.variable, t.period, t.stat, t.value) for t in load_targets(model, record).figures}
    return {t.variable for t in tset.figures
            if t.side == "both" and (t.variable, t.period, t.stat, t.value) not in rec}


def in_window(cal: Calibration, tset: TargetSet) -> list:
    """The figures of ``tset`` (targets and checks) whose periods lie in ``cal``'s history.

    A growth statistic needs the year before as well.
    """
    lo, hi = cal.epoch, cal.history_end
    keep = []
    for t in tset.figures:
        if t.stat == "quarter":
            q0 = q1 = pd.Period(t.period, "Q")
        else:
            q0 = pd.Period(f"{int(t.period) - (1 if t.stat.startswith('growth') else 0)}Q1", "Q")
            q1 = pd.Period(f"{t.period}Q4", "Q")
        if q0 >= lo and q1 <= hi:
            keep.append(t)
    return keep


def against_record(model: Model, cal: Calibration, own: set[str] | None = None,
                   record: str = RECORD) -> pd.DataFrame:
    r"""The record's targets in ``cal``'s history, evaluated on ``cal`` (not fitted).

    Parameters
    ----------
    own : set of str, optional
        Variables the calibration sets to figures of its own (not compared).
    record : str
        Targets file of the record.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``variable``, ``period``, ``stat``, ``record``,
        ``tolerance``, ``model``, ``miss`` :math:`= (m - r) / \text{tolerance}`,
        ``within`` (:math:`|\text{miss}| \le 1`) and ``source``.
    """
    from peacetrap.calibrate.targets import load_targets

    rec = load_targets(model, record)
    kept = [t for t in in_window(cal, rec) if t.variable not in (own or set())]
    return compare_figures(model, cal, replace(rec, targets=kept))


#: Columns of :func:`compare_figures` (and of ``record.csv`` and ``checks.csv``).
COMPARED = ["variable", "period", "stat", "record", "tolerance", "model", "miss", "within",
            "source"]


def compare_figures(model: Model, cal: Calibration, tset: TargetSet) -> pd.DataFrame:
    r"""The targets of ``tset`` against ``cal``'s values (no fitting).

    Returns
    -------
    pandas.DataFrame
        One row per target, columns :data:`COMPARED`: the figure (``record``), its
        ``tolerance``, the ``model``'s value, ``miss`` :math:`= (m - r) / \text{tolerance}`
        (one-sided targets: beyond their bound only) and ``within`` (:math:`|\text{miss}|
        \le 1`).
    """
    if not tset.targets:
        return pd.DataFrame(columns=COMPARED)
    ev = evaluate_targets(model, cal, tset)
    return pd.DataFrame({"variable": ev["variable"], "period": ev["period"], "stat": ev["stat"],
                         "record": ev["value"], "tolerance": ev["scale"], "model": ev["model"],
                         "miss": ev["residual"], "within": np.abs(ev["residual"]) <= 1.0,
                         "source": ev["source"]})


def summary(table: pd.DataFrame, targets_file: str = RECORD) -> dict:
    """Counts and the largest miss per variable of a :func:`compare_figures` table."""
    worst = {}
    for var, part in table.groupby("variable", sort=False):
        r = part.iloc[int(np.argmax(np.abs(part["miss"].to_numpy())))]
        worst[str(var)] = {"period": str(r.period), "record": float(r.record),
                           "model": float(r.model), "miss_tolerances": float(r.miss)}
    return {"targets_file": targets_file, "within_tolerance": int(table["within"].sum()),
            "compared": int(len(table)), "largest_miss": worst}


#: What a calibration's world implies in a year, beside the record: (variable, statistic).
IMPLIED = (("rub_per_usd", "mean"), ("cpi_inflation_yoy_pct", "end"), ("key_rate_pct", "end"),
           ("real_wage_growth_yoy_pct", "mean"), ("gdp_real", "growth_mean"),
           ("unemployment_rate_pct", "mean"), ("current_account_pct_gdp", "mean"))


def implied_year(model: Model, cal: Calibration, year: int = 2025,
                 record: str = RECORD) -> pd.DataFrame:
    """What ``cal``'s world implies in ``year`` for the nominal side, beside the record.

    Returns one row per variable of :data:`IMPLIED`: ``variable``, ``stat``
    (``mean`` annual average, ``end`` December/Q4 value, ``growth_mean``
    annual-average growth), ``model`` and ``record`` (the record's target of
    that year when it has one with that statistic, its Q4 value for ``end``,
    else NaN); no rows when ``year`` (or, for growth, the year before) is not
    in ``cal``'s simulation (e.g. a historical episode).
    """
    from peacetrap.calibrate.targets import Target, load_targets

    if not (cal.epoch.year <= year - 1 and year <= cal.history_end.year
            and cal.history_end.quarter == 4):
        return pd.DataFrame(columns=["variable", "stat", "model", "record"])

    rec = load_targets(model, record)
    probes = [Target(v, str(year), s, 0.0, 1.0, "absolute", "probe") for v, s in IMPLIED]
    ev = evaluate_targets(model, cal, replace(rec, targets=probes))
    known: dict[tuple[str, str], float] = {}
    for t in rec.figures:
        if t.period == str(year):
            known[(t.variable, t.stat)] = t.value
        elif t.period == f"{year}Q4":
            known[(t.variable, "end")] = t.value
    return pd.DataFrame({"variable": [v for v, _ in IMPLIED], "stat": [s for _, s in IMPLIED],
                         "model": ev["model"].to_numpy(float),
                         "record": [known.get(k, np.nan) for k in IMPLIED]})

