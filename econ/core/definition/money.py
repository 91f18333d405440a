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
        trend, windfall, yp, drawn, grant, lent, debt_o, rationed, g_a, pi_t,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "grant", "lent", "debt_o", "rationed",
        "g_a", "pi_t",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    # foreign exchange the reserves cannot supply is not bought: households keep that money
    r.set_rate(m, saving - outflow + rationed)
    r.set_rate(fp, outflow - rationed)
    r.set_rate(rf, inflow - drawn)
    # official loans and grants are sold to the central bank for the reserves: the
    # government's debt to the banking system falls by them, the reserves rise by them,
    # and a loan is owed abroad (a grant is not)
    r.set_rate(b, deficit + inflow - drawn - lent - grant)
    r.set_rate(fb, ca - outflow + lent + grant + rationed)
    r.set_rate(debt_o, lent)
    # expected income follows income with the lag tau_y around the drift households expect
    # of it on a balanced-growth path, trend productivity growth plus the inflation target,
    # so on that path it equals income instead of lagging it by (g + pi) tau_y (adaptive
    # expectations around a trend: Muth 1960; Friedman 1957's permanent income with trend
    # growth)
    r.set_rate(yp, (income - yp) / tau_y + (g_a + pi_t) * yp)
    return Symbols.of(inflow=inflow)
