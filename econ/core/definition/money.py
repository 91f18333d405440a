"""Money block: the reserve fund, broad money, debt, reserves, expected income."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import TN_YEAR
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the money block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        b, ca, deficit, fb, fp, income, m, outflow, p_d, rf, s_fund, saving, tau_y,
        trend, windfall, yp, drawn, usable, tau_f,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "usable", "tau_f",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    sell = softplus(outflow - ca, s_fund * p_d * trend)
    sold = r.aux("reserve_sales", r"F^-", TN_YEAR,
                 "Official reserves sold to meet the outflow residents ask for beyond the "
                 "current account: limited to emptying the usable reserves in tau_F "
                 "(harmonic mean, smooth, never below zero)",
                 sell * (usable / tau_f) / (sell + usable / tau_f))
    met = r.aux("capital_outflow_met", r"K_f^m", TN_YEAR,
                "Private capital outflow carried out: what residents ask for, less the "
                "foreign exchange the central bank can no longer supply",
                outflow - (sell - sold))
    r.set_rate(m, saving - met)
    r.set_rate(fp, met)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - met)
    r.set_rate(yp, (income - yp) / tau_y)
    return Symbols.of(inflow=inflow, sold=sold, met=met)
