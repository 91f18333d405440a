"""The validation file (``data/validation.toml``): ranges, sources, experiment settings.

Read as data only.  Every check the package measures must have exactly one
``[[check]]`` entry (``id``), with a group, a name, a unit, a non-empty source
and either a range (``low``/``high``) or the rule its range comes from
(``factor``, ``pp``, ``rel_tolerance``).  See ``docs/validation.md``.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from peacetrap.errors import InputError, suggest
from peacetrap.io.paths import parse_quarter
from peacetrap.io.resources import folder
from peacetrap.io.tomlfiles import check_keys, number, read_toml, text

if TYPE_CHECKING:
    from peacetrap.core.model import Model

#: Groups, in the order the scoreboard shows them.
GROUPS = ("long run", "elasticities", "backtests", "history", "scenarios", "accounting")

#: Short names accepted by ``--only``.
GROUP_KEYS = {"long-run": "long run", "elasticities": "elasticities", "backtests": "backtests",
              "history": "history", "scenarios": "scenarios", "accounting": "accounting"}

#: Every measurement the package computes, by group (each needs a [[check]] entry).
CHECK_IDS = {
    "long run": ["long_run.inflation", "long_run.unemployment", "long_run.money_drift",
                 "long_run.debt_drift", "long_run.real_fx_drift", "long_run.neutrality",
                 "long_run.new_target", "long_run.rate_settles", "long_run.overhang",
                 "long_run.steady_state", "long_run.stable"],
    "elasticities": ["elasticity.multiplier_4q", "elasticity.multiplier_8q",
                     "elasticity.passthrough_1q", "elasticity.passthrough_4q",
                     "elasticity.okun", "elasticity.sacrifice_ratio"],
    "backtests": ["backtest.gdp", "backtest.unemployment_peak", "backtest.inflation_peak",
                  "backtest.inflation_signs", "backtest.war_fit"],
    "history": ["history.record", "history.record_variable", "history.appendix",
                "history.band", "history.appendix_band", "history.ceiling", "history.level"],
    "scenarios": ["scenarios.gdp_above", "scenarios.inflation_floor", "scenarios.depreciation"],
    "accounting": ["accounting.symbolic", "accounting.people", "accounting.money",
                   "accounting.step_halving"],
}

CHECK_KEYS = ["id", "group", "name", "unit", "low", "high", "relative_to", "source", "factor",
              "pp", "record", "rel_tolerance", "targets", "year", "applies_to", "years", "bands",
              "variable", "period", "stat", "scenario", "against", "quarters", "bar"]

#: Keys of a ``[[check.bar]]`` entry: a bar set on one named episode.
BAR_KEYS = ["episode", "year", "years", "low", "high", "positive", "negative", "source"]

#: Experiment settings: key -> kind ("quarter", "int", "float", "input", "ints").
EXPERIMENT_KEYS = {
    "peace_start": "quarter", "long_run_years": "int", "mean_years": "int", "drift_years": "int",
    "shock_start": "quarter", "neutrality_years": "int", "target_change": "float",
    "sacrifice_years": "int", "procurement_change": "float", "multiplier_quarters": "ints",
    "risk_input": "input", "risk_pulse_quarters": "int", "risk_pilot": "size",
    "depreciation": "float",
    "passthrough_quarters": "ints", "demand_input": "input", "demand_change": "float",
    "okun_quarters": "ints", "experiment_quarters": "int",
}


@dataclass(frozen=True)
class EpisodeBar:
    """One ``[[check.bar]]`` entry: a bar set on a named episode beside the check's rule.

    A range (``low``, ``high``; either may be open) narrows the rule's range for that
    episode (and ``year``, for real GDP): the stricter end of each applies; ``years``
    (first, last) sets the window a peak is measured over, the record's and the model's
    alike.  Years (``positive``, ``negative``) are those in which CPI inflation must have
    that sign.
    """

    episode: str
    source: str
    year: int | None = None
    years: tuple[int, int] | None = None
    low: float = float("-inf")
    high: float = float("inf")
    positive: tuple[int, ...] = ()
    negative: tuple[int, ...] = ()


@dataclass(frozen=True)
class CheckSpec:
    """One ``[[check]]`` entry: what is accepted and why."""

    id: str
    group: str
    name: str
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    relative_to: str | None = None
    options: dict = field(default_factory=dict)
    bars: tuple[EpisodeBar, ...] = ()

    def bars_for(self, episode: str, year: int | None = None) -> list[EpisodeBar]:
        """The bars set on ``episode`` (and ``year``, where a bar names one)."""
        return [b for b in self.bars
                if b.episode == episode and (b.year is None or b.year == year)]


#: Checks that take ``[[check.bar]]`` entries, and the kind of bar each takes.
BAR_KIND = {"backtest.gdp": "range", "backtest.unemployment_peak": "range",
            "backtest.inflation_peak": "range", "backtest.inflation_signs": "signs"}


#: A field of a check's name, unit or source: ``{name}``, filled per row (nothing else).
_FIELD = re.compile(r"{([A-Za-z_][A-Za-z0-9_]*)}")


def _template(raw: object, where: str) -> str:
    """A name, unit or source: text whose only braces are ``{field}`` placeholders.

    A file's text is filled in, never formatted: ``{0}``, ``{x.attr}``, ``{x[0]}``,
    ``{x!r}``, ``{x:>9}`` and lone braces are refused here, before anything runs.
    """
    value = text(raw, where)
    rest = _FIELD.sub("", value)
    if "{" in rest or "}" in rest:
        bad = re.search(r"{[^{}]*}?|}", rest)
        piece = bad.group(0) if bad else "{"
        raise InputError(f"{where}: {value[:80]!r}: {piece!r} is not a field; braces may "
                         "only enclose a field name, e.g. {episode}")
    return value


def _years_list(raw: object, where: str) -> tuple[int, ...]:
    if not (isinstance(raw, list) and all(isinstance(v, int) and not isinstance(v, bool)
                                          for v in raw)):
        raise InputError(f"{where}: {raw!r} must be a list of years")
    return tuple(int(v) for v in raw)


def _bar(raw: object, where: str, cid: str) -> EpisodeBar:
    """One ``[[check.bar]]`` entry of check ``cid``."""
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a table")
    check_keys(raw, BAR_KEYS, where)
    for key in ("episode", "source"):
        if key not in raw:
            raise InputError(f"{where}: missing '{key}'")
    source = _template(raw["source"], f"{where}.source").strip()
    if not source:
        raise InputError(f"{where}.source: empty; every bar needs its source")
    kind = BAR_KIND.get(cid)
    if kind is None:
        raise InputError(f"{where}: {cid} takes no bars (checks that do: "
                         f"{', '.join(BAR_KIND)})")
    out: dict[str, Any] = {"episode": text(raw["episode"], f"{where}.episode"),
                           "source": source}
    if kind == "signs":
        wrong = [k for k in ("year", "years", "low", "high") if k in raw]
        if wrong:
            raise InputError(f"{where}.{wrong[0]}: a bar of {cid} names years by sign "
                             "(positive, negative), not a range")
        out["positive"] = _years_list(raw.get("positive", []), f"{where}.positive")
        out["negative"] = _years_list(raw.get("negative", []), f"{where}.negative")
        if not out["positive"] and not out["negative"]:
            raise InputError(f"{where}: give the years of positive or negative inflation")
        both = set(out["positive"]) & set(out["negative"])
        if both:
            raise InputError(f"{where}: year {min(both)} is both positive and negative")
        return EpisodeBar(**out)
    wrong = [k for k in ("positive", "negative") if k in raw]
    if wrong:
        raise InputError(f"{where}.{wrong[0]}: a bar of {cid} is a range (low, high)")
    if "year" in raw:
        if cid != "backtest.gdp":
            raise InputError(f"{where}.year: only a bar of backtest.gdp names a year")
        out["year"] = int(number(raw["year"], f"{where}.year", (1000, 3000), ""))
        if out["year"] != raw["year"]:
            raise InputError(f"{where}.year: {raw['year']!r} must be a whole year")
    elif cid == "backtest.gdp":
        raise InputError(f"{where}: missing 'year' (a bar of backtest.gdp is set on one year)")
    if "years" in raw:
        if cid == "backtest.gdp":
            raise InputError(f"{where}.years: a bar of backtest.gdp names one year (year)")
        val = raw["years"]
        if not (isinstance(val, list) and len(val) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) for v in val) and val[0] <= val[1]):
            raise InputError(f"{where}.years: {val!r} must be [first, last], two years in order")
        out["years"] = (int(val[0]), int(val[1]))
    for key in ("low", "high"):
        if key in raw:
            out[key] = number(raw[key], f"{where}.{key}", (None, None), "")
    if "low" not in out and "high" not in out:
        raise InputError(f"{where}: give low, high or both")
    if out.get("high", float("inf")) < out.get("low", float("-inf")):
        raise InputError(f"{where}: high {out['high']} is below low {out['low']}")
    return EpisodeBar(**out)


@dataclass
class ValidationSpec:
    """The parsed validation file."""

    checks: dict[str, CheckSpec]
    experiments: dict[str, Any]
    path: Path

    def __str__(self) -> str:
        groups = ", ".join(f"{g} {len(CHECK_IDS[g])}" for g in GROUPS)
        return f"ValidationSpec({self.path.name}: {len(self.checks)} checks; {groups})"


def default_path() -> Path:
    """The shipped validation file."""
    return folder("data") / "validation.toml"


def _experiments(raw: object, where: str, inputs: list[str]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: missing [experiments] table")
    check_keys(raw, EXPERIMENT_KEYS, f"{where} [experiments]")
    out: dict[str, Any] = {}
    for key, kind in EXPERIMENT_KEYS.items():
        w = f"{where} [experiments].{key}"
        if key not in raw:
            raise InputError(f"{w}: missing (allowed keys: {', '.join(EXPERIMENT_KEYS)})")
        val = raw[key]
        if kind == "quarter":
            out[key] = parse_quarter(val, w)
        elif kind == "int":
            out[key] = int(number(val, w, (1, 1000), ""))
            if out[key] != val:
                raise InputError(f"{w}: {val!r} must be a whole number")
        elif kind == "float":
            out[key] = number(val, w, (-100.0, 100.0), "")
        elif kind == "size":
            out[key] = number(val, w, (0.0, None), "")
            if out[key] == 0:
                raise InputError(f"{w}: must be positive")
        elif kind == "input":
            if val not in inputs:
                raise InputError(f"{w}: unknown model input {val!r}{suggest(str(val), inputs)}; "
                                 f"inputs are: {', '.join(inputs)}")
            out[key] = val
        else:
            if not (isinstance(val, list) and val and all(isinstance(v, int) and not
                                                          isinstance(v, bool) and 1 <= v <= 400
                                                          for v in val)):
                raise InputError(f"{w}: {val!r} must be a list of whole numbers of quarters "
                                 "from 1 to 400")
            out[key] = [int(v) for v in val]
    if out["shock_start"] < out["peace_start"]:
        raise InputError(f"{where} [experiments].shock_start: {out['shock_start']} is before "
                         f"peace_start {out['peace_start']}")
    if out["mean_years"] > out["long_run_years"] or out["drift_years"] > out["long_run_years"]:
        raise InputError(f"{where} [experiments]: mean_years and drift_years must not exceed "
                         "long_run_years")
    if len(out["okun_quarters"]) != 2 or out["okun_quarters"][0] > out["okun_quarters"][1]:
        raise InputError(f"{where} [experiments].okun_quarters: give [first, last] with "
                         "first <= last")
    for key, stem in (("multiplier_quarters", "multiplier"), ("passthrough_quarters",
                                                              "passthrough")):
        known = [int(c.split("_")[-1][:-1]) for c in CHECK_IDS["elasticities"]
                 if c.startswith(f"elasticity.{stem}_")]
        if sorted(out[key]) != sorted(known):
            raise InputError(f"{where} [experiments].{key}: {out[key]}; the scoreboard "
                             f"measures the horizons {known} (one check each)")
    shock_q = (out["shock_start"] - out["peace_start"]).n
    need = shock_q + 4 * max(out["neutrality_years"], out["sacrifice_years"])
    if need > 4 * out["long_run_years"]:
        raise InputError(f"{where} [experiments]: the shock at {out['shock_start']} and its "
                         "horizon do not fit in long_run_years")
    return out


def _check(raw: object, where: str, known: dict[str, str]) -> CheckSpec:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: expected a table")
    check_keys(raw, CHECK_KEYS, where)
    for key in ("id", "group", "name", "unit", "source"):
        if key not in raw:
            raise InputError(f"{where}: missing '{key}'")
    cid = text(raw["id"], f"{where}.id")
    if cid not in known:
        raise InputError(f"{where}.id: unknown check {cid!r}{suggest(cid, known)}; the package "
                         f"measures: {', '.join(known)}")
    group = text(raw["group"], f"{where}.group")
    if group != known[cid]:
        raise InputError(f"{where}.group: {group!r} for {cid}; it belongs to {known[cid]!r}")
    source = _template(raw["source"], f"{where}.source").strip()
    if not source:
        raise InputError(f"{where}.source: empty; every range needs its source")
    low = number(raw["low"], f"{where}.low", (None, None), "") if "low" in raw else None
    high = number(raw["high"], f"{where}.high", (None, None), "") if "high" in raw else None
    if (low is None) != (high is None):
        raise InputError(f"{where}: give both low and high, or neither")
    if low is not None and high is not None and high < low:
        raise InputError(f"{where}: high {high} is below low {low}")
    rule = [k for k in ("factor", "rel_tolerance") if k in raw]
    if low is None and not rule and cid not in ("history.record_variable",):
        raise InputError(f"{where}: give the accepted range (low, high) or the rule it follows "
                         "(factor, rel_tolerance)")
    options: dict[str, Any] = {}
    for key in ("factor", "pp", "rel_tolerance"):
        if key in raw:
            options[key] = number(raw[key], f"{where}.{key}", (0.0, None), "")
    if "factor" in options and options["factor"] < 1.0:
        raise InputError(f"{where}.factor: {options['factor']} must be at least 1")
    for key in ("record", "targets", "year"):
        if key in raw:
            options[key] = text(raw[key], f"{where}.{key}")
    for key in ("variable", "period", "stat", "scenario", "against"):
        if key in raw:
            options[key] = text(raw[key], f"{where}.{key}")
    _check_options(options, where)
    if "quarters" in raw:
        options["quarters"] = int(number(raw["quarters"], f"{where}.quarters", (1, 400), ""))
        if options["quarters"] != raw["quarters"]:
            raise InputError(f"{where}.quarters: {raw['quarters']!r} must be a whole number")
    if "years" in raw:
        val = raw["years"]
        if not (isinstance(val, list) and len(val) == 2 and all(
                isinstance(v, int) and not isinstance(v, bool) for v in val) and val[0] <= val[1]):
            raise InputError(f"{where}.years: {val!r} must be [first, last], two years in order")
        options["years"] = [int(v) for v in val]
    if "bands" in raw:
        options["bands"] = _bands(raw["bands"], f"{where}.bands")
    if "applies_to" in raw:
        val = raw["applies_to"]
        if not (isinstance(val, list) and all(isinstance(v, str) for v in val)):
            raise InputError(f"{where}.applies_to: {val!r} must be a list of calibration names")
        options["applies_to"] = list(val)
    rel = raw.get("relative_to")
    if rel is not None:
        rel = text(rel, f"{where}.relative_to")
    bars = raw.get("bar", [])
    if not isinstance(bars, list):
        raise InputError(f"{where}.bar: bars must be [[check.bar]] tables")
    parsed = tuple(_bar(b, f"{where}.bar[{j}]", cid) for j, b in enumerate(bars))
    windowed = [b.episode for b in parsed if b.years is not None]
    if len(set(windowed)) < len(windowed):
        raise InputError(f"{where}.bar: two windows (years) for one episode of {cid}")
    if BAR_KIND.get(cid) == "signs":
        named = [b.episode for b in parsed]
        twice = sorted({e for e in named if named.count(e) > 1})
        if twice:
            raise InputError(f"{where}.bar: two sign bars for episode {twice[0]!r}; give its "
                             "years in one")
    return CheckSpec(id=cid, group=group, name=_template(raw["name"], f"{where}.name"),
                     unit=_template(raw["unit"], f"{where}.unit"), source=source, low=low,
                     high=high, relative_to=rel, options=options,
                     bars=parsed)


def _check_options(options: dict[str, Any], where: str) -> None:
    """The names and periods a check refers to, checked before anything runs.

    ``scenario``/``against`` must load as scenarios, ``record``/``targets`` as targets
    files, ``stat`` be a statistic, ``period`` a year or quarter, ``year`` a year.
    """
    from pydantic_core import PydanticCustomError

    from peacetrap.io.resources import resolve, shipped_with
    from peacetrap.io.schemas import STATS
    from peacetrap.io.validation import check_period

    for key in ("scenario", "against"):
        if key in options:
            resolve(options[key], "experiments", "scenario",
                    known=shipped_with("experiments", "scenario"), where=f"{where}.{key}")
    for key in ("record", "targets"):
        if key in options:
            resolve(options[key], "calibration", "targets file", subdir="targets",
                    where=f"{where}.{key}")
    if "stat" in options and options["stat"] not in STATS:
        raise InputError(f"{where}.stat: {options['stat']!r} is not allowed; use one of "
                         f"{', '.join(STATS)}")
    if "period" in options:
        try:
            options["period"] = check_period(options["period"])
        except PydanticCustomError as exc:
            raise InputError(f"{where}.period: {options['period']!r}: {exc}") from None
    if "year" in options and not re.fullmatch(r"[0-9]{4}", options["year"]):
        raise InputError(f"{where}.year: {options['year']!r} is not a year; write it like "
                         "\"2025\"")


def _bands(raw: object, where: str) -> dict[str, dict[str, float]]:
    """``{variable: {"pp": band, "pct": band}}``: absolute (pp) and relative (%) bands."""
    if not isinstance(raw, dict) or not raw:
        raise InputError(f"{where}: {raw!r} must be a table of variable = {{ pp = ..., "
                         "pct = ... }}")
    out: dict[str, dict[str, float]] = {}
    for var, band in raw.items():
        w = f"{where}.{var}"
        if not isinstance(band, dict) or not band:
            raise InputError(f"{w}: {band!r} must be a table with pp and/or pct")
        check_keys(band, ["pp", "pct"], w)
        out[var] = {k: number(v, f"{w}.{k}", (0.0, None), "") for k, v in band.items()}
        if any(v == 0.0 for v in out[var].values()):
            raise InputError(f"{w}: a band of 0 accepts nothing; give a positive width")
    return out


def load_spec(model: Model, path: str | Path | None = None) -> ValidationSpec:
    """Read and check the validation file.

    Parameters
    ----------
    model : Model
        Names the inputs and parameters the file may refer to.
    path : str or Path, optional
        A validation file; default the shipped ``data/validation.toml``.

    Raises
    ------
    InputError
        Naming the file, the key and the value, for a missing or unknown key, a
        check the package does not measure, a measured check with no entry, an
        empty source, a range with high below low, or an unknown input or variable.
    """
    from peacetrap.calibrate.columns import known_variables

    p = Path(path) if path is not None else default_path()
    if not p.is_file():
        kind = "file not found" if not p.exists() else "is a folder, not a file" \
            if p.is_dir() else "is not a regular file (a device, pipe or socket)"
        raise InputError(f"validation file {p}: {kind}")
    raw = read_toml(p)
    where = str(p)
    check_keys(raw, ["validation", "experiments", "check"], where)
    layout = model.layout
    experiments = _experiments(raw.get("experiments"), where, list(layout.inputs))
    known = {cid: g for g, ids in CHECK_IDS.items() for cid in ids}
    items = raw.get("check", [])
    if not isinstance(items, list):
        raise InputError(f"{where}: checks must be [[check]] tables")
    checks: dict[str, CheckSpec] = {}
    names = set(layout.inputs) | set(layout.parameters)
    variables = set(known_variables(model))
    for j, item in enumerate(items):
        c = _check(item, f"{where} [[check]][{j}]", known)
        if c.id in checks:
            raise InputError(f"{where} [[check]][{j}]: duplicate check id {c.id!r}")
        unknown = [v for v in list(c.options.get("bands", {})) + [c.options.get("variable")]
                   if v is not None and v not in variables]
        if unknown:
            raise InputError(f"{where} [[check]][{j}]: unknown variable {unknown[0]!r}"
                             f"{suggest(unknown[0], variables)}; a band, ceiling or level "
                             "names a timeline column or a model quantity")
        if c.relative_to is not None and c.relative_to not in names:
            raise InputError(f"{where} [[check]][{j}].relative_to: {c.relative_to!r} is not a "
                             f"model input or parameter{suggest(c.relative_to, names)}")
        checks[c.id] = c
    missing = [cid for cid in known if cid not in checks]
    if missing:
        raise InputError(f"{where}: no [[check]] entry for {', '.join(missing)} (every "
                         "measurement needs its range and source)")
    return ValidationSpec(checks=checks, experiments=experiments, path=p)


def check_bar_episodes(spec: ValidationSpec, episodes: list[str]) -> None:
    """Every ``[[check.bar]]`` names an episode the scoreboard backtests.

    Raises
    ------
    InputError
        Naming the file, the check, the bar and the episode (a misspelt episode
        would otherwise leave its bar unused without a word).
    """
    for c in spec.checks.values():
        for j, b in enumerate(c.bars):
            if b.episode not in episodes:
                raise InputError(f"{spec.path} [[check]] {c.id} bar[{j}].episode: "
                                 f"{b.episode!r} is not an episode of this scoreboard"
                                 f"{suggest(b.episode, episodes)}; episodes: "
                                 f"{', '.join(episodes)} (others with --episode FILE)")


def parse_groups(only: list[str] | None, where: str = "--only") -> list[str]:
    """Groups to run from ``--only`` names (``long-run``, ``elasticities``, ...).

    ``where`` names the option or file key the names come from, in the error.
    """
    if not only:
        return list(GROUPS)
    out = []
    for name in only:
        key = name.strip().lower().replace(" ", "-").replace("_", "-")
        if key not in GROUP_KEYS:
            raise InputError(f"{where} {name!r}: unknown group{suggest(key, GROUP_KEYS)}; "
                             f"groups are: {', '.join(GROUP_KEYS)}")
        if GROUP_KEYS[key] not in out:
            out.append(GROUP_KEYS[key])
    return [g for g in GROUPS if g in out]


def quarters_from(start: pd.Period, end: pd.Period) -> int:
    """Quarters from ``start`` to ``end`` inclusive."""
    return (end - start).n + 1


#: Columns of ``validation.csv``, in order.
COLUMNS = ["group", "check", "calibration", "value", "low", "high", "unit", "passed", "source",
           "note", "id", "key"]

#: Fields of a check's name that tell its rows apart (the others, such as a
#: worst year or a count, are measured and change with the model).
IDENTIFYING = ("episode", "year", "variable", "period")


def row_key(spec: CheckSpec, fields: dict | None) -> str:
    """A row's key, unique within one calibration's scoreboard and stable across commits.

    The check's id, followed by the identifying fields its name uses, e.g.
    ``backtest.gdp[uk-1945,1946]``; ``history.record_variable[gdp_real]``.
    """
    used = set(re.findall(r"{(\w+)}", spec.name))
    parts = [str((fields or {})[k]) for k in IDENTIFYING if k in used and k in (fields or {})]
    return f"{spec.id}[{','.join(parts)}]" if parts else spec.id


def fill(template: str, fields: dict | None) -> str:
    """``template`` with ``{name}`` fields filled from ``fields`` (others kept).

    Plain substitution, never :meth:`str.format`: a file's text cannot reach an
    attribute, an index or a format specification.
    """
    values = fields or {}
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values
                      else m.group(0), template)


def make_row(spec: CheckSpec, calibration: str, value: float | None,
             low: float | None = None, high: float | None = None, *,
             fields: dict | None = None, note: str = "", centre: float = 0.0) -> dict:
    r"""One scoreboard row.

    ``low``/``high`` default to the check's range (plus ``centre`` when the
    range is relative to a model value).  ``value=None`` marks the check not
    applicable here (``passed`` is then ``None``, never true); a non-finite
    value fails.
    """
    from peacetrap.analysis.measures import within

    lo = low if low is not None else (spec.low + centre if spec.low is not None else None)
    hi = high if high is not None else (spec.high + centre if spec.high is not None else None)
    if value is None:
        passed = None
    elif lo is None or hi is None:
        passed = False
        note = note or "no accepted range"
    else:
        passed = within(float(value), lo, hi)
    return {"group": spec.group, "check": fill(spec.name, fields), "calibration": calibration,
            "value": float("nan") if value is None else float(value),
            "low": float("nan") if lo is None else float(lo),
            "high": float("nan") if hi is None else float(hi),
            "unit": fill(spec.unit, fields), "passed": passed,
            "source": fill(spec.source, fields), "note": note, "id": spec.id,
            "key": row_key(spec, fields)}
