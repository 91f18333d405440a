"""The scoreboard figure: each check's value against its accepted range, at a glance.

Checks have different units, so each row is drawn on its own scale: the
accepted range is the grey band from 0 to 1, the value sits at
``(value - low) / (high - low)`` (a zero-width range is widened to its
magnitude so a value can be placed).  Values far outside are drawn at the
edge with an arrow.  Filled circles pass, crosses fail, "n/a" marks a check
that does not apply.  Readable in greyscale.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

#: Horizontal limits of the normalised scale (the band is [0, 1]).
LEFT, RIGHT = -1.5, 2.5


def position(value: float, low: float, high: float) -> float:
    """Where ``value`` sits on the scale on which ``[low, high]`` is ``[0, 1]``."""
    width = high - low
    if width <= 0:
        width = max(abs(low), abs(high), 1e-12)
        low = low - width / 2
    return (value - low) / width


def scoreboard_figure(table: pd.DataFrame, title: str):  # noqa: ANN201
    """One row per check (``validation.csv`` columns), grouped, top to bottom."""
    n = len(table)
    fig, ax = plt.subplots(figsize=(11, 0.32 * n + 1.4))
    ax.axvspan(0.0, 1.0, color="0.85", zorder=0)
    labels = []
    for i, r in enumerate(table.itertuples()):
        y = n - 1 - i
        label = r.check if len(r.check) <= 70 else r.check[:67] + "..."
        labels.append(f"{r.group}: {label}")
        ok = r.passed
        if ok is None or (not isinstance(ok, (bool, np.bool_)) and pd.isna(ok)):
            ax.text(0.5, y, "n/a", ha="center", va="center", fontsize=7, color="0.3")
            continue
        if not np.isfinite(r.value):
            ax.text(0.5, y, "failed to compute", ha="center", va="center", fontsize=7)
            continue
        x = position(r.value, r.low, r.high)
        xc = min(max(x, LEFT + 0.1), RIGHT - 0.1)
        if ok:
            ax.plot(xc, y, "o", color="black", markersize=6)
        else:
            ax.plot(xc, y, "x", color="black", markersize=7, markeredgewidth=2)
        if xc != x:  # far outside: an arrow from the band's side towards the value
            side = 1.0 if x > xc else 0.0
            ax.annotate("", xy=(xc, y), xytext=(side + (0.15 if side else -0.15), y),
                        arrowprops=dict(arrowstyle="->", color="0.35", lw=0.9))
        ax.text(RIGHT + 0.05, y, f"{r.value:.3g} in [{r.low:.3g}, {r.high:.3g}] {r.unit}",
                va="center", fontsize=7, clip_on=False)
    groups = list(dict.fromkeys(table["group"]))
    for g in groups[1:]:
        first = int(np.flatnonzero(table["group"].to_numpy() == g)[0])
        ax.axhline(n - first - 0.5, color="0.5", linewidth=0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels[::-1], fontsize=7)
    ax.set_xlim(LEFT, RIGHT)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xticks([0, 1])
    ax.set_xticklabels(["low", "high"], fontsize=8)
    ax.set_xlabel("accepted range (grey); o passes, x fails; arrows: far outside", fontsize=8)
    ax.set_title(title, fontsize=10)
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    fig.tight_layout()
    return fig
