"""Demand block: household income, spending, money demand, trade, GDP and utilisation."""

from __future__ import annotations

from sympy import exp

from peacetrap.core.definition.dimensions import ONE, PCT, PCT_YEAR, PER_YEAR, TN, TN_YEAR
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, Report, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the demand block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        ben, bon, bpt, c_y, civ, cpi, dpy, e_c, e_d, eps_m, eta, eta_w, ex_n, ex_o,
        gc_real, gd_real, i, k_f, k_m, kc, lam, m, mpb, mpy, mu_m, oil_tax, one_year, p_d,
        p_f, p_ref, pay, pf0, pi_e, pi_t, proc, q_m, r_n, ration, risk, sig_r, tau_h, th_r,
        v_x, w, x, x0, yp, tax_rate, k_c, l_c, rf, trend,
        s_fund, tau_r, windfall, zeta, h_c, k_h, mu_d, hc, hd, inv, abroad, c_m,
        beta_b, w0, s, c_f, k_z, news,
    ) = z.get(
        "ben", "bon", "bpt", "c_y", "civ", "cpi", "dpy", "e_c", "e_d", "eps_m", "eta",
        "eta_w", "ex_n", "ex_o", "gc_real", "gd_real", "i", "k_f", "k_m", "kc", "lam", "m",
        "mpb", "mpy", "mu_m", "oil_tax", "one_year", "p_d", "p_f", "p_ref", "pay", "pf0",
        "pi_e", "pi_t", "proc", "q_m", "r_n", "ration", "risk", "sig_r", "tau_h", "th_r",
        "v_x", "w", "x", "x0", "yp", "tax_rate_eff", "k_c", "l_c", "rf", "trend",
        "s_fund", "tau_r", "windfall", "zeta", "h_c", "k_h", "mu_d", "hc", "hd", "inv",
        "abroad", "c_m", "beta_b", "w0", "s", "c_f", "k_z", "news",
    )
    r.begin("demand")
    real_rate = r.aux("real_rate", r"r", PER_YEAR, "Real key rate", i - pi_e,
                      display=PCT_YEAR)
    m_star = r.aux("money_demand", r"M^d", TN, "Money households want to hold",
                   k_m * yp * exp(eta * (i - r_n - pi_t) + eta_w * risk))
    propensity = r.aux("spending_propensity", r"c", ONE,
                       "Share of expected disposable income spent: c_y at the neutral rate "
                       "before any accumulated shift h_c, tending to 1 (never more) as the "
                       "real rate falls and to 0 as it rises",
                       c_y / (c_y + (1 - c_y) * exp(sig_r * (real_rate - r_n) - h_c)))
    # the propensity's log-odds drift at kappa_h per point of real-rate gap (so its log at
    # (1 - c) kappa_h), so a stationary state needs the real rate at the neutral rate
    r.set_rate(h_c, k_h * (r_n - real_rate))
    cons = r.flow("private_spending", r"C", TN_YEAR,
                  "Private spending (consumption and investment), nominal",
                  (1 - ration) * (propensity * (1 - tax_rate) * yp + lam * (m - m_star)),
                  payer="households", payee="firms")
    imp_d = r.aux("defence_imports", r"I_m^d", TN_YEAR,
                  "Imports embodied in defence procurement at home, nominal (a fixed volume "
                  "share, at the relative price of imports; spending abroad is not "
                  "procured at home and has no import content of its own)", mu_d * q_m * proc)
    imports = r.flow("imports", r"I_m", TN_YEAR, "Imports, nominal: civilian absorption's "
                     "(price-elastic, less what import controls hold back) and defence "
                     "procurement's own import content",
                     (1 - c_m) * mu_m * (cons + inv + civ) * q_m ** (1 - eps_m) + imp_d,
                     payer="firms", payee="rest_of_world")
    exports = r.flow("exports", r"X_x", TN_YEAR, "Exports, nominal",
                     x * (ex_o + ex_n) / bpt, payer="rest_of_world", payee="firms")
    wb_c = r.flow("civilian_wages", r"W_c", TN_YEAR, "Civilian wage bill (hours paid)",
                  w * e_c * hc * mpy / bpt, payer="firms", payee="households")
    wb_d = r.flow("defence_wages", r"W_d", TN_YEAR, "Defence-industry wage bill (hours paid)",
                  w * e_d * hd * mpy / bpt, payer="firms", payee="households")
    profits = r.flow("profits", r"\Pi", TN_YEAR, "Distributed profits",
                     cons + inv + proc + civ + exports - wb_c - wb_d - imports - oil_tax,
                     payer="firms", payee="households")
    income = r.aux("household_income", r"Y_h", TN_YEAR, "Household gross income",
                   wb_c + wb_d + profits + pay + bon + ben)
    taxes = r.flow("household_taxes", r"T_h", TN_YEAR, "Non-oil taxes", tax_rate * income,
                   payer="households", payee="government")
    deficit = r.aux("deficit", r"D", TN_YEAR, "Government deficit",
                    proc + abroad + civ + pay + bon + ben - taxes - oil_tax)
    shortfall = softplus(-windfall, s_fund * p_d * trend)
    wanted = r.aux("fund_call", r"R^{d}", TN_YEAR,
                   "Drawdown the budget asks of the reserve fund (shortfall of oil taxes "
                   "below the base price plus its share of the deficit)",
                   shortfall + zeta * softplus(deficit, s_fund * p_d * trend))
    drawn = r.aux("fund_drawdown", r"R^-", TN_YEAR,
                  "Reserve-fund drawdown: the call, limited to emptying the fund in tau_R "
                  "(harmonic mean, smooth and never below zero)",
                  wanted * (rf / tau_r) / (wanted + rf / tau_r))
    unmet = r.aux("unmet_fund_call", r"u_R", ONE,
                  "Oil-revenue shortfall (an external shock) the reserve fund can no longer "
                  "cover, so the central bank must finance it by money creation: the "
                  "shortfall's share of the call left unmet, share of nominal trend GDP",
                  shortfall * (1 - drawn / wanted) / (p_d * trend), display=PCT)
    flight = r.aux("capital_flight_share", r"f_c", ONE,
                   "Capital flight as a share of its full intensity: rises smoothly (and "
                   "steeply, a run) from 0 with the unmet call on the liquid reserve fund, "
                   "one half at l_c",
                   unmet ** 4 / (unmet ** 4 + l_c ** 4))
    outflow = r.aux("capital_outflow", r"K_f", TN_YEAR,
                    "Private capital outflow: the normal outflow plus capital flight when the "
                    "liquid reserve fund can no longer meet the budget's call, less the share "
                    "capital controls stop, plus the exit on sanctions news, which the "
                    "controls do not stop (capital returns on relief only as far as it is "
                    "credible); all dry up when money does (households buy foreign assets "
                    "out of their money)",
                    ((1 - c_f) * (k_f * yp * exp(-th_r * (real_rate - r_n))
                                  + k_c * flight * p_d * trend)
                     + k_z * news * p_d * trend) * m / (m + k_m * yp / 10))
    saving = r.aux("household_saving", r"S_h", TN_YEAR, "Household saving",
                   income - taxes - cons - inv)
    ca = r.aux("current_account", r"CA", TN_YEAR, "Current account: exports less imports "
               "and the government's defence spending abroad (the balance on goods and "
               "services: the model holds no income balance)", exports - imports - abroad)
    gdp_nom = r.aux("gdp_nominal", r"Y_n", TN_YEAR, "Nominal GDP (defence spending abroad "
                    "is in government purchases and in imports alike, so it nets out)",
                    cons + inv + proc + civ + pay + exports - imports)
    r.aux("current_account_share", r"s_{CA}", ONE, "Current account over nominal GDP (the "
          "national accounts' net exports)", ca / gdp_nom, display=PCT,
          report=Report("current_account_pct_gdp", "Current account", "% of GDP", 2,
                        short="Current account"))
    oil_real = r.aux("oil_exports_real", r"X_o^r", TN_YEAR,
                     "Oil exports at base-year prices (volume times the reference price)",
                     v_x * p_ref * dpy / mpb * x0 / bpt)
    # the armed forces' output is measured at cost; its volume is the soldiers at the base
    # year's pay per soldier (the input method for non-market output), so pay rises are
    # prices, not output; signing bonuses are transfers (in neither GDP)
    pay_real = r.aux("soldier_services_real", r"G_s^r", TN_YEAR,
                     "Soldiers' services at base-year prices: the soldiers at the base year's "
                     "pay per soldier", beta_b * w0 * s * mpy / bpt)
    r.aux("gdp_real", r"Y", TN_YEAR, "Real GDP (base-year prices; oil at the "
                "reference price, so oil prices move real income, not real output; the armed "
                "forces' output by the number of soldiers)",
                cons / cpi + inv / p_d + gd_real + gc_real + pay_real + oil_real
                + x * ex_n / bpt / ((x / x0) * (p_f / pf0))
                - (imports + abroad) / (q_m * p_d),
          report=(Report("gdp_real_index", "Real GDP", "index, 2021 = 100", 2, "index",
                         short="Real GDP"),
                  Report("gdp_growth_yoy_pct", "Real GDP growth (y/y)", "%", 2, "yoy")))
    ycl = r.aux("civilian_demand", r"Y_c", TN_YEAR, "Real demand for civilian non-oil output",
                cons / cpi + inv / p_d + gc_real + x * ex_n / bpt / ((x / x0) * (p_f / pf0))
                - (imports - imp_d) / (q_m * p_d))
    util = r.aux("civilian_utilisation", r"u_c", ONE,
                 "Civilian demand over civilian productive capacity", ycl / kc)
    r.aux("defence_share", r"s_d", ONE, "Defence spending (procurement at home and abroad, "
          "pay and bonuses) over nominal GDP", (proc + abroad + pay + bon) / gdp_nom,
          display=PCT,
          report=Report("defence_share_gdp_pct", "Defence spending", "% of GDP", 2,
                        short="Defence spending"))
    r.aux("monetary_overhang", r"O", ONE, "Monetary overhang: broad money less money "
          "demand (at the current key rate and war risk), share of a year's nominal GDP",
          (m - m_star) / (gdp_nom * one_year), display=PCT,
          report=Report("monetary_overhang_pct_gdp", "Monetary overhang", "% of GDP", 2,
                        short="Overhang"))
    return Symbols.of(real_rate=real_rate, m_star=m_star, propensity=propensity, cons=cons,
                      imp_d=imp_d, imports=imports, exports=exports, wb_c=wb_c, wb_d=wb_d, profits=profits,
                      income=income, taxes=taxes, outflow=outflow, saving=saving,
                      deficit=deficit, ca=ca, gdp_nom=gdp_nom, oil_real=oil_real, ycl=ycl,
                      util=util, flight=flight, wanted=wanted, drawn=drawn)
