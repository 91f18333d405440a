r"""Ensembles: a scenario's timeline and headline numbers under parameter uncertainty.

Parameter sets are drawn from the priors of :mod:`peacetrap.analysis.uncertainty`
(all draws at once from the seed), integrated in chunks with the vectorised
kernel of :mod:`peacetrap.core.fastbatch` under the scenario and its baseline (the
history once per draw), and reduced to

* per-draw **headline numbers** (:data:`peacetrap.run.timeline.HEADLINES`), computed
  exactly as :func:`peacetrap.run.timeline.headlines` does for one run;
* per-quarter **quantiles** :math:`q_{05}, q_{25}, q_{50}, q_{75}, q_{95}` of
  the reported variables (:data:`REPORTED`) over the draws that ran.

Chunks run in this process (threads over cores) or, with a dask.distributed
``Client``, as tasks on a cluster; a chunk's result depends only on its draws,
so results are identical whatever the chunk size or scheduler.  A draw whose
run fails (a stock becomes non-finite or leaves its bounds) is dropped and counted.

Memory: a chunk of :math:`n` draws holds :math:`2 \times n \times` quarters
:math:`\times` 9 outputs in double precision while it runs (60 MB for
:math:`n = 10^4` and 40 quarters); the per-draw series kept for the quantiles
are single precision (:math:`N \times 60 \times` 12 values, 290 MB for
:math:`N = 10^5`).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import as_completed as as_completed_threads
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd

from peacetrap.analysis.selection import row_quantiles
from peacetrap.errors import InputError, SimulationError
from peacetrap.run.engine import STEPS_PER_QUARTER
from peacetrap.run.vectorised import BatchRun, describe_failure, run_batch
from peacetrap.core.model import Model
from peacetrap.core.info import Declarations
from peacetrap.run.setups import Calibration, Scenario
from peacetrap.run.timeline import (GAPS, HEADLINE_TABLE, HEADLINES, RISING,
                                    contract_columns, gap_columns, headline_arrays,
                                    quantities_needed)

#: Reported variables of ``quantiles.csv`` (timeline contract names where they exist).
REPORTED = ["gdp_real_index", "gdp_gap_pct_vs_baseline", "gdp_growth_yoy_pct",
            "unemployment_rate_pct", "cpi_inflation_yoy_pct", "inflation_gap_pp_vs_baseline",
            "key_rate_pct", "rub_per_usd", "real_wage_growth_yoy_pct",
            "monetary_overhang_pct_gdp", "defence_share_gdp_pct",
            "veterans_unemployed_thousands"]

#: Contract columns computed for each draw: the reported ones and those of the headlines.
_COLUMNS = list(dict.fromkeys([c for c in REPORTED if c not in GAPS]
                              + [h.column for h in HEADLINE_TABLE]
                              + [GAPS[g].column for g in REPORTED if g in GAPS]))


#: Contract columns of the baseline: those the headlines and the reported gaps compare with.
_BASELINE_COLUMNS = list(dict.fromkeys([h.column for h in HEADLINE_TABLE if h.against]
                                       + [g.column for g in GAPS.values()]))


def outputs(model: Model) -> tuple[str, ...]:
    """Model quantities the kernel records: those the reported columns and headlines read
    (one compiled kernel serves ensembles and sensitivity)."""
    return tuple(quantities_needed(model.info, _COLUMNS))

#: Variables of the fan chart.
FAN = ["gdp_gap_pct_vs_baseline", "unemployment_rate_pct", "cpi_inflation_yoy_pct",
       "key_rate_pct", "rub_per_usd", "veterans_unemployed_thousands"]

QUANTILES = (0.05, 0.25, 0.50, 0.75, 0.95)

#: Default draws per chunk.
CHUNK = 10_000


def reduce_runs(spec: Declarations, run: BatchRun, base_year: int,
                start: pd.Period) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    r"""Reported variables and headline numbers of draws under a scenario and its baseline.

    Parameters
    ----------
    spec : Declarations
        The model's declarations (``model.info``).
    run : BatchRun
        Scenario (index 0) and baseline (index 1) of every draw, from
        :func:`peacetrap.run.vectorised.run_batch` with :func:`outputs`.
    base_year : int
        Year whose average real GDP is 100 in ``gdp_real_index``.
    start : pandas.Period
        First scenario quarter.

    Returns
    -------
    (dict of str to numpy.ndarray, pandas.DataFrame)
        ``(n, n_quarters)`` per variable of :data:`REPORTED`, computed by
        :func:`peacetrap.run.timeline.contract_columns` as for one run; and the
        headline numbers of every draw (:func:`peacetrap.run.timeline.headline_arrays`).
    """
    index = {name: j for j, name in enumerate(run.names)}
    periods = run.periods

    def getter(k: int) -> Callable[[str], np.ndarray]:
        # (draws, quarters) views with the draws contiguous, as the kernel writes them: every
        # column is computed in that layout, without transposing copies
        return lambda name: run.outputs[:, k, :, index[name]]

    scen = contract_columns(spec, getter(0), periods, base_year, _COLUMNS)
    base = contract_columns(spec, getter(1), periods, base_year, _BASELINE_COLUMNS)
    series = {**scen, **gap_columns(scen, base)}
    first = first_quarter(periods, start)
    quarters = np.array([str(p) for p in periods[first:]])
    heads = headline_arrays({k: v[:, first:] for k, v in scen.items()},
                            {k: v[:, first:] for k, v in base.items()}, quarters)
    # the defence multipliers need the defence-only counterfactual, which ensembles do not
    # run: they are NaN here
    return {k: series[k] for k in REPORTED}, pd.DataFrame(heads).reindex(columns=HEADLINES)


def first_quarter(periods: pd.PeriodIndex, start: pd.Period) -> int:
    """Position of the first of ``periods`` (consecutive quarters) at or after ``start``:
    the quarters from ``start`` on are the slice from there."""
    return int(periods.searchsorted(start))


@dataclass
class ChunkResult:
    """What one chunk sends back: compact per-draw results."""

    series: np.ndarray          # (len(REPORTED), n_reported_quarters, n) float32
    headlines: pd.DataFrame     # (n, len(HEADLINES))
    ok: np.ndarray              # (n,) bool
    failures: list[str]


def run_chunk(model: Model | None, calibration: Calibration, scenario: Scenario,
              baseline: Scenario, values: pd.DataFrame, quarters: int,
              threads: int | None = None, out: np.ndarray | None = None) -> ChunkResult:
    """Integrate one chunk of draws under scenario and baseline and reduce it.

    ``model=None`` loads the default model (for tasks on a dask worker).  The reported
    series are written into ``out`` (``(variables, quarters, draws)`` float32, e.g. the
    chunk's columns of the whole ensemble's array), by default a new array.
    """
    if model is None:
        from peacetrap.core.model import load_model

        model = load_model()
    # ensembles keep the first pass's step for every draw: refining the draws whose error
    # estimate asks for it (about three in four of the default priors' draws, most of them
    # to 4-5 steps a quarter) costs 2.5-7 times the integration (see docs/experiments.md)
    run = run_batch(model, calibration, [scenario, baseline], values, quarters, list(outputs(model)),
                    steps_per_quarter=STEPS_PER_QUARTER, threads=threads)
    start = calibration.history_end + 1
    with np.errstate(all="ignore"):
        s, heads = reduce_runs(model.info, run, calibration.history_start.year, start)
    first = first_quarter(run.periods, pd.Period(calibration.history_start, "Q"))
    # variable, quarter, draw: the ensemble's quantiles read each quarter's draws as one row
    # (the columns' layout already: each row is a contiguous copy)
    shape = (len(REPORTED), len(run.periods) - first, len(values))
    series = np.empty(shape, dtype=np.float32) if out is None else out
    for j, v in enumerate(REPORTED):
        series[j] = s[v][:, first:].T
    # a headline may be undefined (a series still moving at the window's end): only a
    # failed integration fails a draw
    ok = run.ok.copy()
    failures = []
    for i in np.flatnonzero(~ok)[:20]:
        bad = [k for k in range(2) if run.status[i, k, 0]]
        steps = int(run.steps[i]) if run.steps is not None else STEPS_PER_QUARTER
        failures.append(describe_failure(model, calibration, run.status[i, bad[0]], steps)
                        if bad else "a headline number is not finite")
    return ChunkResult(series=series, headlines=heads, ok=ok, failures=failures)


@dataclass(repr=False)
class EnsembleResult:
    """Distribution of a scenario's outcomes over parameter draws.

    Attributes
    ----------
    quantiles : pandas.DataFrame
        Long table ``quarter``, ``variable``, ``q05`` … ``q95`` (display units;
        draws that failed are excluded), from the first history quarter on.
    headlines : pandas.DataFrame
        One row per draw: ``draw``, ``ok`` and the headline numbers.
    summary : pandas.DataFrame
        Per numeric headline number: ``n`` (draws where it is defined),
        ``mean``, ``sd``, ``q05`` … ``q95``.
    summary_quarters : pandas.DataFrame
        Per quarter-valued headline: ``n``, ``mode`` and ``q05`` … ``q95``
        (quantiles of the position, as quarters).
    draws : pandas.DataFrame
        The parameter values of every draw (display units).
    series : numpy.ndarray
        ``(n_ran, n_quarters, len(REPORTED))`` float32: every draw that ran, the
        reported variables per quarter (see :meth:`to_xarray`).
    members : numpy.ndarray
        The draw number of each row of ``series``.
    """

    scenario: Scenario
    baseline: Scenario
    quantiles: pd.DataFrame
    headlines: pd.DataFrame
    summary: pd.DataFrame
    summary_quarters: pd.DataFrame
    draws: pd.DataFrame
    n_failed: int
    failures: list[str]
    seconds: float
    chunk: int
    scheduler: str
    periods: pd.PeriodIndex
    start: pd.Period
    info: dict = field(default_factory=dict)
    calibration: str = ""
    series: np.ndarray | None = None
    members: np.ndarray | None = None
    priors: Any = None
    units: dict[str, str] = field(default_factory=dict)
    seed: int | None = None

    def __repr__(self) -> str:
        n = len(self.headlines)
        return (f"EnsembleResult: {self.scenario.name} against {self.baseline.name}, "
                f"{n - self.n_failed} of {n} draws ran, {len(self.periods)} quarters "
                f"{self.periods[0]} to {self.periods[-1]} (calibration: {self.calibration})\n"
                "  .summary (headline distributions), .headlines (per draw), .quantiles, "
                ".to_xarray(), .plot()")

    def to_xarray(self) -> Any:
        """Every draw that ran as an :class:`xarray.Dataset`, dims member x scenario x quarter.

        ``member`` is the draw number, ``scenario`` the scenario (its variables
        against the ensemble's baseline where the name says so), ``quarter``
        the reported quarters; variables are :data:`REPORTED`, units in ``attrs``.
        ``.to_dataframe()`` gives a long table.
        """
        from peacetrap.run.dataset import dataset

        if self.series is None:
            raise InputError("this ensemble kept no per-draw series")
        data = {v: self.series[:, None, :, j] for j, v in enumerate(REPORTED)}
        return dataset(None, data, [self.scenario.name], self.periods, members=self.members,
                       units=self.units,
                       attrs={"calibration": self.calibration, "baseline": self.baseline.name,
                              "draws": len(self.headlines), "failed": self.n_failed,
                              "scenario_start": str(self.start)})

    def plot(self, variables: list[str] | None = None) -> Any:
        """Fan chart: the 5-95 % and 25-75 % bands and the median of each variable.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from peacetrap.analysis.experiment_figures import fan_figure

        n_ok = len(self.headlines) - self.n_failed
        seed = f"seed {self.seed}; " if self.seed is not None else ""
        return fan_figure(self.quantiles, variables or FAN, self.start,
                          f"{self.scenario.name} against {self.baseline.name}: {n_ok} "
                          f"parameter draws ({seed}calibration: {self.calibration})")


def _quantile_table(packed: np.ndarray, periods: pd.PeriodIndex) -> pd.DataFrame:
    """Quantiles :data:`QUANTILES` of each variable and quarter over the draws.

    ``packed`` is ``(variables, quarters, draws)`` (see :func:`_drop_failed`); the table has one
    row per quarter and variable.
    """
    v, t = packed.shape[0], packed.shape[1]
    # one variable per task (the selection releases the GIL, so the cores share them); each
    # quarter's draws are one contiguous row; numpy.quantile's values, bit for bit
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        parts = list(pool.map(lambda j: row_quantiles(packed[j], QUANTILES), range(v)))
    qs = np.stack(parts, axis=-1).astype(np.float64)                  # (5, T, V)
    table = pd.DataFrame({
        "quarter": np.repeat([str(p) for p in periods], v),
        "variable": np.tile(REPORTED, t),
    })
    for j, q in enumerate(QUANTILES):
        table[f"q{round(q * 100):02d}"] = qs[j].reshape(-1)
    return table


def _drop_failed(series: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """The draws that ran: ``series`` ``(variables, quarters, draws)`` with the failed draws'
    columns dropped in place (a view of its first columns; each row stays contiguous)."""
    if not ok.all():
        _compact(series.reshape(-1, series.shape[-1]), ok)
    return series[:, :, :int(ok.sum())]


@numba.njit(nogil=True, cache=True)
def _compact(rows, keep):  # noqa: ANN001, ANN202 - numba kernel
    """Move the columns where ``keep`` holds to the front of every row, in order, in place."""
    for r in range(rows.shape[0]):
        row = rows[r]
        at = 0
        for i in range(row.shape[0]):
            row[at] = row[i]          # at <= i: a value is read before it is overwritten
            at += keep[i]
    return 0


def _summary(heads: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Distribution of each headline number: numbers, and quarters (as quarters)."""
    numbers, quarters = [], []
    for h in HEADLINES:
        col = heads[h]
        if h.endswith("_quarter"):
            moving = int((col.astype(str) == RISING).sum())
            col = col[col.astype(str) != RISING]
            if not len(col):
                quarters.append({"headline": h, "n": 0, "moving": moving, "mode": RISING})
                continue
            cat = pd.Categorical(col.astype(str))
            order = np.argsort([pd.Period(c, "Q").ordinal for c in cat.categories])
            rank = np.empty_like(order)
            rank[order] = np.arange(len(order))
            pos = rank[cat.codes]
            qv = np.quantile(pos, QUANTILES, method="nearest")
            labels = np.asarray(cat.categories)[order]
            row = {"headline": h, "n": len(col), "moving": moving,
                   "mode": str(pd.Series(col.astype(str)).mode().iloc[0])}
            row.update({f"q{round(q * 100):02d}": str(labels[int(o)])
                        for q, o in zip(QUANTILES, qv)})
            quarters.append(row)
        else:
            v = col.to_numpy(float)
            v = v[np.isfinite(v)]
            row = {"headline": h, "n": len(v),
                   "mean": float(v.mean()) if len(v) else np.nan,
                   "sd": float(v.std(ddof=1)) if len(v) > 1 else np.nan}
            qv = np.quantile(v, QUANTILES) if len(v) else [np.nan] * len(QUANTILES)
            row.update({f"q{round(q * 100):02d}": float(x) for q, x in zip(QUANTILES, qv)})
            numbers.append(row)
    return pd.DataFrame(numbers), pd.DataFrame(quarters)


def run_ensemble(model: Model, calibration: Calibration, scenario: Scenario,
                 baseline: Scenario, draws: pd.DataFrame, quarters: int = 40, *,
                 chunk: int = CHUNK, client: Any = None,
                 progress: bool = True) -> EnsembleResult:
    """Run an ensemble of parameter draws; see the module docstring.

    Parameters
    ----------
    draws : pandas.DataFrame
        One row per draw (display units), e.g. :meth:`Priors.draw`.
    chunk : int
        Draws per batch (bounds memory; does not change results).
    client : distributed.Client, optional
        Run chunks as tasks on this dask cluster; default: in this process.
    progress : bool
        Show a progress bar (tqdm, on stderr) when the run takes more than a
        couple of seconds.

    Raises
    ------
    InputError
        ``chunk``, the number of draws or ``quarters`` below 1.
    SimulationError
        If no draw runs.
    """
    from tqdm.auto import tqdm

    from peacetrap.analysis.uncertainty import check_after_history
    from peacetrap.io.progress import remaining_delay

    check_after_history(quarters)
    if chunk < 1:
        raise InputError(f"--chunk {chunk}: must be 1 or more")
    n = len(draws)
    if n < 1:
        raise InputError("--draws must be 1 or more")
    edges = list(range(0, n, chunk)) + [n]
    parts = [draws.iloc[a:b].reset_index(drop=True) for a, b in zip(edges[:-1], edges[1:])]
    periods = pd.period_range(calibration.history_start, calibration.history_end + quarters,
                              freq="Q")
    # every chunk's reported series, written in place by the chunks that run here
    store = np.empty((len(REPORTED), len(periods), n), dtype=np.float32)
    t0 = time.perf_counter()
    bar = tqdm(total=n, unit="draw", delay=remaining_delay(), disable=not progress, leave=False,
               desc=f"ensemble {scenario.name}")
    results: list[ChunkResult | None] = [None] * len(parts)
    if client is None:
        # chunks run side by side, one thread each: the kernel releases the GIL and so
        # does most of numpy's reduction, so integration overlaps the other's reductions
        workers = min(os.cpu_count() or 1, len(parts))
        with ThreadPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(run_chunk, model, calibration, scenario, baseline, part,
                                   quarters, 1, store[:, :, edges[j]:edges[j + 1]]): j
                       for j, part in enumerate(parts)}
            for fut in as_completed_threads(futures):
                j = futures[fut]
                results[j] = fut.result()
                bar.update(len(parts[j]))
        where = "in-process"
    else:
        from distributed import as_completed

        cal_f, sc_f, base_f = client.scatter([calibration, scenario, baseline], broadcast=True)
        tasks = [client.submit(run_chunk, None, cal_f, sc_f, base_f, part, quarters, 1,
                               pure=False) for part in parts]
        index = {f.key: j for j, f in enumerate(tasks)}
        for fut in as_completed(tasks):
            j = index[fut.key]
            res: ChunkResult = fut.result()
            store[:, :, edges[j]:edges[j + 1]] = res.series
            results[j] = res
            bar.update(len(parts[j]))
        where = f"dask ({client.scheduler.address})" if hasattr(client, "scheduler") \
            and client.scheduler is not None else "dask"
    bar.close()
    seconds = time.perf_counter() - t0
    done = [r for r in results if r is not None]          # every chunk has reported
    ok = np.concatenate([r.ok for r in done])
    heads = pd.concat([r.headlines for r in done], ignore_index=True)
    heads.insert(0, "ok", ok)
    heads.insert(0, "draw", np.arange(n))
    failures = [f for r in done for f in r.failures]
    if not ok.any():
        raise SimulationError(f"every draw failed; first: {failures[0] if failures else '?'}")
    packed = _drop_failed(store, ok)
    quant = _quantile_table(packed, periods)
    series = packed.transpose(2, 1, 0)                  # (draws, quarters, variables), a view
    summary, summary_q = _summary(heads[heads["ok"]])
    return EnsembleResult(scenario=scenario, baseline=baseline, quantiles=quant,
                          headlines=heads, summary=summary, summary_quarters=summary_q,
                          draws=draws,
                          n_failed=int((~ok).sum()), failures=failures[:20], seconds=seconds,
                          chunk=chunk, scheduler=where, periods=periods,
                          start=calibration.history_end + 1, calibration=calibration.name,
                          series=series, members=np.flatnonzero(ok),
                          units=reported_units(model, calibration.history_start.year))


def reported_units(model: Model, base_year: int) -> dict[str, str]:
    """Unit of each :data:`REPORTED` variable: as the model declares the contract column,
    else (the variables against the baseline) read from the name's suffix."""
    from peacetrap.run.dataset import column_unit

    declared = model.info.reports
    return {v: declared[v].unit if v in declared else column_unit(v, base_year)
            for v in REPORTED}


def ensemble(model: Model, calibration: Calibration, scenario: str | Path | Scenario,
             draws: int | pd.DataFrame = 1000, seed: int = 0, *,
             baseline: str | Path | Scenario | None = None, quarters: int = 40,
             parameters: list[str] | None = None, prior_source: str = "both",
             spread: float = 1.0, chunk: int = CHUNK, client: object | None = None,
             progress: bool = False) -> EnsembleResult:
    r"""A scenario's outcomes over parameter draws from the calibration's priors.

    Draws :math:`\theta^{(m)}` from the priors of
    :func:`peacetrap.analysis.uncertainty.priors` (standard errors of estimated
    values, documented ranges for the rest), runs the scenario and its
    baseline for each and reduces them (see the module docstring).

    Parameters
    ----------
    model : Model
    calibration : Calibration
        E.g. ``pt.load_calibration(model)`` (the appendix calibration).
    scenario : str, Path or Scenario
        Scenario name, TOML path or :class:`~peacetrap.Scenario` object.
    draws : int or pandas.DataFrame
        Number of draws, or the draws themselves (one row per draw, display units).
    seed : int
        Random seed of the draws (same seed, same results).
    baseline : str, Path or Scenario, optional
        Default: the scenario's baseline, else ``long-grind``.
    quarters : int
        Scenario quarters after the calibration's history.
    parameters, prior_source, spread
        Which parameters are uncertain and how wide their priors are (see
        :func:`~peacetrap.analysis.uncertainty.priors`).
    chunk, client, progress
        Draws per batch, a dask ``Client`` to run on, a tqdm progress bar.

    Returns
    -------
    EnsembleResult
        ``.summary``, ``.headlines``, ``.quantiles``, ``.to_xarray()``, ``.plot()``.

    Raises
    ------
    InputError
        ``draws`` or ``seed`` not a whole number in range (as ``--draws``, ``--seed``),
        an unknown scenario or parameter.

    Examples
    --------
    >>> import peacetrap as pt
    >>> model = pt.load_model()
    >>> res = pt.ensemble(model, pt.load_calibration(model), "sudden-peace", draws=200)
    >>> res.to_xarray()["unemployment_rate_pct"].dims
    ('member', 'scenario', 'quarter')
    """
    from peacetrap.analysis.uncertainty import check_whole, priors
    from peacetrap.io.schemas import MAX_DRAWS, MAX_SEED
    from peacetrap.run.scenario_library import load_set

    if not isinstance(draws, pd.DataFrame):
        draws = check_whole(draws, "--draws", 1, MAX_DRAWS)
        seed = check_whole(seed, "--seed", 0, MAX_SEED)
    (sc,), base = load_set(model, calibration, [scenario], baseline)
    pri = priors(model, calibration, names=parameters, source=prior_source, spread=spread)
    table = draws if isinstance(draws, pd.DataFrame) else pri.draw(draws, seed)
    res = run_ensemble(model, calibration, sc, base, table, quarters, chunk=chunk,
                       client=client, progress=progress)
    res.priors = pri
    res.seed = None if isinstance(draws, pd.DataFrame) else seed
    return res
