r"""Historical sudden-peace episodes: build, calibrate to the last war year, backtest.

This module gathers the public names of the episode modules, each with one job:

* :mod:`peacetrap.calibrate.episode_file` -- the file schema and :func:`load_episode`;
* :mod:`peacetrap.calibrate.episode_transplant` -- the template economy rescaled to the
  episode's facts;
* :mod:`peacetrap.calibrate.episode_balance` -- the balanced initial state;
* :mod:`peacetrap.calibrate.episode_backtest` -- the fit, the peace run and the comparison;
* :mod:`peacetrap.calibrate.episode_figure` -- the comparison figure.

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

from peacetrap.calibrate.episode_backtest import BacktestResult, backtest, statistic
from peacetrap.calibrate.episode_balance import BALANCED, CLOSURES, balance, balance_frame
from peacetrap.calibrate.episode_figure import comparison_figure
from peacetrap.calibrate.episode_file import (
    EPISODE_KEYS, FACTS, SIGNED_FACTS, TOP, Actual, Episode, episode_names, load_episode,
)
from peacetrap.calibrate.episode_transplant import (
    MONEY_FACTS, _template_flows, clip_to_bounds, scaled_transplant, transplant,
)

__all__ = ["BALANCED", "CLOSURES", "EPISODE_KEYS", "FACTS", "MONEY_FACTS", "SIGNED_FACTS", "TOP",
           "Actual", "BacktestResult", "Episode", "_template_flows", "backtest", "balance",
           "balance_frame", "clip_to_bounds", "comparison_figure", "episode_names",
           "load_episode", "scaled_transplant", "statistic", "transplant"]
