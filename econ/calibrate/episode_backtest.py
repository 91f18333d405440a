r"""The backtest of an episode: fit the last war year, run the peace, compare with the record.

The free values are fitted to the last war year's targets
(:func:`peacetrap.calibrate.fit.calibrate`), the peace paths are run as a
scenario, and the ``[[actual]]`` figures are compared with the model's, by
the same period/statistic rules as targets (annual means, Q4 values,
annual-average growth).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from peacetrap.core.model import Model
from peacetrap.errors import CalibrationError
from peacetrap.run.setups import Calibration
from peacetrap.run.simulate import simulate
from peacetrap.run.timeline import contract_columns

from peacetrap.calibrate.episode_file import Episode
from peacetrap.calibrate.fit import FitResult, calibrate


def statistic(series: pd.Series, period: str, stat: str) -> float:
    """A period statistic of a quarterly series (PeriodIndex), as for targets."""
    if stat == "quarter":
        return float(series.loc[pd.Period(period, "Q")])
    y = int(period)
    cur = series[series.index.year == y]
    prev = series[series.index.year == y - 1]
    if stat == "mean":
        return float(cur.mean())
    if stat == "end":
        return float(cur.iloc[-1])
    if stat == "growth_mean":
        return float(100 * (cur.mean() / prev.mean() - 1))
    return float(100 * (cur.iloc[-1] / prev.iloc[-1] - 1))


@dataclass
class BacktestResult:
    episode: Episode
    fit: FitResult
    comparison: pd.DataFrame
    timeline: pd.DataFrame


def backtest(model: Model, episode: Episode, progress: bool = False) -> BacktestResult:
    """Calibrate to the last war year, simulate the peace, compare with the record.

    Parameters
    ----------
    model : Model
    episode : Episode
    progress : bool
        Show the calibration's tqdm bar on stderr.

    Returns
    -------
    BacktestResult
        ``comparison`` has period, variable, actual, model (and stat, phase,
        error, source); ``phase`` is ``war (fitted)`` for the calibration
        targets, ``war (record)`` for ``[[actual]]`` figures inside the history window
        (shown, not fitted, never scored as peace) and ``peace`` for the out-of-sample
        figures.

    Raises
    ------
    CalibrationError
        When the war-year fit fails (its message begins with the episode file's path).
    """
    try:
        fit = calibrate(model, episode.targets, progress=progress)
    except CalibrationError as exc:      # say which file: its facts or paths are the cause
        raise CalibrationError(f"{episode.path}: {exc}") from exc
    comp, tl = compare(model, episode, fit.calibration, fit.fit["model_value"].to_numpy())
    return BacktestResult(episode=episode, fit=fit, comparison=comp, timeline=tl)


def compare(model: Model, episode: Episode, calibration: Calibration,
            war_values: Sequence[float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate the peace from a war-year calibration and compare it with the record.

    Parameters
    ----------
    model : Model
    episode : Episode
    calibration : Calibration
        A calibration of the last war year (the fit's, or one with other free values,
        balanced as the fit balances its candidates).
    war_values : sequence of float
        The model's values of the war-year targets (``episode.targets.targets`` order).

    Returns
    -------
    comparison : pandas.DataFrame
        As :attr:`BacktestResult.comparison`.
    timeline : pandas.DataFrame
        The peace run's quarterly timeline.
    """
    cal = replace(calibration, name=episode.name)
    sim = simulate(model, cal, [episode.peace], quarters=episode.peace_quarters)
    frame = sim.frame(0)
    tl = sim.timeline(0)
    # the timeline drops the spin-up year; growth statistics need it: contract columns
    # over the whole frame
    cols = contract_columns(model.info, lambda n: frame[n].to_numpy(), frame.index,
                            cal.history_start.year)
    full = pd.concat([frame, pd.DataFrame(cols, index=frame.index)], axis=1)
    rows = []
    for t, mv in zip(episode.targets.targets, war_values):
        rows.append({"period": t.period, "variable": t.variable, "actual": t.value,
                     "model": float(mv), "stat": t.stat, "phase": "war (fitted)",
                     "source": t.source})
    for a in episode.actual:
        # a record of the war years (the history window) is shown, never scored as peace
        last = pd.Period(f"{a.period}Q4" if a.period.isdigit() else a.period, "Q")
        rows.append({"period": a.period, "variable": a.variable, "actual": a.value,
                     "model": statistic(full[a.variable], a.period, a.stat), "stat": a.stat,
                     "phase": "war (record)" if last <= cal.history_end else "peace",
                     "source": a.source})
    comp = pd.DataFrame(rows)
    comp["error"] = comp["model"] - comp["actual"]
    comp = comp[["period", "variable", "actual", "model", "error", "stat", "phase", "source"]]
    return comp, tl
