"""Exogenous inputs: the time paths a scenario sets."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import (
    BNUSD, BNUSD_YEAR, DESIG_YEAR, FX, KP_MONTH, MBD, MONTHS, MP_YEAR, ONE, PCT, PCT_YEAR,
    PER_YEAR, USD_BBL,
)
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the inputs in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("inputs")
    g_d = r.input("defence_procurement", r"g_d", ONE,
                  "Real defence procurement (goods and services bought from the defence "
                  "industry), share of trend GDP", default=3.1, bounds=(0.0, 40.0),
                  display=PCT, source="SIPRI 3.58% of GDP (2021) less soldiers' pay",
                  channel="demand")
    g_c = r.input("civil_spending", r"g_c", ONE,
                  "Real civilian government purchases, share of trend GDP", default=18.0,
                  bounds=(0.0, 40.0), display=PCT,
                  source="Rosstat: general government final consumption ~18% of GDP (2021)",
                  channel="demand")
    rec = r.input("recruitment", r"\rho_s", MP_YEAR, "Army recruitment (contracts, "
                  "conscripts and mobilised)", default=25.0, bounds=(0.0, 300.0),
                  display=KP_MONTH, source="peacetime: routine turnover of a 1.0 mn army",
                  channel="supply")
    dm = r.input("demobilisation_rate", r"\delta_m", PER_YEAR,
                 "Share of soldiers demobilised per year", default=0.0, bounds=(0.0, 4.0),
                 source="policy", channel="supply")
    dis = r.input("discharge_rate", r"\delta_s", PER_YEAR,
                  "Routine discharges (conscripts, ending contracts) per soldier per year",
                  default=0.3, bounds=(0.0, 2.0),
                  source="12-month conscription; contracts frozen in wartime (2022 decree)",
                  channel="supply")
    cas = r.input("casualty_rate", r"c_s", PER_YEAR,
                  "Casualties (killed or permanently disabled) per soldier per year",
                  default=0.0, bounds=(0.0, 1.0), source="0 in peacetime", channel="supply")
    beta = r.input("soldier_pay_ratio", r"\beta_s", ONE,
                   "Average soldier pay relative to the average civilian wage", default=0.8,
                   bounds=(0.1, 6.0), source="pre-war military pay ~0.8 of the average wage",
                   channel="demand")
    bonus = r.input("signing_bonus", r"b_s", MONTHS,
                    "Signing bonus per recruit, in months of the average wage", default=0.0,
                    bounds=(0.0, 60.0), source="0 before the war", channel="demand")
    p_oil = r.input("oil_price", r"p_o", USD_BBL, "Benchmark (Brent) oil price in constant "
                    "dollars of the model's start (current dollars over the foreign price "
                    "level), so a constant price keeps its real value",
                    default=69.0, bounds=(5.0, 250.0),
                    source="Brent average 2021 (71 in current dollars)",
                    channel="external")
    disc = r.input("oil_discount", r"d_o", USD_BBL,
                   "Discount of the export blend to the benchmark, before sanctions' "
                   "own effect (constant dollars, as the oil price)", default=2.5, bounds=(0.0, 80.0),
                   source="Urals–Brent spread 2021 (Finance Ministry)", channel="external")
    v_oil = r.input("oil_exports", r"v_o", MBD, "Crude and product export volume at the "
                    "start's world demand (the volume exported grows with world demand's "
                    "trend from there)",
                    default=7.5, bounds=(0.0, 20.0), source="IEA: ~7.5 mb/d (2021)",
                    channel="external")
    z_new = r.input("sanctions_new", r"z^{+}", DESIG_YEAR, "New sanctions designations",
                    default=0.0, bounds=(0.0, 100000.0), source="Castellum.AI", channel="external")
    z_rel = r.input("sanctions_relief", r"z^{-}", PER_YEAR,
                    "Share of designations lifted per year", default=0.0, bounds=(0.0, 4.0),
                    source="policy", channel="external")
    pi_t = r.input("inflation_target", r"\pi^{*}", PER_YEAR, "Central bank inflation target",
                   default=4.0, bounds=(0.0, 30.0), display=PCT_YEAR,
                   source="Bank of Russia target 4%", channel="inflation")
    risk = r.input("war_risk", r"w", ONE,
                   "War risk households face (1 at war, 0 at peace): drives precautionary "
                   "money holdings", default=0.0, bounds=(0.0, 1.0), source="scenario",
                   channel="inflation")
    ration = r.input("rationing", r"\varrho", ONE,
                     "Share of desired private spending that cannot be carried out "
                     "(rationing, shortages); it is saved as money instead",
                     default=0.0, bounds=(0.0, 90.0), display=PCT,
                     source="0 in Russia; wartime Britain rationed consumption",
                     channel="inflation")
    c_k = r.input("investment_controls", r"c_K", ONE,
                  "Share of desired private investment that controls (building licences, "
                  "materials allocation) hold back", default=0.0, bounds=(0.0, 95.0),
                  display=PCT,
                  source="0 in Russia; wartime Britain licensed building and allocated "
                  "materials (private investment 10.8 % of GDP in 1938, 3.5 % in 1945, JST)",
                  channel="demand")
    c_m = r.input("import_controls", r"c_M", ONE,
                  "Share of desired civilian imports that import licensing, exchange control "
                  "and the allocation of shipping hold back", default=0.0, bounds=(0.0, 95.0),
                  display=PCT,
                  source="0 in Russia; wartime Britain licensed imports and allocated "
                  "shipping (imports 16.0 % of GDP in 1938, 7.3 % in 1945, JST)",
                  channel="external")
    c_x = r.input("export_diversion", r"c_X", ONE,
                  "Share of export demand not served because industry, labour and shipping "
                  "are directed to the war (concentration of industry, export restrictions)",
                  default=0.0, bounds=(0.0, 95.0), display=PCT,
                  source="0 in Russia; wartime Britain concentrated industry on war "
                  "production and restricted exports made with Lend-Lease materials (Export "
                  "White Paper, September 1941): exports 10.6 % of GDP in 1938, 4.7 % in "
                  "1945 (JST)", channel="external")
    peg = r.input("exchange_rate_peg", r"\kappa_x", ONE,
                  "Share of the market pressure on the exchange rate that the authorities "
                  "offset out of official reserves (100: a parity held; the balance of "
                  "payments then moves the reserves alone)", default=0.0,
                  bounds=(0.0, 100.0), display=PCT,
                  source="0 in Russia (a float since November 2014); sterling was held at "
                  "4.03 USD from 1940 to September 1949 and the dollar at its Bretton Woods "
                  "parities", channel="external")
    pi_fx = r.input("foreign_inflation_gap", r"\pi_f^{x}", PER_YEAR,
                    "Foreign (USD) inflation less its trend (world price swings: the "
                    "foreign price level grows at the trend plus this gap)", default=0.0,
                    bounds=(-30.0, 30.0), display=PCT_YEAR,
                    source="0 in Russia (the trend); US CPI-U annual averages (BLS) for an "
                    "episode whose world prices swung: 1917-22 +17.4, +18.0, +14.6, +15.6, "
                    "-10.5, -6.1 %", channel="external")
    rp = r.input("currency_risk_premium", r"\rho_x", PER_YEAR,
                 "Risk premium shock to the currency: extra depreciation a year the "
                 "currency market asks beyond the model's own drivers (a run on the "
                 "currency, a shift in sentiment), as far as no peg holds the rate",
                 default=0.0, bounds=(-200.0, 200.0), display=PCT_YEAR,
                 source="0 in every shipped history and scenario; the scoreboard's "
                 "pass-through experiment pulses it (an identified exchange-rate shock, as "
                 "in the VAR estimates it is compared with)", channel="external")
    par_c = r.input("parity_credibility", r"c_g", ONE,
                    "Credibility of a commitment to a fixed parity (gold standard, a "
                    "currency board): the weight of the inflation the parity implies in "
                    "inflation expectations, the rest formed as without it (0: no parity)",
                    default=0.0, bounds=(0.0, 100.0), display=PCT,
                    source="0 in Russia (inflation targeting since 2015); Bordo & Kydland "
                    "1995 (the gold standard as a contingent rule: a credible return to the "
                    "pre-war parity after a war); an episode reads it from its long-term "
                    "yields (see the episode files)", channel="inflation")
    par_w = r.input("parity_rule_weight", r"w_g", ONE,
                    "Weight of the parity rule in the key rate (Bank Rate set to draw the "
                    "exchange rate to its parity); the rest follows the inflation-targeting "
                    "rule (0: inflation targeting alone)", default=0.0, bounds=(0.0, 100.0),
                    display=PCT, source="0 in Russia; the Bank of England under the Cunliffe "
                    "Committee's policy (First Interim Report, August 1918; Treasury Minute "
                    "of 15 December 1919) and under the gold standard of 1925-31",
                    channel="inflation")
    par_x = r.input("parity_exchange_rate", r"X_g", FX,
                    "The parity the commitment aims at, LCU per USD (inert while the "
                    "credibility and the rule weight are 0)", default=73.7,
                    bounds=(1e-4, 1e5),
                    source="Russia: none (the 2021 average, inert); sterling's pre-war gold "
                    "parity 4.86 USD (0.2058 GBP per USD), restored in April 1925",
                    channel="inflation")
    loans = r.input("official_loans", r"L_o", BNUSD_YEAR,
                    "Official loans from foreign governments drawn (a capital inflow to the "
                    "government, which adds it to the official reserves and owes it: the "
                    "official external debt)", default=0.0, bounds=(0.0, 1000.0),
                    source="0 in Russia; Britain drew the 1946 US line of credit (3,750 mn "
                    "USD) and the Canadian loan (1,250 mn CAD) in 1946-48",
                    channel="external")
    grants = r.input("official_grants", r"A_o", BNUSD_YEAR,
                     "Official grants from foreign governments (a transfer to the "
                     "government, added to the official reserves and never repaid)",
                     default=0.0, bounds=(0.0, 1000.0),
                     source="0 in Russia; Marshall aid (European Recovery Program) from "
                     "April 1948, mostly grants", channel="external")
    c_f = r.input("capital_controls", r"\kappa_K", ONE,
                  "Share of the private capital outflow households and firms want that "
                  "exchange controls stop (mandatory sale of export proceeds, limits on "
                  "residents' transfers abroad, frozen exits of non-residents)",
                  default=0.0, bounds=(0.0, 95.0), display=PCT,
                  source="0 before 2022; Russia 2022: Presidential Decrees 79 (28 Feb "
                  "2022) and 81 (1 Mar 2022), eased from June 2022; Decree 771 (11 Oct "
                  "2023) to end-2024. The share stopped is an assumption",
                  channel="external")
    frz = r.input("frozen_reserves", r"F_z", BNUSD,
                  "Official reserves immobilised abroad (held at book value, unusable "
                  "for interventions or imports)", default=0.0, bounds=(0.0, 10000.0),
                  source="0 before 2022; about 300 bn USD of the Bank of Russia's ~640 bn "
                  "frozen by the G7 and the EU from 28 Feb 2022 (Finance Ministry, 13 Mar "
                  "2022; EU Council decisions of Feb-Mar 2022)", channel="external")
    chi = r.input("conversion_share", r"\chi", ONE,
                  "Share of defence-industry leavers moved straight into civilian jobs, "
                  "with their plants' capacity (conversion programmes)", default=0.0,
                  bounds=(0.0, 1.0), source="policy", channel="supply")
    return Symbols.of(g_d=g_d, g_c=g_c, rec=rec, dm=dm, dis=dis, cas=cas, beta=beta,
                      bonus=bonus, p_oil=p_oil, disc=disc, v_oil=v_oil, z_new=z_new,
                      z_rel=z_rel, pi_t=pi_t, risk=risk, ration=ration, chi=chi,
                      c_k=c_k, c_m=c_m, c_x=c_x, peg=peg, loans=loans,
                      grants=grants, par_c=par_c, par_w=par_w, par_x=par_x,
                      pi_fx=pi_fx, frz=frz, c_f=c_f, rp=rp)
