"""Target variables computed from a batch: contract columns and model quantities.

A target names either a column of the timeline contract
(:data:`peacetrap.run.timeline.CONTRACT`, e.g. ``defence_share_gdp_pct``) or any
stock, flow or auxiliary of the model (e.g. ``broad_money``), in display
units.  :func:`column` computes one variable for every member of a batch at
once with :func:`peacetrap.run.timeline.contract_columns`, the function that
computes the timeline of a single run (year-on-year changes compare with the
same quarter a year earlier; the spin-up year provides the first ones).
"""

from __future__ import annotations

import numpy as np

from peacetrap.calibrate.batch import Batch
from peacetrap.core.model import Model
from peacetrap.run.timeline import NUMERIC_CONTRACT, contract_columns

__all__ = ["NUMERIC_CONTRACT", "column", "known_variables", "quantity"]


def known_variables(model: Model) -> list[str]:
    """Every name a target may use: contract columns, then model quantities."""
    lay = model.layout
    return NUMERIC_CONTRACT + lay.stocks + lay.derived


def quantity(batch: Batch, name: str) -> np.ndarray:
    """A stock or derived quantity, display units, shape ``(n_members, n_quarters)``."""
    lay = batch.model.layout
    q = batch.model.quantities[name]
    if name in lay.stocks:
        raw = batch.states[:, :, lay.stocks.index(name)]
    else:
        raw = batch.derived[:, :, lay.derived.index(name)]
    return raw * q.to_display


def column(batch: Batch, name: str, base_year: int) -> np.ndarray:
    """One target variable for every member, shape ``(n_members, n_quarters)``.

    Parameters
    ----------
    batch : Batch
    name : str
        A contract column or a model quantity.
    base_year : int
        Year whose average real GDP is 100 in ``gdp_real_index``.
    """
    if name in batch.model.info.reports:
        return contract_columns(batch.model.info, lambda n: quantity(batch, n), batch.periods,
                                base_year, [name])[name]
    return quantity(batch, name)
