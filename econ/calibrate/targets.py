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
from peacetrap.io.paths import parse_path, parse_quarter
from peacetrap.io.resources import resolve, shipped
from peacetrap.run.setups import Calibration, load_calibration
from peacetrap.io.tomlfiles import check_keys, number, read_toml, sha256, text

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

    @property
    def label(self) -> str:
        return f"{self.variable}@{self.period}" + (f"[{self.stat}]" if self.stat != "quarter" else "")


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


def targets_names() -> list[str]:
    """Names of the shipped targets files (``calibration/targets/*.toml``)."""
    return list(shipped("calibration", "targets"))


def _period(raw: object, where: str, start: pd.Period, end: pd.Period,
            stat: str | None) -> tuple[str, str]:
    """Validate a target period; return its text and statistic."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise InputError(f"{where}.period: {raw!r} must be a year like \"2025\" or a quarter "
                         "like \"2025Q4\"")
    txt = str(raw).strip().upper()
    window = f"{start} to {end}"
    if txt.isdigit() and len(txt) == 4:
        year = int(txt)
        stat = stat or "mean"
        if stat not in STATS:
            raise InputError(f"{where}.stat: {stat!r} is not allowed; use one of "
                             f"{', '.join(STATS)}")
        first, last = pd.Period(f"{year}Q1", "Q"), pd.Period(f"{year}Q4", "Q")
        if first < start or last > end:
            raise InputError(f"{where}.period: year {year} is not inside the history "
                             f"window {window} (every quarter of it must be)")
        return txt, stat
    q = parse_quarter(txt, f"{where}.period")
    if stat is not None:
        raise InputError(f"{where}.stat: {stat!r} applies to years only; a quarter "
                         f"({txt}) is its own value")
    if q < start or q > end:
        raise InputError(f"{where}.period: {txt} is outside the history window {window}")
    return txt, "quarter"


def _scale(entry: dict, value: float, where: str) -> tuple[float, str]:
    given = [k for k in ("tolerance", "rel_tolerance", "weight") if k in entry]
    if len(given) > 1:
        raise InputError(f"{where}: give one of tolerance, rel_tolerance, weight (got "
                         f"{', '.join(given)})")
    if not given:
        return (abs(value) if value != 0 else 1.0), "weight 1 on the relative error"
    key = given[0]
    x = number(entry[key], f"{where}.{key}", (0.0, None), "")
    if x <= 0:
        raise InputError(f"{where}.{key}: {x} must be positive")
    if key == "tolerance":
        return x, f"tolerance {x:g}"
    if key == "rel_tolerance":
        if value == 0:
            raise InputError(f"{where}.rel_tolerance: the value is 0; give an absolute "
                             "tolerance instead")
        return x * abs(value), f"relative tolerance {x:g}"
    return (abs(value) if value != 0 else 1.0) / np.sqrt(x), f"weight {x:g}"


def _free(model: Model, cal: Calibration, key: str, entry: object, where: str) -> Free:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected a table with low, high (and optionally start, from)")
    check_keys(entry, ["low", "high", "start", "from"], where)
    for k in ("low", "high"):
        if k not in entry:
            raise InputError(f"{where}: missing '{k}'")
    lay = model.layout
    if key.startswith("history."):
        name = key.split(".", 1)[1]
        if name not in lay.inputs:
            raise InputError(f"{where}: unknown input '{name}'{suggest(name, lay.inputs)}; "
                             f"inputs are: {', '.join(lay.inputs)}")
        if name not in cal.history:
            raise InputError(f"{where}: the base calibration has no history path for "
                             f"'{name}' to scale; paths: {', '.join(cal.history) or 'none'}")
        low = number(entry["low"], f"{where}.low", (0.0, None), "")
        high = number(entry["high"], f"{where}.high", (0.0, None), "")
        start = number(entry.get("start", 1.0), f"{where}.start", (0.0, None), "")
        sq = parse_quarter(entry["from"], f"{where}.from") if "from" in entry else None
        path = cal.history[name]
        pts = [v for q, v in path.points if sq is None or q >= sq]
        if not pts:
            raise InputError(f"{where}.from: no point of history.{name} is at or after {sq}")
        lo_b, hi_b = model.spec.quantities[name].bounds
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
        if "from" in entry:
            raise InputError(f"{where}.from: only \"history.<input>\" scale factors take 'from'")
        q = model.spec.quantities[key]
        low = number(entry["low"], f"{where}.low", q.bounds, q.shown_unit)
        high = number(entry["high"], f"{where}.high", q.bounds, q.shown_unit)
        base = float(cal.values.get(key, q.default))
        start = number(entry.get("start", base), f"{where}.start", q.bounds, q.shown_unit)
        sq, mname = None, key
    if not low < high:
        raise InputError(f"{where}: infeasible bounds low = {low:g} >= high = {high:g}; "
                         "low must be below high")
    if not low <= start <= high:
        raise InputError(f"{where}.start: {start:g} is outside [{low:g}, {high:g}]")
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


def read_targets_raw(name_or_path: str | Path) -> tuple[dict, Path]:
    """The parsed TOML of a targets file (to modify before :func:`targets_from_dict`)."""
    path = resolve(str(name_or_path), "calibration", "targets file", subdir="targets")
    return read_toml(path), path


def targets_from_dict(model: Model, raw: dict, path: Path, label: str | None = None,
                      base_calibration: Calibration | None = None) -> TargetSet:
    """Build a :class:`TargetSet` from a parsed targets file.

    ``path`` is used to resolve a relative ``base`` and in messages (``label``
    overrides the name shown, e.g. for a modified set in an experiment).
    A ``base_calibration`` object replaces ``[setup] base`` (used by episodes,
    whose base is built in memory).
    """
    where = label or str(path)
    check_keys(raw, TOP_KEYS, where)
    head = raw.get("setup", {})
    if not isinstance(head, dict):
        raise InputError(f"{where}: [setup] must be a table")
    check_keys(head, ["name", "description", "base", "history_start", "history_end"],
               f"{where} [setup]")
    base_name = head.get("base", "default")
    if not isinstance(base_name, str):
        raise InputError(f"{where} [setup].base: expected a calibration name or path")
    base_ref = base_name
    if not (Path(base_name).is_absolute()) and ("/" in base_name or base_name.endswith(".toml")):
        candidate = path.parent / base_name
        base_ref = str(candidate) if candidate.exists() else base_name
    cal = base_calibration if base_calibration is not None else load_calibration(model, base_ref)
    start = parse_quarter(head["history_start"], f"{where} [setup].history_start") \
        if "history_start" in head else cal.history_start
    end = parse_quarter(head["history_end"], f"{where} [setup].history_end") \
        if "history_end" in head else cal.history_end
    if end < start:
        raise InputError(f"{where}: history_end {end} is before history_start {start}")
    values = cal.values.copy()
    lay = model.layout
    for table, allowed, kind in (("fixed", lay.parameters, "parameter"),
                                 ("initial", lay.stocks, "stock")):
        entries = raw.get(table, {})
        if not isinstance(entries, dict):
            raise InputError(f"{where}: [{table}] must be a table")
        for key, val in entries.items():
            if key not in allowed:
                raise InputError(f"{where} [{table}]: unknown {kind} '{key}'"
                                 f"{suggest(key, allowed)}")
            q = model.spec.quantities[key]
            values[key] = number(val, f"{where} [{table}].{key}", q.bounds, q.shown_unit)
    history = dict(cal.history)
    hist_raw = raw.get("history", {})
    if not isinstance(hist_raw, dict):
        raise InputError(f"{where}: [history] must be a table of input paths")
    for key, entry in hist_raw.items():
        if key not in lay.inputs:
            raise InputError(f"{where} [history]: unknown input '{key}'{suggest(key, lay.inputs)}")
        q = model.spec.quantities[key]
        history[key] = parse_path(entry, f"{where} [history.{key}]", q.bounds, q.shown_unit)
    name = text(head.get("name", path.stem), f"{where} [setup].name")
    description = text(head.get("description", ""), f"{where} [setup].description")
    base_path = cal.path
    cal = replace(cal, name=name, description=description, values=pd.Series(values, dtype=float),
                  history=history, history_start=start, history_end=end, path=path,
                  sha256=sha256(path))
    free_raw = raw.get("free", {})
    if not isinstance(free_raw, dict):
        raise InputError(f"{where}: [free] must be a table of tables")
    free = [_free(model, cal, k, v, f"{where} [free.{k}]") for k, v in free_raw.items()]
    for f in free:
        for table in ("fixed", "initial"):
            if f.name in raw.get(table, {}):
                raise InputError(f"{where}: '{f.name}' is both free and in [{table}]; "
                                 "a value is either searched or held")
    known = known_variables(model)
    items = raw.get("targets", [])
    if not isinstance(items, list) or not items:
        raise InputError(f"{where}: expected at least one [[targets]] entry")
    targets: list[Target] = []
    seen: dict[tuple[str, str, str], int] = {}
    for j, entry in enumerate(items):
        w = f"{where} [[targets]][{j}]"
        if not isinstance(entry, dict):
            raise InputError(f"{w}: expected a table")
        check_keys(entry, ["variable", "period", "stat", "value", "tolerance", "rel_tolerance",
                           "weight", "source", "require", "note"], w)
        for k in ("variable", "period", "value", "source"):
            if k not in entry:
                raise InputError(f"{w}: missing '{k}'")
        var = entry["variable"]
        if var not in known:
            raise InputError(f"{w}.variable: unknown variable '{var}'{suggest(var, known)}; "
                             "allowed: timeline contract columns "
                             "(see peacetrap.run.timeline.CONTRACT) or model quantities "
                             "(see 'peacetrap variables')")
        stat = entry.get("stat")
        if stat is not None and not isinstance(stat, str):
            raise InputError(f"{w}.stat: expected one of {', '.join(STATS)}")
        period, stat = _period(entry["period"], w, start, end, stat)
        value = number(entry["value"], f"{w}.value", (None, None), "")
        scale, weighting = _scale(entry, value, w)
        req = entry.get("require")
        if req is not None and req not in KINDS:
            raise InputError(f"{w}.require: {req!r} is not allowed; use one of {', '.join(KINDS)}")
        key = (var, period, stat)
        if key in seen:
            raise InputError(f"{w}: duplicate target {var} in {period} ({stat}); already "
                             f"given as [[targets]][{seen[key]}]")
        seen[key] = j
        targets.append(Target(var, period, stat, value, scale, weighting,
                              text(entry["source"], f"{w}.source"), req, w))
    pen_raw = raw.get("penalties", [])
    if not isinstance(pen_raw, list):
        raise InputError(f"{where}: penalties must be an array of tables [[penalties]]")
    penalties = []
    for j, entry in enumerate(pen_raw):
        w = f"{where} [[penalties]][{j}]"
        if not isinstance(entry, dict):
            raise InputError(f"{w}: expected a table")
        check_keys(entry, ["parameter", "value", "sd", "source"], w)
        par = entry.get("parameter")
        if par not in [f.name for f in free]:
            raise InputError(f"{w}.parameter: {par!r} is not a free value; free: "
                             f"{', '.join(f.name for f in free)}")
        sd = number(entry.get("sd"), f"{w}.sd", (0.0, None), "")
        if sd <= 0:
            raise InputError(f"{w}.sd: must be positive")
        penalties.append(Penalty(par, number(entry.get("value"), f"{w}.value", (None, None), ""),
                                 sd, text(entry.get("source", ""), f"{w}.source")))
    opts = raw.get("options", {})
    if not isinstance(opts, dict):
        raise InputError(f"{where}: [options] must be a table")
    check_keys(opts, ["starts", "seed", "max_evaluations"], f"{where} [options]")
    starts = int(number(opts.get("starts", 4), f"{where} [options].starts", (1, 50), ""))
    seed = int(number(opts.get("seed", 0), f"{where} [options].seed", (0, None), ""))
    maxev = int(number(opts.get("max_evaluations", 200), f"{where} [options].max_evaluations",
                       (5, 100000), ""))
    return TargetSet(name=name, description=description, base=cal, base_path=base_path, targets=targets, free=free, penalties=penalties, starts=starts,
                     seed=seed, max_evaluations=maxev, path=path, sha256=sha256(path))
