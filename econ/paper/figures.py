"""The figures of a paper, as matplotlib figures, from ``PaperResults``.

Made for print: greyscale only (series differ by grey level, line style,
marker and hatching), axes labelled with units, sizes for a 6.5-inch text
width with 7–8.5 pt type.  Every figure is drawn under the fixed
:data:`RC` settings, and :func:`save_figure` writes PDF (vector) and PNG files
without dates or software versions, so the same results give byte-identical
files.

Examples
--------
>>> from peacetrap.paper.results import compute
>>> from peacetrap.paper.figures import fan_chart
>>> fig = fan_chart(compute())          # doctest: +SKIP
>>> fig.savefig("fan.pdf")              # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import patheffects  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from peacetrap.paper.format import HEADLINES, variable  # noqa: E402

if TYPE_CHECKING:
    from peacetrap.paper.results import PaperResults

#: Fixed drawing settings (fonts, sizes, greys, hash salt): same input, same bytes.
RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans", "font.size": 8.0, "axes.titlesize": 8.5,
    "axes.labelsize": 8.0, "xtick.labelsize": 7.0, "ytick.labelsize": 7.0,
    "legend.fontsize": 7.5, "lines.linewidth": 1.3, "axes.linewidth": 0.6,
    "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
    "grid.color": "0.88", "grid.linewidth": 0.5, "axes.axisbelow": True,
    "figure.dpi": 100, "savefig.dpi": 200, "pdf.fonttype": 42, "ps.fonttype": 42,
    "svg.hashsalt": "peacetrap", "svg.fonttype": "path", "hatch.linewidth": 0.6,
    "hatch.color": "black", "axes.unicode_minus": True, "text.usetex": False,
    "mathtext.fontset": "dejavusans", "figure.autolayout": False,
}

#: Line styles: first the main series, then the baseline, then others.
LINES = [dict(color="black", linestyle="-", linewidth=1.5),
         dict(color="0.45", linestyle="--", linewidth=1.3),
         dict(color="0.25", linestyle=":", linewidth=1.5),
         dict(color="0.6", linestyle="-.", linewidth=1.3)]

#: Fills and hatches of stacked bars (distinct in greyscale and in black-and-white print).
BARS = [dict(color="0.15", hatch=""), dict(color="0.55", hatch="////"),
        dict(color="0.85", hatch="...."), dict(color="white", hatch="xxxx"),
        dict(color="0.7", hatch="\\\\\\\\")]

#: Panels of the timeline figure.
TIMELINE_PANELS = ["gdp_real_index", "unemployment_rate_pct", "cpi_inflation_yoy_pct",
                   "key_rate_pct", "rub_per_usd", "monetary_overhang_pct_gdp",
                   "defence_share_gdp_pct", "veterans_unemployed_thousands",
                   "real_wage_growth_yoy_pct"]

#: Panels of the fan chart (see :data:`peacetrap.analysis.ensemble.FAN`).
FAN_PANELS = ["gdp_gap_pct_vs_baseline", "unemployment_rate_pct", "cpi_inflation_yoy_pct",
              "key_rate_pct", "rub_per_usd", "veterans_unemployed_thousands"]

#: Headline numbers compared across scenarios.
SCENARIO_BARS = ["gdp_trough_pct_vs_baseline", "unemployment_peak_pct", "inflation_peak_pct"]


def _drawn(make: Callable[..., plt.Figure]) -> Callable[..., plt.Figure]:
    """Run a figure function under :data:`RC`."""
    @functools.wraps(make)
    def wrapper(*args: object, **kwargs: object) -> plt.Figure:
        with matplotlib.rc_context(RC):
            return make(*args, **kwargs)
    return wrapper


def _dates(index: pd.PeriodIndex) -> pd.DatetimeIndex:
    return index.to_timestamp(how="end").normalize()


def _year_axis(ax: plt.Axes, first: pd.Period, last: pd.Period) -> None:
    """Year ticks, at most about five per panel."""
    import matplotlib.dates as mdates

    span = last.year - first.year + 1
    base = next(b for b in (1, 2, 4, 5, 10, 20) if span / b <= 5)
    ax.xaxis.set_major_locator(mdates.YearLocator(base=base))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _peace_line(ax: plt.Axes, start: pd.Period) -> None:
    ax.axvline(start.to_timestamp(), color="0.3", linewidth=0.7, linestyle=(0, (2, 2)))


def _panel_labels(ax: plt.Axes, name: str) -> None:
    """A panel's title and y label: the variable's short label and unit."""
    q = variable(name)
    ax.set_title(q.short or q.label)
    ax.set_ylabel(q.unit)


def _finish_panels(fig: plt.Figure, axes: np.ndarray, n: int, ncol: int | None,
                   bottom: float) -> None:
    """Hide unused panels, label the bottom row's x axes, one legend below the grid
    (``ncol`` columns; ``None``: one per entry)."""
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("year (quarterly values)")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=ncol or len(labels), frameon=False)
    fig.tight_layout(rect=(0, bottom, 1, 1))


@_drawn
def timelines_figure(res: PaperResults, panels: list[str] | None = None) -> plt.Figure:
    """The main scenario against the baseline, history included: one panel per variable.

    Parameters
    ----------
    res : PaperResults
    panels : list of str, optional
        Timeline columns (default :data:`TIMELINE_PANELS`).
    """
    panels = panels or TIMELINE_PANELS
    cols = 3
    rows = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5, 1.9 * rows + 0.5), sharex=True,
                             squeeze=False)
    runs = [(res.scenario.name, res.timeline), (f"{res.baseline.name} (baseline)",
                                                 res.baseline_timeline)]
    for ax, col in zip(axes.flat, panels):
        for j, (label, tl) in enumerate(runs):
            ax.plot(_dates(tl.index), tl[col].to_numpy(float), label=label, **LINES[j])
        _peace_line(ax, res.start)
        _year_axis(ax, res.timeline.index[0], res.timeline.index[-1])
        _panel_labels(ax, col)
    _finish_panels(fig, axes, len(panels), ncol=2, bottom=0.045)
    return fig


@_drawn
def scenarios_figure(res: PaperResults, outputs: list[str] | None = None) -> plt.Figure:
    """Headline numbers of every scenario as horizontal bars (main scenario in black)."""
    outputs = outputs or SCENARIO_BARS
    h = res.comparison.headlines
    base = res.baseline.name
    names = [n for n in h.index if n != base]
    fig, axes = plt.subplots(1, len(outputs), figsize=(6.5, 0.28 * len(names) + 1.1),
                             sharey=True, squeeze=False)
    y = np.arange(len(names))[::-1]
    for ax, out in zip(axes[0], outputs):
        q = HEADLINES[out]
        v = h.loc[names, out].to_numpy(float)
        colours = ["black" if n == res.scenario.name else "0.6" for n in names]
        ax.barh(y, v, height=0.65, color=colours, edgecolor="black", linewidth=0.4)
        if not out.endswith("vs_baseline"):
            ax.axvline(float(h.loc[base, out]), color="0.2", linestyle="--", linewidth=0.9,
                       label=f"{base} (baseline), its own value")
        ax.axvline(0.0, color="0.2", linewidth=0.6)
        ax.set_title(q.short or q.label)
        ax.set_xlabel(q.unit if not out.endswith("vs_baseline") else "% vs baseline")
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
    axes[0, 0].set_yticks(y, names)
    handles, labels = [], []
    for ax in axes[0]:
        for hd, lb in zip(*ax.get_legend_handles_labels()):
            if lb not in labels:
                handles.append(hd)
                labels.append(lb)
    if handles:
        fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.tight_layout(rect=(0, 0.08 if handles else 0, 1, 1))
    return fig


@_drawn
def decomposition_figure(res: PaperResults, quarters: int = 20,
                         variables: list[str] | None = None) -> plt.Figure:
    """Stacked contributions of the shock channels to scenario minus baseline, per quarter.

    Parameters
    ----------
    quarters : int
        Scenario quarters shown (the first ``quarters``).
    variables : list of str, optional
        Decomposed variables (default: GDP, unemployment, CPI inflation, key rate).
    """
    dec = res.decomposition
    variables = variables or ["gdp_real_index", "unemployment_rate_pct",
                              "cpi_inflation_yoy_pct", "key_rate_pct"]
    # channels that contribute nothing to any drawn variable are left out of the figure
    channels = [ch for ch in dec.channels
                if np.any(dec.contributions[ch][variables].to_numpy() != 0.0)]
    fig, axes = plt.subplots(2, 2, figsize=(6.5, 4.6), squeeze=False)
    for ax, var in zip(axes.flat, variables):
        idx = dec.difference.index[:quarters]
        x = np.arange(len(idx))
        pos = np.zeros(len(idx))
        neg = np.zeros(len(idx))
        for j, ch in enumerate(channels):
            v = dec.contributions[ch].loc[idx, var].to_numpy(float)
            bottom = np.where(v >= 0, pos, neg)
            st = BARS[j % len(BARS)]
            ax.bar(x, v, bottom=bottom, width=0.8, color=st["color"], hatch=st["hatch"],
                   edgecolor="black", linewidth=0.3, label=ch)
            pos += np.where(v >= 0, v, 0.0)
            neg += np.where(v < 0, v, 0.0)
        ax.plot(x, dec.difference.loc[idx, var].to_numpy(float), color="black", marker="o",
                markersize=3, linewidth=1.2, label="total", zorder=5,
                markerfacecolor="white", markeredgewidth=0.8,
                path_effects=[patheffects.withStroke(linewidth=2.6, foreground="white")])
        ax.axhline(0.0, color="0.2", linewidth=0.6)
        q = variable(var)
        ax.set_title(f"{q.short or q.label}: scenario minus baseline")
        ax.set_ylabel("index points" if var == "gdp_real_index" else "percentage points")
        ticks = x[::4]
        ax.set_xticks(ticks, [str(p) for p in idx[::4]])
        ax.set_xlabel("quarter")
        ax.grid(True, axis="y")
        ax.grid(False, axis="x")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def _calibrated_series(res: PaperResults, var: str) -> pd.Series | None:
    tl, btl = res.timeline, res.baseline_timeline
    if var == "gdp_gap_pct_vs_baseline":
        return 100.0 * (tl["gdp_real_index"] / btl["gdp_real_index"] - 1.0)
    if var == "inflation_gap_pp_vs_baseline":
        return tl["cpi_inflation_yoy_pct"] - btl["cpi_inflation_yoy_pct"]
    return tl[var] if var in tl.columns else None


@_drawn
def fan_chart(res: PaperResults, panels: list[str] | None = None, since: str | None = None) -> plt.Figure:
    """Median, 25–75 % and 5–95 % bands over parameter draws, and the calibrated run.

    Parameters
    ----------
    panels : list of str, optional
        Variables of the ensemble's quantile table (default :data:`FAN_PANELS`).
    since : str, optional
        First quarter shown (default: two years before the scenario start).
    """
    panels = panels or FAN_PANELS
    qt = res.ensemble.quantiles
    first = pd.Period(since, "Q") if since else res.start - 8
    cols = 3
    rows = -(-len(panels) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5, 2.0 * rows + 0.5), sharex=True,
                             squeeze=False)
    for ax, var in zip(axes.flat, panels):
        t = qt[qt["variable"] == var]
        per = pd.PeriodIndex(t["quarter"], freq="Q")
        keep = np.asarray(per >= first)
        t, per = t[keep], per[keep]
        x = _dates(per)
        ax.fill_between(x, t["q05"], t["q95"], color="0.85", linewidth=0, label="5–95 %")
        ax.fill_between(x, t["q25"], t["q75"], color="0.62", linewidth=0, label="25–75 %")
        ax.plot(x, t["q50"], color="black", linewidth=1.4, label="median")
        cal = _calibrated_series(res, var)
        if cal is not None:
            cal = cal.loc[cal.index >= first]
            ax.plot(_dates(cal.index), cal.to_numpy(float), color="black", linestyle="--",
                    linewidth=1.0, label="calibrated run")
        _peace_line(ax, res.start)
        _year_axis(ax, first, per[-1])
        _panel_labels(ax, var)
    _finish_panels(fig, axes, len(panels), ncol=None, bottom=0.05)
    return fig


@_drawn
def sensitivity_figure(res: PaperResults, top: int | None = None) -> plt.Figure:
    """Total (dark) and first-order (light, hatched) Sobol indices with 95 % intervals."""
    top = top or res.settings.top
    outs = res.sensitivity_outputs
    fig, axes = plt.subplots(1, len(outs), figsize=(6.5, 0.26 * top + 1.4), squeeze=False,
                             gridspec_kw=dict(wspace=1.25))
    for ax, out in zip(axes[0], outs):
        t = res.sensitivity[res.sensitivity["output"] == out]
        t = t.sort_values(["ST", "parameter"], ascending=[False, True], kind="mergesort")
        t = t.head(top)[::-1]
        y = np.arange(len(t))
        ax.barh(y + 0.19, t["ST"], height=0.36, color="0.25", edgecolor="black",
                linewidth=0.3, xerr=t["ST_conf"], error_kw=dict(linewidth=0.6, capsize=1.5),
                label="total $S_T$")
        ax.barh(y - 0.19, t["S1"], height=0.36, color="0.85", hatch="////", edgecolor="black",
                linewidth=0.3, xerr=t["S1_conf"], error_kw=dict(linewidth=0.6, capsize=1.5),
                label="first order $S_1$")
        ax.set_yticks(y, list(t["parameter"]), fontsize=6.5)
        ax.axvline(0.0, color="0.2", linewidth=0.6)
        q = HEADLINES[out]
        ax.set_title(q.short or q.label)
        ax.set_xlabel("Sobol index")
        ax.grid(True, axis="x")
        ax.grid(False, axis="y")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.9, bottom=0.26)
    return fig


#: Every figure of the bundle by file stem.
FIGURES: dict[str, Callable[[object], plt.Figure]] = {
    "timelines": timelines_figure, "scenarios": scenarios_figure,
    "decomposition": decomposition_figure, "fan": fan_chart,
    "sensitivity": sensitivity_figure,
}


def all_figures(res: PaperResults) -> dict[str, plt.Figure]:
    """Every figure of the bundle by name (caller closes them)."""
    return {name: make(res) for name, make in FIGURES.items()}


def save_figure(fig: plt.Figure, stem: Path,
                formats: tuple[str, ...] = ("pdf", "png")) -> list[Path]:
    """Write ``stem.pdf`` and ``stem.png`` with no dates or versions in them (reproducible)."""
    out = []
    with matplotlib.rc_context(RC):
        for fmt in formats:
            path = Path(stem).with_suffix(f".{fmt}")
            meta = {"Software": None} if fmt == "png" else \
                {"Creator": None, "Producer": None, "CreationDate": None} if fmt == "pdf" else {}
            fig.savefig(path, format=fmt, dpi=200, metadata=meta)
            out.append(path)
    return out


__all__ = ["RC", "timelines_figure", "scenarios_figure", "decomposition_figure", "fan_chart",
           "sensitivity_figure", "FIGURES", "all_figures", "save_figure"]
