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
        trend, windfall, yp, drawn, bh, m_star, tau_b, gain, moved, phi_f, one_year,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "bh", "m_star", "tau_b",
        "gain", "moved", "phi_f", "one_year",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    gap_scale = s_fund * p_d * trend * one_year
    buy = r.aux("bond_purchases", r"B_h^+", TN_YEAR,
                "Households' purchases of government bonds from the banks: the domestic "
                "share of the money they move out of deposits beyond money demand",
                (1 - phi_f) * moved)
    want = gain * softplus(m_star - m, gap_scale) / tau_b
    sell = r.aux("bond_sales", r"B_h^-", TN_YEAR,
                 "Households' sales of bonds to top money up to money demand, limited to "
                 "selling their holdings in tau_b (harmonic mean, smooth and never below "
                 "zero): households sell bonds they hold, they do not borrow to hold money",
                 want * (bh / tau_b) / (want + bh / tau_b))
    shift = buy - sell
    r.set_rate(m, saving - outflow - shift)
    r.set_rate(bh, shift)
    r.set_rate(fp, outflow)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - outflow)
    r.set_rate(yp, (income - yp) / tau_y)
    return Symbols.of(inflow=inflow, buy=buy, sell=sell)
