"""Investment block: the capital stock firms want, the gap to it, and controls on investment.

Private spending (the demand block) holds investment at its normal level: replacement
of worn-out capital and the capital that trend growth needs, a stable share of
expected income. This block adds the part of investment that is not proportional to
income: a flexible accelerator. Firms want capital in proportion to the capacity they
plan for (capacity follows civilian demand, see the prices block), ``K* = v K_c``; the
state is the capacity the capital in place supports, ``K_v = K / v`` (``K_c`` at rest).
Gross investment closes the gap in ``tau_K``,

    I = (1 - c_k) [(delta + g_a) K + (K* - K) / tau_K],

where ``c_k`` is the share wartime controls (building licences, materials allocation)
hold back: an input, as rationing is for consumption. The demand component is the
excess over the normal level ``(delta + g_a) K*``; it is zero at rest and without
controls, negative while controls hold investment down or capital exceeds the wish
(after demand has fallen: the accelerator), positive while a capital shortfall built
up under controls is made good.

The real rate's effect on investment is not repeated here: private spending's
propensity, which holds the normal level of investment, already answers to the real rate
(the demand block's ``spending_rate_semi`` and ``spending_preference``).
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import ONE, PCT_YEAR, PER_YEAR, TN_YEAR, YEARS
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
    beta_l = r.parameter("labour_elasticity", r"\beta_L", ONE,
                         "Elasticity of civilian productive capacity to labour input "
                         "(Cobb-Douglas: the labour share of civilian value added under "
                         "competitive factor markets); capital's elasticity is the rest",
                         default=0.6, bounds=(0.45, 0.75),
                         source="Penn World Table 10.0 (Feenstra, Inklaar & Timmer 2015), "
                         "labour share of GDP: Russia ~0.5-0.6 in the 2010s, the US and UK "
                         "~0.6-0.65; Gollin 2002 (Journal of Political Economy 110(2)): "
                         "0.65-0.8 once the self-employed's labour income is counted")
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
    inv = r.flow("investment_adjustment", r"I_K", TN_YEAR,
                 "Private investment above (below) its normal level (replacement and "
                 "trend growth of the capital wanted, which private spending's propensity "
                 "holds), nominal: firms' investment paid out of their owners' income",
                 p_d * v_k * ((1 - c_k) * (normal * kv + (kc - kv) / tau_kk) - normal * kc),
                 payer="households", payee="firms")
    # written out (not through the auxiliary) so the balancing's own slope sees K_v in it
    r.set_rate(kv, (1 - c_k) * (normal * kv + (kc - kv) / tau_kk) - delta * kv)
    return Symbols.of(beta_l=beta_l, v_k=v_k, delta=delta, tau_kk=tau_kk, kv=kv, inv=inv,
                      gross_inv=gross)
