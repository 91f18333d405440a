"""Target variables computed from a batch: contract columns and model quantities.

A target names either a column of the timeline contract
(:data:`peacetrap.run.timeline.CONTRACT`, e.g. ``defence_share_gdp_pct``) or any
stock, flow or auxiliary of the model (e.g. ``broad_money``), in display
units.  :func:`column` computes one variable for every member of a batch at
once, with the same definitions as :func:`peacetrap.run.timeline.timeline`
(year-on-year changes compare with the same quarter a year earlier; the
spin-up year provides the first ones).  ``tests/test_calibration.py`` checks
that the two agree.
"""

from __future__ import annotations

import numpy as np

from peacetrap.run.timeline import CONTRACT

from peacetrap.calibrate.batch import Batch

#: Contract columns that are a model quantity in display units.
DIRECT = {
    "defence_share_gdp_pct": "defence_share",
    "unemployment_rate_pct": "unemployment_rate",
    "key_rate_pct": "key_rate",
    "rub_per_usd": "exchange_rate",
    "monetary_overhang_pct_gdp": "monetary_overhang",
    "soldiers_thousands": "soldiers",
    "defence_workers_thousands": "defence_workers",
    "veterans_unemployed_thousands": "veterans_waiting",
    "casualties_cumulative_thousands": "casualties",
    "sanctions_count": "sanctions",
}

#: Contract columns that are year-on-year changes (%) of a level.
YOY = {
    "gdp_growth_yoy_pct": "gdp_real",
    "cpi_inflation_yoy_pct": "cpi",
    "nominal_wage_growth_yoy_pct": "nominal_wage",
    "real_wage_growth_yoy_pct": "real_wage",
}

NUMERIC_CONTRACT = [c for c in CONTRACT if c not in ("quarter", "scenario")]


def known_variables(model) -> list[str]:  # noqa: ANN001
    """Every name a target may use: contract columns, then model quantities."""
    lay = model.layout
    return NUMERIC_CONTRACT + lay.stocks + lay.derived


def quantity(batch: Batch, name: str) -> np.ndarray:
    """A stock or derived quantity, display units, shape ``(n_members, n_quarters)``."""
    lay = batch.model.layout
    q = batch.model.quantities[name]
    if name in lay.stocks:
        raw = batch.states[:, :, lay.stocks.index(name)]
    else:
        raw = batch.derived[:, :, lay.derived.index(name)]
    return raw * q.to_display


def _level(batch: Batch, name: str) -> np.ndarray:
    if name == "real_wage":
        return quantity(batch, "nominal_wage") / quantity(batch, "cpi")
    return quantity(batch, name)


def yoy(level: np.ndarray) -> np.ndarray:
    """``100 (x_t / x_{t-4} - 1)`` along the quarter axis; NaN for the first year."""
    out = np.full_like(level, np.nan)
    out[:, 4:] = 100.0 * (level[:, 4:] / level[:, :-4] - 1.0)
    return out


def column(batch: Batch, name: str, base_year: int) -> np.ndarray:
    """One target variable for every member, shape ``(n_members, n_quarters)``.

    Parameters
    ----------
    batch : Batch
    name : str
        A contract column or a model quantity.
    base_year : int
        Year whose average real GDP is 100 in ``gdp_real_index``.
    """
    if name in DIRECT:
        return quantity(batch, DIRECT[name])
    if name in YOY:
        return yoy(_level(batch, YOY[name]))
    if name == "gdp_real_index":
        y = quantity(batch, "gdp_real")
        sel = np.asarray(batch.periods.year == base_year)
        return 100.0 * y / y[:, sel].mean(axis=1, keepdims=True)
    return quantity(batch, name)
