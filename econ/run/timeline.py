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

#: Headline numbers of ``summary.json``.
HEADLINES = [
    "gdp_trough_pct_vs_baseline", "gdp_trough_quarter", "unemployment_peak_pct",
    "unemployment_peak_quarter", "unemployment_peak_pp_vs_baseline", "inflation_peak_pct", "inflation_peak_quarter",
    "inflation_peak_pct_vs_baseline", "rub_per_usd_peak", "veterans_unemployed_peak_thousands",
    "key_rate_peak_pct", "defence_multiplier_4q", "defence_multiplier_8q",
]


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


def headlines(run: pd.DataFrame, baseline: pd.DataFrame | None, start: pd.Period) -> dict:
    """Headline numbers of a scenario timeline from ``start`` on.

    ``gdp_trough_pct_vs_baseline`` is the lowest ``100 (Y/Y_base - 1)``;
    ``unemployment_peak_pp_vs_baseline`` the largest excess of unemployment over the
    baseline (the peace shock; the level's ten-year peak may come late, from other causes);
    peaks are maxima over the scenario quarters; with no baseline the
    comparisons are ``None``.
    """
    r = run.loc[run.index >= start]
    out: dict[str, object] = {}
    if baseline is not None:
        b = baseline.loc[baseline.index >= start]
        gap = 100.0 * (r["gdp_real_index"] / b["gdp_real_index"] - 1.0)
        out["gdp_trough_pct_vs_baseline"] = float(gap.min())
        out["gdp_trough_quarter"] = str(gap.idxmin())
        diff = r["cpi_inflation_yoy_pct"] - b["cpi_inflation_yoy_pct"]
        out["inflation_peak_pct_vs_baseline"] = float(diff.max())
        out["unemployment_peak_pp_vs_baseline"] = float(
            (r["unemployment_rate_pct"] - b["unemployment_rate_pct"]).max())
        for n in (4, 8):
            out[f"defence_multiplier_{n}q"] = defence_multiplier(r.iloc[:n], b.iloc[:n])
    else:
        out["gdp_trough_pct_vs_baseline"] = None
        out["gdp_trough_quarter"] = None
        out["inflation_peak_pct_vs_baseline"] = None
        out["unemployment_peak_pp_vs_baseline"] = None
        out["defence_multiplier_4q"] = out["defence_multiplier_8q"] = None
    u = r["unemployment_rate_pct"]
    out["unemployment_peak_pct"] = float(u.max())
    out["unemployment_peak_quarter"] = str(u.idxmax())
    infl = r["cpi_inflation_yoy_pct"]
    out["inflation_peak_pct"] = float(infl.max())
    out["inflation_peak_quarter"] = str(infl.idxmax())
    out["rub_per_usd_peak"] = float(r["rub_per_usd"].max())
    out["veterans_unemployed_peak_thousands"] = float(r["veterans_unemployed_thousands"].max())
    out["key_rate_peak_pct"] = float(r["key_rate_pct"].max())
    return {k: out[k] for k in HEADLINES}


def defence_multiplier(run: pd.DataFrame, baseline: pd.DataFrame) -> float | None:
    r"""Cumulative real-GDP change per unit of real defence-spending change.

    :math:`m = \sum_t (Y_t - Y^b_t) / \sum_t (D_t - D^b_t)` over the rows given, with
    :math:`D = (P_d G_d + G_s + G_b) / P` (procurement, pay and bonuses deflated by the
    CPI, tn LCU a year at base prices). ``None`` when defence spending does not change.
    """
    def real_defence(t: pd.DataFrame) -> pd.Series:
        return (t["procurement"] + t["soldier_pay"] + t["signing_bonuses"]) / t["cpi"]

    dd = float((real_defence(run) - real_defence(baseline)).sum())
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
