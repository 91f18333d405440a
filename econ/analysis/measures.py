r"""Pure measurements on timelines: the numbers the validation scoreboard judges.

Every function takes pandas Series with a quarterly :class:`~pandas.PeriodIndex`
(levels in any unit, rates in percent) and returns a float; none runs the
model, so each can be tested on synthetic series whose answer is known.  A
shock run ``s`` is compared with its baseline ``b`` quarter by quarter; the
shock starts at the quarter ``start`` (its first affected quarter), and
"after :math:`h` quarters" means the value at the end of quarter
``start + h - 1``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.errors import MeasurementError


def _after(series: pd.Series, start: pd.Period, h: int) -> float:
    """Value at the end of the ``h``-th quarter from ``start`` (``h >= 1``)."""
    q = start + (h - 1)
    if q not in series.index:
        raise MeasurementError(f"quarter {q} ({h} quarters after {start}) is not in the series "
                         f"({series.index[0]} to {series.index[-1]})")
    return float(series.loc[q])


def _window(series: pd.Series, start: pd.Period, first: int, last: int) -> pd.Series:
    """Quarters ``first`` to ``last`` after ``start`` (1-based, inclusive)."""
    lo, hi = start + (first - 1), start + (last - 1)
    if lo not in series.index or hi not in series.index:
        raise MeasurementError(f"quarters {lo} to {hi} are not all in the series "
                         f"({series.index[0]} to {series.index[-1]})")
    return series.loc[lo:hi]


def tail_mean(series: pd.Series, years: int) -> float:
    r"""Mean of the last ``years`` years: :math:`\frac{1}{4n}\sum_{t=T-4n+1}^{T} x_t`."""
    n = 4 * years
    if len(series) < n:
        raise MeasurementError(f"tail_mean: {len(series)} quarters, fewer than {years} years")
    return float(series.iloc[-n:].mean())


def drift(series: pd.Series, years: int) -> float:
    r"""Drift of a level over its last ``years`` years, % of the level a year.

    The least-squares slope :math:`\beta` of :math:`x_t` on time (years) over the
    window, relative to the window's mean absolute level:
    :math:`100\,|\beta| / \overline{|x|}`.  A settled series gives 0; a series
    growing 1% a year gives about 1.
    """
    n = 4 * years
    if len(series) < n:
        raise MeasurementError(f"drift: {len(series)} quarters, fewer than {years} years")
    x = series.iloc[-n:].to_numpy(dtype=float)
    t = np.arange(n) / 4.0
    slope = float(np.polyfit(t, x, 1)[0])
    level = float(np.mean(np.abs(x)))
    if level == 0.0:
        return 0.0 if slope == 0.0 else float("inf")
    return 100.0 * abs(slope) / level


def level_gap_pct(shock: pd.Series, base: pd.Series, start: pd.Period, h: int) -> float:
    r"""Percent gap of a level after ``h`` quarters: :math:`100 (s_h / b_h - 1)`."""
    return 100.0 * (_after(shock, start, h) / _after(base, start, h) - 1.0)


def cumulative_multiplier(gdp_s: pd.Series, gdp_b: pd.Series, g_s: pd.Series,
                          g_b: pd.Series, start: pd.Period, quarters: int) -> float:
    r"""Cumulative multiplier :math:`\sum_{h=1}^{H} \Delta Y_h / \sum_{h=1}^{H} \Delta G_h`.

    :math:`\Delta` is shock minus baseline; :math:`Y` real GDP and :math:`G` real
    government spending in the same unit (e.g. tn LCU a year at base prices);
    :math:`H` = ``quarters``.  A cut gives a positive multiplier when GDP falls.
    """
    dy = _window(gdp_s - gdp_b, start, 1, quarters).sum()
    dg = _window(g_s - g_b, start, 1, quarters).sum()
    if abs(dg) < 1e-12:
        raise MeasurementError("cumulative_multiplier: spending does not change")
    return float(dy / dg)


def passthrough(cpi_s: pd.Series, cpi_b: pd.Series, fx_s: pd.Series, fx_b: pd.Series,
                start: pd.Period, h: int) -> float:
    r"""Exchange-rate pass-through to consumer prices after ``h`` quarters.

    :math:`\mathrm{PT}_h = \ln(P^s_h / P^b_h) / \ln(X^s_h / X^b_h)`: the
    cumulative response of the CPI :math:`P` over that of the exchange rate
    :math:`X` (domestic currency per dollar, up = weaker), both relative to the
    baseline.
    """
    dx = np.log(_after(fx_s, start, h) / _after(fx_b, start, h))
    if abs(dx) < 1e-12:
        raise MeasurementError(f"passthrough: the exchange rate does not move after {h} quarters")
    return float(np.log(_after(cpi_s, start, h) / _after(cpi_b, start, h)) / dx)


def depreciation_pct(fx_s: pd.Series, fx_b: pd.Series, start: pd.Period, h: int) -> float:
    r"""Weakening of the currency after ``h`` quarters, %: :math:`100 (X^s_h / X^b_h - 1)`."""
    return level_gap_pct(fx_s, fx_b, start, h)


def okun(u_s: pd.Series, u_b: pd.Series, gdp_s: pd.Series, gdp_b: pd.Series,
         start: pd.Period, first: int, last: int) -> float:
    r"""Okun coefficient: unemployment gap (pp) per 1% GDP gap.

    :math:`\sum_{h=f}^{l} (u^s_h - u^b_h) / \sum_{h=f}^{l} 100 \ln(Y^s_h / Y^b_h)`
    over quarters :math:`f` = ``first`` to :math:`l` = ``last`` after the shock
    (:math:`u` in percent).  Negative: output below baseline, unemployment above.
    """
    du = _window(u_s - u_b, start, first, last).sum()
    dy = _window(100.0 * np.log(gdp_s / gdp_b), start, first, last).sum()
    if abs(dy) < 1e-12:
        raise MeasurementError("okun: GDP does not move")
    return float(du / dy)


def sacrifice_ratio(gdp_s: pd.Series, gdp_b: pd.Series, infl_s: pd.Series,
                    infl_b: pd.Series, start: pd.Period, years: int) -> float:
    r"""Sacrifice ratio: cumulative GDP loss (%-years) per pp of lasting disinflation.

    .. math:: SR = \frac{-\sum_{h=1}^{4n} 100 (Y^s_h / Y^b_h - 1) / 4}
                        {\bar\pi^b - \bar\pi^s}

    over :math:`n` = ``years`` years from ``start``; :math:`\bar\pi` is the mean
    inflation (percent a year) of the last of those years, so the denominator is
    the disinflation achieved.  A loss gives a positive ratio.
    """
    n = 4 * years
    gap = _window(100.0 * (gdp_s / gdp_b - 1.0), start, 1, n)
    last_s = _window(infl_s, start, n - 3, n).mean()
    last_b = _window(infl_b, start, n - 3, n).mean()
    dpi = float(last_b - last_s)
    if abs(dpi) < 1e-9:
        raise MeasurementError("sacrifice_ratio: inflation does not fall")
    return float(-gap.sum() / 4.0 / dpi)


def cumulative_change_pct(growth_pct: list[float]) -> list[float]:
    r"""Level change from the base year after each year of growth, %.

    :math:`100 (\prod_{k \le j} (1 + g_k/100) - 1)` for :math:`j = 1, 2, \dots`
    """
    out, level = [], 1.0
    for g in growth_pct:
        level *= 1.0 + g / 100.0
        out.append(100.0 * (level - 1.0))
    return out


def record_band(record: float, factor: float, pp: float | None = None) -> tuple[float, float]:
    r"""Accepted range around a record value: the record's sign, within ``factor`` of it.

    :math:`[r/f, r f]` for :math:`r > 0`, :math:`[r f, r/f]` for :math:`r < 0`,
    intersected with :math:`[r - pp, r + pp]` when ``pp`` is given.  A record of
    exactly 0 gives :math:`[0, 0]` (or :math:`[-pp, pp]` with ``pp``).
    """
    if factor < 1.0:
        raise MeasurementError(f"record_band: factor {factor} must be at least 1")
    if record > 0:
        lo, hi = record / factor, record * factor
    elif record < 0:
        lo, hi = record * factor, record / factor
    else:
        lo = hi = 0.0
    if pp is not None:
        lo, hi = (max(lo, record - pp), min(hi, record + pp)) if record != 0 else (-pp, pp)
    return float(lo), float(hi)


def within(value: float, low: float, high: float) -> bool | None:
    """``low <= value <= high``; ``None`` when there is no value (not applicable).

    A value that is not finite (a failed measurement) does not pass.
    """
    if value is None:
        return None
    if not np.isfinite(value):
        return False
    return bool(low - 1e-12 <= value <= high + 1e-12)
