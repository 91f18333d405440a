"""Prices block: wages, domestic and import prices, expectations, key rate, exchange rate."""

from __future__ import annotations

from sympy import exp, log

from peacetrap.core.definition.dimensions import (ONE, PCT, PCT_YEAR, PER_YEAR, TN_YEAR,
                                                  TN_YEAR2, YEARS)
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus, softplus_at_zero


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the prices block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        a, a0, alpha, bpt, ca, f_bar, dsig, g_a, gdp_nom, i, i_fl, kap_u, kap_w, kc,
        labour_force, mpy, outflow, p_d, p_f, p_m, pd0, phi_pi, phi_u, phi_w, pi_e, pi_f,
        pi_t, q_m, r_n, s_rate, seekers, sig_a, tau_e, tau_i, tau_k, tau_m, tau_p, th_ca,
        th_z, theta, u_n, unpriced, urate, util, w, w0, x, ycl, z_new, z_rel, zz,
        pi_s, pi_a, r_hat, tau_s, tau_a, k_n, flight, th_c, tau_cp, prem, hc, k_w, normal_l,
        tight, peg, fb, imports, abroad, loans, grants, c_p, s_fund, trend,
        par_c, par_w, par_x, par_tau, par_phi, pi_fx, frz, chi, shed_d, s_f, u_bar, phi_du,
        one_year, rp, news,
    ) = z.get(
        "a", "a0", "alpha", "bpt", "ca", "f_bar", "dsig", "g_a", "gdp_nom", "i", "i_fl",
        "kap_u", "kap_w", "kc", "labour_force", "mpy", "outflow", "p_d", "p_f", "p_m",
        "pd0", "phi_pi", "phi_u", "phi_w", "pi_e", "pi_f", "pi_t", "q_m", "r_n", "s_rate",
        "seekers", "sig_a", "tau_e", "tau_i", "tau_k", "tau_m", "tau_p", "th_ca", "th_z",
        "theta", "u_n", "unpriced", "urate", "util", "w", "w0", "x", "ycl", "z_new",
        "z_rel", "zz", "pi_s", "pi_a", "r_hat", "tau_s", "tau_a", "k_n", "flight", "th_c",
        "tau_cp", "prem", "hc", "k_w", "normal_l", "tight", "peg",
        "fb", "imports", "abroad", "loans", "grants", "c_p", "s_fund", "trend",
        "par_c", "par_w", "par_x", "par_tau", "par_phi", "pi_fx", "frz", "chi", "shed_d",
        "s_f", "u_bar", "phi_du", "one_year", "rp", "news",
    )
    r.begin("prices")
    slack = r.aux("wage_slack", r"\Lambda", ONE,
                  "Labour-market tightness for wage setting: log natural over effective "
                  "unemployment, plus the relative excess of labour input (hours times "
                  "labour force) over its normal level, weighted k_w per worker-equivalent "
                  "(as unemployment near its natural rate)",
                  log(tight) + k_w / u_n * (hc * labour_force / normal_l - 1))
    wage_inf = r.aux("wage_inflation", r"\omega", PER_YEAR, "Nominal wage growth",
                     pi_e + g_a + phi_w * slack, display=PCT_YEAR)
    share = r.aux("wage_share", r"\varsigma", ONE, "Wages over civilian output at base prices",
                  w * mpy / (bpt * p_d * a))
    share0 = w0 * mpy / (bpt * pd0 * a0)
    dom_inf = r.aux("domestic_inflation", r"\pi_d", PER_YEAR, "Domestic price inflation",
                    pi_e + kap_u * log(util) + kap_w * log(share / share0), display=PCT_YEAR)
    imp_inf = r.aux("import_inflation", r"\pi_m", PER_YEAR,
                    "Consumer import price inflation: indexed to expected inflation, closing "
                    "the gap to border prices (so the relative price of imports settles at "
                    "the border's whatever the inflation rate)",
                    pi_e + log(q_m * p_d / p_m) / tau_m, display=PCT_YEAR)
    infl = r.aux("inflation", r"\pi", PER_YEAR, "CPI inflation (instantaneous)",
                 (1 - alpha) * dom_inf + alpha * imp_inf, display=PCT_YEAR)
    # a commitment to a parity (the gold standard after 1918: Cunliffe Committee 1918;
    # Bordo & Kydland 1995) anchors a price level, not an inflation rate: the exchange rate
    # is expected back at its parity, so domestic prices are expected to follow foreign
    # prices less the gap's return (Barsky 1987; Klein 1975)
    gap = r.aux("parity_gap", r"g_X", ONE,
                "Log gap of the exchange rate above the parity a commitment aims at (positive: "
                "the currency below its parity)", log(x / par_x), display=PCT)
    pi_g = r.aux("parity_inflation", r"\pi_g", PER_YEAR,
                 "Inflation a credible parity implies: foreign inflation less the expected "
                 "return of the exchange rate to its parity in tau_g",
                 pi_f + pi_fx - gap / par_tau, display=PCT_YEAR)
    ask_t = (r_hat + pi_t + phi_pi * (pi_s - pi_t) + phi_u * (u_n - urate)
             - phi_du * (urate - u_bar) / tau_s)
    # the parity rule (Bank Rate to defend the parity): the foreign neutral nominal rate
    # (neutral real rate plus foreign inflation) plus phi_g per unit of the log gap
    ask_g = r_n + par_phi * gap
    ask = (1 - par_w) * ask_t + par_w * ask_g
    rule = r.aux("key_rate_rule", r"i^*", PER_YEAR,
                 "Key rate the policy rule asks for: the estimated neutral real rate plus the "
                 "target, reacting to year-on-year inflation and unemployment gaps (inflation "
                 "targeting), and with the weight w_g the neutral real rate plus foreign "
                 "inflation, reacting to the exchange rate's gap to its parity (a parity "
                 "rule), above a smooth floor", i_fl + softplus(ask - i_fl, s_rate),
                 display=PCT_YEAR)
    above = r.aux("rule_above_floor", r"f_i", ONE,
                  "How far the rule is above its floor (1 well above, 0 well below; the "
                  "slope of the smooth floor)", 1 / (1 + exp(-(ask - i_fl) / s_rate)))
    grant = r.flow("official_grants_received", r"A_o^x", TN_YEAR,
                   "Official grants from foreign governments, in local currency",
                   x * grants / bpt, payer="rest_of_world", payee="government")
    lent = r.aux("official_loans_drawn", r"L_o^x", TN_YEAR,
                 "Official loans drawn from foreign governments, in local currency",
                 x * loans / bpt)
    bop = r.aux("reserve_accumulation", r"b", ONE, "Official reserve accumulation (current "
                "account less private outflow, plus official loans and grants), share of GDP",
                (ca - outflow + lent + grant) / gdp_nom, display=PCT)
    cover = r.aux("reserve_cover", r"c_F", YEARS,
                  "Usable official reserves (less those frozen abroad) in years of payments "
                  "abroad (imports and defence spending abroad)",
                  (fb - x * frz / bpt) / (imports + abroad))
    avail = r.aux("reserve_availability", r"h_F", ONE,
                  "Share of the demand for official foreign exchange the reserves can still "
                  "meet: 1 with ample reserves, falling smoothly (fourth power, one half at "
                  "c_p) to 0 as they run out", softplus(cover, c_p / 20) ** 4
                  / (softplus(cover, c_p / 20) ** 4 + c_p ** 4))
    # the balance of payments' call on the reserves: the part the reserves cannot meet is
    # not bought (households keep the money their foreign purchases were to take), so the
    # reserves stop at zero: d F_b = b^+ - h_F b^-
    flow_b = ca - outflow + lent + grant
    rationed = r.aux("fx_rationed", r"K_r", TN_YEAR,
                     "Private purchases of foreign exchange the official reserves cannot "
                     "supply and that therefore do not take place (exchange control, "
                     "queues for foreign exchange)",
                     (1 - avail) * softplus(-flow_b, s_fund * p_d * trend))
    r.set_rate(w, wage_inf * w)
    r.set_rate(p_d, dom_inf * p_d)
    r.set_rate(p_m, imp_inf * p_m)
    # expectations: adaptive around the perceived target, and with the weight c_g (the
    # parity's credibility) the inflation the parity implies
    r.set_rate(pi_e, ((1 - par_c) * ((1 - theta) * infl + theta * pi_a) + par_c * pi_g
                      - pi_e) / tau_e)
    r.set_rate(pi_s, (infl - pi_s) / tau_s)
    r.set_rate(u_bar, (urate - u_bar) / tau_s)
    r.set_rate(pi_a, (pi_s - pi_a) / tau_a)
    # the neutral-rate estimate learns from the inflation gap while the rule is above its
    # floor; stuck at the floor, the gap says nothing about the neutral rate (no wind-up) and
    # the estimate drifts back to the households' neutral rate r_n at the same pace
    r.set_rate(r_hat, k_n * ((pi_s - pi_t) * above + (r_n - r_hat) * (1 - above)))
    r.set_rate(i, (rule - i) / tau_i)
    # a peg offsets the share kappa_x of the market pressure (official reserves, which the
    # balance of payments moves whatever the rate, absorb it) while the reserves last:
    # its hold falls to 0 as they run out (h_F), and the rate gives way
    free = 1 - peg * avail
    # a peg whose reserves run out meets a run as capital flight does (Krugman 1979; Flood
    # & Garber 1984): the attack's share is the probabilistic union of the capital-flight
    # share and the peg's lost hold (with a float, the capital-flight share alone)
    attack = r.aux("currency_attack_share", r"f_a", ONE,
                   "Share of a full speculative attack on the currency: capital flight (the "
                   "reserve fund unable to meet the budget's call) or a peg losing its hold "
                   "as the official reserves run out",
                   1 - (1 - flight) * (1 - peg * (1 - avail)))
    # the crisis premium priced into the rate closes its gap to theta_c times the attack's
    # share in tau_c, as far as the peg no longer holds the rate, and the currency moves
    # with it (a level shift of the log rate, undone if the fund or the reserves are rebuilt)
    repricing = free * (th_c * attack - prem) / tau_cp
    # a credible parity is also priced by the currency market: holders expect the rate back
    # at its parity in tau_g and bid it that way (stabilising speculation; Keynes 1923;
    # Krugman 1991; Miller & Sutherland 1994 for sterling's return to gold)
    b_norm = r.aux("reserve_accumulation_norm", r"b_n", ONE,
                   "Official reserve accumulation at which the currency is stable, share of "
                   "GDP: the reserve ratio the central bank keeps times trend nominal growth",
                   f_bar * (g_a + pi_t) * one_year, display=PCT)
    r.set_rate(x, x * (free * (dom_inf - pi_f - pi_fx + th_ca * (b_norm - bop)
                               + th_z * unpriced / tau_p - par_c * gap / par_tau + rp)
                       + repricing))
    r.set_rate(prem, repricing)
    # the currency's sanctions intensity moves with the news (new designations in full,
    # relief in its credible share)
    r.set_rate(unpriced, news - unpriced / tau_p)
    r.set_rate(p_f, (pi_f + pi_fx) * p_f)
    r.set_rate(a, a * (g_a - sig_a * dsig))
    r.set_rate(zz, z_new - z_rel * zz)
    # capacity follows civilian demand by investment; a conversion programme also moves the
    # plants of the defence workers it moves into civilian jobs: the converted share chi of
    # the workers shed beyond normal turnover (leavers replaced by hires keep their plant)
    # brings the civilian capacity they work at civilian productivity, so the converted
    # plant is staffed capacity like any other (the smooth positive part less its value at
    # rest, so nothing moves at rest)
    moved = r.aux("capacity_converted", r"K_{dc}", TN_YEAR2,
                  "Civilian capacity that converted defence plants bring: the workers a "
                  "conversion programme moves beyond normal turnover, at civilian "
                  "productivity (base prices)",
                  chi * a * (shed_d - softplus_at_zero(s_f * labour_force)))
    r.set_rate(kc, kc * (g_a - sig_a * dsig) + (ycl - kc) / tau_k + moved)
    return Symbols.of(par_gap=gap, pi_g=pi_g, wage_inf=wage_inf, share=share, share0=share0, dom_inf=dom_inf,
                      imp_inf=imp_inf, infl=infl, rule=rule, bop=bop,
                      grant=grant, lent=lent, cover=cover, avail=avail, attack=attack,
                      rationed=rationed)
