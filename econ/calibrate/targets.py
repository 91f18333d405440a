"""Targets files: what a calibration must hit, what it may move, what it holds.

A targets file is TOML (read as data only, never evaluated)::

    [setup]
    name = "appendix"
    description = "What the targets are and where they come from."
    base = "default"              # calibration (name or path) to start from: its
                                  # parameters, initial stocks and history paths
    history_start = "2021Q1"      # optional: override the base's history window
    history_end = "2025Q4"

    [fixed]                       # parameters held at these values (display units)
    sanctions_scale = 1000.0

    [initial]                     # initial stocks (start of the spin-up year)
    sanctions = 2000.0

    [history.sanctions_new]       # optional: replace a base history path
    points = [["2022Q1", 9000], ["2023Q1", 3000]]
    interpolation = "step"

    [free.fx_sanctions_premium]   # a parameter the search moves
    low = 0.0
    high = 1.5
    start = 0.2                   # optional; default: the base value

    [free.exchange_rate]          # a stock name frees its initial value
    low = 60.0
    high = 90.0

    [free."history.casualty_rate"]  # scale factor of a history input path
    low = 0.2
    high = 5.0
    from = "2022Q2"               # optional: only points at or after this quarter

    [[targets]]
    variable = "defence_share_gdp_pct"   # a timeline contract column or a model quantity
    period = "2025"                      # a year, or a quarter like "2025Q4"
    stat = "mean"                        # for years only; see below
    value = 9.2
    rel_tolerance = 0.002                # or tolerance (absolute) or weight
    source = "essay, statistical appendix"
    require = "endogenous"               # optional: fail unless the fit says so
    side = "both"                        # optional: "at_most" / "at_least" (see below)
    fit = true                           # optional: false makes it a check (see below)

    [[penalties]]                 # optional priors: (theta - value) / sd joins the residuals
    parameter = "wage_phillips"
    value = 0.05
    sd = 0.02
    source = "estimated: wage Phillips curve, see data/estimates/"

    [options]
    starts = 4                    # multi-start: the file's start plus quasi-random ones
    seed = 0
    max_evaluations = 200         # per start

Periods and statistics
----------------------
The model reports each quarter's value at its end.  ``period = "2025Q4"``
targets that value.  A year (``"2025"`` or ``2025``) is read with ``stat``:

``mean`` (the default)
    average of the year's four quarterly values; for a year-on-year column
    such as ``gdp_growth_yoy_pct`` this approximates the annual growth rate;
``end``
    the value at the end of the year (Q4), e.g. Dec/Dec CPI inflation with
    ``cpi_inflation_yoy_pct`` or a stock on 31 December;
``growth_mean``
    ``100 (mean_y / mean_{y-1} - 1)`` of a level (annual-average growth);
``growth_end``
    ``100 (end_y / end_{y-1} - 1)`` of a level (December-on-December growth).

Periods must lie in the history window (``history_start`` to
``history_end``); growth statistics may use the spin-up year before it.

Weights
-------
Each target contributes the residual ``(model - value) / scale`` with
``scale = tolerance`` (absolute, the variable's unit), ``rel_tolerance *
|value|``, or ``|value| / sqrt(weight)`` (``1 / sqrt(weight)`` when the value
is 0).  Without any of them the weight is 1: the residual is the relative
error.  Tolerances act as standard deviations: a target one tolerance away
adds 1 to the sum of squares.

One-sided targets
-----------------
``side = "at_most"`` makes the target a ceiling: the residual is
``max(model - value, 0) / scale`` (``side = "at_least"``: a floor,
``min(model - value, 0) / scale``), so the target costs nothing on its
allowed side and grows as a two-sided one beyond it.  "Within tolerance"
then means at most ``value + scale`` (at least ``value - scale``): a
ceiling ``c`` is written ``value = c - tolerance``.  The squared residual is
continuously differentiable, so the least-squares search handles it.

Checks
------
``fit = false`` keeps a figure of the record out of the objective: the fit
never sees it, and it is evaluated on the fitted calibration as a check (an
out-of-sample test of the model: ``checks.csv`` of ``peacetrap calibrate``,
the record rows of ``peacetrap validate``).  Checks are
:attr:`TargetSet.checks`; :attr:`TargetSet.figures` holds targets and checks.

Errors
------
An unknown variable, period, statistic, parameter or key, a duplicate target
(same variable, period and statistic), bounds outside the model's allowed
range, an empty range or a start outside it raise
:class:`~peacetrap.errors.InputError` naming the file, the key and what is
allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from peacetrap.errors import InputError, suggest
from peacetrap.core.model import Model
from peacetrap.io.paths import from_spec
from peacetrap.io.resources import resolve, shipped
from peacetrap.io.schemas import FreeSpec, TargetSpec, targets_schema
from peacetrap.io.tomlfiles import read_toml, sha256
from peacetrap.io.validation import dump, validate
from peacetrap.run.setups import Calibration, load_calibration

from peacetrap.calibrate.columns import known_variables

STATS = ("mean", "end", "growth_mean", "growth_end")
KINDS = ("endogenous", "input", "initial")
TOP_KEYS = ("setup", "fixed", "initial", "history", "free", "targets", "penalties", "options")


@dataclass(frozen=True)
class Target:
    """One figure the calibration should reproduce.

    ``scale`` divides the error ``model - value`` into a residual.
    """

    variable: str
    period: str
    stat: str
    value: float
    scale: float
    weighting: str
    source: str
    require: str | None = None
    where: str = ""
    #: ``both`` (two-sided), ``at_most`` (a ceiling) or ``at_least`` (a floor).
    side: str = "both"

    @property
    def label(self) -> str:
        tail = {"both": "", "at_most": "<=", "at_least": ">="}[self.side]
        return (f"{self.variable}@{self.period}"
                + (f"[{self.stat}]" if self.stat != "quarter" else "") + tail)


@dataclass(frozen=True)
class Free:
    """A value the search moves.

    ``kind`` is ``parameter``, ``initial`` (a stock's initial value) or
    ``input_scale`` (a factor multiplying the points of a history input path
    at or after ``start_quarter``; ``model_name`` is the input).
    """

    name: str
    kind: str
    model_name: str
    low: float
    high: float
    start: float
    start_quarter: pd.Period | None = None


@dataclass(frozen=True)
class Penalty:
    """A prior on a free value: residual ``(theta - value) / sd``."""

    parameter: str
    value: float
    sd: float
    source: str


@dataclass
class TargetSet:
    """A parsed targets file."""

    name: str
    description: str
    base: Calibration
    targets: list[Target]
    free: list[Free]
    penalties: list[Penalty] = field(default_factory=list)
    #: Figures of the file kept out of the fit (``fit = false``), evaluated as checks.
    checks: list[Target] = field(default_factory=list)
    starts: int = 4
    seed: int = 0
    max_evaluations: int = 200
    path: Path | None = None
    sha256: str = ""
    base_path: Path | None = None
    #: Optional ``prepare(frame, histories) -> frame``: completes each candidate's
    #: value set before it is simulated (episodes re-balance their initial state
    #: for every candidate, see :mod:`peacetrap.calibrate.episodes`).  ``frame``
    #: holds the candidates' free (and extra) values in display units, one row
    #: per candidate; ``histories`` their history paths (``None``: the base's).
    prepare: Callable[[pd.DataFrame, list], pd.DataFrame] | None = None

    @property
    def free_names(self) -> list[str]:
        return [f.name for f in self.free]

    @property
    def figures(self) -> list[Target]:
        """Every figure of the file: the fitted targets, then the checks."""
        return self.targets + self.checks


def targets_names() -> list[str]:
    """Names of the shipped targets files (``calibration/targets/*.toml``)."""
    return list(shipped("calibration", "targets"))


def _period(txt: str, where: str, start: pd.Period, end: pd.Period,
            stat: str | None) -> tuple[str, str]:
    """Check a (validated) target period against the history window; its text and statistic."""
    window = f"{start} to {end}"
    if txt.isdigit():
        year = int(txt)
        stat = stat or "mean"
        first, last = pd.Period(f"{year}Q1", "Q"), pd.Period(f"{year}Q4", "Q")
        if first < start or last > end:
            raise InputError(f"{where}.period = {txt!r}: year {year} is not inside the history "
                             f"window {window} (every quarter of it must be)")
        return txt, stat
    q = pd.Period(txt, "Q")
    if stat is not None:
        raise InputError(f"{where}.stat = {stat!r}: applies to years only; a quarter "
                         f"({txt}) is its own value")
    if q < start or q > end:
        raise InputError(f"{where}.period = {txt!r}: outside the history window {window}")
    return txt, "quarter"


def _scale(entry: TargetSpec, value: float, where: str) -> tuple[float, str]:
    if entry.tolerance is not None:
        return entry.tolerance, f"tolerance {entry.tolerance:g}"
    if entry.rel_tolerance is not None:
        if value == 0:
            raise InputError(f"{where}.rel_tolerance: the value is 0; give an absolute "
                             "tolerance instead")
        return entry.rel_tolerance * abs(value), f"relative tolerance {entry.rel_tolerance:g}"
    if entry.weight is not None:
        return (abs(value) if value != 0 else 1.0) / np.sqrt(entry.weight), \
            f"weight {entry.weight:g}"
    return (abs(value) if value != 0 else 1.0), "weight 1 on the relative error"


def _in(value: float, bounds: tuple[float | None, float | None], where: str, unit: str) -> float:
    lo, hi = bounds
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise InputError(f"{where} = {value:g}: out of range (the model's); allowed "
                         f"{'-inf' if lo is None else f'{lo:g}'} to "
                         f"{'inf' if hi is None else f'{hi:g}'} {unit}".rstrip())
    return value


def _free(model: Model, cal: Calibration, key: str, entry: FreeSpec, where: str) -> Free:
    lay = model.layout
    sq = None
    if key.startswith("history."):
        name = key.split(".", 1)[1]
        if name not in lay.inputs:
            raise InputError(f"{where}: unknown input '{name}'{suggest(name, lay.inputs)}; "
                             f"inputs are: {', '.join(lay.inputs)}")
        if name not in cal.history:
            raise InputError(f"{where}: the base calibration has no history path for "
                             f"'{name}' to scale; paths: {', '.join(cal.history) or 'none'}")
        low = _in(entry.low, (0.0, None), f"{where}.low", "")
        high = _in(entry.high, (0.0, None), f"{where}.high", "")
        start = _in(1.0 if entry.start is None else entry.start, (0.0, None), f"{where}.start", "")
        sq = pd.Period(entry.start_quarter, "Q") if entry.start_quarter else None
        path = cal.history[name]
        pts = [v for q, v in path.points if sq is None or q >= sq]
        if not pts:
            raise InputError(f"{where}.from: no point of history.{name} is at or after {sq}")
        lo_b, hi_b = model.quantities[name].bounds
        peak = max(abs(v) for v in pts)
        if hi_b is not None and peak * high > hi_b:
            raise InputError(f"{where}.high: scaling history.{name} by {high:g} takes its "
                             f"largest point {peak:g} to {peak * high:g}, above the input's "
                             f"allowed maximum {hi_b:g}; allowed high <= {hi_b / peak:.4g}")
        kind, mname = "input_scale", name
    else:
        if key in lay.parameters:
            kind = "parameter"
        elif key in lay.stocks:
            kind = "initial"
        else:
            allowed = lay.parameters + lay.stocks
            raise InputError(f"{where}: unknown parameter or stock '{key}'"
                             f"{suggest(key, allowed)}; free values are parameters, stocks "
                             "(their initial value) or \"history.<input>\" scale factors")
        if entry.start_quarter is not None:
            raise InputError(f"{where}.from: only \"history.<input>\" scale factors take 'from'")
        q = model.quantities[key]
        low = _in(entry.low, q.bounds, f"{where}.low", q.shown_unit)
        high = _in(entry.high, q.bounds, f"{where}.high", q.shown_unit)
        base = float(cal.values.get(key, q.default))
        start = _in(base if entry.start is None else entry.start, q.bounds, f"{where}.start",
                    q.shown_unit)
        mname = key
    if not low < high:
        raise InputError(f"{where}: infeasible bounds low = {low:g} >= high = {high:g}; "
                         "low must be below high")
    if not low <= start <= high:
        raise InputError(f"{where}.start = {start:g}: outside [{low:g}, {high:g}]")
    return Free(key, kind, mname, low, high, start, sq)


def load_targets(model: Model, name_or_path: str | Path) -> TargetSet:
    """Load a shipped targets file by name, or a targets file by path.

    Parameters
    ----------
    model : Model
    name_or_path : str or pathlib.Path
        ``appendix``, ``observed`` (shipped in ``calibration/targets/``) or a path.

    Returns
    -------
    TargetSet
        The base calibration with the file's fixed values, initial stocks and
        history paths applied, the targets, free values and penalties.

    Raises
    ------
    InputError
        On any invalid entry (see the module docstring).
    """
    path = resolve(str(name_or_path), "calibration", "targets file", subdir="targets")
    return targets_from_dict(model, read_toml(path), path)


def read_targets_raw(name_or_path: str | Path, base: Path | None = None) -> tuple[dict, Path]:
    """The parsed TOML of a targets file (to modify before :func:`targets_from_dict`)."""
    path = resolve(str(name_or_path), "calibration", "targets file", subdir="targets", base=base)
    return read_toml(path), path


def targets_from_dict(model: Model, raw: dict, path: Path, label: str | None = None,
                      base_calibration: Calibration | None = None) -> TargetSet:
    """Build a :class:`TargetSet` from a parsed targets file.

    The file is first checked against its schema
    (:func:`peacetrap.io.schemas.targets_schema`); ``path`` is used to resolve a
    relative ``base`` and in messages (``label`` overrides the name shown, e.g.
    for a modified set in an experiment).  A ``base_calibration`` object
    replaces ``[setup] base`` (used by episodes, whose base is built in memory).
    """
    where = label or str(path)
    data = validate(targets_schema(model), raw, where)
    head = data.setup
    if base_calibration is not None:
        cal = base_calibration
    else:
        cal = load_calibration(model, resolve(head.base, "calibration", "calibration",
                                              base=Path(path).parent,
                                              where=f"{where}: setup.base"))
    start = pd.Period(head.history_start, "Q") if head.history_start else cal.history_start
    end = pd.Period(head.history_end, "Q") if head.history_end else cal.history_end
    if end < start:
        raise InputError(f"{where}: setup.history_end = '{end}' is before history_start "
                         f"{start}")
    values = cal.values.copy()
    for k, v in {**dump(data.fixed), **dump(data.initial)}.items():
        values[k] = v
    history = dict(cal.history)
    epoch = start - 4
    for key in data.history.model_fields_set:
        history[key] = from_spec(getattr(data.history, key), epoch)
    name = head.name or path.stem
    description = head.description
    base_path = cal.path
    cal = replace(cal, name=name, description=description, values=pd.Series(values, dtype=float),
                  history=history, history_start=start, history_end=end, path=path,
                  sha256=sha256(path))
    free = [_free(model, cal, k, v, f"{where}: free.{k}") for k, v in data.free.items()]
    if not free:
        raise InputError(f"{where}: no free values; add a [free.<name>] table (a parameter, a "
                         "stock's initial value or \"history.<input>\") for the fit to move")
    held = {"fixed": data.fixed.model_fields_set, "initial": data.initial.model_fields_set}
    for f in free:
        for table, names in held.items():
            if f.name in names:
                raise InputError(f"{where}: '{f.name}' is both free and in [{table}]; "
                                 "a value is either searched or held")
    known = known_variables(model)
    targets: list[Target] = []
    checks: list[Target] = []
    seen: dict[tuple[str, str, str], int] = {}
    for j, entry in enumerate(data.targets):
        w = f"{where}: targets[{j}]"
        var = entry.variable
        if var not in known:
            raise InputError(f"{w}.variable: unknown variable '{var}'{suggest(var, known)}; "
                             "allowed: timeline contract columns "
                             "(see peacetrap.run.timeline.CONTRACT) or model quantities "
                             "(see 'peacetrap variables')")
        period, stat = _period(entry.period, w, start, end, entry.stat)
        scale, weighting = _scale(entry, entry.value, w)
        key = (var, period, stat)
        if key in seen:
            raise InputError(f"{w}: duplicate target {var} in {period} ({stat}); already "
                             f"given as targets[{seen[key]}]")
        seen[key] = j
        if entry.side != "both":
            weighting += f", {entry.side.replace('_', ' ')}"
        (targets if entry.fit else checks).append(
            Target(var, period, stat, entry.value, scale, weighting, entry.source,
                   entry.require, w, entry.side))
    if not targets:
        raise InputError(f"{where}: every target has fit = false; the fit needs at least "
                         "one target to fit")
    free_names = [f.name for f in free]
    penalties = []
    for j, entry in enumerate(data.penalties):
        if entry.parameter not in free_names:
            raise InputError(f"{where}: penalties[{j}].parameter = {entry.parameter!r}: not a "
                             f"free value; free: {', '.join(free_names) or 'none'}")
        penalties.append(Penalty(entry.parameter, entry.value, entry.sd, entry.source))
    opts = data.options
    return TargetSet(name=name, description=description, base=cal, base_path=base_path,
                     targets=targets, free=free, penalties=penalties, checks=checks,
                     starts=opts.starts, seed=opts.seed, max_evaluations=opts.max_evaluations,
                     path=path, sha256=sha256(path))
