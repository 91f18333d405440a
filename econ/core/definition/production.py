"""Production block: desired capital, private fixed investment and the capital stock."""

from __future__ import annotations

from sympy import exp, log

from peacetrap.core.definition.dimensions import TN, TN_YEAR
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    r"""Declare the production block's equations in ``r``, using the symbols in ``z``.

    Firms want capital :math:`K^* = v_K Y_c^e e^{-\sigma_K (i - \pi^e - \hat r)}` (expected
    civilian demand times the capital-output ratio, less when the real key rate is above the
    neutral rate as the central bank estimates it, :math:`\hat r`: the monetary stance
    moves investment, while the long-run capital-output ratio is :math:`v_K` whatever
    level the neutral-rate estimate settles at, so the estimate's learning cannot feed on
    its own supply effect) and
    invest to replace depreciation, keep up with trend growth and close a share
    :math:`1/\tau_K` of the log gap a year (a flexible accelerator); investment controls
    hold back a share of it.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        delta_k, g_a, i, inv_c, kap, pi_e, r_hat, s_inv, sig_k, tau_kk, v_k, yce,
    ) = z.get(
        "delta_k", "g_a", "i", "inv_c", "kap", "pi_e", "r_hat", "s_inv", "sig_k", "tau_kk",
        "v_k", "yce",
    )
    r.begin("production")
    k_star = r.aux("desired_capital", r"K^*", TN,
                   "Capital firms want: expected civilian demand times the capital-output "
                   "ratio, lower when the real key rate (key rate less expected inflation) "
                   "is above the neutral rate the central bank estimates (a tight stance)", v_k * yce * exp(-sig_k * (i - pi_e - r_hat)))
    inv = r.aux("investment_real", r"I", TN_YEAR,
                "Private fixed investment at base prices: replacement, trend growth and a "
                "share of the capital gap (never below zero), less what controls hold back",
                (1 - inv_c) * kap * softplus(delta_k + g_a + log(k_star / kap) / tau_kk, s_inv))
    r.set_rate(kap, inv - delta_k * kap)
    return Symbols.of(k_star=k_star, inv=inv)
