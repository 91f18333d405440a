r"""Scoreboard checks against the record and the accounts: backtests, history, accounting.

*Backtests* run every shipped episode (``calibration/episodes/*.toml``) through
:func:`peacetrap.calibrate.episodes.backtest` and read the record from the
episode's own ``[[actual]]`` entries (the comparison table), never from code.

*History* evaluates the calibration under test, without refitting, on the
targets file of the record (observed 2021-2025) and, for calibrations built to
the essay's appendix, on the appendix's 2025 figures.

*Accounting* reuses :mod:`peacetrap.checks` and the step-halving comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from peacetrap.analysis import measures as ms
from peacetrap.analysis.validate_spec import CheckSpec, EpisodeBar, ValidationSpec, make_row
from peacetrap.calibrate.record import against_record, evaluate_targets, own_figures
from peacetrap.core.model import Model
from peacetrap.errors import PeacetrapError, failure_note
from peacetrap.run.setups import Calibration

#: Timeline columns whose peak is "CPI inflation" when an episode records it directly.
_INFLATION = {("cpi", "growth_mean"), ("cpi", "growth_end"), ("cpi_inflation_yoy_pct", "mean"),
              ("cpi_inflation_yoy_pct", "end"), ("cpi_inflation_yoy_pct", "quarter")}

#: Peace years with a real-GDP row: GDP per head 1, 2 and 3 years after the last war year.
GDP_YEARS = 3


def _barred_row(c: CheckSpec, cal: str, value: float, lo: float, hi: float,
                bars: Sequence[EpisodeBar], **kw: Any) -> dict:
    """A row on the rule's range ``[lo, hi]`` narrowed by the episode's bars (the stricter
    end of each applies), its source naming them."""
    row = make_row(c, cal, value, max([lo] + [b.low for b in bars]),
                   min([hi] + [b.high for b in bars]), **kw)
    row["source"] += "".join(f"; bar for this episode: {b.source}" for b in bars)
    return row


def _sign_rows(spec: ValidationSpec, name: str, peace: pd.DataFrame) -> list[dict]:
    """Rows of the inflation-sign bars set on episode ``name`` (none without a bar).

    The value is the share of the bar's years in which the model's annual CPI inflation
    has the stated sign (a year the file records no CPI inflation for is not applicable).
    """
    c = spec.checks["backtest.inflation_signs"]
    cpi = peace[[(v, s) in _INFLATION for v, s in zip(peace["variable"], peace["stat"])]]
    model = {int(str(p)[:4]): float(m) for p, m in zip(cpi["period"], cpi["model"])}
    rows = []
    for b in c.bars_for(name):
        wanted = {**{y: 1.0 for y in b.positive}, **{y: -1.0 for y in b.negative}}
        signs = ", ".join(f"{label} in {_span(ys)}" for label, ys in
                          (("positive", b.positive), ("negative", b.negative)) if ys)
        fields = {"episode": name, "signs": signs}
        missing = sorted(y for y in wanted if y not in model)
        if missing:
            rows.append(make_row(c, f"episode {name}", None, fields=fields,
                                 note=f"not applicable: the episode file records no CPI "
                                      f"inflation for {missing[0]}"))
            continue
        right = [y for y, sign in wanted.items() if model[y] * sign > 0]
        wrong = sorted(set(wanted) - set(right))
        row = make_row(c, f"episode {name}", len(right) / len(wanted), fields=fields,
                       note="model: " + ", ".join(f"{y} {model[y]:.3g} %" for y in
                                                  sorted(wanted))
                            + (f"; wrong sign in {', '.join(map(str, wrong))}" if wrong else ""))
        row["source"] += f"; {b.source}"
        rows.append(row)
    return rows


def _span(years: Sequence[int]) -> str:
    ys = sorted(years)
    return str(ys[0]) if len(ys) == 1 else f"{ys[0]}-{ys[-1]}" \
        if ys == list(range(ys[0], ys[-1] + 1)) else ", ".join(map(str, ys))


def _years(periods: pd.Series) -> str:
    ys = sorted({str(p)[:4] for p in periods})
    return ys[0] if len(ys) == 1 else f"{ys[0]}-{ys[-1]}"


def episode_rows(spec: ValidationSpec, name: str, comparison: pd.DataFrame,
                 war_outside: int, war_total: int,
                 at_bounds: Sequence[str] = (),
                 turned: Sequence[str] | None = None,
                 last_war_year: int | None = None) -> list[dict]:
    """Backtest rows of one episode from its comparison table.

    Parameters
    ----------
    comparison : pandas.DataFrame
        :attr:`BacktestResult.comparison`: period, variable, actual (the
        record), model, stat, phase (``war (fitted)`` or ``peace``), source.
    war_outside, war_total : int
        Last-war-year targets outside their tolerance, and their number.
    at_bounds : sequence of str
        Free values the war-year fit left at a bound of their search range; the war-fit
        row's note names them (the war year did not pin them down, and the peace rows
        depend on where the fit stopped).
    turned : sequence of str, optional
        Keys of the peace rows that turn when a free value moves by a standard error and
        the war year keeps its fit
        (:func:`peacetrap.analysis.backtest_sensitivity.turning_rows`); the war-fit row's
        note names them (``None``: not measured, nothing said).
    last_war_year : int, optional
        The episode's ``[episode].last_war_year``, which the peace years count from
        (``None``: the latest year of the comparison's war rows).
    """
    chk, cal = spec.checks, f"episode {name}"
    comp = comparison.copy()
    comp["year"] = [int(str(p)[:4]) for p in comp["period"]]
    war = comp[comp["phase"].str.startswith("war")]
    peace = comp[comp["phase"] == "peace"]
    last_war = last_war_year if last_war_year is not None else \
        int(war["year"].max()) if len(war) else int(peace["year"].min()) - 1
    rows = []
    c = chk["backtest.gdp"]
    g = peace[(peace["variable"] == "gdp_real") & (peace["stat"] == "growth_mean")]
    g = g.sort_values("year").drop_duplicates("year")
    by_year = {int(y): r for y, r in zip(g["year"], g.itertuples())}
    rec_growth: list[float] = []
    mod_growth: list[float] = []
    for j in range(1, GDP_YEARS + 1):
        year = last_war + j
        fields = {"episode": name, "year": year, "last_war_year": last_war}
        if year not in by_year or len(rec_growth) != j - 1:
            missing = [y for y in range(last_war + 1, year + 1) if y not in by_year]
            chain = f"the chain {last_war + 1}-{year} needs" if j > 1 else "the row needs"
            rows.append(make_row(c, cal, None, fields={**fields, "record": "none"},
                                 note=f"not applicable: the episode file records no annual real "
                                      f"GDP growth (gdp_real, growth_mean) for "
                                      f"{', '.join(map(str, missing))}, which {chain}"))
            continue
        r = by_year[year]
        rec_growth.append(float(r.actual))
        mod_growth.append(float(r.model))
        record = ms.cumulative_change_pct(rec_growth)[-1]
        model = ms.cumulative_change_pct(mod_growth)[-1]
        lo, hi = ms.record_band(record, c.options["factor"], c.options.get("pp"))
        rows.append(_barred_row(c, cal, model, lo, hi, c.bars_for(name, year),
                                fields={**fields, "record": r.source},
                                note=f"record {record:.3g}%"))
    covered = range(last_war + 1, last_war + GDP_YEARS + 1)
    for b in c.bars:
        if b.episode == name and b.year not in covered:
            # a bar on a year without a row would otherwise go unused without a word
            rows.append(make_row(c, cal, None, fields={"episode": name, "year": b.year,
                                                         "last_war_year": last_war,
                                                         "record": "none"},
                                 note=f"not applicable: a bar is set on {b.year}, but the "
                                      f"rows cover {covered[0]}-{covered[-1]}, the "
                                      f"{GDP_YEARS} years after the last war year"))
    for cid, sel in (("backtest.unemployment_peak", peace["variable"] == "unemployment_rate_pct"),
                     ("backtest.inflation_peak",
                      [(v, s) in _INFLATION for v, s in zip(peace["variable"], peace["stat"])])):
        c = chk[cid]
        part = peace[np.asarray(sel, dtype=bool)]
        window = next((b.years for b in c.bars_for(name) if b.years is not None), None)
        if window is not None:
            part = part[part["year"].between(*window)]
        if part.empty:
            where = (f" in the bar's years {window[0]}-{window[1]}" if window is not None
                     else " after the last war year")
            rows.append(make_row(c, cal, None, fields={"episode": name, "years": "none",
                                                         "record": "none"},
                                 note=f"not applicable: the episode file records no such "
                                      f"figure{where}"))
            continue
        top = part.loc[part["actual"].idxmax()]
        record, model = float(part["actual"].max()), float(part["model"].max())
        lo, hi = ms.record_band(record, c.options["factor"], c.options.get("pp"))
        rows.append(_barred_row(
            c, cal, model, lo, hi, c.bars_for(name),
            fields={"episode": name, "years": _years(part["period"]), "record": top["source"]},
            note=f"record peak {record:.3g} in {top['period']}; model peak in "
                 f"{part.loc[part['model'].idxmax(), 'period']}"))
    rows += _sign_rows(spec, name, peace)
    c = chk["backtest.war_fit"]
    share = (war_total - war_outside) / war_total if war_total else None
    bounds = (f"; at a bound of their search range: {', '.join(at_bounds)}"
              if at_bounds else "")
    if turned is not None:
        bounds += ("; peace rows that turn when a free value moves (by a standard error, or "
                   "to an end of its range without one) and the war year keeps its fit: "
                   f"{', '.join(turned) or 'none'}")
    rows.append(make_row(c, cal, share, fields={"episode": name,
                                                "targets": f"{war_total} targets"},
                         note=f"{war_total - war_outside} of {war_total} within tolerance"
                              + bounds))
    return rows


def backtest_one(model: Model, spec: ValidationSpec, episode: str) -> list[dict]:
    """Load, calibrate and backtest one episode; its scoreboard rows."""
    from pathlib import Path

    from peacetrap.calibrate.episodes import backtest, load_episode

    name = episode
    try:
        ep = load_episode(model, episode)
        name = ep.name
        res = backtest(model, ep)
    except PeacetrapError as exc:
        # rows named by the episode (a file's [episode].name once it loads, else its stem)
        name = name if name != episode else Path(episode).stem
        signs = ("backtest.inflation_signs",) \
            if spec.checks["backtest.inflation_signs"].bars_for(name) else ()
        return [make_row(spec.checks[cid], f"episode {name}", float("nan"),
                         fields={"episode": name, "year": "-", "last_war_year": "-",
                                 "years": "-", "record": "-", "targets": "-", "signs": "-"},
                         note=f"backtest failed: {exc}")
                for cid in ("backtest.gdp", "backtest.unemployment_peak",
                            "backtest.inflation_peak") + signs + ("backtest.war_fit",)]
    from peacetrap.analysis.backtest_sensitivity import free_value_sensitivity, turning_rows

    d = res.fit.diagnostics
    turned, _, _, _ = turning_rows(free_value_sensitivity(model, res, spec).table)
    return episode_rows(spec, ep.name, res.comparison,
                        len(d.get("targets_outside_tolerance", [])), len(ep.targets.targets),
                        d.get("parameters_at_bounds", []), turned, ep.last_war_year)


# ---------------------------------------------------------------------------- history
def _short(source: str) -> str:
    return source.split(";")[0].split("(")[0].strip()


def history_rows(model: Model, cal: Calibration, spec: ValidationSpec) -> list[dict]:
    """The record's figures (targets and checks) within tolerance, per variable, and the
    appendix figures."""
    from peacetrap.calibrate.targets import load_targets, targets_names

    chk, name = spec.checks, cal.name
    rows: list[dict] = []
    c_all, c_var = chk["history.record"], chk["history.record_variable"]
    record = c_all.options.get("record", "observed")
    fields = {"record": record}
    own: set[str] = set()
    if cal.name in targets_names() and cal.name != record:
        own = own_figures(model, load_targets(model, cal.name), record)
    ev = against_record(model, cal, own, record)
    if ev.empty:
        rows.append(make_row(c_all, name, None, fields={**fields, "count": "none"},
                             note=f"not applicable: no target of {record} in the calibration's "
                                  f"history {cal.history_start}-{cal.history_end}"))
    else:
        ok = ev["within"].to_numpy(bool)
        skipped = f"; not compared (set by the calibration itself): {', '.join(sorted(own))}" \
            if own else ""
        rows.append(make_row(c_all, name, float(ok.mean()),
                             fields={**fields, "count": f"{int(ok.sum())} of {len(ok)}"},
                             note=f"{int(ok.sum())} of {len(ok)} figures (fitted targets and "
                                  "checks) within tolerance"
                                  f"{skipped}"))
        for var, part in ev.groupby("variable", sort=False):
            k = int(np.argmax(np.abs(part["miss"].to_numpy())))
            worst = part.iloc[k]
            detail = (f"{worst['period']}: model {worst['model']:.4g} vs {worst['record']:.4g} "
                      f"+- {worst['tolerance']:.3g}")
            srcs = "; ".join(dict.fromkeys(_short(s) for s in part["source"]))
            rows.append(make_row(c_var, name, float(abs(worst["miss"])),
                                 fields={**fields, "variable": var, "worst": detail,
                                         "sources": srcs},
                                 note=f"{len(part)} target(s); miss = |model - record| / "
                                      "tolerance"))
    c = chk["history.appendix"]
    tname = c.options.get("targets", "appendix")
    year = c.options.get("year", "2025")
    applies = c.options.get("applies_to", [tname])
    if cal.name not in applies:
        rows.append(make_row(c, name, None, fields={"variable": "the essay's figures",
                                                   "period": year, "unit": "-", "targets": tname,
                                                   "record": "-"},
                             note=f"not applicable: {cal.name} is not built to the essay's "
                                  f"appendix (applies to {', '.join(applies)})"))
        return rows
    ts = load_targets(model, tname)
    mine = own_figures(model, ts, record)
    figs = [t for t in ts.targets if str(t.period).startswith(year) and t.variable in mine]
    ev = evaluate_targets(model, cal, replace(ts, targets=figs))
    tol = c.options.get("rel_tolerance", 0.01)
    for r in ev.itertuples():
        lo, hi = sorted((r.value * (1 - tol), r.value * (1 + tol)))
        rows.append(make_row(c, name, float(r.model), lo, hi,
                             fields={"variable": r.variable, "period": r.period,
                                     "unit": variable_unit(model, r.variable), "targets": tname,
                                     "record": f"{r.value:g}"}))
    return rows


def variable_unit(model: Model, variable: str) -> str:
    """Unit label of a timeline column or model quantity."""
    if variable in model.spec.quantities:
        return model.spec.quantities[variable].shown_unit
    for suffix, unit in (("_pct_gdp", "% of GDP"), ("_pct", "%"), ("_thousands", "thousand"),
                         ("_count", "designations"), ("rub_per_usd", "LCU/USD")):
        if variable.endswith(suffix):
            return unit
    return "index"


# -------------------------------------------------------------------------- accounting
def step_halving_change(model: Model, cal: Calibration, scenario: str = "sudden-peace") -> float:
    """Largest relative change of a reported contract figure when the step is halved.

    The run as reported (its step chosen by the integrator, see
    :func:`peacetrap.run.engine.refined_steps`) against the same run at half that
    step.  Figures are compared on a floor of 1 in their unit (percent figures on 1 pp).
    """
    return step_halving(model, cal, scenario)[0]


def step_halving(model: Model, cal: Calibration,
                 scenario: str = "sudden-peace") -> tuple[float, int]:
    """:func:`step_halving_change` and the steps a quarter of the run as reported."""
    from peacetrap.run.setups import load_scenario
    from peacetrap.run.simulate import simulate
    from peacetrap.run.timeline import CONTRACT

    sc = load_scenario(model, scenario)
    cols = [c for c in CONTRACT if c not in ("quarter", "scenario")]
    run = simulate(model, cal, [sc])
    steps = int(run.steps[0]) if run.steps is not None else 0
    a = run.timeline(0)[cols].to_numpy(dtype=float)
    b = simulate(model, cal, [sc], steps_per_quarter=2 * steps).timeline(0)[cols]
    b = b.to_numpy(dtype=float)
    return float(np.nanmax(np.abs(a - b) / np.maximum(np.abs(b), 1.0))), steps


def accounting_rows(model: Model, cal: Calibration, spec: ValidationSpec) -> list[dict]:
    """Symbolic identities, people and money along a run, step halving."""
    from peacetrap.checks import check_accounting_numeric, check_accounting_symbolic

    chk, name = spec.checks, cal.name
    sym = check_accounting_symbolic(model.spec)
    rows = [make_row(chk["accounting.symbolic"], name, float(sym.figures.get("n_failed", np.nan)),
                     note=sym.message)]
    num = check_accounting_numeric(model, cal)
    f = num.figures
    people = f.get("drift_people", np.nan)
    money = max(f.get("drift_bank_balance_sheet", np.nan), f.get("tfm_max_relative", np.nan))
    note = "" if num.passed else num.message
    rows.append(make_row(chk["accounting.people"], name, float(people), note=note))
    rows.append(make_row(chk["accounting.money"], name, float(money), note=note))
    try:
        change, steps = step_halving(model, cal)
        note = (f"contract columns, history and sudden peace, {steps} vs {2 * steps} steps a "
                "quarter")
    except PeacetrapError as exc:
        change, note = float("nan"), failure_note(exc)
    rows.append(make_row(chk["accounting.step_halving"], name, change, note=note))
    return rows

