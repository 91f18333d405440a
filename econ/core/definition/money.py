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
        trend, windfall, yp, drawn, bh, m_star, tau_b,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "bh", "m_star", "tau_b",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    shift = r.aux("bond_purchases", r"\dot B_h", TN_YEAR,
                  "Households' net purchases of government bonds from the banks: money "
                  "they hold beyond money demand, moved in tau_b (negative: sales, or "
                  "borrowing, to top money up)", (m - m_star) / tau_b)
    r.set_rate(m, saving - outflow - shift)
    r.set_rate(bh, shift)
    r.set_rate(fp, outflow)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - outflow)
    r.set_rate(yp, (income - yp) / tau_y)
    return Symbols.of(inflow=inflow, shift=shift)
