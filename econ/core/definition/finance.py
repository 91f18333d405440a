"""The fiscal rule and world demand: parameters and stocks, with defaults and sources.

Declared apart from :mod:`parameters` (the real side's and the older behavioural
parameters) so the nominal, fiscal and external blocks keep their own list.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import INDEX, ONE, PCT, PCT_YEAR, PER_YEAR, YEARS
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
                         "a year's nominal trend GDP, the fiscal rule steers to",
                         default=9.2, bounds=(-50.0, 150.0), display=PCT,
                         source="Finance Ministry 2021: debt 21.0 tn less NWF liquid 8.5 tn, "
                         "over GDP 135.8 tn")
    tau_t = r.parameter("budget_cycle_time", r"\tau_T", YEARS,
                        "Time the non-oil tax rate takes to follow the fiscal rule (budget "
                        "laws set next years' rates)", default=1.5, bounds=(0.5, 4.0),
                        source="Budget Code: a three-year budget adopted each autumn")
    g_w = r.parameter("world_growth", r"g_w", PER_YEAR,
                      "Trend growth of world demand for non-oil exports (volume)",
                      default=1.0, bounds=(-3.0, 8.0), display=PCT_YEAR,
                      source="assumption: the trend productivity growth of the default "
                      "(a balanced-growth path needs world demand to grow with the economy)")
    r.begin("fiscal")
    tax_eff = r.stock("effective_tax_rate", r"\tau", ONE,
                      "Non-oil tax rate on household gross income", initial=18.0,
                      display=PCT, bounds=(None, None),
                      source="the normal tax rate (2021 budget balanced at the defaults)")
    r.begin("external")
    wd = r.stock("world_demand", r"X_w", INDEX,
                 "Trend of world demand for non-oil exports", initial=1.0,
                 growth="productivity", source="normalisation")
    r.set_rate(wd, g_w * wd)
    return Symbols.of(phi_b=phi_b, b_star=b_star, tau_t=tau_t, tax_rate_eff=tax_eff, g_w=g_w,
                      wd=wd)
