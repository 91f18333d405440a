"""Fiscal block: trend GDP, fiscal stress, government purchases and pay, oil taxes."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import INDEX, MP, ONE, PCT, TN_YEAR
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, Report


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the fiscal block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        a, a0, alpha, b_u, beta, bonus, bpt, dpy, e_c, e_d, ex_o, g_c, g_d, mpb, mpy,
        one_year, p_b, p_d, p_m, p_x, r_h, rec, rf, rho_w, s, tau_o, u, v, v_x, w, x, xi,
        y0, b, phi_b, b_star, tau_h, p_f, pf0, tax_rate, tau_t, s_a, q_m,
    ) = z.get(
        "a", "a0", "alpha", "b_u", "beta", "bonus", "bpt", "dpy", "e_c", "e_d", "ex_o",
        "g_c", "g_d", "mpb", "mpy", "one_year", "p_b", "p_d", "p_m", "p_x", "r_h", "rec",
        "rf", "rho_w", "s", "tau_o", "u", "v", "v_x", "w", "x", "xi", "y0", "b",
        "phi_b", "b_star", "tau_h", "p_f", "pf0", "tax_rate_eff", "tau_t", "s_a", "q_m",
    )
    r.begin("fiscal")
    trend = r.aux("trend_gdp", r"Y^T", TN_YEAR, "Trend real GDP", y0 * a / a0)
    buffer = r_h * p_d * trend * one_year
    stress = r.aux("fiscal_stress", r"f_s", ONE, "Fiscal stress (1 when the fund is empty)",
                   buffer / (rf + buffer))
    gd_real = r.aux("procurement_real", r"G_d", TN_YEAR,
                    "Real defence procurement, at home and abroad",
                    g_d * trend * (1 - xi * stress))
    gc_real = r.aux("civil_purchases_real", r"G_c", TN_YEAR,
                    "Real civilian government purchases", g_c * trend)
    labour_force = r.aux("labour_force", r"L", MP, "Civilian labour force", e_c + e_d + u + v)
    urate = r.aux("unemployment_rate", r"u", ONE, "Unemployment rate (unemployed and "
                  "waiting veterans over the civilian labour force)", (u + v) / labour_force,
                  display=PCT, report=Report("unemployment_rate_pct", "Unemployment rate", "%", 2,
                                             short="Unemployment"))
    cpi = r.aux("cpi", r"P", INDEX, "Consumer price index",
                p_d ** (1 - alpha) * p_m ** alpha,
                report=Report("cpi_inflation_yoy_pct", "CPI inflation (y/y)", "%", 2, "yoy",
                              short="CPI inflation"))
    pay = r.flow("soldier_pay", r"G_s", TN_YEAR, "Soldiers' pay",
                 beta * w * s * mpy / bpt, payer="government", payee="households")
    bon = r.flow("signing_bonuses", r"G_b", TN_YEAR, "Signing bonuses paid to recruits",
                 bonus * w * rec / bpt, payer="government", payee="households")
    ben = r.flow("benefits", r"G_u", TN_YEAR, "Benefits to the unemployed and waiting veterans",
                 b_u * w * (u + v) * mpy / bpt, payer="government", payee="households")
    # GDP = C + I + G + X - M with spending abroad in G and in M: the model's accounts
    # net it out of both, so procurement (the defence industry's revenue) is the part bought
    # at home and spending abroad is a flow of its own to the rest of the world
    proc = r.flow("procurement", r"P_d G_d^h", TN_YEAR,
                  "Defence procurement at home, nominal (the defence industry's revenue)",
                  p_d * (1 - s_a) * gd_real, payer="government", payee="firms")
    abroad = r.flow("defence_spending_abroad", r"G_a", TN_YEAR,
                    "Defence spending abroad, nominal: the share s_a of real procurement "
                    "bought abroad, at the relative price of imports (an import of the "
                    "government in the current account, never domestic demand)",
                    s_a * q_m * p_d * gd_real, payer="government", payee="rest_of_world")
    civ = r.flow("civil_purchases", r"P_d G_c", TN_YEAR, "Civilian purchases, nominal",
                 p_d * gc_real, payer="government", payee="firms")
    oil_tax = r.flow("oil_taxes", r"T_o", TN_YEAR, "Oil taxes", tau_o * x * ex_o / bpt,
                     payer="firms", payee="government")
    windfall = r.aux("oil_windfall", r"\Omega", TN_YEAR,
                     "Oil taxes above (below) the fiscal rule's base price (both in "
                     "base-year dollars: the Budget Code indexes the base price)",
                     rho_w * tau_o * x * (p_f / pf0) * v_x * (p_x - p_b) * dpy / mpb / bpt)
    net_debt = r.aux("net_debt_ratio", r"b_g", ONE,
                     "Net government debt (debt less the liquid reserve fund), share of a "
                     "year's nominal trend GDP", (b - rf) / (p_d * trend * one_year),
                     display=PCT)
    rule_rate = r.aux("tax_rule_rate", r"\tau^{*}", ONE,
                     "Non-oil tax rate the fiscal rule sets: its normal level plus the "
                     "response to net debt above target",
                     tau_h + phi_b * (net_debt - b_star), display=PCT)
    r.set_rate(tax_rate, (rule_rate - tax_rate) / tau_t)
    return Symbols.of(net_debt=net_debt, rule_rate=rule_rate, trend=trend, buffer=buffer, stress=stress, gd_real=gd_real,
                      gc_real=gc_real, labour_force=labour_force, urate=urate, cpi=cpi,
                      pay=pay, bon=bon, ben=ben, proc=proc, abroad=abroad, civ=civ, oil_tax=oil_tax,
                      windfall=windfall)
