"""The model object users hold: what it knows about its quantities, and its kernels.

A warm process builds nothing: :func:`load_model` reads the model's description
and its compiled kernels from the disk cache (:mod:`peacetrap.core.cache`),
keyed by a hash of the definition's source; sympy runs only when the cache
has no entry for this definition, or when :attr:`Model.spec` (the symbolic
model) is asked for.

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> values = model.defaults()            # parameters and initial stocks, display units
>>> float(values["wage_phillips"])
0.09
>>> model.table().loc["key_rate", "unit"]
'%/year'
"""

from __future__ import annotations

import functools
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from peacetrap.core import cache
from peacetrap.core.info import ModelInfo, QuantityInfo
from peacetrap.core.kernels import Kernels
from peacetrap.errors import InputError, suggest

if TYPE_CHECKING:
    from peacetrap.core.symbolic import ModelSpec


def _cached_info() -> tuple[ModelInfo, ModelSpec | None]:
    """The default model's description: from the cache, else built (and cached)."""
    path = cache.folder("models") / f"{cache.definition_key()}.json"
    data = cache.read_json(path)
    if data is not None:
        try:
            info = ModelInfo.from_dict(data)
        except (KeyError, TypeError, ValueError):
            info = None
        if info is not None and cache.has_module(info.kernels):
            return info, None
    from peacetrap.core import codegen, definition

    spec = definition.build()
    info = codegen.store(spec)
    cache.write_json(path, info.to_dict())
    return info, spec


class Model:
    """The war-economy model.

    Parameters
    ----------
    spec : ModelSpec, optional
        A symbolic specification; the default is :func:`peacetrap.core.definition.build`
        (read from the disk cache when this definition has run before).

    Attributes
    ----------
    layout : Layout
        Names of stocks, parameters, inputs and derived quantities in array order.
    quantities : dict of str to QuantityInfo
        Every quantity's kind, unit, default, range, source and display factor.

    Notes
    -----
    A *value set* is a :class:`pandas.Series` indexed by parameter names and
    stock names (the stocks' initial values), in display units.  A batch is a
    :class:`pandas.DataFrame` whose rows are value sets.
    """

    def __init__(self, spec: ModelSpec | None = None) -> None:
        if spec is None:
            self.info, self._spec = _cached_info()
        else:
            from peacetrap.core import codegen

            self._spec = spec
            self.info = codegen.store(spec)
        self.layout = self.info.layout
        self.quantities: dict[str, QuantityInfo] = self.info.quantities

    def __repr__(self) -> str:
        lay = self.layout
        return (f"Model: {len(lay.stocks)} stocks, {len(lay.derived)} flows and auxiliaries, "
                f"{len(lay.parameters)} parameters, {len(lay.inputs)} inputs\n"
                f"  blocks: {', '.join(dict.fromkeys(self.info.blocks))}")

    @property
    def spec(self) -> ModelSpec:
        """The symbolic model (built with sympy on first access)."""
        if self._spec is None:
            from peacetrap.core import definition

            self._spec = definition.build()
        return self._spec

    @cached_property
    def kernels(self) -> Kernels:
        """The compiled kernels (loaded from the disk cache, or compiled once per machine)."""
        from peacetrap.core import kernels

        if not cache.has_module(self.info.kernels):     # the cache was cleared meanwhile
            from peacetrap.core import codegen

            codegen.store(self.spec)
        return kernels.load(self.info)

    # ---------------------------------------------------------------- metadata
    def quantity(self, name: str) -> QuantityInfo:
        """Look a quantity up by name, with a suggestion when it is unknown."""
        try:
            return self.quantities[name]
        except KeyError:
            raise InputError(f"unknown variable '{name}'{suggest(name, self.quantities)}") from None

    @cached_property
    def value_names(self) -> list[str]:
        """Names in a value set: parameters, then stocks (initial values)."""
        return self.layout.parameters + self.layout.stocks

    @cached_property
    def _value_columns(self) -> pd.Index:
        """:attr:`value_names` as a column index (built once)."""
        return pd.Index(self.value_names)

    @cached_property
    def _value_arrays(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray,
                                     np.ndarray]:
        """Position of each value name; defaults, lower and upper limits of the values
        accepted (:meth:`accepted`) and display-to-internal factors, in
        :attr:`value_names` order (read-only)."""
        names = self.value_names
        q = self.quantities
        limits = [self.accepted(n) for n in names]
        arrays = (np.array([q[n].default_value for n in names]),
                  np.array([-np.inf if lo is None else lo for lo, _ in limits], dtype=float),
                  np.array([np.inf if hi is None else hi for _, hi in limits], dtype=float),
                  np.array([1.0 / q[n].to_display for n in names]))
        for a in arrays:
            a.flags.writeable = False
        return ({n: i for i, n in enumerate(names)}, *arrays)

    def defaults(self) -> pd.Series:
        """Default parameters and initial stocks, in display units."""
        return pd.Series(self._value_arrays[1], index=self._value_columns, name="default",
                         dtype=float)

    def bounds(self, name: str) -> tuple[float | None, float | None]:
        """Allowed range of a parameter, input or stock, in display units."""
        return self.quantity(name).bounds

    def accepted(self, name: str) -> tuple[float | None, float | None]:
        """Values a calibration may give ``name`` (display units): its range, widened for a
        structural ratio to the values national accounts allow (``accounts`` in the
        definition), which an episode's balancing may set for another economy."""
        q = self.quantity(name)
        if q.accounts is None:
            return q.bounds
        lo, hi = q.bounds
        a_lo, a_hi = q.accounts
        return (a_lo if lo is None else min(lo, a_lo), a_hi if hi is None else max(hi, a_hi))

    def table(self) -> pd.DataFrame:
        """Every quantity with kind, symbol, unit, description, default, range and source."""
        rows = []
        for q in self.quantities.values():
            rows.append({
                "name": q.name, "kind": q.kind, "block": q.block, "symbol": q.latex,
                "unit": q.shown_unit, "description": q.description,
                "default": q.default, "low": q.bounds[0], "high": q.bounds[1],
                "source": q.source,
            })
        return pd.DataFrame(rows).set_index("name")

    # ---------------------------------------------------------------- values
    def check_values(self, values: pd.Series | pd.DataFrame, where: str = "values") -> None:
        """Raise :class:`InputError` for unknown names or values out of range."""
        names = list(values.columns if isinstance(values, pd.DataFrame) else values.index)
        pos, _, lower, upper, _ = self._value_arrays
        for n in names:
            if n not in pos:
                raise InputError(f"{where}: unknown parameter '{n}'{suggest(n, pos)}")
        arr = values.to_numpy(dtype=float)
        arr = arr if arr.ndim == 2 else arr[None, :]
        idx = [pos[n] for n in names]
        lo, hi = lower[idx], upper[idx]
        finite = np.isfinite(arr).all(axis=0)
        inside = ((arr >= lo) & (arr <= hi)).all(axis=0)
        if finite.all() and inside.all():
            return
        j = int(np.flatnonzero(~finite | ~inside)[0])
        n = names[j]
        if not finite[j]:
            raise InputError(f"{where}: {n} is not finite")
        col = arr[:, j]
        bad = col[(col < lo[j]) | (col > hi[j])][0]
        b_lo, b_hi = self.accepted(n)
        raise InputError(f"{where}: {n} = {bad:g} is out of range; allowed "
                         f"{b_lo} to {b_hi} {self.quantities[n].shown_unit}")

    def complete(self, values: pd.Series | pd.DataFrame | None) -> pd.DataFrame:
        """Fill a (partial) value set or batch with defaults; one row per set."""
        pos, base, _, _, _ = self._value_arrays
        if values is None:
            return pd.DataFrame(base[None, :], columns=self._value_columns)
        self.check_values(values)
        if isinstance(values, pd.Series):
            full = base.copy()
            full[[pos[n] for n in values.index]] = values.to_numpy(dtype=float)
            return pd.DataFrame(full[None, :], columns=self._value_columns)
        full = np.tile(base, (len(values), 1))
        full[:, [pos[n] for n in values.columns]] = values.to_numpy(dtype=float)
        return pd.DataFrame(full, columns=self._value_columns)

    @cached_property
    def _factors(self) -> dict[str, float]:
        """Display-to-internal factor of every quantity with a display unit."""
        return {q.name: 1.0 / q.to_display for q in self.quantities.values()}

    def internal(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Parameter and initial-state arrays (internal units) of a complete batch."""
        names = self.value_names
        cols = frame.columns
        arr = frame.to_numpy(dtype=float) if cols is self._value_columns \
            or cols.equals(self._value_columns) else frame[names].to_numpy(dtype=float)
        arr = arr * self._value_arrays[4]
        n_p = len(self.layout.parameters)
        return np.ascontiguousarray(arr[:, :n_p]), np.ascontiguousarray(arr[:, n_p:])

    def factor(self, name: str) -> float:
        """Multiply a display value by this to get the internal value."""
        return self._factors[name]


@functools.cache
def load_model() -> Model:
    """The default model (once per process; read from the disk cache when warm)."""
    return Model()
