"""The reported timeline and its headline numbers: the output contract.

``timeline.csv`` has one row per quarter (history and scenario) with the
contract columns below, in display units, followed by channel columns (every
stock, flow and auxiliary of the model, named as in ``peacetrap variables``).
Levels are values at the quarter's end; year-on-year changes compare with the
same quarter a year earlier.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Contract columns, in order (other parts of the package and users rely on them).
CONTRACT = [
    "quarter", "scenario", "gdp_real_index", "gdp_growth_yoy_pct", "defence_share_gdp_pct",
    "unemployment_rate_pct", "cpi_inflation_yoy_pct", "key_rate_pct",
    "nominal_wage_growth_yoy_pct", "real_wage_growth_yoy_pct", "rub_per_usd",
    "monetary_overhang_pct_gdp", "soldiers_thousands", "defence_workers_thousands",
    "veterans_unemployed_thousands", "casualties_cumulative_thousands", "sanctions_count",
]

#: Quarters after peace (the first scenario quarter) over which the peace shock's peaks
#: and troughs are measured.
WINDOW = 12

#: Headline numbers of ``summary.json``: extremes over the first :data:`WINDOW` scenario
#: quarters, each with its quarter. An extreme in the window's last quarter is no peak (the
#: series is still moving there): its value is ``None`` and its quarter :data:`RISING`.
HEADLINES = [
    "gdp_trough_pct_vs_baseline", "gdp_trough_quarter",
    "unemployment_peak_pct", "unemployment_peak_quarter",
    "unemployment_peak_pp_vs_baseline", "unemployment_excess_peak_quarter",
    "inflation_peak_pct", "inflation_peak_quarter",
    "inflation_peak_pct_vs_baseline", "inflation_excess_peak_quarter",
    "rub_per_usd_peak", "rub_per_usd_peak_quarter",
    "veterans_unemployed_peak_thousands", "veterans_unemployed_peak_quarter",
    "key_rate_peak_pct", "key_rate_peak_quarter",
    "defence_multiplier_4q", "defence_multiplier_8q",
]

#: Quarter given for an extreme that falls on the window's last quarter.
RISING = "still moving at the window's end"


def _yoy(s: pd.Series) -> pd.Series:
    return 100.0 * (s / s.shift(4) - 1.0)


def timeline(frame: pd.DataFrame, scenario: str, base_year: int) -> pd.DataFrame:
    """Contract timeline from a run's frame (see :meth:`Simulation.frame`).

    Parameters
    ----------
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
    f = frame
    base = f.loc[f.index.year == base_year, "gdp_real"].mean()
    real_wage = f["nominal_wage"] / f["cpi"]
    out = pd.DataFrame(index=f.index)
    out["quarter"] = [str(p) for p in f.index]
    out["scenario"] = scenario
    out["gdp_real_index"] = 100.0 * f["gdp_real"] / base
    out["gdp_growth_yoy_pct"] = _yoy(f["gdp_real"])
    out["defence_share_gdp_pct"] = f["defence_share"]
    out["unemployment_rate_pct"] = f["unemployment_rate"]
    out["cpi_inflation_yoy_pct"] = _yoy(f["cpi"])
    out["key_rate_pct"] = f["key_rate"]
    out["nominal_wage_growth_yoy_pct"] = _yoy(f["nominal_wage"])
    out["real_wage_growth_yoy_pct"] = _yoy(real_wage)
    out["rub_per_usd"] = f["exchange_rate"]
    out["monetary_overhang_pct_gdp"] = f["monetary_overhang"]
    out["soldiers_thousands"] = f["soldiers"]
    out["defence_workers_thousands"] = f["defence_workers"]
    out["veterans_unemployed_thousands"] = f["veterans_waiting"]
    out["casualties_cumulative_thousands"] = f["casualties"]
    out["sanctions_count"] = f["sanctions"]
    channels = f.drop(columns=[c for c in f.columns if c in out.columns])
    out = pd.concat([out, channels], axis=1)
    out = out.loc[out.index.year >= base_year]
    out.index.name = "quarter_period"
    return out


def extreme(s: pd.Series, largest: bool = True) -> tuple[float | None, str]:
    """Peak (or trough) of ``s`` over its first :data:`WINDOW` rows, and its quarter.

    The first occurrence counts (as :meth:`pandas.Series.idxmax`). When it is the
    window's last row and that row moved past the one before, the series is still
    rising (falling) there: the result is ``(None, RISING)``, never a peak.
    """
    w = s.iloc[:WINDOW]
    pos = int(np.argmax(w.to_numpy()) if largest else np.argmin(w.to_numpy()))
    if len(w) > 1 and pos == len(w) - 1 and w.iloc[-1] != w.iloc[-2]:
        return None, RISING
    return float(w.iloc[pos]), str(w.index[pos])


def headlines(run: pd.DataFrame, baseline: pd.DataFrame | None, start: pd.Period,
              defence_only: pd.DataFrame | None = None) -> dict:
    """Headline numbers of a scenario timeline: the peace shock's extremes and their quarters.

    Every extreme is taken over the first :data:`WINDOW` quarters from ``start``
    (see :func:`extreme`): ``gdp_trough_pct_vs_baseline`` is the lowest
    :math:`100 (Y/Y^b - 1)`; ``unemployment_peak_pp_vs_baseline`` and
    ``inflation_peak_pct_vs_baseline`` the largest excess over the baseline (pp);
    the ``*_peak`` levels are the scenario's own peaks. The defence multipliers are
    those of the defence-only counterfactual (:func:`defence_multiplier`): the
    baseline with the scenario's procurement path and nothing else changed;
    without a baseline or that counterfactual they are ``None``.
    """
    r = run.loc[run.index >= start]
    out: dict[str, object] = {}
    if baseline is not None:
        b = baseline.loc[baseline.index >= start]
        gap = 100.0 * (r["gdp_real_index"] / b["gdp_real_index"] - 1.0)
        out["gdp_trough_pct_vs_baseline"], out["gdp_trough_quarter"] = extreme(gap, False)
        out["unemployment_peak_pp_vs_baseline"], out["unemployment_excess_peak_quarter"] = \
            extreme(r["unemployment_rate_pct"] - b["unemployment_rate_pct"])
        out["inflation_peak_pct_vs_baseline"], out["inflation_excess_peak_quarter"] = \
            extreme(r["cpi_inflation_yoy_pct"] - b["cpi_inflation_yoy_pct"])
    else:
        for k in ("gdp_trough_pct_vs_baseline", "gdp_trough_quarter",
                  "unemployment_peak_pp_vs_baseline", "unemployment_excess_peak_quarter",
                  "inflation_peak_pct_vs_baseline", "inflation_excess_peak_quarter"):
            out[k] = None
    for n in (4, 8):
        out[f"defence_multiplier_{n}q"] = None
        if baseline is not None and defence_only is not None:
            d = defence_only.loc[defence_only.index >= start]
            out[f"defence_multiplier_{n}q"] = defence_multiplier(d.iloc[:n], b.iloc[:n])
    out["unemployment_peak_pct"], out["unemployment_peak_quarter"] = \
        extreme(r["unemployment_rate_pct"])
    out["inflation_peak_pct"], out["inflation_peak_quarter"] = extreme(r["cpi_inflation_yoy_pct"])
    out["rub_per_usd_peak"], out["rub_per_usd_peak_quarter"] = extreme(r["rub_per_usd"])
    out["veterans_unemployed_peak_thousands"], out["veterans_unemployed_peak_quarter"] = \
        extreme(r["veterans_unemployed_thousands"])
    out["key_rate_peak_pct"], out["key_rate_peak_quarter"] = extreme(r["key_rate_pct"])
    return {k: out[k] for k in HEADLINES}


def defence_multiplier(run: pd.DataFrame, baseline: pd.DataFrame) -> float | None:
    r"""Cumulative real-GDP change per unit of real procurement change.

    :math:`m = \sum_t (Y_t - Y^b_t) / \sum_t (G_{d,t} - G^b_{d,t})` over the rows given,
    with :math:`G_d` real defence procurement (``procurement_real``, tn LCU a year at
    base prices). ``run`` is the defence-only counterfactual (only procurement differs
    from the baseline), so the ratio is the defence multiplier of the scoreboard.
    ``None`` when procurement does not change.
    """
    dd = float((run["procurement_real"] - baseline["procurement_real"]).sum())
    if abs(dd) < 1e-9:
        return None
    return float((run["gdp_real"] - baseline["gdp_real"]).sum()) / dd


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
    rw_r = r["nominal_wage"] / r["cpi"]
    rw_b = b["nominal_wage"] / b["cpi"]
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
