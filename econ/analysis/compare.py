"""Comparing scenarios: one batched run, one table of headline numbers.

Examples
--------
>>> import peacetrap as pt
>>> model = pt.load_model()
>>> cal = pt.load_calibration(model)
>>> res = pt.compare(model, cal, ["sudden-peace", "phased-peace"])
>>> bool(res.headlines.loc["sudden-peace", "gdp_trough_pct_vs_baseline"] < 0)
True
>>> later = pt.Scenario("ceasefire-2027", inputs=dict(res.scenarios[0].inputs))
>>> pt.compare(model, cal, [res.scenarios[0], later]).baseline.name
'long-grind'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from peacetrap.core.model import Model
from peacetrap.errors import InputError
from peacetrap.run.scenario_library import load_set
from peacetrap.run.setups import Calibration, Scenario, defence_only
from peacetrap.run.simulate import Simulation, simulate
from peacetrap.run.timeline import HEADLINES, finite_or_raise, headlines


@dataclass(repr=False)
class Comparison:
    """Timelines and headline numbers of several scenarios against one baseline.

    Attributes
    ----------
    timelines : dict of str to pandas.DataFrame
        Contract timelines (quarterly PeriodIndex), baseline first.
    headlines : pandas.DataFrame
        One row per scenario (baseline first), columns
        :data:`peacetrap.run.timeline.HEADLINES`; percentages in %, levels in
        display units, quarters as ``"YYYYQn"``.
    baseline : Scenario
    scenarios : list of Scenario
    start : pandas.Period
        First scenario quarter.
    defence_only : dict of str to pandas.DataFrame
        Per scenario that changes procurement, the timeline of its defence-only
        counterfactual (:func:`peacetrap.run.setups.defence_only`).
    """

    timelines: dict[str, pd.DataFrame]
    headlines: pd.DataFrame
    baseline: Scenario
    scenarios: list[Scenario]
    start: pd.Period
    simulation: Simulation
    defence_only: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def calibration(self) -> str:
        """Name of the calibration the scenarios ran under."""
        return self.simulation.calibration.name

    def __repr__(self) -> str:
        names = ", ".join(sc.name for sc in self.scenarios[:4])
        more = f", ... ({len(self.scenarios) - 4} more)" if len(self.scenarios) > 4 else ""
        return (f"Comparison: {len(self.scenarios)} scenario(s) against {self.baseline.name}, "
                f"from {self.start} (calibration: {self.calibration})\n"
                f"  scenarios: {names}{more}\n"
                "  .headlines (one row per scenario), .timelines, .plot()")

    def plot(self) -> Any:
        """Overlay figure of every scenario's timeline (baseline dashed).

        Returns
        -------
        matplotlib.figure.Figure
        """
        from peacetrap.analysis.experiment_figures import overlay_figure

        return overlay_figure(dict(self.timelines), self.start,
                              f"Scenarios against {self.baseline.name} "
                              f"(calibration: {self.calibration})")


def compare(model: Model, calibration: Calibration, names: Sequence[str | Path | Scenario],
            baseline: str | Path | Scenario | None = None, quarters: int = 40) -> Comparison:
    """Simulate scenarios and their baseline in one batch and tabulate headline numbers.

    Headline numbers are those of :func:`peacetrap.run.timeline.headlines`
    computed over the scenario quarters: e.g. the GDP trough
    :math:`\\min_t 100\\,(Y_t / Y^{b}_t - 1)` against the baseline :math:`Y^b`.

    Parameters
    ----------
    model : Model
    calibration : Calibration
        E.g. ``pt.load_calibration(model)`` (the appendix calibration).
    names : list of str, Path or Scenario
        Scenario names, TOML paths or :class:`~peacetrap.Scenario` objects
        (all are loaded and validated first); a single one is a list of one.
    baseline : str, Path or Scenario, optional
        Baseline (default: the first scenario's baseline, else ``long-grind``).
    quarters : int
        Scenario quarters after the calibration's history.

    Returns
    -------
    Comparison
        ``.headlines`` (DataFrame, one row per scenario), ``.timelines``, ``.plot()``.

    Raises
    ------
    InputError
        On any bad scenario file, or a scenario with the baseline's name but other
        inputs, before anything runs.
    SimulationError
        If a run fails (naming the variable and quarter).
    """
    scenarios, base = load_set(model, calibration, names, baseline)
    for sc in scenarios:          # a row per name: the baseline's row is the baseline's
        if sc.name == base.name and sc.inputs != base.inputs:
            raise InputError(f"{sc.path or sc.name}: scenario name '{sc.name}' is the name of "
                             f"the baseline ({base.path or base.name}), whose inputs differ; "
                             "scenario names must be distinct: rename one ([scenario] name)")
    runs = [base] + [sc for sc in scenarios if sc.name != base.name]
    cfs = {sc.name: cf for sc in runs if (cf := defence_only(sc, base)) is not None}
    sim = simulate(model, calibration, runs + list(cfs.values()), quarters=quarters)
    start = calibration.history_end + 1
    tls, cf_tls = {}, {}
    for k, sc in enumerate(runs + list(cfs.values())):
        tl = sim.timeline(k)
        finite_or_raise(tl)
        if k < len(runs):
            tls[sc.name] = tl
        else:
            cf_tls[list(cfs)[k - len(runs)]] = tl
    btl = tls[base.name]
    table = pd.DataFrame({n: headlines(tl, btl, start, cf_tls.get(n))
                          for n, tl in tls.items()}).T
    table = table[HEADLINES]
    for col in HEADLINES:
        if not col.endswith("_quarter"):
            table[col] = pd.to_numeric(table[col]).astype(float)
    table.index.name = "scenario"
    return Comparison(timelines=tls, headlines=table, baseline=base, scenarios=scenarios,
                      start=start, simulation=sim, defence_only=cf_tls)
