r"""The template economy transplanted into an episode's scale and facts.

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
5. an episode that sets ``productivity_growth`` but not ``world_growth`` keeps
   the template's gap between them (none: balanced growth), so its exports grow
   with its economy (applied by :func:`peacetrap.calibrate.episode_file.load_episode`
   with the episode's parameters);
6. the facts describe the last war year but the simulation starts a spin-up
   year earlier, so the money facts (nominal GDP, broad money, debt) are
   deflated by the trend nominal growth (the inflation fact plus
   ``productivity_growth``) over the time from the start to the middle of the
   last war year (1.625 years when the history starts in Q1); their ratios
   are kept and the last war year's nominal GDP stays a target.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from peacetrap.errors import InputError
from peacetrap.core.model import Model
from peacetrap.run.setups import Calibration, input_grid
from peacetrap.run.simulate import evaluate_derived


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
              "private_foreign_assets", "expected_income", "civilian_capacity"):
        v[n] *= r_m
    v["civilian_capacity"] *= (1.0 - excess)
    v["expected_income"] *= (1.0 - 0.5 * excess)
    v["broad_money"] = facts["broad_money"]
    if "government_debt" in facts:
        v["government_debt"] = facts["government_debt"]
    v["key_rate"] = facts["short_rate"]
    for n in ("expected_inflation", "smoothed_inflation", "smoothed_domestic_inflation",
              "perceived_target"):
        v[n] = facts["inflation"]
    # the rule's intercept: the starting real rate is taken as neutral, so the rule asks for
    # the starting rate where inflation is at the target and unemployment at its natural
    # rate; elsewhere the rate moves to the rule's in the first quarters (docs/measured.md,
    # "Three more mechanisms": `rateatrest`)
    v["neutral_rate_estimate"] = facts["short_rate"] - facts["inflation"]
    v["exchange_rate"] = facts["exchange_rate"]
    v["sanctions"] = 0.0
    soldiers = facts["soldiers"]
    civil = facts["labour_force"] - soldiers
    unemployed = facts["unemployment_rate"] / 100.0 * civil
    trend = v["base_gdp"]
    # the model's defence labour need: the quasi-fixed staff (a share of the civilian labour
    # force, %) plus the industry's output (procurement at home net of its import content)
    # over marginal productivity; its capacity starts equal to its output (the balancing
    # then puts it at rest), so the industry starts without strain
    output = ((1.0 - v["defence_abroad_share"]) * (1.0 - v["defence_import_share"])
              * procurement_pct / 100.0 * trend)
    need = (v["defence_fixed_staff"] / 100.0 * civil
            + output / (v["defence_productivity_ratio"] * v["productivity"]) * 1000.0)  # thousand
    v["defence_capacity"] = output
    defence = min(need, 0.8 * (civil - unemployed))
    v["soldiers"] = soldiers
    v["unemployed"] = unemployed
    v["defence_workers"] = defence
    v["civilian_employment"] = civil - unemployed - defence
    v["inactive"] *= r_p          # the working-age inactive, scaled with the population
    for n in ("veterans_waiting", "casualties"):
        v[n] = 0.0
    return v


MONEY_FACTS = ("nominal_gdp", "broad_money", "government_debt")


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
