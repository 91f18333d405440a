r"""Episode files: the schema of a historical sudden-peace episode and its loading.


An episode file (``calibration/episodes/*.toml``) describes a war economy in
its own currency and units; nothing in it is specific to Russia::

    [episode]
    name = "uk-1945"
    description = "..."
    country = "United Kingdom"
    currency = "GBP"
    money_unit = "bn GBP"        # what the model's money unit (labelled tn LCU) stands for
    last_war_year = 1945
    history_start = "1945Q1"     # the last war year; a spin-up year precedes it
    history_end = "1945Q4"
    peace_quarters = 16
    template = "default"         # calibration whose behaviour is transplanted

    [facts]                      # the last war year; each {value, source}
    nominal_gdp = { value = 9.568, source = "JST gdp 1945" }     # money units a year
    labour_force = { value = 21800, source = "..." }  # thousand, armed forces included
    soldiers = { value = 5090, source = "..." }       # thousand
    unemployment_rate = { value = 0.5, source = "..." }  # % of the civilian labour force
    defence_share = { value = 39.5, source = "..." }  # % of GDP
    inflation = { value = 2.8, source = "..." }       # CPI, % a year
    short_rate = { value = 0.9, source = "..." }      # % a year
    broad_money = { value = 6.84, source = "..." }    # money units
    government_debt = { value = 22.5, source = "..." }  # money units
    exchange_rate = { value = 0.248, source = "..." } # LCU per USD
    current_account = { value = -8.8, source = "..." } # optional, % of GDP
    imports = { value = 7.3, source = "..." }         # optional, % of GDP
    exports = { value = 4.7, source = "..." }         # optional, % of GDP; with imports
                                 # and current_account, sets defence spending abroad
    deficit = { value = 21.5, source = "..." }        # optional, government, % of GDP
                                 # (inflation -50 to 200, short_rate 0 to 100, the shares
                                 # of GDP -100 or 0 to 100: FACT_RANGES)

    [parameters]                 # optional behaviour overrides (display units); not the
                                 # values the balancing sets (see below)
    [war.defence_procurement]    # input paths up to history_end (any input)
    points = [["1944Q1", 30.0]]
    [peace.official_loans]       # inputs in bn USD a year are given in real dollars
    points = [["1946Q3", 1.2]]   # (money_unit must then be "bn <currency>")
    [peace.defence_procurement]  # input paths after history_end (a scenario)
    points = [["1947Q1", 8.0]]
    [free.wage_phillips]         # calibration to the last war year: targets-file schema
    low = 0.01
    high = 0.3
    [[targets]]
    variable = "unemployment_rate_pct"
    period = "1945"
    value = 0.5
    tolerance = 0.2
    source = "..."
    [[actual]]                   # what happened afterwards: compared, never fitted (a
                                 # figure inside the history window is shown as
                                 # "war (record)", never scored as peace)
    variable = "unemployment_rate_pct"
    period = "1947"
    stat = "mean"
    value = 1.4
    source = "JST unemp 1947"

Loading transplants the template economy (:mod:`peacetrap.calibrate.episode_transplant`)
and balances its initial state (:mod:`peacetrap.calibrate.episode_balance`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.errors import InputError, PeacetrapError, suggest
from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.io.paths import from_spec
from peacetrap.io.resources import resolve, shipped
from peacetrap.run.setups import (Calibration, Scenario, check_base_prices, load_calibration,
                                  refuse_points_after)
from peacetrap.io.schemas import episode_schema
from peacetrap.io.tomlfiles import read_toml, sha256
from peacetrap.io.validation import dump, validate

from peacetrap.calibrate.columns import known_variables
from peacetrap.calibrate.episode_balance import BALANCED, CLOSURES, EXPORTS_NEEDS, \
    balance_frame
from peacetrap.calibrate.episode_transplant import MONEY_FACTS, scaled_transplant
from peacetrap.calibrate.targets import TargetSet, targets_from_dict

FACTS = {
    "nominal_gdp": ("money units a year", True),
    "labour_force": ("thousand persons, armed forces included", True),
    "soldiers": ("thousand persons", True),
    "unemployment_rate": ("% of the civilian labour force", True),
    "defence_share": ("% of GDP", True),
    "inflation": ("% a year", True),
    "short_rate": ("% a year", True),
    "broad_money": ("money units", True),
    "government_debt": ("money units", False),
    "exchange_rate": ("LCU per USD", True),
    "current_account": ("% of GDP", False),
    "imports": ("% of GDP", False),
    "exports": ("% of GDP (needs imports and current_account: the current account less "
                "the trade balance is the government's spending abroad)", False),
    "deficit": ("% of GDP (general or central government, as the source gives it)", False),
}
#: Facts that may be negative.
SIGNED_FACTS = ("inflation", "current_account", "deficit")
#: Allowed ranges (display units, ends included) of the facts the model's ranges do not
#: bound: rates and shares of GDP an economy at war or at peace can have.  Beyond them the
#: transplant has nothing to balance (an inflation of 300 % deflates the money facts to
#: almost nothing and the first quarter fails; a short rate of 200 % or a current account
#: of -300 % of GDP asks for a propensity or a share no range allows).
FACT_RANGES = {
    "inflation": (-50.0, 200.0),
    "short_rate": (0.0, 100.0),
    "current_account": (-100.0, 100.0),
    "imports": (0.0, 100.0),
    "exports": (0.0, 100.0),
    "deficit": (-100.0, 100.0),
}
EPISODE_KEYS = ["name", "description", "country", "currency", "money_unit", "last_war_year",
                "history_start", "history_end", "peace_quarters", "template"]
TOP = ["episode", "facts", "parameters", "war", "peace", "free", "targets", "penalties",
       "options", "actual"]


@dataclass
class Actual:
    variable: str
    period: str
    stat: str
    value: float
    source: str


@dataclass
class Episode:
    """A parsed episode: the calibration problem, the peace scenario, the record."""

    name: str
    description: str
    country: str
    money_unit: str
    facts: dict[str, float]
    sources: dict[str, str]
    targets: TargetSet
    peace: Scenario
    actual: list[Actual]
    peace_quarters: int
    path: Path
    notes: list[str]
    money_scale: float = 1.0
    #: ``[episode].last_war_year`` (the peace rows count their years from it).
    last_war_year: int | None = None


def fit_money_unit(episode: Episode) -> str | None:
    """The unit of the fit's money figures when it is not the file's, e.g. ``10 bn USD``.

    The fit works in a power of ten of the file's ``money_unit``
    (:attr:`Episode.money_scale`), so a comparison's ``gdp_nominal`` of 101.76 is 1017.6
    bn USD; ``None`` when the two units agree.
    """
    if episode.money_scale == 1.0:
        return None
    return f"{episode.money_scale:g} {episode.money_unit or 'money units'}"


def episode_names() -> list[str]:
    """Shipped episodes (``calibration/episodes/*.toml``)."""
    return list(shipped("calibration", "episodes"))


def _facts(data: object, where: str, most_people: float = np.inf
           ) -> tuple[dict[str, float], dict[str, str]]:
    """Values and sources of a validated ``[facts]`` table, with the checks across facts
    (``most_people``: the largest number, in thousands, a pool of people may hold)."""
    vals, srcs = {}, {}
    for key in FACTS:
        entry = getattr(data, key, None)
        if entry is not None:
            vals[key], srcs[key] = entry.value, entry.source
    for key in ("nominal_gdp", "labour_force", "exchange_rate", "broad_money"):
        if vals[key] <= 0:
            raise InputError(f"{where}: facts.{key}.value = {vals[key]:g}: must be positive")
    for key in ("unemployment_rate", "defence_share"):       # shares, in %
        if not vals[key] < 100.0:
            raise InputError(f"{where}: facts.{key}.value = {vals[key]:g}: out of range; "
                             f"allowed 0 to below 100 ({FACTS[key][0]})")
    for key, (lo, hi) in FACT_RANGES.items():
        if key in vals and not lo <= vals[key] <= hi:
            raise InputError(f"{where}: facts.{key}.value = {vals[key]:g}: out of range; "
                             f"allowed {lo:g} to {hi:g} ({FACTS[key][0].split(' (')[0]})")
    for key in ("labour_force", "soldiers"):
        if key in vals and not vals[key] <= most_people:
            raise InputError(f"{where}: facts.{key}.value = {vals[key]:g}: out of range; "
                             f"allowed up to {most_people:g} ({FACTS[key][0]})")
    if vals["soldiers"] >= vals["labour_force"]:
        raise InputError(f"{where}: facts.soldiers.value = {vals['soldiers']:g}: must be fewer "
                         f"than the labour force ({vals['labour_force']:g})")
    missing = [k for k in EXPORTS_NEEDS if k not in vals]
    if "exports" in vals and missing:
        raise InputError(f"{where}: facts.exports needs facts {' and '.join(missing)} as "
                         "well: the current account less the trade balance of the three "
                         "facts is the government's defence spending abroad; give them or "
                         "leave exports out")
    return vals, srcs


def _paths(model: Model, data: Any, epoch: pd.Period | None) -> dict[str, TimePath]:
    """Time paths of a validated table of inputs (a number holds from ``epoch``)."""
    return {k: from_spec(getattr(data, k), epoch) for k in model.layout.inputs
            if k in data.model_fields_set and getattr(data, k) is not None}


def dollar_inputs(model: Model) -> list[str]:
    """Inputs measured in dollars a year (official loans and grants)."""
    return [n for n in model.layout.inputs if model.quantities[n].unit_label == "bn USD/year"]


def _in_dollar_units(model: Model, paths: dict[str, TimePath], factor: float,
                     money_unit: str, where: str) -> dict[str, TimePath]:
    r"""Dollar inputs of an episode (bn USD a year) in its internal foreign units.

    An episode runs with one foreign unit worth :math:`x^{tpl}` internal money units at
    the start and money in units of :math:`10^n` of its money unit
    (:func:`~peacetrap.calibrate.episode_transplant.scaled_transplant`), so one real
    billion dollars is :math:`x^{ep} n_{bt} / (10^n x^{tpl})` internal billions, with
    :math:`x^{ep}` the exchange-rate fact (currency per USD) and the money unit a billion
    of the currency.
    """
    out = dict(paths)
    for k in dollar_inputs(model):
        if k not in paths:
            continue
        if not money_unit.startswith("bn "):
            raise InputError(f"{where}: {k} is in bn USD a year, which needs "
                             f"episode.money_unit = 'bn <currency>' (got {money_unit!r})")
        p = paths[k]
        out[k] = TimePath([(q, v * factor) for q, v in p.points], p.interpolation,
                          None if p.constant is None else p.constant * factor)
    return out


def fx_inputs(model: Model) -> list[str]:
    """Inputs measured as exchange rates (LCU per USD: a parity)."""
    return [n for n in model.layout.inputs if model.quantities[n].unit_label == "LCU/USD"]


def _in_fx_units(model: Model, paths: dict[str, TimePath], factor: float) -> dict[str, TimePath]:
    r"""Exchange-rate inputs of an episode (currency per USD) in its internal units.

    An episode's exchange rate starts at the template's :math:`x^{tpl}` for the fact
    :math:`x^{ep}` (:func:`~peacetrap.calibrate.episode_transplant.scaled_transplant`), so
    a rate of :math:`X` currency per USD is :math:`X x^{tpl} / x^{ep}` internally
    (``factor`` is :math:`x^{tpl} / x^{ep}`).
    """
    out = dict(paths)
    for k in fx_inputs(model):
        if k in paths:
            p = paths[k]
            out[k] = TimePath([(q, v * factor) for q, v in p.points], p.interpolation,
                              None if p.constant is None else p.constant * factor)
    return out


def load_episode(model: Model, name_or_path: str | Path) -> Episode:
    """Load a shipped episode by name or an episode file by path.

    The file is checked against its schema
    (:func:`peacetrap.io.schemas.episode_schema`) before anything is computed.

    Raises
    ------
    InputError
        On a missing or invalid fact, key, path, target or actual figure.
    """
    path = resolve(str(name_or_path), "calibration", "episode", subdir="episodes")
    where = str(path)
    facts_decl = tuple((k, unit, req, k in SIGNED_FACTS) for k, (unit, req) in FACTS.items())
    data = validate(episode_schema(model, facts_decl), read_toml(path), where)
    raw = dump(data)
    head = raw["episode"]
    start = pd.Period(data.episode.history_start, "Q")
    end = pd.Period(data.episode.history_end, "Q")
    if end < start:
        raise InputError(f"{where}: episode.history_end = '{end}' is before history_start "
                         f"{start}")
    year = data.episode.last_war_year
    if not (start.year <= year <= end.year):
        raise InputError(f"{where}: episode.last_war_year = {year}: outside the history "
                         f"window {start} to {end}")
    quarters = data.episode.peace_quarters
    # a pool of people holds at most its stocks' upper bound (thousands)
    most = model.quantities["civilian_employment"].bounds[1]
    facts, sources = _facts(data.facts, where, np.inf if most is None else float(most))
    epoch = start - 4
    war = _paths(model, data.war, epoch)
    refuse_points_after(war, end, f"{where}: war", "episode.history_end", "[peace]")
    peace = _paths(model, data.peace, None)
    for key, ppath in peace.items():      # checked here, not after the war year's fit
        early = [q for q, _ in ppath.points or [] if pd.Period(q, freq="Q") <= end]
        if early:
            raise InputError(f"{where}: peace.{key}: point {early[0]} is not after "
                             f"episode.history_end {end}; allowed: points from {end + 1} "
                             "(inputs up to it belong to [war])")
    template = load_calibration(model, resolve(
        data.episode.template, "calibration", "calibration", base=path.parent,
        where=f"{where}: episode.template"))
    # the template's history is Russia's war: an episode uses only its own paths, and
    # holds every other input at its peacetime default; oil exports are folded away
    history = {"oil_exports": TimePath([(epoch, 0.0)], "step")}
    history.update(war)
    proc = war.get("defence_procurement")
    proc0 = float(proc.evaluate(np.array([0.0]), epoch)[0]) if proc else \
        model.quantities["defence_procurement"].default_value
    closures = {k: facts[k] for k in CLOSURES if k in facts}
    balanced = set(BALANCED) | {CLOSURES[k] for k in closures}
    overrides = dump(data.parameters)
    for key in overrides:
        if key in balanced:
            raise InputError(f"{where}: parameters.{key}: set by the balancing of the initial "
                             "state (see the episodes module); give the fact it follows instead")
    for key in data.free:
        if key in balanced:
            raise InputError(f"{where}: free.{key}: set by the balancing of the initial state; "
                             "it cannot be fitted")
    # the facts describe the last war year; the simulation starts a spin-up year earlier:
    # money levels start deflated by the trend nominal growth to the last war year's mean
    g_a = overrides.get("productivity_growth",
                        float(model.complete(template.values if len(template.values) else None)
                              ["productivity_growth"].iloc[0]))
    horizon = float(np.mean([(pd.Period(f"{year}Q{k}", "Q") - epoch).n + 1
                             for k in range(1, 5)])) / 4.0
    deflator = float(np.exp(-horizon * (facts["inflation"] + g_a) / 100.0))
    start_facts = {k: v * deflator if k in MONEY_FACTS else v for k, v in facts.items()}
    values, notes, unit = scaled_transplant(model, template, start_facts, proc0)
    usd = facts["exchange_rate"] * 1000.0 / (unit * float(values["exchange_rate"]))
    money_unit = str(head.get("money_unit", ""))
    history = _in_dollar_units(model, history, usd, money_unit, where)
    peace = _in_dollar_units(model, peace, usd, money_unit, where)
    fx = float(values["exchange_rate"]) / facts["exchange_rate"]
    history = _in_fx_units(model, history, fx)
    peace = _in_fx_units(model, peace, fx)
    # world demand keeps its relation to trend productivity growth (equal in the template:
    # a balanced-growth path), so an episode's own productivity growth carries its world
    # demand along unless the episode gives world_growth itself
    if "productivity_growth" in overrides and "world_growth" not in overrides:
        values["world_growth"] = overrides["productivity_growth"] + (
            values["world_growth"] - values["productivity_growth"])
    for key, val in overrides.items():
        values[key] = val
    model.check_values(values, f"{where} (transplanted values)")
    check_base_prices(model, values, history, epoch, where, section="war")
    name = data.episode.name
    cal = Calibration(name=name, description=data.episode.description,
                      values=values.astype(float), history=history, history_start=start,
                      history_end=end, path=path, sha256=sha256(path))
    # the nominal GDP level of the last war year is always a target (in internal units)
    gdp_target = {"variable": "gdp_nominal", "period": str(year),
                  "value": facts["nominal_gdp"] / unit, "rel_tolerance": 0.01,
                  "source": f"[facts].nominal_gdp: {sources['nominal_gdp']} (in units of "
                            f"{unit:g} {head.get('money_unit', 'money units')})"}
    traw = {"setup": {"name": name, "description": cal.description},
            "free": raw.get("free", {}), "targets": [gdp_target] + list(raw.get("targets", [])),
            "penalties": raw.get("penalties", []), "options": raw.get("options", {})}
    try:
        frame, clipped = balance_frame(model, cal, cal.values.to_frame().T, None, closures)
    except PeacetrapError as exc:   # the facts, transplanted, have no state at rest
        raise InputError(f"{where}: the facts give no balanced initial state ({exc}); check "
                         "[facts] and [parameters] (units: % and money units a year)") from exc
    v = cal.values.copy()
    for c in frame.columns:
        v[c] = float(frame[c].iloc[0])
    cal = replace(cal, values=v)
    for clip_name, (want, used) in clipped.items():
        if clip_name == "current_account":
            notes.append(f"current_account: the fact ({want:.3g}% of GDP) cannot be met: "
                         "propensity_to_consume is at its bound, so exports close the GDP "
                         f"level instead (current account {used:.3g}% of GDP at the start)")
            continue
        rng = list(model.spec.quantities[clip_name].bounds)
        if clip_name == "propensity_to_consume" and not np.isfinite(want):
            notes.append(f"{clip_name}: the current-account fact asks private spending above "
                         "expected disposable income, which no propensity (it tends to 1 at "
                         f"most) gives; clipped to {used:.4g}")
            continue
        notes.append(f"{clip_name}: balancing the initial state asks for {want:.4g}, outside "
                     f"the model's range {rng}; clipped to {used:.4g}")
    bad = [n for n in ("civilian_employment", "defence_workers") if cal.values[n] <= 0]
    if bad:
        raise InputError(f"{where}: the facts leave no room for {', '.join(bad)} once the "
                         "economy is balanced (check labour_force, soldiers, defence_share)")
    tset = targets_from_dict(model, traw, path, label=where, base_calibration=cal)
    base = cal
    tset.prepare = lambda fr, hist: balance_frame(model, base, fr, hist, closures,
                                                  report=False)[0]
    actual = []
    known = known_variables(model)
    peace_end = end + quarters
    seen = set()
    for j, e in enumerate(data.actual):
        w = f"{where}: actual[{j}]"
        var = e.variable
        if var not in known:
            raise InputError(f"{w}.variable: unknown variable '{var}'{suggest(var, known)}")
        per = e.period
        if per.isdigit():
            stat = e.stat or "mean"
            lo, hi = pd.Period(f"{per}Q1", "Q"), pd.Period(f"{per}Q4", "Q")
        else:
            if e.stat is not None:
                raise InputError(f"{w}.stat = {e.stat!r}: applies to years only")
            stat = "quarter"
            lo = hi = pd.Period(per, "Q")
        if lo < start or hi > peace_end:
            raise InputError(f"{w}.period = {per!r}: outside {start} to {peace_end} (history "
                             "and peace quarters)")
        if (var, per, stat) in seen:
            raise InputError(f"{w}: duplicate actual figure {var} {per} ({stat})")
        seen.add((var, per, stat))
        actual.append(Actual(var, per, stat, e.value, e.source))
    sc = Scenario(name=f"{name}-peace", description="the episode's peace paths", inputs=peace,
                  path=path, sha256=sha256(path))
    return Episode(name=name, description=cal.description, country=str(head.get("country", "")),
                   money_unit=str(head.get("money_unit", "")), facts=facts, sources=sources,
                   targets=tset, peace=sc, actual=actual, peace_quarters=quarters, path=path,
                   notes=notes, money_scale=unit, last_war_year=year)
