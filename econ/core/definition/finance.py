"""Parameters of interest, the fiscal rule and the capital account, with defaults and sources.

Declared apart from :mod:`parameters` (the real side's and the older behavioural
parameters) so the nominal, fiscal and external blocks keep their own list.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import INDEX, ONE, PCT, PCT_YEAR, PER_YEAR, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the finance parameters in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("finance")
    tau_b = r.parameter("debt_repricing_time", r"\tau_B", YEARS,
                        "Time the average interest rate on government debt takes to follow "
                        "the key rate (debt rolls over and floating-rate bonds reset)",
                        default=2.5, bounds=(0.25, 8.0),
                        source="Finance Ministry: OFZ average maturity ~7 years, about a "
                        "third floating-rate (OFZ-PK) repricing quarterly")
    phi_b = r.parameter("fiscal_debt_response", r"\phi_b", ONE,
                        "Rise of the non-oil tax rate per unit of net government debt "
                        "(debt less the reserve fund, share of a year's nominal trend GDP) "
                        "above its target: the fiscal rule that stabilises debt",
                        default=0.1, bounds=(0.01, 0.3),
                        source="Bohn 1998 (US: ~0.05); Mendoza & Ostry 2008 (emerging "
                        "markets: up to ~0.1) primary surplus per unit of debt/GDP; the "
                        "upper end, as below ~0.07 the default steady state has a slow "
                        "unstable root")
    b_star = r.parameter("debt_target", r"b^{*}", ONE,
                         "Net government debt (debt less the liquid reserve fund), share of "
                         "a year's nominal trend GDP, the fiscal rule steers to",
                         default=9.2, bounds=(-50.0, 150.0), display=PCT,
                         source="Finance Ministry 2021: debt 21.0 tn less NWF liquid 8.5 tn, "
                         "over GDP 135.8 tn")
    om_m = r.parameter("deposit_rate_share", r"\omega_m", ONE,
                       "Average interest rate on broad money per unit of key rate (term "
                       "deposits earn about the key rate, current accounts little)",
                       default=0.6, bounds=(0.3, 1.0),
                       source="Bank of Russia: term deposits ~60% of M2 (2021); their rates "
                       "follow the key rate")
    i_f = r.parameter("foreign_interest_rate", r"i_f", PER_YEAR,
                      "Interest rate earned on official foreign reserves (USD)",
                      default=2.0, bounds=(0.0, 8.0), display=PCT_YEAR,
                      source="US Treasury yields 2010-21 average ~2%")
    r_f = r.parameter("foreign_real_rate", r"r_f", PER_YEAR,
                      "Foreign real interest rate, the return residents compare the real key "
                      "rate with (net of the risk premium)", default=0.5, bounds=(-2.0, 4.0),
                      display=PCT_YEAR,
                      source="Laubach-Williams US natural rate 2015-21 ~0.5%")
    rho_0 = r.parameter("risk_premium_base", r"\rho_0", PER_YEAR,
                        "Country risk premium on rouble assets without sanctions and at the "
                        "starting net foreign assets", default=2.5, bounds=(0.0, 8.0),
                        display=PCT_YEAR,
                        source="2021: real key rate ~3% = foreign real rate + premium "
                        "(balanced start); Russia 5-year CDS ~1-1.5% (2021)")
    th_n = r.parameter("premium_nfa_response", r"\theta_n", PER_YEAR,
                       "Fall of the risk premium per unit of net foreign assets (share of a "
                       "year's nominal GDP) above the start: debt-elastic premium that ties "
                       "down the net foreign asset position", default=0.02,
                       bounds=(0.0, 0.2),
                       source="Schmitt-Grohe & Uribe 2003; Lane & Milesi-Ferretti 2001 "
                       "(premia fall with net foreign assets)")
    g_w = r.parameter("world_growth", r"g_w", PER_YEAR,
                      "Trend growth of world demand for non-oil exports (volume)",
                      default=1.0, bounds=(-3.0, 8.0), display=PCT_YEAR,
                      source="assumption: the trend productivity growth of the default "
                      "(a balanced-growth path needs world demand to grow with the economy)")
    r.begin("external")
    wd = r.stock("world_demand", r"X_w", INDEX,
                 "Trend of world demand for non-oil exports", initial=1.0,
                 growth="productivity", source="normalisation")
    r.set_rate(wd, g_w * wd)
    tau_t = r.parameter("budget_cycle_time", r"\tau_T", YEARS,
                        "Time the non-oil tax rate takes to follow the fiscal rule (budget "
                        "laws set next years' rates)", default=1.5, bounds=(0.5, 4.0),
                        source="Budget Code: a three-year budget adopted each autumn")
    r.begin("fiscal")
    tax_eff = r.stock("effective_tax_rate", r"\tau", ONE,
                      "Non-oil tax rate on household gross income", initial=18.0,
                      display=PCT, bounds=(None, None),
                      source="the normal tax rate (2021 budget balanced at the defaults)")
    r.begin("money")
    i_b = r.stock("debt_interest_rate", r"i_B", PER_YEAR,
                  "Average interest rate on government debt", initial=4.25,
                  bounds=(None, None), display=PCT_YEAR,
                  source="balanced start at the key rate 4.25% (Finance Ministry: interest "
                  "1.2 tn on 21 tn of debt in 2021, ~5.7%)")
    return Symbols.of(tau_t=tau_t, tax_rate_eff=tax_eff, g_w=g_w, wd=wd, i_b=i_b, tau_b=tau_b, phi_b=phi_b, b_star=b_star, om_m=om_m, i_f=i_f, r_f=r_f,
                      rho_0=rho_0, th_n=th_n)
