"""Parameters of the real side: labour supply, hours, production, investment and trade.

Each has a default (Russia before the war unless said), an allowed range and a source; where
``data/estimates.csv`` holds a statsmodels estimate, the range covers it and the source says so.
"""

from __future__ import annotations

from peacetrap.core.definition.dimensions import ONE, PCT, PCT_YEAR, PER_YEAR, YEARS
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry


def declare(r: Registry) -> Symbols:
    """Declare the real-side parameters in ``r``.

    Returns
    -------
    Symbols
        The symbols declared.
    """
    r.begin("parameters")
    # ------------------------------------------------------------ labour supply
    pi_p = r.parameter("participation_rate", r"\bar\pi_p", ONE,
                       "Civilian labour force over the civilian working-age population "
                       "(labour force plus inactive) at normal labour-market tightness",
                       default=0.621, bounds=(0.45, 0.8),
                       source="Rosstat LFS 2021 (73.5 mn civilian labour force, ~45 mn "
                       "inactive); balanced at the defaults")
    eps_p = r.parameter("participation_tightness", r"\varepsilon_p", ONE,
                        "Elasticity of the participation target to labour-market tightness "
                        "(natural over effective unemployment): the war draws the inactive "
                        "in, a slack market lets them go", default=0.06, bounds=(0.0, 0.25),
                        source="cyclical participation: ~0.3 pp of participation per pp of "
                        "unemployment (Erceg & Levin 2014, US), i.e. ~0.02-0.1 in log "
                        "tightness; wartime entry (women, pensioners) is larger")
    tau_lf = r.parameter("participation_time", r"\tau_\pi", YEARS,
                        "Time in which entries to and exits from the labour force close the "
                        "gap to the participation target", default=0.75, bounds=(0.1, 3.0),
                        source="assumption: gross flows between unemployment and inactivity "
                        "are large (a fifth of the unemployed leave in a quarter, US CPS)")
    d_v = r.parameter("veteran_disability", r"d_v", ONE,
                      "Share of demobilised soldiers too disabled to work (they leave the "
                      "labour force; casualties are counted separately)", default=0.05,
                      bounds=(0.0, 0.3), source="assumption")
    # -------------------------------------------------------------------- hours
    th_h = r.parameter("hours_response", r"\theta_\ell", ONE,
                       "Elasticity of hours per worker to required over employed labour "
                       "(overtime when short of workers, short time when orders stop)",
                       default=0.5, bounds=(0.0, 0.9),
                       source="assumption: hours take about half of a labour-input change "
                       "in the short run (Ohanian & Raffo 2012)")
    tau_l = r.parameter("hours_time", r"\tau_\ell", YEARS,
                        "Adjustment time of hours per worker (faster than headcount)",
                        default=0.25, bounds=(0.05, 1.0), source="assumption: one quarter")
    # --------------------------------------------------------------- production
    alpha_k = r.parameter("capital_share", r"\alpha_K", ONE,
                          "Capital's share in civilian production (Cobb-Douglas)",
                          default=0.35, bounds=(0.2, 0.5),
                          source="labour share of Russian GDP ~0.6-0.65 (Penn World Table "
                          "10, labsh); 1/3 is the textbook value")
    v_k = r.parameter("capital_output_ratio", r"v_K", YEARS,
                      "Civilian capital per unit of civilian output at the normal user cost",
                      default=2.4, bounds=(1.0, 5.0),
                      source="Penn World Table 10: capital-output ratio ~2.5-3.5 for Russia; "
                      "with depreciation and growth it gives investment ~17% of GDP "
                      "(Rosstat fixed investment 2021)")
    delta_k = r.parameter("depreciation", r"\delta_K", PER_YEAR,
                          "Depreciation of the civilian capital stock", default=6.0,
                          bounds=(2.0, 12.0), display=PCT_YEAR,
                          source="Penn World Table 10 (delta ~4-6% a year)")
    sig_k = r.parameter("investment_rate_semi", r"\sigma_K", YEARS,
                        "Semi-elasticity of desired capital to the real key rate above the "
                        "estimated neutral rate (the user cost's monetary component)", default=1.0, bounds=(0.0, 10.0),
                        source="user-cost elasticity ~0.1-0.4 (Chirinko, Fazzari & Meyer "
                        "1999; Zwick & Mahon 2017) at a user cost ~0.1-0.15")
    tau_kk = r.parameter("capital_adjustment_time", r"\tau_K", YEARS,
                         "Time in which investment closes the gap between desired and actual "
                         "capital (flexible accelerator)", default=6.0, bounds=(1.5, 15.0),
                         source="partial adjustment of the capital stock, ~10-20% of the gap "
                         "a year (Chirinko 1993)")
    tau_ye = r.parameter("demand_expectation_time", r"\tau_Y", YEARS,
                         "Time firms take to revise expected civilian demand (what capacity "
                         "and capital are planned for)", default=2.0, bounds=(0.5, 6.0),
                         source="assumption (the time civilian capacity took to follow demand "
                         "before capital was modelled)")
    # ------------------------------------------------------------ defence industry
    mu_d = r.parameter("defence_import_share", r"\mu_d", ONE,
                       "Import content of defence procurement (components, machine tools)",
                       default=0.1, bounds=(0.0, 0.5),
                       source="assumption: Russian weapons rely on imported electronics and "
                       "machine tools")
    om_d = r.parameter("defence_overhead", r"\omega_d", ONE,
                       "Quasi-fixed staff of the defence industry (design bureaus, "
                       "mobilisation reserve capacity), share of the civilian labour force",
                       default=2.0, bounds=(0.0, 5.0), display=PCT,
                       source="assumption: Russian defence plants keep mobilisation capacity "
                       "and staff in peacetime (Oi 1962: labour as a quasi-fixed factor)")
    # -------------------------------------------------------------------- trade
    eps_u = r.parameter("export_capacity_pressure", r"\varepsilon_\ell", ONE,
                        "Elasticity of non-oil exports to hours per worker: exports are "
                        "crowded out when plants work overtime and pushed out when they "
                        "work short time", default=1.0, bounds=(0.0, 3.0),
                        source="assumption: capacity-pressure terms of export equations")
    beta_b = r.parameter("soldier_pay_base", r"\beta_0", ONE,
                         "Soldier pay relative to the average wage in the base year: soldiers' "
                         "output in real GDP is valued at it, so pay rises are prices, not "
                         "output", default=0.8, bounds=(0.1, 6.0),
                         source="pre-war military pay ~0.8 of the average wage")
    return Symbols.of(pi_p=pi_p, eps_p=eps_p, tau_lf=tau_lf, d_v=d_v, th_h=th_h, tau_l=tau_l,
                      alpha_k=alpha_k, v_k=v_k, delta_k=delta_k, sig_k=sig_k, tau_kk=tau_kk,
                      tau_ye=tau_ye, mu_d=mu_d, om_d=om_d, eps_u=eps_u, beta_b=beta_b)
