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
    base_soldier_pay_ratio = 0.8  # a base-period price: must equal its input at the start

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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.core.model import Model
from peacetrap.errors import InputError, suggest
from peacetrap.io.paths import Path as TimePath
from peacetrap.io.paths import from_spec, interpolate
from peacetrap.io.resources import resolve, shipped_with
from peacetrap.io.schemas import calibration_schema, scenario_schema
from peacetrap.io.tomlfiles import read_toml, sha256
from peacetrap.io.validation import dump, validate

SPINUP_QUARTERS = 4
_SCENARIO_HEAD = ("name", "description", "baseline")
_CALIBRATION_HEAD = ("name", "description", "history_start", "history_end", "source", "method")


def _default_model(model: Model | None) -> Model:
    if model is not None:
        return model
    from peacetrap.core.model import load_model

    return load_model()


def _file_layout(data: object, head: str, head_keys: tuple[str, ...]) -> object:
    """``{"name": ..., "inputs": ...}`` from Python -> the file's ``{"scenario": {...}, ...}``."""
    if not isinstance(data, Mapping) or head in data:
        return data
    top = {k: v for k, v in data.items() if k not in head_keys}
    top[head] = {k: v for k, v in data.items() if k in head_keys}
    return top

#: The calibration every command and :func:`load_calibration` use unless told otherwise:
#: the fit to the essay's statistical appendix (``calibration/appendix.toml``).
DEFAULT_CALIBRATION = "appendix"


@dataclass
class Calibration:
    """Parameter values, initial stocks and the history of inputs.

    Build one from a file with :func:`load_calibration`, or from Python with
    :meth:`from_dict` / :meth:`from_series` (the same checks and messages).

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

    @classmethod
    def from_dict(cls, data: Mapping, model: Model | None = None,
                  where: str = "Calibration.from_dict") -> Calibration:
        """A calibration from a dict laid out like a calibration file.

        ``{"calibration": {"name": ...}, "parameters": {...}, "initial": {...},
        "history": {input: path}}``; the head's keys may also be given at the top
        level.  A path is a number (held over the history), a list of
        ``[quarter, value]`` points in a ``{"points": ...}`` table, or a
        :class:`pandas.Series` indexed by quarters (interpolated linearly).

        Raises
        ------
        InputError
            Exactly as :func:`load_calibration` for the same content in a file.
        """
        return calibration_from_dict(_default_model(model),
                                     _file_layout(data, "calibration", _CALIBRATION_HEAD), where)

    @classmethod
    def from_series(cls, values: pd.Series, name: str = "custom", model: Model | None = None,
                    base: Calibration | None = None, description: str = "") -> Calibration:
        """A calibration whose parameters and initial stocks are ``values`` (display units).

        ``values`` is indexed by parameter and stock names; ``base`` (default none:
        the model's defaults and no history) supplies the history and the values
        not given.

        Raises
        ------
        InputError
            Unknown names (with a suggestion) and values out of range, as in a file.
        """
        model = _default_model(model)
        stocks = set(model.layout.stocks)
        if not isinstance(values, pd.Series):
            raise InputError(f"Calibration.from_series: values must be a pandas Series indexed "
                             f"by parameter names, got {type(values).__name__}")
        raw = {"calibration": {"name": name, "description": description},
               "parameters": {str(k): v for k, v in values.items() if k not in stocks},
               "initial": {str(k): v for k, v in values.items() if k in stocks}}
        if base is not None:
            raw["calibration"].update(history_start=str(base.history_start),
                                      history_end=str(base.history_end))
        cal = calibration_from_dict(model, raw, "Calibration.from_series")
        if base is not None:
            merged = base.values.copy()
            for k, v in cal.values.items():
                merged[k] = v
            cal.values = merged.astype(float)
            cal.history = dict(base.history)
        return cal


@dataclass
class Scenario:
    """Input paths from the end of history on.

    Build one from a file with :func:`load_scenario`, or from Python with
    :meth:`from_dict` / :meth:`from_series` (the same checks and messages).
    """

    name: str
    description: str = ""
    inputs: dict[str, TimePath] = field(default_factory=dict)
    baseline: str | None = None
    path: Path | None = None
    sha256: str = ""

    @classmethod
    def from_dict(cls, data: Mapping, model: Model | None = None,
                  where: str = "Scenario.from_dict") -> Scenario:
        """A scenario from a dict laid out like a scenario file.

        ``{"scenario": {"name": ..., "baseline": ...}, "inputs": {input: path}}``;
        the head's keys may also be given at the top level.  A path is a number
        (held from the scenario's first quarter), a ``{"points": [[quarter, value],
        ...], "interpolation": ...}`` table, or a :class:`pandas.Series` indexed by
        quarters (interpolated linearly), in the input's display unit.

        Examples
        --------
        >>> import peacetrap as pt
        >>> sc = pt.Scenario.from_dict({"name": "cut", "inputs": {"defence_procurement": 3.0}})
        >>> sc.inputs["defence_procurement"].constant
        3.0

        Raises
        ------
        InputError
            Exactly as :func:`load_scenario` for the same content in a file: an
            unknown input (with a suggestion), a value out of the input's range, ...
        """
        return scenario_from_dict(_default_model(model),
                                  _file_layout(data, "scenario", _SCENARIO_HEAD), where)

    @classmethod
    def from_series(cls, name: str, inputs: Mapping[str, pd.Series] | pd.DataFrame,
                    model: Model | None = None, description: str = "",
                    baseline: str | None = None, interpolation: str = "linear") -> Scenario:
        """A scenario from time series: one per input, indexed by quarters.

        ``inputs`` maps input names to :class:`pandas.Series` (or is a DataFrame
        with one column per input) whose index is a quarterly PeriodIndex, dates
        or ``"2026Q1"`` strings; values in the input's display unit.
        """
        if isinstance(inputs, pd.DataFrame):
            inputs = {str(c): inputs[c] for c in inputs.columns}
        if not isinstance(inputs, Mapping):
            raise InputError(f"Scenario.from_series: inputs must be a dict of Series or a "
                             f"DataFrame, got {type(inputs).__name__}")
        from peacetrap.io.schemas import _python_path

        table = {}
        for k, v in inputs.items():
            spec = _python_path(v)
            if isinstance(spec, dict) and "points" in spec:
                spec = {**spec, "interpolation": interpolation}
            table[str(k)] = spec
        head = {"name": name, "description": description}
        if baseline is not None:
            head["baseline"] = baseline
        return scenario_from_dict(_default_model(model), {"scenario": head, "inputs": table},
                                  "Scenario.from_series")


def _baseline(ref: str | None, path: Path | None, where: str) -> str | None:
    """The baseline a scenario names: a shipped name, or a path (relative to the file)."""
    if ref is None:
        return None
    known = shipped_with("experiments", "scenario")
    found = resolve(ref, "experiments", "scenario", known=known,
                    base=path.parent if path is not None else None,
                    where=f"{where}: scenario.baseline")
    return ref if ref in known else str(found)


def calibration_from_dict(model: Model, raw: object, where: str,
                          path: Path | None = None) -> Calibration:
    """A :class:`Calibration` from a parsed calibration file (validated by its schema)."""
    data = validate(calibration_schema(model), raw, where)
    head = data.calibration
    start = pd.Period(head.history_start, freq="Q")
    end = pd.Period(head.history_end, freq="Q")
    if end < start:
        raise InputError(f"{where}: calibration.history_end = '{end}' is before history_start "
                         f"{start}; allowed: a quarter at or after it")
    values = {**dump(data.parameters), **dump(data.initial)}
    epoch = start - SPINUP_QUARTERS
    history = {k: from_spec(getattr(data.history, k), epoch) for k in model.layout.inputs
               if k in data.history.model_fields_set and getattr(data.history, k) is not None}
    refuse_points_after(history, end, f"{where}: history", "calibration.history_end",
                        "scenarios")
    check_base_prices(model, values, history, epoch, where)
    return Calibration(
        name=head.name or (path.stem if path else "custom"), description=head.description,
        values=pd.Series(values, dtype=float), history=history, history_start=start,
        history_end=end, path=path, sha256=sha256(path) if path else "")


def refuse_points_after(paths: Mapping[str, TimePath], end: pd.Period, where: str,
                        end_key: str, later: str) -> None:
    """Refuse a history path's point after the history's last quarter ``end``.

    Such a point would run on into every scenario that does not set the input, where
    inputs keep their end-of-history values.

    Raises
    ------
    InputError
        Naming ``where`` (file and table), the input, the point and ``end_key``; inputs
        after the history belong to ``later``.
    """
    for name, path in paths.items():
        late = [q for q, _ in path.points or [] if pd.Period(q, freq="Q") > end]
        if late:
            raise InputError(f"{where}.{name}: point {late[0]} is after {end_key} {end}; "
                             f"allowed: points up to {end} (inputs after it belong to "
                             f"{later})")


def check_base_prices(model: Model, values: Mapping[str, float],
                       history: Mapping[str, TimePath], epoch: pd.Period, where: str,
                       section: str = "history") -> None:
    """Each base-period price equals its input at the run's start (``InputError`` if not).

    A parameter declared ``base_of`` an input values real quantities at that input's
    base-period level (e.g. soldiers' services at base-year pay), so the two must agree
    where the price indices are 1: the start of the spin-up year.  ``section`` is the
    file's table of input paths named in the message (``history``; ``war`` in episodes).
    """
    for q in model.quantities.values():
        if q.kind != "parameter" or q.base_of is None:
            continue
        base = float(values.get(q.name, q.default_value))
        path = history.get(q.base_of)
        start = (float(path.evaluate(np.zeros(1), epoch)[0]) if path is not None
                 else model.quantities[q.base_of].default_value)
        if not np.isclose(base, start, rtol=1e-9, atol=1e-12):
            raise InputError(
                f"{where}: parameters.{q.name} = {base:g} but {section}.{q.base_of} starts at "
                f"{start:g} ({epoch}); allowed: the same value, the base-period price at "
                f"which real output is counted (set parameters.{q.name} = {start:g})")


def scenario_from_dict(model: Model, raw: object, where: str,
                       path: Path | None = None) -> Scenario:
    """A :class:`Scenario` from a parsed scenario file (validated by its schema)."""
    data = validate(scenario_schema(model), raw, where)
    head = data.scenario
    inputs = {k: from_spec(getattr(data.inputs, k)) for k in model.layout.inputs
              if k in data.inputs.model_fields_set and getattr(data.inputs, k) is not None}
    name = head.name or (path.stem if path else "custom")
    return Scenario(name=name, description=head.description, inputs=inputs,
                    baseline=_baseline(head.baseline, path, where),
                    path=path, sha256=sha256(path) if path else "")


def check_model(model: object) -> None:
    """Raise :class:`InputError` unless ``model`` is a :class:`Model` (a name or path where
    the object belongs is otherwise an ``AttributeError`` from deep inside a run)."""
    if not isinstance(model, Model):
        raise InputError(f"model: {model!r:.60} is not a Model; load it with "
                         "peacetrap.load_model()")


def check_calibration(calibration: object) -> None:
    """Raise :class:`InputError` unless ``calibration`` is a :class:`Calibration`."""
    if not isinstance(calibration, Calibration):
        raise InputError(f"calibration: {calibration!r:.60} is not a Calibration; load a name "
                         "or a file with peacetrap.load_calibration(model, name_or_path)")


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
    check_model(model)
    path = resolve(str(name_or_path), "calibration", "calibration")
    return calibration_from_dict(model, _not_empty(read_toml(path), path, "calibration",
                                                   "[calibration], [parameters], [initial], "
                                                   "[history]"), str(path), path)


def load_scenario(model: Model, name_or_path: str | Path) -> Scenario:
    """Load a shipped scenario by name, or a scenario file by path.

    Raises
    ------
    InputError
        Unknown name (the known ones are listed), malformed TOML, unknown key
        or value out of range.
    """
    check_model(model)
    path = resolve(str(name_or_path), "experiments", "scenario",
                   known=shipped_with("experiments", "scenario"))
    return scenario_from_dict(model, _not_empty(read_toml(path), path, "scenario",
                                                "[scenario], [inputs.<input>]"), str(path), path)


def _not_empty(raw: dict, path: Path, kind: str, tables: str) -> dict:
    """``raw``, unless the file has no key at all (an empty file is a mistake, not a no-op).

    Raises
    ------
    InputError
        Naming the file and the tables a ``kind`` file has.
    """
    if not raw:
        raise InputError(f"{path}: the file is empty (no keys); a {kind} file has {tables} "
                         "tables")
    return raw


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
    return list(shipped_with("experiments", "scenario"))


def input_grid(model: Model, calibration: Calibration, scenarios: Sequence[Scenario | None],
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
    for sc in scenarios:
        if sc is None:
            continue
        if not isinstance(sc.inputs, Mapping):
            raise InputError(f"scenario '{sc.name}': inputs must map input names to time "
                             f"paths, got {type(sc.inputs).__name__}; build scenarios with "
                             "Scenario.from_dict to have them checked")
        for name, given in sc.inputs.items():
            if name not in model.layout.inputs:
                raise InputError(f"scenario '{sc.name}': unknown input '{name}'"
                                 f"{suggest(name, model.layout.inputs)}; build scenarios with "
                                 "Scenario.from_dict to have them checked")
            if not isinstance(given, TimePath):
                raise InputError(f"scenario '{sc.name}' [inputs.{name}]: a "
                                 f"{type(given).__name__} is not a time path; build scenarios "
                                 "from numbers, points or Series with Scenario.from_dict to "
                                 "have them checked")
    out = np.empty((len(scenarios), len(model.layout.inputs), len(times)))
    after = times >= t_s - 1e-12                         # the scenario's part of the grid
    for j, name in enumerate(model.layout.inputs):
        q = model.quantities[name]
        hist = calibration.history.get(name)
        factor = model.factor(name)
        base = hist.evaluate(times, epoch) * factor if hist else q.default_value * factor
        for k, sc in enumerate(scenarios):
            out[k, j] = base
            path = sc.inputs.get(name) if sc is not None else None
            if sc is None or path is None:
                continue
            if not path.points:                          # a number: held from the start
                if path.constant is None:
                    raise InputError(f"scenario '{sc.name}' [inputs.{name}]: a path needs "
                                     "points or a value")
                out[k, j, after] = path.constant * factor
                continue
            ts, vs = path.arrays(epoch)
            if ts[0] < t_s - 1e-9:
                raise InputError(
                    f"{sc.path or sc.name} [inputs.{name}]: point {path.points[0][0]} is before "
                    f"the scenario start {calibration.history_end + 1} (the quarter after the "
                    "calibration's history)")
            if ts[0] > t_s + 1e-9:                        # start from where the history is
                at_start = hist.evaluate(np.array([t_s]), epoch)[0] if hist \
                    else q.default_value
                ts, vs = np.concatenate([[t_s], ts]), np.concatenate([[at_start], vs])
            out[k, j, after] = interpolate(ts, vs, times[after], path.interpolation) * factor
    return out
