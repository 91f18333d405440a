"""Figures of timelines: readable on screen, in print and in greyscale."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

#: Panels of the timeline figure: (column, title with unit).
PANELS = [
    ("gdp_real_index", "Real GDP (2021 = 100)"),
    ("unemployment_rate_pct", "Unemployment (%)"),
    ("cpi_inflation_yoy_pct", "CPI inflation, y/y (%)"),
    ("key_rate_pct", "Key rate (%)"),
    ("rub_per_usd", "Exchange rate (LCU per USD)"),
    ("monetary_overhang_pct_gdp", "Monetary overhang (% of GDP)"),
    ("defence_share_gdp_pct", "Defence spending (% of GDP)"),
    ("veterans_unemployed_thousands", "Veterans awaiting work (thousand)"),
    ("real_wage_growth_yoy_pct", "Real wage growth, y/y (%)"),
]

STYLES = [dict(color="black", linestyle="-", linewidth=1.8),
          dict(color="0.45", linestyle="--", linewidth=1.5),
          dict(color="0.2", linestyle=":", linewidth=1.8),
          dict(color="0.6", linestyle="-.", linewidth=1.5)]


def timeline_figure(runs: dict[str, pd.DataFrame], start: pd.Period | None = None,
                    title: str = "") -> Figure:
    """Multi-panel figure of one or more timelines.

    Parameters
    ----------
    runs : dict of str to pandas.DataFrame
        Timelines (contract columns, quarterly PeriodIndex) by label.
    start : pandas.Period, optional
        Scenario start, marked by a vertical line.

    Notes
    -----
    The horizontal axis is in years (a quarter's value is drawn at its end,
    ``year + quarter / 4``) and the margins are fixed rather than computed, so
    the figure draws in a fraction of the time a date axis with an automatic
    layout takes.  The figure is not registered with ``pyplot`` (nothing to close) and
    each axis carries at most five ticks: drawing ticks is most of the time a figure
    takes to render.
    """
    fig = Figure(figsize=(12, 8.5))
    axes = fig.subplots(3, 3, sharex=True)
    for ax, (col, label) in zip(axes.flat, PANELS):
        for j, (name, tl) in enumerate(runs.items()):
            x = tl.index.year + tl.index.quarter / 4.0
            ax.plot(x, tl[col].to_numpy(dtype=float), label=name, **STYLES[j % len(STYLES)])
        if start is not None:
            ax.axvline(start.year + (start.quarter - 1) / 4.0, color="0.7", linewidth=0.8)
        ax.set_title(label, fontsize=10, y=1.0)    # a fixed position: no layout pass
        ax.grid(True, color="0.9", linewidth=0.6)
        ax.tick_params(labelsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
    for ax in axes[-1]:
        ax.set_xlabel("year", fontsize=9)
    axes.flat[0].legend(fontsize=8, frameon=False)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.subplots_adjust(left=0.05, right=0.985, bottom=0.065, top=0.92 if title else 0.96,
                        wspace=0.22, hspace=0.25)
    return fig
