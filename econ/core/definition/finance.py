"""The fiscal rule and world demand: parameters and stocks, with defaults and sources.

Declared apart from :mod:`parameters` (the real side's and the older behavioural
parameters) so the nominal, fiscal and external blocks keep their own list.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import INDEX, ONE, PCT, PCT_YEAR, PER_YEAR, TN, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the fiscal-rule and world-demand quantities in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("finance")
    phi_b = r.parameter("fiscal_debt_response", r"\phi_b", ONE,
                        "Rise of the non-oil tax rate per unit of net government debt "
                        "(debt less the reserve fund, share of a year's nominal trend GDP) "
                        "above its target: the fiscal rule that stabilises debt",
                        default=0.05, bounds=(0.01, 0.3),
                        source="Bohn 1998 (US: primary surplus ~0.05 per unit of debt/GDP); "
                        "Mendoza & Ostry 2008 (emerging markets: up to ~0.1)")
    b_star = r.parameter("debt_target", r"b^{*}", ONE,
                         "Net government debt (debt less the liquid reserve fund), share of "
                         "a year's nominal trend GDP, at which the fiscal rule leaves the "
                         "non-oil tax rate at its normal level; the rule's response is "
                         "proportional, so debt settles away from it wherever the budget at "
                         "the normal rate is not balanced at this debt",
                         default=9.2, bounds=(-50.0, 150.0), display=PCT,
                         source="Finance Ministry 2021: debt 21.0 tn less NWF liquid 8.5 tn, "
                         "over GDP 135.8 tn")
    tau_t = r.parameter("budget_cycle_time", r"\tau_T", YEARS,
                        "Time the non-oil tax rate takes to follow the fiscal rule (budget "
                        "laws set next years' rates)", default=1.5, bounds=(0.5, 4.0),
                        source="Budget Code: a three-year budget adopted each autumn")
    g_w = r.parameter("world_growth", r"g_w", PER_YEAR,
                      "Trend growth of world demand for exports, oil and non-oil (volume)",
                      default=1.0, bounds=(-3.0, 8.0), display=PCT_YEAR,
                      source="assumption: the trend productivity growth of the default "
                      "(a balanced-growth path needs world demand to grow with the economy); "
                      "oil volumes on it too, as commodity-exporter models put resource "
                      "output on the economy's trend for a balanced-growth path (Medina & "
                      "Soto 2007, Central Bank of Chile WP 458: copper output)")
    k_c = r.parameter("flight_intensity", r"\kappa_c", ONE,
                      "Private capital flight at full intensity (the liquid reserve fund "
                      "exhausted under a large unmet budget call), "
                      "share of nominal trend GDP (a flow a year): a speculative run on "
                      "the currency when the government can no longer defend it "
                      "(first-generation currency crisis)", default=10.0,
                      bounds=(0.0, 25.0), display=PCT,
                      source="Krugman 1979 (mechanism); Bank of Russia: net private capital "
                      "outflow 2014Q4 ~73 bn USD and 2022Q1 ~64 bn USD, 12-14% of GDP at "
                      "an annual rate; 1998: ~8% of GDP")
    l_c = r.parameter("flight_threshold", r"l_c", ONE,
                      "Oil-revenue shortfall the reserve fund can no longer cover (to be "
                      "financed by money creation), share of nominal trend GDP, at which "
                      "capital flight is one half of its full intensity",
                      default=1.0, bounds=(0.25, 10.0), display=PCT,
                      source="assumption: Krugman 1979 (the attack comes when reserves no "
                      "longer cover a deficit financed by domestic credit); Russia 1998: "
                      "a federal deficit of ~5% of GDP with reserves exhausted")
    th_c = r.parameter("fx_crisis_premium", r"\theta_c", ONE,
                       "Log depreciation at full capital flight, beyond the flows' own "
                       "effect: the risk premium of a currency the government can no longer "
                       "defend (the jump to the shadow exchange rate of a speculative attack)",
                       default=0.5, bounds=(0.0, 1.2),
                       source="Krugman 1979; Flood & Garber 1984 (mechanism); order of "
                       "magnitude from RUB 1998 (6.3 to 21 per USD, ln 1.2), 2014 (33 to 66, "
                       "ln 0.7, about half of it the oil price) and spring 2022 (75 to 120 at "
                       "the peak, ln 0.5, before capital controls)")
    tau_c = r.parameter("crisis_pricing_time", r"\tau_c", YEARS,
                        "Time markets take to price the crisis premium into the currency",
                        default=0.25, bounds=(0.05, 1.0),
                        source="RUB 1998 and 2014: the run took weeks to a few months")
    c_r = r.parameter("relief_credibility", r"c_r", ONE,
                      "Share of sanctions relief the currency prices as it prices new "
                      "sanctions: the rest is held back against the risk that relief is "
                      "reversed (snapback clauses, banks' over-compliance with the sanctions "
                      "still in force)", default=0.25, bounds=(0.0, 1.0),
                      source="Iran: the open-market rial fell from ~13,000 to ~35,000 per USD "
                      "under the 2011-12 sanctions and only stabilised around 30,000-35,000 "
                      "after the 2015-16 relief (about none of the fall undone); a quarter "
                      "allows for relief judged more durable (assumption)")
    s_a = r.parameter("defence_abroad_share", r"s_a", ONE,
                      "Share of real defence procurement spent abroad (forces stationed "
                      "abroad: their local purchases, services and civilian labour, "
                      "purchases from allies): an import of the government, valued at the "
                      "relative price of imports, that never is domestic demand; the rest "
                      "is procured at home, with its own import content",
                      default=0.01, bounds=(0.0, 0.6),
                      source="assumption for Russia (small: forces abroad in Syria, "
                      "Tajikistan, Armenia and Africa; purchases of drones and shells from "
                      "Iran and North Korea are imports of procurement, not spending "
                      "abroad); an episode's balancing derives its own from its exports, "
                      "imports and current-account facts. UK overseas military "
                      "expenditure 374 mn GBP in 1946 (3.9 % of GDP), 209 in 1947, 113 in "
                      "1948 (Hansard, written answer of 6 December 1965, from the UK "
                      "Balance of Payments pink books); US direct defence expenditures "
                      "abroad of the order of 0.5-1 % of GDP in the 1950s (BEA "
                      "international transactions; order of magnitude only)")
    c_p = r.parameter("peg_reserve_cover", r"c_p", YEARS,
                      "Official reserves, in years of payments abroad (imports and defence "
                      "spending abroad), at which a peg holds one half of the pressure on "
                      "the exchange rate: the hold falls smoothly (fourth power) as the "
                      "reserves that pay for it run out, so the rate gives way before the "
                      "reserves go below zero",
                      default=0.125, bounds=(0.04, 0.5),
                      source="Krugman 1979; Flood & Garber 1984 (a fixed rate lasts as long "
                      "as the reserves that defend it); the rule of thumb of three months of "
                      "imports as adequate reserves (IMF 2011, Assessing Reserve Adequacy), "
                      "half of it for the midpoint (assumption); sterling 1947: convertibility "
                      "suspended on 20 August 1947 after the US line of credit was nearly "
                      "drawn, and devalued from 4.03 to 2.80 USD in September 1949 as the gold "
                      "and dollar reserves fell towards 1.3 bn USD")
    par_tau = r.parameter("parity_horizon", r"\tau_g", YEARS,
                          "Time in which a credible parity is expected to close the gap "
                          "between the exchange rate and the parity (the price level "
                          "returning towards the level the parity implies)",
                          default=5.0, bounds=(1.0, 20.0),
                          source="Gold and Silver (Export Control) Act 1920: the embargo on "
                          "gold exports to lapse on 31 December 1925, five years on (the "
                          "return came in April 1925 at 4.86 USD); Barsky 1987, Klein 1975 "
                          "(a price level expected to return under the gold standard)")
    par_phi = r.parameter("parity_rate_response", r"\phi_g", PER_YEAR,
                          "Key-rate response under the parity rule, points of the rate per "
                          "unit of the log gap of the exchange rate above its parity",
                          default=19.0, bounds=(5.0, 100.0), display=PCT_YEAR,
                          source="UK 1920-22 (JST stir and xrusd): the short rate 6.21 % with "
                          "sterling at 3.66 USD (log gap to 4.86 of 0.28) in 1920 and 2.57 % "
                          "at 4.43 USD (0.09) in 1922, 19 points per unit of the log gap "
                          "(Bank Rate 7 % April 1920 to April 1921, 3 % from July 1922)")
    r.begin("money")
    debt_o = r.stock("official_external_debt", r"D_o", TN,
                     "Official loans owed to foreign governments, at book value (the "
                     "exchange rate of each drawing)", initial=0.0, growth="nominal",
                     source="none at the start (Russia has no official external loans)")
    r.begin("external")
    prem = r.stock("crisis_premium", r"\sigma_c", ONE,
                   "Crisis premium priced into the currency (log)", initial=0.0,
                   bounds=(None, None), source="no crisis at the start")
    r.begin("fiscal")
    tax_eff = r.stock("effective_tax_rate", r"\tau", ONE,
                      "Non-oil tax rate on household gross income", initial=18.0,
                      display=PCT, bounds=(None, None),
                      source="the normal tax rate (2021 budget balanced at the defaults)")
    r.begin("external")
    wd = r.stock("world_demand", r"X_w", INDEX,
                 "Trend of world demand for exports (oil and non-oil volumes)", initial=1.0,
                 growth="productivity", source="normalisation")
    r.set_rate(wd, g_w * wd)
    return Symbols.of(par_tau=par_tau, par_phi=par_phi, c_p=c_p, debt_o=debt_o, s_a=s_a, c_r=c_r, k_c=k_c, l_c=l_c, th_c=th_c, tau_cp=tau_c, prem=prem, phi_b=phi_b,
                      b_star=b_star, tau_t=tau_t, tax_rate_eff=tax_eff, g_w=g_w, wd=wd)
