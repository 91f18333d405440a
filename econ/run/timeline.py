r"""The output contract: reported columns and headline numbers, computed once for every caller.

``timeline.csv`` has one row per quarter (history and scenario) with the
contract columns (:data:`CONTRACT`), in display units, followed by channel
columns (every stock, flow and auxiliary of the model, named as in
``peacetrap variables``).  Levels are values at the quarter's end;
year-on-year changes compare with the same quarter a year earlier.

One vectorised function computes the columns (:func:`contract_columns`) and
one the headline numbers (:func:`headline_arrays`), on arrays whose *last*
axis is the quarter: a single run (``run``, ``compare``, the paper), a batch of
members (calibration), draws under a scenario and its baseline (ensemble,
sensitivity) all go through them.  :func:`timeline` and :func:`headlines` are
the one-run views (pandas).

Each column is declared in the model definition, on the quantity it reports
(``report=Report(...)``, :class:`peacetrap.core.symbolic.Report`: label, unit,
decimals, transform); :data:`CONTRACT` fixes the columns' names and order.  The
headline numbers are rows of :data:`HEADLINE_TABLE`.  A change of definition is
an edit of one declaration or one row:

* a column reports a model quantity (divided by ``deflator`` when given) as its
  ``level``, its ``yoy`` change, :math:`100\,(x_t / x_{t-4} - 1)`, or an ``index``,
  :math:`100\,x_t / \bar x_{\text{base year}}`;
* a headline number is the ``max`` or ``min`` of a column over the scenario
  quarters (or the first ``window`` of them), of the run itself (``against``
  ``None``), of its gap to the baseline in percent (``gap_pct``:
  :math:`100\,(x/x^b - 1)`) or of its difference from the baseline
  (``difference``); ``quarter`` names the companion number giving the quarter
  where it occurs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from peacetrap.core.info import Declarations, Report
from peacetrap.errors import PeacetrapError

#: Contract columns, in order (other parts of the package and users rely on them).
CONTRACT = [
    "quarter", "scenario", "gdp_real_index", "gdp_growth_yoy_pct", "defence_share_gdp_pct",
    "unemployment_rate_pct", "cpi_inflation_yoy_pct", "key_rate_pct",
    "nominal_wage_growth_yoy_pct", "real_wage_growth_yoy_pct", "rub_per_usd",
    "monetary_overhang_pct_gdp", "current_account_pct_gdp", "soldiers_thousands",
    "defence_workers_thousands", "veterans_unemployed_thousands",
    "casualties_cumulative_thousands", "sanctions_count",
]

#: Numeric contract columns (all but ``quarter`` and ``scenario``).
NUMERIC_CONTRACT = CONTRACT[2:]

Stat = Literal["max", "min"]
Against = Literal["gap_pct", "difference"]


#: Quarters after peace (the first scenario quarter) over which the peace shock's peaks
#: and troughs are measured.
WINDOW = 12

#: Quarter given for an extreme that falls on the window's last quarter.
RISING = "still moving at the window's end"


@dataclass(frozen=True)
class Headline:
    """A headline number: ``stat`` of ``column`` (against the baseline) in the window."""

    name: str
    column: str
    stat: Stat
    against: Against | None = None
    quarter: str | None = None
    window: int = WINDOW


#: Headline numbers, in the order of :data:`HEADLINES` (each followed by its quarter):
#: extremes over the first :data:`WINDOW` scenario quarters.  An extreme in the window's
#: last quarter is no peak (the series is still moving there): its value is missing
#: and its quarter :data:`RISING`.
HEADLINE_TABLE = [
    Headline("gdp_trough_pct_vs_baseline", "gdp_real_index", "min", "gap_pct",
             quarter="gdp_trough_quarter"),
    Headline("unemployment_peak_pct", "unemployment_rate_pct", "max",
             quarter="unemployment_peak_quarter"),
    Headline("unemployment_peak_pp_vs_baseline", "unemployment_rate_pct", "max", "difference",
             quarter="unemployment_excess_peak_quarter"),
    Headline("inflation_peak_pct", "cpi_inflation_yoy_pct", "max",
             quarter="inflation_peak_quarter"),
    Headline("inflation_peak_pct_vs_baseline", "cpi_inflation_yoy_pct", "max", "difference",
             quarter="inflation_excess_peak_quarter"),
    Headline("rub_per_usd_peak", "rub_per_usd", "max", quarter="rub_per_usd_peak_quarter"),
    Headline("veterans_unemployed_peak_thousands", "veterans_unemployed_thousands", "max",
             quarter="veterans_unemployed_peak_quarter"),
    Headline("key_rate_peak_pct", "key_rate_pct", "max", quarter="key_rate_peak_quarter"),
]

#: Quarters over which the implied defence multiplier is reported.
MULTIPLIER_QUARTERS = (4, 8)

#: Model quantities the defence multiplier reads (of the counterfactual and the baseline).
MULTIPLIER_QUANTITIES = ("gdp_real", "procurement_real")

#: Headline numbers of ``summary.json``, in order.
HEADLINES = [n for h in HEADLINE_TABLE for n in (h.name, h.quarter) if n is not None] \
    + [f"defence_multiplier_{n}q" for n in MULTIPLIER_QUARTERS]

#: Headline numbers that are quarters (``"YYYYQn"``), not numbers.
QUARTER_HEADLINES = [h.quarter for h in HEADLINE_TABLE if h.quarter is not None]

@dataclass(frozen=True)
class Gap:
    """A comparison of a contract column with the baseline, and how it is reported."""

    column: str
    against: Against
    label: str
    unit: str
    decimals: int
    short: str = ""


#: Comparisons with the baseline reported beside the columns.
GAPS: dict[str, Gap] = {
    "gdp_gap_pct_vs_baseline": Gap("gdp_real_index", "gap_pct", "Real GDP gap to the baseline",
                                   "%", 2, short="GDP gap"),
    "inflation_gap_pp_vs_baseline": Gap("cpi_inflation_yoy_pct", "difference",
                                        "CPI inflation above the baseline", "pp", 2),
}


def yoy(level: np.ndarray) -> np.ndarray:
    """``100 (x_t / x_{t-4} - 1)`` along the last (quarter) axis; NaN for the first year.

    The result has ``level``'s memory layout (a batch whose quarters are not contiguous is
    not transposed).
    """
    level = np.asarray(level, dtype=float)
    out = np.full_like(level, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[..., 4:] = 100.0 * (level[..., 4:] / level[..., :-4] - 1.0)
    return out


def reports(spec: Declarations, names: list[str] | None = None) -> list[Report]:
    """The declarations of contract columns ``names`` (default: every numeric one).

    Raises
    ------
    PeacetrapError
        If the model definition declares no such column.
    """
    declared = spec.reports
    names = list(names) if names is not None else NUMERIC_CONTRACT
    missing = [n for n in names if n not in declared]
    if missing:
        raise PeacetrapError(f"contract columns {', '.join(missing)} are not declared in the "
                             "model definition (report= of the quantity they report)")
    return [declared[n] for n in names]


def quantities_needed(spec: Declarations, names: list[str] | None = None) -> list[str]:
    """Model quantities the contract columns ``names`` (default: all) read."""
    cols = reports(spec, names)
    need = [c.quantity for c in cols] + [c.deflator for c in cols if c.deflator]
    return list(dict.fromkeys(need))


def contract_columns(spec: Declarations, get: Callable[[str], np.ndarray],
                     periods: pd.PeriodIndex, base_year: int,
                     names: list[str] | None = None) -> dict[str, np.ndarray]:
    """The numeric contract columns from quarterly paths of model quantities.

    Parameters
    ----------
    spec : Declarations
        The model (``model.info``), whose quantities declare the columns (its ``reports``).
    get : callable
        ``get(quantity)``: the quantity's path in display units, an array whose
        last axis is the quarter (any leading axes: members, scenarios).
    periods : pandas.PeriodIndex
        The quarter of each position on the last axis; year-on-year changes
        need the year before the first reported one (the spin-up year).
    base_year : int
        Year whose average is 100 in ``index`` columns.
    names : list of str, optional
        Columns to compute (default: every numeric contract column).

    Returns
    -------
    dict of str to numpy.ndarray
        Each column, same shape as the paths.
    """
    cache: dict[str, np.ndarray] = {}

    def path(name: str) -> np.ndarray:
        if name not in cache:
            cache[name] = np.asarray(get(name), dtype=float)
        return cache[name]

    in_base = np.asarray(periods.year == base_year)
    out: dict[str, np.ndarray] = {}
    for col in reports(spec, names):
        name = col.name
        x = path(col.quantity)
        if col.deflator:
            x = x / path(col.deflator)
        if col.transform == "yoy":
            out[name] = yoy(x)
        elif col.transform == "index":
            out[name] = 100.0 * x / x[..., in_base].mean(axis=-1, keepdims=True)
        else:
            out[name] = x
    return out


def _compare(run: np.ndarray, base: np.ndarray, against: Against) -> np.ndarray:
    if against == "gap_pct":
        return 100.0 * (run / base - 1.0)
    return run - base


def gap_columns(run: Mapping[str, np.ndarray],
                base: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The comparisons of :data:`GAPS`: a run's columns against its baseline's."""
    return {name: _compare(run[g.column], base[g.column], g.against) for name, g in GAPS.items()}


def extremes(x: np.ndarray, quarters: np.ndarray, stat: Stat = "max",
             window: int = WINDOW) -> tuple[np.ndarray, np.ndarray]:
    """Peak (``max``) or trough (``min``) over the first ``window`` quarters, and its quarter.

    Vectorised over leading axes (the last is the quarter).  The first occurrence
    counts (as :meth:`pandas.Series.idxmax`).  When it is the window's last quarter
    and that quarter moved past the one before, the series is still moving there: the
    value is NaN and the quarter :data:`RISING`, never a peak.
    """
    w = x[..., :window]
    pos = np.argmax(w, axis=-1) if stat == "max" else np.argmin(w, axis=-1)
    value = np.take_along_axis(w, pos[..., None], axis=-1)[..., 0]
    n = w.shape[-1]
    moving = (pos == n - 1) & (w[..., -1] != w[..., -2]) if n > 1 else np.zeros(pos.shape, bool)
    q = np.asarray(quarters, dtype=object)
    return np.where(moving, np.nan, value), np.where(moving, RISING, q[pos]).astype(object)


def headline_arrays(run: Mapping[str, np.ndarray], base: Mapping[str, np.ndarray] | None,
                    quarters: np.ndarray,
                    defence_only: Mapping[str, np.ndarray] | None = None
                    ) -> dict[str, np.ndarray]:
    r"""Headline numbers of runs over the scenario quarters (vectorised over leading axes).

    Parameters
    ----------
    run, base : mapping of str to numpy.ndarray
        Contract columns of the scenario and of its baseline (``None``: no
        baseline), restricted to the scenario quarters (last axis).
    quarters : numpy.ndarray
        ``"YYYYQn"`` of each scenario quarter.
    defence_only : mapping of str to numpy.ndarray, optional
        ``gdp_real`` and ``procurement_real`` of the defence-only counterfactual
        (:func:`peacetrap.run.setups.defence_only`), with ``base`` holding the
        baseline's, for the implied defence multipliers (:func:`defence_multiplier`).

    Returns
    -------
    dict of str to numpy.ndarray
        Every name of :data:`HEADLINES` the inputs define (those against the
        baseline need it; the multipliers need the counterfactual); a multiplier
        is NaN when procurement does not change.
    """
    out: dict[str, np.ndarray] = {}
    for h in HEADLINE_TABLE:
        if h.against is not None and base is None:
            continue
        x = run[h.column]
        if h.against is not None and base is not None:
            x = _compare(x, base[h.column], h.against)
        value, quarter = extremes(x, quarters, h.stat, h.window)
        out[h.name] = value
        if h.quarter:
            out[h.quarter] = quarter
    if base is not None and defence_only is not None:
        for n in MULTIPLIER_QUARTERS:
            out[f"defence_multiplier_{n}q"] = defence_multiplier(defence_only, base, n)
    return out


def defence_multiplier(run: Mapping[str, np.ndarray], baseline: Mapping[str, np.ndarray],
                       n: int) -> np.ndarray:
    r"""Cumulative real-GDP change per unit of real procurement change over ``n`` quarters.

    :math:`m = \sum_{t<n} (Y_t - Y^b_t) / \sum_{t<n} (G_{d,t} - G^b_{d,t})`, with
    :math:`G_d` real defence procurement (``procurement_real``, tn LCU a year at base
    prices).  ``run`` is the defence-only counterfactual (only procurement differs from
    the baseline), so the ratio is the defence multiplier of the scoreboard.  NaN when
    procurement does not change.
    """
    dd = (run["procurement_real"][..., :n] - baseline["procurement_real"][..., :n]).sum(axis=-1)
    dy = (run["gdp_real"][..., :n] - baseline["gdp_real"][..., :n]).sum(axis=-1)
    with np.errstate(all="ignore"):
        return np.where(np.abs(dd) < 1e-9, np.nan, dy / dd)


def _frame_getter(frame: pd.DataFrame) -> Callable[[str], np.ndarray]:
    return lambda name: frame[name].to_numpy(dtype=float)


def timeline(spec: Declarations, frame: pd.DataFrame, scenario: str, base_year: int) -> pd.DataFrame:
    """Contract timeline from a run's frame (see :meth:`Simulation.frame`).

    Parameters
    ----------
    spec : Declarations
        The model (``model.info``; its quantities declare the columns).
    frame : pandas.DataFrame
        Quarterly states and derived quantities in display units, including
        the spin-up year (needed for the first year-on-year changes).
    scenario : str
        Name written in the ``scenario`` column.
    base_year : int
        Year whose average real GDP is 100 in ``gdp_real_index``.

    Returns
    -------
    pandas.DataFrame
        Indexed by quarter (PeriodIndex), spin-up year dropped.
    """
    cols = contract_columns(spec, _frame_getter(frame), frame.index, base_year)
    out = pd.DataFrame(index=frame.index)
    out["quarter"] = [str(p) for p in frame.index]
    out["scenario"] = scenario
    for name in NUMERIC_CONTRACT:
        out[name] = cols[name]
    channels = frame.drop(columns=[c for c in frame.columns if c in out.columns])
    out = pd.concat([out, channels], axis=1)
    out = out.loc[out.index.year >= base_year]
    out.index.name = "quarter_period"
    return out


def _scenario_part(tl: pd.DataFrame, start: pd.Period) -> dict[str, np.ndarray]:
    part = tl.loc[tl.index >= start]
    return {name: part[name].to_numpy(dtype=float)
            for name in [*NUMERIC_CONTRACT, *MULTIPLIER_QUANTITIES] if name in part}


def headlines(run: pd.DataFrame, baseline: pd.DataFrame | None, start: pd.Period,
              defence_only: pd.DataFrame | None = None) -> dict:
    """Headline numbers of a scenario timeline: the peace shock's extremes and their quarters.

    Every extreme is taken over the first :data:`WINDOW` quarters from ``start``
    (:func:`extremes`, :data:`HEADLINE_TABLE`): ``gdp_trough_pct_vs_baseline`` is the
    lowest :math:`100 (Y/Y^b - 1)`; ``unemployment_peak_pp_vs_baseline`` and
    ``inflation_peak_pct_vs_baseline`` the largest excess over the baseline (pp); the
    ``*_peak`` levels are the scenario's own peaks.  The defence multipliers are those
    of the defence-only counterfactual ``defence_only`` (:func:`defence_multiplier`).
    What the inputs do not define (no baseline, no counterfactual, a series still
    moving at the window's end) is ``None``.
    """
    r = _scenario_part(run, start)
    b = _scenario_part(baseline, start) if baseline is not None else None
    d = _scenario_part(defence_only, start) if defence_only is not None else None
    quarters = np.array([str(p) for p in run.index[run.index >= start]])
    values = headline_arrays(r, b, quarters, d)
    out: dict[str, object] = {}
    for k in HEADLINES:
        v = values.get(k)
        if v is None:
            out[k] = None
        elif k in QUARTER_HEADLINES:
            out[k] = str(v)
        else:
            out[k] = None if np.isnan(v) else float(v)
    return out


def impact_indicators(run: pd.DataFrame, baseline: pd.DataFrame, start: pd.Period) -> dict:
    """The appendix's "impact of peace" column as transparent proxies.

    Returns
    -------
    dict
        ``recession``: deepest GDP gap to the baseline (%);
        ``social_unrest_proxy``: peak of veterans awaiting reintegration
        (thousand) and the deepest real-wage shortfall to the baseline (%);
        ``elite_dissatisfaction_proxy``: defence-industry revenue lost over
        the first two years (% of the baseline's) and sanctions in force;
        ``inflation_shock``: CPI inflation peak and its excess over the baseline (pp).
    """
    r = run.loc[run.index >= start]
    b = baseline.loc[baseline.index >= start]
    first2 = r.index < start + 8
    rw_r = r["average_earnings"] / r["cpi"]
    rw_b = b["average_earnings"] / b["cpi"]
    rev_r = r.loc[first2, "procurement"].sum()
    rev_b = b.loc[first2, "procurement"].sum()
    return {
        "recession_gdp_gap_pct": float((100 * (r["gdp_real_index"] / b["gdp_real_index"] - 1)).min()),
        "social_unrest_veterans_waiting_peak_thousands": float(r["veterans_unemployed_thousands"].max()),
        "social_unrest_real_wage_gap_pct": float((100 * (rw_r / rw_b - 1)).min()),
        "elite_defence_revenue_loss_pct": float(100 * (1 - rev_r / rev_b)),
        "elite_sanctions_in_force": float(r["sanctions_count"].iloc[-1]),
        "inflation_shock_peak_pct": float(r["cpi_inflation_yoy_pct"].max()),
        "inflation_shock_excess_pp": float((r["cpi_inflation_yoy_pct"] - b["cpi_inflation_yoy_pct"]).max()),
    }


def contract_only(tl: pd.DataFrame) -> pd.DataFrame:
    """Just the contract columns."""
    return tl[CONTRACT]


def finite_or_raise(tl: pd.DataFrame) -> None:
    """Raise :class:`SimulationError` naming the first non-finite reported value."""
    from peacetrap.errors import SimulationError

    num = tl.select_dtypes("number")
    bad = ~np.isfinite(num.to_numpy())
    if bad.any():
        i, j = (int(a[0]) for a in np.nonzero(bad))
        raise SimulationError(f"{num.columns[j]} is not finite in {num.index[i]}",
                              num.columns[j], str(num.index[i]))
