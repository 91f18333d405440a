"""The model object users hold: the symbolic definition plus compiled kernels.

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> values = model.defaults()            # parameters and initial stocks, display units
>>> values["wage_phillips"]
0.09
>>> model.table().loc["key_rate", "unit"]
'%/year'
"""

from __future__ import annotations

from functools import cache, cached_property

import numpy as np
import pandas as pd

from peacetrap.core import definition
from peacetrap.core.codegen import CompiledModel
from peacetrap.errors import InputError, suggest
from peacetrap.core.symbolic import ModelSpec, Quantity


class Model:
    """The war-economy model.

    Parameters
    ----------
    spec : ModelSpec, optional
        A symbolic specification; the default is :func:`peacetrap.core.definition.build`.

    Notes
    -----
    A *value set* is a :class:`pandas.Series` indexed by parameter names and
    stock names (the stocks' initial values), in display units.  A batch is a
    :class:`pandas.DataFrame` whose rows are value sets.
    """

    def __init__(self, spec: ModelSpec | None = None) -> None:
        self.spec = spec if spec is not None else definition.build()
        self.compiled = CompiledModel(self.spec)
        self.layout = self.compiled.layout

    # ---------------------------------------------------------------- metadata
    def quantity(self, name: str) -> Quantity:
        """Look a quantity up by name, with a suggestion when it is unknown."""
        try:
            return self.spec.quantities[name]
        except KeyError:
            raise InputError(f"unknown variable '{name}'{suggest(name, self.spec.quantities)}") from None

    @cached_property
    def value_names(self) -> list[str]:
        """Names in a value set: parameters, then stocks (initial values)."""
        return self.layout.parameters + self.layout.stocks

    def defaults(self) -> pd.Series:
        """Default parameters and initial stocks, in display units."""
        return pd.Series({n: float(self.spec.quantities[n].default) for n in self.value_names},
                         name="default", dtype=float)

    def bounds(self, name: str) -> tuple[float | None, float | None]:
        """Allowed range of a parameter, input or stock, in display units."""
        return self.quantity(name).bounds

    def table(self) -> pd.DataFrame:
        """Every quantity with kind, symbol, unit, description, default, range and source."""
        rows = []
        for q in self.spec.quantities.values():
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
        names = values.columns if isinstance(values, pd.DataFrame) else values.index
        allowed = set(self.value_names)
        for n in names:
            if n not in allowed:
                raise InputError(f"{where}: unknown parameter '{n}'{suggest(n, allowed)}")
        frame = values if isinstance(values, pd.DataFrame) else values.to_frame().T
        for n in names:
            lo, hi = self.spec.quantities[n].bounds
            col = frame[n].to_numpy(dtype=float)
            if not np.all(np.isfinite(col)):
                raise InputError(f"{where}: {n} is not finite")
            if lo is not None and np.any(col < lo) or hi is not None and np.any(col > hi):
                bad = col[(col < (lo if lo is not None else -np.inf)) |
                          (col > (hi if hi is not None else np.inf))][0]
                raise InputError(f"{where}: {n} = {bad:g} is out of range; allowed "
                                 f"{lo} to {hi} {self.spec.quantities[n].shown_unit}")

    def complete(self, values: pd.Series | pd.DataFrame | None) -> pd.DataFrame:
        """Fill a (partial) value set or batch with defaults; one row per set."""
        base = self.defaults()
        if values is None:
            return base.to_frame().T.reset_index(drop=True)
        self.check_values(values)
        if isinstance(values, pd.Series):
            full = base.copy()
            full.update(values.astype(float))
            return full.to_frame().T.reset_index(drop=True)
        frame = pd.DataFrame(np.tile(base.to_numpy(), (len(values), 1)), columns=base.index)
        for c in values.columns:
            frame[c] = values[c].to_numpy(dtype=float)
        return frame

    @cached_property
    def _factors(self) -> dict[str, float]:
        """Display-to-internal factor of every quantity with a display unit."""
        return {q.name: 1.0 / q.to_display for q in self.spec.quantities.values()}

    def internal(self, frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """Parameter and initial-state arrays (internal units) of a complete batch."""
        lay = self.layout
        f = self._factors
        p = np.column_stack([frame[n].to_numpy(float) * f[n] for n in lay.parameters])
        x0 = np.column_stack([frame[n].to_numpy(float) * f[n] for n in lay.stocks])
        return np.ascontiguousarray(p), np.ascontiguousarray(x0)

    def factor(self, name: str) -> float:
        """Multiply a display value by this to get the internal value."""
        return self._factors[name]


@cache
def load_model() -> Model:
    """The default model (built and cached once per process; compiled on first run)."""
    return Model()
