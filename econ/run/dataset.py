"""Batch results as :class:`xarray.Dataset`: dims ``member`` × ``scenario`` × ``quarter``.

Each model quantity (or reported series) is one data variable in display
units; its unit, description and kind are in the variable's ``attrs``
(``units``, ``long_name``, ``kind``) and the calibration's name in the
dataset's.  ``quarter`` holds the quarters as ``"YYYYQn"`` strings;
:meth:`xarray.Dataset.to_dataframe` gives a long table indexed by
(member, scenario, quarter).

Examples
--------
>>> import pandas as pd, peacetrap as pt
>>> model = pt.load_model()
>>> cal = pt.load_calibration(model)
>>> peace, grind = (pt.load_scenario(model, n) for n in ("sudden-peace", "long-grind"))
>>> sim = pt.simulate(model, cal, [peace, grind], pd.DataFrame({"wage_phillips": [0.05, 0.1]}))
>>> ds = sim.to_xarray(["unemployment_rate", "cpi"])
>>> dict(ds.sizes)
{'member': 2, 'scenario': 2, 'quarter': 64}
>>> ds["unemployment_rate"].attrs["units"]
'%'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from peacetrap.core.model import Model


def dataset(model: Model | None, data: dict[str, np.ndarray], scenarios: list[str],
            periods: pd.PeriodIndex, members: np.ndarray | list[int] | None = None,
            attrs: dict[str, Any] | None = None,
            units: dict[str, str] | None = None) -> Any:
    """An :class:`xarray.Dataset` from arrays ``(n_members, n_scenarios, n_quarters)``.

    Parameters
    ----------
    model : Model or None
        Supplies each model quantity's unit, description and kind.
    data : dict of str to numpy.ndarray
        Variables in display units.
    scenarios : list of str
        Names along the ``scenario`` axis.
    periods : pandas.PeriodIndex
        Quarters along the ``quarter`` axis.
    members : array-like, optional
        Labels along the ``member`` axis (default ``0 .. n-1``).
    attrs : dict, optional
        Attributes of the dataset (e.g. the calibration's name).
    units : dict of str to str, optional
        Units of variables that are not model quantities.
    """
    import xarray as xr

    first = next(iter(data.values()))
    n_members = first.shape[0]
    coords = {"member": np.arange(n_members) if members is None else np.asarray(members),
              "scenario": list(scenarios), "quarter": [str(p) for p in periods]}
    variables = {}
    for name, values in data.items():
        var_attrs: dict[str, str] = {}
        if model is not None and name in model.quantities:
            q = model.quantities[name]
            var_attrs = {"units": q.shown_unit, "long_name": q.description, "kind": q.kind}
        elif units and name in units:
            var_attrs = {"units": units[name]}
        variables[name] = xr.Variable(("member", "scenario", "quarter"), values, var_attrs)
    return xr.Dataset(variables, coords=coords, attrs=dict(attrs or {}))


def column_unit(name: str, base_year: int | None = None) -> str:
    """Unit of a reported column, read from its name's suffix (the contract's naming rule)."""
    if name.endswith("_index"):
        return f"index, {base_year} = 100" if base_year else "index"
    if name == "rub_per_usd":
        return "LCU/USD"
    if "_pp_" in name or name.endswith("_pp"):
        return "pp"
    if name.endswith("_pct_gdp"):
        return "% of GDP"
    if name.endswith("_pct") or "_pct_" in name:
        return "%"
    if name.endswith("_thousands"):
        return "thousand persons"
    return ""
