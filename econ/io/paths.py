"""Exogenous time paths: points in quarters, interpolated onto the integration grid.

A path is a list of ``(quarter, value)`` points.  A point's quarter stands for
the *start* of that quarter (``"2026Q1"`` is 1 January 2026).  Between points
the value is interpolated linearly (or held, with ``step``); after the last
point it is held.  When a scenario sets a path, the path starts from the
value the history had at the scenario's start, so ``[["2026Q4", 3.1]]`` means
"move linearly from wherever the war left it to 3.1 by the start of 2026Q4".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from peacetrap.errors import InputError

if TYPE_CHECKING:
    from peacetrap.io.schemas import TimePathSpec

INTERPOLATIONS = ("linear", "step")


def parse_quarter(text: object, where: str) -> pd.Period:
    """Parse ``"2026Q1"`` into a quarterly period, or raise :class:`InputError`."""
    from pydantic_core import PydanticCustomError

    from peacetrap.io.validation import _short, check_quarter

    try:
        return pd.Period(check_quarter(text), freq="Q")
    except PydanticCustomError as exc:
        raise InputError(f"{where}: {_short(text)}: {exc}") from None


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
    constant : float, optional
        Without points: the value at every time.
    """

    points: list[tuple[pd.Period, float]] = field(default_factory=list)
    interpolation: str = "linear"
    #: A value held over the whole time (a path without points).
    constant: float | None = None
    #: Point times and values as arrays, by epoch (a path's points are not changed once
    #: it is made: build a new path instead).
    _arrays: dict[pd.Period, tuple[np.ndarray, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    def times(self, epoch: pd.Period) -> np.ndarray:
        return np.array([quarters_between(epoch, q) for q, _ in self.points])

    def values(self) -> np.ndarray:
        return np.array([v for _, v in self.points], dtype=float)

    def arrays(self, epoch: pd.Period) -> tuple[np.ndarray, np.ndarray]:
        """Point times (years since the start of ``epoch``) and values, kept per epoch."""
        arrays = self._arrays.get(epoch)
        if arrays is None:
            arrays = self._arrays[epoch] = (self.times(epoch), self.values())
        return arrays

    def evaluate(self, t: np.ndarray, epoch: pd.Period) -> np.ndarray:
        """Value of the path at times ``t`` (years since the start of ``epoch``)."""
        if not self.points:
            return np.full(np.shape(t), np.nan if self.constant is None else self.constant)
        return interpolate(*self.arrays(epoch), t, self.interpolation)


def interpolate(ts: np.ndarray, vs: np.ndarray, t: np.ndarray, interpolation: str) -> np.ndarray:
    """Values at times ``t`` of the path through points ``(ts, vs)`` (times ascending).

    Linear between points (``linear``) or each point's value held until the next
    (``step``); before the first point its value, after the last point its value.
    """
    if interpolation == "step":
        # the index of the last point at or before each time (at most len - 1); the first
        # point's value before it
        return vs[np.maximum(np.searchsorted(ts, t, side="right") - 1, 0)]
    return np.interp(t, ts, vs)


def from_spec(spec: TimePathSpec, start: pd.Period | None = None) -> Path:
    """A :class:`Path` from a validated path (:class:`peacetrap.io.schemas.TimePathSpec`).

    A single number holds its value from ``start`` (a step path), or, when
    ``start`` is ``None`` (a scenario, whose start the calibration decides), for
    the whole time after the history.
    """
    if spec.points is None:
        if start is None:
            return Path([], "step", constant=float(spec.value))
        return Path([(start, float(spec.value))], "step")
    return Path([(pd.Period(q, freq="Q"), float(v)) for q, v in spec.points], spec.interpolation)


def parse_path(raw: object, where: str, bounds: tuple[float | None, float | None],
               unit: str, start: pd.Period | None = None) -> Path:
    """Validate a path table (``{points = [[q, v], ...], interpolation}`` or a number).

    Raises
    ------
    InputError
        On a malformed table, a bad quarter, unsorted points or a value out of range.
    """
    from peacetrap.io.schemas import path_spec
    from peacetrap.io.validation import validate

    return from_spec(validate(path_spec(*bounds, unit), raw, where), start)
