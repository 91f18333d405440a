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
        trend, windfall, yp, drawn, g_a, pi_e,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "p_d", "rf", "s_fund",
        "saving", "tau_y", "trend", "windfall", "yp", "drawn", "g_a", "pi_e",
    )
    r.begin("money")
    inflow = r.aux("fund_inflow", r"R^+", TN_YEAR, "Windfall saved in the reserve fund",
                   softplus(windfall, s_fund * p_d * trend))
    r.set_rate(m, saving - outflow)
    r.set_rate(fp, outflow)
    r.set_rate(rf, inflow - drawn)
    r.set_rate(b, deficit + inflow - drawn)
    r.set_rate(fb, ca - outflow)
    # adaptive expectations around a trend: households expect their income to grow at trend
    # productivity growth plus expected inflation and correct the level in tau_y, so on a
    # balanced-growth path expected income equals income instead of lagging it by g tau_y
    r.set_rate(yp, (income - yp) / tau_y + (g_a + pi_e) * yp)
    return Symbols.of(inflow=inflow)
