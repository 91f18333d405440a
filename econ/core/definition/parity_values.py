"""Interest parity and the capital account: inputs, parameters and stocks.

The exchange rate is priced by uncovered interest parity with a risk premium and
regressive (Dornbusch) expectations; capital controls and frozen reserves are inputs.
The equations are in :mod:`parity`; the quantities are declared here, each with its
unit, default, range and source.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import (
    BNUSD, INDEX, ONE, PCT, PCT_YEAR, PER_YEAR, YEARS,
)
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the interest-parity and capital-account quantities in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("inputs")
    i_f = r.input("foreign_interest_rate", r"i_f", PER_YEAR,
                  "Foreign (USD) short-term interest rate", default=0.25,
                  bounds=(-2.0, 25.0), display=PCT_YEAR,
                  source="Federal Reserve: federal funds target 0-0.25% (2021)",
                  channel="external")
    kap = r.input("capital_controls", r"\kappa_k", ONE,
                  "Capital controls: share of residents' desired capital outflow that is "
                  "blocked (bans on transfers abroad, mandatory sale of export proceeds), "
                  "which also cuts the link from the interest-parity gap to the currency",
                  default=0.0, bounds=(0.0, 100.0), display=PCT,
                  source="0 before 2022; Bank of Russia and presidential decrees of "
                  "28 Feb 2022 (80% mandatory sale, outflow bans), relaxed from May 2022, "
                  "reintroduced in October 2023", channel="external")
    frozen = r.input("frozen_reserves", r"F_z", BNUSD,
                     "Official reserves frozen abroad (not available for intervention)",
                     default=0.0, bounds=(0.0, 5000.0),
                     source="0 before 2022; ~300 bn USD frozen in February-March 2022 "
                     "(Bank of Russia, Finance Ministry)", channel="external")
    shock = r.input("risk_premium_shock", r"\rho_s", PER_YEAR,
                    "Shift of the risk premium on LCU assets from news the model does not "
                    "carry (political risk, sanctions expected but not yet imposed)",
                    default=0.0, bounds=(-10.0, 50.0), display=PCT_YEAR,
                    source="0 unless a scenario sets it", channel="external")
    r.begin("parity")
    th_x = r.parameter("fx_expectations_speed", r"\theta_x", PER_YEAR,
                       "Speed at which markets expect the real exchange rate to return to "
                       "its long-run level (regressive, Dornbusch expectations): a real "
                       "interest differential of one point a year holds the currency "
                       "1/theta_x log points stronger", default=0.5, bounds=(0.25, 2.0),
                       source="Dornbusch 1976; Frankel 1979; Rogoff 1996 (half-life of real "
                       "exchange-rate deviations 3-5 years: 0.14-0.23 a year); below ~0.25 "
                       "the key rate's pull on the currency makes a one-year cycle of the "
                       "rate, oil income in LCU and inflation unstable, so the range stops "
                       "there")
    tau_x = r.parameter("fx_adjustment_time", r"\tau_x", YEARS,
                        "Time the exchange rate takes to close its gap to the level interest "
                        "parity asks for (finite-speed portfolio adjustment)", default=0.75,
                        bounds=(0.05, 1.0),
                        source="assumption: portfolio shifts take weeks to a few months")
    rho0 = r.parameter("risk_premium_base", r"\rho_0", PER_YEAR,
                       "Risk premium on LCU assets before the war (with the foreign rate "
                       "and the key rate of the start, it puts the currency at its "
                       "interest-parity level)", default=2.0, bounds=(-2.0, 10.0),
                       display=PCT_YEAR,
                       source="2021: key rate 4.25% less 4% expected inflation, against a "
                       "foreign real rate of 0.25% less 2%; Russia's 5-year CDS ~0.9-1.2% "
                       "(2021) plus a currency risk premium")
    rho_f = r.parameter("risk_premium_nfa", r"\rho_f", PER_YEAR,
                        "Fall of the risk premium per unit of net foreign assets (usable "
                        "official reserves and private foreign assets, share of a year's "
                        "nominal trend GDP) above their level at the start", default=3.0,
                        bounds=(0.0, 10.0), display=PCT_YEAR,
                        source="portfolio balance (Kouri 1976; Branson & Henderson 1985); "
                        "Lane & Milesi-Ferretti 2002: 0.2-0.5 pp per 10% of GDP of net "
                        "foreign assets")
    tau_p = r.parameter("sanctions_pricing_time", r"\tau_p", YEARS,
                        "Time markets take to price new sanctions into the risk premium",
                        default=2.0, bounds=(0.25, 4.0),
                        source="assumption: sanctions rounds are priced as their reach "
                        "becomes known, over one to a few years")
    tau_f = r.parameter("reserve_sales_time", r"\tau_F", YEARS,
                        "Shortest time in which the central bank can sell its usable "
                        "reserves (the limit that keeps them above zero)", default=0.5,
                        bounds=(0.1, 3.0),
                        source="assumption; Bank of Russia sold ~80 bn USD of ~500 in 2014, "
                        "Russia 1998 reserves were exhausted within months")
    r.begin("parity")
    rho_z = r.stock("sanctions_premium", r"\rho_z", PER_YEAR,
                    "Part of the risk premium markets have priced for sanctions",
                    initial=0.0, bounds=(None, None), display=PCT_YEAR,
                    source="pre-war sanctions priced in the base premium")
    r.begin("prices")
    q_e = r.stock("expected_real_exchange_rate", r"q^e", INDEX,
                  "Long-run real exchange rate markets expect the currency to return to: "
                  "learnt from the balance of payments (the rate at which the external "
                  "accounts balance)", initial=1.0,
                  source="normalisation: the 2021 real exchange rate")
    return Symbols.of(i_f=i_f, kap=kap, frozen=frozen, rho_s=shock, th_x=th_x, tau_x=tau_x,
                      rho0=rho0, rho_f=rho_f, tau_f=tau_f, tau_p=tau_p, rho_z=rho_z, q_e=q_e)
