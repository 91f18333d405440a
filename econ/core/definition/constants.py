"""Conversion constants and the widths of smooth kinks."""

from __future__ import annotations

from peacetrap.core import units as un
from peacetrap.core.definition.dimensions import ONE, PER_YEAR, U, USD_BBL, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the constants in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("constants")
    mpy = r.constant("months_per_year", r"n_m", U(un.month / un.year, "months/year"),
                     "Months in a year", value=12.0)
    dpy = r.constant("days_per_year", r"n_d", U(un.day / un.year, "days/year"),
                     "Days in a year", value=365.25)
    bpt = r.constant("bn_per_tn", r"n_{bt}", U(un.bn / un.tn, "bn/tn"),
                     "Billions in a trillion", value=1000.0)
    mpb = r.constant("mn_per_bn", r"n_{mb}", U(un.mn / un.bn, "mn/bn"),
                     "Millions in a billion", value=1000.0)
    one_year = r.constant("year_length", r"T_y", YEARS,
                          "One year: turns an annual flow into a stock-sized amount", value=1.0)
    s_rate = r.constant("rate_floor_smoothness", r"s_i", PER_YEAR,
                        "Width of the smooth floor on the key rate", value=0.005)
    s_oil = r.constant("oil_price_smoothness", r"s_p", USD_BBL,
                       "Width of the smooth floor on the realised oil price", value=1.0)
    s_fund = r.constant("fund_flow_smoothness", r"s_R", ONE,
                        "Width of the smooth split of reserve-fund flows, share of nominal "
                        "trend GDP", value=0.0004)
    s_f = r.constant("flow_smoothness", r"s_f", PER_YEAR,
                     "Width of the smooth split of net employment changes into hires and "
                     "separations, share of the labour force a year", value=0.0007)
    s_t = r.constant("tightness_smoothness", r"s_\Theta", ONE,
                     "Width of the smooth positive part of log labour-market tightness "
                     "(log points)", value=0.05)
    s_k = r.constant("capacity_smoothness", r"s_K", ONE,
                     "Width of the smooth positive part of the log of the defence "
                     "industry's output over its capacity (log points); below capacity the "
                     "labour needed per unit is then within s_K ln 2 alpha_d / (1 - alpha_d) "
                     "(0.7 % at the defaults) of normal", value=0.02)
    return Symbols.of(s_k=s_k, s_t=s_t, mpy=mpy, dpy=dpy, bpt=bpt, mpb=mpb, one_year=one_year,
                      s_rate=s_rate,
                      s_oil=s_oil, s_fund=s_fund, s_f=s_f)
