r"""Parity block: the risk premium and the exchange rate interest parity asks for.

Uncovered interest parity with a risk premium :math:`\rho` and regressive (Dornbusch)
expectations: markets expect the currency to depreciate at the expected inflation
differential plus :math:`\theta_x` times the log gap of the real exchange rate :math:`q`
to its expected long-run level :math:`q^e`,

.. math::  i - i_f - \rho = (\pi^e - \pi_f) + \theta_x \ln(q^e / q),

so the real exchange rate parity asks for is
:math:`q^{*} = q^e \exp((\rho - (r - r_f)) / \theta_x)`: a higher domestic real rate
holds the currency stronger, a higher premium weaker.  Capital controls (share
:math:`\kappa_k`) cut the link.  :math:`q^e` itself is learnt from the balance of
payments (prices block), so the long-run real exchange rate is the one at which the
external accounts balance; no purchasing-power parity is imposed.
"""

from __future__ import annotations

import sympy as sp
from sympy import exp, log

from peacetrap.core.definition.dimensions import INDEX, ONE, PCT, PCT_YEAR, PER_YEAR, TN
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the parity block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        bpt, fb, fp, frozen, i, i_f, kap, one_year, p_d, pd0, pi_e, pi_f, prem, q, q_e,
        rho0, rho_f, rho_s, rho_z, s_fund, sig_z, sig_z0, tau_p, th_x, th_z, trend, x, y0,
    ) = z.get(
        "bpt", "fb", "fp", "frozen", "i", "i_f", "kap", "one_year", "p_d", "pd0",
        "pi_e", "pi_f", "prem", "q", "q_e", "rho0", "rho_f", "rho_s", "rho_z", "s_fund",
        "sig_z", "sig_z0", "tau_p", "th_x", "th_z", "trend", "x", "y0",
    )
    fb0 = sp.Symbol("official_reserves_0", real=True)
    r.begin("parity")
    scale = p_d * trend * one_year
    usable = r.aux("usable_reserves", r"F_u", TN,
                   "Official reserves the central bank can sell: book value less the frozen "
                   "reserves at the current rate, above a smooth floor at zero",
                   softplus(fb - frozen * x / bpt, s_fund * scale))
    nfa = r.aux("net_foreign_assets", r"f", ONE,
                "Net foreign assets: usable official reserves and private foreign assets "
                "accumulated since the start, share of a year's nominal trend GDP",
                (usable + fp) / scale, display=PCT)
    scale0 = pd0 * y0 * one_year
    nfa0 = softplus(fb0, s_fund * scale0) / scale0
    rho = r.aux("risk_premium", r"\rho", PER_YEAR,
                "Risk premium on LCU assets: its base at the start and any shift from news, "
                "rising with sanctions intensity as markets price it, falling with net "
                "foreign assets above their level at the start",
                rho0 + rho_s + rho_z + rho_f * (nfa0 - nfa),
                display=PCT_YEAR)
    # the sanctions part of the premium closes its gap to theta_z times the rise of sanctions
    # intensity in tau_p (markets price new sanctions over months)
    r.set_rate(rho_z, (th_z * (sig_z - sig_z0) - rho_z) / tau_p)
    diff = r.aux("real_rate_differential", r"r - r_f", PER_YEAR,
                 "Expected real key rate less the foreign real rate",
                 (i - pi_e) - (i_f - pi_f), display=PCT_YEAR)
    q_star = r.aux("parity_real_exchange_rate", r"q^{*}", INDEX,
                   "Real exchange rate interest parity asks for: the expected long-run level, "
                   "weaker by the risk premium less the real-rate differential over the "
                   "expectations' speed (the part capital controls leave), and by the "
                   "crisis premium",
                   q_e * exp((rho - (1 - kap) * diff) / th_x + prem))
    excess = r.aux("excess_return", r"e_x", PER_YEAR,
                   "Expected excess return on LCU assets: the interest differential less the "
                   "risk premium and the expected depreciation (zero where parity holds)",
                   diff - rho - th_x * log(q_e / q), display=PCT_YEAR)
    return Symbols.of(usable=usable, nfa=nfa, rho=rho, diff=diff, q_star=q_star,
                      excess=excess)
