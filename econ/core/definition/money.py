"""Money block: the reserve fund, broad money, debt, reserves, expected income."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import ONE, TN_YEAR
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
        trend, windfall, yp, drawn, bh, m_star, tau_b, i, i_fl, r_n, pi_t, s_rate,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "bh", "m_star", "tau_b",
        "i", "i_fl", "r_n", "pi_t", "s_rate",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    # what switching earns: the key rate above its floor, relative to its value at the
    # neutral nominal rate (at the floor deposits earn what bonds do: the liquidity trap)
    gain = r.aux("bond_yield_gain", r"g_B", ONE,
                 "Incentive to move money into bonds: the key rate above its floor, over "
                 "its value at the neutral nominal rate (1 there, 0 at the floor)",
                 softplus(i - i_fl, s_rate) / (r_n + pi_t - i_fl))
    shift = r.aux("bond_purchases", r"\dot B_h", TN_YEAR,
                  "Households' net purchases of government bonds from the banks: money "
                  "they hold beyond money demand, moved in tau_b at the neutral nominal "
                  "rate and the faster the more bonds pay over deposits (negative: sales, "
                  "or borrowing, to top money up)", gain * (m - m_star) / tau_b)
    r.set_rate(m, saving - outflow - shift)
    r.set_rate(bh, shift)
    r.set_rate(fp, outflow)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - outflow)
    r.set_rate(yp, (income - yp) / tau_y)
    return Symbols.of(inflow=inflow, shift=shift)
