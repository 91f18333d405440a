r"""Scoreboard checks on the scenario library: what the essay's scenarios must show.

Each check runs shipped scenarios under the calibration being validated, for
``quarters`` quarters after the history, and reads the output contract
(:data:`peacetrap.run.timeline.CONTRACT`):

``scenarios.gdp_above``
    :math:`\min_t 100\,(Y^{a}_t / Y^{b}_t - 1)`, the lowest real GDP gap of
    scenario *a* over scenario *b* (%), accepted at 0 or above.
``scenarios.inflation_floor``
    :math:`\min_t \pi_t`, the lowest year-on-year CPI inflation of the
    scenario (% a year), accepted at the check's ``low`` or above.
``scenarios.depreciation``
    :math:`100\,(\max_{t \le 4} X_t / X_0 - 1)`, the largest rise of LCU per USD
    within ``window`` quarters of the scenario's start against the last history
    quarter (%).

The scenarios, horizons and ranges are data (``data/validation.toml``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.analysis.validate_spec import CheckSpec, ValidationSpec, make_row
from peacetrap.core.model import Model
from peacetrap.errors import PeacetrapError, failure_note
from peacetrap.run.setups import Calibration


def _timelines(model: Model, cal: Calibration, names: list[str], quarters: int
               ) -> list[pd.DataFrame]:
    """The scenario part of each scenario's contract timeline (quarterly PeriodIndex)."""
    from peacetrap.run.setups import load_scenario
    from peacetrap.run.simulate import simulate

    sim = simulate(model, cal, [load_scenario(model, n) for n in names], quarters=quarters)
    start = cal.history_end + 1
    return [sim.timeline(k).loc[start:] for k in range(len(names))]


def _run_or_row(c: CheckSpec, cal: Calibration, names: list[str], quarters: int,
                fields: dict, model: Model) -> tuple[list[pd.DataFrame] | None, dict | None]:
    try:
        return _timelines(model, cal, names, quarters), None
    except PeacetrapError as exc:
        return None, make_row(c, cal.name, float("nan"), fields=fields,
                              note=failure_note(exc))


def lowest(series: pd.Series) -> tuple[float, str]:
    """The lowest value of a quarterly series and a note naming its quarter.

    A lowest value in the series' last quarter that is still falling there is said to be
    so (:func:`peacetrap.run.timeline.extremes`, the headlines' rule): the row's verdict
    then depends on where the horizon ends, not on a trough.

    Returns
    -------
    tuple of float and str
        ``(value, note)``.
    """
    from peacetrap.run.timeline import RISING, extremes

    values = series.to_numpy(dtype=float)
    quarters = np.array([str(q) for q in series.index])
    _, at = extremes(values, quarters, "min", window=len(values))
    if at == RISING:        # the headlines' rule: the last quarter, moved past the one before
        return float(values.min()), (f"lowest in {quarters[-1]}, the horizon's last quarter, "
                                     "still falling (the verdict depends on where the "
                                     "horizon ends)")
    return float(values.min()), f"lowest in {at}"


def gdp_above_row(model: Model, cal: Calibration, c: CheckSpec) -> dict:
    """Lowest real GDP gap of one scenario over another."""
    a, b, n = c.options["scenario"], c.options["against"], int(c.options["quarters"])
    fields = {"scenario": a, "against": b, "quarters": n}
    tls, failed = _run_or_row(c, cal, [a, b], n, fields, model)
    if tls is None:
        return failed  # type: ignore[return-value]
    gap = 100.0 * (tls[0]["gdp_real_index"] / tls[1]["gdp_real_index"] - 1.0)
    value, note = lowest(gap)
    return make_row(c, cal.name, value, fields=fields,
                    note=f"{note}; gap after {n} quarters {gap.iloc[-1]:.3g} %")


def inflation_floor_row(model: Model, cal: Calibration, c: CheckSpec) -> dict:
    """Lowest year-on-year CPI inflation of a scenario."""
    a, n = c.options["scenario"], int(c.options["quarters"])
    fields = {"scenario": a, "quarters": n}
    tls, failed = _run_or_row(c, cal, [a], n, fields, model)
    if tls is None:
        return failed  # type: ignore[return-value]
    value, note = lowest(tls[0]["cpi_inflation_yoy_pct"])
    return make_row(c, cal.name, value, fields=fields, note=note)


def depreciation_row(model: Model, cal: Calibration, c: CheckSpec) -> dict:
    """Largest depreciation within a window of the scenario's start."""
    from peacetrap.run.setups import load_scenario
    from peacetrap.run.simulate import simulate

    a, w = c.options["scenario"], int(c.options["quarters"])
    fields = {"scenario": a, "quarters": w}
    try:
        tl = simulate(model, cal, [load_scenario(model, a)], quarters=max(w, 8)).timeline(0)
    except PeacetrapError as exc:
        return make_row(c, cal.name, float("nan"), fields=fields,
                        note=failure_note(exc))
    x = tl["rub_per_usd"]
    start = cal.history_end + 1
    window = x.loc[start:start + (w - 1)]
    k = int(np.argmax(window.to_numpy()))
    value = 100.0 * (window.iloc[k] / x.loc[cal.history_end] - 1.0)
    return make_row(c, cal.name, float(value), fields=fields,
                    note=f"LCU per USD {x.loc[cal.history_end]:.4g} in {cal.history_end}, "
                         f"{window.iloc[k]:.4g} in {window.index[k]}")


#: Measurement of each scenario check.
MEASURES = {"scenarios.gdp_above": gdp_above_row,
            "scenarios.inflation_floor": inflation_floor_row,
            "scenarios.depreciation": depreciation_row}


def scenario_rows(model: Model, cal: Calibration, spec: ValidationSpec) -> list[dict]:
    """Every check of the scenarios group."""
    return [fn(model, cal, spec.checks[cid]) for cid, fn in MEASURES.items()]
