r"""How a backtest's peace depends on the free values its war-year fit chose.

A last war year has a handful of targets and two or three free values; a value the war year
does not pin down goes wherever the misfit of the other targets sends it, and the peace
depends on where the fit stopped. :func:`free_value_sensitivity` moves each free value in
turn by one standard error, with the war year's tolerances taken as its targets' standard
deviations (the fit's ``standard_errors_tolerance_as_sd``: the values the war year cannot
tell apart from the fitted one within its tolerances), the others kept at their fitted
values; where the fit has no standard errors (not over-identified, or a rank-deficient
Jacobian) the value goes to the ends of its search range. Each moved set is balanced as the
fit balances its candidates, its war year and peace are simulated, and the scoreboard's
backtest rows (:func:`peacetrap.analysis.validate_record.episode_rows`) are computed for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from peacetrap.analysis.validate_record import episode_rows
from peacetrap.analysis.validate_spec import ValidationSpec, load_spec
from peacetrap.calibrate.episode_backtest import BacktestResult, compare
from peacetrap.calibrate.fit import fitted_calibration
from peacetrap.calibrate.problem import Problem
from peacetrap.core.model import Model
from peacetrap.errors import PeacetrapError
from peacetrap.io.progress import remaining_delay

#: Rows of the scoreboard shown for each moved value (the war-year fit has its own columns).
PEACE_CHECKS = ("backtest.gdp", "backtest.unemployment_peak", "backtest.inflation_peak",
                "backtest.inflation_signs")


def moved_values(res: BacktestResult) -> list[tuple[str, str, float]]:
    r"""The free values to try: ``(name, side, value)``, two a free value.

    With :math:`\hat\theta_i` the fitted value, :math:`s_i` its standard error with the
    tolerances as standard deviations and :math:`[a_i, b_i]` its search range, the sides are
    ``-1 se`` at :math:`\max(a_i, \hat\theta_i - s_i)` and ``+1 se`` at
    :math:`\min(b_i, \hat\theta_i + s_i)`; without standard errors, ``low end`` at
    :math:`a_i` and ``high end`` at :math:`b_i`. A side where the fitted value already
    sits (a value at a bound) is left out.

    Parameters
    ----------
    res : BacktestResult

    Returns
    -------
    list of (str, str, float)
        Free value, side, moved value (display units; an input scale as a factor).
    """
    diag = res.fit.diagnostics
    se = diag.get("standard_errors_tolerance_as_sd") or {}
    out = []
    for name, f in diag["free_values"].items():
        s = se.get(name)
        if s is not None and np.isfinite(s):
            sides = [("-1 se", max(f["low"], f["value"] - s)),
                     ("+1 se", min(f["high"], f["value"] + s))]
        else:
            sides = [("low end", f["low"]), ("high end", f["high"])]
        # a value at a bound has nothing to move to on that side
        out += [(name, side, float(v)) for side, v in sides
                if not np.isclose(v, f["value"], rtol=1e-12, atol=0.0)]
    return out


@dataclass
class Sensitivity:
    """What :func:`free_value_sensitivity` measures.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per moved value, the fitted set first (free value ``fitted``): free,
        side, value, war_within (war-year targets within tolerance), war_targets,
        war_objective (half the sum of squared scaled misses, priors excluded), note,
        then for each peace row of :data:`PEACE_CHECKS` its value and whether it passes
        (columns ``<key>`` and ``<key> passed``, keyed as the scoreboard's rows;
        ``attrs["checks"]`` maps each key to the row's wording). A moved set whose run
        fails has NaN values, fails every row and says why in its note.
    models : pandas.DataFrame
        The model's value of every row of the backtest's comparison (same index), one
        column per set in the order of ``table`` (NaN where its run fails).
    """

    table: pd.DataFrame
    models: pd.DataFrame

    def band(self) -> pd.DataFrame:
        """Lowest and highest model value of each comparison row over the fitted set and
        the moved sets that keep the war year's fit (as many targets within tolerance).

        Returns
        -------
        pandas.DataFrame
            Columns ``low`` and ``high``, the comparison's index.
        """
        kept = (self.table["war_within"] >= self.table["war_within"].iloc[0]).to_numpy()
        m = self.models.loc[:, kept]
        return pd.DataFrame({"low": m.min(axis=1), "high": m.max(axis=1)})


def free_value_sensitivity(model: Model, res: BacktestResult,
                           spec: ValidationSpec | None = None,
                           progress: bool = False) -> Sensitivity:
    """The war-year fit, the comparison and the scoreboard's peace rows with each free
    value moved.

    Parameters
    ----------
    model : Model
    res : BacktestResult
        The backtest (its episode, fit and comparison).
    spec : ValidationSpec, optional
        The scoreboard's checks (default: ``data/validation.toml``).
    progress : bool
        Show a tqdm bar over the moved sets on stderr (once the command's first two
        seconds have passed).

    Returns
    -------
    Sensitivity
    """
    spec = spec or load_spec(model)
    ep = res.episode
    problem = Problem(model, ep.targets)
    theta0 = res.fit.theta.to_numpy(dtype=float)
    index = {n: i for i, n in enumerate(problem.free_names)}
    sets = [("fitted", "", float("nan"), theta0)]
    for name, side, value in moved_values(res):
        th = theta0.copy()
        th[index[name]] = value
        sets.append((name, side, value, th))
    records: list[dict[str, object]] = []
    models: list[pd.Series] = []
    keys: list[str] = []
    labels: dict[str, str] = {}
    bar = tqdm(sets, desc=f"sensitivity of {ep.name}", unit=" sets", leave=False,
               delay=remaining_delay(), disable=not progress)
    for name, side, value, th in bar:
        row: dict[str, object] = {"free": name, "side": side, "value": value,
                                  "war_targets": len(ep.targets.targets),
                                  "war_within": 0, "war_objective": float("inf"), "note": ""}
        rows: list[dict] = []
        values = pd.Series(np.nan, index=res.comparison.index,
                           name="fitted" if name == "fitted" else f"{name} {side}")
        batch = problem.run(th[None, :])
        if batch.ok[0]:
            outputs = problem.outputs(batch)[0]
            r = problem.target_residuals(outputs)
            within = int(np.sum(np.abs(np.nan_to_num(r, nan=np.inf)) <= 1.0))
            row["war_within"] = within
            row["war_objective"] = float(0.5 * np.sum(r ** 2)) if np.isfinite(r).all() \
                else float("inf")
            try:
                comp, _ = compare(model, ep, fitted_calibration(problem, th), outputs)
                rows = episode_rows(spec, ep.name, comp, len(r) - within, len(r),
                                    last_war_year=ep.last_war_year)
                values[:] = comp["model"].to_numpy()
            except PeacetrapError as exc:       # the peace of this set fails to simulate
                row["note"] = f"the peace fails: {exc}"
        else:
            row["note"] = f"the war year fails: {batch.failures[0]}"
        got = {rr["key"]: rr for rr in rows if rr["id"] in PEACE_CHECKS}
        if not keys:
            keys = list(got)
            labels.update({k: rr["check"] for k, rr in got.items()})
        for key in keys:
            row[key] = got[key]["value"] if key in got else float("nan")
            row[f"{key} passed"] = got[key]["passed"] if key in got else False
        records.append(row)
        models.append(values)
    bar.close()
    table = pd.DataFrame(records)
    table.attrs["checks"] = labels
    return Sensitivity(table=table, models=pd.concat(models, axis=1))



def turning_rows(sens: pd.DataFrame) -> tuple[list[str], list[str], int, int]:
    """The peace rows that turn under a move of a free value that keeps the war year's fit.

    A moved set keeps the fit when its war year has as many targets within tolerance as
    the fitted one; a row turns when its pass or fail under such a set differs from the
    fitted one's.

    Parameters
    ----------
    sens : pandas.DataFrame
        :func:`free_value_sensitivity`'s frame (the fitted set first).

    Returns
    -------
    turned : list of str
        Keys of the rows that turn.
    rows : list of str
        Keys of the rows computed (the record covers them).
    kept, moves : int
        Moves that keep the fit, and all moves.
    """
    keys = [k for k in sens.attrs.get("checks", {}) if sens[k].notna().any()]
    fitted, moved = sens.iloc[0], sens.iloc[1:]
    kept = moved[moved["war_within"] >= fitted["war_within"]]
    turned = [k for k in keys if (kept[f"{k} passed"] != fitted[f"{k} passed"]).any()]
    return turned, keys, len(kept), len(moved)
