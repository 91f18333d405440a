"""Money block: the reserve fund, broad money, debt, reserves, expected income."""

from __future__ import annotations

from sympy import exp

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
        trend, windfall, yp, drawn, grant, lent, debt_o, rationed, bh, m_star, tau_b, i, i_fl,
        r_n, pi_t, s_rate, i_b, tau_bb, psi_b, pi_e,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "grant", "lent", "debt_o", "rationed",
        "bh", "m_star", "tau_b", "i", "i_fl", "r_n", "pi_t", "s_rate", "i_b", "tau_bb", "psi_b", "pi_e",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    # foreign exchange the reserves cannot supply is not bought: households keep that money
    # what switching earns: the key rate above its floor, relative to its value at the
    # neutral nominal rate (at the floor deposits earn what bonds do: the liquidity trap;
    # Keynes 1936, Tobin 1956)
    gain = r.aux("bond_yield_gain", r"g_B", ONE,
                 "Incentive to move money into bonds: the key rate above its floor, over "
                 "its value at the neutral nominal rate (1 there, 0 at the floor)",
                 softplus(i - i_fl, s_rate) / (r_n + pi_t - i_fl)
                 * exp(-psi_b * softplus(i - i_b, s_rate)))
    shift = r.aux("bond_purchases", r"\dot B_h", TN_YEAR,
                  "Households' net purchases of government bonds from the banks: money "
                  "they hold beyond money demand, moved in tau_b at the neutral nominal "
                  "rate and the faster the more bonds pay over deposits (negative: sales, "
                  "or borrowing, to top money up)", gain * (m - m_star) / tau_b)
    r.set_rate(m, saving - outflow + rationed - shift)
    r.set_rate(bh, shift)
    r.set_rate(fp, outflow - rationed)
    r.set_rate(rf, inflow - drawn)
    # official loans and grants are sold to the central bank for the reserves: the
    # government's debt to the banking system falls by them, the reserves rise by them,
    # and a loan is owed abroad (a grant is not)
    r.set_rate(b, deficit + inflow - drawn - lent - grant)
    r.set_rate(fb, ca - outflow + lent + grant + rationed)
    r.set_rate(debt_o, lent)
    r.set_rate(yp, (income - pi_e * (b - rf) - yp) / tau_y)
    r.set_rate(i_b, (i - i_b) / tau_bb)
    return Symbols.of(inflow=inflow, shift=shift)
