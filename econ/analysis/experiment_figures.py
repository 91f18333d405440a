"""Figures of experiments: scenario overlays, channel contributions, fan charts, indices.

Every figure is readable in greyscale: series differ by line style and marker
as well as colour, and stacked bars carry hatching.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from peacetrap.analysis.figures import PANELS  # noqa: E402

_COLOURS = ["#000000", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
            "#e377c2", "#17becf", "#7f7f7f"]
_DASHES = ["-", "--", ":", "-."]
_MARKERS = [None, "o", "s", "^", "v", "D", "x", "+", "*", "P"]
_HATCHES = ["", "///", "...", "xxx", "\\\\\\", "ooo"]

#: Labels of contract and channel columns used in titles.
LABELS = dict(PANELS) | {
    "gdp_gap_pct_vs_baseline": "Real GDP vs baseline (%)",
    "inflation_gap_pp_vs_baseline": "CPI inflation vs baseline (pp)",
    "gdp_growth_yoy_pct": "Real GDP growth, y/y (%)",
}


def _finish(fig: plt.Figure, axes: np.ndarray, n: int, title: str | None,
            legend: str) -> plt.Figure:
    """Hide unused panels, the legend in the first panel (at ``legend``), the title."""
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, frameon=False, loc=legend)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.98 if len(fig.axes) > 8 else 0.96) if title else None)
    return fig


def _style(j: int) -> dict:
    return dict(color=_COLOURS[j % len(_COLOURS)], linestyle=_DASHES[j % len(_DASHES)],
                marker=_MARKERS[j % len(_MARKERS)], markevery=6, markersize=3.5,
                linewidth=1.9 if j == 0 else 1.4)


def overlay_figure(runs: dict[str, pd.DataFrame], start: pd.Period | None = None,
                   title: str = "") -> plt.Figure:
    """Nine panels of contract columns with one line per scenario.

    Parameters
    ----------
    runs : dict of str to pandas.DataFrame
        Contract timelines by scenario (quarterly PeriodIndex); the first is
        drawn heaviest (the baseline).
    start : pandas.Period, optional
        First scenario quarter, marked by a vertical line.
    """
    fig, axes = plt.subplots(3, 3, figsize=(13, 9), sharex=True)
    for ax, (col, label) in zip(axes.flat, PANELS):
        for j, (name, tl) in enumerate(runs.items()):
            ax.plot(tl.index.to_timestamp(how="end"), tl[col], label=name, **_style(j))
        if start is not None:
            ax.axvline(start.to_timestamp(), color="0.6", linewidth=0.8)
        ax.set_title(label, fontsize=10)
        ax.grid(True, color="0.9", linewidth=0.6)
        ax.tick_params(labelsize=8)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=min(5, len(labels)), fontsize=8,
               frameon=False)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0.05 + 0.02 * (len(labels) // 5), 1, 1))
    return fig


def contribution_figure(table: pd.DataFrame, variables: list[str], title: str = "") -> plt.Figure:
    """Stacked bars of channel contributions per quarter, with the total as a line.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table with columns ``quarter``, ``variable``, ``channel``,
        ``contribution`` (see :func:`peacetrap.analysis.decompose.decompose`).
    variables : list of str
        Variables to draw, one panel each.
    """
    channels = list(dict.fromkeys(table["channel"]))
    n = len(variables)
    cols = 2 if n > 1 else 1
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 3.2 * rows), squeeze=False)
    for ax, var in zip(axes.flat, variables):
        wide = (table[table["variable"] == var]
                .pivot(index="quarter", columns="channel", values="contribution")[channels])
        x = np.arange(len(wide))
        pos = np.zeros(len(wide))
        neg = np.zeros(len(wide))
        for j, ch in enumerate(channels):
            v = wide[ch].to_numpy()
            bottom = np.where(v >= 0, pos, neg)
            ax.bar(x, v, bottom=bottom, width=0.85, label=ch, color=_COLOURS[(j + 1) % 10],
                   hatch=_HATCHES[j % len(_HATCHES)], edgecolor="white", linewidth=0.3)
            pos += np.where(v >= 0, v, 0.0)
            neg += np.where(v < 0, v, 0.0)
        ax.plot(x, wide.sum(axis=1).to_numpy(), color="black", linewidth=1.4, label="total")
        ax.axhline(0.0, color="0.3", linewidth=0.6)
        step = max(1, len(x) // 8)
        ax.set_xticks(x[::step], [str(q) for q in wide.index[::step]], fontsize=7)
        ax.set_title(f"{LABELS.get(var, var)}: scenario − baseline", fontsize=10)
        ax.tick_params(labelsize=8)
        ax.grid(True, axis="y", color="0.9", linewidth=0.6)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8, frameon=False)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def fan_figure(quantiles: pd.DataFrame, variables: list[str], start: pd.Period | None = None,
               title: str = "") -> plt.Figure:
    """Fan chart: median line, 25–75% and 5–95% bands of each variable.

    Parameters
    ----------
    quantiles : pandas.DataFrame
        Long table with columns ``quarter``, ``variable``, ``q05``, ``q25``,
        ``q50``, ``q75``, ``q95`` (see :func:`peacetrap.analysis.ensemble.run_ensemble`).
    """
    n = len(variables)
    cols = 3 if n > 4 else 2 if n > 1 else 1
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 3.0 * rows), squeeze=False,
                             sharex=True)
    for ax, var in zip(axes.flat, variables):
        q = quantiles[quantiles["variable"] == var]
        x = pd.PeriodIndex(q["quarter"], freq="Q").to_timestamp(how="end")
        ax.fill_between(x, q["q05"], q["q95"], color="0.82", label="5–95%", linewidth=0)
        ax.fill_between(x, q["q25"], q["q75"], color="0.6", label="25–75%", linewidth=0)
        ax.plot(x, q["q50"], color="black", linewidth=1.5, label="median")
        if start is not None:
            ax.axvline(start.to_timestamp(), color="0.4", linewidth=0.8, linestyle=":")
        ax.set_title(LABELS.get(var, var), fontsize=10)
        ax.grid(True, color="0.92", linewidth=0.6)
        ax.tick_params(labelsize=8)
    return _finish(fig, axes, n, title, "best")


def histogram_figure(draws: pd.DataFrame, title: str = "") -> plt.Figure:
    """Histograms of the headline numbers across ensemble draws."""
    cols_ = list(draws.select_dtypes("number").columns)
    n = len(cols_)
    cols = 3
    rows = max(1, -(-n // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(4.4 * cols, 2.8 * rows), squeeze=False)
    for ax, c in zip(axes.flat, cols_):
        v = draws[c].to_numpy(float)
        v = v[np.isfinite(v)]
        ax.hist(v, bins=50, color="0.55", edgecolor="0.3", linewidth=0.3)
        for p, ls in zip((5, 50, 95), (":", "-", ":")):
            if len(v):
                ax.axvline(np.percentile(v, p), color="black", linestyle=ls, linewidth=1.0)
        ax.set_title(c, fontsize=9)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    if title:
        fig.suptitle(title, fontsize=12)
    fig.tight_layout(rect=(0, 0, 1, 0.98 if len(fig.axes) > 8 else 0.96) if title else None)
    return fig


def indices_figure(indices: pd.DataFrame, outputs: list[str], first: str, total: str,
                   title: str = "", top: int = 12, sort_by: str | None = None) -> plt.Figure:
    """Horizontal bars of sensitivity indices (with confidence intervals) per output.

    Parameters
    ----------
    indices : pandas.DataFrame
        Long table with columns ``output``, ``parameter``, ``first``, ``total``
        and ``<first>_conf``, ``<total>_conf`` (95% half-widths).
    first, total : str
        Column names of the two indices drawn (e.g. ``S1``/``ST`` or ``mu_star``/``sigma``).
    top : int
        Parameters shown per output (largest ``total`` first).
    """
    n = len(outputs)
    cols = 2 if n > 1 else 1
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 0.28 * top * rows + 1.2 * rows),
                             squeeze=False)
    for ax, out in zip(axes.flat, outputs):
        t = indices[indices["output"] == out].sort_values(sort_by or total, ascending=False)
        t = t.head(top)[::-1]
        y = np.arange(len(t))
        ax.barh(y + 0.2, t[total], height=0.38, color="0.35", label=total,
                xerr=t[f"{total}_conf"].fillna(0.0), error_kw=dict(linewidth=0.7, capsize=1.5))
        ax.barh(y - 0.2, t[first], height=0.38, color="0.75", hatch="///", label=first,
                xerr=t[f"{first}_conf"].fillna(0.0), error_kw=dict(linewidth=0.7, capsize=1.5))
        ax.set_yticks(y, t["parameter"], fontsize=7)
        ax.set_title(out, fontsize=9)
        ax.tick_params(axis="x", labelsize=7)
        ax.axvline(0.0, color="0.3", linewidth=0.6)
        ax.grid(True, axis="x", color="0.9", linewidth=0.6)
    return _finish(fig, axes, n, title, "lower right")


__all__ = ["overlay_figure", "contribution_figure", "fan_figure", "histogram_figure",
           "indices_figure"]
