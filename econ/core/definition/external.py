"""External block: sanctions, the real exchange rate, oil and non-oil exports."""

from __future__ import annotations

from sympy import log

from peacetrap.core.definition.dimensions import BNUSD_YEAR, INDEX, ONE, PER_YEAR, USD_BBL, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the external block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        disc, dpy, eps_x, mpb, p_d, p_f, p_oil, pd0, pf0, psi_z, s_oil, tau_z, v_oil, x,
        x0, x_n, z0, z_new, z_rel, z_s, zz, wd,
    ) = z.get(
        "disc", "dpy", "eps_x", "mpb", "p_d", "p_f", "p_oil", "pd0", "pf0", "psi_z",
        "s_oil", "tau_z", "v_oil", "x", "x0", "x_n", "z0", "z_new", "z_rel", "z_s", "zz",
        "wd",
    )
    r.begin("parameters")
    tau_q = r.parameter("trade_volume_lag", r"\tau_q", YEARS,
                        "Mean lag with which trade volumes follow relative prices (import "
                        "and non-oil export volumes answer to relative prices remembered "
                        "over this time; values in foreign or domestic currency answer at "
                        "once, so a depreciation first worsens the trade balance: the "
                        "J-curve)", default=1.0, bounds=(0.25, 3.0),
                        source="Magee 1973, Brookings Papers 1973(1) (the J-curve); Hooper, "
                        "Johnson & Marquez 2000, Princeton Studies in International "
                        "Economics 87: most of the volume response within one to two years")
    r.begin("external")
    qv_m = r.stock("import_volume_price", r"\bar q_m", INDEX,
                   "Relative price of imports as import volumes have adjusted to it",
                   initial=1.0, source="at rest: the current relative price")
    qv_x = r.stock("export_volume_price", r"\bar q", INDEX,
                   "Real exchange rate as non-oil export volumes have adjusted to it",
                   initial=1.0, source="at rest: the current real exchange rate")
    sig_z = r.aux("sanctions_intensity", r"\sigma_z", ONE, "Sanctions intensity",
                  log(1 + zz / z_s))
    sig_z0 = log(1 + z0 / z_s)
    dsig = r.aux("sanctions_intensity_change", r"\dot\sigma_z", PER_YEAR,
                 "Rate of change of sanctions intensity", (z_new - z_rel * zz) / (zz + z_s))
    q = r.aux("real_exchange_rate", r"q", INDEX, "Real exchange rate (up = weaker LCU)",
              (x / x0) * (p_f / pf0) / (p_d / pd0))
    q_m = r.aux("import_relative_price", r"q_m", INDEX,
                "Relative price of imports including the sanctions premium",
                q * (1 + tau_z * sig_z) / (1 + tau_z * sig_z0))
    p_x = r.aux("export_oil_price", r"p_x", USD_BBL, "Realised export price of oil",
                softplus(p_oil - disc - psi_z * (sig_z - sig_z0), s_oil))
    ex_o = r.aux("oil_exports_usd", r"X_o", BNUSD_YEAR,
                 "Oil export revenue (oil prices are in base-year dollars, so revenue grows "
                 "with foreign prices)",
                 v_oil * p_x * (p_f / pf0) * dpy / mpb)
    ex_n = r.aux("nonoil_exports_usd", r"X_n", BNUSD_YEAR, "Non-oil export revenue: a volume growing "
                 "with world demand, rising with the real exchange rate (as volumes have "
                 "adjusted to it), at foreign prices",
                 x_n * (p_f / pf0) * wd * qv_x**eps_x)
    # volumes follow log relative prices with mean lag tau_q
    r.set_rate(qv_m, qv_m * log(q_m / qv_m) / tau_q)
    r.set_rate(qv_x, qv_x * log(q / qv_x) / tau_q)
    return Symbols.of(tau_q=tau_q, qv_m=qv_m, qv_x=qv_x,
                      sig_z=sig_z, sig_z0=sig_z0, dsig=dsig, q=q, q_m=q_m, p_x=p_x, ex_o=ex_o,
                      ex_n=ex_n)
