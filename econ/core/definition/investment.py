"""Investment block: the capital stock firms want, the gap to it, and controls on investment.

Private investment is a demand component of its own, financed out of households' saving
(firms' owners; the transactions-flow matrix carries it from households to firms). A
flexible accelerator: firms want capital in proportion to the capacity they plan for
(capacity follows civilian demand, see the prices block), ``K* = v K_c``; the state is the
capacity the capital in place supports, ``K_v = K / v`` (``K_c`` at rest). Gross investment
replaces worn-out capital, adds the capital trend growth needs and closes the gap in
``tau_K``,

    I = (1 - c_k) [(delta + g_a) K + (K* - K) / tau_K],

where ``c_k`` is the share wartime controls (building licences, materials allocation) hold
back: an input, as rationing is for consumption. At rest it is ``(delta + g_a) v K_c``, so
household saving at rest is investment plus the government deficit plus the current
account (the sector balances of Godley & Lavoie 2007, ch. 2), and the consumption
propensity is what the national accounts ask once investment is financed (Russia's 2021
accounts at the defaults: 0.72 of expected disposable income).

The real rate acts on demand through consumption's propensity (the demand block's
``spending_rate_semi`` and ``spending_preference``), calibrated to the whole IS-curve
effect; investment answers to demand through capacity.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import PCT_YEAR, PER_YEAR, TN_YEAR, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the investment block's parameters, stock and flow in ``r``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    c_k, g_a, kc, p_d = z.get("c_k", "g_a", "kc", "p_d")
    r.begin("parameters")
    v_k = r.parameter("capital_output_ratio", r"v_K", YEARS,
                      "Capital firms want per unit of civilian capacity (years of output)",
                      default=1.5, bounds=(0.8, 4.0),
                      source="private non-residential fixed assets about 1.1-1.4 times GDP in "
                      "the US (BEA Fixed Assets Accounts, table 1.1), per unit of civilian "
                      "non-oil output (a smaller base) about 1.5; the whole stock, dwellings "
                      "and public capital included, about 3 (Penn World Table 10.0, Feenstra, "
                      "Inklaar & Timmer 2015)")
    delta = r.parameter("depreciation_rate", r"\delta_K", PER_YEAR,
                        "Share of the capital stock worn out per year", default=6.0,
                        bounds=(3.0, 12.0), display=PCT_YEAR,
                        source="Penn World Table 10.0: average depreciation rates of 4-5 % "
                        "a year for the whole stock, higher for equipment (BEA fixed-assets "
                        "tables: 6-15 %)")
    tau_kk = r.parameter("capital_adjustment_time", r"\tau_K", YEARS,
                         "Time investment takes to close the gap between desired and actual "
                         "capital (the flexible accelerator's mean lag)", default=5.0,
                         bounds=(1.0, 8.0),
                         source="assumption: a fifth of the gap closed a year; "
                         "flexible-accelerator estimates find capital adjusting over several "
                         "years, much more slowly than employment (Nadiri & Rosen 1969, "
                         "American Economic Review 59(4); Jorgenson 1971, Journal of Economic "
                         "Literature 9(4), survey)")
    r.begin("investment")
    kv = r.stock("capital_capacity", r"K_v", TN_YEAR,
                 "Capacity the capital in place supports: the capital stock over the "
                 "capital-output ratio (base prices)", initial=116.7, growth="productivity",
                 source="at rest: the capital wanted for 2021 capacity (civilian_capacity)")
    normal = (delta + g_a)
    gross = r.aux("investment_rate", r"\iota", PER_YEAR,
                  "Gross private investment over the capital in place: replacement and trend "
                  "growth plus the gap to the capital wanted closed in tau_K, less what "
                  "controls hold back", (1 - c_k) * (normal + (kc / kv - 1) / tau_kk),
                  display=PCT_YEAR)
    inv = r.flow("private_investment", r"I_K", TN_YEAR,
                 "Gross private fixed investment, nominal: replacement and trend growth of "
                 "the capital in place plus the gap to the capital wanted closed in tau_K, "
                 "less what controls hold back; paid out of the firms' owners' saving",
                 p_d * v_k * (1 - c_k) * (normal * kv + (kc - kv) / tau_kk),
                 payer="households", payee="firms")
    # written out (not through the auxiliary) so the balancing's own slope sees K_v in it
    r.set_rate(kv, (1 - c_k) * (normal * kv + (kc - kv) / tau_kk) - delta * kv)
    return Symbols.of(v_k=v_k, delta=delta, tau_kk=tau_kk, kv=kv, inv=inv,
                      gross_inv=gross)
