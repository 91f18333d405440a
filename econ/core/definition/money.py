"""Money block: the reserve fund, broad money, debt, reserves, expected income."""

from __future__ import annotations

from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the money block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        b, ca, deficit, fb, fp, income, m, outflow, rf, saving, tau_y, yp, drawn, inflow,
        grant, lent, debt_o, rationed,
    ) = z.get(
        "b", "ca", "deficit", "fb", "fp", "income", "m", "outflow", "rf", "saving", "tau_y",
        "yp", "drawn", "inflow", "grant", "lent", "debt_o", "rationed",
    )
    r.begin("money")
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
    r.set_rate(yp, (income - yp) / tau_y)
    return Symbols.of()
