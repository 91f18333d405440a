"""Exogenous time paths: points in quarters, interpolated onto the integration grid.

A path is a list of ``(quarter, value)`` points.  A point's quarter stands for
the *start* of that quarter (``"2026Q1"`` is 1 January 2026).  Between points
the value is interpolated linearly (or held, with ``step``); after the last
point it is held.  When a scenario sets a path, the path starts from the
value the history had at the scenario's start, so ``[["2026Q4", 3.1]]`` means
"move linearly from wherever the war left it to 3.1 by the start of 2026Q4".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peacetrap.errors import InputError

INTERPOLATIONS = ("linear", "step")


def parse_quarter(text: object, where: str) -> pd.Period:
    """Parse ``"2026Q1"`` into a quarterly period, or raise :class:`InputError`."""
    if not isinstance(text, str):
        raise InputError(f"{where}: quarter {text!r} must be a string like \"2026Q1\"")
    try:
        period = pd.Period(text.strip().upper(), freq="Q")
    except (ValueError, TypeError):
        raise InputError(f"{where}: {text!r} is not a quarter; write it like \"2026Q1\"") from None
    if f"{period.year}Q{period.quarter}" != text.strip().upper():
        raise InputError(f"{where}: {text!r} is not a quarter; write it like \"2026Q1\"")
    return period


def quarters_between(start: pd.Period, end: pd.Period) -> float:
    """Years from the start of quarter ``start`` to the start of quarter ``end``."""
    return ((end.year - start.year) * 4 + (end.quarter - start.quarter)) / 4.0


@dataclass
class Path:
    """A piecewise-linear (or step) time path given by quarterly points.

    Parameters
    ----------
    points : list of (pandas.Period, float)
        Quarter and value, value in the input's display unit.
    interpolation : str
        ``linear`` or ``step``.
    """

    points: list[tuple[pd.Period, float]] = field(default_factory=list)
    interpolation: str = "linear"

    def times(self, epoch: pd.Period) -> np.ndarray:
        return np.array([quarters_between(epoch, q) for q, _ in self.points])

    def values(self) -> np.ndarray:
        return np.array([v for _, v in self.points], dtype=float)

    def evaluate(self, t: np.ndarray, epoch: pd.Period) -> np.ndarray:
        """Value of the path at times ``t`` (years since the start of ``epoch``)."""
        ts, vs = self.times(epoch), self.values()
        if self.interpolation == "step":
            idx = np.searchsorted(ts, t, side="right") - 1
            return vs[np.clip(idx, 0, len(vs) - 1)]
        return np.interp(t, ts, vs)


def parse_path(raw: object, where: str, bounds: tuple[float | None, float | None],
               unit: str) -> Path:
    """Build a :class:`Path` from a TOML table ``{points = [[q, v], ...], interpolation}``.

    Raises
    ------
    InputError
        On a malformed table, a bad quarter, unsorted points or a value out of range.
    """
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a table with 'points' (and optionally "
                         f"'interpolation'), got {raw!r}")
    unknown = set(raw) - {"points", "interpolation"}
    if unknown:
        from peacetrap.errors import suggest

        key = sorted(unknown)[0]
        raise InputError(f"{where}: unknown key '{key}'{suggest(key, ['points', 'interpolation'])}; "
                         "allowed: points, interpolation")
    interp = raw.get("interpolation", "linear")
    if interp not in INTERPOLATIONS:
        raise InputError(f"{where}.interpolation: {interp!r} is not allowed; "
                         f"use one of {', '.join(INTERPOLATIONS)}")
    pts = raw.get("points")
    if not isinstance(pts, list) or not pts:
        raise InputError(f"{where}.points: expected a non-empty list of [\"YYYYQn\", value] pairs")
    out: list[tuple[pd.Period, float]] = []
    lo, hi = bounds
    for j, item in enumerate(pts):
        w = f"{where}.points[{j}]"
        if not (isinstance(item, list) and len(item) == 2):
            raise InputError(f"{w}: expected [\"YYYYQn\", value], got {item!r}")
        q = parse_quarter(item[0], w)
        val = item[1]
        if isinstance(val, bool) or not isinstance(val, (int, float)) or not np.isfinite(val):
            raise InputError(f"{w}: value {val!r} is not a finite number")
        if (lo is not None and val < lo) or (hi is not None and val > hi):
            raise InputError(f"{w}: value {val} is out of range; allowed {lo} to {hi} {unit}")
        if out and q <= out[-1][0]:
            raise InputError(f"{w}: quarter {q} is not after the previous point {out[-1][0]}; "
                             "points must be in increasing order")
        out.append((q, float(val)))
    return Path(out, interp)
