r"""Historical sudden-peace episodes: build, calibrate to the last war year, backtest.

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
    deficit = { value = 21.5, source = "..." }        # optional, government, % of GDP

    [parameters]                 # optional behaviour overrides (display units); not the
                                 # values the balancing sets (see below)
    [war.defence_procurement]    # input paths up to history_end (any input)
    points = [["1944Q1", 30.0]]
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
    [[actual]]                   # what happened afterwards: compared, never fitted
    variable = "unemployment_rate_pct"
    period = "1947"
    stat = "mean"
    value = 1.4
    source = "JST unemp 1947"

Transplant (the generic mechanism)
----------------------------------
The episode economy is the template calibration (pre-war Russia, balanced)
rescaled, with the war's stocks set from the facts:

1. scales: money :math:`r_M = Y^{ep}_n / Y^{tpl}_0` (nominal GDP over the
   template's ``base_gdp``), people :math:`r_P = L^{ep} / L^{tpl}` (labour
   force with soldiers), dollars :math:`r_\$ = r_M X^{tpl} / X^{ep}`;
2. the template's oil sector is folded into the rest of the economy, so an
   economy without oil keeps the template's balances: oil export volume 0,
   non-oil exports raised by the template's oil export revenue, the non-oil
   tax rate raised by the template's oil taxes over household income;
3. money stocks and ``base_gdp`` scale
   with :math:`r_M`; people stocks with :math:`r_P` (labour-market frictions are shares
   of the labour force, so they need no rescaling); wages and productivity with
   :math:`r_M/r_P`; dollar parameters (``nonoil_exports``) with :math:`r_\$`;
4. facts then set soldiers, unemployment, broad money, government debt, the
   key rate, expected inflation and the exchange rate; defence workers are set
   to the war procurement's labour requirement :math:`g_d Y^T / (a_{dr} a)`;
   civilian capacity and expected income shrink by the defence share in
   excess of the template's; casualties, waiting veterans and sanctions start
   at 0;
5. the facts describe the last war year but the simulation starts a spin-up
   year earlier, so the money facts (nominal GDP, broad money, debt) are
   deflated by the trend nominal growth (the inflation fact plus
   ``productivity_growth``) over the time from the start to the middle of the
   last war year (1.625 years when the history starts in Q1); their ratios
   are kept and the last war year's nominal GDP stays a target.

Balancing (:func:`balance_frame`)
---------------------------------
The initial state is then made consistent with the first quarter's inputs:
zero employment and capacity gaps (civilian employment below labour demand
by just what keeps it steady against the army's and the defence industry's
recruiting), expected income on its steady-growth path, money holdings equal
to money demand (so an overhang comes from the episode's history, not from
the template's money-demand ratio), the exchange-rate rule at rest, nominal
GDP at the (deflated) fact through the private-spending propensity, and the
optional national-accounts facts through the parameters of :data:`CLOSURES`.
Each value is clipped into the model's range and every clip is reported as a
note (the ranges of several structural ratios are the Russian calibration's
and exclude other economies, see docs/calibration.md); where the propensity
is at a bound, exports close the GDP level and the current-account fact is
not met.  The balancing is part of the fit: every candidate of the search is
re-balanced with its own free values and history (``TargetSet.prepare``), so
a fitted procurement or rationing scale never starts from an unbalanced
state.  The values the balancing sets cannot be given in ``[parameters]`` or
freed.

The free values are then fitted to the last war year's targets
(:func:`peacetrap.calibrate.fit.calibrate`), the peace paths are run as a
scenario, and the ``[[actual]]`` figures are compared with the model's, by
the same period/statistic rules as targets (annual means, Q4 values,
annual-average growth).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peacetrap.errors import InputError, suggest
from peacetrap.core.model import Model
from peacetrap.io.paths import Path as TimePath
from peacetrap.io.paths import from_spec
from peacetrap.io.resources import resolve, shipped
from peacetrap.run.setups import Calibration, Scenario, input_grid, load_calibration
from peacetrap.run.simulate import evaluate_derived, simulate
from peacetrap.run.timeline import contract_columns
from peacetrap.io.schemas import episode_schema
from peacetrap.io.tomlfiles import read_toml, sha256
from peacetrap.io.validation import dump, validate

from peacetrap.calibrate.columns import known_variables
from peacetrap.calibrate.fit import FitResult, calibrate
from peacetrap.calibrate.targets import TargetSet, targets_from_dict

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    "deficit": ("% of GDP (general or central government, as the source gives it)", False),
}
#: Facts that may be negative.
SIGNED_FACTS = ("inflation", "current_account", "deficit")
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


def episode_names() -> list[str]:
    """Shipped episodes (``calibration/episodes/*.toml``)."""
    return list(shipped("calibration", "episodes"))


def _template_flows(model: Model, cal: Calibration) -> dict[str, float]:
    """Flows and auxiliaries of a calibration at its initial state (display units)."""
    full = model.complete(cal.values if len(cal.values) else None)
    p, x0 = model.internal(full)
    u = input_grid(model, cal, [None], np.array([0.0]))[0].T[None, :, :]
    der = evaluate_derived(model, x0[:, None, :], x0, p, u)[0, 0]
    lay = model.layout
    q = model.spec.quantities
    return {n: float(der[i] * q[n].to_display) for i, n in enumerate(lay.derived)}


def transplant(model: Model, template: Calibration, facts: dict[str, float],
               procurement_pct: float) -> pd.Series:
    """Values (display units) of the template economy rescaled to an episode's facts.

    Parameters
    ----------
    template : Calibration
        Balanced pre-war calibration whose behaviour is kept.
    facts : dict
        See :data:`FACTS` (display units of each fact).
    procurement_pct : float
        War procurement at the episode's start (% of trend GDP), for the
        defence-industry labour requirement.

    Returns
    -------
    pandas.Series
        Parameters and initial stocks for the episode.
    """
    v = model.complete(template.values if len(template.values) else None).iloc[0].copy()
    flows = _template_flows(model, template)
    people = ["civilian_employment", "defence_workers", "soldiers", "veterans_waiting",
              "unemployed", "inactive", "casualties"]
    l_tpl = float(sum(v[n] for n in people))
    r_m = facts["nominal_gdp"] / v["base_gdp"]
    r_p = facts["labour_force"] / l_tpl
    r_usd = r_m * v["exchange_rate"] / facts["exchange_rate"]
    # fold the oil sector into the rest of the economy
    oil_usd = flows["oil_exports_usd"]
    v["nonoil_exports"] = (v["nonoil_exports"] + oil_usd) * r_usd
    v["tax_rate"] = v["tax_rate"] + flows["oil_taxes"] / flows["household_income"]
    v["base_gdp"] *= r_m
    for n in ("nominal_wage", "productivity"):
        v[n] *= r_m / r_p
    excess = max(facts["defence_share"] - flows["defence_share"], 0.0) / 100.0  # both in %
    for n in ("broad_money", "government_debt", "reserve_fund", "official_reserves",
              "private_foreign_assets", "expected_income", "capital", "expected_demand"):
        v[n] *= r_m
    v["capital"] *= (1.0 - excess)
    v["expected_demand"] *= (1.0 - excess)
    v["expected_income"] *= (1.0 - 0.5 * excess)
    v["broad_money"] = facts["broad_money"]
    if "government_debt" in facts:
        v["government_debt"] = facts["government_debt"]
    v["key_rate"] = facts["short_rate"]
    for n in ("expected_inflation", "smoothed_inflation", "perceived_target"):
        v[n] = facts["inflation"]
    # the central bank's rule reproduces the episode's starting rate
    v["neutral_rate_estimate"] = facts["short_rate"] - facts["inflation"]
    v["exchange_rate"] = facts["exchange_rate"]
    v["sanctions"] = 0.0
    soldiers = facts["soldiers"]
    civil = facts["labour_force"] - soldiers
    unemployed = facts["unemployment_rate"] / 100.0 * civil
    trend = v["base_gdp"]
    need = procurement_pct / 100.0 * trend / (v["defence_productivity_ratio"]
                                              * v["productivity"]) * 1000.0  # thousand
    defence = min(need, 0.8 * (civil - unemployed))
    v["soldiers"] = soldiers
    v["unemployed"] = unemployed
    v["defence_workers"] = defence
    v["civilian_employment"] = civil - unemployed - defence
    v["inactive"] *= r_p
    for n in ("veterans_waiting", "casualties"):
        v[n] = 0.0
    return v


MONEY_FACTS = ("nominal_gdp", "broad_money", "government_debt")


#: Initial values the balancing always sets (display units).
BALANCED = ("productivity", "civilian_employment", "defence_workers", *("hours",
            "defence_hours", "capital", "expected_demand", "expected_income"),
            "propensity_to_consume", "money_demand_ratio",
            "reserve_accumulation_norm", "nonoil_exports", "participation_rate")
#: Stocks with dynamics of their own that the balancing puts on their steady-growth path by
#: a Newton solve of their own rate equations (no hand-written steady states).
SOLVED_STOCKS = ("hours", "defence_hours", "capital", "expected_demand", "expected_income")
#: Optional facts (share of nominal GDP, %) and the parameter each one sets.
CLOSURES = {"current_account": "nonoil_exports", "imports": "import_propensity",
            "deficit": "tax_rate"}


def _inputs_at_start(model: Model, cal: Calibration, histories: list) -> np.ndarray:
    """Inputs (internal units) at the first instant, one row per member."""
    from peacetrap.calibrate.batch import with_history

    cache: dict[int, np.ndarray] = {}
    rows = []
    for hist in histories:
        key = id(hist) if hist else 0
        if key not in cache:
            cache[key] = input_grid(model, with_history(cal, hist), [None],
                                    np.array([0.0]))[0][:, 0]
        rows.append(cache[key])
    return np.array(rows)[:, None, :]


def _stock_rates(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray) -> np.ndarray:
    """Rates of change of every stock at the initial state, one row per member."""
    rhs = model.kernels.rhs
    out = np.empty_like(x)
    for m in range(x.shape[0]):
        rhs(x[m], x[m], p[m], u0[m, 0], out[m])
    return out


def _growth_rates(model: Model, x: np.ndarray, p: np.ndarray, i_pi: int) -> np.ndarray:
    """Steady growth rate (per year) of each stock and member: its growth class at trend
    productivity growth and, for nominal classes, the expected inflation of the start."""
    lay = model.layout
    g_a = p[:, lay.parameters.index("productivity_growth")]
    pi_e = x[:, i_pi]
    rates = {"none": 0.0 * g_a, "accumulator": 0.0 * g_a, "productivity": g_a,
             "price": pi_e, "wage": pi_e + g_a, "nominal": pi_e + g_a,
             "foreign": p[:, lay.parameters.index("foreign_inflation")]}
    out = np.zeros_like(x)
    for j, name in enumerate(lay.stocks):
        cls = model.spec.quantities[name].growth
        out[:, j] = rates.get(cls, 0.0 * g_a)
    return out


def _solve_stocks(model: Model, x: np.ndarray, p: np.ndarray, u0: np.ndarray,
                  cols: list[int], growth: np.ndarray, sweeps: int = 3) -> None:
    r"""Put stocks on their steady-growth path, in place: :math:`f_j(x) = \gamma_j x_j`.

    A Newton step per stock on the model's own rate :math:`f_j` (the compiled right-hand
    side), its own-derivative by finite differences, repeated ``sweeps`` times (the outer
    fixed point of :func:`balance_frame` iterates further).  Steps are limited to halving
    or doubling a stock.
    """
    for _ in range(sweeps):
        for j in cols:
            f0 = _stock_rates(model, x, p, u0)[:, j] - growth[:, j] * x[:, j]
            h = 1e-6 * np.maximum(np.abs(x[:, j]), 1e-9)
            x[:, j] += h
            f1 = _stock_rates(model, x, p, u0)[:, j] - growth[:, j] * x[:, j]
            x[:, j] -= h
            slope = (f1 - f0) / h
            step = np.where(np.abs(slope) > 0, -f0 / np.where(slope == 0, 1.0, slope), 0.0)
            x[:, j] = np.clip(x[:, j] + step, 0.5 * x[:, j], 2.0 * x[:, j]) \
                if np.all(x[:, j] > 0) else x[:, j] + step


def balance_frame(model: Model, cal: Calibration, frame: pd.DataFrame,
                  histories: list | None = None, closures: dict[str, float] | None = None,
                  iterations: int = 1000, tol: float = 1e-11
                  ) -> tuple[pd.DataFrame, dict[str, tuple[float, float]]]:
    r"""Balance the initial state of a batch of value sets (vectorised fixed point).

    A rescaled template with wartime stocks starts far from the model's
    adjustment targets (civilian demand above capacity, hiring gaps of whole
    labour forces, money holdings far from money demand), which is a numerical
    shock, not history.  With :math:`Y_c` civilian demand and :math:`G_d` real
    procurement at the initial state (each member with its own inputs at the
    start, so a fitted rationing or procurement scale is balanced too), the
    iteration sets

    .. math::

        a = \frac{Y_c + G_d / a_{dr}}{E_c + E_d}, \quad
        E_c = Y_c / a, \quad E_d = G_d/(a_{dr} a), \quad K_c = Y_c, \quad
        Y^e = Y_h, \quad k_m \leftarrow k_m \frac{M}{M^d}, \quad
        b_n = \frac{CA - K_f}{Y_n}

    (productivity absorbs the level; both employment gaps and the capacity
    gap start at zero; expected income equals income; the money households
    hold is the money they want, so an overhang is built by the episode's
    history, not inherited from the template's money-demand ratio; the
    exchange-rate rule starts at rest), and, for each optional fact of
    :data:`CLOSURES` (shares of nominal GDP :math:`Y_n`),

    .. math::

        x_n \leftarrow x_n \frac{I_m + ca\, Y_n}{X_x}, \quad
        \mu_m \leftarrow \mu_m \frac{im\, Y_n}{I_m}, \quad
        \tau_h \leftarrow \tau_h + \frac{D - d\, Y_n}{Y_h}

    (the current account, the import share and the government deficit start
    at their facts).  Every value is clipped into the model's range; soldiers,
    unemployment, money, debt, prices and rates keep their facts.

    Parameters
    ----------
    frame : pandas.DataFrame
        Value sets (display units), one row per member; missing columns come
        from ``cal``.
    histories : list, optional
        Per member history paths replacing ``cal``'s (``None`` keeps them).
    closures : dict, optional
        Facts of :data:`CLOSURES` (% of nominal GDP).

    Returns
    -------
    frame : pandas.DataFrame
        ``frame`` with the balanced values (display units).
    clipped : dict
        For the first member, each value the model's range clipped:
        ``name -> (value wanted, value used)``.
    """
    closures = closures or {}
    n = len(frame)
    histories = histories if histories is not None else [None] * n
    full = frame.reset_index(drop=True).copy()
    for name, val in cal.values.items():
        if name not in full.columns:
            full[name] = val
    full = model.complete(full)
    p, x = model.internal(full)
    u0 = _inputs_at_start(model, cal, histories)
    lay = model.layout
    si = {n_: lay.stocks.index(n_) for n_ in ("civilian_employment", "defence_workers",
                                              "productivity", "expected_inflation",
                                              "broad_money", *SOLVED_STOCKS)}
    pi = {n_: lay.parameters.index(n_) for n_ in ("defence_productivity_ratio", "base_gdp",
                                                  "civilian_hiring_time", "income_smoothing",
                                                  "productivity_growth",
                                                  "propensity_to_consume",
                                                  "money_demand_ratio",
                                                  "reserve_accumulation_norm",
                                                  "participation_rate", "hours_response",
                                                  *CLOSURES.values())}
    di = {n_: lay.derived.index(n_) for n_ in ("civilian_demand", "procurement_real",
                                               "consumption", "hiring_fill",
                                               "civilian_labour_need", "defence_labour_need",
                                               "household_income", "money_demand",
                                               "current_account", "capital_outflow",
                                               "gdp_nominal", "exports", "imports", "deficit",
                                               "labour_force_target", "labour_force")}

    def rng(name: str) -> tuple[float, float]:
        lo, hi = model.spec.quantities[name].bounds
        f = model.factor(name)
        return (-np.inf if lo is None else lo * f, np.inf if hi is None else hi * f)

    bounds = {n_: rng(n_) for n_ in pi}
    wanted: dict[str, np.ndarray] = {}

    def setp(name: str, val: np.ndarray) -> None:
        wanted[name] = val.copy()
        lo, hi = bounds[name]
        p[:, pi[name]] = np.clip(val, lo, hi)

    watch = ([("x", si[k]) for k in ("productivity", "civilian_employment", *SOLVED_STOCKS)]
             + [("p", pi[k]) for k in ("propensity_to_consume", "money_demand_ratio",
                                       *CLOSURES.values())])

    def snapshot() -> np.ndarray:
        return np.column_stack([(x if a == "x" else p)[:, j] for a, j in watch])

    # stuck: the propensity is at a bound, so exports close the GDP level instead (and the
    # current-account fact, if any, cannot be met); decided after a first sweep
    growth = _growth_rates(model, x, p, si["expected_inflation"])
    stuck = np.zeros(n, dtype=bool)
    asked_c = np.full(n, np.nan)
    lag = np.zeros(n)
    for _sweep in range(2):
        for _ in range(iterations):
            old = snapshot()
            # stocks with their own dynamics: on their steady-growth path (Newton on the
            # model's own rate equations)
            _solve_stocks(model, x, p, u0, [si[k] for k in SOLVED_STOCKS], growth)
            der = evaluate_derived(model, x[:, None, :], x, p, u0)[:, 0, :]
            d = {k: der[:, j] for k, j in di.items()}
            civil = x[:, si["civilian_employment"]] + x[:, si["defence_workers"]]
            # civilian employment sits below labour demand by just what keeps it steady
            # against the army's and the defence industry's recruiting (Newton step on the
            # model's own rate of change; d(rate)/d(lag) ~ hiring fill / hiring time)
            rate = _stock_rates(model, x, p, u0)[:, si["civilian_employment"]]
            # (hours absorb a share hours_response of the gap, so the slope is smaller)
            lag = lag - rate * p[:, pi["civilian_hiring_time"]] / np.maximum(
                d["hiring_fill"] * (1.0 - p[:, pi["hours_response"]]), 0.05)
            # productivity absorbs the level: both labour needs scale with 1/a except the
            # defence industry's quasi-fixed staff, which is read off the need at 1/a -> 0
            x_probe = x.copy()
            x_probe[:, si["productivity"]] *= 1e6
            fixed_d = evaluate_derived(model, x_probe[:, None, :], x_probe, p, u0)[:, 0, :][
                :, di["defence_labour_need"]]
            var = d["civilian_labour_need"] + d["defence_labour_need"] - fixed_d
            scale = var / (civil + lag - fixed_d)
            x[:, si["productivity"]] *= scale
            x[:, si["civilian_employment"]] = d["civilian_labour_need"] / scale - lag
            x[:, si["defence_workers"]] = civil - x[:, si["civilian_employment"]]
            setp("money_demand_ratio",
                 p[:, pi["money_demand_ratio"]] * x[:, si["broad_money"]] / d["money_demand"])
            gdp = d["gdp_nominal"]
            target = p[:, pi["base_gdp"]]          # nominal GDP at the start (prices are 1)
            c = p[:, pi["propensity_to_consume"]]
            c_want = c * (1.0 + 0.5 * (target - gdp) / d["consumption"])
            setp("propensity_to_consume", np.where(stuck, c, c_want))
            x_n = p[:, pi["nonoil_exports"]]
            if "current_account" in closures:
                free_x = x_n * (d["imports"] + closures["current_account"] / 100.0 * gdp) \
                    / d["exports"]
            else:
                free_x = x_n
            setp("nonoil_exports",
                 np.where(stuck, x_n * (1.0 + 0.5 * (target - gdp) / d["exports"]), free_x))
            if "imports" in closures:
                setp("import_propensity", p[:, pi["import_propensity"]]
                     * closures["imports"] / 100.0 * gdp / d["imports"])
            if "deficit" in closures:
                setp("tax_rate", p[:, pi["tax_rate"]]
                     + (d["deficit"] - closures["deficit"] / 100.0 * gdp) / d["household_income"])
            setp("reserve_accumulation_norm",
                 (d["current_account"] - d["capital_outflow"]) / gdp)
            setp("participation_rate", p[:, pi["participation_rate"]] * d["labour_force"]
                 / d["labour_force_target"])
            now = snapshot()
            if np.nanmax(np.abs(now - old) / np.maximum(np.abs(old), 1e-12)) < tol:
                break
        lo, hi = bounds["propensity_to_consume"]
        new_stuck = ~stuck & ((c_want < lo * (1 - 1e-9)) | (c_want > hi * (1 + 1e-9)))
        if not new_stuck.any():
            break
        asked_c = np.where(new_stuck, c_want, asked_c)
        stuck |= new_stuck
    wanted["propensity_to_consume"] = np.where(stuck, asked_c, c_want)
    if stuck[0] and "current_account" in closures:
        wanted["nonoil_exports"] = np.array([np.nan])   # the current account was not met
    out = frame.reset_index(drop=True).copy()
    for name in ("civilian_employment", "defence_workers", "productivity", *SOLVED_STOCKS):
        out[name] = x[:, si[name]] / model.factor(name)
    active = ["propensity_to_consume", "money_demand_ratio", "reserve_accumulation_norm",
              "nonoil_exports", "participation_rate"] + [CLOSURES[c] for c in closures if CLOSURES[c] != "nonoil_exports"]
    for name in active:
        out[name] = p[:, pi[name]] / model.factor(name)
    clipped = {}
    for name in active:
        w, used = float(wanted[name][0]), float(p[0, pi[name]])
        if name == "nonoil_exports" and np.isnan(w):
            ca0 = float(100 * d["current_account"][0] / d["gdp_nominal"][0])
            clipped["current_account"] = (closures["current_account"], ca0)
            continue
        if not np.isclose(w, used, rtol=1e-9, atol=0.0):
            f = model.factor(name)
            clipped[name] = (w / f, used / f)
    return out, clipped


def balance(model: Model, cal: Calibration, closures: dict[str, float] | None = None,
            iterations: int = 1000) -> Calibration:
    """Balance one calibration's initial state (see :func:`balance_frame`)."""
    frame, _ = balance_frame(model, cal, cal.values.to_frame().T, None, closures, iterations)
    v = cal.values.copy()
    for c in frame.columns:
        v[c] = float(frame[c].iloc[0])
    return replace(cal, values=v)


def scaled_transplant(model: Model, template: Calibration, facts: dict[str, float],
                      procurement_pct: float) -> tuple[pd.Series, list[str], float]:
    """Transplant in internal units chosen so the model's absolute ranges hold.

    The model's ranges for scale-carrying parameters are absolute (e.g.
    ``base_gdp`` >= 1, ``nonoil_exports`` <= 5000), so an episode runs with

    * the exchange rate normalised to the template's at the start (one foreign
      unit is the foreign currency worth ``x_template`` LCU then; multiply by
      ``x_fact / x_template`` for LCU per USD), so dollar parameters keep the
      template's magnitudes, and
    * money in units of :math:`10^n` of the episode's money unit, with
      :math:`n` the power of ten that needs the fewest clipped values (ties:
      nominal GDP closest to the template's).

    Both are pure changes of units: rates, shares, growth and inflation --
    everything a backtest compares -- are unchanged.

    Returns
    -------
    values : pandas.Series
    notes : list of str
        Values clipped into range (none in a well-posed episode).
    unit : float
        Episode money units per internal money unit (:math:`10^n`).
    """
    best = None
    tpl = model.complete(template.values if len(template.values) else None).iloc[0]
    tpl_gdp, x_tpl = float(tpl["base_gdp"]), float(tpl["exchange_rate"])
    n0 = int(round(np.log10(facts["nominal_gdp"] / tpl_gdp)))
    for n in range(n0 - 3, n0 + 4):
        unit = 10.0 ** n
        f = dict(facts)
        for k in MONEY_FACTS:
            if k in f:
                f[k] = f[k] / unit
        f["exchange_rate"] = x_tpl
        vals, notes = clip_to_bounds(model, transplant(model, template, f, procurement_pct))
        key = (len(notes), abs(np.log(f["nominal_gdp"] / tpl_gdp)))
        if best is None or key < best[0]:
            best = (key, vals, notes, unit)
    if best is None:
        raise InputError("no template to transplant the episode into")
    return best[1], best[2], best[3]


def clip_to_bounds(model: Model, values: pd.Series) -> tuple[pd.Series, list[str]]:
    """Clip rescaled values into the model's allowed ranges; say which were clipped.

    Ranges of scale-carrying parameters (``base_gdp``, ``nonoil_exports``) are
    absolute, so a small economy can fall outside them after rescaling.
    """
    out = values.copy()
    notes = []
    for name, val in values.items():
        lo, hi = model.spec.quantities[name].bounds
        new = min(max(val, lo if lo is not None else val), hi if hi is not None else val)
        if new != val:
            out[name] = new
            notes.append(f"{name} rescaled to {val:.4g} is outside the model's range "
                         f"[{lo}, {hi}]; clipped to {new:.4g}")
    return out, notes


def _facts(data: object, where: str) -> tuple[dict[str, float], dict[str, str]]:
    """Values and sources of a validated ``[facts]`` table, with the checks across facts."""
    vals, srcs = {}, {}
    for key in FACTS:
        entry = getattr(data, key, None)
        if entry is not None:
            vals[key], srcs[key] = entry.value, entry.source
    for key in ("nominal_gdp", "labour_force", "exchange_rate"):
        if vals[key] <= 0:
            raise InputError(f"{where}: facts.{key}.value = {vals[key]:g}: must be positive")
    if vals["soldiers"] >= vals["labour_force"]:
        raise InputError(f"{where}: facts.soldiers.value = {vals['soldiers']:g}: must be fewer "
                         f"than the labour force ({vals['labour_force']:g})")
    return vals, srcs


def _paths(model: Model, data: Any, epoch: pd.Period | None) -> dict[str, TimePath]:
    """Time paths of a validated table of inputs (a number holds from ``epoch``)."""
    return {k: from_spec(getattr(data, k), epoch) for k in model.layout.inputs
            if k in data.model_fields_set and getattr(data, k) is not None}


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
    facts, sources = _facts(data.facts, where)
    epoch = start - 4
    war = _paths(model, data.war, epoch)
    peace = _paths(model, data.peace, None)
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
    for key, val in overrides.items():
        values[key] = val
    model.check_values(values, f"{where} (transplanted values)")
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
    frame, clipped = balance_frame(model, cal, cal.values.to_frame().T, None, closures)
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
        notes.append(f"{clip_name}: balancing the initial state asks for {want:.4g}, outside "
                     f"the model's range {rng}; clipped to {used:.4g}")
    bad = [n for n in ("civilian_employment", "defence_workers") if cal.values[n] <= 0]
    if bad:
        raise InputError(f"{where}: the facts leave no room for {', '.join(bad)} once the "
                         "economy is balanced (check labour_force, soldiers, defence_share)")
    tset = targets_from_dict(model, traw, path, label=where, base_calibration=cal)
    base = cal
    tset.prepare = lambda fr, hist: balance_frame(model, base, fr, hist, closures)[0]
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
                   notes=notes, money_scale=unit)


def statistic(series: pd.Series, period: str, stat: str) -> float:
    """A period statistic of a quarterly series (PeriodIndex), as for targets."""
    if stat == "quarter":
        return float(series.loc[pd.Period(period, "Q")])
    y = int(period)
    cur = series[series.index.year == y]
    prev = series[series.index.year == y - 1]
    if stat == "mean":
        return float(cur.mean())
    if stat == "end":
        return float(cur.iloc[-1])
    if stat == "growth_mean":
        return float(100 * (cur.mean() / prev.mean() - 1))
    return float(100 * (cur.iloc[-1] / prev.iloc[-1] - 1))


@dataclass
class BacktestResult:
    episode: Episode
    fit: FitResult
    comparison: pd.DataFrame
    timeline: pd.DataFrame


def backtest(model: Model, episode: Episode) -> BacktestResult:
    """Calibrate to the last war year, simulate the peace, compare with the record.

    Returns
    -------
    BacktestResult
        ``comparison`` has period, variable, actual, model (and stat, phase,
        error, source); ``phase`` is ``war (fitted)`` for the calibration
        targets and ``peace`` for the out-of-sample figures.
    """
    fit = calibrate(model, episode.targets)
    cal = replace(fit.calibration, name=episode.name)
    sim = simulate(model, cal, [episode.peace], quarters=episode.peace_quarters)
    frame = sim.frame(0)
    tl = sim.timeline(0)
    # the timeline drops the spin-up year; growth statistics need it: contract columns
    # over the whole frame
    cols = contract_columns(model.info, lambda n: frame[n].to_numpy(), frame.index,
                            cal.history_start.year)
    full = pd.concat([frame, pd.DataFrame(cols, index=frame.index)], axis=1)
    rows = []
    for t, mv in zip(episode.targets.targets, fit.fit["model_value"]):
        rows.append({"period": t.period, "variable": t.variable, "actual": t.value,
                     "model": float(mv), "stat": t.stat, "phase": "war (fitted)",
                     "source": t.source})
    for a in episode.actual:
        rows.append({"period": a.period, "variable": a.variable, "actual": a.value,
                     "model": statistic(full[a.variable], a.period, a.stat), "stat": a.stat,
                     "phase": "peace", "source": a.source})
    comp = pd.DataFrame(rows)
    comp["error"] = comp["model"] - comp["actual"]
    comp = comp[["period", "variable", "actual", "model", "error", "stat", "phase", "source"]]
    return BacktestResult(episode=episode, fit=fit, comparison=comp, timeline=tl)


def comparison_figure(res: BacktestResult) -> Figure:
    """One panel per compared variable: the record (markers) and the model (line)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    comp = res.comparison
    names = list(dict.fromkeys(comp["variable"] + " [" + comp["stat"] + "]"))
    n = len(names)
    cols = min(3, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    for ax, label in zip(axes.flat, names):
        sel = comp[(comp["variable"] + " [" + comp["stat"] + "]") == label]
        x = [str(p) for p in sel["period"]]
        ax.plot(x, sel["model"], color="black", marker="o", linewidth=1.6, label="model")
        ax.plot(x, sel["actual"], color="0.5", marker="s", linestyle="none", markersize=7,
                label="actual")
        for xi, ph in zip(x, sel["phase"]):
            if ph.startswith("war"):
                ax.axvspan(xi, xi, color="0.85")
        ax.set_title(label, fontsize=9)
        ax.grid(True, color="0.9", linewidth=0.6)
        ax.tick_params(labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8, frameon=False)
    fig.suptitle(f"Backtest {res.episode.name}: last war year fitted, peace simulated "
                 "(out of sample)", fontsize=11)
    fig.tight_layout()
    return fig
