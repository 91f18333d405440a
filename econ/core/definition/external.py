"""External block: sanctions, the real exchange rate, oil and non-oil exports."""

from __future__ import annotations

from sympy import log

from peacetrap.core.definition.dimensions import BNUSD_YEAR, INDEX, MBD, ONE, PER_YEAR, USD_BBL
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
        x0, x_n, z0, z_new, z_rel, z_s, zz, wd, c_x, q_x, tau_x, c_r,
    ) = z.get(
        "disc", "dpy", "eps_x", "mpb", "p_d", "p_f", "p_oil", "pd0", "pf0", "psi_z",
        "s_oil", "tau_z", "v_oil", "x", "x0", "x_n", "z0", "z_new", "z_rel", "z_s", "zz",
        "wd", "c_x", "q_x", "tau_x", "c_r",
    )
    r.begin("external")
    sig_z = r.aux("sanctions_intensity", r"\sigma_z", ONE, "Sanctions intensity",
                  log(1 + zz / z_s))
    sig_z0 = log(1 + z0 / z_s)
    dsig = r.aux("sanctions_intensity_change", r"\dot\sigma_z", PER_YEAR,
                 "Rate of change of sanctions intensity", (z_new - z_rel * zz) / (zz + z_s))
    # new designations are priced in full, relief only in part (c_r)
    news = r.aux("sanctions_news", r"\nu_z", PER_YEAR,
                 "Sanctions news markets act on: the rate of change of sanctions intensity "
                 "from new designations in full, from relief only in its credible share c_r",
                 (z_new - c_r * z_rel * zz) / (zz + z_s))
    q = r.aux("real_exchange_rate", r"q", INDEX, "Real exchange rate (up = weaker LCU)",
              (x / x0) * (p_f / pf0) / (p_d / pd0))
    r.set_rate(q_x, (q - q_x) / tau_x)
    q_m = r.aux("import_relative_price", r"q_m", INDEX,
                "Relative price of imports including the sanctions premium",
                q * (1 + tau_z * sig_z) / (1 + tau_z * sig_z0))
    p_x = r.aux("export_oil_price", r"p_x", USD_BBL, "Realised export price of oil",
                softplus(p_oil - disc - psi_z * (sig_z - sig_z0), s_oil))
    # resource exports on the economy's trend: on a balanced-growth path every export keeps
    # its share of the economy, so the volume follows world demand's trend as non-oil
    # volumes do (fixed barrels in a growing economy would shrink oil's share for ever and
    # move the exchange rate, the budget and money with it)
    v_x = r.aux("oil_export_volume", r"v_x", MBD,
                "Crude and product export volume: the input's volume, set at the start's "
                "world demand, growing with world demand's trend", v_oil * wd)
    ex_o = r.aux("oil_exports_usd", r"X_o", BNUSD_YEAR,
                 "Oil export revenue (oil prices are in base-year dollars, so revenue grows "
                 "with foreign prices, and the volume with world demand)",
                 v_x * p_x * (p_f / pf0) * dpy / mpb)
    ex_n = r.aux("nonoil_exports_usd", r"X_n", BNUSD_YEAR, "Non-oil export revenue: a volume growing "
                 "with world demand, rising with the real exchange rate export volumes have "
                 "adjusted to, at foreign prices, less the share the war diverts",
                 (1 - c_x) * x_n * (p_f / pf0) * wd * q_x**eps_x)
    return Symbols.of(news=news, sig_z=sig_z, sig_z0=sig_z0, dsig=dsig, q=q, q_m=q_m, p_x=p_x,
                      ex_o=ex_o, ex_n=ex_n, v_x=v_x)
