"""The figure of a backtest: the record against the model, one panel per compared figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peacetrap.calibrate.episode_backtest import BacktestResult

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


def comparison_figure(res: BacktestResult, band: pd.DataFrame | None = None) -> Figure:
    """One panel per compared variable: the record (markers) and the model (line).

    Parameters
    ----------
    res : BacktestResult
    band : pandas.DataFrame, optional
        ``low`` and ``high`` of each comparison row (the comparison's index): drawn as a
        grey bar behind the model's points, the range of the model over the free values
        the war year allows (:meth:`peacetrap.analysis.backtest_sensitivity.Sensitivity.band`).
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    comp = res.comparison
    names = list(dict.fromkeys(comp["variable"] + " [" + comp["stat"] + "]"))
    n = len(names)
    cols = min(3, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    for ax, label in zip(axes.flat, names):
        sel = comp[(comp["variable"] + " [" + comp["stat"] + "]") == label]
        x = [str(p) for p in sel["period"]]
        if band is not None:
            b = band.loc[sel.index]
            ax.vlines(x, b["low"], b["high"], color="0.75", linewidth=6,
                      label="model, free values moved (war year kept)")
        ax.plot(x, sel["model"], color="black", marker="o", linewidth=1.6, label="model")
        ax.plot(x, sel["actual"], color="0.5", marker="s", linestyle="none", markersize=7,
                label="actual")
        for xi, ph in zip(x, sel["phase"]):
            if ph.startswith("war"):
                ax.axvspan(xi, xi, color="0.85")
        ax.set_title(label, fontsize=9)
        ax.grid(True, color="0.9", linewidth=0.6)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8, frameon=False)
    fig.suptitle(f"Backtest {res.episode.name}: last war year fitted, peace simulated "
                 "(out of sample)", fontsize=11)
    fig.tight_layout()
    return fig
