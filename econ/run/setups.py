"""Calibration files and scenario files: the two kinds of TOML a run reads.

Calibration file (``calibration/*.toml``, or ``parameters.toml`` written by
``peacetrap calibrate``)::

    [calibration]
    name = "default"
    description = "..."
    history_start = "2021Q1"      # first reported quarter; a spin-up year precedes it
    history_end = "2025Q4"        # last quarter of history; scenarios start after it

    [parameters]                  # display units; omitted ones keep their defaults
    wage_phillips = 0.09

    [initial]                     # initial stocks at the start of the spin-up year
    soldiers = 1000.0

    [history.defence_procurement] # war inputs over the history
    points = [["2022Q1", 3.1], ["2025Q4", 7.0]]

Scenario file (``experiments/*.toml``)::

    [scenario]
    name = "sudden-peace"
    description = "What it assumes and why."
    baseline = "long-grind"       # optional: the scenario it is compared with

    [inputs.defence_procurement]  # starts from the history's value at the start
    points = [["2027Q1", 3.1]]
    interpolation = "linear"      # or "step"

Inputs a scenario does not set keep the value the history ended with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.errors import InputError, suggest
from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.io.paths import parse_path, parse_quarter
from peacetrap.io.resources import resolve, shipped
from peacetrap.io.tomlfiles import check_keys, number, read_toml, sha256, text

SPINUP_QUARTERS = 4

#: The calibration every command and :func:`load_calibration` use unless told otherwise:
#: the fit to the essay's statistical appendix (``calibration/appendix.toml``).
DEFAULT_CALIBRATION = "appendix"


@dataclass
class Calibration:
    """Parameter values, initial stocks and the history of inputs.

    Attributes
    ----------
    values : pandas.Series
        Overrides of parameters and initial stocks (display units).
    history : dict of str to Path
        Input paths over the history.
    history_start, history_end : pandas.Period
        First and last reported history quarters.
    """

    name: str
    description: str = ""
    values: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    history: dict[str, TimePath] = field(default_factory=dict)
    history_start: pd.Period = field(default_factory=lambda: pd.Period("2021Q1", "Q"))
    history_end: pd.Period = field(default_factory=lambda: pd.Period("2025Q4", "Q"))
    path: Path | None = None
    sha256: str = ""

    @property
    def epoch(self) -> pd.Period:
        """Start of the simulation (the spin-up year before the history)."""
        return self.history_start - SPINUP_QUARTERS


@dataclass
class Scenario:
    """Input paths from the end of history on."""

    name: str
    description: str = ""
    inputs: dict[str, TimePath] = field(default_factory=dict)
    baseline: str | None = None
    path: Path | None = None
    sha256: str = ""


def _inputs(model: Model, table: object, where: str) -> dict[str, TimePath]:
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table of inputs")
    names = model.layout.inputs
    out = {}
    for key, raw in table.items():
        if key not in names:
            raise InputError(f"{where}: unknown input '{key}'{suggest(key, names)}; "
                             f"inputs are: {', '.join(names)}")
        q = model.quantities[key]
        out[key] = parse_path(raw, f"{where}.{key}", q.bounds, q.shown_unit)
    return out


def _values(model: Model, table: object, where: str, kind: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise InputError(f"{where}: expected a table of {kind}")
    allowed = model.layout.parameters if kind == "parameters" else model.layout.stocks
    out = {}
    for key, val in table.items():
        if key not in allowed:
            hint = suggest(key, allowed)
            raise InputError(f"{where}: unknown {kind[:-1] if kind.endswith('s') else kind} "
                             f"'{key}'{hint}")
        q = model.quantities[key]
        out[key] = number(val, f"{where}.{key}", q.bounds, q.shown_unit)
    return out


def load_calibration(model: Model,
                     name_or_path: str | Path = DEFAULT_CALIBRATION) -> Calibration:
    """Load a shipped calibration by name, or a calibration file by path.

    The default is :data:`DEFAULT_CALIBRATION` (``"appendix"``), the calibration every
    command uses; ``"default"`` is the model's unfitted defaults with the war history.

    Raises
    ------
    InputError
        Unknown name (the known ones are listed), malformed TOML, unknown key
        or value out of range.
    """
    path = resolve(str(name_or_path), "calibration", "calibration")
    raw = read_toml(path)
    where = str(path)
    check_keys(raw, ["calibration", "parameters", "initial", "history", "targets", "free",
                     "fixed", "estimates", "report"], where)
    head = raw.get("calibration", {})
    check_keys(head, ["name", "description", "history_start", "history_end", "source",
                      "method"], f"{where} [calibration]")
    values = {}
    values.update(_values(model, raw.get("parameters", {}), f"{where} [parameters]", "parameters"))
    values.update(_values(model, raw.get("initial", {}), f"{where} [initial]", "initial values"))
    start = parse_quarter(head.get("history_start", "2021Q1"), f"{where} history_start")
    end = parse_quarter(head.get("history_end", "2025Q4"), f"{where} history_end")
    if end < start:
        raise InputError(f"{where}: history_end {end} is before history_start {start}")
    return Calibration(
        name=text(head.get("name", path.stem), f"{where} name"),
        description=text(head.get("description", ""), f"{where} description"),
        values=pd.Series(values, dtype=float),
        history=_inputs(model, raw.get("history", {}), f"{where} [history]"),
        history_start=start, history_end=end, path=path, sha256=sha256(path),
    )


def load_scenario(model: Model, name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by name, or a scenario file by path.

    Raises
    ------
    InputError
        Unknown name (the known ones are listed), malformed TOML, unknown key
        or value out of range.
    """
    path = resolve(str(name_or_path), "experiments", "scenario")
    raw = read_toml(path)
    where = str(path)
    check_keys(raw, ["scenario", "inputs"], where)
    head = raw.get("scenario", {})
    if not isinstance(head, dict):
        raise InputError(f"{where}: [scenario] must be a table")
    check_keys(head, ["name", "description", "baseline"], f"{where} [scenario]")
    return Scenario(
        name=text(head.get("name", path.stem), f"{where} name"),
        description=text(head.get("description", ""), f"{where} description"),
        inputs=_inputs(model, raw.get("inputs", {}), f"{where} [inputs]"),
        baseline=head.get("baseline"), path=path, sha256=sha256(path),
    )


def defence_only(scenario: Scenario, baseline: Scenario) -> Scenario | None:
    """The defence-only counterfactual: ``baseline`` with ``scenario``'s procurement path.

    Every other input keeps the baseline's path, so the difference to the baseline is
    the effect of procurement alone (the defence multiplier of the headlines). ``None``
    when the scenario does not change procurement.
    """
    path = scenario.inputs.get("defence_procurement")
    if path is None or scenario.name == baseline.name:
        return None
    return Scenario(name=f"{scenario.name} (procurement only)",
                    description=f"{baseline.name} with the procurement path of {scenario.name}",
                    inputs={**baseline.inputs, "defence_procurement": path},
                    baseline=baseline.name)


def scenario_names() -> list[str]:
    """Names of the shipped scenarios."""
    return [n for n, p in shipped("experiments").items() if "scenario" in read_toml(p)]


def input_grid(model: Model, calibration: Calibration, scenarios: list[Scenario | None],
               times: np.ndarray) -> np.ndarray:
    """Input values (internal units) on a time grid, one block per scenario.

    Parameters
    ----------
    times : numpy.ndarray
        Years since the start of ``calibration.epoch``.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(scenarios), n_inputs, len(times))``.
    """
    epoch = calibration.epoch
    t_s = (calibration.history_end + 1 - epoch).n / 4.0
    out = np.empty((len(scenarios), len(model.layout.inputs), len(times)))
    for j, name in enumerate(model.layout.inputs):
        q = model.quantities[name]
        hist = calibration.history.get(name)
        base = hist.evaluate(times, epoch) if hist else np.full(len(times), float(q.default))
        factor = model.factor(name)
        for k, sc in enumerate(scenarios):
            path = sc.inputs.get(name) if sc is not None else None
            if path is None:
                out[k, j] = base * factor
                continue
            at_start = hist.evaluate(np.array([t_s]), epoch)[0] if hist else float(q.default)
            pts = list(path.points)
            start_q = calibration.history_end + 1
            if pts[0][0] < start_q:
                raise InputError(
                    f"{sc.path or sc.name} [inputs.{name}]: point {pts[0][0]} is before the "
                    f"scenario start {start_q} (the quarter after the calibration's history)")
            if pts[0][0] > start_q:
                pts = [(start_q, at_start)] + pts
            future = TimePath(pts, path.interpolation).evaluate(times, epoch)
            row = np.where(times >= t_s - 1e-12, future, base)
            out[k, j] = row * factor
    return out
