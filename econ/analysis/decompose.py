r"""Channel decomposition: how much of a scenario's effect comes through each shock channel.

A *channel* is a group of model inputs.  Switching a channel on means that
its inputs follow the scenario's paths instead of the baseline's; every other
input follows the baseline.  With :math:`N` the set of channels and
:math:`v(S)` a reported variable (in a given quarter) of the run with the
channels :math:`S \subseteq N` switched on, the contribution of channel
:math:`i` is its Shapley value

.. math::

   \phi_i = \sum_{S \subseteq N \setminus \{i\}}
            \frac{|S|!\,(|N| - |S| - 1)!}{|N|!}\,\bigl[v(S \cup \{i\}) - v(S)\bigr],

so that :math:`\sum_i \phi_i = v(N) - v(\emptyset)`, the scenario minus the
baseline, exactly (up to rounding).  All :math:`2^{|N|}` runs are integrated
in one batched :func:`~peacetrap.run.simulate` call.  A channel whose inputs the
scenario does not change gives runs identical to those without it, so its
contribution is exactly zero.  Interactions between channels (e.g. a demand
fall that matters more when the overhang is released at the same time) are
split equally between the channels involved, which is what the Shapley
weights do.

Channels and inputs (declared by each input's ``channel`` in the definition)
---------------------------------------------------------------------------
demand
    defence orders and the wages the war pays: ``defence_procurement``,
    ``soldier_pay_ratio``, ``signing_bonus``, and ``civil_spending``
    (government purchases redirected in peace, e.g. conversion programmes).
supply
    demobilisation and layoffs into the labour market: ``demobilisation_rate``,
    ``discharge_rate``, ``recruitment``, ``casualty_rate``, ``conversion_share``.
inflation
    release of the monetary overhang: ``war_risk`` (the precautionary money
    households hold while the war lasts), ``rationing`` (spending households
    cannot carry out and save instead) and the policy ``inflation_target``.
external
    exchange rate and external accounts, a separate switch: ``oil_price``,
    ``oil_discount``, ``oil_exports``, ``sanctions_new``, ``sanctions_relief``.

An input of the model that is in none of these groups (after a model
change) lands in a channel ``other``, so the contributions still add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.run.scenario_library import load_set
from peacetrap.run.setups import Calibration, Scenario
from peacetrap.run.simulate import simulate
from peacetrap.run.timeline import CONTRACT, finite_or_raise

#: Contract columns drawn in the decomposition figure.
FIGURE_VARIABLES = ["gdp_real_index", "unemployment_rate_pct", "cpi_inflation_yoy_pct",
                    "key_rate_pct", "rub_per_usd", "real_wage_growth_yoy_pct"]


def channel_map(model: Model) -> dict[str, tuple[str, ...]]:
    """Channels of the model's inputs, as the definition declares them (``channel=`` of
    each input, ``model.info.channels``), plus ``other`` for
    inputs declared in none."""
    inputs = model.layout.inputs
    out = dict(model.info.channels)
    mapped = [n for names in out.values() for n in names]
    rest = tuple(n for n in inputs if n not in mapped)
    if rest:
        out["other"] = rest
    return out


def mixed_scenario(scenario: Scenario, baseline: Scenario, on: frozenset[str],
                   channels: dict[str, tuple[str, ...]]) -> Scenario:
    """The baseline with the inputs of the channels in ``on`` taken from ``scenario``.

    An input neither file sets keeps the history's last value, as in any run.
    """
    inputs = {}
    for ch, names in channels.items():
        src = scenario if ch in on else baseline
        for n in names:
            if n in src.inputs:
                inputs[n] = src.inputs[n]
    label = "+".join(sorted(on)) or "none"
    return Scenario(name=f"{scenario.name}[{label}]", inputs=inputs, baseline=baseline.name)


def changed_inputs(scenario: Scenario, baseline: Scenario) -> list[str]:
    """Inputs whose paths differ between the scenario and the baseline files."""
    names = sorted(set(scenario.inputs) | set(baseline.inputs))
    return [n for n in names if scenario.inputs.get(n) != baseline.inputs.get(n)]


def shapley(values: np.ndarray) -> np.ndarray:
    r"""Exact Shapley values from the value of every coalition.

    Parameters
    ----------
    values : numpy.ndarray
        ``(2**n, ...)``; row ``mask`` is :math:`v(S)` for the coalition whose
        members are the set bits of ``mask``.

    Returns
    -------
    numpy.ndarray
        ``(n, ...)``: :math:`\phi_i`; they sum to ``values[-1] - values[0]``.
    """
    size = values.shape[0]
    n = size.bit_length() - 1
    if 1 << n != size:
        raise ValueError(f"values has {size} rows; expected a power of two")
    phi = np.zeros((n,) + values.shape[1:])
    for i in range(n):
        bit = 1 << i
        for mask in range(size):
            if mask & bit:
                continue
            s = bin(mask).count("1")
            w = factorial(s) * factorial(n - s - 1) / factorial(n)
            phi[i] += w * (values[mask | bit] - values[mask])
    return phi


@dataclass(repr=False)
class Decomposition:
    """Channel contributions of a scenario against a baseline.

    Attributes
    ----------
    table : pandas.DataFrame
        Long table: ``quarter`` (``"YYYYQn"``), ``variable``, ``channel``,
        ``contribution`` (display units of the variable; levels in their unit,
        rates in percentage points), scenario quarters only.
    difference : pandas.DataFrame
        Scenario minus baseline, quarters (PeriodIndex) by variables.
    contributions : dict of str to pandas.DataFrame
        Per channel, quarters (PeriodIndex) by variables.
    channels : dict of str to tuple of str
        Inputs of each channel.
    changed : list of str
        Inputs whose paths the scenario changes relative to the baseline.
    """

    scenario: Scenario
    baseline: Scenario
    table: pd.DataFrame
    difference: pd.DataFrame
    contributions: dict[str, pd.DataFrame]
    channels: dict[str, tuple[str, ...]]
    changed: list[str]
    start: pd.Period
    values: pd.Series
    calibration: str = ""

    def __repr__(self) -> str:
        return (f"Decomposition: {self.scenario.name} minus {self.baseline.name}, "
                f"{len(self.difference)} quarters from {self.start} (calibration: "
                f"{self.calibration})\n"
                f"  channels: {', '.join(self.channels)}; {len(self.difference.columns)} "
                "variables\n"
                "  .difference, .contributions[channel], .table, .at(variable, quarter), "
                ".plot()")

    def plot(self, variables: list[str] | None = None) -> Any:
        """Stacked contributions of each channel to some variables, with their total.

        Returns
        -------
        matplotlib.figure.Figure
        """
        from peacetrap.analysis.experiment_figures import contribution_figure

        shown = variables or [v for v in FIGURE_VARIABLES if v in self.difference.columns] \
            or list(self.difference.columns[:6])
        return contribution_figure(self.table, shown,
                                   f"{self.scenario.name} against {self.baseline.name}: "
                                   f"contributions of shock channels (calibration: "
                                   f"{self.calibration})")

    def at(self, variable: str, quarter: pd.Period | str) -> pd.Series:
        """Contributions of every channel to one variable in one quarter."""
        q = pd.Period(quarter, "Q")
        return pd.Series({ch: float(df.loc[q, variable]) for ch, df in self.contributions.items()},
                         name=f"{variable} {q}")


def decompose(model: Model, calibration: Calibration, scenario: str | Path | Scenario,
              baseline: str | Path | Scenario | None = None, quarters: int = 40,
              variables: list[str] | None = None) -> Decomposition:
    """Shapley decomposition of ``scenario − baseline`` into channel contributions.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        E.g. ``pt.load_calibration(model)`` (the appendix calibration, as ``peacetrap run``).
    scenario : str, Path or Scenario
        Scenario name, TOML path or :class:`~peacetrap.Scenario` object.
    baseline : str, Path or Scenario, optional
        Baseline (default: the scenario's ``baseline``, else ``long-grind``).
    quarters : int
        Scenario quarters after the calibration's history.
    variables : list of str, optional
        Timeline columns to decompose (default: every numeric column of the
        timeline, i.e. the contract columns and every model quantity).

    Returns
    -------
    Decomposition

    Raises
    ------
    InputError
        Bad scenario files or unknown variable names, before anything runs.
    SimulationError
        If one of the :math:`2^{|N|}` runs fails.
    """
    from peacetrap.errors import InputError, suggest

    (sc,), base = load_set(model, calibration, [scenario], baseline)
    channels = channel_map(model)
    names = list(channels)
    masks = range(1 << len(names))
    runs = [mixed_scenario(sc, base, frozenset(c for j, c in enumerate(names) if m >> j & 1),
                           channels) for m in masks]
    if variables is not None:
        known = set(model.layout.stocks) | set(model.layout.derived) | set(CONTRACT)
        for v in variables:
            if v not in known:
                raise InputError(f"--variables: unknown variable '{v}'{suggest(v, known)}")
    sim = simulate(model, calibration, runs, quarters=quarters)
    start = calibration.history_end + 1
    tls = []
    for k in range(len(runs)):
        tl = sim.timeline(k)
        finite_or_raise(tl)
        tls.append(tl.loc[tl.index >= start].select_dtypes("number"))
    cols = list(tls[0].columns)
    if variables is not None:
        missing = [v for v in variables if v not in cols]
        if missing:
            raise InputError(f"--variables: {', '.join(missing)} is not a numeric timeline column")
        cols = list(variables)
    stack = np.stack([t[cols].to_numpy(float) for t in tls])      # (2^n, T, V)
    phi = shapley(stack)
    index = tls[0].index
    contributions = {ch: pd.DataFrame(phi[j], index=index, columns=cols)
                     for j, ch in enumerate(names)}
    difference = pd.DataFrame(stack[-1] - stack[0], index=index, columns=cols)
    n_t, n_v = len(index), len(cols)
    table = pd.DataFrame({
        "quarter": np.repeat([str(q) for q in index], n_v * len(names)),
        "variable": np.tile(np.repeat(cols, len(names)), n_t),
        "channel": np.tile(names, n_t * n_v),
        "contribution": np.transpose(phi, (1, 2, 0)).reshape(-1),
    })
    return Decomposition(scenario=sc, baseline=base, table=table, difference=difference,
                         contributions=contributions, channels=channels,
                         changed=changed_inputs(sc, base), start=start,
                         values=sim.values.iloc[0], calibration=calibration.name)


def channel_table(dec: Decomposition) -> pd.DataFrame:
    """Channel → input mapping with whether the scenario changes each input."""
    rows = [{"channel": ch, "input": n, "changed_by_scenario": n in dec.changed}
            for ch, names in dec.channels.items() for n in names]
    return pd.DataFrame(rows)


def at_extremes(dec: Decomposition) -> pd.DataFrame:
    """Contributions at the quarters the headline numbers refer to.

    Rows: the GDP trough (largest fall of ``gdp_real_index`` against the
    baseline, in index points), the unemployment peak and the CPI-inflation
    peak of the difference; columns: channels and ``total``.
    """
    rows = {}
    for var, how, label in (("gdp_real_index", "min", "GDP index, trough of difference"),
                            ("unemployment_rate_pct", "max", "unemployment, peak of difference"),
                            ("cpi_inflation_yoy_pct", "max", "CPI inflation, peak of difference")):
        if var not in dec.difference.columns:
            continue
        d = dec.difference[var]
        q = d.idxmin() if how == "min" else d.idxmax()
        row = dec.at(var, q)
        row["total"] = float(d.loc[q])
        rows[f"{label} ({q})"] = row
    return pd.DataFrame(rows).T


__all__ = ["Decomposition", "decompose", "shapley", "mixed_scenario",
           "channel_map", "changed_inputs", "channel_table", "at_extremes"]
